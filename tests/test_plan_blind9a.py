"""Defects found by blind round 9a of issue 11: provinces' prose plans as thuvienphapluat.vn
prints them (duties per body under headings wrapped inside the body's name, a cost estimate
appended to a monitoring plan, a budget plan with no task).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 9a").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sheettools.errors import InputError
from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def test_a_budget_plan_with_no_task_is_refused_not_invented():
    # Kế hoạch tài chính - ngân sách nhà nước 03 năm of Cà Mau: forecasts, solutions naming no
    # body and statistical "Mẫu biểu số 01–05" — no duty to follow up: the importer says it
    # found no task list instead of making tasks of the forecasts
    with pytest.raises(InputError) as info:
        parse_plan(PLANS / "ubnd-camau-0204-kh-2025-tai-chinh-ngan-sach-03-nam.md")
    assert "Không thấy bảng tiến độ" in info.value.one_line()
