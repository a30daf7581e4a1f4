"""sheettools: the quarterly reporting cycle of a yearly plan, with Excel as the medium.

The public API is plain functions over plain data; the ``sheettools`` CLI is a thin layer
over them.
"""

from __future__ import annotations

from .errors import FileError, InputError, LockedError, SheettoolsError, TemplateError
from .model import STATUSES, Master, Period, Report, Task, Unit, UnitGroup
from .periods import default_periods, get_period, normalize_period
from .store import load_master, master_lock, save_master

__version__ = "0.1.0"

__all__ = [
    "STATUSES",
    "FileError",
    "InputError",
    "LockedError",
    "Master",
    "Period",
    "Report",
    "SheettoolsError",
    "Task",
    "TemplateError",
    "Unit",
    "UnitGroup",
    "default_periods",
    "get_period",
    "load_master",
    "master_lock",
    "normalize_period",
    "save_master",
]
