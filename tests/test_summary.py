"""sheettools.summary: the consolidated workbook, read back with openpyxl and python-calamine.

Figures are checked against the hand-worked small master of test_flags.py.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheettools import store
from sheettools.errors import FileError
from sheettools.summary import write_summary
from test_flags import small_master

AS_OF = dt.date(2023, 7, 20)


@pytest.fixture()
def master_path(tmp_path):
    p = tmp_path / "master.xlsx"
    store.save_master(small_master(), p)
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


def test_workbook_content_in_openpyxl(written):
    out, fig = written
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Tổng quan", "Chi tiết", "Quá hạn", "Thiếu báo cáo", "Cảnh báo", "Thay đổi",
    ]  # fmt: skip
    ov = _rows(wb["Tổng quan"])
    i = _find_row(ov, "Tổng số nhiệm vụ")
    assert ov[i][1] == 6
    assert ov[_find_row(ov, "Tỷ lệ gửi đúng hạn")][1] == 0.5
    bucket_row = ov[_find_row(ov, "Chưa hoàn thành, quá hạn")]
    assert bucket_row[1] == 1
    sec = ov[_find_row(ov, "Phần I")]
    assert sec[1:9] == [0, 1, 2, 0, 0, 0, 0, 3]
    unit_c = ov[_find_row(ov, "+SUM(A1)")]
    assert unit_c[1:7] == ["C", 2, 0, 0, 1, "Chưa gửi"]
    # detail: table order, group headings, consolidated status, lead first then coord
    det = _rows(wb["Chi tiết"])
    h = next(i for i, r in enumerate(det) if r[0] == "TT")
    body = det[h + 1 :]
    assert [r[12] for r in body] == [
        None, "I.1", "I.1.1", "I.1.2", "I.1.3", None, "II.1", "II.1.1", "II.1.2", "II.1.3",
    ]  # fmt: skip
    assert body[0][:2] == ["I", "Phần I"] and body[5][:2] == ["II", "Phần II"]
    row = {r[12]: r for r in body if r[12]}
    i11 = row["I.1.1"]
    assert i11[0] == "1.1" and i11[6] == "Hoàn thành" and i11[7] == 100
    lines = i11[8].split("\n")
    assert lines[0] == "[Chủ trì] Phòng VHTT (Hoàn thành, 100%): =1+1"
    assert lines[1] == "[Phối hợp] Hội LHPN (Đang thực hiện): -2"
    assert i11[5] == dt.datetime(2023, 6, 30)
    assert [row[k][11] for k in ("I.1.1", "II.1.1", "II.1.2", "II.1.3")] == [
        "Xanh", "Đỏ", "Vàng", "Vàng",
    ]  # fmt: skip
    assert row["II.1.1"][10] == "Chưa hoàn thành, quá hạn"
    assert row["II.1.1"][6] == "Chưa báo cáo"
    assert row["I.1"][1] == "Chỉ tiêu chủ yếu"
    od = _rows(wb["Quá hạn"])
    odh = next(i for i, r in enumerate(od) if r[0] == "TT")
    assert od[odh + 1][7] == "II.1.1" and od[odh + 1][4] == 61
    miss = _rows(wb["Thiếu báo cáo"])
    kinds = [
        (r[0], r[1], r[7])
        for r in miss
        if r[0] in ("Chưa gửi báo cáo", "Gửi muộn", "Dòng bỏ trống")
    ]
    assert kinds == [
        ("Chưa gửi báo cáo", "C", None),
        ("Gửi muộn", "B", None),
        ("Dòng bỏ trống", "A", "II.1.3"),
    ]
    fl = _rows(wb["Cảnh báo"])
    # the committee reads the label, not the code
    assert any(r[1] == "D" and r[5] == "Tiến độ (%) không hợp lệ: abc" for r in fl)
    assert any(r[0] == "Tệp chưa xác thực" and r[6] == "D.xlsx" for r in fl)
    ch = _rows(wb["Thay đổi"])
    assert [(r[0], r[7]) for r in ch if r[0] in ("Mới hoàn thành", "Mới quá hạn")] == [
        ("Mới hoàn thành", "I.1.1"),
        ("Mới hoàn thành", "I.1.2"),
        ("Mới quá hạn", "II.1.1"),
    ]
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
    det = wb["Chi tiết"]
    texts = "\n".join(str(c.value) for r in det.iter_rows() for c in r if c.value)
    for typed in ("=1+1", "+SUM(A1)", "-2", "@cmd"):
        assert typed in texts


def test_formula_looking_text_alone_in_a_cell(master_path, tmp_path):
    m = store.load_master(master_path)
    m.reports[4].flags = ['=HYPERLINK("http://x")']  # B's I.1.1 row
    m.reports[2].source_file = "@cmd.xlsx"
    store.save_master(m, master_path)
    out = tmp_path / "x.xlsx"
    write_summary(master_path, "2023-Q2", out, as_of=AS_OF)
    wb = openpyxl.load_workbook(out)
    cells = {c.value: c.data_type for r in wb["Cảnh báo"].iter_rows() for c in r if c.value}
    assert cells['=HYPERLINK("http://x")'] == "s"
    cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Cảnh báo").to_python()
    assert any('=HYPERLINK("http://x")' in r for r in cal)


def test_opens_in_calamine(written):
    out, _ = written
    wb = CalamineWorkbook.from_path(str(out))
    assert "Chi tiết" in wb.sheet_names
    rows = wb.get_sheet_by_name("Chi tiết").to_python()
    keys = [r[12] for r in rows if len(r) > 12]
    assert "II.1.3" in keys
    ov = wb.get_sheet_by_name("Tổng quan").to_python()
    assert any(r[0] == "Tổng số nhiệm vụ" and r[1] == 6 for r in ov)


def test_layout_charts_print_settings(written):
    out, _ = written
    wb = openpyxl.load_workbook(out)
    ov = wb["Tổng quan"]
    assert len(ov._charts) == 2
    types = sorted(type(c).__name__ for c in ov._charts)
    assert types == ["BarChart", "BarChart"]  # columns and bars are both BarChart in openpyxl
    assert sorted(c.type for c in ov._charts) == ["bar", "col"]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    det = wb["Chi tiết"]
    h = next(c.row for c in det["A"] if c.value == "TT")
    assert det.print_title_rows == f"${h}:${h}"
    assert det.freeze_panes == f"C{h + 1}"
    assert det.auto_filter.ref.startswith(f"A{h}:")
    assert det.cell(h, 2).font.name == "Times New Roman"
    assert det.cell(1, 1).value == "ỦY BAN MTTQ VIỆT NAM"  # header block from the template
    rules = [r for cf in det.conditional_formatting for r in cf.rules]
    assert {r.formula[0] for r in rules} == {'"Đỏ"', '"Vàng"', '"Xanh"'}


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


def test_office_template_overrides_header_and_english(master_path, tmp_path):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "summary.json").write_text(
        '{"header_block": {"left": {"vi": ["ĐẢNG BỘ QUẬN"], "en": ["DISTRICT PARTY"]}}}',
        encoding="utf-8",
    )
    out = tmp_path / "en.xlsx"
    fig = write_summary(master_path, "2023-Q1", out, as_of=AS_OF, lang="en", templates_dir=tdir)
    assert fig["changes"]["previous_period"] is None
    wb = openpyxl.load_workbook(out)
    assert "Changes" not in wb.sheetnames  # Q1 has no previous period
    ov = wb["Overview"]
    assert ov.cell(1, 1).value == "DISTRICT PARTY"
    assert ov.cell(1, 6).value == "SOCIALIST REPUBLIC OF VIETNAM"  # rest of the default kept


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
        ('{"title": {"vi": "BÁO CÁO {nam}", "en": "X"}}', "title"),
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
