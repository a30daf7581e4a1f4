"""`-` for standard input where a command reads one file, `--output -` for standard output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheettools import store
from sheettools.cli import cli
from sheettools.cli.common import _suffix
from sheettools.i18n import set_lang
from test_periodstatus import small_master


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch):
    monkeypatch.delenv("SHEETTOOLS_LANG", raising=False)
    set_lang(None)


@pytest.fixture
def master(tmp_path):
    path = tmp_path / "master.xlsx"
    store.save_master(small_master(), path)
    return path


def runner() -> CliRunner:
    try:  # click < 8.2 mixes stderr into stdout unless asked not to
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def run(args, input=None):
    return runner().invoke(cli, [str(a) for a in args], input=input, prog_name="sheettools")


def test_reports_csv_to_stdout_or_a_file(master, tmp_path):
    res = run(["reports", master, "-p", "2023-Q2", "--format", "csv", "-o", "-"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 7 and {r["unit"] for r in rows} == {"A", "B", "D"}
    assert "'=1+1" in {r["result"] for r in rows}  # (text from units never a formula in CSV)
    out = tmp_path / "q2.csv"
    res = run(["reports", master, "-p", "2023-Q2", "--format", "csv", "-o", out])
    assert res.exit_code == 0 and res.stdout == ""
    assert list(csv.DictReader(out.open(encoding="utf-8", newline=""))) == rows


def test_summary_to_stdout(master, tmp_path):
    res = run(["summary", master, "-p", "2023-Q2", "-o", "-", "--as-of", "30/06/2023"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout_bytes.startswith(b"PK")
    assert "Đã ghi đầu ra chuẩn (stdout)" in res.stderr
    assert "Đã ghi" not in res.stdout_bytes.decode("latin-1")
    (tmp_path / "s.xlsx").write_bytes(res.stdout_bytes)
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert "Tổng quan" in wb.sheetnames
    assert not (tmp_path / "-").exists()


def test_report_to_stdout(master, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # (nothing is written where the command runs)
    res = run(["report", master, "-p", "2023-Q2", "-o", "-", "--as-of", "30/06/2023"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout_bytes.startswith(b"PK")
    assert "Đã ghi đầu ra chuẩn (stdout)" in res.stderr
    assert "Đã ghi" not in res.stdout_bytes.decode("latin-1")
    (tmp_path / "r.docx").write_bytes(res.stdout_bytes)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "BÁO CÁO" in text
    assert not (tmp_path / "-").exists()
    res = run(["report", master, "-p", "2023-Q2", "-o", "-", "--pdf"])
    assert res.exit_code == 64 and "--pdf" in res.stderr


def test_master_and_plan_from_stdin(master, tmp_path):
    data = master.read_bytes()
    res = run(["tasks", "-", "--format", "json"], input=data)
    assert res.exit_code == 0, res.output
    assert [t["key"] for t in json.loads(res.output)] == [
        "I.1.1", "I.1.2", "I.1.3", "II.1.1", "II.1.2", "II.1.3",
    ]  # fmt: skip
    res = run(["status", "-", "-p", "2023-Q2", "--as-of", "2023-06-30", "--format", "json"], data)
    assert res.exit_code == 0 and json.loads(res.output)["period"] == "2023-Q2"
    plan = Path(__file__).parent / "data" / "plan_sections_and_duplicates.txt"
    by_path, from_stdin = tmp_path / "by_path.xlsx", tmp_path / "from_stdin.xlsx"
    assert run(["plan", "import", plan, "-o", by_path, "--year", "2023"]).exit_code == 0
    res = run(["plan", "import", "-", "-o", from_stdin, "--year", "2023"], input=plan.read_bytes())
    assert res.exit_code == 0, res.output
    tasks = [(t.key, t.content, t.due_date) for t in store.load_master(from_stdin).tasks]
    assert len(tasks) > 3
    assert tasks == [(t.key, t.content, t.due_date) for t in store.load_master(by_path).tasks]


def test_stdin_type_comes_from_the_bytes(master):
    assert _suffix(master.read_bytes()) == ".xlsx"
    assert _suffix(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == ".xls"
    assert _suffix("TT | Nội dung".encode()) == ".txt"
    assert _suffix(b"PK\x03\x04 not a zip") == ".xlsx"


def test_redirected_output_is_utf8_even_where_the_system_code_page_is_not(seed_master):
    """Windows writes redirected output in its ANSI code page (cp1252, cp1258), which cannot
    hold Vietnamese: ``sheettools units list M > out.json`` must still work (UTF-8), and an
    error line must be readable, not a traceback."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONIOENCODING="cp1252", SHEETTOOLS_LANG="vi")
    cmd = [sys.executable, "-m", "sheettools", "units", "list", str(seed_master)]
    r = subprocess.run([*cmd, "--format", "json"], env=env, capture_output=True, check=False)
    assert r.returncode == 0, r.stderr.decode("utf-8", "replace")
    names = [u["name"] for u in json.loads(r.stdout.decode("utf-8"))]
    assert "Phòng Văn hóa và Thông tin" in names
    r = subprocess.run([*cmd[:-1], str(seed_master.with_name("không-có.xlsx"))], env=env,
                       capture_output=True, check=False)  # fmt: skip
    err = r.stderr.decode("utf-8")
    assert r.returncode != 0 and "Traceback" not in err and err.startswith("Lỗi")
