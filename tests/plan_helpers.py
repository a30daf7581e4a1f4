"""Shared helpers of the tests that read the real plans of tests/data/plans/ (the blind
rounds of issue 11): each plan is parsed once per test session."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.model import Task
from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"


@cache
def plan(name: str) -> tuple[list[Task], dict]:
    """The tasks and the import report of a corpus plan, as `plan import` reads it."""
    return parse_plan(PLANS / name)


def leaves(name: str) -> list[Task]:
    """The plan's tasks without its group rows, in order."""
    return [t for t in plan(name)[0] if t.kind != "group"]


def leaf_map(name: str) -> dict[str, Task]:
    """The plan's tasks without its group rows, by key."""
    return {t.key: t for t in leaves(name)}


def by_key(name: str) -> dict[str, Task]:
    """Every row of the plan (groups too), by key."""
    return {t.key: t for t in plan(name)[0]}
