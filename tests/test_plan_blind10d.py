"""Defects found by blind round 10d of issue 11: province directives and plans as text
(the `pdftotext -layout` text of a province's dispatches giving tasks to its departments).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind10d.json).
"""

from __future__ import annotations

from plan_helpers import leaf_map

CV4390 = "ubnd-laocai-4390-cv-2026-trien-khai-nd-180.txt"


def test_a_bodys_name_ends_before_chu_dong_and_nghien_cuu():
    # "1. Sở Nông nghiệp và Môi trường chủ động nghiên cứu, tổ chức triển khai …": the lead
    # was "Sở Nông nghiệp và Môi trường chủ động nghiên cứu, tổ chức triển khai"
    t = leaf_map(CV4390)["1"]
    assert t.lead_raw == "Sở Nông nghiệp và Môi trường"
    assert t.content.startswith("Sở Nông nghiệp và Môi trường chủ động nghiên cứu, tổ chức")
    assert t.content.endswith("chỉ đạo thực hiện các nội dung thuộc thẩm quyền.")
    assert t.source_rows == [17, 18, 19, 20, 21]


CV9387 = "ubnd-laocai-9387-cv-2026-trien-khai-ctr-104.txt"


def test_a_one_sentence_duty_names_its_list_of_bodies_before_the_verb():
    # "1. Các Sở, ban, ngành thuộc tỉnh, Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh," / "Ủy ban
    # nhân dân các xã, phường tổ chức nghiên cứu, … hiệu" / "quả.": the name was read up to
    # the role word "thực hiện" near the end (20 words), taken for no body, the duty lost
    t = leaf_map(CV9387)["1"]
    assert t.lead_raw == (
        "Các Sở, ban, ngành thuộc tỉnh, Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh, "
        "Ủy ban nhân dân các xã, phường"
    )
    assert t.content.startswith("Các Sở, ban, ngành thuộc tỉnh, Công an tỉnh, Bộ Chỉ huy")
    assert t.content.endswith("bảo đảm đồng bộ, hiệu quả.")
    assert t.source_rows == list(range(20, 30))
    # "4. Ủy ban nhân dân các xã, phường nghiên cứu, triển khai thực hiện …": a comma in the
    # list of bodies no longer keeps the name running on to "triển khai"
    assert leaf_map(CV4390)["4"].lead_raw == "Ủy ban nhân dân các xã, phường"


def test_a_national_park_is_a_body():
    # "3. Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp chủ động nghiên" / "cứu, triển
    # khai …": a national park started no body's name, the duty was lost
    t = leaf_map(CV4390)["3"]
    assert t.lead_raw == "Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp"
    assert t.content.endswith("thuộc trách nhiệm, thẩm quyền của chủ rừng, đảm bảo đúng quy định.")
    assert t.source_rows == [25, 26, 27]


CV2449 = "dangu-ubnd-laocai-2449-cv-2026-trien-khai-ctr-104.txt"


def test_a_dispatchs_closing_request_is_no_part_of_the_last_duty():
    # "Căn cứ ý kiến chỉ đạo, yêu cầu các Sở, ngành, địa phương triển khai thực hiện./." was
    # glued onto duty 2 (and its deadline sentence)
    t = leaf_map(CV9387)["2"]
    assert t.content.endswith("Thời gian hoàn thành xong trước ngày 05/10/2026.")
    assert t.source_rows == [30, 31, 32, 33, 34]
    assert t.due_date == "2026-10-05"
    # "Căn cứ nội dung chỉ đạo trên, yêu cầu các sở, ngành, cơ quan, đơn vị, Ủy" / "ban nhân
    # dân các xã, phường triển khai thực hiện./."
    t = leaf_map(CV4390)["4"]
    assert t.content.endswith("hấp thụ và lưu giữ các-bon của rừng trên địa bàn.")
    assert t.source_rows == [28, 29, 30, 31]
    # "Đề nghị Ủy ban nhân dân tỉnh và các tổ chức đảng nghiêm túc triển khai" / "thực hiện."
    last = list(leaf_map(CV2449).values())[-1]
    assert "nghiêm túc triển khai" not in last.content
    assert max(last.source_rows) == 46


def test_a_paragraph_giving_a_duty_to_another_body_is_that_bodys_duty():
    # "2. Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy; các chi" / "bộ, đảng bộ cơ sở"
    # over a paragraph, then "Giao Ban xây dựng đảng Đảng ủy chủ trì, hướng dẫn các cấp ủy, tổ
    # chức" / "đảng đẩy mạnh …": the second paragraph was glued onto the first body's duty
    tasks = leaf_map(CV2449)
    assert list(tasks) == ["1", "1.2", "2", "2.2"]
    first, second = tasks["2"], tasks["2.2"]
    assert first.lead_raw.startswith("Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy")
    assert first.content.endswith("của các cấp ủy, chính quyền và người đứng đầu.")
    assert second.lead_raw == "Ban xây dựng đảng Đảng ủy"
    assert second.content.startswith("Giao Ban xây dựng đảng Đảng ủy chủ trì, hướng dẫn")
    assert second.content.endswith("sự đồng thuận trong toàn Đảng bộ.")
    assert second.source_rows == [42, 43, 44, 45, 46]
