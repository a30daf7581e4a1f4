"""People-facing language: Vietnamese by default, English with ``--lang en`` or
``SHEETTOOLS_LANG=en``.

Messages are written bilingually at the call site, ``tr("Tiếng Việt", "English")``, so a module
carries its own texts and nothing needs a shared catalogue. Format placeholders after choosing:
``tr("Đã ghi {n} tệp", "Wrote {n} files").format(n=3)``.
"""

from __future__ import annotations

import contextvars
import os

LANGS = ("vi", "en")
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "sheettools_lang", default=None
)


def get_lang() -> str:
    lang = _current.get() or os.environ.get("SHEETTOOLS_LANG", "vi")
    lang = (lang or "vi").lower()[:2]
    return lang if lang in LANGS else "vi"


def set_lang(lang: str | None) -> None:
    if lang is not None and lang.lower()[:2] not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    _current.set(lang.lower()[:2] if lang else None)


def tr(vi: str, en: str, lang: str | None = None) -> str:
    """Return the text in the current (or given) language."""
    return en if (lang or get_lang()) == "en" else vi
