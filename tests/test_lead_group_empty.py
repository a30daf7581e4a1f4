"""A task whose lead is a group with no units in it yet reaches no one: it is flagged, listed
in the import report, on the plan page and by ``units resolve``, and the office fills the
group in (on the plan page, or in Excel then ``units resolve``).

Seen on real plans: ``units suggest`` makes ``Ủy ban nhân dân các tỉnh, thành phố trực thuộc
Trung ương`` (Quyết định 22/2013/QĐ-TTg, duties 2.a–2.h) or ``UBND các xã, phường`` a group
for the office to fill, and before this the import said "every unit name was resolved" while
8 of the plan's 13 tasks were sent to nobody."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheettools import desk
from sheettools.cli import cli
from sheettools.errors import InputError
from sheettools.model import Task, Unit, UnitGroup
from sheettools.planimport import parse_plan, suggest_units
from sheettools.store import load_master, save_master
from sheettools.units import FLAG_LEAD_NO_UNIT, Registry, load_units_xlsx, resolve_task_units

PLANS = Path(__file__).parent / "data" / "plans"
QD22 = PLANS / "qdttg-22-2013-ho-tro-nha-o-nguoi-co-cong.md"
NOW = dt.datetime(2013, 5, 2, 9, 0)


def _registry() -> Registry:
    units = [Unit(code="BXD", name="Bộ Xây dựng", level="national")]
    groups = [
        UnitGroup(code="TINH", name="UBND các tỉnh", aliases=["Ủy ban nhân dân các tỉnh"]),
        UnitGroup(code="LQ", name="các cơ quan liên quan", ignore=True),
    ]
    return Registry(units, groups)


def _task(key: str, lead: str) -> Task:
    return Task(key=key, section="", number=key, lead_raw=lead)


def _flags(task: Task) -> list[str]:
    return [f for f in task.flags if f.startswith(FLAG_LEAD_NO_UNIT)]


def test_a_lead_that_is_an_empty_group_or_a_vague_phrase_is_flagged():
    reg = _registry()
    empty = _task("1", "Ủy ban nhân dân các tỉnh")
    resolve_task_units(empty, reg)
    assert empty.lead_units == [] and _flags(empty) == [
        f"{FLAG_LEAD_NO_UNIT}: Ủy ban nhân dân các tỉnh"
    ]
    vague = _task("2", "Các cơ quan liên quan")
    resolve_task_units(vague, reg)
    assert _flags(vague) == [f"{FLAG_LEAD_NO_UNIT}: Các cơ quan liên quan"]
    # a lead that reaches a unit, one with a name not recognised (flagged as such), and an
    # empty lead cell (no_lead_unit's business) are not
    for raw in ("Bộ Xây dựng, UBND các tỉnh", "Bộ Ngoại giao", ""):
        t = _task("3", raw)
        resolve_task_units(t, reg)
        assert _flags(t) == [], raw
    # once the group has a unit, resolving again drops the flag
    reg2 = Registry(
        [*reg.units, Unit(code="HG", name="UBND tỉnh Hà Giang", groups=["TINH"])], reg.groups
    )
    resolve_task_units(empty, reg2)
    assert empty.lead_units == ["HG"] and _flags(empty) == []


@pytest.fixture
def qd22(tmp_path: Path) -> tuple[Path, Path]:
    """Quyết định 22/2013 imported with the registry ``units suggest`` proposes for it."""
    units = tmp_path / "units.xlsx"
    suggest_units(QD22, units)
    master = tmp_path / "master.xlsx"
    r = CliRunner().invoke(
        cli, ["plan", "import", str(QD22), "--units", str(units), "-o", str(master)]
    )
    assert r.exit_code == 0, r.output
    return master, units


def test_the_import_report_lists_the_tasks_of_the_real_plan_that_reach_no_one(qd22):
    master, units = qd22
    _tasks, report = parse_plan(QD22, registry=Registry(*load_units_xlsx(units)))
    (nobody,) = report["lead_reaches_no_unit"]
    assert nobody["fragment"] == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
    assert nobody["tasks"] == ["2.a", "2.b", "2.c", "2.d", "2.đ", "2.e", "2.g", "2.h"]
    assert report["unresolved_units"] == []  # every name is recognised: that is the trap
    page = desk.plan_overview(load_master(master))
    (row,) = page["nobody"]
    assert row["tasks"] == nobody["tasks"] and row["group"] and not row["vague"]
    out = CliRunner().invoke(
        cli, ["plan", "import", str(QD22), "--units", str(units), "-o", str(master), "--force"]
    )
    assert "Đơn vị chủ trì là nhóm chưa có đơn vị nào" in out.output and "2.đ" in out.output


def test_filling_the_group_sends_its_tasks_to_the_units(qd22):
    master, _units = qd22
    group = desk.plan_overview(load_master(master))["nobody"][0]["group"]
    res = desk.fill_group(
        master,
        group,
        "Ủy ban nhân dân tỉnh Hà Giang\n  UBND thành phố Hà Nội ;Bộ Tài chính\n\n",
        now=NOW,
    )
    assert res["nobody"] == [] and res["joined"] == ["BTC"]
    added = {u["name"]: u for u in res["added"]}
    assert set(added) == {"Ủy ban nhân dân tỉnh Hà Giang", "UBND thành phố Hà Nội"}
    assert {u["level"] for u in added.values()} == {"province"}
    m = load_master(master)
    codes = [
        added["Ủy ban nhân dân tỉnh Hà Giang"]["code"],
        added["UBND thành phố Hà Nội"]["code"],
        "BTC",
    ]
    for key in ("2.a", "2.h"):
        t = m.task(key)
        assert sorted(t.lead_units) == sorted(codes) and _flags(t) == []
    assert m.task("1.c").lead_units == ["BTC"]  # the ministry's own task is unchanged
    # one edit: the units put in the group and the cells resolved again, one log line
    assert m.log[-1].command == "units group" and m.log[-2].command == "plan import"
    # the same names again: nothing new
    again = desk.fill_group(master, group, ["UBND tỉnh Hà Giang"], now=NOW)
    assert again["added"] == [] and again["joined"] == [codes[0]]


def test_a_name_that_is_no_body_or_a_vague_group_is_refused_and_the_master_is_untouched(
    qd22, tmp_path
):
    master, _units = qd22
    group = desk.plan_overview(load_master(master))["nobody"][0]["group"]
    m = load_master(master)
    m.groups.append(UnitGroup(code="LQ", name="các cơ quan liên quan", ignore=True))
    save_master(m, master)
    before = hashlib.sha256(master.read_bytes()).hexdigest()
    with pytest.raises(
        InputError, match="Không phải tên một cơ quan, đơn vị: các cơ quan liên quan"
    ):
        desk.fill_group(master, group, "UBND tỉnh Hà Giang\ncác cơ quan liên quan", now=NOW)
    with pytest.raises(InputError, match="Chưa có tên đơn vị nào"):
        desk.fill_group(master, group, " \n ; ", now=NOW)
    with pytest.raises(InputError, match="Không có nhóm: NOPE"):
        desk.fill_group(master, "NOPE", "UBND tỉnh Hà Giang", now=NOW)
    with pytest.raises(InputError, match="cụm từ chung chung"):
        desk.fill_group(master, "LQ", "UBND tỉnh Hà Giang", now=NOW)
    assert hashlib.sha256(master.read_bytes()).hexdigest() == before


def test_filling_the_group_in_excel_then_units_resolve(qd22):
    """The Excel route: the group's code typed in a unit's ``groups`` column of the master,
    then ``units resolve``, which looks again at the tasks that reached no one."""
    master, _units = qd22
    group = desk.plan_overview(load_master(master))["nobody"][0]["group"]
    wb = openpyxl.load_workbook(master)
    ws = wb["units"]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[head.index("code")].value == "BXD")
    row[head.index("groups")].value = group
    wb.save(master)
    r = CliRunner().invoke(cli, ["units", "resolve", str(master)])
    assert r.exit_code == 0, r.output
    assert "nhóm chưa có đơn vị nào" not in r.output
    m = load_master(master)
    assert m.task("2.a").lead_units == ["BXD"] and _flags(m.task("2.a")) == []


def test_the_plan_page_fills_the_group(qd22):
    from test_web import Clock, client_for, post, wait_job

    master, _units = qd22
    c, csrf = client_for(
        master, Clock(dt.datetime(2013, 5, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    )
    page = c.get("/plan").text
    assert "Nhiệm vụ chưa gửi được cho đơn vị nào (8)" in page and 'hx-post="/plan/group"' in page
    group = desk.plan_overview(load_master(master))["nobody"][0]["group"]
    r = post(c, csrf, "/plan/group", data={"group": group, "names": "UBND tỉnh Tuyên Quang"})
    text = wait_job(c, r.text)
    assert "Đã thêm vào nhóm" in text and "Còn 0 tên chủ trì" in text
    assert "Nhiệm vụ chưa gửi được cho đơn vị nào" not in c.get("/plan").text


def test_the_split_names_the_tasks_it_cannot_send(qd22, tmp_path):
    master, _units = qd22
    r = CliRunner().invoke(
        cli, ["split", str(master), "-p", "2013-Q2", "-o", str(tmp_path / "out")]
    )
    assert r.exit_code == 0, r.output
    assert "8 nhiệm vụ chưa giao được cho đơn vị nào" in r.output
    assert "2.a, 2.b, 2.c, 2.d, 2.đ, 2.e, 2.g, 2.h." in " ".join(r.output.split())
    desk.fill_group(
        master,
        desk.plan_overview(load_master(master))["nobody"][0]["group"],
        "Bộ Tài chính",
        now=NOW,
    )
    r = CliRunner().invoke(
        cli, ["split", str(master), "-p", "2013-Q2", "-o", str(tmp_path / "out2")]
    )
    assert r.exit_code == 0, r.output
    assert "chưa giao được" not in r.output


def test_partners_that_were_an_empty_group_are_read_again_and_a_lead_fixed_by_hand_kept(
    seed_master,
):
    from sheettools.units import resolve_master_units

    m = load_master(seed_master)
    m.groups.append(UnitGroup(code="TINH", name="UBND các tỉnh"))
    task = next(t for t in m.tasks if t.kind == "task" and t.lead_units == ["VHTT"])
    task.coord_raw = "UBND các tỉnh"
    resolve_master_units(m)
    assert task.coordinating_units == [] and _flags(task) == []  # the lead reaches VHTT
    m.units.append(Unit(code="HG", name="UBND tỉnh Hà Giang", level="province", groups=["TINH"]))
    task.lead_units = ["QLDT"]  # corrected by hand in Excel
    resolve_master_units(m, only_unresolved=True)
    assert task.coordinating_units == ["HG"] and task.lead_units == ["QLDT"]
