"""Causes left pending by blind round 9 (helper 10c of session 11): prose plans.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md and the expected-blind*.json
hand counts) and asserts how the importer reads it now.
"""

from __future__ import annotations

from plan_helpers import leaf_map, leaves

CT153 = "ubnd-cantho-153-kh-2025-phong-chong-ma-tuy.md"


def test_a_dash_list_under_a_letter_ending_bao_gom_is_that_letters_text():
    # "h) Chủ trì triển khai, thực" / "hiện các nhiệm vụ được giao tại các dự án trong Chương
    # trình theo chỉ đạo của Bộ" / "Công an, bao gồm:" then six "- Dự án …" lines: the letter
    # was taken for a role line over six duties ("Dự án 1: …" as IV.1.h), its own sentence lost
    by = leaf_map(CT153)
    h = by["IV.1.h"]
    assert h.lead_raw == "Công an thành phố"
    assert h.content.startswith(
        "Chủ trì triển khai, thực hiện các nhiệm vụ được giao tại các dự án"
    )
    assert "- Dự án 1: Phòng ngừa, đấu tranh tội phạm về ma túy" in h.content
    assert h.content.endswith("- Dự án 9: Quản lý, giám sát, đánh giá Chương trình.")
    assert not any(k.startswith("IV.1.h.") for k in by)
    ones = [t for t in leaves(CT153) if t.key.startswith("IV.1.")]
    assert [t.key for t in ones][:8] == [f"IV.1.{x}" for x in "abcdđegh"]


# --- duties of a "Tổ chức thực hiện": a deliverable given to named bodies is a task ----------


def test_the_bodies_own_plan_in_a_second_to_chuc_thuc_hien_is_a_task_its_common_rules_not():
    # the source numbers two parts IV; the second, "IV. TỔ CHỨC THỰC HIỆN": "1. Các sở, ban,
    # ngành thành phố và Ủy ban nhân dân xã, phường:" / "a) Căn cứ … xây dựng kế hoạch cụ thể,
    # … gửi kế hoạch … trong thời hạn 10 ngày …" (a deliverable: a task) / "b) Định kỳ hằng
    # năm (trước" / "ngày 15 tháng 12) báo cáo kết quả …" (the plan's recurring report) and
    # "2. Giao Công an thành phố có trách nhiệm theo dõi, hướng dẫn, đôn đốc … triển khai, thực
    # hiện Kế hoạch nghiêm túc, hiệu quả./." (the follow-up body): the last two were tasks
    by = leaf_map(CT153)
    own = by["IV.1.a-2"]
    assert own.lead_raw == "Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường"
    assert own.content.startswith("Căn cứ chức năng và nhiệm vụ được giao tại Kế hoạch này")
    assert "IV.1.b-2" not in by
    assert not any(t.content.startswith("Giao Công an thành phố") for t in leaves(CT153))
    assert len(by) == 45


NA1026 = "ubnd-nghean-1026-kh-2025-bao-ve-bi-mat-nha-nuoc.md"


def test_a_list_of_bodies_after_the_grounds_is_read_as_a_list():
    # "1. Căn cứ kế hoạch này, Giám đốc các Sở, Thủ" / "trưởng các ngành, cơ quan cấp tỉnh,
    # UBND các xã, phường, các cơ quan, đơn vị có" / "liên quan xây dựng kế hoạch cụ thể …":
    # 22 words of names, taken for one name too long to be a body's, and the duty lost
    by = leaf_map(NA1026)
    t = by["IV.1"]
    assert t.lead_raw == (
        "Giám đốc các Sở, Thủ trưởng các ngành, cơ quan cấp tỉnh, UBND các xã, phường, các cơ "
        "quan, đơn vị có liên quan"
    )
    assert "xây dựng kế hoạch cụ thể để triển khai thực hiện" in t.content
    # "2. Giao Công an tỉnh … theo dõi, hướng dẫn, kiểm tra, đôn đốc việc triển khai thực hiện
    # Kế hoạch này; định kỳ báo cáo …": the follow-up body, no task
    assert "IV.2" not in by
    assert len(by) == 15


QN1627 = "ubnd-quangngai-1627-qd-2025-tong-kiem-ke-tai-san-cong.md"


def test_the_bodies_own_plan_beside_labelled_duties_is_a_task():
    # "VI. TỔ CHỨC THỰC HIỆN" / "1. Trên cơ sở nội dung Kế hoạch nêu trên, các" / "sở, ban,
    # ngành tỉnh, Ủy ban nhân dân các phường, xã, đặc khu căn cứ … để thành lập, kiện toàn
    # Ban Chỉ đạo kiểm kê, ban hành Kế hoạch triển khai thực hiện …": beside the labelled
    # duties of IV (each with its time line) it was not read; VI.2 (manner) and VI.3
    # (difficulties) stay no task
    by = leaf_map(QN1627)
    t = by["VI.1"]
    assert t.lead_raw == "các sở, ban, ngành tỉnh, Ủy ban nhân dân các phường, xã, đặc khu"
    assert "ban hành Kế hoạch triển khai thực hiện" in t.content
    assert not any(k.startswith(("VI.2", "VI.3")) for k in by)
    assert len(by) == 25


LC7360 = "ubnd-laichau-7360-kh-2025-luat-tieu-chuan.md"


def test_a_detailed_plan_asked_of_the_departments_and_communes_is_a_task():
    # "IV. TỔ CHỨC THỰC HIỆN" / "2. Căn cứ nội dung Kế hoạch" / "và tình hình thực tiễn, các
    # sở, ngành và Ủy ban nhân dân các xã, phường được phân công … có trách nhiệm xây dựng kế
    # hoạch chi tiết triển khai thi hành Luật …"; "1. Sở Khoa học và Công nghệ có trách
    # nhiệm giúp Chủ tịch … theo dõi, kiểm tra, đôn đốc …" (the follow-up body) stays no task
    by = leaf_map(LC7360)
    assert by["IV.2"].lead_raw.startswith("các sở, ngành và Ủy ban nhân dân các xã, phường")
    assert "xây dựng kế hoạch chi tiết triển khai thi hành Luật" in by["IV.2"].content
    assert "IV.1" not in by
    assert len(by) == 10


def test_to_chuc_co_lien_quan_in_a_list_of_bodies_is_no_verb():
    # Kế hoạch 308/KH-UBND of 2025 (Hà Nội), III.2: "Các Sở, ban, ngành, UBND xã, phường và
    # các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng …": read as a list of
    # bodies, its name was cut before "tổ chức" as if a verb ("… và các cơ quan,")
    from sheettools.planprose import _bound_at_verb

    said = (
        "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan căn cứ Kế "
        "hoạch này, xây dựng Kế hoạch triển khai tại cơ quan đơn vị"
    )
    assert not _bound_at_verb(said, True).endswith("các cơ quan,")
    assert "tổ chức có liên quan" in _bound_at_verb(said, True)
