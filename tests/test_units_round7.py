"""Units of blind round 7's plans (real cells): lists of body kinds are groups, one office
named with "và" stays whole, a programme or project after a comma is an item of its own."""

from __future__ import annotations

from sheettools.units import suggest_registry


def _proposed(*cells: str) -> tuple[set[str], dict[str, list[str]]]:
    units, groups = suggest_registry(list(cells))
    return {u.name for u in units}, {g.name: list(g.aliases) for g in groups}


def test_lists_of_body_kinds_are_groups_not_units():
    # Cần Thơ 165/KH-UBND, HCM 174/KH-UBND, Nghệ An 1026/KH-UBND (2025)
    units, groups = _proposed(
        "Sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường",
        "Sở, ban, ngành liên quan",
        "các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu, báo, đài "
        "và các đơn vị có liên quan",
        "Các sở, ban, ngành, đoàn thể cấp tỉnh và UBND các xã, phường",
    )
    assert units == set()
    assert "Sở, ban, ngành thành phố" in groups["Các sở, ban, ngành"]
    assert "báo, đài" in groups["Các cơ quan thông tấn, báo chí"]
    assert any("đặc khu" in a for a in groups["UBND các xã, phường, đặc khu"])


def test_one_office_named_with_and_stays_whole():
    # one unit, under the official name (the spelling with "HĐND" its alias since round 9)
    units, _ = _proposed("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh")
    assert units == {"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"}


def test_a_programme_or_project_after_a_comma_is_its_own_item():
    # Bộ Giáo dục và Đào tạo's task list (2017)
    units, _ = _proposed(
        "Cục NGCB, chương trình ETEP", "Viện KHGDVN, Dự án Hỗ trợ đổi mới giáo dục phổ thông"
    )
    assert "Cục NGCB, chương trình ETEP" not in units and "Cục NGCB" in units
    assert {"Viện KHGDVN", "Dự án Hỗ trợ đổi mới giáo dục phổ thông"} <= units
