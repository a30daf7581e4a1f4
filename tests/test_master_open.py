"""The master is never written while another program has it open, a failed write names the
master (not a temporary file), and what a crashed save left behind is cleaned up."""

from __future__ import annotations

import hashlib
import os
import tempfile

import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.errors import FileError, OpenElsewhereError
from sheettools.store import (
    cache_path,
    load_master,
    master_lock,
    office_lock_files,
    save_master,
)
from test_merge import fill, keys_of, make_env, merge, rewrite, unit_file


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def _sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "lock_name",
    ["~$master.xlsx", "~$ster.xlsx", ".~lock.master.xlsx#"],
    ids=["excel", "excel-long-name", "libreoffice"],
)
def test_a_master_open_in_excel_or_libreoffice_is_never_written(env, lock_name):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    f = rewrite(unit_file(tmp, "VHTT", returns), fill({k: {"status": "HT"}}))
    lock = master.with_name(lock_name)
    lock.write_bytes(b"\x00" * 165)  # what Excel's owner file holds: its user's name
    before = _sha(master)
    with pytest.raises(OpenElsewhereError):
        merge(master, f)
    r = CliRunner().invoke(cli, ["merge", str(master), str(f)])
    assert r.exit_code == 4
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "Đóng sổ chính trong Excel rồi chạy lại" in lines[0]
    assert lock_name in lines[0] and "Traceback" not in r.output
    assert _sha(master) == before
    # the lock file of the master's neighbour does not count; closing the master does
    lock.unlink()
    master.with_name("~$other.xlsx").write_bytes(b"x")
    assert office_lock_files(master) == []
    res = merge(master, f)
    assert res["files"][0]["status"] == "merged"


def test_every_writer_refuses_an_open_master(tmp_path):
    from test_store import small_master

    p = tmp_path / "m.xlsx"
    save_master(small_master(), p)
    p.with_name(".~lock.m.xlsx#").write_text("user,host,...", encoding="utf-8")
    with pytest.raises(OpenElsewhereError):
        save_master(small_master(), p)
    with pytest.raises(OpenElsewhereError):
        with master_lock(p, "units resolve"):
            pass


def test_a_failed_rename_names_the_master_and_leaves_no_temporary_file(env, monkeypatch):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    f = rewrite(unit_file(tmp, "VHTT", returns), fill({k: {"status": "HT"}}))
    before = _sha(master)
    real_replace = os.replace

    def refuse(src, dst, *a, **kw):
        if str(dst) == str(master):
            raise PermissionError(1, "Operation not permitted", str(src))
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", refuse)
    r = CliRunner().invoke(cli, ["merge", str(master), str(f)])
    assert r.exit_code == 3
    line = r.output.strip()
    assert len(line.splitlines()) == 1 and line.startswith(f"Lỗi: {master}: ")
    assert "Operation not permitted" in line and ".tmp" not in line
    assert _sha(master) == before
    assert [x.name for x in tmp.iterdir() if x.name.endswith((".tmp", ".part"))] == []


def test_stale_temporaries_of_a_crashed_save_are_cleaned_at_the_next_start(env):
    tmp, master, returns = env
    stale = [
        master.with_name(".master.xlsx.k2j3h4.tmp"),
        master.with_name(".master.xlsx.cache.tmp"),
        master.with_name(".master.xlsx.cache.part"),
    ]
    for s in stale:
        s.write_bytes(b"\x00" * 4096)
    keep = [master.with_name(".other.xlsx.abc.tmp"), master.with_name("notes.tmp")]
    for s in keep:
        s.write_bytes(b"x")
    f = unit_file(tmp, "VHTT", returns)
    merge(master, f)
    assert not any(s.exists() for s in stale)
    assert all(s.exists() for s in keep)
    assert load_master(master).reports and cache_path(master).exists()


def test_a_folder_that_cannot_be_written_names_the_master(tmp_path, monkeypatch):
    from test_store import small_master

    p = tmp_path / "m.xlsx"

    def no_temp(*a, **kw):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".m.xlsx.x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", no_temp)  # (the temporary file beside the master)
    with pytest.raises(FileError) as err:
        save_master(small_master(), p)
    assert err.value.location == str(p) and "Permission denied" in err.value.one_line()
    assert ".tmp" not in err.value.one_line()
