"""The committee's workbook as printed: the sample's quarter (the seed plan, the sample
registry, returns filled the way scripts/demo_returns.py fills them, merged) rendered to PDF
by LibreOffice and read back with pdfplumber.

Before this layout the same quarter printed on 70 A4 pages (measured with LibreOffice on
``make demo``'s TONGHOP-2023-Q2.xlsx), the detail at about 6 pt with results cut off.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import NOW, ROOT, require_system_program

pdfplumber = pytest.importorskip("pdfplumber")

PERIOD = "2023-Q2"
AS_OF = dt.date(2023, 6, 20)
PAGES_BEFORE = 70


@pytest.fixture(scope="session")
def quarter_master(tmp_path_factory, _seed_master_file) -> Path:
    """The seed's master after a quarter of returns: late, missing, broken, re-typed files."""
    import shutil

    from sheettools.merge import merge_files
    from sheettools.split import split_workbooks

    d = tmp_path_factory.mktemp("quarter")
    master = d / "master.xlsx"
    shutil.copy(_seed_master_file, master)
    split_workbooks(master, PERIOD, d / "outbox", now=NOW)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from demo_returns import make_returns
    finally:
        sys.path.pop(0)
    make_returns(d / "outbox", d / "returns", master_path=master)
    merge_files(master, [d / "returns"], period=PERIOD, quarantine=d / "q", now=NOW)
    return master


@pytest.fixture(scope="session")
def printed(quarter_master, tmp_path_factory):
    require_system_program("soffice", "libreoffice")
    from sheettools.summary import write_summary

    out = tmp_path_factory.mktemp("printed") / "TONGHOP.xlsx"
    fig = write_summary(quarter_master, PERIOD, out, as_of=AS_OF, lang="vi", pdf=True)
    pdf = pdfplumber.open(fig["pdf"])
    pages = []  # (sheet title, page)
    titles = {
        "ỦY BAN MTTQ VIỆT NAM": "overview",
        "TIẾN ĐỘ THỰC HIỆN TỪNG NHIỆM VỤ": "detail",
        "NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH": "overdue",
        "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ": "units",
        "SỐ LIỆU CẦN XEM LẠI": "problems",
        "PHỤ LỤC: BÁO CÁO CỦA TỪNG ĐƠN VỊ (TOÀN VĂN)": "appendix",
    }
    sheet = None
    for page in pdf.pages:
        text = page.extract_text() or ""
        first = text.split("\n", 1)[0]
        for title, name in titles.items():
            if first.startswith(title):
                sheet = name
        pages.append((sheet, page))
    yield fig, pages
    pdf.close()


def test_overview_is_two_pages_with_whole_charts(printed):
    _fig, pages = printed
    overview = [p for s, p in pages if s == "overview"]
    assert len(overview) == 2
    one, two = (p.extract_text() for p in overview)
    # both charts (title, categories, legend) on page 1, nothing of them on page 2
    for chart_text in ("Nhiệm vụ theo thời hạn", "Hoàn thành theo phần"):
        assert chart_text in one and chart_text not in two
    legend = [w for w in overview[0].extract_words() if w["text"] == "Còn"]
    assert legend and max(w["bottom"] for w in legend) < overview[0].height - 40
    # page 2: returns, overdue, problems, and the closing
    assert "IV. BÁO CÁO CỦA CÁC ĐƠN VỊ" in two and "Nơi nhận:" in two
    assert "TM. BAN THƯỜNG TRỰC" in two


def test_fonts_are_large_enough_everywhere(printed):
    _fig, pages = printed
    smallest: dict[str, float] = defaultdict(lambda: 99.0)
    for sheet, page in pages:
        sizes = [c["size"] for c in page.chars if c["text"].strip()]
        fonts = {c["fontname"].split("+")[-1] for c in page.chars if c["text"].strip()}
        assert all(f.startswith("LiberationSerif") for f in fonts), (sheet, fonts)
        if sizes:
            smallest[sheet] = min(smallest[sheet], min(sizes))
    assert min(smallest.values()) >= 7.95, dict(smallest)
    assert smallest["detail"] >= 8.95, dict(smallest)


def test_pages_against_the_old_workbook(printed):
    fig, pages = printed
    total = len(pages)
    committee = sum(1 for s, _p in pages if s != "appendix")
    appendix = total - committee
    print(f"pages: {total} (committee {committee}, appendix {appendix}); before {PAGES_BEFORE}")
    # what the committee reads is under half of what it was; the appendix holds every
    # unit's text in full (which the old workbook cut), one row per report
    assert committee <= PAGES_BEFORE // 2
    assert fig["appendix_rows"] >= 1000


def test_every_result_text_appears_in_full(printed, quarter_master):
    from sheettools.store import load_master

    _fig, pages = printed
    text = " ".join(" ".join((p.extract_text() or "").split()) for s, p in pages if s == "appendix")
    m = load_master(quarter_master)
    latest = m.latest_reports(PERIOD)
    results = {" ".join(r.result.split()) for r in latest.values() if r.result.strip()}
    assert results
    for res in results:
        # a text may wrap over lines: compare with the whitespace joined
        assert res in text or res.replace(" ", "") in text.replace(" ", ""), res
    per_unit = sum(1 for r in latest.values() if r.status or r.result.strip())
    assert _fig["appendix_rows"] >= per_unit


def test_the_report_on_the_sample_quarter(quarter_master, tmp_path):
    """The Word report opens in python-docx and in LibreOffice (to PDF), with the quarter's
    own figures in its sections."""
    require_system_program("soffice", "libreoffice")
    from docx import Document

    from sheettools.periodstatus import analyze
    from sheettools.quarter import quarter_facts
    from sheettools.report import write_report
    from sheettools.store import load_master

    out = tmp_path / "BAOCAO.docx"
    res = write_report(quarter_master, PERIOD, out, as_of=AS_OF, lang="vi", pdf=True)
    q = quarter_facts(analyze(load_master(quarter_master), PERIOD, AS_OF), "vi")
    done = q.buckets["done_on_time"] + q.buckets["done_late"]
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Kế hoạch có {len(q.digests)} nhiệm vụ" in text
    assert f"đã hoàn thành {done} nhiệm vụ" in text
    assert f"{len(q.returns_in('on_time'))} đơn vị gửi đúng hạn" in text
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "3. Các nhiệm vụ quá hạn",
                    "II. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT"):  # fmt: skip
        assert heading in text
    overdue = next(t for t in doc.tables if t.rows[0].cells[0].text == "TT")
    assert len(overdue.rows) - 1 == min(len(q.overdue), 30)
    with pdfplumber.open(res["pdf"]) as pdf:
        assert 2 <= len(pdf.pages) <= 12
        first = pdf.pages[0].extract_text()
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "BÁO CÁO" in first
        sizes = [c["size"] for p in pdf.pages for c in p.chars if c["text"].strip()]
        assert min(sizes) >= 10.9  # the smallest: 11 pt in tables and Nơi nhận


def test_completed_is_one_figure_in_workbook_report_and_board(quarter_master, tmp_path):
    """ "Hoàn thành N" is the same N in the workbook's overview and sections, the Word report
    and the board, and equals the board's done buckets (đúng hạn + quá hạn) on the sample,
    where some recurring tasks and tasks without a deadline are reported done."""
    from docx import Document

    from sheettools.desk import board
    from sheettools.periodstatus import analyze
    from sheettools.quarter import quarter_facts
    from sheettools.report import write_report
    from sheettools.store import load_master
    from sheettools.summary import write_summary

    master = load_master(quarter_master)
    a = analyze(master, PERIOD, AS_OF)
    # the sample holds tasks all of whose lead units say done that are in no done bucket:
    # the old count (every such task) and the buckets disagreed on it
    buckets = board(master, PERIOD, AS_OF)["buckets"]
    in_done_buckets = buckets["done_on_time"] + buckets["done_late"]
    assert sum(s.done for s in a.tasks) > in_done_buckets > 0
    fig = write_summary(quarter_master, PERIOD, tmp_path / "TONGHOP.xlsx", as_of=AS_OF, lang="vi")
    res = write_report(quarter_master, PERIOD, tmp_path / "BAOCAO.docx", as_of=AS_OF, lang="vi")
    q = quarter_facts(a, "vi")
    assert fig["done"] == res["done"] == in_done_buckets
    assert fig["buckets"] == buckets
    assert sum(sec["done"] for sec in q.sections) == in_done_buckets
    text = "\n".join(p.text for p in Document(str(tmp_path / "BAOCAO.docx")).paragraphs)
    assert f"đã hoàn thành {in_done_buckets} nhiệm vụ" in text
