"""PDF tables laid out with spaces (issue 11, item 5): a text layer, no ruling lines.

``nqcp-03-2025-phu-luc-nhiem-vu-nq57-spaced.pdf`` is the appendix of Nghị quyết 03/NQ-CP
(the corpus' .docx rendition) with its table borders removed, printed to PDF by LibreOffice:
the columns are only aligned, as in a Word table without borders printed to PDF. It must
import as its original does (140 tasks, the same lead units and deadlines).
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest

from sheettools.pdfspaced import SpacedLayout, spaced_rows
from sheettools.planimport import parse_plan
from sheettools.textutil import fold, nfc

PLANS = Path(__file__).parent / "data" / "plans"
SPACED = PLANS / "nqcp-03-2025-phu-luc-nhiem-vu-nq57-spaced.pdf"
ORIGINAL = "nqcp-03-2025-phu-luc-nhiem-vu-nq57.md"


@pytest.fixture(scope="module")
def imported():
    return parse_plan(SPACED)


def test_the_pdf_has_no_ruling_lines_to_find():
    with pdfplumber.open(str(SPACED)) as pdf:
        assert not any(p.find_tables() for p in pdf.pages)


def test_the_columns_come_from_the_header_and_carry_to_the_next_page():
    layout = SpacedLayout()
    with pdfplumber.open(str(SPACED)) as pdf:
        rows, _top = spaced_rows(pdf.pages[0], layout)
        assert rows[0] == [
            "TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả",
            "Thời gian hoàn thành",
        ]  # fmt: skip
        # a section row across the table: its number, then its whole title as the content
        assert rows[1][0] == "I." and rows[1][1].startswith("Nâng cao nhận thức")
        assert rows[1][2:] == ["", "", "", ""]
        one = rows[2]
        assert one[0] == "1." and one[2] == "Bộ Khoa học và Công nghệ" and one[5] == "6/2025"
        nxt, _top = spaced_rows(pdf.pages[1], layout)
    # page 2 opens with the rest of task 4's cells (no number): a continuation, no task
    assert nxt[0][0] == "" and nxt[0][1].startswith("đạo, chỉ đạo triển khai")
    assert nxt[1][:3] == ["5.", nxt[1][1], "Bộ Nội vụ"]


def test_it_imports_as_its_original(imported):
    expected = json.loads((PLANS / "expected.json").read_text(encoding="utf-8"))[ORIGINAL]
    tasks, report = imported
    leaves = [t for t in tasks if t.kind != "group"]
    assert report["year"] == expected["year"]
    assert len(leaves) == expected["tasks"]
    for s in expected["samples"]:
        found = [t for t in leaves if t.content.startswith(nfc(s["content_start"]))]
        assert found, s["content_start"]
        t = found[0]
        for unit in s.get("lead_units", []) + s.get("lead_groups", []):
            assert fold(unit) in fold(t.lead_raw), (t.key, unit, t.lead_raw)
        assert t.due_date == s["deadline"], (t.key, t.due_raw)
    four = next(t for t in leaves if t.number.rstrip(".") == "4")
    # its content wrapped onto page 2 is joined, the next task's words are not
    assert four.content.endswith("của cơ quan, tổ chức.")
    assert "Bộ Nội vụ" not in four.content


def test_a_pdf_of_prose_pages_is_not_read_as_a_spaced_table():
    # Quyết định 1074/QĐ-BXD (2026): prose with labelled fields, no table at all
    with pdfplumber.open(str(PLANS / "bxd-1074-2026-giai-phap-pccc.pdf")) as pdf:
        layout = SpacedLayout()
        assert all(spaced_rows(p, layout) is None for p in pdf.pages)


def test_words_far_off_the_paper_give_no_columns_not_a_huge_list():
    from sheettools.pdfspaced import _rivers

    words = [[{"x0": 10.0, "x1": 40.0}, {"x0": 1e12, "x1": 1e12 + 5}]]
    assert _rivers(words) == []
