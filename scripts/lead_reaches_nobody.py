#!/usr/bin/env python3
"""Every corpus plan of tests/data/plans read with the registry `units suggest` proposes for
it: how many of its tasks reach no unit (flag lead_reaches_no_unit), and of those how many
the clerk must give a lead one by one (``plan lead``, the plan page's "Nhiệm vụ chưa có đơn
vị chủ trì"): no lead cell (no_lead_unit) or a lead that is only a vague phrase (a group no
one can fill). The README's figures (session 14's landed tree: 69 of 116 plans, 358 of 4,021
tasks reach no unit; 219 to be given a lead one by one).

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
read = with_ = tasks_all = tasks_nobody = tasks_one_by_one = 0
for f in files:
    try:
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "u.xlsx")
            suggest_units(f, out)
            registry = Registry(*load_units_xlsx(out))
            tasks, rep = parse_plan(f, registry=registry)
    except Exception as e:
        print("refused", os.path.basename(f), type(e).__name__)
        continue
    leaves = [t for t in tasks if t.kind != "group"]
    n = one = 0
    for t in leaves:
        heads = [x.split(":", 1)[1].strip() for x in t.flags if x.startswith("lead_reaches")]
        n += bool(heads)
        groups = [registry.group_named(h) for h in heads]
        if "no_lead_unit" in t.flags or (heads and all(g is None or g.ignore for g in groups)):
            one += 1
    read += 1
    tasks_all += len(leaves)
    tasks_nobody += n
    tasks_one_by_one += one
    with_ += bool(n)
    print(f"{os.path.basename(f)[:60]:60} {len(leaves):4} {n:4} {one:4}")
print(
    f"plans read {read}, with such tasks {with_}; tasks {tasks_all}, reaching no unit "
    f"{tasks_nobody}; to be given a lead one by one (no lead, or a vague one) {tasks_one_by_one}"
)
