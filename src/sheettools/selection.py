"""Who reports which task in a period, and the latest earlier report: the one home of these
rules, used by ``split`` (who gets which rows), ``periodstatus`` (who is expected, who is missing)
and ``cascade``.

* A unit reports a task in a period when it leads or coordinates it (a group's code standing
  for its members, nested groups followed: ``units.Registry.group_codes``), the task's window
  overlaps the period (recurring tasks always do; a task without a deadline too), or the
  window ended earlier and the unit has not reported it done since. External units
  (``reports`` off) are never sent anything.
* The latest earlier report of a (task, unit) is the last version of the last period ending
  before this one (or ending with it but starting later: Q4 before the year).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from .model import DONE_STATUSES, KIND_GROUP, ROLE_COORD, ROLE_LEAD, Master, Period, Report, Task

__all__ = [
    "iso_date",
    "plan_year",
    "unit_expander",
    "latest_reports",
    "select_all",
    "tasks_for_unit",
]


def iso_date(d: str | None) -> dt.date | None:
    """``"2023-06-30"`` (or a longer ISO text) as a date; None when empty or not a date."""
    if not d:
        return None
    try:
        return dt.date.fromisoformat(d[:10])
    except ValueError:
        return None


def plan_year(master: Master, period: Period) -> int:
    if master.plan.year:
        return int(master.plan.year)
    return int(period.code[:4])


def unit_expander(master: Master) -> Callable[[Iterable[str]], list[str]]:
    """``codes -> unit codes``: a group's code (a person may type one into a task in Excel)
    replaced by the units it stands for, nested groups followed; order kept, no repeats."""
    from .units import Registry

    reg = Registry(master.units, master.groups)
    units = {u.code for u in master.units}
    groups = {g.code for g in master.groups}

    def expand(codes: Iterable[str]) -> list[str]:
        out: list[str] = []
        for c in codes:
            if c in units or c not in groups:
                out.append(c)
            else:
                out.extend(reg.group_codes(c))
        return list(dict.fromkeys(out))

    return expand


def latest_reports(
    master: Master, period: Period, include_same: bool
) -> dict[tuple[str, str], Report]:
    """The latest report per (task key, unit) over the periods before ``period`` (ending
    earlier, or ending with it but starting later, e.g. Q4 for the year), and over
    ``period`` itself when ``include_same`` (which then wins)."""
    rank = {p.code: (p.end, p.start) for p in master.periods}
    target = (period.end, period.start)
    best: dict[tuple[str, str], tuple[tuple, Report]] = {}
    for r in master.reports:
        if r.period == period.code:
            if not include_same:
                continue
            order: tuple = (1, "", "", r.version, r.received_at)
        else:
            pr = rank.get(r.period)
            # earlier: ends before, or ends with it but is shorter (Q4 for the year)
            if pr is None or not (pr[0] < target[0] or (pr[0] == target[0] and pr[1] > target[1])):
                continue
            order = (0, pr[0], pr[1], r.version, r.received_at)
        k = (r.key, r.unit)
        cur = best.get(k)
        if cur is None or order >= cur[0]:
            best[k] = (order, r)
    return {k: v[1] for k, v in best.items()}


def _touches(task: Task, period: Period, year: int) -> bool | None:
    """True/False when the task's window overlaps the period; None when it has no deadline."""
    if task.recurring:
        return True
    end = iso_date(task.due_date)
    if end is None and task.milestones:
        ms = [d for d in (iso_date(m) for m in task.milestones) if d]
        end = max(ms) if ms else None
    if end is None:
        return None
    start = min(iso_date(task.start_date) or dt.date(year, 1, 1), end)
    p_end, p_start = iso_date(period.end), iso_date(period.start)
    return (p_end is None or start <= p_end) and (p_start is None or end >= p_start)


def select_all(master: Master, period: Period) -> dict[str, list[tuple[Task, str]]]:
    """Every reporting unit's ``(task, role)`` list for ``period`` in table order (groups
    excluded; external units get none)."""
    year = plan_year(master, period)
    expand = unit_expander(master)
    silent = {u.code for u in master.units if not u.reports}  # external: never sent a workbook
    earlier: dict[tuple[str, str], Report] | None = None  # read when first needed (rare)
    p_start = iso_date(period.start)
    out: dict[str, list[tuple[Task, str]]] = {}
    for t in sorted(master.tasks, key=lambda t: t.order):
        if t.kind == KIND_GROUP:
            continue
        touches = _touches(t, period, year)
        if touches is False:
            # the window ended before the period: still due while not reported done
            end = iso_date(t.due_date) or max(
                (d for d in (iso_date(m) for m in t.milestones) if d), default=None
            )
            if end is None or p_start is None or end >= p_start:
                continue
        leads = expand(t.lead_units)
        coords = expand(t.coordinating_units)
        pairs = [(u, ROLE_LEAD) for u in leads]
        pairs += [(u, ROLE_COORD) for u in coords if u not in leads]
        if touches is False and earlier is None:
            earlier = latest_reports(master, period, include_same=False)
        lead_item, coord_item = (t, ROLE_LEAD), (t, ROLE_COORD)
        for unit, role in pairs:
            if unit in silent:
                continue
            if earlier is not None and touches is False:
                rep = earlier.get((t.key, unit))
                if rep is not None and rep.status in DONE_STATUSES:
                    continue
            item = lead_item if role == ROLE_LEAD else coord_item
            got = out.get(unit)
            if got is None:
                out[unit] = [item]
            else:
                got.append(item)
    return out


def tasks_for_unit(master: Master, period: Period, unit_code: str) -> list[tuple[Task, str]]:
    """The ``(task, role)`` pairs ``unit_code`` reports on in ``period``, in table order;
    role is ``model.ROLE_LEAD`` or ``model.ROLE_COORD``; group rows excluded."""
    return select_all(master, period).get(unit_code, [])
