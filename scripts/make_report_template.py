"""Build the Word templates of the quarterly report (``sheettools report``), Decree 30/2020/NĐ-CP
layout, with docxtpl's Jinja tags in them:

    src/sheettools/templates/bao_cao_quy.docx      (Vietnamese, the package default)
    src/sheettools/templates/bao_cao_quy.en.docx   (English, --lang en)
    workbook_templates/bao_cao_quy.docx            (the office's copy to edit in Word)

    .venv/bin/python scripts/make_report_template.py

The office edits its copy in Word: any text can change, and the ``{{ … }}`` / ``{%p … %}`` /
``{%tr … %}`` tags say where the figures go (docs/committee.md lists them). Rebuild with this
script after changing it; the output is deterministic (fixed document properties).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
FONT = "Times New Roman"

TEXTS = {
    "vi": {
        "intro": "Thực hiện {{ doc.plan_cited }}; {{ doc.office_name }} báo cáo kết quả thực "
        "hiện {{ period_label }} (số liệu tính đến ngày {{ as_of }}) như sau:",
        "part1": "I. KẾT QUẢ THỰC HIỆN",
        "general": "1. Tình hình chung",
        "general_p": "Kế hoạch có {{ fig.tasks }} nhiệm vụ. Tính đến ngày {{ as_of }}, đã hoàn "
        "thành {{ fig.done }} nhiệm vụ ({{ fig.rate }}), trong đó {{ b.done_on_time }} đúng hạn, "
        "{{ b.done_late }} quá hạn; chưa hoàn thành {{ b.not_done_within_deadline }} nhiệm vụ "
        "trong hạn và {{ b.not_done_overdue }} nhiệm vụ quá hạn; {{ b.not_yet_due }} nhiệm vụ "
        "chưa đến hạn; {{ b.ongoing }} nhiệm vụ thường xuyên{% if b.no_deadline %}; "
        "{{ b.no_deadline }} nhiệm vụ chưa xác định được thời hạn{% endif %}.",
        "bucket_head": ("Phân loại", "Số nhiệm vụ", "Tỷ lệ"),
        "returns_p": "Có {{ ret.expected }} đơn vị phải gửi báo cáo: {{ ret.on_time }} đơn vị "
        "gửi đúng hạn, {{ ret.late }} gửi muộn, {{ ret.missing }} chưa gửi{% if ret.unreadable %}, "
        "{{ ret.unreadable }} gửi tệp không đọc được{% endif %}.",
        "sections": "2. Kết quả theo từng phần của kế hoạch",
        "notable_lead": "Kết quả nổi bật các đơn vị báo cáo:",
        "overdue": "3. Các nhiệm vụ quá hạn",
        "overdue_none": "Không có nhiệm vụ quá hạn.",
        "overdue_head": (
            "TT",
            "Nhiệm vụ",
            "Đơn vị chủ trì",
            "Hạn",
            "Quá hạn (ngày)",
            "Lý do (đơn vị nêu)",
        ),
        "overdue_more": "(Còn {{ overdue_more }} nhiệm vụ quá hạn khác, xem sổ tổng hợp, "
        "trang Quá hạn.)",
        "units": "4. Tình hình gửi báo cáo của các đơn vị",
        "units_missing": "- Chưa gửi báo cáo: {{ units_missing }}.",
        "units_unreadable": "- Gửi tệp không đọc được (đã đề nghị gửi lại): {{ units_unreadable }}.",
        "units_late": "- Gửi báo cáo muộn: {{ units_late }}.",
        "units_all": "Tất cả các đơn vị đã gửi báo cáo đúng hạn.",
        "part2": "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT",
        "diff_none": "Các đơn vị không nêu khó khăn, vướng mắc.",
        "part3": "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "next_none": "Tiếp tục thực hiện các nhiệm vụ thường xuyên theo kế hoạch.",
        "next_more": "(Và {{ next_more }} nhiệm vụ khác đến hạn trong quý tới.)",
        "closing": "Trên đây là báo cáo kết quả thực hiện {{ period_label }} của "
        "{{ doc.office_name }}./.",
        "recipients": "Nơi nhận:",
    },
    "en": {
        "intro": "Pursuant to {{ doc.plan_cited }}, {{ doc.office_name }} reports the results "
        "of {{ period_label }} (figures as of {{ as_of }}) as follows:",
        "part1": "I. RESULTS",
        "general": "1. Overview",
        "general_p": "The plan has {{ fig.tasks }} tasks. As of {{ as_of }}, {{ fig.done }} are "
        "done ({{ fig.rate }}): {{ b.done_on_time }} on time, {{ b.done_late }} late; not done: "
        "{{ b.not_done_within_deadline }} within their deadline and {{ b.not_done_overdue }} "
        "overdue; {{ b.not_yet_due }} not yet due; {{ b.ongoing }} ongoing"
        "{% if b.no_deadline %}; {{ b.no_deadline }} without a computable deadline{% endif %}.",
        "bucket_head": ("Bucket", "Tasks", "Share"),
        "returns_p": "{{ ret.expected }} units had to report: {{ ret.on_time }} on time, "
        "{{ ret.late }} late, {{ ret.missing }} not received{% if ret.unreadable %}, "
        "{{ ret.unreadable }} unreadable files{% endif %}.",
        "sections": "2. Results by section of the plan",
        "notable_lead": "Notable results reported by units:",
        "overdue": "3. Overdue tasks",
        "overdue_none": "No task is overdue.",
        "overdue_head": ("No.", "Task", "Lead units", "Due", "Days overdue", "Reason given"),
        "overdue_more": "({{ overdue_more }} more overdue tasks: see the workbook, Overdue sheet.)",
        "units": "4. Units' returns",
        "units_missing": "- Not received: {{ units_missing }}.",
        "units_unreadable": "- Unreadable file (asked to resend): {{ units_unreadable }}.",
        "units_late": "- Late: {{ units_late }}.",
        "units_all": "Every unit reported on time.",
        "part2": "II. DIFFICULTIES AND PROPOSALS",
        "diff_none": "Units reported no difficulties.",
        "part3": "III. PRIORITIES FOR THE NEXT PERIOD",
        "next_none": "Continue the ongoing tasks of the plan.",
        "next_more": "(And {{ next_more }} more tasks due next quarter.)",
        "closing": "This concludes the report of {{ doc.office_name }} on {{ period_label }}./.",
        "recipients": "Recipients:",
    },
}


def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    for t in run._r.findall(qn("w:t")):  # keep runs of spaces ("Số:      /BC-…")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def para(container, text: str = "", size: float = 14, *, bold=False, italic=False,
         align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, before: float = 0,
         after: float = 6):  # fmt: skip
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.1
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _font(p.add_run(text), size, bold, italic)
    return p


def tag(container, text: str):
    """A paragraph holding only a docxtpl block tag ({%p ... %}): removed when rendered."""
    return para(container, text, 11, after=0)


def rule(container, indent_cm: float):
    """A short horizontal rule: an empty paragraph's bottom border, indented both sides."""
    p = para(container, "", 2, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    p.paragraph_format.left_indent = Cm(indent_cm)
    p.paragraph_format.right_indent = Cm(indent_cm)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    return p


def no_borders(table) -> None:
    tbl = table._tbl
    pr = tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    pr.append(borders)


def widths(table, cms) -> None:
    """Column widths Word and LibreOffice both keep (grid and every cell)."""
    table.autofit = False
    for i, w in enumerate(cms):
        table.columns[i].width = Cm(w)
        for cell in table.columns[i].cells:
            cell.width = Cm(w)


def cell_text(cell, text: str, size: float, *, bold=False, italic=False,
              align=WD_ALIGN_PARAGRAPH.CENTER, first: bool = True):  # fmt: skip
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    _font(p.add_run(text), size, bold, italic)
    return p


def data_table(doc, heads: tuple[str, ...], cells: tuple[str, ...], widths_cm, loop: str):
    """A bordered table: a header row and one templated row repeated by ``{%tr for %}``."""
    t = doc.add_table(rows=4, cols=len(heads))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(heads):
        cell_text(t.cell(0, i), h, 11, bold=True)
    t.cell(1, 0).merge(t.cell(1, len(heads) - 1))
    cell_text(t.cell(1, 0), "{%tr " + loop + " %}", 10, align=WD_ALIGN_PARAGRAPH.LEFT)
    centred = {0, 3, 4} if len(cells) > 3 else {1, 2}
    for i, c in enumerate(cells):
        align = WD_ALIGN_PARAGRAPH.CENTER if i in centred else WD_ALIGN_PARAGRAPH.LEFT
        cell_text(t.cell(2, i), c, 11, align=align)
    t.cell(3, 0).merge(t.cell(3, len(heads) - 1))
    cell_text(t.cell(3, 0), "{%tr endfor %}", 10, align=WD_ALIGN_PARAGRAPH.LEFT)
    widths(t, widths_cm)
    # the header row repeats on every page
    trpr = t.rows[0]._tr.get_or_add_trPr()
    h = OxmlElement("w:tblHeader")
    h.set(qn("w:val"), "true")
    trpr.append(h)
    return t


def build(lang: str) -> Document:
    tx = TEXTS[lang]
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr()
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        normal.element.rPr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    props = doc.core_properties
    props.author = "sheettools"
    props.last_modified_by = "sheettools"
    props.created = props.modified = dt.datetime(2000, 1, 1)
    props.revision = 1
    props.title = "Báo cáo quý" if lang == "vi" else "Quarterly report"

    # header: issuing body | national motto (Decree 30/2020/NĐ-CP, Appendix I)
    head = doc.add_table(rows=1, cols=2)
    no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(head, (6.5, 10))
    left, right = head.cell(0, 0), head.cell(0, 1)
    # an office without a governing body: its own name is the first line (Decree 30)
    cell_text(left, "{%p if doc.governing_body %}", 11)
    cell_text(left, "{{ doc.governing_body }}", 13, first=False)
    cell_text(left, "{%p endif %}", 11, first=False)
    cell_text(left, "{{ doc.issuing_body }}", 13, bold=True, first=False)
    rule(left, 2.2)
    cell_text(left, "{{ doc.number }}", 13, first=False).paragraph_format.space_before = Pt(6)
    cell_text(right, "{{ doc.motto[0] }}", 12, bold=True)
    cell_text(right, "{{ doc.motto[1] }}", 13, bold=True, first=False)
    rule(right, 2.4)
    cell_text(
        right, "{{ doc.date_line }}", 13, italic=True, first=False
    ).paragraph_format.space_before = Pt(6)

    para(doc, "{{ doc.title }}", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=18, after=0)
    para(doc, "{{ doc.subject }}", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    rule(doc, 6.5)
    para(doc, tx["intro"], indent=True, before=12)

    para(doc, tx["part1"], bold=True)
    para(doc, tx["general"], bold=True, indent=True)
    para(doc, tx["general_p"], indent=True)
    data_table(doc, tx["bucket_head"], ("{{ r.label }}", "{{ r.count }}", "{{ r.share }}"),
               (9, 3.5, 3.5), "for r in buckets")  # fmt: skip
    para(doc, tx["returns_p"], indent=True, before=6)

    para(doc, tx["sections"], bold=True, indent=True)
    tag(doc, "{%p for sec in sections %}")
    para(doc, "{{ sec.heading }}", bold=True, italic=True, indent=True)
    tag(doc, "{%p if sec.notable %}")
    para(doc, tx["notable_lead"], italic=True, indent=True)
    tag(doc, "{%p for n in sec.notable %}")
    para(doc, "- {{ n.number }}. {{ n.content }} ({{ n.unit }}): {{ n.result }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, tx["overdue"], bold=True, indent=True)
    tag(doc, "{%p if overdue %}")
    data_table(
        doc, tx["overdue_head"],
        ("{{ o.number }}", "{{ o.content }}", "{{ o.leads }}", "{{ o.due }}", "{{ o.days }}",
         "{{ o.reason }}"),
        (2.1, 4.3, 3.0, 2.4, 1.5, 3.2), "for o in overdue",
    )  # fmt: skip
    tag(doc, "{%p if overdue_more %}")
    para(doc, tx["overdue_more"], 12, italic=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, tx["overdue_none"], indent=True)
    tag(doc, "{%p endif %}")

    para(doc, tx["units"], bold=True, indent=True, before=6)
    tag(doc, "{%p if units_missing %}")
    para(doc, tx["units_missing"], indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if units_unreadable %}")
    para(doc, tx["units_unreadable"], indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if units_late %}")
    para(doc, tx["units_late"], indent=True)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if not units_missing and not units_late and not units_unreadable %}")
    para(doc, tx["units_all"], indent=True)
    tag(doc, "{%p endif %}")

    para(doc, tx["part2"], bold=True)
    tag(doc, "{%p for g in difficulties %}")
    para(doc, "- {{ g.text }} ({{ g.who }})", indent=True)
    tag(doc, "{%p else %}")
    para(doc, tx["diff_none"], indent=True)
    tag(doc, "{%p endfor %}")

    para(doc, tx["part3"], bold=True)
    tag(doc, "{%p for t in next_tasks %}")
    para(doc, "- {{ t.number }} {{ t.content }} ({{ t.due }}; {{ t.leads }})", indent=True)
    tag(doc, "{%p else %}")
    para(doc, tx["next_none"], indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if next_more %}")
    para(doc, tx["next_more"], 12, italic=True, indent=True)
    tag(doc, "{%p endif %}")
    para(doc, tx["closing"], indent=True, before=6)

    # closing: Nơi nhận (left) | signature block (right)
    foot = doc.add_table(rows=1, cols=2)
    no_borders(foot)
    widths(foot, (8, 8.5))
    left, right = foot.cell(0, 0), foot.cell(0, 1)
    cell_text(left, tx["recipients"], 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_text(left, "{%p for r in recipients %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_text(left, "{{ r }}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_text(left, "{%p endfor %}", 11, align=WD_ALIGN_PARAGRAPH.LEFT, first=False)
    cell_text(right, "{{ doc.signer_authority }}", 14, bold=True)
    cell_text(right, "{{ doc.signer_title }}", 14, bold=True, first=False)
    for _ in range(4):
        cell_text(right, "", 14, first=False)
    cell_text(right, "{{ doc.signer_name }}", 14, bold=True, first=False)
    return doc


def main() -> None:
    tdir = ROOT / "src" / "sheettools" / "templates"
    for lang, name in (("vi", "bao_cao_quy.docx"), ("en", "bao_cao_quy.en.docx")):
        out = tdir / name
        build(lang).save(out)
        print(f"wrote {out.relative_to(ROOT)}")
    office = ROOT / "workbook_templates" / "bao_cao_quy.docx"
    shutil.copy(tdir / "bao_cao_quy.docx", office)
    print(f"wrote {office.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
