"""Defects found by blind round 10b of issue 11: plans of a provincial department and a party
committee in the formats the offices kept them (a Word 97-2003 .doc, a PDF).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 10b",
and expected-blind10b.json).
"""

from __future__ import annotations

from plan_helpers import by_key, leaf_map, leaves

TN = "tinhuy-thainguyen-ctr-2025-du-thao-thuc-hien-nq-dai-hoi.pdf"


def test_rows_numbered_in_brackets_belong_to_the_heading_above():
    # the appendix of Tỉnh ủy Thái Nguyên's action programme: headings "1", "2.1" … "4.4",
    # "5" with no lead or dates, each over rows numbered (1), (2), … afresh. The headings
    # were tasks without a lead and the rows got keys "(1)-2" … "(1)-17"
    rows = by_key(TN)
    heads = ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.8", "4", "4.1", "4.4", "5"]
    assert all(rows[k].kind == "group" for k in heads)
    assert rows["2.1"].parent == "2" and rows["2.1"].content == "Công tác xây dựng Đảng"
    tasks = leaves(TN)
    assert len(tasks) == 95 and not any("duplicate_number" in t.flags for t in tasks)
    assert all(t.lead_raw for t in tasks)
    by = leaf_map(TN)
    # each row is numbered within its heading
    t = by["2.1.(12)"]
    assert t.parent == "2.1"
    assert t.content.startswith("Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác")
    assert t.lead_raw == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    t = by["5.(4)"]
    assert t.parent == "5" and t.lead_raw == "Đảng ủy Công an tỉnh"
    assert (t.due_raw, str(t.due_date)) == ("Tháng 12/2025", "2025-12-31")
    assert [k for k in by if k.startswith("3.6.")] == [f"3.6.({i})" for i in range(1, 9)]
