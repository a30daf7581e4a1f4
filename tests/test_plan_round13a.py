"""Round 13a of issue 11: the bodies' own plans of a "Tổ chức thực hiện" part read beside a
plan's appended table — revising their own programmes (Nghị quyết 100/NQ-CP of 2026, III.2)
and several bodies named one by one (Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, VI.15).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md).
"""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map, leaves
from sheettools.planprose import _bodies_listed, _names_own_plan, body_duties, prose_lines
from sheettools.plansource import read_document

NQ100 = "nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf"
BN144 = "ubnd-bacninh-144-kh-2025-kinh-te-so.md"


def _duties(name: str):
    return body_duties(prose_lines(read_document(PLANS / name), text_only=True))


def test_bodies_revising_their_own_programmes_is_a_deliverable_beside_the_table():
    # Nghị quyết 100/NQ-CP of 2026, III. TỔ CHỨC THỰC HIỆN before its appendix table: "2.
    # Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các" / "tỉnh, thành
    # phố trực thuộc Trung ương có trách nhiệm rà soát các chương trình, kế hoạch" / "hành
    # động … để điều chỉnh, đồng bộ thống nhất …, hoàn thành trong Quý II năm 2026."
    tasks = leaf_map(NQ100)
    own = tasks["T2.III.2"]
    assert own.lead_raw == (
        "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành"
        " phố trực thuộc Trung ương"
    )
    assert own.content.startswith(
        "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố"
        " trực thuộc Trung ương có trách nhiệm rà soát các chương trình, kế hoạch hành động"
    )
    assert own.due_date == "2026-06-30"
    assert own.due_raw == "hoàn thành trong Quý II năm 2026"
    # the part's other duties stay out: III.1 (carrying the programme out in the yearly work
    # plan, as the hand count of round 8b has it), III.3 (the heads direct and report), III.4
    # (Bộ Ngoại giao follows the programme up), III.5 (funding)
    assert [t.key for t in leaves(NQ100) if t.key.startswith("T2.III")] == ["T2.III.2"]
    assert len(leaves(NQ100)) == 33


def test_a_class_of_bodies_listed_over_twenty_words_before_its_role_word_is_a_name():
    # Nghị quyết 100/NQ-CP of 2026, III.2: "2. Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính
    # phủ, Ủy ban nhân dân các" / "tỉnh, thành phố trực thuộc Trung ương có trách nhiệm rà
    # soát …": the class takes 20 words before "có trách nhiệm", too long for one name, so
    # the duty was lost; each name of the list counts alone, as for a list cut before its verb
    d2 = next(r for r in _duties(NQ100) if r.section == "III" and r.cells[0] == "2")
    assert d2.cells[3].endswith("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")


def test_revising_wording_names_own_plans_but_not_a_proposal_or_this_plan():
    # real sentences of the corpus
    assert _names_own_plan(
        "Nghiên cứu kỹ Kết luận số 18-KL/TW để cập nhật chương trình hành động của Bộ"
    )  # Nghị quyết 122/NQ-CP of 2026, 7.b (Bộ Xây dựng)
    # Quyết định 2629/QĐ-TTg of 2025, IV.1.2: revising the national programme is proposed
    assert not _names_own_plan(
        "Chủ trì tổ chức thực hiện Chương trình; kiểm tra và giám sát Chương trình; định kỳ"
        " hằng năm báo cáo Thủ tướng Chính phủ và đề xuất điều chỉnh, cập nhật Chương trình."
    )
    # Kế hoạch 252/KH-BCĐ1237 of 2013, D.6.3: the office reports the proposals
    assert not _names_own_plan(
        "báo cáo kịp thời việc đề nghị bổ sung, điều chỉnh kế hoạch hoạt động cho phù hợp"
    )
    # Quyết định 2954/QĐ-UBND of 2025, Sơn La: the plan itself revised
    assert not _names_own_plan("xem xét, chỉ đạo giải quyết, điều chỉnh Kế hoạch này")
    # Văn bản of Bộ Giáo dục và Đào tạo, 2017: a curriculum is no plan of the body's
    assert not _names_own_plan("Rà soát, điều chỉnh các chương trình đào tạo trong toàn Đại học")


def test_mass_organisations_named_one_by_one_are_bodies_in_the_plural():
    # Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, VI. TỔ CHỨC THỰC HIỆN before its appendix
    # table: "15. Liên đoàn Lao động, Hội Nông dân, Liên minh Hợp tác xã" / "Xây dựng kế
    # hoạch hành động, chỉ đạo hệ thống tổ chức thành viên …" — their own plan, as the
    # class of VI.11.d ("Các sở, ban, ngành, UBND các xã, phường" / "d) Chủ động xây dựng Kế
    # hoạch triển khai …")
    tasks = leaf_map(BN144)
    own = tasks["VI.15"]
    assert own.lead_raw == "Liên đoàn Lao động, Hội Nông dân, Liên minh Hợp tác xã"
    assert own.content.startswith("Xây dựng kế hoạch hành động, chỉ đạo hệ thống tổ chức")
    assert own.due_date is None and "no_deadline" in own.flags
    assert tasks["VI.11.d"].content.startswith("Chủ động xây dựng Kế hoạch triển khai")
    # VI.12 (Ngân hàng nhà nước khu vực XII "Chủ động triển khai thực hiện Kế hoạch …") names
    # no plan of its own, VI.14 (Tỉnh đoàn) none either
    assert sorted(k for k in tasks if k.startswith("VI")) == ["VI.11.d", "VI.15"]
    assert len(tasks) == 21


def test_one_body_whose_name_holds_a_comma_or_and_is_not_a_list():
    assert _bodies_listed("Liên đoàn Lao động, Hội Nông dân, Liên minh Hợp tác xã")
    assert not _bodies_listed("Sở Văn hoá, Thể thao và Du lịch")
    assert not _bodies_listed("Sở Nông nghiệp và Môi trường")
    assert not _bodies_listed("Báo và Phát thanh, Truyền hình tỉnh")
    assert not _bodies_listed("Ngân hàng nhà nước khu vực XII")
