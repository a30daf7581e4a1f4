"""The CLI speaks Vietnamese by default and English with --lang en: help, click's own errors,
table headers and values; usage errors exit 64, bad input 2."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from sheettools.cli import cli, localize, texts
from sheettools.i18n import set_lang

PATHS = list(localize.all_commands(cli))


@pytest.fixture(autouse=True)
def default_language(monkeypatch):
    monkeypatch.delenv("SHEETTOOLS_LANG", raising=False)
    set_lang(None)
    yield
    set_lang(None)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="sheettools")


def test_every_command_and_option_has_vietnamese():
    lacking_cmds = [p for p, _ in PATHS if p not in texts.COMMANDS]
    assert not lacking_cmds, f"add these commands to cli/texts.py COMMANDS: {lacking_cmds}"
    lacking = sorted(
        {
            prm.help
            for _, cmd in PATHS
            for prm in cmd.params
            if isinstance(prm, click.Option) and prm.help and prm.help not in texts.OPTIONS
        }
    )
    assert not lacking, f"add these option help texts to cli/texts.py OPTIONS: {lacking}"


@pytest.mark.parametrize("path", [p for p, _ in PATHS], ids=lambda p: p or "sheettools")
def test_help_is_vietnamese_by_default_and_english_on_request(path):
    args = path.split() if path else []
    vi = run(*args, "--help")
    assert vi.exit_code == 0
    assert vi.output.startswith("Cách dùng: ") and "Tùy chọn:" in vi.output
    assert "Hiện hướng dẫn này rồi thoát." in vi.output
    cmd = dict(PATHS)[path]
    flat_vi = " ".join(vi.output.split())
    for prm in cmd.params:
        if isinstance(prm, click.Option) and prm.help:
            assert " ".join(texts.OPTIONS[prm.help].split()) in flat_vi, prm.help
            if texts.OPTIONS[prm.help] != prm.help:
                assert " ".join(prm.help.split()) not in flat_vi, prm.help
    first = texts.COMMANDS[path].split(".")[0].split()[:4]
    assert " ".join(first) in flat_vi
    en = run("--lang", "en", *args, "--help")
    assert en.exit_code == 0 and en.output.startswith("Usage: ") and "Options:" in en.output
    assert "Show this message and exit." in en.output
    assert " ".join(first) not in " ".join(en.output.split())


def test_click_errors_in_vietnamese_and_exit_64():
    res = run("status", "master.xlsx")
    assert res.exit_code == localize.EXIT_USAGE == 64
    assert "Lỗi: Thiếu tùy chọn '--period'" in res.output
    assert "Xem hướng dẫn: 'sheettools status -" in res.output  # ONE line, no usage block
    assert len(res.output.strip().splitlines()) == 1 and "Cách dùng: " not in res.output
    res = run("--lang", "en", "status", "master.xlsx")
    assert res.exit_code == 64 and "Error: Missing option '--period'" in res.output
    res = run("status", "master.xlsx", "-p", "2023-Q2", "--as-of", "30.6.2023")
    assert (
        res.exit_code == 64
        and "không phải ngày hợp lệ: ghi dạng 2023-06-30 hoặc 30/06/2023." in res.output
    )
    res = run("status", "master.xlsx", "-p", "2023-Q2", "--format", "xml")
    assert res.exit_code == 64 and "không phải một trong" in res.output
    res = run("no-such-command")
    assert res.exit_code == 64 and "Không có lệnh 'no-such-command'" in res.output
    res = run("split", "--bogus")
    assert res.exit_code == 64 and "Không có tùy chọn" in res.output


def test_bad_input_is_exit_2_not_a_usage_error(tmp_path):
    from sheettools import store
    from test_periodstatus import small_master

    master = tmp_path / "master.xlsx"
    store.save_master(small_master(), master)
    res = run("status", str(master), "-p", "2023-Q9")  # a period the master does not hold
    assert res.exit_code == 2 and res.output.startswith("Lỗi: ")
    # every date option takes the same formats
    for day in ("2023-06-30", "30/06/2023"):
        ok = run("status", str(master), "-p", "Quý II/2023", "--as-of", day, "--format", "json")
        assert ok.exit_code == 0, ok.output
        assert '"as_of": "2023-06-30"' in ok.output


def test_period_short_option_everywhere():
    for path, cmd in PATHS:
        for prm in cmd.params:
            if isinstance(prm, click.Option) and "--period" in prm.opts:
                assert "-p" in prm.opts, path


def test_dates_and_periods_are_shown_by_a_name():
    """``--as-of NGÀY`` / ``--since THỜI_ĐIỂM`` / ``-p KỲ`` (DATE, TIME, PERIOD in English);
    the formats are in the option's help, never strptime's ``%Y-%m-%d``."""
    vi = run("status", "--help").output + run("mail", "fetch", "--help").output
    assert "--as-of NGÀY" in vi and "--since THỜI_ĐIỂM" in vi and "--period KỲ" in vi
    assert "30/06/2023" in vi and "%Y" not in vi and "[YYYY" not in vi
    en = run("--lang", "en", "status", "--help").output
    en += run("--lang", "en", "mail", "fetch", "--help").output
    assert "--as-of DATE" in en and "--since TIME" in en and "--period PERIOD" in en
    bad = run("status", "x.xlsx", "-p", "2023-Q2", "--as-of", "2023-13-45")
    assert bad.exit_code == 64 and "2023-06-30 hoặc 30/06/2023" in bad.output


def test_table_headers_and_states_follow_the_language(tmp_path, capsys):
    from sheettools.cli.common import emit

    rows = [{"file": "a.xlsx", "status": "merged", "unit": "VHTT", "result": "skipped: no address"}]
    emit(rows, "table", ["file", "status", "unit", "result"])
    out = capsys.readouterr().out
    assert "Tệp" in out and "Trạng thái" in out and "Đơn vị" in out
    assert "đã gộp" in out and "bỏ qua: không có địa chỉ" in out and "VHTT" in out
    set_lang("en")
    emit(rows, "table", ["file", "status", "unit"])
    out = capsys.readouterr().out
    assert "file" in out and "status" in out and "merged" in out and "Tệp" not in out
    emit(rows, "csv", ["file", "status"])  # machine formats keep field ids and codes
    set_lang("vi")
    emit(rows, "csv", ["file", "status"])
    assert capsys.readouterr().out.splitlines()[-2:] == ["file,status", "a.xlsx,merged"]


def test_short_help():
    assert localize.short_help("One sentence. Another one.", 45) == "One sentence."
    assert localize.short_help("a " * 40, 20).endswith("...")
    assert len(localize.short_help("word " * 40, 20)) <= 20


COMMAND_NAMED = r"sheettools((?: [A-Za-z][\w-]*){1,3})"


def _not_messages(tree) -> set[int]:
    """The ids of the string nodes of a module that are no message: docstrings (prose about
    the program) and document titles (``title="sheettools units"``, a workbook's name)."""
    import ast

    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "title":
            ids.add(id(node.value))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def _named_commands():
    """Every ``sheettools <command>`` a person can read: the string literals of the package
    (messages, hints, f-string parts, Vietnamese texts; docstrings left out), the help of
    every command (its ``Example:`` block), and the shipped templates (mail, workbook, web)
    and the office's workbook_templates/."""
    import ast
    import re
    from pathlib import Path

    import sheettools

    pat = re.compile(COMMAND_NAMED)
    package = Path(sheettools.__file__).parent
    found = []

    def scan(where: str, text: str) -> None:
        found.extend((where, m.group(1).split()) for m in pat.finditer(text))

    for p in sorted(package.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = _not_messages(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docs:
                    scan(f"{p.name}:{node.lineno}", node.value)
    for path, cmd in PATHS:
        scan(f"help of '{path}'", cmd.help or "")
    office = package.parent.parent / "workbook_templates"
    for folder in (package / "templates", package / "web" / "templates", office):
        for p in sorted(folder.glob("*")):
            if p.suffix in (".txt", ".json", ".html"):
                scan(p.name, p.read_text(encoding="utf-8"))
    return found


def test_every_command_named_in_a_message_exists():
    named = _named_commands()
    assert len(named) > 50  # (the scan does find the hints, the examples, the templates)
    wrong = []
    for where, words in named:
        if words[0] == "master":  # ("not a sheettools master": a noun, not a command)
            continue
        cmd: click.Command = cli
        for w in words:
            if not isinstance(cmd, click.Group):
                break  # (the rest are arguments)
            sub = cmd.commands.get(w)
            if sub is None:
                wrong.append(f"{where}: sheettools {' '.join(words)}")
                break
            cmd = sub
        else:
            if isinstance(cmd, click.Group):
                wrong.append(f"{where}: sheettools {' '.join(words)} (a group, not a command)")
    assert not wrong, wrong


def test_status_table_shows_dates_as_people_write_them(tmp_path):
    """The status table: dd/mm/yyyy dates and received times in the office's zone, no ISO text
    and no field ids, in both languages (JSON keeps ISO for machines)."""
    from sheettools import store
    from test_periodstatus import small_master

    m = small_master()
    m.settings["timezone"] = "+09:00"  # B's first return was 16/06/2023 08:00 (no zone: office)
    master = tmp_path / "master.xlsx"
    store.save_master(m, master)
    args = ("status", str(master), "-p", "2023-Q2", "--as-of", "2023-06-20")
    vi = run(*args)
    assert vi.exit_code == 0, vi.output
    assert "hạn gửi 15/06/2023, tính đến 20/06/2023" in vi.output
    assert "16/06/2023 08:00" in vi.output and "Ghi chú" in vi.output
    assert "2023-06" not in vi.output and "timeliness_from" not in vi.output
    en = run("--lang", "en", *args)
    assert en.exit_code == 0, en.output
    assert en.output.startswith("Q2 2023 — due 15/06/2023, as of 20/06/2023")
    assert "received" in en.output and "note" in en.output and "_" not in en.output
    js = run(*args, "--format", "json")
    assert '"received_at": "2023-06-16T08:00:00"' in js.output


def test_received_times_shown_in_the_office_zone():
    from sheettools.cli.status_cmds import _cell
    from sheettools.docinfo import office_tz

    assert _cell("2023-06-16T01:00:00+00:00", "received_at", office_tz("+07:00")) == (
        "16/06/2023 08:00"
    )
    assert _cell("2023-06-30", "due_date") == "30/06/2023"
