"""Round 13e of issue 11: unit defects left by round 12 (findings-12a.md, findings-12d.md).

The tests on corpus plans read the real files of tests/data/plans (PROVENANCE.md) and
propose their units as `units suggest` does (`scripts/units_sweep.py`: the lead and
coordinating cells, the issuer as printed); the others are typed cells for the rules' edges.
"""

from __future__ import annotations

from pathlib import Path

from plan_helpers import leaf_map, plan
from sheettools.planimport import KIND_GROUP, group_body, parse_plan
from sheettools.units import same_name, suggest_registry, unit_fragments

BD518 = "ubnd-binhdinh-518-qd-2023-phan-bo-von-de-an-giao-duc-y-te.md"
LAOCAI_VLNCN = "ubnd-laocai-cv-2026-quan-ly-giam-sat-vlncn.pdf"
LAMDONG_PCI = "ubnd-lamdong-tb-2026-ket-luan-pci-xuc-tien-dau-tu.docx"


def _suggest(name: str):
    tasks, report = plan(name)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    return suggest_registry(cells, issuer=report["identity"]["issuer"])


def _levels(units) -> dict[str, str]:
    return {u.name: u.level for u in units}


# --- 1. a name that is a place says its level -----------------------------------------------


def test_districts_beside_a_department_keep_their_level_in_quyet_dinh_518():
    # the group rows "II | THỊ XÃ HOÀI NHƠN", "IV | HUYỆN TUY PHƯỚC", "T2.II | THÀNH PHỐ QUY
    # NHƠN" beside "I | SỞ GIÁO DỤC VÀ ĐÀO TẠO": the Sở's level was given to every name
    units, _ = _suggest(BD518)
    levels = _levels(units)
    assert levels["Sở Giáo dục và Đào tạo"] == "province"
    assert levels["Sở Y tế"] == "province"
    assert levels["Thị xã Hoài Nhơn"] == "district"
    assert levels["Thị xã An Nhơn"] == "district"
    assert levels["Huyện Tuy Phước"] == "district"
    assert levels["Huyện Vân Canh"] == "district"
    assert levels["Thành phố Quy Nhơn"] == "district"  # a city of the province
    assert sorted(levels.values()).count("district") == 11


def test_a_place_named_alone_takes_its_own_level_whatever_the_plan_names():
    units, _ = suggest_registry(
        [
            "Sở Y tế",
            "Huyện An Lão",
            "HUYỆN TÂY SƠN",
            "Quận 3",
            "Thành phố Thủ Đức",
            "Xã An Hòa",
            "Thị trấn Phù Mỹ",
            "Thành phố Cần Thơ",
        ],
        issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
    )
    levels = _levels(units)
    assert levels["Huyện An Lão"] == levels["HUYỆN TÂY SƠN"] == "district"
    assert levels["Quận 3"] == levels["Thành phố Thủ Đức"] == "district"
    assert levels["Xã An Hòa"] == levels["Thị trấn Phù Mỹ"] == "ward"
    # a centrally-run city is its province's committee, as before
    assert levels["Ủy ban nhân dân Thành phố Cần Thơ"] == "province"


def test_places_named_do_not_give_the_plan_level_to_names_that_do_not_say_it():
    # a province's plan naming its districts and a board of unknown level: the board is the
    # issuer's (the places are whom the plan addresses, not its peers)
    units, _ = suggest_registry(
        ["Ban quản lý dự án", "Huyện An Lão", "Thị xã Hoài Nhơn", "Thị xã An Nhơn"],
        issuer="ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH",
    )
    assert _levels(units)["Ban quản lý dự án"] == "province"
    # a district's plan naming its communes: its own rooms stay the district's
    units, _ = suggest_registry(
        ["Phòng Tư pháp", "Xã An Hòa", "Xã Mỹ Đức", "Thị trấn Phù Mỹ"],
        issuer="ỦY BAN NHÂN DÂN HUYỆN PHÙ MỸ",
    )
    assert _levels(units)["Phòng Tư pháp"] == "district"


# --- 2. a slash between two whole names parts two bodies ------------------------------------


def test_two_commands_written_with_a_slash_are_two_units_in_the_lao_cai_letter():
    # "Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh" (5 lead cells of the
    # công văn of UBND tỉnh Lào Cai, 2026) was one unit of that name
    by = leaf_map(LAOCAI_VLNCN)
    cells = [t.lead_raw for t in by.values() if "/" in t.lead_raw]
    assert cells and all(
        c == "Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh" for c in cells
    )
    names = {u.name for u in _suggest(LAOCAI_VLNCN)[0]}
    assert {"Bộ Chỉ huy Quân sự tỉnh", "Ban Chỉ huy Bộ đội Biên phòng tỉnh"} <= names
    assert not any("/" in n for n in names)


def test_a_slash_inside_a_name_between_places_or_in_a_number_parts_nothing():
    # cells of corpus plans: Kế hoạch 0134 of Đắk Lắk, Quyết định 2530/QĐ-TTg, the plan of
    # Trường Đại học Việt Nhật, Nghị quyết 109/NQ-CP; then typed edges
    for cell in (
        "UBND các xã/phường",
        "UBND các tỉnh/ thành phố",
        "Hội đồng tự đánh giá theo quyết định số 21/QĐ- ĐHVN ban hành ngày 10/01/2025",
        "Bộ Tài chính (trong Quý II/2026)",
        "Sở Văn hóa/Thể thao",
        "Kế hoạch 3260-KH/ĐĐQH15",
    ):
        assert [f for f, _ in unit_fragments([cell])] == [cell]
    assert [f for f, _ in unit_fragments(["Ban Chỉ đạo/Tổ công tác"])] == [
        "Ban Chỉ đạo",
        "Tổ công tác",
    ]
    assert [f for f, _ in unit_fragments(["Sở Y tế, Bộ Chỉ huy Quân sự tỉnh/Công an tỉnh"])] == [
        "Sở Y tế",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Công an tỉnh",
    ]


def test_two_names_of_a_department_written_with_a_slash_in_the_ministrys_plan():
    # "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc
    # Trung ương" (Quyết định 4385/QĐ-BVHTTDL of 2025): each province's department under
    # either name, two whole names, two units; no unit keeps the slash
    frags = [
        f
        for f, _ in unit_fragments(
            [
                "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc "
                "Trung ương"
            ]
        )
    ]
    assert frags == [
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung ương",
    ]


# --- 3. a plural group row leads the tasks under it as its group -----------------------------


def test_a_plural_group_row_names_the_group_a_lead_cell_would():
    assert group_body("CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ") == "UBND các huyện, thị xã, thành phố"
    assert group_body("Các xã, phường, thị trấn") == "UBND các xã, phường, thị trấn"
    assert group_body("CÁC SỞ, BAN, NGÀNH") == "Các sở, ban, ngành"
    # a sector heading, a plural of no known group, a vague phrase: no lead
    for heading in ("NGÀNH Y TẾ", "Các đơn vị sự nghiệp", "Các dự án chuyển tiếp"):
        assert group_body(heading) == ""
    assert group_body("Các sở, ban, ngành liên quan") == ""


_PLURAL = """\
KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026

| TT | Danh mục dự án/ Cơ quan, đơn vị, địa phương thực hiện | Kế hoạch vốn năm 2026 | Ghi chú |
|---|---|---|---|
| I | SỞ Y TẾ | 4.000 |  |
| 1 | Trung tâm Y tế huyện Tân Lập | 4.000 |  |
| II | CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ | 2.000 |  |
| 1 | Sửa chữa trạm y tế xã | 2.000 |  |
| III | NGÀNH Y TẾ | 1.000 |  |
| 1 | Mua sắm thiết bị | 1.000 |  |
"""


def test_tasks_under_a_plural_group_row_go_to_the_group(tmp_path: Path):
    src = tmp_path / "ke-hoach-von.md"
    src.write_text(_PLURAL, encoding="utf-8")
    tasks, report = parse_plan(src)
    by = {t.key: t for t in tasks if t.kind != KIND_GROUP}
    assert by["I.1"].lead_raw == "Sở Y tế"
    assert by["II.1"].lead_raw == "UBND các huyện, thị xã, thành phố"
    assert "lead_from_group_row" in by["II.1"].flags
    assert by["III.1"].lead_raw == "" and report["no_lead_unit"] == ["III.1"]
    _, groups = suggest_registry(["Sở Y tế", by["II.1"].lead_raw])
    assert [g.name for g in groups if by["II.1"].lead_raw in (g.name, *g.aliases)]


# --- 5. a long name with one slip is the same unit -------------------------------------------


def test_the_typo_twin_of_the_investment_centre_is_one_unit_in_the_lam_dong_notice():
    # "Trung tâm Xúc đầu tư, Thương mại và Du lịch" (sic, "tiến" left out) beside "Trung tâm
    # Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh" (Thông báo of UBND tỉnh Lâm Đồng on PCI)
    units, _ = _suggest(LAMDONG_PCI)
    centres = [u for u in units if "Xúc" in u.name or any("Xúc" in a for a in u.aliases)]
    assert len(centres) == 1
    spellings = {centres[0].name, *centres[0].aliases}
    assert "Trung tâm Xúc đầu tư, Thương mại và Du lịch" in spellings
    assert "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh" in spellings
    assert same_name(
        "Trung tâm Xúc đầu tư, Thương mại và Du lịch",
        "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh",
    )


def test_one_slip_never_joins_two_different_bodies():
    for a, b in (
        ("Trường Tiểu học Phú Lâm", "Trường Tiểu học Phú Lạc"),  # a place's name
        ("Ủy ban nhân dân thành phố", "Ủy ban nhân dân tỉnh, thành phố"),  # a level word
        ("Ủy ban nhân dân Thành phố", "Ủy ban nhân dân các tỉnh, thành phố"),  # a class
        ("cơ quan, tổ chức có liên quan", "cơ quan, tổ chức khác có liên quan"),  # "khác"
        ("UBND xã, thị trấn", "UBND xã, phường, thị trấn"),  # an item of a list
        ("Ban Chỉ huy Quân sự huyện", "Bộ Chỉ huy Quân sự huyện"),  # the head word
        ("Trường THCS số 1 Phù Mỹ", "Trường THCS số 2 Phù Mỹ"),  # a number
        ("Sở Khoa học Công nghệ", "Sở Khoa học và Công nghệ"),  # short, and "và"
        ("Trung tâm Phát triển quỹ đất", "Trung tâm Phát triển quỹ đất đai"),  # the last word
    ):
        assert not same_name(a, b), (a, b)
