"""Merging returned unit workbooks into the master.

Each file is handled on its own (one bad file never stops the batch):

1. read in an isolated worker (``sheettools.safety``: type sniffing, zip-bomb and entity
   checks, encrypted files, time and memory limits);
2. who sent it: the signed ``_manifest`` sheet decides (a re-save that only changed hidden
   state is fine; a bad signature is rejected). A file without manifest is matched by the unit
   named on its cover or in its file name and merged as *unverified*;
3. rows are matched by task key and columns by field id or header text, never by position;
   keys the unit does not hold are refused row by row;
4. values are normalised (``sheettools.normalize``) and flagged, never guessed;
5. every report is added as a new version only when something differs from the latest one;
   the same file merged twice changes nothing.

Rejected files are copied to the quarantine folder with a ``.reason.txt``; nothing of them
reaches the master. The master is saved atomically under its lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
import operator
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import problems
from .docinfo import office_tz, setting
from .errors import FileError, InputError
from .i18n import tr
from .messages import is_message
from .model import ROLE_COORD, ROLE_LEAD, Master, Rejection
from .normalize import CELL_TEXT_LIMIT, CLEAR, TOO_LONG, is_legacy_encoded
from .periods import get_period, normalize_period
from .returns import EMPTY_VALUES, IDENT_SEP, VALUE_FIELDS, Row, digest, is_empty
from .store import (
    REPORT_ROW_FROM_TUPLE,
    Edit,
    ReportRow,
    ReportsStream,
    editing,
    load_master,
    lock_path,
    previous_path,
)
from .textutil import fold
from .unitbook import Manifest, load_or_create_secret

Progress = Callable[[int, int, str], None]
PUMP_ROWS = 1500  # report rows rendered for the save after each file read

_SIDE_SUFFIXES = (".meta.json", ".reason.txt")
MAX_CELL_TEXT = 32_000

# reason code -> (vi, en) what to do, for the codes merge itself gives (the reader's reasons
# already say what to do); the words live in the catalogue, ``sheettools.problems``
MERGE_REASON_CODES = (
    "signature_invalid", "wrong_period", "unknown_unit", "unknown_period", "no_report_sheet",
    "empty_sheet",
)  # fmt: skip
HINTS: dict[str, tuple[str, str]] = {
    c: (problems.CATALOGUE[c].hint_vi, problems.CATALOGUE[c].hint_en) for c in MERGE_REASON_CODES
}


@dataclass
class _Checked:
    path: Path
    sha256: str = ""
    status: str = "rejected"  # merged | unverified | rejected | unchanged | no_new_content
    unit: str = ""
    period: str = ""
    reason_code: str = ""
    reason: str = ""
    verified: bool = False
    received_at: str = ""
    received_from: str = ""  # given | message | mail_fetch | file_date
    shown: str = (
        ""  # how the file is named to people (a saved e-mail's attachment: "x.eml › a.xlsx")
    )
    # the rows to merge, as ``Row``'s fields in a plain tuple ``(row, key, values, flags)``
    # (values in returns.VALUE_FIELDS order; flags a list, as they will be stored)
    rows: list[tuple[int, str, tuple, list[str]]] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rows_merged: int = 0
    rows_flagged: int = 0
    period_end: str | None = None
    rows_unchanged: int = 0
    quarantined: str = ""
    # fields left empty that hold an earlier value of the unit (kept): [{"key", "fields"}]
    kept: list[dict] = field(default_factory=list)
    # fields cleared on purpose ((xóa), or "Không thực hiện" with its reason)
    cleared: list[dict] = field(default_factory=list)
    # input fields with no column the report sheet names (nothing of them could be read)
    no_column: list[str] = field(default_factory=list)
    cut: bool = False  # the report sheet went on beyond what the reader reads (not read)

    def reject(self, code: str, reason: str) -> _Checked:
        self.status, self.reason_code, self.reason = "rejected", code, reason
        return self

    def as_dict(self) -> dict:
        hint = HINTS.get(self.reason_code) if self.status == "rejected" else None
        return {
            "file": self.shown or str(self.path),
            "status": self.status,
            "unit": self.unit or None,
            "period": self.period or None,
            "reason": self.reason or None,
            "reason_code": self.reason_code or None,
            "hint": tr(*hint) if hint else None,
            "rows_merged": self.rows_merged,
            "rows_refused": len(self.refused),
            "rows_flagged": self.rows_flagged,
            "rows_unchanged": self.rows_unchanged,
            "rows_missing": len(self.missing),
            "refused": self.refused,
            "kept_earlier": self.kept,
            "cleared": self.cleared,
            "no_column": self.no_column,
            "received_at": self.received_at or None,
            "received_from": self.received_from or None,
            "sha256": self.sha256 or None,
            "verified": self.verified,
            "quarantined": self.quarantined or None,
        }


# --- collecting files and received times ---------------------------------------------------


def collect_paths(paths: Iterable[str | os.PathLike], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files given, and every file under folders given (recursively), minus our side files."""
    skip = {p.resolve() for p in exclude}
    skip_names = {p.name for p in skip}
    out: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            cand = sorted(x for x in p.rglob("*") if x.is_file())
            cand = [
                x
                for x in cand
                if not x.name.startswith((".", "~$"))
                and not x.name.endswith(_SIDE_SUFFIXES)
                and "quarantine" not in x.relative_to(p).parts[:-1]
            ]
        elif p.is_file():
            cand = [p]
        elif p.exists():  # a device, a pipe, a socket: no end to read, nothing to quarantine
            raise InputError(
                tr("Không phải tệp thông thường", "Not a regular file"),
                hint=tr("Chỉ gộp tệp bảng tính hoặc thư mục", "Give spreadsheet files or folders"),
                file=str(p),
            )
        else:
            raise InputError(
                tr("Không tìm thấy tệp hoặc thư mục", "No such file or folder"),
                hint=tr("Kiểm tra lại đường dẫn", "Check the path"),
                file=str(p),
            )
        for x in cand:  # (resolving a path costs a few system calls: only for likely names)
            likely = x.name in skip_names or x.is_symlink()
            if x not in seen and (not likely or x.resolve() not in skip):
                seen.add(x)
                out.append(x)
    return out


_VN_TIMES = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %Hh%M", "%d/%m/%Y")


def _parse_iso(text: str, where: str = "") -> dt.datetime:
    """A received time: ISO (``2023-06-14T09:30``, with or without a zone), or as people
    write it (``14/06/2023 09:30``, the office's own time)."""
    t = text.strip()
    try:
        return dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _VN_TIMES:
        try:
            return dt.datetime.strptime(" ".join(t.split()), fmt)
        except ValueError:
            continue
    raise InputError(
        tr("Thời điểm nhận không hợp lệ", "Invalid received time") + f": {text!r}",
        hint=tr(
            "Ghi dạng 14/06/2023 09:30 hoặc 2023-06-14T09:30",
            "Write it like 14/06/2023 09:30 or 2023-06-14T09:30",
        ),  # fmt: skip
        file=where,
    )


def received_time(path: Path, received_at: str | None, now: dt.datetime) -> str:
    """``--received-at``, else the mail fetch's ``message_date``, else the file's mtime."""
    return received_time_source(path, received_at, now)[0]


class _TimeSource(NamedTuple):
    iso: str
    source: str  # given | message | mail_fetch | file_date (not problem codes)


def received_time_source(
    path: Path, received_at: str | None, now: dt.datetime, message_time: str = ""
) -> tuple[str, str]:
    """``(ISO time, source)``: ``--received-at`` (``given``), else the time of the saved
    e-mail it came in (``message``), else the mail fetch's ``message_date`` (``mail_fetch``),
    else the file's modification time (``file_date``: a guess, flagged)."""
    if received_at:
        return _TimeSource(_parse_iso(received_at).isoformat(timespec="seconds"), "given")
    if message_time:
        return _TimeSource(message_time, "message")
    meta = path.with_name(path.name + ".meta.json")
    if meta.is_file():
        try:
            md = json.loads(meta.read_text(encoding="utf-8")).get("message_date")
            if md:
                return _TimeSource(_parse_iso(str(md)).isoformat(timespec="seconds"), "mail_fetch")
        except (ValueError, OSError, InputError, AttributeError):
            pass
    mtime = path.stat().st_mtime
    if now.tzinfo is not None:
        t = dt.datetime.fromtimestamp(mtime, tz=dt.UTC).astimezone(now.tzinfo)
    else:
        t = dt.datetime.fromtimestamp(mtime)
    return _TimeSource(t.isoformat(timespec="seconds"), "file_date")


def _sort_time(iso: str) -> float:
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return 0.0
    return t.timestamp()


# --- naming the sender of a file without manifest ------------------------------------------


def identify_unit(master: Master, texts: list[str], file_name: str, period: str = "") -> str:
    """The unit a file without manifest comes from: named on its cover, or in its file name.
    Returns the unit code, or "" when none or several match."""
    units = [u for u in master.units if u.reports]
    by_fold: dict[str, set[str]] = {}
    for u in units:
        for name in [u.code, u.name, *u.aliases]:
            f = fold(name)
            if f:
                by_fold.setdefault(f, set()).add(u.code)
    found: set[str] = set()
    for t in texts:
        f = fold(t)
        for label in ("ma don vi", "unit code", "don vi", "unit"):
            if f.startswith(label + " ") and f[len(label) + 1 :] in by_fold:
                found |= by_fold[f[len(label) + 1 :]]
                break
        else:
            if f in by_fold and len(f) > 2:
                found |= by_fold[f]
    if len(found) == 1:
        code = found.pop()
        by_name = _unit_in_file_name(units, by_fold, file_name)
        # the cover names one unit, the file's name another (a unit's form re-sent under
        # another's name, or the reverse): never guessed
        return "" if by_name and by_name != code else code
    if found:
        return ""
    return _unit_in_file_name(units, by_fold, file_name)


def _unit_in_file_name(units: list, by_fold: dict[str, set[str]], file_name: str) -> str:
    """The unit a file's name names (``2023-Q2_VHTT.xlsx``, ``… Phòng VHTT ….xlsx``), or ""."""
    stem = Path(file_name).stem
    m = re.match(r"^\d{4}-(?:Q[1-4]|Y)_(.+)$", stem, re.IGNORECASE)
    if m:
        for u in units:
            if u.code.lower() == m.group(1).lower():
                return u.code
    fstem = " " + fold(stem) + " "
    hits = {code for f, codes in by_fold.items() if f" {f} " in fstem for code in codes}
    return hits.pop() if len(hits) == 1 else ""


def _find_period(texts: list[str], file_name: str) -> str:
    m = re.search(r"(\d{4})[-_ ]?(Q[1-4]|Y)(?![A-Za-z0-9])", file_name, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-{m.group(2).upper()}"
    for i, t in enumerate(texts):
        f = fold(t)
        if f.startswith(("ky bao cao", "reporting period", "period")):
            for cand in (t.split(":", 1)[-1], texts[i + 1] if i + 1 < len(texts) else ""):
                m = re.search(r"\b(\d{4})-(Q[1-4]|Y)\b", cand)
                if m:
                    return m.group(0)
                try:
                    return normalize_period(cand)
                except InputError:
                    continue
    return ""


_QUARTER_RE = re.compile(r"\b(?:quy|quarter)\s*(iv|iii|ii|i|[1-4])\b|\bq([1-4])\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_hint(texts: list[str], file_name: str) -> int:
    """A quarter a file without manifest names without its year (``Bao cao quy II - ….xlsx``,
    ``Kỳ báo cáo: Quý II``), or 0."""
    cands = [Path(file_name).stem] + [
        t for t in texts if fold(t).startswith(("ky bao cao", "reporting period"))
    ]
    for t in cands:
        m = _QUARTER_RE.search(fold(t.replace("_", " ")))
        if m:
            q = m.group(1) or m.group(2)
            return _ROMAN.get(q) or int(q)
    return 0


def _period_of_quarter(quarter: int, given: str | None, plan_year: int) -> str:
    """The period of a file that names only its quarter: in ``--period``'s year (so a quarter
    other than the one given is refused as the wrong period, never filed under it), else in
    the plan's year; without a quarter, ``--period`` as given."""
    if not quarter:
        return given or ""
    year = given[:4] if given and given[:4].isdigit() else str(plan_year or "")
    return f"{year}-Q{quarter}" if year else (given or "")


# --- checking one file ---------------------------------------------------------------------


class _Context:
    def __init__(
        self,
        master: Master,
        secret: bytes | None,
        period: str | None,
        extra_titles: dict[str, str] | None = None,
        allow_unsigned: bool = False,
    ):
        self.master = master
        self.secret = secret
        self.allow_unsigned = allow_unsigned
        self.master_path: Any = ""
        self.period = period
        self.tasks = master.task_map()
        self.leaf_keys = {t.key for t in master.leaf_tasks()}
        self.units = master.unit_map()
        # the office's column titles (the same the workers' digests were made with)
        self.extra_titles = template_titles() if extra_titles is None else extra_titles
        self._unit_keys: dict[str, set[str]] | None = None
        self._idents: tuple[dict, dict] | None = None  # key -> its row as split wrote it
        self._by_ident: dict[tuple, list[str]] = {}  # row ident -> keys (plan order)
        self.merged_sha: set[tuple[str, str, str]] = {
            (r.sha256, r.unit, r.period) for r in master.reports if r.sha256
        }
        self.tz = office_tz(setting(master, "timezone"))  # (received times are kept in it)

    def in_office_tz(self, iso: str) -> str:
        """A received time with a zone, as the same instant in the office's time zone (the
        calendar day that decides on time or late is the office's, whatever the computer's
        zone); a time without a zone is the office's already."""
        try:
            t = dt.datetime.fromisoformat(iso)
        except ValueError:
            return iso
        if t.tzinfo is None:
            return iso
        return t.astimezone(self.tz).isoformat(timespec="seconds")

    def unit_keys(self, unit: str) -> set[str]:
        """The leaf tasks a unit leads or coordinates (built on first use: a signed file
        names its own keys, so most merges never need this)."""
        if self._unit_keys is None:
            self._unit_keys = {}
            for t in self.master.leaf_tasks():
                for code, _role in t.units_with_roles():
                    self._unit_keys.setdefault(code, set()).add(t.key)
        return self._unit_keys.get(unit, set())

    def row_idents(self) -> tuple[dict[str, str], dict[str, int]]:
        """Task key -> its number, and -> its content's length, as split writes them
        (``returns.row_idents``; built on first use)."""
        if self._idents is None:
            nums: dict[str, str] = {}
            lens: dict[str, int] = {}
            for t in self.master.leaf_tasks():
                # (the content cell as split writes it: the plan's other columns under the text)
                n = len(f"{t.content}\n{t.extra}" if t.extra else t.content)
                nums[t.key], lens[t.key] = t.number, n
                self._by_ident.setdefault((t.number, n), []).append(t.key)
            self._idents = (nums, lens)
        return self._idents

    def task_of_row(self, key: str, ident: tuple, holds: set[str]) -> str:
        """The task a row shows when its key cell names another the unit holds (the unit typed
        that task's key over the row), or "" when it may be the key's: its number and content
        cells are that task's, not the key's. A row that is no task's (the office edited the
        plan's text after the split, a re-typed file) is the key's."""
        same = self._by_ident.get(ident, [])
        if key in same:
            return ""
        return next((k for k in same if k in holds), "")


def missing_secret_error(master_path: Any) -> FileError:
    from .unitbook import secret_path

    return FileError(
        tr(
            "Thiếu tệp khóa ký {name} bên cạnh sổ chính: không kiểm tra được chữ ký của các "
            "phiếu đã phát hành, nên không gộp",
            "The signing secret {name} beside the master is missing: the workbooks issued "
            "cannot be verified, so nothing is merged",
        ).format(name=secret_path(master_path).name),
        hint=tr(
            "Chép lại tệp này từ bản sao lưu vào thư mục của sổ chính; nếu đã mất hẳn, chạy lại "
            "với --allow-unsigned (mọi phiếu được gộp là chưa xác thực)",
            "Copy it back from a backup into the master's folder; if it is lost for good, run "
            "again with --allow-unsigned (every file is merged as unverified)",
        ),
        location=str(master_path),
    )


def issued_workbooks(master: Master) -> bool:
    """Whether the master shows that this office issued signed workbooks (a verified report,
    or a workbook e-mailed)."""
    return bool(master.sendlog) or any(r.verified for r in master.reports)


def template_titles() -> dict[str, str]:
    """Column titles from the office's unit-workbook template (both languages)."""
    try:
        from .templates import load_template_json

        cols = load_template_json("unit_workbook.json").get("columns", {})
    except Exception:  # a broken template must not stop a merge; synonyms still apply
        return {}
    return {
        fid: spec["vi"]
        for fid, spec in cols.items()
        if isinstance(spec, dict) and isinstance(spec.get("vi"), str)
    }


def check_file(rr: Any, ctx: _Context, received: str, received_from: str = "") -> _Checked:
    """Turn one reader result into a checked file (rejected, unchanged, or rows to merge).

    ``rr.digest`` (made by ``returns.digest`` in the reader worker) says what the file holds;
    when the reader gave sheets instead, the digest is made here."""
    ck = _Checked(path=Path(rr.path), sha256=rr.sha256 or "", received_at=received)
    ck.received_from = received_from
    if not rr.ok:
        return ck.reject(rr.reason_code or "unreadable", rr.reason or "")
    dg = getattr(rr, "digest", None)
    if dg is None:
        dg = digest(list(rr.sheets or []), ctx.extra_titles)
    allowed = _sender(ck, dg, ctx)
    if ck.reason_code or _wrong_sender_or_period(ck, dg, ctx):  # (rejected)
        return ck
    if (ck.sha256, ck.unit, ck.period) in ctx.merged_sha:
        ck.status = "unchanged"
        return ck
    if dg.report is None:
        code = "no_report_sheet" if dg.nonempty else "empty_sheet"
        return ck.reject(code, tr("Không có trang báo cáo", "No report sheet"))
    cols = dg.report.columns
    ck.no_column = [f for f in VALUE_FIELDS if f not in cols]
    ck.cut = getattr(dg, "cut", False)
    holds = ctx.unit_keys(ck.unit) if allowed is None else (allowed & ctx.leaf_keys)
    by_key, conflicts = _rows_by_key(dg, ctx, holds, ck)
    if not by_key and not ck.refused:
        return ck.reject(
            "empty_sheet", tr("Trang báo cáo không có nhiệm vụ nào", "No task rows in the sheet")
        )
    _checked_rows(ck, ctx, by_key)
    ck.missing = sorted(holds - set(by_key) - conflicts, key=lambda k: ctx.tasks[k].order)
    ck.refused.sort(key=lambda d: d["row"])
    ck.status = "merged" if ck.verified else "unverified"
    return ck


def _sender(ck: _Checked, dg: Any, ctx: _Context) -> set[str] | None:
    """Who sent the file and for which period (``ck.unit``, ``ck.period``, ``ck.verified``):
    from the signed manifest of a workbook this office issued, else from the cover's text and
    the file's name. Returns the task keys the manifest allows (None: the unit's own); a bad
    signature rejects ``ck``."""
    if dg.manifest is None:
        texts = dg.texts
        ck.unit = identify_unit(ctx.master, texts, ck.path.name)
        ck.period = _find_period(texts, ck.path.name) or _period_of_quarter(
            _quarter_hint(texts, ck.path.name), ctx.period, ctx.master.plan.year
        )
        return None
    man = Manifest.from_rows(dg.manifest)
    if ctx.secret is None:
        if not ctx.allow_unsigned:  # signed by this office, and the secret is gone
            raise missing_secret_error(ctx.master_path)
        ck.verified = False
    elif not man.verify(ctx.secret):
        ck.unit, ck.period = man.unit, man.period
        ck.reject(
            "signature_invalid",
            tr(
                "Chữ ký của phiếu không hợp lệ (phiếu bị sửa hoặc không do văn phòng phát hành)",
                "The workbook's signature does not match (edited or not issued by this office)",
            ),
        )
        return None
    else:
        ck.verified = True
    ck.unit, ck.period = man.unit, man.period
    return set(man.keys) if ck.verified else None


def _wrong_sender_or_period(ck: _Checked, dg: Any, ctx: _Context) -> bool:
    """Reject ``ck`` (and say so) when its unit is unknown or reports nothing, or its period
    is unknown, another than the one merged, or not in the master."""
    if not ck.unit or ck.unit not in ctx.units or not ctx.units[ck.unit].reports:
        detail = f": {ck.unit}" if ck.unit else ""
        if not ck.unit and dg.manifest is None:
            cover = identify_unit(ctx.master, dg.texts, "")
            named = identify_unit(ctx.master, [], ck.path.name)
            if cover and named and cover != named:
                detail = tr(
                    f" (trang bìa ghi {cover}, tên tệp ghi {named})",
                    f" (the cover says {cover}, the file name {named})",
                )
        ck.reject("unknown_unit", tr("Không rõ đơn vị gửi", "Unknown sending unit") + detail)
    elif not ck.period:
        ck.reject("unknown_period", tr("Không rõ kỳ báo cáo", "Unknown period"))
    elif ctx.period and ck.period != ctx.period:
        ck.reject(
            "wrong_period",
            tr("Phiếu của kỳ {p}, không phải kỳ {q}", "The file is for {p}, not {q}").format(
                p=ck.period, q=ctx.period
            ),
        )
    elif ctx.master.period(ck.period) is None:
        ck.reject(
            "wrong_period",
            tr("Sổ chính không có kỳ {p}", "The master has no period {p}").format(p=ck.period),
        )
    return bool(ck.reason_code)


def _checked_rows(ck: _Checked, ctx: _Context, by_key: dict) -> None:
    """The rows to merge into ``ck.rows``, each with its flags: unverified, the received time
    taken from the file's date, text too long, values that contradict each other."""
    period = ctx.master.period(ck.period)
    end = period.end if period else None
    tasks, rows = ctx.tasks, ck.rows
    first = ["unverified"] if not ck.verified else []
    if ck.received_from == "file_date":  # (status: timeliness "from the file's date")
        first.append(FILE_DATE_FLAG)
    append = rows.append
    for i, key, values, flags in by_key.values():
        if flags and TOO_LONG in flags:
            values, flags = _keep_long_text(ctx, ck, key, values, flags)
        # (status, completion date: without either no consistency flag applies)
        if values[3] or values[0] in _CHECKED_STATUSES:
            extra = _consistency(values, tasks[key], end)
            if extra:
                flags = (*flags, *extra)
        append((i, key, values, [*first, *flags]))  # (flags: a list, as stored)
    ck.period_end = end


def _rows_by_key(
    dg: Any, ctx: _Context, holds: set[str], ck: _Checked
) -> tuple[dict[str, Row], set[str]]:
    """The digest's rows by key, those refused added to ``ck.refused``: keys the unit does not
    hold, rows whose key cell names another task than they show (``key_mismatch``), and
    duplicated rows of one key with different values (both refused)."""
    by_key: dict[str, Row] = {}  # key -> the digest's row
    conflicts: set[str] = set()
    leaf = ctx.leaf_keys
    refused = ck.refused
    moved = _key_mismatches(dg, ctx, holds) if getattr(dg, "idents", None) else {}
    for item in dg.rows:
        key = item.key
        if key not in holds:
            reason = "not_this_unit" if key in leaf else "unknown_key"
            refused.append({"row": item.row, "key": key, "reason": reason})
            continue
        if moved and item.row in moved:
            refused.append(
                {"row": item.row, "key": key, "reason": "key_mismatch", "task": moved[item.row]}
            )
            continue
        prev = by_key.get(key)
        if prev is None:
            by_key[key] = item
        elif is_empty(item.values) or prev.values == item.values:
            continue
        elif is_empty(prev.values):
            by_key[key] = item
        else:
            conflicts.add(key)
            refused.append({"row": item.row, "key": key, "reason": "duplicate_key_conflict"})
    for key in conflicts:
        prev = by_key.pop(key)
        ck.refused.append({"row": prev.row, "key": key, "reason": "duplicate_key_conflict"})
    return by_key, conflicts


_KEY = operator.itemgetter(1)


def _key_mismatches(dg: Any, ctx: _Context, holds: set[str]) -> dict[int, str]:
    """Row number -> the task it shows, for the rows with values whose key cell names another
    task the unit holds (``_Context.task_of_row``). Every row showing its key's task (the
    common case) is seen in C, by comparing lists."""
    joined, lens = dg.idents
    nums = joined.split(IDENT_SEP)
    exp_num, exp_len = ctx.row_idents()
    rows = dg.rows
    if len(nums) != len(rows) or len(lens) != len(rows):  # (a number holding the separator)
        return {}
    keys = list(map(_KEY, rows))
    if nums == list(map(exp_num.get, keys)) and lens == list(map(exp_len.get, keys)):
        return {}
    out = {}
    for item, num, n in zip(rows, nums, lens, strict=True):
        key = item.key
        if key not in holds or is_empty(item.values):
            continue
        if num != exp_num.get(key) or n != exp_len.get(key):
            other = ctx.task_of_row(key, (num, n), holds)
            if other:
                out[item.row] = other
    return out


def long_text_dir(master_path: Any) -> Path:
    """Where texts longer than an Excel cell holds are kept whole: ``<master>.long-texts/``."""
    p = Path(master_path)
    return p.with_name(p.stem + ".long-texts")


def _keep_long_text(
    ctx: _Context, ck: _Checked, key: str, values: tuple, flags: Sequence[str]
) -> tuple[tuple, tuple]:
    """Cap the result/difficulties texts at what an Excel cell holds; the whole text goes to
    a side file beside the master, named in the cell and in a ``text_truncated`` flag."""
    out = list(values)
    new_flags = [f for f in flags if f != TOO_LONG]
    for j in (2, 4):
        text = values[j]
        if not isinstance(text, str) or len(text) <= CELL_TEXT_LIMIT:
            continue
        fld = VALUE_FIELDS[j]
        name = f"{ck.period}_{ck.unit}_{key}_{fld}_{ck.sha256[:8]}.txt"
        name = re.sub(r"[^\w.\-]+", "_", name)
        folder = long_text_dir(ctx.master_path or ck.path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
            where = f"{folder.name}/{name}"
        except OSError:
            where = ""
        note = (
            tr(" … [bị cắt; toàn văn: {w}]", " … [cut; full text: {w}]").format(w=where)
            if where
            else tr(" … [bị cắt: quá dài cho một ô Excel]", " … [cut: too long for a cell]")
        )
        out[j] = text[: CELL_TEXT_LIMIT - len(note)] + note
        new_flags.append(f"text_truncated: {fld}" + (f", {where}" if where else ""))
    return tuple(out), tuple(new_flags)


FILE_DATE_FLAG = "received_from_file_date"
_DONE = ("Hoàn thành", "Hoàn thành trước hạn")
_DROPPED = "Không thực hiện"
_CHECKED_STATUSES = (*_DONE, _DROPPED)
CONSISTENCY_FLAGS = frozenset(
    {"done_below_100", "completion_after_period", "completion_before_start",
     "dropped_without_reason"}
)  # fmt: skip


def _consistency(values: tuple, task: Any, period_end: str | None) -> list[str]:
    """Flags about the values of one row taken together (``values`` in VALUE_FIELDS order;
    the clear marker counts as empty)."""
    status, progress, result, done_on, diff = values
    flags = []
    if progress.__class__ is int and progress < 100 and status in _DONE:
        flags.append("done_below_100")
    if done_on and done_on != CLEAR:
        if period_end and done_on > period_end:
            flags.append("completion_after_period")
        start = task.start_date
        if start and done_on < start:
            flags.append("completion_before_start")
    if status == _DROPPED and result in ("", CLEAR) and diff in ("", CLEAR):
        flags.append("dropped_without_reason")
    return flags


_RETURN_FLAGS = frozenset({"unverified", FILE_DATE_FLAG})


def _flagged(flags: Sequence[str]) -> bool:
    """A flag about a value (not one about the whole return: unverified, the file's date)."""
    return not _RETURN_FLAGS.issuperset(flags)


def _seen(flags: Any, earlier: list[str]) -> bool:
    """Every flag of a row is on the latest version already (nothing new to show)."""
    return all(f in earlier for f in flags if f not in CONSISTENCY_FLAGS and f not in _RETURN_FLAGS)


def _blank(x: Any) -> bool:
    return x is None or x == "" or x == CLEAR


def _uncleared(values: tuple) -> tuple:
    """The values with the clear marker as an empty cell (nothing earlier to clear)."""
    if CLEAR not in values:
        return values
    return tuple(EMPTY_VALUES[j] if x == CLEAR else x for j, x in enumerate(values))


_TEXT_FIELDS = (2, 4)  # (the stored texts ``legacy_encoding`` may be about: it names no field)


def _flag_fields(flag: str) -> tuple[int, ...]:
    """The fields (indexes in ``VALUE_FIELDS``) a flag is about; () for a flag about the row
    or the return (consistency, unverified, an error cell that names no field)."""
    if flag.startswith("status_unknown"):
        return (0,)
    if flag.startswith("progress_"):
        return (1,)
    if flag.startswith("date_"):
        return (3,)
    if flag == "legacy_encoding":
        return _TEXT_FIELDS
    code, _, rest = flag.partition(": ")
    if code in ("formula_no_value", "volatile_formula", "text_truncated"):
        name = rest.split(" ", 1)[0].rstrip(",")
        if name in VALUE_FIELDS:
            return (VALUE_FIELDS.index(name),)
    return ()


def carried_flags(earlier: Sequence[str], new: tuple, old: tuple, flags: Sequence[str],
                  cleared: Sequence[str]) -> list[str]:  # fmt: skip
    """The earlier version's flags about fields this return left empty: the value they speak
    of is kept (``legacy_encoding`` on a kept text, ``text_truncated``), or the unit's answer
    could not be read then and still stands unread (``progress_ambiguous: 0.3``), so a new
    version that dropped them would hide it. A field the return flags anew, fills, or clears
    on purpose takes nothing from before."""
    out = []
    for f in earlier:
        fields = _flag_fields(f)
        if not fields or f in flags:
            continue
        for j in fields:
            if new[j] not in (None, "") or VALUE_FIELDS[j] in cleared:
                continue
            if f == "legacy_encoding" and not is_legacy_encoded(old[j] or ""):
                continue  # (only a kept text in an old encoding keeps the flag)
            if any(j in _flag_fields(g) for g in flags if g != "legacy_encoding"):
                continue
            out.append(f)
            break
    return out


def combine(old: tuple, new: tuple) -> tuple[tuple, list[str], list[str]]:
    """A later return's row over the unit's earlier values of the same task and period,
    field by field: ``(values, cleared, kept)``.

    A field takes the new value only when the unit typed one. An empty cell keeps the earlier
    value (``kept`` names the fields that would otherwise have been erased). A field is
    cleared only on purpose (``cleared``): the marker ``(xóa)`` in the cell, or the status
    ``Không thực hiện`` with its reason (result or difficulties) in the same row, which clears
    the progress and completion date left empty."""
    dropped = new[0] == _DROPPED and not (_blank(new[2]) and _blank(new[4]))
    out = list(new)
    cleared: list[str] = []
    kept: list[str] = []
    for j in range(len(new)):
        n, o = new[j], old[j]
        if n == CLEAR:
            out[j] = EMPTY_VALUES[j]
            if not _blank(o):
                cleared.append(VALUE_FIELDS[j])
        elif n is None or n == "":
            if _blank(o):
                out[j] = EMPTY_VALUES[j]
            elif dropped and j in (1, 3):
                cleared.append(VALUE_FIELDS[j])
            else:
                out[j] = o
                kept.append(VALUE_FIELDS[j])
    return tuple(out), cleared, kept


# --- applying to the master ----------------------------------------------------------------


def _apply(
    ck: _Checked,
    latest: dict,
    tasks: dict,
    merged_at: str,
    stream: ReportsStream,
    reported: set[tuple[str, str]],
) -> None:
    """Add the file's rows as new versions where they bring something new, field by field.

    A later return replaces a field only with a value (``combine``): an empty cell keeps the
    unit's earlier value. ``latest``: (period, key, unit) -> latest report; ``reported``: the
    (period, unit) pairs with any report (both kept up to date here)."""
    period, unit = ck.period, ck.unit
    row, first_rows = _row_maker(ck, tasks, merged_at)
    if (period, unit) not in reported:  # the unit's first return: every row is version 1
        reps = stream.add_many(first_rows(ck.rows))
        latest.update(zip([(period, key, unit) for _i, key, _v, _f in ck.rows], reps, strict=True))
        if reps:
            reported.add((period, unit))
        ck.rows_merged += len(reps)
        only = _RETURN_FLAGS.issuperset
        ck.rows_flagged += sum(1 for _i, _k, _v, fl in ck.rows if fl and not only(fl))
        if not reps and ck.status in ("merged", "unverified"):
            ck.status = "no_new_content"
        return
    add = stream.add
    get = latest.get
    merged = unchanged = flagged = 0
    for _i, key, v, flags in ck.rows:
        k = (period, key, unit)
        cur = get(k)
        if cur is None:
            values = _uncleared(v) if CLEAR in v else v
            version = 1
        else:
            old = (cur.status, cur.progress, cur.result, cur.completion_date, cur.difficulties)
            if v == old and (not flags or _seen(flags, cur.flags)):
                unchanged += 1
                continue
            values, cleared, kept = combine(old, v)
            if kept:
                ck.kept.append({"key": key, "fields": kept})
            if kept or cleared:  # the row as stored differs from the row as sent: re-check
                flags = [f for f in flags if f not in CONSISTENCY_FLAGS]
                flags += _consistency(values, tasks[key], ck.period_end)
            if cleared:
                ck.cleared.append({"key": key, "fields": cleared})
                flags = [*flags, "cleared: " + ", ".join(cleared)]
            if cur.flags:
                flags = [*flags, *carried_flags(cur.flags, v, old, flags, cleared)]
            # nothing new: the same values, and no flag about this return's cells (an error
            # cell or an unreadable value left the earlier answer in place, but is shown)
            if values == old and _seen(flags, cur.flags):
                unchanged += 1
                continue
            version = cur.version + 1
        latest[k] = add(row(key, version, values, flags))
        merged += 1
        if flags and _flagged(flags):
            flagged += 1
    ck.rows_merged += merged
    ck.rows_unchanged += unchanged
    ck.rows_flagged += flagged
    if ck.rows_merged == 0 and ck.status in ("merged", "unverified"):
        ck.status = "no_new_content"


def _row_maker(
    ck: _Checked, tasks: dict, merged_at: str
) -> tuple[Callable[..., ReportRow], Callable[[list], list[tuple]]]:
    """THE constructor of a report row for one checked file: ``row(key, version, values,
    flags)`` (``values`` in ``VALUE_FIELDS`` order, ``flags`` a list); the role follows the
    task's lead units, the rest comes from the file. With it ``first_rows(ck.rows)``: the
    rows of a unit's first return, every one version 1 (the clear marker as an empty cell:
    nothing earlier to clear), as plain tuples in the same order, in one pass."""
    period, unit, received_at, sha256, verified = (
        ck.period, ck.unit, ck.received_at, ck.sha256, ck.verified
    )  # fmt: skip
    source_file = ck.path.name
    new = REPORT_ROW_FROM_TUPLE

    def row(key: str, version: int, values: tuple, flags: list[str]) -> ReportRow:
        role = ROLE_LEAD if unit in tasks[key].lead_units else ROLE_COORD
        return new(
            (period, key, unit, role, version, *values, received_at, source_file, sha256,
             verified, flags, merged_at)
        )  # fmt: skip

    def first_rows(items: list) -> list[tuple]:
        return [
            (period, key, unit, ROLE_LEAD if unit in tasks[key].lead_units else ROLE_COORD, 1,
             *(_uncleared(v) if CLEAR in v else v), received_at, source_file, sha256, verified,
             flags, merged_at)
            for _i, key, v, flags in items
        ]  # fmt: skip

    return row, first_rows


def _free_quarantine_name(qdir: Path, name: str, sha256: str) -> Path:
    """A name in the quarantine folder that no earlier file holds (two units' files of the
    same name are both kept): ``name``, ``<sha8>_name``, ``<sha8>_2_name``, ..."""
    first = [name] + ([f"{sha256[:8]}_{name}"] if sha256 else [])
    more = (f"{sha256[:8] or 'file'}_{i}_{name}" for i in itertools.count(2))
    for cand in itertools.chain(first, more):
        target = qdir / cand
        side = qdir / (cand + ".reason.txt")
        if not target.exists() and not side.exists():
            return target
    raise AssertionError("unreachable")


def _quarantine(ck: _Checked, qdir: Path, now: dt.datetime) -> None:
    try:
        qdir.mkdir(parents=True, exist_ok=True)
        target = _free_quarantine_name(qdir, ck.path.name, ck.sha256)
        with open(ck.path, "rb") as src:
            st = os.fstat(src.fileno())
            if not stat.S_ISREG(st.st_mode):
                return  # (a device or a pipe has no end: never copied)
            left = st.st_size  # (the size as received: a file still growing is not followed)
            with open(target, "xb") as dst:  # (x: never overwrite)
                while left > 0 and (chunk := src.read(min(left, 1 << 20))):
                    dst.write(chunk)
                    left -= len(chunk)
        shutil.copystat(ck.path, target)
    except OSError:
        return
    hint = HINTS.get(ck.reason_code)
    text = (
        f"file: {ck.path}\nsha256: {ck.sha256}\nreason_code: {ck.reason_code}\n"
        f"reason: {ck.reason}\n{'what to do: ' + tr(*hint) + chr(10) if hint else ''}unit: {ck.unit}\nperiod: {ck.period}\n"
        f"received_at: {ck.received_at}\nchecked_at: {now.isoformat(timespec='seconds')}\n"
    )
    target.with_name(target.name + ".reason.txt").write_text(text, encoding="utf-8")
    ck.quarantined = str(target)


def merge_files(
    master_path: str | os.PathLike,
    paths: Iterable[str | os.PathLike],
    *,
    period: str | None = None,
    received_at: str | None = None,
    quarantine: str | os.PathLike | None = None,
    now: dt.datetime,
    workers: int | None = None,
    progress: Progress | None = None,
    limits: Any = None,
    allow_unsigned: bool = False,
) -> dict:
    """Merge returned unit workbooks (files, or folders searched recursively) into the master.

    Returns ``{"files": [...], "totals": {...}, "warnings": [...], "timings": {"read",
    "check", "save"}}``; see docs/merge.md for the fields. Raises ``LockedError`` when another
    merge holds the master (``OpenElsewhereError`` when Excel or LibreOffice has it open), and
    ``FileError`` when the signing secret beside a master that issued signed workbooks is
    missing, unless ``allow_unsigned`` (every file is then merged as unverified).
    """
    master_path = Path(master_path)
    if received_at:
        given = _parse_iso(received_at, "--received-at")
        clock = dt.datetime.now().astimezone()  # (the real clock: ``now`` may be given)
        ref = clock if given.tzinfo else clock.replace(tzinfo=None)
        if given > ref + dt.timedelta(days=1):  # (a typed year: 2032 for 2023)
            raise InputError(
                tr("Thời điểm nhận ở tương lai", "The received time is in the future")
                + f": {received_at!r}",
                hint=tr("Kiểm tra năm, tháng, ngày đã ghi", "Check the year, month and day"),
                file="--received-at",
            )
    exclude = [master_path, previous_path(master_path), lock_path(master_path)]
    paths = list(paths)
    files = collect_paths(paths, exclude=exclude)
    if not files:
        raise InputError(
            tr("Không có tệp nào để gộp", "No files to merge"),
            hint=tr(
                "Kiểm tra thư mục/đường dẫn đã cho (thư mục rỗng?)",
                "Check the folders/paths given (an empty folder?)",
            ),
            file=", ".join(map(str, paths)),
        )
    mail_dir: Path | None = None
    origins: dict[Path, tuple[str, str]] = {}  # attachment -> (shown name, message time)
    pre: list[_Checked] = []  # saved e-mails that hold no usable return
    if any(is_message(f) for f in files):
        from .messages import extract_attachments

        mail_dir = Path(tempfile.mkdtemp(prefix="sheettools-mail-"))
        msgs = [f for f in files if is_message(f)]
        found, bad = extract_attachments(msgs, mail_dir, now.tzinfo)
        files = [f for f in files if not is_message(f)] + [a.path for a in found]
        for a in found:
            origins[a.path] = (f"{a.message} › {a.name}", a.received_at)
        for b in bad:
            ck = _Checked(path=b.message)
            reason = (
                tr("Thư không có tệp bảng tính đính kèm", "The e-mail has no spreadsheet attached")
                if b.reason_code == "no_attachment"
                else tr("Không đọc được thư", "Cannot read the e-mail")
            )
            pre.append(ck.reject(b.reason_code, reason + (f" ({b.detail})" if b.detail else "")))
    try:
        return _merge_files(
            master_path, files, origins, pre, period, received_at, quarantine, now, workers,
            progress, limits, allow_unsigned,
        )  # fmt: skip
    finally:
        if mail_dir is not None:
            shutil.rmtree(mail_dir, ignore_errors=True)


def _merge_files(
    master_path: Path,
    files: list[Path],
    origins: dict[Path, tuple[str, str]],
    pre: list[_Checked],
    period: str | None,
    received_at: str | None,
    quarantine: str | os.PathLike | None,
    now: dt.datetime,
    workers: int | None,
    progress: Progress | None,
    limits: Any,
    allow_unsigned: bool,
) -> dict:
    if not files and not pre:
        raise InputError(
            tr("Không có tệp nào để gộp", "No files to merge"),
            hint=tr("Kiểm tra thư mục/đường dẫn đã cho", "Check the folders/paths given"),
        )
    from . import safety

    pool_kw: dict[str, Any] = {
        "workers": workers or min(2, os.cpu_count() or 1),
        # the workers digest each file (returns.digest): a few KB per file come back
        "post": "sheettools.returns:digest",
        "post_arg": template_titles(),
    }
    if limits is not None:
        pool_kw["limits"] = limits
    pool = safety.ReaderPool(**pool_kw).start()  # the workers boot while the master loads
    gc_was_enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: the cyclic GC would rescan them all
    try:
        return _merge_locked(
            master_path, files, period, received_at, quarantine, now, pool, progress,
            allow_unsigned, origins, pre,
        )  # fmt: skip
    finally:
        pool.close()  # (at once when already closed)
        if gc_was_enabled:
            gc.enable()


def _merge_locked(
    master_path: Path,
    files: list[Path],
    period: str | None,
    received_at: str | None,
    quarantine: str | os.PathLike | None,
    now: dt.datetime,
    pool: Any,
    progress: Progress | None,
    allow_unsigned: bool = False,
    origins: dict[Path, tuple[str, str]] | None = None,
    pre: list[_Checked] | None = None,
) -> dict:
    merged_at = now.isoformat(timespec="seconds")
    origins = origins or {}
    warnings: list[str] = []
    timings = {"read": 0.0, "check": 0.0, "save": 0.0}
    # files are read, checked and applied in order of received time (the latest return wins;
    # equal times keep the order given), so each is applied as soon as it is read
    received, source = _received_times(files, received_at, now, origins)
    files = sorted(files, key=lambda p: _sort_time(received[p]))
    # the master loads in a thread while the reader workers start and read the first files
    with editing(master_path, "merge", now, background=True) as edit:
        closing: threading.Thread | None = None
        checked: list[_Checked] = list(pre or [])
        try:
            it = iter(pool.read_many([str(f) for f in files], progress=progress))
            ctx: _Context | None = None
            seen: set[tuple[str, str, str]] = set()
            while True:
                t0 = time.perf_counter()
                try:
                    rr = next(it)
                except StopIteration:
                    break
                t1 = time.perf_counter()
                timings["read"] += t1 - t0
                if ctx is None:
                    ctx, master, latest, reported, stream = _start(
                        edit, master_path, period, allow_unsigned, pool.post_arg, warnings
                    )
                    t1 = time.perf_counter()
                p = Path(rr.path)
                ck = check_file(rr, ctx, ctx.in_office_tz(received[p]), source[p])
                if p in origins:
                    ck.shown = origins[p][0]
                if ck.status == "rejected" and not ck.unit:  # for the report: who tried
                    ck.unit = identify_unit(master, [], p.name)
                    ck.period = ck.period or _find_period([], p.name)
                checked.append(ck)
                if ck.status in ("merged", "unverified"):
                    ident = (ck.sha256, ck.unit, ck.period)
                    if ident in seen:  # the same file twice in one batch
                        ck.status, ck.rows = "unchanged", []
                    else:
                        seen.add(ident)
                        _apply(ck, latest, ctx.tasks, merged_at, stream, reported)
                # the master's reports sheet is rendered as rows come, a bounded batch per file
                # (the workers' queues must not run dry meanwhile), so saving only finishes it
                t2 = time.perf_counter()
                stream.pump(PUMP_ROWS)
                timings["check"] += t2 - t1
                timings["save"] += time.perf_counter() - t2
            # stopping the workers takes a moment: let it overlap with saving
            closing = threading.Thread(target=pool.close, daemon=True)
            closing.start()
        finally:
            if closing is None:
                pool.close()
        if ctx is None:  # (no file was read: only saved e-mails without a return)
            ctx, master, latest, reported, stream = _start(
                edit, master_path, period, allow_unsigned, pool.post_arg, warnings
            )
        t1 = time.perf_counter()
        code = ctx.period
        qdir_base = Path(quarantine) if quarantine else master_path.parent / "quarantine"
        _set_aside(checked, ctx, qdir_base, by_period=not quarantine, now=now)
        timings["check"] += time.perf_counter() - t1
        warnings += _batch_warnings(checked, qdir_base)
        result_files = [ck.as_dict() for ck in sorted(checked, key=lambda c: str(c.path))]
        totals = _totals(result_files)
        edit.summary, edit.details = summary_line(totals), _log_details(result_files)
        edit.reports = stream
        edit.save = any(ck.status != "unchanged" for ck in checked)
        t2 = time.perf_counter()
    if edit.save:  # (logged and saved as the block above ended)
        timings["save"] += time.perf_counter() - t2
    closing.join(10)
    return {
        "period": code,
        "files": result_files,
        "totals": totals,
        "warnings": warnings,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "timezone": setting(master, "timezone"),  # (the office's, to show received times in)
    }


def _received_times(
    files: list[Path],
    received_at: str | None,
    now: dt.datetime,
    origins: dict[Path, tuple[str, str]],
) -> tuple[dict[Path, str], dict[Path, str]]:
    """Each file's received time and where that time came from (``--received-at``, the
    e-mail's Date, the file's date)."""
    merged_at = now.isoformat(timespec="seconds")
    received: dict[Path, str] = {}
    source: dict[Path, str] = {}
    for p in files:
        try:
            received[p], source[p] = received_time_source(
                p, received_at, now, origins.get(p, ("", ""))[1]
            )
        except OSError:
            received[p], source[p] = merged_at, "file_date"
        if source[p] == "file_date" and p in origins:  # (an e-mail without a Date)
            with contextlib.suppress(OSError):
                msg = Path(origins[p][0].split(" › ")[0])
                received[p] = received_time_source(msg, None, now)[0]
    return received, source


def _set_aside(
    checked: list[_Checked],
    ctx: _Context,
    qdir_base: Path,
    *,
    by_period: bool,
    now: dt.datetime,
) -> None:
    """Copy every rejected file to quarantine (a folder per period unless the office gave
    one) and record the rejection of an expected unit in the master."""
    code = ctx.period
    merged_at = now.isoformat(timespec="seconds")
    for ck in checked:
        if ck.status != "rejected":
            continue
        sub = ck.period if re.fullmatch(r"\d{4}-(Q[1-4]|Y)", ck.period or "") else ""
        qdir = qdir_base / (sub or code or "unknown") if by_period else qdir_base
        _quarantine(ck, qdir, now)
        if ck.unit in ctx.units and ctx.master.period(ck.period or code or "") is not None:
            # (status: "sent an unreadable file", not "sent nothing")
            ctx.master.rejected.append(
                Rejection(
                    period=ck.period or code or "", unit=ck.unit, file=ck.path.name,
                    sha256=ck.sha256, reason_code=ck.reason_code, reason=ck.reason,
                    received_at=ck.received_at, checked_at=merged_at,
                    quarantined=ck.quarantined,
                )
            )  # fmt: skip


def _batch_warnings(checked: list[_Checked], qdir_base: Path) -> list[str]:
    """The batch's warnings: cut sheets, rejected files that could not be quarantined, files
    with a guessed received time."""
    warnings: list[str] = []
    for ck in checked:
        if ck.cut and ck.status != "rejected":  # (rows past the caps: never dropped unsaid)
            warnings.append(
                tr(
                    "{f}: trang báo cáo dài hơn phần được đọc (20.000 dòng, 200 cột): các "
                    "dòng sau đó không được gộp; hỏi đơn vị gửi lại biểu gọn",
                    "{f}: the report sheet goes on beyond what is read (20,000 rows, 200 "
                    "columns): rows past that were not merged; ask the unit for a trim copy",
                ).format(f=shown_name(ck.shown or str(ck.path)))
            )
    uncopied = [ck for ck in checked if ck.status == "rejected" and not ck.quarantined]
    if uncopied:  # (a quarantine folder that cannot be written: said, not passed over)
        warnings.append(
            tr(
                "{n} tệp bị từ chối không chép được vào thư mục cách ly {q} (tệp gốc vẫn ở "
                "chỗ cũ: giữ lại để xem); kiểm tra quyền ghi hoặc dùng --quarantine",
                "{n} rejected files could not be copied to the quarantine folder {q} (the "
                "originals are where they were: keep them); check permissions or use "
                "--quarantine",
            ).format(n=len(uncopied), q=qdir_base)
        )
    guessed = [ck for ck in checked if ck.received_from == "file_date" and ck.status != "rejected"]
    if guessed:
        warnings.append(
            tr(
                "{n} tệp không rõ thời điểm nhận: lấy theo ngày của tệp, nên đúng hạn/muộn "
                "chỉ là ước đoán (dùng --received-at, mail fetch, hoặc gộp thẳng thư .eml/.msg)",
                "{n} files have no known received time: the file's date is used, so on "
                "time/late is a guess (use --received-at, mail fetch, or merge the saved "
                ".eml/.msg)",
            ).format(n=len(guessed))
        )
    return warnings


def _start(
    edit: Edit,
    master_path: Path,
    period: str | None,
    allow_unsigned: bool,
    titles: Any,
    warnings: list[str],
) -> tuple:
    """The master loaded, its signing secret checked: ``(ctx, master, latest, reported,
    stream)`` for checking and applying files."""
    master = edit.master
    code = get_period(master, period).code if period else None
    secret = load_or_create_secret(master_path, create=False)
    if secret is None and (allow_unsigned or issued_workbooks(master)):
        if not allow_unsigned:
            raise missing_secret_error(master_path)
        warnings.append(
            tr(
                "Không có tệp khóa ký: mọi phiếu được gộp là CHƯA XÁC THỰC "
                "(--allow-unsigned); kiểm tra kỹ người gửi từng tệp",
                "No signing secret: every file is merged as UNVERIFIED "
                "(--allow-unsigned); check who sent each file",
            )
        )
    ctx = _Context(master, secret, code, titles, allow_unsigned)
    ctx.master_path = master_path
    latest = master.latest_reports()
    reported = {(p, u) for p, _k, u in latest}
    return ctx, master, latest, reported, ReportsStream(master)


def _totals(files: list[dict]) -> dict:
    t = {"files": len(files), "merged": 0, "unverified": 0, "rejected": 0, "unchanged": 0,
         "no_new_content": 0}  # fmt: skip
    for f in files:
        t[f["status"]] += 1
    for k in ("rows_merged", "rows_refused", "rows_flagged"):
        t[k] = sum(f[k] for f in files)
    t["fields_kept"] = sum(len(x["fields"]) for f in files for x in f.get("kept_earlier", ()))
    t["fields_cleared"] = sum(len(x["fields"]) for f in files for x in f.get("cleared", ()))
    return t


def summary_line(t: dict) -> str:
    line = tr(
        "{files} tệp: {merged} đã gộp, {unverified} chưa xác thực, {rejected} bị từ chối, "
        "{unchanged} không đổi, {no_new_content} không có nội dung mới; {rows_merged} dòng đã "
        "gộp, {rows_refused} dòng bị từ chối, {rows_flagged} dòng cần xem lại",
        "{files} files: {merged} merged, {unverified} unverified, {rejected} rejected, "
        "{unchanged} unchanged, {no_new_content} no new content; {rows_merged} rows merged, "
        "{rows_refused} refused, {rows_flagged} flagged",
    ).format(**t)
    if t.get("fields_kept"):
        line += tr(
            "; {fields_kept} ô để trống giữ giá trị đã báo cáo trước",
            "; {fields_kept} empty cells kept the earlier answer",
        ).format(**t)
    if t.get("fields_cleared"):
        line += tr(
            "; {fields_cleared} ô được xóa theo yêu cầu của đơn vị",
            "; {fields_cleared} cells cleared on the unit's request",
        ).format(**t)
    return line


def shown_name(file: str) -> str:
    """A file of the merge as the table names it: its name without folders, and for a saved
    e-mail's attachment ``x.eml › name`` (the attachment's name as the message gives it: a
    name such as ``../../master.xlsx`` is not cut down to the master's name)."""
    msg, sep, att = file.partition(" › ")
    return Path(msg).name + sep + att


def _field_title(fid: str) -> str:
    from .unitbook import INPUT_COLUMNS

    for f, vi, en in INPUT_COLUMNS:
        if f == fid:
            return tr(vi, en)
    return fid


def _fields_text(fields: list[str]) -> str:
    if list(fields) == list(VALUE_FIELDS):
        return tr("cả dòng", "the whole row")
    return ", ".join(_field_title(fid) for fid in fields)


def changes_lines(files: list[dict], max_keys: int = 8) -> list[str]:
    """One line per file whose empty cells kept earlier answers or that cleared fields on
    purpose: which tasks and fields (for the office to check with the unit); and one for a
    file whose report sheet has no column for some input field (a re-typed sheet whose
    header merge did not recognise: those cells were not read)."""
    out = []
    for f in files:
        name = shown_name(f["file"])
        for items, label in (
            (f.get("kept_earlier") or [], tr("ô để trống, giữ giá trị đã báo cáo trước",
                                            "empty cells, earlier answers kept")),
            (f.get("cleared") or [], tr("ô được đơn vị xóa có chủ ý", "cells cleared on purpose")),
        ):  # fmt: skip
            if not items:
                continue
            n = sum(len(x["fields"]) for x in items)
            shown = "; ".join(f"{x['key']} ({_fields_text(x['fields'])})" for x in items[:max_keys])
            more = tr(
                f"; … và {len(items) - max_keys} dòng khác",
                f"; … and {len(items) - max_keys} more rows",
            )
            out.append(f"ℹ {name}: {shown}{more if len(items) > max_keys else ''} — {n} {label}")
        if f.get("no_column") and f["status"] not in ("rejected", "unchanged"):
            out.append(
                f"⚠ {name}: "
                + tr("không thấy cột ", "no column for ")
                + ", ".join(_field_title(x) for x in f["no_column"])
                + tr(
                    " trong trang báo cáo — các ô đó không được đọc; hỏi lại đơn vị",
                    " in the report sheet: those cells were not read; ask the unit",
                )
            )
        out += _key_mismatch_lines(f, name, max_keys)
    return out


def _key_mismatch_lines(f: dict, name: str, max_keys: int) -> list[str]:
    """A line for a file with rows refused as ``key_mismatch``: a key cell edited to another
    task's key (its values were not merged, never moved to that task)."""
    rows = [x for x in f.get("refused") or [] if x["reason"] == "key_mismatch"]
    if not rows:
        return []
    shown = "; ".join(
        tr(f"dòng {x['row']}: mã {x['key']}, số TT và nội dung của {x['task']}",
           f"row {x['row']}: key {x['key']}, number and text of {x['task']}")
        for x in rows[:max_keys]
    )  # fmt: skip
    more = tr(f"; … và {len(rows) - max_keys} dòng khác", f"; … and {len(rows) - max_keys} more")
    return [
        f"⚠ {name}: {shown}{more if len(rows) > max_keys else ''} — "
        + tr(
            "mã nhiệm vụ bị sửa? Các dòng này không được gộp; hỏi lại đơn vị",
            "task key edited? These rows were not merged; ask the unit",
        )
    ]


def _log_details(files: list[dict]) -> str:
    lines = []
    for f in files:
        line = f"{shown_name(f['file'])}: {f['status']}"
        if f["unit"]:
            line += f" [{f['unit']}]"
        if f["status"] == "rejected":
            line += f" - {f['reason_code']}: {f['reason']}"
        elif f["status"] in ("merged", "unverified"):
            line += f" - {f['rows_merged']}/{f['rows_refused']}/{f['rows_flagged']}"
        if f.get("kept_earlier"):
            line += f" - kept {sum(len(x['fields']) for x in f['kept_earlier'])}"
        if f.get("cleared"):
            line += f" - cleared {sum(len(x['fields']) for x in f['cleared'])}"
        lines.append(line)
    text = "\n".join(lines)
    if len(text) > MAX_CELL_TEXT:  # an Excel cell holds at most 32,767 characters
        cut = text[: MAX_CELL_TEXT - 40].rsplit("\n", 1)[0]
        text = cut + f"\n… (+{len(lines) - cut.count(chr(10)) - 1})"
    return text


# --- reading the merged reports ------------------------------------------------------------


def list_reports(
    master: Master | str | os.PathLike,
    period: str,
    unit: str | None = None,
    all_versions: bool = False,
) -> list[dict]:
    """The merged reports of a period: the latest version per unit and task (every version
    with ``all_versions``), in table order, as plain dicts (``Report.public_dict``)."""
    if not isinstance(master, Master):
        master = load_master(master)
    code = get_period(master, period).code
    if unit is not None and unit not in master.unit_map():
        raise InputError(
            tr("Không có đơn vị", "No such unit") + f": {unit}",
            hint=tr(
                "Xem danh sách: sheettools units list MASTER",
                "See the list: sheettools units list MASTER",
            ),
        )
    if all_versions:
        reps = [r for r in master.reports if r.period == code]
    else:
        reps = list(master.latest_reports(code).values())
    if unit is not None:
        reps = [r for r in reps if r.unit == unit]
    order = {t.key: t.order for t in master.tasks}
    reps.sort(key=lambda r: (order.get(r.key, 1 << 30), r.unit, r.version))
    return [r.public_dict() for r in reps]
