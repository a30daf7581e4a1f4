"""Read untrusted spreadsheets (the files units send back) without trusting them.

Every file is read in a long-lived worker process that runs under a memory limit
(``RLIMIT_AS``) and a CPU backstop (``RLIMIT_CPU``); the parent enforces a wall-clock timeout per
file. A worker that dies (python-calamine aborts the whole process on some files, for example
a workbook holding values in ``A1`` and ``XFD1048576``), overruns its time or runs out of memory
only costs that one file: it is rejected with a reason and the worker is replaced.

Inside the worker, before any reader sees the file:

* the type is decided by the bytes, not by the extension (``sniff_type``);
* a zip container is checked from its central directory only (``check_zip``): entry count,
  declared sizes and ratios, duplicate/overlapping members, path-like names, zip encryption;
  then the XML parts are scanned for ``<!DOCTYPE``/``<!ENTITY`` by inflating at most a bounded
  prefix of each (billion laughs, XXE);
* an OLE2 container is checked for encryption (``EncryptionInfo``/``EncryptedPackage`` streams,
  or the BIFF ``FILEPASS`` record of a password-protected ``.xls``).

Then python-calamine reads xlsx/xlsm/xls/ods; CSV/plain text is parsed with the ``csv`` module.
Results come back as plain data (``ReadResult``/``SheetData``). ``read_many`` yields results in
input order.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import hashlib
import io
import itertools
import operator
import os
import re
import signal
import struct
import sys
import time
import unicodedata
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .i18n import tr

REASON_CODES = (
    "missing", "too_large", "empty", "out_of_range", "corrupt_zip", "encrypted", "zip_bomb",
    "xml_entities", "path_names", "duplicate_members", "not_spreadsheet", "unsupported",
    "unreadable", "timeout", "memory", "crashed",
)  # fmt: skip

__all__ = [
    "REASON_CODES",
    "Limits",
    "SheetData",
    "ReadResult",
    "ReaderPool",
    "sniff_type",
    "check_zip",
    "read_untrusted",
    "collect_paths",
    "reason_text",
    "SPREADSHEET_TYPES",
]

MiB = 2**20
SPREADSHEET_TYPES = ("xlsx", "xlsm", "xls", "ods")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
XML_SCAN_BYTES = 4 * 1024  # bytes of each XML part inflated: the prolog must end within
_ENTITY_RE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_RE = re.compile(rb"<[A-Za-z_]")  # an element start: the root, after the prolog
_COMMENT_RE = re.compile(rb"<!--.*?-->", re.DOTALL)  # (a comment may hide an element start)
MEMORY_POLL_S = 0.05  # how often the parent looks at a portable worker's memory
STARTUP_GRACE_S = 10.0  # added to the first file's timeout of a freshly started worker


@dataclass
class Limits:
    max_bytes: int = 50 * MiB  # file size on disk
    max_members: int = 2000
    max_uncompressed: int = 200 * MiB  # sum of declared sizes
    max_ratio: float = 200.0  # per member, only for members > 1 MiB uncompressed
    max_rows: int = 20000
    max_cols: int = 200
    timeout_s: float = 20.0  # wall clock, per file
    memory_bytes: int = 1 * 2**30  # RLIMIT_AS of a worker
    accept_csv: bool = True  # parse CSV/plain text into one sheet (False: reject it)


@dataclass
class SheetData:
    name: str
    state: str  # "visible" | "hidden" | "veryhidden"
    rows: list[list]  # from A1, rectangular, trailing empty rows/cols trimmed, empty cell = None
    truncated: bool = False  # the sheet had cells beyond max_rows x max_cols (dropped)


class Answer(NamedTuple):
    """A worker's answer for one file (plain values: cheap to pickle); ``ReaderPool`` turns
    it into a ``ReadResult``."""

    file_type: str
    sha256: str
    size: int
    sheets: list  # ``(name, state, rows, truncated)`` tuples
    reason_code: str = ""
    detail: str = ""
    has_macros: bool = False
    digest: Any = None  # what the pool's ``post`` function made of the sheets (then no sheets)

    def failed(self, code: str, detail: str = "") -> Answer:
        """The same file refused with ``code``: no sheets, no digest."""
        return self._replace(sheets=[], reason_code=code, detail=detail, digest=None)


@dataclass
class ReadResult:
    path: str
    ok: bool
    file_type: str
    sha256: str
    size: int
    sheets: list[SheetData]
    reason_code: str = ""
    reason: str = ""
    has_macros: bool = False
    detail: str = ""  # technical detail behind reason_code (member name, exception text, ...)
    digest: Any = None  # what the pool's ``post`` function made of the sheets (then sheets=[])


# ---- messages -------------------------------------------------------------------------------

_KINDS = {
    "html": ("một trang web (HTML) đổi đuôi", "a web page (HTML) renamed"),
    "csv": ("tệp văn bản/CSV", "a text/CSV file"),
    "zip": ("một tệp nén zip không chứa bảng tính", "a zip archive without a workbook"),
    "ole2": ("một tài liệu Office không phải bảng tính", "an Office file, not a workbook"),
    "empty": ("một tệp rỗng (0 byte)", "an empty file (0 bytes)"),
    "xml": (
        "một tệp XML (có thể là bảng tính XML 2003)",
        "an XML file (perhaps an XML Spreadsheet 2003)",
    ),
}


def reason_text(
    code: str, detail: str = "", file_type: str = "", limits: Limits | None = None
) -> str:
    """One line, in the current language, saying why a file was rejected and what to do
    (the words come from ``sheettools.problems``)."""
    from . import problems  # (here: the reader workers never need it)

    lim = limits or Limits()
    params: dict[str, Any] = {
        "max_mib": lim.max_bytes // MiB,
        "timeout_s": f"{lim.timeout_s:g}",
        "memory_mib": lim.memory_bytes // MiB,
    }
    if problems.lookup(code) is None:
        text = tr("Tệp bị từ chối", "File rejected")
        how = problems.hint("unreadable")
    else:
        text, how = problems.label(code, **params), problems.hint(code, **params)
    if code == "not_spreadsheet":
        text += ": " + tr(*_KINDS.get(file_type, ("không rõ định dạng", "an unknown format")))
    if detail:
        text += f" ({detail})"
    return f"{text}. {how}." if how else f"{text}."


# ---- type sniffing --------------------------------------------------------------------------


def _zip_kind(names: Iterable[str], read_member: Callable[[str], bytes] | None) -> str:
    names = set(names)
    if "xl/workbook.xml" in names:
        return "xlsm" if "xl/vbaProject.bin" in names else "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names and read_member is None:
        return "ods" if "content.xml" in names else "zip"
    if "mimetype" in names and read_member is not None:
        try:
            mime = read_member("mimetype").strip()
        except Exception:
            mime = b""
        if mime == ODS_MIME:
            return "ods"
        if mime.startswith(b"application/vnd.oasis.opendocument"):
            return "odf"
    return "zip"


def _ole_kind(src: str | os.PathLike | bytes) -> str:
    import olefile

    if isinstance(src, bytes) and len(src) < olefile.MINIMAL_OLEFILE_SIZE:
        return "corrupt-ole2"  # (olefile would take short bytes for a file name)
    try:
        with olefile.OleFileIO(src if isinstance(src, bytes) else os.fspath(src)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir(streams=True, storages=False)}
            if "encryptioninfo" in streams or "encryptedpackage" in streams:
                return "encrypted-ole2"
            wb = "workbook" if "workbook" in streams else "book" if "book" in streams else ""
            if not wb:
                return "ole2"
            with ole.openstream(wb) as s:
                head = s.read(64 * 1024)
            return "encrypted-ole2" if _biff_has_filepass(head) else "xls"
    except Exception:
        return "corrupt-ole2"


def _biff_has_filepass(data: bytes) -> bool:
    """True when the globals substream of a BIFF workbook holds FILEPASS (0x002F)."""
    pos = 0
    for _ in range(500):
        if pos + 4 > len(data):
            return False
        typ, ln = struct.unpack_from("<HH", data, pos)
        if typ == 0x002F:
            return True
        if typ == 0x000A or (typ == 0x0809 and pos > 0):  # EOF, or the next substream's BOF
            return False
        pos += 4 + ln
    return False


def _text_encoding(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return None
    sample = head[: len(head) - 4] if len(head) > 8 else head  # may cut a multibyte sequence
    for enc in ("utf-8-sig", "cp1258"):
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
        return enc if bad <= len(text) // 100 else None
    return None


def sniff_type(head: bytes, path: str | os.PathLike | None = None) -> str:
    """The file's type from its first bytes (and, for zip/OLE2 containers, its directory).

    Returns one of xlsx, xlsm, xlsb, ods, odf, zip, xls, encrypted-ole2, ole2, corrupt-ole2,
    html, xml, csv, empty, unknown. ``path`` is needed to look inside containers; without it a
    zip is "zip" and an OLE2 file is "ole2".
    """
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if path is None:
            return "zip"
        try:
            with open(path, "rb") as f:
                count = _eocd_entries(f)
                if count is None or count > Limits().max_members:
                    return "zip"  # (not parsing a bomb's directory just to name it)
                with zipfile.ZipFile(f) as zf:
                    return _zip_kind(zf.namelist(), lambda n: zf.open(n).read(200))
        except Exception:
            return "zip"
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(path) if path is not None else "ole2"
    enc = _text_encoding(head[:8192])
    if enc is None:
        return "unknown"
    text = head[:8192].decode(enc, errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
        text.startswith("<") and "<html" in text[:2048]
    ):
        return "html"
    if text.startswith("mime-version:") and "multipart/related" in text[:4096]:
        return "html"  # a "single file web page" (.mht) saved with an .xls name
    if text.startswith(("%pdf-", "{\\rtf")):
        return "unknown"
    if text.startswith("<?xml") or text.startswith("<"):
        return "xml"
    return "csv"


# ---- zip checks -----------------------------------------------------------------------------


def _open_src(src: str | os.PathLike | bytes):
    """A binary file object over a path, or over bytes already read."""
    return io.BytesIO(src) if isinstance(src, bytes | bytearray) else open(src, "rb")


def _eocd_entries(f) -> int | None:
    """Total entry count from the end-of-central-directory record (zip64 aware), or None."""
    f.seek(0, 2)
    size = f.tell()
    tail_len = min(size, 65536 + 22)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    i = tail.rfind(b"PK\x05\x06")
    if i < 0 or i + 22 > len(tail):
        return None
    count = struct.unpack_from("<H", tail, i + 10)[0]
    if count == 0xFFFF and i >= 20 and tail[i - 20 : i - 16] == b"PK\x06\x07":
        z64_off = struct.unpack_from("<Q", tail, i - 20 + 8)[0]
        f.seek(z64_off)
        rec = f.read(56)
        if rec[:4] == b"PK\x06\x06" and len(rec) == 56:
            count = struct.unpack_from("<Q", rec, 32)[0]
    return count


def _check_zip(
    path: str | os.PathLike | bytes,
    limits: Limits,
    out_kind: list | None = None,
    out_infos: dict | None = None,
) -> tuple[str, str] | None:
    """(reason_code, detail) or None. Reads the central directory and local headers only, and
    inflates at most XML_SCAN_BYTES of each XML part. When fine, appends the container kind
    (xlsx, xlsm, xlsb, ods, odf, zip) to ``out_kind`` and fills ``out_infos`` with the
    members by name (``cellinfo`` reads parts by them)."""
    try:
        with _open_src(path) as f:
            count = _eocd_entries(f)
            if count is None:
                return "corrupt_zip", tr("không thấy thư mục zip", "no zip directory")
            if count > limits.max_members:
                return "zip_bomb", tr(f"{count} thành phần", f"{count} members")
            zf = zipfile.ZipFile(f)
            infos = zf.infolist()
            if len(infos) > limits.max_members:
                return "zip_bomb", tr(f"{len(infos)} thành phần", f"{len(infos)} members")
            problem, seen = _check_directory(infos, limits)
            if problem:
                return problem
            # local headers: each member's bytes must lie alone, before the central directory;
            # the XML parts are scanned from the same read (inflating a bounded prefix only)
            kind = _zip_kind(seen, None)
            if kind in ("xlsx", "xlsm") and "[Content_Types].xml" not in seen:
                return "corrupt_zip", tr("thiếu [Content_Types].xml", "no [Content_Types].xml")
            ranges = []
            for info in infos:
                problem, span, kind = _check_local(f, info, kind)
                if problem:
                    return problem
                ranges.append(span)
            ranges.sort()
            for (_s1, e1, n1), (s2, _e2, n2) in zip(ranges, ranges[1:], strict=False):
                if s2 < e1:  # (a data descriptor, if any, lies after e1: not counted)
                    return "duplicate_members", f"{n1} / {n2}"
            if ranges and ranges[-1][1] > zf.start_dir:
                return "corrupt_zip", tr(
                    "dữ liệu tràn vào thư mục zip", "data overruns the directory"
                )
            if out_kind is not None:
                out_kind.append(kind)
            if out_infos is not None:
                out_infos.update(zf.NameToInfo)
    except (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError) as exc:
        return "corrupt_zip", str(exc)[:200]
    except NotImplementedError as exc:
        return "unsupported", str(exc)[:200]
    except OSError as exc:
        return "missing", str(exc)[:200]
    return None


Problem = tuple[str, str]


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> tuple[Problem | None, set]:
    """The central directory's members: unique and safe names, no encryption, known
    compression, bounded sizes and ratios. ``(problem or None, the member names)``."""
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.orig_filename
        if name in seen:
            return ("duplicate_members", name), seen
        seen.add(name)
        parts = name.replace("\\", "/").split("/")
        if (
            "\\" in name
            or name.startswith("/")
            or ".." in parts
            or (len(name) > 1 and name[1] == ":")
            or "\x00" in name
        ):
            return ("path_names", name), seen
        if info.flag_bits & 0x1:
            return ("encrypted", tr("zip có mật khẩu", "password-protected zip")), seen
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return (
                "unsupported",
                tr(f"kiểu nén {info.compress_type}", f"compression method {info.compress_type}"),
            ), seen
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MiB and ratio > limits.max_ratio:
            return (
                "zip_bomb",
                tr(
                    f"{name}: {info.file_size // MiB} MiB khi giải nén, tỉ lệ {ratio:.0f}:1",
                    f"{name}: {info.file_size // MiB} MiB inflated, ratio {ratio:.0f}:1",
                ),
            ), seen
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            return ("corrupt_zip", name), seen
    if total > limits.max_uncompressed:
        return (
            "zip_bomb",
            tr(f"tổng {total // MiB} MiB khi giải nén", f"{total // MiB} MiB inflated in total"),
        ), seen
    return None, seen


def _check_local(
    f: Any, info: zipfile.ZipInfo, kind: str
) -> tuple[Problem | None, tuple[int, int, str], str]:
    """One member's local header (its name must agree with the directory) and, for an XML
    part, a bounded prefix inflated and scanned for entity declarations.
    ``(problem or None, the member's byte range, the container kind)`` (an ODF's
    ``mimetype`` can change the kind)."""
    low = info.filename.lower()
    scan = low.endswith((".xml", ".rels", ".vml")) or low == "mimetype"
    name_b = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
    want = min(info.compress_size, XML_SCAN_BYTES + 1024) if scan else 0
    f.seek(info.header_offset)
    buf = f.read(30 + len(name_b) + 64 + want)
    span = (info.header_offset, 0, info.filename)
    if len(buf) < 30 or buf[:4] != b"PK\x03\x04":
        missing = tr(f"{info.filename}: thiếu dữ liệu", f"{info.filename}: missing data")
        return ("corrupt_zip", missing), span, kind
    n, m = struct.unpack_from("<HH", buf, 26)
    if buf[30 : 30 + n] != name_b:
        differ = tr(f"{info.filename}: tên không khớp", f"{info.filename}: names disagree")
        return ("corrupt_zip", differ), span, kind
    start = info.header_offset + 30 + n + m
    span = (info.header_offset, start + info.compress_size, info.filename)
    if not scan:
        return None, span, kind
    if len(buf) < 30 + n + m + want:
        f.seek(start)
        data = f.read(want)
    else:
        data = buf[30 + n + m : 30 + n + m + want]
    if info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        head = inflater.decompress(data, _PROLOG_PEEK)
        if low != "mimetype" and _clean_prolog(head):
            return None, span, kind  # the root element starts with nothing declared before it
        data = head + inflater.decompress(inflater.unconsumed_tail, XML_SCAN_BYTES - len(head))
    else:
        data = data[:XML_SCAN_BYTES]
    if low == "mimetype":
        if kind == "ods" and data.strip() != ODS_MIME:
            kind = "odf" if data.startswith(b"application/vnd.oasis") else "zip"
        return None, span, kind
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in data[:4]:
        data = data.decode("utf-16", errors="ignore").encode("utf-8")
    if _ENTITY_RE.search(data):
        return ("xml_entities", info.filename), span, kind
    if info.file_size > XML_SCAN_BYTES and not _ROOT_RE.search(
        _COMMENT_RE.sub(b"", data).split(b"<!--", 1)[0]
    ):
        too_long = tr(
            f"{info.filename}: phần mở đầu XML quá dài", f"{info.filename}: XML prolog too long"
        )
        return ("xml_entities", too_long), span, kind
    return None, span, kind


_PROLOG_PEEK = 512  # bytes inflated first: a usual part's prolog ends well within them


def _clean_prolog(head: bytes) -> bool:
    """True when ``head`` (the start of an XML part) reaches its root element with no
    ``<!`` (DOCTYPE, ENTITY, comment) before it: the common case, decided without the regular
    expressions of the full check (which runs on XML_SCAN_BYTES otherwise)."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\x00" in head[:4]:
        return False
    root = _ROOT_RE.search(head)
    return root is not None and b"<!" not in head[: root.start()]


def _zip_kind_quiet(path: str | os.PathLike | bytes, limits: Limits) -> str:
    """The container kind from member names, for a rejected zip (never inflates)."""
    try:
        with _open_src(path) as f:
            count = _eocd_entries(f)
            if count is None or count > limits.max_members:
                return "zip"
            return _zip_kind(zipfile.ZipFile(f).namelist(), None)
    except Exception:
        return "zip"


def check_zip(path: str | os.PathLike, limits: Limits = Limits()) -> tuple[str, str] | None:
    """(reason_code, reason) when the zip container must not be opened, else None."""
    found = _check_zip(path, limits)
    if found is None:
        return None
    code, detail = found
    return code, reason_text(code, detail, limits=limits)


# ---- reading (runs in the worker) -----------------------------------------------------------

_STATES = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryhidden"}


_EMPTY_TO_NONE = {"": None}.get  # map(get, row, row): "" -> None, anything else unchanged


def _clean_grid(
    data: list[list], row0: int, col0: int, limits: Limits, keep_blank: bool = False
) -> tuple[list[list], bool]:
    """Anchor calamine's used-range grid at A1, map "" to None, cap and trim it.

    Returns (rectangular grid, truncated). The loops over cells run in C (map, count). With
    ``keep_blank``, empty cells read as "" stay so (only padding is None): for a consumer that
    takes both as empty, as ``returns.digest`` does, this saves a pass over every cell."""
    max_r, max_c = limits.max_rows, limits.max_cols
    if row0 >= max_r or col0 >= max_c:
        return [], bool(data)
    keep_c = max_c - col0
    if keep_blank:
        rows = data[: max_r - row0]  # (calamine's fresh lists: trimmed in place)

        def n_empty(r: list) -> int:
            return r.count("") + r.count(None)
    else:
        rows = [list(map(_EMPTY_TO_NONE, r, r)) for r in data[: max_r - row0]]
        n_empty = operator.methodcaller("count", None)  # type: ignore[assignment]
    truncated = len(data) > max_r - row0
    widths = set(map(len, rows))
    if max(widths, default=0) > keep_c:
        for i, r in enumerate(rows):
            if len(r) > keep_c:
                if n_empty(r[keep_c:]) != len(r) - keep_c:
                    truncated = True
                rows[i] = r = r[:keep_c]
    while rows and n_empty(rows[-1]) == len(rows[-1]):
        rows.pop()
    if not rows:
        return [], truncated
    width = max(map(len, rows))
    if len(widths) > 1:  # (calamine's rows are all as wide as the used range: rarely ragged)
        for r in rows:
            if len(r) < width:
                r.extend([None] * (width - len(r)))
    while width and all(r[width - 1] is None or r[width - 1] == "" for r in rows):
        width -= 1
        for r in rows:
            del r[width:]
    if col0:
        pad = [None] * col0
        rows = [pad + r for r in rows]
        width += col0
    return [[None] * width for _ in range(row0)] + rows, truncated


# the file being read in this process, for a ``post`` function that needs more than the values
# (``returns.digest`` asks ``cellinfo`` about number formats, formulas, merged cells): its type,
# bytes and the merged ranges per sheet; cleared before each file
_CURRENT: dict[str, Any] = {}


def merged_ranges(sheet_name: str) -> list:
    """The merged ranges ``((r0, c0), (r1, c1))`` (0-based) of a sheet of the file just read
    here ([] when unknown: older python-calamine, or a format without them)."""
    sheet = _CURRENT.get("calamine_sheets", {}).get(sheet_name)
    if sheet is None:
        return []
    try:
        found = list(sheet.merged_cell_ranges or ())
    except Exception:
        return []
    merges = _CURRENT.get("merges")
    if found or not merges:
        return found
    # (the part was given to calamine lightened: its ranges were read by cellinfo.light_copy)
    from . import cellinfo

    data, infos = _CURRENT.get("data", b""), _CURRENT.get("zip_infos") or {}
    try:
        part = cellinfo._xlsx_sheet_part(cellinfo._KnownZip(data, infos), sheet_name, data)
    except Exception:
        return []
    return list(merges.get(part or "", ()))


def current_file() -> dict[str, Any]:
    """``{"ftype", "data", "calamine_sheets", "zip_infos"}`` of the file just read here
    (empty when none; ``zip_infos``: a zip's members by name, as checked; the sheets' merged
    ranges: ``merged_ranges``), and ``xml_parts`` (member name -> XML) when worksheet parts
    were inflated before reading (``cellinfo.light_copy``)."""
    return _CURRENT


def _read_calamine(data: bytes, limits: Limits, keep_blank: bool = False) -> list[tuple]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    out: list[tuple] = []
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))  # by content, whatever the extension
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            state = _STATES.get(str(meta.visible).rsplit(".", 1)[-1], "visible")
            sheet = wb.get_sheet_by_name(meta.name)
            # (for returns.digest: input cells under a merged range, asked of the report sheet
            # only, when it is known: ``merged_ranges``)
            _CURRENT.setdefault("calamine_sheets", {})[meta.name] = sheet
            start = sheet.start
            if start is None:
                out.append((meta.name, state, [], False))
                continue
            row0, col0 = start
            nrows = max(0, limits.max_rows - row0)
            truncated = sheet.height > nrows
            if nrows == 0:
                out.append((meta.name, state, [], True))
                continue
            grid_rows: list[list[Any]]
            if sheet.width <= limits.max_cols:
                grid_rows = sheet.to_python(skip_empty_area=True, nrows=nrows)
            elif col0 >= limits.max_cols:
                out.append((meta.name, state, [], True))
                continue
            else:  # too wide to convert whole rows: stream them, keeping the first columns
                grid_rows = []
                keep = limits.max_cols - col0 + 1  # one more, to notice what is cut
                rows_it = iter(sheet.iter_rows())
                first = next(rows_it, None)
                if first is not None:
                    # iter_rows (0.9) yields the empty rows above the used range as well, but
                    # its columns start at the used range; the used range's first row always
                    # holds a value, so an empty first row means that padding is present
                    rows_it = itertools.chain([first], rows_it)
                    if row0 and first.count("") == len(first):
                        rows_it = itertools.islice(rows_it, row0, None)
                    for row in rows_it:
                        if len(grid_rows) >= nrows:
                            break
                        grid_rows.append(row[:keep])
            grid, cut = _clean_grid(grid_rows, row0, col0, limits, keep_blank)
            out.append((meta.name, state, grid, truncated or cut))
    finally:
        wb.close()
    return out


def _csv_dialect(sample: str) -> Any:
    """The delimiter that splits the most lines into the same number of fields (2 or more):
    the table's rows, whatever cover lines above them say (``Đơn vị:;Phòng …``) and whatever
    commas the texts hold. Excel's own CSV in a Vietnamese locale uses ``;``."""
    import collections
    import csv  # (only for text returns: the merge's workers start without it)

    lines = sample.splitlines()[:-1] or sample.splitlines()  # (the last may be cut)
    best, best_score = ",", 0
    for d in ",;\t|":
        counts = collections.Counter(len(r) for r in csv.reader(lines, delimiter=d) if len(r) > 1)
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = d, score

    class Dialect(csv.excel):
        delimiter = best

    return Dialect


def _read_csv(raw: bytes, limits: Limits) -> list[tuple]:
    import csv

    enc = _text_encoding(raw[:8192]) or "utf-8"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")
    text = text.lstrip("\ufeff")
    sample = text[:16384]
    dialect: Any
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:  # (rows of different lengths: a cover above the table, blank lines)
        dialect = _csv_dialect(sample)
    rows: list[list] = []
    truncated = False
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) >= limits.max_rows:
            truncated = True
            break
        if len(row) > limits.max_cols:
            truncated = True
            row = row[: limits.max_cols]
        rows.append([v if v.strip() else "" for v in row])  # blank -> "" -> None below
    grid, _ = _clean_grid(rows, 0, 0, limits)
    return [("csv", "visible", grid, truncated)]


def _read_bytes(path: str, max_bytes: int) -> tuple[bytes, str]:
    """The file's bytes (at most ``max_bytes`` + 1) and their sha256."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        # (read(n) allocates n bytes first: ask for what the file holds, plus one to notice growth)
        data = f.read(min(size, max_bytes) + 1) if size else f.read(max_bytes + 1)
    return data, hashlib.sha256(data).hexdigest()


def _inspect_and_read(
    path: str,
    limits: Limits,
    announce: Callable[[str], None] | None = None,
    keep_blank: bool = False,
) -> Answer:
    """The whole per-file job, in the worker: its ``Answer`` (sheets as
    ``(name, state, rows, truncated)`` tuples, cheap to pickle)."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_bytes:
            return Answer("unknown", "", size, [], "too_large", f"{size // MiB} MiB", False)
        data, sha = _read_bytes(path, limits.max_bytes)
    except OSError as exc:
        return Answer("unknown", "", 0, [], "missing", exc.strerror or str(exc), False)
    size = len(data)
    if size > limits.max_bytes:  # grew meanwhile
        return Answer("unknown", "", size, [], "too_large", f"{size // MiB} MiB", False)
    ftype = sniff_type(data[:8], None)
    infos: dict[str, zipfile.ZipInfo] = {}
    if ftype == "zip":
        kind: list[str] = []
        found = _check_zip(data, limits, kind, infos)
        if found is not None:
            return Answer(_zip_kind_quiet(data, limits), sha, size, [], found[0], found[1], False)
        ftype = kind[0]
    elif ftype == "ole2":
        ftype = _ole_kind(data)
    else:
        ftype = sniff_type(data[:8192], None)
    has_macros = ftype == "xlsm"
    if announce is not None:
        announce(ftype)
    if ftype == "encrypted-ole2":
        return Answer(ftype, sha, size, [], "encrypted", "", False)
    if ftype == "empty":
        return Answer(ftype, sha, size, [], "empty", "0 byte", False)
    if ftype in ("html", "zip", "ole2", "unknown", "xml") or (
        ftype == "csv" and not limits.accept_csv
    ):
        return Answer(ftype, sha, size, [], "not_spreadsheet", "", False)
    if ftype == "corrupt-ole2":
        return Answer(ftype, sha, size, [], "corrupt_zip", "OLE2", False)
    if ftype in ("xlsb", "odf"):
        return Answer(ftype, sha, size, [], "unsupported", ftype, False)
    _CURRENT.clear()
    _CURRENT.update(ftype=ftype, data=data, zip_infos=infos)
    try:
        if ftype == "csv":
            sheets = _read_csv(data, limits)
        else:
            read = data
            if infos and ftype in ("xlsx", "xlsm"):  # (its worksheets read once, not twice)
                from .cellinfo import light_copy

                try:
                    light = light_copy(data, infos)
                except (ValueError, struct.error, zlib.error, KeyError, EOFError, OSError):
                    light = None  # (then calamine reads the file as it is, and judges it)
                if light is not None:
                    read, _CURRENT["xml_parts"], _CURRENT["merges"] = light
            sheets = _read_calamine(read, limits, keep_blank)
    except MemoryError:
        return Answer(ftype, sha, size, [], "memory", "", has_macros)
    except BaseException as exc:  # calamine errors, and PanicException (a BaseException)
        name = type(exc).__name__
        if name == "PasswordError":
            return Answer(ftype, sha, size, [], "encrypted", "", has_macros)
        if name == "PanicException":
            return Answer(ftype, sha, size, [], "crashed", f"panic: {str(exc)[:150]}", has_macros)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return Answer(ftype, sha, size, [], "unreadable", f"{name}: {str(exc)[:150]}", has_macros)
    if not any(s[2] for s in sheets):
        if any(s[3] for s in sheets):  # cells exist, but all beyond max_rows x max_cols
            where = tr(
                f"dữ liệu nằm ngoài {limits.max_rows} dòng x {limits.max_cols} cột đầu",
                f"data lies beyond the first {limits.max_rows} rows x {limits.max_cols} columns",
            )
            return Answer(ftype, sha, size, [], "out_of_range", where, has_macros)
        return Answer(ftype, sha, size, [], "empty", "", has_macros)
    return Answer(ftype, sha, size, sheets, "", "", has_macros)


_UNKNOWN = Answer("unknown", "", 0, [])  # a file the worker could not even look at


def _announce(index: int, file_type: str) -> None:
    """Note the file type in the worker's log (fd 2) before the reader runs: if the reader
    kills the process, the parent still knows what the file was. One write, no round trip."""
    try:
        os.write(2, f"\nsheettools-type: {index} {file_type}\n".encode())
    except OSError:
        pass


def _load_post(spec: str | None) -> Callable[[list, Any], Any] | None:
    """``"package.module:function"`` -> the function (imported in the worker)."""
    if not spec:
        return None
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _worker_main(conn, limits: Limits, post: Callable[[list, Any], Any] | None = None,
                 post_arg: Any = None, portable: bool = False) -> None:  # fmt: skip
    """Serve paths from ``conn`` until it closes or sends None (runs in the worker process).

    With ``post``, a file read fine is answered with ``post(sheets, post_arg)`` in place of
    its sheets (``Answer.digest``). ``portable``: no ``resource`` limits (the
    parent watches the memory, and the peak is checked after each file)."""
    try:
        import resource  # (POSIX only)
    except ImportError:
        resource = None  # type: ignore[assignment]
    if not portable:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    if resource is not None and not portable:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        except (ValueError, OSError):
            pass
    cpu_budget = int(limits.timeout_s * 1.5) + 2
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        for item in msg if isinstance(msg, list) else [msg]:  # a batch: one answer per file
            if resource is not None and not portable:
                try:  # RLIMIT_CPU backstop, per file: the CPU used so far plus a budget
                    used = resource.getrusage(resource.RUSAGE_SELF)
                    soft = int(used.ru_utime + used.ru_stime) + cpu_budget
                    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))
                except (ValueError, OSError):
                    pass
            try:
                index, path = item
                announce = functools.partial(_announce, index)
                # (a post function takes "" and None alike as empty: the cells stay as read)
                result = _inspect_and_read(path, limits, announce, keep_blank=post is not None)
                if post is not None and not result.reason_code:
                    result = result._replace(sheets=[], digest=post(result.sheets, post_arg))
                _CURRENT.clear()
            except MemoryError:
                result = _UNKNOWN.failed("memory")
            except Exception as exc:
                result = _UNKNOWN.failed("unreadable", f"{type(exc).__name__}: {exc}"[:200])
            over = portable and _peak_memory() > limits.memory_bytes
            if over:  # (no RLIMIT_AS here: the peak says whether this file went past the limit)
                result = result.failed("memory")
            try:
                conn.send(result)
            except MemoryError:
                conn.send(_UNKNOWN.failed("memory"))
            if over:
                os._exit(MEMORY_EXIT)  # its peak stays high: the parent starts a fresh one


def _wait(conns: list, timeout: float | None) -> list:
    import multiprocessing.connection

    return multiprocessing.connection.wait(conns, timeout=timeout)


class _FdConnection:
    """A worker's end of its socket, framed as ``multiprocessing.connection.Connection``
    frames what it sends and expects (a 4-byte big-endian length, or -1 then an 8-byte one,
    then a pickle), so the parent keeps its ``Connection``. The worker does not import
    ``multiprocessing`` for it: that import was about a third of a worker's start-up."""

    __slots__ = ("fd",)

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def _read(self, n: int) -> bytes:
        chunks = []
        while n:
            b = os.read(self.fd, n)
            if not b:
                raise EOFError
            chunks.append(b)
            n -= len(b)
        return b"".join(chunks)

    def recv(self) -> Any:
        import pickle

        (size,) = struct.unpack("!i", self._read(4))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read(8))
        return pickle.loads(self._read(size))

    def send(self, obj: Any) -> None:
        import pickle

        buf = pickle.dumps(obj)
        n = len(buf)
        head = struct.pack("!i", n) if n <= 0x7FFFFFFF else struct.pack("!iQ", -1, n)
        view = memoryview(head + buf)
        while view:
            view = view[os.write(self.fd, view) :]


def _worker_entry() -> None:
    """``python -c`` entry of a worker: argv = [fd of the socket, limits as JSON, post as
    JSON ``[spec, arg]`` or ``null``]."""
    import json

    fd = int(sys.argv[1])
    limits = Limits(**json.loads(sys.argv[2]))
    spec, post_arg = json.loads(sys.argv[3]) if len(sys.argv) > 3 else (None, None)
    try:  # the reader, once, before the first file (olefile waits for the first OLE2 file)
        import python_calamine  # noqa: F401
    except ImportError:
        pass
    post = _load_post(spec)
    _worker_main(_FdConnection(fd), limits, post, post_arg)
    os._exit(0)  # nothing to flush or clean up: skip the interpreter's teardown


MEMORY_EXIT = 86  # exit status of a portable worker that went past its memory limit
PORTABLE_ENV = "SHEETTOOLS_PORTABLE"


def portable_mode() -> bool:
    """True where the workers cannot use ``resource`` limits and ``pass_fds`` (Windows), or
    when ``SHEETTOOLS_PORTABLE=1`` forces that path (CI runs the suite through it too)."""
    if os.environ.get(PORTABLE_ENV, "").strip() not in ("", "0"):
        return True
    if sys.platform == "win32":
        return True
    try:
        import resource  # noqa: F401
    except ImportError:
        return True
    return False


def _peak_memory() -> int:
    """The most memory this process has held so far (bytes; 0 when the platform cannot say):
    the peak of its address space on Linux (what RLIMIT_AS counts), of its committed memory
    on Windows."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil

        info = psutil.Process().memory_info()
        return int(getattr(info, "peak_pagefile", 0) or getattr(info, "peak_wset", 0))
    except Exception:
        return 0


def _spawn_entry(conn, limits: dict, post: list, lang: str, log_path: str) -> None:
    """Entry of a portable worker (``multiprocessing`` with the spawn start method)."""
    os.environ["RUST_BACKTRACE"] = os.environ["RUST_LIB_BACKTRACE"] = "0"
    try:  # the reader's last words (and the announced file types) go to the parent's log
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass
    from .i18n import set_lang

    set_lang(lang)
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        pass
    spec, post_arg = post
    _worker_main(conn, Limits(**limits), _load_post(spec), post_arg, portable=True)
    os._exit(0)


class _SpawnProc:
    """The few ``subprocess.Popen`` methods the pool uses, over a ``multiprocessing.Process``."""

    def __init__(self, proc: Any) -> None:
        self._p = proc
        self.pid = proc.pid

    @property
    def returncode(self) -> int | None:
        return self._p.exitcode

    def poll(self) -> int | None:
        return self._p.exitcode

    def kill(self) -> None:
        self._p.kill()

    def wait(self, timeout: float | None = None) -> int:
        self._p.join(timeout)
        if self._p.exitcode is None:
            raise TimeoutError(f"worker {self.pid} still running")
        return self._p.exitcode


# ---- the pool (parent side) -----------------------------------------------------------------


# the worker needs this module and i18n only: a bare package object stands in for
# sheettools/__init__.py (which imports the store, openpyxl helpers, ...: ~80 ms per start)
_WORKER_BOOT = (
    "import sys, types; import importlib.util as u; "
    "spec = u.find_spec('sheettools'); pkg = types.ModuleType('sheettools'); "
    "pkg.__path__ = list(spec.submodule_search_locations); pkg.__spec__ = spec; "
    "sys.modules['sheettools'] = pkg; "
    "from sheettools.safety import _worker_entry; _worker_entry()"
)


class _Worker:
    """One worker process (``python -c``, not fork: no inherited threads or locks, and no
    re-import of the caller's main module) and its socket; in portable mode (Windows, or
    ``SHEETTOOLS_PORTABLE=1``) a spawned ``multiprocessing`` process and its pipe."""

    def __init__(self, limits: Limits, post: str | None = None, post_arg: Any = None) -> None:
        self.proc: Any = None  # subprocess.Popen, or _SpawnProc on the portable path
        self.log: Any = None  # the worker's stderr (a temporary file)
        self.memory_limit = limits.memory_bytes
        self.watch: Any = None  # psutil.Process of a portable worker (its memory is watched)
        self.log_path = ""
        if portable_mode():
            self._start_portable(limits, post, post_arg)
        else:
            self._start_posix(limits, post, post_arg)
        self.tasks: deque[tuple[int, str]] = deque()  # sent, not answered; the first is running
        self.deadline = 0.0  # of the running file
        self.fresh = True  # no answer yet
        self.stopping = False

    def _start_portable(self, limits: Limits, post: str | None, post_arg: Any) -> None:
        """Windows (or ``SHEETTOOLS_PORTABLE=1``): a spawned process and a pipe; the memory
        limit is watched from here (psutil) and checked in the worker after each file."""
        import multiprocessing
        import tempfile
        from dataclasses import asdict

        import psutil

        from .i18n import get_lang

        ctx = multiprocessing.get_context("spawn")
        fd, self.log_path = tempfile.mkstemp(prefix="sheettools-reader-", suffix=".log")
        os.close(fd)
        self.log = open(self.log_path, "rb")  # noqa: SIM115 (closed in kill)
        parent_conn, child_conn = ctx.Pipe(duplex=True)
        proc = ctx.Process(
            target=_spawn_entry,
            args=(child_conn, asdict(limits), [post, post_arg], get_lang(), self.log_path),
            daemon=True,
        )
        proc.start()
        child_conn.close()
        self.proc = _SpawnProc(proc)
        self.conn = parent_conn
        try:
            self.watch = psutil.Process(proc.pid)
        except Exception:
            self.watch = None

    def over_memory(self) -> bool:
        """A portable worker holding more than its limit (it is then killed by the pool)."""
        if self.watch is None:
            return False
        try:
            return self.watch.memory_info().vms > self.memory_limit
        except Exception:
            return False

    def _start_posix(self, limits: Limits, post: str | None, post_arg: Any) -> None:
        import json
        import multiprocessing.connection
        import socket
        import subprocess
        import tempfile
        from dataclasses import asdict

        from .i18n import get_lang

        self.log = tempfile.TemporaryFile(prefix="sheettools-reader-")
        parent_sock, child_sock = socket.socketpair()
        env = dict(os.environ)
        env["SHEETTOOLS_LANG"] = get_lang()
        # a Rust backtrace needs memory: printing one after a failed allocation can hang
        env["RUST_BACKTRACE"] = env["RUST_LIB_BACKTRACE"] = "0"
        # glibc's heap keeps 16 MiB spare: a worker allocates and frees a few buffers of a
        # few hundred KB per file (the file, its sheets inflated, calamine's copies), each of
        # which otherwise came as fresh pages from the kernel (3x the page faults, measured)
        env.setdefault("MALLOC_TOP_PAD_", str(16 * MiB))
        pkg_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(
            [pkg_root] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        )
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER_BOOT,
                str(child_sock.fileno()),
                json.dumps(asdict(limits)),
                json.dumps([post, post_arg]),
            ],
            pass_fds=[child_sock.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            env=env,
            close_fds=True,
        )
        child_sock.close()
        self.conn = multiprocessing.connection.Connection(parent_sock.detach())

    def send(self, index: int, path: str, timeout: float) -> None:
        self.send_many([(index, path)], timeout)

    def send_many(self, items: list[tuple[int, str]], timeout: float) -> None:
        """Queue files in one message (the worker answers each in turn)."""
        self.conn.send(items)  # (raises if the worker is gone: nothing recorded)
        if not self.tasks:
            # a fresh worker is still importing its reader: that is not the file's time
            self.deadline = time.monotonic() + timeout + (STARTUP_GRACE_S if self.fresh else 0)
        self.tasks.extend(items)

    def stderr_tail(self, index: int = -1) -> tuple[str, str]:
        """(file type announced for file ``index``, the reader's last words) from the log."""
        try:
            self.log.seek(0, 2)
            self.log.seek(max(0, self.log.tell() - 16384))
            lines = self.log.read().decode("utf-8", "replace").splitlines()
        except (OSError, ValueError):
            return "", ""
        ftype = last = ""
        for line in reversed(lines):
            if line.startswith("sheettools-type: "):
                _, _, rest = line.partition(": ")
                num, _, kind = rest.strip().partition(" ")
                ftype = kind if num == str(index) else ""
                break
            if not last and ("memory allocation" in line or "panicked" in line):
                last = line.strip()[:200]
        return ftype, last

    def kill(self) -> None:
        try:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait(5)
        except Exception:
            pass
        self.conn.close()
        self.log.close()
        if self.log_path:
            with contextlib.suppress(OSError):
                os.unlink(self.log_path)

    def ask_to_stop(self) -> None:
        """Tell the worker to finish (it exits once its queue is done)."""
        if not self.stopping:
            self.stopping = True
            with contextlib.suppress(Exception):
                self.conn.send(None)

    def stop(self) -> None:
        self.ask_to_stop()
        with contextlib.suppress(Exception):
            self.proc.wait(1)
        self.kill()


class ReaderPool:
    """A few long-lived worker processes reading untrusted spreadsheets, one file each at a time.

    ``read_many`` yields results in **input order**. A worker that dies or overruns the timeout
    is killed and replaced; its file is rejected (``crashed``/``memory``/``timeout``).
    """

    PIPELINE = 8  # files sent ahead to each worker

    def __init__(
        self,
        workers: int = 2,
        limits: Limits = Limits(),
        *,
        post: str | None = None,
        post_arg: Any = None,
    ) -> None:
        """``post`` (``"package.module:function"``, called as ``function(sheets, post_arg)``
        in the worker, ``post_arg`` plain JSON data) turns the sheets of each file read fine
        into what the caller needs: ``ReadResult.digest`` then holds it and ``sheets`` is
        empty, so only that crosses the process boundary. The sheets it gets keep empty cells
        as read ("", padding None): it must take both as empty."""
        self.n_workers = max(1, int(workers))
        self.limits = limits
        self.post, self.post_arg = post, post_arg
        self._workers: list[_Worker] = []
        self._active = False

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def pids(self) -> list[int]:
        """Process ids of the running workers (diagnostics, tests)."""
        return [w.proc.pid for w in self._workers]

    def start(self) -> ReaderPool:
        """Start the workers now (else on first use): they boot while the caller gets ready."""
        self._ensure()
        return self

    def _ensure(self) -> None:
        while len(self._workers) < self.n_workers:
            self._workers.append(_Worker(self.limits, self.post, self.post_arg))

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self._workers[self._workers.index(w)] = _Worker(self.limits, self.post, self.post_arg)

    def read(self, path: str | os.PathLike) -> ReadResult:
        """Read one file, isolated."""
        return next(iter(self.read_many([path])))

    def _make(self, path: str, raw: Answer) -> ReadResult:
        ftype, sha, size, sheets, code, detail, macros, digest = raw
        return ReadResult(
            path=path,
            ok=not code,
            file_type=ftype,
            sha256=sha,
            size=size,
            sheets=[SheetData(n, st, rows, truncated=cut) for n, st, rows, cut in sheets],
            reason_code=code,
            reason=reason_text(code, detail, ftype, self.limits) if code else "",
            has_macros=macros,
            detail=detail,
            digest=digest,
        )

    def _failed(self, path: str, code: str, detail: str = "", ftype: str = "") -> ReadResult:
        size = 0
        try:
            size = os.stat(path).st_size
            if not ftype:
                with open(path, "rb") as f:
                    ftype = sniff_type(f.read(8), None)  # magic bytes only: never parse here
        except OSError:
            ftype = ftype or "unknown"
        return self._make(path, Answer(ftype, "", size, [], code, detail))

    def read_many(
        self,
        paths: Iterable[str | os.PathLike],
        progress: Callable[[int, int, str], None] | None = None,
    ) -> Iterator[ReadResult]:
        """Read every file, isolated; yield one ``ReadResult`` per path, **in input order**.

        ``progress(done, total, path)`` is called each time a file finishes.
        """
        todo = [os.fspath(p) for p in paths]
        total = len(todo)
        if not total:
            return
        if self._active:
            raise RuntimeError("ReaderPool.read_many is already running (one batch at a time)")
        self._active = True
        self._ensure()
        pending = deque(enumerate(todo))
        done: dict[int, ReadResult] = {}
        retried: set[int] = set()  # files sent again after a crash in a worker that had history
        finished = next_out = 0
        try:
            while next_out < total:
                self._top_up(pending)
                busy = [w for w in self._workers if w.tasks]
                if not busy:  # only if every send failed; loop again with new workers
                    continue
                wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                if any(w.watch is not None for w in busy):
                    wait_s = min(wait_s, MEMORY_POLL_S)
                ready = _wait([w.conn for w in busy], timeout=wait_s)
                for w in busy:
                    outcome = self._outcome(w, w.conn in ready, pending, retried)
                    if outcome is None:
                        continue
                    i, p, result = outcome
                    done[i] = result
                    finished += 1
                    if progress is not None:
                        progress(finished, total, p)
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
        finally:
            self._active = False
            for w in list(self._workers):  # abandoned mid-way: do not leave work running
                if w.tasks:
                    w.kill()
                    self._workers.remove(w)  # (started again on next use)

    def _top_up(self, pending: deque) -> None:
        """Send files to the workers whose queue is at most half full.

        Files wait in the worker's socket, so it never idles while the parent handles a
        result; they are sent in batches (one message, one wake-up), topped up once half
        are done, shared out evenly when few are left.
        """
        for w in list(self._workers):
            if not pending or len(w.tasks) > self.PIPELINE // 2:
                continue
            share = -(-len(pending) // len(self._workers))
            n = min(self.PIPELINE - len(w.tasks), max(1, share))
            batch = [pending.popleft() for _ in range(min(n, len(pending)))]
            try:
                w.send_many(batch, self.limits.timeout_s)
            except (OSError, ValueError):  # died while idle: retry on a new one
                pending.extendleft(reversed(batch))
                pending.extendleft(reversed(w.tasks))
                w.tasks.clear()
                self._replace(w)

    def _outcome(
        self, w: _Worker, ready: bool, pending: deque, retried: set[int]
    ) -> tuple[int, str, ReadResult] | None:
        """The finished file of a busy worker, if any: ``(index, path, result)``.

        None while it is still working, or when its file was sent again to a fresh worker.
        """
        if not ready:
            if w.watch is not None and w.over_memory():
                i, p = w.tasks.popleft()
                result = self._failed(p, "memory", "", w.stderr_tail(i)[0])
            elif time.monotonic() >= w.deadline:
                i, p = w.tasks.popleft()
                result = self._failed(p, "timeout", "", w.stderr_tail(i)[0])
            else:
                return None
            self._requeue(w, pending)
            return i, p, result
        try:
            raw = w.conn.recv()
        except (EOFError, OSError):  # the worker died on its running file
            raw = None
        i, p = w.tasks.popleft()
        was_fresh, w.fresh = w.fresh, False
        if raw is not None:
            result = self._make(p, raw)
            w.deadline = time.monotonic() + self.limits.timeout_s
            if result.reason_code not in ("memory", "crashed"):
                return i, p, result
        else:
            try:
                w.proc.wait(2)
            except Exception:
                pass
        if not was_fresh and i not in retried:
            # maybe the doing of an earlier file (a fragmented heap): try once more in a
            # fresh worker before blaming this one
            retried.add(i)
            w.tasks.appendleft((i, p))
            self._requeue(w, pending)
            return None
        if raw is None:
            code, detail = self._death_reason(w)
            result = self._failed(p, code, detail, w.stderr_tail(i)[0])
        self._requeue(w, pending)  # alive, but its state is suspect
        return i, p, result

    def _requeue(self, w: _Worker, pending: deque) -> None:
        """Replace a dead or overrun worker; the files queued behind its running one go back."""
        pending.extendleft(reversed(w.tasks))
        w.tasks.clear()
        self._replace(w)

    @staticmethod
    def _death_reason(w: _Worker) -> tuple[str, str]:
        code = w.proc.returncode
        _ftype, tail = w.stderr_tail()
        if code == MEMORY_EXIT:
            return "memory", ""
        if code is not None and code < 0:
            try:
                sig = signal.Signals(-code).name
            except ValueError:
                sig = f"signal {-code}"
            if sig == "SIGXCPU":
                return "timeout", "CPU"
            return "crashed", sig + (f": {tail}" if tail else "")
        return "crashed", f"exit {code}" + (f": {tail}" if tail else "")

    def close(self) -> None:
        """Stop every worker: all are told at once, then each is waited for."""
        workers, self._workers = self._workers, []  # (a second close finds none)
        for w in workers:
            w.ask_to_stop()
        for w in workers:
            w.stop()


def collect_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named in ``paths``, with folders recursed (sorted, each file once).

    A file named explicitly is always kept. Inside folders, files that are never returned
    workbooks are skipped: hidden files (``.*``), Excel lock files (``~$*``) and the
    ``*.meta.json`` sidecars written by ``mail fetch``. Everything else is kept whatever its
    extension: the reader decides the type by the bytes."""
    out: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if any(part.startswith((".", "~$")) for part in rel):
                    continue
                if f.is_file() and not f.name.endswith(".meta.json"):
                    out.setdefault(f, None)
        else:
            out.setdefault(p, None)
    return list(out)


def read_untrusted(path: str | os.PathLike, limits: Limits = Limits()) -> ReadResult:
    """Read one untrusted file in a one-off worker (convenience; use ``ReaderPool`` for many)."""
    with ReaderPool(workers=1, limits=limits) as pool:
        return pool.read(path)


def _main(argv: list[str]) -> int:  # python -m sheettools.safety FILE... (debugging aid)
    with ReaderPool() as pool:
        for r in pool.read_many(collect_paths(argv)):
            rows = sum(len(s.rows) for s in r.sheets)
            print(
                f"{Path(r.path).name}\t{r.file_type}\t{r.reason_code or 'ok'}\t{rows}\t{r.reason}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
