"""Print pip constraints pinning every declared dependency to its lower bound.

    python scripts/min_versions.py > .venv-min/constraints.txt
    .venv-min/bin/pip install -c .venv-min/constraints.txt -e '.[test,keyring,pandas]'

``make test-min`` does this in ``.venv-min`` and runs the suite there, so the lower bounds in
setup.cfg are ones the tests pass with. Development tools (ruff, mypy, build) keep their newest
versions: they check the code, they do not run it.
"""

from __future__ import annotations

import configparser
import re
import sys
from pathlib import Path

SETUP = Path(__file__).resolve().parent.parent / "setup.cfg"
UNPINNED = {"ruff", "mypy", "build"}


def requirements() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(SETUP, encoding="utf-8")
    reqs = cfg["options"]["install_requires"].split("\n")
    for extra in cfg["options.extras_require"].values():
        reqs += extra.split("\n")
    return [r.strip() for r in reqs if r.strip()]


def pins(reqs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in reqs:
        m = re.fullmatch(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", r)
        if m is None:
            raise SystemExit(f"setup.cfg: {r!r} has no lower bound (name>=version)")
        name, version = m.group(1).lower(), m.group(2)
        if name not in UNPINNED:
            out[name] = max(out.get(name, version), version, key=_vkey)
    return out


def _vkey(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def main() -> int:
    for name, version in sorted(pins(requirements()).items()):
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
