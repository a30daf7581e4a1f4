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
