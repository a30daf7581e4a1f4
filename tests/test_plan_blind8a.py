"""Defects found by blind round 8a of issue 11: Government resolutions whose plan is a
Phụ lục table after the signature (Công báo PDFs).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 8a").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
NQ116 = "nqcp-116-2026-ke-hoach-kl213-thien-tai.pdf"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _by_key(name: str):
    tasks, _report = _plan(name)
    return {t.key: t for t in tasks}


def test_sub_rows_under_merged_cells_are_tasks_of_their_own():
    # Phụ lục I.4 has no lead; four '-' rows under it each have their own content and lead,
    # the coordinating cell merged over the first three and the deadline over all four.
    # Their borders are drawn across the number, content and lead columns only: the four
    # rows were read as one task whose lead glued four ministries without a separator
    by_key = _by_key(NQ116)
    assert by_key["I.4"].kind == "group"
    subs = [t for k, t in by_key.items() if k.startswith("I.4.") and t.kind != "group"]
    assert [t.lead_raw for t in subs] == [
        "Bộ NN&MT",
        "Bộ Xây dựng",
        "Bộ Công Thương",
        "Bộ Khoa học và Công nghệ",
    ]
    assert [t.content for t in subs][:2] == [
        "Công trình đê điều, hồ đập, công trình thoát lũ.",
        "Công trình giao thông.",
    ]
    # the merged cells belong to every row they cover
    assert [t.coord_raw for t in subs] == ["Bộ Khoa học và Công nghệ, các bộ, cơ quan"] * 3 + [
        "Các bộ, cơ quan"
    ]
    assert {t.due_raw for t in subs} == {"Năm 2026 và các năm tiếp theo"}
    # the next numbered task is whole again
    assert by_key["I.5"].lead_raw == "Bộ Tài chính"
    assert by_key["I.5"].due_raw == "Giai đoạn 2026 - 2030"
