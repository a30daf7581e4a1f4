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
