"""Defects found by blind round 7a of issue 11: provincial prose plans (Nghệ An, Cần Thơ,
Thành phố Hồ Chí Minh) of shapes the corpus lacked.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 7a").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
CANTHO = "ubnd-cantho-165-kh-2025-cong-tac-dan-so.md"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _leaves(name: str):
    tasks, _report = _plan(name)
    return {t.key: t for t in tasks if t.kind != "group"}


def test_body_headings_outside_the_implementation_part_assign_their_duties():
    # "II. NỘI DUNG THỰC HIỆN" / "**1. Sở Y tế**" / a) … g), then "III. TỔ CHỨC THỰC HIỆN"
    # with two body headings of its own: the part won and every duty of II was dropped
    by_key = _leaves(CANTHO)
    assert {"II.2.a", "II.2.b", "II.2.c", "II.3", "II.4", "II.5", "II.7"} <= set(by_key)
    assert {"III.1", "III.2"} <= set(by_key)
    assert by_key["II.2.b"].lead_raw == "Sở Tài chính"
    assert by_key["II.6.c"].lead_raw == "Ủy ban nhân dân xã, phường"
    assert by_key["II.6.c"].content.startswith("Kiện toàn Ban Chỉ đạo Dân số và Phát triển")


def test_a_line_wrapped_before_a_number_is_no_heading():
    # "… tỷ lệ trẻ em dưới" / "15 tuổi đạt khoảng 22%; …" inside a) of "1. Sở Y tế": taken
    # for a heading 15, it ended the body's letters after a)
    by_key = _leaves(CANTHO)
    letters = sorted(k for k in by_key if k.startswith("II.1."))
    assert letters == ["II.1.a", "II.1.b", "II.1.c", "II.1.d", "II.1.e", "II.1.g", "II.1.đ"]
    assert "15 tuổi đạt khoảng 22%" in by_key["II.1.a"].content
    assert by_key["II.1.g"].content.startswith("Đẩy mạnh các hoạt động truyền thông")
