"""Packaging and dependencies: the sdist covers every tracked file, each declared runtime
dependency is imported by the library (and nothing undeclared is), generated files honour the
umask."""

from __future__ import annotations

import ast
import configparser
import datetime as dt
import fnmatch
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sheettools import store
from sheettools.split import split_workbooks
from sheettools.summary import write_summary
from test_periodstatus import small_master

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "sheettools"

# distribution name -> the module it is imported as
IMPORT_NAMES = {
    "python-calamine": "python_calamine",
    "python-docx": "docx",
    "imapclient": "imapclient",
    "beautifulsoup4": "bs4",
}
NOT_SHIPPED = {".gitignore"}  # tracked files the sdist does not need


def _setup_cfg() -> configparser.ConfigParser:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return cfg


def _names(block: str) -> list[str]:
    return [
        re.split(r"[<>=!\[; ]", r.strip(), maxsplit=1)[0].lower()
        for r in block.split("\n")
        if r.strip()
    ]


def _imports(path: Path) -> set[str]:
    out = set()
    for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(n, ast.Import):
            out |= {a.name.split(".")[0] for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.level == 0 and n.module:
            out.add(n.module.split(".")[0])
    return out


def test_every_runtime_dependency_is_used_and_no_heavy_one_is():
    declared = _names(_setup_cfg()["options"]["install_requires"])
    assert len(declared) == len(set(declared)), "a dependency is declared twice"
    by_module = {p: _imports(p) for p in SRC.rglob("*.py")}
    used = set().union(*by_module.values())
    for dist in declared:
        assert IMPORT_NAMES.get(dist, dist.replace("-", "_")) in used, (
            f"{dist} is declared, never imported"
        )
    assert "defusedxml" not in declared and "defusedxml" not in used
    assert "pandas" not in declared, "pandas is not a runtime dependency"
    # pandas only behind the optional extra, in the frames module
    assert {p.name for p, mods in by_module.items() if "pandas" in mods} <= {"frames.py"}
    assert "pandas" in _names(_setup_cfg()["options.extras_require"]["pandas"])


def test_every_dependency_has_a_lower_bound():
    cfg = _setup_cfg()
    blocks = [cfg["options"]["install_requires"], *cfg["options.extras_require"].values()]
    for block in blocks:
        for req in filter(None, (r.strip() for r in block.split("\n"))):
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[^\]]*\])?>=[0-9][0-9.]*", req), req


def _manifest_covers(rel: str, rules: list[tuple[str, list[str]]]) -> bool:
    for kind, args in rules:
        if kind == "include" and rel in args:
            return True
        if kind == "recursive-include":
            folder, pats = args[0], args[1:]
            if rel.startswith(folder.rstrip("/") + "/") and any(
                fnmatch.fnmatch(Path(rel).name, p) for p in pats
            ):
                return True
    return False


def test_the_sdist_manifest_covers_every_tracked_file():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist holds only what MANIFEST.in named)")
    rules = []
    for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if parts:
            assert parts[0] in ("include", "recursive-include"), f"MANIFEST.in: {line}"
            rules.append((parts[0], parts[1:]))
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    lacking = [f for f in tracked if f and f not in NOT_SHIPPED and not _manifest_covers(f, rules)]
    assert not lacking, f"add these to MANIFEST.in: {lacking}"
    assert (SRC / "py.typed").is_file()
    assert "conftest.py" in {Path(f).name for f in tracked if _manifest_covers(f, rules)}


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_generated_files_honour_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        master = tmp_path / "master.xlsx"
        store.save_master(small_master(), master)
        store.save_master(store.load_master(master), master)  # (and the .prev copy)
        out = tmp_path / "out"
        split_workbooks(master, "2023-Q2", out, now=dt.datetime(2023, 6, 1, 8, 0))
        summary = tmp_path / "TONGHOP.xlsx"
        write_summary(master, "2023-Q2", summary, as_of=dt.date(2023, 6, 30))
    finally:
        os.umask(old)
    made = [master, store.previous_path(master), summary, *out.iterdir()]
    assert len(made) > 4
    for p in made:
        assert stat.S_IMODE(p.stat().st_mode) == 0o666 & ~mask, p.name


def test_mypy_is_clean_on_the_package():
    """The package type-checks (config in pyproject.toml: the annotated code of
    src/sheettools). A new annotation that does not hold fails here, before CI."""
    res = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Success" in res.stdout
