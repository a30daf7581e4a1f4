"""Defects found by blind round 6a of issue 11: a Prime Minister's directive, a ministry's
plan and a university's plan, of shapes the corpus lacked.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 6a").
"""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map
from sheettools.planprose import prose_lines
from sheettools.plansource import read_document

BVHTTDL = "bvhttdl-4385-2025-quy-hoach-co-so-van-hoa-the-thao.md"


def test_a_bold_heading_wrapped_by_the_scraper_is_one_line():
    # "**1. Viện Văn hóa, Nghệ thuật," / "Thể thao và Du lịch Việt Nam**": the heading was cut
    # at the line end, "Viện Văn hóa, Nghệ thuật" taken as the body (a fragment)
    lines = [t for _l, t in prose_lines(read_document(PLANS / BVHTTDL))]
    assert "1. Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam" in lines
    assert "2. Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch" in lines
    # a bold span closed on its own line stays as it was
    assert "Điều 1. Ban" in lines


def test_duties_per_body_under_wrapped_headings_are_read_letter_by_letter():
    by_key = leaf_map(BVHTTDL)
    assert sorted(by_key) == sorted(
        ["IV.1.a", "IV.1.b", "IV.1.c", "IV.1.d", "IV.2", "IV.3.a", "IV.3.b", "IV.3.c",
         "IV.3.d", "IV.3.đ", "IV.4"]
    )  # fmt: skip
    leads = {t.lead_raw for t in by_key.values()}
    assert "Viện Văn hóa, Nghệ thuật, Thể thao và Du lịch Việt Nam" in leads
    assert "Các cơ quan trực thuộc Bộ Văn hóa, Thể thao và Du lịch" in leads
    assert not {"Viện Văn hóa, Nghệ thuật", "Sở Văn hóa, Thể thao và"} & leads
    assert by_key["IV.1.a"].content.startswith("Tổ chức tuyên truyền phổ biến nội dung quy")


def test_a_lead_in_sentence_between_the_body_and_its_letters_is_skipped():
    # "3. Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, …" / "Chủ trì, phối hợp
    # … tham mưu cho Ủy ban nhân dân các tỉnh, …:" / "a) …" … "đ) …": the heading was no body
    # (20 words over its two names) and the lead-in stood between it and its letters
    by_key = leaf_map(BVHTTDL)
    t = by_key["IV.3.đ"]
    assert t.lead_raw.startswith("Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao")
    assert t.content.startswith("Theo dõi và chịu trách nhiệm về số liệu, tiến độ thực hiện")
    assert not any(
        x.content.startswith("Chủ trì, phối hợp với các cơ quan") for x in by_key.values()
    )


def test_done_by_a_day_written_with_vao_is_that_day():
    # "Hoàn thành xây dựng kế hoạch vào 31/1/2026", "Hoànthành kế hoạch vào 30/8/2026" (a
    # university's QA plan, 9 cells): unparsed before; "Tổ chức vào …" stays unparsed
    from sheettools.deadlines import parse_expression

    by_key = leaf_map("dhvn-2026-ke-hoach-dam-bao-chat-luong.pdf")
    assert by_key["III.1.1"].due_date == "2026-01-31"
    assert by_key["III.3.4"].due_date == "2026-08-30"
    assert by_key["III.2.7"].due_date is None  # "31/11/2026": no such day, flagged
    assert "no_deadline" in by_key["III.2.7"].flags
    assert parse_expression("Tổ chức vào 31/7/2026", 2026).kind == "unparsed"
    assert parse_expression("Hoàn thành vào 31/7/2026 và báo cáo tháng 8/2026", 2026).end != (
        "2026-07-31"
    )


def test_several_firm_dates_in_words_give_the_earliest():
    # "trước ngày 31 tháng 5 năm 2026; … trước ngày 30 tháng 6 năm 2026" (Chỉ thị 21/CT-TTg,
    # II.4.c): the first "trước ngày" swallowed the rest and the cell was unparsed
    from sheettools.deadlines import parse_expression

    e = parse_expression("trước ngày 31 tháng 5 năm 2026; trước ngày 30 tháng 6 năm 2026", 2026)
    assert (e.kind, e.end) == ("compound", "2026-05-31")
    by_key = leaf_map("ttg-21-ct-2026-sap-xep-thon-to-dan-pho.pdf")
    assert by_key["II.4.c"].due_date == "2026-05-31"
    assert by_key["II.4.b"].due_date == "2026-06-30"


def test_a_body_leading_its_duty_sentence_is_cut_at_lanh_dao_chi_dao():
    # "2. Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo, chỉ đạo, hướng dẫn …",
    # "3. Đề nghị Ủy ban Trung ương MTTQ Việt Nam lãnh đạo, chỉ" / "đạo, hướng dẫn …",
    # "9. Các bộ, cơ quan ngang bộ theo chức năng, nhiệm vụ được giao, chủ" / "động rà soát …"
    # (Chỉ thị 21/CT-TTg): the verbs went into the lead ("Thành ủy lãnh đạo", "chỉ đạo" and
    # "chỉ" proposed as units) and the first line of 3. and 9. was lost from the content
    by_key = leaf_map("ttg-21-ct-2026-sap-xep-thon-to-dan-pho.pdf")
    assert by_key["II.1"].lead_raw == "Ban Thường vụ Tỉnh ủy, Thành ủy"
    assert by_key["II.2"].lead_raw == "Ban Tuyên giáo và Dân vận Trung ương"
    assert by_key["II.3"].lead_raw == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    assert by_key["II.3"].content.startswith("Đề nghị Ủy ban Trung ương Mặt trận Tổ quốc")
    assert by_key["II.9"].lead_raw == "Các bộ, cơ quan ngang bộ"
    assert by_key["II.9"].content.startswith("Các bộ, cơ quan ngang bộ theo chức năng, nhiệm")
    # "Ban Chỉ đạo …" is a body's name, and "2. Lãnh đạo, chỉ đạo rà soát …" a topic
    from sheettools.planprose import _ROLE_TAIL, _is_body_name

    assert _ROLE_TAIL.split("Ban Chỉ đạo tỉnh chủ trì")[0] == "Ban Chỉ đạo tỉnh"
    assert not _is_body_name("Lãnh đạo") and _is_body_name("Lãnh đạo Sở Y tế")


def test_a_department_of_every_province_and_city_is_one_unit():
    # "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung
    # ương": "thành phố trực thuộc Trung ương" was proposed as a unit
    from sheettools.units import unit_fragments

    cell = "Sở Văn hóa, Thể thao và Du lịch tỉnh, thành phố trực thuộc Trung ương"
    assert [f for f, _ in unit_fragments([cell])] == [cell]


TB_PCI = "ubnd-lamdong-tb-2026-ket-luan-pci-xuc-tien-dau-tu.docx"


def test_a_paragraph_numbered_by_word_shows_its_number():
    # item 1 of the conclusion notice is numbered by Word (w:numPr), 2. and 3. are typed:
    # its number was lost, and with it the item
    lines = [t for _l, t in prose_lines(read_document(PLANS / TB_PCI))]
    assert any(t.startswith("1. Thống nhất tổ chức Hội nghị gặp mặt doanh nghiệp") for t in lines)
    assert any(t.startswith("2. Đối với tiến độ thu hút") for t in lines)  # typed: unchanged
    assert not any(t.startswith("1. 2.") for t in lines)


def test_a_heading_that_assigns_a_body_in_its_last_clause_gives_its_bullets_to_it():
    # "1. Thống nhất tổ chức Hội nghị … . Giao Trung tâm Xúc đầu tư, Thương mại và Du lịch:"
    # and "3. Về nội dung dự thảo Kế hoạch …, giao Trung tâm Xúc tiến Đầu tư, Thương mại và Du
    # lịch tỉnh:" over bullets: 3 of 10 tasks read before (only 2.a and 2.b)
    by_key = leaf_map(TB_PCI)
    assert len(by_key) == 10
    firsts = [t for t in by_key.values() if t.content.startswith("Nghiên cứu về nội dung")]
    assert firsts and firsts[0].lead_raw == "Trung tâm Xúc đầu tư, Thương mại và Du lịch"
    assert firsts[0].due_date == "2026-05-31"
    third = [t for t in by_key.values() if t.content.startswith("Theo dõi, tổng hợp tình hình")]
    assert third[0].lead_raw == "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"
    from sheettools.planprose import _assigned_at_end

    assert _assigned_at_end("Về nội dung dự thảo, giao các ý kiến trên") == ""


def test_terms_of_a_school_year_are_phases():
    # "Kỳ 1: 2/2026 Kỳ 2: 7/2026" (a survey each semester): due at the end of the last term,
    # as "Đợt 1: … Đợt 2: …"; "Kỳ họp thứ 10" stays a meeting without a month
    from sheettools.deadlines import parse_expression

    assert leaf_map("dhvn-2026-ke-hoach-dam-bao-chat-luong.pdf")["IV.1"].due_date == "2026-07-31"
    e = parse_expression("Học kỳ 1: 01/2026; Học kỳ 2: 06/2026", 2026)
    assert (e.start, e.end) == ("2026-01-01", "2026-06-30")
    assert parse_expression("Kỳ họp thứ 10", 2026).end is None
