"""The clerk's desk: what the local web app (``sheettools app``) shows and does, as plain
library functions over the same pieces the CLI uses.

The web layer (``sheettools.web``) only turns these into pages: every figure and every action
comes from here, and every action calls the function the matching CLI command calls
(``merge_files``, ``split_workbooks``, ``send_workbooks``, ``remind_units``,
``write_summary``, ``import_plan``, ``resolve_master_units``). Nothing here calls ``today()``:
dates and times are passed in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import io
import json
import os
import re
import threading
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .fsnames import safe_file_name
from .i18n import tr
from .model import KIND_GROUP, STATUS_EN, Master
from .periods import get_period
from .periodstatus import BUCKET_LABELS, analyze, status_dict

__all__ = [
    "BoardSnapshots",
    "MasterCache",
    "board",
    "default_period",
    "eml_preview",
    "excel_has_it_open",
    "find_master",
    "folders",
    "log_entries",
    "map_unit_name",
    "mark_late",
    "outbox_files",
    "outbox_zip",
    "period_choices",
    "plan_overview",
    "receive_files",
    "quarantine_stamp",
    "reason_in_words",
    "rejected_returns",
    "same_figures",
    "set_lead",
    "task_reports",
    "unit_reports",
    "unpack_message",
]

MESSAGE_EXTS = (".eml", ".msg")


# --- the master, loaded once per change ------------------------------------------------------


class MasterCache:
    """``load_master`` once per change of the master file (its size and modification time):
    the board answers from memory while nothing was written.

    After a change it loads incrementally (``_load_reusing``): the report rows of the cache
    ``save_master`` leaves beside the master are stored in records of a few thousand rows,
    and a save (a merge appends rows; a log line or a renamed unit changes none) leaves most
    records byte for byte as they were; their ``Report`` objects are taken over from the
    previous load instead of being built again. The objects are shared between the two
    loads: the desk only reads them (every action loads the master itself)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._key: tuple[int, int] | None = None
        self._master: Master | None = None
        self._records: dict[bytes, list[Any]] = {}  # a cache record -> its Report objects
        self._lock = threading.Lock()
        self.reused = 0  # report rows taken over by the last load (what the tests check)

    def stamp(self) -> tuple[int, int]:
        """What identifies the master's current content (changes with every save)."""
        st = self.path.stat()
        return (st.st_mtime_ns, st.st_size)

    def get(self) -> Master:
        return self.get_with_stamp()[0]

    def get_with_stamp(self) -> tuple[Master, tuple[int, int]]:
        from .store import load_master

        with self._lock:
            key = self.stamp()
            if self._master is None or key != self._key:
                m = self._load_reusing()
                self._master = m if m is not None else load_master(self.path)
                self._key = key
            return self._master, key

    def _load_reusing(self) -> Master | None:
        """The master from its cache, the unchanged report records' objects reused; None
        when there is no valid cache (then ``load_master`` reads the workbook itself)."""
        from .store import load_cache

        cached = load_cache(self.path, self._records)
        if cached is None:
            self._records, self.reused = {}, 0
            return None
        m, self._records, self.reused = cached
        return m


class BoardSnapshots:
    """The boards last computed for a master, kept beside it (``.<name>.board.json``), so
    that a restarted app answers its first board at once instead of loading the master and
    analysing it (seconds for 200,000 report rows) while the clerk waits.

    An entry is used only for the same master content (its modification time and size), the
    same quarantine folder of the period (the rejected files the board lists), day, language,
    period asked for and sheettools version: anything else and the board is computed again.
    Failing to read or write the file only costs that computation."""

    FORMAT = 1
    KEEP = 8  # entries kept (periods x languages the clerk looked at)

    def __init__(self, master_path: str | os.PathLike) -> None:
        p = Path(master_path)
        self.master_path = p
        self.path = p.with_name(f".{p.name}.board.json")
        self._entries: list[dict[str, Any]] | None = None

    def _key(self, stamp: tuple[int, int], asked: str, code: str, today: dt.date, lang: str):
        from . import __version__

        return [
            self.FORMAT, __version__, list(stamp), quarantine_stamp(self.master_path, code),
            asked, code, today.isoformat(), lang,
        ]  # fmt: skip

    def _load(self) -> list[dict[str, Any]]:
        if self._entries is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._entries = [
                    e
                    for e in data
                    if isinstance(e, dict) and isinstance(e.get("key"), list) and len(e["key"]) == 8
                ]
            except (OSError, ValueError, TypeError):
                self._entries = []
        return self._entries

    def get(
        self, stamp: tuple[int, int], asked: str, today: dt.date, lang: str
    ) -> tuple[str, dict[str, Any], list[dict[str, Any]]] | None:
        """(period code, board, period choices) kept for exactly this content, or None."""
        for e in self._load():
            try:
                code = e["key"][5]
                if e["key"] == self._key(stamp, asked, code, today, lang):
                    return code, e["board"], e["periods"]
            except (IndexError, KeyError, TypeError):
                continue
        return None

    def knows(self, stamp: tuple[int, int]) -> bool:
        """Whether a board was kept for this content of the master (it was loaded and
        analysed without error then)."""
        return any(e["key"][2] == list(stamp) for e in self._load())

    def put(
        self,
        stamp: tuple[int, int],
        asked: str,
        code: str,
        today: dt.date,
        lang: str,
        board: dict[str, Any],
        periods: list[dict[str, Any]],
    ) -> None:
        key = self._key(stamp, asked, code, today, lang)
        entries = [e for e in self._load() if e["key"][2] == list(stamp)]
        entries = [e for e in entries if e["key"][4:] != key[4:]]
        entries.insert(0, {"key": key, "board": board, "periods": periods})
        self._entries = entries[: self.KEEP]
        tmp = self.path.with_name(self.path.name + ".part")
        try:
            tmp.write_text(json.dumps(self._entries, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)
        except (OSError, TypeError, ValueError):
            with contextlib.suppress(OSError):
                tmp.unlink()


def same_figures(old: Master, new: Master) -> bool:
    """Whether two loads of the master hold the same figures for the board (and every other
    page but the log): the same report objects — ``MasterCache`` takes over the unchanged
    ones, so identity is the cheap test — and equal plan, tasks, units, groups, periods,
    rejected files, settings and cascade links. A save that only added a log or send-log
    line (a mail sent from a terminal, a merge that changed nothing) gives True."""
    import dataclasses
    import operator

    if len(old.reports) != len(new.reports):
        return False
    if not all(map(operator.is_, old.reports, new.reports)):
        return False
    skip = {"reports", "log", "sendlog"}
    return all(
        getattr(old, f.name) == getattr(new, f.name)
        for f in dataclasses.fields(Master)
        if f.name not in skip
    )


def quarantine_stamp(master_path: str | os.PathLike, code: str) -> list[int] | None:
    """What identifies the rejected files of a period (the quarantine folder's state)."""
    try:
        st = (folders(master_path).quarantine / code).stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_nlink]


@dataclass(frozen=True)
class Folders:
    """Where the app keeps what it makes, beside the master (the clerk finds it in Explorer)."""

    outbox: Path  # split workbooks, per period: gui-di/<period>/
    inbox: Path  # returned files dropped on the page, per period: nhan-ve/<period>/
    reports: Path  # consolidated workbooks: bao-cao/
    quarantine: Path  # rejected returns (merge's default): quarantine/<period>/


def folders(master_path: str | os.PathLike) -> Folders:
    base = Path(master_path).resolve().parent
    return Folders(base / "gui-di", base / "nhan-ve", base / "bao-cao", base / "quarantine")


def excel_has_it_open(master_path: str | os.PathLike) -> bool:
    """True when Excel (or LibreOffice) has the master open (its lock file lies beside it):
    writing the master is refused then (``store.refuse_if_open_elsewhere``)."""
    from .store import office_lock_files

    return bool(office_lock_files(master_path))


# --- periods ---------------------------------------------------------------------------------


def period_choices(master: Master) -> list[dict[str, Any]]:
    """Every period of the master with its dates and how many reports it holds."""
    counts = Counter(r.period for r in master.reports)
    return [
        {
            "code": p.code,
            "label": p.label or p.code,
            "start": p.start,
            "end": p.end,
            "due_date": p.due_date,
            "reports": counts.get(p.code, 0),
        }
        for p in master.periods
    ]


def default_period(master: Master, today: dt.date) -> str:
    """The quarter that holds ``today``; outside the plan's year, the latest period with
    returns (else the first quarter)."""
    quarters = [p for p in master.periods if "-Q" in p.code]
    day = today.isoformat()
    for p in quarters:
        if p.start <= day <= p.end:
            return p.code
    with_returns = {r.period for r in master.reports}
    for p in reversed(master.periods):
        if p.code in with_returns:
            return p.code
    if quarters:
        return quarters[0].code
    if master.periods:
        return master.periods[0].code
    raise InputError(
        tr("Sổ chính không có kỳ báo cáo nào", "The master has no periods"),
        hint=tr("Kiểm tra trang tính periods", "Check the periods sheet"),
    )


# --- the board -------------------------------------------------------------------------------


def rejected_returns(master_path: str | os.PathLike, period: str) -> list[dict[str, str]]:
    """The rejected files of a period, from the quarantine folder merge keeps
    (``quarantine/<period>/<file>.reason.txt``), newest first."""
    qdir = folders(master_path).quarantine / period
    out: list[dict[str, str]] = []
    if not qdir.is_dir():
        return out
    for f in qdir.glob("*.reason.txt"):
        fields: dict[str, str] = {}
        try:
            text = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            k, sep, v = line.partition(": ")
            if sep and k in ("unit", "reason", "reason_code", "received_at", "what to do"):
                fields[k] = v.strip()
        out.append(
            {
                "file": f.name[: -len(".reason.txt")],
                "unit": fields.get("unit", ""),
                "reason_code": fields.get("reason_code", ""),
                "reason": reason_in_words(fields.get("reason_code", ""), fields.get("reason", "")),
                "hint": fields.get("what to do", ""),
                "received_at": fields.get("received_at", ""),
            }
        )
    out.sort(key=lambda r: r["received_at"], reverse=True)
    return out


def reason_in_words(code: str, stored: str) -> str:
    """Why a file was rejected, in the current language (the stored text is in the language
    of the merge that rejected it)."""
    from . import problems

    if code and problems.lookup(code) is not None:
        text = problems.label(code)
        h = problems.hint(code)
        return f"{text}. {h}." if h else f"{text}."
    return stored


def board(
    master: Master,
    period: str,
    as_of: dt.date,
    *,
    master_path: str | os.PathLike | None = None,
    due_soon_days: int | None = None,
) -> dict[str, Any]:
    """The period board: ``status`` (the same analysis) plus one row per unit.

    Unit ``state``: ``on_time``, ``late``, ``missing``, ``unreadable`` (expected, nothing
    merged, but a file of it was rejected), ``extra`` (returned without being expected)."""
    a = analyze(master, period, as_of, due_soon_days=due_soon_days)
    st = status_dict(a)
    rejected = rejected_returns(master_path, a.period.code) if master_path else []
    rejected_by_unit: dict[str, list[dict[str, str]]] = {}
    for r in rejected:
        rejected_by_unit.setdefault(r["unit"], []).append(r)
    names = {u.code: u.name for u in master.units}
    n_rows: Counter[str] = Counter()
    versions: dict[str, int] = {}  # the highest version = how many times the unit sent
    for (_key, unit), rep in a.current.items():
        n_rows[unit] += 1
        if rep.version > versions.get(unit, 0):
            versions[unit] = rep.version
    empty = Counter(u for u, _k in a.empty_entries)
    flagged = Counter(u for u, _k, _f in a.flagged)
    units = []
    for code, ret in a.returns.items():
        state = ret.state
        if not ret.expected:
            state = "extra"
        elif state == "missing" and code in rejected_by_unit:
            state = "unreadable"
        units.append(
            {
                "unit": code,
                "name": names.get(code, ""),
                "state": state,
                "expected": ret.expected,
                "tasks": len(ret.tasks),
                "received_at": ret.first_received,
                "days_late": ret.days_late,
                "rows": n_rows.get(code, 0),
                "versions": versions.get(code, 0),
                "empty": empty.get(code, 0),
                "flagged": flagged.get(code, 0),
                "rejected": [r["reason"] for r in rejected_by_unit.get(code, [])],
            }
        )
    counts = Counter(u["state"] for u in units)
    st.update(
        {
            "units": units,
            "counts": {
                "expected": len(a.expected_units),
                "on_time": counts["on_time"],
                "late": counts["late"],
                "missing": counts["missing"],
                "unreadable": counts["unreadable"],
            },
            "rejected": rejected,
            "bucket_labels": {k: tr(*BUCKET_LABELS[k]) for k in st["buckets"]},
            "tasks": len(a.tasks),
        }
    )
    return st


def _mark_latest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    top: dict[tuple[str, str], int] = {}
    for d in rows:
        k = (d["key"], d["unit"])
        top[k] = max(top.get(k, 0), d["version"])
    for d in rows:
        d["latest"] = d["version"] == top[(d["key"], d["unit"])]
    return rows


def _report_row(r: Any, tasks: dict, names: dict) -> dict[str, Any]:
    d = r.public_dict()
    d["content"] = tasks[r.key].content if r.key in tasks else ""
    d["name"] = names.get(r.unit, "")
    d["status_label"] = tr(r.status, STATUS_EN.get(r.status, r.status)) if r.status else ""
    return d


def unit_reports(master: Master, period: str, unit: str) -> dict[str, Any]:
    """What a unit reported in a period, every version (latest first per task)."""
    per = get_period(master, period)
    units = master.unit_map()
    if unit not in units:
        raise InputError(tr("Không có đơn vị", "No such unit") + f": {unit}")
    tasks, names = master.task_map(), {u.code: u.name for u in master.units}
    order = {t.key: t.order for t in master.tasks}
    reps = [r for r in master.reports if r.period == per.code and r.unit == unit]
    reps.sort(key=lambda r: (order.get(r.key, 1 << 30), -r.version))
    u = units[unit]
    return {
        "period": per.code,
        "period_label": per.label or per.code,
        "unit": u.public_dict(),
        "reports": _mark_latest([_report_row(r, tasks, names) for r in reps]),
        "files": sorted({(r.received_at, r.source_file, r.version) for r in reps}, reverse=True),
    }


def task_reports(master: Master, period: str, key: str) -> dict[str, Any]:
    """What every unit reported on a task in a period, every version."""
    per = get_period(master, period)
    tasks = master.task_map()
    if key not in tasks:
        raise InputError(tr("Không có nhiệm vụ", "No such task") + f": {key}")
    names = {u.code: u.name for u in master.units}
    reps = [r for r in master.reports if r.period == per.code and r.key == key]
    reps.sort(key=lambda r: (r.role != "lead", r.unit, -r.version))
    return {
        "period": per.code,
        "period_label": per.label or per.code,
        "task": tasks[key].public_dict(),
        "reports": _mark_latest([_report_row(r, tasks, names) for r in reps]),
    }


# --- receiving returns -----------------------------------------------------------------------


def unpack_message(raw: bytes, name: str, folder: Path) -> tuple[list[Path], dict[str, Any]]:
    """The spreadsheet attachments of a saved e-mail (``.eml``, or Outlook's ``.msg``) written
    into ``folder`` (safe names), each with the ``<file>.meta.json`` merge reads its received
    time from (the message's date). Returns (files, meta)."""
    from .mail import _is_spreadsheet, sha256_file

    attachments: list[tuple[str, bytes]] = []
    meta: dict[str, Any] = {"sender": "", "message_date": "", "subject": "", "message_id": ""}
    if name.lower().endswith(".msg"):
        import extract_msg

        try:
            om: Any = extract_msg.openMsg(io.BytesIO(raw))
        except Exception as exc:
            raise InputError(
                tr("Không đọc được thư Outlook (.msg)", "Cannot read the Outlook message (.msg)"),
                hint=tr("Lưu lại thư từ Outlook rồi thử lại", "Save it again from Outlook"),
                file=name,
            ) from exc
        try:
            meta["sender"] = str(om.sender or "")
            meta["subject"] = str(om.subject or "")
            date = om.date
            if isinstance(date, dt.datetime):
                meta["message_date"] = date.isoformat()
            for att in om.attachments:
                fname = getattr(att, "longFilename", None) or getattr(att, "shortFilename", "")
                data = getattr(att, "data", None)
                if isinstance(data, bytes) and fname:
                    attachments.append((fname, data))
        finally:
            om.close()
    else:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        meta["sender"] = str(msg.get("From", ""))
        meta["subject"] = str(msg.get("Subject", ""))
        meta["message_id"] = str(msg.get("Message-ID", ""))
        try:
            date = email.utils.parsedate_to_datetime(str(msg.get("Date", "")))
            meta["message_date"] = date.isoformat()
        except (TypeError, ValueError):
            pass
        for part in msg.walk():
            ext = _is_spreadsheet(part)
            if ext is None:
                continue
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                attachments.append((part.get_filename() or "attachment" + ext, payload))
    out = []
    for fname, data in attachments:
        target = _free(folder, safe_file_name(fname))
        target.write_bytes(data)
        m = dict(meta, sha256=sha256_file(target), message_file=name)
        Path(str(target) + ".meta.json").write_text(
            json.dumps(m, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        out.append(target)
    return out, meta


def _free(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``, ``name (3)`` ... when taken."""
    target = folder / name
    stem, ext = os.path.splitext(name)
    n = 2
    while target.exists():
        target = folder / f"{stem} ({n}){ext}"
        n += 1
    return target


def receive_files(
    master_path: str | os.PathLike,
    uploads: list[tuple[str, bytes]],
    period: str,
    *,
    now: dt.datetime,
    progress: Any = None,
) -> dict[str, Any]:
    """Files dropped on the app: saved into ``nhan-ve/<period>/`` (saved e-mails unpacked to
    their spreadsheet attachments), then merged with ``merge_files`` (the same isolated
    reader, checks and quarantine as ``sheettools merge``). The received time of a file is its
    message's date when it came in an e-mail, else ``now``.

    Returns merge's result plus ``messages``: per saved e-mail, what it held."""
    from .merge import merge_files

    inbox = folders(master_path).inbox / period
    inbox.mkdir(parents=True, exist_ok=True)
    stamp = now.isoformat(timespec="seconds")
    saved: list[Path] = []
    messages = []
    for name, data in uploads:
        safe = safe_file_name(name)
        if safe.lower().endswith(MESSAGE_EXTS):
            try:
                files, meta = unpack_message(data, safe, inbox)
            except InputError as exc:  # one broken message is one line, not the whole batch
                messages.append({"file": safe, "attachments": [], "error": exc.one_line()})
                continue
            messages.append(
                {
                    "file": safe,
                    "attachments": [f.name for f in files],
                    "sender": meta["sender"],
                    "date": meta["message_date"],
                    "error": "",
                }
            )
            saved += files
            continue
        target = _free(inbox, safe)
        target.write_bytes(data)
        meta = {"sender": "", "message_date": stamp, "sha256": "", "message_id": ""}
        Path(str(target) + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
        saved.append(target)
    if not saved:
        return {
            "period": period,
            "files": [],
            "totals": {"files": 0, "merged": 0, "unverified": 0, "rejected": 0, "unchanged": 0},
            "messages": messages,
        }
    res = merge_files(master_path, saved, period=period, now=now, progress=progress)
    res["messages"] = messages
    return res


def receive_from_mailbox(
    master_path: str | os.PathLike,
    period: str,
    *,
    config: Any,
    now: dt.datetime,
    progress: Any = None,
) -> dict[str, Any]:
    """The returns waiting in the office's mailbox: ``mail fetch`` into ``nhan-ve/<period>/``
    (received at each message's date), then merged as dropped files are. Returns merge's
    result plus ``fetched``: the messages read, files saved, duplicates and ignored files."""
    from .mail import fetch_returns
    from .merge import merge_files

    inbox = folders(master_path).inbox / period
    got = fetch_returns(master_path, period, inbox, config=config, now=now)
    fetched = {k: got.get(k) for k in ("messages", "saved", "duplicates", "ignored")}
    saved = [inbox / f["file"] for f in got.get("saved", [])]
    if not saved:
        return {
            "period": period,
            "files": [],
            "totals": {"files": 0, "merged": 0, "unverified": 0, "rejected": 0, "unchanged": 0},
            "messages": [],
            "fetched": fetched,
        }
    res = merge_files(master_path, saved, period=period, now=now, progress=progress)
    res["messages"], res["fetched"] = [], fetched
    return res


def mark_late(result: dict[str, Any], due_date: str | None) -> dict[str, Any]:
    """Each merged file of a ``receive_files`` result with ``days_late`` after the period's
    due date (the rule of the board: the day it was received, after the due day)."""
    from .periodstatus import received_date
    from .selection import iso_date

    due = iso_date(due_date)
    for f in result.get("files", []):
        day = received_date(f.get("received_at") or "")
        f["days_late"] = max(0, (day - due).days) if (day and due) else 0
    return result


# --- sending ---------------------------------------------------------------------------------


def outbox_files(master_path: str | os.PathLike, period: str) -> list[dict[str, str]]:
    """The split workbooks of a period (``gui-di/<period>/manifest.csv``), or []."""
    import csv

    out = folders(master_path).outbox / period
    manifest = out / "manifest.csv"
    if not manifest.exists():
        return []
    with open(manifest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [dict(r, exists=str((out / r["file"]).exists())) for r in rows]


def outbox_zip(master_path: str | os.PathLike, period: str) -> bytes:
    """Every workbook of the period's outbox in one zip (what the clerk downloads)."""
    out = folders(master_path).outbox / period
    rows = outbox_files(master_path, period)
    if not rows:
        raise InputError(
            tr("Chưa tách sổ cho kỳ này", "No workbooks split for this period yet"),
            hint=tr("Bấm 'Tách sổ' trước", "Press 'Split' first"),
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for r in rows:
            f = out / r["file"]
            if f.exists():
                zf.write(f, f.name)
        zf.write(out / "manifest.csv", "manifest.csv")
    return buf.getvalue()


# --- the plan --------------------------------------------------------------------------------


def plan_overview(master: Master) -> dict[str, Any]:
    """The plan as the clerk checks it: tasks per section, flags, deadlines that could not be
    computed, unit names not recognised (with the tasks that hold them), the units."""
    from .docinfo import letterhead
    from .units import FLAG_LEAD_NO_UNIT, FLAG_NOT_UNDERSTOOD, unresolved_fragments

    by_section: dict[str, dict[str, int]] = {}
    flag_counts: Counter[str] = Counter()
    for t in master.tasks:
        s = by_section.setdefault(t.section, {"groups": 0, "tasks": 0, "subitems": 0})
        s[{"group": "groups", "task": "tasks", "subitem": "subitems"}.get(t.kind, "tasks")] += 1
        for f in t.flags:
            flag_counts[f.split(":", 1)[0]] += 1
    unresolved = unresolved_fragments(master.tasks)
    nobody = _nobody(master, unresolved_fragments(master.tasks, FLAG_LEAD_NO_UNIT))
    return {
        "plan": {
            # the plan's own title (``plan import`` read it: plan_title), else its table's
            "title": master.settings.get("plan_title") or master.plan.title,
            "year": master.plan.year,
            "source": master.plan.source,
            "imported_at": master.plan.imported_at,
        },
        "sections": by_section,
        "flags": dict(sorted(flag_counts.items())),
        "no_deadline": [t.key for t in master.tasks if "no_deadline" in t.flags],
        "unresolved_units": [
            {"fragment": frag, "tasks": keys} for frag, keys in sorted(unresolved.items())
        ],
        # text in unit cells that names no body (a duty, a clause): never made a unit
        "units_not_understood": [
            {"text": text, "tasks": keys}
            for text, keys in sorted(
                unresolved_fragments(master.tasks, FLAG_NOT_UNDERSTOOD).items()
            )
        ],
        # lead names that reach no unit: a group with no units in it yet (filled on the page)
        "nobody": nobody,
        # tasks the clerk gives a lead one by one (set_lead): no lead in the plan, or only a
        # phrase that names no body (a group that cannot be filled in)
        "no_lead": _no_lead(master, nobody),
        "tasks": [t.public_dict() for t in master.tasks if t.kind != KIND_GROUP],
        "units": [u.public_dict() for u in master.units],
        "letterhead": letterhead(master),
        # units that report and have no address: the split's workbooks cannot be mailed
        "units_without_email": [u.code for u in master.units if u.reports and not u.email],
        "unit_levels": UNIT_LEVEL_NAMES,
    }


def _nobody(master: Master, flagged: dict[str, list[str]]) -> list[dict]:
    """The plan page's list of lead names that reach no unit: each with its tasks and the
    group it names (``group``: code, or "" for a name that is no group of the registry;
    ``vague``: a phrase that names nobody in particular, which cannot be filled in)."""
    from .units import Registry

    registry = Registry.from_master(master)
    out = []
    for fragment, keys in sorted(flagged.items()):
        g = registry.group_named(fragment)
        out.append(
            {
                "fragment": fragment,
                "tasks": keys,
                "group": g.code if g is not None else "",
                "group_name": g.name if g is not None else "",
                "vague": bool(g is not None and g.ignore),
            }
        )
    return out


def _no_lead(master: Master, nobody: list[dict]) -> list[dict[str, str]]:
    """Tasks with no lead unit in the plan (``no_lead_unit``) or whose lead is only a phrase
    no group can be filled for: key, content, the lead as the plan wrote it."""
    stuck = {k for row in nobody if row["vague"] or not row["group"] for k in row["tasks"]}
    return [
        {"key": t.key, "content": t.content, "lead_raw": t.lead_raw}
        for t in master.tasks
        if t.kind != KIND_GROUP and ("no_lead_unit" in t.flags or t.key in stuck)
    ]


def map_unit_name(
    master_path: str | os.PathLike, fragment: str, unit: str, *, now: dt.datetime
) -> dict[str, list[str]]:
    """Record ``fragment`` (a unit name the importer did not recognise) as an alias of unit
    ``unit`` in the master's registry, then resolve again the cells that had unresolved
    names (what ``sheettools units resolve`` does after the same edit made in Excel).
    Returns what is still unresolved."""
    from .store import editing
    from .textutil import nfc
    from .units import resolve_master_units

    fragment = nfc(fragment).strip()
    with editing(master_path, "units map", now) as edit:
        units = edit.master.unit_map()
        if unit not in units:
            raise InputError(tr("Không có đơn vị", "No such unit") + f": {unit}")
        if not fragment:
            raise InputError(tr("Tên trống", "Empty name"))
        if fragment not in units[unit].aliases:
            units[unit].aliases.append(fragment)
        edit.summary = f"{fragment} → {unit}"
        # in the same edit: one load, one save, one log line
        left = resolve_master_units(edit.master, only_unresolved=True)
    return left


NEW_UNIT = "+"  # the plan page's choice "a new unit" for a name not recognised


def _proposed_units(fragment: str) -> list[Any]:
    """The unit(s) ``units suggest`` would propose for one name (code, level), or an
    ``InputError`` for a phrase that names no body (``các cơ quan liên quan``)."""
    from .units import suggest_registry

    proposed, _groups = suggest_registry([fragment]) if fragment else ([], [])
    if not proposed:
        raise InputError(
            tr("Không phải tên một cơ quan, đơn vị", "Not the name of a body") + f": {fragment}",
            hint=tr("Chọn một đơn vị có sẵn rồi bấm Gán.", "Pick an existing unit and press Map."),
        )  # fmt: skip
    return list(proposed)


def _give_code(unit: Any, taken: set[str]) -> None:
    """Make ``unit.code`` unique among ``taken`` (``BXD``, ``BXD2``, …), and take it."""
    code, n = unit.code, 2
    while code in taken:
        code, n = f"{unit.code}{n}", n + 1
    unit.code = code
    taken.add(code)


def add_unit(master_path: str | os.PathLike, fragment: str, *, now: dt.datetime) -> dict[str, Any]:
    """Make ``fragment`` (a name the importer did not recognise, of a body the office's list
    lacks) a new unit of the registry, with the code and level ``units suggest`` would
    propose for it, then resolve again the cells that named it. A phrase that names no body
    (``các cơ quan liên quan``) is refused: map it to a unit instead. Returns what is still
    unresolved (``left``) and the units added (``added``: code, name, level)."""
    from .store import editing
    from .textutil import fold, nfc
    from .units import resolve_master_units, same_name

    fragment = " ".join(nfc(fragment).split())
    proposed = _proposed_units(fragment)
    with editing(master_path, "units add", now) as edit:
        units = edit.master.units
        taken = {u.code for u in units} | {g.code for g in edit.master.groups}
        for new in proposed:
            twin = next((u for u in units if same_name(u.name, new.name)), None)
            if twin is not None:
                raise InputError(
                    tr("Đã có đơn vị", "Already a unit") + f" {twin.code}: {twin.name}",
                    hint=tr("Chọn đơn vị đó rồi bấm Gán.", "Pick it and press Map."),
                )  # fmt: skip
            _give_code(new, taken)
            if len(proposed) == 1 and fold(fragment) != fold(new.name):
                new.aliases.append(fragment)
            units.append(new)
        edit.summary = ", ".join(f"{u.code} {u.name}" for u in proposed)
        left = resolve_master_units(edit.master, only_unresolved=True)
    added = [{"code": u.code, "name": u.name, "level": u.level} for u in proposed]
    return {"left": left, "added": added}


def _units_named(master: Master, registry: Any, wanted: list[str]) -> tuple[list[str], list[Any]]:
    """The units the names ``wanted`` stand for, for an edit of ``master``: a name of a unit
    the registry has (or its code) gives that unit (``joined``); another name becomes a new
    unit with the code and level ``units suggest`` would propose, appended to the master's
    units (``added``), unless a unit of the same name is there. Every name is checked before
    anything is appended: a phrase that names no body raises ``InputError``."""
    from .textutil import fold
    from .units import same_name

    plan: list[tuple[str, str | None, list[Any]]] = []  # name, existing unit code, new units
    for name in wanted:
        hit = registry.lookup(name)
        known = registry.unit(hit[0]) if hit and len(hit) == 1 else None
        if known is None and registry.unit(name.upper()) is not None:
            known = registry.unit(name.upper())  # the unit's code, typed
        if known is not None and registry.group_named(name) is None:
            plan.append((name, known.code, []))
        elif re.fullmatch(r"[A-ZĐ0-9+&-]{2,10}", name):
            # a code the list does not have (a typo: NVV for NV) is never made a new unit
            raise InputError(
                tr("Không có đơn vị mã", "No unit with the code") + f" {name}",
                hint=tr("Ghi tên đầy đủ của cơ quan, hoặc một mã có trong bảng Đơn vị.",
                        "Write the body's full name, or a code from the Units table."),
            )  # fmt: skip
        else:
            plan.append((name, None, _proposed_units(name)))
    units = master.units
    by_code = {u.code: u for u in units}
    taken = set(by_code) | {g.code for g in master.groups}
    joined: list[str] = []
    added: list[Any] = []
    for name, code, proposed in plan:
        members = [by_code[code]] if code is not None else []
        for new in proposed:
            twin = next((u for u in units if same_name(u.name, new.name)), None)
            if twin is None:
                _give_code(new, taken)
                if len(proposed) == 1 and fold(name) != fold(new.name):
                    new.aliases.append(name)
                units.append(new)
                by_code[new.code] = new
                added.append(new)
            members.append(twin or new)
        for u in members:
            if u not in added and u.code not in joined:
                joined.append(u.code)
    return joined, added


def fill_group(
    master_path: str | os.PathLike, group: str, names: str | list[str], *, now: dt.datetime
) -> dict[str, Any]:
    """Put units into group ``group`` (a code of the master's ``groups`` sheet), so that the
    tasks given to it (``Ủy ban nhân dân các xã, phường``) go to those units. ``names`` are
    the units' names, one a line (or a list): a name of a unit the registry has puts that unit
    in the group; another name becomes a new unit, with the code and level ``units suggest``
    would propose. Every name is checked before the master is touched: a phrase that names
    no body is refused. Then the cells that resolved to nobody are resolved again (what
    ``sheettools units resolve`` does after the same edit in Excel: the unit's ``groups``
    column). Returns ``joined`` (codes of units already there), ``added`` (code, name,
    level) and ``nobody`` (the lead names that still reach no unit, with their tasks)."""
    from .store import editing
    from .units import FLAG_LEAD_NO_UNIT, Registry, resolve_master_units, unresolved_fragments

    wanted = _name_lines(names)
    if not wanted:
        raise InputError(
            tr("Chưa có tên đơn vị nào", "No unit name given"),
            hint=tr("Ghi tên các đơn vị của nhóm, mỗi dòng một tên.",
                    "Write the group's units, one name a line."),
        )  # fmt: skip
    with editing(master_path, "units group", now) as edit:
        registry = Registry.from_master(edit.master)
        target = registry.group(group)
        if target is None:
            raise InputError(tr("Không có nhóm", "No such group") + f": {group}")
        if target.ignore:
            raise InputError(
                tr("Nhóm này là cụm từ chung chung, không chỉ đơn vị nào", "This group is a vague phrase that names no unit")
                + f": {target.name}",
                hint=tr("Giao đơn vị chủ trì cho từng nhiệm vụ đó ở trang Kế hoạch (hoặc: sheettools plan lead).",
                        "Give each of those tasks its lead unit on the Plan page (or: sheettools plan lead)."),
            )  # fmt: skip
        joined, added = _units_named(edit.master, registry, wanted)
        for u in edit.master.units:
            if u.code in joined or u in added:
                if group not in u.groups:
                    u.groups.append(group)
        edit.summary = f"{group}: " + ", ".join([*joined, *(f"{u.code} {u.name}" for u in added)])
        resolve_master_units(edit.master, only_unresolved=True)
        nobody = unresolved_fragments(edit.master.tasks, FLAG_LEAD_NO_UNIT)
    return {
        "joined": joined,
        "added": [{"code": u.code, "name": u.name, "level": u.level} for u in added],
        "nobody": [{"fragment": f, "tasks": keys} for f, keys in sorted(nobody.items())],
    }


def _name_lines(names: str | list[str]) -> list[str]:
    """Names typed one a line (or separated by ``;``), or a list: NFC, spaces tidied, list
    marks stripped, each once, in order."""
    from .textutil import nfc

    lines = re.split(r"[\n;]", names) if isinstance(names, str) else list(names)
    wanted = dict.fromkeys(" ".join(nfc(x).split()).strip(" ;,-+•") for x in lines)
    return [x for x in wanted if x]


def set_lead(
    master_path: str | os.PathLike, key: str, names: str | list[str], *, now: dt.datetime
) -> dict[str, Any]:
    """Give task ``key`` its lead unit(s): what the clerk does for a task the plan gave no
    lead (``no_lead_unit``) or only a phrase that names nobody (``Các cơ quan, đơn vị, địa
    phương``), or to correct a lead. ``names`` as for ``fill_group`` (one a line): a unit of
    the registry (name, alias or code), a group that has units, or a body's name, which
    becomes a new unit. Every name is checked before the master is touched. The task's
    ``lead_raw`` becomes the units' names (the plan's words are kept in the log) and its
    cells are resolved again, so ``units resolve`` later gives the same. Returns ``key``,
    ``lead`` (codes), ``was`` (the lead as it stood), ``added`` (new units)."""
    from .store import editing
    from .units import Registry, resolve_task_units

    wanted = _name_lines(names)
    if not wanted:
        raise InputError(
            tr("Chưa có tên đơn vị nào", "No unit name given"),
            hint=tr("Ghi tên đơn vị chủ trì, mỗi dòng một tên.", "Write the lead unit(s), one name a line."),
        )  # fmt: skip
    with editing(master_path, "plan lead", now) as edit:
        master = edit.master
        task = next((t for t in master.tasks if t.key == key), None)
        if task is None or task.kind == KIND_GROUP:
            raise InputError(
                tr("Không có nhiệm vụ", "No such task") + f": {key}",
                hint=tr("Xem mã nhiệm vụ ở trang Kế hoạch (cột Mã).", "See the task keys on the Plan page (column Key)."),
            )  # fmt: skip
        registry = Registry.from_master(master)
        groups: list[Any] = []
        units_wanted: list[str] = []
        for name in wanted:
            g = registry.group_named(name) or registry.group(name.upper())
            if g is None:
                units_wanted.append(name)
            elif g.ignore:
                raise InputError(
                    tr("Cụm từ chung chung, không chỉ đơn vị nào", "A vague phrase that names no unit") + f": {name}",
                    hint=tr("Ghi tên từng đơn vị, mỗi dòng một tên.", "Write each unit's name, one a line."),
                )  # fmt: skip
            elif not registry.group_codes(g.code):
                raise InputError(
                    tr("Nhóm chưa có đơn vị nào", "The group has no units yet") + f": {g.name}",
                    hint=tr("Thêm các đơn vị của nhóm ở trang Kế hoạch trước, hoặc ghi tên từng đơn vị.",
                            "Put its units in the group on the Plan page first, or write each unit's name."),
                )  # fmt: skip
            else:
                groups.append(g)
        joined, added = _units_named(master, registry, units_wanted)
        by_code = {u.code: u for u in master.units}
        chosen = [by_code[c].name for c in joined] + [u.name for u in added]
        was = task.lead_raw
        task.lead_raw = "; ".join(dict.fromkeys([*(g.name for g in groups), *chosen]))
        registry = Registry.from_master(master)
        resolve_task_units(task, registry)
        expected = [c for g in groups for c in registry.group_codes(g.code)]
        expected += [*joined, *(u.code for u in added)]
        expected = list(dict.fromkeys(expected))
        if set(task.lead_units) != set(expected):
            # a name the splitter reads otherwise: the clerk's choice stands
            task.lead_units = expected
        task.coordinating_units = [c for c in task.coordinating_units if c not in task.lead_units]
        task.flags = [f for f in task.flags if f != "no_lead_unit"]
        edit.summary = f"{key}: {was or '—'} → {task.lead_raw}"
        lead = list(task.lead_units)
    return {
        "key": key,
        "lead": lead,
        "lead_names": [by_code[c].name if c in by_code else c for c in lead],
        "was": was,
        "added": [{"code": u.code, "name": u.name, "level": u.level} for u in added],
    }


def set_office(
    master_path: str | os.PathLike, values: dict[str, str], *, now: dt.datetime
) -> dict[str, Any]:
    """Change the office's letterhead (``doc_*`` settings; ``docinfo.set_letterhead``) in the
    master at ``master_path``: what the web page's form and ``sheettools plan office`` do, the
    same as editing the ``settings`` sheet in Excel. Returns the keys changed and the
    letterhead after."""
    from .docinfo import letterhead, set_letterhead
    from .store import editing

    with editing(master_path, "plan office", now) as edit:
        changed = set_letterhead(edit.master, values)
        edit.save = bool(changed)
        edit.summary = ", ".join(changed)
        rows = letterhead(edit.master)
    return {"changed": changed, "letterhead": rows}


# --- the log ---------------------------------------------------------------------------------


# what each command that writes the master did, in words (the log keeps the command's name)
LOG_ACTIONS = {
    "merge": ("Nhận báo cáo (gộp)", "Returns merged"),
    "plan import": ("Nhập kế hoạch", "Plan imported"),
    "plan derive": ("Lập kế hoạch từ kế hoạch cấp trên", "Plan derived from the district's"),
    "plan assign": ("Giao nhiệm vụ", "Tasks assigned"),
    "plan lead": ("Giao đơn vị chủ trì cho nhiệm vụ", "Lead unit given to a task"),
    "plan office": ("Sửa tiêu đề văn bản", "Letterhead changed"),
    "units map": ("Gán tên đơn vị", "Unit name mapped"),
    "units email": ("Ghi địa chỉ thư của đơn vị", "Units' e-mail addresses written"),
    "units edit": ("Sửa danh sách đơn vị", "Units edited"),
    "units add": ("Thêm đơn vị mới", "Unit added"),
    "units group": ("Thêm đơn vị vào nhóm", "Units put in a group"),
    "units merge": ("Gộp hai đơn vị", "Units merged"),
    "units resolve": ("Nhận diện lại đơn vị", "Unit names resolved"),
    "mail send": ("Gửi thư", "Mail sent"),
    "mail remind": ("Nhắc đơn vị", "Reminder sent"),
}


def log_entries(master: Master) -> list[dict[str, str]]:
    """The master's log, newest first, with the send log's entries among them. ``action`` is
    what the command did, in words (its name when it has none)."""
    rows = [
        {"time": e.time, "command": e.command, "summary": e.summary, "details": e.details}
        for e in master.log
    ]
    for s in master.sendlog:
        rows.append(
            {
                "time": s.time,
                "command": f"mail {s.kind}",
                "summary": f"{s.period} {s.unit} → {s.address}: {s.result}",
                "details": s.file,
            }
        )
    for r in rows:
        label = LOG_ACTIONS.get(r["command"])
        r["action"] = tr(*label) if label else r["command"]
    rows.sort(key=lambda r: r["time"], reverse=True)
    return rows


def eml_preview(path: str | os.PathLike) -> dict[str, Any]:
    """What a written ``.eml`` (a dry run of ``mail send``/``mail remind``) says: the
    addresses, subject, text and attachment names, for the clerk to read before sending."""
    msg = email.message_from_bytes(Path(path).read_bytes(), policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain", "html"))
    return {
        "file": Path(path).name,
        "from": str(msg.get("From", "")),
        "to": str(msg.get("To", "")),
        "subject": str(msg.get("Subject", "")),
        "body": body.get_content() if body is not None else "",
        "attachments": [p.get_filename() or "" for p in msg.iter_attachments()],
    }


UNIT_FIELDS = ("name", "level", "email")  # what the plan page's units table edits
# the units' levels as the plan page names them (the master stores the codes)
UNIT_LEVEL_NAMES = [
    ("national", "trung ương", "national"),
    ("province", "tỉnh", "province"),
    ("district", "huyện", "district"),
    ("ward", "xã, phường", "ward"),
    ("external", "ngoài (không báo cáo)", "outside (does not report)"),
]


def set_units(
    master_path: str | os.PathLike, changes: dict[str, dict[str, str]], *, now: dt.datetime
) -> dict[str, Any]:
    """Edit the units' registry as the master's ``units`` sheet would: ``code`` → ``{"name":
    …, "level": …, "email": "a@x.vn; b@y.vn"}`` (any of them; addresses separated by ``;``,
    ``,`` or spaces, empty: none). A renamed unit keeps its old name as an alias, so the plan's
    cells and the returns that spell it so still find it. A wrong value (an address that is
    not one, an empty or another unit's name, an unknown level) refuses the whole change,
    naming the unit. Returns the codes changed."""
    from .store import editing

    with editing(master_path, "units edit", now) as edit:
        units = edit.master.unit_map()
        changed = []
        for code, fields in changes.items():
            if code not in units:
                raise InputError(tr("Không có đơn vị", "No such unit") + f": {code}")
            if _edit_unit(units[code], fields, units):
                changed.append(code)
        edit.save = bool(changed)
        edit.summary = ", ".join(changed)
    return {"changed": changed}


def _edit_unit(unit: Any, fields: dict[str, str], units: dict[str, Any]) -> bool:
    """One unit's new name, level and addresses (checked first, then set); True if changed."""
    from .mail import _valid_address
    from .store import UNIT_LEVELS
    from .textutil import fold, nfc

    code, before = unit.code, (unit.name, unit.level, list(unit.email))
    name = " ".join(nfc(fields.get("name", unit.name)).split())
    level = fields.get("level", unit.level).strip()
    found = [a for a in re.split(r"[;,\s]+", nfc(fields.get("email", "; ".join(unit.email)))) if a]
    if not name:
        raise InputError(tr("Tên đơn vị để trống", "The unit's name is empty") + f" ({code})",
                         hint=tr("Ghi tên đầy đủ của đơn vị.", "Type the unit's full name."))  # fmt: skip
    twin = next(
        (u.code for u in units.values() if u is not unit and fold(u.name) == fold(name)), None
    )
    if twin:
        raise InputError(
            tr("Hai đơn vị cùng một tên", "Two units with one name") + f" ({code}, {twin}): {name}",
            hint=tr("Mỗi đơn vị một tên; tên gọi khác ghi ở cột Tên gọi khác của sổ chính.",
                    "One name per unit; other spellings go in the master's aliases column."),
        )  # fmt: skip
    if level not in UNIT_LEVELS:
        raise InputError(
            tr("Cấp đơn vị không hợp lệ", "Unknown unit level") + f" ({code}): {level}"
        )
    bad = [a for a in found if not _valid_address(a)]
    if bad:
        raise InputError(
            tr("Địa chỉ thư không đúng", "Not an e-mail address") + f" ({code}): {bad[0]}",
            hint=tr("Ghi dạng ten@co-quan.gov.vn; nhiều địa chỉ cách nhau bằng ;",
                    "Write it as name@office.gov.vn; several separated by ;"),
        )  # fmt: skip
    if name != unit.name and fold(unit.name) not in {fold(a) for a in unit.aliases}:
        unit.aliases.append(unit.name)
    unit.name, unit.level, unit.email = name, level, list(dict.fromkeys(found))
    return (unit.name, unit.level, unit.email) != before


def merge_unit(
    master_path: str | os.PathLike, code: str, into: str, *, now: dt.datetime
) -> dict[str, Any]:
    """Merge unit ``code`` into unit ``into``: the fix for a unit made twice (two spellings
    of one body) or made from a wrong name. Its name, aliases and addresses become
    ``into``'s, every task and group that named it names ``into``, and it leaves the list. A
    unit that has already reported, been sent a workbook or had a return refused is not
    merged (its history would be lost): give it the level ``external`` instead. Returns the
    tasks changed."""
    from .store import editing

    with editing(master_path, "units merge", now) as edit:
        master = edit.master
        units = master.unit_map()
        for c in (code, into):
            if c not in units:
                raise InputError(tr("Không có đơn vị", "No such unit") + f": {c}")
        if code == into:
            raise InputError(
                tr("Chọn hai đơn vị khác nhau", "Pick two different units") + f": {code}"
            )
        if _unit_history(master, code):
            raise InputError(
                tr("Đơn vị đã có báo cáo hoặc thư gửi, không gộp được", "The unit has reports or mail, it cannot be merged") + f": {code}",
                hint=tr("Đặt cấp “ngoài” để đơn vị không phải báo cáo nữa.",
                        "Give it the level “outside” so that it no longer reports."),
            )  # fmt: skip
        gone, kept = units[code], units[into]
        _absorb_unit(kept, gone)
        changed = _recode_tasks(master, code, into)
        for g in master.groups:
            g.members = _recoded(g.members, code, into)
        for link in master.cascade:  # a ward's bodies proposed for the district's tasks
            link.lead, link.coord = (
                _recoded(link.lead, code, into),
                _recoded(link.coord, code, into),
            )
        master.units = [u for u in master.units if u.code != code]
        edit.summary = f"{code} → {into}"
    return {"merged": code, "into": into, "tasks": changed}


def _unit_history(master: Master, code: str) -> bool:
    """Whether ``code`` has reported, been mailed or had a return refused."""
    return (
        any(r.unit == code for r in master.reports)
        or any(s.unit == code for s in master.sendlog)
        or any(r.unit == code for r in master.rejected)
    )


def _absorb_unit(kept: Any, gone: Any) -> None:
    """``gone``'s name, aliases, addresses and groups added to ``kept``'s (no twice)."""
    from .textutil import fold

    seen = {fold(kept.name), *(fold(a) for a in kept.aliases)}
    for name in (gone.name, *gone.aliases):
        if fold(name) not in seen:
            kept.aliases.append(name)
            seen.add(fold(name))
    kept.email = list(dict.fromkeys([*kept.email, *gone.email]))
    kept.groups = list(dict.fromkeys([*kept.groups, *gone.groups]))
    if not kept.contact:
        kept.contact = gone.contact


def _recoded(codes: list[str], code: str, into: str) -> list[str]:
    """``codes`` with ``code`` replaced by ``into``, each once, in order."""
    return list(dict.fromkeys(into if c == code else c for c in codes))


def _recode_tasks(master: Master, code: str, into: str) -> list[str]:
    """Every task's ``code`` replaced by ``into``; a unit that leads is not also listed as
    coordinating. Returns the keys of the tasks changed."""
    changed = []
    for t in master.tasks:
        if code not in t.lead_units and code not in t.coordinating_units:
            continue
        lead = _recoded(t.lead_units, code, into)
        coord = [c for c in _recoded(t.coordinating_units, code, into) if c not in lead]
        t.lead_units, t.coordinating_units = lead, coord
        changed.append(t.key)
    return changed


NEW_MASTER_NAME = "so-chinh.xlsx"  # the master the desk makes in a folder that has none


def create_master(
    plan: str | os.PathLike,
    master_path: str | os.PathLike,
    *,
    units: str | os.PathLike | None = None,
    year: int | None = None,
    office: dict[str, str] | None = None,
    now: dt.datetime,
) -> dict[str, Any]:
    """A new office's first master, from its plan: what the desk's first page does (``plan
    import``, with ``units suggest`` first when the office has no unit list yet). The
    suggested list is written beside the master (``<master>-don-vi-de-xuat.xlsx``) and used
    as the registry: the office reviews it on the plan page and in the master's ``units``
    sheet (e-mail addresses). ``office``: the letterhead items typed (empty ones left out).
    Returns the import report, with ``units_suggested`` (the list's file name, or "")."""
    from .planimport import import_plan, suggest_units

    master, plan = Path(master_path), Path(plan)
    suggested = ""
    if units is None:
        draft = master.with_name(f"{master.stem}-don-vi-de-xuat.xlsx")
        suggest_units(plan, draft, force=True, year=year)
        units, suggested = draft, draft.name
    letterhead = {k: v.strip() for k, v in (office or {}).items() if v and v.strip()}
    report = import_plan(plan, master, units=Path(units), year=year, now=now,
                         office=letterhead or None)  # fmt: skip
    report["units_suggested"] = suggested
    report["master"] = master.name
    return report


def master_or_new(
    folder: str | os.PathLike, named: str | os.PathLike | None = None
) -> tuple[Path, bool]:
    """The master to open: ``named`` when it exists, else the one in ``folder``
    (``find_master``); or the path of a master the desk will make (``True``): ``named`` in a
    folder that holds no master (a mistyped name beside the real master is refused, naming
    it), or ``so-chinh.xlsx`` in ``folder`` when it has none and ``sheettools.toml`` names
    none."""
    if named is not None:
        p = Path(named)
        if p.exists():
            return p, False
        there = [x.name for x in sorted(p.parent.glob("*.xlsx")) if _looks_like_master(x)]
        if there:
            raise InputError(
                tr("Không thấy sổ chính", "Master workbook not found") + f": {p.name}",
                hint=tr(f"Thư mục này có sổ chính {', '.join(there)}: mở đúng sổ đó; sổ mới "
                        "thì để trong thư mục riêng",
                        f"This folder has the master {', '.join(there)}: open that one; a new "
                        "master goes in a folder of its own"),
                file=str(p),
            )  # fmt: skip
        return p, True
    try:
        return find_master(folder), False
    except InputError:
        if any(_looks_like_master(p) for p in Path(folder).glob("*.xlsx")):
            raise  # (several: which one is the office's choice)
        return Path(folder) / NEW_MASTER_NAME, True


def find_master(folder: str | os.PathLike) -> Path:
    """The master to open when none is named: the ``master`` key of ``sheettools.toml``,
    else the one master workbook in ``folder`` (a workbook with the master's sheets)."""
    from .mail_config import load_config

    cfg = load_config(None, None)
    if cfg.master:
        return Path(cfg.master)
    found = [p for p in sorted(Path(folder).glob("*.xlsx")) if _looks_like_master(p)]
    if len(found) == 1:
        return found[0]
    raise InputError(
        tr("Chưa biết mở sổ chính nào", "Which master workbook?")
        + (f" ({', '.join(p.name for p in found)})" if found else ""),
        hint=tr(
            "Ghi tên sổ chính sau lệnh: sheettools app so-chinh.xlsx",
            "Name it after the command: sheettools app master.xlsx",
        ),
    )


def _looks_like_master(path: Path) -> bool:
    """A workbook whose sheets include the master's plan, units and reports sheets."""
    if path.name.startswith(("~$", ".")) or ".prev." in path.name:
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            wb = zf.read("xl/workbook.xml")[:65536].decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
    return all(f'name="{n}"' in wb for n in ("plan", "units", "reports"))
