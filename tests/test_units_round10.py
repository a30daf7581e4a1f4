"""Units follow-ups of issue 11, item 7 (round 10, helper 10c): each on the real plan text."""

from __future__ import annotations

from plan_helpers import PLANS, leaves
from sheettools.planimport import parse_plan
from sheettools.units import Registry, suggest_registry


def _cells(name: str) -> list[str]:
    return [c for t in leaves(name) for c in (t.lead_raw, t.coord_raw) if c]


def _proposed(name: str) -> dict[str, tuple[str, str]]:
    units, _groups = suggest_registry(_cells(name))
    return {u.name: (u.code, u.level) for u in units}


def test_the_merged_propaganda_and_mass_mobilisation_board_is_one_unit():
    # "Ban Tuyên giáo và Dân vận Tỉnh ủy" / "… Thành ủy" (one board of the party committee
    # since 2025, BTGDV-U of the reference list) was cut at "và" into "Ban Tuyên giáo Tỉnh ủy"
    # and "Ban Dân vận Tỉnh ủy", two boards that no longer exist
    for plan, name, level in [
        ("ubnd-nghean-982-kh-2025-thi-dua-dai-hoi-xiv.md", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
         "province"),
        ("ubnd-cantho-153-kh-2025-phong-chong-ma-tuy.md", "Ban Tuyên giáo và Dân vận Thành ủy",
         "province"),
        ("ubnd-daklak-0125-kh-2025-thi-dua-bau-cu.md", "Ban Tuyên giáo và Dân vận Tỉnh ủy",
         "province"),
    ]:  # fmt: skip
        proposed = _proposed(plan)
        assert proposed[name][1] == level, (plan, proposed[name])
        assert not any(
            n.startswith(("Ban Tuyên giáo Tỉnh", "Ban Tuyên giáo Thành")) for n in proposed
        )
        assert not any(n.startswith("Ban Dân vận") for n in proposed), plan
    # the import resolves the written name to that one unit
    plan = "ubnd-cantho-153-kh-2025-phong-chong-ma-tuy.md"
    units, groups = suggest_registry(_cells(plan))
    tasks, _report = parse_plan(PLANS / plan, registry=Registry(units, groups))
    t = next(t for t in tasks if t.key == "IV.13.a")
    code = next(u.code for u in units if u.name == "Ban Tuyên giáo và Dân vận Thành ủy")
    assert t.lead_units == [code]


def test_an_activity_after_a_list_of_establishments_is_no_unit():
    # "Các cơ sở sản xuất giống, NTTS thương phẩm" (Kế hoạch 0134/KH-UBND of 2025, Đắk Lắk,
    # IV.4): "NTTS thương phẩm" (nuôi trồng thủy sản thương phẩm) is what the establishments
    # do, not a body; it was proposed as unit NTTSTP
    proposed = _proposed("ubnd-daklak-0134-kh-2025-quan-trac-moi-truong-thuy-san.md")
    assert not any(n.startswith("NTTS") for n in proposed)


def test_the_committees_of_communes_named_in_a_list_are_one_unit_each():
    # "Ủy ban nhân dân các xã Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông" (Kế hoạch
    # 556/KH-UBND of 2025, Đồng Tháp, IV.12): no unit was proposed (a group of no members)
    proposed = _proposed("ubnd-dongthap-556-kh-2025-tai-nguyen-moi-truong-bien.md")
    for commune in ("Gia Thuận", "Tân Điền", "Gò Công Đông", "Tân Phú Đông"):
        assert proposed[f"Ủy ban nhân dân xã {commune}"][1] == "ward"
    assert not any("các xã Gia Thuận" in n for n in proposed)
