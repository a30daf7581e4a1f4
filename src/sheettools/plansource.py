"""Read a plan document of any supported format into blocks: tables and text lines.

Formats: plain text (tab-separated table lines, Markdown pipe tables, a table printed one
cell per line), ``.docx`` (python-docx's public API: merged cells, ``gridBefore``), workbooks
``.xlsx``/``.xlsm``/``.xls``/``.ods`` (every sheet a table; dates shown by their number
format), ``.csv``, HTML saved from a legal-document database (tables and paragraphs through
an HTML parser), and PDF with a text layer (pdfplumber: tables per page, text lines). A
scanned PDF without text is an error that says it needs OCR first.

A :class:`Document` keeps the source's order: a block is a table (rows of cell texts with
their line/row number in the source) or text (one line per row). Nothing here decides what
the table means; see :mod:`sheettools.plancolumns` and :mod:`sheettools.planimport`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .docxnumbering import WordNumbering
from .errors import InputError
from .i18n import tr
from .textutil import fold, nfc

_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9]*\s*/?>")


def clean_cell(text: Any) -> str:
    """Cell text as NFC on one line, HTML remnants removed, spaces (incl. NBSP) collapsed."""
    if text is None:
        return ""
    s = str(text).replace("\r", " ").replace("\n", " ")
    s = _TAG.sub(" ", s)
    return nfc(s)


@dataclass
class Block:
    kind: str  # "table" | "text"
    name: str  # "bảng 2", "sheet 'KH'", "trang 3", "dòng 120"
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)
    start_line: int = 0
    # (line, column) -> the cell's lines, for a cell of several paragraphs or line breaks
    # (a Word cell naming one person or unit per line); the cell in ``rows`` is one line
    breaks: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # line -> the columns of that row covered by a cell merged down from the row above, where
    # the source leaves no doubt (a scrape that prints no cell there at all)
    merged_above: dict[int, list[int]] = field(default_factory=dict)
    hidden: bool = False  # a sheet hidden in its workbook (lists for drop-downs, old copies)


@dataclass
class Document:
    kind: str  # text | docx | xlsx | csv | html | pdf
    path: str
    blocks: list[Block] = field(default_factory=list)

    def text_lines(self) -> list[tuple[int, str]]:
        """Every line of the document's text blocks (tables left out), in order."""
        return [(line, cells[0]) for b in self.blocks if b.kind == "text" for line, cells in b.rows]

    def all_lines(self) -> list[tuple[int, str]]:
        """Every line including table rows joined by ' | ' (for identity and year search)."""
        out = []
        for b in self.blocks:
            for line, cells in b.rows:
                out.append((line, " | ".join(c for c in cells if c)))
        return out


MAX_PLAN_BYTES = 100 * 2**20  # no plan document comes near (the seed's .docx: ~100 KiB)


def read_document(path: str | Path) -> Document:
    """Read any supported plan source into a :class:`Document`."""
    p = Path(path)
    if not p.exists():
        raise InputError(
            tr("Không tìm thấy tệp kế hoạch", "Plan file not found"),
            hint=tr("Kiểm tra lại đường dẫn", "Check the path"),
            file=str(p),
        )
    if not p.is_file() or p.stat().st_size > MAX_PLAN_BYTES:
        # (a folder, a device such as /dev/zero read without end, or a file no plan is as
        # large as: read into memory, it was killed without a word)
        raise InputError(
            tr("Không phải tệp kế hoạch", "Not a plan file")
            + ("" if p.is_file() else tr(" (không phải tệp thông thường)", " (not a regular file)"))
            + ("" if not p.is_file() else f" ({p.stat().st_size // 2**20} MiB)"),
            hint=tr(
                "Chọn tệp kế hoạch đã lưu (.docx, .xlsx, .pdf, .txt; dưới 100 MiB)",
                "Choose the saved plan file (.docx, .xlsx, .pdf, .txt; under 100 MiB)",
            ),
            file=str(p),
        )
    data = p.read_bytes()
    if not data.strip():
        raise InputError(
            tr("Tệp kế hoạch rỗng", "The plan file is empty"),
            hint=tr("Chọn đúng tệp kế hoạch đã lưu đầy đủ", "Choose the saved plan file"),
            file=str(p),
        )
    head = data[:8]
    suffix = p.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        _refuse_encrypted(p, head)
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return _read_pdf(p)
    if head.startswith(b"PK") and suffix == ".docx":
        return _read_docx(p)
    if head.startswith(b"\xd0\xcf\x11\xe0") and (
        suffix in (".doc", ".dot") or "WordDocument".encode("utf-16-le") in data
    ):
        return _read_doc(p, tr("Tệp Word 97-2003 (.doc)", "A Word 97-2003 document (.doc)"))
    if data.lstrip()[:5] == b"{\\rtf":
        return _read_doc(p, tr("Tệp RTF", "An RTF document"))
    if head.startswith(b"PK") and (suffix in (".odt", ".ott") or _odf_text(data)):
        return _read_doc(p, tr("Tệp OpenDocument (.odt)", "An OpenDocument text (.odt)"))
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_workbook(p)
    if suffix in (".xlsx", ".xls", ".ods", ".xlsm"):
        return _read_workbook(p)
    if suffix == ".csv":
        return _read_csv(p, data)
    if suffix in (".htm", ".html") or re.match(rb"\s*(<!doctype html|<html)", data[:400], re.I):
        return _read_html(p, data)
    return _read_text(p, data)


def _refuse_encrypted(p: Path, head: bytes) -> None:
    """A Word or Excel file saved with a password to open (File > Info > Protect > Encrypt
    with Password) is an encrypted container no reader can open: one line saying so."""
    from .safety import sniff_type

    if sniff_type(head, p) == "encrypted-ole2":
        raise InputError(
            tr("Tệp kế hoạch có mật khẩu mở (bị mã hóa)", "The plan file has a password to open (encrypted)"),
            hint=tr("Mở tệp bằng Word hoặc Excel, xóa mật khẩu (Tệp > Thông tin > Bảo vệ > Mã hóa bằng "
                    "mật khẩu: để trống), lưu lại rồi chọn lại tệp",
                    "Open it in Word or Excel, remove the password (File > Info > Protect > Encrypt "
                    "with Password: leave it empty), save, then choose the file again"),
            file=str(p),
        )  # fmt: skip


def _odf_text(data: bytes) -> bool:
    """An OpenDocument text: its first member is ``mimetype``, stored, saying so."""
    return data[30:38] == b"mimetype" and b"opendocument.text" in data[38:120]


def _read_doc(p: Path, what: str) -> Document:
    """A word-processing document python-docx does not read (Word 97-2003 ``.doc``, RTF,
    OpenDocument ``.odt`` as LibreOffice and WPS save it), read through LibreOffice's conversion
    to .docx when LibreOffice is on this computer; else one clear line saying how to save it
    as .docx."""
    import tempfile

    from .pdf import convert, find_soffice

    soffice = find_soffice()
    said = ""
    if soffice is not None:
        with tempfile.TemporaryDirectory(prefix="sheettools-doc-") as tmp:
            made, said = convert(soffice, p, "docx", Path(tmp), timeout=120)
            if made is not None:
                doc = _read_docx(made)
                doc.path = str(p)
                return doc
    raise InputError(
        what + tr(" chưa đọc được", " is not read") + (f" (LibreOffice: {said})" if said else ""),
        hint=tr("Mở bằng Word hoặc LibreOffice và lưu lại thành .docx (hoặc in ra PDF)",
                "Open it in Word or LibreOffice and save it as .docx (or print it to PDF)"),
        file=str(p),
    )  # fmt: skip


def decode_text(data: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    ansi = _vietnamese_ansi(data)
    if ansi is not None:
        return ansi
    raise InputError(
        tr("Tệp văn bản không phải UTF-8", "The text file is not UTF-8"),
        hint=tr("Lưu lại tệp với mã hóa UTF-8", "Re-save it as UTF-8"),
        file=str(path),
    )


# Letters only Vietnamese writes (precomposed in Windows-1258, or a base letter with one of
# its five tone marks as a combining character): the evidence that bytes in the ANSI code
# page are Vietnamese, not some other language's
_VI_EVIDENCE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0]|"
                          "[A-Za-z\u00c2\u00e2\u00ca\u00ea\u00d4\u00f4]"
                          "[\u0300\u0301\u0303\u0309\u0323]")  # fmt: skip


def _vietnamese_ansi(data: bytes) -> str | None:
    """A CSV or text file saved by Excel or Notepad on a Vietnamese Windows ("CSV (Comma
    delimited)", "ANSI") is in Windows-1258, where most accented letters are a base letter
    and a combining tone mark. The text (NFC) when the bytes decode so and show Vietnamese
    letters, else None."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    return unicodedata.normalize("NFC", text) if _VI_EVIDENCE.search(text) else None


# --- text -----------------------------------------------------------------------------------

_PIPE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_EMPH = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|\\(?=[*_\[\]().|-])")


def _md_clean(s: str) -> str:
    return _MD_EMPH.sub("", s)


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    parts = re.split(r"(?<!\\)\|", s)
    return [_md_clean(c.replace("\\|", "|")) for c in parts]


_BARE_ROW = re.compile(r"^[|\s]*$")
_ROMAN_CELL = re.compile(r"^\|?\s*(?:[IVX]{1,5})\.\s")


def _join_broken_rows(lines: list[str]) -> list[tuple[int, str]]:
    """A Markdown table whose rows were broken inside cells (Nghị quyết 1339/NQ-UBTVQH15 as
    found): after a header row of N cells, a row that stops without its closing ``|``, or
    goes on in a line that does not start with ``|``, takes the following lines until it has
    N-1 cells; rows of nothing but bars are dropped; a row whose number cell was lost (its
    first cell long text, its last ones empty) is shifted back under its titles. Tables
    whose rows are whole are left as they are. Returns (line number, text) pairs."""
    from .plancolumns import guess_role, is_header_row

    out: list[tuple[int, str]] = []
    width = 0  # cells of the current table's header, 0 outside a table
    numbered = False
    buf: list[tuple[int, str]] = []

    def flush() -> None:
        if not buf:
            return
        text = buf[0][1] if len(buf) == 1 else _glue([t for _i, t in buf])
        cells = _pipe_cells(text)
        if (
            numbered
            and len(cells) > 2
            and len(cells[0].strip()) > 15
            and not re.match(r"^\s*[IVX\d]", cells[0])
        ):
            cells = ["", *cells]  # the number cell was lost: shift back under the titles
            while len(cells) > width and not cells[-1].strip():
                cells.pop()
            text = "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
        out.append((buf[0][0], text))
        buf.clear()

    n = len(lines)
    for k, raw in enumerate(lines):
        i = k + 1
        s = raw.strip()
        if width and (not s or (not s.startswith("|") and not buf)):
            flush()
            width = 0
        if not width:
            out.append((i, raw))
            if s.startswith("|") and s.endswith("|") and s.count("|") >= 4:
                titles = [c.strip() for c in _pipe_cells(s)]
                nxt = lines[k + 1].strip() if k + 1 < n else ""
                broken_below = not _PIPE_SEP.match(nxt) and not (
                    nxt.startswith("|") and nxt.endswith("|") and nxt.count("|") >= 3
                )
                if broken_below and is_header_row([t for t in titles if t]):
                    width = len(titles)
                    numbered = guess_role(titles[0])[0] == "number"
            continue
        if _BARE_ROW.match(s):
            flush()
            continue
        if _ROMAN_CELL.match(s):
            flush()
            out.append((i, raw))
            continue
        if buf:
            joined = _glue([t for _i, t in buf] + [s])
            open_row = not buf[-1][1].rstrip().endswith("|") or not s.startswith("|")
            short = len(buf) > 1 and len(_pipe_cells(_glue([t for _i, t in buf]))) < width - 1
            if open_row or short:
                buf.append((i, s))
                if joined.rstrip().endswith("|") and len(_pipe_cells(joined)) >= width - 1:
                    flush()
                continue
            flush()
        buf.append((i, s))
        if s.endswith("|") and len(_pipe_cells(s)) >= width - 1:
            flush()
    flush()
    return out


def _glue(parts: list[str]) -> str:
    """Lines of one broken row as one line: a line starting with ``|`` starts a new cell."""
    text = parts[0].rstrip()
    for p in parts[1:]:
        p = p.strip()
        text = f"{text}{p}" if p.startswith("|") else f"{text} {p}"
    return text


def _read_text(p: Path, data: bytes) -> Document:
    from .textspaced import spaced_text_table

    text = decode_text(data, p)
    doc = Document(kind="text", path=str(p))
    lines = text.split("\n")
    cur: Block | None = None
    # a table laid out with spaces (a PDF's table as pdftotext -layout prints it)
    spaced = spaced_text_table([ln.rstrip("\r") for ln in lines])

    def close() -> None:
        nonlocal cur
        if cur is not None and cur.rows:
            doc.blocks.append(cur)
        cur = None

    for i, raw in _join_bold_wraps(_join_broken_rows(lines)):
        if spaced is not None and i > spaced[0]:
            if i <= spaced[1]:
                continue
            close()
            doc.blocks.append(_spaced_block(spaced))
            spaced = None
        line = raw.rstrip("\r")
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if cur is None or cur.kind != "table" or cur.name != "md":
                close()
                cur = Block("table", "md", start_line=i)
            if _PIPE_SEP.match(stripped):
                continue
            cur.rows.append((i, _pipe_cells(stripped)))
            continue
        if "\t" in line and stripped:
            if cur is None or cur.kind != "table" or cur.name != "tab":
                close()
                cur = Block("table", "tab", start_line=i)
            cur.rows.append((i, line.split("\t")))
            continue
        if not stripped:
            if cur is not None and cur.kind == "table" and cur.name == "tab":
                cur.rows.append((i, []))  # blank lines inside a tab table do not end it
            elif cur is not None and cur.kind == "text":
                cur.rows.append((i, [""]))
            continue
        if cur is None or cur.kind != "text":
            close()
            cur = Block("text", "text", start_line=i)
        cur.rows.append((i, [_md_clean(stripped) if doc.kind == "text" else stripped]))
    close()
    if spaced is not None:  # the table runs to the end of the text
        doc.blocks.append(_spaced_block(spaced))
    _finish_text_blocks(doc)
    return doc


def _finish_text_blocks(doc: Document) -> None:
    """Tables printed one cell per line or one title per line made tables; each table
    named by its line, its empty rows at the end dropped."""
    doc.blocks = _header_then_lines(doc.blocks)
    doc.blocks = [nb for b in doc.blocks for nb in _pipe_line_cells(b)]
    doc.blocks = [nb for b in doc.blocks for nb in _split_cell_per_line(b)]
    for b in doc.blocks:
        if b.kind == "table":
            b.name = tr(f"bảng ở dòng {b.start_line}", f"table at line {b.start_line}")
            while b.rows and not any(c.strip() for c in b.rows[-1][1]):
                b.rows.pop()


def _spaced_block(spaced: tuple[int, int, list[tuple[int, list[str]]]]) -> Block:
    """The table :func:`spaced_text_table` found, as a table block (1-based line numbers)."""
    block = Block("table", "spaced", start_line=spaced[0] + 1)
    block.rows = [(k + 1, cells) for k, cells in spaced[2]]
    return block


def _join_bold_wraps(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A bold heading the scraper hard-wrapped is one line: ``**1. Viện Văn hóa, Nghệ thuật,``
    / ``Thể thao và Du lịch Việt Nam**`` (Quyết định 4385/QĐ-BVHTTDL of 2025 as found on
    thuvienphapluat.vn) — a line that opens ``**`` without closing it takes the next lines up
    to the one that closes it (at most two more, none blank, none a table row)."""
    out: list[tuple[int, str]] = []
    k = 0
    while k < len(lines):
        i, text = lines[k]
        end = _bold_closed_at(lines, k)
        if end is None:
            out.append((i, text))
            k += 1
            continue
        out.append((i, " ".join(t.strip() for _j, t in lines[k : end + 1])))
        k = end + 1
    return out


def _bold_closed_at(lines: list[tuple[int, str]], k: int) -> int | None:
    text = lines[k][1]
    if not text.lstrip().startswith("**") or text.count("**") % 2 == 0:
        return None
    for end in range(k + 1, min(k + 3, len(lines))):
        nxt = lines[end][1].strip()
        if not nxt or nxt.startswith("|"):
            return None
        if nxt.count("**") % 2 == 1:
            return end
    return None


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?|[a-zđ]\))$")


def _split_cell_per_line(block: Block) -> list[Block]:
    """A table printed one cell per line (copied from a web page or a PDF): a run of
    column titles, one per line, then the rows N lines at a time, each starting with its
    number. Returned as text / table / text blocks."""
    if block.kind != "text":
        return [block]
    from .plancolumns import guess_role, is_header_row

    rows = block.rows
    n = len(rows)
    i = 0
    while i < n:
        j = i
        titles = []
        while j < n and len(rows[j][1][0]) <= 60 and guess_role(rows[j][1][0])[0]:
            titles.append(rows[j][1][0])
            j += 1
        if len(titles) >= 3 and is_header_row(titles) and guess_role(titles[0])[0] == "number":
            width = len(titles)
            grid, k = _cell_rows(rows, j, width)
            grid.insert(0, (rows[i][0], titles))
            if len(grid) > 1:
                out = []
                if i:
                    out.append(Block("text", block.name, rows[:i], block.start_line))
                out.append(Block("table", "lines", grid, rows[i][0]))
                rest = Block("text", block.name, rows[k:], rows[k][0] if k < n else 0)
                return out + (_split_cell_per_line(rest) if rest.rows else [])
        i = max(j, i + 1)
    return [block]


# a section's number: "I", "B.", and the parts of a Roman section, "III.1", "III.1.1"
# (Quyết định 2629/QĐ-TTg of 2025, Phụ lục II: III split into III.1 and III.2, III.1 into
# III.1.1 … III.1.3, its task numbers running on across them)
_SECTION_CELL = re.compile(r"^(?:\*\*)?\s*(?:[IVX]{1,5}(?:\.\d{1,2})*|[A-Z])\.?(?:\s|$)")


# a line of dots alone between a table's bars: the rows a legal-database site hides from
# visitors (Kế hoạch 980/KH-UBND Nghệ An, 2025), no cell of the row before it
_HIDDEN_ROWS = re.compile(r"[.…]{6,}")


def _starts_row(text: str) -> bool:
    return _is_row_number(text) or bool(_SECTION_CELL.match(text))


def _pipe_line_cells(block: Block) -> list[Block]:
    """A table scraped from a legal-document site with each cell after a line holding only
    ``|`` and each row closed by one more ``|`` line (Kế hoạch 144/KH-UBND of 2025, Bắc Ninh,
    as found in a thuvienphapluat.vn scrape): ``|``, ``TT``, ``|``, ``Chỉ tiêu``, ``|``,
    ``Chủ trì``, ``|``, ``|``, ``1``, … A cell's lines are wrapped text, joined by spaces.
    Found from a header row whose first title is the number; the rows follow while each is
    closed by an empty cell. Returned as text / table / text blocks."""
    if block.kind != "text" or sum(1 for _l, c in block.rows if c[0].strip() == "|") < 8:
        return [block]
    from .plancolumns import guess_role, is_header_row

    rows = [(i, line, c[0].strip()) for i, (line, c) in enumerate(block.rows) if c[0].strip()]
    # tokens: (index in block.rows of the bar before the cell, first line, cell text)
    tokens: list[tuple[int, int, str]] = []
    for k, (i, line, text) in enumerate(rows):
        if _HIDDEN_ROWS.fullmatch(text):
            continue
        if text == "|":
            tokens.append((i, rows[k + 1][1] if k + 1 < len(rows) else line, ""))
        elif tokens:
            at, first, prev = tokens[-1]
            tokens[-1] = (at, first, f"{prev} {text}".strip())
    t = 0
    while t < len(tokens):
        j = t
        while j < len(tokens) and tokens[j][2] and j - t < 12:
            j += 1
        titles = [x[2] for x in tokens[t:j]]
        if (
            j < len(tokens)
            and len(titles) >= 3
            and guess_role(titles[0])[0] == "number"
            and is_header_row(titles)
        ):
            width = len(titles)
            grid = [(tokens[t][1], titles)]
            merged: dict[int, list[int]] = {}
            k = j + 1
            while k + width < len(tokens):
                cells = [x[2] for x in tokens[k : k + width]]
                if not any(cells):
                    break
                if not tokens[k + width][2] and (not cells[0] or _starts_row(cells[0])):
                    after = tokens[k + width + 1][2] if k + width + 1 < len(tokens) else ""
                    grid.append((tokens[k][1], _heading_row(titles, cells, after)))
                    k += width + 1
                    k += _blank_cells_after(tokens, k, width)  # a cell too many (5.2 of 179)
                    continue
                nxt = tokens[k + width][2]
                if (
                    all(cells[1:])
                    and (not cells[0] or _is_row_number(cells[0]))
                    and not (_starts_row(nxt))
                ):
                    # the table's last row, closed by the bar before the text that follows
                    # (Thông báo 624/TB-VPCP of 2025, Phụ lục I: ``30/09/2025``, ``|``,
                    # ``**2. Các nhiệm vụ về chuyển đổi số …**``, ``|``, ``**STT**``, …; its
                    # number may be empty: Quyết định 2530/QĐ-TTg of 2025, part P.'s one row)
                    grid.append((tokens[k][1], cells))
                    k += width
                    break
                if not cells[-1] and _is_row_number(cells[0]) and _starts_row(nxt):
                    # the last cell empty and left out by the scrape (Quyết định
                    # 2820/QĐ-UBND of 2025, Hồ Chí Minh: ``Thông tư``, ``|``, ``|``, ``4``):
                    # the bar closing the row was taken for that cell's
                    grid.append((tokens[k][1], cells))
                    k += width
                    continue
                # a section row with fewer cells (Kế hoạch 617/KH-UBND of 2025, Đồng
                # Tháp: ``|``, ``**I. NÂNG CAO …**``, ``|``, ``|``, ``1``, …; Quyết định
                # 2820/QĐ-UBND of 2025, Hồ Chí Minh: ``|``, ``I``, ``|``, ``Hoàn thiện …``)
                m = next((m for m in range(1, width) if not tokens[k + m][2]), 0)
                if not m or not all(cells[:m]):
                    break
                if _SECTION_CELL.match(cells[0]) or (m >= 3 and _is_row_number(cells[0])):
                    # a section row, or a task row whose last cells are merged with the
                    # next row's and scraped under it
                    row = cells[:m]
                    whole = re.match(r"^\s*([IVX]{1,5}|[A-Z])\.\s+(\S.*)$", row[0])
                    if m == 1 and whole:  # "I. NÂNG CAO …" in one cell: number and title
                        row = [f"{whole.group(1)}.", whole.group(2)]
                    grid.append((tokens[k][1], _title_in_content(titles, row, width)))
                    k += _blank_cells_after(tokens, k + m + 1, width - m - 1)
                elif (at := _merged_task_cells_at(titles, cells[:m], tokens[k + m + 1][2])) > 1 or (
                    at == 1 and m == width - 1
                ):
                    # a second line of a task whose other cells are merged over two rows:
                    # its own lead and coordinating bodies (Nghị quyết 394/NQ-CP of 2025,
                    # PHỤ LỤC, đề án 1: ``Ủy ban nhân dân các tỉnh, …``, ``|``, ``Đài
                    # Truyền hình …`` under the row of ``Trung ương Mặt trận …``), or its own
                    # text, indicator and deadline under the lead's (Quyết định 2530/QĐ-TTg
                    # of 2025, Phụ lục I: ``- Rà soát, …``, ``|``, ``- Bộ công cụ …``, ``|``,
                    # ``Giai đoạn 2026 - 2027``)
                    grid.append((tokens[k][1], [""] * at + cells[:m] + [""] * (width - at - m)))
                    merged[tokens[k][1]] = [*range(1 if m == width - 1 else 0, at)]
                    merged[tokens[k][1]] += [*range(at + m, width)]
                elif m >= 2 and not _is_row_number(cells[0]) and _starts_row(tokens[k + m + 1][2]):
                    # a second line of a task whose number (and later cells) are merged
                    # over two rows (Quyết định 2820/QĐ-UBND of 2025, Hồ Chí Minh: ``Xây
                    # dựng hạ tầng kỹ thuật dự phòng …``, ``|``, ``Trung tâm …``, ``|``, ``|``)
                    grid.append((tokens[k][1], [""] + cells[:m] + [""] * (width - m - 1)))
                    # its later cells are not printed at all: an empty cell would be a bar
                    # of its own, so they are the row above's, merged down over both rows —
                    # all but the last, which the scrape may have left out empty (above)
                    merged[tokens[k][1]] = [0, *range(m + 1, width - 1)]
                else:
                    break
                k += m + 1
            if len(grid) > 2:
                end = tokens[k][0] if k < len(tokens) else len(block.rows)
                start = tokens[t][0]
                out = []
                if start:
                    out.append(Block("text", block.name, block.rows[:start], block.start_line))
                out.append(Block("table", "bars", grid, grid[0][0], merged_above=merged))
                rest = block.rows[end:]
                if rest:
                    out.extend(_pipe_line_cells(Block("text", block.name, rest, rest[0][0])))
                return out
        t += 1
    return [block]


def _blank_cells_after(tokens: list[tuple[int, int, str]], at: int, most: int) -> int:
    """How many empty cells of a section row the scrape printed after its title, before the
    next row's number (Quyết định 2629/QĐ-TTg of 2025, Phụ lục II: ``*III.1.2*``, ``|``,
    ``*Nhóm các nền tảng …*``, ``|``, ``|``, ``|``, ``|``, ``5`` where the rows ``I`` and
    ``II`` have none): 0 unless a row starts right after them."""
    n = 0
    while n < most and at + n < len(tokens) and not tokens[at + n][2]:
        n += 1
    if n and at + n < len(tokens) and _starts_row(tokens[at + n][2]):
        return n
    return 0


def _heading_row(titles: list[str], cells: list[str], after: str) -> list[str]:
    """A whole row of a scraped table with no number and nothing but its text in the
    content column, over numbered rows, heads them (Thông báo 624/TB-VPCP of 2025, Phụ lục
    II: ``|``, ``** **``, ``|``, ``**Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo**``, ``|``,
    ``** **``, … ``|``, ``|``, ``10``): marked ``*``, a sub-heading, so that it is neither a
    task nor text glued onto the task above (a web page has no page breaks to continue a row
    across). Other rows are returned as they are."""
    from .plancolumns import guess_role

    if cells[0].strip() or not _is_row_number(after):
        return cells
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) != 1 or guess_role(titles[filled[0]])[0] != "content":
        return cells
    if re.match(r"^\s*(?:[IVX]{1,5}|[A-Z]|\d{1,3})[.)]\s", cells[filled[0]]):
        return cells  # "I. Kinh tế số": a section numbered in its text (Kế hoạch 144/KH-UBND)
    return ["*", *cells[1:]]


def _title_in_content(titles: list[str], row: list[str], width: int) -> list[str]:
    """A section row of two cells, its number and its title, with the title under the
    content's column when that is not the second one (Quyết định 2530/QĐ-TTg of 2025, Phụ
    lục I: ``A.`` · ``BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG`` over ``STT · Cơ quan chủ trì · … · Nội
    dung nhiệm vụ``: the body's name was read as a lead unit)."""
    from .plancolumns import guess_role

    roles = [guess_role(t)[0] for t in titles]
    if len(row) == 2 and "content" in roles and roles.index("content") > 1:
        at = roles.index("content")
        row = [row[0], *[""] * (at - 1), row[1]]
    return row + [""] * (width - len(row))


_TIME_CELL = re.compile(r"^\W*(?:\S+\s+){0,6}?(?:20\d\d|thường xuyên)\b", re.I)


def _merged_task_cells_at(titles: list[str], cells: list[str], nxt: str) -> int:
    """Where the cells of a short row go when the task's other cells are merged down over
    it (a web page prints only the cells a row does not share with the row above): the
    column of its first cell, the place where its cells fit their titles best — bodies
    under the lead and coordinating titles, a time under the deadline's. 1 (right after the number) when nothing is better, 0 when it is no such
    row."""
    from .plancolumns import guess_role
    from .units import _starts_like_body

    if not cells or _is_row_number(cells[0]):
        return 0
    roles = [guess_role(t)[0] for t in titles]

    def fit(at: int) -> int:
        score = 0
        for role, cell in zip(roles[at:], cells, strict=False):
            time = bool(_TIME_CELL.search(cell))
            if role in ("lead", "coord"):
                score += 1 if _starts_like_body(cell.lstrip("-+• ")) and not time else -1
            elif role == "due":
                score += 2 if time else -1
        return score

    def dated(at: int) -> int:  # its time under the deadline's title
        return sum(
            r == "due" and bool(_TIME_CELL.search(c))
            for r, c in zip(roles[at:], cells, strict=False)
        )

    places = range(1, len(titles) - len(cells) + 1)
    best = max(places, key=lambda at: (fit(at), dated(at), -at), default=0)
    if best > 1 and fit(best) > 0 and (fit(best), dated(best)) > (fit(1), dated(1)):
        return best  # followed by a row of its own kind, or by a numbered row
    if best and len(cells) == len(titles) - 1 and fit(1) > 0:
        return 1  # every cell but the number (a part's one row without number)
    return 1 if best and _starts_row(nxt) else 0


def _is_row_number(text: str) -> bool:
    return bool(_ROW_NUMBER.match(text.strip()))


def _cell_rows(rows: list, start: int, width: int) -> tuple[list, int]:
    """The rows of a table printed one cell per line, from ``start``: each row from its
    number to the next number. Most rows must have every cell (else it is not such a
    table); a row with fewer cells is a heading (number and content); a row with more is a
    row continued after a page break, its extra lines continuing its cells from the content
    on. Returns the grid and the index after the table."""
    n = len(rows)
    chunks = []
    k = start
    while k < n and _is_row_number(rows[k][1][0]):
        m = k + 1
        while m < n and m - k < 2 * width and not _is_row_number(rows[m][1][0]):
            if fold(rows[m][1][0]).startswith(("noi nhan", "tm ", "kt ")):
                break
            m += 1
        chunks.append(rows[k:m])
        k = m
    if chunks and len(chunks[-1]) > width:  # the text after the table is not the last row
        k -= len(chunks[-1]) - width
        chunks[-1] = chunks[-1][:width]
    whole = sum(len(c) == width for c in chunks)
    if not chunks or whole * 5 < len(chunks) * 3:
        return [], start
    grid = []
    for c in chunks:
        cells = [x[1][0] for x in c]
        if len(cells) > width:
            head, extra = cells[:width], cells[width:]
            for t, e in enumerate(extra[: width - 1]):
                head[1 + t] = f"{head[1 + t]} {e}"
            cells = head
        grid.append((c[0][0], cells + [""] * (width - len(cells))))
    return grid, k


def _header_then_lines(blocks: list[Block]) -> list[Block]:
    """A Markdown header row alone, its table printed one cell per line below it (a PDF
    converted to text): the titles become lines of the text block so that the table is read
    as printed one cell per line. Title lines printed under the header row join it."""
    from .plancolumns import is_header_row

    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            b.kind == "table"
            and len(b.rows) == 1
            and nxt is not None
            and nxt.kind == "text"
            and is_header_row([c.strip() for c in b.rows[0][1]])
        ):
            line = b.rows[0][0]
            titles = [(line, [c.strip()]) for c in b.rows[0][1] if c.strip()]
            out.append(Block("text", nxt.name, titles + nxt.rows, b.start_line))
            i += 2
            continue
        out.append(b)
        i += 1
    return out


# --- csv ------------------------------------------------------------------------------------


def _read_csv(p: Path, data: bytes) -> Document:
    text = decode_text(data, p)
    sample = text[:20000]
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delim = max(counts, key=lambda d: counts[d])
    rows = [
        (i, row) for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=delim), start=1)
    ]
    return Document(kind="csv", path=str(p), blocks=[Block("table", "csv", rows, 1)])


# --- workbooks ------------------------------------------------------------------------------


def _excel_date_text(value: dt.date | dt.datetime, number_format: str) -> str:
    """A real date cell as the text a person sees: ``Tháng 4/2026`` for a month format."""
    d = value.date() if isinstance(value, dt.datetime) else value
    f = (number_format or "").lower()
    f = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', " ", f)  # literal text, escapes, colours/locales
    has_d = "d" in f
    has_m = "m" in f
    has_y = "y" in f
    if has_m and has_y and not has_d:
        return f"Tháng {d.month}/{d.year}"
    if has_y and not has_m and not has_d:
        return f"Năm {d.year}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _read_workbook(p: Path) -> Document:
    from .xlsxio import cell_str, read_sheets

    doc = Document(kind="xlsx", path=str(p))
    hidden: set[str] = set()
    sheets = read_sheets(p, hidden=hidden)
    is_xlsx = p.suffix.lower() in (".xlsx", ".xlsm")
    has_dates = any(
        isinstance(v, dt.date | dt.datetime)
        for rows in sheets.values()
        for row in rows
        for v in row
    )
    # openpyxl only when needed: number formats of date cells, formulas saved without a value
    formats: dict[str, dict[tuple[int, int], str]] = {}
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    if is_xlsx:
        with_formulas = _has_formulas(p)
        if has_dates or with_formulas:
            # one pass of openpyxl for both (a tracking workbook of thousands of formatted
            # rows took three)
            formats, formulas = _xlsx_formats_and_formulas(p, sheets, with_formulas)
    elif has_dates:
        read_formats = {".xls": _xls_date_formats, ".ods": _ods_date_formats}.get(p.suffix.lower())
        formats = read_formats(p) if read_formats else {}
    for name, rows in sheets.items():
        grid = []
        breaks: dict[tuple[int, int], list[str]] = {}
        fmt = formats.get(name, {})
        fml = formulas.get(name, {})
        for r, row in enumerate(rows, start=1):
            cells = []
            for c, v in enumerate(row, start=1):
                if isinstance(v, str) and "\n" in v:
                    # lines typed with Alt+Enter: one name per line, as in a Word cell
                    parts = [clean_cell(x) for x in v.replace("\r", "\n").split("\n") if x.strip()]
                    if len(parts) > 1:
                        breaks[(r, c - 1)] = parts
                if isinstance(v, dt.date | dt.datetime):
                    cells.append(_excel_date_text(v, fmt.get((r, c), "")))
                elif (v is None or v == "") and (r, c) in fml:
                    cells.append(fml[(r, c)])  # a formula without a cached value: its text
                else:
                    cells.append(cell_str(v))
            grid.append((r, cells))
        doc.blocks.append(
            Block(
                "table", tr(f"sheet '{name}'", f"sheet '{name}'"), grid, 1, breaks=breaks,
                hidden=name in hidden,
            )
        )  # fmt: skip
    return doc


def _has_formulas(p: Path) -> bool:
    """Whether any sheet of the workbook holds a formula (a quick look at the sheet XML)."""
    import zipfile

    try:
        with zipfile.ZipFile(p) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with z.open(name) as f:
                        while chunk := f.read(1 << 20):
                            if b"<f>" in chunk or b"<f " in chunk:
                                return True
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def _xlsx_formats_and_formulas(
    p: Path, sheets: dict[str, list[list[Any]]], with_formulas: bool
) -> tuple[dict[str, dict[tuple[int, int], str]], dict[str, dict[tuple[int, int], str]]]:
    """In one read-only pass of openpyxl (formulas as written): the number format of every
    cell whose value (read by calamine) is a date, and the formula of every formula cell
    saved without a value: sheet -> (row, col) -> ``mm/yyyy`` / ``=A3+1``."""
    try:
        import openpyxl

        wb = openpyxl.load_workbook(p, read_only=True, data_only=False)
    except Exception:
        return {}, {}
    formats: dict[str, dict[tuple[int, int], str]] = {}
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for ws in wb.worksheets:
            values = sheets.get(ws.title, [])
            fm: dict[tuple[int, int], str] = {}
            fl: dict[tuple[int, int], str] = {}
            formats[ws.title] = fm
            if not values:
                continue
            for r, row in enumerate(ws.iter_rows(max_row=len(values)), start=1):
                vals = values[r - 1] if r <= len(values) else []
                for cell in row:
                    c = getattr(cell, "column", None)
                    if c is None:
                        continue
                    v = vals[c - 1] if c <= len(vals) else None
                    if isinstance(v, dt.date | dt.datetime):
                        fm[(r, c)] = cell.number_format or ""
                    elif (
                        with_formulas
                        and (v is None or v == "")
                        and isinstance(cell.value, str)
                        and cell.value.startswith("=")
                    ):
                        fl[(r, c)] = cell.value
            if fl:
                formulas[ws.title] = fl
    finally:
        wb.close()
    return formats, formulas


def _xls_date_formats(p: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Number formats of the date cells of an .xls workbook (xlrd's format records)."""
    try:
        import xlrd

        book = xlrd.open_workbook(str(p), formatting_info=True, on_demand=True)
    except Exception:
        return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for sheet in book.sheets():
            m: dict[tuple[int, int], str] = {}
            for r in range(sheet.nrows):
                for c in range(sheet.ncols):
                    cell = sheet.cell(r, c)
                    if cell.ctype != xlrd.XL_CELL_DATE:
                        continue
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map.get(xf.format_key)
                    m[(r + 1, c + 1)] = fmt.format_str if fmt is not None else ""
            out[sheet.name] = m
    finally:
        book.release_resources()
    return out


_ODS_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}


def _ods_date_formats(p: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Date patterns of the date cells of an .ods workbook, written as Excel-like formats
    (``mm/yyyy`` for a style showing only the month and year), from its XML."""
    import xml.etree.ElementTree as ET
    import zipfile

    def q(prefix: str, name: str) -> str:
        return f"{{{_ODS_NS[prefix]}}}{name}"

    try:
        with zipfile.ZipFile(p) as z:
            roots = [
                ET.fromstring(z.read(n)) for n in ("styles.xml", "content.xml") if n in z.namelist()
            ]
    except (OSError, zipfile.BadZipFile, ET.ParseError):
        return {}
    if not roots:
        return {}
    patterns: dict[str, str] = {}  # date style name -> "dd/mm/yyyy" etc.
    data_style: dict[str, str] = {}  # cell style name -> its date style name
    for root in roots:
        for ds in root.iter(q("number", "date-style")):
            parts = {child.tag.split("}")[1] for child in ds}
            pattern = "/".join(
                x for x, tag in (("dd", "day"), ("mm", "month"), ("yyyy", "year")) if tag in parts
            )
            patterns[ds.get(q("style", "name"), "")] = pattern
        for st in root.iter(q("style", "style")):
            name = st.get(q("style", "data-style-name"))
            if name:
                data_style[st.get(q("style", "name"), "")] = name
    out: dict[str, dict[tuple[int, int], str]] = {}
    content = roots[-1]
    for table in content.iter(q("table", "table")):
        m: dict[tuple[int, int], str] = {}
        r = 0
        for row in table.iter(q("table", "table-row")):
            reps = int(row.get(q("table", "number-rows-repeated"), "1"))
            c = 0
            for cell in row:
                if cell.tag not in (q("table", "table-cell"), q("table", "covered-table-cell")):
                    continue
                span = int(cell.get(q("table", "number-columns-repeated"), "1"))
                if cell.get(q("office", "value-type")) == "date":
                    pattern = patterns.get(
                        data_style.get(cell.get(q("table", "style-name"), ""), ""), ""
                    )
                    for k in range(min(span, 256)):
                        m[(r + 1, c + 1 + k)] = pattern
                c += span
            r += reps
        out[table.get(q("table", "name"), "")] = m
    return out


# --- docx -----------------------------------------------------------------------------------


def _read_docx(p: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(p))
    except Exception as exc:
        raise InputError(
            tr("Không đọc được tệp Word", "Cannot read the Word file") + f" ({exc})",
            hint=tr("Mở và lưu lại bằng Word (.docx)", "Open and re-save it in Word (.docx)"),
            file=str(p),
        ) from exc
    _accept_changes(document.element.body)
    numbering = WordNumbering(document)
    doc = Document(kind="docx", path=str(p))
    n_par = 0
    n_row = 0
    n_table = 0
    text: Block | None = None
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            n_par += 1
            if text is None:
                text = Block("text", "text", start_line=n_par)
            for part in (numbering.label(item._p) + item.text).split("\n"):
                if part.strip():
                    text.rows.append((n_par, [part.strip()]))
            continue
        if isinstance(item, Table):
            if text is not None and text.rows:
                doc.blocks.append(text)
            text = None
            pending = [item]
            while pending:  # a table laid inside another's cell comes right after it
                n_table += 1
                block, nested = _docx_table(pending.pop(0), n_table, n_row, numbering)
                n_row += len(block.rows)
                doc.blocks.append(block)
                pending[:0] = nested
    if text is not None and text.rows:
        doc.blocks.append(text)
    return doc


def _docx_table(
    table: Any, number: int, n_row: int, numbering: WordNumbering
) -> tuple[Block, list]:
    """One Word table as a block of rows (its rows numbered on from ``n_row``), and the tables
    laid inside its cells (a plan's table inside a one-cell frame)."""
    block = Block("table", tr(f"bảng {number}", f"table {number}"), start_line=n_row + 1)
    nested: list = []
    above: dict[int, Any] = {}  # id -> element (held, so ids stay unique)
    prev: list[str] = []
    for row in table.rows:
        n_row += 1
        cells: list[str] = [""] * row.grid_cols_before
        seen: dict[int, Any] = {}
        down: list[int] = []  # columns merged down from the row above
        for cell in row.cells:
            # a horizontally merged cell appears once per grid column: its text is kept
            # once; a vertically merged cell is the cell of the row above: "" here
            key = id(cell._tc)
            if key in seen or key in above:
                if key in above and key not in seen:
                    down.append(len(cells))
                cells.append("")
                seen[key] = cell._tc
                continue
            seen[key] = cell._tc
            nested += cell.tables
            parts = [
                clean_cell(x)
                for par in cell.paragraphs
                for x in (numbering.label(par._p) + par.text).split("\n")
                if x.strip()
            ]
            if len(parts) > 1:
                block.breaks[(n_row, len(cells))] = parts
            cells.append(" ".join(parts))
        _repeat_merged_task(cells, prev, down, row.grid_cols_before)
        above = seen
        prev = cells
        block.rows.append((n_row, cells))
    return block, nested


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# containers whose text python-docx's ``Paragraph.text``/``iter_inner_content`` pass over
_UNWRAP = {f"{_W}{t}" for t in ("ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdt")}


def _accept_changes(body: Any) -> None:
    """The document as it reads with its tracked changes accepted (a draft plan sent with
    "Track Changes" on): deleted rows and text dropped, inserted text kept; and the text of
    content controls, smart tags and simple fields brought into the paragraph, where
    python-docx reads it (it reads only a paragraph's own runs and hyperlinks)."""
    for tr_del in body.iterfind(f".//{_W}trPr/{_W}del"):
        row = tr_del.getparent().getparent()
        if row.getparent() is not None:
            row.getparent().remove(row)
    for tag in ("del", "moveFrom"):
        for el in list(body.iter(f"{_W}{tag}")):
            el.getparent().remove(el)
    for el in [e for e in body.iter() if e.tag in _UNWRAP]:
        parent = el.getparent()
        if parent is None:
            continue
        kids = list(el)
        if el.tag == f"{_W}sdt":
            content = el.find(f"{_W}sdtContent")
            kids = list(content) if content is not None else []
        at = parent.index(el)
        parent.remove(el)
        for i, kid in enumerate(kids):
            parent.insert(at + i, kid)


def _repeat_merged_task(cells: list[str], prev: list[str], down: list[int], first: int) -> None:
    """A row whose first two cells (the number and the task) are merged down from the row
    above, with cells of its own after them, is the same task given to another body, with
    its own product and deadline (Kế hoạch CCHC 2026–2030 of Lâm Đồng, VII.2: one task, the
    province's plan by Sở Nội vụ, each body's own plan by "Các cơ quan, đơn vị, địa
    phương"): the merged number and text are repeated so the row is read as a task."""
    lead = [first, first + 1]
    if not prev or any(c not in down for c in lead) or len(prev) < len(cells):
        return
    if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?", prev[first].strip()):
        return  # not a numbered task above (a header's titles merged over two rows)
    if not any(c.strip() for i, c in enumerate(cells) if i > first + 1):
        return
    for c in lead:
        cells[c] = prev[c]


# --- html -----------------------------------------------------------------------------------


_BR = "\ue000"


def _list_labels(soup: Any) -> None:
    """The numbers and bullets a browser draws before list items (``<ol type="a">`` gives
    ``a)``-like labels ``a.``), written into the items' text, as a Word list's are."""
    from .docxnumbering import format_number

    formats = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
               "I": "upperRoman"}  # fmt: skip
    for ol in soup.find_all(["ol", "ul"]):
        items = ol.find_all("li", recursive=False)
        if ol.name == "ul":
            for li in items:
                li.insert(0, "- ")
            continue
        start = ol.get("start", "1")
        n = int(start) if str(start).isdigit() else 1
        fmt = formats.get(str(ol.get("type", "1")), "decimal")
        for li in items:
            value = li.get("value")
            n = int(value) if str(value).isdigit() else n
            li.insert(0, f"{format_number(n, fmt)}. ")
            n += 1


def _read_html(p: Path, data: bytes) -> Document:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")  # honours <meta charset>, else guesses
    for bad in soup(["script", "style", "head", "noscript"]):
        bad.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BR)  # a line break; other source newlines are only wrapping
    _list_labels(soup)
    doc = Document(kind="html", path=str(p))
    n = 0
    text: Block | None = None
    body = soup.body or soup
    # walk the top-level flow: tables as tables, every other block element as text lines
    block_tags = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "tr", "br")

    def emit_text(s: str) -> None:
        nonlocal text, n
        s = nfc(s)
        if not s:
            return
        n += 1
        if text is None:
            text = Block("text", "text", start_line=n)
        text.rows.append((n, [s]))

    n_table = 0
    for el in body.find_all(["table", *block_tags[:-2]]):
        if el.name == "table":
            if el.find_parent("table") is not None:
                continue  # nested: read with its outer table
            if text is not None and text.rows:
                doc.blocks.append(text)
            text = None
            n_table += 1
            block = Block("table", tr(f"bảng {n_table}", f"table {n_table}"), start_line=n + 1)
            for row in _html_table_rows(el):
                n += 1
                block.rows.append((n, row))
            doc.blocks.append(block)
            continue
        if el.find_parent("table") is not None:
            continue
        if el.find(["p", "div", "table", "li"]) is not None:
            # a container: its children are visited themselves; text of its own before them
            # (a list item "1. Sở Nội vụ:" over its own list) is a line
            own = []
            for child in el.children:
                if getattr(child, "name", None) in ("p", "div", "table", "li", "ul", "ol"):
                    break
                own.append(child.get_text("") if hasattr(child, "get_text") else str(child))
            for part in "".join(own).split(_BR):
                emit_text(part)
            continue
        for part in el.get_text("").split(_BR):
            emit_text(part)
    if text is not None and text.rows:
        doc.blocks.append(text)
    return doc


def _html_table_rows(table) -> list[list[str]]:
    """Rows of an HTML table with colspan/rowspan laid out on a grid (spans repeat as '')."""
    grid: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr_el in table.find_all("tr"):
        if tr_el.find_parent("table") is not table:
            continue
        row: list[str] = []
        col = 0
        for cell in tr_el.find_all(["td", "th"], recursive=False):
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1
            text = clean_cell(cell.get_text(" ").replace(_BR, " "))
            span = _int_attr(cell, "colspan")
            rows = _int_attr(cell, "rowspan")
            row.append(text)
            for k in range(span):
                if rows > 1:
                    pending[col + k] = rows - 1
            row.extend([""] * (span - 1))
            col += span
        while pending.get(col, 0) > 0:
            pending[col] -= 1
            row.append("")
            col += 1
        grid.append(row)
    return grid


def _int_attr(el, name: str) -> int:
    try:
        return max(1, min(100, int(str(el.get(name, "1")).strip() or "1")))
    except ValueError:
        return 1


# --- pdf ------------------------------------------------------------------------------------


def _spans(segments: list[tuple[float, float]]) -> float:
    """Total length covered by the union of 1-D segments."""
    total, end = 0.0, None
    start = 0.0
    for a, b in sorted(segments):
        if end is None or a > end:
            if end is not None:
                total += end - start
            start, end = a, b
        else:
            end = max(end, b)
    if end is not None:
        total += end - start
    return total


def _positions(
    edges: list[tuple[float, float, float]],
    extent: float,
    share: float,
    cross: list[float] = (),  # type: ignore[assignment]
    near: float = 1.5,
) -> list[float]:
    """Positions (rounded to 1 pt) of ruling lines whose pieces cover ``share`` of
    ``extent`` and go through every position in ``cross`` (a row's border crosses the
    column lines; the underlines of a cell's text lines stop short of them); ``edges`` are
    (position, start, end)."""
    by_pos: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in edges:
        key = round(pos)
        k = next((k for k in by_pos if abs(k - key) <= near), key)
        by_pos.setdefault(k, []).append((a, b))
    out = []
    for k, segs in by_pos.items():
        if _spans(segs) < share * extent:
            continue
        if any(not any(a - 0.6 <= x <= b + 0.6 for a, b in segs) for x in cross):
            continue
        out.append(k)
    return sorted(out)


def _overdrawn_spaces(page) -> set[tuple[float, float]]:
    """Space characters drawn over a letter of the same line. Justified Word text printed
    to PDF keeps its padding spaces where the line starts, under its first letter
    (Nghị quyết 105/NQ-CP of 2026: ``T`` at x 714.1–722.7 with spaces at 714.6 and
    718.1): read in x order they cut the word (``T rước ngày 01/3/2027``, ``C ơ quan
    phối hợp``). Keys are (x0, top) of such spaces."""
    letters: dict[int, list[tuple[float, float]]] = {}
    for c in page.chars:
        if not c["text"].isspace():
            letters.setdefault(round(c["top"]), []).append((c["x0"], c["x1"]))
    hidden: set[tuple[float, float]] = set()
    for c in page.chars:
        if not c["text"].isspace():
            continue
        x = c["x0"]
        row = round(c["top"])
        near = [g for key in range(row - 3, row + 4) for g in letters.get(key, ())]
        # (a space of another size sits a little higher); a space typed after a glyph
        # starts where that glyph ends ("2. Bộ", even when "B" is drawn over it): kept
        if any(abs(b - x) < 0.3 for _a, b in near):
            continue
        if any(a - 1.0 <= x < b - 1.0 for a, b in near):
            hidden.add((c["x0"], c["top"]))
    return hidden


def _without_overdrawn_spaces(page):
    hidden = _overdrawn_spaces(page)
    if not hidden:
        return page
    return page.filter(
        lambda o: (
            not (
                o.get("object_type") == "char"
                and o["text"].isspace()
                and (o["x0"], o["top"]) in hidden
            )
        )
    )


def _centre_in(obj, box) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _partial_borders(
    hor: list[tuple[float, float, float]], xs: list[float], full: list[float]
) -> dict[float, int]:
    """Row borders drawn from the table's left edge to a column line inside it, not across
    the whole table: the cells to their right are merged down over both rows (Nghị quyết
    116/NQ-CP of 2026: four ``-`` rows under a numbered heading, each with its own body in
    charge, one coordinating cell and one deadline cell for the four). Position -> the
    number of columns the border closes (at least the number and the task). An underline
    of a cell's text starts inside its cell, not on the table's edge: never one."""
    by_pos: dict[float, list[tuple[float, float]]] = {}
    for pos, a, b in hor:
        key = round(pos)
        k = next((k for k in by_pos if abs(k - key) <= 1.5), key)
        by_pos.setdefault(k, []).append((a, b))
    out: dict[float, int] = {}
    for k, segs in by_pos.items():
        if any(abs(k - y) <= 1.5 for y in full):
            continue
        end = None
        for a, b in sorted(segs):
            if end is None:
                if a > xs[0] + 2:
                    break
                end = b
            elif a <= end + 1:
                end = max(end, b)
        if end is None:
            continue
        closed = [i for i, x in enumerate(xs) if abs(x - end) <= 2.5]
        if closed and 2 <= closed[0] < len(xs) - 1:
            out[k] = closed[0]
    return out


def _white(colour) -> bool:
    if isinstance(colour, (int, float)):
        return colour >= 0.99
    if (
        isinstance(colour, (list, tuple))
        and colour
        and all(isinstance(c, (int, float)) for c in colour)
    ):
        if len(colour) == 4:  # CMYK: no ink
            return all(c <= 0.01 for c in colour)
        return all(c >= 0.99 for c in colour)
    return False


def _inked(edge) -> bool:
    """An edge that shows on paper: a stroked line or a filled bar not painted white (Word
    prints a cell's white shading as filled boxes whose sides are no borders)."""
    if edge.get("stroke") and not _white(edge.get("stroking_color")):
        return True
    return bool(edge.get("fill")) and not _white(edge.get("non_stroking_color"))


def _without_unseen_boxes(page):
    """The page without the rectangles that leave no ink: Word prints a text's white
    shading as one white filled box per word (a dispatch of UBND tỉnh Lào Cai of 2026 saved
    through Aspose: 115 boxes on its first page), and pdfplumber's table finder takes their
    sides as cell borders — the justified lines became tables of single words, the duties in
    them cut apart and lost. A box with a visible fill or stroke is kept (cell borders,
    shaded header cells)."""
    if not any(not _inked(r) for r in page.rects):
        return page
    return page.filter(lambda o: o.get("object_type") != "rect" or _inked(o))


def _ruled_rows(page, bbox) -> list[tuple[list[str], list[int]]] | None:
    """A ruled table's rows from its drawn lines: a row ends at a horizontal line across the
    whole table (the lines of justified text inside a cell are not rows) or across its
    first columns (the cells right of it merged down), a cell is the text between two
    vertical lines of that row; where a row has no vertical line (a merged cell, a section
    heading across the table) its cells are one. Each row comes with the columns covered by
    a cell merged down from the row above (its text is the first row's). None when the table
    has no such lines (then pdfplumber's own rows are used)."""
    x0, top, x1, bottom = bbox
    width, height = x1 - x0, bottom - top
    inside = [
        e
        for e in page.edges
        if e["x0"] >= x0 - 2
        and e["x1"] <= x1 + 2
        and e["top"] >= top - 2
        and e["bottom"] <= bottom + 2
    ]
    hor = [(e["top"], e["x0"], e["x1"]) for e in inside if abs(e["bottom"] - e["top"]) < 1]
    ver = [(e["x0"], e["top"], e["bottom"]) for e in inside if abs(e["x1"] - e["x0"]) < 1]
    xs = _positions(ver, height, 0.6, near=3)
    full = _positions(hor, width, 0.9, cross=xs[1:-1])
    if len(full) < 3 or len(xs) < 3:
        return None
    closes = {y: len(xs) - 1 for y in full}
    inked = [(e["top"], e["x0"], e["x1"]) for e in inside if _inked(e)]
    partial = _partial_borders([h for h in inked if h in hor], xs, full)
    closes.update({y: n for y, n in partial.items() if full[0] < y < full[-1]})
    ys = sorted(closes)
    rows: list[tuple[list[str], list[int]]] = []
    for r, (ya, yb) in enumerate(zip(ys, ys[1:], strict=False)):
        if yb - ya < 2:
            continue
        cells, down = _ruled_cells(page, xs, ys, r, closes, ver)
        if any(cells):
            rows.append((cells, down))
    return rows or None


def _ruled_cells(page, xs, ys, r, closes, ver) -> tuple[list[str], list[int]]:
    """The cells of row ``r`` (between ``ys[r]`` and ``ys[r + 1]``) and the columns merged
    down into it from the row above; a cell merged down over the rows below is read whole."""
    ya, yb = ys[r], ys[r + 1]
    band = yb - ya
    # the vertical lines drawn through this row
    cuts = [
        x
        for x in xs
        if _spans(
            [(max(a, ya), min(b, yb)) for p, a, b in ver if abs(p - x) <= 1.5 and b > ya and a < yb]
        )
        >= 0.5 * band
    ]
    cells: list[str] = []
    down: list[int] = []
    for i in range(len(xs) - 1):
        if i and xs[i] not in cuts:
            cells.append("")  # covered by the merged cell on its left
            continue
        if r and i >= closes[ya]:
            down.append(i)  # the cell of the row above, merged down over this row
            cells.append("")
            continue
        j = i + 1
        while j < len(xs) - 1 and xs[j] not in cuts:
            j += 1
        end = next((y for y in ys[r + 1 :] if closes[y] > i), ys[-1])
        box = (xs[i], ya, xs[j], end)
        crop = page.filter(lambda o, b=box: _centre_in(o, b))
        cells.append(clean_cell(crop.extract_text() or ""))
    return cells, down


def _read_pdf(p: Path) -> Document:
    import pdfplumber

    from .pdfspaced import SpacedLayout, spaced_rows

    doc = Document(kind="pdf", path=str(p))
    try:
        pdf = pdfplumber.open(str(p))
    except Exception as exc:
        raise InputError(
            tr("Không đọc được tệp PDF", "Cannot read the PDF file") + f" ({exc})",
            hint=tr("Mở và in lại ra PDF, hoặc dùng bản Word", "Re-print it to PDF, or use the Word version"),
            file=str(p),
        ) from exc  # fmt: skip
    n_chars = 0
    line_no = 0
    layout = SpacedLayout()  # a table laid out with spaces, its columns carried over pages
    with pdf:
        for page_no, whole_page in enumerate(pdf.pages, start=1):
            n_chars += len(whole_page.chars)
            page = _without_unseen_boxes(_without_overdrawn_spaces(whole_page))
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            spaced = None if tables else spaced_rows(page, layout)
            if spaced is not None:
                boxes = [(page.bbox[0], spaced[1] - 1, page.bbox[2], page.bbox[3])]

            def outside(obj, boxes=boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            items: list[tuple[float, str, Any]] = []
            for t in tables:
                items.append((t.bbox[1], "table", t))
            if spaced is not None:
                items.append((spaced[1], "spaced", spaced[0]))
            text_page = page.filter(outside) if boxes else page
            for ln in text_page.extract_text_lines():
                items.append((ln["top"], "line", ln["text"]))
            items.sort(key=lambda x: x[0])
            text: Block | None = None
            for _top, kind, obj in items:
                if kind == "line":
                    line_no += 1
                    if text is None:
                        text = Block("text", f"page {page_no}", start_line=line_no)
                    text.rows.append((line_no, [obj]))
                    continue
                if text is not None:
                    doc.blocks.append(text)
                    text = None
                block = Block(
                    "table", tr(f"trang {page_no}", f"page {page_no}"), start_line=line_no + 1
                )
                ruled = (
                    [(cells, []) for cells in obj]
                    if kind == "spaced"
                    else _ruled_rows(page, obj.bbox)
                )
                if ruled is not None:
                    for cells, down in ruled:
                        line_no += 1
                        block.rows.append((line_no, cells))
                        if down:
                            block.merged_above[line_no] = down
                    doc.blocks.append(block)
                    continue
                # a row whose first cell is covered by a merged cell above (None) is a
                # further line of the same row (justified text drawn line by line)
                for geo, row in zip(obj.rows, obj.extract(), strict=False):
                    line_no += 1
                    cells = [clean_cell(c) for c in row]
                    if geo.cells and geo.cells[0] is None and block.rows:
                        prev = block.rows[-1][1]
                        for i, c in enumerate(cells):
                            if c and i < len(prev):
                                prev[i] = nfc(f"{prev[i]} {c}") if prev[i] else c
                        continue
                    block.rows.append((line_no, cells))
                doc.blocks.append(block)
            if text is not None:
                doc.blocks.append(text)
    if n_chars == 0:
        raise InputError(
            tr("Tệp PDF không có lớp chữ (bản quét): cần nhận dạng chữ (OCR) trước",
               "The PDF has no text layer (a scan): it needs OCR first"),
            hint=tr("Chạy OCR (vd. ocrmypdf) hoặc dùng bản Word/Excel của kế hoạch",
                    "Run OCR on it (e.g. ocrmypdf) or use the plan's Word/Excel version"),
            file=str(p),
        )  # fmt: skip
    return doc
