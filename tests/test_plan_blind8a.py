"""Defects found by blind round 8a of issue 11: a Government resolution whose plan is a
Phụ lục table after the signature (a Công báo PDF, found by round 8b too and kept there), and
provinces' prose plans with duties per body.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 8a").
"""

from __future__ import annotations

from plan_helpers import by_key, plan

NQ116 = "nqcp-116-2026-phong-chong-thien-tai-kl213.pdf"  # (kept by round 8b)


def test_sub_rows_under_merged_cells_are_tasks_of_their_own():
    # Phụ lục I.4 has no lead; four '-' rows under it each have their own content and lead,
    # the coordinating cell merged over the first three and the deadline over all four.
    # Their borders are drawn across the number, content and lead columns only: the four
    # rows were read as one task whose lead glued four ministries without a separator
    rows = by_key(NQ116)
    assert rows["I.4"].kind == "group"
    subs = [t for k, t in rows.items() if k.startswith("I.4.") and t.kind != "group"]
    assert [t.lead_raw for t in subs] == [
        "Bộ NN&MT",
        "Bộ Xây dựng",
        "Bộ Công Thương",
        "Bộ Khoa học và Công nghệ",
    ]
    assert [t.content for t in subs][:2] == [
        "Công trình đê điều, hồ đập, công trình thoát lũ.",
        "Công trình giao thông.",
    ]
    # the merged cells belong to every row they cover
    assert [t.coord_raw for t in subs] == ["Bộ Khoa học và Công nghệ, các bộ, cơ quan"] * 3 + [
        "Các bộ, cơ quan"
    ]
    assert {t.due_raw for t in subs} == {"Năm 2026 và các năm tiếp theo"}
    # the next numbered task is whole again
    assert rows["I.5"].lead_raw == "Bộ Tài chính"
    assert rows["I.5"].due_raw == "Giai đoạn 2026 - 2030"


SONLA = "ubnd-sonla-2954-qd-2025-ke-hoach-xuat-khau.md"


def test_duties_split_by_role_are_one_task_per_bullet():
    # "**1. Sở Công Thương**" / "*a) Chủ trì, phối hợp với các sở, ban, ngành, …*" over four
    # bullets / "*b) Phối hợp với các sở, ngành, UBND các xã, phường*" over two: each letter
    # was one task holding its bullets, its text the role phrase
    rows = by_key(SONLA)
    ones = [t for k, t in rows.items() if k.startswith("V.1.")]
    assert [t.key for t in ones] == ["V.1.a", "V.1.a.2", "V.1.a.3", "V.1.a.4", "V.1.b", "V.1.b.2"]
    assert {t.lead_raw for t in ones} == {"Sở Công Thương"}
    assert ones[0].content.startswith("Là cơ quan đầu mối chủ trì tổ chức thực hiện")
    assert ones[4].content.startswith("Hỗ trợ các nhà đầu tư, các tập đoàn lớn")
    assert not any(t.content.startswith(("Chủ trì, phối hợp", "Phối hợp với")) for t in ones)
    tens = [k for k in rows if k.startswith("V.10.")]
    assert len(tens) == 8


def test_a_role_sentence_with_a_colon_over_bullets_leads_them_in():
    # "**4. Sở Khoa học và Công Nghệ**" / "Chủ trì, phối hợp với các sở, ngành, UBND các xã,
    # phường và các cơ quan, đơn vị có liên quan:" / three bullets: one task glued them
    rows = by_key(SONLA)
    fours = [t for k, t in rows.items() if k == "V.4" or k.startswith("V.4.")]
    assert len(fours) == 3
    assert fours[0].content.startswith("Triển khai thực hiện các chính sách khuyến khích")
    # a role sentence that goes on to the duty is the duty (5. Công an tỉnh, one paragraph)
    assert rows["V.5"].content.startswith("Chủ trì, phối hợp với các sở, ngành, UBND các xã")


def test_requests_to_organisations_and_enterprises_are_read():
    # "8. Đề nghị Liên minh Hợp tác xã tỉnh, Đoàn TNCS Hồ Chí Minh tỉnh, Hội nông dân tỉnh,
    # Hiệp hội doanh nghiệp tỉnh" and "11. Đề nghị các doanh nghiệp sản xuất, chế biến và xuất
    # khẩu hàng hóa", three bullets each: both headings were taken for no body, six duties lost
    rows = by_key(SONLA)
    eights = [t for k, t in rows.items() if k == "V.8" or k.startswith("V.8.")]
    assert len(eights) == 3
    assert eights[0].lead_raw.startswith("Liên minh Hợp tác xã tỉnh")
    assert eights[0].lead_raw.endswith("Hiệp hội doanh nghiệp tỉnh")
    elevens = [t for k, t in rows.items() if k == "V.11" or k.startswith("V.11.")]
    assert [t.lead_raw for t in elevens] == [
        "các doanh nghiệp sản xuất, chế biến và xuất khẩu hàng hóa"
    ] * 3


QNGAI = "ubnd-quangngai-1627-qd-2025-tong-kiem-ke-tai-san-cong.md"


def test_bullets_under_a_body_heading_each_with_its_time_line():
    # "*1.2." / "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo*" / "-" / "Tuyên truyền, …" /
    # "Thời" / "gian thực hiện: Từ tháng 11/2025 …" / "- Tham mưu …" / "Thời gian hoàn
    # thành: Tháng 11 - 12/2025." …: the heading was read as the first task's text with no
    # lead, the bullets of 1.1 (no time line) glued into one task, a "-" alone on its line
    # glued onto the time before it
    rows = by_key(QNGAI)
    twos = [t for k, t in rows.items() if k == "IV.1.2" or k.startswith("IV.1.2.")]
    assert len(twos) == 6
    assert {t.lead_raw for t in twos} == {"Sở Tài chính"}
    assert twos[0].content.startswith("Tuyên truyền, phổ biến, quán triệt")
    assert twos[1].due_raw == "Tháng 11 - 12/2025"
    assert str(twos[1].due_date) == "2025-12-31"
    assert str(twos[5].due_date) == "2026-05-31"  # "… Thời gian hoàn" / "thành: Trước …"
    ones = [t for k, t in rows.items() if k == "IV.1.1" or k.startswith("IV.1.1.")]
    assert [t.lead_raw for t in ones] == ["Trưởng Ban Chỉ đạo"] * 4
    assert ones[0].content.startswith("Phụ trách chung, trực tiếp điều hành")
    # "Trách nhiệm của đối tượng thực hiện kiểm kê:" names who does its bullets
    fives = [t for k, t in rows.items() if k == "IV.1.5" or k.startswith("IV.1.5.")]
    assert [t.lead_raw for t in fives] == ["đối tượng thực hiện kiểm kê"] * 4
    assert [str(t.due_date) for t in fives] == [
        "2025-11-30",
        "2025-12-31",
        "2026-03-31",
        "2026-03-31",
    ]
    # "+ Sở" / "Xây dựng: …" lines inside a "-" bullet are its text, not tasks
    threes = [t for k, t in rows.items() if k == "IV.1.3" or k.startswith("IV.1.3.")]
    assert len(threes) == 2
    assert "Sở Xây dựng" in threes[0].content


def test_the_year_of_a_plan_about_a_moment_is_that_moments():
    # "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN TỔNG KIỂM KÊ TÀI SẢN CÔNG … THỜI ĐIỂM 0H00 NGÀY 01 THÁNG
    # 01 NĂM 2026", signed 21/11/2025: the date was taken for a cited one and the year for
    # the signing year
    _tasks, report = plan(QNGAI)
    assert report["year"] == 2026


NGHEAN987 = "ubnd-nghean-987-kh-2025-5g-iot-khu-cong-nghiep.md"


def test_enterprises_named_in_the_duties_part_have_their_duties():
    # "**4. Các doanh nghiệp viễn thông**", "**5. Các chủ đầu tư xây dựng và" / "kinh doanh
    # hạ tầng Khu công nghiệp**", "**6. Các doanh nghiệp thứ cấp" / "đang hoạt động trong
    # KCN**" under "IV. TỔ CHỨC THỰC HIỆN", bullets under each: taken for no body, their 16
    # duties were lost
    rows = by_key(NGHEAN987)
    fours = [t for k, t in rows.items() if k == "IV.4" or k.startswith("IV.4.")]
    assert [t.lead_raw for t in fours] == ["Các doanh nghiệp viễn thông"] * 5
    fives = [t for k, t in rows.items() if k == "IV.5" or k.startswith("IV.5.")]
    assert len(fives) == 6
    assert fives[0].lead_raw == "Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp"
    # the topics of "II. NỘI DUNG THỰC HIỆN" name no body and stay no task
    assert not any(k.startswith("II") for k in rows)


DAKLAK = "ubnd-daklak-0129-kh-2025-nhu-yeu-pham-mua-lu.md"


def test_a_request_to_a_company_and_a_heading_listing_bodies():
    # "**12.** **Đề nghị Công ty Điện lực Đắk Lắk:**** **Khẩn trương kiểm tra, …": a company
    # was taken for no body; "**9." / "Báo và Phát thanh - Truyền hình Đắk Lắk, Sở Văn hóa,
    # Thể thao và Du lịch, Cổng Thông tin điện tử tính và hệ thống truyền thanh cơ sở:**"
    # over one paragraph: the list, read as one name of 26 words, was taken for a sentence
    rows = by_key(DAKLAK)
    assert rows["IV.12"].lead_raw == "Công ty Điện lực Đắk Lắk"
    assert rows["IV.12"].content.startswith("Khẩn trương kiểm tra, khắc phục sự cố lưới điện")
    assert rows["IV.9"].lead_raw.startswith("Báo và Phát thanh - Truyền hình Đắk Lắk")
    assert "Sở Văn hóa, Thể thao và Du lịch" in rows["IV.9"].lead_raw
    assert rows["IV.9"].content.startswith("Theo chức năng, nhiệm vụ tăng cường thông tin")
    # the common rule closing the list (15. "Tất cả lực lượng, phương tiện …") is no task
    assert "IV.15" not in rows
