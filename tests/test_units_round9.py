"""Units follow-ups of issue 11, item 7 (round 9): each on the real plan text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan, resolve_mapping
from sheettools.units import Registry, suggest_registry, unit_fragments

PLANS = Path(__file__).parent / "data" / "plans"


@cache
def _cells(name: str) -> tuple[str, ...]:
    path = PLANS / name
    mapping = resolve_mapping(path, None)  # a plan's .map.json, as units_sweep reads it
    tasks, _rep = parse_plan(path, mapping=mapping or None)
    return tuple(c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c)


def test_one_body_named_for_two_levels_is_two_bodies():
    # Kế hoạch 980/KH-UBND of 2025 (Nghệ An, civil defence): "Ban Chỉ huy Phòng thủ dân sự
    # cấp tỉnh, cấp xã" is the province's board and every commune's board, never one unit
    cells = _cells("ubnd-nghean-980-kh-2025-phong-thu-dan-su.md")
    cell = next(c for c in cells if c.endswith("cấp tỉnh, cấp xã"))
    assert [t for t, _ in unit_fragments([cell])] == [
        "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh",
        "Ban Chỉ huy Phòng thủ dân sự cấp xã",
    ]
    units, groups = suggest_registry(list(cells))
    board = next(u for u in units if "Ban Chỉ huy Phòng thủ dân sự tỉnh" in (u.name, *u.aliases))
    assert board.level == "province"
    assert "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh" in (board.name, *board.aliases)
    assert not any("cấp xã" in n for u in units for n in (u.name, *u.aliases))
    communes = next(g for g in groups if g.name == "Ban Chỉ huy Phòng thủ dân sự cấp xã")
    assert not communes.ignore
    # the plan still resolves: the board, and the communes' group (for the office to fill)
    res = Registry(units, groups).resolve(cell)
    assert res.unresolved == [] and res.codes == [board.code]
    assert res.parts[1] == ("Ban Chỉ huy Phòng thủ dân sự cấp xã", [])
    assert Registry(units, groups).lookup("Ban Chỉ huy Phòng thủ dân sự cấp xã") is not None


def test_the_committees_of_two_levels_are_two_groups():
    # the same wording with the People's Committees: the provinces' and the communes' groups
    units, groups = suggest_registry(["UBND cấp tỉnh, cấp xã", "Sở Tài chính"])
    assert [u.name for u in units] == ["Sở Tài chính"]
    by_code = {g.code: g for g in groups}
    assert "UBND cấp tỉnh" in by_code["DIAPHUONG"].aliases
    assert "UBND cấp xã" in by_code["PHUONG"].aliases
    # a duty's words before the levels are no body: the text is not rewritten
    assert [t for t, _ in unit_fragments(["chỉ đạo cấp tỉnh, cấp xã"])] != [
        "chỉ đạo cấp tỉnh",
        "chỉ đạo cấp xã",
    ]
