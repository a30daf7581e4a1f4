"""The numbers Word draws before list paragraphs ("1.", "a)", "II.", "-"), which are not in a
paragraph's text: python-docx gives ``Cải cách thể chế`` where the page shows ``1. Cải cách
thể chế``, and a TT column numbered by Word reads empty.

A plan's structure (sections I, II; tasks 1, 2; duties a), b)) is often drawn this way, so
the reader puts each label back in front of its paragraph, as Word and LibreOffice show it.
Counters are kept per list definition (``w:abstractNum``): instances of one definition
continue each other's numbers unless an instance restarts a level (``w:startOverride``); a
level restarts when a higher level of the same list moves on.
"""

from __future__ import annotations

from typing import Any

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_BULLETS = "-+*•–"


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's a … z, aa … zz, aaa …: the letter repeated
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in the list format ``fmt`` (``w:numFmt``)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal, and the formats a Vietnamese plan does not use


def _val(el: Any, tag: str) -> str | None:
    child = el.find(f"{_W}{tag}") if el is not None else None
    return child.get(_VAL) if child is not None else None


class WordNumbering:
    """The list labels of one document, given paragraph by paragraph in reading order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract -> ilvl -> …
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, starts)
        self.style_num: dict[str, tuple[str, int]] = {}  # style id -> (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for ab in root.iterfind(f"{_W}abstractNum"):
            levels = {}
            for lvl in ab.iterfind(f"{_W}lvl"):
                start = _val(lvl, "start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    int(start) if start and start.isdigit() else 1,
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                )
            self.levels[ab.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iterfind(f"{_W}num"):
            starts = {}
            for ov in num.iterfind(f"{_W}lvlOverride"):
                start = _val(ov, "startOverride")
                if start and start.isdigit():
                    starts[int(ov.get(f"{_W}ilvl", "0"))] = int(start)
            self.instances[num.get(f"{_W}numId", "")] = (_val(num, "abstractNumId") or "", starts)
        self._styles(document)

    def _styles(self, document: Any) -> None:
        """Paragraph styles that number their paragraphs (``List Number``, a heading style)."""
        try:
            styles = document.styles.element
        except AttributeError:
            return
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for st in styles.iterfind(f"{_W}style"):
            sid = st.get(f"{_W}styleId", "")
            parent = _val(st, "basedOn")
            if parent:
                based[sid] = parent
            numpr = st.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                ilvl = _val(numpr, "ilvl")
                own[sid] = (_val(numpr, "numId") or "", int(ilvl) if ilvl else 0)
        for sid in {*based, *own}:
            seen, at = set(), sid
            while at and at not in own and at not in seen:
                seen.add(at)
                at = based.get(at, "")
            if at in own:
                self.style_num[sid] = own[at]

    def label(self, p: Any) -> str:
        """The label Word draws before the paragraph ``p`` (a ``w:p``), with a space after
        it; "" for a paragraph outside lists. Call once per paragraph, in reading order."""
        if not self.instances:
            return ""
        ppr = p.find(f"{_W}pPr")
        numpr = ppr.find(f"{_W}numPr") if ppr is not None else None
        style = _val(ppr, "pStyle") if ppr is not None else None
        num_id, ilvl = self.style_num.get(style or "", ("", 0))
        if numpr is not None:
            direct_id, direct_lvl = _val(numpr, "numId"), _val(numpr, "ilvl")
            num_id = direct_id if direct_id is not None else num_id
            ilvl = int(direct_lvl) if direct_lvl and direct_lvl.isdigit() else ilvl
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        abstract, starts = self.instances[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # an instance that restarts a level
            self.started.add(num_id)
            for lvl, start in starts.items():
                counters[lvl] = start - 1
                for deeper in [k for k in counters if k > lvl]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return self._text(levels, counters, ilvl)

    @staticmethod
    def _text(levels: dict[int, tuple[int, str, str]], counters: dict[int, int], ilvl: int) -> str:
        _start, fmt, text = levels[ilvl]
        if fmt == "bullet":
            text = text.strip()
            return (text if text and text in _BULLETS else "-") + " "
        out = text
        for k in range(9):
            mark = f"%{k + 1}"
            if mark in out:
                lvl_start, lvl_fmt, _t = levels.get(k, (1, "decimal", ""))
                n = counters.get(k, lvl_start)
                out = out.replace(mark, format_number(n, lvl_fmt))
        out = out.strip()
        return f"{out} " if out else ""
