"""Round 11a of issue 11: duties of a "Tổ chức thực hiện" re-read under the common rule
(docs/plan-import.md, "Common rules and deliverables").

Each test reads a real plan of tests/data/plans (see PROVENANCE.md and the expected*.json
files).
"""

from __future__ import annotations

from plan_helpers import leaf_map, leaves

BN141 = "ubnd-bacninh-141-kh-2025-xay-dung-phap-luat.md"
HN308 = "ubnd-hanoi-308-kh-2025-du-lieu-so.md"
BCR = "mttq-phuong-bac-cam-ranh-kh-2025-kiem-tra-giam-sat.docx"


def test_a_list_of_bodies_wrapped_before_its_own_plan_is_one_task_they_lead():
    # "**1. **Các cơ quan, đơn vị," / "địa phương xây dựng Kế hoạch triển khai thực hiện …
    # xong trong tháng 12/2025.": the list of bodies goes on onto the next line before its
    # verb; "Kế hoạch" in capitals after "xây dựng" was taken for a name the verb is part of
    # ("Ban Quản lý dự án đầu tư xây dựng Huyện …"), so the lead was "Các cơ quan, đơn vị, địa
    # phương xây dựng Kế hoạch triển khai" and the task was left out
    t = leaf_map(BN141)["IV.1"]
    assert t.lead_raw == "Các cơ quan, đơn vị, địa phương"
    assert t.content.startswith("Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch triển khai")
    assert t.due_date == "2025-12-31"
    assert len(leaves(BN141)) == 17
    # the funding duty (IV.2), the follow-up body (IV.6) and the exhortations are no task
    assert [k for k in leaf_map(BN141) if k.startswith("IV")] == ["IV.1"]


def test_a_list_naming_bodies_with_to_chuc_co_lien_quan_then_grounds_then_own_plan():
    # "2. Các Sở, ban, ngành, UBND xã," / "phường và các cơ quan, tổ chức có liên quan căn cứ
    # Kế hoạch này, xây dựng Kế hoạch triển khai tại cơ quan đơn vị …": the name ends before
    # "căn cứ" (not at the noun "tổ chức có liên quan", not past "Kế hoạch")
    t = leaf_map(HN308)["III.2"]
    assert t.lead_raw == "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan"
    assert t.content.startswith("Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức")
    assert "xây dựng Kế hoạch triển khai tại cơ quan đơn vị" in t.content
    # III.1 (Sở Khoa học và Công nghệ follows the plan up and reports) is no task
    assert [k for k in leaf_map(HN308) if k.startswith("III")] == ["III.2"]
    assert len(leaves(HN308)) == 8


def test_one_body_drafting_the_plan_itself_is_not_read_as_a_list():
    # "1. Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường xây dựng Kế hoạch kiểm tra,
    # giám sát; tổ chức …" restates the plan's own activities of III (this plan is the
    # "Kế hoạch kiểm tra, giám sát"): one body, no list, the rule of the two plans above does
    # not reach it and the count stays 10
    assert len(leaves(BCR)) == 10
    assert not any(k.startswith("V") for k in leaf_map(BCR))


def test_the_closing_condition_wrapped_after_ke_hoach_is_not_glued_onto_the_last_duty():
    # "Trong quá trình thực hiện Kế hoạch," / "nếu có khó khăn, vướng mắc đề nghị …": the
    # plan's closing paragraph, its line wrapped before "nếu"; it was read as the end of III.2
    # with the '|' of the signature table
    t = leaf_map(HN308)["III.2"]
    assert t.content.endswith("thông qua Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.")
    assert t.source_rows == [258, 259, 260, 261, 262, 263, 264]


SL254 = "sonla-254-2023-bao-ve-bi-mat-nha-nuoc.md"


def test_the_heads_of_a_list_of_bodies_draw_up_their_own_plan_a_task():
    # "1. Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; Chủ tịch UBND các huyện, thành
    # phố căn cứ chức năng, nhiệm vụ được giao chỉ đạo: xây dựng Kế hoạch thực hiện công tác
    # bảo vệ BMNN và gửi về UBND tỉnh … trước ngày 28/2/2023; …" (IV. TỔ CHỨC THỰC HIỆN): the
    # bodies' own plan, a task under the common rule; "Thủ trưởng" was not read as the start
    # of a body's name, so the duty was dropped
    t = leaf_map(SL254)["IV.1"]
    assert t.lead_raw == (
        "Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; Chủ tịch UBND các huyện, thành phố"
    )
    assert t.content.startswith("xây dựng Kế hoạch thực hiện công tác bảo vệ BMNN")
    assert t.due_date == "2023-02-28"
    # the funding (IV.2), the follow-up body (IV.3) and the condition (IV.4) are no task
    assert [k for k in leaf_map(SL254) if k.startswith("IV")] == ["IV.1"]
    assert len(leaves(SL254)) == 8


def test_the_heads_title_before_a_list_of_bodies_is_no_cut_of_the_list():
    from sheettools.units import suggest_registry

    units, groups = suggest_registry([leaf_map(SL254)["IV.1"].lead_raw])
    # "ban, ngành trực thuộc UBND tỉnh" was proposed as a unit (the list cut at its comma)
    assert not units
    assert "các sở, ban, ngành trực thuộc UBND tỉnh" in [g.name for g in groups]


DEAN08 = "sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx"
MTTQ16 = "mttq-xa-luong-minh-16-kh-2025-bau-cu.htm"


def test_one_named_bodys_own_yearly_plan_beside_labelled_tasks_is_a_task():
    # "1. Phòng Quản lý Công nghiệp: Là đầu mối chủ trì … Chủ trì xây dựng kế hoạch hàng năm
    # cụ thể hóa từng nhiệm vụ của Kế hoạch này; …" (V. TỔ CHỨC THỰC HIỆN, beside the five
    # labelled tasks of III): a deliverable of a body named alone, as Đồng Nai 182 IV.2; only
    # duties addressed to bodies in the plural ("các …") were kept
    by = leaf_map(DEAN08)
    assert len(by) == 6
    t = by["V.1"]
    assert t.lead_raw == "Phòng Quản lý Công nghiệp"
    assert "Chủ trì xây dựng kế hoạch hàng năm cụ thể hóa từng nhiệm vụ" in t.content
    # V.2–V.6 give roles, no plan of their own
    assert [k for k in by if k.startswith("V")] == ["V.1"]


def test_an_officer_drafting_the_plan_is_no_body_with_its_own_plan():
    # "3. Cán bộ phụ trách lĩnh vực giám sát và phản biện xã hội" / "- Tham mưu xây dựng,
    # trình Ban Thường trực ban hành Kế hoạch; …" beside the labelled tasks of II (each naming
    # its lead): staff of the issuer drafting this plan, not a body's own plan
    assert len(leaves(MTTQ16)) == 18
    assert not any(k.startswith("III") for k in leaf_map(MTTQ16))


TTG2623 = "qdttg-2623-2025-luat-bao-ve-du-lieu-ca-nhan.md"


def test_an_own_plan_paragraph_under_a_clause_about_the_plan_is_the_bodies_task():
    # "2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ, …, Chủ tịch Ủy ban nhân dân các tỉnh, thành
    # phố trực thuộc trung ương chịu trách nhiệm thực hiện Kế hoạch này." (no task) then the
    # unnumbered paragraph "Căn cứ nội dung Kế hoạch này và tình hình thực tiễn, các bộ, … xây
    # dựng kế hoạch chi tiết triển khai thi hành Luật …": the bodies' own plans, a task; the
    # paragraph was read as neither a duty nor anyone's text
    by = leaf_map(TTG2623)
    assert len(by) == 10
    t = by["IV.2"]
    assert t.lead_raw == (
        "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành "
        "phố trực thuộc trung ương"
    )
    assert t.content.startswith("Căn cứ nội dung Kế hoạch này và tình hình thực tiễn")
    assert "xây dựng kế hoạch chi tiết triển khai thi hành Luật" in t.content
    assert t.source_rows == [321, 322, 323, 324, 325, 326]
    # IV.1 (Bộ Công an follows up) and IV.3 (difficulties) are no task
    assert [k for k in by if k.startswith("IV")] == ["IV.2"]
