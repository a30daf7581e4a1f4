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

import csv
import datetime as dt
import io
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
from .textutil import fold, nfc
from .xlsxfast import col_letter

COLUMNS = ("number", "content", "leader", "lead", "coord", "start", "due")
HEADER_FOLDED = (
    "tt",
    "noi dung thuc hien",
    "lanh dao phu trach",
    "don vi chu tri",
    "don vi phoi hop",
    "thoi gian thuc hien",
    "thoi gian hoan thanh",
)
HEADER_ALIASES = {
    "stt": "tt",
    "noi dung": "noi dung thuc hien",
    "lanh dao": "lanh dao phu trach",
    "chu tri": "don vi chu tri",
    "phoi hop": "don vi phoi hop",
    "thoi gian bat dau": "thoi gian thuc hien",
    "thoi han": "thoi gian hoan thanh",
    "thoi han hoan thanh": "thoi gian hoan thanh",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*\s*/?>")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_COUNT = re.compile(r"\(+\s*(\d+)\s+(?:chỉ tiêu|nội dung|dự án)", re.IGNORECASE)
_PCT_IN_UNITS = re.compile(r"(^|[,;]\s*)PCT\s+(?=\S)")
_BULLET_SPLIT = re.compile(r"\s\+\s*(?=\S)")
_YEAR = re.compile(r"\b(?:NĂM|năm|Năm)\s+(20\d\d)\b")


def clean_cell(text: Any) -> str:
    """Cell text as NFC on one line, HTML remnants removed, spaces (incl. NBSP) collapsed."""
    if text is None:
        return ""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = _TAG.sub(" ", s)
    return nfc(s)


@dataclass
class RawRow:
    cells: list[str]
    line: int  # 1-based line (text/csv), row (xlsx) or table row (docx) in the source
    after_header: bool = False  # directly after a (repeated) header row: a page break


@dataclass
class SourceTable:
    rows: list[RawRow]
    title: str = ""
    year: int | None = None
    kind: str = "text"  # text | docx | xlsx | csv
    header_lines: list[int] = field(default_factory=list)


# --- reading sources -----------------------------------------------------------------------


def is_header(cells: list[str]) -> bool:
    folded = [HEADER_ALIASES.get(fold(c), fold(c)) for c in cells]
    return sum(1 for h in HEADER_FOLDED if h in folded) >= 5


def read_source(path: str | Path) -> SourceTable:
    """Read the schedule table's rows from any supported source."""
    p = Path(path)
    if not p.exists():
        raise InputError(
            tr("Không tìm thấy tệp kế hoạch", "Plan file not found"),
            hint=tr("Kiểm tra lại đường dẫn", "Check the path"),
            file=str(p),
        )
    head = p.read_bytes()[:8]
    suffix = p.suffix.lower()
    if head.startswith(b"PK") and suffix == ".docx":
        table = _read_docx(p)
    elif (
        head.startswith(b"PK")
        or head.startswith(b"\xd0\xcf\x11\xe0")
        or suffix in (".xlsx", ".xls", ".ods", ".xlsm")
    ):
        table = _read_workbook(p)
    elif suffix == ".csv":
        table = _read_csv(p)
    else:
        table = _read_text(p)
    if not table.rows:
        raise InputError(
            tr("Không thấy bảng tiến độ (hàng tiêu đề 'TT | Nội dung thực hiện | ...')",
               "No schedule table found (header row 'TT | Nội dung thực hiện | ...')"),
            hint=tr("Kiểm tra tệp có bảng tiến độ với hàng tiêu đề đủ các cột",
                    "Check the file holds the schedule table with its header row"),
            file=str(p),
        )  # fmt: skip
    return table


def _decode(data: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(
        tr("Tệp văn bản không phải UTF-8", "The text file is not UTF-8"),
        hint=tr("Lưu lại tệp với mã hóa UTF-8", "Re-save it as UTF-8"),
        file=str(path),
    )


def _rows_from_grid(grid: list[tuple[int, list[str]]], kind: str) -> SourceTable:
    """Common part: find the header, keep rows after it, mark page breaks."""
    table = SourceTable(rows=[], kind=kind)
    started = False
    after_header = False
    title_lines: list[str] = []
    for line_no, cells in grid:
        cells = [clean_cell(c) for c in cells]
        while cells and cells[-1] == "":
            cells.pop()
        if is_header(cells):
            started = True
            after_header = True
            table.header_lines.append(line_no)
            continue
        if not started:
            text = " ".join(c for c in cells if c)
            if text:
                title_lines.append(text)
            continue
        if not cells:
            continue
        table.rows.append(RawRow(cells=cells, line=line_no, after_header=after_header))
        after_header = False
    # the title: the last lines before the header (e.g. "BIỂU TIẾN ĐỘ ... NĂM 2023")
    title = ""
    for t in title_lines[::-1]:
        if "BIỂU" in t.upper() or "TIẾN ĐỘ" in t.upper():
            title = t
            break
    table.title = title or (title_lines[-1] if title_lines else "")
    m = _YEAR.search(table.title) or next(
        (_YEAR.search(t) for t in title_lines[::-1] if _YEAR.search(t)), None
    )
    table.year = int(m.group(1)) if m else None
    return table


def _read_text(p: Path) -> SourceTable:
    text = _decode(p.read_bytes(), p)
    grid: list[tuple[int, list[str]]] = []
    started = False
    for i, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        cells = line.split("\t")
        if not started:
            if is_header(cells):
                started = True
            grid.append((i, cells))
            continue
        if line.strip() and "\t" not in line and not is_header(cells):
            break  # the table has ended (a signature, a note): stop
        grid.append((i, cells))
    table = _rows_from_grid(grid, "text")
    if table.year is None:  # "BIỂU TIẾN ĐỘ ... NĂM 2023" may be far above
        m = _YEAR.search(text)
        table.year = int(m.group(1)) if m else None
    return table


def _read_csv(p: Path) -> SourceTable:
    text = _decode(p.read_bytes(), p)
    best: list[tuple[int, list[str]]] = []
    for delim in (",", ";", "\t"):  # the delimiter whose rows contain the header row
        grid = [
            (i, row)
            for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1)
        ]
        if any(is_header([clean_cell(c) for c in row]) for _i, row in grid):
            best = grid
            break
    return _rows_from_grid(best, "csv")


def _read_workbook(p: Path) -> SourceTable:
    from .xlsxio import cell_str, read_sheets

    sheets = read_sheets(p)
    for _name, rows in sheets.items():
        grid = [(i, [cell_str(c) for c in row]) for i, row in enumerate(rows, start=1)]
        if any(is_header([clean_cell(c) for c in cells]) for _i, cells in grid):
            return _rows_from_grid(grid, "xlsx")
    return SourceTable(rows=[], kind="xlsx")


def _read_docx(p: Path) -> SourceTable:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(p))
    except Exception as exc:
        raise InputError(
            tr("Không đọc được tệp Word", "Cannot read the Word file") + f" ({exc})",
            hint=tr("Mở và lưu lại bằng Word (.docx)", "Open and re-save it in Word (.docx)"),
            file=str(p),
        ) from exc
    grid: list[tuple[int, list[str]]] = []
    title_lines = [para.text for para in document.paragraphs if para.text.strip()]
    for para in title_lines:
        grid.append((0, [para]))
    n = 0
    for table in document.tables:
        for tr_el in table._tbl.tr_lst:
            n += 1
            cells: list[str] = []
            for tc in tr_el.tc_lst:
                span = tc.grid_span
                vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                continued = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
                paras = [
                    "".join(t.text or "" for t in par.iter(qn("w:t"))) for par in tc.iter(qn("w:p"))
                ]
                text = "" if continued else " ".join(x for x in paras if x.strip())
                cells.append(text)
                cells.extend([""] * (span - 1))
            grid.append((n, cells))
    return _rows_from_grid(grid, "docx")


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

    def text(self, col: str) -> str:
        return nfc(" ".join(x for x in self.parts[col] if x))

    def add(self, cells: list[str], line: int) -> None:
        for col, val in zip(COLUMNS[1:], cells[1:7], strict=False):
            if val:
                self.parts[col].append(val)
        self.lines.append(line)


def _new_row(kind: str, cells: list[str], line: int, section: str) -> _Row:
    parts: dict[str, list[str]] = {c: [] for c in COLUMNS[1:]}
    row = _Row(kind=kind, number=cells[0] if cells else "", parts=parts, lines=[], section=section)
    row.add(cells, line)
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


def assemble(table: SourceTable) -> tuple[list[_Row], list[str]]:
    """Turn raw rows into logical rows: page-break continuations merged, sub-items attached."""
    rows: list[_Row] = []
    warnings: list[str] = []
    section = ""
    last: _Row | None = None  # the row that continuation text belongs to
    last_task: _Row | None = None  # the latest numbered leaf candidate (for sub-items)
    for raw in table.rows:
        cells, flags = _repair_slid(list(raw.cells))
        tt = cells[0].strip()
        if tt == "":
            if last is None:
                row = _new_row("numbered", cells, raw.line, section)
                row.flags.append("missing_number")
                rows.append(row)
                last = row
                continue
            if raw.after_header or last.kind in ("section", "star") or not _has_own_cells(cells):
                last.add(cells, raw.line)  # continuation after a page break
                last.flags.extend(f for f in flags if f not in last.flags)
                continue
            owner = last_task if last_task is not None else last
            owner = owner.parent_row or owner
            sub = _new_row("subitem", cells, raw.line, section)
            sub.number = ""
            sub.flags.extend(flags)
            sub.parent_row = owner
            owner.subitems.append(sub)
            rows.append(sub)
            last = sub
            continue
        if tt in ROMAN:
            section = tt
            row = _new_row("section", cells, raw.line, section)
            rows.append(row)
            last, last_task = row, None
            continue
        if tt == "*" or tt.startswith("*"):
            row = _new_row("star", cells, raw.line, section)
            row.number = "*"
            rows.append(row)
            last, last_task = row, None
            continue
        number = tt.rstrip(".")
        prev = last_task.parent_row or last_task if last_task is not None else None
        if (
            prev is not None
            and prev.number == number
            and cells[1].lstrip().startswith("+")
            and not cells[2]
        ):
            # the multi-part task's number printed again after a page break
            sub = _new_row("subitem", cells, raw.line, section)
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
        row = _new_row("numbered", cells, raw.line, section)
        row.number = number
        row.flags.extend(flags)
        rows.append(row)
        last = last_task = row
    return rows, warnings


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


def build_tasks(rows: list[_Row], year: int) -> tuple[list[Task], list[str]]:
    """Give every row its key, kind, parent, cleaned fields and parsed deadline."""
    tasks: list[Task] = []
    warnings: list[str] = []
    seen: Counter[tuple[str, str]] = Counter()
    stack: list[_Node] = []  # open groups of the current section (section node at bottom)
    star_counter: Counter[str] = Counter()
    by_row: dict[int, Task] = {}

    for row in rows:
        if row.kind == "subitem":
            continue  # placed with their parent below
        group = _is_group(row)
        t = Task(key="", section=row.section, number=row.number)
        _fill_fields(t, row)
        if row.kind == "section":
            t.key = row.section
            t.kind = KIND_GROUP
            stack = [_Node(t, "")]
        elif row.kind == "star":
            while stack and stack[-1].task.number == "*":
                stack.pop()
            enclosing = stack[-1] if stack else None
            base = enclosing.task.key if enclosing else row.section
            star_counter[base] += 1
            t.key = f"{base}.*{star_counter[base]}"
            t.kind = KIND_GROUP
            t.parent = enclosing.task.key if enclosing else None
            if enclosing:
                enclosing.children += 1
            stack.append(_Node(t, enclosing.eff if enclosing else ""))
        else:
            parent = _find_parent(stack, row.number, warnings)
            seen[(row.section, row.number)] += 1
            n = seen[(row.section, row.number)]
            t.key = f"{row.section}.{row.number}" + (f"-{n}" if n > 1 else "")
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
            t.parent = parent.task.key if parent else None
            if parent:
                parent.children += 1
            if group:
                stack.append(_Node(t, row.number))
        if not t.is_group:
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
    for i, t in enumerate(tasks):
        t.order = i
    return tasks, warnings


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


def _fill_fields(t: Task, row: _Row) -> None:
    t.content = row.text("content")
    t.leader = row.text("leader")
    lead = row.text("lead")
    t.lead_raw = lead
    t.coord_raw = row.text("coord")
    t.start_raw = row.text("start")
    t.due_raw = row.text("due")
    t.source_rows = list(row.lines)
    t.flags = list(dict.fromkeys(row.flags))
    if _PCT_IN_UNITS.search(lead):
        t.lead_raw = nfc(_PCT_IN_UNITS.sub(r"\1", lead))
        t.leader = _leader_with_pct(t.leader)
        if "slid_cells_repaired" not in t.flags:
            t.flags.append("slid_cells_repaired")
    m = _COUNT.search(t.content)
    if m and row.kind != "subitem":
        t.stated_count = int(m.group(1))


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


def resolve_units(tasks: list[Task], registry) -> dict[str, list[str]]:
    """Split every unit cell into unit codes; return unresolved fragment → task keys."""
    from .units import resolve_task_units, unresolved_fragments

    for t in tasks:
        if t.kind != KIND_GROUP:
            resolve_task_units(t, registry)
    return unresolved_fragments(tasks)


# --- the command ---------------------------------------------------------------------------


def parse_plan(
    source: str | Path, *, year: int | None = None, registry=None
) -> tuple[list[Task], dict]:
    """Parse a plan's schedule table into tasks and an import report (plain data)."""
    table = read_source(source)
    plan_year = year or table.year
    if not plan_year:
        raise InputError(
            tr("Không xác định được năm của kế hoạch", "Cannot tell the plan's year"),
            hint=tr("Thêm --year 2023", "Add --year 2023"),
            file=str(source),
        )
    rows, warnings = assemble(table)
    tasks, w2 = build_tasks(rows, plan_year)
    warnings += w2
    counts = count_check(tasks)
    unresolved = resolve_units(tasks, registry) if registry is not None else {}
    report = import_report(tasks, counts, unresolved, warnings, table, plan_year, str(source))
    return tasks, report


def import_report(
    tasks, counts, unresolved, warnings, table: SourceTable, year: int, source: str
) -> dict:
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
        "no_deadline": [t.key for t in tasks if "no_deadline" in t.flags],
        "before_plan_year": [t.key for t in tasks if "before_plan_year" in t.flags],
        "unparsed_time": [
            {"key": t.key, "text": f.split(": ", 1)[1]}
            for t in tasks
            for f in t.flags
            if f.startswith("unparsed_time")
        ],
    }


def import_plan(
    source: str | Path,
    output: str | Path,
    *,
    units: str | Path | None = None,
    year: int | None = None,
    force: bool = False,
    now: dt.datetime,
) -> dict:
    """``sheettools plan import``: parse the plan and write (or replace the plan of) a master.

    The registry comes from ``units`` (an xlsx with ``units``/``groups`` sheets) or, when
    re-importing into an existing master (``force``), from that master. Reports, periods,
    logs of an existing master are kept."""
    from .periods import default_periods
    from .store import add_log, load_master, master_lock, save_master
    from .units import Registry, load_units_xlsx

    out = Path(output)
    master = Master()
    if out.exists():
        if not force:
            raise InputError(
                tr("Sổ chính đã tồn tại", "The master already exists"),
                hint=tr("Dùng --force để nhập lại kế hoạch vào sổ này (giữ báo cáo, đơn vị, kỳ)",
                        "Use --force to re-import the plan into it (reports, units, periods are kept)"),
                file=str(out),
            )  # fmt: skip
        master = load_master(out)
    if units:
        master.units, master.groups = load_units_xlsx(units)
    registry = Registry(master.units, master.groups)
    tasks, report = parse_plan(source, year=year, registry=registry)
    plan_year = report["year"]
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
    summary = tr(
        f"Nhập {report['rows']} dòng từ {master.plan.source}; {len(report['unresolved_units'])} cụm đơn vị chưa nhận ra; "
        f"{len(report['count_differences'])} chênh lệch số lượng",
        f"Imported {report['rows']} rows from {master.plan.source}; {len(report['unresolved_units'])} unresolved unit "
        f"fragments; {len(report['count_differences'])} count differences",
    )
    add_log(master, "plan import", summary, now=now)
    with master_lock(out, "plan import"):
        save_master(master, out)
    report["output"] = str(out)
    report["units"] = len(master.units)
    return report


def suggest_units(source: str | Path, output: str | Path, *, force: bool = False) -> dict:
    """``sheettools units suggest``: a draft registry from the plan's unit cells."""
    from .units import suggest_registry, write_units_xlsx

    out = Path(output)
    if out.exists() and not force:
        raise InputError(
            tr("Tệp đã tồn tại", "The file already exists"),
            hint=tr("Dùng --force để ghi đè", "Use --force to overwrite it"),
            file=str(out),
        )
    tasks, _report = parse_plan(source, year=None)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    write_units_xlsx(units, groups, out)
    return {"output": str(out), "units": len(units), "groups": len(groups), "fragments": len(cells)}


def reresolve_master(
    path: str | Path, *, now: dt.datetime, all_tasks: bool = False
) -> dict[str, list[str]]:
    """``sheettools units resolve``: after a person added an alias or a unit in Excel,
    resolve again the unit cells that had unresolved fragments (every task's with
    ``all_tasks``, which replaces codes corrected by hand). Returns what is still unresolved."""
    from .store import add_log, load_master, master_lock, save_master
    from .units import resolve_master_units

    with master_lock(path, "units resolve"):
        master = load_master(path)
        left = resolve_master_units(master, only_unresolved=not all_tasks)
        add_log(
            master,
            "units resolve",
            tr(
                f"Còn {len(left)} cụm đơn vị chưa nhận ra",
                f"{len(left)} unit fragments still unresolved",
            ),
            now=now,
        )
        save_master(master, path)
    return left
