"""A real client: a unit workbook made by split gets values typed into its input cells (with
openpyxl, as text the way a person types it: ``50%``, ``15/5/2023``), then LibreOffice opens it
(Vietnamese locale, private profile) and re-saves it through its own writer as .xlsx, .ods and
.xls; each result merges with the values intact and its signature still valid.

Skips only when ``soffice`` is absent and ``SHEETTOOLS_REQUIRE_SYSTEM`` is unset (``make test`` /
CI install LibreOffice and set it, and then a missing soffice fails).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from sheettools.merge import list_reports, merge_files
from sheettools.split import split_workbooks
from test_merge import NOW, build_master, keys_of  # noqa: I001

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

if not SOFFICE and not os.environ.get("SHEETTOOLS_REQUIRE_SYSTEM"):
    pytest.skip(
        "LibreOffice (soffice) is not installed; `make test` installs it", allow_module_level=True
    )

pytestmark = pytest.mark.libreoffice


def soffice_convert(src: Path, ext: str, outdir: Path, profile: Path) -> Path:
    """Open ``src`` in LibreOffice (headless, private profile, Vietnamese locale) and save it
    through LibreOffice's own writer as ``ext``."""
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LANG": "vi_VN.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(profile)}
    filters = {"xlsx": "xlsx:Calc Office Open XML", "ods": "ods", "xls": "xls:MS Excel 97"}
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", filters[ext], "--outdir", str(outdir), str(src)],
        check=True, timeout=180, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    out = outdir / (src.stem + "." + ext)
    assert out.is_file(), f"LibreOffice wrote no {ext}"
    return out


@pytest.fixture(scope="module")
def typed(tmp_path_factory):
    if not SOFFICE:
        pytest.fail("SHEETTOOLS_REQUIRE_SYSTEM is set but soffice is missing")
    tmp = tmp_path_factory.mktemp("lo")
    master = build_master(tmp)
    split_workbooks(master, "2023-Q2", tmp / "outbox", now=NOW)
    keys = keys_of(tmp, "VHTT")
    # a person types into the input cells (text as typed: "50%", "15/5/2023", formulas) ...
    src = tmp / "typed" / "2023-Q2_VHTT.xlsx"
    src.parent.mkdir()
    wb = openpyxl.load_workbook(tmp / "outbox" / "2023-Q2_VHTT.xlsx")
    ws = wb["Báo cáo"]
    cells = {
        "G4": "Hoàn thành", "H4": 100, "I4": "Đã tổ chức 3 hội nghị; 250 lượt người dự",
        "J4": "15/5/2023", "K4": "Không",
        "G5": "đang thực hiện", "H5": "50%", "I5": "Hoàn thành 1/2 khối lượng",
        "K5": "Thiếu kinh phí,\nđề nghị bổ sung",
        "G6": "Chậm tiến độ", "H6": "=5*4", "I6": '="Chậm do "&"thiếu vốn"',
        "J6": dt.datetime(2023, 6, 1),
    }  # fmt: skip
    for ref, v in cells.items():
        ws[ref] = v
    wb.save(src)
    # ... then LibreOffice re-saves it in each format
    profile = tmp / "profile"
    out = {ext: soffice_convert(src, ext, tmp / f"lo_{ext}", profile) for ext in FORMATS}
    return tmp, master, keys, out


FORMATS = ["xlsx", "ods", "xls"]
EXPECTED = [
    ("Hoàn thành", 100, "Đã tổ chức 3 hội nghị; 250 lượt người dự", "2023-05-15", "Không"),
    ("Đang thực hiện", 50, "Hoàn thành 1/2 khối lượng", None, "Thiếu kinh phí,\nđề nghị bổ sung"),
    ("Chậm tiến độ", 20, "Chậm do thiếu vốn", "2023-06-01", ""),  # formulas: cached values
]


@pytest.mark.parametrize("ext", FORMATS)
def test_libreoffice_typed_and_resaved_file_merges_intact(typed, ext):
    tmp, master0, keys, out = typed
    work = tmp / ext
    work.mkdir()
    master = work / "master.xlsx"
    shutil.copy(master0, master)
    shutil.copy(tmp / ".sheettools-secret", work / ".sheettools-secret")
    f = shutil.copy(out[ext], work / f"2023-Q2_VHTT.{ext}")
    res = merge_files(master, [f], period="2023-Q2", now=NOW, workers=1)
    (entry,) = res["files"]
    # the signature survives the re-save (LibreOffice turns the very hidden sheet hidden)
    assert entry["status"] == "merged", entry
    assert entry["rows_merged"] == len(keys) and entry["rows_refused"] == 0
    got = {r["key"]: r for r in list_reports(master, "2023-Q2", unit="VHTT")}
    for key, exp in zip(keys, EXPECTED, strict=False):
        r = got[key]
        assert (r["status"], r["progress"], r["result"], r["completion_date"]) == exp[:4], ext
        assert r["difficulties"] == exp[4]
        assert r["flags"] == [] and r["verified"] is True
    for key in keys[len(EXPECTED) :]:
        assert got[key]["status"] is None and got[key]["result"] == ""
