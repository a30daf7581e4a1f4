"""Shared fixtures: the seed plan, the sample registry, a master imported from them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "long-bien-2023"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "001_de1aa0e914454b0a.txt"
NOW = dt.datetime(2023, 6, 1, 9, 0, 0)


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in the default language: a CLI run with ``--lang en`` sets it for
    the process, which would leak into the tests that follow."""
    from sheettools.i18n import set_lang

    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The project's first real input (../shared/seeds), or its copy in samples/."""
    return SHARED_SEED if SHARED_SEED.exists() else SAMPLE / "plan.txt"


@pytest.fixture(scope="session")
def sample_units() -> Path:
    return SAMPLE / "units.xlsx"


def sample_office() -> dict[str, str]:
    """The sample's standing office letterhead (the Long Biên Fatherland Front committee), as
    ``plan import --office samples/long-bien-2023/office.toml`` writes it."""
    from sheettools.docinfo import load_office

    return load_office(ROOT / "samples" / "long-bien-2023" / "office.toml")


@pytest.fixture(scope="session")
def _seed_master_file(tmp_path_factory, seed_path, sample_units) -> Path:
    from sheettools.planimport import import_plan

    out = tmp_path_factory.mktemp("seedmaster") / "master.xlsx"
    import_plan(seed_path, out, units=sample_units, now=NOW, office=sample_office())
    return out


@pytest.fixture
def seed_master(tmp_path, _seed_master_file) -> Path:
    """A fresh copy of the master imported from the seed with the sample registry."""
    dst = tmp_path / "master.xlsx"
    shutil.copy(_seed_master_file, dst)
    return dst


def require_system_program(name: str, *candidates: str) -> str:
    """Path of a system program the tests drive for real. Missing: skip with the reason,
    unless SHEETTOOLS_REQUIRE_SYSTEM is set (CI), where it fails."""
    for c in (name, *candidates):
        p = shutil.which(c) or (c if os.path.isabs(c) and os.path.exists(c) else None)
        if p:
            return p
    msg = f"{name} is not installed (make test / .ci/run installs it from Debian's packages)"
    if os.environ.get("SHEETTOOLS_REQUIRE_SYSTEM"):
        pytest.fail(msg)
    pytest.skip(msg)
