"""File names that come from outside (attachments, uploads, unit codes) made safe on every
platform the office uses, Windows included (``pathvalidate``): no folders, no reserved or
control characters, no reserved device names (``CON.xlsx`` -> ``CON_.xlsx``), no trailing
dots or spaces (``report.xlsx.`` -> ``report.xlsx``), not hidden, not empty, NFC, at most
200 bytes."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from .errors import FileError
from .i18n import tr
from .textutil import nfc

MAX_NAME_BYTES = 200

__all__ = ["safe_file_name", "make_folder", "replaceable_output", "MAX_NAME_BYTES"]


def make_folder(folder: str | os.PathLike, hint: str | None = None) -> Path:
    """``folder`` made (with its parents) if need be, else a ``FileError`` naming it and why."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileError(
            tr("Không tạo được thư mục", "Cannot create the folder") + f" ({exc.strerror})",
            hint=hint or tr("Kiểm tra đường dẫn và quyền ghi", "Check the path and permissions"),
            location=str(path),
        ) from None
    return path


def replaceable_output(path: str | os.PathLike) -> Path:
    """``path`` as an output written beside and renamed into place: refused (``FileError``)
    when something other than a file is there (a device such as ``/dev/full``, a pipe): the
    rename would replace it with the workbook and say "written"."""
    out = Path(path)
    if os.path.lexists(out) and not out.is_file():
        raise FileError(
            tr("Đường dẫn kết quả không phải là tệp", "The output path is not a file"),
            hint=tr("Chọn một tên tệp cho --output", "Choose a file name for --output"),
            location=str(out),
        )
    return out


def safe_file_name(name: str, default_ext: str = ".xlsx") -> str:
    """``name`` (perhaps with folders, from a message or a browser) as a safe file name."""
    from pathvalidate import sanitize_filename  # (imported when a name is made: CLI start-up)

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
