"""Deadline texts of blind round 5 of issue 11 (real plans of Lâm Đồng and of the Front
committee of xã Lương Minh) that were flagged unparsed though they have one meaning."""

from __future__ import annotations

import pytest

from sheettools.deadlines import parse_expression


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        # a broadcast slot of Kế hoạch tuyên truyền CCHC năm 2026 (year from the plan)
        ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5", "date", "2026-05-08"),
        ("Lúc 8 giờ ngày 15/3/2026", "date", "2026-03-15"),
        # Kế hoạch tuyên truyền CCHC năm 2026, IV.8.a
        ("chậm nhất là ngày 30/01/2026", "date", "2026-01-30"),
        ("Chậm nhất vào ngày 30/01/2026", "date", "2026-01-30"),
        # Kế hoạch CCHC năm 2026, VII.2 and VII.4
        ("Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện", "month", "2026-01-31"),
        (
            "Triển khai thực hiện sáng kiến, mô hình, giải pháp và báo cáo kết quả thực hiện "
            "chậm nhất trong tháng 9/2026",
            "month",
            "2026-09-30",
        ),
        # Hướng dẫn of MTTQ xã Lương Minh, III.2.d: a report on that day
        ("trong ngày 15/3/2026", "date", "2026-03-15"),
    ],
)
def test_one_meaning_is_parsed(text, kind, end):
    e = parse_expression(text, 2026)
    assert (e.kind, e.end) == (kind, end)


def test_a_day_of_every_month_is_recurring_not_a_date():
    # Thông báo kết luận of 01/2026, III.3
    e = parse_expression("chậm nhất vào ngày 05 hằng tháng", 2026)
    assert e.kind == "recurring" and e.end is None


@pytest.mark.parametrize(
    "text",
    [
        "Trước ngày 05 của tháng liền kề",  # monthly, but no recurring word: flagged
        "20 giờ",  # an hour without a day
        "Trước tháng 6/2026",  # the end of May or of June: not guessed
        # two months named in one sentence: not one month
        "Ban hành kế hoạch trong tháng 01/2026 và kiểm tra trong tháng 6/2026",
    ],
)
def test_what_has_no_single_meaning_stays_unparsed(text):
    e = parse_expression(text, 2026)
    assert e.kind in ("unparsed", "compound") and (e.kind == "compound" or e.end is None)


def test_a_sentence_with_two_months_is_compound_due_at_the_first():
    e = parse_expression(
        "Ban hành kế hoạch trong tháng 01/2026, tổ chức kiểm tra chậm nhất trong tháng 6/2026",
        2026,
    )
    assert e.kind == "compound" and e.end == "2026-01-31"
