"""Defects found by blind round 5b of issue 11: real Word files of a provincial office
(UBND tỉnh Lâm Đồng and its steering committee), of shapes the corpus lacked.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 5b").
"""

from __future__ import annotations

import pytest

from plan_helpers import PLANS, leaf_map, plan

BCD = "bcd-lamdong-2025-nhiem-vu-chinh-quyen-hai-cap.docx"


def test_tasks_numbered_in_brackets_each_with_its_own_fields_are_tasks():
    # "1. Hoàn thiện hạ tầng công nghệ thông tin" / "(1) Tiếp tục phối hợp …" /
    # "- Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ." / "- Thời gian hoàn thành: …" /
    # "(2) Sao lưu, duy trì …": every "(n)" was read as text of the item before it (2 of 17)
    by_key = leaf_map(BCD)
    assert len(by_key) == 17
    assert [k for k in by_key if k.startswith("1.")] == [f"1.({n})" for n in range(1, 7)]
    assert [k for k in by_key if k.startswith("2.")] == [f"2.({n})" for n in range(1, 12)]
    t = by_key["1.(2)"]
    assert t.content.startswith("Sao lưu, duy trì các cơ sở dữ liệu trong hệ thống cũ")
    assert t.lead_raw == "Văn phòng UBND tỉnh"
    assert t.coord_raw == "Các sở, ban, ngành; UBND các xã, phường, đặc khu"
    assert t.due_date == "2025-08-31"
    # "- Đơn vị thực hiện: …" is the lead field too; the fields are no task text
    assert by_key["1.(4)"].lead_raw == "Công an tỉnh" and by_key["1.(4)"].recurring
    assert "Đơn vị" not in by_key["1.(4)"].content


def test_brackets_inside_a_task_text_stay_its_text():
    # the corpus's other plans: "(1) …" with no fields of its own is part of the item
    from sheettools.planprose import _paren_items

    lines = [(1, "1. Xây dựng kế hoạch, gồm:"), (2, "(1) rà soát;"), (3, "(2) ban hành."),
             (4, "- Đơn vị chủ trì: Sở Nội vụ.")]  # fmt: skip
    assert not _paren_items(lines)


def test_one_unit_field_naming_the_lead_and_those_it_works_with():
    # "- Đơn vị thực hiện: Văn phòng UBND tỉnh chủ trì, phối hợp với Sở Khoa học Công nghệ
    # và các sở, ban, ngành có liên quan." was a lead of one long name, nobody coordinating
    by_key = leaf_map(BCD)
    t = by_key["2.(8)"]
    assert t.lead_raw == "Văn phòng UBND tỉnh"
    assert t.coord_raw == "Sở Khoa học Công nghệ và các sở, ban, ngành có liên quan"
    t = by_key["2.(11)"]
    assert t.lead_raw == "Sở Văn hóa Thể thao Du lịch"
    assert t.coord_raw.startswith("Văn phòng UBND tỉnh (Trung tâm Phục vụ hành chính công")


TB = "ubnd-lamdong-tb-2026-ket-luan-hoi-nghi-cchc.docx"


def test_the_year_under_review_is_not_the_plan_year():
    # "… Hội nghị đánh giá công tác cải cách hành chính năm 2025 và triển khai nhiệm vụ năm
    # 2026 …": the tasks are of 2026 (the year was read as 2025)
    from sheettools.planident import plan_identity
    from sheettools.plansource import read_document

    doc = read_document(PLANS / TB)
    ident = plan_identity([t for _l, t in doc.all_lines()])
    assert "năm 2025 và triển khai nhiệm vụ năm 2026" in ident.title
    assert (ident.year, ident.year_from) == (2026, "title")
    # a title with one year, or a horizon, keeps its reading
    assert plan_identity(["KẾ HOẠCH", "Tổng kết công tác năm 2025"]).year == 2025


def test_a_lead_in_paragraph_assigns_the_lettered_items_below_it():
    # "1. Về cải cách thể chế" / "Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị
    # liên quan:" / "a) …" "b) …" "c) …": the import stopped with "no schedule table found"
    by_key = leaf_map(TB)
    assert [k for k in by_key if k.startswith("II.1.")] == ["II.1.a", "II.1.b", "II.1.c"]
    assert {by_key[k].lead_raw for k in ("II.1.a", "II.1.b", "II.1.c")} == {"Sở Tư pháp"}
    assert by_key["II.2.đ"].lead_raw == "Văn phòng UBND tỉnh"
    assert by_key["II.3.a"].lead_raw == "Sở Nội vụ"  # "Giao Sở Nội vụ:" with no role words
    assert by_key["II.5.c"].content.startswith("Chủ trì, phối hợp với các cơ quan, đơn vị")
    assert by_key["II.5.c"].due_date == "2026-02-28"  # "… hoàn thành trong tháng 02/2026."
    # "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu" / a) b) c)
    assert by_key["II.7.b"].lead_raw == "các sở, ban, ngành, UBND các xã, phường, đặc khu"
    # "III. TỔ CHỨC THỰC HIỆN" / "Giao Sở Nội vụ chủ trì, …:" / "1." "2." "3."
    assert [k for k in by_key if k.startswith("III.")] == ["III.1", "III.2", "III.3"]
    assert by_key["III.1"].lead_raw == "Sở Nội vụ"
    # the duties of "Tổ chức thực hiện" do not hide the twenty of II
    assert len(by_key) == 23


def test_a_lead_in_over_a_paragraph_assigns_no_item():
    from sheettools.planimport import RawRow
    from sheettools.planprose import _lead_in_duties

    lines = [(1, "Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan:"),
             (2, "Theo dõi, đôn đốc việc thực hiện."), (3, "a) Không thuộc đây.")]  # fmt: skip
    assert _lead_in_duties(RawRow, lines, 0, "III", "") == ([], 1)
    # a sentence with no colon is no lead-in
    lines = [(1, "Giao Sở Nội vụ chủ trì tổng hợp."), (2, "a) Báo cáo.")]
    assert _lead_in_duties(RawRow, lines, 0, "III", "")[0] == []


TT = "ubnd-lamdong-2026-tuyen-truyen-cchc.docx"


def test_leaders_on_one_line_and_their_body_on_the_next_are_one_name():
    # a Word cell "Lãnh đạo" / "Sở Giáo dục và Đào tạo" was two units, "Lãnh đạo" one of
    # them (a fragment of no body); "Lãnh đạo Sở Y tế" on one line was already one
    by_content = {t.content: t for t in plan(TT)[0] if t.kind != "group"}
    leads = {t.lead_raw for t in by_content.values() if t.lead_raw.startswith("Lãnh đạo")}
    assert "Lãnh đạo Sở Giáo dục và Đào tạo" in leads and "Lãnh đạo Sở Y tế" in leads
    assert not any(";" in x for x in leads) and len(leads) == 21
    from sheettools.planimport import _one_per_line

    assert _one_per_line(["Lãnh đạo", "Công an tỉnh"]) == "Lãnh đạo Công an tỉnh"
    # two bodies one per line stay two
    assert _one_per_line(["Sở Tư pháp", "Công an tỉnh"]) == "Sở Tư pháp; Công an tỉnh"


def test_the_duties_part_after_tables_inside_the_text_is_read_too():
    # III.1 a) and b) hold two broadcast tables (21 rows); "IV. TỔ CHỨC THỰC HIỆN" then
    # assigns 29 duties per body ("1. Sở Nội vụ:" a)–h), "3. Sở Khoa học và Công nghệ: Chủ
    # trì, …"): only the 21 rows were read
    tasks, _report = plan(TT)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 50
    by_key = {t.key: t for t in leaves}
    assert [k for k in by_key if k.startswith("IV.1.")] == [
        f"IV.1.{x}" for x in ("a", "b", "c", "d", "đ", "e", "g", "h")
    ]
    assert by_key["IV.3"].lead_raw == "Sở Khoa học và Công nghệ"
    assert by_key["IV.6.e"].lead_raw == "Báo và Phát Thanh, Truyền hình tỉnh"
    # the deadline written in the duty's text is taken, as for a prose plan
    assert by_key["IV.8.a"].due_raw == "chậm nhất là ngày 30/01/2026"


def test_a_duties_part_before_an_appended_table_stays_out():
    # Kế hoạch 144/KH-UBND of 2025 (Bắc Ninh): "VI. TỔ CHỨC THỰC HIỆN" refers to the
    # indicators of the appended table; the 19 rows are the tasks — of the part, only the
    # bodies' own plans are read since round 11b (VI.11.d, tests/test_plan_round11b.py) and
    # round 13a (VI.15, tests/test_plan_round13a.py)
    tasks, _report = plan("ubnd-bacninh-144-kh-2025-kinh-te-so.md")
    assert len([t for t in tasks if t.kind != "group" and t.key not in ("VI.11.d", "VI.15")]) == 19


# Deadline texts of these plans that deadlines.py did not read when the round began
# (flagged, never a wrong date); read since (tests/test_deadlines_blind5.py)
_READ_SINCE = (
    ("ubnd-lamdong-2026-ke-hoach-cchc-nam-2026.docx", "VII.2",
     "Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện", "2026-01-31"),
    (TT, "III.1.a.4", "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5", "2026-05-08"),
    (TT, "III.1.b.10", "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 25 tháng 12", "2026-12-25"),
    (TT, "IV.8.a", "chậm nhất là ngày 30/01/2026", "2026-01-30"),
)  # fmt: skip


@pytest.mark.parametrize(("name", "key", "text", "due"), _READ_SINCE)
def test_deadline_texts_as_a_person_reads_them(name, key, text, due):
    t = leaf_map(name)[key]
    assert t.due_raw == text
    assert t.due_date == due
    assert not any(f.startswith("unparsed_time") for f in t.flags)


MT = "ubnd-lamdong-2025-ctmtqg-phong-chong-ma-tuy.docx"


def test_a_body_heading_naming_only_its_role_keeps_one_duty_per_bullet():
    # "8.1. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành" over four "-" bullets was one
    # task holding the heading and the four bullets
    by_key = leaf_map(MT)
    keys = [k for k in by_key if k.startswith("III.8.1")]
    assert keys == ["III.8.1", "III.8.1.2", "III.8.1.3", "III.8.1.4"]
    assert {by_key[k].lead_raw for k in keys} == {"Sở Tài chính"}
    assert by_key["III.8.1"].content.startswith("Tham mưu Ủy ban nhân dân tỉnh xây dựng")
    # "1. Ủy ban nhân dân các tỉnh … có trách nhiệm chỉ đạo, kiểm tra," / "hướng dẫn …" still
    # starts its duty on the heading's line (Quyết định 1074/QĐ-BXD of 2026)
    tasks, _ = plan("bxd-1074-2026-giai-phap-pccc.pdf")
    assert len([t for t in tasks if t.kind != "group"]) == 1


def test_bullets_naming_their_own_bodies_under_a_heading_naming_none():
    # "9. Các sở, ban, ngành nghiên cứu, ban hành … các Dự án, Tiểu dự án …" then
    # "- Công an tỉnh tham mưu …", "- Đề nghị Bộ Tư lệnh Vùng Cảnh sát biển 3 tham mưu …":
    # the eight duties fell out
    by_key = leaf_map(MT)
    leads = [by_key[k].lead_raw for k in by_key if k.startswith("III.9")]
    assert leads == [
        "Công an tỉnh", "Bộ Chỉ huy quân sự tỉnh", "Bộ Tư lệnh Vùng Cảnh sát biển 3",
        "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo",
        "Liên đoàn Lao động tỉnh", "Sở Tư pháp",
    ]  # fmt: skip
    assert len(by_key) == 72


def test_bullets_of_a_heading_naming_no_body_stay_out_unless_each_names_one():
    from sheettools.planimport import RawRow
    from sheettools.planprose import _bullets_naming_bodies

    lines = [(1, "9. Các nội dung khác"), (2, "- Công an tỉnh tham mưu triển khai."),
             (3, "- Tăng cường tuyên truyền.")]  # fmt: skip
    assert _bullets_naming_bodies(RawRow, lines, 0, "9", "III") == ([], 1)
