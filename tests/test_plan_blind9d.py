"""Defects found by blind round 9d of issue 11: province plans as the legal database prints
them (thuvienphapluat.vn scrapes).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind9d.json).
"""

from __future__ import annotations

from plan_helpers import plan

NA982 = "ubnd-nghean-982-kh-2025-thi-dua-dai-hoi-xiv.md"


def _leaves(name: str):
    tasks, _report = plan(name)
    return [t for t in tasks if t.kind != "group"]


def test_bullets_naming_their_bodies_under_trach_nhiem_thuc_hien_are_duties():
    # "V. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN" / "2. Trách nhiệm thực hiện" / five '-' bullets,
    # each wrapped over lines and naming its body before any duty verb ("căn cứ", "phân
    # công", "hướng dẫn"): the plan was refused ("Không thấy bảng tiến độ …")
    leaves = _leaves(NA982)
    assert [t.key for t in leaves] == ["V.2", "V.2.2", "V.2.3", "V.2.4", "V.2.5"]
    assert [t.lead_raw for t in leaves] == [
        "Các cơ quan, đơn vị",
        "Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Hội đồng Thi đua - Khen thưởng các cấp",
        "Sở Nội vụ",
    ]
    # a bullet's wrapped lines stay in its text; the closing paragraph is no duty
    last = leaves[-1]
    assert last.content.startswith("Sở Nội vụ hướng dẫn khen thưởng Đợt thi đua; phối hợp")
    assert last.content.endswith("xuất sắc trong thực hiện Đợt thi đua.")
    assert last.source_rows == [277, 278, 279, 280]
    # "… phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy tiếp tục chỉ đạo …": it coordinates
    assert leaves[2].coord_raw == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    # "Sở Nội vụ hướng dẫn …; phối hợp với các cơ quan, đơn vị liên quan triển khai …": the
    # partners of its own clause (round 12c reads partners named inside a duty's sentence)
    assert last.coord_raw == "các cơ quan, đơn vị liên quan"
    assert not any(t.coord_raw for t in leaves if t is not leaves[2] and t is not last)


DL0124 = "ubnd-daklak-0124-kh-2025-thi-dua-dai-hoi-xiv.md"


def test_bullets_after_a_bodys_inline_paragraph_are_its_duties_one_each():
    # "1. Các cơ quan, đơn vị, địa" / "phương, doanh nghiệp căn cứ … xây dựng kế hoạch …" then
    # three '-' bullets with no lead-in colon: four duties of the same bodies (they were one)
    by_key = {t.key: t for t in _leaves(DL0124)}
    body = "Các cơ quan, đơn vị, địa phương, doanh nghiệp"
    four = [by_key[k] for k in ("IV.1", "IV.1.2", "IV.1.3", "IV.1.4")]
    assert all(t.lead_raw == body for t in four)
    assert four[0].content.endswith("hoàn thành mục tiêu phát triển kinh tế - xã hội năm 2025.")
    assert four[1].content == (
        "Giới thiệu điển hình tiên tiến trong Đợt thi đua để tuyên truyền trên các phương "
        "tiện thông tin đại chúng."
    )
    assert four[3].content.startswith("Báo cáo Ủy ban nhân dân tỉnh về kết quả Đợt thi đua")
    assert four[3].source_rows == [233, 234]


def test_a_request_to_the_party_committees_and_the_front_is_a_duty():
    # "2. Đề nghị các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị -
    # xã hội tỉnh: Phối hợp …": "các cấp ủy Đảng" opens a list of bodies; it was dropped
    by_key = {t.key: t for t in _leaves(DL0124)}
    t = by_key["IV.2"]
    assert t.lead_raw.startswith("các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh")
    assert t.content.startswith("Phối hợp chặt chẽ với cấp ủy, chính quyền các cấp")
    assert t.content.endswith(
        "lập thành tích chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng;"
    )
    assert len(by_key) == 9


DT556 = "ubnd-dongthap-556-kh-2025-tai-nguyen-moi-truong-bien.md"


def test_a_wrapped_line_starting_with_a_count_goes_on_the_bullet():
    # "… phối hợp với Ủy ban nhân dân" / "04 xã: Gia Thuận, Tân Điền, …" inside IV.1's sixth
    # bullet: a count with its leading zero is no heading "04"; it cut the bullet and lost
    # bullets 7–10 of Sở Nông nghiệp và Môi trường
    by_key = {t.key: t for t in _leaves(DT556)}
    sixth = by_key["IV.1.6"]
    assert "phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền" in sixth.content
    assert sixth.content.endswith("phục hồi hệ sinh thái biển đến năm 2030.")
    tenth = by_key["IV.1.10"]
    assert tenth.content.startswith("Xây dựng và triển khai kế hoạch quan trắc, cảnh báo")
    assert tenth.lead_raw == "Sở Nông nghiệp và Môi trường"
    assert "IV.1.11" not in by_key


def test_communes_named_after_a_bodys_colon_are_part_of_its_name():
    # "12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông" over three
    # bullets: the names after the colon are the communes, no duty (heading and bullets were
    # dropped)
    by_key = {t.key: t for t in _leaves(DT556)}
    three = [by_key[k] for k in ("IV.12", "IV.12.2", "IV.12.3")]
    assert {t.lead_raw for t in three} == {
        "Ủy ban nhân dân các xã Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông"
    }
    assert three[0].content.startswith("Xây dựng kế hoạch cụ thể hóa các nhiệm vụ và giải pháp")
    assert three[2].content.endswith("trong phạm vi quyền hạn của địa phương.")
    assert "IV.12.4" not in by_key


def test_numbered_sentences_wrapped_before_a_name_are_read_whole():
    # VI. TỔ CHỨC THỰC HIỆN: "3. Đề nghị Ủy ban Mặt trận" / "Tổ quốc Việt Nam tỉnh và các Đoàn
    # thể tỉnh bằng nhiều hình thức …" is a request, a duty (the lead was "Ủy ban Mặt trận");
    # "5. Giao Sở Nông nghiệp và" / "Môi trường chủ trì … thực hiện Kế hoạch này; …" is the
    # plan's general clause, no task (the lead was "Sở Nông nghiệp và")
    leaves = _leaves(DT556)
    vi = [t for t in leaves if t.key.startswith("VI.")]
    assert [t.key for t in vi] == ["VI.3"]
    assert vi[0].lead_raw == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể tỉnh"
    assert vi[0].content.startswith("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn")
    assert vi[0].content.endswith("góp phần phát triển bền vững kinh tế biển của tỉnh.")
    assert len(leaves) == 37
