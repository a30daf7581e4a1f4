"""Normalising the values a unit typed into its workbook.

Pure functions; each returns ``(value, flags)`` where ``flags`` are the stable report flag
codes of docs/ARCHITECTURE.md (``status_unknown: <text>``, ``progress_invalid: <text>``,
``date_invalid: <text>``, ``date_ambiguous: <text>``, ``legacy_encoding``). Nothing is ever
guessed: a value that cannot be read with certainty becomes ``None`` plus a flag.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from .model import STATUS_EN, STATUSES
from .textutil import fold, nfc, nfc_keep_lines

EXCEL_EPOCH = dt.date(1899, 12, 30)

# Excel's limit is 32,767 characters (UTF-16 units) per cell; text longer than this is kept
# whole in a side file beside the master and the cell holds the beginning and where the rest is
CELL_TEXT_LIMIT = 32_000
TOO_LONG = "text_too_long"  # (a worker's note to merge; never stored as a flag)

# --- clearing a field on purpose -----------------------------------------------------------

# A unit clears an earlier answer only on purpose: it types the marker ``(xóa)`` into the cell
# (the unit workbook's instructions say so). An empty cell never clears anything: merge keeps
# the unit's earlier value of that field. The normalisers hand the marker on as ``CLEAR``.
CLEAR = "\x00clear"
_CLEAR_WORDS = frozenset({"xoa", "xoa bo", "xoa trong", "clear", "delete"})


def is_clear_marker(v: Any) -> bool:
    """``(xóa)``, ``[xoá]``, ``(XÓA)``, ``(clear)``: the documented marker, in brackets."""
    if not isinstance(v, str):
        return False
    s = v.strip()
    if len(s) > 16 or len(s) < 3 or s[0] not in "([" or s[-1] not in ")]":
        return False
    return fold(s) in _CLEAR_WORDS


# Serial numbers Excel can hold for plausible report dates (1 Jan 1990 .. 31 Dec 2099).
_SERIAL_MIN = (dt.date(1990, 1, 1) - EXCEL_EPOCH).days
_SERIAL_MAX = (dt.date(2099, 12, 31) - EXCEL_EPOCH).days

# --- status --------------------------------------------------------------------------------

_S_NOT_STARTED, _S_DOING, _S_DONE, _S_EARLY, _S_LATE, _S_DROPPED = STATUSES
_STATUS_WORDS: dict[str, str] = {}
for _label, _words in {
    _S_NOT_STARTED: [
        "chua trien khai", "chua thuc hien", "chua lam", "chua bat dau", "chua", "ctk",
        "not started", "not yet started",
    ],
    _S_DOING: [
        "dang thuc hien", "dang trien khai", "dang lam", "dang tien hanh", "dang", "dth",
        "in progress", "ongoing", "doing", "thuc hien", "dang thuc hien thuong xuyen",
        "thuong xuyen",
    ],
    _S_DONE: [
        "hoan thanh", "ht", "xong", "hoan tat", "hoan thanh dung han", "dung han",
        "hoan thanh dung tien do", "done", "completed", "complete", "finished",
    ],
    _S_EARLY: [
        "hoan thanh truoc han", "ht truoc han", "xong truoc han", "truoc han",
        "hoan thanh som", "htth", "done early", "completed early", "ahead of schedule",
    ],
    _S_LATE: [
        "cham tien do", "cham", "tre han", "cham tre", "qua han", "ctd", "cham so voi ke hoach",
        "behind schedule", "late", "delayed", "overdue", "hoan thanh cham", "ht cham",
    ],
    _S_DROPPED: [
        "khong thuc hien", "khong trien khai", "khong", "ktt", "khong lam", "dung thuc hien",
        "huy", "dropped", "cancelled", "canceled", "not done",
    ],
}.items():  # fmt: skip
    for _w in _words:
        _STATUS_WORDS[_w] = _label
for _label in STATUSES:
    _STATUS_WORDS[fold(_label)] = _label
    _STATUS_WORDS[fold(STATUS_EN[_label])] = _label
_STATUS_PREFIXES = ("da ", "van ", "hien ", "status ")


def normalize_status(v: Any) -> tuple[str | None, list[str]]:
    """One of ``model.STATUSES`` (spelled exactly so) or ``None`` with ``status_unknown``."""
    if v is None or (isinstance(v, str) and not nfc(v)):
        return None, []
    text = nfc(v)
    flags: list[str] = []
    if is_legacy_encoded(text):
        flags.append("legacy_encoding")
    f = fold(text)
    cand = [f]
    for p in _STATUS_PREFIXES:  # "Đã hoàn thành", "Vẫn đang thực hiện"
        if f.startswith(p):
            cand.append(f[len(p) :])
    cand += [re.sub(r"\s*\d+\s*$", "", c) for c in cand]  # "Hoàn thành 100"
    for c in cand:
        if c in _STATUS_WORDS:
            return _STATUS_WORDS[c], flags
    return None, flags + [f"status_unknown: {text}"]


# --- progress ------------------------------------------------------------------------------

_PCT_RE = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*%?")


def normalize_progress(v: Any, percent: bool = False) -> tuple[int | None, list[str]]:
    """Progress as a whole percentage 0..100, read by what the cell means.

    ``percent``: the cell is formatted as a percentage (Excel stores a typed ``50%`` as 0.5),
    so its number is a fraction: 0.5 is 50, 1 is 100, 1.1 (``110%``) is out of range. Without
    it a number is the percentage itself, as the column asks (a whole number 0..100): ``1`` is
    1 %. Text: ``"50%"``, ``"50 %"``, ``"12,5%"``, ``"50"``. A value outside 0..100 is
    ``progress_invalid``; one that could mean two things (``0.5``, ``"0,75"``, ``1.5``: a
    fraction or a percentage?) is ``progress_ambiguous``. Nothing is rescaled or guessed: such
    a value is ``None`` with its flag.
    """
    if v is None or isinstance(v, str) and not nfc(v):
        return None, []
    if isinstance(v, bool):
        return None, [f"progress_invalid: {v}"]
    if isinstance(v, (int, float)):
        x = float(v)
        if math.isnan(x) or math.isinf(x):
            return None, [f"progress_invalid: {v}"]
        if percent:
            return _percent(round(x * 100, 6), f"{round(x * 100, 6):g}%")
        shown = _show(v)
    else:
        text = nfc(v)
        m = _PCT_RE.fullmatch(text)
        if not m:
            return None, [f"progress_invalid: {text}"]
        x = float(m.group(1).replace(",", "."))
        if "%" in text:
            return _percent(x, text)
        shown = text
    if not 0 <= x <= 100:
        return None, [f"progress_invalid: {shown}"]
    if not x.is_integer():
        return None, [f"progress_ambiguous: {shown}"]
    return int(x), []


def _percent(p: float, shown: str) -> tuple[int | None, list[str]]:
    """A percentage as written or formatted (``12,5%``): rounded half up to a whole one."""
    if not 0 <= p <= 100:
        return None, [f"progress_invalid: {shown}"]
    return int(math.floor(p + 0.5)), []


def normalize_progress_percent(v: Any) -> tuple[int | None, list[str]]:
    """``normalize_progress`` of a cell formatted as a percentage."""
    return normalize_progress(v, percent=True)


# cached error values as some readers give them (an ods formula error; a pasted error text)
ERROR_TEXTS = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#ERROR"}
)  # fmt: skip
_ERR_RE = re.compile(r"(?:Err:\d{3}|#[A-Z/0!?_]+[!?A]?)")


def error_value(v: Any) -> str | None:
    """The error a cell shows (``#DIV/0!``, ``#REF!``, LibreOffice's ``Err:502``), or None."""
    if v.__class__ is not str:
        return None
    s = v.strip()
    if not s or s[0] not in "#E":
        return None
    if s in ERROR_TEXTS or (s.startswith("Err:") and _ERR_RE.fullmatch(s)):
        return s
    return None


def _show(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return nfc(v)


# --- dates ---------------------------------------------------------------------------------

_DMY_RE = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WORDS_RE = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def normalize_date(v: Any) -> tuple[str | None, list[str]]:
    """A date as ISO ``YYYY-MM-DD``, day first as in Vietnam.

    Accepts real dates/datetimes, Excel serial numbers, ``15/6/2023``, ``15-06-2023``,
    ``15.6.2023``, ``2023-06-15`` and ``ngày 15 tháng 6 năm 2023``. An impossible date
    (``31/06/2023``) gives ``date_invalid``; one that only reads month first (``6/23/2023``)
    gives ``date_ambiguous``. Nothing is guessed.
    """
    if v is None or isinstance(v, str) and not nfc(v):
        return None, []
    if isinstance(v, dt.datetime):
        return v.date().isoformat(), []
    if isinstance(v, dt.date):
        return v.isoformat(), []
    if isinstance(v, bool):
        return None, [f"date_invalid: {v}"]
    if isinstance(v, (int, float)):
        if math.isfinite(v) and _SERIAL_MIN <= v <= _SERIAL_MAX:
            return (EXCEL_EPOCH + dt.timedelta(days=int(v))).isoformat(), []
        return None, [f"date_invalid: {_show(v)}"]
    text = nfc(v)
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):  # a serial number stored as text
        return normalize_date(float(text))
    m = _ISO_RE.fullmatch(text)
    if m:
        d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d.isoformat(), []) if d else (None, [f"date_invalid: {text}"])
    m = _DMY_RE.fullmatch(text)
    w = None if m else _WORDS_RE.fullmatch(fold(text))
    if m or w:
        a, b, y = (m.group(1), m.group(3), m.group(4)) if m else w.groups()  # type: ignore[union-attr]
        day, month, year = int(a), int(b), int(y) + (2000 if len(y) == 2 else 0)
        d = _mk(year, month, day)
        if d:
            return d.isoformat(), []
        if month > 12 and _mk(year, day, month):  # 6/23/2023: only readable month first
            return None, [f"date_ambiguous: {text}"]
        return None, [f"date_invalid: {text}"]
    return None, [f"date_invalid: {text}"]


# --- text ----------------------------------------------------------------------------------

# Characters that Vietnamese text in Unicode never uses but TCVN3 (ABC, .VnTime fonts) and VNI
# text shown as Unicode is full of: "Hoµn thµnh", "Kh«ng", "®¬n vÞ" (TCVN3); "Hoaøn thaønh",
# "Ñoàng", "Vieät" (VNI).
_LEGACY_SYMBOLS = set("¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿")
_LEGACY_LETTERS = set("ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ")
_QUOTE_LIKE = set("«»°©®±§")


_LEGACY_ANY = re.compile("[" + re.escape("".join(sorted(_LEGACY_SYMBOLS | _LEGACY_LETTERS))) + "]")


def is_legacy_encoded(text: str) -> bool:
    """Text typed in a legacy 8-bit Vietnamese encoding (TCVN3/ABC or VNI) read as Unicode."""
    if not _LEGACY_ANY.search(text):
        return False
    s = nfc_keep_lines(text)
    n = len(s)
    for i, ch in enumerate(s):
        if ch not in _LEGACY_SYMBOLS and ch not in _LEGACY_LETTERS:
            continue
        before = i > 0 and s[i - 1].isalpha()
        after = i + 1 < n and s[i + 1].isalpha()
        if before and after:
            return True
        if (before or after) and ch not in _QUOTE_LIKE:
            return True
    return False


def normalize_text(v: Any) -> tuple[str, list[str]]:
    """Free text in NFC (line breaks kept); ``legacy_encoding`` when it looks like TCVN3/VNI."""
    if v is None:
        return "", []
    if isinstance(v, bool):
        return str(v), []
    if isinstance(v, float) and v.is_integer():
        return str(int(v)), []
    if isinstance(v, dt.datetime):
        return (v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()), []
    if isinstance(v, dt.date):
        return v.isoformat(), []
    s = nfc_keep_lines(v)
    flags = ["legacy_encoding"] if s and is_legacy_encoded(s) else []
    if len(s) > CELL_TEXT_LIMIT:  # more than an Excel cell holds: merge keeps it in a side file
        flags.append(TOO_LONG)
    return s, flags
