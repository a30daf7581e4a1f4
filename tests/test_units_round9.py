"""Units follow-ups of issue 11, item 7 (round 9): each on the real plan text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sheettools.planimport import parse_plan, resolve_mapping
from sheettools.units import Registry, _fullest_spelling, suggest_registry, unit_fragments

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


def test_an_abbreviated_ministry_is_proposed_under_its_full_name():
    # Nghị quyết 116/NQ-CP of 2026 writes "Bộ NN&MT" only: the ministry's name is "Bộ Nông
    # nghiệp và Môi trường", the plan's spelling its alias (and the plan still resolves)
    cells = _cells("nqcp-116-2026-phong-chong-thien-tai-kl213.pdf")
    assert not any("Nông nghiệp" in c for c in cells)
    units, groups = suggest_registry(list(cells))
    ministry = next(u for u in units if u.code == "BNNMT")
    assert ministry.name == "Bộ Nông nghiệp và Môi trường" and "Bộ NN&MT" in ministry.aliases
    reg = Registry(units, groups)
    for cell in (c for c in cells if "NN&MT" in c):
        assert ministry.code in reg.resolve(cell).codes and reg.resolve(cell).unresolved == []
    # the same for a province's department and command (Kế hoạch 980/KH-UBND, Nghệ An)
    units, _groups = suggest_registry(list(_cells("ubnd-nghean-980-kh-2025-phong-thu-dan-su.md")))
    command = next(u for u in units if "Bộ CHQS tỉnh" in u.aliases)
    assert command.name == "Bộ Chỉ huy Quân sự tỉnh"
    # an acronym alone keeps the plan's spelling (Nghị quyết 100/NQ-CP of 2026: "VTV")
    units, _groups = suggest_registry(
        list(_cells("nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf"))
    )
    assert "VTV" in {u.name for u in units}


def test_a_committee_written_many_ways_takes_its_official_name():
    # Nghị quyết 100/NQ-CP of 2026 writes the NGO committee four ways, most often shortened
    # ("Ủy ban công tác phi chính phủ nước ngoài"): the unit takes the official name
    cells = _cells("nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf")
    units, groups = suggest_registry(list(cells))
    committee = next(u for u in units if u.code == "UBCTPCPNN")
    assert committee.name == "Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài"
    assert {
        "Ủy ban công tác phi chính phủ nước ngoài",
        "Ủy ban Công tác về các tổ chức PCPNN",
        "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài",
    } <= set(committee.aliases)
    reg = Registry(units, groups)
    for cell in (c for c in cells if "Ủy ban" in c and "nước ngoài" in c):
        assert reg.resolve(cell).unresolved == [], cell
    # with no reference name, the fullest of the spellings leads, not the most frequent
    spelt = [
        "Ủy ban công tác phi chính phủ nước ngoài",
        "Ủy ban công tác phủ nước ngoài",
        "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài",
    ]
    assert _fullest_spelling(spelt) == (spelt[2], spelt[:2])
    # spellings of which none is the others with words left out: the most frequent leads
    assert _fullest_spelling(["Sở Ngoại Vụ", "Sở Ngoại vụ"]) == ("Sở Ngoại Vụ", ["Sở Ngoại vụ"])


def test_the_party_boards_are_a_group():
    # Kế hoạch 1026/KH-UBND of 2025 (Nghệ An): "các Ban Xây dựng Đảng" are the provincial
    # party committee's boards, several bodies — a group for the office to fill, never a unit
    cells = _cells("ubnd-nghean-1026-kh-2025-bao-ve-bi-mat-nha-nuoc.md")
    assert "các Ban Xây dựng Đảng" in {t for t, _ in unit_fragments(cells)}
    units, groups = suggest_registry(list(cells))
    assert not any("Xây dựng Đảng" in n for u in units for n in (u.name, *u.aliases))
    boards = next(g for g in groups if g.name == "các Ban Xây dựng Đảng")
    assert not boards.ignore and boards.members == []
    cell = next(c for c in cells if "Xây dựng Đảng" in c)
    assert Registry(units, groups).resolve(cell).unresolved == []
    # the boards of one council stay a unit to review (the seed's "Các ban HĐND quận")
    assert [u.name for u in suggest_registry(["Các ban HĐND quận"])[0]] == ["Các ban HĐND quận"]


def test_a_glued_department_of_a_province_is_province_level():
    # Bộ GD&ĐT's task list (2017) types some departments glued: "SỞGDĐT Hậu Giang",
    # "SỞGDĐTHòa Bình", "SỞGDĐT Long An" — province level like "SỞ GDĐT An Giang", one
    # unit per province; "SỞ GDĐT TP Hà Nội" and "SỞ GDĐT TP Hồ Chí Minh" are two
    cells = _cells("bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx")
    units, _groups = suggest_registry(list(cells))
    by_name = {n: u for u in units for n in (u.name, *u.aliases)}
    for glued in ("SỞGDĐT Hậu Giang", "SỞGDĐTHòa Bình", "SỞGDĐT Long An"):
        assert by_name[glued].level == "province", glued
        assert by_name[glued].code.startswith("SGDDT")
    assert by_name["SỞGDĐT Hậu Giang"] is not by_name["SỞ GDĐT Hà Giang"]
    assert by_name["SỞ GDĐT TP Hà Nội"] is not by_name["SỞ GDĐT TP Hồ Chí Minh"]
    assert by_name["SỞ GDĐT TP Hà Nội"].level == "province"
    # the ministry's own units keep the national level
    assert by_name["Vụ GDĐH"].level == "national"


@pytest.mark.parametrize(
    "cell,fragments",
    [
        # Kế hoạch 597/KH-UBND of 2025 (Đồng Tháp), V.7's lead (blind round 9a): one addressee
        # described by its fields — "vận tải" is no "Văn …", "công nghệ" no "Công an"
        (
            "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải, logistics"
            " và công nghệ thông tin trên địa bàn Tỉnh",
            [
                "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải,"
                " logistics và công nghệ thông tin trên địa bàn Tỉnh"
            ],
        ),
        # Kế hoạch 09/KH-BTNMT of 2024 (blind round 9b): two bodies of Bộ TN&MT whose names
        # hold "và" and a comma
        (
            "Cục Chuyển đổi số và Thông tin dữ liệu TNMT, các đơn vị thuộc các Bộ có liên quan.",
            ["Cục Chuyển đổi số và Thông tin dữ liệu TNMT", "các đơn vị thuộc các Bộ có liên quan"],
        ),
        (
            "Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu; Viện Chiến lược, Chính sách"
            " TN&MT",
            [
                "Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu",
                "Viện Chiến lược, Chính sách TN&MT",
            ],
        ),
        # a lower-case head word read with its accents still starts a body
        ("Sở Tài chính, phòng Văn hóa và Thông tin", ["Sở Tài chính", "phòng Văn hóa và Thông tin"]),
    ],
)  # fmt: skip
def test_names_of_the_blind_round_9_stay_whole(cell, fragments):
    assert [t for t, _ in unit_fragments([cell])] == fragments
    units, _groups = suggest_registry([cell])
    for unit in units:
        assert {unit.name, *unit.aliases} & set(fragments), unit
    assert not {"vận tải, logistics", "Viện Chiến lược", "Cục Chuyển đổi số"} & {
        n for u in units for n in (u.name, *u.aliases)
    }


def test_the_head_of_a_board_stands_for_the_board():
    # Quyết định 1627/QĐ-UBND of 2025 (Quảng Ngãi): four duties of "Trưởng Ban Chỉ đạo" (the
    # head of the province's steering board, under "Nhiệm vụ của thành viên Ban Chỉ đạo").
    # As docs/units.md rules for leaders' titles ("Lãnh đạo Ban Dân nguyện", "Tổng Thanh tra
    # Chính phủ"), the title is an alias of the board it heads, never a person of CANHAN: the
    # task goes to the board, its head answers for it
    cells = _cells("ubnd-quangngai-1627-qd-2025-tong-kiem-ke-tai-san-cong.md")
    assert cells.count("Trưởng Ban Chỉ đạo") == 4
    units, groups = suggest_registry(list(cells))
    board = next(u for u in units if "Trưởng Ban Chỉ đạo" in u.aliases)
    assert board.name == "Ban Chỉ đạo" and board.level == "province"
    assert not any("Trưởng Ban Chỉ đạo" in g.aliases for g in groups)
    assert Registry(units, groups).resolve("Trưởng Ban Chỉ đạo").codes == [board.code]
