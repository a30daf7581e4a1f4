"""The hidden replay of issue 10 (helper issue-10t): what a clerk, a unit or an attacker did to
a demo master that lost or bent something, or printed a traceback, each fixed in the library.
The findings table is /work/brief/hostile10.md (copied into the session note)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import resource
import shutil
import socket
import stat
import subprocess
from email.message import EmailMessage

import openpyxl
import pytest

import test_no_traceback as ntb
from conftest import require_system_program
from hostile_files import OdsCell, make_ods
from sheettools import plansource, store
from sheettools.errors import InputError
from sheettools.merge import _Checked, _quarantine, collect_paths, list_reports, shown_name
from sheettools.store import load_master
from sheettools.xlsxio import read_sheets
from test_merge import REPORT_SHEET, fill, keys_of, latest, make_env, merge, rewrite, unit_file
from test_no_traceback import assert_one_line, build_args, run

SAMPLE_PLAN = ntb.SAMPLE / "plan.txt"
world_template = ntb.world_template  # (the no-traceback matrix's good world of files)
world = ntb.world


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def test_a_pipe_or_device_given_to_merge_is_refused_before_anything_reads_it(tmp_path):
    # /dev/zero given to merge was refused by the reader (too large) and then copied into the
    # quarantine without end until the disk was full; a pipe hung the quarantine's copy.
    fifo = tmp_path / "ret.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as e:
        collect_paths([fifo])
    assert str(fifo) in e.value.one_line()
    with pytest.raises(InputError):
        collect_paths(["/dev/zero"])
    # inside a folder, such entries are never picked up
    (tmp_path / "r").mkdir()
    os.mkfifo(tmp_path / "r" / "p.xlsx")
    assert collect_paths([tmp_path / "r"]) == []


def test_the_quarantine_never_copies_a_device(tmp_path):
    qdir = tmp_path / "q"
    ck = _Checked(path=tmp_path / "zero.xlsx", sha256="ab" * 32, reason_code="too_large")
    os.symlink("/dev/zero", ck.path)  # (a returns folder with a link to a device)
    # (a file size limit, so that a copy without end fails here instead of filling the disk)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8 << 20, hard))
    try:
        _quarantine(ck, qdir, now=dt.datetime(2023, 6, 20))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert ck.quarantined == "" and not list(qdir.glob("*.xlsx"))


@pytest.mark.parametrize("command", ["summary", "rollup", "report"])
def test_an_output_that_is_not_a_file_is_refused_never_replaced(world, command):
    # `summary -o /dev/full --force` replaced the device with the workbook and said "written"
    target = world.root / ("q2.docx" if command == "report" else "out.xlsx")
    sock = socket.socket(socket.AF_UNIX)  # (a special file no reader blocks on, unlike a pipe)
    sock.bind(str(target))
    try:
        r = run([*build_args(world, command, {"output": str(target)}), "--force"])
    finally:
        sock.close()
    assert_one_line(r, names=target.name)
    assert stat.S_ISSOCK(os.lstat(target).st_mode)


def test_summary_is_written_only_under_an_xlsx_name(world):
    # `summary -o TONGHOP.docx` wrote a workbook under a Word name (Word cannot open it)
    r = run(build_args(world, "summary", {"output": str(world.root / "TONGHOP.docx")}))
    assert_one_line(r, names="TONGHOP.docx")
    assert not (world.root / "TONGHOP.docx").exists()


@pytest.mark.parametrize("port", ["99999", "-1"])
def test_app_with_a_port_out_of_range_is_one_line(world, port):
    master = str(world.role("master"))
    r = run(["app", master, "--no-browser", "--port", port])  # (was an OverflowError traceback)
    assert_one_line(r, names="--port")


def test_tasks_of_a_unit_the_master_does_not_hold_is_an_error_not_an_empty_list(world):
    r = run(build_args(world, "tasks") + ["--unit", "KHONGCO"])  # (was exit 0, no output)
    assert_one_line(r, names="KHONGCO")


def _filled(tmp, returns, name, values):
    return rewrite(unit_file(tmp, "VHTT", returns, name), fill(values))


def test_an_unread_answer_stays_shown_when_a_later_return_leaves_its_cell_empty(env):
    # A unit typed 0.3 in the whole-number progress column (ambiguous: flagged, nothing
    # stored) and a TCVN3 result; its next return filled other cells only. The new version
    # dropped both flags: the office no longer saw that the progress answer was never read.
    tmp, master, returns = env
    k, k2 = keys_of(tmp, "VHTT")[:2]
    first = {"status": "Đang thực hiện", "progress": 0.3, "result": "Hoµn thµnh"}
    merge(master, _filled(tmp, returns, "a.xlsx", {k: first}), received_at="2023-06-12T09:00")
    before = latest(master, "VHTT")[(k, "VHTT")]
    assert "progress_ambiguous: 0.3" in before["flags"] and "legacy_encoding" in before["flags"]
    later = {k: {"completion_date": "15/06/2023"}, k2: {"status": "Hoàn thành"}}
    merge(master, _filled(tmp, returns, "b.xlsx", later), received_at="2023-06-14T09:00")
    now = latest(master, "VHTT")[(k, "VHTT")]
    assert now["version"] == 2 and now["completion_date"] == "2023-06-15"
    assert now["progress"] is None and now["result"] == before["result"]
    assert "progress_ambiguous: 0.3" in now["flags"] and "legacy_encoding" in now["flags"]
    # a value typed later replaces the unread one, and its flag goes
    merge(master, _filled(tmp, returns, "c.xlsx", {k: {"progress": 40, "result": "Xong"}}),
          received_at="2023-06-15T09:00")  # fmt: skip
    now = latest(master, "VHTT")[(k, "VHTT")]
    assert now["progress"] == 40 and now["flags"] == []


def test_an_attachment_named_like_the_master_is_shown_with_its_message(env):
    # the table cut "thu/1.eml › ../../master.xlsx" down to "master.xlsx": a row that said
    # the master itself had been merged
    tmp, master, returns = env
    att = _filled(tmp, returns, "a.xlsx", {keys_of(tmp, "VHTT")[0]: {"status": "Hoàn thành"}})
    msg = EmailMessage()
    msg["Subject"], msg["Date"] = "Báo cáo", "Fri, 16 Jun 2023 09:00:00 +0700"
    msg.set_content("Gửi báo cáo")
    msg.add_attachment(att.read_bytes(), maintype="application", subtype="octet-stream",
                       filename="../../master.xlsx")  # fmt: skip
    (tmp / "thu").mkdir()
    (tmp / "thu" / "1.eml").write_bytes(bytes(msg))
    att.unlink()
    r = run(["merge", master, tmp / "thu", "-p", "2023-Q2"])
    assert r.exit_code == 0, r.stderr
    assert "1.eml" in r.stdout
    assert shown_name("thu/1.eml › ../../master.xlsx") == "1.eml › ../../master.xlsx"
    assert shown_name("returns/2023-Q2_TP.xlsx") == "2023-Q2_TP.xlsx"


def _retyped(values, titles):
    """A re-typed report sheet: no field-id row, header titles of the unit's own choosing."""

    def t(rows):
        rows = fill(values)(rows)
        del rows[1]
        for c, title in titles.items():
            rows[0][c] = title
        return rows

    return t


def test_a_retyped_header_is_read_or_its_column_named_as_not_read(env):
    # "Tỷ lệ hoàn thành" (the y spelling) was not a progress title: the typed 80 was dropped
    # and nothing said so; a column merge cannot place is now named in a warning line
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    values = {k: {"status": "Đang thực hiện", "progress": 80, "difficulties": "Thiếu vốn"}}
    f = rewrite(unit_file(tmp, "VHTT", returns, "a.xlsx"),
                _retyped(values, {7: "Tỷ lệ hoàn thành (%)", 10: "Ghi chú"}))  # fmt: skip
    res = merge(master, f, received_at="2023-06-12T09:00")
    got = latest(master, "VHTT")[(k, "VHTT")]
    assert got["progress"] == 80 and got["status"] == "Đang thực hiện"
    assert res["files"][0]["no_column"] == ["difficulties"]
    r = run(["merge", master, f, "-p", "2023-Q2", "--received-at", "2023-06-13T09:00"])
    assert "a.xlsx" in r.stdout  # (unchanged: the same file again says nothing more)
    f2 = rewrite(unit_file(tmp, "VHTT", returns, "b.xlsx"),
                 _retyped({k: {"status": "Hoàn thành", "difficulties": "x"}}, {10: "Ghi chú"}))  # fmt: skip
    r = run(["merge", master, f2, "-p", "2023-Q2", "--received-at", "2023-06-14T09:00"])
    assert r.exit_code == 0
    assert "b.xlsx: không thấy cột Khó khăn, vướng mắc, đề xuất" in r.stdout


def test_a_setting_typed_with_inner_spaces_is_kept_as_typed_through_a_save(env):
    # `Số:      /BC-MTTQ` (room for the number written by hand) came back `Số: /BC-MTTQ`
    # after any command that saves the whole master (units resolve here): a setting changed
    tmp, master, _returns = env
    wb = openpyxl.load_workbook(master)
    ws = wb["settings"]
    ws.append(["doc_number", "Số:      /BC-MTTQ"])
    ws.append(["doc_recipients", "Thường trực Quận ủy;\nLưu: VT"])
    wb.save(master)
    assert load_master(master).settings["doc_number"] == "Số:      /BC-MTTQ"
    r = run(["units", "resolve", master])
    assert r.exit_code == 0, r.stderr
    got = {row[0]: row[1] for row in read_sheets(master)["settings"][1:] if row}
    assert got["doc_number"] == "Số:      /BC-MTTQ"
    assert got["doc_recipients"] == "Thường trực Quận ủy;\nLưu: VT"
    assert load_master(master).settings["doc_number"] == "Số:      /BC-MTTQ"


def _as_grid(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_error_and_formula_cells_of_an_ods_return_are_flagged(env):
    # LibreOffice saves `=SUM(1,2) là …` typed in a cell as a formula with an error
    # (calcext:value-type="error", shown Err:509); the reader gives it as empty, and in an
    # .ods (or .xls) return it vanished with no flag: only .xlsx was looked at
    tmp, master, _returns = env
    keys = keys_of(tmp, "VHTT")
    sheets = _as_grid(tmp / "outbox" / "2023-Q2_VHTT.xlsx")
    del sheets["_manifest"]  # (a hand-made .ods: matched by its name, merged unverified)
    rows = sheets[REPORT_SHEET]
    at = {r[0]: i for i, r in enumerate(rows) if r and r[0] in keys}
    rows[at[keys[0]]][6] = "Hoàn thành"
    rows[at[keys[0]]][8] = OdsCell(
        '<table:table-cell table:formula="of:=SUM(1;2) là" office:value-type="string" '
        'office:string-value="" calcext:value-type="error"><text:p>Err:509</text:p>'
        "</table:table-cell>"
    )
    rows[at[keys[1]]][6] = "Đang thực hiện"
    rows[at[keys[1]]][9] = OdsCell(
        '<table:table-cell table:formula="of:=TODAY()" office:value-type="date" '
        'office:date-value="2023-06-14"><text:p>14/06/2023</text:p></table:table-cell>'
    )
    rows[at[keys[2]]][6] = "Đang thực hiện"
    rows[at[keys[2]]][8] = OdsCell('<table:table-cell table:formula="of:=[.A1]"/>')
    f = make_ods(tmp / "returns" / "2023-Q2_VHTT.ods", sheets)
    res = merge(master, f, period="2023-Q2", received_at="2023-06-14T09:00")
    assert res["files"][0]["status"] == "unverified", res["files"][0]
    got = latest(master, "VHTT")
    assert "error_value: Err:509" in got[(keys[0], "VHTT")]["flags"]
    assert got[(keys[0], "VHTT")]["status"] == "Hoàn thành"
    assert "volatile_formula: completion_date =TODAY()" in got[(keys[1], "VHTT")]["flags"]
    assert "formula_no_value: result" in got[(keys[2], "VHTT")]["flags"]


@pytest.mark.libreoffice
def test_an_error_cell_of_an_xls_return_is_flagged(env):
    tmp, master, returns = env
    soffice = require_system_program("soffice", "libreoffice")
    k = keys_of(tmp, "VHTT")[0]
    src = _filled(tmp, returns, "src.xlsx", {k: {"status": "Hoàn thành", "result": "=1/0"}})
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
         "--convert-to", "xls", "--outdir", str(tmp / "lo"), str(src)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    f = shutil.copy(tmp / "lo" / "src.xls", returns / "2023-Q2_VHTT.xls")
    src.unlink()
    res = merge(master, f, received_at="2023-06-14T09:00")
    assert res["files"][0]["status"] == "merged", res["files"][0]  # (still signed)
    got = latest(master, "VHTT")[(k, "VHTT")]
    assert got["status"] == "Hoàn thành" and "error_value: #DIV/0!" in got["flags"]


def test_a_retyped_file_whose_cover_and_name_disagree_on_the_unit_is_refused(env):
    # VHTT's form, without its manifest, sent as 2023-Q2_QLDT.xlsx: merged as VHTT (the cover)
    # with no word that the file's name says QLDT; which unit wrote it is a guess
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    f = _filled(tmp, returns, "2023-Q2_QLDT.xlsx", {k: {"status": "Hoàn thành"}})
    wb = openpyxl.load_workbook(f)
    del wb["_manifest"]
    wb.save(f)
    res = merge(master, f, period="2023-Q2", received_at="2023-06-14T09:00")
    (entry,) = res["files"]
    assert entry["status"] == "rejected" and entry["reason_code"] == "unknown_unit"
    assert "VHTT" in entry["reason"] and "QLDT" in entry["reason"]
    assert latest(master, "VHTT") == {} and latest(master, "QLDT") == {}
    # named by its own code, or by a name that says nothing else, it merges (unverified)
    g = shutil.copy(f, returns / "2023-Q2_VHTT.xlsx")
    assert merge(master, g, period="2023-Q2")["files"][0]["status"] == "unverified"


def test_a_plan_source_that_is_not_a_plan_file_is_one_line(world, monkeypatch):
    # `plan inspect /dev/zero` read without end until the kernel killed it (no message);
    # a source no plan is as large as is refused before it is read
    sock_path = world.root / "plan.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        r = run(["plan", "inspect", sock_path])
    finally:
        sock.close()
    assert_one_line(r, names="plan.sock")
    monkeypatch.setattr(plansource, "MAX_PLAN_BYTES", 1000)
    big = world.root / "ke-hoach.txt"
    big.write_text("TT | Nội dung\n" * 200, encoding="utf-8")
    r = run(["plan", "import", big, "-o", world.root / "m2.xlsx"])
    assert_one_line(r, names="ke-hoach.txt")
    assert not (world.root / "m2.xlsx").exists()


def _edit_master(master, sheet, fn):
    wb = openpyxl.load_workbook(master)
    fn(wb[sheet])
    wb.save(master)


def _merged_once(tmp, master, returns):
    k = keys_of(tmp, "VHTT")[0]
    merge(master, _filled(tmp, returns, "a.xlsx", {k: {"status": "Hoàn thành", "progress": 100}}))
    return k


def test_a_column_renamed_in_the_masters_reports_sheet_is_refused_not_emptied(env):
    # a clerk renamed `progress` to `tiến độ` in Excel: the column was read as absent and the
    # next full save (units resolve) wrote every report's progress empty, exit 0
    tmp, master, returns = env
    _merged_once(tmp, master, returns)

    def rename(ws):
        for c in ws[1]:
            if c.value == "progress":
                c.value = "tiến độ"

    _edit_master(master, "reports", rename)
    before = master.read_bytes()
    r = run(["units", "resolve", master])
    assert_one_line(r, names="tiến độ")
    assert "progress" in r.stderr and master.read_bytes() == before


def test_a_yes_no_cell_edited_to_nonsense_is_refused_not_read_as_no(env):
    # `verified` edited to "có lẽ" read as FALSE, and the next save wrote FALSE
    tmp, master, returns = env
    _merged_once(tmp, master, returns)

    def edit(ws):
        col = [c.value for c in ws[1]].index("verified") + 1
        ws.cell(2, col).value = "có lẽ"

    _edit_master(master, "reports", edit)
    before = master.read_bytes()
    r = run(["units", "resolve", master])
    line = assert_one_line(r, names="có lẽ")
    assert "[reports] N2" in line and master.read_bytes() == before
    assert store._from_cell("bool", "x", "") is True and store._from_cell("bool", "", "") is False
    assert (
        store._from_cell("bool", 1.0, "") is True and store._from_cell("bool", "không", "") is False
    )


def test_a_master_reached_through_a_link_is_written_where_it_lives(env):
    # master.xlsx a link to the shared folder's master: the save renamed a new file over the
    # link; the shared master stayed as it was (the merged reports in a file no one opens)
    tmp, master, returns = env
    shared = tmp / "shared"
    shared.mkdir()
    real = shared / "master.xlsx"
    master.rename(real)
    (tmp / ".sheettools-secret").rename(shared / ".sheettools-secret")
    master.symlink_to(real)
    k = _merged_once(tmp, master, returns)
    assert master.is_symlink() and os.readlink(master) == str(real)
    assert latest(real, "VHTT")[(k, "VHTT")]["status"] == "Hoàn thành"
    assert (shared / "master.prev.xlsx").is_file() and not (tmp / "master.prev.xlsx").exists()
    # Excel opened it through the link (its lock file beside the link): refused
    (tmp / "~$master.xlsx").write_bytes(b"lock")
    r = run(["units", "resolve", master])
    assert_one_line(r, names="~$master.xlsx")


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "utf-8-sig"), ("\t", "utf-16")])
def test_a_csv_return_with_cover_lines_is_read_by_its_delimiter(env, delimiter, encoding):
    # Excel's "CSV" in a Vietnamese locale is `;`-separated; with the cover lines above the
    # table the sniffer gave up, every line became one cell: "no report sheet", rejected
    tmp, master, _returns = env
    k = keys_of(tmp, "VHTT")[0]
    lines = [
        ["Đơn vị:", "Phòng Văn hóa và Thông tin"], ["Kỳ báo cáo:", "Quý II/2023"], [],
        ["Mã nhiệm vụ", "Nội dung", "Tình trạng", "Tiến độ (%)", "Kết quả thực hiện"],
        [k, "…", "Đang thực hiện", "40", "Đã họp, thống nhất kế hoạch"],
    ]  # fmt: skip
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(lines)
    f = tmp / "returns" / "2023-Q2_VHTT.csv"
    f.write_bytes(buf.getvalue().encode(encoding))
    res = merge(master, f, period="2023-Q2", received_at="2023-06-14T09:00")
    assert res["files"][0]["status"] == "unverified", res["files"][0]
    got = latest(master, "VHTT")[(k, "VHTT")]
    assert (got["status"], got["progress"], got["result"]) == (
        "Đang thực hiện",
        40,
        "Đã họp, thống nhất kế hoạch",
    )


def test_what_a_unit_typed_is_printed_as_typed_never_as_terminal_markup(env):
    # `reports` printed unit text through rich markup: a status typed "[/] …" ended in a
    # MarkupError traceback, and "[red]…[/red]" lost its brackets in the table
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    typed = "[/] [bold red]xong[/bold red]"
    merge(master, _filled(tmp, returns, "a.xlsx", {k: {"status": typed}}))
    r = run(["reports", master, "-p", "2023-Q2", "--unit", "VHTT"])
    assert r.exit_code == 0 and r.exception is None, r.stderr
    assert "[bold" in r.stdout and "[/]" in r.stdout


def test_a_rejected_file_the_quarantine_could_not_take_is_said(env):
    # the copy failed without a word (the docs promise a copy in quarantine/)
    tmp, master, returns = env
    (returns / "2023-Q2_VHTT.xlsx").write_bytes(b"PK\x03\x04 broken")
    (tmp / "not-a-folder").write_text("x")
    res = merge(master, returns, quarantine=tmp / "not-a-folder" / "q")
    assert res["files"][0]["status"] == "rejected" and res["files"][0]["quarantined"] is None
    assert any("not-a-folder" in w for w in res["warnings"])
    assert (returns / "2023-Q2_VHTT.xlsx").read_bytes() == b"PK\x03\x04 broken"


def test_a_received_time_in_the_future_is_refused(env):
    # `--received-at 2032-06-14` (for 2023) was stored: every row of the file "late"
    tmp, master, returns = env
    f = _filled(tmp, returns, "a.xlsx", {keys_of(tmp, "VHTT")[0]: {"status": "Hoàn thành"}})
    before = master.read_bytes()
    r = run(["merge", master, f, "-p", "2023-Q2", "--received-at", "14/06/2032 09:30"])
    assert_one_line(r, names="--received-at")
    assert master.read_bytes() == before


def test_status_refuses_a_negative_due_soon_window(env):
    _tmp, master, _returns = env
    assert_one_line(run(["status", master, "-p", "2023-Q2", "--due-soon-days", "-5"]))


@pytest.mark.parametrize(
    ("key", "value"), [("timezone", "Giờ Hà Nội"), ("timezone", "+25:00"), ("due_soon_days", "ba")]
)
def test_a_setting_edited_to_nonsense_is_refused_not_defaulted(env, key, value):
    # the office's time zone or due-soon window edited to nonsense fell back to the default
    # (+07:00, 15 days) without a word
    _tmp, master, _returns = env

    def edit(ws):
        ws.append([key, value])

    _edit_master(master, "settings", edit)
    line = assert_one_line(run(["status", master, "-p", "2023-Q2"]), names=value)
    assert key in line and "[settings]" in line


def test_time_zones_the_office_may_write():
    from sheettools.docinfo import office_tz, parse_office_tz

    for text in ("+07:00", "UTC+7", "GMT+7", "Asia/Ho_Chi_Minh", "UTC"):
        assert parse_office_tz(text) is not None, text
    assert office_tz("") == dt.timezone(dt.timedelta(hours=7))


def test_plan_import_prints_the_plans_text_as_text_never_as_markup(tmp_path):
    # a unit cell of the plan holding "[/]" (a web page's remnant) ended plan import's report
    # in a MarkupError traceback, after the master was written
    text = (SAMPLE_PLAN).read_text(encoding="utf-8")
    plan = tmp_path / "plan.txt"
    plan.write_text(
        text.replace("Phòng Tư pháp", "Phòng Tư pháp; Ban [/] [red]X[/red]", 1), "utf-8"
    )
    r = run(["plan", "import", plan, "-o", tmp_path / "m.xlsx"])
    assert r.exit_code == 0 and r.exception is None, r.stderr
    assert "[/] [red]X[/red]" in " ".join(r.stdout.split())
    r = run(["plan", "inspect", plan])
    assert r.exit_code == 0 and r.exception is None, r.stderr


def test_a_retyped_file_that_names_only_its_quarter_is_never_filed_under_another_period(env):
    # "Bao cao quy II - Phòng VHTT.xlsx" (no manifest, no year) merged with --period 2023-Y
    # was filed as the yearly report: the period given was taken over the quarter named
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    f = _filled(tmp, returns, "Bao cao quy II - Phòng VHTT.xlsx", {k: {"status": "Hoàn thành"}})
    wb = openpyxl.load_workbook(f)
    del wb["_manifest"]
    for ws in wb:  # (re-typed: the cover names no period, only the file name its quarter)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and ("2023" in c.value or "Kỳ báo cáo" in c.value):
                    c.value = None
    wb.save(f)
    (entry,) = merge(master, f, period="2023-Y")["files"]
    assert entry["status"] == "rejected" and entry["reason_code"] == "wrong_period"
    assert "2023-Q2" in entry["reason"]
    assert list_reports(master, "2023-Y") == []
    (entry,) = merge(master, f, period="2023-Q2")["files"]
    assert entry["status"] == "unverified" and entry["period"] == "2023-Q2"


def test_rows_past_what_the_reader_reads_are_said_not_dropped_unsaid(env):
    # a report sheet longer than the reader's caps (20,000 rows): the rows past them were
    # dropped with no word (a task row at the end of 300,000 junk rows was simply missing)
    from sheettools.safety import Limits

    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")

    def long(rows):
        rows = fill({keys[0]: {"status": "Hoàn thành"}})(rows)
        last = next(r for r in rows if r[0] == keys[-1])
        last[6] = "Đang thực hiện"
        rows.remove(last)
        return rows + [["", f"ghi chú {i}"] + [None] * 9 for i in range(60)] + [last]

    f = rewrite(unit_file(tmp, "VHTT", returns), long)
    res = merge(master, f, limits=Limits(max_rows=50), received_at="2023-06-14T09:00")
    assert res["files"][0]["status"] == "merged"
    assert any("2023-Q2_VHTT.xlsx" in w and "20" in w for w in res["warnings"]), res["warnings"]
    got = latest(master, "VHTT")  # (the last task's row was past the caps: not read, but said)
    assert got[(keys[0], "VHTT")]["status"] == "Hoàn thành"
    assert got.get((keys[-1], "VHTT"), {}).get("status") is None
