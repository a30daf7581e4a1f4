"""PDF tables laid out with spaces: a text layer with no ruling lines, columns only aligned.

A Word table without borders printed to PDF (or a table typed with tab stops) has no lines
for pdfplumber to find: its rows come out as text lines (``1. Xây dựng, trình Thủ tướng
Chính Bộ Khoa học Ban Tuyên Quyết định 6/2025``). The columns are still there as white
"rivers" that run down the whole table. This module finds the header line (column titles
that :func:`is_header_row` accepts), takes the columns from the rivers below it, and cuts
each text line into cells; a line with an empty first cell continues the row above (a cell
wrapped over several lines), a line whose words cross the columns (a section row across the
table) goes whole into the content column. The columns carry over to the next pages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .plancolumns import is_header_row
from .textutil import nfc

__all__ = ["SpacedLayout", "spaced_rows"]

_PHRASE_GAP = 6.0  # pt: wider than a space between words, narrower than two cell margins
_MIN_RIVER = 3.0  # pt of white down the table between two columns
_MAX_WIDTH = 20_000  # pt: far wider than any paper (A0 is 2,384 pt wide)
_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.?|[a-zđ]\))$")


@dataclass
class SpacedLayout:
    """The columns found on a page, kept for the pages after it."""

    cuts: list[float] = field(default_factory=list)  # x where each column after the first starts


def _lines(page) -> list[list[dict]]:
    """The page's words grouped in lines (top within 2 pt), each line left to right."""
    words = sorted(page.extract_words(x_tolerance=1.5, y_tolerance=2), key=lambda w: w["top"])
    lines: list[list[dict]] = []
    for w in words:
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def _phrases(line: list[dict]) -> list[str]:
    out: list[list[str]] = []
    for prev, w in zip([None, *line], line, strict=False):
        if prev is None or w["x0"] - prev["x1"] > _PHRASE_GAP:
            out.append([])
        out[-1].append(w["text"])
    return [nfc(" ".join(p)) for p in out]


def _rivers(lines: list[list[dict]]) -> list[float]:
    """x where a column starts: the right end of each white run down the lines (a run a few
    lines cross, such as section rows across the table, still counts)."""
    words = [w for ln in lines for w in ln]
    lo, hi = int(min(w["x0"] for w in words)), int(max(w["x1"] for w in words)) + 1
    if hi - lo > _MAX_WIDTH:
        return []  # words far off any paper (a crafted file): no columns, not a huge list
    cover = [0] * (hi - lo + 1)
    for ln in lines:
        seen: set[int] = set()
        for w in ln:
            seen.update(range(int(w["x0"]) - lo, int(w["x1"]) - lo + 1))
        for i in seen:
            cover[i] += 1
    allowed = max(1, len(lines) // 12)
    cuts, run = [], 0
    for i, c in enumerate(cover):
        if c <= allowed:
            run += 1
            continue
        if run >= _MIN_RIVER and i - run > 0:
            cuts.append(float(lo + i))
        run = 0
    return cuts


def _cells(line: list[dict], cuts: list[float]) -> list[str] | None:
    """The line cut at the columns; None when a word runs over a column's start."""
    cells: list[list[str]] = [[] for _ in range(len(cuts) + 1)]
    for w in line:
        i = bisect_right(cuts, w["x0"] + 0.5)
        if i < len(cuts) and w["x1"] > cuts[i] + 1:
            return None
        cells[i].append(w["text"])
    return [nfc(" ".join(c)) for c in cells]


def _header(lines: list[list[dict]]) -> int | None:
    for i, ln in enumerate(lines):
        if is_header_row(_phrases(ln)):
            return i
    return None


def spaced_rows(page, layout: SpacedLayout | None) -> tuple[list[list[str]], float] | None:
    """(rows, top of the table) of a table laid out with spaces on ``page``, the header row
    first on the page that has it, or None. ``layout`` carries the columns from a page
    before (then every line of this page is a row)."""
    lines = _lines(page)
    start = _header(lines)
    if start is None and not (layout and layout.cuts):
        return None
    if start is not None:
        cuts = _rivers(lines[start:])
        if len(cuts) < 2 or layout is None:
            return None
        layout.cuts = cuts
    body = lines[start or 0 :]
    assert layout is not None
    crossing = sum(1 for ln in body if _cells(ln, layout.cuts) is None)
    if crossing * 2 > len(body):
        layout.cuts = []  # prose, not the table's rows: the table has ended
        return None
    rows = _join_rows(body, layout.cuts)
    if start is not None and (not rows or not is_header_row(rows[0])):
        return None
    return (rows, body[0][0]["top"]) if rows else None


def _join_rows(lines: list[list[dict]], cuts: list[float]) -> list[list[str]]:
    """Lines to rows: a line with an empty first cell continues the row above (the header's
    titles over several lines, a cell's text wrapped)."""
    rows: list[list[str]] = []
    width = len(cuts) + 1
    for ln in lines:
        words = [w["text"] for w in ln]
        if not rows and len(words) == 1 and re.fullmatch(r"\d{1,3}", words[0]):
            continue  # the page number above the rows
        cells = _cells(ln, cuts)
        if cells is None:  # across the table: a section row, or its next line
            head = words[0] if _NUMBER.match(words[0]) else ""
            text = nfc(" ".join(words[1:] if head else words))
            cells = [head, text] + [""] * (width - 2)
        if rows and not cells[0]:
            rows[-1] = [nfc(f"{a} {b}".strip()) for a, b in zip(rows[-1], cells, strict=True)]
            continue
        rows.append(cells)
    return rows
