"""normalize: every spelling the issue names, and property tests over the whole range."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheettools.model import STATUS_EN, STATUSES
from sheettools.normalize import (
    is_legacy_encoded,
    normalize_date,
    normalize_progress,
    normalize_status,
    normalize_text,
)

DONE, EARLY = "Hoàn thành", "Hoàn thành trước hạn"


@pytest.mark.parametrize(
    "text,label",
    [
        ("hoàn thành", DONE),
        ("Hoan thanh", DONE),
        ("HT", DONE),
        ("Đã hoàn thành", DONE),
        ("xong", DONE),
        ("HOÀN THÀNH", DONE),
        (unicodedata.normalize("NFD", "Hoàn thành"), DONE),
        ("  hoàn   thành\u00a0", DONE),
        ("Hoàn thành trước hạn", EARLY),
        ("HT trước hạn", EARLY),
        ("chưa triển khai", "Chưa triển khai"),
        ("Chua thuc hien", "Chưa triển khai"),
        ("đang thực hiện", "Đang thực hiện"),
        ("Đang triển khai", "Đang thực hiện"),
        ("chậm tiến độ", "Chậm tiến độ"),
        ("Trễ hạn", "Chậm tiến độ"),
        ("Không thực hiện", "Không thực hiện"),
        ("Done", DONE),
        ("In progress", "Đang thực hiện"),
    ],
)
def test_status_spellings(text, label):
    assert normalize_status(text) == (label, [])


@pytest.mark.parametrize("text", ["làm gần xong", "50%", "?", "Hoàn thiện"])
def test_unknown_status_is_flagged_never_guessed(text):
    assert normalize_status(text) == (None, [f"status_unknown: {text}"])


def test_empty_status_is_none_without_flag():
    assert normalize_status(None) == (None, [])
    assert normalize_status("   ") == (None, [])


def test_legacy_encoded_status_is_flagged_as_such():
    value, flags = normalize_status("Hoµn thµnh")  # TCVN3 read as Unicode
    assert value is None and flags[0] == "legacy_encoding" and flags[1].startswith("status_")


@given(
    st.sampled_from(STATUSES),
    st.sampled_from(["NFC", "NFD"]),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
)
def test_property_any_case_or_unicode_form_of_a_label_maps_to_it(label, form, case):
    assert normalize_status(unicodedata.normalize(form, case(label))) == (label, [])
    assert normalize_status(STATUS_EN[label].upper()) == (label, [])


@pytest.mark.parametrize(
    "value,expected",
    [(50, 50), ("50", 50), ("50%", 50), ("50 %", 50), (50.0, 50), (1, 1), (1.0, 1),
     ("1", 1), ("100%", 100), (0, 0), ("0%", 0), ("12,5%", 13), ("33.4%", 33)],
)  # fmt: skip
def test_progress_spellings(value, expected):
    assert normalize_progress(value) == (expected, [])


@pytest.mark.parametrize(
    "value,expected", [(0.5, 50), (1, 100), (1.0, 100), (0, 0), (0.125, 13), (0.334, 33)]
)
def test_progress_of_a_percent_formatted_cell(value, expected):
    assert normalize_progress(value, percent=True) == (expected, [])


@pytest.mark.parametrize("value", ["150", 101, -5, "nhiều", "50-60", True, "110%", "120 %"])
def test_progress_invalid_is_flagged(value):
    got, flags = normalize_progress(value)
    assert got is None and len(flags) == 1 and flags[0].startswith("progress_invalid: ")


@pytest.mark.parametrize("value", [1.1, 1.2, 50, -0.1])
def test_progress_out_of_range_as_a_percentage_is_flagged_never_rescaled(value):
    got, flags = normalize_progress(value, percent=True)
    assert got is None and flags and flags[0].startswith("progress_invalid: ")


@pytest.mark.parametrize("value", [0.5, "0.5", "0,75", 1.5, "1,5", 33.4])
def test_progress_ambiguous_is_flagged_never_guessed(value):
    got, flags = normalize_progress(value)
    assert got is None and flags == [f"progress_ambiguous: {value}"]


@given(st.integers(0, 100))
def test_property_progress_forms_agree(n):
    assert normalize_progress(f"{n}%") == (n, [])
    assert normalize_progress(n / 100, percent=True) == (n, [])  # a cell typed n%
    assert normalize_progress(n) == (n, [])  # a bare number is the percentage itself
    assert normalize_progress(float(n)) == (n, [])
    assert normalize_progress(str(n)) == (n, [])


@pytest.mark.parametrize(
    "value",
    [45092, 45092.0, "45092", dt.datetime(2023, 6, 15, 10, 30), dt.date(2023, 6, 15), "15/6/2023",
     "15-06-2023", "15.6.2023", "2023-06-15", "15/06/2023", " 15 / 6 / 2023 ", "15/6/23",
     "ngày 15 tháng 6 năm 2023", "2023-06-15 00:00:00"],
)  # fmt: skip
def test_date_spellings(value):
    assert normalize_date(value) == ("2023-06-15", [])


@pytest.mark.parametrize(
    "value,flag",
    [("31/06/2023", "date_invalid"), ("6/23/2023", "date_ambiguous"), ("30/2/2023", "date_invalid"),
     ("2023-13-01", "date_invalid"), ("hôm qua", "date_invalid"), (12, "date_invalid"),
     ("13/13/2023", "date_invalid")],
)  # fmt: skip
def test_bad_dates_are_flagged_never_guessed(value, flag):
    got, flags = normalize_date(value)
    assert got is None and flags == [f"{flag}: {value}"]


@given(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)))
def test_property_date_forms_agree_day_first(d):
    iso = d.isoformat()
    serial = (d - dt.date(1899, 12, 30)).days
    for v in (d, dt.datetime(d.year, d.month, d.day, 8), serial, float(serial), iso,
              f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}-{d.month:02d}-{d.year}",
              f"{d.day}.{d.month}.{d.year}"):  # fmt: skip
        assert normalize_date(v) == (iso, []), v
    month_first = f"{d.month}/{d.day}/{d.year}"
    got = normalize_date(month_first)
    if d.day > 12:
        assert got == (None, [f"date_ambiguous: {month_first}"])
    elif d.day != d.month:  # read day first: a different, valid date - never this one
        assert got[0] != iso


def test_text_is_nfc_with_lines_kept():
    nfd = unicodedata.normalize("NFD", "Đã tổ chức\r\n  hội nghị  ")
    assert normalize_text(nfd) == ("Đã tổ chức\nhội nghị", [])
    assert normalize_text(None) == ("", [])
    assert normalize_text(12.0) == ("12", [])


@pytest.mark.parametrize(
    "text",
    ["Hoµn thµnh kÕ ho¹ch", "Kh«ng cã khã kh¨n", "§· tæ chøc", "Hoaøn thaønh keá hoaïch",
     "Ñaõ toå chöùc", "Vieät Nam"],
)  # fmt: skip
def test_legacy_encodings_are_detected(text):
    assert normalize_text(text) == (text, ["legacy_encoding"])


VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


@given(st.text(alphabet=VIET + VIET.upper() + " ,.;:()-–%/0123456789\n", max_size=60))
def test_property_unicode_vietnamese_is_never_flagged_legacy(text):
    assert not is_legacy_encoded(text)
    assert normalize_text(text)[1] == []
    quoted = f"Phong trào «{text.strip() or 'x'}» đạt 25°C, © 2023"
    assert not is_legacy_encoded(quoted)
