"""What a cell is, beyond the value a reader gives: its number format and formula.

python-calamine gives each cell's value only: an error cell (``#DIV/0!``), a formula without
a cached value and an empty cell all read as empty, and a percent-formatted ``0.5`` reads like
a typed ``0.5``. ``returns.digest`` asks this module, for the few input cells where it matters,
what the file itself says:

* ``number formats``: whether a numeric cell is formatted as a percentage (xlsx/xlsm: the
  cell's style in ``styles.xml``; ods: ``office:value-type="percentage"``; xls: the XF record's
  format, read with xlrd). Unknown (CSV, a format this module cannot read): ``None``.
* ``formula and error cells`` (xlsx/xlsm): ``t="e"`` cells (error values), formulas with no
  cached value, and formulas whose cached value is not stable (volatile functions such as
  ``TODAY()``, ``NOW()``, ``RAND()``, ``OFFSET``/``INDIRECT``, or a link to another workbook);
  the same for ods (``ods_cells``), and error cells for xls (``xls_cells``).

Everything here runs in the reader workers on bytes already checked by ``sheettools.safety``
(zip bombs, entities); each part is read only when a cheap test says it may matter. Only the
standard library is imported at module level.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Set as AbstractSet
from typing import Any

VOLATILE = (
    "TODAY",
    "NOW",
    "RAND",
    "RANDBETWEEN",
    "RANDARRAY",
    "OFFSET",
    "INDIRECT",
    "INFO",
    "CELL",
)
_VOLATILE_PATTERN = r"\b(" + "|".join(VOLATILE) + r")\s*\(|\[\d+\]|'?[A-Za-z]:\\|https?://"
# (compiled on first use, by re's cache: only a file with formulas needs it, and compiling it
# was a good part of importing this module in every process)
_ERR_CELL_RE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?\bt="e"[^>]*>(.*?)</c>', re.S)
_F_START_RE = re.compile(rb"<f[ >/]")
_R_RE = re.compile(rb'\br="([A-Z]+\d+)"')
_S_RE = re.compile(rb'\bs="(\d+)"')
_F_RE = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_V_RE = re.compile(rb"<v>(.*?)</v>", re.S)
_REF_RE = re.compile(r"([A-Z]+)(\d+)")


class Region:
    """Cells of some columns from a row on (0-based): ``(row, col) in Region(4, {6, 7})``."""

    __slots__ = ("start", "cols")

    def __init__(self, start: int, cols: set[int]) -> None:
        self.start, self.cols = start, cols

    def __contains__(self, rc: object) -> bool:
        return isinstance(rc, tuple) and rc[0] >= self.start and rc[1] in self.cols


PERCENT_BUILTIN = {9, 10}


def col_letters(c: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(row: int, col: int) -> str:
    """(0-based row, 0-based col) -> ``A1``."""
    return f"{col_letters(col)}{row + 1}"


def _parse_ref(r: str) -> tuple[int, int] | None:
    m = _REF_RE.fullmatch(r)
    if not m:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _unescape(b: bytes) -> str:
    import html

    return html.unescape(b.decode("utf-8", "replace"))


# --- xlsx ----------------------------------------------------------------------------------


_SHEET_PARTS: dict[tuple, str | None] = {}  # (workbook.xml, rels: crc32, size; name) -> part


def _xlsx_sheet_part(z: Any, sheet_name: str, data: bytes = b"") -> str | None:
    """The zip member holding the worksheet named ``sheet_name`` (workbook.xml, its rels;
    ``data``: the archive's bytes, to inflate them directly). Remembered by the two parts'
    CRC and size: the returns of one split share them."""
    try:
        wi, ri = z.getinfo("xl/workbook.xml"), z.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError:
        return None
    memo = (wi.CRC, wi.file_size, ri.CRC, ri.file_size, sheet_name)
    if memo not in _SHEET_PARTS:
        if len(_SHEET_PARTS) > 256:
            _SHEET_PARTS.clear()
        _SHEET_PARTS[memo] = _find_sheet_part(z, sheet_name, data)
    return _SHEET_PARTS[memo]


def _find_sheet_part(z: Any, sheet_name: str, data: bytes) -> str | None:
    import html

    def read(name: str) -> bytes:
        return _read_member(z, data, name) if data else z.read(name)

    wb = read("xl/workbook.xml").decode("utf-8", "replace")
    rid = None
    for m in _SHEET_EL_RE.finditer(wb):
        el = m.group(0)
        name = _NAME_RE.search(el)
        if name and html.unescape(name.group(1)) == sheet_name:
            found = _RID_RE.search(el)
            rid = found.group(1) if found else None
            break
    if rid is None:
        return None
    rels = read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    for m in _REL_EL_RE.finditer(rels):
        el = m.group(0)
        if f'Id="{rid}"' in el:
            t = _TARGET_RE.search(el)
            target = t.group(1) if t else ""
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return re.sub(r"[^/]+/\.\./", "", target)
    return None


_SHEET_EL_RE = re.compile(r"<(?:\w+:)?sheet\b[^>]*>")
_NAME_RE = re.compile(r'\bname="([^"]*)"')
_RID_RE = re.compile(r'\b[\w]+:id="([^"]*)"')
_REL_EL_RE = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")
_TARGET_RE = re.compile(r'\bTarget="([^"]*)"')


def _inflater() -> Any:
    """A raw-deflate decompressor: ISA-L's (about twice zlib's speed; the master is written
    with it too), else zlib's."""
    try:
        from isal import isal_zlib

        return isal_zlib.decompressobj(-15)
    except ImportError:  # pragma: no cover - (isal has wheels for the usual platforms)
        import zlib

        return zlib.decompressobj(-15)


def _read_member(z: Any, data: bytes, name: str) -> bytes:
    """A deflated member inflated straight from the bytes (no stream object, no CRC pass:
    the reader read this file already); zipfile's own read otherwise."""
    info = z.getinfo(name)
    if info.compress_type == zipfile.ZIP_DEFLATED and info.file_size <= 64 * 2**20:
        off = info.header_offset
        if data[off : off + 4] == b"PK\x03\x04":
            n, m = (
                int.from_bytes(data[off + 26 : off + 28], "little"),
                int.from_bytes(data[off + 28 : off + 30], "little"),
            )
            start = off + 30 + n + m
            d = _inflater()
            out = d.decompress(data[start : start + info.compress_size], info.file_size + 1)
            if len(out) == info.file_size:
                return out
    return z.read(name)


_PERCENT_STYLES: dict[tuple[int, int], frozenset[int]] = {}  # (crc32, size) of styles.xml


def _xlsx_percent_styles(z: Any, data: bytes = b"") -> AbstractSet[int]:
    """Indexes of the cell styles (``cellXfs``) whose number format is a percentage
    (remembered by the part's CRC and size: the returns of one split share their styles)."""
    try:
        info = z.getinfo("xl/styles.xml")
    except KeyError:
        return frozenset()
    memo = (info.CRC, info.file_size)
    found = _PERCENT_STYLES.get(memo)
    if found is None:
        raw = _read_member(z, data, "xl/styles.xml") if data else z.read("xl/styles.xml")
        found = frozenset(_percent_styles(raw.decode("utf-8", "replace")))
        if len(_PERCENT_STYLES) > 256:
            _PERCENT_STYLES.clear()
        _PERCENT_STYLES[memo] = found
    return found


def _percent_styles(styles: str) -> set[int]:
    custom: dict[int, str] = {}
    for m in re.finditer(r"<(?:\w+:)?numFmt\b([^>]*)/?>", styles):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
        try:
            custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        except ValueError:
            continue
    xfs = re.search(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", styles, re.S)
    out: set[int] = set()
    if not xfs:
        return out
    for i, m in enumerate(re.finditer(r"<(?:\w+:)?xf\b([^>]*?)(?:/>|>)", xfs.group(1))):
        fid = re.search(r'numFmtId="(\d+)"', m.group(1))
        n = int(fid.group(1)) if fid else 0
        if n in PERCENT_BUILTIN or (n in custom and _is_percent_code(custom[n])):
            out.add(i)
    return out


def _is_percent_code(code: str) -> bool:
    import html

    code = re.sub(r'"[^"]*"|\\.', "", html.unescape(code))  # quoted text, escaped characters
    return "%" in code


class _KnownZip:
    """The archive's members as ``safety`` listed them already (name -> ``ZipInfo``): the
    central directory is not parsed twice; a member that must go through ``zipfile`` opens
    the archive then."""

    __slots__ = ("_data", "_infos")

    def __init__(self, data: bytes, infos: dict[str, zipfile.ZipInfo]) -> None:
        self._data, self._infos = data, infos

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self._infos[name]

    def read(self, name: str) -> bytes:
        return zipfile.ZipFile(io.BytesIO(self._data)).read(name)


def xlsx_cells(
    data: bytes,
    sheet_name: str,
    wanted: Any,
    percent_wanted: AbstractSet[tuple[int, int]] = frozenset(),
    infos: dict[str, zipfile.ZipInfo] | None = None,
    parts: dict[str, bytes] | None = None,
) -> dict:
    """For the ``wanted`` cells (0-based row, col) of one sheet: ``{"percent": set of cells,
    "errors": {cell: text}, "no_value": set, "volatile": {cell: formula}}`` (percentages among
    ``percent_wanted``, the rest among ``wanted``, a set or a ``Region``). Missing parts or
    a sheet not found give empty answers (never an exception for a damaged file).

    Only the cells that matter are looked at: error cells and formulas are found by a search
    for their markers (most returns have none), number formats only when asked. ``infos``:
    the archive's members by name when the caller listed them already; ``parts``: worksheet
    parts inflated already (``light_copy``), by member name."""
    out: dict[str, Any] = {"percent": set(), "errors": {}, "no_value": set(), "volatile": {}}
    try:
        z: Any = _KnownZip(data, infos) if infos else zipfile.ZipFile(io.BytesIO(data))
        part = _xlsx_sheet_part(z, sheet_name, data)
        if part is None:
            return out
        xml = parts.get(part) if parts else None
        if xml is None:
            xml = _read_member(z, data, part)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return out
    if _has(xml, b't="e"', 3):
        out["errors"] = _error_cells(xml, wanted)
    if _has(xml, b"</f>", 2):  # (a formula cell holds <f>…</f>; shared ones refer to one that does)
        _formula_cells(xml, wanted, out)
    if percent_wanted:
        pct = _xlsx_percent_styles(z, data)
        if pct:
            out["percent"] = _percent_cells(xml, pct, percent_wanted)
    return out


def _has(xml: bytes, needle: bytes, at: int, tries: int = 40) -> bool:
    """``needle in xml``, sooner: a search for a few bytes costs about a nanosecond a byte
    (the bytes of these markers, ``"`` and ``>``, are everywhere in a sheet), one for a
    single byte is ``memchr``'s. So jump from one ``needle[at]`` (a byte rare among cells,
    ``e`` or ``f``) to the next and compare there, from the cells on; after ``tries`` misses
    (a part where that byte is common, e.g. inline strings), the plain search goes on."""
    b = needle[at : at + 1]
    pos = xml.find(b, max(xml.find(b"<sheetData"), 0) + at)  # (not in the part's prolog)
    while pos >= 0:
        if xml.startswith(needle, pos - at):
            return True
        tries -= 1
        if not tries:
            return xml.find(needle, pos - at + 1) >= 0
        pos = xml.find(b, pos + 1)
    return False


def _error_cells(xml: bytes, wanted: Any) -> dict[Any, str]:
    """The ``wanted`` cells holding an error value (``#REF!``…) → its text."""
    errors: dict[Any, str] = {}
    for m in _ERR_CELL_RE.finditer(xml):
        rc = _parse_ref(m.group(1).decode("ascii", "replace"))
        if rc in wanted:
            v = _V_RE.search(m.group(2) or b"")
            errors[rc] = _unescape(v.group(1)) if v else "#ERROR"
    return errors


def _formula_cells(xml: bytes, wanted: Any, out: dict[str, Any]) -> None:
    """The ``wanted`` formula cells (not errors) without a saved value (``no_value``) or with
    a volatile function (``volatile``: cell → formula), added to ``out``."""
    for m in _F_START_RE.finditer(xml):
        start = xml.rfind(b"<c ", 0, m.start())
        end = xml.find(b"</c>", m.start())
        if start < 0 or end < 0:
            continue
        cell = xml[start:end]
        head = cell[: cell.find(b">") + 1]
        r = _R_RE.search(head)
        rc = _parse_ref(r.group(1).decode("ascii", "replace")) if r else None
        if rc not in wanted or rc in out["errors"]:
            continue
        f = _F_RE.search(cell)
        v = _V_RE.search(cell)
        formula = _unescape((f.group(1) if f else b"") or b"")
        if v is None or (not v.group(1) and b't="str"' not in head):
            out["no_value"].add(rc)
        elif re.search(_VOLATILE_PATTERN, formula, re.I):
            out["volatile"][rc] = formula


def _percent_cells(
    xml: bytes, pct: AbstractSet[int], percent_wanted: AbstractSet[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The cells of ``percent_wanted`` whose style (``s="N"``) is one of the percent ``pct``."""
    found = set()
    last = 0  # (rows are in order in the part: one pass over it for all the cells)
    for rc in sorted(percent_wanted):
        tag = b'<c r="' + ref(*rc).encode() + b'"'
        pos = xml.find(tag, last)
        if pos < 0:
            pos = xml.find(tag)  # (a part written out of order)
            if pos < 0:
                continue
        last = pos
        head = xml[pos : xml.find(b">", pos) + 1]
        st = _S_RE.search(head)
        if st and int(st.group(1)) in pct:
            found.add(rc)
    return found


# --- a lighter copy of a workbook for python-calamine -----------------------------------------
#
# python-calamine's ``get_sheet_by_name`` reads a sheet twice: its cells, then the whole part
# again for its merged ranges (calamine scans the XML up to ``<mergeCells>``, which the format
# puts after the cells). For a report sheet that second pass, with inflating the part twice,
# was about a third of reading a return. ``light_copy`` gives the reader the same workbook
# with each large worksheet part stored uncompressed and an empty ``<mergeCells>`` put right
# before its ``<sheetData>``: calamine's cells are read from the very same bytes, its merged
# ranges scan stops at once, and the real merged ranges are read here (``merged``) from the
# part inflated once, which the cell check (``xlsx_cells``) then reuses. A part this cannot
# read exactly as calamine does (a comment or CDATA in it, no ``<sheetData>``, a merged range
# it does not parse, an unfinished ``<mergeCells>``) is left as it was, for calamine to judge.

LIGHT_MIN = 2048  # a worksheet part smaller than this is left as it is (inflated size)
LIGHT_MAX = 32 * 2**20  # ... and larger parts too (their inflated copy would stay in memory)
_OPEN_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?")  # an element's start, before its local name
_CLOSE_RE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?")
_MERGE_CELL_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b([^>]*)>")
_REF_ATTR_RE = re.compile(rb"""\sref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DIM_RE = re.compile(rb"([A-Z]{1,3})([1-9]\d{0,6})(?::([A-Z]{1,3})([1-9]\d{0,6}))?")
_EMPTY_MERGES = b"<mergeCells></mergeCells>"


def _tag(xml: bytes, name: bytes, start: int = 0, closing: bool = False) -> int:
    """Where the first start (or end) tag of the element ``name`` (any prefix) begins from
    ``start`` on, -1 if none: a search for the name (far cheaper than a regular expression
    over the part), then a look at the bytes around it."""
    head = _CLOSE_RE if closing else _OPEN_RE
    pos = xml.find(name, start)
    while pos >= 0:
        after = xml[pos + len(name) : pos + len(name) + 1]
        if after and after in b" \t\r\n/>":
            lt = xml.rfind(b"<", max(pos - 80, start), pos)
            if lt >= 0 and head.fullmatch(xml, lt, pos):
                return lt
        pos = xml.find(name, pos + 1)
    return -1


def _no_markup_decl(xml: bytes, tries: int = 40) -> bool:
    """No ``<!`` (comment, CDATA, DOCTYPE) in the part: ``!`` is rare in a sheet, so jump
    from one to the next (``memchr``); the plain search after ``tries`` misses."""
    pos = xml.find(b"!")
    while pos >= 0:
        if xml[pos - 1 : pos] == b"<":
            return False
        tries -= 1
        if not tries:
            return b"<!" not in xml
        pos = xml.find(b"!", pos + 1)
    return True


def _col_index(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col - 1


def _merges_of(xml: bytes) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """The merged ranges of a worksheet part as calamine reads them (the first
    ``<mergeCells>``'s ``<mergeCell ref=...>``; ``((r0, c0), (r1, c1))``, 0-based), or None when
    this cannot be sure (calamine is then left to read the part itself)."""
    at = _tag(xml, b"mergeCells")
    if at < 0:
        return []
    tag_end = xml.find(b">", at)
    if tag_end < 0:
        return None
    if xml[tag_end - 1 : tag_end] == b"/":  # <mergeCells/>: no ranges
        return []
    end = _tag(xml, b"mergeCells", tag_end, closing=True)
    if end < 0:  # (calamine fails on it: let it)
        return None
    out = []
    for cell in _MERGE_CELL_RE.finditer(xml, tag_end, end):
        attr = _REF_ATTR_RE.search(cell.group(1))
        if attr is None:  # (calamine skips a mergeCell without ref)
            continue
        d = _DIM_RE.fullmatch(attr.group(1) if attr.group(1) is not None else attr.group(2))
        if d is None:
            return None
        r0, c0 = int(d.group(2)) - 1, _col_index(d.group(1))
        if d.group(3) is None:
            out.append(((r0, c0), (r0, c0)))
        else:
            out.append(((r0, c0), (int(d.group(4)) - 1, _col_index(d.group(3)))))
    return out


def light_copy(
    data: bytes, infos: dict[str, zipfile.ZipInfo]
) -> tuple[bytes, dict[str, bytes], dict[str, list]] | None:
    """``(workbook bytes for the reader, {part: its XML inflated}, {part: merged ranges})``
    for an xlsx/xlsm archive already checked (``infos``: its members by name, as
    ``safety`` listed them), or None when no part is worth it (read ``data`` as it is)."""
    light: dict[str, bytes] = {}
    parts: dict[str, bytes] = {}
    merges: dict[str, list] = {}
    for name, info in infos.items():
        if not (
            LIGHT_MIN <= info.file_size <= LIGHT_MAX
            and name.startswith("xl/worksheets/")
            and name.endswith(".xml")
            and info.compress_type == zipfile.ZIP_DEFLATED
        ):
            continue
        try:
            xml = _read_member(_KnownZip(data, infos), data, name)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
            continue
        if len(xml) != info.file_size or not _no_markup_decl(xml):  # (comments: calamine's)
            continue
        sd = _tag(xml, b"sheetData")
        found = _merges_of(xml) if sd >= 0 else None
        if found is None:
            continue
        parts[name], merges[name] = xml, found
        light[name] = b"".join((xml[:sd], _EMPTY_MERGES, xml[sd:]))
    if not light:
        return None
    return _rezip(data, infos, light), parts, merges


def _rezip(data: bytes, infos: dict[str, zipfile.ZipInfo], light: dict[str, bytes]) -> bytes:
    """The archive again, member for member in its order, the ``light`` ones stored as given
    and the others' compressed bytes copied as they are."""
    import struct

    try:
        from isal.isal_zlib import crc32
    except ImportError:  # pragma: no cover
        from zlib import crc32

    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for info in sorted(infos.values(), key=lambda i: i.header_offset):
        n, m = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + n + m
        body = light.get(info.filename)
        if body is None:
            body = data[start : start + info.compress_size]
            method, crc, size = info.compress_type, info.CRC, info.file_size
        else:
            method, crc, size = zipfile.ZIP_STORED, crc32(body), len(body)
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        flags = info.flag_bits & 0x800
        out.append(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(body),
                size,
                len(name),
                0,
            )  # fmt: skip
        )
        out.append(name)
        out.append(body)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(body),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )  # fmt: skip
            + name
        )
        offset += 30 + len(name) + len(body)
    cd = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(cd),
                      offset, 0)  # fmt: skip
    return b"".join((*out, cd, end))


# --- ods -----------------------------------------------------------------------------------

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def ods_percent(data: bytes, sheet_name: str, wanted: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The ``wanted`` cells of an ods sheet typed as percentages."""
    # (safety.check_zip refused any DOCTYPE/ENTITY in the parts before: expat only sees
    # plain XML here)
    from xml.etree.ElementTree import iterparse

    out: set[tuple[int, int]] = set()
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        src = z.open("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return out
    max_row = max((r for r, _ in wanted), default=-1)
    in_sheet = False
    row = -1
    col = 0
    try:
        for ev, el in iterparse(src, events=("start", "end")):
            tag = el.tag
            if tag == _T + "table":
                if ev == "start":
                    in_sheet = el.get(_T + "name") == sheet_name
                    row = -1
                elif in_sheet:
                    break
                continue
            if not in_sheet:
                if ev == "end" and tag == _T + "table-row":
                    el.clear()
                continue
            if tag == _T + "table-row":
                if ev == "start":
                    row += 1
                    col = 0
                else:
                    row += int(el.get(_T + "number-rows-repeated", "1")) - 1
                    el.clear()
                    if row > max_row:
                        break
            elif tag in (_T + "table-cell", _T + "covered-table-cell") and ev == "start":
                n = int(el.get(_T + "number-columns-repeated", "1"))
                if el.get(_O + "value-type") == "percentage":
                    for c in range(col, col + min(n, 1000)):
                        if (row, c) in wanted:
                            out.add((row, c))
                col += n
    except Exception:  # a damaged part: no answer, never a crash
        return out
    return out


# --- xls -----------------------------------------------------------------------------------


def xls_percent(
    data: bytes, sheet_name: str, wanted: set[tuple[int, int]]
) -> set[tuple[int, int]] | None:
    """The ``wanted`` cells of an xls sheet whose format is a percentage (None: no xlrd)."""
    try:
        import xlrd
    except ImportError:
        return None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
        sh = book.sheet_by_name(sheet_name)
        out = set()
        for r, c in wanted:
            if r < sh.nrows and c < sh.ncols:
                xf = book.xf_list[sh.cell_xf_index(r, c)]
                fmt = book.format_map.get(xf.format_key)
                if fmt is not None and _is_percent_code(fmt.format_str):
                    out.add((r, c))
        return out
    except Exception:
        return None


def percent_cells(
    ftype: str,
    data: bytes,
    sheet: str,
    wanted: set[tuple[int, int]],
    infos: dict[str, zipfile.ZipInfo] | None = None,
) -> set | None:
    """Percent-formatted cells among ``wanted``; None when the format cannot be known."""
    if ftype in ("xlsx", "xlsm"):
        return xlsx_cells(data, sheet, set(), wanted, infos)["percent"]
    if ftype == "ods":
        return ods_percent(data, sheet, wanted)
    if ftype == "xls":
        return xls_percent(data, sheet, wanted)
    return None


# --- formula and error cells of ods and xls ------------------------------------------------

_C = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def ods_cells(data: bytes, sheet_name: str, wanted: Any) -> dict:
    """``xlsx_cells``' answer (without ``percent``) for an ods sheet: error cells (LibreOffice
    saves ``calcext:value-type="error"`` and shows ``Err:509``, ``#VALUE!``), formulas saved
    without a value, and formulas with a volatile function or a link to another file. The
    reader gives all of these as empty cells. Only read when the part holds a formula."""
    from xml.etree.ElementTree import iterparse

    from .normalize import error_value

    out: dict[str, Any] = {"percent": set(), "errors": {}, "no_value": set(), "volatile": {}}
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        raw = z.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        return out
    if b"table:formula=" not in raw and b'value-type="error"' not in raw:
        return out  # (most returns: nothing computed, nothing to look at)
    in_sheet, row, col = False, -1, 0
    try:
        for ev, el in iterparse(io.BytesIO(raw), events=("start", "end")):
            tag = el.tag
            if tag == _T + "table":
                if ev == "start":
                    in_sheet, row = el.get(_T + "name") == sheet_name, -1
                elif in_sheet:
                    break
                continue
            if not in_sheet:
                if ev == "end" and tag == _T + "table-row":
                    el.clear()
                continue
            if tag == _T + "table-row":
                if ev == "start":
                    row, col = row + 1, 0
                else:
                    row += int(el.get(_T + "number-rows-repeated", "1")) - 1
                    el.clear()
            elif tag in (_T + "table-cell", _T + "covered-table-cell") and ev == "end":
                n = int(el.get(_T + "number-columns-repeated", "1"))
                formula = el.get(_T + "formula")
                rc = (row, col)
                col += n
                if rc not in wanted:
                    continue
                shown = "".join(el.itertext()).strip()
                kind = el.get(_O + "value-type")
                if el.get(_C + "value-type") == "error" or (formula and error_value(shown)):
                    out["errors"][rc] = error_value(shown) or shown or "#ERROR"
                elif formula is None:
                    continue
                elif kind is None:
                    out["no_value"].add(rc)
                elif (
                    re.search(_VOLATILE_PATTERN, formula, re.I)
                    or "file:" in formula
                    or "'#$" in formula
                ):
                    out["volatile"][rc] = formula.removeprefix("of:").lstrip("=")
    except Exception:  # a damaged part: no answer, never a crash
        return out
    return out


def xls_cells(data: bytes, sheet_name: str, wanted: Any) -> dict:
    """``xlsx_cells``' answer for an xls sheet, as far as xlrd sees: error cells (the reader
    gives them as empty). Formulas are not in xlrd's view (their results are)."""
    out: dict[str, Any] = {"percent": set(), "errors": {}, "no_value": set(), "volatile": {}}
    try:
        import xlrd
    except ImportError:
        return out
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sh = book.sheet_by_name(sheet_name)
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                if (r, c) in wanted and sh.cell_type(r, c) == xlrd.XL_CELL_ERROR:
                    text = xlrd.error_text_from_code.get(sh.cell_value(r, c), "#ERROR")
                    out["errors"][(r, c)] = text
    except Exception:  # a damaged file: no answer, never a crash
        return out
    return out
