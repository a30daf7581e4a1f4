"""A PDF beside a generated workbook or report, made by LibreOffice (headless).

LibreOffice runs with a private, throw-away profile (``-env:UserInstallation``) so it never
collides with a LibreOffice the clerk has open, under a time limit; success is judged by the
PDF being there (LibreOffice exits 0 even when it could not convert).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import FileError, SheettoolsError
from .i18n import tr

DEFAULT_TIMEOUT = 240  # seconds
_WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class LibreOfficeMissing(SheettoolsError):
    """No LibreOffice on this computer: say how to install it."""

    exit_code = 6


def find_soffice() -> str | None:
    """The LibreOffice program (``$SHEETTOOLS_SOFFICE``, then PATH, then the usual places)."""
    env = os.environ.get("SHEETTOOLS_SOFFICE")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    places = list(_WINDOWS_PATHS) if sys.platform == "win32" else []
    places.append("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return next((p for p in places if Path(p).exists()), None)


def to_pdf(
    source: str | os.PathLike,
    output: str | os.PathLike | None = None,
    *,
    timeout: int = DEFAULT_TIMEOUT,
) -> Path:
    """Convert ``source`` (.xlsx or .docx) to PDF (default: beside it, same name)."""
    src = Path(source)
    out = Path(output) if output else src.with_suffix(".pdf")
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing(
            tr("Không tìm thấy LibreOffice để tạo PDF", "LibreOffice is needed for the PDF"),
            hint=tr(
                "Cài LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-calc-nogui "
                "libreoffice-writer-nogui; Windows, macOS: https://www.libreoffice.org/download) "
                "rồi chạy lại; tệp {name} đã được ghi",
                "Install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-calc-nogui "
                "libreoffice-writer-nogui; Windows, macOS: https://www.libreoffice.org/download) "
                "and retry; {name} was written",
            ).format(name=src.name),
            location=str(src),
        )
    with tempfile.TemporaryDirectory(prefix="sheettools-lo-") as tmp:
        made, said = convert(soffice, src, "pdf", Path(tmp), timeout=timeout)
        if made is None:
            raise FileError(
                tr("LibreOffice không tạo được PDF", "LibreOffice could not make the PDF")
                + (f" ({said})" if said else ""),
                hint=tr("Mở tệp bằng LibreOffice để xem lỗi", "Open the file in LibreOffice to see why"),
                location=str(src),
            )  # fmt: skip
        out.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            out.unlink()
        shutil.move(str(made), out)
    return out


def convert(
    soffice: str, src: Path, fmt: str, tmp: Path, *, timeout: int = DEFAULT_TIMEOUT
) -> tuple[Path | None, str]:
    """``src`` converted by LibreOffice to ``fmt`` (``pdf``, ``docx``) inside the scratch
    folder ``tmp``: ``(the file made, or None, what LibreOffice said)``. A private profile in
    ``tmp``; a conversion that runs past ``timeout`` is a FileError."""
    profile = tmp / "profile"
    outdir = tmp / "out"
    outdir.mkdir()
    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        str(src.resolve()),
    ]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise FileError(
            tr("LibreOffice không chuyển xong tệp trong {s} giây",
               "LibreOffice did not finish converting the file in {s} seconds").format(s=timeout),
            hint=tr("Đóng các cửa sổ LibreOffice đang treo rồi chạy lại",
                    "Close any hung LibreOffice window and retry"),
            location=str(src),
        ) from exc  # fmt: skip
    made = outdir / f"{src.stem}.{fmt}"
    if made.is_file() and made.stat().st_size > 0:
        return made, ""
    return None, " ".join((proc.stderr or proc.stdout or "").split())[:200]
