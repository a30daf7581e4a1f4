"""Every deadline text of every plan in tests/data/plans -> parsed value and flags.

    PYTHONPATH=src python scripts/deadline_audit.py [--counts] [PLAN ...]

One line per task with a start or due text: ``plan | key | start | due -> due_date | flags``.
``--counts`` prints only the totals (parsed, recurring, compound, unparsed, none).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sheettools.planimport import parse_plan, resolve_mapping

PLANS = Path(__file__).resolve().parent.parent / "tests" / "data" / "plans"
SUFFIXES = {".md", ".txt", ".docx", ".xlsx", ".xls", ".ods", ".pdf", ".htm"}


def _plans(names: list[str]) -> list[Path]:
    if names:
        return [PLANS / n for n in names]
    return sorted(p for p in PLANS.iterdir() if p.suffix in SUFFIXES)


def main(argv: list[str]) -> int:
    counts_only = "--counts" in argv
    names = [a for a in argv if not a.startswith("--")]
    totals = {"tasks": 0, "parsed": 0, "recurring": 0, "compound": 0, "unparsed": 0, "none": 0}
    for path in _plans(names):
        try:
            tasks, _report = parse_plan(path, mapping=resolve_mapping(path, None) or None)
        except Exception as exc:  # an audit: say it and go on
            print(f"{path.name} | ERROR {exc}")
            continue
        for t in tasks:
            if t.kind == "group":
                continue
            totals["tasks"] += 1
            flags = [f for f in t.flags if f != "no_lead_unit"]
            if t.due_date:
                totals["parsed"] += 1
            elif t.recurring:
                totals["recurring"] += 1
            else:
                totals["none"] += 1
            totals["compound"] += any(f.startswith("compound_time") for f in flags)
            totals["unparsed"] += any(f.startswith("unparsed_time") for f in flags)
            if counts_only or not (t.start_raw or t.due_raw):
                continue
            start = " ".join(t.start_raw.split())
            due = " ".join(t.due_raw.split())
            rec = " recurring" if t.recurring else ""
            print(f"{path.name} | {t.key} | {start} | {due} -> {t.due_date}{rec} | {flags}")
    print(" ".join(f"{k}={v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
