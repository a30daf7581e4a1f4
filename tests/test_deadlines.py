"""Time expressions of the schedule table → dates (sheettools.deadlines).

Expected dates are computed by hand from the Vietnamese text (day first, month/quarter/year
end on their last day, missing year = plan year 2023).
"""

from __future__ import annotations

import calendar
import datetime as dt
import pathlib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sheettools.deadlines import KINDS, TimeExpr, parse_expression, parse_task_times

PLAN_YEAR = 2023

# (text, kind, start, end, dates)
SEED_CASES = [
    # Every distinct text of columns 6 and 7 of the seed's schedule table (page-break
    # fragments joined with a space, as the importer does).
    ("", "empty", None, None, []),
    ("Tháng 11/2023", "month", "2023-11-01", "2023-11-30", []),
    ("Tháng 12/2023", "month", "2023-12-01", "2023-12-31", []),
    ("Tháng 10/2023", "month", "2023-10-01", "2023-10-31", []),
    ("Tháng 9/2023", "month", "2023-09-01", "2023-09-30", []),
    ("Tháng 8/2023", "month", "2023-08-01", "2023-08-31", []),
    ("Tháng 7/2023", "month", "2023-07-01", "2023-07-31", []),
    ("Tháng 6/2023", "month", "2023-06-01", "2023-06-30", []),
    ("Tháng 5/2023", "month", "2023-05-01", "2023-05-31", []),
    ("Tháng 4/2023", "month", "2023-04-01", "2023-04-30", []),
    ("Tháng 3/2023", "month", "2023-03-01", "2023-03-31", []),
    ("Tháng 2/2023", "month", "2023-02-01", "2023-02-28", []),
    ("Tháng 02/2023", "month", "2023-02-01", "2023-02-28", []),
    ("Tháng 1/2023", "month", "2023-01-01", "2023-01-31", []),
    ("Tháng 01/2023", "month", "2023-01-01", "2023-01-31", []),
    ("12/2023", "month", "2023-12-01", "2023-12-31", []),
    ("Tháng 11", "month", "2023-11-01", "2023-11-30", []),
    ("Tháng 10", "month", "2023-10-01", "2023-10-31", []),
    ("Tháng 7/2022", "month", "2022-07-01", "2022-07-31", []),
    ("Tháng 8/2022", "month", "2022-08-01", "2022-08-31", []),
    ("Tháng 9/2022", "month", "2022-09-01", "2022-09-30", []),
    ("Tháng 10/2022", "month", "2022-10-01", "2022-10-31", []),
    ("Tháng 12/2023", "month", "2023-12-01", "2023-12-31", []),  # "Tháng" + "12/2023"
    ("Quý I/2023", "quarter", "2023-01-01", "2023-03-31", []),
    ("Quý 1/2023", "quarter", "2023-01-01", "2023-03-31", []),
    ("Quý II/2023", "quarter", "2023-04-01", "2023-06-30", []),
    ("Quý III/2023", "quarter", "2023-07-01", "2023-09-30", []),
    ("Quý IV/2023", "quarter", "2023-10-01", "2023-12-31", []),
    ("Quý IV", "quarter", "2023-10-01", "2023-12-31", []),
    ("Năm 2023", "year", "2023-01-01", "2023-12-31", []),
    ("Trước ngày 25/10/2023", "date", None, "2023-10-25", []),
    ("Trước 30/6/2023", "date", None, "2023-06-30", []),
    ("Thường xuyên", "recurring", None, None, []),
    ("Hàng tháng", "recurring", None, None, []),
    ("Hàng quý", "recurring", None, None, []),
    ("Theo tình hình thực tế", "recurring", None, None, []),
    (
        "Tháng 3,7,10/2023",
        "multi",
        "2023-03-01",
        "2023-10-31",
        ["2023-03-31", "2023-07-31", "2023-10-31"],
    ),
    ("Tháng 5,10/2023", "multi", "2023-05-01", "2023-10-31", ["2023-05-31", "2023-10-31"]),
    ("Tháng 6, 11/2023", "multi", "2023-06-01", "2023-11-30", ["2023-06-30", "2023-11-30"]),
    ("Quý I, Quý II", "multi", "2023-01-01", "2023-06-30", ["2023-03-31", "2023-06-30"]),
    (
        "Đợt 1: Tháng 4/2023 Đợt 2: Tháng 10/2023",
        "multi",
        "2023-04-01",
        "2023-10-31",
        ["2023-04-30", "2023-10-31"],
    ),
    (
        "19/05/2023 05/09/2023 10/10/2023 06/11/2023",
        "multi",
        "2023-05-19",
        "2023-11-06",
        ["2023-05-19", "2023-09-05", "2023-10-10", "2023-11-06"],
    ),
    ("Từ tháng 1/2 đến 6/2023", "range", "2023-02-01", "2023-06-30", []),
    ("Cuối tháng 10/2023", "month", "2023-10-01", "2023-10-31", []),
    ("Theo tiến độ dự án", "event", None, None, []),
    ("Dịp tổ chức các sự kiện của Quận", "event", None, None, []),
    ("Các Ngày lễ Tết, Kỷ niệm", "event", None, None, []),
    # Cells that slid one column in the seed: unit names where a time should be.
    ("Phòng Y tế, Ban đại diện Hội Người cao tuổi quận", "unparsed", None, None, []),
    ("Các nhà trường; UBND các phường", "unparsed", None, None, []),
    ("Phòng VH-TT,", "unparsed", None, None, []),
]

MORE_CASES = [
    # month forms
    ("tháng 5/2023", "month", "2023-05-01", "2023-05-31", []),
    ("Tháng 11 năm 2023", "month", "2023-11-01", "2023-11-30", []),
    ("Tháng11/2023", "month", "2023-11-01", "2023-11-30", []),
    ("Tháng 11 / 2023", "month", "2023-11-01", "2023-11-30", []),
    ("Trong tháng 4/2023", "month", "2023-04-01", "2023-04-30", []),
    ("Tháng 2/2024", "month", "2024-02-01", "2024-02-29", []),  # leap year
    ("Tháng 4/2023", "month", "2023-04-01", "2023-04-30", []),
    # quarter forms
    ("Quý I", "quarter", "2023-01-01", "2023-03-31", []),
    ("Quý 2/2023", "quarter", "2023-04-01", "2023-06-30", []),
    ("Quí III/2023", "quarter", "2023-07-01", "2023-09-30", []),
    ("Q3/2023", "quarter", "2023-07-01", "2023-09-30", []),
    ("quý iv năm 2023", "quarter", "2023-10-01", "2023-12-31", []),
    ("Cuối quý II/2023", "quarter", "2023-04-01", "2023-06-30", []),
    # year and dates
    ("2023", "year", "2023-01-01", "2023-12-31", []),
    ("Cuối năm 2023", "year", "2023-01-01", "2023-12-31", []),
    ("19/05/2023", "date", "2023-05-19", "2023-05-19", []),
    ("29/02/2024", "date", "2024-02-29", "2024-02-29", []),
    ("1.3.2023", "date", "2023-03-01", "2023-03-01", []),
    ("ngày 25 tháng 10 năm 2023", "date", "2023-10-25", "2023-10-25", []),
    ("Chậm nhất ngày 15/12/2023", "date", None, "2023-12-15", []),
    ("Trước ngày 30/6", "date", None, "2023-06-30", []),
    # ranges
    ("Từ tháng 2 đến tháng 6/2023", "range", "2023-02-01", "2023-06-30", []),
    ("tháng 3 – 4/2023", "range", "2023-03-01", "2023-04-30", []),
    ("Tháng 3-4/2023", "range", "2023-03-01", "2023-04-30", []),
    ("Từ 01/02/2023 đến 30/06/2023", "range", "2023-02-01", "2023-06-30", []),
    ("Từ tháng 11 đến tháng 2/2024", "range", "2023-11-01", "2024-02-29", []),
    ("Quý I - Quý III/2023", "range", "2023-01-01", "2023-09-30", []),
    # multi
    ("Quý I, II/2023", "multi", "2023-01-01", "2023-06-30", ["2023-03-31", "2023-06-30"]),
    ("Tháng 3, tháng 7/2023", "multi", "2023-03-01", "2023-07-31", ["2023-03-31", "2023-07-31"]),
    ("Tháng 6 và 12/2023", "multi", "2023-06-01", "2023-12-31", ["2023-06-30", "2023-12-31"]),
    (
        "Tháng 12/2023; Quý I/2024",
        "multi",
        "2023-12-01",
        "2024-03-31",
        ["2023-12-31", "2024-03-31"],
    ),
    (
        "Tháng 10/2023, tháng 3/2023",
        "multi",
        "2023-03-01",
        "2023-10-31",
        ["2023-03-31", "2023-10-31"],
    ),
    # recurring spellings
    ("THƯỜNG  XUYÊN", "recurring", None, None, []),
    ("thường\u00a0xuyên.", "recurring", None, None, []),
    ("Thườngxuyên", "recurring", None, None, []),
    ("Hằng tháng", "recurring", None, None, []),
    ("Thường xuyên, hàng quý", "recurring", None, None, []),
    # events
    ("Theo tiến độ", "event", None, None, []),
    ("Nhân dịp 20 năm thành lập Quận", "event", None, None, []),
    # dirt: HTML, NBSP, trailing punctuation, dashes
    ("<i>Tháng 11/2023</i>", "month", "2023-11-01", "2023-11-30", []),
    ("<u>Quý III/2023</u>.", "quarter", "2023-07-01", "2023-09-30", []),
    ("Tháng\u00a011/2023", "month", "2023-11-01", "2023-11-30", []),
    ("Năm\u00a0\u00a02023;", "year", "2023-01-01", "2023-12-31", []),
    ("- Tháng 9/2023", "month", "2023-09-01", "2023-09-30", []),
    ("Tháng&nbsp;9/2023", "month", "2023-09-01", "2023-09-30", []),
    ("&lt;i&gt;Quý IV/2023&lt;/i&gt;", "quarter", "2023-10-01", "2023-12-31", []),
    ("   ", "empty", None, None, []),
    # impossible, incomplete or unknown: never guessed
    ("31/06/2023", "unparsed", None, None, []),
    ("29/02/2023", "unparsed", None, None, []),
    ("Trước ngày 31/4/2023", "unparsed", None, None, []),
    ("Tháng 13/2023", "unparsed", None, None, []),
    ("Quý V/2023", "unparsed", None, None, []),
    ("Tháng 3,7,10/2023, 31/11/2023", "unparsed", None, None, []),
    ("Tháng 11/2203", "unparsed", None, None, []),  # typo in the year
    ("Tháng", "unparsed", None, None, []),  # page-break fragment alone
    ("Cuối tháng", "unparsed", None, None, []),
    ("Thường", "unparsed", None, None, []),
    ("Tháng 1/2", "unparsed", None, None, []),  # 1 Feb or Jan-Feb? not alone
    ("3,7", "unparsed", None, None, []),
    ("Trước tháng 10/2023", "unparsed", None, None, []),
    ("Tháng 6/2023 - Tháng 2/2023", "unparsed", None, None, []),  # backwards range
    ("Thời gian hoàn thành", "unparsed", None, None, []),
    ("2023 6/2023", "unparsed", None, None, []),  # bare year inside a list
    ("Quý II - Quý I", "unparsed", None, None, []),  # backwards, no year to move
    ("2022 - 2023", "range", "2022-01-01", "2023-12-31", []),
    ("Điembre", "unparsed", None, None, []),
]


def _check(text, kind, start, end, dates):
    e = parse_expression(text, PLAN_YEAR)
    assert isinstance(e, TimeExpr)
    assert e.raw == text
    assert (e.kind, e.start, e.end, e.dates) == (kind, start, end, dates)
    assert e.recurring == (kind == "recurring")


@pytest.mark.parametrize(("text", "kind", "start", "end", "dates"), SEED_CASES)
def test_seed_time_texts(text, kind, start, end, dates):
    _check(text, kind, start, end, dates)


@pytest.mark.parametrize(("text", "kind", "start", "end", "dates"), MORE_CASES)
def test_more_time_texts(text, kind, start, end, dates):
    _check(text, kind, start, end, dates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tháng 7/2022", True),
        ("Tháng 9/2022", True),
        ("Tháng 12/2022", True),
        ("31/12/2022", True),
        ("Từ tháng 11/2022 đến tháng 2/2023", True),
        ("Tháng 10/2022, tháng 3/2023", True),
        ("Tháng 1/2023", False),
        ("Năm 2024", False),
        ("Thường xuyên", False),
        ("", False),
    ],
)
def test_before_year(text, expected):
    assert parse_expression(text, PLAN_YEAR).before_year is expected


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Quý I/2023", "2023-03-31"),
        ("Quý II/2023", "2023-06-30"),
        ("Quý III/2023", "2023-09-30"),
        ("Quý IV/2023", "2023-12-31"),
        ("Quý I/2024", "2024-03-31"),
        ("Tháng 2/2000", "2000-02-29"),
        ("Tháng 2/1900", "1900-02-28"),
        ("Tháng 2/2100", "2100-02-28"),
        ("Tháng 4/2023", "2023-04-30"),
        ("Tháng 6/2023", "2023-06-30"),
        ("Tháng 9/2023", "2023-09-30"),
        ("Tháng 11/2023", "2023-11-30"),
        ("Tháng 12/2023", "2023-12-31"),
    ],
)
def test_month_and_quarter_ends(text, end):
    year = int(end[:4])
    assert parse_expression(text, year).end == end


def test_year_far_from_the_plan_year_is_a_typo_not_a_date():
    assert parse_expression("Tháng 2/2100", 2023).kind == "unparsed"
    assert parse_expression("Tháng 2/2043", 2023).end == "2043-02-28"
    assert parse_expression("Năm 2044", 2023).kind == "unparsed"


def test_missing_year_takes_the_plan_year():
    assert parse_expression("Tháng 11", 2024).end == "2024-11-30"
    assert parse_expression("Quý IV", 2024).start == "2024-10-01"
    assert parse_expression("Quý I, Quý II", 2025).dates == ["2025-03-31", "2025-06-30"]


@pytest.mark.parametrize(
    "text", ["Tháng 11/2023", "Quý III/2023", "Thường xuyên", "Trước ngày 25/10/2023"]
)
@pytest.mark.parametrize("form", ["NFD", "NFKD"])
def test_decomposed_input_parses_like_nfc(text, form):
    a = parse_expression(text, PLAN_YEAR)
    b = parse_expression(unicodedata.normalize(form, text), PLAN_YEAR)
    assert b.kind != "unparsed"
    assert (a.kind, a.start, a.end, a.dates, a.recurring) == (
        b.kind,
        b.start,
        b.end,
        b.dates,
        b.recurring,
    )


def test_results_are_fresh_objects():
    a = parse_expression("Tháng 3,7,10/2023", PLAN_YEAR)
    a.dates.append("1999-01-01")
    b = parse_expression("Tháng 3,7,10/2023", PLAN_YEAR)
    assert b.dates == ["2023-03-31", "2023-07-31", "2023-10-31"]


# --------------------------------------------------------------------- parse_task_times


@pytest.mark.parametrize(
    ("start_raw", "due_raw", "due", "start", "milestones", "recurring", "flags"),
    [
        # seed rows
        ("Thường xuyên", "Tháng 11/2023", "2023-11-30", None, [], True, []),
        ("", "Tháng 11/2023", "2023-11-30", None, [], False, []),
        ("Tháng 2/2023", "Tháng 10/2023", "2023-10-31", "2023-02-01", [], False, []),
        (
            "Tháng 3,7,10/2023",
            "Tháng 11/2023",
            "2023-11-30",
            "2023-03-01",
            ["2023-03-31", "2023-07-31", "2023-10-31"],
            False,
            [],
        ),
        ("", "", None, None, [], False, ["no_deadline"]),
        ("Thường xuyên", "", None, None, [], True, []),
        ("", "Theo tiến độ dự án", None, None, [], False, ["no_deadline"]),
        ("Năm 2023", "Tháng 12/2023", "2023-12-31", "2023-01-01", [], False, []),
        (
            "Tháng 7/2022",
            "Tháng 8/2022",
            "2022-08-31",
            "2022-07-01",
            [],
            False,
            ["before_plan_year"],
        ),
        (
            "Tháng 9/2022",
            "Tháng 6/2023",
            "2023-06-30",
            "2022-09-01",
            [],
            False,
            ["before_plan_year"],
        ),
        ("Thường xuyên", "Năm 2023", "2023-12-31", None, [], True, []),  # "Thường"+"xuyên"
        ("", "Thường xuyên", None, None, [], True, []),
        ("Hàng tháng", "Tháng 12/2023", "2023-12-31", None, [], True, []),
        ("Quý II/2023", "Quý IV/2023", "2023-12-31", "2023-04-01", [], False, []),
        (
            "Quý I, Quý II",
            "",
            None,
            "2023-01-01",
            ["2023-03-31", "2023-06-30"],
            False,
            ["no_deadline"],
        ),
        ("Các Ngày lễ Tết, Kỷ niệm", "Năm 2023", "2023-12-31", None, [], False, []),
        ("Quý I/2023", "Tháng 12/2023", "2023-12-31", "2023-01-01", [], False, []),
        (
            "",
            "Đợt 1: Tháng 4/2023 Đợt 2: Tháng 10/2023",
            "2023-10-31",
            None,
            ["2023-04-30", "2023-10-31"],
            False,
            [],
        ),
        ("", "Trước ngày 25/10/2023", "2023-10-25", None, [], False, []),
        ("Quý I/2023", "Quý IV", "2023-12-31", "2023-01-01", [], False, []),
        ("", "Hàng tháng", None, None, [], True, []),
        ("Tháng 10", "Tháng 11", "2023-11-30", "2023-10-01", [], False, []),
        (
            "Cuối tháng 10/2023",
            "Dịp tổ chức các sự kiện của Quận",
            None,
            "2023-10-01",
            [],
            False,
            ["no_deadline"],
        ),
        ("Từ tháng 1/2 đến 6/2023", "Trước 30/6/2023", "2023-06-30", "2023-02-01", [], False, []),
        (
            "",
            "19/05/2023 05/09/2023 10/10/2023 06/11/2023",
            "2023-11-06",
            None,
            ["2023-05-19", "2023-09-05", "2023-10-10", "2023-11-06"],
            False,
            [],
        ),
        ("Theo tình hình thực tế", "", None, None, [], True, []),
        ("Hàng quý", "", None, None, [], True, []),
        (
            "Tháng 6, 11/2023",
            "",
            None,
            "2023-06-01",
            ["2023-06-30", "2023-11-30"],
            False,
            ["no_deadline"],
        ),
        (
            "Phòng Y tế, Ban đại diện Hội Người cao tuổi quận",
            "Năm 2023",
            "2023-12-31",
            None,
            [],
            False,
            ["unparsed_time: Phòng Y tế, Ban đại diện Hội Người cao tuổi quận"],
        ),
        # constructed
        (
            "Tháng 11/2023",
            "Tháng 2/2023",
            "2023-02-28",
            "2023-11-01",
            [],
            False,
            ["due_before_start"],
        ),
        ("Tháng 9/2023", "Tháng 9/2023", "2023-09-30", "2023-09-01", [], False, []),
        ("Tháng 5/2023", "", None, "2023-05-01", [], False, ["no_deadline"]),  # no borrowing
        (
            "Tháng 7/2022",
            "31/06/2023",
            None,
            "2022-07-01",
            [],
            False,
            ["no_deadline", "before_plan_year", "unparsed_time: 31/06/2023"],
        ),
        (
            "Tháng\u00a0  sau",
            "Dịp lễ",
            None,
            None,
            [],
            False,
            ["no_deadline", "unparsed_time: Tháng sau"],
        ),
        (
            "Tháng 3,7/2023",
            "Tháng 7, 12/2023",
            "2023-12-31",
            "2023-03-01",
            ["2023-03-31", "2023-07-31", "2023-12-31"],
            False,
            [],
        ),
    ],
)
def test_parse_task_times(start_raw, due_raw, due, start, milestones, recurring, flags):
    info = parse_task_times(start_raw, due_raw, PLAN_YEAR)
    assert info.due_date == due
    assert info.start_date == start
    assert info.milestones == milestones
    assert info.recurring is recurring
    assert info.flags == flags


def test_unparsed_flag_keeps_text_in_nfc():
    raw = unicodedata.normalize("NFD", "Sau khi có kết quả")
    info = parse_task_times("", raw, PLAN_YEAR)
    assert info.flags == ["no_deadline", "unparsed_time: Sau khi có kết quả"]


# ------------------------------------------------------------------------------ properties


@settings(max_examples=300, deadline=None)
@given(m=st.integers(1, 12), y=st.integers(1950, 2100), pad=st.booleans())
def test_month_expression_ends_on_last_day(m, y, pad):
    text = f"Tháng {m:02d}/{y}" if pad else f"Tháng {m}/{y}"
    e = parse_expression(text, y)
    last = calendar.monthrange(y, m)[1]
    assert e.kind == "month"
    assert e.start == dt.date(y, m, 1).isoformat()
    assert e.end == dt.date(y, m, last).isoformat()
    assert e.start <= e.end
    assert (dt.date.fromisoformat(e.end) + dt.timedelta(days=1)).day == 1


@settings(max_examples=200, deadline=None)
@given(q=st.integers(1, 4), y=st.integers(1950, 2100), roman=st.booleans())
def test_quarter_expression_covers_three_months(q, y, roman):
    numeral = ["I", "II", "III", "IV"][q - 1] if roman else str(q)
    e = parse_expression(f"Quý {numeral}/{y}", y)
    start, end = dt.date.fromisoformat(e.start), dt.date.fromisoformat(e.end)
    assert e.kind == "quarter"
    assert start.month == 3 * q - 2 and start.day == 1
    assert end.month == 3 * q and (end + dt.timedelta(days=1)).day == 1


@settings(max_examples=300, deadline=None)
@given(day=st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)), sep=st.sampled_from("/.-"))
def test_written_dates_are_day_first(day, sep):
    text = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}"
    e = parse_expression(text, day.year)
    assert (e.kind, e.start, e.end) == ("date", day.isoformat(), day.isoformat())
    due = parse_expression("Trước ngày " + text, day.year)
    assert (due.kind, due.start, due.end) == ("date", None, day.isoformat())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gives_a_consistent_expression(text):
    e = parse_expression(text, PLAN_YEAR)
    assert e.kind in KINDS
    assert e.raw == text
    if e.kind in ("month", "quarter", "year", "range", "multi"):
        assert e.start is not None and e.start <= e.end
    if e.kind == "multi":
        assert e.dates == sorted(set(e.dates)) and e.dates[-1] == e.end
    else:
        assert e.dates == []
    if e.kind in ("empty", "recurring", "event", "unparsed"):
        assert e.start is None and e.end is None
    info = parse_task_times(text, text, PLAN_YEAR)
    assert ("no_deadline" in info.flags) == (info.due_date is None and not info.recurring)


@settings(max_examples=200, deadline=None)
@given(
    m1=st.integers(1, 12),
    m2=st.integers(1, 12),
    y=st.integers(2000, 2040),
)
def test_month_ranges_and_lists(m1, m2, y):
    lo, hi = sorted((m1, m2))
    r = parse_expression(f"Từ tháng {lo} đến tháng {hi}/{y}", y)
    assert (r.kind, r.start) == ("range", dt.date(y, lo, 1).isoformat())
    assert r.end == dt.date(y, hi, calendar.monthrange(y, hi)[1]).isoformat()
    multi = parse_expression(f"Tháng {m1},{m2}/{y}", y)
    ends = sorted({dt.date(y, m, calendar.monthrange(y, m)[1]).isoformat() for m in (m1, m2)})
    if m1 == m2:
        assert multi.end == ends[-1]
    else:
        assert (multi.kind, multi.dates, multi.end) == ("multi", ends, ends[-1])


def _doc_examples() -> list[tuple[str, str]]:
    """(kind, example) for every example in the table of docs/deadlines.md."""
    doc = pathlib.Path(__file__).resolve().parent.parent / "docs" / "deadlines.md"
    text = doc.read_text(encoding="utf-8").split("## Accepted expressions", 1)[1]
    table = text.split("\n## ", 1)[0]
    out = []
    for line in table.splitlines():
        cells = line.split(" | ")
        m = re.match(r"\| `(\w+)`", line)
        if m and len(cells) >= 3:
            out += [(m.group(1), ex) for ex in re.findall(r"`([^`]+)`", cells[1])]
    return out


DOC_EXAMPLES = _doc_examples()


def test_doc_table_is_not_empty():
    assert len(DOC_EXAMPLES) > 50
    assert {k for k, _ in DOC_EXAMPLES} == set(KINDS) - {"empty"}


@pytest.mark.parametrize(("kind", "text"), DOC_EXAMPLES)
def test_doc_examples_parse_as_documented(kind, text):
    assert parse_expression(text, PLAN_YEAR).kind == kind


# Real cells (tests/data/plans): a dated time, then later years of the same list.
@pytest.mark.parametrize(
    ("text", "year", "end", "dates"),
    [
        # Quyết định 2200/QĐ-BNNMT (2026), appendix rows 2.b and 2.c
        ("Quý III, IV/2026, 2027", 2026, "2027-12-31", ["2026-09-30", "2026-12-31", "2027-12-31"]),
        ("Quý IV/2026, 2027", 2026, "2027-12-31", ["2026-12-31", "2027-12-31"]),
        # Nghị quyết 175/NQ-CP (2023), V.1.a
        ("Trong năm 2023, 2024", 2023, "2024-12-31", ["2023-12-31", "2024-12-31"]),
    ],
)
def test_a_time_then_later_years_is_due_at_the_last(text, year, end, dates):
    e = parse_expression(text, year)
    assert (e.kind, e.end, e.dates) == ("multi", end, dates)
    info = parse_task_times("", text, year)
    assert info.due_date == end and info.flags == []


@pytest.mark.parametrize(
    "text",
    [
        "Tháng 3, 2024",  # March 2024, or March and 2024? the head names no year
        "Quý IV/2026, 2025",  # a year before the head's
        "Quý IV/2026, 2099",  # a typo in the year
    ],
)
def test_years_after_a_time_that_cannot_be_a_list_stay_flagged(text):
    info = parse_task_times("", text, 2026)
    assert info.due_date is None
    assert f"unparsed_time: {text}" in info.flags


def test_phases_are_milestones_due_at_the_last():
    # Kế hoạch kiểm tra, giám sát of Ủy ban MTTQ phường Bắc Cam Ranh (2025), III.2
    text = (
        "+ Đợt 1: Trong khoảng thời gian từ ngày 01/12/2025 đến ngày 14/12/2025. + Đợt 2: Trong "
        "khoảng thời gian từ ngày 02/02/2026 đến ngày 08/02/2026. + Đợt 3: Trong khoảng thời "
        "gian từ ngày 09/02/2026 đến ngày 20/02/2026"
    )
    e = parse_expression(text, 2025)
    assert (e.kind, e.start, e.end) == ("multi", "2025-12-01", "2026-02-20")
    assert e.dates == ["2025-12-14", "2026-02-08", "2026-02-20"]
    # a phase that names no time: the whole cell stays flagged
    vague = "Đợt 1: Tháng 12/2025. Đợt 2: khi có chỉ đạo"
    assert parse_expression(vague, 2025).kind != "multi"


def test_meeting_steps_in_two_months_are_milestones():
    # Nghị quyết 1339/NQ-UBTVQH15 (2024), I.2: two steps, each a milestone, due at the last
    text = (
        "- Trình UBTVQH cho ý kiến tại Phiên họp thứ 44 (tháng 4/2025); - Trình Quốc hội xem "
        "xét, thông qua tại Kỳ họp thứ 9 (tháng 5/2025)"
    )
    info = parse_task_times("", text, 2024)
    assert (info.due_date, info.milestones) == ("2025-05-31", ["2025-04-30", "2025-05-31"])
    # both in one month (I.1): that month, no milestones
    same = (
        "- Trình UBTVQH tại Phiên họp thứ 42 (tháng 02/2025); - Trình Quốc hội xem xét, thông "
        "qua tại Kỳ họp bất thường lần thứ 9 (cuối tháng 02/2025)."
    )
    e = parse_expression(same, 2024)
    assert (e.kind, e.end, e.dates) == ("month", "2025-02-28", [])


@pytest.mark.parametrize(
    "text",
    [
        # Kế hoạch CCHC 2026-2030 of UBND tỉnh Lâm Đồng
        "Ban hành kế hoạch trong tháng 01 hằng năm và tổ chức thực hiện",
        "Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương.",
        "Báo cáo định kỳ theo thời gian quy định; thực hiện hằng năm",
        # Kế hoạch 252 of Ban Chỉ đạo quốc gia 1237 (2013)
        "6 tháng, hằng năm và định kỳ",
        # Quyết định 844/QĐ-TTg (2026)
        "Hằng năm và từng giai đoạn",
        # Quyết định 2820/QĐ-UBND (2025), Hồ Chí Minh
        "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính",
    ],
)
def test_a_sentence_naming_only_a_recurrence_is_recurring(text):
    info = parse_task_times("", text, 2026)
    assert info.recurring and info.due_date is None and info.flags == []


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước ngày 05 của tháng liền kề", None),  # no recurring word: flagged
        ("Thường xuyên; tổng kết trước 31/12", None),  # a date beside it: flagged, not only
        ("Hằng năm, trước ngày 15/12/2026", "2026-12-15"),
    ],
)
def test_a_recurrence_beside_a_date_is_not_taken_as_only_recurring(text, due):
    info = parse_task_times("", text, 2026)
    assert info.due_date == due
    assert not info.recurring
    assert due or f"unparsed_time: {text}" in info.flags
