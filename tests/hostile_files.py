"""Builders for valid and hostile spreadsheet files, written at test time into ``tmp_path``.

Nothing here is a golden binary: every file is generated from the code below, so each test shows
exactly which defect it feeds to ``sheettools.safety``. ``raw_zip`` writes a zip archive byte by
byte, which lets a test declare sizes that do not match the data, repeat a member name or make
two members share bytes - things ``zipfile`` refuses to write.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def col_letter(c: int) -> str:
    """0-based column index -> letters (0 -> A, 16383 -> XFD)."""
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | float):
        return f'<c r="{ref}"><v>{v}</v></c>'
    if isinstance(v, tuple) and v[0] == "formula":  # ("formula", "A1+1") without cached value
        return f'<c r="{ref}"><f>{escape(v[1])}</f></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'


def sheet_xml(rows, *, cells=None, dimension=None, ns=MAIN_NS, prolog=XML_DECL) -> str:
    """A worksheet part. ``rows`` is a grid from A1; ``cells`` maps extra refs to values."""
    parts = []
    for r, row in enumerate(rows, start=1):
        cs = "".join(_cell(f"{col_letter(c)}{r}", v) for c, v in enumerate(row))
        parts.append(f'<row r="{r}">{cs}</row>')
    for ref, v in (cells or {}).items():
        rownum = "".join(ch for ch in ref if ch.isdigit())
        parts.append(f'<row r="{rownum}">{_cell(ref, v)}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'{prolog}<worksheet xmlns="{ns}">{dim}<sheetData>{"".join(parts)}</sheetData></worksheet>'
    )


def xlsx_parts(
    sheets: dict[str, str],
    *,
    states: dict[str, str] | None = None,
    strict: bool = False,
    vba: bool = False,
    shared_strings: str | None = None,
) -> dict[str, bytes]:
    """The members of a minimal hand-written workbook; ``sheets`` maps name -> worksheet XML."""
    main_ns = STRICT_MAIN_NS if strict else MAIN_NS
    rel_ns = STRICT_REL_NS if strict else REL_NS
    states = states or {}
    main_ct = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if vba
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main_ct}"/>']
    sheet_elems, wb_rels, parts = [], [], {}
    for i, (name, xml) in enumerate(sheets.items(), start=1):
        state = f' state="{states[name]}"' if name in states else ""
        sheet_elems.append(f'<sheet name="{escape(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        wb_rels.append(
            f'<Relationship Id="rId{i}" Type="{rel_ns}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
        )
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        parts[f"xl/worksheets/sheet{i}.xml"] = xml.encode()
    n = len(sheets)
    if shared_strings is not None:
        wb_rels.append(
            f'<Relationship Id="rId{n + 1}" Type="{rel_ns}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        overrides.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared_strings.encode()
    if vba:
        wb_rels.append(
            f'<Relationship Id="rId{n + 2}" Type="http://schemas.microsoft.com/office/2006/'
            'relationships/vbaProject" Target="vbaProject.bin"/>'
        )
        overrides.append(
            '<Override PartName="/xl/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>'
        )
        parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    ct = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    )
    root_rels = (
        f'{XML_DECL}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
        f'Type="{rel_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'{XML_DECL}<workbook xmlns="{main_ns}" xmlns:r="{rel_ns}">'
        f"<sheets>{''.join(sheet_elems)}</sheets></workbook>"
    )
    out = {
        "[Content_Types].xml": ct.encode(),
        "_rels/.rels": root_rels.encode(),
        "xl/workbook.xml": workbook.encode(),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_DECL}<Relationships xmlns="{PKG_REL}">{"".join(wb_rels)}</Relationships>'
        ).encode(),
    }
    out.update(parts)
    return out


def write_zip(path: Path, members: dict[str, bytes], *, stored_first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(stored_first, members[stored_first], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            if name != stored_first:
                z.writestr(name, data)
    return path


def make_xlsx(path: Path, sheets: dict[str, list[list]], **kw) -> Path:
    """A small valid workbook, one worksheet per entry of ``sheets`` (name -> grid from A1)."""
    return write_zip(path, xlsx_parts({n: sheet_xml(r) for n, r in sheets.items()}, **kw))


class OdsCell(str):
    """A cell for ``make_ods`` written as given (raw ``<table:table-cell …>`` XML)."""


def make_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A minimal OpenDocument spreadsheet written by hand (strings and floats; an ``OdsCell``
    as given)."""

    def cell(v):
        if isinstance(v, OdsCell):
            return str(v)
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, int | float) and not isinstance(v, bool):
            return (
                f'<table:table-cell office:value-type="float" office:value="{v}">'
                f"<text:p>{v}</text:p></table:table-cell>"
            )
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'

    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(f"<table:table-row>{''.join(cell(v) for v in r)}</table:table-row>" for r in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        f"{XML_DECL}<office:document-content "
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        f'{XML_DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        'manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": content.encode(),
        "META-INF/manifest.xml": manifest.encode(),
    }
    return write_zip(path, members, stored_first="mimetype")


# ---- raw zip writer --------------------------------------------------------------------------


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def local_record(e: dict) -> bytes:
    """The local header and data of ``e`` (nested inside another member to make overlaps)."""
    name = e["name"].encode()
    fields = (0x04034B50, 20, 0, e["method"], 0, 0x21, e["crc"], len(e["data"]), e["size"])
    return struct.pack("<IHHHHHIIIHH", *fields, len(name), 0) + name + e["data"]


def raw_zip(path: Path, entries: list[dict]) -> Path:
    """Write a zip by hand. Each entry: ``name``, ``data`` (bytes as stored), ``method`` (0 or 8),
    ``crc``, ``size`` (declared uncompressed size), optional ``inside_of`` (the index of an
    earlier stored entry whose data holds this entry's local header: overlapping members)."""
    out = bytearray()
    offsets, central = [], []
    for e in entries:
        name = e["name"].encode()
        if "inside_of" in e:  # its local header lies inside an earlier stored member's data
            j = e["inside_of"]
            off = offsets[j] + 30 + len(entries[j]["name"].encode())
        else:
            off = len(out)
            out += local_record(e)
        offsets.append(off)
        fields = (0x02014B50, 20, 20, 0, e["method"], 0, 0x21, e["crc"], len(e["data"]))
        fields += (e["size"], len(name), 0, 0, 0, 0, 0, off)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", *fields) + name)
    cd_start = len(out)
    for c in central:
        out += c
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
        len(out) - cd_start, cd_start, 0,
    )  # fmt: skip
    path.write_bytes(bytes(out))
    return path


def entry(name: str, data: bytes, *, method: int = 8, size: int | None = None) -> dict:
    stored = deflate(data) if method == 8 else data
    return {
        "name": name,
        "data": stored,
        "method": method,
        "crc": zlib.crc32(data),
        "size": len(data) if size is None else size,
    }


def zeros_member(name: str, gib: int = 1) -> dict:
    """A deflated member of ``gib`` GiB of zeros (~1 MB compressed), built without compressing
    a gigabyte: after a full flush, deflate emits the same bytes for each identical chunk."""
    chunk = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    n = 1024 * gib
    data = first + again * (n - 1) + c.flush()
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    return {"name": name, "data": data, "method": 8, "crc": crc, "size": n << 20}


def xlsx_entries(parts: dict[str, bytes]) -> list[dict]:
    return [entry(n, d) for n, d in parts.items()]


# ---- OLE2 / other

OLE_MAGIC_FOR_TESTS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def encrypt_ooxml(src: Path, dst: Path, password: str = "secret") -> Path:
    """Encrypt a workbook the way Excel does (an OLE2 container holding EncryptionInfo and
    EncryptedPackage), with msoffcrypto-tool."""
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(src, "rb") as f, open(dst, "wb") as out:
        OOXMLFile(f).encrypt(password, out)
    return dst


def xls_with_filepass(src: Path, dst: Path) -> Path:
    """A copy of a BIFF8 ``.xls`` whose globals hold a FILEPASS record (what a password adds).

    The WRITEACCESS record (4 + 112 bytes, written by LibreOffice) is replaced in place by
    FILEPASS (RC4, 54 bytes) plus a filler record, so the stream keeps its size and olefile can
    write it back."""
    import shutil

    import olefile

    shutil.copyfile(src, dst)
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        pos = 0
        while pos + 4 <= len(data):
            typ, ln = struct.unpack_from("<HH", data, pos)
            if typ == 0x005C and ln >= 62:  # WRITEACCESS
                filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(range(48))
                rest = ln + 4 - len(filepass)
                filler = struct.pack("<HH", 0x005C, rest - 4) + b" " * (rest - 4)
                data[pos : pos + ln + 4] = filepass + filler
                break
            pos += 4 + ln
        else:
            raise ValueError("no WRITEACCESS record to replace")
        ole.write_stream("Workbook", bytes(data))
    return dst
