"""Reporting periods: the quarters of the plan year and the year itself.

Codes are ``2023-Q1`` .. ``2023-Q4`` and ``2023-Y``; ``Q2/2023``, ``Quý II/2023``, ``q2-2023``
and ``2023`` are accepted as input. A quarter's report is due on the 15th of its last month
(the plan's rule); the year's on 15 December by default. Both are editable in the master.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .errors import InputError
from .i18n import tr
from .model import Master, Period
from .textutil import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_bounds(year: int, q: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    return dt.date(year, first_month, 1), dt.date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def default_periods(year: int, due_day: int = 15) -> list[Period]:
    if not 1900 <= year <= 2200:
        raise InputError(
            tr("Năm kế hoạch không hợp lệ", "Not a plan year") + f": {year}",
            hint=tr("Ghi năm bằng 4 chữ số, ví dụ --year 2023", "Give 4 digits, e.g. --year 2023"),
        )
    out = []
    for q in range(1, 5):
        start, end = quarter_bounds(year, q)
        due = dt.date(year, end.month, due_day)
        out.append(
            Period(
                code=f"{year}-Q{q}",
                label=f"Quý {ROMAN_OUT[q]}/{year}",
                start=start.isoformat(),
                end=end.isoformat(),
                due_date=due.isoformat(),
            )
        )
    out.append(
        Period(
            code=f"{year}-Y",
            label=f"Năm {year}",
            start=dt.date(year, 1, 1).isoformat(),
            end=dt.date(year, 12, 31).isoformat(),
            due_date=dt.date(year, 12, due_day).isoformat(),
        )
    )
    return out


def normalize_period(text: str) -> str:
    """``Quý II/2023`` / ``Q2/2023`` / ``2023-q2`` → ``2023-Q2``; ``Năm 2023``/``2023`` → ``2023-Y``."""
    s = fold(text)  # "quy ii 2023", "q2 2023", "2023 q2", "2023 y"
    m = re.fullmatch(r"(\d{4}) (?:q|quy) ?([1-4]|iv|iii|ii|i)", s) or re.fullmatch(
        r"(?:q|quy) ?([1-4]|iv|iii|ii|i) (\d{4})", s
    )
    if m:
        a, b = m.groups()
        year, q = (a, b) if len(a) == 4 else (b, a)
        qn = int(q) if q.isdigit() else ROMAN[q]
        return f"{year}-Q{qn}"
    m = re.fullmatch(r"(?:nam |year )?(\d{4})(?: (?:y|nam|year))?", s)
    if m:
        return f"{m.group(1)}-Y"
    raise InputError(
        tr("Kỳ báo cáo không hợp lệ", "Invalid period") + f": {text!r}",
        hint=tr(
            "Dùng dạng 2023-Q2, Q2/2023, Quý II/2023 hoặc 2023-Y",
            "Use 2023-Q2, Q2/2023, Quý II/2023 or 2023-Y",
        ),
    )


def get_period(master: Master, text: str) -> Period:
    """The master's period for ``text`` (its editable due date), or a clear error."""
    code = normalize_period(text)
    p = master.period(code)
    if p is None:
        have = ", ".join(x.code for x in master.periods) or "-"
        raise InputError(
            tr("Sổ chính không có kỳ", "The master has no period") + f" {code}",
            hint=tr(
                f"Các kỳ có trong trang 'periods': {have}",
                f"Periods in the 'periods' sheet: {have}",
            ),
        )
    return p
