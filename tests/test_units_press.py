"""Kế hoạch thi đua "Đẩy mạnh cải cách hành chính nhà nước" 2026 of UBND tỉnh Lâm Đồng (round
13c's blind plan) had ``units suggest`` propose two fragments: ``Báo`` (VII.4's lead ``Báo và
Đài Phát thanh, Truyền hình Lâm Đồng`` cut at ``và``: the head word alone) and ``báo chí``
(VII.3's partners ``các cơ quan truyền thông, báo chí`` cut at the comma: the press, a
common noun)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheettools.planimport import suggest_units
from sheettools.units import load_units_xlsx, suggest_registry

PLAN = Path(__file__).parent / "data" / "plans" / "ubnd-lamdong-2026-thi-dua-cchc.docx"


def _names(cell: str) -> tuple[list[str], list[str]]:
    units, groups = suggest_registry([cell])
    return sorted(u.name for u in units), sorted(g.code for g in groups)


def test_the_real_plan_proposes_the_merged_body_whole_and_no_press_unit(tmp_path):
    out = tmp_path / "units.xlsx"
    suggest_units(PLAN, out)
    units, groups = load_units_xlsx(out)
    names = {u.name for u in units}
    assert "Báo và Đài Phát thanh, Truyền hình Lâm Đồng" in names
    assert not names & {"Báo", "báo chí", "Đài Phát thanh, Truyền hình Lâm Đồng"}
    vague = next(g for g in groups if g.code == "LIENQUAN")
    assert "các cơ quan truyền thông, báo chí" in vague.aliases


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        # a newspaper with its name before "và" stays two bodies
        (
            "Báo Lâm Đồng và Đài Phát thanh, Truyền hình Lâm Đồng",
            ["Báo Lâm Đồng", "Đài Phát thanh, Truyền hình Lâm Đồng"],
        ),
        ("Báo và Phát thanh, Truyền hình tỉnh", ["Báo và Phát thanh, Truyền hình tỉnh"]),
        ("Sở Thông tin và Truyền thông, các cơ quan báo chí", ["Sở Thông tin và Truyền thông"]),
    ],
)
def test_other_spellings_are_read_as_before(cell, units):
    assert _names(cell)[0] == units
