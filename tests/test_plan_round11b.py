"""Round 11b of issue 11: the "Tổ chức thực hiện" of plans of the blind rounds 6a–10d re-read
under the rule of docs/plan-import.md, "Common rules and deliverables" (round 10).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md).
"""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map, leaves
from sheettools.planprose import body_duties, prose_lines
from sheettools.plansource import read_document

NGHEAN980 = "ubnd-nghean-980-kh-2025-phong-thu-dan-su.md"
QD2629 = "qdttg-2629-2025-chinh-phu-so.md"
BACNINH144 = "ubnd-bacninh-144-kh-2025-kinh-te-so.md"
DONGTHAP617 = "ubnd-dongthap-617-kh-2025-chuyen-doi-so-doanh-nghiep.md"


def test_own_plans_of_a_duties_part_before_an_appended_table_are_read():
    # Kế hoạch 980/KH-UBND of 2025, Nghệ An: "IV. TỔ CHỨC THỰC HIỆN" comes before the
    # appended "DANH MỤC NHIỆM VỤ" table; its "3. Căn cứ nội dung Kế hoạch và tình hình thực
    # tiễn," / "các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường"
    # / "xây dựng Kế hoạch triển khai …" (each body's own plan) was dropped with the whole part
    tasks = leaf_map(NGHEAN980)
    assert len(tasks) == 19
    own = tasks["IV.3"]
    assert own.lead_raw == (
        "các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường"
    )
    assert "xây dựng Kế hoạch triển khai thi hành Nghị định" in own.content
    # the part's other duties stay out: 1. (carry out the plan), 2. (the follow-up body),
    # 4. (funding), 5. (difficulties) — and the table's 18 rows are all still read
    assert [k for k in tasks if k.startswith("IV")] == ["IV.3"]
    assert len([k for k in tasks if not k.startswith("IV")]) == 18


def test_a_list_of_bodies_after_grounds_is_not_cut_at_to_chuc_naming_bodies():
    # "Căn cứ …, các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã,
    # phường xây dựng …": "tổ chức chính trị - xã hội" names bodies; the lead was cut at
    # "các sở, ban, ngành"
    assert leaf_map(NGHEAN980)["IV.3"].lead_raw.endswith("Ủy ban nhân dân các xã, phường")


def test_own_plan_bullet_of_a_body_list_before_the_appendix_tables():
    # Quyết định 2629/QĐ-TTg of 2025 (Chính phủ số), IV.2 "Các bộ, ngành, địa phương có trách
    # nhiệm:" / "- Xây dựng, ban hành Kế hoạch hành động phát triển Chính phủ số, Chính quyền
    # số … trước ngày 31 tháng 12 năm 2025." — a dated deliverable no row of Phụ lục II holds
    tasks = leaf_map(QD2629)
    assert len(tasks) == 98
    own = [t for t in tasks.values() if t.key.startswith("IV")]
    assert len(own) == 1
    assert own[0].lead_raw == "Các bộ, ngành, địa phương"
    assert own[0].content.startswith("Xây dựng, ban hành Kế hoạch hành động phát triển")
    assert own[0].due_date == "2025-12-31"
    # IV.1 (Bộ Khoa học và Công nghệ follows the programme up), the other bullets of IV.2
    # (carry out, standardise, …), IV.5 (the yearly report) stay out
    assert not any(t.lead_raw == "Bộ Khoa học và Công nghệ" for t in own)


def test_the_same_rule_reads_two_plans_of_earlier_rounds():
    # Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, VI.11.d "Chủ động xây dựng Kế hoạch triển khai
    # …" of "11. Các sở, ban, ngành, UBND các xã, phường"; Kế hoạch 617/KH-UBND of 2025, Đồng
    # Tháp, IV.7 "… Ủy ban nhân dân các xã, phường căn cứ nhiệm vụ được giao, xây dựng kế
    # hoạch, chương trình cụ thể …" — both before their appended table
    b = [t for t in leaves(BACNINH144) if t.key.startswith("VI")]
    assert [t.key for t in b] == ["VI.11.d"]
    assert b[0].lead_raw == "Các sở, ban, ngành, UBND các xã, phường"
    d = leaves(DONGTHAP617)
    assert len(d) == 12 and d[-1].key == "IV.7"  # after the table's 11 rows (IV.9–IV.11 its)
    d = d[-1:]
    assert d[0].lead_raw == "Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường"


# round 11e

QD232 = "qdttg-232-2025-thi-truong-cac-bon.md"


def test_a_class_heading_that_names_its_members_after_its_colon_keeps_them():
    # Quyết định 232/QĐ-TTg of 2025, V.3: "3. Các Bộ: Công Thương, Giao thông vận tải, Nông
    # nghiệp và Phát triển nông thôn, Xây dựng" over '-' bullets: the ministries named after
    # the colon are the body, not a duty of "Các Bộ" (a vague group units cannot resolve)
    rows = body_duties(prose_lines(read_document(PLANS / QD232), text_only=True))
    v3 = [r for r in rows if r.section == "V" and r.cells[0].startswith("3")]
    assert {r.cells[3] for r in v3} == {
        "Các Bộ: Công Thương, Giao thông vận tải, Nông nghiệp và Phát triển nông thôn, Xây dựng"
    }
    assert [r.cells[1][:20] for r in v3][:3] == [
        "Chủ trì, phối hợp cá",
        "Tiếp tục thực hiện c",
        "Căn cứ các nhiệm vụ ",
    ]
