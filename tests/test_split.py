"""split: one signed fill-in workbook per unit and period, read back with openpyxl and
python-calamine."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from conftest import sample_office
from sheettools.errors import FileError, InputError, TemplateError
from sheettools.i18n import set_lang
from sheettools.model import (
    KIND_GROUP,
    KIND_SUBITEM,
    ROLE_COORD,
    ROLE_LEAD,
    STATUSES,
    Master,
    PlanInfo,
    Report,
    Task,
    Unit,
    UnitGroup,
)
from sheettools.periods import default_periods, get_period
from sheettools.split import (
    SHEET_NAMES,
    split_workbooks,
    tasks_for_unit,
)
from sheettools.store import load_master, save_master
from sheettools.unitbook import (
    FIELD_ID_PREFIX,
    MANIFEST_SHEET,
    SECRET_NAME,
    Manifest,
    load_or_create_secret,
    secret_path,
)

NOW = dt.datetime(2023, 6, 1, 8, 0, 0)
REPORT = SHEET_NAMES["report"]["vi"]
COVER = SHEET_NAMES["cover"]["vi"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No office templates from the repository or the environment leak into a test."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETTOOLS_TEMPLATES", raising=False)
    monkeypatch.delenv("SHEETTOOLS_LANG", raising=False)
    yield
    set_lang(None)  # the CLI's --lang sticks to the thread


def make_master() -> Master:
    m = Master(plan=PlanInfo(title="Kế hoạch 160-KH/QU", year=2023))
    m.units = [
        Unit("VHTT", "Phòng Văn hóa và Thông tin", email=["vhtt@example.vn", "b@example.vn"]),
        Unit("BD", "UBND phường Bồ Đề", level="ward", groups=["PHUONG"], email=["bd@x.vn"]),
        Unit("GT", "UBND phường Gia Thụy", level="ward", email=["gt@x.vn"]),
        Unit("EXT", "Sở Xây dựng", level="external"),
        Unit("IDLE", "Phòng Nội vụ", email=["nv@x.vn"]),
    ]
    m.groups = [UnitGroup("PHUONG", "UBND các phường", members=["GT"])]

    def task(key, number, parent, **kw):
        sec = key.split(".")[0]
        return Task(key=key, section=sec, number=number, parent=parent, **kw)

    m.tasks = [
        task("I", "I", None, kind=KIND_GROUP, content="CÁC CHỈ TIÊU CHỦ YẾU"),
        task("I.1", "1", "I", kind=KIND_GROUP, content="Về chỉnh trang đô thị"),
        # window Q2 only; the group code expands to BD (groups column) and GT (members)
        task("I.1.1", "1.1", "I.1", content="=SUM(A1) chỉnh trang tuyến phố", leader="Đ/c A",
             lead_units=["VHTT"], coordinating_units=["PHUONG", "EXT"], start_raw="Tháng 4/2023",
             start_date="2023-04-01", due_raw="Tháng 6/2023", due_date="2023-06-30"),
        # ended in Q1; BD never reported → still due in Q2
        task("I.1.2", "1.2", "I.1", content="Rà soát hồ sơ", lead_units=["BD"],
             due_raw="Tháng 2/2023", due_date="2023-02-28"),
        # ended in Q1; GT reported done in Q1 → not in Q2
        task("I.1.3", "1.3", "I.1", content="Tổng kết", lead_units=["GT"],
             due_raw="Tháng 2/2023", due_date="2023-02-28"),
        task("I.1.4", "1.4", "I.1", content="Duy trì vệ sinh", lead_units=["VHTT"],
             due_raw="Thường xuyên", recurring=True),
        task("II", "II", None, kind=KIND_GROUP, content="NỘI DUNG, NHIỆM VỤ"),
        # no computable deadline → every period
        task("II.1", "1", "II", content="Theo dự án", lead_units=["GT"],
             due_raw="Theo tiến độ dự án", flags=["no_deadline"]),
        # Q4 only
        task("II.2", "2", "II", content="Hội nghị tổng kết", lead_units=["BD"],
             start_date="2023-10-01", due_raw="Tháng 11/2023", due_date="2023-11-30"),
        # sub-item of II.2 for VHTT, Q3 only: II.2 becomes an orientation heading
        task("II.2.a", "", "II.2", kind=KIND_SUBITEM, content="a) Chuẩn bị tài liệu",
             lead_units=["VHTT"], start_date="2023-07-01", due_raw="Quý III/2023",
             due_date="2023-09-30"),
        # milestones only: window [plan start, last milestone]
        task("II.3", "3", "II", content="Kiểm tra hai đợt", lead_units=["BD"],
             due_raw="Tháng 3, 10/2023", milestones=["2023-03-31", "2023-10-31"]),
    ]  # fmt: skip
    for i, t in enumerate(m.tasks):
        t.order = i
    m.periods = default_periods(2023)
    m.reports = [
        Report("2023-Q1", "I.1.4", "VHTT", version=1, status=STATUSES[0], progress=10),
        Report("2023-Q1", "I.1.4", "VHTT", version=2, status=STATUSES[1], progress=30,
               result="Đã ra quân 3 đợt\ndòng 2", completion_date=None,
               difficulties="Thiếu kinh phí"),
        Report("2023-Q1", "I.1.3", "GT", status="Hoàn thành", progress=100,
               completion_date="2023-02-20"),
        Report("2023-Q1", "I.1.2", "BD", status="Chậm tiến độ", progress=20),
        Report("2023-Q2", "I.1.1", "VHTT", status="Hoàn thành trước hạn", progress=100,
               completion_date="2023-06-10", result="Xong"),
    ]  # fmt: skip
    return m


@pytest.fixture
def master_path(tmp_path) -> Path:
    p = tmp_path / "data" / "master.xlsx"
    m = make_master()
    m.settings.update(sample_office())  # the sample's standing office (plan import --office)
    save_master(m, p)
    return p


def keys_roles(master, period, unit):
    return [(t.key, role) for t, role in tasks_for_unit(master, get_period(master, period), unit)]


# --- selection -----------------------------------------------------------------------------


def test_tasks_for_unit_per_period(master_path):
    m = load_master(master_path)
    L, C = ROLE_LEAD, ROLE_COORD
    # Q1: I.1.1 starts in April; I.1.2/I.1.3 are due in February; II.3's window starts Jan 1
    assert keys_roles(m, "2023-Q1", "BD") == [("I.1.2", L), ("II.3", L)]
    assert keys_roles(m, "2023-Q1", "VHTT") == [("I.1.4", L)]
    assert keys_roles(m, "2023-Q1", "GT") == [("I.1.3", L), ("II.1", L)]
    # Q2: BD's I.1.2 ended in Q1 but its Q1 report was not "done"; GT's I.1.3 was done
    assert keys_roles(m, "Quý II/2023", "BD") == [("I.1.1", C), ("I.1.2", L), ("II.3", L)]
    assert keys_roles(m, "Q2/2023", "GT") == [("I.1.1", C), ("II.1", L)]
    assert keys_roles(m, "2023-Q2", "VHTT") == [("I.1.1", L), ("I.1.4", L)]
    # Q3: VHTT reported I.1.1 done early in Q2 → gone; the sub-item comes in
    assert keys_roles(m, "2023-Q3", "VHTT") == [("I.1.4", L), ("II.2.a", L)]
    # Q3: BD/GT never reported I.1.1 (ended in Q2) → still due
    assert keys_roles(m, "2023-Q3", "GT") == [("I.1.1", C), ("II.1", L)]
    assert keys_roles(m, "2023-Q4", "BD") == [("I.1.1", C), ("I.1.2", L), ("II.2", L), ("II.3", L)]
    # external and idle units have nothing; unknown code → nothing
    assert keys_roles(m, "2023-Q2", "EXT") == []
    assert keys_roles(m, "2023-Y", "IDLE") == []
    # the year: every task whose window touches 2023, minus the done ones... none ended before
    assert [k for k, _ in keys_roles(m, "2023-Y", "GT")] == ["I.1.1", "I.1.3", "II.1"]


def test_split_selects_units_and_writes_manifest_csv(master_path, tmp_path):
    out = tmp_path / "outbox"
    res = split_workbooks(master_path, "Quý II/2023", out, now=NOW)
    assert res["period"] == "2023-Q2"
    assert res["due_date"] == "2023-06-15"
    assert [f["unit"] for f in res["files"]] == ["VHTT", "BD", "GT"]
    assert {s["unit"] for s in res["skipped_units"]} == {"EXT", "IDLE"}
    assert sorted(p.name for p in out.iterdir()) == [
        "2023-Q2_BD.xlsx",
        "2023-Q2_GT.xlsx",
        "2023-Q2_VHTT.xlsx",
        "manifest.csv",
    ]
    with open(out / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["unit", "email", "file", "tasks", "sha256", "period", "due_date"]
    assert [(r["unit"], r["file"], r["tasks"]) for r in rows] == [
        ("VHTT", "2023-Q2_VHTT.xlsx", "2"),
        ("BD", "2023-Q2_BD.xlsx", "3"),
        ("GT", "2023-Q2_GT.xlsx", "2"),
    ]
    assert rows[0]["email"] == "vhtt@example.vn; b@example.vn"
    for r in rows:
        assert r["sha256"] == hashlib.sha256((out / r["file"]).read_bytes()).hexdigest()
        assert (r["period"], r["due_date"]) == ("2023-Q2", "2023-06-15")
    # only the chosen unit; the manifest keeps the other units' rows whose files exist
    res = split_workbooks(master_path, "2023-Q2", out, units=["gt"], now=NOW)
    assert [f["unit"] for f in res["files"]] == ["GT"]
    with open(out / "manifest.csv", encoding="utf-8") as fh:
        assert [r["unit"] for r in csv.DictReader(fh)] == ["VHTT", "BD", "GT"]
    with pytest.raises(InputError, match="NOPE"):
        split_workbooks(master_path, "2023-Q2", out, units=["NOPE"], now=NOW)


def test_due_date_comes_from_the_periods_sheet(master_path, tmp_path):
    m = load_master(master_path)
    m.period("2023-Q2").due_date = "2023-06-20"
    save_master(m, master_path)
    res = split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW)
    assert res["due_date"] == "2023-06-20"
    cover = read_calamine(tmp_path / "o" / "2023-Q2_BD.xlsx")[COVER]
    texts = [c for row in cover for c in row if isinstance(c, str)]
    assert "ngày 20 tháng 6 năm 2023 (20/06/2023)" in texts
    assert any("trước ngày 20 tháng 6 năm 2023 (20/06/2023)" in t for t in texts)


# --- the workbook, read back ---------------------------------------------------------------


def read_calamine(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names}


def test_report_sheet_cells_prefill_and_settings(master_path, tmp_path):
    out = tmp_path / "o"
    split_workbooks(master_path, "2023-Q3", out, now=NOW)
    path = out / "2023-Q3_VHTT.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [COVER, REPORT, MANIFEST_SHEET]
    assert [ws.sheet_state for ws in wb] == ["visible", "visible", "veryHidden"]
    ws = wb[REPORT]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == [
        "Mã nhiệm vụ", "TT", "Nội dung thực hiện", "Vai trò", "Lãnh đạo phụ trách",
        "Thời gian hoàn thành", "Tình trạng", "Tiến độ (%)", "Kết quả thực hiện",
        "Ngày hoàn thành", "Khó khăn, vướng mắc, đề xuất",
    ]  # fmt: skip
    fields = [c.removeprefix(FIELD_ID_PREFIX) for c in rows[1]]
    assert fields[:3] == ["key", "number", "content"] and "status" in fields
    assert ws.row_dimensions[2].hidden
    col = {f: i for i, f in enumerate(fields)}
    body = rows[2:]
    # headings I, I.1 (for I.1.4), II and the parent task II.2 (for its sub-item)
    assert [(r[col["key"]], r[col["number"]], r[col["content"]]) for r in body] == [
        (None, "I", "CÁC CHỈ TIÊU CHỦ YẾU"),
        (None, "1", "Về chỉnh trang đô thị"),
        ("I.1.4", "1.4", "Duy trì vệ sinh"),
        (None, "II", "NỘI DUNG, NHIỆM VỤ"),
        (None, "2", "Hội nghị tổng kết"),
        ("II.2.a", None, "a) Chuẩn bị tài liệu"),
    ]
    recurring = body[2]
    # pre-filled from the latest version of the Q1 report
    assert recurring[col["role"]] == "Chủ trì"
    assert recurring[col["deadline"]] == "Thường xuyên"
    assert recurring[col["status"]] == STATUSES[1]
    assert recurring[col["progress"]] == 30
    assert recurring[col["result"]] == "Đã ra quân 3 đợt\ndòng 2"
    assert recurring[col["difficulties"]] == "Thiếu kinh phí"
    assert body[5][col["status"]] is None
    # group headings merged across, no input cells
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"C3:K3", "C4:K4", "C6:K6", "C7:K7"} <= merged
    # locks: input cells of task rows unlocked, everything else locked
    letters = {f: openpyxl.utils.get_column_letter(i + 1) for f, i in col.items()}
    for f in ("status", "progress", "result", "completion_date", "difficulties"):
        assert ws[f"{letters[f]}5"].protection.locked is False
        assert ws[f"{letters[f]}1"].protection.locked is True
    for f in ("key", "number", "content", "role", "leader", "deadline"):
        assert ws[f"{letters[f]}5"].protection.locked is True
    assert ws["C5"].font.name == "Times New Roman"
    assert ws["C5"].alignment.wrap_text
    assert ws.protection.sheet and not ws.protection.password
    assert wb[COVER].protection.sheet
    # validation
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    status_dv = dvs["list"]
    assert str(status_dv.sqref) == f"{letters['status']}3:{letters['status']}8"
    assert status_dv.formula1.strip('"').split(",") == list(STATUSES)
    assert status_dv.showInputMessage and status_dv.prompt
    assert (dvs["whole"].formula1, dvs["whole"].formula2) == ("0", "100")
    assert str(dvs["whole"].sqref) == f"{letters['progress']}3:{letters['progress']}8"
    assert str(dvs["date"].sqref) == f"{letters['completion_date']}3:{letters['completion_date']}8"
    # print settings and view
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default and may be omitted
    assert ws.column_dimensions["C"].width > ws.column_dimensions["B"].width
    # python-calamine reads the same cells
    cal = read_calamine(path)[REPORT]
    assert len(cal) == len(rows)
    for crow, orow in zip(cal, rows, strict=True):
        assert [None if v == "" else v for v in crow] == [
            float(v) if isinstance(v, int) else v for v in orow
        ]


def test_prefill_from_same_period_wins_and_dates(master_path, tmp_path):
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["VHTT"], now=NOW)
    ws = openpyxl.load_workbook(tmp_path / "o" / "2023-Q2_VHTT.xlsx")[REPORT]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "I.1.1")
    assert row[6:10] == ("Hoàn thành trước hạn", 100, "Xong", dt.datetime(2023, 6, 10))
    cell = next(r for r in ws.iter_rows() if r[0].value == "I.1.1")[9]
    assert cell.number_format == "dd/mm/yyyy" and cell.is_date
    # the text that looks like a formula stays text
    assert row[2] == "=SUM(A1) chỉnh trang tuyến phố"
    assert next(r for r in ws.iter_rows() if r[0].value == "I.1.1")[2].data_type == "s"


def test_cover_sheet(master_path, tmp_path):
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW)
    cover = read_calamine(tmp_path / "o" / "2023-Q2_BD.xlsx")[COVER]
    assert cover[0][0] == "ỦY BAN MTTQ VIỆT NAM" and cover[0][2].startswith("CỘNG HÒA")
    assert cover[1][2] == "Độc lập - Tự do - Hạnh phúc"
    pairs = {row[0]: row[1] for row in cover if row and row[0] and row[1]}
    assert pairs["Đơn vị:"] == "UBND phường Bồ Đề"
    assert pairs["Mã đơn vị:"] == "BD"
    assert pairs["Kỳ báo cáo:"] == "Quý II/2023 (2023-Q2)"
    assert pairs["Hạn gửi báo cáo:"] == "ngày 15 tháng 6 năm 2023 (15/06/2023)"
    assert pairs["Số nhiệm vụ cần báo cáo:"] == "3"
    assert any(
        isinstance(c, str) and "UBND phường Bồ Đề chủ trì" in c for row in cover for c in row
    )


def test_cover_letterhead_comes_from_the_settings_sheet(master_path, tmp_path):
    # an office that wrote its own letterhead in the master's settings sees it on every
    # unit's cover too (the template held the sample office's name: a Lâm Đồng plan's units
    # were greeted by the Long Biên Fatherland Front)
    m = load_master(master_path)
    m.settings.update(
        doc_governing_body="UBND TỈNH LÂM ĐỒNG",
        doc_issuing_body="VĂN PHÒNG",
        doc_office_name="Văn phòng UBND tỉnh Lâm Đồng",
    )
    save_master(m, master_path)
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW)
    path = tmp_path / "o" / "2023-Q2_BD.xlsx"
    cover = read_calamine(path)[COVER]
    assert [cover[0][0], cover[1][0]] == ["UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG"]
    text = " ".join(str(c) for row in cover for c in row if c)
    assert "Văn phòng UBND tỉnh Lâm Đồng" in text
    assert "MTTQ" not in text and "Long Biên" not in text
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
    assert "<Company>UBND TỈNH LÂM ĐỒNG VĂN PHÒNG</Company>" in app


def test_english_workbook_keeps_vietnamese_statuses(master_path, tmp_path):
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW, lang="en")
    wb = openpyxl.load_workbook(tmp_path / "o" / "2023-Q2_BD.xlsx")
    assert wb.sheetnames == ["Instructions", "Report", MANIFEST_SHEET]
    ws = wb["Report"]
    assert ws["A1"].value == "Task key" and ws["G1"].value == "Status"
    assert [ws["D5"].value, ws["D6"].value] == ["Coordinating", "Lead"]
    dv = next(d for d in ws.data_validations.dataValidation if d.type == "list")
    assert dv.formula1.strip('"').split(",") == list(STATUSES)
    assert "Chậm tiến độ = Behind schedule" in dv.prompt
    cover = read_calamine(tmp_path / "o" / "2023-Q2_BD.xlsx")["Instructions"]
    assert ["Due date:", "15 June 2023 (15/06/2023)"] == cover[9][:2]


def test_password_protection(master_path, tmp_path):
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW, password="pw")
    ws = openpyxl.load_workbook(tmp_path / "o" / "2023-Q2_BD.xlsx")[REPORT]
    assert ws.protection.sheet and ws.protection.password  # stored as a hash


# --- manifest signature --------------------------------------------------------------------


def read_manifest(path) -> Manifest:
    return Manifest.from_rows(read_calamine(path)[MANIFEST_SHEET])


def test_manifest_signature_valid_tampered_wrong_secret(master_path, tmp_path):
    out = tmp_path / "o"
    split_workbooks(master_path, "2023-Q2", out, now=NOW)
    path = out / "2023-Q2_BD.xlsx"
    secret = load_or_create_secret(master_path, create=False)
    assert secret is not None and secret_path(master_path).parent == master_path.parent
    man = read_manifest(path)
    assert (man.unit, man.period, man.keys) == ("BD", "2023-Q2", ["I.1.1", "I.1.2", "II.3"])
    assert man.generated_at == "2023-06-01T08:00:00"
    assert man.template_version == "1"
    assert man.verify(secret)
    assert not man.verify(b"another secret")
    # the secret is nowhere in the unit file
    with zipfile.ZipFile(path) as z:
        blob = b"".join(z.read(n) for n in z.namelist())
    assert secret.hex().encode() not in blob and secret not in blob
    # tamper: claim another unit, re-save with openpyxl
    wb = openpyxl.load_workbook(path)
    ms = wb[MANIFEST_SHEET]
    assert ms["A1"].value == "unit"
    ms["B1"] = "GT"
    tampered = out / "tampered.xlsx"
    wb.save(tampered)
    man2 = read_manifest(tampered)
    assert man2.unit == "GT" and man2.signature == man.signature
    assert not man2.verify(secret)
    # same secret reused on the next run
    split_workbooks(master_path, "2023-Q3", out, units=["BD"], now=NOW)
    assert read_manifest(out / "2023-Q3_BD.xlsx").verify(secret)


def test_split_reuses_the_secret_and_never_makes_a_new_one_once_workbooks_were_issued(
    master_path, tmp_path
):
    """A new secret would leave every workbook already with the units unverifiable: split
    reuses the one beside the master, and a missing one is made again only when nothing shows
    that workbooks were issued (a manifest.csv in the folder, the master's send log or a
    verified report); --new-secret makes one on purpose."""
    from click.testing import CliRunner

    from sheettools.cli import cli
    from sheettools.model import SendLogEntry

    out = tmp_path / "o"
    split_workbooks(master_path, "2023-Q2", out, now=NOW)
    first = secret_path(master_path).read_bytes()
    split_workbooks(master_path, "2023-Q3", out, now=NOW)  # reused, byte for byte
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert secret_path(master_path).read_bytes() == first
    assert read_manifest(out / "2023-Q3_BD.xlsx").verify(bytes.fromhex(first.decode().strip()))
    # lost: the folder shows issued workbooks -> one line, no secret made, nothing rewritten
    secret_path(master_path).unlink()
    with pytest.raises(FileError, match=SECRET_NAME) as ei:
        split_workbooks(master_path, "2023-Q2", out, now=NOW, force=True)
    assert "manifest.csv" in str(ei.value)
    assert not secret_path(master_path).exists()
    assert all((out / n).read_bytes() == b for n, b in before.items())
    r = CliRunner().invoke(cli, ["split", str(master_path), "-p", "2023-Q2", "-o", str(out)])
    assert r.exit_code != 0 and not secret_path(master_path).exists()
    (line,) = r.output.strip().splitlines()
    assert line.startswith("Lỗi: ") and SECRET_NAME in line and "--new-secret" in line
    # a fresh folder, but the master's send log shows workbooks went out
    m = load_master(master_path)
    m.sendlog.append(SendLogEntry("2023-06-01T08:00:00", "2023-Q2", "BD", "bd@x.vn",
                                  "2023-Q2_BD.xlsx", "0" * 64, "sent"))  # fmt: skip
    save_master(m, master_path)
    with pytest.raises(FileError, match=SECRET_NAME):
        split_workbooks(master_path, "2023-Q2", tmp_path / "fresh", now=NOW)
    assert not secret_path(master_path).exists()
    # ... and a verified report does too
    m.sendlog.clear()
    m.reports.append(Report(period="2023-Q2", key="II.3", unit="BD", status=STATUSES[0],
                            received_at="2023-06-10T08:00:00", sha256="1" * 64,
                            verified=True))  # fmt: skip
    save_master(m, master_path)
    with pytest.raises(FileError, match=SECRET_NAME):
        split_workbooks(master_path, "2023-Q2", tmp_path / "fresh2", now=NOW)
    assert not secret_path(master_path).exists()
    # on purpose: --new-secret
    r = CliRunner().invoke(
        cli, ["split", str(master_path), "-p", "2023-Q2", "-o", str(out), "--force", "--new-secret"]
    )
    assert r.exit_code == 0, r.output
    new = secret_path(master_path).read_bytes()
    assert new != first
    assert read_manifest(out / "2023-Q2_BD.xlsx").verify(bytes.fromhex(new.decode().strip()))


# --- templates -----------------------------------------------------------------------------


def test_template_restyling(master_path, tmp_path):
    tdir = tmp_path / "office_templates"
    tdir.mkdir()
    (tdir / "unit_workbook.json").write_text(
        json.dumps(
            {
                "font": {"name": "Arial", "size": 11},
                "columns": {"status": {"vi": "Tình hình thực hiện"}},
                "cover": {"title": {"vi": "BÁO CÁO NHANH {period_label} - {unit_code}"}},
                "header_block": {"left": {"vi": ["QUẬN ỦY LONG BIÊN", "VĂN PHÒNG"]}},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    split_workbooks(master_path, "2023-Q2", tmp_path / "o", units=["BD"], now=NOW,
                    templates_dir=tdir)  # fmt: skip
    path = tmp_path / "o" / "2023-Q2_BD.xlsx"
    ws = openpyxl.load_workbook(path)[REPORT]
    assert ws["G1"].value == "Tình hình thực hiện"
    assert ws["H1"].value == "Tiến độ (%)"  # untouched titles keep the default
    assert ws["G2"].value == "#status"  # the field id does not change
    assert ws["C5"].font.name == "Arial" and ws["C5"].font.sz == 11
    cover = read_calamine(path)[COVER]
    texts = [c for row in cover for c in row if c]
    assert "BÁO CÁO NHANH Quý II/2023 - BD" in texts
    assert cover[0][0] == "QUẬN ỦY LONG BIÊN" and cover[1][0] == "VĂN PHÒNG"
    # ./workbook_templates in the working folder is picked up too
    wt = tmp_path / "workbook_templates"
    wt.mkdir()
    (wt / "unit_workbook.json").write_text('{"columns": {"result": {"vi": "Kết quả"}}}')
    split_workbooks(master_path, "2023-Q2", tmp_path / "o2", units=["BD"], now=NOW)
    assert openpyxl.load_workbook(tmp_path / "o2" / "2023-Q2_BD.xlsx")[REPORT]["I1"].value == (
        "Kết quả"
    )


@pytest.mark.parametrize(
    "text, match",
    [
        ('{"font": {"name": "Arial",}}', "JSON"),
        ('{"cover": {"title": {"vi": "Kỳ {quarter}"}}}', "quarter"),
        ('{"font": {"name": "Arial", "size": "big"}}', "font.size"),
        ('{"columns": {"status": {"vi": ""}}}', "columns.status.vi"),
        ('{"colors": {"input_bg": "yellowish"}}', "colors.input_bg"),
    ],
)
def test_broken_template_is_a_clear_error(master_path, tmp_path, text, match):
    tdir = tmp_path / "bad"
    tdir.mkdir()
    (tdir / "unit_workbook.json").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=match) as ei:
        split_workbooks(master_path, "2023-Q2", tmp_path / "o", now=NOW, templates_dir=tdir)
    assert str(tdir / "unit_workbook.json") in ei.value.one_line()
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


# --- determinism and the no-overwrite rule -------------------------------------------------


def test_rerun_is_identical_and_never_overwrites_without_force(master_path, tmp_path):
    out = tmp_path / "o"
    first = split_workbooks(master_path, "2023-Q2", out, now=NOW)
    before = {p.name: p.read_bytes() for p in out.glob("*.xlsx")}
    cells = {n: read_calamine(out / n) for n in before}
    # same content, later time → files untouched, reported unchanged
    again = split_workbooks(master_path, "2023-Q2", out, now=NOW + dt.timedelta(hours=5))
    assert sorted(again["unchanged"]) == sorted(before)
    assert {p.name: p.read_bytes() for p in out.glob("*.xlsx")} == before
    assert [f["sha256"] for f in again["files"]] == [f["sha256"] for f in first["files"]]
    # into a fresh folder: identical cells except the manifest's time and signature
    split_workbooks(master_path, "2023-Q2", tmp_path / "o2", now=NOW + dt.timedelta(days=1))
    for name, sheets in cells.items():
        other = read_calamine(tmp_path / "o2" / name)
        for sheet in sheets:
            a, b = sheets[sheet], other[sheet]
            if sheet == MANIFEST_SHEET:
                a = [r for r in a if r[0] not in ("generated_at", "signature")]
                b = [r for r in b if r[0] not in ("generated_at", "signature")]
            assert a == b, (name, sheet)
    # the master changes → different content → refused, nothing replaced
    m = load_master(master_path)
    m.task("I.1.2").content = "Rà soát hồ sơ (sửa)"
    save_master(m, master_path)
    with pytest.raises(FileError, match="2023-Q2_BD.xlsx") as ei:
        split_workbooks(master_path, "2023-Q2", out, now=NOW)
    assert "--force" in ei.value.one_line()
    assert {p.name: p.read_bytes() for p in out.glob("*.xlsx")} == before
    assert not list(out.glob(".*"))  # no partial files left behind
    # --force overwrites the changed file only
    res = split_workbooks(master_path, "2023-Q2", out, now=NOW, force=True)
    assert {f["unit"]: f["state"] for f in res["files"]} == {
        "VHTT": "unchanged",
        "BD": "written",
        "GT": "unchanged",
    }
    ws = openpyxl.load_workbook(out / "2023-Q2_BD.xlsx")[REPORT]
    assert any(r[2] == "Rà soát hồ sơ (sửa)" for r in ws.iter_rows(values_only=True))
    assert (out / "2023-Q2_VHTT.xlsx").read_bytes() == before["2023-Q2_VHTT.xlsx"]


def test_worker_pool_gives_the_same_cells(tmp_path):
    m = make_master()
    for i in range(30):
        m.units.append(Unit(f"W{i:02d}", f"Phường {i}", level="ward", groups=["PHUONG"]))
    p = tmp_path / "big" / "master.xlsx"
    save_master(m, p)
    a = split_workbooks(p, "2023-Q2", tmp_path / "a", now=NOW, workers=1)
    b = split_workbooks(p, "2023-Q2", tmp_path / "b", now=NOW, workers=2)
    assert len(a["files"]) == 33
    assert [f["file"] for f in a["files"]] == [f["file"] for f in b["files"]]
    for f in a["files"]:
        assert read_calamine(tmp_path / "a" / f["file"]) == read_calamine(
            tmp_path / "b" / f["file"]
        )
    # a file that cannot be written: a clear error from the worker, nothing half-written
    for workers in (1, 2):
        out = tmp_path / f"err{workers}"
        (out / ".2023-Q2_W07.xlsx.partial").mkdir(parents=True)
        with pytest.raises(FileError) as ei:
            split_workbooks(p, "2023-Q2", out, now=NOW, workers=workers)
        assert "2023-Q2_W07.xlsx" in ei.value.one_line()
        assert not list(out.glob("*.xlsx")) and not (out / "manifest.csv").exists()


# --- CLI -----------------------------------------------------------------------------------


def run_cli(args: list[str]) -> int:
    from sheettools.cli import main

    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_cli_split(master_path, tmp_path, capsys):
    out = tmp_path / "cli_out"
    code = run_cli(["split", str(master_path), "--period", "Q2/2023", "--output", str(out),
                    "--unit", "BD", "--format", "json"])  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["file"] for f in data["files"]] == ["2023-Q2_BD.xlsx"]
    assert (out / "2023-Q2_BD.xlsx").is_file()
    m = load_master(master_path)
    m.task("I.1.2").content = "khác"
    save_master(m, master_path)
    assert (
        run_cli(["split", str(master_path), "-p", "2023-Q2", "-o", str(out), "--unit", "BD"]) == 3
    )
    err = capsys.readouterr().err
    assert "2023-Q2_BD.xlsx" in err and "--force" in err and len(err.strip().splitlines()) == 1


def test_prefill_uses_the_latest_earlier_or_same_period(master_path, tmp_path):
    m = load_master(master_path)
    m.reports += [
        Report("2023-Q3", "I.1.4", "VHTT", status="Chậm tiến độ", progress=60),
        Report("2023-Y", "I.1.4", "VHTT", status="Hoàn thành", progress=100),
    ]
    save_master(m, master_path)

    def prefill(period):
        out = tmp_path / period
        split_workbooks(master_path, period, out, units=["VHTT"], now=NOW)
        ws = openpyxl.load_workbook(out / f"{period}_VHTT.xlsx")[REPORT]
        row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "I.1.4")
        return row[6], row[7]

    assert prefill("2023-Q2") == ("Đang thực hiện", 30)  # Q3 is later: not used
    assert prefill("2023-Q4") == ("Chậm tiến độ", 60)  # the year is not "earlier" than Q4
    assert prefill("2023-Y") == ("Hoàn thành", 100)  # the period's own report wins


def test_cli_english(master_path, tmp_path, capsys):
    out = tmp_path / "en"
    assert (
        run_cli(["--lang", "en", "split", str(master_path), "-p", "2023-Q2", "-o", str(out)]) == 0
    )
    assert "Wrote 3 files, 0 unchanged; 2 units without a workbook. Due 15/06/2023." in (
        capsys.readouterr().out
    )
    assert openpyxl.load_workbook(out / "2023-Q2_GT.xlsx").sheetnames[:2] == [
        "Instructions",
        "Report",
    ]
