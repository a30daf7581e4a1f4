"""Workbook reading and writing helpers used by every module.

Writing: ``new_workbook`` is the one way sheettools creates an xlsx. It turns off every
automatic conversion (a unit's text that starts with ``=`` stays text, a URL stays text, a
number-looking string stays a string) and pins the volatile document properties, so outputs
are safe and byte-for-byte reproducible for the same content.

Reading: ``read_sheets`` uses python-calamine (fast, reads xlsx/xlsm/xls/ods). It must only be
called on trusted files (our own master); untrusted returns go through ``sheettools.safety``
in a worker process.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FileError, InputError
from .i18n import tr
from .textutil import nfc

if TYPE_CHECKING:
    import xlsxwriter

FIXED_CREATED = dt.datetime(2000, 1, 1, 0, 0, 0)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def temp_beside(target: str | os.PathLike) -> str:
    """A new empty temporary file in ``target``'s folder (to be renamed onto it), created with
    the mode a plain ``open`` would give it (0666 less the umask), not ``mkstemp``'s 0600."""
    p = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
    finally:
        os.close(fd)
    return tmp


def _umask() -> int:
    mask = os.umask(0o022)  # (the only portable way to read it is to set it)
    os.umask(mask)
    return mask


def new_workbook(
    target: str | os.PathLike | Any,
    *,
    constant_memory: bool = False,
    in_memory: bool = False,
    default_font: tuple[str, float] | None = None,
    **props,
) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook with safe, deterministic settings.

    ``in_memory`` assembles the file without temporary files (fastest for many small
    workbooks; it overrides ``constant_memory``). ``default_font`` (name, size) is the font of
    the workbook's Normal style (empty cells; LibreOffice sizes columns by it)."""
    options = {
        "in_memory": in_memory,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
        "constant_memory": constant_memory,
        "default_date_format": "dd/mm/yyyy",
    }
    if default_font:
        options["default_format_properties"] = {
            "font_name": default_font[0],
            "font_size": default_font[1],
        }
    import xlsxwriter  # (imported here: reading a master or merging never needs it)

    wb = xlsxwriter.Workbook(str(target) if isinstance(target, os.PathLike) else target, options)
    properties = {"created": FIXED_CREATED, "author": "sheettools", "comments": ""}
    properties.update(props)
    wb.set_properties(properties)
    return wb


def close_workbook(wb: xlsxwriter.Workbook, path: str | os.PathLike) -> None:
    """Close (write) a workbook, turning low-level errors into a ``FileError`` with a fix."""
    import xlsxwriter

    try:
        wb.close()
    except (OSError, xlsxwriter.exceptions.FileCreateError) as exc:
        raise cannot_write(path) from exc


def cannot_write(path: str | os.PathLike) -> FileError:
    """The one-line error for a workbook that could not be written, with what to do."""
    return FileError(
        tr("Không ghi được tệp", "Cannot write the file"),
        hint=tr(
            "Đóng tệp nếu đang mở trong Excel, kiểm tra quyền ghi thư mục và dung lượng đĩa rồi "
            "chạy lại",
            "Close it if it is open in Excel, check the folder is writable and the disk has "
            "space, and retry",
        ),
        location=str(path),
    )


def write_text(ws, row: int, col: int, value: Any, fmt=None) -> None:
    """Write any value a person typed as *text* (never a formula, URL or number)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def read_sheets(
    path: str | os.PathLike, only: Iterable[str] | None = None, hidden: set[str] | None = None
) -> dict[str, list[list[Any]]]:
    """All (or the named) sheets of a trusted workbook as lists of rows (calamine). The names
    of the sheets hidden in the workbook are added to ``hidden`` when it is given."""
    from python_calamine import CalamineWorkbook

    p = Path(path)
    if not p.exists():
        raise FileError(
            tr("Không tìm thấy tệp", "File not found"),
            hint=tr("Kiểm tra lại đường dẫn", "Check the path"),
            location=str(p),
        )
    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises its own error types
        raise InputError(
            tr("Không đọc được bảng tính", "Cannot read the workbook") + f" ({exc})",
            hint=tr("Mở và lưu lại tệp bằng Excel (.xlsx)", "Open and re-save it as .xlsx"),
            file=str(p),
        ) from exc
    wanted = set(only) if only is not None else None
    if hidden is not None:
        from python_calamine import SheetVisibleEnum

        shown = SheetVisibleEnum.Visible
        hidden.update(m.name for m in wb.sheets_metadata if m.visible != shown)
    out: dict[str, list[list[Any]]] = {}
    for name in wb.sheet_names:
        if wanted is not None and name not in wanted:
            continue
        out[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return out


def cell_str(v: Any) -> str:
    """A cell's value as NFC text (numbers without a spurious ``.0``)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0):
            return v.date().isoformat()
        return v.isoformat(timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    return nfc(v)


def cell_date(v: Any) -> str | None:
    """A cell holding a date (real date, Excel serial or ISO/VN text) as ISO, else None."""
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if 1 <= v < 2958466:
            return (EXCEL_EPOCH + dt.timedelta(days=int(v))).isoformat()
        return None
    s = nfc(v)
    try:
        return dt.date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    import re

    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    return None
