"""The master workbook: round trips, a person's edits in Excel read back, atomic saves, lock."""

from __future__ import annotations

import datetime as dt
import json
import os
import time

import openpyxl
import pytest

from sheettools.errors import FileError, InputError, LockedError
from sheettools.model import Master, Report, Task, Unit
from sheettools.periods import default_periods, get_period
from sheettools.store import load_master, lock_path, master_lock, previous_path, save_master


def small_master() -> Master:
    m = Master()
    m.plan.year, m.plan.title = 2023, "Biểu <tiến độ> & năm 2023"
    m.tasks = [
        Task(key="I", section="I", number="I", kind="group", content="CHỈ TIÊU (01 chỉ tiêu)", stated_count=1),
        Task(key="I.1", section="I", number="1", parent="I", content="=SUM(A1) +1\nhai dòng", lead_units=["VHTT"],
             due_date="2023-11-30", milestones=["2023-03-31"], recurring=True, flags=["a, b", "c"],
             source_rows=[3, 4], order=1),
    ]  # fmt: skip
    m.units = [
        Unit(
            code="VHTT",
            name="Phòng Văn hóa - Thông tin",
            aliases=["Phòng VH-TT"],
            email=["a@x.example", "b@x.example"],
        )
    ]
    m.periods = default_periods(2023)
    m.reports = [
        Report(period="2023-Q2", key="I.1", unit="VHTT", status="Hoàn thành", progress=100, result="@cmd \x07",
               completion_date="2023-06-10", verified=False, flags=["unverified"]),
    ]  # fmt: skip
    m.settings = {"due_soon_days": "10"}
    return m


def test_round_trip_keeps_every_value(tmp_path):
    m = small_master()
    p = tmp_path / "m.xlsx"
    save_master(m, p)
    back = load_master(p)
    assert back.tasks == m.tasks and back.units == m.units and back.reports == m.reports
    assert back.periods == m.periods and back.plan == m.plan and back.settings == m.settings


def test_text_is_written_as_text_never_a_formula(tmp_path):
    p = tmp_path / "m.xlsx"
    save_master(small_master(), p)
    ws = openpyxl.load_workbook(p)["plan"]
    col = [c.value for c in ws[1]].index("content") + 1
    cell = ws.cell(row=3, column=col)
    assert cell.data_type == "s" and cell.value.startswith("=SUM(A1)")


def _edit(path, sheet, key_col, key, col, fn):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    head = {c.value: i for i, c in enumerate(ws[1])}
    for r in ws.iter_rows(min_row=2):
        if r[head[key_col]].value == key:
            r[head[col]].value = fn(r[head[col]].value)
    wb.save(path)


def test_edits_made_in_excel_are_read_back(seed_master):
    """A person fixes a unit code, adds an alias and changes a due date (openpyxl as Excel)."""
    from sheettools.planimport import reresolve_master

    now = dt.datetime(2023, 6, 1)
    # the registry lacks a spelling: the plan's "Phòng VTTT" (a typo) no longer resolves
    _edit(
        seed_master,
        "units",
        "code",
        "VHTT",
        "aliases",
        lambda v: "; ".join(a for a in v.split("; ") if a != "Phòng VTTT"),
    )
    assert "Phòng VTTT" in reresolve_master(seed_master, now=now, all_tasks=True)
    assert "unresolved_unit: Phòng VTTT" in load_master(seed_master).task("II.1.11").flags
    # in Excel: reassign a task by its code, add the alias back, move the quarter's due date
    _edit(seed_master, "plan", "key", "II.1.1", "lead_units", lambda v: "BDV")
    _edit(seed_master, "units", "code", "VHTT", "aliases", lambda v: v + "; Phòng VTTT")
    _edit(seed_master, "periods", "code", "2023-Q2", "due_date", lambda v: dt.datetime(2023, 6, 20))

    m = load_master(seed_master)
    assert m.task("II.1.1").lead_units == ["BDV"]
    assert get_period(m, "Quý II/2023").due_date == "2023-06-20"
    assert reresolve_master(seed_master, now=now) == {}
    m = load_master(seed_master)
    assert m.task("II.1.11").lead_units == ["VHTT"] and m.task("II.1.11").flags == [
        "before_plan_year"
    ]
    assert m.task("II.1.1").lead_units == ["BDV"]  # the code fixed by hand is kept
    assert m.log[-1].command == "units resolve"


def test_save_is_atomic_and_keeps_the_previous_version(tmp_path):
    p = tmp_path / "m.xlsx"
    m = small_master()
    save_master(m, p)
    first = p.read_bytes()
    m.reports.append(
        Report(period="2023-Q2", key="I.1", unit="VHTT", version=2, status="Đang thực hiện")
    )
    save_master(m, p)
    assert previous_path(p).read_bytes() == first
    assert len(load_master(p).reports) == 2
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_failed_write_leaves_master_untouched(tmp_path, monkeypatch):
    import sheettools.store as store

    p = tmp_path / "m.xlsx"
    save_master(small_master(), p)
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "write_master", boom)
    with pytest.raises(FileError) as err:
        save_master(small_master(), p)
    # the message names the master and why, never the temporary file
    assert err.value.location == str(p) and "No space left on device" in err.value.one_line()
    assert ".tmp" not in err.value.one_line()
    assert p.read_bytes() == before
    assert [f for f in os.listdir(tmp_path) if f.endswith(".tmp")] == []


def test_lock_refuses_a_second_writer_and_takes_over_stale_locks(tmp_path):
    p = tmp_path / "m.xlsx"
    with master_lock(p, "merge"):
        with pytest.raises(LockedError, match="merge"):
            with master_lock(p, "merge"):
                pass
    assert not lock_path(p).exists()
    import socket

    lock_path(p).write_text(f"999999999@{socket.gethostname()} merge 2023-01-01T00:00:00")
    with master_lock(p, "merge"):  # a file left behind is no lock
        pass


def test_the_lock_of_a_killed_process_is_free_and_no_pid_is_probed(tmp_path, monkeypatch):
    """The operating system's lock ends with its holder: a holder killed without cleanup
    (TerminateProcess on Windows, SIGKILL here) leaves a file but no lock, and taking it over
    never signals a process id (``os.kill(pid, 0)`` would send Ctrl-C on Windows)."""
    import subprocess
    import sys

    p = tmp_path / "m.xlsx"
    ready = tmp_path / "ready"
    code = (
        "import sys, time, pathlib; from sheettools.store import master_lock\n"
        "with master_lock(sys.argv[1], 'merge'):\n"
        "    pathlib.Path(sys.argv[2]).write_text('x'); time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(p), str(ready)])
    try:
        for _ in range(300):
            if ready.exists() or proc.poll() is not None:
                break
            time.sleep(0.05)
        assert ready.exists()
        who = f"{proc.pid}@.* merge" if sys.platform != "win32" else ""  # (Windows: unreadable)
        with pytest.raises(LockedError, match=who):
            with master_lock(p, "merge"):
                pass
    finally:
        proc.kill()
        proc.wait(10)
    assert lock_path(p).exists()  # killed: nothing removed its file

    def no_kill(*a):
        raise AssertionError("a process was signalled")

    monkeypatch.setattr(os, "kill", no_kill)
    with master_lock(p, "merge"):
        if sys.platform != "win32":
            assert str(os.getpid()) in lock_path(p).read_text()
    assert not lock_path(p).exists()


def test_not_a_master_is_a_clear_error(tmp_path):
    p = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.save(p)
    with pytest.raises(InputError, match="plan"):
        load_master(p)


def test_json_of_units_and_tasks_is_plain_data(seed_master):
    from sheettools.views import list_tasks, list_units

    m = load_master(seed_master)
    json.dumps(list_tasks(m), ensure_ascii=False)
    json.dumps(list_units(m), ensure_ascii=False)


def _members(path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        return {n: zf.read(n) for n in zf.namelist()}


def _more_reports(n: int, start: int = 0) -> list:
    from sheettools.store import REPORT_COLUMNS, ReportRow

    rows = []
    for i in range(start, start + n):
        r = Report(period="2023-Q2", key="I.1", unit="VHTT", version=i + 2, status=None if i % 3 else "Đang thực hiện",
                   progress=i % 101, result=f"kết quả <{i}> & \"x\"", completion_date=None if i % 2 else "2023-06-01",
                   received_at="2023-06-14T09:30:00+07:00", source_file=f"f{i % 7}.xlsx", sha256=f"{i % 7:064x}",
                   verified=bool(i % 2), flags=["unverified"] if i % 2 == 0 else [], merged_at="2023-06-20T09:00:00+07:00")  # fmt: skip
        rows.append(ReportRow(*(getattr(r, c) for c in REPORT_COLUMNS)))
    return rows


def test_reports_stream_writes_the_same_workbook_and_cache(tmp_path):
    """A merge renders the reports sheet while it reads files (ReportsStream): the saved file
    has the same parts, byte for byte, as a save that renders everything at the end, and its
    cache gives the same master as reading the workbook."""
    from sheettools.store import ReportsStream

    plain, streamed = small_master(), small_master()
    rows = _more_reports(5000)
    plain.reports += [Report(*r) for r in rows]
    stream = ReportsStream(streamed)
    assert stream.pump() == 0  # nothing added yet: nothing rendered
    stream.add(rows[0])
    stream.add_many(rows[1:2500])
    assert stream.pump(1000) == 1000 and stream.pending == 1501
    stream.add_many(rows[2500:])
    save_master(plain, tmp_path / "plain.xlsx")
    save_master(streamed, tmp_path / "streamed.xlsx", reports=stream)
    assert _members(tmp_path / "plain.xlsx") == _members(tmp_path / "streamed.xlsx")
    from_cache = load_master(tmp_path / "streamed.xlsx")
    from_book = load_master(tmp_path / "streamed.xlsx", use_cache=False)
    assert from_cache.reports == from_book.reports == plain.reports
    assert from_cache.tasks == from_book.tasks and from_cache.units == from_book.units
    wb = openpyxl.load_workbook(tmp_path / "streamed.xlsx", read_only=True)
    assert sum(1 for _ in wb["reports"].iter_rows()) == len(plain.reports) + 1


def test_reports_stream_falls_back_when_its_contract_is_broken(tmp_path):
    from sheettools.store import ReportsStream

    m = small_master()
    stream = ReportsStream(m)
    stream.add_many(_more_reports(10))
    stream.pump()
    m.reports.append(Report(period="2023-Q2", key="I.1", unit="VHTT", version=99))  # not via add
    save_master(m, tmp_path / "m.xlsx", reports=stream)
    back = load_master(tmp_path / "m.xlsx", use_cache=False)
    assert back.reports == m.reports and back.reports[-1].version == 99


def test_master_parts_are_deflated_and_readable_by_zipfile_and_calamine(tmp_path):
    from python_calamine import CalamineWorkbook

    m = small_master()
    m.reports += [Report(*r) for r in _more_reports(300)]
    save_master(m, tmp_path / "m.xlsx")
    parts = _members(tmp_path / "m.xlsx")  # (CRC-32 of every part checked)
    assert "xl/worksheets/sheet5.xml" in parts and "[Content_Types].xml" in parts
    wb = CalamineWorkbook.from_path(str(tmp_path / "m.xlsx"))
    assert len(wb.get_sheet_by_name("reports").to_python()) == len(m.reports) + 1


@pytest.mark.parametrize(
    ("sheet", "column", "value", "match"),
    [
        ("units", "level", "xyz", "xyz"),
        ("plan", "key", None, "key"),
        ("periods", "due_date", None, "hạn nộp|due date"),
        ("reports", "received_at", "hôm qua", "hôm qua"),
    ],
)
def test_a_refusal_on_load_names_the_row_excel_shows_below_blank_rows(
    tmp_path, sheet, column, value, match
):
    """Blank rows left in a sheet (a person deleted a row's contents, or spaced the table
    out) do not shift the row a load-time refusal names: it is the row Excel shows."""
    m = small_master()
    m.units.append(Unit(code="GT", name="Phòng Giao thông"))
    m.reports.append(Report(period="2023-Q3", key="I.1", unit="GT", status="Hoàn thành"))
    p = tmp_path / "master.xlsx"
    save_master(m, p)
    wb = openpyxl.load_workbook(p)
    ws = wb[sheet]
    ws.insert_rows(2, amount=3)  # three blank rows under the header
    last = ws.max_row
    col = next(c.column for c in ws[1] if c.value == column)
    ws.cell(row=last, column=col).value = value
    wb.save(p)
    with pytest.raises(InputError, match=match) as ei:
        load_master(p)
    assert ei.value.sheet == sheet and ei.value.row == last, (ei.value.row, last)
    assert ei.value.location.endswith(f"[{sheet}] row {last}")
