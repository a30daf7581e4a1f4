"""People named in unit cells are no units (issue 11, item 7): a leader's title stands for the
body it leads, anyone else goes to an ignored group of people and the task is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheettools.planimport import parse_plan
from sheettools.units import (
    FLAG_NOT_UNDERSTOOD,
    PEOPLE_GROUP,
    Registry,
    person_role,
    personal_name,
    suggest_registry,
)

PLANS = Path(__file__).parent / "data" / "plans"


@pytest.mark.parametrize(
    "text,body",
    [
        # Kế hoạch 3260-KH/ĐĐQH15: the leaders of a National Assembly board
        ("Lãnh đạo Ban Dân nguyện", "Ban Dân nguyện"),
        # Kế hoạch 252/KH-BCĐQG1237 (2013)
        ("Tư lệnh các quân khu", "các quân khu"),
        ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
         "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"),
        # Nghị quyết 1339/NQ-UBTVQH15: the Secretary General heads the Office
        ("Tổng Thư ký Quốc hội -Văn phòng Quốc hội", "Văn phòng Quốc hội"),
        ("Đồng chí Chủ tịch UBND", "UBND"),
        ("Trưởng đoàn thể xã", "đoàn thể xã"),
        # people: a title with no body, a name, a member, a second title after the body
        ("Đồng chí Bí thư", ""),
        ("Đ/c Nguyễn Văn A", ""),
        ("Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội", ""),
        ("Các đ/c Phó chỉ tịch", ""),
        ("các đại biểu Quốc hội", ""),
        ("Chuyên viên Cơ quan Ủy ban Mặt trận Tổ quốc xã", ""),
        ("Đồng chí Phó Giám đốc Trung tâm phục vụ hành chính công - Phó Trưởng tiểu ban", ""),
    ],
)  # fmt: skip
def test_a_person_or_a_leader_of_a_body(text, body):
    assert person_role(text) == (True, body)


@pytest.mark.parametrize(
    "text", ["Ban Dân nguyện", "Trung tâm Y tế", "Trạm Y tế", "Bộ Công an", "Thường trực HĐND"]
)
def test_bodies_are_no_people(text):
    assert person_role(text) == (False, "")


def test_the_commune_fronts_plan_proposes_no_person_as_a_unit():
    # Kế hoạch 16/KH-MTTQ (2025) of Ủy ban MTTQ xã Lương Minh: its tasks go to the vice
    # chairman, the staff and the heads of the organisations, never to a body
    path = PLANS / "mttq-xa-luong-minh-16-kh-2025-bau-cu.htm"
    tasks, _rep = parse_plan(path)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    assert units == []
    people = {g.code: g for g in groups}[PEOPLE_GROUP]
    assert people.ignore
    assert "Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội" in (
        people.aliases
    )
    assert "Các đ/c Phó chỉ tịch" in people.aliases
    # imported with that draft: no unit, no unresolved name, the person flagged on the task
    _tasks, report = parse_plan(path, registry=Registry(units, groups))
    assert report["unresolved_units"] == []
    flagged = [t for t in _tasks if any(f.startswith(FLAG_NOT_UNDERSTOOD) for f in t.flags)]
    assert flagged and all(not t.lead_units for t in flagged)


def test_a_leaders_title_is_an_alias_of_the_body():
    # Kế hoạch 3260-KH/ĐĐQH15 and 252/KH-BCĐQG1237
    cells = [
        "Lãnh đạo Ban Dân nguyện",
        "Lãnh đạo Ban Công tác đại biểu",
        "Các quân khu",
        "Tư lệnh các quân khu",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        "các đại biểu Quốc hội",
    ]
    units, groups = suggest_registry(cells)
    by_name = {u.name: u for u in units}
    assert by_name["Ban Dân nguyện"].aliases == ["Lãnh đạo Ban Dân nguyện"]
    assert by_name["Ban Dân nguyện"].code == "BDN"
    assert by_name["Ban Công tác đại biểu"].aliases == ["Lãnh đạo Ban Công tác đại biểu"]
    # the army's regions are a group to fill; their commander's title goes with it
    assert "Tư lệnh các quân khu" in {g.name: g for g in groups}["Các quân khu"].aliases
    provinces = {g.code: g for g in groups}["DIAPHUONG"]
    assert "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương" in provinces.aliases
    assert {g.code: g for g in groups}[PEOPLE_GROUP].aliases == ["các đại biểu Quốc hội"]
    reg = Registry(units, groups)
    assert reg.resolve("Lãnh đạo Ban Dân nguyện").codes == ["BDN"]
    res = reg.resolve("các đại biểu Quốc hội")
    assert res.codes == [] and res.unresolved == []
    assert res.not_understood == ["các đại biểu Quốc hội"]


def test_the_heads_of_the_communes_organisations_and_a_provinces_departments():
    # "Trưởng đoàn thể xã" (xã Lương Minh): the political-social organisations' heads; "các sở,
    # ban, ngành, đoàn thể tỉnh" (Kế hoạch 7432/KH-UBND of 2026, Lào Cai) stays the departments
    _units, groups = suggest_registry(["Trưởng đoàn thể xã", "các sở, ban, ngành, đoàn thể tỉnh"])
    by_code = {g.code: g for g in groups}
    assert "Trưởng đoàn thể xã" in by_code["CTXH"].aliases
    assert by_code["SONGANH"].aliases == ["các sở, ban, ngành, đoàn thể tỉnh"]


@pytest.mark.parametrize(
    "text,body",
    [
        ("Trưởng Ban Chỉ đạo các tỉnh", "Ban Chỉ đạo các tỉnh"),
        ("Trưởng Ban Dân vận", "Ban Dân vận"),
        ("Trưởng ban", ""),
        ("Phó Trưởng phòng", ""),
    ],
)
def test_a_head_of_a_board_or_the_title_alone(text, body):
    assert person_role(text) == (True, body)


def test_the_assignees_named_alone_are_people_not_units():
    # Bộ GD&ĐT's task software (2017) puts the assignees' names beside the bodies: "• Vụ Tổ
    # chức cán bộ; • Cao Tien", "• Vụ Kế hoạch - Tài chính; • Nguyễn Đình Mạnh"
    path = PLANS / "bgddt-2017-danh-muc-bao-cao-nhiem-vu.xlsx"
    tasks, _rep = parse_plan(path)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    assert any("Cao Tien" in c for c in cells) and any("Nguyễn Đình Mạnh" in c for c in cells)
    units, groups = suggest_registry(cells)
    names = {u.name for u in units} | {a for u in units for a in u.aliases}
    assert "Cao Tien" not in names and "Nguyễn Đình Mạnh" not in names
    assert {"Vụ Tổ chức cán bộ", "Vụ Kế hoạch - Tài chính"} <= names
    people = {g.code: g for g in groups}[PEOPLE_GROUP]
    assert people.ignore and {"Cao Tien", "Nguyễn Đình Mạnh"} <= set(people.aliases)
    # imported with that draft: the person's task is flagged, the body keeps its code
    res = Registry(units, groups).resolve("• Vụ Tổ chức cán bộ; • Cao Tien")
    assert res.unresolved == [] and res.not_understood == ["Cao Tien"]
    assert [u.name for u in units if u.code in res.codes] == ["Vụ Tổ chức cán bộ"]


@pytest.mark.parametrize(
    "text,short,person",
    [
        # the 2017 task software's assignees (Bộ GD&ĐT), with and without accents
        ("Nguyen Duc Duy", False, True),
        ("Nguyễn Thị Minh Phượng", False, True),
        ("Hoàng Mai Diễn", False, True),
        ("Cao Tien", True, True),
        ("Cao Tien", False, False),  # two words alone: a place as often ("Mai Sơn")
        # places and bodies named after people, or like them
        ("Phường Trần Phú", True, False),
        ("xã Lê Lợi", True, False),
        ("Cao Bằng", True, False),
        ("Thái Bình", True, False),
        ("Hồ Chí Minh", True, False),
        ("Văn Phòng Bộ", True, False),
        ("Vụ Tổ chức cán bộ", True, False),
        ("Hội Cựu chiến binh", True, False),
    ],
)  # fmt: skip
def test_a_persons_name_alone(text, short, person):
    assert personal_name(text, short=short) is person


def test_wards_named_after_people_stay_wards():
    # "các phường: …" lists wards, whatever their names; "Mai Sơn" alone (a district of Sơn
    # La) is no person when the plan names nobody in full
    cells = ["các phường: Trần Phú, Lê Hồng Phong", "Phòng Nội vụ; Nguyễn Văn Cừ"]
    units, groups = suggest_registry(cells)
    wards = {u.name for u in units if u.level == "ward"}
    assert wards == {"UBND phường Trần Phú", "UBND phường Lê Hồng Phong"}
    assert {g.code: g for g in groups}[PEOPLE_GROUP].aliases == ["Nguyễn Văn Cừ"]
    units, groups = suggest_registry(["Phòng Nội vụ; Mai Sơn"])
    assert "Mai Sơn" in {u.name for u in units}
    assert PEOPLE_GROUP not in {g.code for g in groups}
