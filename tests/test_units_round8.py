"""Leftovers of issue 11 read by ``units suggest`` (round 8): each on the real plan text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sheettools.planimport import parse_plan
from sheettools.units import suggest_registry, unit_fragments

PLANS = Path(__file__).parent / "data" / "plans"


@cache
def _cells(name: str) -> tuple[str, ...]:
    tasks, _rep = parse_plan(PLANS / name)
    return tuple(c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c)


def test_an_abbreviation_after_va_ends_the_name():
    # Bộ GD&ĐT's follow-up of Nghị quyết 33 (2017): "Vụ KHTC, Trung tâm Hỗ trợ đào tạo và
    # CƯNL" (the centre for training support and labour supply), never a unit "CƯNL"
    cells = _cells("bgddt-2017-nhiem-vu-nq33-theo-doi-chi-dao.xlsx")
    cell = next(c for c in cells if "CƯNL" in c)
    assert [t for t, _ in unit_fragments([cell])] == [
        "Vụ KHTC",
        "Trung tâm Hỗ trợ đào tạo và CƯNL",
    ]
    units, _groups = suggest_registry(list(cells))
    names = {u.name for u in units}
    assert "Trung tâm Hỗ trợ đào tạo và CƯNL" in names
    assert not names & {"CƯNL", "Trung tâm Hỗ trợ đào tạo"}


@pytest.mark.parametrize(
    "cell,fragments",
    [
        # an abbreviation that names a body is a body of its own
        ("Sở Tư pháp và UBND", ["Sở Tư pháp", "UBND"]),
        ("Trung tâm phục vụ hành chính công và UBND xã", ["Trung tâm phục vụ hành chính công", "UBND xã"]),
        # after a whole official name, an abbreviation is another body
        ("Phòng Văn hóa và Thông tin và TTVH", ["Phòng Văn hóa và Thông tin", "TTVH"]),
    ],
)  # fmt: skip
def test_an_abbreviation_after_va_that_is_a_body_of_its_own(cell, fragments):
    assert [t for t, _ in unit_fragments([cell])] == fragments
