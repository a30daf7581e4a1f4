"""Defects found by blind round 6a of issue 11: a Prime Minister's directive, a ministry's
plan and a university's plan, of shapes the corpus lacked.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 6a").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan
from sheettools.planprose import prose_lines
from sheettools.plansource import read_document

PLANS = Path(__file__).parent / "data" / "plans"
BVHTTDL = "bvhttdl-4385-2025-quy-hoach-co-so-van-hoa-the-thao.md"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _leaves(name: str):
    tasks, _report = _plan(name)
    return {t.key: t for t in tasks if t.kind != "group"}


def test_a_bold_heading_wrapped_by_the_scraper_is_one_line():
    # "**1. Viện Văn hóa, Nghệ thuật," / "Thể thao và Du lịch Việt Nam**": the heading was cut
    # at the line end, "Viện Văn hóa, Nghệ thuật" taken as the body (a fragment)
    lines = [t for _l, t in prose_lines(read_document(PLANS / BVHTTDL))]
    assert "1. Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam" in lines
    assert "2. Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch" in lines
    # a bold span closed on its own line stays as it was
    assert "Điều 1. Ban" in lines


def test_duties_per_body_under_wrapped_headings_are_read_letter_by_letter():
    by_key = _leaves(BVHTTDL)
    assert sorted(by_key) == sorted(
        ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d", "IV.2", "IV.3.a", "IV.3.b", "IV.3.c",
         "IV.3.d", "IV.3.đ", "IV.4"]
    )  # fmt: skip
    leads = {t.lead_raw for t in by_key.values()}
    assert "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam" in leads
    assert "Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch" in leads
    assert not {"Viện Văn hóa, Nghệ thuật", "Sở Văn hóa, Thể thao và"} & leads
    assert by_key["IV.1.a"].content.startswith("Tổ chức tuyên truyền phổ biến nội dung quy")


def test_a_lead_in_sentence_between_the_body_and_its_letters_is_skipped():
    # "3. Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, …" / "Chủ trì, phối hợp
    # … tham mưu cho Ủy ban nhân dân các tỉnh, …:" / "a) …" … "đ) …": the heading was no body
    # (20 words over its two names) and the lead-in stood between it and its letters
    by_key = _leaves(BVHTTDL)
    t = by_key["IV.3.đ"]
    assert t.lead_raw.startswith("Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao")
    assert t.content.startswith("Theo dõi và chịu trách nhiệm về số liệu, tiến độ thực hiện")
    assert not any(
        x.content.startswith("Chủ trì, phối hợp với các cơ quan") for x in by_key.values()
    )
