"""The unit registry and resolver (sheettools.units) on the seed's real unit cells."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from sheettools.errors import InputError
from sheettools.model import Master, PlanInfo, Task, Unit, UnitGroup
from sheettools.store import load_master, save_master
from sheettools.units import (
    Registry,
    load_units_xlsx,
    match_key,
    resolve_master_units,
    suggest_registry,
    unresolved_fragments,
    write_units_xlsx,
)

SEED_TABLE_FIRST_LINE = 262  # the first header row of the schedule table in seed 001


def seed_unit_cells(path: Path, sep: str = " ") -> list[tuple[int, str, str, str]]:
    """(line, TT, lead cell, coordinating cell) for every row of the seed's schedule table.

    Header rows repeated at page breaks are skipped; an empty-TT line right after a header
    continues the previous row's cells (joined with ``sep``); 8-column rows where "PCT" slid
    out of the leader are shifted back; a leading "PCT " is stripped from a lead cell."""
    rows: list[list] = []
    after_header = False
    lines = path.read_text(encoding="utf-8").split("\n")
    for no, line in enumerate(lines[SEED_TABLE_FIRST_LINE - 1 :], start=SEED_TABLE_FIRST_LINE):
        line = unicodedata.normalize("NFC", line)
        if not line.strip():
            continue
        f = line.split("\t")
        if f[0].strip() == "TT":
            after_header = True
            continue
        slid = len(f) == 8 and f[3].strip() in ("PCT", "")
        f += [""] * (8 - len(f))
        lead, coord = (f[4], f[5]) if slid else (f[3], f[4])
        lead, coord = lead.strip(), coord.strip()
        if lead.startswith("PCT "):
            lead = lead[4:]
        if not f[0].strip() and after_header and rows:
            rows[-1][2] = sep.join(x for x in (rows[-1][2], lead) if x)
            rows[-1][3] = sep.join(x for x in (rows[-1][3], coord) if x)
        else:
            rows.append([no, f[0].strip(), lead, coord])
        after_header = False
    return [tuple(r) for r in rows]


@pytest.fixture(scope="module")
def registry(sample_units) -> Registry:
    return Registry(*load_units_xlsx(sample_units))


@pytest.fixture(scope="module")
def wards(registry) -> list[str]:
    return [u.code for u in registry.units if u.level == "ward"]


@pytest.fixture(scope="module")
def cells(seed_path) -> list[tuple[int, str, str, str]]:
    return seed_unit_cells(seed_path)


def test_seed_helper_finds_the_tricky_rows(cells):
    by_tt = {tt: (lead, coord) for _no, tt, lead, coord in cells if tt}
    assert by_tt["2.4.2"] == (
        "TTYT quận, UBND 14 phường",
        "Phòng Y tế, Ban đại diện Hội Người cao tuổi quận",
    )
    assert by_tt["2.6.1"][0] == "Phòng Y tế, TTYT quận, UBND 14 phường"
    assert by_tt["2.2.1"][0] == "MTTQ, Các tổ chức chính trị- xã hội quận"
    assert by_tt["3.1.12"][0] == "Liên đoàn LĐ quận"
    n_cells = sum(1 for _n, _t, lead, coord in cells for c in (lead, coord) if c)
    assert n_cells > 200


@pytest.mark.parametrize("sep", [" ", "\n"])
def test_every_seed_cell_resolves_with_the_sample_registry(registry, seed_path, sep):
    problems = []
    for no, tt, lead, coord in seed_unit_cells(seed_path, sep=sep):
        for cell in (lead, coord):
            res = registry.resolve(cell)
            if res.unresolved:
                problems.append((no, tt, cell, res.unresolved))
            if cell:
                assert res.parts, cell
    assert problems == []
    assert registry.conflicts == []


def test_sample_registry_shape(registry, wards):
    reporting = [u for u in registry.units if u.reports]
    assert 38 <= len(reporting) <= 55
    assert len(wards) == 14
    for u in reporting:
        assert u.code.isascii() and u.code == u.code.upper()
        assert u.email and all(e.endswith(".example") for e in u.email), u.code
        assert u.contact
    for code in ("VHTT", "QLDT", "TTPTQD", "LDTBXH", "MTTQ", "LHPN", "CCB", "DOAN", "LDLD",
                 "BTG", "BDV", "P-BODE", "P-CUKHOI", "P-DUCGIANG"):  # fmt: skip
        assert registry.unit(code) is not None, code
    assert registry.unit("P-BODE").name == "UBND phường Bồ Đề"
    assert all(not u.email for u in registry.units if u.level == "external")


# Hand-checked cells from the seed (line numbers of seed 001) and what they mean.
W14 = "W14"
EXPECTED = [
    ("Phòng VH-TT, pòng Kinh tế, Công an quận, Đội QLTT 16, Trạm CN&TY",
     ["VHTT", "KT", "CAQ", "X-QLTT16", "X-CNTY"]),
    ("Phòng QLĐT, TTPTQĐ, các đoàn thể, UBND phường",
     ["QLDT", "TTPTQD", "LHPN", "CCB", "DOAN", "LDLD", W14]),
    ("UBND, UB MTTQ, các tổ chức chính trị- xã hội phường", [W14]),
    ("Các tổ chức chính trị- xã hội quận, UBND, UBMTTQ, phường",
     ["LHPN", "CCB", "DOAN", "LDLD", W14]),
    ("Các tổ chức chính trị- xã hội, UBND, UBMTTQ quận",
     ["LHPN", "CCB", "DOAN", "LDLD", "UBND", "MTTQ"]),
    ("Phòng VHTT, TTVHTT, QLĐT, UBND phường", ["VHTT", "TTVHTT", "QLDT", W14]),
    ("Phòng QLĐT TCKH,", ["QLDT", "TCKH"]),
    ("Đơn vị phối hợp: Quận Đoàn, HPN, TTVHTTTT, UBND 14 phường",
     ["DOAN", "LHPN", "TTVHTT", W14]),
    ("Trung tâm VHTT&TT phối hợp với quận Đoàn và Phòng LĐTBXH", ["TTVHTT", "DOAN", "LDTBXH"]),
    ("Phòng Y tế, TTYT quận; các phường: Bồ Đề, Gia Thụy, Ngọc Lâm",
     ["YT", "TTYT", "P-BODE", "P-GIATHUY", "P-NGOCLAM"]),
    ("Phòng NV; các phòng, ban, đơn vị liên quan; UBND các phường", ["NV", W14]),
    ("Đoàn TNCSHCM Phường <u>các phường</u>", [W14]),
    ("<u>Khối Đội</u>", ["X-KHOIDOI"]),
    ("Các ban xây dựng Đảng QU;UBND; UBMTTQ, các tổ chức chính trị- xã hội quận, phường",
     ["BTC", "BTG", "BDV", "UBKT", "VPQU", "UBND", "MTTQ", W14, "LHPN", "CCB", "DOAN",
      "LDLD"]),
    ("UBND, UBMTTQ ; Các đoàn thể chính trị- xã hội quận; phường",
     ["UBND", "MTTQ", "LHPN", "CCB", "DOAN", "LDLD", W14]),
    ("- Các chi bộ trực thuộc Đảng bộ Khối doanh nghiệp.", ["DUKDN"]),
]  # fmt: skip


def _expand(codes: list[str], wards: list[str]) -> list[str]:
    out: list[str] = []
    for c in codes:
        out += wards if c == W14 else [c]
    return out


@pytest.mark.parametrize("cell,expected", EXPECTED)
def test_representative_cells(registry, wards, cell, expected):
    res = registry.resolve(cell)
    assert res.unresolved == []
    assert res.codes == _expand(expected, wards)


def test_representative_cells_occur_in_the_seed(cells):
    texts = {c for _n, _t, lead, coord in cells for c in (lead, coord)}
    shortened = {"Phòng Y tế, TTYT quận; các phường: Bồ Đề, Gia Thụy, Ngọc Lâm"}
    for cell, _ in EXPECTED:
        if cell not in shortened:
            assert cell in texts, cell


# --- normalisation -------------------------------------------------------------------------


def test_match_key_normalisation():
    nfd = unicodedata.normalize("NFD", "Ủy ban MTTQ Quận")
    assert nfd != "Ủy ban MTTQ Quận"
    assert match_key(nfd) == match_key("Ủy ban MTTQ Quận") == match_key("Uỷ ban MTTQ quận")
    assert match_key("Phòng VH-TT") == match_key("Phòng VH TT") == match_key("phòng VHTT")
    assert match_key("Phòng VHTT quận") == match_key("VHTT") == match_key("vhtt")
    assert match_key("UBND các phường") == match_key("UBND phường")
    assert match_key("Phòng VHTT") != match_key("Phòng VTTT")


def test_resolve_normalises_input(registry):
    for text in (
        unicodedata.normalize("NFD", "Uỷ ban MTTQ quận"),
        "Ủy ban MTTQ Quận",
        "UB  MTTQ\u00a0quận",
        "ubmttq QUẬN",
    ):
        assert registry.resolve(text).codes == ["MTTQ"], text
    # exact after normalisation only: no fuzzy guessing at resolve time
    res = registry.resolve("Phòng VHTTT")
    assert res.codes == [] and res.unresolved == ["Phòng VHTTT"]


def test_group_expansion(registry, wards):
    for text in ("UBND các phường", "UBND 14 phường", "UBND phường", "các phường"):
        assert registry.resolve(text).codes == wards, text
    ctxh = ["LHPN", "CCB", "DOAN", "LDLD"]
    for text in (
        "các tổ chức chính trị- xã hội quận",
        "các đoàn thể",
        "tổ chức CTXH quận",
        "Các tổ chức chính trị - xã hội Quận",
    ):
        assert registry.resolve(text).codes == ctxh, text
    assert registry.resolve("các phường: Bồ Đề, Gia Thụy").codes == ["P-BODE", "P-GIATHUY"]
    assert registry.resolve("Phường Ngọc Lâm, Giang Biên").codes == ["P-NGOCLAM", "P-GIANGBIEN"]
    # a group of groups-column members, and an ignore group
    assert registry.group_codes("CS-PHUONG") == wards
    assert registry.resolve("Các phòng, ban, đơn vị liên quan").codes == []
    assert registry.resolve("Các phòng, ban, đơn vị liên quan").unresolved == []


def test_trailing_ward_qualifier_distributes(registry, wards):
    res = registry.resolve("UBND, UB MTTQ, các tổ chức chính trị- xã hội phường")
    assert res.codes == wards
    assert [p for p, _ in res.parts] == [
        "UBND",
        "UB MTTQ",
        "các tổ chức chính trị- xã hội phường",
    ]
    # without the qualifier, the same names are district bodies
    assert registry.resolve("UBND, UB MTTQ, các tổ chức chính trị- xã hội").codes == [
        "UBND", "MTTQ", "LHPN", "CCB", "DOAN", "LDLD",
    ]  # fmt: skip
    # a qualifier does not reach names that have no ward-level body
    assert registry.resolve("Phòng VHTT, UBND phường").codes == ["VHTT", *wards]
    # "quận, phường": both levels
    res = registry.resolve("UBND, UBMTTQ quận, phường")
    assert res.codes == ["UBND", *wards, "MTTQ"]


def test_unresolved_reporting(registry):
    res = registry.resolve("Phòng VHTT; Ban Chỉ đạo 35, Hội Khuyến học")
    assert res.codes == ["VHTT"]
    assert res.unresolved == ["Ban Chỉ đạo 35", "Hội Khuyến học"]
    assert res.parts == [("Phòng VHTT", ["VHTT"]), ("Ban Chỉ đạo 35", []), ("Hội Khuyến học", [])]
    assert registry.resolve("").codes == [] and registry.resolve("  ").parts == []


def test_line_break_inside_a_name(registry):
    res = registry.resolve("MTTQ, Các tổ chức chính trị-\nxã hội quận")
    assert res.codes == ["MTTQ", "LHPN", "CCB", "DOAN", "LDLD"]
    res = registry.resolve("Phòng VHTT\nPhòng QLĐT")
    assert res.codes == ["VHTT", "QLDT"]


def test_external_units_stay_in_the_task(registry):
    res = registry.resolve("Ban Tuyên giáo, Đài TH Hà Nội, các đơn vị liên quan")
    assert res.codes == ["BTG", "X-DAITH"]
    assert registry.unit("X-DAITH").level == "external"
    assert not registry.unit("X-DAITH").reports


# --- registry files ------------------------------------------------------------------------


def test_write_and_load_round_trip(tmp_path, registry):
    path = tmp_path / "units.xlsx"
    units = registry.units + [
        Unit(code="F1", name="=SUM(A1)", aliases=["+1", "@x"], email=["a@x.example"])
    ]
    write_units_xlsx(units, registry.groups, path)
    units2, groups2 = load_units_xlsx(path)
    assert units2 == units
    assert groups2 == registry.groups
    # a formula-looking name stays text, read back by calamine and openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb["units"]
    header = [c.value for c in ws[1]]
    assert header == ["code", "name", "level", "groups", "aliases", "email", "contact"]
    last = [c.value for c in ws[ws.max_row]]
    assert last[:2] == ["F1", "=SUM(A1)"] and ws.cell(ws.max_row, 2).data_type == "s"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("groups").to_python()
    assert rows[0] == ["code", "name", "aliases", "members", "ignore"]
    assert len(rows) == len(registry.groups) + 1


def test_load_rejects_a_broken_registry(tmp_path):
    path = tmp_path / "units.xlsx"
    write_units_xlsx([Unit("A", "A"), Unit("A", "B")], [], path)
    with pytest.raises(InputError, match="A"):
        load_units_xlsx(path)
    write_units_xlsx([Unit("A", "A", level="cấp quận")], [], path)
    with pytest.raises(InputError):
        load_units_xlsx(path)
    write_units_xlsx([Unit("A", "A")], [UnitGroup("G", "G", members=["B"])], path)
    with pytest.raises(InputError, match="B"):
        load_units_xlsx(path)


# --- the master ----------------------------------------------------------------------------


def _master(registry: Registry) -> Master:
    tasks = [
        Task(key="II.1", section="II", number="1", kind="group"),
        Task(key="II.1.1", section="II", number="1.1", lead_raw="Phòng VHTT",
             coord_raw="Hội Khuyến học quận, UBND các phường",
             flags=["no_deadline", "unresolved_unit: stale"]),
        Task(key="II.1.2", section="II", number="1.2", lead_raw="Hội Khuyến học",
             coord_raw="Ban Chỉ đạo 35"),
    ]  # fmt: skip
    return Master(
        plan=PlanInfo(title="t", year=2023),
        tasks=tasks,
        units=list(registry.units),
        groups=list(registry.groups),
    )


def test_resolve_master_units_after_an_alias_is_added(tmp_path, registry, wards):
    master = _master(registry)
    left = resolve_master_units(master)
    assert left == {
        "Hội Khuyến học quận": ["II.1.1"],
        "Hội Khuyến học": ["II.1.2"],
        "Ban Chỉ đạo 35": ["II.1.2"],
    }
    t = master.task("II.1.1")
    assert t.lead_units == ["VHTT"] and t.coordinating_units == wards
    assert t.flags == ["no_deadline", "unresolved_unit: Hội Khuyến học quận"]
    assert unresolved_fragments(master.tasks) == left
    path = tmp_path / "master.xlsx"
    save_master(master, path)

    # a person adds the unit (with an alias) in Excel
    wb = openpyxl.load_workbook(path)
    ws = wb["units"]
    header = [c.value for c in ws[1]]
    row = ws.max_row + 1
    values = {"code": "KHUYENHOC", "name": "Hội Khuyến học quận", "level": "district",
              "aliases": "Hội Khuyến học", "email": "khuyenhoc@longbien.example"}  # fmt: skip
    for name, value in values.items():
        ws.cell(row, header.index(name) + 1, value)
    wb.save(path)

    master = load_master(path)
    left = resolve_master_units(master)
    assert left == {"Ban Chỉ đạo 35": ["II.1.2"]}
    assert master.task("II.1.1").coordinating_units == ["KHUYENHOC", *wards]
    assert master.task("II.1.1").flags == ["no_deadline"]
    assert master.task("II.1.2").lead_units == ["KHUYENHOC"]
    assert master.task("II.1").flags == []


# --- suggest -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def suggested(cells):
    all_cells = [c for _n, _t, lead, coord in cells for c in (lead, coord) if c]
    return suggest_registry(all_cells)


def _cluster_of(units: list[Unit], spelling: str) -> set[str]:
    found = [u for u in units if spelling == u.name or spelling in u.aliases]
    assert len(found) == 1, (spelling, [u.code for u in found])
    return {found[0].name, *found[0].aliases}


def test_suggest_clusters_spellings(suggested):
    units, _groups = suggested
    vhtt = _cluster_of(units, "Phòng VHTT")
    assert {"Phòng VHTT", "Phòng VH TT", "Phòng VH-TT", "Phòng VHTT quận", "phòng VH-TT"} <= vhtt
    mttq = _cluster_of(units, "Ủy ban MTTQ Quận")
    assert {"Ủy ban MTTQ Quận", "Uỷ ban MTTQ quận", "UB MTTQ quận", "UBMTTQ quận"} <= mttq
    ld = _cluster_of(units, "Phòng LĐTBXH")
    assert {"Phòng LĐTB-XH quận", "Phòng Lao động- TBXH", "Phòng Lao động TBXH quận",
            "Phòng TBXH LĐ"} <= ld  # fmt: skip
    assert "Phòng Y tế" not in _cluster_of(units, "TTYT quận")
    assert vhtt.isdisjoint(_cluster_of(units, "Trung tâm VHTT&TT"))
    code = next(u.code for u in units if "Phòng VH-TT" in u.aliases or u.name == "Phòng VH-TT")
    assert code == "VHTT"


def test_suggest_detects_groups_and_wards(suggested):
    units, groups = suggested
    by_code = {g.code: g for g in groups}
    phuong = by_code["PHUONG"]
    assert {"UBND 14 phường", "UBND phường"} <= {phuong.name, *phuong.aliases}
    ward_units = [u for u in units if u.level == "ward"]
    names = {u.name for u in ward_units}
    assert "UBND phường Bồ Đề" in names and "UBND phường Sài Đồng" in names
    assert len(ward_units) == 9  # the wards the seed names one by one
    assert all("PHUONG" in u.groups for u in ward_units)
    assert "các tổ chức chính trị- xã hội quận" in by_code["CTXH"].aliases
    members = {u.code: u.name for u in units if u.code in by_code["CTXH"].members}
    assert len(members) >= 3 and any("LHPN" in n for n in members.values())
    assert by_code["LIENQUAN"].ignore
    assert "Các phòng, ban, đơn vị liên quan" in {
        by_code["LIENQUAN"].name,
        *by_code["LIENQUAN"].aliases,
    }
    assert "Hội CCB phường" in by_code["CS-PHUONG"].aliases


def test_suggest_is_deterministic_and_reloadable(tmp_path, cells, suggested):
    all_cells = [c for _n, _t, lead, coord in cells for c in (lead, coord) if c]
    again = suggest_registry(list(reversed(all_cells)))
    assert again == suggested
    path = tmp_path / "draft.xlsx"
    write_units_xlsx(*suggested, path)
    units, groups = load_units_xlsx(path)
    assert units == suggested[0] and groups == suggested[1]
    codes = [u.code for u in units] + [g.code for g in groups]
    assert len(codes) == len(set(codes))


def test_load_rejects_one_name_on_two_rows(tmp_path):
    path = tmp_path / "units.xlsx"
    units = [Unit("VHTT", "Phòng VHTT"), Unit("TTVHTT", "Trung tâm VHTT", aliases=["phòng VH-TT"])]
    write_units_xlsx(units, [], path)
    with pytest.raises(InputError, match="TTVHTT"):
        load_units_xlsx(path)
    assert Registry(units).conflicts == [("vhtt", ["VHTT", "TTVHTT"])]
