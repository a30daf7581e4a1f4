"""Time expressions of the schedule table → dates (pure functions, no I/O).

The schedule table has a start column ("Thời gian thực hiện") and a completion column
("Thời gian hoàn thành"). Their cells hold Vietnamese expressions such as ``Tháng 11/2023``,
``Quý III/2023``, ``Năm 2023``, ``Trước ngày 25/10/2023``, ``Thường xuyên``,
``Tháng 3,7,10/2023`` or ``Từ tháng 1/2 đến 6/2023``. :func:`parse_expression` turns one cell
into a :class:`TimeExpr`; :func:`parse_task_times` combines the two columns of a row into a
:class:`TimeInfo` (due date, start date, milestones, recurring, flags).

Rules: dates are day first (Vietnam); a month, quarter or year means its whole window and is
due on its last day; a missing year is the plan year; nothing that is not written is guessed:
anything not understood is ``unparsed`` and the caller keeps the raw text and flags it.
See ``docs/deadlines.md`` for the table of accepted expressions.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .textutil import fold, nfc

__all__ = [
    "KINDS",
    "TimeExpr",
    "TimeInfo",
    "parse_expression",
    "parse_task_times",
]

KINDS = (
    "empty",
    "month",
    "quarter",
    "year",
    "date",
    "range",
    "multi",
    "recurring",
    "event",
    "compound",
    "unparsed",
)
_DATED_KINDS = frozenset({"month", "quarter", "year", "date", "range", "multi", "compound"})

# A written year further than this from the plan year is taken as a typo: unparsed.
MAX_YEAR_DISTANCE = 20

FLAG_NO_DEADLINE = "no_deadline"
FLAG_BEFORE_PLAN_YEAR = "before_plan_year"
FLAG_UNPARSED_TIME = "unparsed_time"
FLAG_DUE_BEFORE_START = "due_before_start"
FLAG_COMPOUND_TIME = "compound_time"


@dataclass
class TimeExpr:
    """One cell parsed."""

    raw: str
    kind: str  # one of KINDS
    start: str | None = None  # ISO, first day covered
    end: str | None = None  # ISO, last day covered (the deadline meaning)
    dates: list[str] = field(default_factory=list)  # ISO, for multi: each milestone's end
    recurring: bool = False
    before_year: bool = False  # refers to a year before the plan year


@dataclass
class TimeInfo:
    """The two time columns of one task row, combined."""

    due_date: str | None = None
    start_date: str | None = None
    milestones: list[str] = field(default_factory=list)
    recurring: bool = False
    flags: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- normalisation

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
_WORD = re.compile(r"[^\W\d_]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~]+\s*")
_AROUND = re.compile(r"\s*([/.:])\s*")
_LIST_SEP = re.compile(r"\s*(?:[,;&+]|\bva\b)\s*")
_LABEL = re.compile(r"\b(?:dot|lan|giai doan)\s*\d{1,2}(?!\d)\s*:?\s*")
_EDGE = " .,;:-*()[]'\"`"
# "trong hai năm 2012 - 2013", "trong 02 năm 2024 - 2025": the count of the span's years
_SPAN_WORD = re.compile(
    r"\b(?:giai doan|(?:hai|ba|bon|0?[2-9]) nam)\s+(?=\d{4}\s*[-\u2013]\s*\d{4}\b)"
)


@lru_cache(maxsize=512)
def _fold_word(word: str) -> str:
    return fold(word).replace(" ", "")


def _normalise(text: str) -> str:
    """NFC, no HTML, lower-case ASCII words, tight punctuation: ``thang 6,11/2023``."""
    s = _TAG.sub(" ", html.unescape(str(text)))
    s = nfc(s)
    s = _WORD.sub(lambda m: _fold_word(m.group(0)), s)
    s = _LETTER_DIGIT.sub(" ", s)  # "thang11" -> "thang 11", "q3" -> "q 3"
    s = nfc(s)
    return s.strip(_EDGE)


def _structure(s: str) -> str:
    """Further tightening for the date grammar (labels, list and range separators)."""
    s = _LABEL.sub(",", s)
    # "Giai đoạn 2026 - 2030": the span of years itself (Quyết định 2530/QĐ-TTg of 2025)
    s = _SPAN_WORD.sub("", s)
    s = _DASHES.sub("-", s)
    s = _AROUND.sub(r"\1", s)
    s = _LIST_SEP.sub(",", s)
    s = re.sub(r",+", ",", s)
    return s.strip(_EDGE)


# ------------------------------------------------------------------------------ phrases

_REC_WORD = (
    r"(?:thuong ?xuyen|hang ?thang|hang ?quy|hang ?nam|hang ?tuan|dinh ?ky|theo tinh hinh thuc te)"
)
_RECURRING = re.compile(rf"{_REC_WORD}(?:(?:\s*[,;]\s*|\s+va\s+|\s+){_REC_WORD})*")
_AND_YEARS_AFTER = re.compile(r"\s*(?:,\s*|\s)va (?:cac|nhung) nam (?:tiep theo|sau)\W*$")
_EVENT = re.compile(
    r"(?:nhan )?dip\b|(?:theo )?tien do (?:du an|cong trinh)\b|theo tien do\b|"
    r"(?:vao )?(?:cac )?ngay le\b|theo ke hoach\b|theo chi dao\b|theo yeu cau\b|khi co\b"
)


class _Invalid(Exception):
    """A written date that does not exist (31/06) or an implausible year."""


@dataclass(frozen=True)
class _Term:
    kind: str  # month | quarter | year | date
    start: dt.date
    end: dt.date
    explicit_year: bool


def _year(text: str | None, default: int, plan_year: int) -> tuple[int, bool]:
    if text is None:
        return default, False
    y = int(text)
    if abs(y - plan_year) > MAX_YEAR_DISTANCE:
        raise _Invalid(text)
    return y, True


def _month_term(m: int, y: int, explicit: bool) -> _Term:
    last = calendar.monthrange(y, m)[1]
    return _Term("month", dt.date(y, m, 1), dt.date(y, m, last), explicit)


def _quarter_term(q: int, y: int, explicit: bool) -> _Term:
    first = 3 * (q - 1) + 1
    last = first + 2
    return _Term(
        "quarter",
        dt.date(y, first, 1),
        dt.date(y, last, calendar.monthrange(y, last)[1]),
        explicit,
    )


def _year_term(y: int) -> _Term:
    return _Term("year", dt.date(y, 1, 1), dt.date(y, 12, 31), True)


def _date_term(d: int, m: int, y: int, explicit: bool) -> _Term:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        raise _Invalid(f"{d}/{m}/{y}") from None
    return _Term("date", day, day, explicit)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_M = r"(?P<m>0?[1-9]|1[0-2])"
_Y = r"(?P<y>\d{4})"
_YSEP = r"(?:/|-|\.| nam |\s)"
_Q = r"(?P<q>iv|iii|ii|i|[1-4])"
_QW = r"(?:quy|qui|q)\s?"
_LEAD = r"(?:(?:cuoi|trong|het|hoan thanh trong|hoan thanh) )?"
_END = r"(?=$|[\s,])"

_Builder = Callable[[re.Match, int, int], _Term]

# One term = one month, quarter, year or date. Tried in order; the first match wins.
_TERMS: list[tuple[re.Pattern, _Builder]] = [
    (  # ISO 8601, as written by software: 2026-05-31
        re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _END),
        lambda m, dy, py: _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], dy, py)),
    ),
    (
        re.compile(r"(?:ngay )?(?P<d>\d{1,2})(?P<s>[/.-])(?P<m>\d{1,2})(?P=s)" + _Y + _END),
        lambda m, dy, py: _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], dy, py)),
    ),
    (
        re.compile(r"(?:ngay )?(?P<d>\d{1,2}) thang (?P<m>\d{1,2})(?: nam " + _Y + ")?" + _END),
        lambda m, dy, py: _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], dy, py)),
    ),
    (
        re.compile(_LEAD + r"(?:thang )?" + _M + r"(?:/|-|\.| nam )" + _Y + _END),
        lambda m, dy, py: _month_term(int(m["m"]), *_year(m["y"], dy, py)),
    ),
    (
        re.compile(_LEAD + r"thang " + _M + r"\s" + _Y + _END),
        lambda m, dy, py: _month_term(int(m["m"]), *_year(m["y"], dy, py)),
    ),
    (
        re.compile(_LEAD + _QW + _Q + r"(?:" + _YSEP + _Y + r")?" + _END),
        lambda m, dy, py: _quarter_term(_ROMAN[m["q"]], *_year(m["y"], dy, py)),
    ),
    (
        re.compile(_LEAD + r"nam " + _Y + _END),
        lambda m, dy, py: _year_term(_year(m["y"], dy, py)[0]),
    ),
    (
        re.compile(_LEAD + r"thang " + _M + _END),
        lambda m, dy, py: _month_term(int(m["m"]), dy, False),
    ),
]

_BARE_YEAR = re.compile(_LEAD + _Y)
# Range-start only: "1/2" (day/month, no year; "tháng 1/2" reads "from 1 February"),
# and a bare month number ("3" in "tháng 3-4/2023").
_DAY_MONTH = re.compile(r"(?:ngay |thang )?(?P<d>\d{1,2})[/.](?P<m>\d{1,2})")
_BARE_MONTH = re.compile(_M)
_DUE_PREFIX = re.compile(
    # "chậm nhất đến ngày 01 tháng 7 năm 2028" (Quyết định 1074/QĐ-BXD of 2026)
    # "chậm nhất là ngày 30/01/2026", "chậm nhất vào ngày 05 hằng tháng" (Lâm Đồng, 2026);
    # "trong ngày 15/3/2026" (on that day; Hướng dẫn of MTTQ xã Lương Minh, 2025)
    r"(?:(?:truoc|cham nhat(?: la| vao| den)?|han chot|han|den|toi|hoan thanh truoc)(?: ngay)?"
    r"|trong ngay) (?P<rest>.+)"
)
# a second "trước ngày …" after the first one's date: several firm dates in one cell
_AGAIN = re.compile(r",(?:truoc|cham nhat)\b")
_MONTH_LIST = re.compile(
    r"(?:thang )?(?P<ms>(?:0?[1-9]|1[0-2])(?:,(?:thang )?(?:0?[1-9]|1[0-2]))+)(?:"
    + _YSEP
    + _Y
    + ")?"
)
_QUARTER_LIST = re.compile(
    _QW + r"(?P<qs>(?:iv|iii|ii|i|[1-4])(?:," + r"(?:" + _QW + r")?(?:iv|iii|ii|i|[1-4]))+)(?:"
    r"(?:/|-|\.| nam |\s)" + _Y + ")?"
)
_RANGE_WORD = re.compile(r" (?:den|toi) |-")
_FROM = re.compile(r"(?:tu|bat dau tu|trong (?:khoang )?(?:thoi gian )?tu) ")
_SCAN_SEP = re.compile(r"[\s,]*")


def _term(s: str, default_year: int, plan_year: int, bare_year: bool = False) -> _Term | None:
    """``s`` as exactly one term, or None. Raises _Invalid for impossible dates.

    A bare ``2023`` is a year only where it stands alone or ends a range (``bare_year``),
    not inside a list of milestones.
    """
    for rx, build in _TERMS:
        m = rx.fullmatch(s)
        if m:
            return build(m, default_year, plan_year)
    if bare_year and (m := _BARE_YEAR.fullmatch(s)):
        return _year_term(_year(m["y"], default_year, plan_year)[0])
    return None


def _scan(s: str, plan_year: int) -> list[_Term] | None:
    """``s`` as a sequence of terms separated by spaces/commas, or None."""
    spans: list[tuple[_Builder, re.Match]] = []
    pos = _SCAN_SEP.match(s, 0).end()  # type: ignore[union-attr]
    while pos < len(s):
        for rx, build in _TERMS:
            m = rx.match(s, pos)
            if m:
                spans.append((build, m))
                pos = _SCAN_SEP.match(s, m.end()).end()  # type: ignore[union-attr]
                break
        else:
            return None
    # A term without a year takes the next written year (as in "tháng 3, tháng 7/2023"),
    # else the previous one, else the plan year.
    first = [build(m, plan_year, plan_year) for build, m in spans]
    years = [t.start.year if t.explicit_year else None for t in first]
    out = []
    for i, (build, m) in enumerate(spans):
        if first[i].explicit_year:
            out.append(first[i])
            continue
        after = [y for y in years[i + 1 :] if y is not None]
        before = [y for y in years[:i] if y is not None]
        dy = after[0] if after else (before[-1] if before else plan_year)
        out.append(build(m, dy, plan_year))
    return out


def _keyword(s: str) -> str:
    if s.startswith("thang "):
        return "thang "
    if re.match(_QW, s):
        return "quy "
    return ""


def _range(s: str, plan_year: int) -> tuple[_Term, _Term] | None:
    m = _FROM.match(s)
    has_from = m is not None
    body = s[m.end() :] if m else s
    for sep in _RANGE_WORD.finditer(body):
        x, y = body[: sep.start()].strip(), body[sep.end() :].strip()
        if not x or not y:
            continue
        if not has_from and sep.group(0) != "-" and not _keyword(x):
            continue
        try:
            found = _range_at(x, y, plan_year)
        except _Invalid:
            continue
        if found:
            return found
    return None


def _range_at(x: str, y: str, plan_year: int) -> tuple[_Term, _Term] | None:
    """``x`` to ``y``: ``y`` gives the year to an ``x`` written without one."""
    y_t = _term(y, plan_year, plan_year, bare_year=True)
    if y_t is None and _keyword(x):
        y_t = _term(_keyword(x) + y, plan_year, plan_year)
    if y_t is None:
        return None
    dy = y_t.end.year
    x_t = _range_start(x, y_t, dy, plan_year)
    if x_t is not None and x_t.start > y_t.end and y_t.explicit_year and not x_t.explicit_year:
        x_t = _range_start(x, y_t, dy - 1, plan_year)
    if x_t is None or x_t.start > y_t.end:
        return None
    return x_t, y_t


def _range_start(x: str, y_t: _Term, dy: int, plan_year: int) -> _Term | None:
    t = _term(x, dy, plan_year, bare_year=True)
    if t is not None:
        return t
    m = _DAY_MONTH.fullmatch(x)
    if m:
        return _date_term(int(m["d"]), int(m["m"]), dy, False)
    m = _BARE_MONTH.fullmatch(x)
    if m and y_t.kind == "month":
        return _month_term(int(m["m"]), dy, False)
    if re.fullmatch(r"iv|iii|ii|i|[1-4]", x) and y_t.kind == "quarter":
        return _quarter_term(_ROMAN[x], dy, False)
    return None


# ------------------------------------------------------------------------------- parsing

_Parsed = tuple[str, str | None, str | None, tuple[str, ...], bool, bool]


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _dated(
    kind: str, start: dt.date | None, end: dt.date, dates: tuple[dt.date, ...], plan_year: int
) -> _Parsed:
    first = dt.date(plan_year, 1, 1)
    lowest = min([d for d in (start, end, *dates) if d is not None])
    return (
        kind,
        _iso(start),
        _iso(end),
        tuple(d.isoformat() for d in dates),
        False,
        lowest < first,
    )


def _multi(terms: list[_Term], plan_year: int) -> _Parsed:
    if len(terms) == 1:
        t = terms[0]
        return _dated(t.kind, t.start, t.end, (), plan_year)
    ends = tuple(sorted({t.end for t in terms}))
    start = min(t.start for t in terms)
    return _dated("multi", start, ends[-1], ends, plan_year)


def _parse(s: str, plan_year: int) -> _Parsed:
    if not s:
        return ("empty", None, None, (), False, False)
    if _RECURRING.fullmatch(s):
        return ("recurring", None, None, (), True, False)
    head = _AND_YEARS_AFTER.split(s)[0]
    if head != s and _parse(head, plan_year)[0] in _DATED_KINDS:
        # "Năm 2025 và các năm tiếp theo" (Kế hoạch 172/KH-UBND of 2025, Hồ Chí Minh): from
        # that year on, every year — not a deadline at its end
        return ("recurring", None, None, (), True, False)
    if _EVENT.match(s):
        return ("event", None, None, (), False, False)
    orig = s
    s = _structure(s)
    if not s:
        return ("empty", None, None, (), False, False)

    m = _DUE_PREFIX.fullmatch(s)
    if m:
        rest = m["rest"]
        t = _term(rest, plan_year, plan_year)
        if t is None and (dm := _DAY_MONTH.fullmatch(rest)):
            t = _date_term(int(dm["d"]), int(dm["m"]), plan_year, False)
        if t is not None and t.kind == "date":
            return _dated("date", None, t.end, (), plan_year)
        if (t is None and (_FIRM_IN_SENTENCE.search(rest) or _AGAIN.search(rest))) or _UNTIL.match(
            s
        ):
            # "Trước 31/12/2025; báo cáo kết quả trước 15/01/2026": several firm dates ("trước
            # ngày 31 tháng 5 năm 2026; trước ngày 30 tháng 6 năm 2026", Chỉ thị 21/CT-TTg);
            # "Đến hết năm 2025": that time's end
            return _fallback(orig, plan_year)
        if t is None and _REC_ANYWHERE.search(rest) and not _DATED_WORDS.search(rest):
            # "chậm nhất vào ngày 05 hằng tháng" (Thông báo kết luận of 01/2026, Lâm Đồng):
            # a day of every month, no fixed date
            return ("recurring", None, None, (), True, False)
        return _unparsed()

    m = _MONTH_LIST.fullmatch(s)
    if m and (m["y"] or s.startswith("thang ")):
        y, explicit = _year(m["y"], plan_year, plan_year)
        months = [int(x) for x in re.findall(r"\d+", m["ms"])]
        return _multi([_month_term(mm, y, explicit) for mm in months], plan_year)
    m = _QUARTER_LIST.fullmatch(s)
    if m:
        y, explicit = _year(m["y"], plan_year, plan_year)
        numerals = re.sub(_QW, "", m["qs"])
        qs = [_ROMAN[q] for q in re.findall(r"iv|iii|ii|i|[1-4]", numerals)]
        return _multi([_quarter_term(q, y, explicit) for q in qs], plan_year)

    m = _THEN_YEARS.fullmatch(s)
    listed = _then_years(m["head"], m["ys"], plan_year) if m else None
    if listed:
        return listed

    t = _term(s, plan_year, plan_year, bare_year=True)
    if t is not None:
        return _dated(t.kind, t.start, t.end, (), plan_year)
    terms = _scan(s, plan_year)
    if terms:
        return _multi(terms, plan_year)

    r = _range(s, plan_year)
    if r:
        first, last = r
        return _dated("range", first.start, last.end, (), plan_year)
    return _fallback(orig, plan_year)


# A dated time then later years, in a list: "Quý IV/2026, 2027", "Quý III, IV/2026, 2027"
# (Quyết định 2200 of Bộ NN&MT, 2026), "Trong năm 2023, 2024" (Nghị quyết 175/NQ-CP): a list
# of periods, due at the end of the last. The head must name its year ("Tháng 3, 2024" stays
# unparsed: it may mean March 2024), and the years must follow it in order.
_THEN_YEARS = re.compile(r"(?P<head>.*\d{4}),(?P<ys>\d{4}(?:,\d{4})*)")


def _then_years(head: str, ys: str, plan_year: int) -> _Parsed | None:
    r = _parse(head, plan_year)
    if r[0] not in _DATED_KINDS or r[0] == "compound" or not r[2]:
        return None
    years = [_year(y, plan_year, plan_year)[0] for y in ys.split(",")]
    previous = [dt.date.fromisoformat(r[2]).year, *years]
    if any(later <= earlier for earlier, later in zip(previous, years, strict=False)):
        return None
    ends = [dt.date.fromisoformat(d) for d in (r[3] or (r[2],))]
    ends += [dt.date(y, 12, 31) for y in years]
    start = dt.date.fromisoformat(r[1]) if r[1] else ends[0]
    return _dated("multi", start, ends[-1], tuple(ends), plan_year)


# Real plans (DOMAIN.md "Other plans look different"): meeting-based deadlines, fillers
# before the date, remarks in parentheses, several conditions in one cell.
_MEETING = re.compile(r"\b(?:ky hop|phien hop|hoi nghi|ky hop thu|phien hop thu)\b")
_MEETING_MONTH = re.compile(
    r"\b(?:ky hop|phien hop)\b[^/]*?\bthang (?P<m>0?[1-9]|1[0-2])\s*(?:[/.-]|nam )\s*(?P<y>\d{4})"
)
_PAREN = re.compile(r"\([^()]*(?:\)|$)")
_FILLER = re.compile(
    r"^(?:du kien|dang ky|phai xu ly|phai hoan thanh|phai trinh|phai|trinh|thuc hien|"
    r"hoan thanh|xong|ngay(?= thang)|co trong danh sach phai xu ly|"
    # "Cả năm 2017" (Bộ GD&ĐT's task list of 2017), "suốt năm": that year
    r"(?:trong )?(?:ca|suot)(?= nam)|"
    # "Nhiệm vụ thường xuyên" (Quyết định 982/QĐ-TTg of 2026): an ongoing task
    rf"nhiem vu(?= {_REC_WORD}))\s+"
)
# A sentence naming one firm date ("Hoàn thành đầu tư, lắp đặt và vận hành xong trước ngày
# 01/01/2030"): that date, when the sentence names no other time.
_FIRM_IN_SENTENCE = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?|han chot(?: la)?)(?: ngay)? "
    r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\b"
)
_ANY_TIME = re.compile(r"\d{4}|\b(?:thang|quy|ngay|nam)\b")
_PIECES = re.compile(r"\.\s+|;\s*|\s+va\s+|,\s+(?=[a-z])")


_UNTIL = re.compile(
    r"^(?:tu nay |tu nay cho )?den (?:het |cuoi )?(?=(?:ngay |thang |nam )?\d|quy (?:[ivx]+|\d)\b)"
)


_CLOCK_TIME = r"\d{1,2} gio(?: \d{1,2}(?: phut)?)?"
_CLOCK = re.compile(rf"(?:\b(?:tu|luc) )?\b{_CLOCK_TIME}(?:\s*(?:-|den)\s*{_CLOCK_TIME})?\b")


def _fallback(s: str, plan_year: int) -> _Parsed:
    """What the grammar did not take as a whole: a meeting with a named month, the same
    text without fillers and remarks, or the earliest firm date of a compound cell."""
    phases = _phases(s, plan_year)
    if phases is not None:
        return phases
    day = _CLOCK.sub(" ", s).strip(_EDGE)
    if day != s and day:
        # "Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5" (a broadcast slot, Kế hoạch
        # tuyên truyền CCHC năm 2026 of Lâm Đồng): the hours of a day, the day is the time
        r = _parse(_structure_raw(day), plan_year)
        if r[0] == "date":
            return r
    if _REC_ANYWHERE.search(s) and not _DATED_WORDS.search(s):
        # "Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện", "6 tháng, hằng năm
        # và định kỳ", "Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương"
        # (Kế hoạch CCHC 2026-2030 of UBND tỉnh Lâm Đồng): every period, no year or date named
        return ("recurring", None, None, (), True, False)
    until = _UNTIL.match(s)
    if until:
        # "Từ nay đến 31/12/2025", "Đến hết năm 2025": the deadline is that time's end
        r = _parse(_structure_raw(s[until.end() :]), plan_year)
        # a year only "to its end" ("đến hết năm 2025"); "từ nay đến năm 2030" is a horizon
        kinds = (
            ("date", "month", "quarter", "year")
            if " het " in f" {s[: until.end()]}"
            else ("date", "month", "quarter")
        )
        if r[0] in kinds and r[2]:
            return _dated(r[0], None, dt.date.fromisoformat(r[2]), (), plan_year)
    meetings = [
        _month_term(int(m["m"]), *_year(m["y"], plan_year, plan_year))
        for m in _MEETING_MONTH.finditer(s)
    ]
    if meetings:
        # "Trình UBTVQH tại Phiên họp thứ 44 (tháng 4/2025); - Trình Quốc hội … tại Kỳ họp
        # thứ 9 (tháng 5/2025)" (Nghị quyết 1339/NQ-UBTVQH15): each step a milestone
        return _multi(list({t.end: t for t in meetings}.values()), plan_year)
    firm = _firm_beside(s, plan_year)
    if firm is not None:
        return firm
    if _MEETING.search(s):
        return _unparsed()  # "Kỳ họp thứ 10", "Kỳ họp giữa năm 2026": no month named
    s2 = _PAREN.sub(" ", s)
    while True:
        s3 = _FILLER.sub("", s2.strip(_EDGE))
        if s3 == s2:
            break
        s2 = s3
    s2 = re.sub(r"\s+", " ", s2).strip(_EDGE)
    if s2 and s2 != s:
        r = _parse(_structure_raw(s2), plan_year)
        if r[0] != "unparsed":
            return r
    firm = _firm_in_sentence(s2, plan_year) or _done_by(s, plan_year)
    if firm is not None:
        return firm
    pieces = [p.strip(_EDGE) for p in _PIECES.split(s2) if p.strip(_EDGE)]
    if len(pieces) < 2:
        return _unparsed()
    # a piece without its year takes the one year the cell names ("Trong Quý I và trước ngày
    # 30/4/2017", Bộ GD&ĐT's task list of 2017: Quý I of 2017, not of the plan's year)
    named = set(re.findall(r"\b(20\d\d)\b", s2))
    year = int(named.pop()) if len(named) == 1 else plan_year
    parsed = [_parse(p, year) for p in pieces]
    dated = [r for r in parsed if r[0] in _DATED_KINDS and r[2]]
    if not dated:
        if any(r[3] or r[4] for r in parsed) and all(r[0] != "unparsed" for r in parsed):
            return ("recurring", None, None, (), True, False)
        return _unparsed()
    first = min(dated, key=lambda r: r[2] or "")
    return ("compound", first[1], first[2], (), False, any(r[5] for r in dated))


# Phases: "+ Đợt 1: Trong khoảng thời gian từ ngày 01/12/2025 đến ngày 14/12/2025. + Đợt 2:
# … + Đợt 3: … đến ngày 20/02/2026" (Kế hoạch of MTTQ phường Bắc Cam Ranh, 2025): a list of
# periods, each phase a milestone, due at the end of the last.
# "Kỳ 1: 2/2026 Kỳ 2: 7/2026" (a survey each semester; Kế hoạch đảm bảo chất lượng năm 2026
# of Trường Đại học Việt Nhật): the terms are phases too
_PHASE = re.compile(r"\b(?:dot|lan|giai doan|ky|hoc ky)\s*(?P<n>\d{1,2})\s*:")


def _phases(s: str, plan_year: int) -> _Parsed | None:
    marks = list(_PHASE.finditer(s))
    if len(marks) < 2 or [int(m["n"]) for m in marks] != list(range(1, len(marks) + 1)):
        return None
    if s[: marks[0].start()].strip(_EDGE + "+"):
        return None  # words before the first phase: not a plain list of phases
    bounds = [*(m.start() for m in marks[1:]), len(s)]
    terms = []
    for m, stop in zip(marks, bounds, strict=True):
        r = _parse(_structure_raw(s[m.end() : stop].strip(_EDGE + "+")), plan_year)
        if r[0] not in _DATED_KINDS or r[0] == "compound" or not r[2]:
            return None
        end = dt.date.fromisoformat(r[2])
        start = dt.date.fromisoformat(r[1]) if r[1] else end
        terms.append(_Term("date", start, end, True))
    return _multi(terms, plan_year)


_REC_ANYWHERE = re.compile(rf"\b{_REC_WORD}\b")
_DATED_WORDS = re.compile(r"\d{4}|\b\d{1,2}[/.-]\d{1,2}\b")

_ESTIMATE = re.compile(r"^(?:du kien|uoc|khoang)\b")


def _firm_beside(s: str, plan_year: int) -> _Parsed | None:
    """A firm deadline in a remark or a second sentence beside another time: "Dự kiến ngày
    05/12/2025 (Chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử)", "Tháng 6/2026 (có trong
    DS xử lý chậm nhất 31/5/2026)", "Đăng ký kỳ họp HĐND gần nhất. Phải xử lý trước
    31/5/2026". The deadline is the firm date, or the other time when it is earlier and
    not an estimate ("dự kiến"); the cell is flagged compound (its text is kept)."""
    found = list(_FIRM_IN_SENTENCE.finditer(s))
    if len(found) != 1:
        return None
    m = found[0]
    paren = next((p for p in _PAREN.finditer(s) if p.start() < m.start() < p.end()), None)
    if paren is not None:
        other = (s[: paren.start()] + " " + s[paren.end() :]).strip(_EDGE)
    else:
        parts = [p for p in re.split(r"\.\s+|;\s*", s) if p.strip(_EDGE)]
        if len(parts) < 2:
            return None  # one sentence: _firm_in_sentence decides
        other = " ".join(p for p in parts if m.group(0) not in p).strip(_EDGE)
    if not other:
        return None
    firm = _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], plan_year, plan_year)).end
    o = _parse(_structure_raw(other), plan_year) if not _MEETING.search(other) else _unparsed()
    end = firm
    if o[0] in _DATED_KINDS and o[2] and not _ESTIMATE.match(other):
        end = min(firm, dt.date.fromisoformat(o[2]))
    elif o[0] not in _DATED_KINDS and not _MEETING.search(other) and not _ESTIMATE.match(other):
        return None  # the other part is no time we know: not a compound of two times
    kind, _start, end_iso, _d, _r, before = _dated("compound", None, end, (), plan_year)
    return (kind, None, end_iso, (), False, before)


# A sentence naming one month of a year as its time: "Ban hành kế hoạch trong tháng 01/2026
# và tổ chức thực hiện" (Kế hoạch CCHC năm 2026 of UBND tỉnh Lâm Đồng): due at that month's end,
# as "Ban hành kế hoạch chậm nhất là ngày 15/01/2026 và tổ chức thực hiện" is due that day.
_MONTH_IN_SENTENCE = re.compile(r"\btrong thang (?P<m>0?[1-9]|1[0-2])[/.-](?P<y>\d{4})\b")


# "Hoàn thành xây dựng kế hoạch vào 31/1/2026", "Hoànthành kế hoạch vào 30/8/2026" (Kế hoạch
# đảm bảo chất lượng năm 2026 of Trường Đại học Việt Nhật): done by that day.
_DONE_BY = re.compile(
    r"^hoan ?thanh\b[^\d]{0,60}? vao(?: ngay)? (?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})\b"
)


def _done_by(s: str, plan_year: int) -> _Parsed | None:
    m = _DONE_BY.match(s)
    if m is None or _ANY_TIME.search(s[: m.start("d")]) or _ANY_TIME.search(s[m.end() :]):
        return None
    t = _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], plan_year, plan_year))
    return _dated("date", None, t.end, (), plan_year)


def _firm_in_sentence(s: str, plan_year: int) -> _Parsed | None:
    found = list(_FIRM_IN_SENTENCE.finditer(s))
    months = list(_MONTH_IN_SENTENCE.finditer(s))
    if len(found) + len(months) != 1:
        return None
    m = (found or months)[0]
    rest = s[: m.start()] + " " + s[m.end() :]
    if _ANY_TIME.search(rest):  # another time named beside it: compound or unclear
        return None
    if months:
        t = _month_term(int(m["m"]), *_year(m["y"], plan_year, plan_year))
        return _dated("month", t.start, t.end, (), plan_year)
    t = _date_term(int(m["d"]), int(m["m"]), *_year(m["y"], plan_year, plan_year))
    return _dated("date", None, t.end, (), plan_year)


def _structure_raw(s: str) -> str:
    return s


def _unparsed() -> _Parsed:
    return ("unparsed", None, None, (), False, False)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, plan_year: int) -> _Parsed:
    try:
        return _parse(_normalise(text), plan_year)
    except (_Invalid, ValueError, OverflowError):  # impossible date or out-of-range year
        return _unparsed()


def parse_expression(text: str, year: int) -> TimeExpr:
    """One cell of a time column → :class:`TimeExpr` (``year`` = the plan year).

    >>> parse_expression("Quý III/2023", 2023).end
    '2023-09-30'
    >>> parse_expression("Tháng 3,7,10/2023", 2023).dates
    ['2023-03-31', '2023-07-31', '2023-10-31']
    """
    raw = "" if text is None else str(text)
    kind, start, end, dates, recurring, before = _parse_cached(raw, int(year))
    return TimeExpr(
        raw=raw,
        kind=kind,
        start=start,
        end=end,
        dates=list(dates),
        recurring=recurring,
        before_year=before,
    )


def parse_task_times(start_raw: str, due_raw: str, year: int) -> TimeInfo:
    """The start and completion cells of one row → :class:`TimeInfo`.

    The due date comes only from the completion column (never borrowed from the start
    column); milestones are the multi-date cells of either column; flags are
    ``no_deadline``, ``before_plan_year``, ``unparsed_time: <text>``, ``due_before_start``.
    """
    s = parse_expression(start_raw, year)
    d = parse_expression(due_raw, year)
    due_date = d.end if d.kind in _DATED_KINDS else None
    start_date = s.start if s.kind in _DATED_KINDS else None
    milestones = sorted(set(s.dates) | set(d.dates))
    recurring = s.recurring or d.recurring
    flags: list[str] = []
    if due_date is None and not recurring:
        flags.append(FLAG_NO_DEADLINE)
    if s.before_year or d.before_year:
        flags.append(FLAG_BEFORE_PLAN_YEAR)
    for e in (s, d):
        if e.kind == "unparsed":
            flags.append(f"{FLAG_UNPARSED_TIME}: {nfc(e.raw)}")
    if due_date and start_date and due_date < start_date:
        flags.append(FLAG_DUE_BEFORE_START)
    if d.kind == "compound":
        flags.append(f"{FLAG_COMPOUND_TIME}: {nfc(d.raw)}")
    return TimeInfo(
        due_date=due_date,
        start_date=start_date,
        milestones=milestones,
        recurring=recurring,
        flags=flags,
    )
