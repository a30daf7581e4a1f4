"""The period's status analysis, as of a date: missing and late returns, empty entries,
overdue and due-soon tasks, unverified files and values the merge flagged.

Works from the master model only. Rules (see docs/status-summary.md):

- A unit is *expected* to return when it is a reporting unit (``Unit.reports``) with at least
  one task to report in the period (``selection.select_all``, the rule split uses).
- A unit's *return* is on time when its FIRST return (earliest ``received_at`` over all its
  report rows for the period) is on or before the due date (any time that day); later
  corrections do not make it late. ``days_late`` counts from that first return.
- The date used for deadlines is ``min(as_of, period end)``: a period is judged at its end.
- A task is *done* when every lead unit's latest status (this period, else carried over from
  an earlier period) is done (``Hoàn thành`` / ``Hoàn thành trước hạn``).
- A task not done is *overdue* when one of its deadlines (milestones and due date) is before
  that date; it is reported with the earliest missed deadline. Recurring tasks and tasks with
  no computable deadline are never overdue.
- Buckets (DOMAIN.md "How progress is counted") partition all leaf tasks of the plan.
- A task is *completed* (the "hoàn thành N" of the workbook, the report and the board) when
  it is in one of the done buckets (``completed``): done, and judged against a deadline. A
  recurring task (``thường xuyên``) or one without a computable deadline that its lead units
  report done stays in its own bucket and is not counted as completed, so the completed count
  is always ``done_on_time + done_late``.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from .docinfo import period_label
from .model import DONE_STATUSES, KIND_GROUP, Master, Period, Report, Task
from .periods import get_period
from .selection import select_all, unit_expander

DEFAULT_DUE_SOON_DAYS = 15

BUCKETS: tuple[str, ...] = (
    "done_on_time",
    "done_late",
    "not_done_within_deadline",
    "not_done_overdue",
    "not_yet_due",
    "ongoing",
    "no_deadline",
)
BUCKET_LABELS: dict[str, tuple[str, str]] = {
    "done_on_time": ("Đã hoàn thành đúng hạn", "Done on time"),
    "done_late": ("Đã hoàn thành quá hạn", "Done late"),
    "not_done_within_deadline": ("Chưa hoàn thành, trong hạn", "Not done, within deadline"),
    "not_done_overdue": ("Chưa hoàn thành, quá hạn", "Not done, overdue"),
    "not_yet_due": ("Chưa đến hạn", "Not yet due"),
    "ongoing": ("Thường xuyên", "Ongoing (recurring)"),
    "no_deadline": ("Chưa xác định được thời hạn", "No computable deadline"),
}
_VERSION = attrgetter("version")
DONE_BUCKETS = frozenset({"done_on_time", "done_late"})
RAG_RED, RAG_AMBER, RAG_GREEN = "red", "amber", "green"
BEHIND_STATUSES = frozenset({"Chậm tiến độ", "Không thực hiện"})
# report flags about the whole return, listed as unverified files / late units instead
RETURN_FLAGS = frozenset({"unverified", "late", "received_from_file_date"})
FILE_DATE_FLAG = "received_from_file_date"  # merge had no received time: the file's date


# --- small helpers -------------------------------------------------------------------------


def _iso(d: str | None) -> dt.date | None:
    if not d:
        return None
    try:
        return dt.date.fromisoformat(str(d)[:10])
    except ValueError:
        return None


def received_date(text: str) -> dt.date | None:
    """The calendar day of an ISO ``received_at`` (as written, time zone kept)."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return _iso(text)


def _plan_year(master: Master, period: Period) -> int:
    return int(master.plan.year) if master.plan.year else int(period.code[:4])


def _rank_key(p: Period) -> tuple[str, int]:
    # later end = later period; at the same end, the longer period (the year) comes later
    start = _iso(p.start)
    return (p.end, -(start.toordinal() if start else 0))


def task_deadlines(task: Task) -> list[dt.date]:
    """Milestones and the due date, sorted, without duplicates."""
    ds = {d for d in (_iso(m) for m in task.milestones) if d}
    due = _iso(task.due_date)
    if due:
        ds.add(due)
    return sorted(ds)


# --- the analysis --------------------------------------------------------------------------


@dataclass
class TaskState:
    task: Task
    lead_units: list[str]
    deadlines: list[dt.date]
    status: str | None = None  # consolidated from the lead units
    done: bool = False
    progress: int | None = None
    completion: dt.date | None = None
    bucket: str = "not_yet_due"
    overdue_since: dt.date | None = None
    days_overdue: int = 0
    next_deadline: dt.date | None = None
    days_left: int | None = None
    due_soon: bool = False
    rag: str = RAG_GREEN
    reported_this_period: bool = False

    @property
    def final_deadline(self) -> dt.date | None:
        return self.deadlines[-1] if self.deadlines else None


@dataclass
class UnitReturn:
    unit: str
    expected: bool
    tasks: list[tuple[Task, str]] = field(default_factory=list)
    first_received: str = ""  # ISO datetime of the first return, "" when none
    days_late: int = 0
    state: str = "missing"  # on_time | late | missing
    # files of this period the unit sent that merge could not use (a "missing" unit with
    # these sent an unreadable file: it did not stay silent)
    rejected: list = field(default_factory=list)
    # the first return's time is its file's date (no e-mail time known): timeliness is a guess
    time_from_file: bool = False


@dataclass
class PeriodAnalysis:
    master: Master
    period: Period
    as_of: dt.date
    as_of_eff: dt.date
    due_date: dt.date
    due_soon_days: int
    tasks: list[TaskState]
    returns: dict[str, UnitReturn]
    current: dict[tuple[str, str], Report]  # latest version this period, by (key, unit)
    carried: dict[tuple[str, str], Report]  # latest up to and including this period
    empty_entries: list[tuple[str, str]]
    unverified: list[tuple[str, str]]
    flagged: list[tuple[str, str, list[str]]]

    @property
    def expected_units(self) -> list[str]:
        return [u for u, r in self.returns.items() if r.expected]

    def task_state(self, key: str) -> TaskState | None:
        for s in self.tasks:
            if s.task.key == key:
                return s
        return None


def completed(st: TaskState) -> bool:
    """The one definition of a completed task, used by every figure that says "hoàn thành"
    (the workbook's overview and sections, the report, the board's buckets): a task in a done
    bucket. ``TaskState.done`` (all lead units report done) is wider: it also holds recurring
    tasks and tasks without a deadline, which stay in their buckets."""
    return st.bucket in DONE_BUCKETS


def completed_count(states) -> int:
    """How many of ``states`` (``TaskState``) are completed (``completed``)."""
    return sum(1 for st in states if st.bucket in DONE_BUCKETS)


def _latest_maps(master: Master, period: Period) -> tuple[dict, dict, dict[str, str], set[str]]:
    """(latest this period, latest before it) by (key, unit); first received_at per unit; the
    units whose first return's time is only its file's date.

    The latest report of a (key, unit) is the one with the highest version (of the latest
    earlier period, for ``before``); at equal versions the later row wins. Done with stable
    sorts and dict comprehensions (last write wins) rather than a comparison per row: the
    master holds hundreds of thousands of rows."""
    target = _rank_key(period)
    ranks = {p.code: _rank_key(p) for p in master.periods}
    code = period.code
    reports = master.reports
    this = [r for r in reports if r.period == code]
    # the first return per unit: the distinct (unit, time, from the file's date) in the order
    # of their first row, then the earliest time (the first of equal times wins)
    seen = dict.fromkeys(
        (r.unit, got, bool(r.flags) and FILE_DATE_FLAG in r.flags)
        for r in this
        if (got := r.received_at or r.merged_at)
    )
    this.sort(key=_VERSION)  # stable: at equal versions the later row stays later
    cur = {(r.key, r.unit): r for r in this}
    before: dict[tuple[str, str], Report] = {}
    # earlier periods from the oldest: a later period's report replaces an older one's
    for c in sorted((c for c, rk in ranks.items() if rk < target), key=ranks.__getitem__):
        older = [r for r in reports if r.period == c]
        older.sort(key=_VERSION)
        before.update({(r.key, r.unit): r for r in older})
    first: dict[str, str] = {}
    best: dict[str, str] = {}
    first_from_file: set[str] = set()
    for unit, got, from_file in seen:
        key = _sort_time(got)
        b = best.get(unit)
        if b is None or key < b:
            best[unit] = key
            first[unit] = got
            if from_file:
                first_from_file.add(unit)
            else:
                first_from_file.discard(unit)
    return cur, before, first, first_from_file


@functools.lru_cache(maxsize=4096)
def _sort_time(s: str) -> str:
    try:
        d = dt.datetime.fromisoformat(s)
    except ValueError:
        return s
    if d.tzinfo is not None:
        return d.replace(tzinfo=None).isoformat()
    return d.isoformat()


def _due_soon_days(master: Master) -> int:
    """The master's ``due_soon_days`` setting, or the default when it is empty or not a number."""
    try:
        return int(master.settings.get("due_soon_days") or DEFAULT_DUE_SOON_DAYS)
    except ValueError:
        return DEFAULT_DUE_SOON_DAYS


def _unit_returns(
    master: Master,
    p: Period,
    selection: dict,
    first: dict[str, str],
    first_from_file: set[str],
    due: dt.date,
) -> dict[str, UnitReturn]:
    """Each unit's return: the units expected (reporting units with a task this period), then
    those that sent something unasked; their rejected files; missing, late or on time."""
    returns: dict[str, UnitReturn] = {}
    for u in master.units:
        sel = selection.get(u.code, [])
        if u.reports and sel:
            returns[u.code] = UnitReturn(u.code, True, sel)
    for code in first:
        if code not in returns:
            returns[code] = UnitReturn(code, False, selection.get(code, []))
    for rj in master.rejected:
        if rj.period == p.code and rj.unit in returns:
            returns[rj.unit].rejected.append(rj)
    for code, ret in returns.items():
        got = first.get(code)
        if not got:
            ret.state = "missing"
            continue
        ret.first_received = got
        ret.time_from_file = code in first_from_file
        day = received_date(got)
        ret.days_late = max(0, (day - due).days) if day else 0
        ret.state = "late" if ret.days_late > 0 else "on_time"
    return returns


def _value_problems(
    master: Master, current: dict[tuple[str, str], Report], returns: dict[str, UnitReturn]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str, list[str]]]]:
    """The period's reports worth a look, in the order of unit and task: (unit, key) of the
    empty entries (no status, or a task row that did not come back), (unit, file) of the
    unverified files, (unit, key, flags) of the flagged values."""
    empty: list[tuple[str, str]] = []
    unverified: dict[tuple[str, str], None] = {}
    flagged: list[tuple[str, str, list[str]]] = []
    order = {t.key: t.order for t in master.tasks}
    # the rows worth listing (few), then in the order of unit and task
    notable = [
        kv for kv in current.items() if kv[1].status is None or not kv[1].verified or kv[1].flags
    ]
    for (key, unit), r in sorted(notable, key=lambda kv: (kv[0][1], order.get(kv[0][0], 0))):
        if r.status is None:
            empty.append((unit, key))
        if not r.verified or "unverified" in r.flags:
            unverified[(unit, r.source_file)] = None
        other = [f for f in r.flags if f.split(":", 1)[0] not in RETURN_FLAGS]
        if other:
            flagged.append((unit, key, other))
    # a returned unit's task rows that did not come back at all (row deleted) count as empty
    for code, ret in returns.items():
        if ret.expected and ret.state != "missing":
            empty += [(code, t.key) for t, _role in ret.tasks if (t.key, code) not in current]
    empty.sort(key=lambda uk: (uk[0], order.get(uk[1], 0)))
    return empty, list(unverified), flagged


def analyze(
    master: Master,
    period: str | Period,
    as_of: dt.date,
    *,
    due_soon_days: int | None = None,
    tasks_only: bool = False,
) -> PeriodAnalysis:
    """Everything ``status`` and ``summary`` report, computed once. With ``tasks_only`` the
    units' selection is skipped (returns then hold no expected units): task states only."""
    p = period if isinstance(period, Period) else get_period(master, period)
    if due_soon_days is None:
        due_soon_days = _due_soon_days(master)
    p_end = _iso(p.end) or as_of
    due = _iso(p.due_date) or p_end
    as_of_eff = min(as_of, p_end)
    current, earlier, first, first_from_file = _latest_maps(master, p)
    carried = dict(earlier)
    carried.update(current)

    selection = {} if tasks_only else select_all(master, p)
    returns = _unit_returns(master, p, selection, first, first_from_file, due)

    expand = unit_expander(master)
    states: list[TaskState] = []
    for t in sorted(master.tasks, key=lambda t: t.order):
        if t.kind == KIND_GROUP:
            continue
        st = TaskState(t, expand(t.lead_units), task_deadlines(t))
        _judge(st, carried, current, as_of_eff, p_end, due_soon_days)
        states.append(st)

    empty, unverified, flagged = _value_problems(master, current, returns)
    return PeriodAnalysis(
        master=master,
        period=p,
        as_of=as_of,
        as_of_eff=as_of_eff,
        due_date=due,
        due_soon_days=due_soon_days,
        tasks=states,
        returns=returns,
        current=current,
        carried=carried,
        empty_entries=empty,
        unverified=unverified,
        flagged=flagged,
    )


def _judge(
    st: TaskState,
    carried: dict[tuple[str, str], Report],
    current: dict[tuple[str, str], Report],
    as_of: dt.date,
    p_end: dt.date,
    due_soon_days: int,
) -> None:
    t = st.task
    reps = [carried.get((t.key, u)) for u in st.lead_units]
    st.reported_this_period = any((t.key, u) in current for u in st.lead_units)
    statuses = [r.status if r else None for r in reps]
    st.done = bool(reps) and all(s in DONE_STATUSES for s in statuses)
    if st.done:
        early = all(s == "Hoàn thành trước hạn" for s in statuses)
        st.status = "Hoàn thành trước hạn" if early else "Hoàn thành"
        ends = []
        for r in reps:
            d = _iso(r.completion_date) if r else None
            ends.append(d or (received_date(r.received_at) if r else None))
        known = [d for d in ends if d]
        st.completion = max(known) if known else None
    else:
        st.status = next((s for s in statuses if s not in DONE_STATUSES), None)
    progress = [r.progress for r in reps if r and r.progress is not None]
    st.progress = round(sum(progress) / len(progress)) if progress else None

    if t.recurring:
        st.bucket = "ongoing"
    elif not st.deadlines:
        st.bucket = "no_deadline"
    elif st.done:
        fd = st.final_deadline
        late = st.completion is not None and fd is not None and st.completion > fd
        st.bucket = "done_late" if late else "done_on_time"
    else:
        passed = [d for d in st.deadlines if d < as_of]
        upcoming = [d for d in st.deadlines if d >= as_of]
        st.next_deadline = upcoming[0] if upcoming else None
        if passed:
            st.overdue_since = passed[0]
            st.days_overdue = (as_of - passed[0]).days
            st.bucket = "not_done_overdue"
        else:
            st.days_left = (st.next_deadline - as_of).days if st.next_deadline else None
            st.due_soon = st.days_left is not None and st.days_left <= due_soon_days
            within = st.next_deadline is not None and st.next_deadline <= p_end
            st.bucket = "not_done_within_deadline" if within else "not_yet_due"

    if st.bucket == "not_done_overdue":
        st.rag = RAG_RED
    elif st.done:
        st.rag = RAG_GREEN
    elif st.due_soon or st.status in BEHIND_STATUSES or st.status is None:
        st.rag = RAG_AMBER
    else:
        st.rag = RAG_GREEN


# --- the status report ---------------------------------------------------------------------


def compute_status(
    master: Master, period: str, as_of: dt.date, *, due_soon_days: int | None = None
) -> dict[str, Any]:
    """The ``sheettools status`` report as plain JSON-able data."""
    a = analyze(master, period, as_of, due_soon_days=due_soon_days)
    return status_dict(a)


def status_dict(a: PeriodAnalysis) -> dict[str, Any]:
    names = {u.code: u.name for u in a.master.units}
    content = {s.task.key: s.task.content for s in a.tasks}
    buckets = dict.fromkeys(BUCKETS, 0)
    for s in a.tasks:
        buckets[s.bucket] += 1
    return {
        "period": a.period.code,
        "period_label": period_label(a.period),
        # the office's time zone (settings), for showing received times
        "timezone": (a.master.settings.get("timezone") or "").strip(),
        "due_date": a.due_date.isoformat(),
        "as_of": a.as_of.isoformat(),
        "deadline_as_of": a.as_of_eff.isoformat(),
        "due_soon_days": a.due_soon_days,
        "expected_units": a.expected_units,
        **_unit_lists(list(a.returns.values()), names),
        "empty_entries": [
            {"unit": u, "key": k, "content": content.get(k, "")} for u, k in a.empty_entries
        ],
        **_task_lists(a.tasks),
        "unverified": [{"unit": u, "source_file": f} for u, f in a.unverified],
        "flagged_values": [{"unit": u, "key": k, "flags": f} for u, k, f in a.flagged],
        "buckets": buckets,
        "completed": completed_count(a.tasks),  # = done_on_time + done_late (completed())
    }


def _unit_lists(rets: list[UnitReturn], names: dict[str, str]) -> dict[str, list[dict]]:
    """``status_dict``'s lists of units: missing, unreadable, late, on time."""
    return {
        # every unit without a usable return; those that sent only unreadable files are also
        # listed apart in unreadable_units (with the files and why)
        "missing_units": [
            {"unit": r.unit, "name": names.get(r.unit, ""), "sent_unreadable": bool(r.rejected)}
            for r in rets
            if r.expected and r.state == "missing"
        ],
        "unreadable_units": [
            {
                "unit": r.unit,
                "name": names.get(r.unit, ""),
                "file": r.rejected[-1].file,
                "reason_code": r.rejected[-1].reason_code,
                "reason": r.rejected[-1].reason,
                "received_at": r.rejected[-1].received_at,
                "files": len(r.rejected),
            }
            for r in rets
            if r.expected and r.state == "missing" and r.rejected
        ],
        "late_units": [
            {
                "unit": r.unit,
                "name": names.get(r.unit, ""),
                "received_at": r.first_received,
                "days_late": r.days_late,
                "timeliness_from": "file_date" if r.time_from_file else "received",
            }
            for r in rets
            if r.state == "late"
        ],
        "on_time_units": [
            {
                "unit": r.unit,
                "name": names.get(r.unit, ""),
                "received_at": r.first_received,
                "timeliness_from": "file_date" if r.time_from_file else "received",
            }
            for r in rets
            if r.state == "on_time"
        ],
    }


def _task_lists(tasks: list[TaskState]) -> dict[str, list[dict]]:
    """``status_dict``'s lists of tasks: overdue and not done, due soon."""
    return {
        "overdue_tasks": [
            {
                "key": s.task.key,
                "content": s.task.content,
                "lead_units": s.lead_units,
                "due_date": s.overdue_since.isoformat() if s.overdue_since else None,
                "status": s.status,
                "days_overdue": s.days_overdue,
            }
            for s in tasks
            if s.bucket == "not_done_overdue"
        ],
        "due_soon": [
            {
                "key": s.task.key,
                "content": s.task.content,
                "lead_units": s.lead_units,
                "due_date": s.next_deadline.isoformat() if s.next_deadline else None,
                "days_left": s.days_left,
                "status": s.status,
            }
            for s in tasks
            if s.due_soon
        ],
    }


def previous_period(master: Master, period: Period) -> Period | None:
    """The quarter before ``period`` (none for Q1 or the year)."""
    code = period.code
    if len(code) == 7 and code[4:6] == "-Q" and code[6] in "234":
        return master.period(f"{code[:4]}-Q{int(code[6]) - 1}")
    return None


def status_report(
    master_path: str | os.PathLike,
    period: str,
    as_of: dt.date,
    *,
    due_soon_days: int | None = None,
) -> dict[str, Any]:
    """``compute_status`` on the master workbook at ``master_path`` (what the CLI calls)."""
    from .store import load_master

    return compute_status(load_master(master_path), period, as_of, due_soon_days=due_soon_days)
