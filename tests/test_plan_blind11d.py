"""Defects found by blind round 11d of issue 11: national texts from a legal-RAG repository
(thuvienphapluat.vn text in chunks, joined), whose duties stand in a decision's article.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind11d.json).
"""

from __future__ import annotations

from plan_helpers import leaf_map, leaves
from sheettools.deadlines import parse_task_times

QD22 = "qdttg-22-2013-ho-tro-nha-o-nguoi-co-cong.md"


def test_letters_that_only_name_a_body_head_that_bodys_duties():
    # "1. Trách nhiệm của các Bộ, ngành Trung ương" / "a) Bộ Xây dựng:" / two '-' bullets /
    # "b) Bộ Kế hoạch và Đầu tư:" / one paragraph …: each letter was one task led by the
    # group ("các Bộ, ngành Trung ương"), its text starting with the ministry's name, and the
    # two bullets of a) were one task
    by_key = leaf_map(QD22)
    assert [by_key[k].lead_raw for k in ("1.a", "1.a.2", "1.b", "1.c", "1.d")] == [
        "Bộ Xây dựng",
        "Bộ Xây dựng",
        "Bộ Kế hoạch và Đầu tư",
        "Bộ Tài chính",
        "Bộ Lao động - Thương binh và Xã hội",
    ]
    assert by_key["1.a"].content.startswith("Chủ trì, phối hợp với các Bộ, ngành liên quan")
    assert by_key["1.a"].content.endswith("định kỳ tổng hợp tình hình báo cáo Thủ tướng Chính phủ;")
    assert by_key["1.a.2"].content.startswith("Bố trí kinh phí cho công tác chỉ đạo")
    assert by_key["1.c"].content.startswith("Phối hợp với Bộ Xây dựng bố trí vốn")
    # the letter's line is the first duty's source, then the bullet's
    assert len(by_key["1.a"].source_rows) == 2
    # the second group's letters are duties of the group's own body, as before
    assert by_key["2.a"].lead_raw == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
    assert by_key["2.a"].content.startswith("Công bố công khai về đối tượng")


def test_an_article_titled_as_the_duties_part_is_that_part():
    # "Điều 8. Tổ chức thực hiện": the duties are read there only; "2. Bộ Xây dựng có trách
    # nhiệm xây dựng dự toán kinh phí hàng năm …" of Điều 4 (the policy's management costs)
    # was read as a thirteenth duty
    by_key = leaf_map(QD22)
    assert "2" not in by_key
    assert len(by_key) == 13
    assert not any(t.content.startswith("Bộ Xây dựng có trách nhiệm") for t in by_key.values())
    # the unlettered paragraph after e) goes on e)'s text; the decision's closing articles
    # end h)
    assert by_key["2.e"].content.endswith(
        "nâng cao chất lượng nhà ở cho các hộ gia đình được hỗ trợ;"
    )
    assert by_key["2.h"].content.endswith("báo cáo Thủ tướng Chính phủ.")


NQ494 = "ubtvqh-494-nq-2012-giam-sat-nguoi-co-cong.md"


def test_the_issuers_request_over_numbered_items_assigns_them():
    # "Điều 2." / "Ủy ban thường vụ Quốc hội yêu cầu Chính phủ, Thủ tướng Chính phủ tập trung
    # thực hiện một số nhiệm vụ và giải pháp sau đây:" / "1. …" … "5. …": the resolution was
    # refused ("Không thấy bảng tiến độ …")
    tasks = leaves(NQ494)
    assert [t.key for t in tasks] == ["1", "2", "3", "4", "5"]
    assert {t.lead_raw for t in tasks} == {"Chính phủ, Thủ tướng Chính phủ"}
    assert tasks[0].content.startswith("Tiếp tục điều chỉnh nâng mức trợ cấp")
    # the lead-in's line is the first item's source; the items end at the next article and
    # its repository heading ("# 494_2012_NQ_UBTVQH13_art3_4" / "Điều 3." / "1. Kết thúc
    # năm 2013, Chính phủ báo cáo …" is the resolution's report of results, no item of Điều 2)
    assert tasks[0].source_rows == [36, 38]
    assert tasks[-1].content.endswith("pháp luật về người có công với cách mạng.")
    assert tasks[-1].source_rows == [46]
    assert tasks[2].due_date == "2012-12-31"  # "… trong năm 2012 để tiếp tục triển khai …"


def test_a_span_of_years_with_its_count_inside_a_duty_is_its_deadline():
    # "… cân đối ngân sách để thực hiện cơ bản xong trong hai năm 2012 - 2013. Trước mắt, dành
    # một phần tăng thu ngân sách nhà nước năm 2011 …" (Điều 2.2): the span's end; the item had
    # no deadline ("hai năm" before the span was read neither in the text nor by the parser)
    item = leaf_map(NQ494)["2"]
    assert item.due_raw == "trong hai năm 2012 - 2013"
    assert item.due_date == "2013-12-31"
    assert parse_task_times("", "trong 02 năm 2024 - 2025", 2024).due_date == "2025-12-31"
    assert parse_task_times("", "trong ba năm 2024 - 2026", 2024).due_date == "2026-12-31"


QD986 = "ubnd-tuyenquang-986-qd-2024-ke-hoach-thoi-gian-nam-hoc.md"


def test_an_article_whose_title_assigns_a_body_heads_its_items():
    # "Điều 2. Giao Giám đốc Sở Giáo dục và Đào tạo" (no colon) / "1. …" / "2. …" after
    # Điều 1's nine numbered timetable items: the plan was refused ("Không thấy bảng tiến
    # độ …"); the article's items are numbered afresh, not under Điều 1's "9."
    tasks = leaves(QD986)
    assert [t.key for t in tasks] == ["1", "2"]
    assert {t.lead_raw for t in tasks} == {"Giám đốc Sở Giáo dục và Đào tạo"}
    assert tasks[0].source_rows == [45, 47]
    # Điều 3 ends the items; the timetable of Điều 1 gives no task (it names no body)
    assert tasks[1].content.endswith("quy định tại Điều 1 Quyết định này.")
    assert not any(t.content.startswith(("Tựu trường", "Học kỳ")) for t in tasks)
