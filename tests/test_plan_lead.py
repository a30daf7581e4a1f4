"""The clerk gives a task its lead unit: a task the plan gave no lead (the seed's II.1.3, an
empty lead cell) or only a phrase that names nobody in particular (``Các cơ quan, đơn vị, địa
phương``, 13 tasks of Lâm Đồng's CCHC plan) reaches no unit until someone does.

Before this, the only way was to type the unit into the master's ``lead_raw`` column in Excel
and run ``units resolve``; the plan page said so in a sentence. Now ``desk.set_lead`` (the
plan page's form, ``sheettools plan lead``) does it, checking every name first."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheettools import desk
from sheettools.cli import cli
from sheettools.errors import InputError
from sheettools.model import UnitGroup
from sheettools.planimport import reresolve_master
from sheettools.split import split_workbooks
from sheettools.store import load_master, save_master
from sheettools.units import FLAG_LEAD_NO_UNIT, Registry, resolve_task_units

NOW = dt.datetime(2023, 6, 1, 10, 0)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_seeds_task_without_a_lead_goes_to_the_unit_the_clerk_names(seed_master, tmp_path):
    m = load_master(seed_master)
    task = m.task("II.1.3")
    assert task.lead_units == [] and "no_lead_unit" in task.flags  # the seed's empty cell
    before = split_workbooks(seed_master, "2023-Q2", tmp_path / "before", now=NOW)
    assert "II.1.3" in before["sent_to_no_one"]

    res = desk.set_lead(seed_master, "II.1.3", "Phòng Nội vụ", now=NOW)
    assert res["lead"] == ["NV"] and res["was"] == "" and res["added"] == []
    m = load_master(seed_master)
    task = m.task("II.1.3")
    assert task.lead_units == ["NV"] and task.lead_raw == "Phòng Nội vụ"
    assert "no_lead_unit" not in task.flags
    assert m.log[-1].command == "plan lead" and "II.1.3" in m.log[-1].summary
    after = split_workbooks(seed_master, "2023-Q2", tmp_path / "after", now=NOW)
    assert "II.1.3" not in after["sent_to_no_one"]
    # re-reading every cell later (units resolve --all) gives the same lead
    reresolve_master(seed_master, now=NOW, all_tasks=True)
    assert load_master(seed_master).task("II.1.3").lead_units == ["NV"]


def test_a_vague_lead_is_replaced_by_units_groups_codes_and_new_bodies(seed_master):
    m = load_master(seed_master)
    task = m.task("II.1.3")
    task.lead_raw = "Các phòng, ban, đơn vị liên quan"  # the sample's ignored group phrase
    resolve_task_units(task, Registry.from_master(m))
    assert task.flags.count(f"{FLAG_LEAD_NO_UNIT}: Các phòng, ban, đơn vị liên quan") == 1
    page = desk.plan_overview(m)
    save_master(m, seed_master)
    assert any(r["vague"] and r["tasks"] == ["II.1.3"] for r in desk.plan_overview(m)["nobody"])
    assert page["nobody"]

    res = desk.set_lead(
        seed_master, "II.1.3", "tckh\n- Sở Tư pháp thành phố Hà Nội\nphuong", now=NOW
    )
    m = load_master(seed_master)
    task = m.task("II.1.3")
    (new,) = res["added"]
    assert new["name"] == "Sở Tư pháp thành phố Hà Nội" and m.unit_map()[new["code"]]
    wards = Registry.from_master(m).group_codes("PHUONG")
    assert wards and set(task.lead_units) == {"TCKH", new["code"], *wards}
    assert not [f for f in task.flags if f.startswith(FLAG_LEAD_NO_UNIT)]
    assert res["was"] == "Các phòng, ban, đơn vị liên quan"
    assert desk.plan_overview(m)["nobody"] == []


def test_a_lead_that_was_a_partner_leaves_the_partners(seed_master):
    m = load_master(seed_master)
    task = next(t for t in m.tasks if t.lead_units and t.coordinating_units)
    partner = task.coordinating_units[0]
    desk.set_lead(seed_master, task.key, partner, now=NOW)
    t = load_master(seed_master).task(task.key)
    assert t.lead_units == [partner] and partner not in t.coordinating_units


@pytest.mark.parametrize(
    ("key", "names", "words"),
    [
        ("II.9.9", "Phòng Nội vụ", "Không có nhiệm vụ"),
        ("II", "Phòng Nội vụ", "Không có nhiệm vụ"),  # a section heading is no task
        ("II.1.3", " \n ; ", "Chưa có tên đơn vị nào"),
        ("II.1.3", "Các phòng, ban, đơn vị liên quan", "Cụm từ chung chung"),
        ("II.1.3", "Phòng Nội vụ\ncác cơ quan liên quan", "Không phải tên một cơ quan"),
        ("II.1.3", "Nhóm trống", "Nhóm chưa có đơn vị nào"),
        ("II.1.3", "NVV", "Không có đơn vị mã NVV"),  # a mistyped code is no new unit
    ],
)
def test_a_wrong_key_or_name_is_refused_and_the_master_is_untouched(seed_master, key, names, words):
    m = load_master(seed_master)
    m.groups.append(UnitGroup(code="TRONG", name="Nhóm trống"))
    save_master(m, seed_master)
    before = _digest(seed_master)
    with pytest.raises(InputError) as err:
        desk.set_lead(seed_master, key, names, now=NOW)
    assert words in str(err.value)
    assert _digest(seed_master) == before


def test_the_cli_gives_the_lead_and_says_to_split_again(seed_master):
    r = CliRunner().invoke(cli, ["plan", "lead", str(seed_master), "II.1.3", "NV", "TP"])
    assert r.exit_code == 0, r.output
    assert "Phòng Nội vụ, Phòng Tư pháp" in r.output and "split" in r.output
    assert load_master(seed_master).task("II.1.3").lead_units == ["NV", "TP"]
    bad = CliRunner().invoke(cli, ["plan", "lead", str(seed_master), "X.9", "NV"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output
    assert "Không có nhiệm vụ: X.9" in bad.output


def test_the_plan_page_lists_the_task_and_gives_it_its_lead(seed_master):
    from test_web import Clock, client_for, post, wait_job

    c, csrf = client_for(
        seed_master, Clock(dt.datetime(2023, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    )
    page = c.get("/plan").text
    assert "Nhiệm vụ chưa có đơn vị chủ trì (1)" in page and 'hx-post="/plan/lead"' in page
    assert 'value="II.1.3"' in page and '<option value="Phòng Nội vụ">NV</option>' in page
    r = post(c, csrf, "/plan/lead", data={"key": "II.1.3", "names": "Phòng Nội vụ; Phòng Y tế"})
    text = wait_job(c, r.text)
    assert "đơn vị chủ trì <b>Phòng Nội vụ, Phòng Y tế</b>" in text and "Chia sổ" in text
    assert "Nhiệm vụ chưa có đơn vị chủ trì" not in c.get("/plan").text
    # a refused name says why, on the page, and changes nothing
    r = post(c, csrf, "/plan/lead", data={"key": "II.1.3", "names": "các cơ quan liên quan"})
    assert "Không phải tên một cơ quan" in wait_job(c, r.text)
    assert load_master(seed_master).task("II.1.3").lead_units == ["NV", "YT"]
