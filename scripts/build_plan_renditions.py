"""Build the converted renditions of the real plans in tests/data/plans/.

Some public plans were only available to us as text (a Markdown transcription, a text layer)
while their originals are Word or Excel files. To cover every input format with the SAME
real content, this script writes faithful renditions next to them:

- nqcp-03-2025-phu-luc-nhiem-vu-nq57.docx from the Markdown table (.md, as found): the
  heading lines as paragraphs, the task table as a Word table whose section rows (I., II., …)
  are one merged cell across the row, as Word documents from ministries usually have it;
- qdttg-893-2026-nhan-luc-nang-luong-nguyen-tu.xlsx from the PDF's task table (text
  transcribed from the PDF's text layer): title rows above a header, values as typed text;
- ubtvqh-45-2024-dieu-chinh-chuong-trinh-xay-dung-luat.xlsx from the text (one cell per
  line, as found): the resolution's task table with its heading lines;
- ubnd-laocai-2026-ct11-khoang-san.ods and .xls from the real Word file (.docx, as found):
  its letterhead and title lines, then its task table cell by cell (a cell's paragraphs as
  lines of one cell, as Alt+Enter types them), written with xlsxwriter and saved as
  OpenDocument and as Excel 97-2003 by LibreOffice (``soffice --headless --convert-to``);
  no real .ods/.xls plan was found in the stored sources.

Every rendition is labelled as converted in tests/data/plans/PROVENANCE.md. The outputs are
committed; run this script only to rebuild them (`python scripts/build_plan_renditions.py`).
Output is reproducible (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import docx
import xlsxwriter
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

PLANS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"
FIXED = dt.datetime(2026, 1, 1, 0, 0, 0)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def md_cells(line: str) -> list[str]:
    """Cells of one Markdown table row, bold markers removed, spaces collapsed."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [re.sub(r"\s+", " ", c.replace("**", "")).strip() for c in inner.split("|")]


def build_nqcp03_docx() -> Path:
    src = PLANS / "nqcp-03-2025-phu-luc-nhiem-vu-nq57.md"
    lines = nfc(src.read_text(encoding="utf-8")).splitlines()
    heading = [
        ln.replace("**", "").strip() for ln in lines if ln.strip() and not ln.startswith("|")
    ]
    rows = [md_cells(ln) for ln in lines if ln.startswith("|")]
    header, body = rows[0], [r for r in rows[1:] if not set("".join(r)) <= set("-: ")]

    document = docx.Document()
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    document.core_properties.author = "sheettools test corpus (converted)"
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for text in heading:
        para = document.add_paragraph(text)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in body:
        cells = table.add_row().cells
        is_section = re.fullmatch(r"[IVX]+\.", row[0]) is not None and not any(row[2:])
        if is_section:
            cells[0].text = row[0]
            merged = cells[1].merge(cells[-1])
            merged.text = row[1]
            continue
        for cell, text in zip(cells, row, strict=False):
            cell.text = text
    widths = [Cm(1.2), Cm(6.5), Cm(3.0), Cm(3.0), Cm(2.6), Cm(2.2)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        cells = row.cells
        if len({id(c._tc) for c in cells}) == len(cells):
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
    out = PLANS / "nqcp-03-2025-phu-luc-nhiem-vu-nq57.docx"
    document.save(out)
    return out


# The appendix of Quyết định 893/QĐ-TTg as printed (pages 68–69 of Công báo 302/2026),
# transcribed from the PDF's text layer; cell line breaks joined with a space.
QD893_TITLE = [
    "Phụ lục",
    "DANH MỤC NHIỆM VỤ TRỌNG TÂM TRIỂN KHAI THỰC HIỆN ĐỀ ÁN “ĐÀO TẠO, BỒI DƯỠNG VÀ PHÁT TRIỂN "
    "NGUỒN NHÂN LỰC QUẢN LÝ NHÀ NƯỚC, NGHIÊN CỨU - PHÁT TRIỂN, ỨNG DỤNG VÀ HỖ TRỢ KỸ THUẬT "
    "TRONG LĨNH VỰC NĂNG LƯỢNG NGUYÊN TỬ”",
    "(Kèm theo Quyết định số 893/QĐ-TTg ngày 20 tháng 5 năm 2026 của Thủ tướng Chính phủ)",
]
QD893_HEADER = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Đơn vị phối hợp (Bộ/ngành/địa phương)",
    "Cấp phê duyệt",
    "Tiến độ thực hiện",
]
QD893_ROWS = [
    [
        "1",
        "Điều tra, đánh giá nhu cầu đào tạo, bồi dưỡng nhân lực quản lý nhà nước, nghiên cứu - "
        "phát triển, ứng dụng và hỗ trợ kỹ thuật trong lĩnh vực năng lượng nguyên tử",
        "Bộ Khoa học và Công nghệ",
        "Các bộ, ngành và địa phương",
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "Hằng năm",
    ],
    [
        "2",
        "Xây dựng Thông tư quy định về đào tạo an toàn bức xạ, chuyên môn, nghiệp vụ đối với "
        "nhân viên bức xạ, người phụ trách an toàn và nhân viên thực hiện dịch vụ hỗ trợ ứng "
        "dụng năng lượng nguyên tử (thay thế Thông tư 34/2014/TT-BKHCN)",
        "Bộ Khoa học và Công nghệ",
        "Các bộ, ngành có liên quan",
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "2026",
    ],
    [
        "3",
        "Ban hành khung chương trình đào tạo, bồi dưỡng đối với nhân lực quản lý nhà nước theo "
        "yêu cầu vị trí việc làm trong lĩnh vực năng lượng nguyên tử",
        "Bộ Khoa học và Công nghệ",
        "Bộ Giáo dục và Đào tạo và các bộ, ngành, địa phương có liên quan",
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "2026 - 2027",
    ],
    [
        "4",
        "Ban hành khung chương trình đào tạo, bồi dưỡng đối với nhân lực nghiên cứu - phát "
        "triển và hỗ trợ kỹ thuật theo yêu cầu vị trí việc làm trong lĩnh vực năng lượng "
        "nguyên tử",
        "Bộ Khoa học và Công nghệ",
        "Các cơ sở nghiên cứu - phát triển, tổ chức hỗ trợ kỹ thuật và đơn vị có liên quan",
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "2026 - 2027",
    ],
    [
        "5",
        "Đào tạo chuyên sâu cán bộ thẩm định nhà máy điện hạt nhân theo hình thức tại chỗ",
        "Bộ Khoa học và Công nghệ",
        "Các cơ quan có liên quan",
        "Bộ trưởng Bộ Khoa học và Công nghệ",
        "2026 - 2035",
    ],
    [
        "6",
        "Kế hoạch huy động, thu hút người Việt Nam ở nước ngoài tham gia hoạt động trong lĩnh "
        "vực năng lượng nguyên tử",
        "Bộ Ngoại giao",
        "Bộ Khoa học và Công nghệ và các bộ, ngành có liên quan",
        "Bộ trưởng Bộ Ngoại giao",
        "2026",
    ],
    [
        "7",
        "Xây dựng và triển khai chương trình đào tạo chuyên sâu về quan trắc, đánh giá rủi ro "
        "và ứng phó sự cố phóng xạ môi trường biển và khí quyển",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Khoa học và Công nghệ và các bộ, ngành, các Viện nghiên cứu liên quan",
        "Bộ trưởng Bộ Nông nghiệp và Môi trường",
        "2026 - 2030",
    ],
]


def write_sheet(path: Path, sheet: str, title: list[str], header: list[str], rows) -> Path:
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    book.set_properties({"created": FIXED, "author": "sheettools test corpus (converted)"})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    centre = book.add_format({"bold": True, "align": "center"})
    for r, text in enumerate(title):
        ws.merge_range(r, 0, r, len(header) - 1, nfc(text), centre)
    top = len(title) + 1
    for c, text in enumerate(header):
        ws.write_string(top, c, nfc(text), bold)
    for r, row in enumerate(rows, start=top + 1):
        for c, text in enumerate(row):
            ws.write_string(r, c, nfc(text), wrap)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 60)
    ws.set_column(2, len(header) - 1, 24)
    book.close()
    return path


def build_qd893_xlsx() -> Path:
    out = PLANS / "qdttg-893-2026-nhan-luc-nang-luong-nguyen-tu.xlsx"
    return write_sheet(out, "Phụ lục", QD893_TITLE, QD893_HEADER, QD893_ROWS)


def build_ubtvqh45_xlsx() -> Path:
    src = PLANS / "ubtvqh-45-2024-dieu-chinh-chuong-trinh-xay-dung-luat.txt"
    lines = [ln.strip() for ln in nfc(src.read_text(encoding="utf-8")).splitlines()]
    start = lines.index("TT")
    header = lines[start : start + 5]
    rows, i = [], start + 5
    while i + 5 <= len(lines) and re.fullmatch(r"\d+\.", lines[i]):
        rows.append(lines[i : i + 5])
        i += 5
    title = [
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI — Nghị quyết số: 45/2024/UBTVQH15, Hà Nội, ngày 15 tháng 4 "
        "năm 2024",
        "ĐIỀU CHỈNH CHƯƠNG TRÌNH XÂY DỰNG LUẬT, PHÁP LỆNH NĂM 2024",
        lines[start - 1],
    ]
    out = PLANS / "ubtvqh-45-2024-dieu-chinh-chuong-trinh-xay-dung-luat.xlsx"
    return write_sheet(out, "Điều 2", title, header, rows)


def build_laocai_ods_xls() -> list[Path]:
    import shutil
    import subprocess
    import tempfile

    src = PLANS / "ubnd-laocai-2026-ct11-khoang-san.docx"
    document = docx.Document(str(src))
    letterhead = [
        " — ".join(re.sub(r"\s+", " ", c.text).strip() for c in row.cells if c.text.strip())
        for row in document.tables[0].rows
    ]
    paragraphs = [p.text.strip() for p in document.paragraphs]
    start = paragraphs.index("KẾ HOẠCH")
    title = [*letterhead, "KẾ HOẠCH", " ".join(paragraphs[start + 1 : start + 4])]
    table = document.tables[2]
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell, once
                cells.append("")
                continue
            seen.add(id(cell._tc))
            cells.append("\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append(cells)
    header, body = rows[0], rows[1:]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .ods/.xls renditions")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "ubnd-laocai-2026-ct11-khoang-san.xlsx"
        write_sheet(xlsx, "Phụ lục", title, header, body)
        for fmt, ext in (("ods", ".ods"), ("xls:MS Excel 97", ".xls")):
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{tmp}/lo", "--headless",
                 "--convert-to", fmt, "--outdir", tmp, str(xlsx)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
            target = PLANS / xlsx.with_suffix(ext).name
            shutil.copyfile(xlsx.with_suffix(ext), target)
            out.append(target)
    return out


def main() -> None:
    for out in (build_nqcp03_docx(), build_qd893_xlsx(), build_ubtvqh45_xlsx(),
                *build_laocai_ods_xls()):  # fmt: skip
        print(out.relative_to(PLANS.parent.parent.parent))


if __name__ == "__main__":
    main()
