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
