"""``sheettools units resolve`` with nothing to resolve is a no-op: the master is not written
(no log line, no ``master.prev.xlsx``); with something to resolve it is written as before."""

from __future__ import annotations

import hashlib

import openpyxl
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.store import load_master


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _drop_alias(path, code: str, alias: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["units"]
    head = {c.value: i for i, c in enumerate(ws[1])}
    for r in ws.iter_rows(min_row=2):
        if r[head["code"]].value == code:
            cell = r[head["aliases"]]
            cell.value = "; ".join(a for a in cell.value.split("; ") if a != alias)
    wb.save(path)


def test_units_resolve_with_nothing_to_resolve_leaves_the_master_untouched(seed_master):
    runner = CliRunner()
    first = runner.invoke(cli, ["units", "resolve", str(seed_master)])
    assert first.exit_code == 0, first.output
    before, logs = _sha(seed_master), len(load_master(seed_master).log)
    prev = seed_master.with_name("master.prev.xlsx")
    prev.unlink(missing_ok=True)
    for args in (
        ["units", "resolve", str(seed_master)],
        ["units", "resolve", "--all", str(seed_master)],
    ):
        again = runner.invoke(cli, args)
        assert again.exit_code == 0, again.output
        assert again.output == first.output  # (what is left unresolved is still said)
        assert _sha(seed_master) == before and not prev.exists(), args
    assert len(load_master(seed_master).log) == logs


def test_units_resolve_that_changes_something_still_writes_and_logs(seed_master):
    _drop_alias(seed_master, "VHTT", "Phòng VTTT")
    logs = len(load_master(seed_master).log)
    r = CliRunner().invoke(cli, ["units", "resolve", "--all", str(seed_master)])
    assert r.exit_code == 0 and "Phòng VTTT" in r.output, r.output
    m = load_master(seed_master)
    assert len(m.log) == logs + 1 and m.log[-1].command == "units resolve"
    assert "unresolved_unit: Phòng VTTT" in m.task("II.1.11").flags
