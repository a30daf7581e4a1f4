"""Import the plan's schedule table (biểu tiến độ) into the master workbook.

Sources: a text export of the whole plan (the table is found by its header row), a ``.docx``
whose table is the schedule (merged and multi-paragraph cells handled), or an
``.xlsx``/``.xls``/``.ods``/``.csv`` holding the table.

The table's dirt (DOMAIN.md "The schedule table, as it really is") is handled here:
repeated page headers, continuation rows (a row's text carried on after a page break, even
inside a word or a date), numbering that restarts per section, group and ``*`` headings,
numbers printed twice, cells that slid one column (``PCT`` split off the leader), HTML
remnants, and the multi-part task whose sub-items have their own units and deadlines.

Nothing is lost: every non-empty cell text of the source ends up in a field of some row.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .deadlines import parse_task_times
from .docinfo import DOC_DEFAULTS
from .errors import InputError
from .i18n import tr
from .model import KIND_GROUP, KIND_SUBITEM, KIND_TASK, Master, Task
from .plancolumns import (
    GROUP_SEP,
    PERIOD,
    ROLE_LABELS,
    ColumnRole,
    assign_roles,
    find_header,
    guess_role,
    is_header_row,
    is_other_header,
    period_title,
)
from .planident import PlanIdentity, plan_identity
from .plansource import Document, clean_cell, read_document
from .textutil import fold, nfc
from .xlsxfast import col_letter

__all__ = ["clean_cell", "import_plan", "inspect_plan", "is_header", "parse_plan"]

COLUMNS = ("number", "content", "leader", "lead", "coord", "start", "due", "output", "notes")
SEED_ORDER = ("number", "content", "leader", "lead", "coord", "start", "due")
ROMAN = tuple("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split())
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_COUNT = re.compile(r"\(+\s*(\d+)\s+(?:chỉ tiêu|nội dung|dự án|nhiệm vụ)", re.IGNORECASE)
_PCT_IN_UNITS = re.compile(r"(^|[,;]\s*)PCT\s+(?=\S)")
_BULLET_SPLIT = re.compile(r"\s\+\s*(?=\S)")
_YEAR = re.compile(r"\b(?:NĂM|năm|Năm)\s+(20\d\d)\b")
# rows that end a table: notes, proposals, the recipients list, signature blocks
_CLOSING = re.compile(
    r"^(ghi chu|de xuat kien nghi|noi nhan|tm |t m |kt |k t |tl |tuq |chu tich|bi thu|"
    r"nguoi lap|thu truong|giam doc|truong phong|pho chu tich|pho bi thu|xac nhan)\b"
)


def is_header(cells: list[str]) -> bool:
    """A row that is a task table's header (any column titles, any order)."""
    return is_header_row([clean_cell(c) for c in cells])


@dataclass
class RawRow:
    cells: list[str]  # canonical order: COLUMNS
    line: int  # 1-based line (text/csv), row (xlsx) or table row (docx) in the source
    after_header: bool = False  # directly after a (repeated) header row: a page break
    extra: dict[str, str] = field(default_factory=dict)  # title -> text of extra columns
    flags: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # prose: every source line of the task
    section: str = ""


@dataclass
class SourceTable:
    rows: list[RawRow]
    title: str = ""
    year: int | None = None
    kind: str = "text"  # text | docx | xlsx | csv | html | pdf
    header_lines: list[int] = field(default_factory=list)
    name: str = ""
    columns: list[ColumnRole] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # {"line", "text", "why"}
    numbering: str = ""
    prose: bool = False
    # the labels of the headings the table sits under ("III.1.a"), for keys of tables that
    # number their rows alike
    heading: str = ""


# --- finding the task tables ----------------------------------------------------------------


def _folded_row(cells: list[str]) -> tuple[str, ...]:
    return tuple(fold(c) for c in cells if c.strip())


def _same_header(cells: list[str], sig: tuple[str, ...]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    if len(first) > 80 or fold(first) != sig[0]:
        return False
    return _folded_row(cells) == sig


def _retitled_header(cells: list[str], cols: list[ColumnRole]) -> bool:
    """The header printed again in the table with other words for the same columns (Kế
    hoạch 179/KH-UBND of 2025, Đồng Nai: under each section of parts B and C, ``· Nội dung ·
    Đơn vị thực hiện · Đơn vị phối hợp · Thời gian thực hiện · Sản phẩm đầu ra`` below
    ``STT · Nhiệm vụ, giải pháp · …``): at least three short cells, each the title of its
    column's role, none of another role. It was read as a task "Nội dung" led by "Đơn vị thực
    hiện"."""
    from .plancolumns import guess_role

    texts = [(i, c.strip()) for i, c in enumerate(cells) if c.strip()]
    # (checked first, cheaply: a task row has a long cell or a number in its number column)
    if len(texts) < 3 or any(len(t) > 60 or t[:1].isdigit() for _i, t in texts):
        return False
    role_at = {c.index: c.role for c in cols}
    times = {"start", "due"}
    matches = 0
    for i, text in texts:
        guess = guess_role(text)[0]
        want = role_at.get(i)
        if guess is None or want is None:
            continue
        if guess != want and not {guess, want} <= times:
            return False
        matches += 1
    return matches >= 3


def _is_column_numbers(cells: list[str]) -> bool:
    """``(1) (2) (3)`` or ``1 2 3 4``: the column numbering row printed under a header."""
    vals = [c.strip() for c in cells if c.strip()]
    if len(vals) < 3:
        return False
    nums = [re.fullmatch(r"\(?(\d{1,2})\)?", v) for v in vals]
    if not all(nums):
        return False
    ints = [int(m.group(1)) for m in nums if m]
    return ints == list(range(ints[0], ints[0] + len(ints)))


def _closing(cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    f = fold(first)
    if not _CLOSING.match(f + " "):
        return False
    if f.startswith("ghi chu") and len(first) > 120 and not first.rstrip().endswith(":"):
        return False
    return True


def find_tables(
    doc: Document, mapping: dict[str, str] | None = None
) -> tuple[list[SourceTable], list[dict]]:
    """Every task table of the document (page continuations joined), and what was skipped."""
    tables: list[SourceTable] = []
    ignored_blocks: list[dict] = []
    last: SourceTable | None = None
    last_sig: tuple[str, ...] | None = None
    last_width = 0
    where = doc.path
    heading: list[str] = []  # the labels of the headings read so far ("III", "1", "a")
    headed = False  # a labelled heading between the last table and this one
    for block in doc.blocks:
        if block.kind != "table":
            for _line, cells in block.rows:
                headed = _heading_labels(" ".join(c for c in cells if c), heading) or headed
            continue
        after_heading, headed = headed, False
        grid = [(line, [clean_cell(c) for c in cells]) for line, cells in block.rows]
        block.breaks.update(_typed_breaks(doc.kind, block.rows))
        found = find_header([cells for _l, cells in grid])
        if found is None:
            top = next((cells for _l, cells in grid if any(cells)), [])
            if top and is_other_header(top):
                # another table's header, without a content column: that table (and its
                # next pages) is no task table — never glued onto the one before
                ignored_blocks.append(
                    {
                        "block": block.name,
                        "why": tr(
                            "tiêu đề không có cột nội dung: ", "a header without a content column: "
                        )
                        + " | ".join(c for c in top if c)[:120],
                    }
                )
                last, last_sig, last_width = None, None, 0
                continue
            # a table without header right after a task table, as wide: its next page
            width = max((len(c) for _l, c in grid), default=0)
            if last is not None and width and abs(width - last_width) <= 1:
                _add_rows(
                    last, grid, 0, last_sig, mapping_cols=last.columns, breaks=block.breaks,
                    merged=block.merged_above,
                )  # fmt: skip
                continue
            if grid:
                ignored_blocks.append(
                    {
                        "block": block.name,
                        "why": tr("không có hàng tiêu đề cột", "no column header row"),
                    }
                )
            continue
        idx, used, titles = found
        if not any(c for _l, cells in grid[idx + used :] for c in cells):
            # a blank form under a header (a report template appended to the plan, Kế hoạch
            # thực hiện Đề án 08 of Sở Công Thương Lào Cai, 2026): no task rows to read
            ignored_blocks.append(
                {"block": block.name, "why": tr("bảng trống (mẫu biểu)", "a blank form")}
            )
            continue
        sig = _folded_row(titles)
        # the header repeated on the next page — unless a labelled heading comes between: a
        # table of its own under that heading ("a) … các sở" and "b) … các xã, phường", each
        # numbered from 1: Kế hoạch tuyên truyền CCHC 2026 of Lâm Đồng)
        if last is not None and sig == last_sig and not after_heading:
            last.header_lines.append(grid[idx][0])
            cols = last.columns
            if titles != [c.title for c in last.columns]:  # same titles, other positions
                cols = assign_roles(titles, mapping, where=f"{where} [{block.name}]")
            _add_rows(
                last, grid, idx + used, last_sig, mapping_cols=cols, after=True, breaks=block.breaks,
                merged=block.merged_above,
            )  # fmt: skip
            continue
        if not mapping and _cost_estimate(titles):
            ignored_blocks.append(
                {"block": block.name, "why": tr("bảng dự toán kinh phí", "a cost estimate")}
            )
            last, last_sig, last_width = None, None, 0
            continue
        columns = assign_roles(titles, mapping, where=f"{where} [{block.name}]")
        _untitled_numbers(columns, grid[idx + used :])
        table = SourceTable(
            rows=[], kind=doc.kind, name=block.name, columns=columns, heading=".".join(heading)
        )
        table.header_lines.append(grid[idx][0])
        for line, cells in grid[:idx]:
            text = " ".join(c for c in cells if c)
            if text:
                table.skipped.append(
                    {
                        "line": line,
                        "text": text[:80],
                        "why": tr("trên hàng tiêu đề", "above the header"),
                    }
                )
        _add_rows(
            table, grid, idx + used, sig, mapping_cols=columns, after=True, breaks=block.breaks,
            merged=block.merged_above,
        )  # fmt: skip
        tables.append(table)
        last, last_sig, last_width = table, sig, len(titles)
    return tables, ignored_blocks


# a price or an amount of money: the column of a cost estimate, not of a task table
_MONEY_TITLE = re.compile(r"^(?:don gia|thanh tien|tong tien|so tien|tong kinh phi|kinh phi)\b")


def _cost_estimate(titles: list[str]) -> bool:
    """A cost estimate appended to the plan: "TT | Chỉ tiêu | Tần suất (đợt/tháng) | Số điểm
    | … | Đơn giá (đồng) | Thành tiền (đồng) | Ghi chú" (Kế hoạch 0134/KH-UBND of 2025, Đắk
    Lắk, Phụ lục II) has a content-like title but no lead unit, person, time or period: no
    task table (it was refused as one without a lead or deadline column)."""
    roles: set[str] = set()
    for t in titles:
        if t:
            role, _why, alts = guess_role(t)
            roles.update([role] if role else [])
            roles.update(alts)
    if roles & {"lead", "coord", "leader", "due", "start"} or any(
        t and period_title(t) for t in titles
    ):
        return False
    return any(_MONEY_TITLE.match(fold(t).strip()) for t in titles if t)


def _untitled_numbers(columns: list[ColumnRole], rows: list[tuple[int, list[str]]]) -> None:
    """An untitled first column numbering the rows 1, 2, 3 … is the number column (a tracking
    software's export that leaves the "TT" title empty: Bộ GD&ĐT's task list of 2017)."""
    if not columns or columns[0].title or any(c.role == "number" for c in columns):
        return
    nums = [cells[0].strip().rstrip(".") for _l, cells in rows if cells and cells[0].strip()]
    if len(nums) < 3 or nums[0] != "1" or not all(n.isdigit() for n in nums):
        return
    columns[0].role = "number"
    columns[0].why = tr("cột không tiêu đề đánh số 1, 2, 3 …", "untitled column numbered 1, 2, 3 …")


_HEADING_LABEL = re.compile(r"^\s*(?:([IVX]{1,5})\.|(\d{1,2})\.|([a-zđ])\))\s+\S")


def _heading_labels(text: str, heading: list[str]) -> bool:
    """Follow the plan's heading labels (``III.`` opens a part, ``1.`` a point in it, ``a)`` an
    item of the point) in ``heading``; True if ``text`` starts with one."""
    m = _HEADING_LABEL.match(text)
    if m is None:
        return False
    roman, number, letter = m.groups()
    if roman:
        heading[:] = [roman]
    elif number:
        heading[:] = [*heading[:1], number]
    else:
        heading[:] = [*heading[:2], letter]
    return True


def _typed_breaks(kind: str, rows) -> dict[tuple[int, int], list[str]]:
    """Line breaks in quoted CSV cells: one name per line, as in a Word cell (the spreadsheet
    reader records Alt+Enter lines itself; a PDF cell's line breaks are only wrapping)."""
    if kind != "csv":
        return {}
    out = {}
    for line, cells in rows:
        for i, c in enumerate(cells):
            if isinstance(c, str) and "\n" in c:
                parts = [clean_cell(x) for x in c.replace("\r", "\n").split("\n") if x.strip()]
                if len(parts) > 1:
                    out[(line, i)] = parts
    return out


def _add_rows(
    table: SourceTable,
    grid: list[tuple[int, list[str]]],
    start: int,
    sig: tuple[str, ...] | None,
    *,
    mapping_cols: list[ColumnRole],
    after: bool = False,
    breaks: dict[tuple[int, int], list[str]] | None = None,
    merged: dict[int, list[int]] | None = None,
) -> None:
    seed_like = tuple(c.role for c in mapping_cols[:7]) == SEED_ORDER
    width = len(mapping_cols)
    after_header = after
    closed = bool(table.skipped and table.skipped[-1].get("closing"))
    above: list[str] = []
    for line, cells in grid[start:]:
        copied = _merged_down(cells, above, (merged or {}).get(line, []), mapping_cols)
        if copied:
            cells = copied[0]
        above = cells
        while cells and cells[-1] == "":
            cells = cells[:-1]
        if not cells:
            continue
        if closed:
            table.skipped.append(
                {"line": line, "text": " ".join(c for c in cells if c)[:80],
                 "why": tr("sau phần kết của bảng", "after the table's closing lines"), "closing": True}
            )  # fmt: skip
            continue
        if sig is not None and (_same_header(cells, sig) or _retitled_header(cells, mapping_cols)):
            table.header_lines.append(line)
            after_header = True
            continue
        if sig is not None and _is_column_numbers(cells):
            table.skipped.append(
                {"line": line, "text": " ".join(c for c in cells if c)[:80],
                 "why": tr("hàng số thứ tự cột", "column numbering row")}
            )  # fmt: skip
            continue
        if table.kind in ("xlsx", "csv") and _number_only(cells):
            table.skipped.append(
                {"line": line, "text": cells[0].strip(), "why": _number_only_why()}
            )
            continue
        if _closing(cells):
            closed = True
            table.skipped.append(
                {"line": line, "text": " ".join(c for c in cells if c)[:80],
                 "why": tr("phần kết của bảng (ghi chú, nơi nhận, chữ ký)",
                           "the table's closing lines (notes, recipients, signature)"), "closing": True}
            )  # fmt: skip
            continue
        row = _map_row(cells, line, mapping_cols, width, seed_like, after_header, breaks or {})
        if _total_row(row.cells):
            table.skipped.append(
                {"line": line, "text": " ".join(c for c in cells if c)[:80],
                 "why": tr("dòng tổng cộng", "a total row")}
            )  # fmt: skip
            continue
        if copied:
            row.flags.append(f"{FLAG_MERGED_DOWN}: {', '.join(copied[1])}")
        table.rows.append(row)
        after_header = False


# a total over the rows: "TỔNG SỐ", "Tổng cộng", "Cộng (I+II)" — its amounts are sums, no task
_TOTAL = re.compile(r"^(?:tong cong|tong so|tong|cong)(?: (?:[ivx]+|\d+|[a-d]))*$")


def _total_row(cells: list[str]) -> bool:
    """A row without a number whose content is only a total's word (the capital plan's
    ``|  | TỔNG SỐ | 50.000 |  |`` above its group rows, Quyết định 518/QĐ-UBND of 2023,
    Bình Định) — no task, no heading."""
    if cells[0].strip() or not cells[1].strip():
        return False
    if any(cells[i].strip() for i in range(2, 7)):  # units or dates of its own: a task
        return False
    return bool(_TOTAL.match(" ".join(fold(cells[1]).split())))


def _number_only(cells: list[str]) -> bool:
    """A numbered row left blank: a template's spare rows "54" … "63" under the tasks (Bộ
    GD&ĐT's task workbook of 2017) — no task."""
    return bool(re.fullmatch(r"\d{1,4}\.?", cells[0].strip())) and not any(
        c.strip() for c in cells[1:]
    )


def _number_only_why() -> str:
    return tr("hàng chỉ có số thứ tự", "a row holding only its number")


# a row's cells taken from the row above, whose cells were merged down over both rows
FLAG_MERGED_DOWN = "cells_merged_from_row_above"


def _merged_down(
    cells: list[str], above: list[str], columns: list[int], cols: list[ColumnRole]
) -> tuple[list[str], list[str]] | None:
    """The row with the cells merged down from the row above filled in (Quyết định
    2820/QĐ-UBND of 2025, Hồ Chí Minh: a task over two lines whose number, coordinating
    units, deadline and product are printed once for both), and the titles copied; None when
    nothing is. The number is never copied: the second line stays a line of its own."""
    if not columns or not above:
        return None
    out = list(cells)
    titles = []
    for i in columns:
        if i == 0 or i >= len(above) or not above[i] or (i < len(out) and out[i]):
            continue
        out += [""] * (i + 1 - len(out))
        out[i] = above[i]
        col = next((c for c in cols if c.index == i), None)
        titles.append(col.title if col is not None and col.title else col_letter(i))
    return (out, titles) if titles else None


def _map_row(
    cells: list[str],
    line: int,
    cols: list[ColumnRole],
    width: int,
    seed_like: bool,
    after_header: bool,
    breaks: dict[tuple[int, int], list[str]] | None = None,
) -> RawRow:
    out = [""] * len(COLUMNS)
    extra: dict[str, str] = {}
    if seed_like and len(cells) > 7 and width <= 7:
        # cells that slid one column (the seed's "PCT" rows)
        fixed, flags = _repair_slid(cells)
        out[:7] = fixed[:7]
        return RawRow(cells=out, line=line, after_header=after_header, extra=extra, flags=flags)
    owner: ColumnRole | None = None
    marked: list[str] = []
    for c in cols:
        if c.title:
            owner = c
        elif owner is not None and c.index < len(cells) and cells[c.index]:
            # a column without a title under a header cell merged across it: its text
            # belongs to the titled column on its left
            k = COLUMNS.index(owner.role) if owner.role in COLUMNS else None
            v = cells[c.index]
            if k is not None:
                out[k] = nfc(f"{out[k]} {v}") if out[k] else v
            else:
                key = owner.title
                extra[key] = nfc(f"{extra[key]} {v}") if extra.get(key) else v
            continue
        if c.index >= len(cells):
            continue
        v = cells[c.index]
        if not v:
            continue
        if c.role == "extra":
            extra[c.title or col_letter(c.index)] = v
        elif c.role == PERIOD:
            marked.append(_period_text(c.title))
        else:
            parts = (breaks or {}).get((line, c.index))
            if parts and c.role in _ONE_PER_LINE:
                v = _one_per_line(parts)
            out[COLUMNS.index(c.role)] = v
    if marked:
        # a timetable row: its first marked period is the start, its last the deadline
        k_start, k_due = COLUMNS.index("start"), COLUMNS.index("due")
        out[k_start] = out[k_start] or marked[0]
        out[k_due] = out[k_due] or marked[-1]
        first = next(c.title for c in cols if c.role == PERIOD)
        group = first.split(GROUP_SEP, 1)[0] if GROUP_SEP in first else ""
        extra[group or tr("Kỳ thực hiện", "Periods")] = ", ".join(marked)
    if len(cells) > width:
        tail = [v for v in cells[width:] if v]
        if tail:
            extra[tr("ngoài cột", "outside the columns")] = nfc(" ".join(tail))
    return RawRow(cells=out, line=line, after_header=after_header, extra=extra)


def _period_text(title: str) -> str:
    """A timetable column's period as a time expression: ``Năm 2026 › Quý III`` →
    ``Quý III/2026``; ``Quý III`` (the plan's year)."""
    sub = period_title(title)
    group = title.split(GROUP_SEP, 1)[0] if GROUP_SEP in title else ""
    year = re.search(r"\b(20\d\d)\b", group)
    if year and not re.search(r"\b20\d\d\b", sub):
        return f"{sub}/{year.group(1)}"
    return sub


# columns whose cell may name one person or unit per line (paragraphs of a Word cell)
_ONE_PER_LINE = ("leader", "lead", "coord")
_JOINS_NEXT = re.compile(r"(?:[,\-–(&/]|\b(?:và|với|của|thuộc|cùng|các))\s*$", re.IGNORECASE)
# a line naming only the body's leaders, the body on the next line: "Lãnh đạo" / "Sở Giáo
# dục và Đào tạo" (Kế hoạch tuyên truyền CCHC năm 2026, Lâm Đồng) is one name, not two
_LEADERS_OF_NEXT = re.compile(
    r"^(?:đại diện\s+)?(?:lãnh đạo|thủ trưởng|người đứng đầu|đại diện)$", re.IGNORECASE
)


def _one_per_line(parts: list[str]) -> str:
    """A cell of several lines names one person or unit per line: joined with "; " (where
    the unit splitter cuts). A line that ends with a comma, a dash or "và", or a line that
    goes on in lower case, continues the line before (a name the break cut in two)."""
    lines: list[str] = []
    for part in parts:
        if lines and (
            _JOINS_NEXT.search(lines[-1])
            or part[:1].islower()
            or _LEADERS_OF_NEXT.match(lines[-1].strip())
        ):
            lines[-1] = nfc(f"{lines[-1]} {part}")
        else:
            lines.append(part)
    return "; ".join(x.rstrip(" ;") for x in lines)


def read_source(path: str | Path, mapping: dict[str, str] | None = None) -> SourceTable:
    """The plan's task table (all task tables joined as sections) — kept for callers."""
    doc = read_document(path)
    tables, _ignored = find_tables(doc, mapping)
    if not tables:
        raise _no_table(path)
    table = tables[0]
    _fill_title_year(table, doc)
    return table


def _no_table(path) -> InputError:
    return InputError(
        tr("Không thấy bảng tiến độ (hàng tiêu đề 'TT | Nội dung … | Đơn vị chủ trì | Thời hạn …') "
           "hay danh sách nhiệm vụ có 'Cơ quan chủ trì: …'",
           "No schedule table found (header row 'TT | Nội dung … | Đơn vị chủ trì | Thời hạn …') "
           "nor a task list with 'Cơ quan chủ trì: …'"),
        hint=tr("Chạy 'sheettools plan inspect' để xem tệp được đọc thế nào; dùng --map nếu tiêu đề cột khác",
                "Run 'sheettools plan inspect' to see how the file is read; use --map if the titles differ"),
        file=str(path),
    )  # fmt: skip


def _cited_free(text: str) -> str:
    """Text without cited dates ("ngày 22 tháng 12 năm 2024" names another document's date)."""
    return re.sub(r"(?:tháng|THÁNG|Tháng)\s+\d{1,2}\s+(?:năm|NĂM|Năm)\s+20\d\d", " ", text)


def _fill_title_year(table: SourceTable, doc: Document) -> None:
    lines = [t for _l, t in doc.all_lines()]
    first_header = table.header_lines[0] if table.header_lines else None
    before = []
    for b in doc.blocks:
        for line, cells in b.rows:
            if b.kind == "table" and b.name == table.name and line == first_header:
                break
            text = " ".join(c for c in cells if c)
            if text:
                before.append(text)
        else:
            continue
        break
    title = ""
    for t in before[::-1][:12]:
        if "BIỂU" in t.upper() or "TIẾN ĐỘ" in t.upper() or "DANH MỤC" in t.upper():
            title = t
            break
    table.title = clean_cell(title or (before[-1] if before else ""))[:300]
    m = _YEAR.search(_cited_free(table.title)) or next(
        (_YEAR.search(t) for t in before[::-1] if _YEAR.search(t)), None
    )
    if m is None:
        m = next((_YEAR.search(t) for t in lines if _YEAR.search(t)), None)
    table.year = int(m.group(1)) if m else None


# --- assembling rows -----------------------------------------------------------------------


@dataclass
class _Row:
    kind: str  # section | star | numbered | subitem
    number: str
    parts: dict[str, list[str]]
    lines: list[int]
    section: str
    flags: list[str] = field(default_factory=list)
    subitems: list[_Row] = field(default_factory=list)
    parent_row: _Row | None = None
    extra: dict[str, list[str]] = field(default_factory=dict)

    def text(self, col: str) -> str:
        return nfc(" ".join(x for x in self.parts[col] if x))

    def add(self, cells: list[str], line: int, extra: dict[str, str] | None = None) -> None:
        for col, val in zip(COLUMNS[1:], cells[1:], strict=False):
            if val:
                self.parts[col].append(val)
        for k, v in (extra or {}).items():
            self.extra.setdefault(k, []).append(v)
        self.lines.append(line)


def _new_row(
    kind: str, cells: list[str], line: int, section: str, extra: dict[str, str] | None = None
) -> _Row:
    parts: dict[str, list[str]] = {c: [] for c in COLUMNS[1:]}
    row = _Row(kind=kind, number=cells[0] if cells else "", parts=parts, lines=[], section=section)
    row.add(cells, line, extra)
    return row


def _repair_slid(cells: list[str]) -> tuple[list[str], list[str]]:
    """A row with an 8th cell: ``PCT`` (or nothing) slid out of the leader into the lead
    column and pushed every later cell right. Move it back."""
    flags: list[str] = []
    if len(cells) <= 7:
        return cells + [""] * (7 - len(cells)), flags
    extra = cells[7:]
    if not any(extra):
        return cells[:7], flags
    if cells[3] in ("", "PCT"):
        fixed = cells[:3] + cells[4:8]
        if cells[3] == "PCT":
            fixed[2] = _leader_with_pct(fixed[2])
        flags.append("slid_cells_repaired")
        tail = [c for c in cells[8:] if c]
        if tail:
            fixed[6] = nfc(" ".join([fixed[6], *tail]))
        return fixed, flags
    # unknown shape: keep every word, in the last column, and say so
    fixed = cells[:6] + [nfc(" ".join(c for c in cells[6:] if c))]
    flags.append("extra_cells_joined")
    return fixed, flags


def _leader_with_pct(leader: str) -> str:
    if re.search(r"\bPCT\b", leader):
        return leader
    if "UBND quận" in leader:
        return leader.replace("UBND quận", "PCT UBND quận", 1)
    return nfc(f"{leader} PCT") if leader else "PCT"


_NUMBER_AND_TEXT = re.compile(r"^((?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,3})*)\.)\s+(\S.{3,})$")
_LETTER = re.compile(r"^([a-zđ])\s*[.)]$|^([a-zđ])$")
_CAPITAL = re.compile(r"^(?:PHẦN\s+|Phần\s+)?([A-Z])\s*[.)]?$")
_ROMAN_TOKEN = re.compile(r"^(?:PHẦN\s+|Phần\s+)?([IVX]{1,5})\s*[.)]?$")
_ARABIC = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*[.):]?$")
_BULLETS = ("-", "+", "•", "–", "—", "·", "o", "▪", "●", "○", "✓", "❖", "➢")


def number_style(tt: str) -> str:
    """The numbering scheme of one number cell: roman | capital | arabic | letter | bullet |
    star | other (printed as is) | "" (empty)."""
    tt = tt.strip()
    if not tt:
        return ""
    if tt.startswith("="):
        return "formula"
    if tt.startswith("*"):
        return "star"
    m = _ROMAN_TOKEN.match(tt)
    if m and m.group(1) in ROMAN:
        return "roman"
    if _ARABIC.match(tt):
        return "arabic"
    if _LETTER.match(tt):
        return "letter"
    if _CAPITAL.match(tt):
        return "capital"
    if tt in _BULLETS:
        return "bullet"
    return "other"


_ROMAN_SUB = re.compile(r"^([IVX]{1,5})((?:\.\d{1,2})+)\.?$")


def _roman_sub_section(tt: str, cells: list[str]) -> str:
    """The number of a row heading a part of a Roman section ("III.1", "III.1.1") with no
    units or dates of its own, else "" (Quyết định 2629/QĐ-TTg of 2025: Phụ lục I's
    indicators under "I.1 Cung cấp dịch vụ số …" within "I Giai đoạn 2025-2027", Phụ lục
    II's tasks under "III.1.1 Nhóm các nền tảng số …": they were tasks without a body)."""
    m = _ROMAN_SUB.match(tt.strip())
    if m is None or m.group(1) not in ROMAN or _has_own_cells(cells):
        return ""
    return f"{m.group(1)}{m.group(2)}"


def _heading_titles_moved(raws: list[RawRow]) -> None:
    """A numbered heading row whose title the source printed under another column, the
    task's cell left empty (Kế hoạch 179/KH-UBND of 2025, Đồng Nai: ``5.1 · · Thương mại ·
    · ·`` over 5.1.1 … 5.1.8, the title under "Đơn vị thực hiện"): the title is moved to the
    task's column, so the row heads the rows numbered under it instead of being a task whose
    lead unit is "Thương mại". Only when the next row is numbered under it."""
    for raw, nxt in zip(raws, raws[1:], strict=False):
        number = raw.cells[0].strip().rstrip(".")
        filled = [i for i, c in enumerate(raw.cells) if i > 1 and c.strip()]
        if (
            not _NUMBER.match(number)
            or raw.cells[1].strip()
            or len(filled) != 1
            or len(raw.cells[filled[0]]) > 80
            or not nxt.cells[0].strip().startswith(number + ".")
        ):
            continue
        raw.cells[1], raw.cells[filled[0]] = raw.cells[filled[0]], ""


def _section_cell(cells: list[str]) -> bool:
    """A section row spanning the table, all in its number cell: "I. Văn bản thuộc …"."""
    m = _NUMBER_AND_TEXT.match(cells[0].strip())
    if m is None:
        return False
    return number_style(m.group(1)) == "roman" and not any(c.strip() for c in cells[1:])


def assemble(table: SourceTable) -> tuple[list[_Row], list[str]]:
    """Turn raw rows into logical rows: page-break continuations merged, sub-items attached.

    Numbering: Roman numerals open a section (``I``, ``II.``; under a capital-letter part
    ``A``, the section is ``A.I``); capital letters alone open a part; Arabic numbers
    (``1``, ``1.1``, ``2.``) are items whose dotted prefix says their group; small letters
    (``a)``) and bullets (``-``, ``+``) are items under the latest Arabic item; ``*`` rows
    are sub-headings. A table without a number column keys its rows by their order."""
    _heading_titles_moved(table.rows)
    rows: list[_Row] = []
    warnings: list[str] = []
    section = ""
    part = ""
    last: _Row | None = None  # the row that continuation text belongs to
    last_task: _Row | None = None  # the latest numbered leaf candidate (for sub-items)
    last_arabic = ""  # effective number of the latest Arabic item (for a) and bullets)
    bullet_n: Counter[str] = Counter()
    has_number_col = any(c.role == "number" for c in table.columns) or not table.columns
    if (
        has_number_col
        and table.columns
        and not any(r.cells[0].strip() and not _section_cell(r.cells) for r in table.rows)
    ):
        # a number column left empty in every row (but the sections' "I. …" rows spanning
        # the table, Nghị quyết 1339/NQ-UBTVQH15): keyed by order
        has_number_col = False
    order = 0
    pdf = table.kind == "pdf"
    pending: list[RawRow] = []  # PDF: lines drawn above a task's number (centred numbers)
    for raw in table.rows:
        cells = list(raw.cells)
        flags = list(raw.flags)
        tt = cells[0].strip()
        m_inline = _NUMBER_AND_TEXT.match(tt)
        if m_inline and not cells[1]:
            # a section row spanning the table: "I. Đổi mới …" all in the number cell
            tt, cells[0], cells[1] = m_inline.group(1), m_inline.group(1), m_inline.group(2)
        elif not tt and len(cells) > 1 and not any(c.strip() for c in cells[2:]):
            # a section row whose Roman numeral is in the content cell ("" | "I. Kinh tế số"
            # | "": Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, appendix)
            m_sec = _NUMBER_AND_TEXT.match(cells[1].strip())
            if m_sec and number_style(m_sec.group(1)) in ("roman", "capital"):
                tt, cells[0], cells[1] = m_sec.group(1), m_sec.group(1), m_sec.group(2)
        if tt[:1].islower() and " " in tt and last is not None and number_style(tt) == "other":
            # the rest of a heading that spans the table, carried to the next line
            last.add(["", tt, *cells[2:]] if not cells[1] else cells, raw.line, raw.extra)
            continue
        if pdf and not tt and (last is None or last.kind in ("section", "star")):
            pending.append(RawRow(cells=cells, line=raw.line, extra=raw.extra, flags=flags))
            continue
        if pdf and tt and pending and number_style(tt) not in ("roman", "capital", "star"):
            first = pending[0]
            merged = [
                nfc(" ".join([*(p.cells[i] for p in pending), cells[i]])) for i in range(len(cells))
            ]
            merged[0] = cells[0]
            cells, pending = merged, []
            raw = RawRow(cells=cells, line=first.line, extra=raw.extra, flags=flags)
        elif pending and tt:
            for p in pending:
                last.add(p.cells, p.line, p.extra)  # type: ignore[union-attr]
            pending = []
        if pdf and not tt and last is not None:
            last.add(cells, raw.line, raw.extra)  # a further line of the row above
            continue
        if not has_number_col:
            # no number column: every row with text is its own item, keyed by its order;
            # a row with neither units nor dates is a section heading
            if not any(cells[1:]):
                continue
            filled = [i for i, c in enumerate(cells) if c.strip()]
            if not cells[1].strip() and len(filled) == 1:
                # a row of one cell merged across the table, its text left in the first
                # column, which is not the content's: a heading ("Buổi sáng (từ 7h00 đến 9h00)
                # – Tập trung toàn trường dưới sân cờ" over a school programme's slots, whose
                # first column is "Thời gian"), never a task without content
                cells = ["", cells[filled[0]], *([""] * (len(cells) - 2))]
            if not _has_own_cells(cells) and not cells[2]:
                rm = _ROMAN_TOKEN.match(tt) if tt else None
                sec_no = rm.group(1) if rm and rm.group(1) in ROMAN else ""
                section = sec_no or f"S{len([r for r in rows if r.kind == 'section']) + 1}"
                row = _new_row("section", cells, raw.line, section, raw.extra)
                row.number = sec_no
                rows.append(row)
                last, last_task = row, None
                # keys restart in each section, as printed numbers do (Nghị quyết
                # 1339/NQ-UBTVQH15: II.1 … II.9, never II.3 … II.11)
                order = 0
                continue
            order += 1
            tt = str(order)
            cells[0] = tt
        sub_no = _roman_sub_section(tt, cells)
        if sub_no:
            # "III.1", "III.1.1": a part of Roman section III, a heading of its own
            section = f"{part}.{sub_no}" if part else sub_no
            row = _new_row("section", cells, raw.line, section, raw.extra)
            row.number = sub_no
            rows.append(row)
            last, last_task, last_arabic = row, None, ""
            continue
        style = number_style(tt)
        if style == "roman" and _next_part(part, tt, last, section):
            style = "capital"  # "H. BỘ TÀI CHÍNH" … then "I. BỘ CÔNG AN": the next part
        if style == "":
            if last is None:
                row = _new_row("numbered", cells, raw.line, section, raw.extra)
                row.flags.append("missing_number")
                rows.append(row)
                last = row
                continue
            under_heading = last.kind in ("section", "star") and not (
                table.kind == "text" and _has_own_cells(cells)
            )  # a web page's row with its own units under a part's title is no continuation
            if raw.after_header or under_heading or not _has_own_cells(cells):
                last.add(cells, raw.line, raw.extra)  # continuation after a page break
                last.flags.extend(f for f in flags if f not in last.flags)
                continue
            owner = last_task if last_task is not None else last
            owner = owner.parent_row or owner
            sub = _new_row("subitem", cells, raw.line, section, raw.extra)
            sub.number = ""
            sub.flags.extend(flags)
            sub.parent_row = owner
            owner.subitems.append(sub)
            rows.append(sub)
            last = sub
            continue
        if style == "capital" and not _has_own_cells(cells):
            part = _CAPITAL.match(tt).group(1)  # type: ignore[union-attr]
            section = part
            row = _new_row("section", cells, raw.line, section, raw.extra)
            row.number = part
            rows.append(row)
            last, last_task, last_arabic = row, None, ""
            continue
        if style == "roman":
            roman = _ROMAN_TOKEN.match(tt).group(1)  # type: ignore[union-attr]
            section = f"{part}.{roman}" if part else roman
            n_same = sum(1 for r in rows if r.kind == "section" and r.number == roman and
                         r.section.split("-")[0] == section)  # fmt: skip
            if n_same:
                # the same numeral printed twice in a row of sections (Kế hoạch 179/KH-UBND
                # of 2025, Đồng Nai, part B: IV, IV, VI): one heading key each
                section = f"{section}-{n_same + 1}"
                warnings.append(
                    tr(f"Mục {roman} in hai lần: mục sau lấy mã {section}",
                       f"Section {roman} printed twice: the later one is {section}")
                    + f" (line {raw.line})"
                )  # fmt: skip
            row = _new_row("section", cells, raw.line, section, raw.extra)
            row.number = roman
            rows.append(row)
            last, last_task, last_arabic = row, None, ""
            continue
        if style == "star":
            row = _new_row("star", cells, raw.line, section, raw.extra)
            row.number = "*"
            rows.append(row)
            last, last_task = row, None
            continue
        if style == "formula":
            # a number computed by a formula saved without its value (=A3+1): the next
            # number after the previous item's, and said so
            base = last_arabic.split(".")
            if base[-1].isdigit():
                base[-1] = str(int(base[-1]) + 1)
                number = ".".join(base)
            else:
                number = str(order + 1)
            order += 1
            last_arabic = number
            flags.append(f"number_from_formula: {tt}")
        elif style == "arabic":
            number = _ARABIC.match(tt).group(1)  # type: ignore[union-attr]
            last_arabic = number
        elif style == "letter":
            m = _LETTER.match(tt)
            letter = (m.group(1) or m.group(2)) if m else tt
            number = f"{last_arabic}.{letter}" if last_arabic else letter
        elif style == "bullet":
            above = last_arabic or (last_task.number if last_task is not None else "")
            bullet_n[above] += 1
            number = f"{above}.b{bullet_n[above]}" if above else f"b{bullet_n[above]}"
        else:
            number = tt.rstrip(".")
        prev = last_task.parent_row or last_task if last_task is not None else None
        if (
            prev is not None
            and prev.number == number
            and cells[1].lstrip().startswith("+")
            and not cells[2]
        ):
            # the multi-part task's number printed again after a page break
            sub = _new_row("subitem", cells, raw.line, section, raw.extra)
            sub.number = number
            sub.parent_row = prev
            sub.flags.extend(flags)
            prev.subitems.append(sub)
            rows.append(sub)
            warnings.append(
                tr(
                    f"Số {number} (mục {section}) in lại trước một ý '+': coi là phần tiếp của nhiệm vụ nhiều phần",
                    f"Number {number} (section {section}) printed again before a '+' item: "
                    "read as the next part of the multi-part task",
                )
                + f" (line {raw.line})"
            )
            last = sub
            continue
        row = _new_row("numbered", cells, raw.line, section, raw.extra)
        row.number = number
        row.flags.extend(flags)
        rows.append(row)
        last = last_task = row
    for p in pending:
        if last is not None:
            last.add(p.cells, p.line, p.extra)
    table.numbering = _numbering_summary(table, has_number_col)
    return rows, warnings


def _numbering_summary(table: SourceTable, has_number_col: bool) -> str:
    if not has_number_col:
        return tr(
            "không có cột số thứ tự: mã theo thứ tự dòng",
            "no number column: keys follow the row order",
        )
    styles = []
    for raw in table.rows:
        st = number_style(raw.cells[0])
        if st and st not in styles:
            styles.append(st)
    names = {
        "roman": tr("số La Mã", "Roman"), "capital": tr("chữ in hoa", "capital letters"),
        "arabic": tr("số Ả Rập nhiều cấp", "multi-level Arabic"), "letter": tr("chữ thường a)", "small letters a)"),
        "bullet": tr("gạch đầu dòng", "bullets"), "star": "*", "other": tr("khác", "other"),
        "formula": tr("công thức chưa có giá trị", "formulas without a value"),
    }  # fmt: skip
    return ", ".join(names[s] for s in styles) or tr("không có số", "none")


_PART_LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"  # the Vietnamese alphabet's (Đ aside)


def _next_part(part: str, tt: str, last: _Row | None, section: str) -> bool:
    """A capital part ("H.") followed, after its rows, by the next letter that is also a Roman
    numeral ("I.", "V.", "X."): that letter's part (Quyết định 2530/QĐ-TTg of 2025, Phụ lục
    I, parts A.–P. by body). Right under the part's own row, or once the part has Roman
    sections, it is the part's section I."""
    m = _ROMAN_TOKEN.match(tt.strip())
    if not part or m is None or section != part or last is None or last.kind == "section":
        return False
    k = _PART_LETTERS.find(part)
    return 0 <= k < len(_PART_LETTERS) - 1 and _PART_LETTERS[k + 1] == m.group(1)


def _has_own_cells(cells: list[str]) -> bool:
    """A row with an empty TT that carries units or dates of its own is a sub-item."""
    return any(cells[i] for i in (3, 4, 5, 6) if i < len(cells))


# --- building tasks ------------------------------------------------------------------------


def _is_group(row: _Row) -> bool:
    if row.kind in ("section", "star"):
        return True
    if row.kind == "subitem":
        return False
    return not any(row.parts[c] for c in ("leader", "lead", "coord", "start", "due"))


def _parent_number(number: str) -> str:
    return number.rsplit(".", 1)[0] if "." in number else ""


def _under(parent: str, number: str) -> bool:
    return parent == "" or number.startswith(parent + ".")


@dataclass
class _Node:
    task: Task
    eff: str  # effective number (a heading over differently-numbered items takes theirs)
    children: int = 0


# a heading row naming nothing but a period: "Giai đoạn 2025-2027", "Năm 2026", "Quý I/2026",
# "Tháng 3" — the deadline of the rows under it that have none of their own (Quyết định
# 2629/QĐ-TTg of 2025, Phụ lục I: indicators grouped by period, no deadline column)
_PERIOD_HEADING = re.compile(
    r"^(?:giai đoạn|năm|quý|tháng|6 tháng (?:đầu|cuối) năm)\s+[\dIVX]{1,4}"
    r"(?:\s*[-–/]\s*\d{1,4}){0,2}\s*[.:]?$",
    re.IGNORECASE,
)
FLAG_DEADLINE_FROM_HEADING = "deadline_from_heading"
# the lead unit taken from the group row above: the content column's title also names the body
# carrying the rows out ("Danh mục dự án/ Cơ quan, đơn vị, địa phương thực hiện")
FLAG_LEAD_FROM_GROUP = "lead_from_group_row"
_BODY_LABEL = re.compile(
    r"^(?:chủ đầu tư|(?:cơ quan|đơn vị)(?: chủ trì)?(?: thực hiện)?)\s*:\s*", re.IGNORECASE
)


def group_body(text: str) -> str:
    """The body a group row names, in the office's normal case (``SỞ GIÁO DỤC VÀ ĐÀO TẠO`` →
    ``Sở Giáo dục và Đào tạo``, ``THỊ XÃ HOÀI NHƠN`` → ``Thị xã Hoài Nhơn``), or "" when it
    names none: a heading such as ``DỰ ÁN CHUYỂN TIẾP`` or ``Vốn ngân sách tỉnh``."""
    from .planident import name_case
    from .units import _is_body, _proper_name, _starts_like_body

    name = nfc(_BODY_LABEL.sub("", text.strip()).rstrip(" .:;")).strip()
    if not name or len(name.split()) > 15:
        return ""
    name = name_case(name)
    if fold(name).startswith("cac "):
        return _plural_group_body(name)
    if _is_body(name):
        return name  # a body of the reference list: "Sở Y tế", "Công an tỉnh"
    if not _starts_like_body(name):
        return ""
    # a head word then a proper name ("Thị xã Hoài Nhơn", "Ban Quản lý dự án ĐTXD tỉnh"), or
    # a body of the plan's own level named by it ("Ban quản lý dự án … tỉnh"); never a
    # heading that only starts like one ("Tổ chức tuyên truyền, phổ biến …", "Cơ chế, chính
    # sách", "Kiểm định chất lượng")
    last = fold(name.split()[-1])
    return name if _proper_name(name) or last in _LEVEL_WORDS else ""


_LEVEL_WORDS = {"tinh", "huyen", "quan", "xa", "phuong"}
# the places whose People's Committees a plural row names: "Các huyện, thị xã, thành phố"
_PLACE_CLASS = re.compile(r"^cac (?:huyen|quan|thi xa|thanh pho|xa|phuong|thi tran|tinh)\b")


def _plural_group_body(name: str) -> str:
    """The group a plural group row names, as a lead cell would name it: a group of the
    reference list (``Các sở, ban, ngành``), or the committees of a class of places
    (``Các huyện, thị xã, thành phố`` → ``UBND các huyện, thị xã, thành phố``, the
    reference group of the districts' committees); else ``""``."""
    from .statebodies import reference

    ref = reference()
    tries = [name]
    if _PLACE_CLASS.match(fold(name)):
        tries.append(f"UBND {name[:1].lower()}{name[1:]}")
    for text in tries:
        hit = ref.lookup(text)
        if hit is not None and hit.body.is_group and not hit.body.ignore:
            return text
    return ""


def build_tasks(
    rows: list[_Row], year: int, *, group_lead: bool = False
) -> tuple[list[Task], list[str]]:
    """Give every row its key, kind, parent, cleaned fields and parsed deadline.

    ``group_lead``: the group rows name the body carrying out the rows under them (the
    content column's title says so): a task without a lead of its own takes the body of the
    nearest group row above it that names one."""
    tasks: list[Task] = []
    warnings: list[str] = []
    seen: Counter[tuple[str, str]] = Counter()
    root = _Node(Task(key="", section="", number=""), "")
    stack: list[_Node] = [root]  # open groups of the current section (section node at bottom)
    star_counter: Counter[str] = Counter()
    by_row: dict[int, Task] = {}
    nodes: dict[str, _Node] = {}
    sections: set[str] = set()

    period = ("", "")  # (section key, title) of the latest heading naming only a period
    for row in rows:
        if row.kind == "subitem":
            continue  # placed with their parent below
        group = _is_group(row)
        t = Task(key="", section=row.section, number=row.number)
        _fill_fields(t, row)
        if row.kind == "section":
            t.key = row.section
            t.kind = KIND_GROUP
            sections.add(t.key)
            if _PERIOD_HEADING.match(t.content.strip()) and not t.due_raw:
                period = (t.key, t.content.strip().rstrip(".:"))
            elif not t.key.startswith(period[0] + "."):
                period = ("", "")
            if "." in row.section:  # "A.I": a Roman section inside a lettered part
                t.parent = row.section.split(".")[0]
            stack = [_Node(t, "")]
        elif row.kind == "star":
            while stack and stack[-1].task.number == "*":
                stack.pop()
            enclosing = stack[-1] if stack else None
            base = enclosing.task.key if enclosing else row.section
            star_counter[base] += 1
            t.key = f"{base}.*{star_counter[base]}" if base else f"*{star_counter[base]}"
            t.kind = KIND_GROUP
            t.parent = (enclosing.task.key or None) if enclosing else None
            if enclosing:
                enclosing.children += 1
            stack.append(_Node(t, enclosing.eff if enclosing else ""))
        else:
            enclosed = bool(_ENCLOSED.match(row.number.strip()))
            if enclosed:
                parent = _enclosed_parent(stack)
            else:
                parent = _find_parent(stack, row.number, warnings)
            # "(n)" is numbered within its heading: "2.1.(3)"
            scope = parent.task.key if enclosed and parent and parent.task.key else row.section
            seen[(scope, row.number)] += 1
            n = seen[(scope, row.number)]
            t.key = (f"{scope}.{row.number}" if scope else row.number) + (f"-{n}" if n > 1 else "")
            if n > 1:
                t.flags.append("duplicate_number")
                warnings.append(
                    tr(
                        f"Số {row.number} in hai lần trong mục {row.section}: lần sau lấy mã {t.key}",
                        f"Number {row.number} printed twice in section {row.section}: the later one is {t.key}",
                    )
                    + f" (line {row.lines[0]})"
                )
            t.kind = KIND_GROUP if group else KIND_TASK
            t.parent = (parent.task.key or None) if parent else None
            if parent:
                parent.children += 1
            if group:
                node = _Node(t, row.number)
                nodes[t.key] = node
                stack.append(node)
        if not t.is_group:
            under = row.section == period[0] or row.section.startswith(period[0] + ".")
            if period[1] and under and not (t.due_raw or t.start_raw) and row.kind != "section":
                t.due_raw = period[1]
                t.flags.append(FLAG_DEADLINE_FROM_HEADING)
            _fill_times(t, year)
        tasks.append(t)
        by_row[id(row)] = t
        for i, sub in enumerate(row.subitems):
            st = Task(
                key=f"{t.key}.{col_letter(i).lower()}",
                section=row.section,
                number=sub.number,
                kind=KIND_SUBITEM,
            )
            st.parent = t.key
            _fill_fields(st, sub)
            tasks.append(st)
            by_row[id(sub)] = st
        _move_bullets_to_subitems(t, [by_row[id(s)] for s in row.subitems])
        for st in (by_row[id(s)] for s in row.subitems):
            _fill_times(st, year)
    # a numbered row without units or dates and with nothing under it is a task whose cells
    # are empty (it must not fall out of every period), not a heading
    # so is a section row ("III | Tính toán … | Trước 15/8/2020 | P9 | Các bộ môn") that names
    # its own lead unit or deadline and has no task under it: a heading carries neither
    has_children = {t.parent for t in tasks if t.parent}
    for t in tasks:
        own = t.key in sections and bool(t.lead_raw.strip() or t.due_raw.strip())
        if t.kind == KIND_GROUP and (t.key in nodes or own) and t.key not in has_children:
            t.kind = KIND_TASK
            _fill_times(t, year)
    if group_lead:
        _lead_from_groups(tasks)
    for i, t in enumerate(tasks):
        t.order = i
        t.content = strip_bullet(t.content)
    return tasks, warnings


def _lead_from_groups(tasks: list[Task]) -> None:
    """Each task without a lead takes the body named by its nearest group row (a Roman
    section ``II | THỊ XÃ HOÀI NHƠN`` over its projects ``1``, ``2`` …), flagged so."""
    by_key = {t.key: t for t in tasks}
    bodies = {t.key: group_body(t.content) for t in tasks if t.is_group and not t.lead_raw}
    for t in tasks:
        if t.is_group or t.kind == KIND_SUBITEM or t.lead_raw:
            continue
        key = t.parent or t.section
        seen: set[str] = set()
        while key and key not in seen:
            seen.add(key)
            if bodies.get(key):
                t.lead_raw = bodies[key]
                t.flags.append(FLAG_LEAD_FROM_GROUP)
                break
            up = by_key.get(key)
            key = up.parent if up is not None and up.parent else ""


# a list glyph at the start of a cell ("+ Tuyên truyền …", "-Nâng cao …") is layout, not
# text: it must not lead a task's label in lists of overdue tasks, e-mails or the summary
_LEAD_GLYPH = re.compile(r"^\s*(?:[-+•–—·*▪●○❖➢]\s*)+(?=\S)")


def strip_bullet(text: str) -> str:
    """``text`` without the list glyphs that start it."""
    return _LEAD_GLYPH.sub("", text, count=1)


# a row number in brackets, "(1)", "(12)": an item of the numbered heading above it, the count
# starting afresh under each heading (Chương trình hành động of Tỉnh ủy Thái Nguyên, 2025:
# "2.1. Công tác xây dựng Đảng" over (1)–(12), "2.2. …" over (1)–(12) again)
_ENCLOSED = re.compile(r"^\(\d{1,3}\)$")


def _enclosed_parent(stack: list[_Node]) -> _Node | None:
    """The open numbered heading a "(n)" row belongs to: the innermost group that is not
    itself a "(n)" item."""
    while len(stack) > 1 and _ENCLOSED.match(stack[-1].task.number.strip()):
        stack.pop()
    return stack[-1] if stack else None


def _find_parent(stack: list[_Node], number: str, warnings: list[str]) -> _Node | None:
    """The open group a numbered row belongs to (see module docs for the rules)."""
    while len(stack) > 1:
        top = stack[-1]
        if top.task.number == "*":
            below = stack[-2]
            if _under(below.eff, number):
                return top
            stack.pop()
            continue
        if _under(top.eff, number):
            return top
        if top.children == 0 and "." in number:
            # a heading printed with another number than its items (2.1.33 over 2.2.x)
            new_eff = _parent_number(number)
            warnings.append(
                tr(
                    f"Tiêu đề nhóm {top.task.number} đứng trên các mục {new_eff}.x: xếp nhóm theo các mục",
                    f"Group heading {top.task.number} stands over items {new_eff}.x: placed by its items",
                )
            )
            top.task.flags.append(f"numbering_mismatch: {top.task.number} over {new_eff}.x")
            stack.pop()
            while len(stack) > 1 and not _under(stack[-1].eff, new_eff):
                stack.pop()
            if stack[-1].task.number == "*" and not _under(
                stack[-2].eff if len(stack) > 1 else "", new_eff
            ):
                stack.pop()
            while len(stack) > 1 and stack[-1].task.number == "*":
                stack.pop()
            host = stack[-1]
            host.children += 1
            top.task.parent = host.task.key
            top.eff = new_eff
            stack.append(top)
            return top
        stack.pop()
    return stack[-1] if stack else None


# a footnote mark after a word: "Ủy ban Đối ngoại [3]" (Nghị quyết 1339/NQ-UBTVQH15 of 2024),
# "gồm¹:" (Nghị quyết 03/NQ-CP of 2025); never "(1)" of an enumeration, never a leading "[1]"
# (never the "²" of "m²", "km²": a unit of measure)
_FOOTNOTE = re.compile(
    r"(?<=[^\W\d_]{2})(?<!km)(?<!cm)(?<!dm)(?<!mm)[¹²³⁴⁵⁶⁷⁸⁹⁰]+|(?<=\S)\s*\[\d{1,3}\](?=\W|$)"
)


def strip_footnote_marks(text: str) -> str:
    return nfc(_FOOTNOTE.sub("", text)) if text else text


# a list of units cut short by the software that exported it: "• Vụ Giáo dục Mầm non • …
# • Vụ Giáo dục Dân tộc [+] Xem thêm" (Bộ GD&ĐT's directive-tracking software, 2017)
_SEE_MORE = re.compile(r"\s*\[\s*\+\s*\]\s*Xem\s+(?:thêm|tiếp)\W*$", re.IGNORECASE)
FLAG_UNIT_LIST_CUT = "unit_list_cut"


def _cut_unit_lists(t: Task) -> None:
    for attr in ("lead_raw", "coord_raw"):
        text = getattr(t, attr)
        cut = _SEE_MORE.sub("", text)
        if cut != text:
            setattr(t, attr, cut.rstrip(" ;,"))
            if FLAG_UNIT_LIST_CUT not in t.flags:
                t.flags.append(FLAG_UNIT_LIST_CUT)


def _fill_fields(t: Task, row: _Row) -> None:
    t.content = strip_footnote_marks(row.text("content"))
    t.leader = strip_footnote_marks(row.text("leader"))
    lead = strip_footnote_marks(row.text("lead"))
    t.lead_raw = lead
    t.coord_raw = strip_footnote_marks(row.text("coord"))
    t.start_raw = strip_footnote_marks(row.text("start"))
    t.due_raw = strip_footnote_marks(row.text("due"))
    t.source_rows = list(row.lines)
    t.flags = list(dict.fromkeys(row.flags))
    _cut_unit_lists(t)
    if _PCT_IN_UNITS.search(lead):
        t.lead_raw = nfc(_PCT_IN_UNITS.sub(r"\1", lead))
        t.leader = _leader_with_pct(t.leader)
        if "slid_cells_repaired" not in t.flags:
            t.flags.append("slid_cells_repaired")
    m = _COUNT.search(t.content)
    if m and row.kind != "subitem":
        t.stated_count = int(m.group(1))
    extra = []
    for role in ("output", "notes"):
        if row.parts[role]:
            extra.append(f"{tr(*ROLE_LABELS[role])}: {row.text(role)}")
    for title, vals in row.extra.items():
        extra.append(f"{nfc(title)}: {strip_footnote_marks(nfc(' '.join(vals)))}")
    t.extra = "\n".join(extra)


def _move_bullets_to_subitems(parent: Task, subs: list[Task]) -> None:
    """Sub-item rows without text of their own take the parent's trailing ``+`` bullets
    (the text export folds them into the parent's cell)."""
    empty = [s for s in subs if not s.content]
    if not empty:
        return
    pieces = _BULLET_SPLIT.split(parent.content)
    if len(pieces) < 2:
        for s in empty:
            s.flags.append("subitem_without_text")
        return
    k = min(len(empty), len(pieces) - 1)
    head, bullets = pieces[: len(pieces) - k], pieces[len(pieces) - k :]
    parent.content = nfc(" + ".join(head))
    for s, b in zip(empty, bullets, strict=False):
        s.content = nfc("+ " + b)
    for s in empty[k:]:
        s.flags.append("subitem_without_text")


def _fill_times(t: Task, year: int) -> None:
    info = parse_task_times(t.start_raw, t.due_raw, year)
    t.due_date = info.due_date
    t.start_date = info.start_date
    t.milestones = list(info.milestones)
    t.recurring = info.recurring
    for f in info.flags:
        if f not in t.flags:
            t.flags.append(f)


# --- counts and units ----------------------------------------------------------------------


def count_check(tasks: list[Task]) -> list[dict]:
    """Each heading's stated count ("(13 nội dung)") against the items found under it.

    Items are the task rows among its descendants, plus ``*`` headings with nothing under
    them (the plan counts such a heading as one item itself)."""
    children: dict[str, list[Task]] = {}
    for t in tasks:
        if t.parent:
            children.setdefault(t.parent, []).append(t)

    def items(key: str) -> int:
        n = 0
        for c in children.get(key, []):
            if c.kind == KIND_TASK:
                n += 1
            elif c.kind == KIND_GROUP:
                if c.number == "*" and not children.get(c.key):
                    n += 1
                else:
                    n += items(c.key)
        return n

    out = []
    for t in tasks:
        if t.kind == KIND_GROUP and t.stated_count is not None:
            found = items(t.key)
            out.append(
                {
                    "key": t.key,
                    "number": t.number,
                    "stated": t.stated_count,
                    "found": found,
                    "ok": found == t.stated_count,
                }
            )
            if found != t.stated_count:
                flag = f"count_mismatch: stated {t.stated_count}, found {found}"
                t.flags = [f for f in t.flags if not f.startswith("count_mismatch")] + [flag]
    return out


class _MemoRegistry:
    """The registry's ``resolve`` memoised per cell text (plans repeat the same unit cells)."""

    def __init__(self, registry) -> None:
        self._registry = registry
        self._memo: dict[str, Any] = {}

    def resolve(self, text: str):
        hit = self._memo.get(text)
        if hit is None:
            hit = self._memo[text] = self._registry.resolve(text)
        return hit


def resolve_units(tasks: list[Task], registry) -> dict[str, list[str]]:
    """Split every unit cell into unit codes; return unresolved fragment → task keys."""
    from .units import resolve_task_units, unresolved_fragments

    memo = _MemoRegistry(registry)
    for t in tasks:
        if t.kind != KIND_GROUP:
            resolve_task_units(t, memo)  # type: ignore[arg-type]
    return unresolved_fragments(tasks)


# --- the command ---------------------------------------------------------------------------


def _select(tables: list[SourceTable], select: list[str] | None, source) -> list[SourceTable]:
    if not select:
        return tables
    out = []
    for want in select:
        hit = None
        if want.isdigit() and 1 <= int(want) <= len(tables):
            hit = tables[int(want) - 1]
        else:
            hit = next((t for t in tables if fold(want) and fold(want) in fold(t.name)), None)
        if hit is None:
            raise InputError(
                tr(f"Không có bảng '{want}'", f"No table '{want}'")
                + f" ({', '.join(f'{i}: {t.name}' for i, t in enumerate(tables, 1))})",
                hint=tr("Chạy 'sheettools plan inspect' để xem các bảng",
                        "Run 'sheettools plan inspect' to list the tables"),
                file=str(source),
            )  # fmt: skip
        if hit not in out:
            out.append(hit)
    return out


def _visible(tables: list[SourceTable], doc: Document, ignored: list[dict]) -> list[SourceTable]:
    """The tables of the sheets a person sees: a sheet hidden in the workbook (drop-down
    lists, an old copy of the plan) is left out, and said, when a visible sheet has a task
    table; ``--sheet`` still takes it."""
    hidden = {b.name for b in doc.blocks if b.hidden}
    shown = [t for t in tables if t.name not in hidden]
    if not shown or len(shown) == len(tables):
        return tables
    why = tr("trang tính bị ẩn trong sổ (lấy nó bằng --sheet)",
             "a sheet hidden in the workbook (take it with --sheet)")  # fmt: skip
    ignored += [{"block": t.name, "why": why} for t in tables if t.name in hidden]
    return shown


def _deadline_year(tables: list[SourceTable]) -> int | None:
    """The earliest year the rows' times name — not a year only a few rows name (a tenth or
    less): four of Bộ GD&ĐT's 53 tasks of 2017 began or ended in 12/2016."""
    years: Counter[int] = Counter()
    for t in tables:
        for r in t.rows:
            row_years = []
            for v in (r.cells[5], r.cells[6]):
                # not the year inside a document's symbol ("Nghị quyết 10/2022/NQ-HĐND")
                v = re.sub(r"\b\d+/(?:19|20)\d\d/\S+", " ", v)
                row_years += [int(y) for y in re.findall(r"\b(20\d\d)\b", v)]
            if row_years:
                years[min(row_years)] += 1
    few = sum(years.values()) // 10
    return min((y for y, n in years.items() if n > few), default=min(years, default=None))


def read_plan(
    source: str | Path,
    *,
    year: int | None = None,
    mapping: dict[str, str] | None = None,
    select: list[str] | None = None,
) -> tuple[Document, list[SourceTable], PlanIdentity, list[dict]]:
    """Read the document, find its task tables (or prose tasks), its identity and year."""
    doc = read_document(source)
    tables, ignored = find_tables(doc, mapping)
    if not select:
        tables = _visible(tables, doc, ignored)
    tables = _select(tables, select, source)
    ident = plan_identity([t for _l, t in doc.all_lines()])
    for t in tables:
        _fill_title_year(t, doc)
    if year:
        ident.year, ident.year_from = year, "--year"
    elif ident.year_from != "title":
        titled = next((t for t in tables if t.title and _YEAR.search(_cited_free(t.title))), None)
        title_year = titled.year if titled is not None else None
        if title_year and titled is not None:
            ident.year, ident.year_from = title_year, "title"
            if re.search(r"\bkèm theo\b", titled.title, re.IGNORECASE):
                # "(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 …)": the appendix's
                # attachment line gives the plan's date — a draft's with the day left blank
                signed = re.search(r"ngày\s+\d{1,2}\s*(?:/|tháng\s+\d)", titled.title)
                ident.year_from = "date" if signed else "date_line"
        elif ident.year is None:
            dy = _deadline_year(tables)
            if dy:
                ident.year, ident.year_from = dy, "deadlines"
            elif tables and tables[0].year:
                ident.year, ident.year_from = tables[0].year, "text"
    return doc, tables, ident, ignored


def parse_plan(
    source: str | Path,
    *,
    year: int | None = None,
    registry=None,
    mapping: dict[str, str] | None = None,
    select: list[str] | None = None,
) -> tuple[list[Task], dict]:
    """Parse a plan's task table(s) — or its prose tasks — into tasks and an import report."""
    doc, tables, ident, ignored = read_plan(source, year=year, mapping=mapping, select=select)
    from .planprose import duties_after_tables, labelled_tasks, prose_lines, prose_tasks

    if tables:
        # tasks written as labelled paragraphs beside the table (a resolution's article)
        prose = [] if select else labelled_tasks(prose_lines(doc, text_only=True))
        if not select and not prose:
            prose = duties_after_tables(
                doc,
                [r.line for t in tables for r in t.rows],
                [" ".join(r.cells) for t in tables for r in t.rows],
            )
    else:
        prose = prose_tasks(doc)
        if not prose:
            raise _no_table(source)
    if prose:
        if ident.year is None:
            years = [int(y) for p in prose for y in re.findall(r"\b(20\d\d)\b", p.cells[6])]
            if years:
                ident.year, ident.year_from = min(years), "deadlines"
        pt = SourceTable(rows=prose, kind=doc.kind, name=tr("văn bản", "prose"), prose=True)
        pt.numbering = tr("đoạn văn có nhãn / nhiệm vụ theo cơ quan",
                          "labelled paragraphs / duties per body")  # fmt: skip
        tables = [*tables, pt]
    plan_year = ident.year
    if not plan_year:
        raise InputError(
            tr("Không xác định được năm của kế hoạch", "Cannot tell the plan's year"),
            hint=tr("Thêm --year với năm của kế hoạch", "Add --year with the plan's year"),
            file=str(source),
        )
    tasks: list[Task] = []
    warnings: list[str] = []
    parts: list[list[Task]] = []
    for table in tables:
        rows, w1 = (prose_rows(table), []) if table.prose else assemble(table)
        group_lead = any(c.group_lead for c in table.columns)
        part, w2 = build_tasks(rows, plan_year, group_lead=group_lead)
        parts.append(part)
        warnings += w1 + w2
    _heading_keys(tables, parts)
    for i, part in enumerate(parts, start=1):
        taken = {t.key for t in tasks}
        if any(t.key in taken for t in part):
            _prefix_keys(part, f"T{i}")
        tasks += part
    for i, t in enumerate(tasks):
        t.order = i
    _flag_no_lead(tasks)
    counts = count_check(tasks)
    unresolved = resolve_units(tasks, registry) if registry is not None else {}
    report = import_report(tasks, counts, unresolved, warnings, tables[0], plan_year, str(source))
    report["identity"] = ident.as_dict()
    report["year_from"] = ident.year_from
    report["tables"] = [_table_report(t) for t in tables]
    report["ignored_blocks"] = ignored
    report["ignored_rows"] = [s for t in tables for s in t.skipped]
    report["no_lead_unit"] = [t.key for t in tasks if "no_lead_unit" in t.flags]
    leaves = [t for t in tasks if t.kind != KIND_GROUP]
    report["deadlines"] = {
        "parsed": sum(1 for t in leaves if t.due_date),
        "recurring": sum(1 for t in leaves if t.recurring and not t.due_date),
        "flagged": [
            {"key": t.key, "text": t.due_raw} for t in leaves if not t.due_date and not t.recurring
        ],
        "compound": [t.key for t in leaves if any(f.startswith("compound_time") for f in t.flags)],
    }
    return tasks, report


def prose_rows(table: SourceTable) -> list[_Row]:
    """Prose tasks are already one row each (number, content, units, time)."""
    rows = []
    for raw in table.rows:
        row = _new_row("numbered", raw.cells, raw.line, raw.section, raw.extra)
        row.number = raw.cells[0]
        row.lines = list(raw.lines or [raw.line])
        row.flags.extend(raw.flags)
        rows.append(row)
    return rows


def _table_report(t: SourceTable) -> dict:
    return {
        "name": t.name,
        "header_lines": t.header_lines,
        "rows": len(t.rows),
        "numbering": t.numbering,
        "columns": [
            {"index": c.index, "title": c.title, "role": c.role, "why": c.why}
            | ({"group_lead": True} if c.group_lead else {})
            for c in t.columns
        ],
    }


def _heading_keys(tables: list[SourceTable], parts: list[list[Task]]) -> None:
    """Tables numbered alike (each from 1) under headings of their own take their heading's
    labels as key prefix: ``III.1.a.1`` … and ``III.1.b.1`` … as the plan prints them, not
    ``1`` … and ``T2.1`` …."""
    grids = [(t, p) for t, p in zip(tables, parts, strict=True) if not t.prose]
    headings = [t.heading for t, _p in grids]
    if len(grids) < 2 or not all(headings) or len(set(headings)) < len(headings):
        return
    keys = [{t.key for t in p} for _t, p in grids]
    if all(a.isdisjoint(b) for i, a in enumerate(keys) for b in keys[i + 1 :]):
        return
    for table, part in grids:
        _prefix_keys(part, table.heading)


def _prefix_keys(tasks: list[Task], prefix: str) -> None:
    for t in tasks:
        t.key = f"{prefix}.{t.key}"
        t.section = f"{prefix}.{t.section}" if t.section else prefix
        if t.parent:
            t.parent = f"{prefix}.{t.parent}"


def _flag_no_lead(tasks: list[Task]) -> None:
    """A task or sub-item with no lead unit is flagged so the office assigns one."""
    parents = {t.key: t for t in tasks}
    for t in tasks:
        if t.kind == KIND_GROUP or t.lead_raw:
            continue
        if t.kind == KIND_SUBITEM and t.parent and parents[t.parent].lead_raw:
            continue  # a part of a task inherits its task's lead
        if "no_lead_unit" not in t.flags:
            t.flags.append("no_lead_unit")


def import_report(
    tasks, counts, unresolved, warnings, table: SourceTable, year: int, source: str
) -> dict:
    from .units import FLAG_LEAD_NO_UNIT, FLAG_NOT_UNDERSTOOD, unresolved_fragments

    by_section: dict[str, dict[str, int]] = {}
    for t in tasks:
        s = by_section.setdefault(
            t.section, {"groups": 0, "tasks": 0, "subitems": 0, "distinct_numbers": 0}
        )
        s[{"group": "groups", "task": "tasks", "subitem": "subitems"}[t.kind]] += 1
    for sec in by_section:
        by_section[sec]["distinct_numbers"] = len(
            {t.number for t in tasks if t.section == sec and t.kind == KIND_TASK}
        )
    flag_counts: Counter[str] = Counter()
    for t in tasks:
        for f in t.flags:
            flag_counts[f.split(":", 1)[0]] += 1
    line_of = {t.key: (t.source_rows[0] if t.source_rows else None) for t in tasks}
    return {
        "source": source,
        "source_kind": table.kind,
        "title": table.title,
        "year": year,
        "rows": len(tasks),
        "sections": by_section,
        "count_differences": [c for c in counts if not c["ok"]],
        "counts": counts,
        "warnings": warnings,
        "flags": dict(sorted(flag_counts.items())),
        "unresolved_units": [
            {"fragment": frag, "tasks": keys, "lines": [line_of[k] for k in keys]}
            for frag, keys in sorted(unresolved.items())
        ],
        # text in unit cells that names no body (a duty, a clause): never a unit
        "units_not_understood": [
            {"text": text, "tasks": keys, "lines": [line_of[k] for k in keys]}
            for text, keys in sorted(unresolved_fragments(tasks, FLAG_NOT_UNDERSTOOD).items())
        ],
        # lead names that reach no unit: a group with no units in it yet, a vague phrase
        "lead_reaches_no_unit": [
            {"fragment": frag, "tasks": keys}
            for frag, keys in sorted(unresolved_fragments(tasks, FLAG_LEAD_NO_UNIT).items())
        ],
        # second lines of a merged row that took the cells merged down over both lines
        "cells_merged_down": [
            {"key": t.key, "columns": f.split(": ", 1)[1]}
            for t in tasks
            for f in t.flags
            if f.startswith(FLAG_MERGED_DOWN + ":")
        ],
        "no_deadline": [t.key for t in tasks if "no_deadline" in t.flags],
        "before_plan_year": [t.key for t in tasks if "before_plan_year" in t.flags],
        "unparsed_time": [
            {"key": t.key, "text": f.split(": ", 1)[1]}
            for t in tasks
            for f in t.flags
            if f.startswith("unparsed_time")
        ],
    }


def inspect_plan(
    source: str | Path,
    *,
    year: int | None = None,
    mapping: dict[str, str] | None = None,
    select: list[str] | None = None,
) -> dict:
    """``sheettools plan inspect``: how the plan would be read, without writing anything —
    every table found, each column's role and why, the numbering, the year, what is skipped,
    and (when the header is readable) the tasks per section. A header that cannot be read is
    shown with the error instead of stopping."""
    mapping = resolve_mapping(source, mapping)
    out: dict = {"source": str(source), "mapping": mapping, "tables": [], "error": ""}
    doc = read_document(source)
    out["source_kind"] = doc.kind
    candidates = []
    for block in doc.blocks:
        if block.kind != "table":
            continue
        grid = [[clean_cell(c) for c in cells] for _l, cells in block.rows]
        found = find_header(grid)
        if found is None:
            continue
        idx, used, titles = found
        if not any(c for cells in grid[idx + used :] for c in cells):
            continue  # a blank form: listed with the skipped tables, no roles to choose
        entry: dict = {"name": block.name, "header_line": block.rows[idx][0], "titles": titles}
        try:
            cols = assign_roles(titles, mapping, where=str(source))
            entry["columns"] = [
                {"index": c.index, "title": c.title, "role": c.role, "why": c.why}
                | ({"group_lead": True} if c.group_lead else {})
                for c in cols
            ]
        except InputError as exc:
            entry["error"], entry["hint"] = exc.message, exc.hint
        candidates.append(entry)
    out["header_rows"] = candidates
    try:
        tasks, report = parse_plan(source, year=year, mapping=mapping or None, select=select)
    except InputError as exc:
        out["error"], out["hint"] = exc.message, exc.hint
        ident = plan_identity([t for _l, t in doc.all_lines()])
        out["identity"] = ident.as_dict()
        return out
    out.update(
        {
            "identity": report["identity"],
            "year": report["year"],
            "year_from": report["year_from"],
            "tables": report["tables"],
            "sections": report["sections"],
            "ignored_blocks": report["ignored_blocks"],
            "ignored_rows": report["ignored_rows"],
            "no_lead_unit": report["no_lead_unit"],
            "deadlines": report["deadlines"],
            "tasks": sum(1 for t in tasks if t.kind != KIND_GROUP),
        }
    )
    return out


MAP_SUFFIX = ".map.json"


def mapping_file_for(source: str | Path) -> Path:
    """The mapping file kept beside a plan: ``plan.docx`` → ``plan.docx.map.json``."""
    p = Path(source)
    return p.with_name(p.name + MAP_SUFFIX)


def load_mapping_file(path: str | Path) -> dict[str, str]:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            tr("Không đọc được tệp ánh xạ cột", "Cannot read the column mapping file") + f" ({exc})",
            hint=tr('Tệp JSON dạng {"lead": "Tiêu đề cột"}', 'A JSON file like {"lead": "Column title"}'),
            file=str(p),
        ) from exc  # fmt: skip
    data = data.get("columns", data) if isinstance(data, dict) else data
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError(
            tr("Tệp ánh xạ cột sai dạng", "The column mapping file has the wrong shape"),
            hint=tr('Tệp JSON dạng {"lead": "Tiêu đề cột"}', 'A JSON file like {"lead": "Column title"}'),
            file=str(p),
        )  # fmt: skip
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def resolve_mapping(
    source: str | Path, given: dict[str, str] | None, settings: dict[str, str] | None = None
) -> dict[str, str]:
    """The column mapping in force: the master's (a re-import), then the file beside the
    plan, then ``--map`` (the last wins per role)."""
    out: dict[str, str] = {}
    if settings and settings.get("plan_map"):
        try:
            out.update(json.loads(settings["plan_map"]))
        except ValueError:
            pass
    beside = mapping_file_for(source)
    if beside.exists():
        out.update(load_mapping_file(beside))
    out.update(given or {})
    return out


def parse_map_options(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``role="Column title"`` items of ``--map`` → a mapping."""
    out = {}
    for item in items:
        if "=" not in item:
            raise InputError(
                tr(f"--map cần dạng vai_trò=\"Tiêu đề cột\", nhận: {item}",
                   f"--map needs role=\"Column title\", got: {item}"),
                hint='--map lead="Cơ quan chủ trì"',
            )  # fmt: skip
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip().strip('"')
    return out


def import_plan(
    source: str | Path,
    output: str | Path,
    *,
    units: str | Path | None = None,
    year: int | None = None,
    force: bool = False,
    now: dt.datetime,
    mapping: dict[str, str] | None = None,
    select: list[str] | None = None,
    office: dict[str, str] | None = None,
) -> dict:
    """``sheettools plan import``: parse the plan and write (or replace the plan of) a master.
    ``office``: the office's letterhead (``doc_*`` settings, ``docinfo.load_office``), written
    into the master's settings.

    The registry comes from ``units`` (an xlsx with ``units``/``groups`` sheets) or, when
    re-importing into an existing master (``force``), from that master. Reports, periods,
    logs of an existing master are kept."""
    from .store import editing

    out = Path(output)
    if out.exists() and not force:
        raise InputError(
            tr("Sổ chính đã tồn tại", "The master already exists"),
            hint=tr("Dùng --force để nhập lại kế hoạch vào sổ này (giữ báo cáo, đơn vị, kỳ)",
                    "Use --force to re-import the plan into it (reports, units, periods are kept)"),
            file=str(out),
        )  # fmt: skip
    # the lock is taken before an existing master is read: a merge running meanwhile is
    # never overwritten by the import
    with editing(out, "plan import", now, new=Master) as edit:
        master = edit.master
        report = _import_into(master, source, units, year, mapping, select, now)
        master.settings.update(office or {})
        edit.summary = tr(
            f"Nhập {report['rows']} dòng từ {master.plan.source}; {len(report['unresolved_units'])} cụm đơn vị chưa nhận ra; "
            f"{len(report['count_differences'])} chênh lệch số lượng",
            f"Imported {report['rows']} rows from {master.plan.source}; {len(report['unresolved_units'])} unresolved unit "
            f"fragments; {len(report['count_differences'])} count differences",
        )  # fmt: skip
    report["output"] = str(out)
    report["units"] = len(master.units)
    return report


def _import_into(
    master: Master,
    source: str | Path,
    units: str | Path | None,
    year: int | None,
    mapping: dict[str, str] | None,
    select: list[str] | None,
    now: dt.datetime,
) -> dict:
    """Put the plan parsed from ``source`` into ``master`` (its reports, periods, log kept);
    the registry from ``units`` when given, else the master's own."""
    from .periods import default_periods
    from .units import Registry, load_units_xlsx

    if units:
        master.units, master.groups = load_units_xlsx(units)
    registry = Registry(master.units, master.groups)
    mapping = resolve_mapping(source, mapping, master.settings)
    tasks, report = parse_plan(
        source, year=year, registry=registry, mapping=mapping or None, select=select
    )
    plan_year = report["year"]
    ident = report["identity"]
    for k in ("issuer", "kind", "number", "date", "citation", "title"):
        value = str(ident.get(k) or "")
        if k == "date" and value:  # as people write it in the settings sheet: 11/01/2023
            value = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        if value:
            master.settings[f"plan_{k}"] = value
        else:
            master.settings.pop(f"plan_{k}", None)
    if mapping:
        master.settings["plan_map"] = json.dumps(mapping, ensure_ascii=False)
    if select:
        master.settings["plan_tables"] = ", ".join(select)
    master.tasks = tasks
    master.plan.title = report["title"]
    master.plan.year = plan_year
    master.plan.source = Path(source).name
    master.plan.imported_at = now.isoformat(timespec="seconds")
    if not master.periods or any(not p.code.startswith(str(plan_year)) for p in master.periods):
        master.periods = default_periods(plan_year)
    master.settings.setdefault("due_soon_days", "15")
    for key, value in DOC_DEFAULTS.items():  # the report header, for the office to edit
        master.settings.setdefault(key, value)
    return report


def suggest_units(
    source: str | Path,
    output: str | Path,
    *,
    force: bool = False,
    year: int | None = None,
    mapping: dict[str, str] | None = None,
    select: list[str] | None = None,
) -> dict:
    """``sheettools units suggest``: a draft registry from the plan's unit cells."""
    from .units import suggest_registry, write_units_xlsx

    out = Path(output)
    if out.exists() and not force:
        raise InputError(
            tr("Tệp đã tồn tại", "The file already exists"),
            hint=tr("Dùng --force để ghi đè", "Use --force to overwrite it"),
            file=str(out),
        )
    mapping = resolve_mapping(source, mapping)
    tasks, report = parse_plan(source, year=year, mapping=mapping or None, select=select)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    # the issuer's level places the rooms of a Sở's (Bộ's) plan
    units, groups = suggest_registry(cells, issuer=report["identity"]["issuer"])
    write_units_xlsx(units, groups, out)
    return {"output": str(out), "units": len(units), "groups": len(groups), "fragments": len(cells)}


def reresolve_master(
    path: str | Path, *, now: dt.datetime, all_tasks: bool = False
) -> dict[str, list[str]]:
    """``sheettools units resolve``: after a person added an alias or a unit in Excel,
    resolve again the unit cells that had unresolved fragments (every task's with
    ``all_tasks``, which replaces codes corrected by hand). Returns what is still unresolved."""
    from .store import editing
    from .units import resolve_master_units

    with editing(path, "units resolve", now) as edit:
        tasks = edit.master.tasks
        before = [(t.lead_units[:], t.coordinating_units[:], t.flags[:]) for t in tasks]
        left = resolve_master_units(edit.master, only_unresolved=not all_tasks)
        # nothing resolved differently: a no-op, the master is not written (no log line)
        edit.save = before != [(t.lead_units, t.coordinating_units, t.flags) for t in tasks]
        edit.summary = tr(
            f"Còn {len(left)} cụm đơn vị chưa nhận ra",
            f"{len(left)} unit fragments still unresolved",
        )
    return left
