"""Defects found by blind round 3b of issue 11: national programmes printed as PDF with
landscape appendices (several appendices in one file, rows continued on the next page).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 3b")
or a cell copied from one as found.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.deadlines import parse_expression
from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
NQ105 = "nqcp-105-2026-to-chuc-bo-may-kl210.pdf"
NQ109 = "nqcp-109-2026-chuong-trinh-hanh-dong-2026-2030.pdf"
QD982 = "qdttg-982-2026-doanh-nghiep-cong-nghe-so.pdf"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _task(name: str, start: str):
    tasks, _report = _plan(name)
    found = [t for t in tasks if t.kind != "group" and t.content.startswith(start)]
    assert found, start
    return found[0]


def test_pdf_padding_spaces_under_a_letter_do_not_cut_the_word():
    # Nghị quyết 105/NQ-CP: justified cells keep their padding spaces under the first
    # letter; "T rước ngày 01/3/2027" was flagged, "C ơ quan phối hợp" matched only fuzzily
    t = _task(NQ105, "Xây dựng, ban hành theo thẩm quyền")
    assert t.due_raw == "Trước ngày 01/3/2027"
    assert t.due_date == "2027-03-01"
    _tasks, report = _plan(NQ105)
    titles = [c["title"] for c in report["tables"][0]["columns"]]
    assert "Cơ quan phối hợp" in titles


def test_the_rule_under_the_issuer_is_not_part_of_its_name():
    _tasks, report = _plan(NQ105)
    assert report["identity"]["citation"] == (
        "Nghị quyết số 105/NQ-CP ngày 08/04/2026 của Chính phủ"
    )


def test_an_ongoing_task_is_recurring_not_flagged():
    # Quyết định 982/QĐ-TTg, column "Thời gian thực hiện"
    assert parse_expression("Nhiệm vụ thường xuyên", 2026).recurring
    assert parse_expression("Nhiệm vụ năm 2026", 2026).kind == "unparsed"
    t = _task(QD982, "Nghiên cứu, rà soát, sửa đổi, bổ sung và đơn giản hóa")
    assert t.recurring and "no_deadline" not in t.flags


def test_names_one_per_line_in_a_pdf_cell_are_not_glued_or_cut():
    # Quyết định 982/QĐ-TTg: the coordinating cells name one body per line with no
    # separator; read as one line they gave "Bộ Khoa học" and "Công nghệ Cơ quan"
    from sheettools.units import suggest_registry

    tasks, _ = _plan(QD982)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    assert "Bộ Tài chính Bộ Ngoại giao Bộ Công Thương Cơ quan, tổ chức, doanh nghiệp liên quan" in (
        " | ".join(cells)
    )
    units, _groups = suggest_registry(cells)
    assert sorted(u.name for u in units) == [
        "Bộ Công Thương",
        "Bộ Giáo dục và Đào tạo",
        "Bộ Khoa học và Công nghệ",
        "Bộ Ngoại giao",
        "Bộ Tài chính",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Ngân hàng Nhà nước",
        "UBND các thành phố trực thuộc Trung ương",
    ]
