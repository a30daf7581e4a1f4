"""Saved e-mails given to merge: ``.eml`` (RFC 5322) and Outlook ``.msg``.

A clerk who saves the units' messages by hand (not through ``mail fetch``) gives merge the
messages themselves; their spreadsheet attachments are the returns and the message's own time
(its ``Date``, for ``.msg`` the time Outlook recorded) is when each was received.
``extract_attachments`` writes the attachments into a folder and says, for each, where it came
from and when. Outlook messages are read with extract-msg (imported only when one is given).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .textutil import nfc

MESSAGE_SUFFIXES = (".eml", ".msg")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass
class Attachment:
    path: Path  # where it was written
    name: str  # its name in the message
    message: Path  # the message file it came from
    received_at: str  # ISO time of the message, "" when the message has none


@dataclass
class Unusable:
    message: Path
    reason_code: str  # no_attachment | unreadable_message
    detail: str = ""


def is_message(path: Path) -> bool:
    return path.suffix.lower() in MESSAGE_SUFFIXES


def _safe_name(name: str) -> str:
    name = nfc(os.path.basename(name.replace("\\", "/"))) or "attachment"
    name = re.sub(r'[\x00-\x1f<>:"/\\|?*]+', "_", name).strip(" .") or "attachment"
    return name[:150]


def _iso(t: dt.datetime | None, tz: dt.tzinfo | None) -> str:
    if t is None:
        return ""
    if t.tzinfo is None and tz is not None:
        t = t.replace(tzinfo=dt.UTC).astimezone(tz)
    return t.isoformat(timespec="seconds")


def _read_eml(path: Path) -> tuple[dt.datetime | None, list[tuple[str, bytes]]]:
    import email  # (here: merge imports this module, and most merges have no e-mail)
    import email.policy
    import email.utils

    with open(path, "rb") as fh:
        msg = email.message_from_binary_file(fh, policy=email.policy.default)
    when = None
    date = msg.get("Date")
    if date:
        try:
            when = email.utils.parsedate_to_datetime(str(date))
        except (TypeError, ValueError, IndexError):
            when = None
    out: list[tuple[str, bytes]] = []
    for part in msg.walk():
        name = part.get_filename()
        if not name or part.is_multipart():
            continue
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and data:  # (a decoded leaf part is bytes)
            out.append((str(name), data))
    return when, out


def _read_msg(path: Path) -> tuple[dt.datetime | None, list[tuple[str, bytes]]]:
    import email.utils

    import extract_msg

    msg = extract_msg.openMsg(str(path))
    try:
        when = getattr(msg, "date", None) or getattr(msg, "receivedTime", None)
        if isinstance(when, str):
            try:
                when = email.utils.parsedate_to_datetime(when)
            except (TypeError, ValueError, IndexError):
                when = None
        out = []
        for att in getattr(msg, "attachments", []) or []:
            name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None)
            data = getattr(att, "data", None)
            if name and isinstance(data, bytes | bytearray) and data:
                out.append((str(name), bytes(data)))
        return when if isinstance(when, dt.datetime) else None, out
    finally:
        close = getattr(msg, "close", None)
        if close:
            close()


def extract_attachments(
    messages: list[Path], folder: Path, tz: dt.tzinfo | None = None
) -> tuple[list[Attachment], list[Unusable]]:
    """Write the spreadsheet attachments of ``messages`` into ``folder`` (one sub-folder per
    message: two messages may carry files of the same name)."""
    found: list[Attachment] = []
    bad: list[Unusable] = []
    for i, m in enumerate(messages):
        try:
            when, parts = _read_msg(m) if m.suffix.lower() == ".msg" else _read_eml(m)
        except Exception as exc:  # a damaged message: reported, never a crash
            bad.append(Unusable(m, "unreadable_message", f"{type(exc).__name__}: {exc}"[:200]))
            continue
        sheets = [(n, d) for n, d in parts if Path(n).suffix.lower() in SHEET_SUFFIXES]
        if not sheets:
            bad.append(Unusable(m, "no_attachment", ", ".join(n for n, _ in parts)[:200]))
            continue
        sub = folder / f"{i:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for name, data in sheets:
            safe = _safe_name(name)
            while safe.lower() in used:
                safe = "_" + safe
            used.add(safe.lower())
            target = sub / safe
            target.write_bytes(data)
            found.append(Attachment(target, name, m, _iso(when, tz)))
    return found, bad
