"""Defects found by blind round 8b of issue 11: task appendices of Government resolutions as
the Công báo prints them (PDF with a text layer, ruled tables).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 8b").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import FLAG_MERGED_DOWN, parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
NQ116 = "nqcp-116-2026-phong-chong-thien-tai-kl213.pdf"
NQ100 = "nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def test_rows_closed_by_a_border_over_the_first_columns_are_tasks_of_their_own():
    # I.4 is a heading over four "-" rows, each with its own body in charge; the border
    # between them stops at the lead column (one coordinating cell over the first three, one
    # deadline cell over the four). The four rows were one task "I.- - - -" whose lead was
    # the four bodies run together ("Bộ NN&MT Bộ Xây dựng Bộ Công Thương …")
    tasks, _report = _plan(NQ116)
    heading = next(t for t in tasks if t.key == "I.4")
    assert heading.kind == "group"
    assert heading.content.startswith("Hoàn thiện hệ thống tiêu chuẩn, quy chuẩn kỹ thuật")
    rows = [t for t in tasks if t.key.startswith("I.4.")]
    assert [(t.content, t.lead_raw) for t in rows] == [
        ("Công trình đê điều, hồ đập, công trình thoát lũ.", "Bộ NN&MT"),
        ("Công trình giao thông.", "Bộ Xây dựng"),
        ("Công trình hạ tầng năng lượng.", "Bộ Công Thương"),
        ("Công trình thông tin liên lạc.", "Bộ Khoa học và Công nghệ"),
    ]
    # the merged cells are read whole, given to every row they cover, and said so
    assert [t.coord_raw for t in rows] == ["Bộ Khoa học và Công nghệ, các bộ, cơ quan"] * 3 + [
        "Các bộ, cơ quan"
    ]
    assert {t.due_raw for t in rows} == {"Năm 2026 và các năm tiếp theo"}
    assert all(t.recurring and t.due_date is None for t in rows)
    assert [f for f in rows[1].flags if f.startswith(FLAG_MERGED_DOWN)] == [
        f"{FLAG_MERGED_DOWN}: Cơ quan phối hợp, Thời gian"
    ]
    assert not [f for f in rows[0].flags if f.startswith(FLAG_MERGED_DOWN)]
    # the rows around keep their own cells
    after = next(t for t in tasks if t.key == "I.5")
    assert (after.lead_raw, after.due_raw) == ("Bộ Tài chính", "Giai đoạn 2026 - 2030")
    assert len([t for t in tasks if t.kind != "group"]) == 36


def test_a_border_across_the_whole_table_still_ends_every_cell():
    # Nghị quyết 100/NQ-CP: every row closed across the table; none takes a cell from above
    tasks, _report = _plan(NQ100)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 32
    assert not any(f.startswith(FLAG_MERGED_DOWN) for t in leaves for f in t.flags)
    t = next(t for t in leaves if t.key == "III.6")  # its deadline cell is empty in the source
    assert t.due_raw == "" and "no_deadline" in t.flags
