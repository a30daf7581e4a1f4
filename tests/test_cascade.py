"""The ward level (sheettools.cascade): derive, assign, the consolidation rule, roll-up, and
the whole cycle over two levels (district → ward → bodies → ward → district)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheettools import problems, store
from sheettools.cascade import (
    BODIES_DISAGREE,
    BODY_MISSING,
    DATE_MISSING,
    EARLIER_CLEARED,
    NOTHING_REPORTED,
    ROLLUP_REASON_CODES,
    STATUS_MISSING,
    combine_texts,
    consolidate,
    derive_ward_master,
    load_rules,
    plan_due_day,
    propose_bodies,
    rollup,
)
from sheettools.cli import cli
from sheettools.errors import InputError
from sheettools.merge import list_reports, merge_files
from sheettools.model import DONE_STATUSES, Report
from sheettools.periodstatus import compute_status
from sheettools.split import split_workbooks
from sheettools.unitbook import MANIFEST_SHEET

ROOT = Path(__file__).resolve().parents[1]
WARD_UNITS = ROOT / "samples" / "long-bien-2023" / "ward-long-bien" / "units.xlsx"
NOW = dt.datetime(2023, 4, 3, 9, 0, 0)
WARD = "P-LONGBIEN"
ON_TIME = "2023-06-14T10:00:00+07:00"
LATE = "2023-06-19T16:30:00+07:00"


# --- the default rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "context", "lead"),
    [
        ("Đảm bảo an ninh trật tự, phòng chống tội phạm trên địa bàn", "", ["CA"]),
        ("Hoàn thành chỉ tiêu tuyển quân, giao quân năm 2023", "", ["QS"]),
        ("Tổ chức liên hoan văn nghệ, hội thi thể thao chào mừng", "", ["MTTQ"]),
        ("Triển khai mô hình dân vận khéo", "", ["KDV"]),
        ("Lắp đặt thiết bị mới", "Nhóm chỉ tiêu về y tế", ["TYT"]),  # from the heading
        ("Một việc không nói rõ lĩnh vực", "", ["UBND"]),  # the fallback
    ],
)
def test_default_rules_pick_bodies_by_subject(content, context, lead):
    rules, fallback = load_rules()
    assert propose_bodies(content, context, rules, fallback).lead == lead


def test_culture_goes_to_the_mass_organisations():
    rules, fallback = load_rules()
    r = propose_bodies("Tuyên truyền, tổ chức các hoạt động văn hóa", "", rules, fallback)
    assert (r.lead, r.coord) == (["MTTQ"], ["CTXH"])


def test_office_rules_override_the_default(tmp_path):
    (tmp_path / "cascade_rules.json").write_text(
        '{"rules": [{"label": "x", "lead": ["CB"], "coord": [], "keywords": ["văn hóa"]}]}',
        encoding="utf-8",
    )
    rules, fallback = load_rules(tmp_path)
    assert [r.label for r in rules] == ["x"]
    assert propose_bodies("Hoạt động văn hóa", "", rules, fallback).lead == ["CB"]
    assert fallback.lead == ["UBND"]  # the default's fallback is kept (merged key by key)


# --- the consolidation rule ----------------------------------------------------------------

NAMES = {"CA": "Công an phường", "UBND": "Ủy ban nhân dân phường", "MTTQ": "MTTQ", "PN": "Hội PN"}


def rep(unit, status=None, progress=None, result="", date=None, difficulties=""):
    return Report(
        period="2023-Q2", key="K", unit=unit, status=status, progress=progress, result=result,
        completion_date=date, difficulties=difficulties,
    )  # fmt: skip


def test_rule_one_lead_body_decides():
    v, issues = consolidate(
        "K", ["CA"], ["MTTQ"],
        {"CA": rep("CA", "Đang thực hiện", 40, "Tuần tra 12 đợt"),
         "MTTQ": rep("MTTQ", "Hoàn thành", 100, "Tuyên truyền")},
        NAMES,
    )  # fmt: skip
    assert issues == []
    assert v["status"] == "Đang thực hiện"  # the coordinating body does not decide
    assert v["progress"] == 40
    assert v["completion_date"] is None
    assert v["result"] == "[Công an phường] Tuần tra 12 đợt\n[MTTQ] Tuyên truyền"


def test_rule_done_variants_make_done_with_the_latest_date():
    v, issues = consolidate(
        "K", ["CA", "UBND"], [],
        {"CA": rep("CA", "Hoàn thành trước hạn", 100, date="2023-05-02"),
         "UBND": rep("UBND", "Hoàn thành", 90, date="2023-06-01")},
        NAMES,
    )  # fmt: skip
    assert issues == []
    assert (v["status"], v["progress"], v["completion_date"]) == ("Hoàn thành", 90, "2023-06-01")


def test_rule_bodies_that_disagree_leave_the_status_empty():
    v, issues = consolidate(
        "K", ["CA", "UBND"], [],
        {"CA": rep("CA", "Hoàn thành", 100), "UBND": rep("UBND", "Chậm tiến độ", 30)},
        NAMES,
    )  # fmt: skip
    assert v["status"] is None
    assert [(i.field, i.reason) for i in issues] == [("status", BODIES_DISAGREE)]
    assert "Công an phường: Hoàn thành" in issues[0].detail
    assert v["progress"] == 30  # progress still has its rule: the lowest


def test_rule_a_silent_lead_body_is_never_filled_in():
    v, issues = consolidate(
        "K", ["CA", "UBND"], [],
        {"UBND": rep("UBND", "Hoàn thành", 100, "Xong", "2023-06-01"),
         "CA": rep("CA")},  # an empty row counts as nothing
        NAMES,
    )  # fmt: skip
    assert v["status"] is None and v["progress"] is None and v["completion_date"] is None
    assert [(i.reason, i.detail) for i in issues] == [(BODY_MISSING, "Công an phường")]
    assert "Công an" not in v["result"]
    assert v["result"] == "[Ủy ban nhân dân phường] Xong"


def test_rule_nothing_reported():
    v, issues = consolidate("K", ["CA"], ["PN"], {}, NAMES)
    assert all(v[f] in (None, "") for f in v)
    assert [(i.field, i.reason) for i in issues] == [("all", NOTHING_REPORTED)]
    assert "Công an phường" in issues[0].detail


def test_rule_status_missing_and_date_missing():
    v, issues = consolidate("K", ["CA"], [], {"CA": rep("CA", None, 50, "Đang làm")}, NAMES)
    assert v["status"] is None and v["progress"] == 50
    assert [i.reason for i in issues] == [STATUS_MISSING]
    v, issues = consolidate("K", ["CA"], [], {"CA": rep("CA", "Hoàn thành", 100)}, NAMES)
    assert v["status"] == "Hoàn thành" and v["completion_date"] is None
    assert [i.reason for i in issues] == [DATE_MISSING]


def test_rule_coordinating_bodies_decide_when_no_lead():
    v, issues = consolidate(
        "K", [], ["PN", "MTTQ"],
        {"PN": rep("PN", "Hoàn thành", 100, date="2023-04-01"),
         "MTTQ": rep("MTTQ", "Hoàn thành", 100, date="2023-04-20")},
        NAMES,
    )  # fmt: skip
    assert issues == [] and v["status"] == "Hoàn thành" and v["completion_date"] == "2023-04-20"


def test_combined_texts_fit_and_keep_short_ones_whole():
    long = "Kết quả rất dài " * 100
    text = combine_texts([("A", "ngắn"), ("B", long), ("C", long)], 300)
    assert len(text) <= 300
    lines = text.split("\n")
    assert lines[0] == "[A] ngắn"
    assert lines[1].startswith("[B] Kết quả") and lines[1].endswith("…")
    assert abs(len(lines[1]) - len(lines[2])) <= 2  # the rest is shared fairly
    assert combine_texts([("A", "=1+1")], 300) == "[A] =1+1"
    assert combine_texts([("A", ""), ("B", "  ")], 300) == ""


# --- derive --------------------------------------------------------------------------------


def _district_with_other_reports(seed_master: Path) -> Path:
    """The district master with reports from other units (the ward must never see them)."""
    m = store.load_master(seed_master)
    m.reports.append(Report(period="2023-Q1", key="I.1.1", unit="P-BODE", status="Hoàn thành",
                            result="BÍ MẬT của Bồ Đề"))  # fmt: skip
    m.reports.append(Report(period="2023-Q1", key="I.1.1", unit=WARD, status="Đang thực hiện",
                            result="báo cáo cũ của Long Biên"))  # fmt: skip
    store.add_log(m, "merge", "LOG CỦA QUẬN", now=NOW)
    store.save_master(m, seed_master)
    return seed_master


def _sheet_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return "\n".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )


def test_derive_from_the_district_master_copies_only_the_wards_part(tmp_path, seed_master):
    district = _district_with_other_reports(seed_master)
    out = tmp_path / "ward" / "master.xlsx"
    res = derive_ward_master(district, out, unit=WARD, units=WARD_UNITS, now=NOW)
    d = store.load_master(district)
    w = store.load_master(out)
    theirs = {
        t.key: ("lead" if WARD in t.lead_units else "coord")
        for t in d.tasks
        if WARD in t.lead_units or WARD in t.coordinating_units
    }
    assert {link.key: link.district_role for link in w.cascade} == theirs
    assert res["district_tasks"] == len(theirs) > 50
    # the district's text and deadlines are kept as the reference
    for link in w.cascade:
        dt_, wt = d.task(link.key), w.task(link.key)
        assert (wt.content, wt.number, wt.due_raw, wt.due_date, wt.leader) == (
            dt_.content, dt_.number, dt_.due_raw, dt_.due_date, dt_.leader)  # fmt: skip
        assert link.district_deadline == dt_.due_raw and link.district_unit == WARD
        assert wt.lead_units and set(wt.lead_units + wt.coordinating_units) <= {
            u.code for u in w.units
        }
    # headings only above the ward's tasks; nothing else of the district
    others = [t for t in w.tasks if t.key not in theirs]
    assert all(t.kind == "group" for t in others)
    assert w.reports == [] and w.sendlog == []
    assert [e.command for e in w.log] == ["plan derive"]
    assert {u.code for u in w.units} == {u.code for u in store.load_master(out).units}
    assert not {u.code for u in w.units} & {u.code for u in d.units if u.code.startswith("P-")}
    assert w.settings["district_unit"] == WARD
    # the sheet exists in ward masters only, and reads back as written (not from the cache)
    assert "cascade" not in openpyxl.load_workbook(district, read_only=True).sheetnames
    assert "cascade" in openpyxl.load_workbook(out, read_only=True).sheetnames
    assert store.load_master(out, use_cache=False).cascade == w.cascade
    text = _sheet_text(out)
    assert "BÍ MẬT" not in text and "báo cáo cũ" not in text and "LOG CỦA QUẬN" not in text
    assert "Bồ Đề" not in {u.name for u in w.units}
    # the ward's own calendar: the 15th of the quarter's last month
    assert [(p.code, p.due_date) for p in w.periods][:4] == [
        ("2023-Q1", "2023-03-15"), ("2023-Q2", "2023-06-15"),
        ("2023-Q3", "2023-09-15"), ("2023-Q4", "2023-12-15"),
    ]  # fmt: skip


def test_derive_refuses_the_district_folder_and_an_existing_master(tmp_path, seed_master):
    with pytest.raises(InputError, match="thư mục|folder"):
        derive_ward_master(seed_master, tmp_path / "ward.xlsx", unit=WARD, now=NOW)
    out = tmp_path / "w" / "master.xlsx"
    derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, now=NOW)
    with pytest.raises(InputError) as exc:
        derive_ward_master(seed_master, out, unit=WARD, now=NOW)
    assert "--force" in exc.value.one_line()
    with pytest.raises(InputError, match="P-NOWHERE"):
        derive_ward_master(seed_master, tmp_path / "x" / "m.xlsx", unit="P-NOWHERE", now=NOW)


def test_derive_reads_an_existing_ward_master_under_the_lock(tmp_path, seed_master, monkeypatch):
    """An update (--force) reads the ward master only once it holds the lock, so a merge into
    the ward master meanwhile is never overwritten (it used to read first, then lock)."""
    from sheettools.errors import LockedError

    out = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, now=NOW)
    before = out.read_bytes()
    with store.master_lock(out, "merge"), pytest.raises(LockedError):
        derive_ward_master(seed_master, out, unit=WARD, force=True, now=NOW)
    assert out.read_bytes() == before
    seen = []
    real = store.load_master

    def spy(path, *a, **kw):
        if Path(path) == out:
            with pytest.raises(LockedError), store.master_lock(path, "intruder"):
                pass  # (someone else holds it: plan derive)
            seen.append(Path(path))
        return real(path, *a, **kw)

    monkeypatch.setattr(store, "load_master", spy)
    derive_ward_master(seed_master, out, unit=WARD, force=True, now=NOW)
    assert seen == [out]
    assert [e.command for e in real(out).log] == ["plan derive", "plan derive"]


def test_derive_from_the_workbook_the_district_sent(tmp_path, seed_master):
    _district_with_other_reports(seed_master)
    split_workbooks(seed_master, "2023-Q2", tmp_path / "outbox", now=NOW)
    sent = tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx"
    rows = openpyxl.load_workbook(sent).worksheets[1].iter_rows(values_only=True)
    roles = {r[0]: r[3] for r in list(rows)[2:] if r[0]}
    out = tmp_path / "ward" / "master.xlsx"
    res = derive_ward_master(sent, out, units=WARD_UNITS, now=NOW)
    w = store.load_master(out)
    assert res["source_kind"] == "workbook" and res["unit"] == WARD
    assert {link.key: link.district_role for link in w.cascade} == {
        k: "lead" if v == "Chủ trì" else "coord" for k, v in roles.items()
    }
    assert w.reports == []
    assert "Bồ Đề" not in _sheet_text(out).replace("Thạch Bàn", "")  # no other unit's data
    with pytest.raises(InputError, match="P-BODE"):
        derive_ward_master(sent, tmp_path / "x" / "m.xlsx", unit="P-BODE", now=NOW)


def test_assign_and_update_keep_the_wards_edits(tmp_path, seed_master):
    out = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, now=NOW)
    m = store.load_master(out)
    link = m.cascade[0]
    link.lead, link.coord = ["Công an phường", "CB"], ["các đoàn thể"]
    store.save_master(m, out)
    r = CliRunner().invoke(cli, ["plan", "assign", str(out)])
    assert r.exit_code == 0, r.output
    t = store.load_master(out).task(link.key)
    assert (t.lead_units, t.coordinating_units) == (["CA", "CB"], ["PN", "CCB", "DTN"])
    # an unknown name is reported (exit 1), never dropped silently
    m = store.load_master(out)
    m.cascade[1].lead = ["Ban không có thật"]
    store.save_master(m, out)
    r = CliRunner().invoke(cli, ["plan", "assign", str(out)])
    assert r.exit_code == 1 and "Ban không có thật" in r.output
    # re-derive with --force: the edits and the ward's own rows stay
    m = store.load_master(out)
    m.cascade[1].lead = ["UBND"]
    m.tasks.append(type(t)(key="PH.1", section="PH", number="1", content="Việc riêng",
                           lead_raw="MTTQ", lead_units=["MTTQ"]))  # fmt: skip
    store.save_master(m, out)
    res = derive_ward_master(seed_master, out, unit=WARD, force=True, now=NOW)
    w = store.load_master(out)
    assert res["kept_assignments"] == len(w.cascade)
    assert w.task(link.key).lead_units == ["CA", "CB"]
    assert w.task("PH.1").content == "Việc riêng"


# --- both levels, end to end ---------------------------------------------------------------


def _report_sheet(wb):
    for ws in wb.worksheets:
        for r, row in enumerate(ws.iter_rows(min_row=1, max_row=5, values_only=True), 1):
            if "#key" in row:
                return ws, r, {str(v)[1:]: c for c, v in enumerate(row, 1) if v}
    raise AssertionError("no report sheet")


def _rows(path: Path) -> dict[str, str]:
    """key -> role label of a unit workbook."""
    ws, fr, cols = _report_sheet(openpyxl.load_workbook(path))
    out = {}
    for r in range(fr + 1, ws.max_row + 1):
        k = ws.cell(r, cols["key"]).value
        if k:
            out[k] = ws.cell(r, cols["role"]).value
    return out


def _fill(src: Path, dst: Path, values: dict[str, dict]) -> None:
    wb = openpyxl.load_workbook(src)
    ws, fr, cols = _report_sheet(wb)
    for r in range(fr + 1, ws.max_row + 1):
        k = ws.cell(r, cols["key"]).value
        for f, v in values.get(k, {}).items():
            ws.cell(r, cols[f]).value = v
    wb.save(dst)


CYCLE = ["Hoàn thành", "Đang thực hiện", "Hoàn thành trước hạn", "Chậm tiến độ"]


def _typed(body: str, i: int, key: str) -> dict:
    status = CYCLE[(i + len(body)) % len(CYCLE)]
    v = {"status": status, "progress": 100 if status in DONE_STATUSES else 20 + 10 * (i % 5),
         "result": f"{body} làm {key}", "difficulties": "Thiếu kinh phí" if i % 3 == 0 else None}  # fmt: skip
    if status in DONE_STATUSES:
        v["completion_date"] = dt.datetime(2023, 5, 1 + (i % 20))
    return v


@pytest.mark.parametrize("source", ["district master", "workbook sent"])
def test_two_levels_end_to_end(tmp_path, seed_master, source):
    runner = CliRunner()
    district = seed_master
    split_workbooks(district, "2023-Q2", tmp_path / "outbox", now=NOW)
    ward_dir = tmp_path / "ward"
    (ward_dir / "from-district").mkdir(parents=True)
    sent = ward_dir / "from-district" / f"2023-Q2_{WARD}.xlsx"
    shutil.copy(tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx", sent)
    ward = ward_dir / "master.xlsx"

    # the ward derives its master from the district master (or from the file the district
    # sent it), and gives one health task a second lead body (so two lead bodies can disagree)
    src = [str(district), "--unit", WARD] if source == "district master" else [str(sent)]
    r = runner.invoke(
        cli, ["plan", "derive", *src, "--units", str(WARD_UNITS), "--output", str(ward)]
    )
    assert r.exit_code == 0, r.output
    m = store.load_master(ward)
    sent_keys = set(_rows(sent))
    ca_keys = [link.key for link in m.cascade if link.lead == ["CA"] and link.key in sent_keys]
    pair_key = next(
        link.key for link in m.cascade if link.lead == ["TYT"] and link.key in sent_keys
    )
    next(link for link in m.cascade if link.key == pair_key).lead = ["TYT", "MTTQ"]
    store.save_master(m, ward)
    assert runner.invoke(cli, ["plan", "assign", str(ward)]).exit_code == 0
    assert ca_keys  # Công an phường leads some of the ward's Q2 tasks

    # the ward splits for its bodies (its own secret, its own due date 15/06)
    r = runner.invoke(cli, ["split", str(ward), "--period", "2023-Q2", "--output",
                            str(ward_dir / "outbox")])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (ward_dir / ".sheettools-secret").read_bytes() != (
        tmp_path / ".sheettools-secret"
    ).read_bytes()
    books = {p.stem.split("_", 1)[1]: p for p in (ward_dir / "outbox").glob("2023-Q2_*.xlsx")}
    assert {"CA", "UBND", "MTTQ", "PN", "TYT"} <= set(books)

    # the bodies return: CA sends nothing, PN is late, UBND fills only half its rows
    typed: dict[str, dict[str, dict]] = {}
    roles: dict[str, dict[str, str]] = {}
    returns = ward_dir / "returns"
    (returns / "late").mkdir(parents=True)
    for body, path in books.items():
        roles[body] = _rows(path)
        keys = list(roles[body])
        if body == "CA":
            continue
        if body == "UBND":
            keys = keys[: len(keys) // 2]
        vals = {k: _typed(body, i, k) for i, k in enumerate(keys)}
        if body == "MTTQ":  # disagree with TYT on the shared task
            tyt_i = list(roles["TYT"] if "TYT" in roles else _rows(books["TYT"])).index(pair_key)
            tyt_status = _typed("TYT", tyt_i, pair_key)["status"]
            vals[pair_key] = {"status": "Chưa triển khai" if tyt_status != "Chưa triển khai"
                              else "Đang thực hiện", "progress": 0, "result": "MTTQ chưa làm"}  # fmt: skip
        typed[body] = vals
        _fill(path, (returns / "late" if body == "PN" else returns) / path.name, vals)
    merge_files(ward, [returns / p for p in sorted(returns.glob("*.xlsx"))],
                period="2023-Q2", received_at=ON_TIME, now=NOW, workers=1)  # fmt: skip
    merge_files(ward, [returns / "late"], period="2023-Q2", received_at=LATE, now=NOW, workers=1)
    st = compute_status(store.load_master(ward), "2023-Q2", dt.date(2023, 6, 20))
    assert [u["unit"] for u in st["missing_units"]] == ["CA"]
    assert [u["unit"] for u in st["late_units"]] == ["PN"]

    # the ward rolls up into the district's workbook
    filled = ward_dir / f"2023-Q2_{WARD}-filled.xlsx"
    r = runner.invoke(cli, ["rollup", str(ward), "--period", "2023-Q2", "--into", str(sent),
                            "--output", str(filled), "--format", "json"])  # fmt: skip
    assert r.exit_code == 1, r.output  # things left for the clerk
    res = rollup(ward, "2023-Q2", sent, ward_dir / "again.xlsx")
    unsettled = {(u["key"], u["reason"]) for u in res["unsettled"]}
    # the clerk reads the catalogue's labels and hints (docs/problems.md), never the codes
    for lang in ("vi", "en"):
        r = runner.invoke(cli, ["--lang", lang, "rollup", str(ward), "--period", "2023-Q2",
                                "--into", str(sent), "--output", str(ward_dir / f"{lang}.xlsx")])  # fmt: skip
        assert r.exit_code == 1, r.output
        for code in {reason for _k, reason in unsettled}:
            assert problems.label(code, lang) in r.output and problems.hint(code, lang) in r.output
        assert not any(code in r.output for code in ROLLUP_REASON_CODES), r.output

    # the manifest is the district's, untouched
    def man(p):
        return [
            [c.value for c in row] for row in openpyxl.load_workbook(p)[MANIFEST_SHEET].iter_rows()
        ]

    assert man(filled) == man(sent)
    assert openpyxl.load_workbook(filled)[MANIFEST_SHEET].sheet_state == "veryHidden"

    # the district merges it: verified, and every value is what the rule says
    out = merge_files(district, [filled], period="2023-Q2", received_at=ON_TIME, now=NOW, workers=1)
    f = out["files"][0]
    assert (f["status"], f["unit"], f["rows_refused"]) == ("merged", WARD, 0)
    got = {x["key"]: x for x in list_reports(district, "2023-Q2", unit=WARD)}
    assert all(x["verified"] for x in got.values())
    names = {u.code: u.name.split(" (")[0] for u in store.load_master(ward).units}  # docs: labels
    for key in _rows(sent):
        lead = [b for b in roles if roles[b].get(key) == "Chủ trì"]
        coord = [b for b in roles if roles[b].get(key) == "Phối hợp"]
        deciding = lead or coord
        answers = [typed.get(b, {}).get(key) for b in deciding]
        g = got.get(key, {})
        if not any(typed.get(b, {}).get(key) for b in lead + coord):
            assert (key, NOTHING_REPORTED) in unsettled
            assert not g.get("status") and not g.get("result")
            continue
        if any(a is None for a in answers):
            expected = None
            assert (key, BODY_MISSING) in unsettled
        else:
            ss = {a["status"] for a in answers}
            expected = ss.pop() if len(ss) == 1 else ("Hoàn thành" if ss <= DONE_STATUSES else None)
            if expected is None:
                assert (key, BODIES_DISAGREE) in unsettled
        assert g.get("status") == expected, key
        if all(a is not None for a in answers):
            assert g["progress"] == min(a["progress"] for a in answers)
        if expected in DONE_STATUSES:
            assert (
                g["completion_date"]
                == max(a["completion_date"] for a in answers).date().isoformat()
            )
        for b in lead + coord:
            a = typed.get(b, {}).get(key)
            if a:
                assert f"[{names[b]}] {a['result']}" in g["result"]
    # nothing from the missing body, anywhere in the district
    assert not any("Công an phường" in (x["result"] + x["difficulties"]) for x in got.values())
    assert not any(x["status"] for k, x in got.items() if k in ca_keys)
    assert any(k == pair_key and reason == BODIES_DISAGREE for k, reason in unsettled)
    reasons = {reason for _k, reason in unsettled}
    assert {BODY_MISSING, BODIES_DISAGREE, NOTHING_REPORTED} <= reasons
    assert sum(1 for x in got.values() if x["status"]) == res["decided"] > len(got) // 3


OWN_TABLE = """TT,Nội dung thực hiện,Lãnh đạo phụ trách,Đơn vị chủ trì,Đơn vị phối hợp,Thời gian thực hiện,Thời gian hoàn thành
I,NHIỆM VỤ RIÊNG CỦA PHƯỜNG,,,,,
1,"Xây dựng chuyên trang ""Kỷ niệm 20 năm thành lập quận Long Biên"" trên Cổng TTĐT phường",,Cán bộ tuyên giáo Đảng ủy,"UB MTTQ phường, Đoàn TN phường",,Tháng 6/2023
2,Tổ chức hội nghị đối thoại với nhân dân theo Quyết định 2200-QĐ/TU,,Ủy ban MTTQ phường,UBND phường,,Quý II/2023
3,Duy trì các mô hình dân vận khéo năm 2022,,Khối dân vận,Các Chi bộ trực thuộc,,Thường xuyên
"""


def test_the_wards_own_tasks_are_imported_beside_the_districts(tmp_path, seed_master):
    own = tmp_path / "own.csv"
    own.write_text(OWN_TABLE, encoding="utf-8")
    out = tmp_path / "ward" / "master.xlsx"
    res = derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, own=own, now=NOW)
    assert res["own_tasks"] == 3 and res["own_report"]["unresolved_units"] == []
    w = store.load_master(out)
    own_rows = {t.key: t for t in w.tasks if t.key.startswith("PH.")}
    assert set(own_rows) == {"PH.I", "PH.I.1", "PH.I.2", "PH.I.3"}
    t1 = own_rows["PH.I.1"]
    assert (t1.lead_units, t1.coordinating_units, t1.due_date) == (
        ["TG"], ["MTTQ", "DTN"], "2023-06-30")  # fmt: skip
    assert own_rows["PH.I.3"].recurring and own_rows["PH.I.3"].coordinating_units == ["CB"]
    assert not {link.key for link in w.cascade} & set(own_rows)  # not the district's
    out_dir = tmp_path / "ward" / "outbox"
    split_workbooks(out, "2023-Q2", out_dir, now=NOW)
    assert "PH.I.1" in _rows(out_dir / "2023-Q2_TG.xlsx")


def test_update_from_a_later_workbook_keeps_what_the_ward_had(tmp_path, seed_master):
    split_workbooks(seed_master, "2023-Q2", tmp_path / "q2", now=NOW)
    split_workbooks(seed_master, "2023-Q3", tmp_path / "q3", now=NOW)
    q2, q3 = (tmp_path / q / f"2023-{q.upper()}_{WARD}.xlsx" for q in ("q2", "q3"))
    out = tmp_path / "ward" / "master.xlsx"
    # (derived from Q3, then updated with the Q2 file, which lacks the later tasks)
    derive_ward_master(q3, out, units=WARD_UNITS, now=NOW)
    m = store.load_master(out)
    m.cascade[0].lead = ["CB"]
    store.save_master(m, out)
    res = derive_ward_master(q2, out, force=True, now=NOW)
    w = store.load_master(out)
    keys2, keys3 = set(_rows(q2)), set(_rows(q3))
    assert keys3 - keys2  # the quarters differ
    assert {link.key for link in w.cascade} == keys2 | keys3
    assert res["kept_not_in_source"] == len(keys3 - keys2)
    assert next(x for x in w.cascade if x.key == m.cascade[0].key).lead == ["CB"]
    assert len({t.key for t in w.tasks}) == len(w.tasks)  # keys stay unique
    assert all(t.parent is None or w.task(t.parent) for t in w.tasks)
    # headings keyed like the district's
    assert {t.key for t in w.tasks if t.kind == "group"} >= {"I", "II"}


def test_the_ward_keeps_its_own_calendar_and_cycle(tmp_path, seed_master):
    """The ward's due date (edited earlier than the district's), split, mail, merge, status
    and summary on the ward master, unchanged."""
    from sheettools.mail import send_workbooks
    from sheettools.mail_config import MailConfig
    from sheettools.summary import write_summary

    out = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, now=NOW)
    m = store.load_master(out)
    m.period("2023-Q2").due_date = "2023-06-10"  # time to consolidate before the 15th
    store.save_master(m, out)
    outbox = tmp_path / "ward" / "outbox"
    res = split_workbooks(out, "2023-Q2", outbox, now=NOW)
    assert res["due_date"] == "2023-06-10"
    assert "2023-06-10" in (outbox / "manifest.csv").read_text(encoding="utf-8")
    sent = send_workbooks(outbox, out, config=MailConfig(), now=NOW, dry_run=True)
    assert sent["summary"]["dry_run"] == len(res["files"])
    eml = (outbox / "eml").glob("*.eml")
    assert any("ca@p-longbien.example" in p.read_text(encoding="utf-8") for p in eml)
    ca = outbox / "2023-Q2_CA.xlsx"
    keys = list(_rows(ca))
    _fill(ca, tmp_path / "CA.xlsx", {k: {"status": "Đang thực hiện", "progress": 50} for k in keys})
    merge_files(out, [tmp_path / "CA.xlsx"], period="2023-Q2",
                received_at="2023-06-12T09:00:00+07:00", now=NOW, workers=1)  # fmt: skip
    st = compute_status(store.load_master(out), "2023-Q2", dt.date(2023, 6, 20))
    assert [(u["unit"], u["days_late"]) for u in st["late_units"]] == [("CA", 2)]
    fig = write_summary(out, "2023-Q2", tmp_path / "TONGHOP.xlsx", as_of=dt.date(2023, 6, 20))
    assert fig and (tmp_path / "TONGHOP.xlsx").exists()
    text = _sheet_text(tmp_path / "TONGHOP.xlsx")
    assert "Công an phường" in text


def test_rollup_refuses_the_wrong_file_and_never_overwrites(tmp_path, seed_master):
    split_workbooks(seed_master, "2023-Q2", tmp_path / "outbox", now=NOW)
    ward = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(seed_master, ward, unit=WARD, units=WARD_UNITS, now=NOW)
    other = tmp_path / "outbox" / "2023-Q2_P-BODE.xlsx"
    sent = tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx"
    before = sent.read_bytes()
    runner = CliRunner()
    r = runner.invoke(cli, ["rollup", str(ward), "-p", "2023-Q2", "--into", str(other),
                            "-o", str(tmp_path / "f.xlsx")])  # fmt: skip
    assert r.exit_code == 2 and "P-BODE" in r.output and "Traceback" not in r.output
    r = runner.invoke(cli, ["rollup", str(ward), "-p", "2023-Q3", "--into", str(sent),
                            "-o", str(tmp_path / "f.xlsx")])  # fmt: skip
    assert r.exit_code == 2 and "2023-Q3" in r.output
    r = runner.invoke(cli, ["rollup", str(ward), "-p", "2023-Q2", "--into", str(sent),
                            "-o", str(sent), "--force"])  # fmt: skip
    assert r.exit_code == 2
    assert sent.read_bytes() == before
    r = runner.invoke(cli, ["rollup", str(seed_master), "-p", "2023-Q2", "--into", str(sent),
                            "-o", str(tmp_path / "f.xlsx")])  # fmt: skip
    assert r.exit_code == 2 and "plan derive" in r.output
    (tmp_path / "f.xlsx").write_bytes(b"x")
    r = runner.invoke(cli, ["rollup", str(ward), "-p", "2023-Q2", "--into", str(sent),
                            "-o", str(tmp_path / "f.xlsx")])  # fmt: skip
    assert r.exit_code == 2 and "--force" in r.output
    assert (tmp_path / "f.xlsx").read_bytes() == b"x"


# the bodies as seed 000 names them in "III. TỔ CHỨC THỰC HIỆN - 1. Phân công nhiệm vụ"
SEED_000_BODIES = [
    "Ban Thường vụ Đảng ủy", "Cơ quan Thường trực - Uỷ ban MTTQ Phường", "Ủy ban kiểm tra",
    "Khối Dân vận Đảng ủy", "Cán bộ tuyên giáo Đảng ủy", "Cán bộ Văn phòng Đảng ủy",
    "Uỷ ban nhân dân Phường", "Công an Phường", "Ban chỉ huy Quân sự Phường",
    "Các Chi bộ trực thuộc", "Hội đồng thi đua khen thưởng Phường",
]  # fmt: skip


def test_the_sample_ward_registry_and_own_table(tmp_path, seed_master):
    from sheettools.units import Registry, load_units_xlsx

    units, groups = load_units_xlsx(WARD_UNITS)
    reg = Registry(units, groups)
    for name in SEED_000_BODIES:
        res = reg.resolve(name.replace("Cơ quan Thường trực - ", ""))
        assert res.ok and len(res.codes) == 1, name
        assert reg.unit(res.codes[0]).reports
    assert reg.resolve("các đoàn thể").codes == ["PN", "CCB", "DTN"]
    own = WARD_UNITS.parent / "own-tasks.csv"
    res = derive_ward_master(seed_master, tmp_path / "w" / "m.xlsx", unit=WARD,
                             units=WARD_UNITS, own=own, now=NOW)  # fmt: skip
    assert res["own_tasks"] == 12 and res["own_report"]["unresolved_units"] == []
    assert res["unresolved"] == [] and res["unknown_rule_codes"] == []


def test_the_sample_ward_registry_is_what_its_script_writes(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "units.xlsx"
    script = ROOT / "scripts" / "make_ward_units.py"
    subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == WARD_UNITS.read_bytes()


def test_the_wards_own_plan_in_prose_resolves_to_its_bodies(tmp_path, seed_master):
    """Seed 000 itself (its duties per body, read by the plan importer) with the sample
    registry: every body of section III.1 gets its duties, no name left unresolved."""
    own = WARD_UNITS.parent / "plan.txt"
    out = tmp_path / "w" / "m.xlsx"
    res = derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, own=own, now=NOW)
    assert res["own_report"]["unresolved_units"] == [] and res["own_tasks"] >= 20
    w = store.load_master(out)
    leads = {u for t in w.tasks if t.key.startswith("PH.") for u in t.lead_units}
    assert {"BTV", "MTTQ", "UBKT", "KDV", "UBND", "CA", "QS", "CB", "TDKT"} <= leads
    # duties read from prose have no heading of their own: they get one, so a body's
    # workbook never shows them under the district section printed just before them
    own = [t for t in w.tasks if t.key.startswith("PH.")]
    assert own[0].kind == "group" and own[0].content == "Nhiệm vụ riêng của phường"
    assert all(t.parent for t in own[1:] if t.kind == "task")
    split_workbooks(out, "2023-Q2", tmp_path / "w" / "outbox", now=NOW)
    ws, fr, cols = _report_sheet(
        openpyxl.load_workbook(tmp_path / "w" / "outbox" / "2023-Q2_CA.xlsx")
    )
    texts = [ws.cell(r, cols["content"]).value for r in range(fr + 1, ws.max_row + 1)]
    first_own = next(i for i, r in enumerate(range(fr + 1, ws.max_row + 1))
                     if str(ws.cell(r, cols["key"]).value or "").startswith("PH."))  # fmt: skip
    assert texts[first_own - 1] == "Nhiệm vụ riêng của phường"


# --- the ward's calendar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Thời gian gửi báo cáo quý: ngày 15 tháng cuối quý; báo cáo năm có hướng dẫn riêng.", 15),
        ("gửi trước NGÀY 10 CỦA THÁNG CUỐI QUÝ", 10),
        ("báo cáo quý gửi ngày 5 tháng cuối mỗi quý", 5),
        ("báo cáo theo quý, năm gửi về Ủy ban MTTQ phường", None),
        ("ngày 31 tháng cuối quý", None),  # not a day every last month has
    ],
)
def test_the_ward_plans_due_day(text, day):
    assert plan_due_day(text) == day


def _periods(path: Path) -> dict[str, str]:
    return {p.code: p.due_date for p in store.load_master(path).periods}


def test_the_wards_due_dates_come_from_its_plan_or_the_districts(tmp_path, seed_master):
    # the ward plan's rule: "ngày 15 tháng cuối quý" in the sample (seed 000)
    ward_plan = ROOT / "samples" / "long-bien-2023" / "ward-long-bien" / "plan.txt"
    out = tmp_path / "w1" / "master.xlsx"
    res = derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, own=ward_plan, now=NOW)
    assert _periods(out)["2023-Q2"] == "2023-06-15"
    assert all(c["no_time"] for c in res["calendar"])  # the district's date too: no time left
    # a plan that sets another day
    other = tmp_path / "plan10.txt"
    other.write_text(
        ward_plan.read_text(encoding="utf-8").replace("ngày 15 tháng cuối quý", "ngày 10 tháng cuối quý"),
        encoding="utf-8",
    )  # fmt: skip
    out2 = tmp_path / "w2" / "master.xlsx"
    derive_ward_master(seed_master, out2, unit=WARD, units=WARD_UNITS, own=other, now=NOW)
    assert _periods(out2) == {
        "2023-Q1": "2023-03-10", "2023-Q2": "2023-06-10", "2023-Q3": "2023-09-10",
        "2023-Q4": "2023-12-10", "2023-Y": "2023-12-10",
    }  # fmt: skip
    # N days before the district's own due date, as the district set it in its master
    d = store.load_master(seed_master)
    d.period("2023-Q2").due_date = "2023-06-20"
    store.save_master(d, seed_master)
    out3 = tmp_path / "w3" / "master.xlsx"
    res = derive_ward_master(
        seed_master, out3, unit=WARD, units=WARD_UNITS, due_days_before=7, now=NOW
    )
    assert _periods(out3)["2023-Q2"] == "2023-06-13" and _periods(out3)["2023-Q3"] == "2023-09-08"
    q2 = next(c for c in res["calendar"] if c["period"] == "2023-Q2")
    assert q2 == {"period": "2023-Q2", "due_date": "2023-06-13",
                  "district_due_date": "2023-06-20", "no_time": False}  # fmt: skip
    assert "7" in store.load_master(out3).settings["due_rule"]
    # the ward office's own letterhead, not the district's (docinfo's defaults)
    st = store.load_master(out3).settings
    assert (st["doc_issuing_body"], st["doc_place"]) == ("PHƯỜNG LONG BIÊN", "Long Biên")
    assert (
        st["doc_office_name"].endswith("phường Long Biên")
        and "quận" not in st["doc_issuing_body"].lower()
    )
    # from the workbook the district sent: its cover's due date
    split_workbooks(seed_master, "2023-Q2", tmp_path / "outbox", now=NOW)
    sent = tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx"
    out4 = tmp_path / "w4" / "master.xlsx"
    derive_ward_master(sent, out4, units=WARD_UNITS, due_days_before=4, now=NOW)
    assert _periods(out4)["2023-Q2"] == "2023-06-16"
    assert _periods(out4)["2023-Q3"] == "2023-09-16"  # the same day of the last month


def test_an_update_keeps_the_edited_calendar_unless_asked(tmp_path, seed_master):
    out = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(seed_master, out, unit=WARD, units=WARD_UNITS, now=NOW)
    m = store.load_master(out)
    m.period("2023-Q3").due_date = "2023-09-01"  # edited in the periods sheet
    store.save_master(m, out)
    derive_ward_master(seed_master, out, unit=WARD, force=True, now=NOW)
    assert _periods(out)["2023-Q3"] == "2023-09-01"
    r = CliRunner().invoke(
        cli, ["plan", "derive", str(seed_master), "--unit", WARD, "--force",
              "--due-days-before", "5", "--output", str(out)],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert _periods(out)["2023-Q3"] == "2023-09-10"
    assert "10/09/2023" in r.output and "15/09/2023" in r.output
    assert "không còn thời gian" not in r.output
    r = CliRunner().invoke(
        cli, ["plan", "derive", str(seed_master), "--unit", WARD, "--force", "--due-day", "15",
              "--output", str(out)],
    )  # fmt: skip
    assert r.exit_code == 0 and "không còn thời gian tổng hợp" in r.output
    r = CliRunner().invoke(
        cli, ["plan", "derive", str(seed_master), "--unit", WARD, "--force", "--due-day", "31",
              "--output", str(out)],
    )  # fmt: skip
    assert r.exit_code != 0 and "31" in r.output and "Traceback" not in r.output


# --- what the roll-up leaves empty is cleared, not kept -------------------------------------


def _cells(path: Path) -> dict[str, dict]:
    ws, fr, cols = _report_sheet(openpyxl.load_workbook(path))
    out = {}
    for r in range(fr + 1, ws.max_row + 1):
        k = ws.cell(r, cols["key"]).value
        if k:
            out[k] = {f: ws.cell(r, cols[f]).value for f in
                      ("status", "progress", "result", "completion_date", "difficulties")}  # fmt: skip
    return out


def test_a_value_the_ward_no_longer_gives_is_not_kept_at_the_district(tmp_path, seed_master):
    """The roll-up is the ward's whole answer: a cell it leaves empty gets (xóa), so the
    district's field-by-field merge never keeps the ward's earlier value as this quarter's;
    the clerk is told which earlier values that clears."""
    district = seed_master
    split_workbooks(district, "2023-Q2", tmp_path / "outbox", now=NOW)
    sent = tmp_path / "from-district" / f"2023-Q2_{WARD}.xlsx"
    sent.parent.mkdir()
    shutil.copy(tmp_path / "outbox" / sent.name, sent)
    ward = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(sent, ward, units=WARD_UNITS, now=NOW)
    m = store.load_master(ward)
    for link in m.cascade:  # UBND alone leads every task (one body decides)
        link.lead, link.coord = ["UBND"], []
    store.save_master(m, ward)
    assert CliRunner().invoke(cli, ["plan", "assign", str(ward)]).exit_code == 0
    split_workbooks(ward, "2023-Q2", tmp_path / "ward" / "outbox", now=NOW)
    keys = list(_rows(sent))
    k = keys[0]
    vals = {key: {"status": "Đang thực hiện", "progress": 40, "result": f"UBND làm {key}",
                  "difficulties": "Thiếu kinh phí"} for key in keys}  # fmt: skip
    _fill(tmp_path / "ward" / "outbox" / "2023-Q2_UBND.xlsx", tmp_path / "UBND.xlsx", vals)
    merge_files(ward, [tmp_path / "UBND.xlsx"], period="2023-Q2", received_at=ON_TIME, now=NOW,
                workers=1)  # fmt: skip

    # first roll-up: everything decided; the cells with no value (completion dates) hold (xóa)
    filled = tmp_path / "ward" / "filled.xlsx"
    res = rollup(ward, "2023-Q2", sent, filled)
    assert res["unsettled"] == [] and res["decided"] == len(keys)
    cells = _cells(filled)
    assert all(c["completion_date"] == "(xóa)" for c in cells.values())
    assert all(None not in c.values() for c in cells.values())  # no cell left empty
    assert res["clear_marks"] == len(keys)
    merge_files(district, [filled], period="2023-Q2", received_at=ON_TIME, now=NOW, workers=1)
    got = {x["key"]: x for x in list_reports(district, "2023-Q2", unit=WARD)}
    assert (got[k]["status"], got[k]["progress"], got[k]["difficulties"]) == (
        "Đang thực hiện",
        40,
        "[Ủy ban nhân dân phường] Thiếu kinh phí",
    )
    assert got[k]["completion_date"] is None and not got[k]["flags"]  # nothing earlier to clear
    # a reminder the district makes now shows the ward's answers (its pre-fill)
    split_workbooks(district, "2023-Q2", tmp_path / "outbox2", now=NOW)

    # the ward gives task k a second lead body that has not reported, and UBND withdraws its
    # difficulties on k: the new roll-up has no status, progress or difficulties for k
    m = store.load_master(ward)
    next(link for link in m.cascade if link.key == k).lead = ["UBND", "CA"]
    store.save_master(m, ward)
    assert CliRunner().invoke(cli, ["plan", "assign", str(ward)]).exit_code == 0
    _fill(tmp_path / "UBND.xlsx", tmp_path / "UBND2.xlsx", {k: {"difficulties": "(xóa)"}})
    merge_files(ward, [tmp_path / "UBND2.xlsx"], period="2023-Q2", received_at=LATE, now=NOW,
                workers=1)  # fmt: skip
    shutil.copy(filled, tmp_path / "first.xlsx")
    r = CliRunner().invoke(cli, ["rollup", str(ward), "-p", "2023-Q2", "--into", str(sent),
                                 "--output", str(filled), "--force"])  # fmt: skip
    assert r.exit_code == 1, r.output
    assert problems.label(BODY_MISSING, "vi") in r.output
    assert problems.label(EARLIER_CLEARED, "vi") in r.output
    assert "Đang thực hiện" in r.output and "Thiếu" in r.output  # what it clears
    cells = _cells(filled)
    assert cells[k]["status"] == cells[k]["progress"] == cells[k]["difficulties"] == "(xóa)"
    assert cells[k]["result"] == f"[Ủy ban nhân dân phường] UBND làm {k}"
    res = rollup(ward, "2023-Q2", sent, tmp_path / "again.xlsx")
    assert {
        (c["key"], c["field"]) for c in res["cleared"]
    } == set()  # the district's file was empty
    res = rollup(ward, "2023-Q2", sent, tmp_path / "first.xlsx", force=True)
    assert {(c["key"], c["field"], c["detail"]) for c in res["cleared"]} == {
        (k, "status", "Đang thực hiện"), (k, "progress", "40"),
        (k, "difficulties", "[Ủy ban nhân dân phường] Thiếu kinh phí"),
    }  # fmt: skip

    # the district merges it: k's earlier status, progress and difficulties are gone (flagged
    # cleared), its result stays; no other row changes
    out = merge_files(district, [filled], period="2023-Q2", received_at=LATE, now=NOW, workers=1)
    assert out["files"][0]["status"] == "merged"
    now_ = {x["key"]: x for x in list_reports(district, "2023-Q2", unit=WARD)}
    assert (now_[k]["status"], now_[k]["progress"], now_[k]["difficulties"]) == (None, None, "")
    assert now_[k]["result"] == got[k]["result"]
    assert any(f.startswith("cleared") for f in now_[k]["flags"])
    assert all(now_[x] == got[x] for x in keys if x != k)

    # a roll-up into the district's reminder tells the clerk which of its pre-filled answers
    # (the ward's earlier ones) it clears
    res = rollup(ward, "2023-Q2", tmp_path / "outbox2" / sent.name, tmp_path / "third.xlsx")
    assert {(c["key"], c["field"], c["detail"]) for c in res["cleared"]} == {
        (k, "status", "Đang thực hiện"), (k, "progress", "40"),
        (k, "difficulties", "[Ủy ban nhân dân phường] Thiếu kinh phí"),
    }  # fmt: skip


# --- nothing of the district but what it sent --------------------------------------------------


def _cell_texts(path: Path) -> set[str]:
    wb = openpyxl.load_workbook(path)
    return {
        str(v).strip() for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
        for v in row if v is not None and str(v).strip()
    }  # fmt: skip


@pytest.mark.parametrize("source", ["district master", "workbook sent"])
def test_the_ward_sees_nothing_of_the_district_but_what_it_sent(tmp_path, seed_master, source):
    """Every cell of the ward master, its bodies' workbooks and its summary is checked against
    what only the district holds: other units (names, codes, e-mails, contacts), tasks the
    ward has no part in, every report (other units' and the ward's own earlier returns),
    the district's log, send log and settings, and its signing key."""
    from sheettools.model import LogEntry, SendLogEntry
    from sheettools.summary import write_summary

    d = store.load_master(seed_master)
    d.reports += [
        Report(period="2023-Q1", key="I.1.1", unit="P-BODE", status="Hoàn thành",
               result="MẬT-BÁO-CÁO-BỒ-ĐỀ", difficulties="MẬT-KHÓ-KHĂN-BỒ-ĐỀ"),
        Report(period="2023-Q1", key="I.1.1", unit=WARD, status="Đang thực hiện",
               result="MẬT-BÁO-CÁO-CŨ-LONG-BIÊN"),
    ]  # fmt: skip
    d.sendlog.append(SendLogEntry(time="2023-03-01T08:00:00", period="2023-Q1", unit="P-BODE",
                                  address="mat@bode.example", file="MẬT-TỆP.xlsx", sha256="0" * 64,
                                  result="sent"))  # fmt: skip
    d.log.append(LogEntry(time="2023-03-01T08:00:00", command="merge", summary="MẬT-NHẬT-KÝ-QUẬN"))
    d.settings["ghi_chu_noi_bo"] = "MẬT-CÀI-ĐẶT-QUẬN"
    for u in d.units:
        if u.code != WARD:
            u.contact = f"MẬT-LIÊN-HỆ-{u.code}"
    store.save_master(d, seed_master)
    d = store.load_master(seed_master)
    from sheettools.unitbook import load_or_create_secret

    load_or_create_secret(seed_master)  # (made when the Q1 workbooks in its send log were split)
    split_workbooks(seed_master, "2023-Q2", tmp_path / "outbox", now=NOW)
    sent = tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx"
    ward = tmp_path / "ward" / "master.xlsx"
    if source == "district master":
        derive_ward_master(seed_master, ward, unit=WARD, units=WARD_UNITS, now=NOW)
        # what the district "sends" on one PC: the ward's tasks and the headings above them
        mine = {t.key for t in d.tasks if WARD in t.lead_units + t.coordinating_units}
        by_key = d.task_map()
        for k in list(mine):
            p = by_key[k].parent
            while p:
                mine.add(p)
                p = by_key[p].parent
        allowed = {x for t in d.tasks if t.key in mine
                   for x in (t.content, t.number, t.leader, t.due_raw, t.key)}  # fmt: skip
    else:
        derive_ward_master(sent, ward, units=WARD_UNITS, now=NOW)
        allowed = _cell_texts(sent)
    allowed |= {d.plan.title, d.unit_map()[WARD].name} | _cell_texts(WARD_UNITS)
    ward_templates = WARD_UNITS.parent / "workbook_templates"  # the ward's letterhead
    split_workbooks(ward, "2023-Q2", tmp_path / "ward" / "outbox", now=NOW,
                    templates_dir=ward_templates)  # fmt: skip
    write_summary(ward, "2023-Q2", tmp_path / "ward" / "TONGHOP.xlsx", as_of=dt.date(2023, 6, 20),
                  templates_dir=ward_templates)  # fmt: skip

    district_only = (
        {x for u in d.units if u.code != WARD
         for x in (u.code, u.name, u.contact, *u.email, *u.aliases)}
        | {x for t in d.tasks for x in (t.content, t.leader)}
        | {x for r in d.reports for x in (r.result, r.difficulties)}
        | {e.summary for e in d.log} | {e.address for e in d.sendlog}
        | {e.file for e in d.sendlog}
        | {d.settings[k] for k in ("ghi_chu_noi_bo", "doc_issuing_body",
                                   "doc_office_name", "doc_recipients") if d.settings.get(k)}
    ) - allowed  # fmt: skip
    # (the plan's citation is not the district's alone: split prints it on the cover of every
    # unit's workbook, and the ward's report cites it: plan derive copies it)
    district_only = {x.strip() for x in district_only if x and len(x.strip()) >= 4}
    assert len(district_only) > 300  # the check has something to find
    planted = [x for x in district_only if x.startswith("MẬT")] + ["mat@bode.example"]
    books = [
        ward,
        *(tmp_path / "ward" / "outbox").glob("*.xlsx"),
        tmp_path / "ward" / "TONGHOP.xlsx",
    ]
    for book in books:
        texts = _cell_texts(book)
        assert not texts & district_only, (book.name, sorted(texts & district_only)[:5])
        joined = "\n".join(texts)
        assert not [x for x in planted if x in joined], book.name
    # each level signs with its own key, and the ward's folder holds nothing of the district's
    secret = (tmp_path / ".sheettools-secret").read_bytes()
    assert (tmp_path / "ward" / ".sheettools-secret").read_bytes() != secret
    assert not any(secret in p.read_bytes() for p in (tmp_path / "ward").rglob("*") if p.is_file())


@pytest.mark.parametrize("source", ["master", "workbook"])
def test_the_ward_report_cites_the_district_plan(tmp_path, seed_master, source):
    """derive copies the district plan's identity (number, date, issuer, from the district's
    settings or the cover of the workbook it sent) and the ward's report cites it."""
    from docx import Document

    from sheettools.report import write_report

    d = store.load_master(seed_master)
    assert d.settings["plan_number"] == "160-KH/QU"  # (what plan import read from the seed)
    if source == "master":
        src, unit = seed_master, WARD
    else:
        split_workbooks(seed_master, "2023-Q2", tmp_path / "outbox", now=NOW)
        src, unit = tmp_path / "outbox" / f"2023-Q2_{WARD}.xlsx", None
    out = tmp_path / "ward" / "master.xlsx"
    derive_ward_master(src, out, unit=unit, units=WARD_UNITS, now=NOW)
    w = store.load_master(out)
    assert w.settings["district_plan_number"] == "160-KH/QU"
    assert w.settings["district_plan_date"] == d.settings["plan_date"] == "11/01/2023"
    assert w.settings["district_plan_issuer"] == d.settings["plan_issuer"]
    cited = "Thực hiện Kế hoạch số 160-KH/QU ngày 11/01/2023 của " + d.settings["plan_issuer"]
    docx = tmp_path / "BAOCAO.docx"
    write_report(out, "2023-Q2", docx, as_of=dt.date(2023, 6, 20), lang="vi")
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert cited in text
    assert "Ban Thường trực Ủy ban MTTQ Việt Nam phường Long Biên báo cáo" in text
    # the ward office's own plan, once typed in its settings, is cited instead (never mixed)
    w.settings.update({"plan_number": "45-KH/ĐU", "plan_issuer": "Đảng ủy phường Long Biên"})
    store.save_master(w, out)
    write_report(out, "2023-Q2", docx, as_of=dt.date(2023, 6, 20), lang="vi", force=True)
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "Thực hiện Kế hoạch số 45-KH/ĐU của Đảng ủy phường Long Biên" in text
    assert "160-KH/QU" not in text
