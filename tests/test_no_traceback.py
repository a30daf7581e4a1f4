"""No traceback for bad input anywhere (issue 10, item 7).

Every command of the click group (enumerated, so a new command is covered as soon as it is
registered) is run against bad input: a missing file, a folder, an empty file, a text file
renamed to .xlsx, a password-protected .xlsx and .ods, a master with each required sheet
deleted or a cell edited to nonsense, a bad period, a bad date, ``--year 20233``, an output
that cannot be written. Each run must end with ONE line on stderr, in Vietnamese, naming what
and where, and a non-zero exit code; the master is left as it was.

The commands are first run on good input (``test_baseline_succeeds``), so each failure in the
matrix comes from the one bad thing the case puts in.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hostile_files import encrypt_ooxml, write_zip
from sheettools import store
from sheettools.cli import cli
from sheettools.cli.localize import all_commands
from sheettools.i18n import set_lang
from test_periodstatus import small_master

PLAN = Path(__file__).parent / "data" / "plan_sections_and_duplicates.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "long-bien-2023"
VIETNAMESE = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE
)

# --- the commands and how to fill their parameters ----------------------------------------

COMMANDS = {
    path: cmd for path, cmd in all_commands(cli) if path and not isinstance(cmd, click.Group)
}

# what each file parameter holds (command path, parameter name) -> role; a parameter not named
# here is filled by its name alone (FILL); a required one known to neither fails the test.
ROLES: dict[tuple[str, str], str] = {
    ("plan import", "source"): "plan",
    ("plan inspect", "source"): "plan",
    ("units suggest", "source"): "plan",
    ("plan derive", "source"): "master",
    ("merge", "paths"): "return",
    ("mail send", "outdir"): "outbox",
    ("mail send", "master"): "master",
    ("rollup", "master"): "ward",
    ("rollup", "into"): "unitbook",
    ("plan assign", "master"): "ward",
    ("plan import", "units"): "registry",
    ("plan derive", "units"): "ward_registry",
    ("plan derive", "own"): "ward_own",
    ("plan import", "office"): "office",
    ("plan office", "office"): "office",
}
# options given on good input although optional (to stay offline and in the test folder)
EXTRA: dict[str, list[str]] = {
    "plan derive": ["--unit", "D"],
    "mail send": ["--dry-run"],
    "mail remind": ["--dry-run"],
    "app": ["--no-browser", "--port", "0"],
}
AS_OF = "2023-06-30"  # (--as-of, where a command has it)
VALUES = {  # small_master's units and tasks
    ("units merge", "code"): "X",
    ("units merge", "into"): "D",
    ("plan lead", "key"): "I.1.2",
    ("plan lead", "names"): "D",
}
OUTPUTS = {  # parameter name -> what a new output is called
    "output": "out.xlsx",
    "outdir": "new-outbox",
    "inbox": "inbox",
}
OUTPUT_NAMES = {("plan derive", "output"): "ward2/ward.xlsx", ("report", "output"): "q2.docx"}


@dataclass
class World:
    """A folder with everything the commands need, good."""

    root: Path

    def role(self, role: str) -> Path:
        return {
            "master": self.root / "master.xlsx",
            "ward": self.root / "ward" / "ward.xlsx",
            "plan": self.root / "plan.txt",
            "return": self.root / "outbox" / "2023-Q2_A.xlsx",
            "unitbook": self.root / "outbox" / "2023-Q2_D.xlsx",
            "outbox": self.root / "outbox",
            "registry": self.root / "units.xlsx",
            "ward_registry": self.root / "ward-units" / "units.xlsx",
            "ward_own": self.root / "ward-units" / "own-tasks.csv",
            "office": self.root / "office.toml",
        }[role]


@pytest.fixture(scope="module")
def world_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("world")
    store.save_master(small_master(), root / "master.xlsx")
    shutil.copy(PLAN, root / "plan.txt")
    shutil.copy(SAMPLE / "units.xlsx", root / "units.xlsx")
    shutil.copy(SAMPLE / "office.toml", root / "office.toml")
    (root / "ward-units").mkdir()
    for name in ("units.xlsx", "own-tasks.csv"):
        shutil.copy(SAMPLE / "ward-long-bien" / name, root / "ward-units" / name)
    runner = CliRunner()
    for args in (
        ["split", root / "master.xlsx", "-p", "2023-Q2", "-o", root / "outbox"],
        ["plan", "derive", root / "master.xlsx", "--unit", "D", "-o", root / "ward" / "ward.xlsx"],
    ):
        r = runner.invoke(cli, [str(a) for a in args])
        assert r.exit_code == 0, r.output
    (root / "sheettools.toml").write_text(
        '[mail]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\nimap_host = "127.0.0.1"\n'
        'imap_port = 9\nimap_security = "none"\nuser = "vp@lb.example"\ntimeout = 2\n'
        "max_attempts = 1\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def world(world_template, tmp_path, monkeypatch) -> World:
    root = tmp_path / "w"
    shutil.copytree(world_template, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SHEETTOOLS_CONFIG", str(root / "sheettools.toml"))
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", "x")
    for var in ("SHEETTOOLS_LANG", "SHEETTOOLS_TRACEBACK", "SHEETTOOLS_MASTER"):
        monkeypatch.delenv(var, raising=False)
    set_lang(None)
    import uvicorn  # `app` on good input would serve until Ctrl-C

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    return World(root)


def role_of(path: str, param: click.Parameter) -> str | None:
    if (path, param.name) in ROLES:
        return ROLES[(path, param.name)]
    if param.name == "master":
        return "master"
    return None


def build_args(world: World, path: str, change: dict[str, str] | None = None) -> list[str]:
    """The command line of ``path`` on good input, with ``change`` (parameter -> value)."""
    change = change or {}
    cmd = COMMANDS[path]
    args = path.split()
    for p in cmd.params:
        name = p.name or ""
        role = role_of(path, p)
        if name in change:
            value: str | None = change[name]
        elif role is not None:
            value = str(world.role(role))
        elif (path, name) in VALUES:
            value = VALUES[(path, name)]
        elif name == "period":
            value = "2023-Q2"
        elif name == "as_of":
            value = AS_OF
        elif name in OUTPUTS and (p.required or (path, name) in OUTPUT_NAMES):
            value = str(world.root / OUTPUT_NAMES.get((path, name), OUTPUTS[name]))
        elif p.required:
            raise AssertionError(
                f"tests/test_no_traceback.py: say how to fill {name!r} of `sheettools {path}`"
            )
        else:
            continue
        if value is None:
            continue
        if isinstance(p, click.Argument):
            args.append(value)
        else:
            args += [p.opts[0], value]
    return args + EXTRA.get(path, [])


def run(args: list[str]):
    try:  # click < 8.2 mixes stderr into stdout unless asked not to
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        runner = CliRunner()
    return runner.invoke(cli, [str(a) for a in args], prog_name="sheettools")


def assert_one_line(r, *, names: str = "") -> str:
    """A failure as the contract says: non-zero exit, no traceback, ONE line on stderr (in
    Vietnamese), naming ``names`` (the file or value at fault)."""
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(r.exception))
        raise AssertionError(f"uncaught {type(r.exception).__name__}:\n{tb}")
    assert r.exit_code != 0, f"exit code 0 on bad input:\n{r.stdout}\n{r.stderr}"
    assert "Traceback" not in r.stdout + r.stderr
    lines = r.stderr.strip("\n").splitlines()
    assert len(lines) == 1, f"stderr is not one line:\n{r.stderr}"
    line = lines[0]
    assert line.startswith("Lỗi: "), line
    assert VIETNAMESE.search(line[5:]), f"not Vietnamese: {line}"
    if names:
        assert names in line, f"{names!r} not named in: {line}"
    return line


# --- bad files ----------------------------------------------------------------------------


def _missing(p: Path) -> Path:
    out = p.with_name("khong-co-" + p.name)
    return out


def _folder(p: Path) -> Path:
    out = p.with_name("thu-muc" + p.suffix)
    out.mkdir()
    return out


def _empty(p: Path) -> Path:
    out = p.with_name("rong" + p.suffix)
    out.write_bytes(b"")
    return out


def _renamed(p: Path) -> Path:
    out = p.with_name("van-ban.xlsx")
    out.write_text("Báo cáo quý II\nđây là văn bản, không phải bảng tính\n", encoding="utf-8")
    return out


def _password_xlsx(p: Path) -> Path:
    src = p if p.suffix == ".xlsx" and p.is_file() else p.parent / "plain.xlsx"
    if src != p:
        store.save_master(small_master(), src)
    return encrypt_ooxml(src, p.with_name("mat-khau.xlsx"))


def _password_ods(p: Path) -> Path:
    """An .ods saved with a password, as LibreOffice writes it: the manifest names the
    encryption (Blowfish/AES key derivation) and content.xml holds only ciphertext."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">\n'
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\n'
        ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"'
        ' manifest:size="4096">\n'
        '  <manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA">\n'
        '   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#'
        'aes256-cbc" manifest:initialisation-vector="AAAAAAAAAAAAAAAAAAAAAA=="/>\n'
        "   <manifest:start-key-generation manifest:start-key-generation-name="
        '"http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>\n'
        '   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32"'
        ' manifest:iteration-count="100000" manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/>\n'
        "  </manifest:encryption-data>\n </manifest:file-entry>\n</manifest:manifest>\n"
    )
    return write_zip(
        p.with_name("mat-khau.ods"),
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": manifest.encode(),
            "content.xml": os.urandom(4096),
        },
        stored_first="mimetype",
    )


BAD_FILES: dict[str, Callable[[Path], Path]] = {
    "missing": _missing,
    "folder": _folder,
    "empty": _empty,
    "renamed": _renamed,
    "password_xlsx": _password_xlsx,
    "password_ods": _password_ods,
}


def _without_sheet(sheet: str) -> Callable[[Path], Path]:
    def make(p: Path) -> Path:
        import openpyxl

        wb = openpyxl.load_workbook(p)
        del wb[sheet]
        out = p.with_name(f"mat-trang-{sheet}.xlsx")
        wb.save(out)
        return out

    return make


def _edited(sheet: str, column: str, value: object) -> Callable[[Path], Path]:
    """The master with the first data cell of ``column`` in ``sheet`` set to ``value``."""

    def make(p: Path) -> Path:
        import openpyxl

        wb = openpyxl.load_workbook(p)
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        if column in header:
            col = header.index(column) + 1
        else:  # settings: key/value rows
            col = 2
            row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == column)
        row = 2 if column in header else row
        ws.cell(row, col).value = value
        out = p.with_name(f"sua-{sheet}-{column}.xlsx")
        wb.save(out)
        return out

    return make


BAD_MASTERS: dict[str, Callable[[Path], Path]] = {
    **{f"no_{s}_sheet": _without_sheet(s) for s in store.REQUIRED_SHEETS},
    "periods_due_text": _edited("periods", "due_date", "ngày mai"),
    "periods_start_text": _edited("periods", "start", "đầu quý"),
    "periods_end_number": _edited("periods", "end", 12345678),
    "periods_due_empty": _edited("periods", "due_date", None),
    "plan_key_empty": _edited("plan", "key", None),
    "plan_due_text": _edited("plan", "due_date", "cuối năm"),
    "plan_rows_text": _edited("plan", "source_rows", "dòng ba"),
    "reports_progress_text": _edited("reports", "progress", "một nửa"),
    "reports_received_text": _edited("reports", "received_at", "hôm qua"),
    "reports_version_text": _edited("reports", "version", "hai"),
    "units_level_nonsense": _edited("units", "level", "xyz"),
    "settings_year_text": _edited("settings", "year", "hai nghìn"),
}


_MADE: dict[tuple[str, str], tuple[str, bytes]] = {}  # (role, kind) -> (name, bytes)


def make_bad(world: World, role: str, kind: str) -> Path:
    """The bad file of ``kind`` beside the good one of ``role`` (made once per role and kind:
    every world is a copy of the same template)."""
    good = world.role(role)
    if kind in ("missing", "folder", "empty"):
        return BAD_FILES[kind](good)
    if (role, kind) not in _MADE:
        made = (BAD_FILES.get(kind) or BAD_MASTERS[kind])(good)
        _MADE[(role, kind)] = (made.name, made.read_bytes())
        return made
    name, data = _MADE[(role, kind)]
    out = good.with_name(name)
    out.write_bytes(data)
    return out


def file_cases() -> list[tuple[str, str, str]]:
    """(command, parameter, bad file) for every file parameter of every command."""
    out = []
    for path, cmd in COMMANDS.items():
        for p in cmd.params:
            role = role_of(path, p)
            if role is None or role == "outbox":
                continue
            kinds = list(BAD_FILES) if role != "return" else ["missing", "folder"]
            if role in ("master", "ward"):
                kinds += list(BAD_MASTERS)
            out += [(path, p.name or "", k) for k in kinds]
    return out


def _has(path: str, name: str) -> bool:
    return any(x.name == name for x in COMMANDS[path].params)


# --- the tests ----------------------------------------------------------------------------


def test_every_command_is_in_the_matrix():
    """The commands come from the click group; each has a file the matrix spoils."""
    assert {"plan import", "split", "merge", "status", "summary", "mail remind", "app"} <= set(
        COMMANDS
    )
    assert {c for c, _, _ in file_cases()} == set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_baseline_succeeds(world, path):
    """On good input each command runs (so the failures below come from the bad input)."""
    if path == "mail fetch":  # (no mailbox here: an unreachable server is a one-line error)
        assert_one_line(run(build_args(world, path)), names="127.0.0.1")
        return
    r = run(build_args(world, path))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code in (0, 1) and "Lỗi" not in r.stderr, (r.exit_code, r.stdout, r.stderr)


@pytest.mark.parametrize(("path", "param", "kind"), file_cases())
def test_bad_file(world, path, param, kind):
    cmd = COMMANDS[path]
    p = next(x for x in cmd.params if x.name == param)
    bad = make_bad(world, role_of(path, p) or "", kind)
    before = {f: f.read_bytes() for f in world.root.rglob("*.xlsx") if f.is_file()}
    r = run(build_args(world, path, {param: str(bad)}))
    assert_one_line(r, names=bad.name)
    after = {f: f.read_bytes() for f in world.root.rglob("*.xlsx") if f.is_file()}
    assert {f: b for f, b in after.items() if f in before} == before  # nothing rewritten


def _option_cases(name: str, values: list[str]) -> list[tuple[str, str]]:
    return [(c, v) for c in sorted(COMMANDS) for v in values if _has(c, name)]


@pytest.mark.parametrize(
    ("path", "value"), _option_cases("period", ["2023-Q7", "Quý V/2023", "abc", "2031-Q2"])
)
def test_bad_period(world, path, value):
    assert_one_line(run(build_args(world, path, {"period": value})), names=value)


DATE_OPTIONS = {"as_of": "--as-of", "since": "--since", "received_at": "--received-at"}


@pytest.mark.parametrize(
    ("path", "param", "value"),
    [
        (c, name, v)
        for name in DATE_OPTIONS
        for c, v in _option_cases(name, ["31/02/2023", "hôm qua"])
    ],
)
def test_bad_date(world, path, param, value):
    line = assert_one_line(run(build_args(world, path, {param: value})), names=value)
    assert DATE_OPTIONS[param] in line or "hôm qua" in line


@pytest.mark.parametrize(("path", "value"), _option_cases("year", ["20233", "-1", "0"]))
def test_bad_year(world, path, value):
    assert_one_line(run(build_args(world, path, {"year": value})), names=value)


def _unwritable(kind: str, root: Path, name: str) -> tuple[Path, str]:
    if kind == "no_parent":
        return root / "khong-co-thu-muc" / name, "khong-co-thu-muc"
    if kind == "parent_is_file":
        (root / "la-tep").write_text("x")
        return root / "la-tep" / name, "la-tep"
    if kind == "read_only":
        ro = root / "chi-doc"
        ro.mkdir()
        ro.chmod(0o555)
        return ro / name, "chi-doc"
    raise AssertionError(kind)


UNWRITABLE = ["no_parent", "parent_is_file"] + (["read_only"] if os.geteuid() != 0 else [])


@pytest.mark.parametrize(
    ("path", "param", "kind"),
    [
        (c, p.name, k)
        for c, cmd in sorted(COMMANDS.items())
        for p in cmd.params
        if p.name in OUTPUTS and isinstance(p, click.Option)
        for k in UNWRITABLE
    ],
)
def test_unwritable_output(world, path, param, kind):
    name = Path(OUTPUT_NAMES.get((path, param), OUTPUTS[param])).name
    target, names = _unwritable(kind, world.root, name)
    r = run(build_args(world, path, {param: str(target)}))
    if kind == "no_parent" and target.parent.is_dir():  # (making the folder is fine too)
        if r.exit_code in (0, 1) and not r.stderr.strip():  # (as on good input)
            assert target.exists()
        else:  # (mail fetch made the inbox, then found no mailbox)
            assert_one_line(r)
        return
    assert_one_line(r, names=names)


@pytest.mark.parametrize("sheet", ["units", "reports", "periods"])
def test_the_desk_refuses_a_master_that_lost_a_sheet(world, sheet):
    """The web desk reads the master on every page: a master that lost a sheet is refused on
    each page and action (one message, no traceback), and never written."""
    from starlette.testclient import TestClient

    from sheettools.web import app as webapp

    master = world.role("master")
    c = TestClient(webapp.create_app(master), base_url="http://127.0.0.1:8765")
    r = c.get("/")
    csrf = re.search(r'(?:X-CSRF-Token": "|name="csrf" value=")([^"]+)', r.text).group(1)
    master.write_bytes(_without_sheet(sheet)(master).read_bytes())
    before = master.read_bytes()
    pages = ["/", "/unit/A", "/task/I.1.1", "/receive", "/send", "/plan", "/report", "/log"]
    for url in pages:
        r = c.get(url)
        assert r.status_code >= 400 and "Traceback" not in r.text, url
        assert f"&#39;{sheet}&#39;" in r.text, url
    ret = world.role("return")
    r = c.post(
        "/receive",
        headers={"X-CSRF-Token": csrf},
        data={"period": "2023-Q2"},
        files=[("files", (ret.name, ret.read_bytes()))],
    )
    assert r.status_code >= 400 and "Traceback" not in r.text
    assert f"&#39;{sheet}&#39;" in r.text
    assert master.read_bytes() == before


def test_english_on_request(world):
    """--lang en: the same one line in English."""
    bad = make_bad(world, "master", "no_units_sheet")
    r = run(["--lang", "en", "status", bad, "-p", "2023-Q2"])
    assert r.exit_code == 2
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("Error: ") and "'units'" in line and not VIETNAMESE.search(line)
    r = run(["--lang", "en", "split", world.role("master")])
    (line,) = r.stderr.strip().splitlines()
    assert r.exit_code == 64 and line.startswith("Error: Missing option '--period'")


@pytest.mark.parametrize(
    "args",
    [
        ["status", "khong-co.xlsx", "-p", "2023-Q2"],
        ["status", "master.xlsx", "-p", "Quý V/2023"],
        ["plan", "import", "plan.txt", "-o", "m2.xlsx", "--year", "20233"],
        ["split", "master.xlsx", "-p", "2023-Q2", "-o", "la-tep/out"],
    ],
)
def test_a_real_process_prints_one_line(world, args):
    """The console script itself (not click's test runner): one line, no traceback."""
    import subprocess
    import sys

    (world.root / "la-tep").write_text("x")
    p = subprocess.run(
        [sys.executable, "-m", "sheettools", *args],
        cwd=world.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SHEETTOOLS_LANG": "vi"},
    )
    assert p.returncode not in (0, 1) and "Traceback" not in p.stderr + p.stdout
    (line,) = p.stderr.strip().splitlines()
    assert line.startswith("Lỗi: ") and VIETNAMESE.search(line[5:]), line


# --- a bad --config file --------------------------------------------------------------------

GOOD_CONFIG = (
    '[mail]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\nimap_host = "127.0.0.1"\n'
    'imap_port = 9\nimap_security = "none"\nuser = "vp@lb.example"\ntimeout = 2\n'
    "max_attempts = 1\n"
)
BAD_CONFIGS: dict[str, tuple[str | bytes | None, str]] = {
    # kind -> (contents; None: no file, "/": a folder), what the line must name
    "missing": (None, "khong-co.toml"),
    "folder": ("/", "thu-muc.toml"),
    "empty_table_is_fine": ("", ""),
    "ini": ("[mail]\nhost = mail.lb.example\nport: 587\n", "dòng 2, cột 8"),
    "invalid_toml": ('[mail\nhost = "x"\n', "dòng 1, cột 6"),
    "not_utf8": ('[mail]\nfrom_name = "Văn phòng"\n'.encode("utf-16-le"), "UTF-8"),
    "port_text": ('[mail]\nhost = "127.0.0.1"\nport = "năm trăm"\n', "port"),
    "port_list": ('[mail]\nhost = "127.0.0.1"\nport = [25, 587]\n', "port"),
    "port_bool": ('[mail]\nhost = "127.0.0.1"\nport = true\n', "port"),
    "port_negative": ('[mail]\nhost = "127.0.0.1"\nport = -25\n', "port"),
    "host_table": ('[mail]\nhost = { name = "x" }\n', "host"),
    "host_number": ("[mail]\nhost = 127\n", "host"),
    "timeout_text": ('[mail]\nhost = "127.0.0.1"\ntimeout = "lâu"\n', "timeout"),
    "timeout_zero": ('[mail]\nhost = "127.0.0.1"\ntimeout = 0\n', "timeout"),
    "security_nonsense": ('[mail]\nhost = "127.0.0.1"\nsecurity = "tls1"\n', "tls1"),
    "mail_not_a_table": ('mail = "127.0.0.1"\n', "mail"),
    "unknown_key": ('[mail]\nhots = "127.0.0.1"\n', "hots"),
    "password_inside": ('[mail]\nhost = "127.0.0.1"\npassword = "x"\n', "cau-hinh.toml"),
    "master_list": ('master = ["a.xlsx"]\n[mail]\nhost = "127.0.0.1"\n', "master"),
}
CONFIG_COMMANDS = sorted(c for c in COMMANDS if _has(c, "config_path"))


def test_the_config_matrix_covers_the_commands_with_a_config():
    assert {"mail send", "mail remind", "mail fetch"} <= set(CONFIG_COMMANDS)


@pytest.mark.parametrize(("path", "kind"), [(c, k) for c in CONFIG_COMMANDS for k in BAD_CONFIGS])
def test_bad_config(world, path, kind):
    """A --config file that is missing, a folder, not TOML (an INI file), not UTF-8, or holds
    a value of the wrong type: one line naming the file or the setting, no traceback, and
    nothing sent or written."""
    contents, names = BAD_CONFIGS[kind]
    target = world.root / ("khong-co.toml" if contents is None else "cau-hinh.toml")
    if contents == "/":
        target = world.root / "thu-muc.toml"
        target.mkdir()
    elif isinstance(contents, bytes):
        target.write_bytes(contents)
    elif contents is not None:
        target.write_text(contents if contents else GOOD_CONFIG, encoding="utf-8")
    before = {f: f.read_bytes() for f in world.root.rglob("*.xlsx") if f.is_file()}
    r = run(build_args(world, path, {"config_path": str(target)}))
    if kind == "empty_table_is_fine":  # (the control: a good file given with --config)
        assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
        if path == "mail fetch":  # (no mailbox here)
            assert_one_line(r, names="127.0.0.1")
        else:
            assert r.exit_code in (0, 1) and "Lỗi" not in r.stderr, (r.stdout, r.stderr)
        return
    line = assert_one_line(r, names=names)
    assert "Traceback" not in line
    after = {f: f.read_bytes() for f in world.root.rglob("*.xlsx") if f.is_file()}
    assert {f: b for f, b in after.items() if f in before} == before


def test_a_config_saved_with_a_bom_is_read(world):
    """Notepad saves UTF-8 with a byte-order mark: the settings are read all the same."""
    from sheettools.mail_config import load_config

    p = world.root / "bom.toml"
    p.write_bytes(
        b"\xef\xbb\xbf" + '[mail]\nhost = "mail.lb.example"\nfrom_name = "Văn phòng"\n'.encode()
    )
    cfg = load_config(p)
    assert cfg.host == "mail.lb.example" and cfg.from_name == "Văn phòng"
