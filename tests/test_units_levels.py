"""The level a place qualifier of two words gives (issue 11: ``UBND thành phố Hà Nội`` was
proposed as a national unit). Cells as written in Quyết định 2530/QĐ-TTg of 2025
(tests/data/plans/qdttg-2530-2025-khong-khi.md, a national plan: a unit the reference list
does not know takes the plan's national level unless its qualifier says otherwise)."""

from __future__ import annotations

import pytest

from sheettools.statebodies import place_level
from sheettools.units import suggest_registry

# qdttg-2530-2025-khong-khi.md, part G (lead and coordinating cells)
CELLS = [
    "UBND thành phố Hà Nội, UBND Thành phố Hồ Chí Minh",
    "UBND thành phố Hà Nội, Thành phố Hồ Chí Minh",
    "Bộ Nông nghiệp và Môi trường; Bộ Công Thương; Bộ Công an; UBND thành phố Hà Nội, "
    "UBND Thành phố Hồ Chí Minh và các tỉnh/thành phố khác.",
]


def test_a_city_of_the_provinces_list_is_a_province():
    units, _groups = suggest_registry(CELLS)
    levels = {name: u.level for u in units for name in (u.name, *u.aliases)}
    assert levels["UBND thành phố Hà Nội"] == "province"
    assert levels["UBND Thành phố Hồ Chí Minh"] == "province"
    assert levels["Bộ Công an"] == "national"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("UBND thành phố Hà Nội", "province"),
        ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "province"),
        ("UBND tỉnh Lâm Đồng", "province"),
        ("UBND quận Ba Đình", "district"),
        # a city that data/provinces.csv does not list is a province's city (district level)
        ("UBND thành phố Đà Lạt", "district"),
        ("UBND thành phố", "province"),
        # "thị xã" is a town (district level), never the "xã" of a commune
        ("UBND thị xã Sơn Tây", "district"),
        ("UBND thị trấn Đông Anh", "ward"),
        ("UBND xã Lương Minh", "ward"),
        # a party committee the name ends with
        ("Ban Thường vụ Tỉnh ủy", "province"),
        ("Thành ủy", "province"),
        ("Ban Tuyên giáo Quận ủy", "district"),
    ],
)
def test_two_word_qualifiers_give_their_level(text, level):
    assert place_level(text) == level


def test_the_provinces_party_boards_of_a_national_directive_are_provincial():
    # Chỉ thị 21/CT-TTg of 2026 (tests/data/plans/ttg-21-ct-2026-sap-xep-thon-to-dan-pho.pdf):
    # "Thành ủy" was a unit of its own, and both national
    units, _groups = suggest_registry(["Ban Thường vụ Tỉnh ủy, Thành ủy", "Bộ Nội vụ"])
    levels = {name: u.level for u in units for name in (u.name, *u.aliases)}
    assert "Thành ủy" not in levels
    assert levels["Ban Thường vụ Tỉnh ủy"] == levels["Ban Thường vụ Thành ủy"] == "province"
    assert levels["Bộ Nội vụ"] == "national"


def test_the_provinces_and_viet_nam_at_the_end_of_a_name_give_its_level():
    # Quyết định 4385/QĐ-BVHTTDL of 2025 (tests/data/plans/bvhttdl-4385-2025-quy-hoach-co-so-
    # van-hoa-the-thao.md): no body the reference list knows, so both took the district
    # default; the provinces' departments are provincial, the institute "… Việt Nam" national
    cells = [
        "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc "
        "Trung ương",
        "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam",
        "Các tổ chức, cá nhân liên quan",
    ]
    units, _groups = suggest_registry(cells)
    levels = {u.name: u.level for u in units}
    # (the slash parts the department's two names, two whole bodies, since round 13e)
    assert levels["Sở Văn hóa, Thể thao và Du lịch"] == "province"
    assert levels["Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương"] == "province"
    assert levels[cells[1]] == "national"
