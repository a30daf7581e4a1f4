"""sheettools.safety: hostile returned files are typed by their bytes, refused before anything
is inflated, and a reader that crashes or hangs costs one file, never the batch.

Every input is generated in ``tmp_path`` by ``tests/hostile_files.py``."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import hostile_files as H
import reader_hooks
from sheettools.i18n import set_lang
from sheettools.safety import (
    REASON_CODES,
    Limits,
    ReaderPool,
    check_zip,
    collect_paths,
    read_untrusted,
    sniff_type,
)

ROWS = [["Mã", "Nội dung", "Tỷ lệ"], ["T01", "Họp giao ban", 100], ["T02", "Báo cáo quý", 62.5]]


@pytest.fixture(scope="module")
def pool():
    with ReaderPool(workers=2) as p:
        yield p


TESTS = str(Path(__file__).resolve().parent)


@pytest.fixture(scope="module")
def hooks_importable():
    """Reader workers can import ``reader_hooks`` (tests/ on their PYTHONPATH)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [TESTS, os.environ.get("PYTHONPATH")]))
        )
        yield


@pytest.fixture(scope="module")
def hook_pool(hooks_importable):
    with ReaderPool(workers=2, limits=Limits(timeout_s=1.5), post=reader_hooks.SPEC) as p:
        yield p


def _asking(path: Path, mark: str) -> Path:
    """A workbook whose first cell asks ``reader_hooks.misbehave`` for trouble."""
    return H.make_xlsx(path, {"Báo cáo": [[mark], *ROWS[1:]]})


@pytest.fixture
def good(tmp_path) -> Path:
    return H.make_xlsx(tmp_path / "good.xlsx", {"Báo cáo": ROWS})


def _xlsxwriter_book(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("Báo cáo")
    ws.write_string(2, 2, "Nội dung")  # data starts at C3
    ws.write_number(3, 2, 42)
    ws.write_datetime(4, 3, dt.datetime(2023, 6, 30), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_boolean(5, 2, True)
    ws.write_string(6, 4, "=1+1")  # typed text that looks like a formula
    hid = wb.add_worksheet("_manifest")
    hid.write_string(0, 0, "sig")
    hid.hide()
    vh = wb.add_worksheet("vh")
    vh.write_string(0, 0, "x")
    vh.very_hidden()  # type: ignore[attr-defined]
    wb.close()
    return path


def _openpyxl_grid(path: Path, sheet: str) -> list[list]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=1, min_col=1)]


# ---- valid files ----------------------------------------------------------------------------


def test_xlsx_read_like_openpyxl_reads_it(pool, tmp_path):
    path = _xlsxwriter_book(tmp_path / "unit.xlsx")
    r = pool.read(path)
    assert r.ok, r.reason
    assert r.file_type == "xlsx" and not r.has_macros
    assert r.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert r.size == path.stat().st_size
    assert [(s.name, s.state) for s in r.sheets] == [
        ("Báo cáo", "visible"),
        ("_manifest", "hidden"),
        ("vh", "veryhidden"),
    ]
    ours = r.sheets[0].rows
    theirs = _openpyxl_grid(path, "Báo cáo")
    assert len(ours) == len(theirs) == 7  # anchored at A1: positions are Excel's
    for ro, rt in zip(ours, theirs, strict=True):
        assert len(ro) == len(rt) == 5
        for a, b in zip(ro, rt, strict=True):
            if isinstance(b, dt.datetime):
                assert a == b or a == b.date()
            else:
                assert a == b
    assert ours[6][4] == "=1+1"


def test_hand_written_xlsx_values_and_states(pool, tmp_path):
    path = H.make_xlsx(tmp_path / "a.xlsx", {"Data": ROWS, "Ẩn": [["x"]]}, states={"Ẩn": "hidden"})
    r = pool.read(path)
    assert r.ok
    assert r.sheets[0].rows == ROWS
    assert (r.sheets[1].name, r.sheets[1].state, r.sheets[1].rows) == ("Ẩn", "hidden", [["x"]])


def test_ods_by_hand(pool, tmp_path):
    path = H.make_ods(tmp_path / "unit.ods", {"Sheet1": ROWS})
    r = pool.read(path)
    assert (r.ok, r.file_type) == (True, "ods")
    assert r.sheets[0].rows == ROWS


def test_strict_ooxml_is_read(pool, tmp_path):
    path = H.make_xlsx(tmp_path / "strict.xlsx", {"Data": ROWS}, strict=True)
    assert "purl.oclc.org/ooxml" in H.xlsx_parts({"D": ""}, strict=True)["xl/workbook.xml"].decode()
    r = pool.read(path)
    assert (r.ok, r.file_type) == (True, "xlsx"), r.reason
    assert r.sheets[0].rows == ROWS


def test_xlsm_flags_macros(pool, tmp_path):
    path = H.make_xlsx(tmp_path / "m.xlsm", {"Data": ROWS}, vba=True)
    r = pool.read(path)
    assert (r.ok, r.file_type, r.has_macros) == (True, "xlsm", True)
    assert r.sheets[0].rows == ROWS


def test_caps_rows_and_cols(tmp_path):
    rows = [[f"r{r}c{c}" for c in range(8)] for r in range(30)]
    path = H.make_xlsx(tmp_path / "big.xlsx", {"S": rows})
    with ReaderPool(workers=1, limits=Limits(max_rows=10, max_cols=3)) as p:
        r = p.read(path)
    assert r.ok
    assert r.sheets[0].rows == [row[:3] for row in rows[:10]]
    assert r.sheets[0].truncated


# ---- typed by bytes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xls_file(tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("soffice (LibreOffice) is not installed: no way to write a real .xls here")
    d = tmp_path_factory.mktemp("xls")
    src = H.make_xlsx(d / "unit.xlsx", {"Data": ROWS, "Ẩn": [["x"]]}, states={"Ẩn": "hidden"})
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{d}/profile",
         "--convert-to", "xls", "--outdir", str(d / "out"), str(src)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return d / "out" / "unit.xls"


@pytest.mark.libreoffice
def test_xls_and_xls_named_xlsx(pool, xls_file, tmp_path):
    renamed = tmp_path / "unit.xlsx"
    shutil.copyfile(xls_file, renamed)
    for path in (xls_file, renamed):
        r = pool.read(path)
        assert (r.ok, r.file_type) == (True, "xls"), r.reason
        assert r.sheets[0].rows == ROWS
        assert r.sheets[1].state == "hidden"


def test_csv_named_xls_is_parsed_as_csv(pool, tmp_path):
    path = tmp_path / "unit.xls"
    path.write_text("Mã;Nội dung;Tỷ lệ\nT01;Họp giao ban;100\n", encoding="utf-8")
    r = pool.read(path)
    assert (r.ok, r.file_type) == (True, "csv")
    assert r.sheets[0].rows == [["Mã", "Nội dung", "Tỷ lệ"], ["T01", "Họp giao ban", "100"]]
    utf16 = tmp_path / "unicode_text.xls"  # Excel's "Unicode Text": UTF-16, tab-separated
    utf16.write_bytes("Mã\tNội dung\r\nT02\tBáo cáo quý\r\n".encode("utf-16"))
    r = pool.read(utf16)
    assert (r.ok, r.file_type) == (True, "csv")
    assert r.sheets[0].rows == [["Mã", "Nội dung"], ["T02", "Báo cáo quý"]]
    with ReaderPool(workers=1, limits=Limits(accept_csv=False)) as p:
        r = p.read(path)
    assert (r.ok, r.file_type, r.reason_code) == (False, "csv", "not_spreadsheet")


def test_html_named_xls_is_rejected(pool, tmp_path):
    path = tmp_path / "unit.xls"
    path.write_bytes(
        b"\xef\xbb\xbf\r\n  <html><body><table><tr><td>1</td></tr></table></body></html>"
    )
    r = pool.read(path)
    assert (r.ok, r.file_type, r.reason_code) == (False, "html", "not_spreadsheet")
    assert "HTML" in r.reason and ".xlsx" in r.reason


def test_other_zip_and_binary_are_not_spreadsheets(pool, tmp_path):
    docx = H.write_zip(tmp_path / "a.xlsx", {"[Content_Types].xml": b"<Types/>",
                                             "word/document.xml": b"<w:document/>"})  # fmt: skip
    pdf = tmp_path / "b.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary\xff\xfe" * 50)
    results = list(pool.read_many([docx, pdf]))
    assert [(r.file_type, r.reason_code) for r in results] == [
        ("zip", "not_spreadsheet"),
        ("unknown", "not_spreadsheet"),
    ]


def test_sniff_type_by_bytes(tmp_path, good):
    assert sniff_type(good.read_bytes()[:8192], good) == "xlsx"
    assert sniff_type(b"", None) == "empty"
    assert sniff_type(b"<!DOCTYPE html><html>", None) == "html"
    assert sniff_type(b"a,b\n1,2\n", None) == "csv"
    assert sniff_type(H.OLE_MAGIC_FOR_TESTS + bytes(100), None) == "ole2"
    mht = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n'
    assert sniff_type(mht, None) == "html"
    assert sniff_type(b"%PDF-1.4\n1 0 obj\n", None) == "unknown"
    assert sniff_type(b"{\\rtf1\\ansi hello}", None) == "unknown"


def test_encrypted_ooxml_named_xlsx(pool, tmp_path, good):
    path = H.encrypt_ooxml(good, tmp_path / "locked.xlsx")
    assert path.read_bytes()[:8] == H.OLE_MAGIC_FOR_TESTS
    r = pool.read(path)
    assert (r.ok, r.file_type, r.reason_code) == (False, "encrypted-ole2", "encrypted")
    set_lang("en")
    try:
        assert "password" in pool.read(path).reason
    finally:
        set_lang(None)


# ---- broken and hostile zips ----------------------------------------------------------------


def test_truncated_and_corrupt_zip(pool, tmp_path, good):
    data = good.read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    corrupt = tmp_path / "corrupt.xlsx"
    i = data.index(b"xl/worksheets/sheet1.xml") + 40  # inside that member's deflate stream
    corrupt.write_bytes(data[:i] + bytes(b ^ 0x5A for b in data[i : i + 40]) + data[i + 40 :])
    results = list(pool.read_many([truncated, corrupt, good]))
    assert [r.reason_code for r in results] == ["corrupt_zip", "corrupt_zip", ""]
    assert results[0].file_type in ("zip", "xlsx") and "gửi lại" in results[0].reason


def test_zip_bomb_refused_before_inflating(pool, tmp_path):
    parts = H.xlsx_parts({"S": H.sheet_xml(ROWS)})
    entries = H.xlsx_entries(parts)
    entries[-1] = H.zeros_member("xl/worksheets/sheet1.xml", gib=1)
    path = H.raw_zip(tmp_path / "bomb.xlsx", entries)
    assert path.stat().st_size < 2 * 2**20
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    found = check_zip(path, Limits())
    assert found is not None and found[0] == "zip_bomb"
    r = pool.read(path)
    elapsed = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert (r.ok, r.reason_code) == (False, "zip_bomb")
    assert "1024 MiB" in r.reason
    assert elapsed < 1.5  # inflating 1 GiB takes several seconds here
    assert rss1 - rss0 < 50 * 1024  # KiB: the parent never held the inflated data


def test_many_members_and_total_size_bombs(pool, tmp_path):
    many = H.raw_zip(tmp_path / "many.xlsx", [H.entry(f"m{i}.xml", b"<a/>") for i in range(5000)])
    r = pool.read(many)
    assert (r.reason_code, r.detail.split()[0]) == ("zip_bomb", "5000")
    # ten 30 MiB members, each under the ratio check, 300 MiB in total
    members = [
        H.entry(f"xl/media/image{i}.bin", os.urandom(64), size=30 * 2**20) for i in range(10)
    ]
    total = H.raw_zip(tmp_path / "total.xlsx", members)
    found = check_zip(total, Limits(max_ratio=1e12))
    assert found is not None and found[0] == "zip_bomb" and "300 MiB" in found[1]


@pytest.mark.parametrize("where", ["sharedStrings", "sheet"])
@pytest.mark.parametrize("attack", ["billion_laughs", "xxe", "utf16"])
def test_xml_entity_attacks(pool, tmp_path, where, attack):
    prolog = H.XXE if attack == "xxe" else H.BILLION_LAUGHS
    ref = "&xxe;" if attack == "xxe" else "&lol9;"
    if where == "sheet":
        parts = H.xlsx_parts({"S": H.sheet_xml([[ref]], prolog=prolog)})
    else:
        sst = f'{prolog}<sst xmlns="{H.MAIN_NS}"><si><t>{ref}</t></si></sst>'
        parts = H.xlsx_parts({"S": H.sheet_xml([["x"]])}, shared_strings=sst)
    if attack == "utf16":
        name = "xl/worksheets/sheet1.xml" if where == "sheet" else "xl/sharedStrings.xml"
        parts[name] = parts[name].decode().encode("utf-16")
    path = H.write_zip(tmp_path / "x.xlsx", parts)
    r = pool.read(path)
    assert (r.ok, r.reason_code) == (False, "xml_entities")
    assert r.detail.startswith("xl/")


@pytest.mark.parametrize("bad", ["../../evil.xml", "/etc/evil.xml", "xl\\worksheets\\s.xml"])
def test_path_like_member_names(pool, tmp_path, bad):
    parts = H.xlsx_parts({"S": H.sheet_xml(ROWS)})
    parts[bad] = b"<a/>"
    path = H.raw_zip(tmp_path / "p.xlsx", H.xlsx_entries(parts))
    r = pool.read(path)
    assert (r.reason_code, r.detail) == ("path_names", bad)


def test_duplicate_and_overlapping_members(pool, tmp_path):
    entries = H.xlsx_entries(H.xlsx_parts({"S": H.sheet_xml(ROWS)}))
    dup = H.raw_zip(tmp_path / "dup.xlsx", entries + [H.entry("xl/workbook.xml", b"<x/>")])
    inner = H.entry("xl/media/inner.bin", b"payload" * 10)
    outer = H.entry("xl/media/outer.bin", H.local_record(inner), method=0)
    nested = dict(inner, inside_of=len(entries))  # its bytes lie inside outer.bin's
    overlap = H.raw_zip(tmp_path / "overlap.xlsx", entries + [outer, nested])
    ok = H.raw_zip(tmp_path / "ok.xlsx", entries)
    results = list(pool.read_many([dup, overlap, ok]))
    assert [r.reason_code for r in results] == ["duplicate_members", "duplicate_members", ""]
    assert results[0].detail == "xl/workbook.xml"
    assert results[1].detail == "xl/media/outer.bin / xl/media/inner.bin"
    assert results[2].sheets[0].rows == ROWS


# ---- isolation: crash, panic, hang ----------------------------------------------------------

FAR_CELL = "XFD1048576"


def _calamine_in_subprocess(path: Path, skip_empty_area: bool) -> subprocess.CompletedProcess:
    code = (
        "import sys\nfrom python_calamine import CalamineWorkbook\n"
        "try:\n"
        f"    wb = CalamineWorkbook.from_path({str(path)!r})\n"
        f"    wb.get_sheet_by_index(0).to_python(skip_empty_area={skip_empty_area})\n"
        "except Exception as exc:\n    print('caught', exc)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)


def test_far_cell_aborts_calamine_but_not_the_pool(pool, tmp_path, good):
    xml = H.sheet_xml([["a"]], cells={FAR_CELL: 1}, dimension=f"A1:{FAR_CELL}")
    bad = H.write_zip(tmp_path / "far.xlsx", H.xlsx_parts({"S": xml}))
    assert len(bad.read_bytes()) < 8192
    proc = _calamine_in_subprocess(bad, skip_empty_area=True)
    assert proc.returncode != 0 and b"caught" not in proc.stdout  # the process itself died
    results = list(pool.read_many([good, bad, good, good]))
    assert [r.reason_code for r in results] == ["", "crashed", "", ""]
    assert results[1].file_type == "xlsx"
    assert "XFD1048576" in results[1].reason
    assert results[3].sheets[0].rows == ROWS


def test_single_far_cell_panics_calamine_and_is_handled(pool, tmp_path):
    xml = H.sheet_xml([], cells={FAR_CELL: "x"}, dimension=f"A1:{FAR_CELL}")
    path = H.write_zip(tmp_path / "far1.xlsx", H.xlsx_parts({"S": xml}))
    proc = _calamine_in_subprocess(path, skip_empty_area=False)
    assert proc.returncode != 0 and b"PanicException" in proc.stderr  # not an Exception
    r = pool.read(path)
    assert (r.ok, r.reason_code) == (False, "out_of_range")


def test_hang_is_a_timeout_and_the_pool_continues(hook_pool, tmp_path, good):
    sleeper = _asking(tmp_path / "sleeper.xlsx", reader_hooks.SLEEP)
    list(hook_pool.read_many([good, good]))  # warm: a fresh worker gets a startup grace
    t0 = time.perf_counter()
    results = list(hook_pool.read_many([sleeper, good, good]))
    assert time.perf_counter() - t0 < 6
    assert [r.reason_code for r in results] == ["timeout", "", ""]
    assert "1.5" in results[0].reason
    assert results[2].digest[0][2] == ROWS  # (the hook's digest: the sheets as read)


def test_abort_and_order_and_progress(hook_pool, tmp_path, good):
    aborter = _asking(tmp_path / "aborter.xlsx", reader_hooks.ABORT)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    paths = [good, aborter, empty, good, aborter, good]
    seen = []
    results = list(hook_pool.read_many(paths, progress=lambda d, t, p: seen.append((d, t))))
    assert [Path(r.path) for r in results] == paths
    assert [r.reason_code for r in results] == ["", "crashed", "empty", "", "crashed", ""]
    assert "SIGABRT" in results[1].detail
    assert seen == [(i, 6) for i in range(1, 7)]


def test_empty_workbook(pool, tmp_path):
    path = H.make_xlsx(tmp_path / "empty.xlsx", {"Sheet1": []})
    r = pool.read(path)
    assert (r.ok, r.file_type, r.reason_code) == (False, "xlsx", "empty")


def test_missing_and_too_large(tmp_path, good):
    r = read_untrusted(tmp_path / "nope.xlsx")
    assert (r.ok, r.reason_code) == (False, "missing")
    r = read_untrusted(good, Limits(max_bytes=100))
    assert (r.ok, r.reason_code) == (False, "too_large")


@pytest.mark.libreoffice
def test_password_xls_is_encrypted(pool, xls_file, tmp_path):
    path = H.xls_with_filepass(xls_file, tmp_path / "locked.xls")
    r = pool.read(path)
    assert (r.ok, r.file_type, r.reason_code) == (False, "encrypted-ole2", "encrypted")


def test_collect_paths_recurses_and_skips_sidecars(tmp_path, good):
    inbox = tmp_path / "inbox"
    (inbox / "phuong_1").mkdir(parents=True)
    a = inbox / "phuong_1" / "bao_cao.xls"
    a.write_bytes(good.read_bytes())
    (inbox / "phuong_1" / "bao_cao.xls.meta.json").write_text("{}")
    (inbox / "~$bao_cao.xlsx").write_bytes(b"lock")
    (inbox / ".hidden").mkdir()
    (inbox / ".hidden" / "x.xlsx").write_bytes(b"x")
    b = inbox / "z.dat"
    b.write_bytes(b"")
    assert collect_paths([inbox, good, good]) == [a, b, good]


def test_mutated_files_never_break_the_pool(pool, tmp_path, good):
    """Random byte damage: every file gets a result with a known code, in order, and the pool
    still reads the good file after them."""
    import random

    rng = random.Random(20231124)
    data = _xlsxwriter_book(tmp_path / "src.xlsx").read_bytes()
    paths = []
    for k in range(40):
        buf = bytearray(data)
        for _ in range(rng.choice([1, 4, 32])):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        if k % 5 == 0:
            buf = buf[: rng.randrange(len(buf))]
        p = tmp_path / f"m{k:02d}.xlsx"
        p.write_bytes(bytes(buf))
        paths.append(p)
    results = list(pool.read_many([*paths, good]))
    assert [Path(r.path) for r in results] == [*paths, good]
    assert {r.reason_code for r in results} <= {"", *REASON_CODES}
    assert all(r.ok == (r.reason_code == "") for r in results)
    assert all(r.reason for r in results if not r.ok)
    assert results[-1].ok and results[-1].sheets[0].rows == ROWS


def test_member_larger_than_declared_is_refused(pool, tmp_path):
    """A sheet that declares 2 KiB but inflates to 64 MiB: the directory looks harmless, the
    reader must stop at the declared size instead of inflating it all."""
    parts = H.xlsx_parts({"S": H.sheet_xml(ROWS)})
    entries = H.xlsx_entries(parts)
    sheet = parts["xl/worksheets/sheet1.xml"]
    padded = sheet[: -len(b"</worksheet>")] + b" " * (64 * 2**20) + b"</worksheet>"
    entries[-1] = H.entry("xl/worksheets/sheet1.xml", padded, size=2048)
    path = H.raw_zip(tmp_path / "liar.xlsx", entries)
    assert check_zip(path, Limits()) is None  # nothing to see in the directory
    r = pool.read(path)
    assert (r.ok, r.reason_code) == (False, "unreadable")
    assert "declared" in r.detail


def test_wide_sheet_is_streamed_and_capped(tmp_path):
    """A used range wider than max_cols goes through the streaming path: same A1 anchoring."""
    rows = [[None] * 8, [None] * 8] + [
        [None, None, *[f"r{r}c{c}" for c in range(2, 8)]] for r in range(2, 6)
    ]
    path = H.make_xlsx(tmp_path / "wide.xlsx", {"S": rows})
    with ReaderPool(workers=1, limits=Limits(max_cols=4)) as p:
        r = p.read(path)
    assert r.ok and r.sheets[0].truncated
    assert r.sheets[0].rows == [row[:4] for row in rows]


def test_memory_limit_rejects_and_the_pool_recovers(tmp_path, good):
    """320,000 distinct strings do not fit in 104 MiB: the file is rejected (a MemoryError,
    calamine's allocation failure, or - portable path - the worker's peak), quickly, and the
    files after it are read normally (the worker that failed is replaced: its heap may be left
    fragmented). (Read alone in a fresh process the file peaks at about 128 MiB.)"""
    rows = [[f"chuỗi {r} {c} " + "x" * 40 for c in range(20)] for r in range(16000)]
    big = H.make_xlsx(tmp_path / "big.xlsx", {"S": rows})
    with ReaderPool(workers=1, limits=Limits(memory_bytes=104 * 2**20, timeout_s=10)) as p:
        assert p.read(good).ok
        t0 = time.perf_counter()
        results = list(p.read_many([big, good]))
        assert time.perf_counter() - t0 < 8  # no hang: a failed allocation is not a timeout
    assert results[0].reason_code in ("memory", "crashed")
    assert results[1].ok and results[1].sheets[0].rows == ROWS
    with ReaderPool(workers=1) as p:  # the default 1 GiB is plenty for it
        r = p.read(big)
    assert r.ok and r.sheets[0].rows == rows


def test_a_reader_whose_memory_keeps_growing_is_stopped(hooks_importable, tmp_path, good):
    """RLIMIT_AS on POSIX; on the portable path (Windows, SHEETTOOLS_PORTABLE=1) the pool
    watches the worker's memory and kills it: either way the file is rejected as 'memory'."""
    hog = _asking(tmp_path / "hog.xlsx", reader_hooks.HOG)
    limits = Limits(memory_bytes=300 * 2**20, timeout_s=30)
    with ReaderPool(workers=1, limits=limits, post=reader_hooks.SPEC) as p:
        t0 = time.perf_counter()
        results = list(p.read_many([good, hog, good]))
        assert time.perf_counter() - t0 < 15
    assert [r.reason_code for r in results] == ["", "memory", ""]
    assert "300 MiB" in results[1].reason


def test_worker_killed_while_idle_is_replaced(tmp_path, good):
    import signal

    with ReaderPool(workers=2) as p:
        assert p.read(good).ok
        for pid in p.pids:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        seen = []
        results = list(p.read_many([good] * 5, progress=lambda d, t, f: seen.append(d)))
    assert [r.reason_code for r in results] == [""] * 5
    assert seen == [1, 2, 3, 4, 5]


def test_dtd_pushed_beyond_the_scanned_prefix_is_refused(pool, tmp_path):
    """A long comment (with an element inside it) pushes the DOCTYPE past the bytes that are
    inflated for the check: the prolog must end within them."""
    prolog = H.XML_DECL + "<!-- <a> " + "x" * 20000 + " -->" + H.XXE.split("\n", 1)[1]
    parts = H.xlsx_parts({"S": H.sheet_xml([["&xxe;"]], prolog=prolog)})
    r = pool.read(H.write_zip(tmp_path / "late.xlsx", parts))
    assert (r.ok, r.reason_code) == (False, "xml_entities")
    assert "prolog" in r.detail or "mở đầu" in r.detail


def test_post_function_runs_in_the_worker_and_only_its_result_comes_back(good, tmp_path):
    from sheettools.returns import digest

    with ReaderPool(workers=1, post="sheettools.returns:digest", post_arg={}) as p:
        cut = tmp_path / "cut.xlsx"
        cut.write_bytes(good.read_bytes()[:-200])
        ok, bad = list(p.read_many([good, cut]))
    assert ok.ok and ok.sheets == [] and ok.digest == digest([("Báo cáo", "visible", ROWS, False)])
    assert not bad.ok and bad.reason_code == "corrupt_zip" and bad.digest is None
    # a post function that fails costs its file only (reported as unreadable, with the error)
    with ReaderPool(workers=1, post="builtins:len") as p:  # len(sheets, arg): a TypeError
        r1, r2 = list(p.read_many([good, good]))
    assert r1.reason_code == r2.reason_code == "unreadable" and "TypeError" in r1.detail


def test_a_clean_prolog_is_cleared_from_a_short_peek():
    from sheettools.safety import _clean_prolog

    decl = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    assert _clean_prolog(decl + b'<worksheet xmlns="x"><sheetData>')
    assert _clean_prolog(b"<sst><si><t>&lt;!DOCTYPE is text here</t></si>")
    assert not _clean_prolog(decl + b"<!DOCTYPE x [<!ENTITY a 'b'>]><worksheet>")
    assert not _clean_prolog(decl + b"<!-- <worksheet> -->")  # (the full check decides)
    assert not _clean_prolog(decl + b" " * 600)  # no root element in sight
    assert not _clean_prolog("<?xml version='1.0'?><a/>".encode("utf-16"))
