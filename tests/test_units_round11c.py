"""Units follow-ups of issue 11, item 7 (session 12, helper 11c): group phrases of non-state
bodies in a list, and the levels of units seen in round 10 — each on the real plan text."""

from __future__ import annotations

from sheettools.units import suggest_registry, unit_fragments

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
