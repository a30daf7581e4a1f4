"""The master workbook: the canonical store, readable and editable in Excel.

Sheets (row 1 holds the field names; columns are found by name, so a person may reorder
them; see README "The master workbook"):

- ``plan``     the schedule table in its order and numbering, raw text beside parsed values
- ``units``    the unit registry (code, name, level, groups, aliases, email, contact)
- ``groups``   names that stand for many units (``UBND các phường``), with their members
- ``periods``  the plan year's quarters and the year, with the date reports are due
- ``reports``  every report received, long format, every version (latest wins)
- ``log``      what each command did
- ``sendlog``  what the mail step sent
- ``rejected`` returned files merge could not use, with their unit (status: "unreadable file")
- ``settings`` plan title, year, source, and tunables (``due_soon_days`` ...)

Writes are atomic (temporary file, fsync, rename) and the previous version is kept as
``<name>.prev.xlsx``. ``master_lock`` keeps two writers apart.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import itertools
import operator
import os
import socket
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .errors import FileError, InputError, LockedError, OpenElsewhereError
from .i18n import tr
from .model import (
    LEVEL_CHOICES,
    UNIT_LEVELS,
    CascadeLink,
    LogEntry,
    Master,
    Period,
    PlanInfo,
    Rejection,
    Report,
    SendLogEntry,
    Task,
    Unit,
    UnitGroup,
    unit_level,
)
from .textutil import fold, nfc, nfc_keep_lines
from .xlsxio import cannot_write, cell_date, cell_str, read_sheets, temp_beside

SEP = "; "

# field name -> kind: str | text | list | int | bool | date | optint
PLAN_FIELDS = [
    ("key", "str"), ("section", "str"), ("number", "str"), ("kind", "str"), ("parent", "optstr"),
    ("content", "text"), ("leader", "str"), ("lead_raw", "str"), ("lead_units", "list"),
    ("coord_raw", "str"), ("coordinating_units", "list"), ("start_raw", "str"),
    ("start_date", "date"), ("due_raw", "str"), ("due_date", "date"), ("milestones", "list"),
    ("recurring", "bool"), ("flags", "list"), ("stated_count", "optint"),
    ("source_rows", "intlist"), ("extra", "text"),
]  # fmt: skip
UNIT_FIELDS = [
    ("code", "str"), ("name", "str"), ("level", "str"), ("groups", "list"), ("aliases", "list"),
    ("email", "emails"), ("contact", "str"),
]  # fmt: skip
GROUP_FIELDS = [
    ("code", "str"),
    ("name", "str"),
    ("aliases", "list"),
    ("members", "list"),
    ("ignore", "bool"),
]
PERIOD_FIELDS = [
    ("code", "str"),
    ("label", "str"),
    ("start", "date"),
    ("end", "date"),
    ("due_date", "date"),
]
REPORT_FIELDS = [
    ("period", "str"), ("key", "str"), ("unit", "str"), ("role", "str"), ("version", "int"),
    ("status", "optstr"), ("progress", "optint"), ("result", "text"), ("completion_date", "date"),
    ("difficulties", "text"), ("received_at", "str"), ("source_file", "str"), ("sha256", "str"),
    ("verified", "bool"), ("flags", "list"), ("merged_at", "str"),
]  # fmt: skip


class ReportRow(NamedTuple):
    """One row of the reports sheet: ``Report``'s fields, in order (``Report(*row)`` rebuilds
    one; tests/test_contracts.py keeps the three in step). The one shape a merge adds."""

    period: str
    key: str
    unit: str
    role: str
    version: int
    status: str | None
    progress: int | None
    result: str
    completion_date: str | None
    difficulties: str
    received_at: str
    source_file: str
    sha256: str
    verified: bool
    flags: list[str]
    merged_at: str


REPORT_COLUMNS = ReportRow._fields
# ``ReportRow`` from a tuple of its fields in order, without a Python call (a merge makes one
# per row of every file: 200,000 of them)
REPORT_ROW_FROM_TUPLE: Callable[[tuple], ReportRow] = functools.partial(tuple.__new__, ReportRow)
LOG_FIELDS = [("time", "str"), ("command", "str"), ("summary", "text"), ("details", "text")]
SENDLOG_FIELDS = [
    ("time", "str"), ("period", "str"), ("unit", "str"), ("address", "str"), ("file", "str"),
    ("sha256", "str"), ("result", "str"), ("kind", "str"),
]  # fmt: skip
# the columns the ward office edits (lead, coord) first, beside the key
CASCADE_FIELDS = [
    ("key", "str"), ("number", "str"), ("lead", "list"), ("coord", "list"), ("rule", "str"),
    ("district_role", "str"), ("district_deadline", "str"), ("content", "text"),
    ("district_unit", "str"),
]  # fmt: skip

REJECTED_FIELDS = [
    ("period", "str"), ("unit", "str"), ("file", "str"), ("sha256", "str"),
    ("reason_code", "str"), ("reason", "text"), ("received_at", "str"), ("checked_at", "str"),
    ("quarantined", "str"),
]  # fmt: skip

SHEETS: dict[str, tuple[type, list[tuple[str, str]]]] = {
    "plan": (Task, PLAN_FIELDS),
    "units": (Unit, UNIT_FIELDS),
    "groups": (UnitGroup, GROUP_FIELDS),
    "periods": (Period, PERIOD_FIELDS),
    "reports": (Report, REPORT_FIELDS),
    "log": (LogEntry, LOG_FIELDS),
    "sendlog": (SendLogEntry, SENDLOG_FIELDS),
    "cascade": (CascadeLink, CASCADE_FIELDS),
    "rejected": (Rejection, REJECTED_FIELDS),
}
# sheets written only when they hold rows (``cascade``: ward masters, sheettools.cascade;
# ``rejected``: returned files merge could not use)
OPTIONAL_SHEETS = frozenset({"cascade", "rejected"})
MASTER_ATTR = {
    "plan": "tasks", "units": "units", "groups": "groups", "periods": "periods",
    "reports": "reports", "log": "log", "sendlog": "sendlog", "cascade": "cascade",
    "rejected": "rejected",
}  # fmt: skip
WIDTHS = {"content": 60, "result": 50, "difficulties": 40, "leader": 30, "lead_raw": 30, "coord_raw": 30,
          "summary": 60, "details": 60, "name": 40, "aliases": 50}  # fmt: skip
PLAN_INFO_KEYS = ("title", "year", "source", "imported_at", "office")
# sheets a master must have (``rejected`` came later: an older master has none)
REQUIRED_SHEETS = ("plan", "units", "groups", "periods", "reports", "log", "sendlog", "settings")


# --- cell <-> value ------------------------------------------------------------------------


_TRUE = frozenset({"true", "1", "yes", "co", "x", "dung", "y"})
_FALSE = frozenset({"", "false", "0", "no", "khong", "sai", "n", "none"})


def _from_cell(kind: str, v: Any, where: str) -> Any:
    if kind == "str":
        return cell_str(v)
    if kind == "optstr":
        s = cell_str(v)
        return s or None
    if kind == "text":
        return nfc_keep_lines(v) if not isinstance(v, (int, float)) else cell_str(v)
    if kind in ("list", "emails"):
        s = nfc_keep_lines(v) if not isinstance(v, (int, float)) else cell_str(v)
        seps = ";\n," if kind == "emails" else ";\n"
        for ch in seps[1:]:
            s = s.replace(ch, ";")
        return [p for p in (nfc(x) for x in s.split(";")) if p] if s else []
    if kind == "intlist":
        s = cell_str(v)
        try:
            return [int(float(p)) for p in s.replace(",", ";").split(";") if p.strip()] if s else []
        except ValueError:
            raise InputError(
                tr("Không phải danh sách số", "Not a list of numbers") + f": {v!r}",
                hint=tr(
                    "Ghi các số cách nhau bởi ; hoặc để trống",
                    "Write numbers split by ; or leave it empty",
                ),
                file=where,
            ) from None
    if kind == "bool":
        if isinstance(v, bool):
            return v
        s = fold(cell_str(v))
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        # (anything else read as "no" changed the cell at the next save: `verified` typed
        # "có lẽ" became FALSE without a word)
        raise InputError(
            tr("Không phải giá trị có/không", "Not a yes/no value") + f": {v!r}",
            hint=tr(
                "Ghi TRUE/FALSE (có/không, x hoặc để trống) rồi chạy lại",
                "Write TRUE/FALSE (yes/no, x or empty) and run again",
            ),
            file=where,
        )
    if kind == "date":
        return _date(v)
    if kind in ("int", "optint"):
        if v is None or v == "":
            if kind == "optint":
                return None
            raise InputError(tr("Thiếu số", "A number is missing"), file=where)
        try:
            return int(float(v))
        except (TypeError, ValueError, OverflowError):
            raise InputError(
                tr("Không phải số", "Not a number") + f": {v!r}",
                hint=tr("Sửa ô này trong Excel", "Fix this cell in Excel"),
                file=where,
            ) from None
    raise AssertionError(kind)


def _clean_already(v: str) -> bool:
    """True when ``nfc(v) == v`` (checked with C-level string methods only)."""
    return (
        v.isprintable()  # no tab/newline/NBSP/zero-width/BOM (all non-printable)
        and "  " not in v
        and v[:1] != " "
        and v[-1:] != " "
        and (v.isascii() or unicodedata.is_normalized("NFC", v))
    )


def _fast_str(v: Any) -> str:
    if type(v) is str:
        return v if _clean_already(v) else nfc(v)
    return cell_str(v)


def _fast_text(v: Any) -> str:
    if type(v) is str:
        return v if "\n" not in v and _clean_already(v) else nfc_keep_lines(v)
    return cell_str(v)


def _int_or_none(v: Any) -> int | None:
    t = type(v)
    if t is int:
        return v
    if t is float and v.is_integer():
        return int(v)
    if v is None or v == "":
        return None
    return _from_cell("optint", v, "")


def _bool(v: Any) -> bool:
    return v if type(v) is bool else _from_cell("bool", v, "")


def _list(v: Any) -> list[str]:
    if v is None or v == "":
        return []
    if type(v) is str and _clean_already(v):
        return [x for x in (p.strip() for p in v.split(";")) if x]
    return _from_cell("list", v, "")


def _date(v: Any) -> str | None:
    t = type(v)
    if t is dt.date:
        return v.isoformat()
    if t is dt.datetime:
        return v.date().isoformat()
    d = cell_date(v)
    if d is None and v is not None and v != "" and not (type(v) is str and not v.strip()):
        raise InputError(  # (a date edited to "cuối năm" never becomes "no date" silently)
            tr("Không phải ngày", "Not a date") + f": {cell_str(v)!r}",
            hint=tr(
                "Ghi ngày dạng 31/12/2023 (hoặc để trống) rồi chạy lại",
                "Write a date like 31/12/2023 (or leave it empty) and retry",
            ),
        )
    return d


def _converter(kind: str, where: str):
    if kind == "str":
        return _fast_str
    if kind == "text":
        return _fast_text
    if kind == "optstr":
        return lambda v: _fast_str(v) or None
    if kind == "optint":
        return _int_or_none
    if kind == "bool":
        return _bool
    if kind == "list":
        return _list
    if kind == "date":
        return _date
    return lambda v: _from_cell(kind, v, where)


def _rows_to_objects(
    cls: type,
    fields: list[tuple[str, str]],
    rows: list[list[Any]],
    path: str,
    sheet: str,
    rownos: list[int] | None = None,
) -> list:
    """One ``cls`` per non-blank row below the header (blank rows skipped); ``rownos``, when
    given, receives each object's row number in the sheet (as Excel shows it)."""
    if not rows:
        return []
    header = [fold(cell_str(h)).replace(" ", "_") for h in rows[0]]
    index = {name: i for i, name in enumerate(header) if name}
    missing = [name for name, _ in fields if name not in index and name in _required(cls)]
    known = {name for name, _ in fields}
    unknown = [cell_str(rows[0][i]) for name, i in index.items() if name not in known]
    if unknown and len(rows) > 1:
        # a column renamed in Excel (`progress` → `tiến độ`): read as absent, its values were
        # dropped at the next save. (A column only missing, as in a master made by an older
        # version, takes its default.)
        missing += [name for name, _ in fields if name not in index and name not in missing]
    if missing:
        raise InputError(
            tr("Trang tính thiếu cột", "The sheet lacks columns")
            + ": "
            + ", ".join(missing)
            + (
                tr(" (có cột lạ: ", " (unknown columns: ") + ", ".join(unknown) + ")"
                if unknown
                else ""
            ),
            hint=tr("Khôi phục tên cột ở hàng 1", "Restore the column names in row 1"),
            file=path,
            sheet=sheet,
        )
    plan = []  # (field name, column index or None, converter)
    for name, kind in fields:
        plan.append((name, index.get(name), _converter(kind, f"{path} [{sheet}] {name}")))
    out = []
    for rno, row in enumerate(rows[1:], start=2):
        n = len(row)
        if not any(c is not None and c != "" for c in row):
            continue
        kwargs = {}
        i: int | None = None
        try:
            for name, i, conv in plan:
                kwargs[name] = conv(row[i] if i is not None and i < n else None)
        except InputError as exc:
            raise InputError(
                exc.message, hint=exc.hint, file=path, sheet=sheet, row=rno, cell=_ref(i, rno)
            ) from None
        out.append(cls(**kwargs))
        if rownos is not None:
            rownos.append(rno)
    return out


def _ref(col: int | None, row: int) -> str:
    """``"C7"`` for column index 2 of row 7 ("" without a column)."""
    if col is None:
        return ""
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"


def _required(cls: type) -> set[str]:
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


# --- load / save ---------------------------------------------------------------------------


CACHE_FORMAT = 4  # a header line (format, sha256), then the content; 3: reports in chunks;
# 4: settings values keep their inner spaces (a cache of 3 holds them collapsed)


def cache_path(path: str | os.PathLike) -> Path:
    """The parsed-content cache beside a master: ``.<name>.cache``."""
    p = Path(path)
    return p.with_name(f".{p.name}.cache")


def sha256_file(path: str | os.PathLike) -> str:
    """The sha256 of a file's bytes, read in blocks (the master's cache key, a workbook's
    digest in the send log)."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _setting_value(v: Any) -> str:
    """A ``settings`` value as typed: NFC and trimmed, but its inner spaces and line breaks
    kept (``Số:      /BC-MTTQ`` leaves room for the number written by hand; collapsing it
    changed the setting at the next save)."""
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v).replace("\r\n", "\n").strip()
    return cell_str(v)


def load_master(path: str | os.PathLike, *, use_cache: bool = True) -> Master:
    """Read a master workbook (including any edits a person made in Excel).

    The workbook is canonical. ``save_master`` also leaves a cache of the parsed content
    beside it, valid only for the exact bytes it was made from (sha256): when the workbook is
    unchanged since sheettools saved it, the cache is read instead of re-parsing 200,000
    report rows; after any edit in Excel the workbook itself is read."""
    path = str(path)
    if use_cache:
        cached = _load_cache(path)
        if cached is not None:
            return cached
    sheets = read_sheets(path)
    if "plan" not in sheets:
        raise InputError(
            tr(
                "Không phải sổ chính của sheettools (thiếu trang 'plan')",
                "Not a sheettools master (no 'plan' sheet)",
            ),
            hint=tr(
                "Tạo sổ chính bằng: sheettools plan import",
                "Create one with: sheettools plan import",
            ),
            file=path,
        )
    lost = [name for name in REQUIRED_SHEETS if name not in sheets]
    if lost:
        raise InputError(
            tr(
                "Sổ chính thiếu trang {s}: không dùng được (dữ liệu sẽ bị mất nếu ghi tiếp)",
                "The master lacks the sheet(s) {s}: refused (writing it would lose data)",
            ).format(s=", ".join(repr(x) for x in lost)),
            hint=tr(
                "Lấy lại bản trước ({prev}) hoặc khôi phục trang đã xóa rồi chạy lại",
                "Restore the previous copy ({prev}) or the deleted sheet and retry",
            ).format(prev=previous_path(path).name),
            file=path,
        )
    m = Master()
    rownos: dict[str, list[int]] = {}  # sheet -> each object's row in it (blank rows skipped)
    for sheet, (cls, fields) in SHEETS.items():
        objs = _rows_to_objects(
            cls, fields, sheets.get(sheet, []), path, sheet, rownos.setdefault(sheet, [])
        )
        setattr(m, MASTER_ATTR[sheet], objs)
    for i, t in enumerate(m.tasks):
        t.order = i
    settings: dict[str, str] = {}
    for row in sheets.get("settings", [])[1:]:
        if row and cell_str(row[0]):
            settings[cell_str(row[0])] = _setting_value(row[1]) if len(row) > 1 else ""
    info = PlanInfo()
    for k in PLAN_INFO_KEYS:
        if k in settings:
            v = settings.pop(k)
            setattr(info, k, _year(v, path) if k == "year" and v else v)
    m.plan = info
    m.settings = settings
    _check_loaded(m, path, rownos)
    return m


def _year(v: str, path: str) -> int:
    try:
        year = int(float(v))
    except (ValueError, OverflowError):
        year = 0
    if not 1900 <= year <= 2200:
        raise InputError(
            tr("Năm của kế hoạch không hợp lệ", "The plan's year is not a year") + f": {v!r}",
            hint=tr(
                "Ghi năm (ví dụ 2023) ở dòng 'year'", "Write the year (e.g. 2023) in row 'year'"
            ),
            file=path,
            sheet="settings",
        )
    return year


def _check_loaded(m: Master, path: str, rownos: dict[str, list[int]] | None = None) -> None:
    """What every command relies on: each task has a key and each unit a known level (an
    empty key or a level edited to "xyz" would silently drop tasks or units). ``rownos``:
    each object's row in its sheet (``_rows_to_objects``), so a refusal names the row Excel
    shows even below blank rows."""
    rownos = rownos or {}

    def rows(sheet: str, objs: list) -> Iterable[tuple[int, Any]]:
        nums = rownos.get(sheet)
        if nums is None or len(nums) != len(objs):
            nums = list(range(2, len(objs) + 2))
        return zip(nums, objs, strict=True)

    for row, t in rows("plan", m.tasks):
        if not t.key:
            raise InputError(
                tr("Nhiệm vụ thiếu mã (cột key)", "A task has no key (column key)"),
                hint=tr(
                    "Ghi lại mã nhiệm vụ (hoặc lấy lại bản trước {prev})",
                    "Restore the task's key (or the previous copy {prev})",
                ).format(prev=previous_path(path).name),
                file=path,
                sheet="plan",
                row=row,
            )
    for row, p in rows("periods", m.periods):
        if not (p.code and p.start and p.end and p.due_date):
            raise InputError(
                tr(
                    "Kỳ báo cáo thiếu mã, ngày đầu, ngày cuối hoặc hạn nộp",
                    "A period lacks its code, start, end or due date",
                ),
                hint=tr("Điền đủ các ô của dòng này rồi chạy lại", "Fill in this row and retry"),
                file=path,
                sheet="periods",
                row=row,
            )
    fromiso = dt.datetime.fromisoformat
    for row, r in rows("reports", m.reports):
        if r.received_at:
            try:
                fromiso(r.received_at)
            except ValueError:
                raise InputError(
                    tr("Thời điểm nhận không hợp lệ", "Not a received time")
                    + f": {r.received_at!r}",
                    hint=tr(
                        "Ghi dạng 2023-06-15T09:30:00 rồi chạy lại",
                        "Write it like 2023-06-15T09:30:00 and retry",
                    ),
                    file=path,
                    sheet="reports",
                    row=row,
                ) from None
    for row, u in rows("units", m.units):
        u.level = unit_level(u.level)  # "huyện" typed in Excel is the level "district"
        if u.level not in UNIT_LEVELS:
            raise InputError(
                tr("Cấp đơn vị không hợp lệ", "Unknown unit level") + f": {u.level!r}",
                hint=tr("Ghi một trong", "Write one of") + ": " + LEVEL_CHOICES,
                file=path,
                sheet="units",
                row=row,
            )
    _check_settings(m, path)


def _check_settings(m: Master, path: str) -> None:
    """The tunables every command reads: a ``timezone`` or ``due_soon_days`` edited to
    nonsense fell back to the default without a word (received times in another zone, another
    due-soon window than the one the office set)."""
    from .docinfo import parse_office_tz

    tz = (m.settings.get("timezone") or "").strip()
    if tz and parse_office_tz(tz) is None:
        raise InputError(
            tr("Múi giờ không hợp lệ (timezone)", "Not a time zone (timezone)") + f": {tz!r}",
            hint=tr(
                "Ghi dạng +07:00 (hoặc Asia/Ho_Chi_Minh) rồi chạy lại",
                "Write it like +07:00 (or Asia/Ho_Chi_Minh) and retry",
            ),  # fmt: skip
            file=path,
            sheet="settings",
        )
    soon = (m.settings.get("due_soon_days") or "").strip()
    if soon and not (soon.isdigit() and int(soon) <= 3660):
        raise InputError(
            tr(
                "Số ngày 'sắp đến hạn' không hợp lệ (due_soon_days)",
                "Not a number of days (due_soon_days)",
            )
            + f": {soon!r}",  # fmt: skip
            hint=tr("Ghi một số ngày, ví dụ 15, rồi chạy lại", "Write a number of days, e.g. 15"),
            file=path,
            sheet="settings",
        )


def _cache_format() -> str:
    import marshal
    import sys

    return f"sheettools-cache-{CACHE_FORMAT}-py{sys.version_info[0]}.{sys.version_info[1]}-m{marshal.version}"


CACHE_CHUNK = 2000  # report rows per marshal record in the cache


def _cache_payload(master: Master, reports_chunks: list[bytes] | None = None) -> dict:
    """The cache's content. The reports are stored as marshal records of up to CACHE_CHUNK
    rows each (``reports_chunks``, when made already, e.g. by a ``ReportsStream``)."""
    import marshal

    if reports_chunks is None:
        rows = list(map(operator.attrgetter(*REPORT_COLUMNS), master.reports))
        reports_chunks = [
            marshal.dumps(rows[i : i + CACHE_CHUNK]) for i in range(0, len(rows), CACHE_CHUNK)
        ]
    return {
        "plan": dataclasses.asdict(master.plan),
        "settings": dict(master.settings),
        "sheets": {
            sheet: list(
                map(
                    operator.attrgetter(*[n for n, _ in fields]),
                    getattr(master, MASTER_ATTR[sheet]),
                )
            )
            for sheet, (_cls, fields) in SHEETS.items()
            if sheet != "reports"
        },
        "reports": reports_chunks,
    }


def _cache_header(xlsx: str | os.PathLike) -> bytes:
    """The cache's first line: its format and the sha256 of the workbook it was made from."""
    return f"{_cache_format()} {sha256_file(xlsx)}\n".encode("ascii")


def _write_cache(
    master: Master,
    xlsx: str | os.PathLike,
    target: str | os.PathLike,
    reports_chunks: list[bytes] | None = None,
) -> None:
    """Cache ``master`` as parsed from the bytes of ``xlsx`` (written to ``target``).

    The file holds one line (format, sha256 of the workbook's bytes), then the content as one
    marshal record. marshal (plain values only: str, int, bool, None, lists, dicts) is
    the fastest way CPython has to store and read back millions of cell values."""
    import marshal

    body = marshal.dumps(_cache_payload(master, reports_chunks))
    tmp = Path(str(target) + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(_cache_header(xlsx))
            fh.write(body)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _load_cache(path: str) -> Master | None:
    cached = load_cache(path)
    return cached[0] if cached is not None else None


def load_cache(
    path: str | os.PathLike, previous: dict[bytes, list[Report]] | None = None
) -> tuple[Master, dict[bytes, list[Report]], int] | None:
    """The master from the cache beside ``path`` (None: no cache, an old or damaged one, or
    the workbook changed since, e.g. edited in Excel: read the workbook itself).

    ``previous``: the record map of an earlier load (the desk's): the ``Report`` objects of
    records that did not change are taken over instead of made again. Returns the master,
    this load's record map and how many reports were taken over."""
    import marshal

    try:
        with open(cache_path(path), "rb") as fh:
            head = fh.readline(200).decode("ascii", "replace").split()
            if len(head) != 2 or head[0] != _cache_format():
                return None
            if head[1] != sha256_file(path):
                return None  # the workbook changed since it was saved here
            data = marshal.loads(fh.read())
        records = data["reports"]
        if not isinstance(records, list) or not all(isinstance(r, bytes) for r in records):
            return None
        previous = previous or {}
        width, reused = len(REPORT_COLUMNS), 0
        kept: dict[bytes, list[Report]] = {}
        reports: list[Report] = []
        for rec in records:
            objs = previous.get(rec)
            if objs is None:
                rows = marshal.loads(rec)
                if any(len(r) != width for r in rows):
                    return None
                objs = list(itertools.starmap(Report, rows))
            else:
                reused += len(objs)
            kept[rec] = objs
            reports += objs
        m = _master_from_cache(data)
        m.reports = reports
        return m, kept, reused
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
        return None


def _master_from_cache(data: dict) -> Master:
    """The master held by the cache's content, but for its reports (``load_cache``)."""
    m = Master()
    for sheet, (cls, fields) in SHEETS.items():
        if sheet == "reports":
            continue
        names = [n for n, _ in fields]
        setattr(
            m,
            MASTER_ATTR[sheet],
            [cls(**dict(zip(names, row, strict=True))) for row in data["sheets"][sheet]],
        )
    for i, t in enumerate(m.tasks):
        t.order = i
        t.lead_units, t.coordinating_units = list(t.lead_units), list(t.coordinating_units)
    m.plan = PlanInfo(**data["plan"])
    m.settings = {str(k): str(v) for k, v in data["settings"].items()}
    return m


def _renderer(kind: str):
    from . import xlsxfast as xf

    return {
        "str": xf.render_text, "optstr": xf.render_text, "text": xf.render_text, "list": xf.render_list,
        "emails": xf.render_list, "intlist": xf.render_list, "bool": xf.render_bool, "int": xf.render_number,
        "optint": xf.render_number, "date": xf.render_iso_date,
    }[kind]  # fmt: skip


class ReportsStream:
    """The master's ``reports`` sheet, rendered while the caller is still busy elsewhere.

    A merge adds reports file by file (``add``) while the reader workers read the next files;
    ``pump`` renders (and compresses) a bounded number of the rows not rendered yet, so saving
    at the end only finishes the sheet. ``save_master(master, path, reports=stream)`` writes
    the same file as without the stream. Nothing is rendered until a report is added (a merge
    that changes nothing renders nothing). Reports must be added through ``add`` once the
    stream exists and rows already in ``master.reports`` must not change; ``save_master``
    checks the count and renders the sheet itself when it does not match.
    """

    def __init__(self, master: Master) -> None:
        from .xlsxfast import SheetStream

        self.master = master
        self._base = len(master.reports)  # reports present before (rendered from the objects)
        self._added: list[tuple] = []  # the reports added since, as plain rows
        self._getter = operator.attrgetter(*REPORT_COLUMNS)
        self.sheet = _object_sheet("reports", [])
        self._stream = SheetStream(self.sheet, level=_LEVEL)
        self._done = 0  # rows rendered
        self.chunks: list[bytes] = []  # the rendered rows as marshal records (the cache's)

    def add(self, row: ReportRow) -> Report:
        """Append ``Report(*row)`` to the master."""
        values: tuple = tuple(row)  # (plain: what marshal takes, and Report(*...)'s fast path)
        rep = Report(*values)
        self.master.reports.append(rep)
        self._added.append(values)
        return rep

    def add_many(self, rows: list[ReportRow] | list[tuple]) -> list[Report]:
        """``add`` for many rows at once (``ReportRow``s, or plain tuples in its order)."""
        plain = list(map(tuple, rows))
        reps = list(itertools.starmap(Report, plain))
        self.master.reports.extend(reps)
        self._added.extend(plain)
        return reps

    @property
    def pending(self) -> int:
        return self._base + len(self._added) - self._done if self._added else 0

    def pump(self, max_rows: int | None = None) -> int:
        """Render up to ``max_rows`` (all when None) rows not rendered yet; returns how many."""
        import marshal

        todo = self.pending if max_rows is None else min(self.pending, max_rows)
        done = 0
        while done < todo:
            start = self._done
            n = min(todo - done, CACHE_CHUNK)
            if start < self._base:
                stop = min(self._base, start + n)
                batch = list(map(self._getter, self.master.reports[start:stop]))
            else:
                i = start - self._base
                batch = self._added[i : i + n]
            self._stream.add(batch)
            self.chunks.append(marshal.dumps(batch))
            self._done += len(batch)
            done += len(batch)
        return done

    def covers(self, master: Master) -> bool:
        return (
            master is self.master
            and bool(self._added)
            and self._done == len(master.reports) == self._base + len(self._added)
        )

    def rendered_sheet(self, master: Master):
        """The reports sheet, rendered, for ``write_xlsx`` (it must cover ``master``)."""
        if not self.covers(master):
            raise ValueError("the reports stream does not cover this master's reports")
        self.sheet.prebuilt = self._stream
        return self.sheet


_LEVEL = 1  # deflate level of the master: 3x faster than 6, files ~20% larger


def _object_sheet(sheet: str, objs: list):
    import operator

    from .xlsxfast import Sheet

    _cls, fields = SHEETS[sheet]
    widths = [WIDTHS.get(name, 14 if kind != "date" else 12) for name, kind in fields]
    getter = operator.attrgetter(*[n for n, _ in fields])
    return Sheet(
        sheet,
        [n for n, _ in fields],
        map(getter, objs),
        widths=widths,
        renderers=[_renderer(kind) for _n, kind in fields],
    )


def _write(target: str | os.PathLike, sheets: list, title: str) -> None:
    from .xlsxfast import write_xlsx

    try:
        write_xlsx(str(target), sheets, title=title, level=_LEVEL)
    except OSError as exc:
        raise cannot_write(target) from exc


def write_sheets(target: str | os.PathLike, sheets: dict[str, list], *, title: str = "") -> None:
    """Write selected object sheets (e.g. ``{"units": [...], "groups": [...]}``) with the
    master's columns, so the file can be read back with the same code."""
    _write(target, [_object_sheet(name, objs) for name, objs in sheets.items()], title)


def write_master(
    master: Master, target: str | os.PathLike, reports: ReportsStream | None = None
) -> None:
    """Write the whole master to ``target`` (no atomicity: see ``save_master``).

    Uses the streaming writer in ``xlsxfast``: the reports sheet can hold 200,000 rows and a
    general-purpose writer would spend most of a merge saving them (see README, "Speed").
    ``reports``: that sheet rendered already (it must cover ``master.reports`` exactly)."""
    from .xlsxfast import Sheet

    names = [s for s in SHEETS if s not in OPTIONAL_SHEETS or getattr(master, MASTER_ATTR[s])]
    sheets = [_object_sheet(sheet, getattr(master, MASTER_ATTR[sheet])) for sheet in names]
    if reports is not None:
        sheets[names.index("reports")] = reports.rendered_sheet(master)
    items = [(k, getattr(master.plan, k)) for k in PLAN_INFO_KEYS] + sorted(master.settings.items())
    rows = [[k, "" if v is None else str(v)] for k, v in items]
    sheets.append(Sheet("settings", ["key", "value"], rows, widths=[22, 80], autofilter=False))
    _write(target, sheets, master.plan.title or "sheettools master")


def save_master(
    master: Master,
    path: str | os.PathLike,
    *,
    keep_previous: bool = True,
    reports: ReportsStream | None = None,
) -> None:
    """Atomically replace ``path``: write a temporary file beside it, fsync, keep the old
    file as ``<stem>.prev.xlsx``, rename the new one into place, fsync the folder.

    ``reports``: a ``ReportsStream`` over this master (the rows it has not rendered yet are
    rendered now); the file is the same as without it."""
    p = real_master_path(path)
    refuse_if_open_elsewhere(p)
    if reports is not None:
        reports.pump()
        if not reports.covers(master):  # nothing added, or the contract was broken: render here
            reports = None
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_beside(p)
    except OSError as exc:
        raise _master_write_error(p, exc) from exc
    try:
        _save_to(master, p, tmp, keep_previous, reports)
    except (OSError, FileError) as exc:
        if isinstance(exc, LockedError):
            raise
        raise _master_write_error(p, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # (gone already after a successful rename)


def real_master_path(path: str | os.PathLike) -> Path:
    """The file a master path stands for: a symbolic link (a master kept in a shared or
    synced folder, linked from the desktop) is followed, so the master itself is written,
    its previous copy and cache kept beside it, and its lock taken there. (The rename of a
    save replaced the link with a new file: the shared master stayed as it was.) A program
    that opened the master through the link is refused too (its lock file is beside the
    link)."""
    p = Path(path)
    if not p.is_symlink():
        return p
    refuse_if_open_elsewhere(p)
    return Path(os.path.realpath(p))


def _master_write_error(p: Path, exc: BaseException) -> FileError:
    """A failed save names the master (never the temporary file) and why."""
    cause = exc.__cause__ if isinstance(exc, FileError) else exc
    why = getattr(cause, "strerror", None) or ""
    err = FileError(
        tr("Không ghi được sổ chính", "Cannot write the master")
        + (f" ({why})" if why else "")
        + tr(": sổ chính vẫn như trước", ": the master is unchanged"),
        hint=tr(
            "Đóng sổ chính nếu đang mở trong Excel, kiểm tra quyền ghi thư mục và dung lượng "
            "đĩa rồi chạy lại",
            "Close it if it is open in Excel, check the folder is writable and the disk has "
            "space, and retry",
        ),
        location=str(p),
    )
    return err


def _save_to(
    master: Master, p: Path, tmp: str, keep_previous: bool, reports: ReportsStream | None
) -> None:
    # (the cache was once marshalled in a forked child meanwhile: it did not pay,
    # benchmarks/bench_save_fork.py in commit 5a6c5e8: in-process/forked = 0.83x, 200,000 rows)
    write_master(master, tmp, reports)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    try:
        _write_cache(master, tmp, cache_path(p), reports.chunks if reports else None)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(cache_path(p))
    if keep_previous and p.exists():
        prev = previous_path(p)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(prev)
        try:
            os.link(p, prev)
        except OSError:
            import shutil

            shutil.copy2(p, prev)
    os.replace(tmp, p)
    _fsync_dir(p.parent)


def previous_path(path: str | os.PathLike) -> Path:
    p = Path(path)
    return p.with_name(p.stem + ".prev" + p.suffix)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- lock ----------------------------------------------------------------------------------


def office_lock_files(path: str | os.PathLike) -> list[Path]:
    """The lock files another program leaves beside a workbook it has open: Excel's owner file
    ``~$name.xlsx`` (for long names Excel drops the name's first two characters:
    ``~$ster.xlsx``) and LibreOffice's ``.~lock.name.xlsx#``. Kept apart from ``master_lock``
    (sheettools' own lock) on purpose."""
    p = Path(path)
    names = {f"~${p.name}", f".~lock.{p.name}#"}
    if len(p.stem) > 2:
        names.add(f"~${p.name[2:]}")
    return [p.with_name(n) for n in sorted(names) if p.with_name(n).is_file()]


def refuse_if_open_elsewhere(path: str | os.PathLike) -> None:
    """Raise ``OpenElsewhereError`` when Excel or LibreOffice has the workbook open: its next
    Save would overwrite what sheettools writes now."""
    found = office_lock_files(path)
    if found:
        raise OpenElsewhereError(
            tr(
                "Sổ chính đang mở trong Excel hoặc LibreOffice (có tệp khóa {f})",
                "The master is open in Excel or LibreOffice (lock file {f})",
            ).format(f=found[0].name),
            hint=tr(
                "Đóng sổ chính trong Excel rồi chạy lại; nếu không còn ai mở, xóa tệp {f}",
                "Close the master in Excel and run again; if nobody has it open, delete {f}",
            ).format(f=found[0].name),
            location=str(path),
        )


def clean_stale_temporaries(path: str | os.PathLike) -> list[Path]:
    """Remove what a crashed save left beside the master (``.master.xlsx.*.tmp``, the cache's
    ``.tmp``/``.part``). Call with the master's lock held: no other writer is running."""
    p = Path(path)
    removed: list[Path] = []
    try:
        cands = [
            x
            for x in p.parent.iterdir()
            if x.name.startswith(f".{p.name}.") and (x.name.endswith((".tmp", ".cache.part")))
        ]
    except OSError:
        return removed
    for x in cands:
        with contextlib.suppress(OSError):
            x.unlink()
            removed.append(x)
    return removed


def lock_path(path: str | os.PathLike) -> Path:
    p = Path(path)
    return p.with_name(p.name + ".lock")


@contextlib.contextmanager
def master_lock(path: str | os.PathLike, command: str = "") -> Iterator[None]:
    """Hold an exclusive lock on the master; a second writer gets a ``LockedError``.

    The lock is an operating-system lock on ``<master>.lock`` (``flock`` on POSIX, here;
    ``filelock``'s ``msvcrt`` lock on Windows and in portable mode), so it ends with the
    process that held it, however that process ended: a file left behind by a crash is no
    obstacle and no process id is probed.
    The file holds who took it (read back for the message where the platform allows). A
    master open in Excel or LibreOffice is refused (``OpenElsewhereError``); temporary files
    a crashed save left behind are removed once the lock is held."""
    refuse_if_open_elsewhere(path)
    lp = lock_path(path)
    me = f"{os.getpid()}@{socket.gethostname()} {command} {dt.datetime.now().isoformat(timespec='seconds')}"
    lock, busy = _os_lock(lp)
    for _attempt in range(3):
        try:
            lock.acquire()
        except busy:
            try:
                holder = lp.read_text(encoding="utf-8", errors="replace").strip() or "?"
            except OSError:
                holder = "?"
            raise LockedError(
                tr(
                    "Sổ chính đang được một lệnh khác ghi",
                    "The master is being written by another command",
                )
                + f" ({holder})",
                hint=tr(
                    "Chờ lệnh đó xong rồi chạy lại",
                    "Wait for it to finish and retry",
                ),
                location=str(path),
            ) from None
        except OSError as exc:
            raise FileError(
                tr("Không tạo được tệp khóa", "Cannot create the lock file"),
                hint=tr("Kiểm tra quyền ghi thư mục", "Check the folder is writable"),
                location=str(lp),
            ) from exc
        if _locked_file_is_current(lock, lp):
            break
        lock.release()  # (the file was removed by its previous holder meanwhile: lock anew)
    else:  # pragma: no cover - three removals raced
        raise LockedError(tr("Không lấy được khóa", "Could not take the lock"), location=str(path))
    with contextlib.suppress(OSError):  # (Windows refuses reads and writes of a locked file)
        lp.write_text(me, encoding="utf-8")
    try:
        clean_stale_temporaries(path)
        yield
    finally:
        with contextlib.suppress(OSError):
            lp.write_text("", encoding="utf-8")
        lock.release()
        with contextlib.suppress(OSError):  # (Windows: another process may have it open)
            os.unlink(lp)


class _Busy(Exception):
    """Another holder has the lock (``_FlockLock.acquire``)."""


class _FlockLock:
    """An exclusive, non-blocking ``flock`` on one file (POSIX): what ``filelock.FileLock``
    does there (``timeout=0``), without importing it (~60 ms of CPU at every merge). The file
    is opened without truncating it: a refused writer can still read who holds it. ``flock``
    locks belong to the open file, so a second lock in the same process is refused too."""

    __slots__ = ("path", "fd")

    def __init__(self, path: Path) -> None:
        self.path: Path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _Busy from None
        except OSError:
            os.close(fd)
            raise
        self.fd = fd

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            import fcntl

            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _os_lock(lp: Path) -> tuple[Any, type[BaseException]]:
    """The lock object for ``lp`` and the exception its ``acquire`` raises when it is held:
    ``flock`` directly on POSIX; ``filelock`` on Windows and when ``SHEETTOOLS_PORTABLE=1``
    asks for the portable path (so the suite can run the Windows code path's library)."""
    # (safety.portable_mode's test, without importing the readers' module)
    if os.environ.get("SHEETTOOLS_PORTABLE", "").strip() in ("", "0") and os.name == "posix":
        return _FlockLock(lp), _Busy
    import filelock

    return filelock.FileLock(str(lp), timeout=0, thread_local=False), filelock.Timeout


def _locked_file_is_current(lock: Any, lp: Path) -> bool:
    """The descriptor just locked is still the file at ``lp`` (POSIX: a releasing holder
    removes the file, and a waiter could lock the removed one)."""
    fd = lock.fd if isinstance(lock, _FlockLock) else None
    if fd is None:
        fd = getattr(getattr(lock, "_context", None), "lock_file_fd", None)
    if fd is None:
        return True
    try:
        return os.path.samestat(os.fstat(fd), os.stat(lp))
    except OSError:
        return False


def add_log(
    master: Master, command: str, summary: str, details: str = "", *, now: dt.datetime | None = None
) -> None:
    t = (now or dt.datetime.now()).isoformat(timespec="seconds")
    master.log.append(LogEntry(time=t, command=command, summary=summary, details=details))


class Edit:
    """The master being changed inside ``editing``: set ``summary`` (and ``details``) for the
    log line; ``save = False`` leaves the file untouched; ``reports``: a ``ReportsStream``
    for the save; ``save_on_error``: save what was done even when the change then fails
    (mail: what was sent stays logged)."""

    def __init__(self, master: Master | None = None, loading: Any = None) -> None:
        self._master = master
        self._loading = loading  # a Future of the master (``editing(..., background=True)``)
        self.summary = ""
        self.details = ""
        self.save = True
        self.save_on_error = False
        self.reports: ReportsStream | None = None

    @property
    def master(self) -> Master:
        if self._master is None:
            self._master = self._loading.result()
        return self._master


@contextlib.contextmanager
def editing(
    path: str | os.PathLike,
    command: str,
    now: dt.datetime,
    *,
    new: Callable[[], Master] | None = None,
    dry_run: bool = False,
    background: bool = False,
) -> Iterator[Edit]:
    """Change the master at ``path``, the one way every command does it: lock → load →
    (the caller changes ``edit.master``) → log → save. Loading happens under the lock, so a
    concurrent command's changes are never overwritten. ``new`` makes the master when the
    file does not exist yet (else a missing file is an error). An exception inside leaves the
    file as it was (unless ``edit.save_on_error``). ``dry_run``: no lock, no log, no save
    (the master as it is, for a rehearsal). ``background``: the master loads in a thread
    while the caller starts other work; ``edit.master`` waits for it."""
    if dry_run:
        edit = Edit(load_master(path))
        yield edit
        return
    path = real_master_path(path)
    with master_lock(path, command):
        loader = None
        if new is not None and not Path(path).exists():
            edit = Edit(new())
        elif background:
            from concurrent.futures import ThreadPoolExecutor

            loader = ThreadPoolExecutor(1, thread_name_prefix="load-master")
            edit = Edit(loading=loader.submit(load_master, path))
            loader.shutdown(wait=False)
        else:
            edit = Edit(load_master(path))
        try:
            yield edit
        except BaseException:
            if edit.save_on_error and edit.save:
                _log_and_save(edit, path, command, now)
            raise
        finally:
            if loader is not None:
                edit._loading.cancel()
        if edit.save:
            _log_and_save(edit, path, command, now)


def _log_and_save(edit: Edit, path: str | os.PathLike, command: str, now: dt.datetime) -> None:
    add_log(edit.master, command, edit.summary, edit.details, now=now)
    save_master(edit.master, path, reports=edit.reports)
