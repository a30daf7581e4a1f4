"""Units follow-ups of issue 11 left by session 12 (helper 12d): the issuer's level in
``units suggest``, the local chapters of the mass organisations, bodies proposed twice with
and without their place, and the plural groups a unit takes the spelling of — each on the
real plan text where the corpus has it."""

from __future__ import annotations

from plan_helpers import leaves, plan
from sheettools.statebodies import reference
from sheettools.units import suggest_registry, validate_registry

PHUTHO = "sotttt-phutho-kh-2011-trien-khai-phan-mem-qlvb.doc"
SCT_LAOCAI = "sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx"


def _cells(name: str) -> list[str]:
    return [c for t in leaves(name) for c in (t.lead_raw, t.coord_raw) if c]


def _issuer(name: str) -> str:
    return plan(name)[1]["identity"]["issuer"]


def test_a_mass_organisation_with_its_province_is_the_provinces_not_the_central_one():
    # "Mặt trận Tổ quốc Việt Nam tỉnh" was the central committee (MTTQTW) at province
    # level; the same for the associations whose central body's name ends in "Việt Nam"
    ref = reference()
    cases = {
        "Mặt trận Tổ quốc Việt Nam tỉnh": ("MTTQ", "province"),
        "Ủy ban MTTQ Việt Nam tỉnh Nghệ An": ("MTTQ", "province"),
        "Hội Nông dân Việt Nam tỉnh": ("HND", "province"),
        "Hội Liên hiệp Phụ nữ Việt Nam tỉnh Nghệ An": ("LHPN", "province"),
        "Hội Cựu chiến binh Việt Nam huyện": ("CCB", "district"),
        "Liên đoàn Lao động tỉnh": ("LDLD", "province"),
        "Hội Liên hiệp Phụ nữ tỉnh": ("LHPN", "province"),
        "Tỉnh đoàn": ("DOAN", "province"),
        "Thành đoàn Hà Nội": ("DOAN", "province"),
        "Quận Đoàn": ("DOAN", "district"),
        # the central bodies themselves stay national
        "Mặt trận Tổ quốc Việt Nam": ("MTTQTW", "national"),
        "Trung ương Hội Nông dân Việt Nam": ("TWHND", "national"),
    }
    for text, want in cases.items():
        m = ref.lookup(text)
        assert m is not None and (m.body.code, m.level) == want, (text, m)
    assert ref.lookup("Quân đoàn 12") is None  # an army corps, no Youth Union


def test_the_provinces_front_in_a_real_plan_gets_the_provinces_code():
    # Kế hoạch 0124/KH-UBND of 2025, Đắk Lắk: "Mặt trận Tổ quốc Việt Nam tỉnh" was proposed
    # with the central committee's code MTTQTW; it is the province's Front (MTTQ)
    name = "ubnd-daklak-0124-kh-2025-thi-dua-dai-hoi-xiv.md"
    assert any("Mặt trận Tổ quốc Việt Nam tỉnh và" in c for c in _cells(name))
    units, _groups = suggest_registry(_cells(name))
    front = [u for u in units if "Mặt trận Tổ quốc" in u.name]
    assert [(u.code, u.level) for u in front] == [("MTTQ", "province")], front
    # Kế hoạch 144/KH-UBND of 2025, Bắc Ninh: "Tỉnh đoàn" was a unit of its own, code TD;
    # it is the province's Youth Union, with the reference code
    units, _groups = suggest_registry(_cells("ubnd-bacninh-144-kh-2025-kinh-te-so.md"))
    union = [u for u in units if u.name == "Tỉnh đoàn"]
    assert [(u.code, u.level) for u in union] == [("DOAN", "province")]


def test_a_plural_group_whose_spelling_a_unit_takes_is_no_group():
    # "Các quân khu" and "Quân khu" are one key ("các" is ignored by match_key): the unit
    # takes the plural's spelling, and the plural group, left with none, raised IndexError
    # in _group_names (seen by helper 11e); now no group is proposed and the draft loads
    for cells in (["Các quân khu", "Quân khu"], ["Các Hội đặc thù", "Hội đặc thù"]):
        units, groups = suggest_registry(cells)
        assert groups == []
        assert [(u.name, u.aliases) for u in units] == [(cells[1], [cells[0]])]
        validate_registry(units, groups)
    # a plural alone stays its group
    units, groups = suggest_registry(["Các quân khu"])
    assert units == [] and [(g.code, g.name) for g in groups] == [("G-QK", "Các quân khu")]
