"""sheettools.frames: pandas views of a master agree with the plain data the CLI prints."""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd
import pytest

from sheettools import frames, store
from sheettools.errors import SheettoolsError
from sheettools.merge import list_reports
from sheettools.periodstatus import analyze
from sheettools.views import list_tasks
from test_periodstatus import small_master


@pytest.fixture
def master_path(tmp_path):
    path = tmp_path / "master.xlsx"
    store.save_master(small_master(), path)
    return path


def test_tasks_frame(master_path):
    df = frames.tasks_frame(master_path)
    rows = list_tasks(store.load_master(master_path))
    assert list(df["key"]) == [r["key"] for r in rows]
    assert df.loc[df["key"] == "I.1.1", "due_date"].iloc[0] == pd.Timestamp(2023, 6, 30)
    assert pd.isna(df.loc[df["key"] == "II.1.3", "due_date"].iloc[0])  # no deadline
    assert df.loc[df["key"] == "II.1.3", "flags"].iloc[0] == ["no_deadline"]
    assert list(frames.tasks_frame(master_path, unit="D")["key"]) == ["II.1.1", "II.1.2"]


def test_reports_frame(master_path):
    m = store.load_master(master_path)
    df = frames.reports_frame(m, "2023-Q2")
    rows = list_reports(m, "2023-Q2")
    assert len(df) == len(rows) == 7  # B's I.1.2 counted once (latest version)
    b = df[(df["unit"] == "B") & (df["key"] == "I.1.2")].iloc[0]
    assert (b["version"], b["status"]) == (2, "Hoàn thành")
    assert b["completion_date"] == pd.Timestamp(2023, 6, 18)
    every = frames.reports_frame(m, "Quý II/2023", all_versions=True)
    assert len(every) == 8
    empty = frames.reports_frame(m, "2023-Q3")
    assert empty.empty and "status" in empty.columns and "completion_date" in empty.columns


def test_status_frame(master_path):
    m = store.load_master(master_path)
    as_of = dt.date(2023, 6, 30)
    df = frames.status_frame(m, "2023-Q2", as_of)
    a = analyze(m, "2023-Q2", as_of, tasks_only=True)
    assert list(df["key"]) == [s.task.key for s in a.tasks]
    assert list(df["bucket"]) == [s.bucket for s in a.tasks]
    assert df.groupby("bucket").size().sum() == 6
    row = df[df["key"] == "I.1.2"].iloc[0]
    assert row["status"] == "Hoàn thành" and row["final_deadline"] == pd.Timestamp(2023, 3, 31)


def test_without_pandas_one_line_says_how_to_install(master_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(SheettoolsError) as err:
        frames.tasks_frame(master_path)
    assert "sheettools[pandas]" in err.value.one_line()
