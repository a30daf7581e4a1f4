"""sheettools.selection: who reports which task in a period (split and status agree), with a
group's code expanded the one way (nested groups followed)."""

from __future__ import annotations

import datetime as dt

from sheettools import selection, split
from sheettools.model import UnitGroup
from sheettools.periodstatus import analyze
from test_periodstatus import small_master


def nested_master():
    m = small_master()
    # "all wards" holds the group "two wards" (A and C) and the unit D
    m.groups = [
        UnitGroup("TWO", "Hai phường", members=["A", "C"]),
        UnitGroup("ALL", "Các phường", members=["TWO", "D"]),
        UnitGroup("VAGUE", "Các đơn vị liên quan", ignore=True),
    ]
    task = next(t for t in m.tasks if t.key == "II.1.2")
    task.lead_units = ["ALL"]
    task.coordinating_units = ["VAGUE", "B"]
    return m


def test_a_group_in_a_group_is_expanded():
    m = nested_master()
    expand = selection.unit_expander(m)
    assert expand(["ALL"]) == ["A", "C", "D"]
    assert expand(["B", "TWO", "A", "VAGUE", "UNKNOWN"]) == ["B", "A", "C", "UNKNOWN"]


def test_split_and_status_select_the_same_units():
    m = nested_master()
    q2 = m.period("2023-Q2")
    sel = selection.select_all(m, q2)
    who = {u: [(t.key, role) for t, role in pairs] for u, pairs in sel.items()}
    for unit in ("A", "C", "D"):
        assert ("II.1.2", "lead") in who[unit]
    assert ("II.1.2", "coord") in who["B"]
    assert split.select_all is selection.select_all
    a = analyze(m, q2, dt.date(2023, 6, 30))
    assert {u for u, r in a.returns.items() if r.expected} == set(sel)
    st = a.task_state("II.1.2")
    assert st is not None and st.lead_units == ["A", "C", "D"]


def test_latest_earlier_report():
    m = small_master()
    q2 = m.period("2023-Q2")
    before = selection.latest_reports(m, q2, include_same=False)
    assert before[("I.1.2", "B")].period == "2023-Q1"
    now = selection.latest_reports(m, q2, include_same=True)
    assert (now[("I.1.2", "B")].period, now[("I.1.2", "B")].version) == ("2023-Q2", 2)
    assert selection.iso_date("2023-06-30T10:00") == dt.date(2023, 6, 30)
    assert selection.iso_date("Tháng 6") is None
