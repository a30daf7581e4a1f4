"""What a returned unit workbook says, read without the master: ``digest``.

This is the part of checking a return that needs nothing but the file's cells: which sheet is
the report and where its columns are, the manifest's rows, and every task row's key and
normalised values. It runs inside the reader workers (``sheettools.safety``), next to the
reader, so the merging process receives a few kilobytes per file instead of every cell, and the
two cores share the normalising. ``sheettools.merge.check_file`` then decides, with the
master, what the digest is worth (signature, unit, period, which keys the unit holds).

Only light modules are imported here: the workers load this module at start.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .normalize import (
    CLEAR,
    error_value,
    is_clear_marker,
    normalize_date,
    normalize_progress,
    normalize_status,
    normalize_text,
)
from .textutil import nfc
from .unitbook import (
    FIELD_ID_PREFIX,
    FIXED_COLUMNS,
    INPUT_COLUMNS,
    INPUT_FIELDS,
    MANIFEST_SHEET,
    match_header,
)

FIELD_IDS = {f for f, _, _ in FIXED_COLUMNS + INPUT_COLUMNS}
# the values of one row, in this order (the unit workbook's INPUT_FIELDS: tests/test_contracts.py)
VALUE_FIELDS = ("status", "progress", "result", "completion_date", "difficulties")
EMPTY_VALUES: tuple = (None, None, "", None, "")


class Row(NamedTuple):
    """One task row of a returned workbook, as the digest gives it."""

    row: int  # 1-based row number in the sheet
    key: str  # stripped, NFC
    values: tuple  # normalised, in ``VALUE_FIELDS`` order
    flags: Sequence[str]  # report flags about these cells (a list once merge adds its own)


class ReportSheet(NamedTuple):
    """Where the report is: the sheet, its first data row (0-based), field id -> column."""

    name: str
    start: int
    columns: dict[str, int]


class Digest(NamedTuple):
    """What a returned workbook says, from its sheets alone (see ``digest``)."""

    manifest: list | None  # the rows of the ``_manifest`` sheet, or None when there is none
    report: ReportSheet | None
    rows: list[Row]
    texts: list[str]  # the cover's texts and the report's titles (file without manifest)
    nonempty: bool  # any sheet but the manifest holds a value
    cut: bool = False  # the report sheet held cells beyond the reader's caps (not read)
    # ``row_idents``: each row's number cell and content length, in the rows' order (merge
    # checks that a row shows the task its key cell names); None without those columns
    idents: tuple[list, list] | None = None

    def __reduce__(self) -> tuple:
        # (sent from a reader worker for every file: the rows travel as plain tuples, which
        # pickle in C, where a named tuple costs a Python call each way)
        return _digest_from_plain, (*self[:2], list(map(tuple, self.rows)), *self[3:])


def _digest_from_plain(
    manifest: list | None,
    report: ReportSheet | None,
    rows: list,
    texts: list,
    nonempty: bool,
    cut: bool = False,
    idents: tuple | None = None,
) -> Digest:
    """A ``Digest`` from its pickled form (rows as plain tuples, made ``Row`` again in C)."""
    return Digest(
        manifest,
        report,
        list(map(tuple.__new__, itertools.repeat(Row), rows)),
        texts,
        nonempty,
        cut,
        idents,
    )


Matcher = Callable[[str], "str | None"]


_matchers: dict[tuple, Matcher] = {}


def header_matcher(extra_titles: dict[str, str] | None) -> Matcher:
    """``unitbook.match_header`` with a memo kept across files (the same titles recur in every
    file), one per set of template titles."""
    ident = tuple(sorted((extra_titles or {}).items()))
    found = _matchers.get(ident)
    if found is not None:
        return found
    memo: dict[str, str | None] = {}

    def match(text: str) -> str | None:
        try:
            return memo[text]
        except KeyError:
            if len(memo) > 20_000:  # (a hostile file may hold many distinct texts)
                memo.clear()
            fid = memo[text] = match_header(text, extra_titles)
            return fid

    _matchers[ident] = match
    return match


def has_cell(rows: list[list[Any]], text: str, limit: int = 60) -> bool:
    return any(text in row for row in rows[:limit])


def find_columns(
    rows: list[list[Any]],
    extra_titles: dict[str, str] | None = None,
    match: Matcher | None = None,
) -> tuple[int, dict[str, int]] | None:
    """``(first data row index, field id -> column)`` of a report sheet, or None.

    The hidden field-id row (``#key`` ...) wins; header titles (accent-insensitive, synonyms
    and the office's template titles) fill in the rest, so moved, extra or re-typed columns
    all work."""
    if match is None:
        match = header_matcher(extra_titles)
    best: tuple[int, dict[str, int]] | None = None
    for r, row in enumerate(rows[:60]):
        ids: dict[str, int] = {}
        heads: dict[str, int] = {}
        for c, v in enumerate(row):
            if not isinstance(v, str) or not v.strip():
                continue
            s = nfc(v)
            if s.startswith(FIELD_ID_PREFIX) and s[1:] in FIELD_IDS:
                ids.setdefault(s[1:], c)
            else:
                fid = match(s)
                if fid:
                    heads.setdefault(fid, c)
        if "key" in ids:
            cols = dict(ids)
            if r > 0:  # titles right above the field ids may name extra/moved columns
                for c, v in enumerate(rows[r - 1]):
                    fid = match(v) if isinstance(v, str) else None
                    if fid and fid not in cols and c not in cols.values():
                        cols[fid] = c
            return r + 1, cols
        if best is None and "key" in heads and any(f in heads for f in INPUT_FIELDS):
            best = (r + 1, heads)
            # a field-id row may follow the titles; look one row further before settling
            nxt = rows[r + 1] if r + 1 < len(rows) else []
            if any(isinstance(v, str) and v.startswith(FIELD_ID_PREFIX + "key") for v in nxt):
                best = None
                continue
            return best
    return best


def sheet_texts(rows: list[list[Any]], limit: int = 80) -> list[str]:
    """The non-empty text cells of the first ``limit`` rows (NFC), for naming the sender."""
    out = []
    for row in rows[:limit]:
        for v in row:
            if isinstance(v, str) and v.strip():
                out.append(nfc(v))
    return out


def is_empty(values: tuple) -> bool:
    """No input cell of the row holds anything."""
    return all(v is None or v == "" for v in values)


def read_date(v: Any) -> tuple[str | None, list[str]]:
    """A completion-date cell: ``normalize.normalize_date``, except a text of five digits
    (``"45082"``, ``"45082.0"``). That is what a clerk sees in the cell, not a date: a number
    pasted as text, an export of an unformatted cell, or a typing slip. Excel would count it
    as a serial day (45082 is 05/06/2023), but nothing is guessed: the value is None, flagged
    ``date_serial_text: 45082 (05/06/2023?)`` (what it would be, for the clerk to ask). A real
    number cell (Excel stored a date, the unit only lost its format) is still a date."""
    if v.__class__ is str:
        text = v.strip()
        if len(text) >= 5 and text[:5].isdigit() and _SERIAL_TEXT.fullmatch(text):
            day, _ = normalize_date(float(text))
            shown = f" ({day[8:]}/{day[5:7]}/{day[:4]}?)" if day else ""
            return None, [f"date_serial_text: {text}{shown}"]
    return normalize_date(v)


_SERIAL_TEXT = re.compile(r"\d{5}(?:\.0+)?")

_NORMALIZERS: dict[str, Callable[[Any], tuple[Any, list[str]]]] = {
    "status": normalize_status,
    "progress": normalize_progress,
    "completion_date": read_date,
    "result": normalize_text,
    "difficulties": normalize_text,
}


def _or_clear(norm: Callable[[Any], tuple[Any, list[str]]]) -> Callable[[Any], tuple[Any, list]]:
    """``norm``, but the documented clear marker ``(xóa)`` gives ``normalize.CLEAR``."""

    def read(raw: Any) -> tuple[Any, list]:
        if raw.__class__ is str:
            if raw[:1] in "([ " and is_clear_marker(raw):
                return CLEAR, []
            err = error_value(raw)
            if err is not None:  # (an error some readers give as text: never a value)
                return None, [f"error_value: {err}"]
        return norm(raw)

    return read


def _memoised(norm: Callable[[Any], tuple[Any, list[str]]]) -> Callable[[Any], tuple[Any, tuple]]:
    """``norm`` with a memo: what units type recurs (statuses, percentages, dates, the same
    remark in every row), and a normaliser folds and matches text. Keyed by type and value
    (``1``, ``1.0`` and ``True`` stay apart); bounded; flags come back as a tuple."""
    memo: dict[tuple[type, Any], tuple[Any, tuple]] = {}

    def cached(raw: Any) -> tuple[Any, tuple]:
        key = (raw.__class__, raw)
        try:
            return memo[key]
        except KeyError:
            if raw.__class__ is str and len(raw) > 300:  # (long text rarely recurs)
                v, fl = norm(raw)
                return v, tuple(fl)
        except TypeError:  # (an unhashable value: not from a reader, but never fail on it)
            v, fl = norm(raw)
            return v, tuple(fl)
        if len(memo) > 50_000:
            memo.clear()
        v, fl = norm(raw)
        found = memo[key] = (v, tuple(fl))
        return found

    return cached


_MEMOISED = {f: _memoised(_or_clear(norm)) for f, norm in _NORMALIZERS.items()}


def row_reader(cols: dict[str, int]) -> Callable[[list], tuple[tuple, tuple]]:
    """``row -> (values, flags)`` for one sheet's columns, with the lookups done once: the
    common row (every input cell empty) costs one pass over a few cells and returns the shared
    ``EMPTY_VALUES`` (pickled once per file); values are normalised through a memo."""
    present = [
        (j, cols[f], _MEMOISED[f]) for j, f in enumerate(VALUE_FIELDS) if cols.get(f) is not None
    ]

    def read(row: list) -> tuple[tuple, tuple]:
        n = len(row)
        values: list | None = None
        flags: list[str] = []
        for j, c, norm in present:
            raw = row[c] if c < n else None
            if raw is None or raw == "":
                continue
            if values is None:
                values = list(EMPTY_VALUES)
            v, fl = norm(raw)
            values[j] = v
            for x in fl:
                if x not in flags:
                    flags.append(x)
        return (EMPTY_VALUES if values is None else tuple(values)), tuple(flags)

    return read


def row_idents(grid: list, plain: list, ncol: int, ccol: int) -> tuple[list, list]:
    """Which task each digest row shows: its number (TT) cell as written and its content
    cell's length (-1 when not text), two lists in the rows' order. Split writes the plan's
    number and text, in locked cells; merge compares them with the key's task. Built in C
    (``map``), nothing a row in Python: a CRC of each text cost the workers ~10x more."""
    raws = list(map(grid.__getitem__, map(operator.sub, map(_FIRST, plain), itertools.repeat(1))))
    try:
        return list(map(operator.itemgetter(ncol), raws)), list(
            map(len, map(operator.itemgetter(ccol), raws))
        )
    except (IndexError, TypeError):  # (a ragged row, a content cell that is not text)
        cells = [
            (r[ncol] if ncol < len(r) else "", r[ccol] if ccol < len(r) else None) for r in raws
        ]
        return [n for n, _ in cells], [len(c) if c.__class__ is str else -1 for _, c in cells]


_FIRST = operator.itemgetter(0)


def task_key(kv: Any) -> str:
    """A key cell as text: stripped, NFC (a number typed into the key column becomes text)."""
    if isinstance(kv, str):
        return kv.strip() if kv.isascii() else nfc(kv)
    return normalize_text(kv)[0]


def digest(sheets: list, extra_titles: dict[str, str] | None = None) -> Digest:
    """What a returned workbook says, from its sheets alone (plain data, cheap to pickle).

    ``sheets`` are ``(name, state, rows, truncated)`` tuples or ``SheetData`` objects. The
    ``Digest``:

    * ``manifest``: the rows of the ``_manifest`` sheet, or None when there is none;
    * ``report``: the report sheet (the one with the field-id row, else the first, visible
      first, whose header row names a key column), or None;
    * ``rows``: a ``Row`` for every row below the header whose key cell holds something
      (keys stripped and NFC, ``#field`` rows left out);
    * ``texts``: the cover's texts and the report's titles, only for a file without manifest
      (to name its sender), else [];
    * ``nonempty``: whether any sheet but the manifest holds a value.
    """
    named = [s if isinstance(s, tuple) else (s.name, s.state, s.rows, s.truncated) for s in sheets]
    man = next((s for s in named if s[0].strip().lower() == MANIFEST_SHEET), None)
    others = [s for s in named if s is not man]
    match = header_matcher(extra_titles)
    key_id = FIELD_ID_PREFIX + "key"
    ordered = sorted(others, key=lambda s: (not has_cell(s[2], key_id), s[1] != "visible"))
    found: tuple[Any, ...] | None = None
    for s in ordered:
        hit = find_columns(s[2], extra_titles, match)
        if hit:
            found = (s, *hit)
            break
    manifest = man[2] if man is not None else None
    texts: list[str] = []
    if man is None:
        for s in others:
            if found is None or s is not found[0]:
                texts += sheet_texts(s[2])
            else:
                texts += sheet_texts(s[2][: max(found[1] - 1, 0)], limit=20)
    if found is None:
        nonempty = any(any(v not in (None, "") for v in row) for s in others for row in s[2])
        return Digest(manifest, None, [], texts, nonempty)
    sheet, start, cols = found
    kcol = cols["key"]
    read = row_reader(cols)
    plain: list[tuple] = []  # (Row's fields; made Row at the end, in C)
    # the common row (nothing typed in) is seen in C: its input cells fetched at once, counted
    inputs = sorted({cols[f] for f in VALUE_FIELDS if cols.get(f) is not None})
    fetch = operator.itemgetter(*inputs, kcol, kcol)  # (always a tuple, even with no inputs)
    n_in = len(inputs)
    for i, row in enumerate(sheet[2][start:], start=start + 1):
        try:
            cells = fetch(row)
        except IndexError:  # (a ragged row: the slow way)
            cells = None
            kv = row[kcol] if kcol < len(row) else None
        else:
            kv = cells[-1]
        if kv is None or kv == "":
            continue
        key = kv.strip() if type(kv) is str and kv.isascii() else task_key(kv)
        if not key or key.startswith(FIELD_ID_PREFIX):
            continue
        if cells is not None and cells.count(None) + cells.count("") == n_in:
            plain.append((i, key, EMPTY_VALUES, ()))
        else:
            plain.append((i, key, *read(row)))
    rows: list[Row] = list(map(tuple.__new__, itertools.repeat(Row), plain))
    if rows:
        _cell_details(rows, sheet[0], sheet[2], start, cols)
    cut = bool(len(sheet) > 3 and sheet[3])
    ncol, ccol = cols.get("number", -1), cols.get("content", -1)
    idents = row_idents(sheet[2], plain, ncol, ccol) if plain and ncol >= 0 and ccol >= 0 else None
    return Digest(manifest, ReportSheet(sheet[0], start, cols), rows, texts, True, cut, idents)


def _cell_details(rows: list[Row], sheet_name: str, grid: list, start: int, cols: dict) -> None:
    """What the values alone do not say, from the file itself (``sheettools.cellinfo``), for
    the input cells of ``rows`` (changed in place): a progress number read by the cell's
    format (a percent-formatted 0.5 is 50 %), and per-cell flags ``error_value``,
    ``formula_no_value``, ``volatile_formula`` and ``merged_cell``. Only in a reader worker,
    where the file's bytes are at hand (``safety.current_file``)."""
    try:
        from .safety import current_file, merged_ranges
    except ImportError:  # pragma: no cover
        return
    cur = current_file()
    data, ftype = cur.get("data"), cur.get("ftype", "")
    if not data:
        return
    from . import cellinfo

    by_col = {cols[f]: f for f in VALUE_FIELDS if cols.get(f) is not None}
    notes: dict[int, list[str]] = {}  # 0-based row -> flags
    for (r0, c0), (r1, c1) in merged_ranges(sheet_name):
        if r1 >= start and any(c0 <= c <= c1 for c in by_col):
            where = f"{cellinfo.ref(r0, c0)}:{cellinfo.ref(r1, c1)}"
            for r in range(max(r0, start), r1 + 1):
                notes.setdefault(r, []).append(f"merged_cell: {where}")
    pcol = cols.get("progress")
    cand: dict[tuple[int, int], int] = {}  # progress cells whose meaning depends on the format
    if pcol is not None:
        for idx, item in enumerate(rows):
            if item.values is EMPTY_VALUES:
                continue
            row = grid[item.row - 1]
            raw = row[pcol] if pcol < len(row) else None
            # (0 < x <= 1 and fractions: a fraction; a whole 2..100: "5000 %" if a percentage)
            if raw.__class__ in (int, float) and raw != 0 and (raw <= 100 or raw % 1):
                cand[(item.row - 1, pcol)] = idx
    pct: set | None = set()
    if ftype in ("ods", "xls"):  # (error and formula cells, which the reader gives as empty)
        region = cellinfo.Region(start, set(by_col))
        if ftype == "ods":
            _note_cells(cellinfo.ods_cells(data, sheet_name, region), notes, by_col)
        else:
            _note_cells(cellinfo.xls_cells(data, sheet_name, region), notes, by_col)
    if ftype in ("xlsx", "xlsm"):
        region = cellinfo.Region(start, set(by_col))
        info = cellinfo.xlsx_cells(
            data, sheet_name, region, set(cand), cur.get("zip_infos"), cur.get("xml_parts")
        )
        pct = info["percent"]
        _note_cells(info, notes, by_col)
    elif cand:
        pct = cellinfo.percent_cells(ftype, data, sheet_name, set(cand))
    for rc, idx in cand.items():
        if pct and rc in pct:  # a percentage: its number is a fraction
            i, key, values, flags = rows[idx]
            raw = grid[rc[0]][rc[1]]
            v, fl = _percent_progress(raw)
            keep = tuple(f for f in flags if not f.startswith(("progress_", "done_below")))
            rows[idx] = Row(i, key, (values[0], v, *values[2:]), (*keep, *fl))
    if notes:
        for idx, (i, key, values, flags) in enumerate(rows):
            extra = notes.get(i - 1)
            if extra:
                rows[idx] = Row(i, key, values, (*flags, *(f for f in extra if f not in flags)))


def _percent_progress(raw: float) -> tuple[int | None, list[str]]:
    """A progress number in a cell formatted as a percentage: a fraction (0.5 is 50 %), but
    a whole number 2..100 is what the column asks for put into a percent cell (a value pasted
    over the format, a client without Excel's automatic percent entry): 50 %, or the 5000 %
    the cell shows? ``progress_ambiguous: 50 (5000%)``, never guessed."""
    if 1 < raw <= 100 and not raw % 1:
        return None, [f"progress_ambiguous: {int(raw)} ({int(raw) * 100}%)"]
    return normalize_progress(raw, percent=True)


def _note_cells(info: dict, notes: dict[int, list[str]], by_col: dict[int, str]) -> None:
    """``cellinfo``'s per-cell answer (xlsx, ods, xls) as per-row flags."""
    for (r, _c), err in info["errors"].items():
        notes.setdefault(r, []).append(f"error_value: {err}")
    for r, c in sorted(info["no_value"]):
        notes.setdefault(r, []).append(f"formula_no_value: {by_col.get(c, c)}")
    for (r, c), formula in info["volatile"].items():
        shown = formula if len(formula) <= 60 else formula[:57] + "..."
        notes.setdefault(r, []).append(f"volatile_formula: {by_col.get(c, c)} ={shown}")
