"""A unit written with its abbreviation in brackets and by its short form (issue 11: no unit
that is a fragment of a longer name, no second unit for a short form). Cells as written in
the plan of Trường Đại học Việt Nhật, 2026 (tests/data/plans/dhvn-2026-ke-hoach-dam-bao-chat-
luong.pdf, blind round 6a)."""

from __future__ import annotations

from sheettools.units import Registry, suggest_registry, unit_fragments

PLAN = "dhvn-2026-ke-hoach-dam-bao-chat-luong.pdf"

CELLS = [
    "Phòng KT&ĐBCL",
    "Phòng KT&ĐBCL",
    "Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)",
    "Khoa FATE và phòng KT&ĐBCL",
    "Phòng ĐT&CTSV",
    "Phòng Đào tạo và Công tác sinh viên (ĐT&CTSV)",
    "Các Khoa và Phòng Đào tạo và Công tác sinh viên",
    "Phòng Xúc tiến nghiên cứu, hợp tác và phát triển (R&D)",
    "Các Khoa, Phòng R&D",
    "Khoa Công nghệ và kỹ thuật tiên tiến (FATE)",
    "Khoa Khoa học xã hội liên ngành (FISS)",
    "Khoa FISS và phòng KT&ĐBCL",
]


def _by_name(units):
    return {u.name: u for u in units}


def test_the_abbreviation_in_brackets_is_an_alias_of_the_full_name():
    units, _groups = suggest_registry(CELLS)
    by_name = _by_name(units)
    unit = by_name["Phòng Khảo thí và Đảm bảo chất lượng"]
    assert unit.code == "KTDBCL"
    assert "Phòng KT&ĐBCL" in unit.aliases
    assert "Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)" in unit.aliases
    assert by_name["Khoa Công nghệ và kỹ thuật tiên tiến"].aliases == [
        "Khoa Công nghệ và kỹ thuật tiên tiến (FATE)",
        "Khoa FATE",
    ]
    assert "Khoa FISS" in by_name["Khoa Khoa học xã hội liên ngành"].aliases
    # no short form is a unit of its own
    assert not {"Phòng KT&ĐBCL", "Khoa FATE", "Khoa FISS", "Phòng R&D", "Phòng ĐT&CTSV"} & set(
        by_name
    )


def test_the_name_without_its_abbreviation_is_one_name_in_the_same_plan():
    # the plan writes "Phòng Đào tạo và Công tác sinh viên (ĐT&CTSV)" once: the same name
    # without brackets is that office, never "Phòng Đào tạo" and "Công tác sinh viên"
    units, _groups = suggest_registry(CELLS)
    names = set(_by_name(units))
    assert "Phòng Đào tạo và Công tác sinh viên" in names
    assert not {"Phòng Đào tạo", "Công tác sinh viên"} & names
    assert [t for t, _ in unit_fragments(CELLS[5:7])] == [
        "Phòng Đào tạo và Công tác sinh viên (ĐT&CTSV)",
        "Các Khoa",
        "Phòng Đào tạo và Công tác sinh viên",
    ]


def test_lower_case_words_closed_by_an_abbreviation_are_no_duty():
    # "nghiên cứu" is a duty's verb, but the words end with the office's abbreviation
    cell = "Phòng Xúc tiến nghiên cứu, hợp tác và phát triển (R&D)"
    assert [t for t, _ in unit_fragments([cell])] == [cell]
    assert [t for t, _ in unit_fragments([f"{cell}, Phòng Tài chính"])] == [cell, "Phòng Tài chính"]
    units, _groups = suggest_registry(CELLS)
    unit = _by_name(units)["Phòng Xúc tiến nghiên cứu, hợp tác và phát triển"]
    assert unit.code == "RD" and "Phòng R&D" in unit.aliases
    # after a known body the same verb is still a duty
    duty = "Bộ Tài chính nghiên cứu cơ chế hợp tác công tư (PPP)"
    assert [t for t, _ in unit_fragments([duty])] == ["Bộ Tài chính"]


def test_the_suggested_registry_resolves_every_spelling():
    units, groups = suggest_registry(CELLS)
    reg = Registry(units, groups)
    by_name = _by_name(units)
    ktdbcl = by_name["Phòng Khảo thí và Đảm bảo chất lượng"].code
    dt = by_name["Phòng Đào tạo và Công tác sinh viên"].code
    for cell, code in (
        ("Phòng KT&ĐBCL", ktdbcl),
        ("Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)", ktdbcl),
        ("Phòng ĐT&CTSV", dt),
        ("Phòng Xúc tiến nghiên cứu, hợp tác và phát triển (R&D)", "RD"),
        ("Phòng R&D", "RD"),
    ):
        res = reg.resolve(cell)
        assert res.codes == [code] and not res.unresolved, cell
    res = reg.resolve("Các Khoa và Phòng Đào tạo và Công tác sinh viên")
    assert dt in res.codes and not res.unresolved
