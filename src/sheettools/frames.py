"""pandas DataFrame views of a master, for analysis in a notebook (the optional ``pandas``
extra: ``pip install 'sheettools[pandas]'``).

    from sheettools import frames
    tasks = frames.tasks_frame("master.xlsx")
    q2 = frames.reports_frame("master.xlsx", "2023-Q2")
    st = frames.status_frame("master.xlsx", "2023-Q2", as_of=datetime.date(2023, 6, 30))
    st.groupby("bucket").size()

Each view is one row per item of the same plain data the CLI prints (``tasks``, ``reports``,
``status``): read-only, nothing is written back. Dates are ``datetime64`` columns, lists stay
Python lists. The library itself never needs pandas.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from .errors import SheettoolsError
from .i18n import tr
from .model import Master

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["tasks_frame", "reports_frame", "status_frame"]

MasterLike = Master | str | os.PathLike


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise SheettoolsError(
            tr("Cần thư viện pandas cho bảng dữ liệu", "pandas is needed for DataFrame views"),
            hint=tr(
                "Cài bằng: pip install 'sheettools[pandas]'",
                "Install it with: pip install 'sheettools[pandas]'",
            ),
        ) from None
    return pd


def _master(master: MasterLike) -> Master:
    if isinstance(master, Master):
        return master
    from .store import load_master

    return load_master(master)


def _frame(rows: list[dict], columns: list[str], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    pd = _pandas()
    df = pd.DataFrame(rows, columns=columns)
    for c in dates:
        df[c] = pd.to_datetime(df[c], errors="coerce")
    return df


_TASK_COLUMNS = [
    "key", "section", "number", "parent", "content", "leader", "lead_units",
    "coordinating_units", "start_raw", "due_raw", "due_date", "milestones", "recurring", "flags",
]  # fmt: skip


def tasks_frame(master: MasterLike, unit: str | None = None) -> pd.DataFrame:
    """The plan's tasks (not group headings), in table order: ``sheettools tasks``."""
    from .views import list_tasks

    return _frame(list_tasks(_master(master), unit), _TASK_COLUMNS, ("due_date",))


def reports_frame(
    master: MasterLike, period: str, unit: str | None = None, all_versions: bool = False
) -> pd.DataFrame:
    """The merged reports of a period (latest version per unit and task, or every version):
    ``sheettools reports``."""
    from .merge import list_reports

    rows = list_reports(_master(master), period, unit=unit, all_versions=all_versions)
    columns = list(rows[0]) if rows else _report_columns()
    return _frame(rows, columns, ("completion_date",))


def _report_columns() -> list[str]:
    from .model import Report

    return [f.name for f in dataclasses.fields(Report)]


_STATUS_COLUMNS = [
    "key", "number", "content", "lead_units", "status", "progress", "completion_date",
    "bucket", "final_deadline", "overdue_since", "days_overdue", "next_deadline", "days_left",
    "due_soon", "reported_this_period",
]  # fmt: skip


def status_frame(
    master: MasterLike, period: str, as_of: dt.date, *, due_soon_days: int | None = None
) -> pd.DataFrame:
    """One row per task: its consolidated status and bucket in the period as of ``as_of``
    (the figures behind ``sheettools status`` and the committee's workbook)."""
    from .periodstatus import analyze

    a = analyze(_master(master), period, as_of, due_soon_days=due_soon_days, tasks_only=True)
    rows = [
        {
            "key": s.task.key,
            "number": s.task.number,
            "content": s.task.content,
            "lead_units": list(s.lead_units),
            "status": s.status,
            "progress": s.progress,
            "completion_date": s.completion,
            "bucket": s.bucket,
            "final_deadline": s.final_deadline,
            "overdue_since": s.overdue_since,
            "days_overdue": s.days_overdue,
            "next_deadline": s.next_deadline,
            "days_left": s.days_left,
            "due_soon": s.due_soon,
            "reported_this_period": s.reported_this_period,
        }
        for s in a.tasks
    ]
    dates = ("completion_date", "final_deadline", "overdue_since", "next_deadline")
    return _frame(rows, _STATUS_COLUMNS, dates)
