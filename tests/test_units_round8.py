"""Leftovers of issue 11 read by ``units suggest`` (round 8): each on the real plan text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sheettools.planimport import parse_plan, resolve_mapping
from sheettools.units import (
    Registry,
    _shortened_pair,
    sentence_piece,
    suggest_registry,
    unit_fragments,
)

PLANS = Path(__file__).parent / "data" / "plans"


@cache
def _cells(name: str) -> tuple[str, ...]:
    path = PLANS / name
    mapping = resolve_mapping(path, None)  # a plan's .map.json, as units_sweep reads it
    tasks, _rep = parse_plan(path, mapping=mapping or None)
    return tuple(c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c)


def test_an_abbreviation_after_va_ends_the_name():
    # Bộ GD&ĐT's follow-up of Nghị quyết 33 (2017): "Vụ KHTC, Trung tâm Hỗ trợ đào tạo và
    # CƯNL" (the centre for training support and labour supply), never a unit "CƯNL"
    cells = _cells("bgddt-2017-nhiem-vu-nq33-theo-doi-chi-dao.xlsx")
    cell = next(c for c in cells if "CƯNL" in c)
    assert [t for t, _ in unit_fragments([cell])] == [
        "Vụ KHTC",
        "Trung tâm Hỗ trợ đào tạo và CƯNL",
    ]
    units, _groups = suggest_registry(list(cells))
    names = {u.name for u in units}
    assert "Trung tâm Hỗ trợ đào tạo và CƯNL" in names
    assert not names & {"CƯNL", "Trung tâm Hỗ trợ đào tạo"}


@pytest.mark.parametrize(
    "cell,fragments",
    [
        # an abbreviation that names a body is a body of its own
        ("Sở Tư pháp và UBND", ["Sở Tư pháp", "UBND"]),
        ("Trung tâm phục vụ hành chính công và UBND xã", ["Trung tâm phục vụ hành chính công", "UBND xã"]),
        # after a whole official name, an abbreviation is another body
        ("Phòng Văn hóa và Thông tin và TTVH", ["Phòng Văn hóa và Thông tin", "TTVH"]),
    ],
)  # fmt: skip
def test_an_abbreviation_after_va_that_is_a_body_of_its_own(cell, fragments):
    assert [t for t, _ in unit_fragments([cell])] == fragments


def test_a_school_and_the_programme_it_runs_are_two_items():
    # Bộ GD&ĐT's task list (2017): "…; Trường đại học Giáo dục chương trình ETEP; …" is the
    # school and the ETEP programme (which the plan writes alone elsewhere: "Cục NGCB,
    # chương trình ETEP"); the programme is no unit, as there
    cells = _cells("bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx")
    cell = next(c for c in cells if "ETEP" in c)
    frags = [t for t, _ in unit_fragments([cell])]
    assert "Trường đại học Giáo dục" in frags
    assert not any("ETEP" in t for t in frags)
    # a body whose name holds a programme or a project stays whole
    assert [
        t for t, _ in unit_fragments(["Ban Quản lý dự án ETEP; Văn phòng chương trình KHGD"])
    ] == [
        "Ban Quản lý dự án ETEP",
        "Văn phòng chương trình KHGD",
    ]


def test_a_trial_entry_is_no_unit():
    # the same task list: a cell "viện k" (a user trying the software, like "20"): a head
    # word and one letter names nobody
    cells = _cells("bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx")
    assert "viện k" in cells
    units, groups = suggest_registry(list(cells))
    names = {n for x in (*units, *groups) for n in (x.name, *x.aliases)}
    assert "viện k" not in names
    assert sentence_piece("viện k") and not sentence_piece("Viện KHGDVN")


def test_the_local_press_is_each_provinces_not_a_national_body():
    # Nghị quyết 394/NQ-CP (2025): "Đài Truyền hình và các cơ quan thông tấn, báo chí tại địa
    # phương" — the provinces' stations, a group for the office to fill, never a national
    # unit "Đài Truyền hình"; "Đài Truyền hình Việt Nam" (same plan) stays VTV
    cells = _cells("nqcp-394-2025-phong-trao-bao-ve-moi-truong.md")
    cell = "Đài Truyền hình và các cơ quan thông tấn, báo chí tại địa phương"
    assert cell in cells
    assert [t for t, _ in unit_fragments([cell])][0] == "Đài Truyền hình tại địa phương"
    units, groups = suggest_registry(list(cells))
    assert {u.name: u.level for u in units}["Đài Truyền hình Việt Nam"] == "national"
    assert not any(u.name.startswith("Đài Truyền hình") and u.code != "VTV" for u in units)
    local = next(g for g in groups if g.name == "Đài Truyền hình tại địa phương")
    assert not local.ignore
    res = Registry(units, groups).resolve(cell)
    assert res.unresolved == [] and res.codes == []


def test_the_decision_that_set_a_body_up_is_no_part_of_its_name():
    # Trường Đại học Việt Nhật's 2026 plan: "Hội đồng tự đánh giá theo quyết định số 21/QĐ-
    # ĐHVN ban hành ngày 10/01/2025" (and 22/QĐ, 869/QĐ): three decisions set up three
    # councils (one per programme), each named with a short tag of its decision, its cell as
    # written an alias, so the plan still resolves, each cell to its own council
    cells = _cells("dhvn-2026-ke-hoach-dam-bao-chat-luong.pdf")
    written = sorted({c for c in cells if "quyết định số" in c})
    assert len(written) == 3
    units, groups = suggest_registry(list(cells))
    councils = sorted((u for u in units if u.name.startswith("Hội đồng")), key=lambda u: u.name)
    assert [u.name for u in councils] == [
        "Hội đồng Tự đánh giá (QĐ 869/QĐ-ĐHVN)",
        "Hội đồng tự đánh giá (QĐ 21/QĐ-ĐHVN)",
        "Hội đồng tự đánh giá (QĐ 22/QĐ-ĐHVN)",
    ]
    assert [u.code for u in councils] == ["HDTDG869", "HDTDG21", "HDTDG22"]
    assert not any("quyết định" in u.name for u in units)
    reg = Registry(units, groups)
    for council in councils:
        number = council.name.split()[-1].split("/")[0]
        cell = next(c for c in written if f" {number}/QĐ" in c)
        assert council.aliases == [cell]
        res = reg.resolve(cell)
        assert res.codes == [council.code] and res.unresolved == []
    # one decision only: the body's name alone, the cell an alias (as a leader's title is)
    one = [c for c in written if " 21/QĐ" in c] + ["Phòng Đào tạo"]
    units, groups = suggest_registry(one)
    council = next(u for u in units if u.name.startswith("Hội đồng"))
    assert council.name == "Hội đồng tự đánh giá" and council.aliases == one[:1]
    # a phrase of duty citing a decision is no body ("Theo phân công tại Quyết định số …")
    units, _groups = suggest_registry(
        ["Theo phân công tại Quyết định số 1737/QĐ-UBND ngày 17/10/2025 của Chủ tịch UBND tỉnh"]
    )
    assert units == []


def test_a_party_committee_in_capitals_is_no_place():
    # Đắk Lắk's 2026 public investment sheet: "Văn phòng Tỉnh Ủy" is the office of the
    # province's party committee (province level, like "Văn phòng Tỉnh ủy" of Nghệ An), not
    # a "Văn phòng" in a place called "Ủy"
    from sheettools.statebodies import place_level

    cells = _cells("ubnd-daklak-2026-tien-do-du-an-dau-tu-cong.csv")
    assert "Văn phòng Tỉnh Ủy" in {t for t, _ in unit_fragments(list(cells))}
    units, _groups = suggest_registry(list(cells))
    assert {u.name: u.level for u in units}["Văn phòng Tỉnh Ủy"] == "province"
    assert place_level("Ban Thường vụ Huyện Ủy") == "district"
    assert place_level("Sở Tư pháp tỉnh Sơn La") == "province"


def test_one_department_of_many_provinces_gives_a_unit_each():
    # Bộ GD&ĐT's whole task list (2017) sends a task to the 63 provinces' departments of
    # education: "SỞ GDĐT An Giang; … SỞ GDĐT Bắc Giang; … SỞ GDĐT Hà Giang; …" — alike in
    # their words, never one unit; each a province's body, the ministry's plan stays national
    cells = _cells("bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx")
    units, _groups = suggest_registry(list(cells))
    by_name = {u.name: u for u in units}
    for place in ("An Giang", "Bắc Giang", "Hà Giang", "Quảng Nam", "Quảng Ngãi", "Phú Yên"):
        unit = by_name[f"SỞ GDĐT {place}"]
        assert unit.aliases == [] and unit.level == "province", unit
    assert by_name["Vụ GDĐH"].level == "national"
    assert by_name["Học viện QLGD"].level == "national"


def test_who_helps_a_body_is_no_part_of_its_name():
    # Nghị quyết 1339/NQ-UBTVQH15 (2024): "Ủy ban Đối ngoại (Văn phòng Quốc hội phối hợp chuẩn
    # bị)" is the committee, the spelling its alias; the two drafting boards, told apart by
    # their standing bodies in brackets, are two units — the long remark makes neither vague
    cells = _cells("ubtvqh-1339-2024-sua-luat-sap-xep-bo-may.md")
    units, groups = suggest_registry(list(cells))
    by_name = {u.name: u for u in units}
    assert by_name["Ủy ban Đối ngoại"].aliases == [
        "Ủy ban Đối ngoại (Văn phòng Quốc hội phối hợp chuẩn bị)"
    ]
    boards = [n for n in by_name if n.startswith("Ban soạn thảo")]
    assert len(boards) == 2 and all("là cơ quan thường trực" in n for n in boards)
    ignored = {a for g in groups if g.ignore for a in g.aliases}
    assert not any(a.startswith("Ban soạn thảo") for a in ignored)
    reg = Registry(units, groups)
    for cell in cells:
        assert reg.resolve(cell).unresolved == [], cell


def test_the_six_cities_and_the_inspector_general():
    # Thông báo 624/TB-VPCP (2025): "UBND 06 thành phố trực thuộc trung ương" is the six
    # cities' committees (a group to fill, no unit); "Tổng Thanh tra Chính phủ" is the head
    # of Thanh tra Chính phủ (its alias, with the reference code), never a unit of its own
    cells = _cells("vpcp-624-tb-2025-nhiem-vu-cham-muon.md")
    assert {"UBND 06 thành phố trực thuộc trung ương", "Tổng Thanh tra Chính phủ"} <= set(cells)
    units, groups = suggest_registry(list(cells))
    assert not any("06" in u.name for u in units)
    assert any(g.name == "UBND 06 thành phố trực thuộc trung ương" and not g.ignore for g in groups)
    inspectorate = next(u for u in units if "Tổng Thanh tra Chính phủ" in (u.name, *u.aliases))
    assert (inspectorate.code, inspectorate.name) == ("TTCP", "Thanh tra Chính phủ")


def test_a_bodys_accounts_in_the_task_software_are_the_body():
    # Bộ GD&ĐT's whole task list (2017): "Cục CNTT Admin", "Cục CNTT Lánh đạo" (sic) are the
    # software's accounts of Cục CNTT — aliases of its unit, never units of their own
    cells = _cells("bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx")
    units, groups = suggest_registry(list(cells))
    cntt = next(u for u in units if u.name == "Cục CNTT")
    assert {"Cục CNTT Admin", "Cục CNTT Lánh đạo"} <= set(cntt.aliases)
    assert Registry(units, groups).resolve("Cục CNTT Lánh đạo").codes == [cntt.code]


def test_the_scope_after_voi_is_no_body():
    # Quyết định 2629/QĐ-TTg of 2025 (Chính phủ số), T2.I.4: "Bộ Công an, Bộ Khoa học và Công
    # nghệ với các tiêu chuẩn, quy chuẩn, … áp dụng chung toàn quốc; các bộ, ngành với các tiêu
    # chuẩn, …": what each drafts; never "Bộ Khoa học" nor "Công nghệ với các tiêu chuẩn"
    cells = _cells("qdttg-2629-2025-chinh-phu-so.md")
    cell = next(c for c in cells if "Công nghệ với các tiêu chuẩn" in c)
    assert [t for t, _ in unit_fragments([cell])] == [
        "Bộ Công an",
        "Bộ Khoa học và Công nghệ",
        "các bộ, ngành",
    ]
    units, groups = suggest_registry(list(cells))
    names = {u.name for u in units} | {g.name for g in groups}
    assert "Bộ Khoa học và Công nghệ" in names
    assert not any("tiêu chuẩn" in n or n in ("Bộ Khoa học", "quy chuẩn") for n in names)
    res = Registry(units, groups).resolve(cell)
    assert res.unresolved == [] and res.not_understood == []
    # a name holding "với" stays whole (Bộ GD&ĐT's task list, 2017), and a body named after
    # the scope is kept
    assert [t for t, _ in unit_fragments(["Cục Đào tạo với nước ngoài"])] == [
        "Cục Đào tạo với nước ngoài"
    ]
    assert [t for t, _ in unit_fragments(["Bộ Y tế với các tiêu chuẩn y tế, Bộ Công an"])] == [
        "Bộ Y tế",
        "Bộ Công an",
    ]


def test_organisations_and_individuals_is_a_vague_phrase():
    # Kế hoạch 0129/KH-UBND of 2025 (Đắk Lắk, goods for the flooded): "Doanh nghiệp, cộng
    # đồng, tổ chức, cá nhân" names nobody in particular: "tổ chức, cá nhân" goes to the
    # ignored group of vague phrases, as "các cơ quan liên quan" does
    cells = _cells("ubnd-daklak-0129-kh-2025-nhu-yeu-pham-mua-lu.md")
    cell = next(c for c in cells if "cá nhân" in c)
    units, groups = suggest_registry(list(cells))
    assert not any("cá nhân" in u.name for u in units)
    ignored = next(g for g in groups if g.ignore)
    assert "tổ chức, cá nhân" in ignored.aliases
    res = Registry(units, groups).resolve(cell)
    assert res.unresolved == [] and res.codes == []
    # a body whose name starts with a generic word stays a unit
    units, _groups = suggest_registry(["Tổ chức Hội Chữ thập đỏ, cá nhân"])
    assert [u.name for u in units] == ["Tổ chức Hội Chữ thập đỏ"]


def test_one_committee_written_four_ways_is_one_unit():
    # Nghị quyết 100/NQ-CP of 2026 (foreign NGOs): "Ủy ban công tác phi chính phủ nước
    # ngoài", "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài", "Ủy ban Công tác
    # về các tổ chức PCPNN" and the slip "Ủy ban công tác phủ nước ngoài": one committee
    cells = _cells("nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf")
    units, groups = suggest_registry(list(cells))
    committees = [u for u in units if u.name.startswith("Ủy ban")]
    assert len(committees) == 1
    # (named by the reference list's official name since round 9, the four its aliases)
    assert {committees[0].name, *committees[0].aliases} == {
        "Ủy ban Công tác về các tổ chức phi chính phủ nước ngoài",
        "Ủy ban công tác phi chính phủ nước ngoài",
        "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài",
        "Ủy ban Công tác về các tổ chức PCPNN",
        "Ủy ban công tác phủ nước ngoài",
    }
    reg = Registry(units, groups)
    # (every cell naming the committee; not "Ủy ban nhân dân các tỉnh, …" of the duties
    # part's own-plan task, read since round 13a)
    for cell in cells:
        if "ủy ban công tác" in cell.lower() and "thành viên" not in cell:
            assert committees[0].code in reg.resolve(cell).codes, cell
    # capitalised words left out make another body; so does a "và" (a second body)
    assert _shortened_pair(
        "Ủy ban công tác quốc gia về người cao tuổi", "Ủy ban công tác về người cao tuổi"
    )
    assert not _shortened_pair(
        "Ủy ban công tác Quốc gia về người cao tuổi", "Ủy ban công tác về người cao tuổi"
    )
    assert not _shortened_pair(
        "Ban quản lý khu kinh tế và các khu công nghiệp của tỉnh",
        "Ban quản lý các khu công nghiệp của tỉnh",
    )
    units, _groups = suggest_registry(
        [
            "Ban quản lý các khu công nghiệp của tỉnh",
            "Ban quản lý khu kinh tế và các khu công nghiệp của tỉnh",
        ]
    )
    assert len(units) == 2
