"""sheettools.summary: the consolidated workbook, read back with openpyxl and python-calamine.

Figures are checked against the hand-worked small master of test_periodstatus.py.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from conftest import sample_office
from sheettools import store
from sheettools.errors import FileError
from sheettools.summary import write_summary
from test_periodstatus import small_master

AS_OF = dt.date(2023, 7, 20)


@pytest.fixture()
def master_path(tmp_path):
    p = tmp_path / "master.xlsx"
    m = small_master()
    m.settings.update(sample_office())  # the sample's standing office (plan import --office)
    store.save_master(m, p)
    return p


@pytest.fixture()
def written(master_path, tmp_path):
    out = tmp_path / "TONGHOP.xlsx"
    fig = write_summary(master_path, "2023-Q2", out, as_of=AS_OF, lang="vi")
    return out, fig


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _find_row(rows, first):
    for i, r in enumerate(rows):
        if r and r[0] == first:
            return i
    raise AssertionError(f"{first!r} not found")


def test_overview_figures_match_hand_computed(written):
    _out, fig = written
    assert fig["tasks"] == 6
    assert fig["done"] == 2  # I.1.1, I.1.2
    assert fig["completion_rate"] == pytest.approx(2 / 6, abs=1e-4)
    assert (fig["expected_units"], fig["returned_on_time"], fig["returned_late"]) == (4, 2, 1)
    assert fig["missing_units"] == 1
    assert fig["on_time_rate"] == 0.5
    assert fig["overdue"] == 1 and fig["due_soon"] == 1 and fig["empty_entries"] == 1
    assert fig["by_section"]["I"] == {
        "Chưa triển khai": 0, "Đang thực hiện": 1, "Hoàn thành": 2, "Hoàn thành trước hạn": 0,
        "Chậm tiến độ": 0, "Không thực hiện": 0, "no_report": 0, "total": 3,
    }  # fmt: skip
    assert fig["by_section"]["II"]["no_report"] == 2
    assert fig["by_section"]["II"]["Chưa triển khai"] == 1
    assert fig["by_group"]["II.1"]["total"] == 3
    units = {u["unit"]: u for u in fig["units"]}
    assert set(units) == {"A", "B", "C", "D"}
    a, b, c, d = units["A"], units["B"], units["C"], units["D"]
    assert (a["tasks"], a["reported"], a["done"], a["overdue"], a["return"]) == (
        3, 2, 1, 0, "on_time"
    )  # fmt: skip
    assert (b["tasks"], b["reported"], b["done"], b["return"], b["days_late"]) == (
        2, 2, 1, "late", 1
    )  # fmt: skip
    assert (c["tasks"], c["reported"], c["overdue"], c["return"]) == (2, 0, 1, "missing")
    assert (d["tasks"], d["reported"], d["done"], d["overdue"]) == (2, 2, 0, 0)
    assert b["completion_rate"] == 0.5
    assert fig["changes"] == {
        "previous_period": "2023-Q1",
        "newly_done": ["I.1.1", "I.1.2"],
        "newly_overdue": ["II.1.1"],
    }


SHEETS_VI = [
    "Tổng quan", "Chi tiết", "Quá hạn", "Đơn vị", "Vấn đề số liệu", "Thay đổi", "Phụ lục",
]  # fmt: skip


def _table(ws, first_title):
    """The rows under the header row whose first cell is ``first_title``."""
    rows = _rows(ws)
    h = _find_row(rows, first_title)
    return rows[h], rows[h + 1 :]


def test_workbook_content_in_openpyxl(written):
    out, fig = written
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == SHEETS_VI
    ov = _rows(wb["Tổng quan"])
    assert ov[_find_row(ov, "Tổng số nhiệm vụ")][2] == 6
    assert ov[_find_row(ov, "Chưa hoàn thành, quá hạn")][2] == 1
    # returns: C sent nothing, named on the overview
    returns = ov[_find_row(ov, "Tình trạng gửi") :]
    miss = returns[_find_row(returns, "Chưa gửi")]
    assert miss[2] == 1 and miss[3] == "+SUM(A1)"
    late = returns[_find_row(returns, "Gửi muộn")]
    assert late[2] == 1 and late[3] == "Hội LHPN (1 ngày)"
    # detail: plan order, group headings, a synthesis, the consolidated status explained
    head, body = _table(wb["Chi tiết"], "TT")
    assert head[:5] == ["TT", "Nội dung thực hiện", "Đơn vị chủ trì", "Hạn", "Tình trạng tổng hợp"]
    numbers = [(r[0], r[1]) for r in body]
    assert numbers[0] == ("I", "Phần I") and numbers[1] == ("1", "Chỉ tiêu chủ yếu")
    assert [r[0] for r in body][2:5] == ["1.1", "1.2", "1.3"]
    row = {(r[0], r[1]): r for r in body}
    i11 = row[("1.1", "=1+1 nội dung")]
    assert i11[3] == "30/06/2023"
    assert i11[4] == "Hoàn thành"
    assert i11[5] == "2/2 đơn vị đã báo cáo: 1 đang thực hiện, 1 hoàn thành"
    assert i11[6] == "=1+1"  # the lead unit's result, as text
    i13 = row[("1.3", "Thường xuyên")]
    assert i13[3] == "Thường xuyên"
    # two lead units, A in progress, C silent: not "the worst status", but why
    assert i13[4] == (
        "Đang thực hiện\n0/2 đơn vị chủ trì hoàn thành; 1 đang thực hiện, 1 chưa báo cáo"
    )
    ii11 = row[("1.1", "Hai đợt")]
    assert ii11[4] == "Chưa báo cáo" and ii11[7] == "Quá hạn 61 ngày"
    assert row[("1.2", "Sắp đến hạn")][7] == "Sắp đến hạn (còn 10 ngày)"
    # overdue: dates as dd/mm/yyyy, the reason column says when none was given
    head, body = _table(wb["Quá hạn"], "TT")
    assert body[0][1] == "Hai đợt" and body[0][3] == "30/04/2023" and body[0][4] == 61
    assert body[0][6] == "(đơn vị chưa nêu lý do)"
    # units: the missing unit is set apart (no figures), received times in UTC+7
    head, body = _table(wb["Đơn vị"], "Đơn vị")
    by_name = {r[0]: r for r in body}
    assert by_name["+SUM(A1)"][1] == "Chưa gửi" and by_name["+SUM(A1)"][7] is None
    assert by_name["+SUM(A1)"][5] == "— không có số liệu"
    assert by_name["Hội LHPN"][1:4] == ["Gửi muộn", "16/06/2023 08:00", 1]
    assert by_name["Phòng VHTT"][7] == pytest.approx(1 / 3)
    assert by_name["Phòng VHTT"][8] == "II.1.3"  # the row A left empty
    assert by_name["UBND phường Bồ Đề"][7] == 0  # reported, nothing done: 0 %, not grey
    # value problems in words, never codes
    head, body = _table(wb["Vấn đề số liệu"], "Đơn vị")
    assert ["UBND phường Bồ Đề", "Tiến độ (%) không hợp lệ", "II.1.2 (abc)", "D.xlsx"] in body
    labels = [r[1] for r in body]
    assert any(lb.startswith("Phiếu không có chữ ký") for lb in labels)
    assert not any("_" in lb for lb in labels)
    ch = _rows(wb["Thay đổi"])
    assert [(r[0], r[2]) for r in ch if r[0] in ("Mới hoàn thành", "Mới quá hạn")] == [
        ("Mới hoàn thành", "=1+1 nội dung"),
        ("Mới hoàn thành", "Nhiệm vụ quý I"),
        ("Mới quá hạn", "Hai đợt"),
    ]
    # appendix: one row per unit report with its whole text, lead units first
    head, body = _table(wb["Phụ lục"], "Đơn vị")
    units = [(r[0], r[1], r[4]) for r in body if r[1] is not None or r[4] is not None]
    assert ("Phòng VHTT", "Hoàn thành", "=1+1") in units
    assert ("Hội LHPN", "Đang thực hiện", "-2") in units
    assert ("Phòng VHTT", "Đang thực hiện", "+SUM(A1)\nKhó khăn, đề xuất: @cmd") in units
    del fig


def test_unit_text_is_never_a_formula(written):
    out, _fig = written
    wb = openpyxl.load_workbook(out)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    seen[cell.value] = cell.data_type
    # a unit name and a task content that look like formulas stay text cells
    assert seen["+SUM(A1)"] == "s"
    assert seen["=1+1 nội dung"] == "s"
    assert seen["=1+1"] == "s" and seen["-2"] == "s"


def test_long_text_continues_on_new_rows_never_cut(master_path, tmp_path):
    m = store.load_master(master_path)
    words = [f"việc{i:04d}" for i in range(6000)]  # ~60,000 characters: over one cell's limit
    long = " ".join(words)
    m.reports[1].result = long  # A's I.1.1
    store.save_master(m, master_path)
    out = tmp_path / "long.xlsx"
    write_summary(master_path, "2023-Q2", out, as_of=AS_OF)
    wb = openpyxl.load_workbook(out)
    ws = wb["Phụ lục"]
    pieces, heights = [], []
    for r in ws.iter_rows(min_row=1):
        if (
            r[0].value in ("Phòng VHTT", "Phòng VHTT (tiếp)")
            and r[4].value
            and "việc" in r[4].value
        ):
            pieces.append(r[4].value)
            heights.append(ws.row_dimensions[r[0].row].height)
    assert len(pieces) > 2
    assert all(len(p) <= 32767 for p in pieces)
    assert " ".join(p.replace("\n", " ") for p in pieces).split() == words
    assert max(heights) <= 409
    # the detail shows it shortened (the appendix holds it all)
    head, body = _table(wb["Chi tiết"], "TT")
    shown = next(r[6] for r in body if r[1] == "=1+1 nội dung")
    assert shown.endswith("…") and len(shown) < 300


def test_formula_looking_text_alone_in_a_cell(master_path, tmp_path):
    m = store.load_master(master_path)
    m.reports[2].difficulties = '=HYPERLINK("http://x")'
    m.reports[2].source_file = "@cmd.xlsx"
    store.save_master(m, master_path)
    out = tmp_path / "x.xlsx"
    write_summary(master_path, "2023-Q2", out, as_of=AS_OF)
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Phụ lục").to_python()
    assert any('Khó khăn, đề xuất: =HYPERLINK("http://x")' in str(c) for r in cal for c in r)


def test_opens_in_calamine(written):
    out, _ = written
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == SHEETS_VI
    ov = wb.get_sheet_by_name("Tổng quan").to_python()
    assert any(r[0] == "Tổng số nhiệm vụ" and r[2] == 6 for r in ov)


def test_layout_charts_print_settings(written):
    out, _ = written
    wb = openpyxl.load_workbook(out)
    ov = wb["Tổng quan"]
    assert sorted(c.type for c in ov._charts) == ["bar", "col"]
    assert ov.page_setup.orientation == "portrait"
    assert len(ov.row_breaks.brk) == 1  # two pages: figures and charts, then the rest
    # Decree 30 header from the settings' defaults; rule lines as bottom borders
    assert ov.cell(1, 1).value == "ỦY BAN MTTQ VIỆT NAM"
    assert ov.cell(1, 4).value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ov.cell(2, 4).value == "Độc lập - Tự do - Hạnh phúc"
    assert ov.cell(3, 2).border.bottom.style == "thin"
    assert ov.cell(3, 5).border.bottom.style == "thin"
    assert ov.cell(5, 1).value == "Số:      /BC-MTTQ"
    assert ov.cell(5, 4).value == "Long Biên, ngày 20 tháng 7 năm 2023"
    texts = [c.value for r in ov.iter_rows() for c in r if isinstance(c.value, str)]
    assert "Nơi nhận:" in texts and "TM. BAN THƯỜNG TRỰC" in texts and "- Lưu: VT." in texts
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title
        fonts = {c.font.name for r in ws.iter_rows() for c in r if c.value is not None}
        assert fonts == {"Times New Roman"}, ws.title
    det = wb["Chi tiết"]
    h = next(c.row for c in det["A"] if c.value == "TT")
    assert det.page_setup.orientation == "landscape"
    # printed at 100 %: its columns fit the page's width
    assert det.page_setup.scale in (None, 100) and not det.sheet_properties.pageSetUpPr.fitToPage
    assert ov.sheet_properties.pageSetUpPr.fitToPage
    assert det.print_title_rows == f"${h}:${h}"
    assert det.auto_filter.ref.startswith(f"A{h}:")
    assert det.cell(h + 1, 2).font.size == 9


def test_refuses_to_overwrite_without_force(written, master_path):
    out, _ = written
    before = out.read_bytes()
    with pytest.raises(FileError) as exc:
        write_summary(master_path, "2023-Q2", out, as_of=AS_OF)
    assert "--force" in exc.value.hint
    assert out.read_bytes() == before
    write_summary(master_path, "2023-Q2", out, as_of=AS_OF, force=True)
    with pytest.raises(FileError):
        write_summary(master_path, "2023-Q2", master_path, as_of=AS_OF, force=True)


def test_settings_sheet_changes_header_and_english(master_path, tmp_path):
    m = store.load_master(master_path)
    m.settings.update({
        "doc_governing_body": "QUẬN ỦY LONG BIÊN", "doc_number": "Số: 12/BC-MTTQ",
        "doc_date": "05/02/2024", "doc_signer_name": "Nguyễn Văn A",
        "doc_recipients": "Ban Thường vụ; Lưu",
    })  # fmt: skip
    store.save_master(m, master_path)
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.json").write_text('{"sheets": {"detail": {"en": "Tasks"}}}', "utf-8")
    out = tmp_path / "en.xlsx"
    fig = write_summary(master_path, "2023-Q1", out, as_of=AS_OF, lang="en", templates_dir=tdir)
    assert fig["changes"]["previous_period"] is None
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Overview", "Tasks", "Overdue", "Units", "Problems", "Appendix"]
    ov = wb["Overview"]
    assert ov.cell(1, 1).value == "QUẬN ỦY LONG BIÊN"
    assert ov.cell(1, 4).value == "SOCIALIST REPUBLIC OF VIETNAM"
    assert ov.cell(5, 1).value == "Số: 12/BC-MTTQ"
    assert ov.cell(5, 4).value == "Long Biên, 5 February 2024"
    texts = [c.value for r in ov.iter_rows() for c in r if isinstance(c.value, str)]
    assert "Nguyễn Văn A" in texts and "- Ban Thường vụ;" in texts and "- Lưu." in texts


def test_vietnamese_date_words():
    from sheettools.docinfo import vn_date_words

    assert vn_date_words(dt.date(2023, 6, 20)) == "ngày 20 tháng 6 năm 2023"
    assert vn_date_words(dt.date(2023, 1, 5)) == "ngày 05 tháng 01 năm 2023"
    assert vn_date_words(dt.date(2023, 2, 10)) == "ngày 10 tháng 02 năm 2023"
    assert vn_date_words(dt.date(2023, 12, 9)) == "ngày 09 tháng 12 năm 2023"


def test_received_time_in_the_office_zone():
    from sheettools.docinfo import fmt_received, office_tz

    tz = office_tz("+07:00")
    assert fmt_received("2023-06-15T20:30:00+00:00", tz) == "16/06/2023 03:30"
    assert fmt_received("2023-06-15T20:30:00", tz) == "15/06/2023 20:30"
    assert fmt_received("2023-06-15T20:30:00+00:00", office_tz("Asia/Ho_Chi_Minh")) == (
        "16/06/2023 03:30"
    )


def test_cli_summary_refusal_is_one_line(written, master_path, capsys):
    from sheettools.cli import main

    out, _ = written
    with pytest.raises(SystemExit) as exc:
        main(
            ["summary", str(master_path), "-p", "2023-Q2", "-o", str(out), "--as-of", "2023-07-20"]
        )
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err
    with pytest.raises(SystemExit) as exc:
        main([
            "summary", str(master_path), "-p", "2023-Q2", "-o", str(out), "--as-of",
            "2023-07-20", "--force",
        ])  # fmt: skip
    assert exc.value.code in (0, None)
    assert "6" in capsys.readouterr().out


@pytest.mark.parametrize(
    "text, word",
    [
        ('{"sheets": {"detail": {"vi": "Chi/tiết", "en": "Detail"}}}', "sheets.detail.vi"),
        ('{"sheets": {"detail": {"vi": "Tổng quan", "en": "Detail"}}}', "sheets"),
        ('{"font": {"name": "Times New Roman", "size": 99}}', "font.size"),
        ('{"title": ', "JSON"),
    ],
)
def test_broken_office_template_is_a_clear_error(master_path, tmp_path, text, word):
    from sheettools.errors import TemplateError

    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.json").write_text(text, encoding="utf-8")
    out = tmp_path / "t.xlsx"
    with pytest.raises(TemplateError) as exc:
        write_summary(master_path, "2023-Q2", out, as_of=AS_OF, templates_dir=tdir, lang="en")
    assert word in exc.value.message
    assert str(tdir / "summary.json") in exc.value.location
    assert not out.exists()


def test_unreadable_returns_come_from_the_rejected_sheet(master_path, tmp_path):
    from sheettools.model import LogEntry, Rejection

    m = store.load_master(master_path)
    # a merge log line alone (the text older versions parsed) no longer counts
    m.log.append(LogEntry("2023-07-16T09:00:00", "merge", "1 tệp",
                          "2023-Q2_B.xlsx: rejected [B] - Tệp bị hỏng"))  # fmt: skip
    store.save_master(m, master_path)
    fig = write_summary(master_path, "2023-Q2", tmp_path / "a.xlsx", as_of=AS_OF)
    assert (fig["missing_units"], fig["unreadable_units"]) == (1, 0)
    m = store.load_master(master_path)
    m.rejected.append(
        Rejection("2023-Q2", "C", "2023-Q2_C.xlsx", reason_code="corrupt_zip",
                  reason="Tệp bị hỏng hoặc bị cắt cụt", received_at="2023-07-14T08:00:00")
    )  # fmt: skip
    m.rejected.append(Rejection("2023-Q1", "A", "2023-Q1_A.xlsx", reason="Tệp cũ"))
    store.save_master(m, master_path)
    out = tmp_path / "b.xlsx"
    fig = write_summary(master_path, "2023-Q2", out, as_of=AS_OF)
    assert (fig["missing_units"], fig["unreadable_units"]) == (0, 1)
    rows = _rows(openpyxl.load_workbook(out)["Đơn vị"])
    c = next(r for r in rows if r[0] == "+SUM(A1)")
    assert c[1] == "Tệp không đọc được"
    assert c[9] == "Tệp bị hỏng hoặc bị cắt cụt (2023-Q2_C.xlsx)"
    a = next(r for r in rows if r[0] == "Phòng VHTT")
    assert a[1] == "Gửi đúng hạn"  # a rejected file of another period changes nothing


def test_section_headings_as_sentences_and_a_wards_bodies_are_not_wards():
    from sheettools.model import LEVEL_WARD
    from sheettools.periodstatus import analyze
    from sheettools.quarter import quarter_facts, sentence_case

    assert sentence_case("CÁC CHỈ TIÊU CHỦ YẾU") == "Các chỉ tiêu chủ yếu"
    assert sentence_case("III. CÔNG TÁC MTTQ") == "III. Công tác MTTQ"
    assert (
        sentence_case("NHIỆM VỤ CỦA CÁC CƠ QUAN PHƯỜNG (Kế hoạch của Đảng ủy phường Long Biên)")
        == "Nhiệm vụ của các cơ quan phường (Kế hoạch của Đảng ủy phường Long Biên)"
    )
    m = small_master()
    for u in m.units:
        u.level = LEVEL_WARD
    syn = [d.synthesis for d in quarter_facts(analyze(m, "2023-Q2", AS_OF), "vi").digests]
    assert any(" phường đã báo cáo" in s for s in syn)
    m.settings["district_unit"] = "P-LONGBIEN"  # a ward's own master: its units are bodies
    syn = [d.synthesis for d in quarter_facts(analyze(m, "2023-Q2", AS_OF), "vi").digests]
    assert not any("phường" in s for s in syn) and any(" đơn vị đã báo cáo" in s for s in syn)
