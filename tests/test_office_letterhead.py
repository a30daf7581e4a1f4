"""An office's letterhead: its own, or Decree 30's placeholders — never the sample office's.

Before, every new master carried the sample's "ỦY BAN MTTQ VIỆT NAM / QUẬN LONG BIÊN", so a
provincial People's Committee that imported its plan sent its units workbooks, and signed
reports, under the Long Biên Fatherland Front's name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from sheettools.cli import cli
from sheettools.docinfo import load_office, setting
from sheettools.errors import InputError
from sheettools.planimport import import_plan, suggest_units
from sheettools.split import split_workbooks
from sheettools.store import load_master

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "data" / "plans" / "ubnd-lamdong-2026-ke-hoach-cchc-nam-2026.docx"
NOW = dt.datetime(2026, 3, 1, 9, 0)


def _cover_text(path: Path) -> str:
    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_index(0).to_python()
    return " ".join(str(c) for row in rows for c in row if c)


def test_a_new_office_gets_placeholders_not_the_samples_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no office templates of the repository
    master = tmp_path / "master.xlsx"
    suggest_units(PLAN, tmp_path / "units.xlsx")
    import_plan(PLAN, master, units=tmp_path / "units.xlsx", now=NOW)
    m = load_master(master)
    assert setting(m, "doc_issuing_body") == "TÊN CƠ QUAN, TỔ CHỨC"
    out = split_workbooks(master, "2026-Q2", tmp_path / "out", now=NOW)
    text = _cover_text(tmp_path / "out" / out["files"][0]["file"])
    assert "TÊN CƠ QUAN, TỔ CHỨC" in text
    assert "LONG BIÊN" not in text.upper() and "MTTQ" not in text


def test_the_office_file_gives_every_letterhead_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    office = tmp_path / "co-quan.toml"
    office.write_text(
        'doc_governing_body = "UBND TỈNH LÀO CAI"\n'
        'doc_issuing_body = "SỞ CÔNG THƯƠNG"\n'
        'doc_office_name = "Văn phòng Sở Công Thương"\n',
        encoding="utf-8",
    )
    master = tmp_path / "master.xlsx"
    suggest_units(PLAN, tmp_path / "units.xlsx")
    args = ["--units", str(tmp_path / "units.xlsx"), "--office", str(office), "-o", str(master)]
    res = CliRunner().invoke(
        cli, ["plan", "import", str(PLAN), *args], env={"SHEETTOOLS_LANG": "vi"}
    )
    assert res.exit_code == 0, res.output
    m = load_master(master)
    assert setting(m, "doc_governing_body") == "UBND TỈNH LÀO CAI"
    assert setting(m, "doc_office_name") == "Văn phòng Sở Công Thương"
    out = split_workbooks(master, "2026-Q2", tmp_path / "out", now=NOW)
    text = _cover_text(tmp_path / "out" / out["files"][0]["file"])
    assert "UBND TỈNH LÀO CAI" in text and "SỞ CÔNG THƯƠNG" in text
    assert "Văn phòng Sở Công Thương" in text  # the contact line


def test_an_office_file_with_a_wrong_key_is_one_clear_line(tmp_path):
    office = tmp_path / "co-quan.toml"
    office.write_text('doc_issuing_body = "SỞ CÔNG THƯƠNG"\nten_co_quan = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_office(office)
    line = info.value.one_line()
    assert "ten_co_quan" in line and "doc_issuing_body" in line
    res = CliRunner().invoke(
        cli, ["plan", "import", str(PLAN), "--office", str(office), "-o", str(tmp_path / "m.xlsx")],
        env={"SHEETTOOLS_LANG": "vi"},
    )  # fmt: skip
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "ten_co_quan" in res.output and not (tmp_path / "m.xlsx").exists()
