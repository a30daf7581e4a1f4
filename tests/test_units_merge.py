"""``sheettools units merge``: a unit made twice is merged into the other from the command line,
with one clear line for a wrong code and the master untouched."""

from __future__ import annotations

from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.model import Unit
from sheettools.store import load_master, save_master


def test_units_merge_moves_the_tasks_and_names_then_drops_the_unit(seed_master):
    m = load_master(seed_master)
    m.units.append(Unit(code="TP2", name="Phòng Tư Pháp quận"))
    moved = [t.key for t in m.tasks if "TP" in t.lead_units][:3]
    assert moved
    for t in m.tasks:
        if t.key in moved:
            t.lead_units = ["TP2" if c == "TP" else c for c in t.lead_units]
    save_master(m, seed_master)
    runner = CliRunner()
    bad = runner.invoke(cli, ["units", "merge", str(seed_master), "TP3", "--into", "TP"])
    assert bad.exit_code != 0 and "Không có đơn vị: TP3" in bad.output
    assert bad.exception is None or isinstance(bad.exception, SystemExit)  # no traceback
    ok = runner.invoke(cli, ["units", "merge", str(seed_master), "TP2", "--into", "TP"])
    assert ok.exit_code == 0, ok.output
    assert f"Đã gộp TP2 vào TP: {len(moved)} nhiệm vụ đổi đơn vị." in ok.output
    m = load_master(seed_master)
    assert "TP2" not in m.unit_map() and "Phòng Tư Pháp quận" in m.unit_map()["TP"].aliases
    assert all(m.task(k).lead_units.count("TP") == 1 for k in moved)
    assert (seed_master.parent / "master.prev.xlsx").exists()  # the version before is kept
