"""merge: files made by the project's own split, then altered as a person or a hostile sender
would (openpyxl edits), merged into a small master and read back from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from sheettools.cli import cli
from sheettools.errors import LockedError
from sheettools.merge import list_reports, merge_files
from sheettools.model import KIND_GROUP, STATUSES, Master, PlanInfo, Task, Unit
from sheettools.normalize import normalize_text
from sheettools.periods import default_periods
from sheettools.split import split_workbooks
from sheettools.store import load_master, master_lock, save_master
from sheettools.xlsxio import read_sheets

TZ = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2023, 6, 10, 9, 0, tzinfo=TZ)
UNITS = ["VHTT", "QLDT", "BODE"]
REPORT_SHEET = "Báo cáo"


def build_master(folder: Path) -> Path:
    """A small plan: 12 tasks in one group, each led by one unit, some coordinated by another."""
    tasks = [Task(key="II.1", section="II", number="1", kind=KIND_GROUP, content="Nhóm một")]
    for i in range(1, 13):
        coord = [UNITS[(i + 1) % 3]] if i % 4 == 0 else []
        tasks.append(
            Task(
                key=f"II.1.{i}",
                section="II",
                number=f"1.{i}",
                parent="II.1",
                content=f"Nhiệm vụ số {i}",
                lead_units=[UNITS[i % 3]],
                coordinating_units=coord,
                start_date="2023-02-01",
                due_date="2023-06-30",
                due_raw="Quý II/2023",
            )
        )
    master = Master(
        plan=PlanInfo(title="KH 160", year=2023),
        tasks=tasks,
        units=[
            Unit(code="VHTT", name="Phòng Văn hóa và Thông tin", aliases=["Phòng VHTT"]),
            Unit(code="QLDT", name="Phòng Quản lý đô thị", aliases=["Phòng QLĐT"]),
            Unit(code="BODE", name="UBND phường Bồ Đề", level="ward", aliases=["phường Bồ Đề"]),
            Unit(code="CAQ", name="Công an quận", level="external"),
        ],
        periods=default_periods(2023),
    )
    path = folder / "master.xlsx"
    save_master(master, path)
    return path


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def make_env(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A small master, its 2023-Q2 unit workbooks in ``outbox/``, an empty ``returns/``."""
    master = build_master(tmp_path)
    split_workbooks(master, "2023-Q2", tmp_path / "outbox", now=NOW)
    returns = tmp_path / "returns"
    returns.mkdir()
    return tmp_path, master, returns


def unit_file(tmp: Path, unit: str, returns: Path, name: str | None = None) -> Path:
    dst = returns / (name or f"2023-Q2_{unit}.xlsx")
    shutil.copy(tmp / "outbox" / f"2023-Q2_{unit}.xlsx", dst)
    return dst


def rewrite(path: Path, transform, *, title: str | None = None, out: Path | None = None) -> Path:
    """Rewrite the report sheet's cells: ``transform(rows) -> rows`` over every row's values."""
    wb = openpyxl.load_workbook(path)
    ws = wb[REPORT_SHEET]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    new = transform([list(r) for r in rows])
    ws.delete_rows(1, ws.max_row)
    for r, row in enumerate(new, start=1):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    if title:
        ws.title = title
    wb.save(out or path)
    return out or path


def fill(values: dict[str, dict]):
    """A transform writing input values by key (status, progress, result, date, difficulties)."""
    cols = {"status": 6, "progress": 7, "result": 8, "completion_date": 9, "difficulties": 10}

    def t(rows):
        for row in rows:
            if row[0] in values:
                for f, v in values[row[0]].items():
                    row[cols[f]] = v
        return rows

    return t


def percent_format(path: Path, key: str, fmt: str = "0%") -> Path:
    """Format the progress cell of ``key`` as a percentage (what typing ``50%`` does)."""
    wb = openpyxl.load_workbook(path)
    for row in wb[REPORT_SHEET].iter_rows():
        if row[0].value == key:
            row[7].number_format = fmt
    wb.save(path)
    return path


def keys_of(tmp: Path, unit: str) -> list[str]:
    rows = read_sheets(tmp / "outbox" / f"2023-Q2_{unit}.xlsx")[REPORT_SHEET]
    return [r[0] for r in rows[2:] if r[0]]


def merge(master, *paths, **kw):
    kw.setdefault("now", NOW)
    kw.setdefault("workers", 1)
    return merge_files(master, [str(p) for p in paths], **kw)


def latest(master, unit=None, keep_time_flag=False):
    """The latest reports by (key, unit). Files merged here without --received-at take the
    file's date, and their rows say so (``received_from_file_date``, tested on its own in
    test_merge_mail.py): left out unless ``keep_time_flag``."""
    out = {}
    for r in list_reports(master, "2023-Q2", unit=unit):
        if not keep_time_flag:
            r["flags"] = [f for f in r["flags"] if f != "received_from_file_date"]
        out[(r["key"], r["unit"])] = r
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the normal case ---------------------------------------------------------------------


def test_filled_file_merges_with_values_roles_and_provenance(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")
    k1, k2 = keys[0], keys[2]  # II.1.3 (lead), II.1.8 (coordinating)
    f = rewrite(
        unit_file(tmp, "VHTT", returns),
        fill(
            {
                k1: {
                    "status": "xong",
                    "progress": "100%",
                    "result": "Đã tổ chức 3 hội nghị",
                    "completion_date": "15/5/2023",
                },
                k2: {"status": "Đang thực hiện", "progress": 0.5, "difficulties": "Thiếu kinh phí"},
            }
        ),
    )
    percent_format(f, k2)  # the unit typed 50%: Excel stores 0.5 formatted as a percentage
    res = merge(master, f, received_at="2023-06-14T08:30:00+07:00")
    (entry,) = res["files"]
    assert entry["status"] == "merged" and entry["unit"] == "VHTT" and entry["period"] == "2023-Q2"
    assert entry["rows_merged"] == len(keys) and entry["rows_refused"] == 0
    reps = latest(master)
    r1, r2 = reps[(k1, "VHTT")], reps[(k2, "VHTT")]
    assert (r1["status"], r1["progress"], r1["completion_date"]) == (
        "Hoàn thành",
        100,
        "2023-05-15",
    )
    assert r1["result"] == "Đã tổ chức 3 hội nghị" and r1["role"] == "lead"
    assert (r2["status"], r2["progress"], r2["role"]) == ("Đang thực hiện", 50, "coord")
    assert r2["difficulties"] == "Thiếu kinh phí"
    for r in (r1, r2):
        assert r["verified"] is True and r["flags"] == []
        assert r["received_at"] == "2023-06-14T08:30:00+07:00"
        assert r["source_file"] == f.name and r["sha256"] == sha(f)
    # rows the unit left empty are still recorded, with no status
    empty = [r for (k, _u), r in reps.items() if k not in (k1, k2)]
    assert len(empty) == len(keys) - 2 and all(r["status"] is None for r in empty)
    log = load_master(master).log[-1]
    assert log.command == "merge" and "1" in log.summary


def test_inconsistencies_and_bad_values_are_flagged_not_guessed(env):
    tmp, master, returns = env
    k = keys_of(tmp, "BODE")
    f = rewrite(
        unit_file(tmp, "BODE", returns),
        fill(
            {
                k[0]: {"status": "Hoàn thành", "progress": 60},
                k[1]: {"status": "HT", "completion_date": "2023-07-20"},
                k[2]: {"status": "Hoàn thành", "completion_date": "15/1/2023"},
                k[3]: {
                    "status": "làm gần xong",
                    "progress": "nhiều",
                    "completion_date": "31/06/2023",
                },
                k[4]: {"completion_date": "6/23/2023", "result": "Hoµn thµnh kÕ ho¹ch"},
            }
        ),
    )
    res = merge(master, f)
    assert res["files"][0]["rows_flagged"] == 5
    reps = latest(master, "BODE")
    assert reps[(k[0], "BODE")]["flags"] == ["done_below_100"]
    assert reps[(k[1], "BODE")]["flags"] == ["completion_after_period"]
    assert reps[(k[2], "BODE")]["flags"] == ["completion_before_start"]
    r3 = reps[(k[3], "BODE")]
    assert (r3["status"], r3["progress"], r3["completion_date"]) == (None, None, None)
    assert r3["flags"] == [
        "status_unknown: làm gần xong",
        "progress_invalid: nhiều",
        "date_invalid: 31/06/2023",
    ]
    r4 = reps[(k[4], "BODE")]
    assert r4["completion_date"] is None
    assert r4["flags"] == ["legacy_encoding", "date_ambiguous: 6/23/2023"]


# --- rows and columns moved as a person would -------------------------------------------


def test_reordered_inserted_deleted_duplicated_rows_renamed_sheet_moved_columns(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "QLDT")
    vals = {k: {"result": f"kết quả {k}", "progress": 10 * i + 5} for i, k in enumerate(keys)}

    def person(rows):
        rows = fill(vals)(rows)
        head, body = rows[:2], rows[2:]
        body.reverse()  # reordered
        body.insert(1, [None, None, "Ghi chú của đơn vị"] + [None] * 8)  # inserted
        dup = next(r for r in body if r[0] == keys[1])
        body.append(list(dup))  # duplicated (same values)
        body = [r for r in body if r[0] != keys[-1]]  # deleted
        rows = head + body
        # move the "result" column to the front and add an extra column at the end
        out = []
        for i, r in enumerate(rows):
            r = [r[8]] + r[:8] + r[9:]
            r.append("Ghi chú" if i == 0 else ("#note" if i == 1 else "x"))
            out.append(r)
        return out

    f = rewrite(unit_file(tmp, "QLDT", returns), person, title="BC quý 2")
    res = merge(master, f)
    entry = res["files"][0]
    assert entry["status"] == "merged" and entry["rows_refused"] == 0
    assert entry["rows_merged"] == len(keys) - 1 and entry["rows_missing"] == 1
    reps = latest(master, "QLDT")
    for k in keys[:-1]:
        assert reps[(k, "QLDT")]["result"] == vals[k]["result"]
        assert reps[(k, "QLDT")]["progress"] == vals[k]["progress"]
    assert (keys[-1], "QLDT") not in reps


def test_headers_retyped_without_field_id_row(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")

    def retype(rows):
        rows = fill({keys[0]: {"status": "Chưa triển khai"}})(rows)
        head = ["MÃ NHIỆM VỤ", "STT", "Nội dung", "Vai trò", "Lãnh đạo", "Thời hạn"]
        head += ["Tinh trang", "Tiến độ %", "Kết quả", "Ngày hoàn thành", "Khó khăn"]
        return [head] + rows[2:]

    f = rewrite(unit_file(tmp, "VHTT", returns), retype)
    merge(master, f)
    assert latest(master, "VHTT")[(keys[0], "VHTT")]["status"] == "Chưa triển khai"


def test_unknown_keys_and_keys_of_another_unit_are_refused_row_by_row(env):
    tmp, master, returns = env
    mine, theirs = keys_of(tmp, "VHTT"), keys_of(tmp, "QLDT")
    other = next(k for k in theirs if k not in mine)

    def add(rows):
        rows = fill({mine[0]: {"status": "Hoàn thành", "progress": 100}})(rows)
        rows.append([other, None, None, None, None, None, "Hoàn thành", 100, None, None, None])
        rows.append(["II.9.99", None, None, None, None, None, "Hoàn thành", 100, None, None, None])
        return rows

    res = merge(master, rewrite(unit_file(tmp, "VHTT", returns), add))
    entry = res["files"][0]
    assert entry["status"] == "merged" and entry["rows_merged"] == len(mine)
    assert sorted(r["reason"] for r in entry["refused"]) == ["not_this_unit", "unknown_key"]
    assert {r["key"] for r in entry["refused"]} == {other, "II.9.99"}
    assert not [r for r in list_reports(master, "2023-Q2") if r["key"] in (other, "II.9.99")]
    assert res["totals"]["rows_refused"] == 2


def test_conflicting_duplicate_rows_are_refused_not_guessed(env):
    tmp, master, returns = env
    k = keys_of(tmp, "BODE")[0]

    def dup(rows):
        rows = fill({k: {"status": "Hoàn thành"}})(rows)
        rows.append([k, None, None, None, None, None, "Chậm tiến độ", None, None, None, None])
        return rows

    res = merge(master, rewrite(unit_file(tmp, "BODE", returns), dup))
    assert {r["reason"] for r in res["files"][0]["refused"]} == {"duplicate_key_conflict"}
    assert (k, "BODE") not in latest(master, "BODE")


# --- who sent it ---------------------------------------------------------------------------


def _reject_check(res, master, code, before_reports):
    (entry,) = res["files"]
    assert entry["status"] == "rejected" and entry["reason_code"] == code, entry
    assert entry["hint"] and entry["reason"]
    q = Path(entry["quarantined"])
    assert q.is_file() and q.read_bytes() == Path(entry["file"]).read_bytes()
    reason = q.with_name(q.name + ".reason.txt").read_text(encoding="utf-8")
    assert code in reason and entry["sha256"] in reason
    assert len(load_master(master).reports) == before_reports


def test_tampered_manifest_is_rejected_and_quarantined(env):
    tmp, master, returns = env
    f = unit_file(tmp, "VHTT", returns)
    wb = openpyxl.load_workbook(f)
    ws = wb["_manifest"]
    for row in ws.iter_rows():
        if row[0].value == "keys":  # claim a task of another unit
            row[1].value = row[1].value + ";II.1.1"
    wb.save(f)
    res = merge(master, f)
    _reject_check(res, master, "signature_invalid", 0)
    assert Path(res["files"][0]["quarantined"]).parent == tmp / "quarantine" / "2023-Q2"


def test_foreign_signature_is_rejected(env, tmp_path_factory):
    tmp, master, returns = env
    other = tmp_path_factory.mktemp("other")
    om = build_master(other)  # another office: another secret
    split_workbooks(om, "2023-Q2", other / "outbox", now=NOW)
    f = shutil.copy(other / "outbox" / "2023-Q2_VHTT.xlsx", returns / "2023-Q2_VHTT.xlsx")
    qdir = tmp / "q"
    res = merge(master, f, quarantine=qdir)
    _reject_check(res, master, "signature_invalid", 0)
    assert Path(res["files"][0]["quarantined"]).parent == qdir


def test_hidden_state_changes_alone_are_not_tampering(env):
    tmp, master, returns = env
    f = unit_file(tmp, "QLDT", returns)
    wb = openpyxl.load_workbook(f)
    wb["_manifest"].sheet_state = "visible"  # as Gnumeric shows every hidden sheet
    for ws in wb.worksheets:
        ws.protection.sheet = False
    wb.save(f)
    assert merge(master, f)["files"][0]["status"] == "merged"


def retyped(path: Path, unit_label: str | None, keys: list[str], values: dict) -> Path:
    """A unit re-typed the sheet into a new workbook: no manifest, no field ids."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    if unit_label:
        ws.append(["Đơn vị:", unit_label])
    ws.append(["Mã nhiệm vụ", "Nội dung", "Tình trạng", "Tiến độ (%)", "Kết quả thực hiện"])
    for k in keys:
        v = values.get(k, {})
        ws.append([k, "...", v.get("status"), v.get("progress"), v.get("result")])
    wb.save(path)
    return path


def test_file_without_manifest_is_matched_by_name_and_merged_unverified(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "BODE")
    vals = {keys[0]: {"status": "Đang thực hiện", "progress": 30, "result": "Đang làm"}}
    by_cover = retyped(returns / "bao cao quy 2.xlsx", "UBND phường Bồ Đề", keys, vals)
    res = merge(master, by_cover, period="2023-Q2")
    (entry,) = res["files"]
    assert entry["status"] == "unverified" and entry["unit"] == "BODE"
    assert entry["verified"] is False and res["totals"]["unverified"] == 1
    r = latest(master, "BODE")[(keys[0], "BODE")]
    assert r["verified"] is False and r["flags"] == ["unverified"] and r["progress"] == 30
    # unit named only in the file name (period from it too)
    vals2 = {keys[0]: {"status": "Hoàn thành", "progress": 100}}
    by_name = retyped(returns / "2023-Q2_BODE (sửa).xlsx", None, keys, vals2)
    res = merge(master, by_name)
    assert res["files"][0]["status"] == "unverified" and res["files"][0]["unit"] == "BODE"
    assert latest(master, "BODE")[(keys[0], "BODE")]["status"] == "Hoàn thành"


def test_unknown_unit_and_wrong_period_are_rejected(env):
    tmp, master, returns = env
    nobody = retyped(returns / "bao cao.xlsx", "Phòng Không Tồn Tại", keys_of(tmp, "VHTT"), {})
    res = merge(master, nobody, period="2023-Q2")
    _reject_check(res, master, "unknown_unit", 0)
    f = unit_file(tmp, "VHTT", returns)
    res = merge(master, f, period="2023-Q3")
    _reject_check(res, master, "wrong_period", 0)
    assert "2023-Q2" in res["files"][0]["reason"]


def test_unreadable_files_are_rejected_and_the_batch_goes_on(env):
    tmp, master, returns = env
    good = unit_file(tmp, "VHTT", returns)
    broken = unit_file(tmp, "QLDT", returns)
    broken.write_bytes(broken.read_bytes()[:3000])  # truncated zip
    (returns / "2023-Q2_BODE.xlsx").write_text("not a spreadsheet at all", encoding="utf-8")
    res = merge(master, returns)
    by_name = {Path(f["file"]).name: f for f in res["files"]}
    assert by_name[good.name]["status"] == "merged"
    assert by_name[broken.name]["status"] == "rejected"
    assert by_name[broken.name]["reason_code"] == "corrupt_zip"
    assert (by_name[broken.name]["unit"], by_name[broken.name]["period"]) == ("QLDT", "2023-Q2")
    assert by_name["2023-Q2_BODE.xlsx"]["status"] == "rejected"
    assert res["totals"] == {
        "files": 3, "merged": 1, "unverified": 0, "rejected": 2, "unchanged": 0,
        "no_new_content": 0, "rows_merged": len(keys_of(tmp, "VHTT")), "rows_refused": 0,
        "rows_flagged": 0, "fields_kept": 0, "fields_cleared": 0,
    }  # fmt: skip
    assert {r["unit"] for r in list_reports(master, "2023-Q2")} == {"VHTT"}
    qfiles = sorted(p.name for p in (tmp / "quarantine").rglob("*") if p.is_file())
    assert qfiles == sorted(
        [
            broken.name,
            broken.name + ".reason.txt",
            "2023-Q2_BODE.xlsx",
            "2023-Q2_BODE.xlsx.reason.txt",
        ]
    )


def test_empty_report_sheet_is_rejected(env):
    tmp, master, returns = env
    f = rewrite(unit_file(tmp, "VHTT", returns), lambda rows: rows[:2])
    res = merge(master, f)
    _reject_check(res, master, "empty_sheet", 0)


# --- versions ------------------------------------------------------------------------------


def test_same_file_twice_changes_nothing_and_a_change_is_a_new_version(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")
    f = rewrite(unit_file(tmp, "VHTT", returns), fill({keys[0]: {"status": "Đang thực hiện"}}))
    merge(master, f, received_at="2023-06-12T10:00:00+07:00")
    before = sha(master)
    res = merge(master, f, received_at="2023-06-13T10:00:00+07:00")
    assert res["files"][0]["status"] == "unchanged" and sha(master) == before
    f2 = rewrite(
        f, fill({keys[0]: {"status": "Hoàn thành", "progress": 100}}), out=returns / "v2.xlsx"
    )
    res = merge(master, f2, received_at="2023-06-14T10:00:00+07:00")
    assert res["files"][0]["rows_merged"] == 1  # only the row that changed
    cur = latest(master, "VHTT")[(keys[0], "VHTT")]
    assert (cur["status"], cur["version"], cur["source_file"]) == ("Hoàn thành", 2, "v2.xlsx")
    every = list_reports(master, "2023-Q2", unit="VHTT", all_versions=True)
    assert [r["status"] for r in every if r["key"] == keys[0]] == ["Đang thực hiện", "Hoàn thành"]
    assert len(every) == len(keys) + 1


def test_two_returns_in_one_batch_latest_received_wins(env):
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")[0]
    early = rewrite(unit_file(tmp, "QLDT", returns, "a.xlsx"), fill({k: {"progress": 90}}))
    late = rewrite(unit_file(tmp, "QLDT", returns, "b.xlsx"), fill({k: {"progress": 40}}))
    os.utime(early, (time.time(), time.time()))
    os.utime(late, (time.time() - 86400, time.time() - 86400))  # b was received first
    merge(master, early, late)
    assert latest(master, "QLDT")[(k, "QLDT")]["progress"] == 90


def test_received_time_precedence(env):
    tmp, master, returns = env
    a = unit_file(tmp, "VHTT", returns)
    b = unit_file(tmp, "QLDT", returns)
    meta = {"sender": "x@y", "message_date": "2023-06-16T07:00:00+07:00", "sha256": sha(b)}
    Path(str(b) + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    os.utime(a, (1686700000, 1686700000))
    res = merge(master, returns)
    assert res["totals"]["files"] == 2  # the .meta.json beside b is not a return
    got = {f["unit"]: f["received_at"] for f in res["files"]}
    assert got["QLDT"] == "2023-06-16T07:00:00+07:00"
    assert got["VHTT"] == dt.datetime.fromtimestamp(1686700000, TZ).isoformat()
    c = unit_file(tmp, "BODE", returns)
    res = merge(master, c, received_at="2023-06-01T00:00:00+07:00")
    assert res["files"][0]["received_at"] == "2023-06-01T00:00:00+07:00"


# --- the master is safe --------------------------------------------------------------------


def test_a_second_concurrent_merge_is_refused(env):
    tmp, master, returns = env
    f = unit_file(tmp, "VHTT", returns)
    with master_lock(master, "merge"), pytest.raises(LockedError) as err:
        merge(master, f)
    assert "sheettools" not in err.value.one_line() or err.value.hint
    assert load_master(master).reports == []


KILL_SCRIPT = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    import sheettools.store as store
    real = store.write_master
    def slow(master, target, *args):
        real(master, target, *args)
        Path(sys.argv[3]).write_text(str(target))
        time.sleep(60)
    store.write_master = slow
    from sheettools.merge import merge_files
    merge_files(sys.argv[1], [sys.argv[2]], now=dt.datetime(2023, 6, 10), workers=1)
    """
)


def test_killed_mid_save_leaves_the_master_intact(env):
    tmp, master, returns = env
    f = unit_file(tmp, "VHTT", returns)
    before = read_sheets(master)
    marker = tmp / "saving"
    script = tmp / "kill.py"
    script.write_text(KILL_SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), str(master), str(f), str(marker)])
    try:
        deadline = time.time() + 30
        while not marker.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the merge never reached the save"
        assert Path(marker.read_text()).exists()  # the temporary file is written
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    assert read_sheets(master) == before
    assert load_master(master).reports == []
    # the dead process's lock is taken over, and the merge can be redone
    assert merge(master, f)["files"][0]["status"] == "merged"


# --- the CLI -------------------------------------------------------------------------------


def test_cli_merge_and_reports(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    rewrite(unit_file(tmp, "VHTT", returns), fill({k: {"status": "HT", "progress": 100}}))
    (returns / "junk.xlsx").write_bytes(b"PK\x03\x04broken")
    runner = CliRunner()
    r = runner.invoke(cli, ["--lang", "en", "merge", str(master), str(returns), "--format", "json"])
    assert r.exit_code == 1, r.output  # some files were rejected
    out = json.loads(r.stdout)
    assert out["totals"]["merged"] == 1 and out["totals"]["rejected"] == 1
    r = runner.invoke(cli, ["--lang", "en", "merge", str(master), str(returns / "junk.xlsx")])
    assert r.exit_code == 1 and "junk.xlsx" in r.output
    r = runner.invoke(
        cli,
        ["reports", str(master), "--period", "Quý II/2023", "--unit", "VHTT", "--format", "json"],
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    need = {"period", "key", "unit", "role", "status", "progress", "result", "completion_date"}
    need |= {"difficulties", "received_at", "source_file", "sha256", "verified", "flags"}
    assert rows and all(need <= set(x) for x in rows)
    assert next(x for x in rows if x["key"] == k)["status"] == "Hoàn thành"
    assert all(x["status"] in STATUSES or x["status"] is None for x in rows)
    r = runner.invoke(cli, ["reports", str(master), "--period", "2023-Q2", "--format", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("period,key,unit")


# --- property: reorderings, insertions and edits never lose or misattribute a value -------

TEXT = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạếềểễệốồổỗộớờởỡợ 0123456789,.", max_size=30
)
CELL = st.fixed_dictionaries(
    {
        "status": st.sampled_from([None, *STATUSES, "xong", "HT", "chưa rõ"]),
        # 1 is left out: a cell holding 1 reads as 100% (a cell typed "100%" holds 1)
        "progress": st.one_of(st.none(), st.integers(0, 100).filter(lambda x: x != 1)),
        "result": TEXT,
        "difficulties": TEXT,
        "completion_date": st.one_of(
            st.none(), st.dates(dt.date(2023, 2, 1), dt.date(2023, 6, 30))
        ),
    }
)


@pytest.fixture(scope="module")
def prop_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("prop")
    master = build_master(tmp)
    split_workbooks(master, "2023-Q2", tmp / "outbox", now=NOW)
    return tmp, master


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_property_reorder_insert_edit_never_loses_or_misattributes(prop_env, data):
    tmp, master0 = prop_env
    unit = data.draw(st.sampled_from(UNITS))
    keys = keys_of(tmp, unit)
    values = {k: data.draw(CELL) for k in keys}
    seed = data.draw(st.integers(0, 10**6))
    n_junk = data.draw(st.integers(0, 3))
    n_notes = data.draw(st.integers(0, 3))

    def person(rows):
        rows = fill({k: {f: v for f, v in vals.items()} for k, vals in values.items()})(rows)
        head, body = rows[:2], rows[2:]
        rnd = random.Random(seed)
        rnd.shuffle(body)
        for i in range(n_junk):
            body.insert(rnd.randrange(len(body) + 1), [f"X.{i}", None, "?", None, None, None, "HT"])
        for _ in range(n_notes):
            body.insert(rnd.randrange(len(body) + 1), [None, None, "ghi chú", None, None])
        return head + body

    with tempfile.TemporaryDirectory() as d:
        m = Path(d) / "master.xlsx"
        shutil.copy(master0, m)
        shutil.copy(tmp / ".sheettools-secret", Path(d) / ".sheettools-secret")
        f = rewrite(tmp / "outbox" / f"2023-Q2_{unit}.xlsx", person, out=Path(d) / "ret.xlsx")
        res = merge(m, f)
        assert res["files"][0]["status"] == "merged"
        assert res["files"][0]["rows_refused"] == n_junk
        got = latest(m, unit)
    assert set(got) == {(k, unit) for k in keys}
    for k, v in values.items():
        r = got[(k, unit)]
        exp_status = {"xong": "Hoàn thành", "HT": "Hoàn thành", "chưa rõ": None}.get(
            v["status"], v["status"]
        )
        assert r["status"] == exp_status
        assert r["progress"] == v["progress"]
        assert r["result"] == normalize_text(v["result"])[0]
        assert r["difficulties"] == normalize_text(v["difficulties"])[0]
        exp_date = v["completion_date"].isoformat() if v["completion_date"] else None
        assert r["completion_date"] == exp_date


def test_hostile_files_are_rejected_and_nothing_reaches_the_master(env):
    import zipfile

    from hostile_files import XXE, raw_zip, xlsx_entries, zeros_member

    tmp, master, returns = env
    src = tmp / "outbox" / "2023-Q2_VHTT.xlsx"
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    bomb = xlsx_entries(parts) + [zeros_member("xl/media/image1.bin", gib=2)]
    raw_zip(returns / "2023-Q2_VHTT.xlsx", bomb)
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet2"))
    evil = dict(parts)
    evil[sheet] = XXE.encode() + parts[sheet].split(b"?>", 1)[1]
    with zipfile.ZipFile(returns / "2023-Q2_QLDT.xlsx", "w") as z:
        for n, d in evil.items():
            z.writestr(n, d)
    try:
        from hostile_files import encrypt_ooxml

        encrypt_ooxml(tmp / "outbox" / "2023-Q2_BODE.xlsx", returns / "2023-Q2_BODE.xlsx")
        expect = {"zip_bomb", "xml_entities", "encrypted"}
    except ImportError:  # msoffcrypto-tool is the safety tests' dependency
        expect = {"zip_bomb", "xml_entities"}
    res = merge(master, returns)
    assert {f["reason_code"] for f in res["files"]} == expect
    assert all(f["status"] == "rejected" and f["reason"] for f in res["files"])
    assert load_master(master).reports == []
    assert len(list((tmp / "quarantine").rglob("*.reason.txt"))) == len(expect)


def test_log_details_of_a_big_batch_fit_in_one_excel_cell():
    from sheettools.merge import _log_details

    files = [
        {"file": f"in/2023-Q2_U{i:04d}.xlsx", "status": "merged", "unit": f"U{i:04d}",
         "rows_merged": 150, "rows_refused": 0, "rows_flagged": 0}
        for i in range(1000)
    ]  # fmt: skip
    text = _log_details(files)
    assert len(text) <= 32_767
    shown = text.count("\n")
    assert text.endswith(f"(+{1000 - shown})") and "2023-Q2_U0000.xlsx: merged [U0000]" in text
