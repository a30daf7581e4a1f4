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
    # (VI.15, of three bodies named one by one, is read since round 13a)
    assert [t.key for t in b] == ["VI.11.d", "VI.15"]
    assert b[0].lead_raw == "Các sở, ban, ngành, UBND các xã, phường"
    # (617's IV.5, of "Ủy ban nhân dân các xã, phường", is read since round 11e)
    d = leaves(DONGTHAP617)
    assert len(d) == 13 and [t.key for t in d[-2:]] == ["IV.5", "IV.7"]  # after 11 rows
    assert d[-1].lead_raw == "Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường"


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


QD2597 = "qdttg-2597-2025-chuyen-doi-so-ket-cau-ha-tang.md"
DONGTHAP552 = "ubnd-dongthap-552-kh-2025-doi-moi-cong-nghe.md"
LAOCAI_CT11 = "ubnd-laocai-2026-ct11-khoang-san.docx"


def test_own_plans_in_other_phrasings_before_an_appended_table_are_read():
    # Quyết định 232/QĐ-TTg of 2025, V.3: "- Căn cứ các nhiệm vụ của Đề án, rà soát …, lập
    # kế hoạch nhiệm vụ cụ thể hàng năm và theo giai đoạn …" of the four ministries named
    # after the heading's colon
    t232 = leaf_map(QD232)
    assert len(t232) == 43
    own = t232["V.3.3"]
    assert own.lead_raw.startswith("Các Bộ: Công Thương, Giao thông vận tải")
    assert "lập kế hoạch nhiệm vụ cụ thể hàng năm" in own.content
    # the part's other duties stay out (the table's rows are keyed V.1 … too)
    assert [k for k, t in t232.items() if t.lead_raw.startswith("Các Bộ")] == ["V.3.3"]
    # Quyết định 2597/QĐ-TTg of 2025, V.5.a: "Căn cứ mục tiêu, … của Đề án để cụ thể hóa
    # thành các chương trình, kế hoạch chuyển đổi số … của địa phương" of "Ủy ban nhân dân
    # các tỉnh, thành phố" (a class of local bodies: plural without a leading "các")
    t2597 = leaf_map(QD2597)
    assert len(t2597) == 26
    assert t2597["V.5.a"].lead_raw == "Ủy ban nhân dân các tỉnh, thành phố"
    assert [k for k, t in t2597.items() if t.lead_raw.startswith("Ủy ban nhân dân các")] == [
        "V.5.a"
    ]
    # Kế hoạch 552/KH-UBND of 2025, Đồng Tháp, V.8 "chủ động xây dựng và triển khai kế
    # hoạch, chương trình, đề án cụ thể" and V.9's first bullet "- Xây dựng kế hoạch triển
    # khai …" of "9. Ủy ban nhân dân xã, phường" (two levels named: a class)
    t552 = leaf_map(DONGTHAP552)
    assert len(t552) == 21
    assert t552["V.8"].lead_raw == "Các sở, ban, ngành Tỉnh"
    assert t552["V.9"].lead_raw == "Ủy ban nhân dân xã, phường"
    assert t552["V.9"].content.startswith("Xây dựng kế hoạch triển khai phù hợp")
    # V.9's other bullets (communication, cooperation and the report) stay out
    assert [k for k in t552 if k.startswith("V.")] == ["V.8", "V.9"]


def test_a_class_of_local_bodies_counts_as_bodies_in_the_plural_but_one_body_does_not():
    # Chỉ thị 11 of 2026, Lào Cai (.docx, with its appended table): IV.12 "Quán triệt, …;
    # xây dựng kế hoạch cụ thể, phù hợp với tình hình thực tiễn của từng địa phương" of
    # "Ủy ban nhân dân các xã, phường" — their own plans, in no row of the table
    tasks = leaf_map(LAOCAI_CT11)
    assert tasks["IV.12"].lead_raw == "Ủy ban nhân dân các xã, phường"
    # (and IV.1.2, the second bullet of the heads of departments and communes, since round
    # 12b: heads of a class of bodies are bodies in the plural)
    assert [k for k in tasks if k.startswith("IV")] == ["IV.1.2", "IV.12"]
    # the table's 14 rows are all still read
    assert len(tasks) == 16
    # Đồng Tháp 617 IV.5 "Xây dựng kế hoạch cụ thể triển khai tại địa phương" likewise
    assert leaf_map(DONGTHAP617)["IV.5"].lead_raw == "Ủy ban nhân dân các xã, phường"
