"""Round 12b of issue 11: the pending duties of prose plans (Kế hoạch 252/KH-BCĐ1237 of 2013,
Nghị quyết 116/NQ-CP and 100/NQ-CP of 2026, Nghị quyết 394/NQ-CP of 2025, …).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md).
"""

from __future__ import annotations

from plan_helpers import PLANS
from sheettools.planprose import _own_plans, body_duties, prose_lines
from sheettools.plansource import read_document

BCD1237 = "bcdqg1237-252-2013-tim-kiem-quy-tap.md"


def _duties(name: str):
    return body_duties(prose_lines(read_document(PLANS / name)))


def test_a_body_guiding_others_to_draw_up_plans_delivers_no_own_plan():
    # Kế hoạch 252/KH-BCĐ1237 of 2013, D.6: "6. Văn phòng Ban Chỉ đạo quốc gia 1237" / "-
    # Chủ trì, … đề xuất … văn bản chỉ đạo và hướng dẫn các đơn vị, địa phương xây dựng kế
    # hoạch …": the office guides the others' plans (no task); D.4's "- Căn cứ … xây dựng kế
    # hoạch triển khai chi tiết …" is the bodies' own plan
    rows = [r for r in _duties(BCD1237) if r.line >= 312]
    office = next(r for r in rows if r.cells[3].startswith("Văn phòng Ban Chỉ đạo"))
    assert "hướng dẫn các đơn vị, địa phương xây dựng kế hoạch" in office.cells[1]
    assert not _own_plans(office, alone_too=True)
    assert _own_plans(
        next(r for r in rows if r.cells[3].startswith("Ban Chỉ đạo cấp")), alone_too=True
    )
