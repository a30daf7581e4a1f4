"""How much room a text needs in a spreadsheet cell, from Times New Roman's real widths.

Excel and LibreOffice do not grow a row to fit wrapped text written by xlsxwriter: a row
keeps the height it is given, and text beyond it is silently cut on paper. The committee
workbook therefore wraps each text itself (word by word, with the font's advance widths from
``fontwidths``) and sets every row's height; a text taller than a row may be (409 pt) is
split over continuation rows instead of being cut.
"""

from __future__ import annotations

import functools
from itertools import repeat

from .fontwidths import BOLD, DEFAULT, REGULAR

# the widest character of each table: a text no longer than limit / widest characters fits
# on one line without measuring it
_WIDEST = {False: max(DEFAULT, *REGULAR.values()), True: max(DEFAULT, *BOLD.values())}

MAX_ROW_PT = 409.0  # Excel's highest row
LINE_FACTOR = (
    1.17  # line height / font size (Times New Roman: 1.107 in LibreOffice, ~1.15 in Excel)
)
PAD_PT = 2.5  # a row's top and bottom padding
SLACK = 0.97  # keep a little room: renderers differ by a few per cent


def col_text_pt(width_chars: float) -> float:
    """The room for text in a column ``width_chars`` wide (Excel's character units: 7 px
    each plus 5 px padding at 96 dpi), less the cell's inner margins."""
    px = width_chars * 7 + 5 - 6
    return max(1.0, px * 0.75 * SLACK)


@functools.lru_cache(maxsize=65536)
def _word_pt1000(word: str, bold: bool) -> int:
    return sum(map((BOLD if bold else REGULAR).get, word, repeat(DEFAULT)))


def width_pt(text: str, size: float, bold: bool = False) -> float:
    return _word_pt1000(text, bold) * size / 1000


def wrap(text: str, room_pt: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into the lines a wrapping cell shows (explicit line breaks kept; a
    word longer than the line is broken by characters). Units often write the same text
    (``Chờ hướng dẫn của cấp trên.``): wrapped once."""
    return list(_wrap(text, room_pt, size, bold))


@functools.lru_cache(maxsize=32768)
def _wrap(text: str, room_pt: float, size: float, bold: bool) -> tuple[str, ...]:
    limit = room_pt * 1000 / size  # in 1/1000 em
    space = (BOLD if bold else REGULAR)[" "]
    short = limit // _WIDEST[bold]
    out: list[str] = []
    for para in text.split("\n"):
        if len(para) <= short or _word_pt1000(para, bold) <= limit:
            out.append(para)
            continue
        line: list[str] = []
        used = 0
        for word in para.split(" "):
            w = _word_pt1000(word, bold)
            extra = w + (space if line else 0)
            if line and used + extra > limit:
                out.append(" ".join(line))
                line, used = [], 0
                extra = w
            if not line and w > limit:  # a very long word: break it by characters
                table = BOLD if bold else REGULAR
                chunk, cw = "", 0
                for ch in word:
                    x = table.get(ch, DEFAULT)
                    if chunk and cw + x > limit:
                        out.append(chunk)
                        chunk, cw = "", 0
                    chunk += ch
                    cw += x
                line, used = [chunk], cw
                continue
            line.append(word)
            used += extra
        out.append(" ".join(line))
    return tuple(out)


def short_chars(room_pt: float, size: float, bold: bool = False) -> int:
    """The most characters a line may have and surely fit ``room_pt`` at ``size`` pt without
    being measured (as many of the font's widest character fit)."""
    return int(room_pt * 1000 / size // _WIDEST[bold])


def lines_needed(text: str, width_chars: float, size: float, bold: bool = False) -> int:
    if not text:
        return 1
    return len(_wrap(text, col_text_pt(width_chars), size, bold))


def row_pt(lines: int, size: float) -> float:
    """The height of a row showing ``lines`` lines at ``size`` pt."""
    return lines * size * LINE_FACTOR + PAD_PT


def max_lines(size: float) -> int:
    """The most lines one row can show."""
    return int((MAX_ROW_PT - PAD_PT) / (size * LINE_FACTOR))
