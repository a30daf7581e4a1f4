"""Round 13e of issue 11: unit defects left by round 12 (findings-12a.md, findings-12d.md).

The tests on corpus plans read the real files of tests/data/plans (PROVENANCE.md) and
propose their units as `units suggest` does (`scripts/units_sweep.py`: the lead and
coordinating cells, the issuer as printed); the others are typed cells for the rules' edges.
"""

from __future__ import annotations

from plan_helpers import plan
from sheettools.planimport import KIND_GROUP
from sheettools.units import suggest_registry

BD518 = "ubnd-binhdinh-518-qd-2023-phan-bo-von-de-an-giao-duc-y-te.md"


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
