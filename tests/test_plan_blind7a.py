"""Defects found by blind round 7a of issue 11: provincial prose plans (Nghệ An, Cần Thơ,
Thành phố Hồ Chí Minh) of shapes the corpus lacked.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 7a").
"""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map

CANTHO = "ubnd-cantho-165-kh-2025-cong-tac-dan-so.md"


def test_body_headings_outside_the_implementation_part_assign_their_duties():
    # "II. NỘI DUNG THỰC HIỆN" / "**1. Sở Y tế**" / a) … g), then "III. TỔ CHỨC THỰC HIỆN"
    # with two body headings of its own: the part won and every duty of II was dropped
    by_key = leaf_map(CANTHO)
    assert {"II.2.a", "II.2.b", "II.2.c", "II.3", "II.4", "II.5", "II.7"} <= set(by_key)
    assert {"III.1", "III.2"} <= set(by_key)
    assert by_key["II.2.b"].lead_raw == "Sở Tài chính"
    assert by_key["II.6.c"].lead_raw == "Ủy ban nhân dân xã, phường"
    assert by_key["II.6.c"].content.startswith("Kiện toàn Ban Chỉ đạo Dân số và Phát triển")


def test_a_line_wrapped_before_a_number_is_no_heading():
    # "… tỷ lệ trẻ em dưới" / "15 tuổi đạt khoảng 22%; …" inside a) of "1. Sở Y tế": taken
    # for a heading 15, it ended the body's letters after a)
    by_key = leaf_map(CANTHO)
    letters = sorted(k for k in by_key if k.startswith("II.1."))
    assert letters == ["II.1.a", "II.1.b", "II.1.c", "II.1.d", "II.1.e", "II.1.g", "II.1.đ"]
    assert "15 tuổi đạt khoảng 22%" in by_key["II.1.a"].content
    assert by_key["II.1.g"].content.startswith("Đẩy mạnh các hoạt động truyền thông")


NGHEAN = "ubnd-nghean-1026-kh-2025-bao-ve-bi-mat-nha-nuoc.md"


def test_a_numbered_request_wrapped_inside_a_name_is_read_as_one_sentence():
    # "6. Đề nghị Văn phòng Tỉnh ủy và các Ban Xây" / "dựng Đảng và Ủy ban Kiểm tra Tỉnh
    # ủy, …" / "… Chi cục Hải quan khu vực XI tăng" / "cường công tác bảo vệ bí mật …": the
    # body was cut at the line end ("… các Ban Xây", a fragment), the text began "dựng Đảng"
    by_key = leaf_map(NGHEAN)
    t = by_key["III.6"]
    assert t.lead_raw.startswith("Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng và Ủy ban Kiểm")
    assert t.lead_raw.endswith("Chi cục Hải quan khu vực XI")
    assert t.content.startswith("Đề nghị Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng")
    assert len(t.source_rows) == 6  # the heading and the five lines it wrapped onto


def test_a_clause_about_the_plan_wrapped_over_lines_is_no_task():
    # "2. Giao Công an tỉnh chủ trì, phối hợp với Văn" / "phòng UBND tỉnh theo dõi, … thực"
    # / "hiện Kế hoạch này; …" (IV. TỔ CHỨC THỰC HIỆN): "Kế hoạch này" was on the third line,
    # so the follow-up clause became a task whose text began "phòng UBND tỉnh"
    # (round 10: IV.1, the bodies' own plans, is a task under the rule for duties of a Tổ
    # chức thực hiện — tests/test_plan_pending10c.py; the follow-up clause IV.2 stays none)
    by_key = leaf_map(NGHEAN)
    assert [k for k in by_key if k.startswith("IV")] == ["IV.1"]
    assert not any(t.content.startswith(("phòng UBND tỉnh", "Giao")) for t in by_key.values())
    assert len(by_key) == 15


HCM = "ubnd-hcm-174-kh-2025-binh-dang-gioi.md"


def test_items_of_the_aims_part_are_no_tasks():
    # "II. MỤC TIÊU CỦA KẾ HOẠCH" / "2. Tháng hành động" / "a) Chủ đề …" / "b) Thời gian: Từ
    # ngày 15/11/2025 đến ngày 15/12/2025.": read as a task without lead due 2025-12-15
    by_key = leaf_map(HCM)
    assert sorted(by_key) == ["III.1.a", "III.1.b", "III.1.c", "III.2.a", "III.2.b"]
    assert all(t.due_date is None for t in by_key.values())


def test_an_activity_title_and_its_content_label_are_no_content():
    # "a) Hoạt động 1" / "- Nội dung: Triển khai Tháng hành động …"
    by_key = leaf_map(HCM)
    assert by_key["III.1.a"].content.startswith("Triển khai Tháng hành động (từ ngày 15/11")
    assert by_key["III.2.a"].content.startswith("Tổng kết “Mô hình một cửa hỗ trợ phụ nữ")
    assert not any("Nội dung:" in t.content for t in by_key.values())


def test_a_unit_field_written_as_plus_lines_names_each_lines_body():
    # "- Cơ quan thực hiện:" / "+ Sở Văn hóa và Thể thao chủ trì, phối hợp với …" / "+ Sở
    # Xây dựng đăng tải thông điệp …": the whole field was the lead, "+" and all
    t = leaf_map(HCM)["III.1.c"]
    assert t.lead_raw == "Sở Văn hóa và Thể thao"
    assert t.coord_raw.startswith("các sở, ban, ngành, đoàn thể Thành phố")
    assert "Sở Xây dựng đăng tải thông điệp truyền thông" in t.content  # its duty kept


def test_body_headings_wrapped_or_with_a_remark_keep_the_whole_name():
    # V. TỔ CHỨC THỰC HIỆN (not counted: the activities of III name their leads) still reads
    # "1. Sở Nội vụ (Cơ quan" / "thường trực Ban Vì sự tiến bộ …):" and "3. Đề nghị Ủy ban
    # Mặt trận … Thành phố, Hội Liên hiệp" / "Phụ nữ Thành phố và các tổ chức thành viên của
    # Mặt trận" over bullets: the first was dropped (a name of 20 words), the second cut
    from sheettools.planprose import body_duties, prose_lines
    from sheettools.plansource import read_document

    rows = body_duties(prose_lines(read_document(PLANS / HCM)))
    leads = {r.cells[0]: r.cells[3] for r in rows}
    assert leads["1"] == "Sở Nội vụ" and leads["1.3"] == "Sở Nội vụ"
    assert leads["3"].endswith(
        "Hội Liên hiệp Phụ nữ Thành phố và các tổ chức thành viên của Mặt trận"
    )
    assert not any(r.cells[3].startswith("Bộ nhận diện") for r in rows)


HATINH = "ubnd-hatinh-624-kh-2025-giao-duc-mam-non.md"


def test_plain_body_headings_wrapped_inside_the_name_over_letters():
    # "1. Sở Giáo dục" / "và Đào tạo" / "a) …": the lead was "Sở Giáo dục" and the one task's
    # text "và Đào tạo"; "9. Đề nghị Ủy" / "ban Mặt trận Tổ quốc Việt Nam tỉnh" / "a) …" and
    # "10. Ủy ban" / "nhân dân các xã, phường" were dropped or cut to "Ủy ban"
    by_key = leaf_map(HATINH)
    assert len(by_key) == 26
    assert sorted(k for k in by_key if k.startswith("V.1.")) == [
        "V.1.a", "V.1.b", "V.1.c", "V.1.d", "V.1.đ"
    ]  # fmt: skip
    assert by_key["V.1.a"].lead_raw == "Sở Giáo dục và Đào tạo"
    assert by_key["V.9.e"].lead_raw == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert by_key["V.10.a"].lead_raw == "Ủy ban nhân dân các xã, phường"


def test_a_duty_whose_body_is_bounded_by_within_its_remit():
    # "8. Các sở, cơ" / "quan trực thuộc Sở và các cơ quan liên quan trong phạm vi chức năng,
    # nhiệm vụ của" / "mình tổ chức triển khai thực hiện Kế hoạch.": a name of 20 words, dropped
    t = leaf_map(HATINH)["V.8"]
    assert t.lead_raw == "Các sở, cơ quan trực thuộc Sở và các cơ quan liên quan"
    assert t.content.endswith("tổ chức triển khai thực hiện Kế hoạch.")


def test_the_issuers_closing_sentence_is_not_glued_to_the_last_duty():
    # "Ủy ban nhân dân tỉnh giao Giám đốc các sở, … đúng quy định./." after 10.e)
    t = leaf_map(HATINH)["V.10.e"]
    assert t.content.endswith("báo cáo UBND tỉnh và Bộ Giáo dục và Đào tạo.")
    assert "giao Giám đốc các sở" not in t.content
