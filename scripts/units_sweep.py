"""Sweep ``units suggest`` over every real plan of tests/data/plans/ and print what it proposes.

Usage: PYTHONPATH=src python scripts/units_sweep.py [--json out.json] [plan-name-substring ...]

For each plan: the units proposed (name | aliases) and the groups, so that a person can
read every proposal and list those that are fragments, sentence pieces, persons or misspelt
duplicates (issue 11, item 7).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sheettools.planimport import KIND_GROUP, parse_plan, resolve_mapping
from sheettools.units import suggest_registry

PLANS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"
SKIP = {".json", ".map.json"}


def plans(filters: list[str]) -> list[Path]:
    out = []
    for p in sorted(PLANS.iterdir()):
        if p.suffix in (".json",) or p.name == "PROVENANCE.md":
            continue
        if filters and not any(f in p.name for f in filters):
            continue
        out.append(p)
    return out


def sweep(path: Path) -> dict:
    mapping = resolve_mapping(path, None)
    tasks, report = parse_plan(path, mapping=mapping or None)
    cells = [c for t in tasks if t.kind != KIND_GROUP for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells, issuer=report["identity"]["issuer"])
    return {
        "units": [[u.code, u.level, u.name, *u.aliases] for u in units],
        "groups": [[g.code, "ignore" if g.ignore else "", g.name, *g.aliases] for g in groups],
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("filters", nargs="*")
    args = ap.parse_args()
    result = {}
    for p in plans(args.filters):
        try:
            result[p.name] = sweep(p)
        except Exception as exc:  # noqa: BLE001 - a sweep reports and goes on
            result[p.name] = {"error": f"{type(exc).__name__}: {exc}"}
            print(f"== {p.name}: {result[p.name]['error']}")
            continue
        print(f"== {p.name}")
        for u in result[p.name]["units"]:
            print(f"  U {u[0]} [{u[1]}] {u[2]}" + (f"  | {' | '.join(u[3:])}" if u[3:] else ""))
        for g in result[p.name]["groups"]:
            print(f"  G {g[0]} {g[1]} {g[2]}" + (f"  | {' | '.join(g[3:])}" if g[3:] else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
