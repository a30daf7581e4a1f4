"""Defects found by blind round 4 of issue 11: a plan published as a web page whose task
table is split in two HTML tables, with Roman-numbered rows that are tasks of their own.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 4").
"""

from __future__ import annotations

from plan_helpers import plan

DHTL = "dhtl-2020-khoi-luong-vuot-gio.htm"


def test_a_roman_row_with_its_own_lead_and_deadline_and_nothing_under_it_is_a_task():
    # "III | Tính toán … (NCKH) | Trước 15/8/2020 | P9 | Các bộ môn" sits between groups
    # I, II (with tasks 1, 2) and IV; it was read as an empty section and fell out
    tasks, report = plan(DHTL)
    by_key = {t.key: t for t in tasks}
    for key, lead, due in (("III", "P9", "2020-08-15"), ("VI", "P7", "2020-08-22")):
        t = by_key[key]
        assert t.kind == "task", key
        assert t.lead_raw == lead and t.due_date == due
    assert report["sections"]["III"]["tasks"] == 1
    # the Roman rows with tasks under them stay headings
    assert by_key["I"].kind == "group" and by_key["VIII"].kind == "group"
    assert by_key["VIII.2"].kind == "group"
    assert len([t for t in tasks if t.kind != "group"]) == 16


def test_a_roman_heading_without_units_or_dates_stays_a_heading():
    # the seed's sections carry neither a unit nor a date: unchanged
    tasks, _report = plan(DHTL)
    headings = [t for t in tasks if t.kind == "group" and t.key == t.section]
    assert [t.key for t in headings] == ["I", "II", "IV", "V", "VII", "VIII"]
    assert all(not t.lead_raw and not t.due_raw for t in headings)
