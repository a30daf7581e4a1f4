"""Numbered and hyphenated wards of Lâm Đồng's 2026 propaganda plan (blind round 5 of issue 11):
two wards are two units at ward level, never one body's typo."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheettools.statebodies import place_level, province_committee
from sheettools.units import Registry, _typo_pair, suggest_registry, unit_fragments

PLAN = Path(__file__).parent / "data" / "plans" / "ubnd-lamdong-2026-tuyen-truyen-cchc.docx"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND Phường 1 Bảo Lộc", "UBND Phường 3 Bảo Lộc"),
        ("UBND xã Bảo Lâm 1", "UBND xã Bảo Lâm 2"),
        ("Đội Cảnh sát số 01", "Đội Cảnh sát số 02"),
    ],
)
def test_numbered_bodies_are_not_typos_of_each_other(a, b):
    assert not _typo_pair(a, b)


def test_a_real_typo_still_pairs():
    assert _typo_pair("pòng Kinh tế và Hạ tầng", "Phòng Kinh tế và Hạ tầng")


@pytest.mark.parametrize(
    "name",
    ["UBND Phường 1 Bảo Lộc", "UBND phường Cam Ly - Đà Lạt", "UBND xã Bảo Lâm 1"],
)
def test_a_named_ward_is_at_ward_level(name):
    assert place_level(name) == "ward"


def test_the_plans_numbered_wards_are_proposed_apart_at_ward_level():
    from sheettools.planimport import KIND_GROUP, parse_plan
    from sheettools.units import suggest_registry

    tasks, _report = parse_plan(PLAN)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    by_name = {u.name: u for u in units}
    for name in ("UBND Phường 1 Bảo Lộc", "UBND Phường 3 Bảo Lộc", "UBND phường Cam Ly - Đà Lạt"):
        assert by_name[name].level == "ward", name
        assert not any("Phường 1" in a for a in by_name["UBND Phường 3 Bảo Lộc"].aliases)


def _ctxh(name: str) -> str:
    from sheettools.planimport import KIND_GROUP, parse_plan
    from sheettools.units import suggest_registry

    tasks, _report = parse_plan(PLAN.parent / name)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    _units, groups = suggest_registry(cells)
    return next(g.name for g in groups if g.code == "CTXH")


@pytest.mark.parametrize(
    ("plan", "name"),
    [
        # a commune Front committee's plans: the commune's organisations, not a district's
        (
            "mttq-xa-luong-minh-hd-2025-tham-gia-bau-cu.docx",
            "Các tổ chức chính trị - xã hội cấp xã",
        ),
        ("mttq-xa-luong-minh-16-kh-2025-bau-cu.htm", "Các tổ chức chính trị - xã hội cấp xã"),
        # a province's plan, and a national one ("xã hội" is no commune)
        ("ubnd-lamdong-2025-ctmtqg-phong-chong-ma-tuy.docx", "Các tổ chức chính trị - xã hội tỉnh"),
        ("bcdqg1237-252-2013-tim-kiem-quy-tap.md", "Các tổ chức chính trị - xã hội"),
    ],
)
def test_the_political_social_group_is_named_for_the_plans_level(plan, name):
    assert _ctxh(plan) == name


def test_a_province_named_alone_is_its_peoples_committee():
    # Nghị quyết 03/NQ-CP (2025): "An Giang", "Bắc Ninh" lead tasks; Nghị quyết 109/NQ-CP
    # (2026): "Thành phố Hà Nội" beside "Ủy ban nhân dân Thành phố Hà Nội", one body
    cells = [
        "Bộ Công an",
        "Bộ Tư pháp",
        "Bộ Y tế",
        "An Giang",
        "Thành phố Hà Nội",
        "Ủy ban nhân dân Thành phố Hà Nội",
    ]
    units, _groups = suggest_registry(cells)
    by_alias = {a: u for u in units for a in (u.name, *u.aliases)}
    hanoi = by_alias["Thành phố Hà Nội"]
    assert hanoi is by_alias["Ủy ban nhân dân Thành phố Hà Nội"]
    assert (hanoi.name, hanoi.level) == ("Ủy ban nhân dân Thành phố Hà Nội", "province")
    an_giang = by_alias["An Giang"]
    assert (an_giang.name, an_giang.level) == ("Ủy ban nhân dân tỉnh An Giang", "province")
    assert {u.level for u in units if u.name.startswith("Bộ")} == {"national"}
    reg = Registry(units, _groups)
    assert reg.resolve("An Giang, Thành phố Hà Nội").codes == [an_giang.code, hanoi.code]


def test_a_provinces_police_is_not_cut_at_the_province():
    # Lào Cai's plans (2026): "Công an tỉnh Lào Cai" stays one body beside "Lào Cai" alone
    cells = ["Công an tỉnh Lào Cai", "Lào Cai", "Sở Công Thương tỉnh Lào Cai"]
    assert [f for f, _w in unit_fragments(cells)] == cells
    units, groups = suggest_registry(cells)
    names = {u.name: u for u in units}
    assert set(names) == {
        "Công an tỉnh Lào Cai",
        "Ủy ban nhân dân tỉnh Lào Cai",
        "Sở Công Thương tỉnh Lào Cai",
    }
    assert names["Ủy ban nhân dân tỉnh Lào Cai"].aliases == ["Lào Cai"]
    res = Registry(units, groups).resolve("Công an tỉnh Lào Cai")
    assert res.codes == [names["Công an tỉnh Lào Cai"].code] and res.unresolved == []


@pytest.mark.parametrize(
    ("text", "committee"),
    [
        ("TP. Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("tỉnh Thanh Hoá", "Ủy ban nhân dân tỉnh Thanh Hóa"),
        ("Bà Rịa-Vũng Tàu", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
        ("Công an tỉnh Lào Cai", ""),
        ("Long Biên", ""),
    ],
)
def test_province_committee(text, committee):
    assert province_committee(text) == committee
