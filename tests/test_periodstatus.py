"""sheettools.periodstatus: missing/late returns, empty entries, overdue and due-soon tasks, buckets.

The small master (``small_master``) is also used by test_summary.py; its expected figures
are worked out by hand in the comments below.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sheettools import store
from sheettools.model import (
    KIND_GROUP,
    LEVEL_DISTRICT,
    LEVEL_EXTERNAL,
    Master,
    PlanInfo,
    Report,
    Task,
    Unit,
)
from sheettools.periods import default_periods
from sheettools.periodstatus import BUCKETS, analyze, compute_status

D = dt.date


def _task(key, section, number, order, **kw) -> Task:
    parent = kw.pop("parent", None)
    return Task(key=key, section=section, number=number, order=order, parent=parent, **kw)


def rep(period, key, unit, status, received, *, role="lead", version=1, **kw) -> Report:
    return Report(
        period=period,
        key=key,
        unit=unit,
        role=role,
        version=version,
        status=status,
        received_at=received,
        source_file=kw.pop("source_file", f"{unit}_{period}.xlsx"),
        **kw,
    )


def small_master() -> Master:
    """2 sections, 6 tasks, 4 reporting units (+1 external), reports for Q1 and Q2/2023.

    Q2/2023: 01/04-30/06, reports due 15/06. Units expected in Q2 (by split's rules):
      A: I.1.1 (lead), I.1.3 (lead, recurring), II.1.3 (lead, no deadline)  -> 3 tasks
      B: I.1.1 (coord), I.1.2 (lead; due in Q1, not reported done in Q1)    -> 2 tasks
      C: I.1.3 (lead, recurring), II.1.1 (lead)                             -> 2 tasks
      D: II.1.1 (coord), II.1.2 (lead)                                      -> 2 tasks
      X (external) leads nothing reportable: never expected.
    """
    tasks = [
        _task("I.1", "I", "1", 0, kind=KIND_GROUP, content="Chỉ tiêu chủ yếu"),
        _task(
            "I.1.1", "I", "1.1", 1, parent="I.1", content="=1+1 nội dung",
            lead_units=["A"], coordinating_units=["B"], due_raw="Tháng 6/2023",
            due_date="2023-06-30",
        ),
        _task(
            "I.1.2", "I", "1.2", 2, parent="I.1", content="Nhiệm vụ quý I",
            lead_units=["B"], due_raw="Quý I/2023", due_date="2023-03-31",
        ),
        _task(
            "I.1.3", "I", "1.3", 3, parent="I.1", content="Thường xuyên",
            lead_units=["A", "C"], due_raw="Thường xuyên", recurring=True,
        ),
        _task("II.1", "II", "1", 4, kind=KIND_GROUP, content="Nhiệm vụ"),
        _task(
            "II.1.1", "II", "1.1", 5, parent="II.1", content="Hai đợt",
            lead_units=["C"], coordinating_units=["D"], due_raw="Đợt 1: Tháng 4/2023 Đợt 2: Tháng 10/2023",
            due_date="2023-10-31", milestones=["2023-04-30", "2023-10-31"],
        ),
        _task(
            "II.1.2", "II", "1.2", 6, parent="II.1", content="Sắp đến hạn",
            lead_units=["D"], coordinating_units=["X"], due_raw="Trước 10/7/2023",
            due_date="2023-07-10",
        ),
        _task(
            "II.1.3", "II", "1.3", 7, parent="II.1", content="Theo dự án",
            lead_units=["A"], due_raw="Theo tiến độ dự án", flags=["no_deadline"],
        ),
    ]  # fmt: skip
    units = [
        Unit("A", "Phòng VHTT"),
        Unit("B", "Hội LHPN"),
        Unit("C", "+SUM(A1)"),
        Unit("D", "UBND phường Bồ Đề", level=LEVEL_DISTRICT),
        Unit("X", "Công an quận", level=LEVEL_EXTERNAL),
    ]
    reports = [
        # Q1: B says in progress on I.1.2
        rep("2023-Q1", "I.1.2", "B", "Đang thực hiện", "2023-03-10T09:00:00"),
        # Q2, A: received on the due date (late evening) -> on time
        rep(
            "2023-Q2", "I.1.1", "A", "Hoàn thành", "2023-06-15T23:59:00",
            progress=100, completion_date="2023-06-10", result="=1+1",
        ),
        rep(
            "2023-Q2", "I.1.3", "A", "Đang thực hiện", "2023-06-15T23:59:00",
            result="+SUM(A1)", difficulties="@cmd",
        ),
        rep("2023-Q2", "II.1.3", "A", None, "2023-06-15T23:59:00"),  # empty entry
        # Q2, B: first return a day after the due date -> late by 1; v2 corrects I.1.2
        rep("2023-Q2", "I.1.1", "B", "Đang thực hiện", "2023-06-16T08:00:00", role="coord",
            result="-2"),
        rep("2023-Q2", "I.1.2", "B", "Chậm tiến độ", "2023-06-16T08:00:00", result="@cmd"),
        rep(
            "2023-Q2", "I.1.2", "B", "Hoàn thành", "2023-06-20T10:00:00", version=2,
            completion_date="2023-06-18", progress=100, result="Đã xong",
        ),
        # Q2, D: early, unverified file, one flagged value
        rep(
            "2023-Q2", "II.1.1", "D", "Đang thực hiện", "2023-06-01T10:00:00", role="coord",
            progress=40, verified=False, flags=["unverified"], source_file="D.xlsx",
        ),
        rep(
            "2023-Q2", "II.1.2", "D", "Chưa triển khai", "2023-06-01T10:00:00",
            verified=False, flags=["unverified", "progress_invalid: abc"], source_file="D.xlsx",
        ),
        # C: nothing received
    ]  # fmt: skip
    return Master(
        plan=PlanInfo(title="Kế hoạch thử", year=2023, office="MTTQ"),
        tasks=tasks,
        units=units,
        periods=default_periods(2023),
        reports=reports,
    )


@pytest.fixture()
def master_path(tmp_path):
    p = tmp_path / "master.xlsx"
    store.save_master(small_master(), p)
    return p


def test_status_small_master_through_the_store(master_path):
    m = store.load_master(master_path)
    s = compute_status(m, "Quý II/2023", D(2023, 7, 20))
    json.dumps(s)  # JSON-able
    assert s["period"] == "2023-Q2"
    assert s["due_date"] == "2023-06-15"
    assert s["as_of"] == "2023-07-20"
    assert s["deadline_as_of"] == "2023-06-30"  # bounded by the period's end
    assert sorted(s["expected_units"]) == ["A", "B", "C", "D"]
    assert s["missing_units"] == [{"unit": "C", "name": "+SUM(A1)", "sent_unreadable": False}]
    assert [(u["unit"], u["days_late"]) for u in s["late_units"]] == [("B", 1)]
    assert s["late_units"][0]["received_at"] == "2023-06-16T08:00:00"  # the FIRST return
    assert sorted(u["unit"] for u in s["on_time_units"]) == ["A", "D"]
    assert [(e["unit"], e["key"]) for e in s["empty_entries"]] == [("A", "II.1.3")]
    assert s["overdue_tasks"] == [
        {
            "key": "II.1.1",
            "content": "Hai đợt",
            "lead_units": ["C"],
            "due_date": "2023-04-30",  # the passed milestone
            "status": None,
            "days_overdue": 61,  # 30/04 -> 30/06
        }
    ]
    assert [(d["key"], d["due_date"], d["days_left"]) for d in s["due_soon"]] == [
        ("II.1.2", "2023-07-10", 10)
    ]
    assert s["unverified"] == [{"unit": "D", "source_file": "D.xlsx"}]
    assert s["flagged_values"] == [
        {"unit": "D", "key": "II.1.2", "flags": ["progress_invalid: abc"]}
    ]
    assert s["buckets"] == {
        "done_on_time": 1,  # I.1.1 done 10/06, due 30/06
        "done_late": 1,  # I.1.2 done 18/06 (v2), due 31/03
        "not_done_within_deadline": 0,
        "not_done_overdue": 1,  # II.1.1
        "not_yet_due": 1,  # II.1.2 (10/07, after the period)
        "ongoing": 1,  # I.1.3
        "no_deadline": 1,  # II.1.3
    }
    assert set(s["buckets"]) == set(BUCKETS)


def test_due_on_the_due_date_is_on_time_and_next_day_is_late_by_one():
    m = small_master()
    m.reports = [
        rep("2023-Q2", "I.1.1", "A", "Hoàn thành", "2023-06-15T23:59:59+07:00"),
        rep("2023-Q2", "I.1.2", "B", "Hoàn thành", "2023-06-16T00:00:01+07:00"),
        rep("2023-Q2", "II.1.1", "C", "Hoàn thành", "2023-06-25"),
        # D first returned on time, re-sent a correction later: still on time
        rep("2023-Q2", "II.1.2", "D", "Đang thực hiện", "2023-06-14T10:00:00"),
        rep("2023-Q2", "II.1.2", "D", "Hoàn thành", "2023-06-29T10:00:00", version=2),
    ]
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    late = {u["unit"]: u["days_late"] for u in s["late_units"]}
    assert late == {"B": 1, "C": 10}
    assert sorted(u["unit"] for u in s["on_time_units"]) == ["A", "D"]
    assert s["missing_units"] == []


def test_recurring_task_is_never_overdue_even_with_a_past_date():
    m = small_master()
    rec = m.task("I.1.3")
    rec.due_date = "2023-01-31"
    rec.milestones = ["2023-01-31"]
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert "I.1.3" not in [t["key"] for t in s["overdue_tasks"]]
    assert "I.1.3" not in [t["key"] for t in s["due_soon"]]
    assert s["buckets"]["ongoing"] == 1


def test_deadline_day_itself_is_not_overdue_and_as_of_is_bounded_by_period_end():
    m = small_master()
    m.reports = []
    # I.1.1 due 30/06: on 30/06 not overdue (within deadline); on 01/07 bounded to 30/06
    for as_of in (D(2023, 6, 30), D(2023, 7, 1), D(2024, 3, 1)):
        s = compute_status(m, "2023-Q2", as_of)
        overdue = {t["key"] for t in s["overdue_tasks"]}
        assert "I.1.1" not in overdue
        assert "II.1.2" not in overdue  # due 10/07, after the period
        assert overdue == {"I.1.2", "II.1.1"}
        assert s["buckets"]["not_done_within_deadline"] == 1  # I.1.1
        assert s["deadline_as_of"] == "2023-06-30"
    # judged in Q3 the same task is overdue by one day on 01/07
    s = compute_status(m, "2023-Q3", D(2023, 7, 1))
    by_key = {t["key"]: t for t in s["overdue_tasks"]}
    assert by_key["I.1.1"]["days_overdue"] == 1
    assert by_key["I.1.1"]["due_date"] == "2023-06-30"


def test_milestone_passed_is_overdue_until_lead_reports_done():
    m = small_master()
    s = compute_status(m, "2023-Q2", D(2023, 5, 1))  # a day after the April milestone
    assert [(t["key"], t["due_date"], t["days_overdue"]) for t in s["overdue_tasks"]] == [
        ("II.1.1", "2023-04-30", 1)
    ]
    s = compute_status(m, "2023-Q2", D(2023, 4, 30))  # on the milestone day: not yet
    assert s["overdue_tasks"] == []
    m.reports.append(rep("2023-Q2", "II.1.1", "C", "Hoàn thành", "2023-06-10T08:00:00"))
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert s["overdue_tasks"] == []


def test_task_is_done_only_when_every_lead_unit_says_so():
    m = small_master()
    t = m.task("II.1.2")
    t.lead_units = ["D", "A"]
    t.due_date = "2023-05-31"
    m.reports.append(rep("2023-Q2", "II.1.2", "D", "Hoàn thành", "2023-06-02T10:00:00", version=2))
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert "II.1.2" in [x["key"] for x in s["overdue_tasks"]]  # A has not reported it
    m.reports.append(rep("2023-Q2", "II.1.2", "A", "Hoàn thành", "2023-06-02T10:00:00"))
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert "II.1.2" not in [x["key"] for x in s["overdue_tasks"]]


def test_status_carried_over_from_an_earlier_period():
    m = small_master()
    # B reported I.1.2 done in Q1: not expected in Q2, not overdue in Q2
    m.reports = [
        rep("2023-Q1", "I.1.2", "B", "Hoàn thành", "2023-03-10T09:00:00",
            completion_date="2023-03-05"),
    ]  # fmt: skip
    a = analyze(m, "2023-Q2", D(2023, 6, 30))
    assert a.task_state("I.1.2").bucket == "done_on_time"
    assert [t.key for t, _ in a.returns["B"].tasks] == ["I.1.1"]


def test_due_soon_window_from_settings_and_argument():
    m = small_master()
    assert [d["key"] for d in compute_status(m, "2023-Q2", D(2023, 6, 30))["due_soon"]] == [
        "II.1.2"
    ]
    m.settings["due_soon_days"] = "5"
    assert compute_status(m, "2023-Q2", D(2023, 6, 30))["due_soon"] == []
    s = compute_status(m, "2023-Q2", D(2023, 6, 30), due_soon_days=10)
    assert [d["days_left"] for d in s["due_soon"]] == [10]


def test_external_units_are_never_expected():
    s = compute_status(small_master(), "2023-Q2", D(2023, 6, 30))
    assert "X" not in s["expected_units"]
    assert "X" not in [u["unit"] for u in s["missing_units"]]


def test_cli_status_json_and_table(master_path, capsys):
    from sheettools.cli import main

    with pytest.raises(SystemExit) as exc:
        main([
            "status", str(master_path), "--period", "2023-Q2", "--as-of", "2023-07-20",
            "--format", "json",
        ])  # fmt: skip
    assert exc.value.code in (0, None)
    data = json.loads(capsys.readouterr().out)
    assert data["missing_units"][0]["unit"] == "C"
    assert data["late_units"][0]["days_late"] == 1
    with pytest.raises(SystemExit):
        main(["--lang", "en", "status", str(master_path), "-p", "Q2/2023", "--as-of", "2023-07-20"])
    out = capsys.readouterr().out
    assert "Missing (1)" in out and "Late (1)" in out and "II.1.1" in out


def test_cli_status_unknown_period_is_one_line(master_path, capsys):
    from sheettools.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["status", str(master_path), "--period", "2031-Q2"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2031-Q2" in err


def test_group_codes_expand_to_member_units_and_return_flags_are_not_value_flags():
    from sheettools.model import UnitGroup

    m = small_master()
    m.units.append(Unit("W1", "UBND phường Cự Khối", level="ward", groups=["WARDS"]))
    m.groups = [UnitGroup("WARDS", "UBND các phường", members=["D"])]
    m.task("II.1.2").coordinating_units = ["WARDS"]
    m.reports.append(
        rep("2023-Q2", "II.1.2", "W1", "Đang thực hiện", "2023-06-20T08:00:00", role="coord",
            flags=["late"])
    )  # fmt: skip
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert "W1" in s["expected_units"]
    assert [u["days_late"] for u in s["late_units"] if u["unit"] == "W1"] == [5]
    assert all(f["unit"] != "W1" for f in s["flagged_values"])  # "late" is a return flag


def test_a_task_row_missing_from_a_return_is_an_empty_entry():
    m = small_master()
    m.reports = [r for r in m.reports if not (r.unit == "A" and r.key == "I.1.3")]
    s = compute_status(m, "2023-Q2", D(2023, 6, 30))
    assert [(e["unit"], e["key"]) for e in s["empty_entries"]] == [("A", "I.1.3"), ("A", "II.1.3")]
    # a unit that sent nothing is missing, not a list of empty entries
    assert all(e["unit"] != "C" for e in s["empty_entries"])
