"""A unit's level typed in Vietnamese in Excel (the words the web page shows: ``huyện``,
``xã, phường``, ``ngoài``) is read as the stored level, in the master and in a registry file;
a word that is no level is refused with the choices in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from sheettools.errors import InputError
from sheettools.store import load_master
from sheettools.units import load_units_xlsx

SAMPLE_UNITS = Path(__file__).parents[1] / "samples" / "long-bien-2023" / "units.xlsx"


def _type_levels(path: Path, levels: dict[str, str]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["units"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        code = row[head.index("code")].value
        if code in levels:
            row[head.index("level")].value = levels[code]
    wb.save(path)


def test_levels_typed_in_vietnamese_in_the_master(seed_master):
    _type_levels(
        seed_master, {"VHTT": "Huyện", "QLDT": "xã, phường", "YT": "Ngoài (không báo cáo)"}
    )
    units = load_master(seed_master).unit_map()
    assert (units["VHTT"].level, units["QLDT"].level, units["YT"].level) == (
        "district",
        "ward",
        "external",
    )
    _type_levels(seed_master, {"VHTT": "cấp quận"})
    with pytest.raises(InputError) as e:
        load_master(seed_master)
    assert "'cấp quận'" in str(e.value) and "district (huyện)" in e.value.hint


def test_levels_typed_in_vietnamese_in_a_registry_file(tmp_path):
    path = tmp_path / "units.xlsx"
    shutil.copy(SAMPLE_UNITS, path)
    _type_levels(path, {"VHTT": "tỉnh", "QLDT": "TRUNG ƯƠNG"})
    units = {u.code: u for u in load_units_xlsx(path)[0]}
    assert (units["VHTT"].level, units["QLDT"].level) == ("province", "national")
