"""Round 12c (issue 11): the partners a prose duty names inside its own sentence ("Chủ trì,
phối hợp với Bộ Tài chính, … cân đối …") are its coordinating units; read on the real
files of the corpus."""

from __future__ import annotations

from plan_helpers import leaf_map
from sheettools.planprose import duty_partners
from sheettools.units import unit_fragments

QD22 = "qdttg-22-2013-ho-tro-nha-o-nguoi-co-cong.md"
SONLA = "sonla-254-2023-bao-ve-bi-mat-nha-nuoc.md"
HATINH = "ubnd-hatinh-624-kh-2025-giao-duc-mam-non.md"
CCHC = "ubnd-lamdong-2026-tuyen-truyen-cchc.docx"
KL_CCHC = "ubnd-lamdong-tb-2026-ket-luan-hoi-nghi-cchc.docx"
CT21 = "ttg-21-ct-2026-sap-xep-thon-to-dan-pho.pdf"
DONGTHAP = "ubnd-dongthap-556-kh-2025-tai-nguyen-moi-truong-bien.md"
LAOCAI = "ubnd-laocai-4390-cv-2026-trien-khai-nd-180.txt"


def test_partners_after_the_role_words_are_the_coordinating_units():
    t = leaf_map(QD22)
    # "b) Bộ Kế hoạch và Đầu tư:" / "Chủ trì, phối hợp với Bộ Tài chính, Bộ Xây dựng, Bộ Lao
    # động - Thương binh và Xã hội cân đối, bố trí vốn …": the list ends at the verb
    b = t["1.b"]
    assert b.lead_raw == "Bộ Kế hoạch và Đầu tư"
    assert b.coord_raw == "Bộ Tài chính, Bộ Xây dựng, Bộ Lao động - Thương binh và Xã hội"
    assert [f for f, _ in unit_fragments([b.coord_raw])] == [
        "Bộ Tài chính",
        "Bộ Xây dựng",
        "Bộ Lao động - Thương binh và Xã hội",
    ]
    assert b.content.startswith("Chủ trì, phối hợp với Bộ Tài chính")  # the text stays whole
    assert t["1.c"].coord_raw == "Bộ Xây dựng"  # "Phối hợp với Bộ Xây dựng bố trí vốn …"


def test_no_partner_read_where_another_body_is_the_subject():
    t = leaf_map(QD22)
    # "Giao Sở Lao động - Thương binh và Xã hội, phòng … cấp huyện phối hợp với các ban ngành
    # chức năng rà soát …": the province's duty; the partners are the department's
    assert t["2.d"].coord_raw == ""
    # "… chỉ đạo Sở Lao động - Thương binh và Xã hội các địa phương phối hợp với Sở Xây dựng"
    assert t["1.d"].coord_raw == ""
    # "Chỉ đạo các cơ quan báo chí … phối hợp với Sở Nội vụ tiếp tục đẩy mạnh …"
    assert leaf_map(CCHC)["IV.5"].coord_raw == ""
    # "… giao Sở Nội vụ chủ trì cùng với các đơn vị tổ chức phân tích …" under the heading of
    # the departments and communes: Sở Nội vụ's partners, not theirs
    assert leaf_map(KL_CCHC)["II.7.a"].coord_raw == ""
    # "Phối hợp với Sở Giáo dục và Đào tạo chỉ đạo hệ thống y tế cơ sở phối hợp với các cơ sở
    # giáo dục mầm non …": only the first is Sở Y tế's partner
    assert leaf_map(HATINH)["V.3"].coord_raw == "Sở Giáo dục và Đào tạo"


def test_partners_of_each_clause_of_the_lead():
    # "Phối hợp với Công an tỉnh kiểm tra … . Phối hợp với Văn phòng UBND tỉnh, Công an tỉnh
    # tham mưu …" (Sơn La 254, III.4): both sentences are Sở Tư pháp's
    assert leaf_map(SONLA)["III.4"].coord_raw == "Công an tỉnh; Văn phòng UBND tỉnh, Công an tỉnh"
    # "…; phối hợp với Bộ Nội vụ hướng dẫn, tháo gỡ …" after the ministries' own duty
    assert leaf_map(CT21)["II.9"].coord_raw == "Bộ Nội vụ"
    # after the lead and its grounds: "Các sở, ban, ngành cấp tỉnh theo chức năng nhiệm vụ,
    # phối hợp với Sở Nông nghiệp và Môi trường triển khai …" (Công văn 4390/UBND-NLN)
    assert leaf_map(LAOCAI)["2"].coord_raw == "Sở Nông nghiệp và Môi trường"
    # "Trong quá trình triển khai thực hiện, Sở Nội vụ phối hợp với Báo và Phát thanh,
    # Truyền hình tỉnh nghiên cứu, …"
    assert leaf_map(CCHC)["IV.1.a"].coord_raw == "Báo và Phát thanh, Truyền hình tỉnh"


def test_vague_partners_are_kept_as_written():
    # "Chủ trì, phối hợp với các sở, ngành, địa phương có liên quan xây dựng, …": a group
    # phrase the units reader ignores, as in a coordinating column
    assert leaf_map(DONGTHAP)["IV.5"].coord_raw == "các sở, ngành, địa phương có liên quan"


def test_no_partner_that_is_not_a_plain_list_of_bodies():
    # the verb after a name is no part of it
    assert duty_partners("Phối hợp với Bộ Tài chính hướng dẫn các địa phương", "Bộ Nội vụ") == (
        "Bộ Tài chính"
    )
    assert (
        duty_partners(
            "Chủ trì, phối hợp với Sở Khoa học và Công nghệ, UBND các huyện xây dựng kế hoạch",
            "Sở Tài chính",
        )
        == "Sở Khoa học và Công nghệ, UBND các huyện"
    )
    # a duty's words after the partner, no verb of the list: nothing read
    assert (
        duty_partners("Phối hợp với các cơ quan có liên quan tham gia và bảo vệ an ninh", "X") == ""
    )
    # names glued by a comma that are no list of whole names: nothing read
    assert duty_partners("Chủ động phối hợp với Công an, lực lượng Hải quan triển khai", "X") == ""
    # names listed after a colon: read since round 13b, the class expanded over the names
    # by the unit splitter (tests/test_plan_round13b.py)
    assert leaf_map(QD22)["1.a"].coord_raw == (
        "các Bộ, ngành liên quan: Tài chính, Lao động - Thương binh và Xã hội"
    )


def test_a_body_written_in_lower_case_is_no_partner():
    # "Phối hợp với phòng CNTT tổ chức buổi khai mạc …" (Sở TT&TT Phú Thọ, 2011, III.4): the
    # room the plan names elsewhere "Phòng Công nghệ thông tin"; read, it was proposed as a
    # second unit
    t = leaf_map("sotttt-phutho-kh-2011-trien-khai-phan-mem-qlvb.doc")["III.4"]
    assert t.coord_raw == ""


def test_a_duty_that_opens_with_its_recurrence_is_recurring():
    # "h) Hàng tháng có báo cáo nhanh, 3 tháng một lần có báo cáo định kỳ …" (Quyết định
    # 22/2013/QĐ-TTg, Điều 8.2.h): read as a table's "Hàng tháng" deadline cell is
    t = leaf_map(QD22)["2.h"]
    assert t.due_raw == "Hàng tháng" and t.recurring and t.due_date is None
    assert "no_deadline" not in t.flags and "deadline_from_text" in t.flags
    # "Hằng năm, tổ chức kiểm tra, đánh giá …" (Kế hoạch 624/KH-UBND of 2025, Hà Tĩnh, V.10.e)
    assert leaf_map(HATINH)["V.10.e"].recurring
    # a recurrence later in the sentence governs no duty: "Chủ trì, …; định kỳ 5 năm sơ kết …"
    t = leaf_map("qdttg-1422-2024-thich-ung-bien-doi-khi-hau.txt")["VI.1"]
    assert not t.recurring and not t.due_raw


def test_a_list_of_partners_cut_by_a_preposition_is_not_read():
    # "phối hợp với các đơn vị trong thực hiện công tác an sinh xã hội" (the sample ward plan
    # of Long Biên, 1.6 Ban chỉ huy Quân sự Phường): "các đơn vị trong" is no partner
    from pathlib import Path

    from sheettools.planimport import parse_plan

    ward = Path(__file__).parents[1] / "samples" / "long-bien-2023" / "ward-long-bien" / "plan.txt"
    tasks = {t.key: t for t in parse_plan(ward)[0]}
    assert tasks["III.1.6"].coord_raw == ""
    assert tasks["III.1.3.2"].coord_raw == (
        "UBND Phường, Uỷ ban MTTQ và các tổ chức chính trị - xã hội"
    )
