"""xlsxfast.splice_rows: rows rendered outside xlsxwriter added to a finished workbook, in the
workbook's own cell formats; read back with openpyxl and python-calamine (the LibreOffice
rendering of the committee workbook is checked in test_committee_pdf.py)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from python_calamine import CalamineWorkbook

from sheettools.summary import probe_styles
from sheettools.xlsxfast import (
    splice_rows,
    styled_blank,
    styled_number,
    styled_row,
    styled_text,
)
from sheettools.xlsxio import new_workbook


def _book(merge_title: bool) -> tuple[bytes, int, int]:
    buf = io.BytesIO()
    wb = new_workbook(buf, in_memory=True)
    first = wb.add_worksheet("Đầu")
    first.write_string(0, 0, "khác")
    ws = wb.add_worksheet("Phụ lục & <x>")
    if merge_title:
        ws.merge_range(0, 0, 0, 2, "Tiêu đề")
    else:
        ws.write_string(0, 0, "Tiêu đề")
    ws.repeat_rows(0)
    bold = wb.add_format({"bold": True, "border": 1})
    grey = wb.add_format({"italic": True, "font_color": "#595959"})
    # the formats' indices, learnt as the committee workbook learns them: blank cells in a
    # hidden row, read back from the file (xlsxwriter's public API gives no index)
    ws.write_blank(1, 0, None, bold)
    ws.write_blank(1, 1, None, grey)
    ws.set_row(1, None, None, {"hidden": True})
    wb.close()
    data = buf.getvalue()
    return data, *probe_styles(data, "Phụ lục & <x>", 1, 2)


def test_rows_and_merges_spliced_in_the_workbooks_formats(tmp_path):
    for merge_title in (True, False):
        data, bold, grey = _book(merge_title)
        rows = [
            styled_row(
                2, 30.5, styled_text("=1+1", bold) + styled_number(7, grey) + styled_blank(bold)
            ),
            styled_row(3, 12, styled_text("dòng\nhai  dấu cách", grey)),
            styled_row(4, 12, styled_text("gộp", bold) + styled_blank(bold) * 2),
        ]
        out = tmp_path / f"s{merge_title}.xlsx"
        with open(out, "wb") as fh:
            splice_rows(data, fh, "Phụ lục & <x>", rows, [(4, 0, 4, 2)], last_col=2)
        assert zipfile.ZipFile(out).testzip() is None
        ws = openpyxl.load_workbook(out)["Phụ lục & <x>"]
        assert ws["A3"].value == "=1+1" and ws["A3"].data_type == "s" and ws["A3"].font.b
        assert ws["B3"].value == 7 and ws["B3"].font.i
        assert ws["A4"].value == "dòng\nhai  dấu cách"
        assert ws.row_dimensions[3].height == 30.5 and ws.row_dimensions[4].height == 12
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert "A5:C5" in merged and ("A1:C1" in merged) == merge_title
        assert ws.max_row == 5
        assert openpyxl.load_workbook(out)["Đầu"]["A1"].value == "khác"
        cal = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Phụ lục & <x>").to_python()
        assert cal[2][0] == "=1+1" and cal[4][0] == "gộp"
