"""Units that survive real names: the reference list of state bodies, splitting that never
cuts an official name, and ``units suggest`` on the real plans of tests/data/plans/."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sheettools.cli import cli
from sheettools.model import Unit
from sheettools.statebodies import LEVELS, reference, state_bodies
from sheettools.units import (
    Registry,
    load_units_xlsx,
    suggest_registry,
    unit_fragments,
    write_units_xlsx,
)

PLANS = Path(__file__).parent / "data" / "plans"


# --- the corpus' unit cells, read straight from the files ---------------------------------


def nq03_cells() -> list[tuple[str, str, str]]:
    """(number, lead cell, coordinating cell) of the 140 tasks of Phụ lục II, NQ 03/NQ-CP."""
    out = []
    for line in (PLANS / "nqcp-03-2025-phu-luc-nhiem-vu-nq57.md").read_text("utf-8").split("\n"):
        if not line.startswith("|"):
            continue
        cells = [c.replace("**", "").strip() for c in line.strip().strip("|").split("|")]
        if re.fullmatch(r"\d+\.", cells[0]):
            out.append((cells[0], cells[2], cells[3]))
    return out


def xlsx_cells(name: str, columns: tuple[int, ...]) -> list[str]:
    ws = openpyxl.load_workbook(PLANS / name, read_only=True).active
    out = []
    for row in ws.iter_rows(values_only=True):
        if row[0] and re.fullmatch(r"\d+\.?", str(row[0])):
            out += [str(row[c]) for c in columns if row[c]]
    return out


@pytest.fixture(scope="module")
def corpus_cells() -> list[str]:
    cells = [c for _n, lead, coord in nq03_cells() for c in (lead, coord) if c]
    cells += xlsx_cells("qdttg-893-2026-nhan-luc-nang-luong-nguyen-tu.xlsx", (2, 3))
    cells += xlsx_cells("ubtvqh-45-2024-dieu-chinh-chuong-trinh-xay-dung-luat.xlsx", (2, 3, 4))
    # NQ 97/NQ-CP, appendix rows 1-8 (the PDF's text layer, cell lines joined)
    cells += ["Các bộ, cơ quan ngang bộ", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Nội vụ, Bộ Tư pháp",
              "Các bộ, cơ quan ngang bộ, UBND tỉnh, thành phố"]  # fmt: skip
    # lead cells of the prose plans, as written (ĐĐQH 3260, Sơn La 254, xã Lương Minh)
    cells += [
        "Tổ đảng ở Thường trực Ủy ban KH,CN&MT",
        "Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách",
        "Tổ đảng ở Thường trực Ủy ban Quốc phòng và An ninh",
        "Tổ đảng ở Thường trực Ủy ban Văn hóa, Giáo dục",
        "Công an tỉnh",
        "Sở Thông tin và Truyền thông",
        "Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội",
    ]
    return cells


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads((PLANS / "expected.json").read_text("utf-8"))


# --- the reference list -------------------------------------------------------------------


def test_reference_list_shape():
    bodies = state_bodies()
    codes = [b.code for b in bodies]
    assert len(codes) == len(set(codes))
    for b in bodies:
        assert b.level in LEVELS, b
        assert b.code.isascii() and b.code == b.code.upper(), b.code
        for text in (b.name, *b.aliases):
            assert unicodedata.is_normalized("NFC", text), text
    by_kind: dict[str, list] = {}
    for b in bodies:
        by_kind.setdefault(b.kind, []).append(b)
    # every level the brief names: ministries, NA committees, Sở, Phòng, mass organisations
    # at the centre and locally, commune/ward bodies, and group phrases
    assert len([b for b in by_kind["ministry"] if b.level == "national"]) >= 17
    assert len(by_kind["na_body"]) >= 10
    assert len([b for b in by_kind["department"] if b.name.startswith("Sở ")]) >= 15
    assert len([b for b in by_kind["office"] if b.name.startswith("Phòng ")]) >= 10
    assert {b.level for b in by_kind["mass_org"]} == {"national", "district"}
    assert any(b.level == "ward" for b in by_kind["local_government"])
    assert any(b.ignore for b in by_kind["group"])
    # no two bodies share a spelling
    keys: dict[str, str] = {}
    for b in bodies:
        for text in (b.name, *b.aliases):
            key = " ".join(text.lower().split())
            assert keys.setdefault(key, b.code) == b.code, (text, keys[key], b.code)


@pytest.mark.parametrize(
    "text,code,level",
    [
        ("Sở Khoa học và Công nghệ", "SKHCN", "province"),
        ("Sở Tư pháp tỉnh Sơn La", "STP", "province"),
        ("Bộ KH&CN", "BKHCN", "national"),
        ("Bộ Lao động - Thương binh và Xã hội", "BLDTBXH", "national"),
        ("Ủy ban KH,CN&MT của Quốc hội", "UBKHCNMT", "national"),
        ("Uỷ ban Tài chính, Ngân sách", "UBTCNS", "national"),
        ("Phòng GD&ĐT", "PGDDT", "district"),
        ("Hội LHPN quận", "LHPN", "district"),
        ("Hội Liên hiệp Phụ nữ phường Bồ Đề", "LHPN", "ward"),
        ("Công an tỉnh", "CA-T", "province"),
        ("Viện Hàn lâm Khoa học và Công nghệ", "VHLKHCN", "national"),
        (unicodedata.normalize("NFD", "Ủy ban Văn hóa, Giáo dục"), "UBVHGD", "national"),
    ],
)
def test_reference_lookup(text, code, level):
    hit = reference().lookup(text)
    assert hit is not None and (hit.body.code, hit.level) == (code, level)


def test_reference_knows_tails_are_not_names():
    ref = reference()
    for tail in ("Công nghệ", "Đào tạo", "Tư pháp", "Ngân sách", "Thể thao và Du lịch"):
        assert ref.is_tail(tail) and not ref.is_name(tail), tail
    for name in ("UBND", "Sở Tư pháp", "Đài Truyền hình Việt Nam", "TTXVN"):
        assert not ref.is_tail(name), name
    assert ref.is_name("Phòng Khoa học và Công nghệ")  # a field known under Bộ/Sở
    assert not ref.is_name("Phòng Nội vụ, Tư pháp")


# --- splitting never cuts an official name -------------------------------------------------


SPLITS = [
    ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
    ("Sở Khoa học và Công nghệ, Sở Tư pháp", ["Sở Khoa học và Công nghệ", "Sở Tư pháp"]),
    ("Ủy ban Khoa học, Công nghệ và Môi trường", ["Ủy ban Khoa học, Công nghệ và Môi trường"]),
    ("Phòng Giáo dục và Đào tạo; Phòng Văn hóa và Thông tin",
     ["Phòng Giáo dục và Đào tạo", "Phòng Văn hóa và Thông tin"]),
    ("Bộ Lao động - Thương binh và Xã hội, Thanh tra Chính phủ",
     ["Bộ Lao động - Thương binh và Xã hội", "Thanh tra Chính phủ"]),
    ("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội",
     ["Hội đồng Dân tộc", "các Ủy ban khác của Quốc hội"]),
    ("Bộ Khoa học và Công nghệ và các bộ, ngành có liên quan",
     ["Bộ Khoa học và Công nghệ", "các bộ, ngành có liên quan"]),
    ("Bộ Văn hóa, Thể thao và Du lịch, Bộ Tài chính, Bộ Nông nghiệp và Môi trường (theo chức "
     "năng, nhiệm vụ đã được giao của mỗi cơ quan)",
     ["Bộ Văn hóa, Thể thao và Du lịch", "Bộ Tài chính",
      "Bộ Nông nghiệp và Môi trường (theo chức năng, nhiệm vụ đã được giao của mỗi cơ quan)"]),
    ("Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách",
     ["Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách"]),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn La và Sở Y tế",
     ["Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn La", "Sở Y tế"]),
    ("Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội",
     ["Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội"]),
    # found by the property test below: a comma before "Trung ương" ends a name
    ("Ủy ban Kiểm tra, Trung ương Hội Cựu chiến binh Việt Nam",
     ["Ủy ban Kiểm tra", "Trung ương Hội Cựu chiến binh Việt Nam"]),
]  # fmt: skip


@pytest.mark.parametrize("cell,parts", SPLITS)
def test_splitting_keeps_official_names(cell, parts):
    # the suggester's splitter (no registry) …
    assert [t for t, _ in unit_fragments([cell])] == parts
    # … and the resolver with a registry that knows none of them: reported whole
    res = Registry([], []).resolve(cell)
    assert res.unresolved == parts


def test_resolver_with_a_registry_gives_both_units():
    units = [
        Unit("SKHCN", "Sở Khoa học và Công nghệ", level="province"),
        Unit("STP", "Sở Tư pháp", level="province", aliases=["STP"]),
        Unit("UBTCNS", "Ủy ban Tài chính, Ngân sách", level="national"),
    ]
    reg = Registry(units)
    assert reg.resolve("Sở Khoa học và Công nghệ, Sở Tư pháp").codes == ["SKHCN", "STP"]
    assert reg.resolve("Sở Khoa học và Công nghệ và STP").codes == ["SKHCN", "STP"]
    res = reg.resolve("Ủy ban Tài chính, Ngân sách; Hội đồng Dân tộc")
    assert res.codes == ["UBTCNS"] and res.unresolved == ["Hội đồng Dân tộc"]


def test_expected_lead_units_split_as_written(expected):
    """The lead units of every hand-checked sample, written back into one cell as a plan
    writes them, split into exactly those names (groups included)."""
    checked = 0
    for name, plan in expected.items():
        if name.startswith("_"):
            continue
        for sample in plan.get("samples", []):
            names = sample["lead_units"] + sample["lead_groups"]
            if len(names) < 1:
                continue
            cell = ", ".join(names)
            got = [t for t, _ in unit_fragments([cell])]
            assert got == names, (name, sample["number"], got)
            checked += 1
    assert checked >= 30


def test_nq03_coordinating_cell_of_task_14():
    cells = {n: (lead, coord) for n, lead, coord in nq03_cells()}
    assert len(cells) == 140
    lead, coord = cells["14."]
    assert [t for t, _ in unit_fragments([lead])] == ["Bộ Khoa học và Công nghệ"]
    assert [t for t, _ in unit_fragments([coord])] == [
        "Bộ Công an",
        "Bộ Nội vụ",
        "Bộ Tài chính",
        "Bộ Lao động - Thương binh và Xã hội",
        "Thanh tra Chính phủ",
        "các bộ, ngành và địa phương",
    ]


def test_no_corpus_fragment_is_a_tail_of_a_name(corpus_cells):
    ref = reference()
    fragments = {t for t, _ in unit_fragments(corpus_cells)}
    assert len(fragments) > 60
    tails = sorted(f for f in fragments if ref.is_tail(f))
    assert tails == []
    for bad in ("Công nghệ", "Đào tạo", "Tư pháp", "Ngân sách", "Xã hội", "Môi trường"):
        assert bad not in fragments


# --- units suggest on the corpus ------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_suggestion(corpus_cells):
    return suggest_registry(corpus_cells)


def _unit_of(units, spelling):
    found = [u for u in units if spelling == u.name or spelling in u.aliases]
    assert len(found) == 1, (spelling, [u.code for u in found])
    return found[0]


def test_suggest_never_proposes_a_fragment(corpus_suggestion):
    units, groups = corpus_suggestion
    ref = reference()
    spellings = [s for u in units for s in (u.name, *u.aliases)]
    spellings += [s for g in groups for s in (g.name, *g.aliases)]
    assert [s for s in spellings if ref.is_tail(s)] == []
    for name in ("Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo", "Ủy ban Tài chính, Ngân sách",
                 "Ủy ban Quốc phòng và An ninh", "Bộ Lao động - Thương binh và Xã hội",
                 "Tổ đảng ở Thường trực Ủy ban Văn hóa, Giáo dục"):  # fmt: skip
        _unit_of(units, name)


def test_suggest_levels_and_codes_from_the_reference(corpus_suggestion):
    units, _groups = corpus_suggestion
    assert _unit_of(units, "Bộ Khoa học và Công nghệ").level == "national"
    assert _unit_of(units, "Bộ Khoa học và Công nghệ").code == "BKHCN"
    assert _unit_of(units, "Ủy ban Quốc phòng và An ninh").level == "national"
    assert _unit_of(units, "Sở Thông tin và Truyền thông").level == "province"
    assert _unit_of(units, "Công an tỉnh").level == "province"
    # one official body, one unit: its spellings together
    bkhcn = _unit_of(units, "Bộ Khoa học và công nghệ")
    assert bkhcn.code == "BKHCN" and bkhcn.name == "Bộ Khoa học và Công nghệ"
    assert _unit_of(units, "Bộ Công An").code == "BCA"
    assert _unit_of(units, "VTV").level == "national"
    # names the list does not know take the plan's prevailing level, and units are listed
    # from the national level down
    assert _unit_of(units, "Tổ đảng ở Thường trực Ủy ban Tài chính, Ngân sách").level == "national"
    order = ["national", "province", "district", "ward", "external"]
    assert [order.index(u.level) for u in units] == sorted(order.index(u.level) for u in units)
    # a person named by title is one lead, not three — and no unit: the ignored group of people
    person = "Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực Giám sát và Phản biện xã hội"
    assert not [u for u in units if person in (u.name, *u.aliases)]
    people = {g.code: g for g in _groups}["CANHAN"]
    assert people.ignore and person in people.aliases


def test_suggest_vague_phrases_become_an_ignored_group(corpus_suggestion):
    units, groups = corpus_suggestion
    by_code = {g.code: g for g in groups}
    ignored = by_code["LIENQUAN"]
    assert ignored.ignore
    spelled = {ignored.name, *ignored.aliases}
    for phrase in ("các Ủy ban khác của Quốc hội", "Các cơ quan có liên quan",
                   "các bộ, ngành có liên quan"):  # fmt: skip
        assert phrase in spelled, phrase
    assert not any(s in spelled for u in units for s in (u.name, *u.aliases))


def test_suggest_groups_of_many_bodies_expand(tmp_path, corpus_suggestion):
    units, groups = corpus_suggestion
    by_code = {g.code: g for g in groups}
    bo_nganh = by_code["BONGANH"]
    assert not bo_nganh.ignore
    assert "Các bộ, cơ quan ngang bộ" in {bo_nganh.name, *bo_nganh.aliases}
    # a draft is a valid registry: write, load, resolve the national group phrases
    path = tmp_path / "draft.xlsx"
    write_units_xlsx(units, groups, path)
    reg = Registry(*load_units_xlsx(path))
    ministries = reg.resolve("Các bộ, cơ quan ngang bộ").codes
    assert {"BKHCN", "BTC", "BNV", "BTP"} <= set(ministries)
    assert all(reg.unit(c).level == "national" for c in ministries)
    res = reg.resolve("Hội đồng Dân tộc, các Ủy ban khác của Quốc hội")
    assert res.codes == ["HDDT"] and res.unresolved == []


def test_suggest_on_the_seed_is_unchanged_by_the_reference(seed_path):
    """The district seed keeps its draft: the reference list only adds, never splits a
    cluster the similarity found (Phòng KT = Phòng Kinh tế)."""
    from test_units import seed_unit_cells

    cells = [c for _n, _t, lead, coord in seed_unit_cells(seed_path) for c in (lead, coord) if c]
    units, _groups = suggest_registry(cells)
    kt = _unit_of(units, "Phòng Kinh tế")
    assert {"Phòng KT", "pòng Kinh tế"} <= {kt.name, *kt.aliases}
    assert all(u.level in ("district", "ward") for u in units)
    # "Phòng Y tế, Ban đại diện Hội Người cao tuổi quận": two bodies, not one "Phòng, ban"
    _unit_of(units, "Ban đại diện Hội Người cao tuổi quận")
    assert not [u for u in units if u.name.startswith("Phòng Y tế, Ban")]


# --- the command ----------------------------------------------------------------------------


def test_units_suggest_command_takes_year_and_map(tmp_path, seed_path):
    out = tmp_path / "draft.xlsx"
    res = CliRunner().invoke(
        cli, ["units", "suggest", str(seed_path), "-o", str(out), "--year", "2023"]
    )
    assert res.exit_code == 0, res.output
    units, groups = load_units_xlsx(out)
    assert len(units) > 40 and {g.code for g in groups} >= {"PHUONG", "LIENQUAN"}
    res = CliRunner().invoke(cli, ["units", "suggest", str(seed_path), "-o", str(out), "--force",
                                   "--map", "nonsense=TT"])  # fmt: skip
    assert res.exit_code != 0
    assert "--map" in res.output and "Traceback" not in res.output


# --- property: any list of official names, written as plans write them, splits back ------


_NAMES = sorted(
    {b.name for b in state_bodies() if not b.is_group and not b.name.startswith("Ủy ban nhân")}
)


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=5, unique=True),
    seps=st.lists(st.sampled_from([", ", "; ", " và ", ",\n"]), min_size=4, max_size=4),
)
def test_any_list_of_official_names_splits_back(names, seps):
    cell = names[0] + "".join(sep + name for sep, name in zip(seps, names[1:], strict=False))
    assert [t for t, _ in unit_fragments([cell])] == names
    assert Registry([], []).resolve(cell).unresolved == names


# --- what the importer hands over from real plans -------------------------------------------


@pytest.mark.parametrize(
    "cell,parts",
    [
        # 844/QĐ-TTg: a body, then a phrase of many
        ("Bộ Y tế, cơ quan, đơn vị liên quan", ["Bộ Y tế", "cơ quan, đơn vị liên quan"]),
        ("Bộ Tài chính, các bộ, ngành, cơ quan, tổ chức có liên quan",
         ["Bộ Tài chính", "các bộ, ngành, cơ quan, tổ chức có liên quan"]),
        ("Ủy ban nhân dân cấp tỉnh, cơ quan, đơn vị có liên quan",
         ["Ủy ban nhân dân cấp tỉnh", "cơ quan, đơn vị có liên quan"]),
        # 175/NQ-CP: one long lead, not three
        ("Bộ, ngành, địa phương là chủ quản cơ sở dữ liệu quốc gia, cơ sở dữ liệu",
         ["Bộ, ngành, địa phương là chủ quản cơ sở dữ liệu quốc gia, cơ sở dữ liệu"]),
    ],
)  # fmt: skip
def test_phrases_after_official_names(cell, parts):
    assert [t for t, _ in unit_fragments([cell])] == parts


def test_levels_from_an_embedded_body_or_a_place():
    cells = [
        "Tổ đảng ở Thường trực Ủy ban Kinh tế",
        "Tổ đảng ở Thường trực Ủy ban KH,CN&MT",
        "Lãnh đạo Ban Dân nguyện",
        "Trưởng đoàn thể xã",
        "Sở Y tế đối với địa phương",
    ]
    units, _groups = suggest_registry(cells)
    level = {u.name: u.level for u in units}
    # two party groups of two different committees: two units, both national
    assert level["Tổ đảng ở Thường trực Ủy ban Kinh tế"] == "national"
    assert level["Tổ đảng ở Thường trực Ủy ban KH,CN&MT"] == "national"
    # a leader's title stands for the body it leads: an alias of that body's unit or group
    assert level["Ban Dân nguyện"] == "national"
    assert _unit_of(units, "Lãnh đạo Ban Dân nguyện").name == "Ban Dân nguyện"
    assert "Trưởng đoàn thể xã" not in level  # the heads of the commune's organisations
    assert any("Trưởng đoàn thể xã" in g.aliases for g in _groups)
    # "địa phương" is not "phường": the Sở keeps its level; the scope remark "đối với địa
    # phương" is no part of its name (issue 11, leftovers)
    assert level["Sở Y tế"] == "province"
    assert "Sở Y tế đối với địa phương" not in level


@pytest.mark.parametrize(
    "name",
    [
        "nqcp-03-2025-phu-luc-nhiem-vu-nq57.md",
        "ddqh-3260-kh-2025-trien-khai-nq57.md",
        "mttq-xa-luong-minh-16-kh-2025-bau-cu.htm",
        "nqcp-122-2026-phien-hop-thang-4.txt",
        "qdttg-893-2026-nhan-luc-nang-luong-nguyen-tu.xlsx",
    ],
)
def test_the_draft_of_a_real_plan_resolves_every_cell_of_it(tmp_path, name):
    """units suggest → (review) → plan import: the unreviewed draft already resolves every
    unit cell of its plan, with no unit that is a tail of a name."""
    from sheettools.planimport import parse_plan, resolve_mapping, suggest_units

    path = PLANS / name
    mapping = resolve_mapping(path, None) or None
    draft = tmp_path / "draft.xlsx"
    suggest_units(path, draft, mapping=mapping)
    units, groups = load_units_xlsx(draft)
    assert not [s for u in units for s in (u.name, *u.aliases) if reference().is_tail(s)]
    _tasks, report = parse_plan(path, registry=Registry(units, groups), mapping=mapping)
    assert report["unresolved_units"] == []


# --- words that only look like units --------------------------------------------------------


def test_the_army_is_not_a_district_unit():
    """``quân đội`` folds to ``quan doi``, like ``quận`` (district) + a word: real cell of
    bcdqg1237-252-2013 (III.1), where it ends a phrase of press agencies."""
    from sheettools.planimport import parse_plan

    tasks, _ = parse_plan(PLANS / "bcdqg1237-252-2013-tim-kiem-quy-tap.md")
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    assert any("báo chí Trung ương, địa phương, quân đội" in c for c in cells)
    units, groups = suggest_registry(cells)
    assert not any(u.name.lower().startswith("quân đội") for u in units)
    vague = {g.code: g for g in groups}["LIENQUAN"]
    assert vague.ignore and any(a.endswith("quân đội") for a in vague.aliases)
    # alone in its segment it is no unit either; "quận ủy", "Quân khu 2" still are
    units, _groups = suggest_registry(["Sở Y tế; quân đội", "quận ủy; Quân khu 2"])
    assert {u.name for u in units} == {"Sở Y tế", "quận ủy", "Quân khu 2"}


@pytest.mark.parametrize(
    "cell",
    [
        "Các Sở, ban, ngành và địa phương",  # as UBND tỉnh writes it ("yêu cầu các sở, ban, ngành và địa phương")
        "Sở Tư pháp; các sở, ban, ngành, địa phương",
    ],
)
def test_all_departments_and_localities_is_an_ignored_group_phrase(cell):
    units, groups = suggest_registry([cell])
    assert all("địa phương" not in u.name for u in units)
    (g,) = [g for g in groups if g.code == "SONGANHDP"]
    assert g.ignore
    hit = reference().lookup("Các Sở, ban, ngành và địa phương")
    assert hit is not None and hit.body.ignore
