"""Unit gaps found by blind round 5 (issue 11, item 7), on the real cells of the Lâm Đồng
plans (Ban Chỉ đạo / UBND tỉnh Lâm Đồng, 2025-2026) and of xã Lương Minh's Mặt trận plans."""

from __future__ import annotations

from sheettools.units import suggest_registry

# bcd-lamdong-2025-nhiem-vu-chinh-quyen-hai-cap.docx, lead/coordinating cells as written
BCD_LAMDONG = [
    "Sở Văn hóa Thể thao Du lịch",
    "Sở Khoa học Công nghệ và các sở, ban, ngành có liên quan",
    "Sở Khoa học và Công nghệ; UBND các xã, phường, đặc khu",
    "Các sở, ban, ngành thuộc tỉnh; UBND các xã, phường, đặc khu",
    "Các sở, ban, ngành; UBND các xã, phường, đặc khu",
    "Sở Nội vụ",
]


def _units(cells):
    units, _groups = suggest_registry(cells)
    return {u.name: u for u in units}


def _groups(cells):
    _units, groups = suggest_registry(cells)
    return {g.code: g for g in groups}


def test_loose_spellings_of_provincial_departments_take_the_official_name():
    units = _units(BCD_LAMDONG)
    assert units["Sở Văn hóa, Thể thao và Du lịch"].aliases == ["Sở Văn hóa Thể thao Du lịch"]
    assert units["Sở Văn hóa, Thể thao và Du lịch"].code == "SVHTTDL"
    assert units["Sở Khoa học và Công nghệ"].aliases == ["Sở Khoa học Công nghệ"]
    assert "Sở Văn hóa Thể thao Du lịch" not in units
    # a head word with an abbreviation is the official name's short form: its alias (issue
    # 11 round 9, "Bộ NN&MT" of Nghị quyết 116/NQ-CP of 2026); an acronym alone is kept
    assert _units(["Sở KH&CN"])["Sở Khoa học và Công nghệ"].aliases == ["Sở KH&CN"]
    assert "VTV" in _units(["VTV"])


def test_departments_of_the_province_are_the_departments_group():
    units = _units(BCD_LAMDONG)
    groups = _groups(BCD_LAMDONG)
    assert "Các sở, ban, ngành thuộc tỉnh" not in units
    assert "Các sở, ban, ngành thuộc tỉnh" in groups["SONGANH"].aliases


def test_communes_wards_and_the_special_zone_keep_their_name():
    groups = _groups(BCD_LAMDONG)
    assert groups["PHUONG"].name == "UBND các xã, phường, đặc khu"
    assert not groups["PHUONG"].ignore
    assert "UBND các xã, phường, đặc khu" not in _units(BCD_LAMDONG)
    # a plan that lists its wards keeps the wards group's name
    _u, listed = suggest_registry(["UBND các phường", "phường Bồ Đề"])
    assert {g.code: g.name for g in listed}["PHUONG"] == "UBND các phường"


def test_every_village_s_front_committee_is_a_group():
    # Kế hoạch tiếp công dân 2025 and lấy ý kiến cử tri 2026, MTTQ xã Lương Minh
    cells = ["Ban Công tác Mặt trận các thôn", "Ban Công tác Mặt trận thôn", "Ủy ban nhân dân xã"]
    units, groups = suggest_registry(cells)
    assert [u.name for u in units] == ["Ủy ban nhân dân xã"]
    (group,) = groups
    assert group.name == "Ban Công tác Mặt trận các thôn"
    assert group.aliases == ["Ban Công tác Mặt trận thôn"]
    assert not group.ignore
    # the countryside of a name is no village
    assert [u.name for u in suggest_registry(["Chi cục Phát triển nông thôn"])[0]] == [
        "Chi cục Phát triển nông thôn"
    ]


def test_a_trailing_level_word_qualifies_every_bare_local_body_of_the_list():
    # Kế hoạch tiếp công dân 2025, MTTQ xã Lương Minh, III.3
    cells = ["Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã"]
    units = _units(cells)
    assert sorted(units) == ["Thường trực HĐND xã", "UBND xã", "Ủy ban Kiểm tra Đảng ủy xã"]
    assert units["UBND xã"].aliases == ["UBND"]  # the cell resolves on import
    assert {u.level for u in units.values()} == {"ward"}
    # a bare body in a list without a level word stays as written
    assert "UBND" in _units(["UBND, Sở Tư pháp"])
