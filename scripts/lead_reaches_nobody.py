#!/usr/bin/env python3
"""Every corpus plan of tests/data/plans read with the registry `units suggest` proposes for
it: how many of its tasks reach no unit (flag lead_reaches_no_unit). The README's figure (session 13's landed tree: 67 of 108 plans, 356 of 3,944 tasks).

    PYTHONPATH=src .venv/bin/python scripts/lead_reaches_nobody.py
"""

import glob
import os
import tempfile

from sheettools.planimport import parse_plan, suggest_units
from sheettools.units import Registry, load_units_xlsx

KINDS = ("md", "txt", "docx", "doc", "pdf", "htm", "xlsx", "xls", "ods", "csv")
files = sorted(
    f
    for f in glob.glob("tests/data/plans/*")
    if f.rsplit(".", 1)[-1] in KINDS and "PROVENANCE" not in f
)
read = with_ = tasks_all = tasks_nobody = 0
for f in files:
    try:
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "u.xlsx")
            suggest_units(f, out)
            tasks, rep = parse_plan(f, registry=Registry(*load_units_xlsx(out)))
    except Exception as e:
        print("refused", os.path.basename(f), type(e).__name__)
        continue
    leaves = [t for t in tasks if t.kind != "group"]
    n = sum(1 for t in leaves if any(x.startswith("lead_reaches_no_unit") for x in t.flags))
    read += 1
    tasks_all += len(leaves)
    tasks_nobody += n
    with_ += bool(n)
    print(f"{os.path.basename(f)[:60]:60} {len(leaves):4} {n:4}")
print(
    f"plans read {read}, with such tasks {with_}; tasks {tasks_all}, reaching no unit {tasks_nobody}"
)
