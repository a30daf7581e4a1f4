"""Round 12b of issue 11: the pending duties of prose plans (Kế hoạch 252/KH-BCĐ1237 of 2013,
Nghị quyết 116/NQ-CP and 100/NQ-CP of 2026, Nghị quyết 394/NQ-CP of 2025, …).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md).
"""

from __future__ import annotations

from plan_helpers import PLANS, leaf_map
from sheettools.planprose import _own_plans, body_duties, prose_lines
from sheettools.plansource import read_document

BCD1237 = "bcdqg1237-252-2013-tim-kiem-quy-tap.md"


def _duties(name: str):
    return body_duties(prose_lines(read_document(PLANS / name)))


def test_a_body_guiding_others_to_draw_up_plans_delivers_no_own_plan():
    # Kế hoạch 252/KH-BCĐ1237 of 2013, D.6: "6. Văn phòng Ban Chỉ đạo quốc gia 1237" / "-
    # Chủ trì, … đề xuất … văn bản chỉ đạo và hướng dẫn các đơn vị, địa phương xây dựng kế
    # hoạch …": the office guides the others' plans (no task); D.4's "- Căn cứ … xây dựng kế
    # hoạch triển khai chi tiết …" is the bodies' own plan
    rows = [r for r in _duties(BCD1237) if r.line >= 312]
    office = next(r for r in rows if r.cells[3].startswith("Văn phòng Ban Chỉ đạo"))
    assert "hướng dẫn các đơn vị, địa phương xây dựng kế hoạch" in office.cells[1]
    assert not _own_plans(office, alone_too=True)
    assert _own_plans(
        next(r for r in rows if r.cells[3].startswith("Ban Chỉ đạo cấp")), alone_too=True
    )


def test_a_duties_part_lettered_as_the_plans_parts_is_found():
    # Kế hoạch 252/KH-BCĐ1237 of 2013: "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG, NHIỆM VỤ, …"
    # (sections I–IX with labelled fields), "C. …", "D. TỔ CHỨC THỰC HIỆN": the lettered D was
    # no part, so its items fell under IX and no duties part stood beside B's tasks
    assert {r.section for r in _duties(BCD1237) if r.line >= 312} == {"D"}  # D.'s lines
    tasks = leaf_map(BCD1237)
    own = tasks["D.4"]  # "4. Ban Chỉ đạo cấp quân khu, Ban Chỉ đạo các tỉnh, …" / "- Căn cứ …"
    assert own.lead_raw == (
        "Ban Chỉ đạo cấp quân khu, Ban Chỉ đạo các tỉnh, thành phố trực thuộc Trung ương"
    )
    assert own.content.startswith("Căn cứ vào nội dung, nhiệm vụ của Kế hoạch này xây dựng kế")
    # B's sections keep their keys; D.1 (the steering committee follows the plan up), D.2
    # (Bộ Quốc phòng: B restated), D.5 (taking part), D.7 (funding) stay out
    assert "I.1.a" in tasks and "IX.1.a" in tasks
    assert not {"D.1", "D.2", "D.5", "D.7"} & set(tasks)


def test_a_heading_listing_bodies_between_semicolons_is_a_list_of_bodies():
    # Kế hoạch 252/KH-BCĐ1237 of 2013, D.3 "3. Trách nhiệm của các Bộ, ngành, địa phương; Ủy
    # ban Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Hội Cựu chiến binh Việt Nam" over a
    # paragraph: 21 words read as one name (too long for one), so the part lost D.3
    d3 = next(r for r in _duties(BCD1237) if r.section == "D" and r.cells[0] == "3")
    assert d3.cells[3] == (
        "các Bộ, ngành, địa phương; Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Hội"
        " Cựu chiến binh Việt Nam"
    )
    assert d3.cells[1].startswith("Căn cứ quy định tại Điều 3 của Quyết định số 1237/QĐ-TTg")


def test_own_plans_named_beside_other_documents_of_the_bodies():
    # Kế hoạch 252/KH-BCĐ1237 of 2013, D.3: "… các Bộ, ngành, địa phương, đơn vị, Ủy ban
    # Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Hội Cựu chiến binh Việt Nam xây dựng
    # các văn bản hướng dẫn, chỉ đạo và kế hoạch tổ chức triển khai thực hiện" — their own
    # plan after their other documents; the plan is read whole: B's 40 tasks, D.3 and D.4
    tasks = leaf_map(BCD1237)
    assert len(tasks) == 42
    assert [k for k in tasks if k.startswith("D")] == ["D.3", "D.4"]
    d3 = tasks["D.3"]
    assert d3.lead_raw.startswith("các Bộ, ngành, địa phương; Ủy ban Trung ương Mặt trận")
    assert "xây dựng các văn bản hướng dẫn, chỉ đạo và kế hoạch tổ chức" in d3.content


NQ116 = "nqcp-116-2026-phong-chong-thien-tai-kl213.pdf"


def test_a_heading_of_heads_of_bodies_over_lettered_duties_is_a_list_of_bodies():
    # Nghị quyết 116/NQ-CP of 2026, III.1 "1. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ
    # tịch Ủy ban nhân" / "dân các tỉnh, thành phố:" / "a) Căn cứ …, các bộ, cơ quan, địa
    # phương có trách nhiệm xây dựng, ban hành Kế hoạch chi tiết, báo cáo Chính phủ trong quý
    # II năm 2026 …": 19 words read as one name, too long for one body, so III.1 was lost
    tasks = leaf_map(NQ116)
    assert len(tasks) == 37
    own = tasks["III.1.a"]
    assert own.lead_raw == (
        "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố"
    )
    assert own.due_date == "2026-06-30"
    # III.1.b, c (carry out, check and report) stay out
    assert not {"III.1.b", "III.1.c"} & set(tasks)


NQ394 = "nqcp-394-2025-phong-trao-bao-ve-moi-truong.md"


def test_a_heading_of_bodies_wrapped_over_three_lines_above_its_letters_is_joined():
    # Nghị quyết 394/NQ-CP of 2025, IV.1 "1. Bộ trưởng, Thủ trưởng" / "cơ quan ngang bộ, cơ
    # quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh," / "thành phố trực thuộc trung
    # ương" / "a) …" — no colon: read as one paragraph, its letters a)–đ) lost
    d = [r for r in _duties(NQ394) if r.section == "IV" and r.cells[0].startswith("1.")]
    assert [r.cells[0] for r in d] == ["1.a", "1.b", "1.c", "1.d", "1.đ"]
    assert {r.cells[3] for r in d} == {
        "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân"
        " dân các tỉnh, thành phố trực thuộc trung ương"
    }
    assert d[2].cells[1].startswith("Trước ngày 31 tháng 12 năm 2025, xây dựng, ban hành")


LAOCAI_CT11 = "ubnd-laocai-2026-ct11-khoang-san.docx"


def test_the_heads_of_a_class_of_bodies_are_bodies_in_the_plural():
    # Nghị quyết 394/NQ-CP of 2025, IV.1.c "Trước ngày 31 tháng 12 năm 2025, xây dựng, ban
    # hành chương trình, kế hoạch hành động, văn bản phân công …" of "Bộ trưởng, Thủ trưởng cơ
    # quan ngang bộ, …, Chủ tịch Ủy ban nhân dân các tỉnh, …": the heads of every ministry and
    # province, as "các bộ, …" is, before the appended table
    tasks = leaf_map(NQ394)
    assert len(tasks) == 5
    own = tasks["IV.1.c"]
    assert own.due_date == "2025-12-31"
    assert not {"IV.1.a", "IV.1.b", "IV.1.d", "IV.1.đ"} & set(tasks)
    # Chỉ thị 11 of 2026, Lào Cai, IV.1 "Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh;
    # Chủ tịch Ủy ban nhân dân các xã, phường" / its second bullet "Căn cứ …, chủ động ban
    # hành Văn bản, Kế hoạch chỉ đạo …" (their own documents and plans)
    ct11 = leaf_map(LAOCAI_CT11)
    assert len(ct11) == 16
    assert ct11["IV.1.2"].lead_raw.startswith("Giám đốc các Sở và Thủ trưởng các ban, ngành tỉnh")
    assert "chủ động ban hành Văn bản, Kế hoạch chỉ đạo" in ct11["IV.1.2"].content
