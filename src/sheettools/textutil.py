"""Text helpers shared by every module: NFC, whitespace, accent folding, keys for comparison."""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
# Old-style ("hoà", "Uỷ") vs new-style ("hòa", "Ủy") tone placement: map to one form.
_TONE_FIX = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_TONE_RE = re.compile("|".join(sorted(_TONE_FIX, key=len, reverse=True)), re.IGNORECASE)


def nfc(text: object) -> str:
    """Text as NFC with runs of whitespace (incl. non-breaking spaces) collapsed and trimmed."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    return _WS.sub(" ", s).strip()


def nfc_keep_lines(text: object) -> str:
    """NFC, trimmed, spaces collapsed within lines but line breaks kept (for long free text)."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_WS.sub(" ", line).strip() for line in s.split("\n")]
    return "\n".join(lines).strip()


def unify_tones(text: str) -> str:
    """``Uỷ`` → ``Ủy``, ``hoà`` → ``hòa``: one spelling of the tone placement."""

    def fix(m: re.Match) -> str:
        src = m.group(0)
        out = _TONE_FIX[src.lower()]
        return out[0].upper() + out[1:] if src[0].isupper() else out

    return _TONE_RE.sub(fix, unicodedata.normalize("NFC", text))


class _Bare(dict):
    """``str.translate`` table: a character → its canonical decomposition without the
    combining marks (``ệ`` → ``e``, a lone combining mark → nothing), worked out the first
    time the character is met."""

    def __missing__(self, code: int) -> str:
        bare = "".join(
            ch for ch in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(ch) != "Mn"
        )
        self[code] = bare
        return bare


_BARE = _Bare()
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Accent-, case- and punctuation-insensitive form: ``Đơn vị chủ trì`` → ``don vi chu tri``
    (``Uỷ`` and ``Ủy``, ``hoà`` and ``hòa`` fold alike). The marks are dropped character by
    character, which is what decomposing the whole text and dropping them does: the plan
    importer folds every line of a document, often several times."""
    if text is None:
        return ""
    s = str(text).lower().replace("đ", "d").translate(_BARE)
    return _NOT_ALNUM.sub(" ", s).strip()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A cell for a CSV/text export that a spreadsheet program will not run as a formula: text
    starting with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP, "CSV
    Injection"). Numbers and other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
