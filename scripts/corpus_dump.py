"""Dump every task of every real plan in tests/data/plans/ as one line of text, so that a
change to the importer can be checked by a diff: which plans it changed, and how.

Usage: PYTHONPATH=src python scripts/corpus_dump.py [plan-name-substring ...] > dump.txt

One block per plan (its year and task count, or the one-line refusal), then one line per
task: key, kind, lead as written | coordinating as written | due as written -> parsed date,
flags, and the first 70 characters of its content.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sheettools.errors import InputError
from sheettools.planimport import parse_plan, resolve_mapping

PLANS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"


def dump(path: Path) -> list[str]:
    try:
        tasks, report = parse_plan(path, mapping=resolve_mapping(path, None) or None)
    except InputError as exc:
        return [f"## {path.name}: refused: {exc}"]
    leaves = [t for t in tasks if t.kind != "group"]
    out = [f"## {path.name}: year {report.get('year')}, {len(leaves)} tasks"]
    for t in tasks:
        flags = ",".join(t.flags)
        out.append(
            f"{t.key}\t{t.kind}\t{t.lead_raw} | {t.coord_raw} | {t.due_raw} -> {t.due_date}"
            f"\t{flags}\t{t.content[:70]}"
        )
    return out


def main(argv: list[str]) -> int:
    for path in sorted(PLANS.iterdir()):
        if path.suffix == ".json" or path.name == "PROVENANCE.md" or path.is_dir():
            continue
        if argv and not any(a in path.name for a in argv):
            continue
        print("\n".join(dump(path)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
