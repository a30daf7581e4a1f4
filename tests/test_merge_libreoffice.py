"""A real client: LibreOffice, in a Vietnamese locale, types values into the input cells of a unit
workbook made by split (through its own input parser, as a person typing: ``15/6/2023`` a date
day first, ``50%`` a percentage, ``0,75`` a number with the decimal comma, a formula, text with
diacritics) and saves it through its own writers as .xlsx, .ods and .xls; each result merges
with the values intact and its signature still valid.

LibreOffice runs headless with a private profile whose locale is vi-VN; ``tests/lo_type.py``
drives it over UNO with the system python3 (Debian's python3-uno). One soffice serves the whole
module and is killed at the end; every step has a timeout, so a hang fails with a message.

Skips only when soffice or python3-uno is absent and ``SHEETTOOLS_REQUIRE_SYSTEM`` is unset
(``make test`` / CI install them and set it, and then a missing one fails).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import time
import unicodedata
import uuid
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from conftest import require_system_program
from sheettools.merge import list_reports, merge_files
from sheettools.split import split_workbooks
from test_merge import NOW, REPORT_SHEET, build_master, keys_of  # noqa: I001

pytestmark = pytest.mark.libreoffice

HERE = Path(__file__).resolve().parent
FORMATS = ["xlsx", "ods", "xls"]
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3, the one python3-uno installs `uno` for
HELPER_TIMEOUT = 90  # s: start-up on a busy machine, typing, three saves
PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>vi-VN</value></prop></item>
</oor:items>
"""


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# what a person types into the input cells of the first three tasks, exactly as typed
TYPED = {
    "G4": "Hoàn thành", "H4": "100", "I4": "Đã tổ chức 3 hội nghị; 250 lượt người dự",
    "J4": "15/6/2023", "K4": "Không",
    "G5": "đang thực hiện", "H5": "50%", "I5": "Hoàn thành 1/2 khối lượng",
    "K5": "Thiếu kinh phí,\nđề nghị bổ sung",
    "G6": "Chậm tiến độ", "H6": "0,75", "I6": '="Chậm do "&"thiếu vốn"',
    "J6": "1/6/2023", "K6": nfd("Vướng giải phóng mặt bằng"),
    "H7": "50%", "H8": "110%",
}  # fmt: skip
EXPECTED = [  # status, progress, result, completion date, difficulties (as merged)
    ("Hoàn thành", 100, "Đã tổ chức 3 hội nghị; 250 lượt người dự", "2023-06-15", "Không"),
    ("Đang thực hiện", None, "Hoàn thành 1/2 khối lượng", None, "Thiếu kinh phí,\nđề nghị bổ sung"),
    ("Chậm tiến độ", None, "Chậm do thiếu vốn", "2023-06-01", "Vướng giải phóng mặt bằng"),
    (None, 50, "", None, ""),
    (None, None, "", None, ""),
]
# Progress is read by the cell's number format. The workbook formats the progress column as a
# whole number ("0"): Calc stores "50%" typed there as 0.5 and SHOWS "1", and "0,75" as 0.75
# (shown "1"): 0.5 %, or 50 %? Flagged, never guessed. H7 and H8 are cells the unit formatted
# as percentages first: "50%" there is 50, "110%" is out of range (flagged, never rescaled).
PERCENT_CELLS = ("H7", "H8")
EXPECTED_FLAGS = [
    [],
    ["progress_ambiguous: 0.5"],
    ["progress_ambiguous: 0.75"],
    [],
    ["progress_invalid: 110%"],
]


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    """One headless LibreOffice (vi-VN profile) on a private pipe for the module; killed after."""
    exe = require_system_program("soffice", "libreoffice")
    require_system_program("python3-uno", "/usr/lib/python3/dist-packages/uno.py")
    tmp = tmp_path_factory.mktemp("soffice")
    (tmp / "profile" / "user").mkdir(parents=True)
    (tmp / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE_XCU, "utf-8")
    pipe = f"sheettools-{uuid.uuid4().hex[:12]}"
    log = tmp / "soffice.log"
    env = {**os.environ, "LANG": "C.UTF-8", "HOME": str(tmp)}
    env.pop("LC_ALL", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
             "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield {"pipe": pipe, "proc": proc, "log": log}
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """End soffice and its children (their own process group): TERM, then KILL after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def lo_type(soffice, src: Path, cells: dict, out: dict, spec_path: Path) -> dict:
    spec = {
        "pipe": soffice["pipe"], "src": str(src), "sheet": REPORT_SHEET, "cells": cells,
        "out": {k: str(v) for k, v in out.items()}, "locked_probe": "C4", "connect_timeout": 20,
    }  # fmt: skip
    spec_path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    try:
        r = subprocess.run(
            [SYSTEM_PYTHON, str(HERE / "lo_type.py"), str(spec_path)],
            capture_output=True, text=True, timeout=HELPER_TIMEOUT, env=env,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice did not finish typing and saving in {HELPER_TIMEOUT} s (hang)")
    if r.returncode != 0:
        alive = soffice["proc"].poll() is None
        tail = soffice["log"].read_text("utf-8", "replace")[-1500:]
        pytest.fail(
            f"lo_type.py failed (soffice {'running' if alive else 'gone'}):\n{r.stderr[-2000:]}"
            f"\n--- soffice log ---\n{tail}"
        )
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def typed(soffice, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    master = build_master(tmp)
    split_workbooks(master, "2023-Q2", tmp / "outbox", now=NOW)
    keys = keys_of(tmp, "VHTT")
    src = tmp / "typed" / "2023-Q2_VHTT.xlsx"
    src.parent.mkdir()
    shutil.copy(tmp / "outbox" / "2023-Q2_VHTT.xlsx", src)
    wb = openpyxl.load_workbook(src)  # the unit formats two progress cells as percentages
    for ref in PERCENT_CELLS:
        wb[REPORT_SHEET][ref].number_format = "0%"
    wb.save(src)
    out = {ext: tmp / "typed" / f"2023-Q2_VHTT_lo.{ext}" for ext in FORMATS}
    t0 = time.monotonic()
    report = lo_type(soffice, src, TYPED, out, tmp / "spec.json")
    report["seconds"] = time.monotonic() - t0
    return tmp, master, keys, out, report


def test_libreoffice_parses_what_was_typed_the_vietnamese_way(typed):
    *_, report = typed
    assert report["locale"] == "vi-VN"
    assert report["protected"] is True  # typed into the unlocked input cells of a protected sheet
    assert report["locked_refused"] is not False, "LibreOffice let the API type into a locked cell"
    # Calc's own validation check (Mark Invalid Data): the whole-number 0..100 rule of the
    # progress column refuses 50% and 0,75 at Enter; they still arrive when pasted (pasting
    # skips validation in LibreOffice and Excel), so merge must read them
    assert report["invalid"] == ["H5", "H6", "H7", "H8"]
    c = report["cells"]
    # a date, day first (vi-VN), shown with the workbook's dd/mm/yyyy format
    assert c["J4"]["type"] == "value" and c["J4"]["string"] == "15/06/2023"
    assert c["J6"]["type"] == "value" and c["J6"]["string"] == "01/06/2023"  # not 6 January
    assert c["J4"]["value"] - c["J6"]["value"] == 14
    assert (c["H5"]["type"], c["H5"]["value"]) == ("value", 0.5)  # 50% is a percentage
    assert (c["H6"]["type"], c["H6"]["value"]) == ("value", 0.75)  # decimal comma
    assert (c["H4"]["type"], c["H4"]["value"]) == ("value", 100)
    # what the person sees: "50%" typed into the whole-number column shows as 1
    assert (c["H5"]["format"], c["H5"]["string"]) == ("0", "1")
    assert (c["H7"]["value"], c["H7"]["string"]) == (0.5, "50%")
    assert (c["H8"]["value"], c["H8"]["string"]) == (1.1, "110%")
    assert (c["I6"]["type"], c["I6"]["string"]) == ("formula", "Chậm do thiếu vốn")
    for ref in ("G4", "I4", "K5"):  # text with diacritics stays as typed, NFC
        assert c[ref]["type"] == "text" and c[ref]["string"] == TYPED[ref]
        assert unicodedata.is_normalized("NFC", c[ref]["string"])


def read_back(path: Path, ext: str) -> dict:
    """The typed cells as stored in LibreOffice's file (openpyxl for xlsx, calamine for all)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(REPORT_SHEET).to_python()
    got = {ref: rows[int(ref[1:]) - 1][ord(ref[0]) - ord("A")] for ref in TYPED}
    if ext == "xlsx":
        ws = openpyxl.load_workbook(path)[REPORT_SHEET]
        assert ws.protection.sheet is True  # protection survives
        assert isinstance(ws["J4"].value, dt.datetime) and ws["J4"].value.date() == dt.date(
            2023, 6, 15
        )
        assert ws["I6"].value.startswith("=")  # the formula is kept as a formula
    return got


@pytest.mark.parametrize("ext", FORMATS)
def test_libreoffice_typed_file_merges_intact(typed, ext):
    tmp, master0, keys, out, _ = typed
    cells = read_back(out[ext], ext)
    # stored as real values, not as the typed text
    assert cells["J4"] in (dt.date(2023, 6, 15), dt.datetime(2023, 6, 15)), cells["J4"]
    assert cells["J6"] in (dt.date(2023, 6, 1), dt.datetime(2023, 6, 1)), cells["J6"]
    assert (cells["H5"], cells["H6"]) == (0.5, 0.75)
    work = tmp / ext
    work.mkdir()
    master = work / "master.xlsx"
    shutil.copy(master0, master)
    shutil.copy(tmp / ".sheettools-secret", work / ".sheettools-secret")
    f = shutil.copy(out[ext], work / f"2023-Q2_VHTT.{ext}")
    res = merge_files(
        master, [f], period="2023-Q2", now=NOW, workers=1, received_at="2023-06-14T09:00+07:00"
    )
    (entry,) = res["files"]
    # the signature survives LibreOffice's save (it turns the very hidden sheet hidden)
    assert entry["status"] == "merged", entry
    assert entry["rows_merged"] == len(keys) and entry["rows_refused"] == 0
    got = {r["key"]: r for r in list_reports(master, "2023-Q2", unit="VHTT")}
    for key, exp, flags in zip(keys, EXPECTED, EXPECTED_FLAGS, strict=False):
        r = got[key]
        assert (r["status"], r["progress"], r["result"], r["completion_date"]) == exp[:4], ext
        assert r["difficulties"] == exp[4]
        assert all(unicodedata.is_normalized("NFC", r[k]) for k in ("result", "difficulties"))
        assert r["flags"] == flags and r["verified"] is True, (ext, key)
    for key in keys[len(EXPECTED) :]:
        assert got[key]["status"] is None and got[key]["result"] == ""
