"""Defects found by blind round 6b of issue 11: appendix task tables of national documents
as a legal database prints them (one cell per line between ``|`` lines).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 6b").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
TB = "vpcp-624-tb-2025-nhiem-vu-cham-muon.md"
NQ = "nqcp-394-2025-phong-trao-bao-ve-moi-truong.md"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _leaves(name: str):
    tasks, _report = _plan(name)
    return [t for t in tasks if t.kind != "group"]


def test_progress_beside_the_deadline_is_the_state_of_the_work():
    # Phụ lục II "STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện |
    # Tiến độ": the import stopped with "two columns are 'due'"; "Tiến độ" holds "Đã hoàn
    # thành quá hạn", "Chưa hoàn thành" — the state of the work, not a deadline
    from sheettools.plancolumns import assign_roles

    cols = assign_roles(
        ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Kết quả thực hiện", "Tiến độ"]
    )
    assert [c.role for c in cols] == ["number", "content", "lead", "due", "output", "extra"]
    assert "Thời hạn" in cols[5].why
    # a plan whose only time column is "Tiến độ" keeps it as its deadline
    cols = assign_roles(["TT", "Nội dung", "Cơ quan chủ trì", "Tiến độ"])
    assert cols[3].role == "due"
    t = next(t for t in _leaves(TB) if t.content.startswith("Chủ trì, làm việc với các bộ"))
    assert (t.lead_raw, t.due_date) == ("Bộ Khoa học và Công nghệ", "2025-10-10")
    assert "Đã hoàn thành" not in t.due_raw
