"""File names that come from outside (attachments, uploads, unit codes) made safe on every
platform the office uses, Windows included (``pathvalidate``): no folders, no reserved or
control characters, no reserved device names (``CON.xlsx`` -> ``CON_.xlsx``), no trailing
dots or spaces (``report.xlsx.`` -> ``report.xlsx``), not hidden, not empty, NFC, at most
200 bytes."""

from __future__ import annotations

import os
import unicodedata

from pathvalidate import sanitize_filename

from .textutil import nfc

MAX_NAME_BYTES = 200

__all__ = ["safe_file_name", "MAX_NAME_BYTES"]


def safe_file_name(name: str, default_ext: str = ".xlsx") -> str:
    """``name`` (perhaps with folders, from a message or a browser) as a safe file name."""
    name = nfc(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(c).startswith("C") else c for c in name)
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:  # (cut first: pathvalidate would cut the
        stem, ext = os.path.splitext(name)  # extension off at 255 bytes)
        keep = MAX_NAME_BYTES - len(ext.encode("utf-8"))
        name = stem.encode("utf-8")[:keep].decode("utf-8", "ignore") + ext
    name = sanitize_filename(name, platform="windows", replacement_text="_")
    name = name.strip().lstrip(".").strip()
    if not os.path.splitext(name)[0].strip(". _"):
        name = "attachment" + (os.path.splitext(name)[1] or default_ext)
    return sanitize_filename(name, platform="windows", replacement_text="_") or "attachment"
