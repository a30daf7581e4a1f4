"""Phrases that stand for many bodies are groups, never units (issue 11, item 7): the
reference groups (``Các địa phương``, ``các Sở, ngành``, ``UBND các xã, phường``), plurals the
list does not know (``Các quân khu``, ``Hội Cựu chiến binh các cấp``) and vague phrases."""

from __future__ import annotations

import pytest

from sheettools.units import Registry, suggest_registry


@pytest.mark.parametrize(
    "cell,code",
    [
        ("Các địa phương", "DIAPHUONG"),
        ("các địa phương", "DIAPHUONG"),
        # Kế hoạch 252/KH-BCĐQG1237 (2013): the provinces' committees
        ("Ủy ban nhân dân các tỉnh", "DIAPHUONG"),
        ("các Sở, ngành", "SONGANH"),
        ("Các Sở, ban, ngành", "SONGANH"),
        ("UBND các xã, phường", "PHUONG"),
        ("Ủy ban nhân dân các xã, phường", "PHUONG"),
        ("Các bộ, ngành", "BONGANH"),
    ],
)
def test_reference_group_phrases_are_groups(cell, code):
    units, groups = suggest_registry([cell])
    assert units == []
    assert [g.code for g in groups] == [code]
    assert not groups[0].ignore


@pytest.mark.parametrize(
    "cell",
    [
        # Kế hoạch 252/KH-BCĐQG1237 (2013)
        "Ban Chỉ đạo các tỉnh",
        "Ban Chỉ đạo các quân khu",
        "Ban Chuyên trách các cấp",
        # Quyết định 844/QĐ-TTg and 982/QĐ-TTg (2026)
        "Ủy ban nhân dân các cấp",
        "UBND các thành phố trực thuộc Trung ương",
        # the ministry's plan (Kế hoạch 2200 of Bộ Nông nghiệp và Môi trường, 2026)
        "Sở Nông nghiệp và Môi trường các tỉnh",
    ],
)
def test_one_body_of_every_place_is_a_group_to_fill(cell):
    units, groups = suggest_registry([cell])
    assert units == []
    assert [(g.name, g.ignore, g.members) for g in groups] == [(cell, False, [])]


@pytest.mark.parametrize(
    "cells",
    [
        # Kế hoạch 252/KH-BCĐQG1237 (2013): the army's regions and its teams, with a leader
        ["Các quân khu", "Các Quân khu", "Tư lệnh các quân khu"],
        ["Các Đội chuyên trách của quân đội"],
        # Kế hoạch 3260 (2025) of the National Assembly's office
        ["Các Đoàn đại biểu Quốc hội"],
        # a university's workload sheet (Thủy lợi, 2020)
        ["Các Khoa"],
        ["Các bộ môn"],
        ["Các HĐ chấm tốt nghiệp"],
    ],
)
def test_a_plural_at_the_start_is_a_group_to_fill(cells):
    units, groups = suggest_registry(cells)
    assert units == []
    assert [(g.ignore, g.members) for g in groups] == [(False, [])]
    assert set(cells) <= {groups[0].name, *groups[0].aliases}
    assert groups[0].name.startswith("Các ")
    assert Registry(units, groups).resolve(cells[-1]).unresolved == []


def test_the_seeds_leading_plurals_stay_units_to_review():
    # the seed (Long Biên 2023) and its hand-made registry: schools and clubs are one external
    # unit each, the boards of one body a unit to review, typos clustered; the party's
    # boards are several bodies (the hand-made registry's group BXDD): a group to fill
    cells = [
        "Các ban xây dựng Đảng QU",
        "các CLB VHVN TDTT TDP",
        "Các trường học",
        "Các nhà trường",
        "Các chi bộ trực thuộc Đảng bộ Khối doanh nghiệp",
        "Các ban HĐND quận",
        "Các ban HĐN quận",
        "Các Ban XD Đảng",
    ]
    units, groups = suggest_registry(cells)
    assert [(g.name, g.aliases, g.members, g.ignore) for g in groups] == [
        ("Các ban xây dựng Đảng QU", ["Các Ban XD Đảng"], [], False)
    ]
    assert len(units) == 5
    hdnd = next(
        u for u in units if u.name == "Các ban HĐND quận" or "Các ban HĐND quận" in u.aliases
    )
    assert {hdnd.name, *hdnd.aliases} == {"Các ban HĐND quận", "Các ban HĐN quận"}


def test_one_body_at_every_level_holds_that_body():
    # Kế hoạch 252/KH-BCĐQG1237: "Hội Cựu chiến binh các cấp" beside "Hội Cựu chiến binh"
    units, groups = suggest_registry(["Hội Cựu chiến binh các cấp", "Hội Cựu chiến binh"])
    assert [u.name for u in units] == ["Hội Cựu chiến binh"]
    assert groups[0].members == [units[0].code]
    assert Registry(units, groups).resolve("Hội Cựu chiến binh các cấp").codes == [units[0].code]


def test_spellings_of_one_plural_are_one_group():
    cells = ["Ban Chỉ đạo các tỉnh", "Ban chỉ đạo các tỉnh", "Trưởng Ban Chỉ đạo các tỉnh"]
    units, groups = suggest_registry(cells)
    assert units == []
    assert len(groups) == 1
    assert set(cells) <= {groups[0].name, *groups[0].aliases}
    assert Registry(units, groups).resolve("Trưởng Ban Chỉ đạo các tỉnh").unresolved == []


@pytest.mark.parametrize(
    "cell",
    [
        # Nghị quyết 03/NQ-CP (2025): some localities, chosen later
        "Địa phương được lựa chọn",
        "Các thành phố trực thuộc Trung ương và một số tỉnh đủ điều kiện",
    ],
)
def test_localities_chosen_later_are_an_ignored_phrase(cell):
    units, groups = suggest_registry([cell])
    assert units == []
    assert [(g.code, g.ignore) for g in groups] == [("LIENQUAN", True)]


def test_single_bodies_with_a_plural_inside_stay_units():
    # Ban Quản lý các khu công nghiệp (the reference list) and Hà Nội's (Kế hoạch 310/KH-UBND)
    cells = [
        "Ban Quản lý các khu công nghiệp",
        "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
    ]
    units, groups = suggest_registry(cells)
    assert {u.name for u in units} == set(cells)
    assert groups == []


def test_a_ministrys_departments_are_national_and_tp_is_thanh_pho():
    # Kế hoạch of Bộ Nông nghiệp và Môi trường on Nghị định 180 (2026): its Cục and Vụ beside
    # the provinces' Sở; Nghị quyết 109/NQ-CP (2026): "TP. Hồ Chí Minh" and "Thành phố Hồ Chí
    # Minh" in two cells are one body
    cells = [
        "Cục Lâm nghiệp và Kiểm lâm",
        "Vụ Pháp chế",
        "Sở Nông nghiệp và Môi trường",
        "Thành phố Hồ Chí Minh",
        "Ngân hàng Nhà nước Việt Nam, TP. Hồ Chí Minh",
    ]
    units, _groups = suggest_registry(cells)
    level = {u.name: u.level for u in units}
    assert level["Cục Lâm nghiệp và Kiểm lâm"] == "national"
    assert level["Vụ Pháp chế"] == "national"
    assert level["Sở Nông nghiệp và Môi trường"] == "province"
    hcm = [u for u in units if "Hồ Chí Minh" in u.name]
    # the city named alone is its People's Committee, at province level
    assert len(hcm) == 1 and {hcm[0].name, *hcm[0].aliases} == {
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh",
        "TP. Hồ Chí Minh",
    }
    assert hcm[0].level == "province"
