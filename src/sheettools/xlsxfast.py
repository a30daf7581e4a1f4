"""A small streaming xlsx writer for large, plain tables (the master workbook).

The master's ``reports`` sheet grows to hundreds of thousands of rows; a general-purpose
writer spends most of its time on features the master does not use. This writer emits the
SpreadsheetML parts directly: inline strings (every string is text: never a formula, URL or
number), numbers, booleans, dates (as serials with a date style), a bold header row, column
widths, a frozen header and an autofilter. The zip has fixed timestamps, so the same content
gives the same bytes. Files open in Excel, LibreOffice, openpyxl and python-calamine.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .cellinfo import col_letters as col_letter  # one home: cellinfo (A1 references)

_EPOCH = dt.date(1899, 12, 30)
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# characters XML 1.0 cannot hold, and literal "_xHHHH_" that readers would unescape
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_NEEDS_PRESERVE = re.compile(r"^\s|\s$|\n|\t| {2}")

STYLE_DEFAULT, STYLE_HEADER, STYLE_DATE = 0, 1, 2


_COLS = [col_letter(i) for i in range(256)]


_str_cache: dict[str, str] = {}


def _escape(s: str) -> str:
    s = s.translate(_ESC)
    if _ILLEGAL.search(s):
        s = _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)
    return s


def _inline(v: str) -> str:
    """``<is>..</is>`` for a string; the common case (nothing to escape) is one regex scan."""
    hit = _str_cache.get(v)
    if hit is not None:
        return hit
    if (  # the common case, checked with C-level string methods only
        v.isprintable()
        and "&" not in v
        and "<" not in v
        and ">" not in v
        and '"' not in v
        and "_x" not in v
        and "  " not in v
        and v[0] != " "
        and v[-1] != " "
    ):
        out = f"<is><t>{v}</t></is>"
    else:
        sp = ' xml:space="preserve"' if _NEEDS_PRESERVE.search(v) else ""
        out = f"<is><t{sp}>{_escape(v)}</t></is>"
    if len(v) < 48:
        if len(_str_cache) > 50_000:
            _str_cache.clear()
        _str_cache[v] = out
    return out


@dataclass
class Sheet:
    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]  # values: str, int, float, bool, date, None
    widths: Sequence[float] = ()
    freeze_header: bool = True
    autofilter: bool = True
    hidden: bool = False
    renderers: Sequence[Any] | None = None  # one function per column: value -> "<c>..</c>"
    prebuilt: SheetStream | None = None  # rendered already (then ``rows`` is not read)
    _count: int = field(default=0, init=False)


def write_xlsx(path, sheets: Sequence[Sheet], *, title: str = "", level: int = 6) -> None:
    """Write ``sheets`` to ``path`` (a path or a binary file object).

    A sheet whose ``prebuilt`` holds a finished ``SheetStream`` is not rendered again: its
    compressed part is copied as it is."""
    members = [
        _member("[Content_Types].xml", _content_types(len(sheets)), level),
        _member("_rels/.rels", _ROOT_RELS, level),
        _member("docProps/core.xml", _core(title), level),
        _member("docProps/app.xml", _APP, level),
        _member("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)), level),
        _member("xl/styles.xml", _STYLES, level),
    ]
    for i, sheet in enumerate(sheets, start=1):
        name = f"xl/worksheets/sheet{i}.xml"
        if sheet.prebuilt is not None:
            members.append(sheet.prebuilt.finish(name))
            sheet._count = sheet.prebuilt.last_row
            continue
        m = _Member(name, level)
        for chunk in _sheet_xml(sheet):
            m.write(chunk)
        members.append(m.close())
    members.append(_member("xl/workbook.xml", _workbook(sheets), level))  # names sheet ranges
    if hasattr(path, "write"):
        _write_zip(path, members)
    else:
        with open(path, "wb") as fh:
            _write_zip(fh, members)


try:  # ISA-L's deflate: at levels 1-3 about 9x faster than zlib's level 1, files ~6% larger
    from isal import isal_zlib as _isal
except ImportError:  # pragma: no cover - (isal has wheels for the usual platforms)
    _isal = None  # type: ignore[assignment]
_crc32 = _isal.crc32 if _isal is not None else zlib.crc32


def _compressobj(level: int) -> Any:
    """A raw-deflate compressor: ISA-L for the fast levels (1-3), zlib otherwise."""
    if _isal is not None and 1 <= level <= 3:
        return _isal.compressobj(level, zlib.DEFLATED, -15)
    return zlib.compressobj(level, zlib.DEFLATED, -15)


class _Member:
    """One zip member, deflated (raw) as it is written, with its CRC-32 and sizes."""

    __slots__ = ("name", "crc", "size", "csize", "parts", "_z")

    def __init__(self, name: str, level: int) -> None:
        self.name = name
        self.crc = self.size = self.csize = 0
        self.parts: list[bytes] = []
        self._z: Any = _compressobj(level)

    def write(self, text: str) -> None:
        self.write_bytes(text.encode("utf-8"))

    def write_bytes(self, data: bytes) -> None:
        self.crc = _crc32(data, self.crc)
        self.size += len(data)
        out = self._z.compress(data)
        if out:
            self.parts.append(out)

    def close(self) -> _Member:
        if self._z is not None:
            self.parts.append(self._z.flush())
            self._z = None
            self.csize = sum(map(len, self.parts))
        return self


def _member(name: str, text: str, level: int) -> _Member:
    m = _Member(name, level)
    m.write(text)
    return m.close()


_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01 (time 00:00): the same content, the same bytes


def _write_zip(fh, members: Sequence[_Member]) -> None:
    """The zip container (no zip64: a master stays far below 4 GiB; refused if not)."""
    offset = 0
    central = []
    for m in members:
        name = m.name.encode("ascii")
        if max(m.size, m.csize, offset) >= 0xFFFFFFFF:
            raise ValueError(f"{m.name}: too large for this writer (4 GiB)")
        fields = (20, 0, 8, 0, _DOS_DATE, m.crc, m.csize, m.size, len(name), 0)
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields)
        fh.write(head + name)
        for part in m.parts:
            fh.write(part)
        central.append(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHH", *fields)
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + name
        )
        offset += len(head) + len(name) + m.csize
    cd = b"".join(central)
    fh.write(cd)
    fh.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), offset, 0)
    )


def _cell(v: Any) -> str:
    # cells carry no "r" attribute: readers place them in order (the row keeps its "r")
    t = type(v)
    if t is str:
        return f'<c t="inlineStr">{_inline(v)}</c>' if v else "<c/>"
    if t is bool:
        return f'<c t="b"><v>{int(v)}</v></c>'
    if t is int or t is float:
        return f"<c><v>{v!r}</v></c>"
    if t is dt.date:
        return f'<c s="{STYLE_DATE}"><v>{(v - _EPOCH).days}</v></c>'
    if t is dt.datetime:
        serial = (v.date() - _EPOCH).days + (v.hour * 3600 + v.minute * 60 + v.second) / 86400
        return f'<c s="{STYLE_DATE}"><v>{serial!r}</v></c>'
    if v is None:
        return "<c/>"
    return _cell(str(v))


def _rows_renderer(renderers: Sequence[Any] | None):
    """One function rendering rows: ``(rows, first row number) -> (xml, last row number)``.

    With a renderer per column, the loop is generated code: each row unpacks into locals and
    becomes one f-string (one allocation per row); a text column looks its cell up in the memo
    first and calls its renderer only on a miss."""
    if not renderers:
        return _render_rows_generic
    n = len(renderers)
    args = ", ".join(f"v{i}" for i in range(n)) + ("," if n == 1 else "")
    body = "".join(
        "{" + (f"c{i}(v{i}) or r{i}(v{i})" if f in _MEMOS else f"r{i}(v{i})") + "}"
        for i, f in enumerate(renderers)
    )
    namespace: dict[str, Any] = {f"r{i}": f for i, f in enumerate(renderers)}
    namespace.update({f"c{i}": _MEMOS[f].get for i, f in enumerate(renderers) if f in _MEMOS})
    exec(
        "def render_rows(rows, first):\n"
        "    out = []\n"
        "    add = out.append\n"
        "    r = first\n"
        f"    for {args} in rows:\n"
        f"        add(f'<row r=\"{{r}}\">{body}</row>')\n"
        "        r += 1\n"
        "    return ''.join(out), r - 1\n",
        namespace,
    )
    return namespace["render_rows"]


def _render_rows_generic(rows: Iterable[Sequence[Any]], first: int) -> tuple[str, int]:
    buf: list[str] = []
    r = first - 1
    for r, row in enumerate(rows, start=first):
        buf.append(f'<row r="{r}">{"".join([_cell(v) for v in row])}</row>')
    return "".join(buf), r


_text_cells: dict[Any, str] = {None: "<c/>", "": "<c/>"}


def render_text(v: Any) -> str:
    """A text cell; short strings recur (keys, units, dates, file names, hashes): memoised."""
    hit = _text_cells.get(v)
    if hit is not None:
        return hit
    if not v:
        return "<c/>"
    out = f'<c t="inlineStr">{_inline(v)}</c>'
    if len(v) <= 96:
        if len(_text_cells) > 50_000:
            _text_cells.clear()
            _text_cells[None] = _text_cells[""] = "<c/>"
        _text_cells[v] = out
    return out


_int_cells: dict[Any, str] = {None: "<c/>"}


def render_number(v: Any) -> str:
    """A number cell; whole numbers recur (versions, percentages): memoised."""
    if v is None:
        return "<c/>"
    out = f"<c><v>{v!r}</v></c>"
    if type(v) is int and -1000 <= v <= 100_000:  # (a float equal to one renders the same)
        _int_cells[v] = out
    return out


_bool_cells: dict[Any, str] = {
    None: "<c/>", True: '<c t="b"><v>1</v></c>', False: '<c t="b"><v>0</v></c>'
}  # fmt: skip


def render_bool(v: Any) -> str:
    return "<c/>" if v is None else _bool_cells[bool(v)]


_iso_cache: dict[Any, str] = {None: "<c/>", "": "<c/>"}


def render_iso_date(v: Any) -> str:
    """An ISO date string as a real date cell (a string that is not a date stays text)."""
    if not v:
        return "<c/>"
    hit = _iso_cache.get(v)
    if hit is None:
        try:
            hit = f'<c s="{STYLE_DATE}"><v>{(dt.date.fromisoformat(v[:10]) - _EPOCH).days}</v></c>'
        except (ValueError, TypeError):
            hit = render_text(str(v))
        if len(_iso_cache) > 20_000:
            _iso_cache.clear()
            _iso_cache[None] = _iso_cache[""] = "<c/>"
        _iso_cache[v] = hit
    return hit


# the memo each renderer fills (the generated row code looks a value up before calling)
_MEMOS = {
    render_text: _text_cells, render_number: _int_cells, render_bool: _bool_cells,
    render_iso_date: _iso_cache,
}  # fmt: skip


def render_list(v: Any) -> str:
    if not v:
        return "<c/>"
    if len(v) == 1 and v[0].__class__ is str:  # (one flag, the common case: no join)
        return _text_cells.get(v[0]) or render_text(v[0])
    return render_text("; ".join(map(str, v)))


def _sheet_head(sheet: Sheet) -> str:
    head = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']  # fmt: skip
    if sheet.freeze_header:
        head.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        )
    head.append('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        head.append("<cols>")
        for i, w in enumerate(sheet.widths, start=1):
            head.append(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>')
        head.append("</cols>")
    head.append("<sheetData>")
    hdr = "".join(
        f'<c r="{_COLS[i]}1" t="inlineStr" s="{STYLE_HEADER}"><is><t>{_escape(str(h))}</t></is></c>'
        for i, h in enumerate(sheet.header)
    )
    head.append(f'<row r="1">{hdr}</row>')
    return "".join(head)


def _sheet_tail(sheet: Sheet, last_row: int) -> str:
    ncols = max(len(sheet.header), 1)
    last = _COLS[ncols - 1] if ncols <= len(_COLS) else col_letter(ncols - 1)
    tail = ["</sheetData>"]
    if sheet.autofilter:
        tail.append(f'<autoFilter ref="A1:{last}{max(last_row, 2)}"/>')
    tail.append(
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    return "".join(tail)


def _sheet_xml(sheet: Sheet):
    yield _sheet_head(sheet)
    render_rows = _rows_renderer(sheet.renderers)
    rows = iter(sheet.rows)
    r = 1
    while chunk := list(itertools.islice(rows, 2000)):
        xml, r = render_rows(chunk, r + 1)
        yield xml
    sheet._count = r
    yield _sheet_tail(sheet, r)


class SheetStream:
    """One sheet rendered and compressed a batch of rows at a time, for a writer that has the
    rows long before it writes the file (a merge renders the reports sheet while it still reads
    files). ``add`` rows, then give it to ``write_xlsx`` as ``Sheet.prebuilt``: the part is the
    same, byte for byte, as rendering the whole sheet at once."""

    def __init__(self, sheet: Sheet, level: int = 6) -> None:
        self.sheet = sheet
        self.last_row = 1
        self._render = _rows_renderer(sheet.renderers)
        self._member: _Member | None = _Member("", level)
        self._member.write(_sheet_head(sheet))

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        if self._member is None:
            raise RuntimeError("SheetStream.add after finish")
        xml, self.last_row = self._render(rows, self.last_row + 1)
        if xml:
            self._member.write(xml)

    def finish(self, name: str) -> _Member:
        """The finished zip member (``add`` is refused afterwards)."""
        m = self._member
        if m is None:
            raise RuntimeError("SheetStream.finish called twice")
        self._member = None
        m.name = name
        m.write(_sheet_tail(self.sheet, self.last_row))
        return m.close()


# --- rows added to a workbook written by another writer -----------------------------------
#
# The committee workbook is written with xlsxwriter (formats, merged titles, charts, print
# set-up), except for its appendix: one row per unit report, 80,000 rows in a large quarter,
# where xlsxwriter's per-cell work is most of the time. Those rows are rendered here as
# SpreadsheetML (inline strings, the workbook's own cell styles, a height per row) and spliced
# into the finished file.


def styled_text(v: str, style: int) -> str:
    """A text cell in cell style ``style`` (an index into the workbook's ``cellXfs``)."""
    return f'<c s="{style}" t="inlineStr">{_inline(v)}</c>' if v else f'<c s="{style}"/>'


def styled_number(v: float, style: int) -> str:
    return f'<c s="{style}"><v>{v!r}</v></c>'


def styled_blank(style: int) -> str:
    return f'<c s="{style}"/>'


def styled_row(r: int, height: float, cells: str) -> str:
    """Row ``r`` (0-based, as xlsxwriter counts) with a fixed height in points."""
    return f'<row r="{r + 1}" ht="{height:.2f}" customHeight="1">{cells}</row>'


# elements that follow <mergeCells> in a worksheet (ECMA-376 Part 1, CT_Worksheet)
_AFTER_MERGES = ("<phoneticPr", "<conditionalFormatting", "<dataValidations", "<hyperlinks",
                 "<printOptions", "<pageMargins", "<pageSetup", "<headerFooter")  # fmt: skip


def splice_rows(
    source: bytes,
    fh,
    sheet_name: str,
    rows: Sequence[str],
    merges: Sequence[tuple[int, int, int, int]] = (),
    *,
    last_col: int = 0,
    level: int = 3,
) -> None:
    """Write the xlsx in ``source`` to ``fh`` with ``rows`` (rendered by ``styled_row``, in
    order, all below the sheet's existing rows) added to the sheet named ``sheet_name``, and
    ``merges`` (first row, first col, last row, last col; 0-based) added to its merged cells.
    The other parts are copied unchanged."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(source)) as z:
        part = _sheet_part(z, sheet_name)
        members = []
        for info in z.infolist():
            data = z.read(info)
            m = _Member(info.filename, level)
            if info.filename != part:
                m.write_bytes(data)
                members.append(m.close())
                continue
            xml = data.decode("utf-8")
            if "<sheetData/>" in xml:
                xml = xml.replace("<sheetData/>", "<sheetData></sheetData>", 1)
            head, sep, tail = xml.partition("</sheetData>")
            if not sep:
                raise ValueError(f"{part}: no sheetData")
            if rows:
                last = int(re.match(r'<row r="(\d+)"', rows[-1]).group(1))  # type: ignore[union-attr]
                head = re.sub(
                    r'<dimension ref="[^"]*"/>',
                    f'<dimension ref="A1:{col_letter(last_col)}{last}"/>', head, count=1,
                )  # fmt: skip
            if merges:
                tail = _add_merges(tail, merges)
            m.write(head)
            for i in range(0, len(rows), 2000):
                m.write("".join(rows[i : i + 2000]))
            m.write(sep + tail)
            members.append(m.close())
    _write_zip(fh, members)


_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def _sheet_part(z: Any, sheet_name: str) -> str:
    """The zip member of the sheet named ``sheet_name`` (``xl/worksheets/sheetN.xml``)."""
    import xml.etree.ElementTree as ET

    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    rid = next(
        s.get(f"{{{_NS['r']}}}id")
        for s in book.iterfind("m:sheets/m:sheet", _NS)
        if s.get("name") == sheet_name
    )
    target = next(
        r.get("Target") or "" for r in rels.iterfind("p:Relationship", _NS) if r.get("Id") == rid
    )
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _add_merges(tail: str, merges: Sequence[tuple[int, int, int, int]]) -> str:
    """The sheet XML after ``</sheetData>`` with ``merges`` added to its merged cells (a
    ``mergeCells`` block made where the schema puts it when there is none)."""
    refs = "".join(
        f'<mergeCell ref="{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}"/>'
        for r0, c0, r1, c1 in merges
    )
    found = re.search(r'<mergeCells count="(\d+)">', tail)
    if found:
        n = int(found.group(1)) + len(merges)
        close = tail.index("</mergeCells>")
        return (tail[: found.start()] + f'<mergeCells count="{n}">'
                + tail[found.end() : close] + refs + tail[close:])  # fmt: skip
    at = min((i for t in _AFTER_MERGES if (i := tail.find(t)) >= 0), default=-1)
    if at < 0:
        at = tail.index("</worksheet>")
    return tail[:at] + f'<mergeCells count="{len(merges)}">{refs}</mergeCells>' + tail[at:]


def _content_types(n: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheets}"
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" '
    'Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>sheettools</Application></Properties>"
)


def _core(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_escape(title)}</dc:title><dc:creator>sheettools</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )


def _workbook(sheets: Sequence[Sheet]) -> str:
    entries = "".join(
        f'<sheet name="{_escape(s.name)}" sheetId="{i}"'
        + (' state="hidden"' if s.hidden else "")
        + f' r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    names = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{_escape(s.name)}'!$A$1:${_COLS[max(len(s.header), 1) - 1]}${max(s._count, 2)}</definedName>"
        for i, s in enumerate(sheets)
        if s.autofilter and s._count
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<bookViews><workbookView/></bookViews><sheets>{entries}</sheets>"
        + (f"<definedNames>{names}</definedNames>" if names else "")
        + "</workbook>"
    )


def _workbook_rels(n: int) -> str:
    rels = "".join(
        f'<Relationship Id="rId{i}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{rels}<Relationship Id="rId{n + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
