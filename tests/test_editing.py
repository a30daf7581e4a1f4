"""store.editing: lock → load → change → log → save, the one way commands change a master."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sheettools import store
from sheettools.errors import FileError, LockedError
from sheettools.model import Master
from sheettools.planimport import import_plan
from test_periodstatus import small_master

NOW = dt.datetime(2023, 6, 20, 9, 0)
PLAN = Path(__file__).parent / "data" / "plan_sections_and_duplicates.txt"


@pytest.fixture
def master(tmp_path):
    path = tmp_path / "master.xlsx"
    store.save_master(small_master(), path)
    return path


def test_editing_logs_and_saves(master):
    with store.editing(master, "test edit", NOW) as edit:
        edit.master.settings["x"] = "1"
        edit.summary = "changed x"
    m = store.load_master(master)
    assert m.settings["x"] == "1"
    assert (m.log[-1].command, m.log[-1].summary) == ("test edit", "changed x")
    assert m.log[-1].time == "2023-06-20T09:00:00"


def test_an_error_inside_leaves_the_file_and_the_lock_free(master):
    before = master.read_bytes()
    with pytest.raises(RuntimeError), store.editing(master, "test edit", NOW) as edit:
        edit.master.settings["x"] = "1"
        raise RuntimeError("boom")
    assert master.read_bytes() == before
    with store.editing(master, "again", NOW) as edit:  # (the lock was released)
        edit.save = False
    assert master.read_bytes() == before


def test_the_master_is_read_under_the_lock(master, monkeypatch):
    seen = []
    real = store.load_master

    def spy(path, *a, **kw):
        with pytest.raises(LockedError), store.master_lock(path, "intruder"):
            pass  # (someone else holds it: the reader)
        seen.append(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(store, "load_master", spy)
    with store.editing(master, "test edit", NOW) as edit:
        edit.save = False
    assert seen == [master]


def test_plan_import_into_an_existing_master_waits_for_no_one(master):
    """A re-import while another command holds the lock is refused before anything is read
    (it used to read the master first, then lock, and could overwrite a merge)."""
    out = master.parent / "new.xlsx"
    import_plan(PLAN, out, year=2023, now=NOW)  # (a new master: created under the lock too)
    assert store.load_master(out).log[-1].command == "plan import"
    before = out.read_bytes()
    with store.master_lock(out, "merge"):
        with pytest.raises(LockedError):
            import_plan(PLAN, out, year=2023, force=True, now=NOW)
    assert out.read_bytes() == before
    report = import_plan(PLAN, out, year=2023, force=True, now=NOW)
    assert report["output"] == str(out)
    assert [e.command for e in store.load_master(out).log] == ["plan import", "plan import"]


def test_new_only_for_a_missing_file(tmp_path):
    path = tmp_path / "m.xlsx"
    with store.editing(path, "create", NOW, new=Master) as edit:
        edit.master.settings["made"] = "yes"
    assert store.load_master(path).settings["made"] == "yes"
    with pytest.raises(FileError), store.editing(tmp_path / "missing.xlsx", "x", NOW):
        pass


def test_merge_reads_the_master_under_the_lock(master, monkeypatch):
    """merge loads the master in a thread (while the readers start), still under its lock."""
    from sheettools.merge import merge_files

    seen = []
    real = store.load_master

    def spy(path, *a, **kw):
        with pytest.raises(LockedError), store.master_lock(path, "intruder"):
            pass
        seen.append(Path(path))
        return real(path, *a, **kw)

    junk = master.parent / "returns" / "not-a-workbook.xlsx"
    junk.parent.mkdir()
    junk.write_bytes(b"hello")
    monkeypatch.setattr(store, "load_master", spy)
    res = merge_files(master, [junk.parent], now=NOW, period="2023-Q2", allow_unsigned=True)
    assert seen == [master] and res["totals"]["rejected"] == 1


def test_a_dry_run_neither_locks_nor_saves(master):
    before = master.read_bytes()
    with store.master_lock(master, "merge"):  # (someone else is busy: a rehearsal still reads)
        with store.editing(master, "mail send", NOW, dry_run=True) as edit:
            edit.master.settings["x"] = "1"
    assert master.read_bytes() == before


def test_save_on_error_keeps_what_was_done(master):
    with pytest.raises(RuntimeError), store.editing(master, "mail send", NOW) as edit:
        edit.master.settings["sent"] = "U1"
        edit.save_on_error = True
        edit.summary = "sent 1, then the server went away"
        raise RuntimeError("SMTP gone")
    m = store.load_master(master)
    assert m.settings["sent"] == "U1" and m.log[-1].summary.startswith("sent 1")


def test_every_writer_of_a_master_goes_through_editing():
    """No module but store saves a master or takes its lock by hand (``store.editing`` does
    both, in order); ``plan derive`` too reads and writes the ward master through it."""
    import re

    src = Path(store.__file__).parent
    by_hand = {
        p.name
        for p in src.rglob("*.py")
        if p.name != "store.py"
        and re.search(r"\b(save_master|master_lock)\(", p.read_text("utf-8"))
    }
    assert by_hand == set()
