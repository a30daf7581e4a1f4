"""Task tables laid out with spaces in a text file: a PDF table as ``pdftotext -layout`` prints it.

The columns are only aligned (``TT    Nhiệm vụ cụ thể    Cơ quan, tổ chức …``), the column
titles wrapped over several lines, and each cell's text centred in its cell, so a row's number,
its lead and its deadline stand on the middle line of the row with the content wrapped above
and below (Chương trình hành động 104-CTr/TU of Tỉnh ủy Lào Cai, 2026, as its repository keeps
the text). Where a line is crowded the tool keeps one space between two columns
(``… cấp tỉnh giai Đảng ủy UBND``), so the columns cannot be cut at fixed places.

This module finds the header (lines whose phrases, grouped by the columns they overlap, give
titles :func:`is_header_row` accepts), cuts the body into rows (a row number at the line start
marks a row's middle line; a blank line, a page number or a section row ends a run of rows;
rows sharing a run are cut where each is as high above its number as below, or below the
next number's line when the number stands on its row's first line), and gives each
phrase of a row to a column: a phrase within one column goes to it; a phrase that runs over
columns is split at the words that centre its parts best on the row's columns (the content
column is left-aligned: its part only has to end where the content lines usually end, short
of the next column's middle; a number range such as ``2026 - 2030`` is never cut). The tool
places each page, even each row, afresh, so the columns' centres are the titles' moved by the
shift that fits the page's texts, then refined on the row's own texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .plancolumns import is_header_row
from .textutil import nfc

__all__ = ["spaced_text_table"]

_PHRASE = re.compile(r"\S+(?: \S+)*")  # words one space apart: two spaces part phrases
_WORD = re.compile(r"\S+")
_NUMBER_TITLE = re.compile(r"^\s{0,3}(?:S\.?\s?TT|TT|Số TT)\.?\s{2,}\S", re.I)
_ROW_START = re.compile(r"^\s{0,4}((?:\d{1,3}|[IVX]{1,5})(?:\.\d{1,3})*\.?)(?:\s+|$)")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_SPLIT_COST = 1.0  # a phrase cut in two must centre its parts better than whole
_FAR = 100.0  # the cost of a cut no table allows
_RANGE_PART = re.compile(r"[-–]|\d{1,4}(?:[/.]\d{1,4}){0,2}")


@dataclass
class _Column:
    start: int
    end: int
    title: str

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


def _phrases(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _PHRASE.finditer(line)]


def _header(lines: list[str], k: int) -> tuple[int, int, list[_Column]] | None:
    """(first, last line, columns) of the header whose number title is on line ``k``."""
    first = k
    while first > 0 and k - first < 4 and lines[first - 1].strip():
        first -= 1
    last = k
    while last + 1 < len(lines) and last - k < 5 and lines[last + 1].strip():
        if _ROW_START.match(lines[last + 1]):
            break
        last += 1
    spans: list[list] = []  # [start, end, [texts top to bottom]]
    for line in lines[first : last + 1]:
        for a, b, text in _phrases(line):
            hit = [s for s in spans if a <= s[1] and b >= s[0]]
            if hit:
                s = hit[0]
                for other in hit[1:]:
                    s[0], s[1] = min(s[0], other[0]), max(s[1], other[1])
                    s[2] += other[2]
                    spans.remove(other)
                s[0], s[1] = min(s[0], a), max(s[1], b)
                s[2].append(text)
            else:
                spans.append([a, b, [text]])
    cols = [_Column(a, b, nfc(" ".join(t))) for a, b, t in sorted(spans)]
    if len(cols) < 3 or not is_header_row([c.title for c in cols]):
        return None
    return first, last, cols


def _row_bounds(body: list[str]) -> list[tuple[int, int, int]]:
    """(top, number line, bottom) of each row in the body lines."""
    rows: list[tuple[int, int, int]] = []
    run: list[int] = []  # the current run's number lines

    def close(run_start: int, run_end: int) -> None:
        top = run_start
        for j, n in enumerate(run):
            end = run_end if j == len(run) - 1 else run[j + 1] - 1
            # a number on the row's first line: cells aligned at the top, the row runs
            # down to the next number; else centred: as many lines below it as above
            bottom = end if n == top else min(n + (n - top), end)
            rows.append((top, n, bottom))
            top = bottom + 1
        run.clear()

    start = 0
    for i, line in enumerate(body):
        if not line.strip() or _PAGE_NUMBER.match(line) or _is_section(line):
            if run:
                close(start, i - 1)
            if _is_section(line):
                rows.append((i, i, i))
            start = i + 1
            continue
        if _ROW_START.match(line):
            run.append(i)
    if run:
        close(start, len(body) - 1)
    return rows


def _is_section(line: str) -> bool:
    """A section row across the table: a Roman (or ``II.1``) number then its title."""
    m = re.match(r"^\s{0,4}[IVX]{1,5}(?:\.\d{1,2})*\.?\s+\S", line)
    return bool(m)


def _cost(
    words: list[tuple[int, int, str]], col: int, centres: list[float], geo: _Geometry
) -> float:
    a, b = words[0][0], words[-1][1]
    if col == 1:  # the content: left-aligned, only its right end tells; it never reaches
        # the middle of the next column, where that column's centred text stands
        return max(0.0, b - geo.right) + (_FAR if b > centres[2] else 0.0)
    return abs((a + b) / 2 - centres[col]) + max(0, b - a - geo.widths[col])


def _split(
    words: list[tuple[int, int, str]], cols: range, centres: list[float], geo: _Geometry
) -> list[tuple[int, list[tuple[int, int, str]]]]:
    """The phrase's words cut into runs, one per column in ``cols`` (in order, some empty)
    at the least cost: each run centred on its column and no wider than its widest text, a
    cut costing ``_SPLIT_COST``."""
    n = len(words)
    best: dict[tuple[int, int], tuple[float, list]] = {(0, cols.start - 1): (0.0, [])}
    for c in cols:
        for (i, prev), (cost, parts) in list(best.items()):
            if prev != c - 1:
                continue
            for j in range(i + 1, n + 1):
                extra = _cost(words[i:j], c, centres, geo) + (_cut_cost(words, i) if i else 0.0)
                key = (j, c)
                if key not in best or cost + extra < best[key][0]:
                    best[key] = (cost + extra, [*parts, (c, words[i:j])])
            key = (i, c)  # the column takes nothing of this phrase
            if key not in best or cost < best[key][0]:
                best[key] = (cost, parts)
    done = [v for (i, _c), v in best.items() if i == n]
    return min(done, key=lambda v: v[0])[1]


def _cut_cost(words: list[tuple[int, int, str]], i: int) -> float:
    """A cut before word ``i``; dearer inside a number range (``2026 - 2030``, ``15/10 -
    20/10``): its parts are one value."""
    before, after = words[i - 1][2], words[i][2]
    dash = before in ("-", "–") or after in ("-", "–")
    in_range = dash and _RANGE_PART.fullmatch(before) and _RANGE_PART.fullmatch(after)
    return _SPLIT_COST + (_FAR if in_range else 0.0)


def _zone(x: float, centres: list[float]) -> int:
    for i in range(len(centres) - 1):
        if x < (centres[i] + centres[i + 1]) / 2:
            return i
    return len(centres) - 1


@dataclass
class _Geometry:
    centres: list[float]  # where each column's text is centred in the body
    widths: list[int]  # the widest text a column holds on one line
    right: int  # where the content column's lines usually end


def _geometry(body: list[str], cols: list[_Column]) -> _Geometry:
    """Column centres of the body's text (the titles' centres moved by the one shift that
    fits the texts right of the content best: the tool places a page's text afresh), each
    column's widest one-column text, and the content column's usual right end."""
    phrases = [(a, b) for line in body if not _is_section(line) for a, b, _t in _phrases(line)]
    titles = [c.centre for c in cols]
    right_of_content = [(a + b) / 2 for a, b in phrases if a > titles[1]]

    def misfit(shift: int) -> float:  # the titles moved by ``shift`` against the texts
        return sum(min(8.0, min(abs(x - t - shift) for t in titles[2:])) for x in right_of_content)

    shift = min(range(-25, 26), key=lambda d: (misfit(d), abs(d)))
    centres = titles[:2] + [t + shift for t in titles[2:]]
    widths = [0] * len(cols)
    for a, b in phrases:
        if a > titles[1] and b - a <= _squeezed_width(centres):
            i = _nearest((a + b) / 2, centres)
            widths[i] = max(widths[i], b - a)
    ends = sorted(b for line in body if len(ph := _phrases(line)) == 1 for a, b, _t in ph
                  if _zone(a, centres) <= 1 and not _ROW_START.match(line))  # fmt: skip
    right = ends[min(len(ends) - 1, int(len(ends) * 0.75))] if ends else int(centres[2])
    return _Geometry(centres, widths, right)


def _page_geometries(body: list[str], cols: list[_Column]) -> list[_Geometry]:
    """The geometry of each body line's page (pages part at their number lines: the tool
    places each page's text afresh, so its columns shift from page to page)."""
    out: list[_Geometry] = []
    start = 0
    for i in range(len(body) + 1):
        if i == len(body) or _PAGE_NUMBER.match(body[i]):
            page = body[start : i + 1]
            geo = _geometry(page, cols) if any(ln.strip() for ln in page) else None
            out.extend([geo or (out[-1] if out else _geometry(body, cols))] * len(page))
            start = i + 1
    return out[: len(body)]


def _nearest(x: float, centres: list[float]) -> int:
    return min(range(2, len(centres)), key=lambda i: abs(centres[i] - x))


def _squeezed_width(centres: list[float]) -> float:
    """Wider than this, a phrase right of the content holds the texts of two columns."""
    gaps = sorted(b - a for a, b in zip(centres[2:], centres[3:], strict=False))
    return 1.2 * gaps[len(gaps) // 2] if gaps else float("inf")


def _row_centres(lines: list[str], geo: _Geometry) -> list[float]:
    """The centred columns' centres on this row's lines: the tool shifts each row's texts
    afresh, so the page's centres are refined by a 1-D k-means of the row's phrases right
    of the content (those holding two columns' texts left out)."""
    limit = _squeezed_width(geo.centres)
    xs = [
        (a + b) / 2
        for line in lines
        for a, b, _t in _phrases(line)
        if a > geo.centres[1] and b - a <= limit
    ]
    centres = list(geo.centres)
    for _ in range(5):
        groups: dict[int, list[float]] = {}
        for x in xs:
            groups.setdefault(_nearest(x, centres), []).append(x)
        centres = [
            sum(groups[i]) / len(groups[i]) if i in groups else c for i, c in enumerate(centres)
        ]
    return centres


def _row_cells(lines: list[str], mid: int, width: int, geo: _Geometry) -> list[str]:
    """The cells of one row (``lines`` its lines, ``mid`` the one with its number)."""
    parts: list[list[str]] = [[] for _ in range(width)]
    lines = list(lines)
    section = _is_section(lines[mid])
    m = _ROW_START.match(lines[mid])
    if m:
        parts[0].append(m.group(1))
        lines[mid] = " " * m.end(1) + lines[mid][m.end(1) :]
    if section:
        return [m.group(1) if m else "", lines[mid].strip()] + [""] * (width - 2)
    centres = _row_centres(lines, geo)
    for line in lines:
        for a, b, text in _phrases(line):
            za, zb = max(1, _zone(a, centres)), max(1, _zone(b - 1, centres))
            if za == zb:
                parts[za].append(text)
                continue
            words = [(a + w.start(), a + w.end(), w.group()) for w in _WORD.finditer(text)]
            for c, run in _split(words, range(za, zb + 1), centres, geo):
                if run:
                    parts[c].append(" ".join(w for _a, _b, w in run))
    return [nfc(" ".join(p)) for p in parts]


def _body_end(lines: list[str], start: int, cols: list[_Column]) -> int:
    """Index after the table's last line: prose across the page (a line of one phrase
    from the left margin past the last column's start, not a section row, with no row
    number in the lines after it: a crowded line of a row is followed by its number)."""
    for i in range(start, len(lines)):
        ph = _phrases(lines[i])
        if (
            len(ph) == 1
            and ph[0][0] <= 8
            and ph[0][1] > cols[-1].start
            and not _is_section(lines[i])
            and not _ROW_START.match(lines[i])
            and not any(_ROW_START.match(ln) for ln in lines[i + 1 : i + 10])
        ):
            return i
    return len(lines)


def spaced_text_table(lines: list[str]) -> tuple[int, int, list[tuple[int, list[str]]]] | None:
    """(first line, line after the last, rows) of the first task table laid out with
    spaces in ``lines`` (0-based indexes; each row with the index of its number line, the
    header row first), or None."""
    lines = [ln.rstrip() for ln in lines]
    for k, line in enumerate(lines):
        if "\t" in line or not _NUMBER_TITLE.match(line):
            continue  # (a table of tab-separated cells is read as such)
        head = _header(lines, k)
        if head is None:
            continue
        first, last, cols = head
        end = _body_end(lines, last + 1, cols)
        body = lines[last + 1 : end]
        bounds = _row_bounds(body)
        if not bounds:
            continue
        geos = _page_geometries(body, cols)
        rows = [(first, [c.title for c in cols])]
        for top, mid, bottom in bounds:
            cells = _row_cells(body[top : bottom + 1], mid - top, len(cols), geos[mid])
            rows.append((last + 1 + mid, cells))
        return None if _misread(rows[1:]) else (first, end, rows)
    return None


def _misread(rows: list[tuple[int, list[str]]]) -> bool:
    """Rows whose content often starts inside a sentence (lower case) were cut at the
    wrong lines (cells aligned in a way this reader does not follow): better no table than
    tasks made of each other's pieces."""
    contents = [c[1] for _i, c in rows if c[0] and c[1][:1].isalpha()]
    broken = sum(1 for t in contents if t[:1].islower())
    return broken * 4 > len(contents)
