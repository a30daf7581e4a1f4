"""Defects found by blind round 13c of issue 11: more real files from the folders earlier
rounds took plans from (the Lâm Đồng People's Committee office's working files, a 2009
directive of Bình Dương kept by a document-management system).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind13c.json).
"""

from __future__ import annotations

from plan_helpers import leaves

C04 = "ubnd-lamdong-cv-2026-tham-muu-c04-ma-tuy.docx"


def test_a_dispatch_giving_its_one_duty_in_an_unnumbered_paragraph_is_read():
    # "Chủ tịch Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh
    # nghiên cứu, …; báo cáo, tham mưu Ủy ban nhân dân tỉnh trước ngày 04/5/2026./.": the
    # dispatch numbers nothing, and it was refused ("Không thấy bảng tiến độ …")
    tasks = leaves(C04)
    assert len(tasks) == 1
    t = tasks[0]
    assert t.lead_raw == "Sở Tài chính"
    assert t.coord_raw == "Công an tỉnh"
    assert t.content.startswith("Chủ tịch Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì")
    assert t.content.endswith("trước ngày 04/5/2026./.")
    assert str(t.due_date) == "2026-05-04"
    # the paragraph before it (the dispatch received, "Ủy ban nhân dân tỉnh nhận được Công
    # văn số 2388/C04-P6 …") gives no duty
    assert not any("nhận được" in x.content for x in tasks)


CHISO = "ubnd-lamdong-cv-2025-cai-thien-chi-so-cchc.docx"
CT9 = "ubnd-binhduong-09-ct-2009-khcn-co-so.doc"


def test_the_grounds_after_the_bodies_name_end_it():
    # "a) Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu căn cứ kế hoạch cải
    # cách hành chính hằng năm của cơ quan, đơn vị, địa phương mình, định kỳ hằng tháng có
    # trách nhiệm rà soát, …": the name ran on to "có trách nhiệm" (too long for a name) and
    # the duty was lost
    by_key = {t.key: t for t in leaves(CHISO)}
    t = by_key["II.2.a"]
    assert t.lead_raw == "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu"
    assert t.content.startswith(
        "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu căn cứ"
    )
    assert len(by_key) == 25
    # "b) Ủy ban nhân dân các huyện, thị xã căn cứ vào các nội dung nhiệm vụ tại khoản 1, 2,
    # 3, 4, phối hợp với …" (a directive of 2009): the grounds with "vào"; 6.b was lost and
    # 6.a's lead was "Các sở, ban, ngành căn cứ vào các nội dung nhiệm vụ tại khoản 1, 3, 5"
    ct = {t.key: t for t in leaves(CT9)}
    assert ct["6.a"].lead_raw == "Các sở, ban, ngành"
    assert ct["6.a"].coord_raw == "Sở Khoa học và Công nghệ"
    assert ct["6.b"].lead_raw == "Ủy ban nhân dân các huyện, thị xã"
    assert ct["6.b"].content.startswith("Ủy ban nhân dân các huyện, thị xã căn cứ vào các nội")
    assert ct["6.b"].content.endswith(
        "quản lý nhà nước về khoa học và công nghệ trên địa bàn huyện, thị xã."
    )


def test_a_row_of_the_appended_table_holding_the_bodies_own_plans_is_not_repeated():
    # Kế hoạch CCHC năm 2026 of Lâm Đồng: "II. TỔ CHỨC THỰC HIỆN" / "a) Các sở, ban, ngành và
    # Ủy ban nhân dân các xã, phường, đặc khu căn cứ các chỉ tiêu, nhiệm vụ được giao tại Kế
    # hoạch này có trách nhiệm xây dựng kế hoạch …" — now that the grounds end the bodies'
    # name it is read as their own plan, but the table's row VII.1 "Xây dựng và tổ chức thực
    # hiện Kế hoạch cải cách hành chính năm 2026 của cơ quan, đơn vị, địa phương" holds it
    tasks = leaves("ubnd-lamdong-2026-ke-hoach-cchc-nam-2026.docx")
    assert len(tasks) == 52
    assert not any("căn cứ các chỉ tiêu, nhiệm vụ được giao" in t.content for t in tasks)


def test_an_arabic_heading_titled_as_the_duties_part_is_that_part():
    # Chỉ thị 09/2009/CT-UBND of Bình Dương has no Roman part: "1."–"5." are the contents
    # asked of all departments and districts (bodies named inside them, "b) Thanh tra khoa
    # học và công nghệ: Ủy ban nhân dân các huyện, thị xã làm đầu mối …"), "6. Phân công tổ
    # chức thực hiện:" gives the duties per body; 1.c, 2.b and 5 were read as duties beside
    # it, 2.b with the topic "Thanh tra khoa học và công nghệ" as its lead
    tasks = leaves(CT9)
    assert [t.key for t in tasks] == [
        "6.a", "6.b", "6.c", "6.c.2", "6.c.3", "6.c.4", "6.d", "6.e", "6.e.2"
    ]  # fmt: skip
    assert not any(t.lead_raw == "Thanh tra khoa học và công nghệ" for t in tasks)


def test_a_kind_of_local_body_after_a_plural_is_no_unit_of_its_own():
    # "Ủy ban nhân dân các huyện, thị xã" (Chỉ thị 09/2009/CT-UBND of Bình Dương, 6.b): the
    # committees of every district and town — "thị xã" alone was proposed as a unit
    from sheettools.units import suggest_registry

    cells = [c for t in leaves(CT9) for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    assert "thị xã" not in {u.name.lower() for u in units}
    assert [u.name for u in units] == ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"]
    assert "Ủy ban nhân dân các huyện" in {g.name for g in groups}
