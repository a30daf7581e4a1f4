"""Two schedule tables under headings of their own, each numbered from 1 (issue 11): keys take
the headings' labels (``III.1.a.1`` … ``III.1.b.10``), as the plan prints them, instead of
``1`` … and ``1-2`` … flagged ``duplicate_number``."""

from __future__ import annotations

from pathlib import Path

from sheettools.planimport import find_tables, parse_plan
from sheettools.plansource import Block, Document

PLAN = Path(__file__).parent / "data" / "plans" / "ubnd-lamdong-2026-tuyen-truyen-cchc.docx"
HEADER = ["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian"]


def test_two_tables_under_a_and_b_take_their_headings_keys():
    # Kế hoạch tuyên truyền CCHC 2026 (Lâm Đồng): "III. … 1. … a) … các sở" (11 programmes)
    # and "b) … các xã, phường" (10), both tables "TT · Nội dung · Trách nhiệm thực hiện · …"
    tasks, report = parse_plan(PLAN)
    rows = [t for t in tasks if not t.key.startswith("IV.")]
    assert [t.key for t in rows] == [f"III.1.a.{n}" for n in range(1, 12)] + [
        f"III.1.b.{n}" for n in range(1, 11)
    ]
    assert {t.section for t in rows} == {"III.1.a", "III.1.b"}
    assert "duplicate_number" not in report["flags"]
    assert rows[11].lead_raw.startswith("Lãnh đạo UBND phường Xuân Hương")
    assert [t["name"] for t in report["tables"]] == ["bảng 2", "bảng 3", "văn bản"]


def _doc(between: list[str], numbers: tuple[str, str] = ("1", "1")) -> Document:
    def table(name: str, n: str, line: int) -> Block:
        rows = [(line, HEADER), (line + 1, [n, "Tuyên truyền", "Sở Nội vụ", "Tháng 5/2026"])]
        return Block("table", name, rows)

    text = [(10 + i, [t]) for i, t in enumerate(between)]
    blocks = [Block("text", "p1", [(1, ["II. NHIỆM VỤ"]), (2, ["1. Tuyên truyền"])])]
    blocks += [table("bảng 1", numbers[0], 1), Block("text", "p2", text)]
    blocks += [table("bảng 2", numbers[1], 3)]
    return Document(kind="docx", path="plan.docx", blocks=blocks)


def test_a_heading_between_two_alike_headers_starts_a_table():
    tables, _ignored = find_tables(_doc(["2. Tập huấn", "Nội dung như sau:"]))
    assert [(t.name, t.heading, len(t.rows)) for t in tables] == [
        ("bảng 1", "II.1", 1),
        ("bảng 2", "II.2", 1),
    ]


def test_a_header_repeated_without_a_heading_between_is_the_next_page():
    # a remark between the pages, or nothing: the same table goes on
    for between in ([], ["(tiếp theo)"]):
        tables, _ignored = find_tables(_doc(between, ("1", "2")))
        assert [(t.name, len(t.rows)) for t in tables] == [("bảng 1", 2)]
