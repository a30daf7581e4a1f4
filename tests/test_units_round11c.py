"""Units follow-ups of issue 11, item 7 (session 12, helper 11c): group phrases of non-state
bodies in a list, and the levels of units seen in round 10 — each on the real plan text."""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map, leaves
from sheettools.planimport import parse_plan
from sheettools.units import Registry, suggest_registry, unit_fragments

QD773 = "qdttg-773-2018-nguoi-co-cong.md"


def _cells(name: str) -> list[str]:
    return [c for t in leaves(name) for c in (t.lead_raw, t.coord_raw) if c]


def _draft(name: str):
    units, groups = suggest_registry(_cells(name))
    return {u.name: u for u in units}, {g.code: g for g in groups}


# the heading of Quyết định 773/QĐ-TTg of 2018, III.16 (tests/data/plans/qdttg-773-…, line 254)
III16 = (
    "Các tổ chức chính trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp, doanh "
    "nghiệp và cộng đồng"
)


def test_a_list_of_non_state_classes_is_cut_at_its_commas_and_proposes_no_unit():
    # units suggest proposed "tổ chức xã hội" and "tổ chức xã hội - nghề nghiệp, doanh
    # nghiệp" as units: two classes listed are two phrases, each an ignored group phrase as
    # "các doanh nghiệp" and "các tổ chức xã hội" alone are; "cơ quan, đơn vị liên quan"
    # (one phrase for both) stays whole
    frags = [f for f, _ in unit_fragments([III16, "Bộ Y tế, cơ quan, đơn vị liên quan"])]
    assert frags == [
        "Các tổ chức chính trị - xã hội",
        "tổ chức xã hội",
        "tổ chức xã hội - nghề nghiệp",
        "doanh nghiệp",
        "cộng đồng",
        "Bộ Y tế",
        "cơ quan, đơn vị liên quan",
    ]
    units, groups = suggest_registry([III16, "Bộ Y tế", "các tổ chức xã hội"])
    assert [u.name for u in units] == ["Bộ Y tế"]
    by_code = {g.code: g for g in groups}
    assert by_code["LIENQUAN"].ignore
    assert sorted(by_code["LIENQUAN"].aliases) == [
        "các tổ chức xã hội",
        "doanh nghiệp",
        "tổ chức xã hội",
        "tổ chức xã hội - nghề nghiệp",
    ]
    assert by_code["CTXH"].name.startswith("Các tổ chức chính trị - xã hội")
    assert by_code["NGUOIDAN"].ignore and by_code["NGUOIDAN"].aliases == ["cộng đồng"]


def test_a_heading_listing_bodies_with_a_full_stop_leads_the_paragraph_under_it():
    # "16. Các tổ chức chính trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp, doanh
    # nghiệp và cộng đồng." / "Khuyến khích …": 22 words read as one name, too long, and
    # the duty was lost (43 read for 44); the common reporting rule after it ("Hàng năm, các
    # bộ, ngành … báo cáo kết quả thực hiện về Bộ …./.") closes the duties, it is no text of
    # III.16 (898e110 of round 10a, reverted then for the units below, applied again)
    by_key = leaf_map(QD773)
    assert len(by_key) == 44
    t = by_key["III.16"]
    assert t.lead_raw == (
        "Các tổ chức chính trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp, doanh "
        "nghiệp và cộng đồng"
    )
    assert t.content.startswith("Khuyến khích các tổ chức chính trị - xã hội, xã hội - nghề")
    assert t.content.endswith("chăm sóc người và gia đình có công với cách mạng.")
    assert t.source_rows == [254, 256]


def test_social_organisations_and_enterprises_in_a_list_are_ignored_group_phrases():
    # III.16's lead cell made units suggest propose "tổ chức xã hội" and "tổ chức xã hội -
    # nghề nghiệp, doanh nghiệp" as units: classes of non-state bodies, none named, are the
    # ignored group; the political-social organisations stay their group (CTXH), the
    # community the people's ignored group
    units, groups = _draft(QD773)
    assert not any("xã hội - nghề" in n or n.lower() == "tổ chức xã hội" for n in units)
    assert not any("doanh nghiệp" in n.lower() for n in units)
    ignored = groups["LIENQUAN"]
    assert ignored.ignore
    for phrase in ("tổ chức xã hội", "tổ chức xã hội - nghề nghiệp", "doanh nghiệp"):
        assert phrase in ignored.aliases, (phrase, ignored.aliases)
    assert "Các tổ chức chính trị - xã hội" in (groups["CTXH"].name, *groups["CTXH"].aliases)
    assert "cộng đồng" in groups["NGUOIDAN"].aliases
    # the plan resolves with the draft: nothing left unresolved; III.16 goes to no unit (the
    # political-social organisations' group has no member the plan names, for the office
    # to fill)
    reg = Registry(list(units.values()), list(groups.values()))
    tasks, report = parse_plan(PLANS / QD773, registry=reg)
    assert report["unresolved_units"] == []
    t = next(t for t in tasks if t.key == "III.16")
    assert t.lead_units == []
    assert not [f for f in t.flags if f.startswith(("unresolved_unit", "unit_text_not"))]


LC2449 = "dangu-ubnd-laocai-2449-cv-2026-trien-khai-ctr-104.txt"


def test_a_party_committees_advisory_bodies_and_its_cells_are_groups_to_fill():
    # "2. Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy; các chi bộ, đảng bộ cơ sở"
    # (Công văn 2449-CV/ĐU of 2026, Đảng ủy UBND tỉnh Lào Cai): the committee's own advisory
    # bodies (its Văn phòng, Ban Xây dựng Đảng, Ủy ban Kiểm tra) were cut at "tham mưu" and
    # put in the ignored group (the task went to nobody); "các chi bộ" was a unit and
    # "đảng bộ cơ sở" the wards' group (a province body's party cells sit in its agencies,
    # not in wards). Both are now groups for the office to fill, never ignored.
    units, groups = _draft(LC2449)
    advisory = next(g for g in groups.values() if g.name.startswith("Các cơ quan chuyên trách"))
    assert advisory.name == "Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy"
    assert not advisory.ignore
    assert "LIENQUAN" not in groups  # it was the only ignored phrase of the plan
    cells = groups["CS-DANG"]
    assert (cells.name, sorted(cells.aliases), cells.ignore) == (
        "Các chi bộ, đảng bộ cơ sở",
        ["các chi bộ", "đảng bộ cơ sở"],
        False,
    )
    assert "CS-PHUONG" not in groups
    assert not any("chi bộ" in n for n in units)
    # with the draft the plan resolves; the duty's cell gives the three phrases, each known
    # (to its group: no member yet, the office adds the bodies it sends the task to)
    reg = Registry(list(units.values()), list(groups.values()))
    _tasks, report = parse_plan(PLANS / LC2449, registry=reg)
    assert report["unresolved_units"] == []
    res = reg.resolve(next(t.lead_raw for t in leaves(LC2449) if t.key == "2"))
    assert [p for p, _codes in res.parts] == [
        "Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy",
        "các chi bộ",
        "đảng bộ cơ sở",
    ]
    assert res.unresolved == [] and res.not_understood == []


def test_a_mass_organisations_grassroots_chapter_is_still_the_wards():
    # "Hội PN cơ sở", "Chi hội CCB cơ sở" (the seed, Long Biên 2023): a mass organisation's
    # "cơ sở" is its commune chapter, reported through the ward — unchanged
    _units, groups = suggest_registry(["Hội PN cơ sở", "Chi hội CCB cơ sở", "Hội LHPN quận"])
    by_code = {g.code: g for g in groups}
    assert sorted(by_code["CS-PHUONG"].aliases) == ["Chi hội CCB cơ sở", "Hội PN cơ sở"]
    assert "CS-DANG" not in by_code


def test_a_departments_own_rooms_are_at_its_level_and_a_company_is_external():
    # Kế hoạch of Sở TT&TT Phú Thọ (2011): "Phòng Công nghệ thông tin", "Văn phòng Sở" were
    # proposed at national level (the vendor "Công ty Cổ phần Công nghệ Tin học EFY Việt Nam",
    # ending in "Việt Nam", made the plan look national). "Văn phòng Sở" names the
    # department that writes the plan: its rooms are at its level (province); a company is
    # no state body (external) and says nothing of the plan's level.
    units, _groups = _draft("sotttt-phutho-kh-2011-trien-khai-phan-mem-qlvb.doc")
    levels = {n: u.level for n, u in units.items()}
    assert levels == {
        "Phòng Công nghệ thông tin": "province",
        "Văn phòng Sở": "province",
        "Trung tâm CNTT Tây Bắc": "province",
        "Công ty Cổ phần Công nghệ Tin học EFY Việt Nam": "external",
    }
    # Đề án 08 of Sở Công Thương Lào Cai (2026): its rooms were at district level
    units, _groups = _draft("sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx")
    assert {u.level for u in units.values()} == {"province"}
    assert "Văn phòng Sở" in units and "Phòng Quản lý Công nghiệp" in units


def test_the_fatherland_front_of_the_province_is_at_province_level():
    # Chương trình hành động of Tỉnh ủy Thái Nguyên (2025): "Ủy ban MTTQ" and "Ủy ban MTTQ
    # tỉnh", one unit, was proposed at district level (the bare spelling, the more frequent,
    # took the reference list's default); the spelling that names the place gives it
    units, _groups = _draft("tinhuy-thainguyen-ctr-2025-du-thao-thuc-hien-nq-dai-hoi.pdf")
    front = units["Ủy ban MTTQ"]
    assert (front.level, front.aliases) == ("province", ["Ủy ban MTTQ tỉnh"])
    # Kế hoạch 982/KH-UBND of 2025, Nghệ An: "Ủy ban Mặt trận Tổ quốc tỉnh" (no "Việt Nam")
    # was unknown to the reference list and proposed at district level
    units, _groups = _draft("ubnd-nghean-982-kh-2025-thi-dua-dai-hoi-xiv.md")
    front = units["Ủy ban Mặt trận Tổ quốc tỉnh"]
    assert (front.code, front.level) == ("MTTQ", "province")


def test_a_national_bodys_regional_branch_is_at_province_level():
    # a province's plan names the regional branches of national bodies, each serving a few
    # provinces (2025): they were proposed at national level ("Ngân hàng nhà nước khu vực
    # 8", "Kiểm toán nhà nước khu vực II", Kế hoạch 1026/KH-UBND of 2025, Nghệ An), at
    # district level ("Chi cục Hải quan khu vực XI") or at province level ("Kho bạc nhà nước
    # khu vực XI") — one level for all: province, the level they work with
    units, _groups = _draft("ubnd-nghean-1026-kh-2025-bao-ve-bi-mat-nha-nuoc.md")
    regional = {n: u.level for n, u in units.items() if "khu vực" in n}
    assert regional == {
        "Kiểm toán nhà nước khu vực II": "province",
        "Ngân hàng nhà nước khu vực 8": "province",
        "Kho bạc nhà nước khu vực XI": "province",
        "Chi cục Hải quan khu vực XI": "province",
    }
    units, _groups = _draft("ubnd-cantho-157-kh-2025-chi-tra-khong-dung-tien-mat.md")
    assert units["Ngân hàng Nhà nước chi nhánh khu vực 14"].level == "province"


def test_institutes_and_schools_listed_as_kinds_are_no_units():
    # "Viện, Trường; Doanh nghiệp, Sở, ban, ngành có liên quan" (Kế hoạch 552/KH-UBND of
    # 2025, Đồng Tháp): "Viện" and "Trường" were proposed as two units, each a head word
    # alone; the kinds listed are the reference group of institutes and schools (ignored)
    units, groups = _draft("ubnd-dongthap-552-kh-2025-doi-moi-cong-nghe.md")
    assert "Viện" not in units and "Trường" not in units
    assert groups["VIENTRUONG"].ignore and "Viện, Trường" in groups["VIENTRUONG"].aliases


def test_kinds_listed_after_a_plural_head_and_its_colon_are_one_phrase():
    # "Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh" (Kế hoạch 179/KH-UBND of
    # 2025, Đồng Nai, B.III.3.3): "Các trường: Đại học, Cao đẳng" was proposed as a unit and
    # "Trung cấp trên địa bàn tỉnh" went to the ignored group — the schools of three kinds
    # in the province, none named: one ignored phrase, as "Các Trường Đại học, Cao đẳng
    # trên địa bàn tỉnh" of the same plan. "Các Bộ: Tài chính, …" still names ministries.
    units, groups = _draft("ubnd-dongnai-179-kh-2025-kinh-te-so-xa-hoi-so.md")
    assert not any(n.startswith("Các trường") for n in units)
    assert "Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh" in (
        groups["LIENQUAN"].aliases
    )
    frags = [f for f, _ in unit_fragments(["Các Bộ: Tài chính, Xây dựng"])]
    assert frags == ["Bộ Tài chính", "Bộ Xây dựng"]


def test_plural_head_before_its_list_without_a_colon_names_each_body():
    # "Các Bộ: Công Thương, …" was read (round 11e); without the colon the head was left on
    # the first item and the rest proposed as a body of its own: "Nội vụ và Tài chính"
    # (district level), "Giao thông vận tải" — fragments of the names (landing of round 11)
    units, groups = suggest_registry(["Các Bộ Công Thương, Giao thông vận tải, Xây dựng"])
    assert sorted(u.name for u in units) == [
        "Bộ Công Thương",
        "Bộ Giao thông vận tải",
        "Bộ Xây dựng",
    ]
    assert groups == []
    # a ministry's name holding a comma, then a group phrase after the list
    units, groups = suggest_registry(
        ["Các Bộ Văn hóa, Thể thao và Du lịch, Ngoại giao, các địa phương"]
    )
    assert sorted(u.name for u in units) == ["Bộ Ngoại giao", "Bộ Văn hóa, Thể thao và Du lịch"]
    assert [g.code for g in groups] == ["DIAPHUONG"]
    # "các Sở Tư pháp" alone is the plural class it was (every province's department, in a
    # national plan); listed, each item is that class — none is left over as a fragment
    units, groups = suggest_registry(["Các Sở Tư pháp, Nội vụ và Tài chính"])
    assert units == []
    assert sorted(g.name for g in groups) == ["Các Sở Nội vụ", "Các Sở Tài chính", "Các Sở Tư pháp"]
    units, groups = suggest_registry(["các Sở Tư pháp"])
    assert (units, [g.name for g in groups]) == ([], ["các Sở Tư pháp"])
    # a lower-case plural class is no list of names
    units, groups = suggest_registry(["Các bộ ngành"])
    assert units == [] and [g.code for g in groups] == ["BONGANH"]
