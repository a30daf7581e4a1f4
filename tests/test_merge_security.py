"""Security of merge: a missing signing secret stops merge, CSV exports never carry a formula,
quarantine never overwrites, a cell never exceeds what Excel holds, and a unit that sent only
an unreadable file is told apart from one that sent nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.errors import FileError
from sheettools.merge import long_text_dir
from sheettools.periodstatus import compute_status
from sheettools.store import load_master
from sheettools.textutil import csv_safe
from sheettools.unitbook import SECRET_NAME
from test_merge import fill, keys_of, latest, make_env, merge, rewrite, unit_file


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def _first_merge(tmp, master, returns):
    k = keys_of(tmp, "VHTT")[0]
    merge(master, rewrite(unit_file(tmp, "VHTT", returns, "a.xlsx"), fill({k: {"status": "HT"}})))
    return k


def test_missing_secret_beside_a_master_that_issued_workbooks_stops_merge(env):
    tmp, master, returns = env
    _first_merge(tmp, master, returns)  # a verified report: this office issued workbooks
    (tmp / SECRET_NAME).unlink()
    before = master.read_bytes()
    # a manifest edited to claim another unit would otherwise merge under that unit
    f = unit_file(tmp, "QLDT", returns)
    wb = openpyxl.load_workbook(f)
    for row in wb["_manifest"].iter_rows():
        if row[0].value == "unit":
            row[1].value = "BODE"
    wb.save(f)
    with pytest.raises(FileError, match=SECRET_NAME):
        merge(master, f)
    r = CliRunner().invoke(cli, ["merge", str(master), str(f)])
    assert r.exit_code == 3 and len(r.output.strip().splitlines()) == 1
    assert SECRET_NAME in r.output and "--allow-unsigned" in r.output
    assert master.read_bytes() == before
    # the office decides to go on: every file merged as unverified, loudly
    r = CliRunner().invoke(cli, ["merge", str(master), str(f), "--allow-unsigned"])
    assert r.exit_code == 0, r.output
    assert "CHƯA XÁC THỰC" in r.output
    rows = [x for x in latest(master).values() if x["unit"] == "BODE"]
    assert rows and all(x["verified"] is False and "unverified" in x["flags"] for x in rows)


def test_missing_secret_with_a_signed_file_stops_merge_even_on_a_fresh_master(env):
    tmp, master, returns = env
    (tmp / SECRET_NAME).unlink()
    f = unit_file(tmp, "VHTT", returns)
    with pytest.raises(FileError, match=SECRET_NAME):
        merge(master, f)
    assert load_master(master).reports == []
    res = merge(master, f, allow_unsigned=True)
    assert res["files"][0]["status"] == "unverified" and res["warnings"]


def test_a_damaged_secret_is_one_line(env):
    tmp, master, returns = env
    (tmp / SECRET_NAME).write_text("not hex at all\n", encoding="ascii")
    r = CliRunner().invoke(cli, ["merge", str(master), str(unit_file(tmp, "VHTT", returns))])
    assert r.exit_code == 3 and len(r.output.strip().splitlines()) == 1
    assert SECRET_NAME in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","ok")', "+1+1", "-2+3", "@SUM(A1)"])
def test_csv_export_never_carries_a_formula(env, text):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    f = rewrite(unit_file(tmp, "VHTT", returns), fill({k: {"status": "HT", "result": text}}))
    wb = openpyxl.load_workbook(f)  # typed as text (a formula would have no value to merge)
    for row in wb["Báo cáo"].iter_rows():
        if row[0].value == k:
            row[8].value, row[8].data_type = text, "s"
    wb.save(f)
    merge(master, f)
    assert latest(master, "VHTT")[(k, "VHTT")]["result"] == text
    r = CliRunner().invoke(
        cli, ["reports", str(master), "--period", "2023-Q2", "--unit", "VHTT", "--format", "csv"]
    )
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    cell = next(x for x in rows if x["key"] == k)["result"]
    stored = latest(master, "VHTT")[(k, "VHTT")]["result"]
    assert cell == "'" + stored and cell[0] == "'"
    # JSON keeps the value exactly as the unit typed it
    r = CliRunner().invoke(
        cli, ["reports", str(master), "--period", "2023-Q2", "--unit", "VHTT", "--format", "json"]
    )
    assert next(x for x in json.loads(r.stdout) if x["key"] == k)["result"] == stored


def test_csv_safe_leaves_other_values_alone():
    assert csv_safe("Đã tổ chức") == "Đã tổ chức"
    assert csv_safe(-5) == -5 and csv_safe(None) is None
    for bad in ["=1", "+1", "-1", "@A", "\tx", "\rx"]:
        assert csv_safe(bad) == "'" + bad


def test_quarantine_never_overwrites_two_files_of_the_same_name(env):
    tmp, master, returns = env
    a, b = returns / "a", returns / "b"
    a.mkdir()
    b.mkdir()
    (a / "2023-Q2_VHTT.xlsx").write_bytes(b"PK\x03\x04 first broken file")
    (b / "2023-Q2_VHTT.xlsx").write_bytes(b"PK\x03\x04 second broken file, other bytes")
    res = merge(master, a, b)
    q = [f["quarantined"] for f in res["files"]]
    assert len(set(q)) == 2
    got = sorted(open(p, "rb").read() for p in q)
    assert got == sorted(
        [(a / "2023-Q2_VHTT.xlsx").read_bytes(), (b / "2023-Q2_VHTT.xlsx").read_bytes()]
    )
    # the same names again, a third time: still nothing overwritten
    res = merge(master, a)
    assert res["files"][0]["quarantined"] not in q
    assert all(open(p, "rb").read() for p in q)


def test_text_longer_than_an_excel_cell_is_kept_whole_beside_the_master(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    long = "Kết quả chi tiết. " * 2500  # 45,000 characters
    f = rewrite(unit_file(tmp, "VHTT", returns), fill({k: {"status": "HT", "result": "MARK"}}))
    # (openpyxl and XlsxWriter cut text at Excel's limit: put the long text in the XML)
    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    hits = [n for n, data in parts.items() if b">MARK<" in data]
    assert len(hits) == 1
    parts[hits[0]] = parts[hits[0]].replace(b">MARK<", f">{long.strip()}<".encode())
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    res = merge(master, f)
    assert res["files"][0]["rows_flagged"] == 1
    r = latest(master, "VHTT")[(k, "VHTT")]
    assert len(r["result"]) <= 32_767 and r["result"].startswith(long[:1000].strip()[:900])
    (flag,) = [x for x in r["flags"] if x.startswith("text_truncated")]
    side = sorted(long_text_dir(master).iterdir())
    assert len(side) == 1 and side[0].name in flag and side[0].name in r["result"]
    assert side[0].read_text(encoding="utf-8") == long.strip()
    # the master opens in a reader that enforces Excel's limit
    wb = openpyxl.load_workbook(master, read_only=True)
    assert max(len(str(c.value or "")) for row in wb["reports"].iter_rows() for c in row) <= 32_767


def test_status_tells_an_unreadable_file_apart_from_nothing_sent(env):
    tmp, master, returns = env
    _first_merge(tmp, master, returns)
    bad = unit_file(tmp, "QLDT", returns)
    bad.write_bytes(bad.read_bytes()[:2000])  # cut in transit
    res = merge(master, bad, received_at="2023-06-14T08:00:00+07:00")
    assert res["files"][0]["status"] == "rejected"
    st = compute_status(load_master(master), "2023-Q2", dt.date(2023, 6, 20))
    un = st["unreadable_units"]
    assert [u["unit"] for u in un] == ["QLDT"] and un[0]["reason_code"] == "corrupt_zip"
    assert un[0]["received_at"] == "2023-06-14T08:00:00+07:00"
    missing = {m["unit"]: m["sent_unreadable"] for m in st["missing_units"]}
    assert missing == {"QLDT": True, "BODE": False}
    r = CliRunner().invoke(cli, ["status", str(master), "-p", "2023-Q2", "--as-of", "2023-06-20"])
    assert r.exit_code == 0, r.output
    assert "Gửi tệp không đọc được (1)" in r.output and "Chưa gửi (1)" in r.output
    assert "1 chưa gửi, 1 gửi tệp không đọc được" in " ".join(r.output.split())
