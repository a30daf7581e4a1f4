"""Benchmark: ``status``, ``summary`` and ``report`` on a master with ~200,000 report rows, against a
straightforward pandas + openpyxl implementation of the same summary.

    .venv/bin/python benchmarks/bench_summary.py            # 600 units x 150 tasks x 2 versions
    .venv/bin/python benchmarks/bench_summary.py --units 60 # smaller
    .venv/bin/python benchmarks/bench_summary.py --repeat 3 # every phase 3 times, alternated;
                                                            # medians quoted
    git archive main src | tar -x -C /tmp/base              # against an earlier version:
    .venv/bin/python benchmarks/bench_summary.py --skip-baseline --repeat 5 --against /tmp/base/src

Each measurement runs in a fresh child process, which reports its wall time, its CPU time
(the machine is shared and noisy: CPU time is the steadier figure) and peak RSS.
Targets (issues 5, 13): summary, report and status < 5 s each, peak memory < 1.5 GiB. The report
is compared with merely reading the master with pandas (``pandas_read``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = dt.date(2023, 7, 20)
STATUSES = ("Chưa triển khai", "Đang thực hiện", "Hoàn thành", "Chậm tiến độ")


def build_master(path: Path, n_units: int, n_tasks: int, versions: int) -> int:
    from sheettools import store
    from sheettools.model import (
        KIND_GROUP,
        LEVEL_WARD,
        Master,
        PlanInfo,
        Report,
        Task,
        Unit,
        UnitGroup,
    )
    from sheettools.periods import default_periods

    units = [Unit(f"U{i:03d}", f"Đơn vị số {i}", level=LEVEL_WARD) for i in range(n_units)]
    groups = [UnitGroup("ALL", "Các đơn vị", members=[u.code for u in units])]
    tasks: list[Task] = []
    order = 0
    months = [3, 6, 6, 9, 12]
    for g in range(max(1, n_tasks // 15)):
        sec = "I" if g % 2 == 0 else "II"
        gkey = f"{sec}.{g + 1}"
        tasks.append(
            Task(gkey, sec, str(g + 1), kind=KIND_GROUP, content=f"Nhóm {g + 1}", order=order)
        )
        order += 1
    leaf = 0
    q1_keys = []
    while leaf < n_tasks:
        g = leaf % max(1, n_tasks // 15)
        sec = "I" if g % 2 == 0 else "II"
        key = f"{sec}.{g + 1}.{leaf + 1}"
        m = months[leaf % len(months)]
        t = Task(
            key, sec, f"{g + 1}.{leaf + 1}", parent=f"{sec}.{g + 1}", order=order,
            content=f"Nhiệm vụ {leaf + 1}: " + "nội dung dài " * 8,
            lead_units=[units[leaf % n_units].code], coordinating_units=["ALL"],
            due_raw=f"Tháng {m}/2023",
            due_date=dt.date(2023, m, 28).isoformat(),
            recurring=leaf % 17 == 0,
        )  # fmt: skip
        if m == 3:
            q1_keys.append(key)
        tasks.append(t)
        order += 1
        leaf += 1
    reports: list[Report] = []
    for ui, u in enumerate(units):
        if ui % 10 == 9:
            continue  # missing
        day = 10 + ui % 10  # some after the 15th: late
        for ti, t in enumerate(x for x in tasks if x.kind != KIND_GROUP):
            for v in range(1, versions + 1):
                st = STATUSES[(ui + ti + v) % len(STATUSES)] if (ui + ti) % 23 else None
                reports.append(
                    Report(
                        "2023-Q2", t.key, u.code, "lead" if u.code in t.lead_units else "coord",
                        v, st, progress=(ui * 7 + ti) % 101,
                        result=("=1+1 " if ti == 0 else "") + f"Kết quả {u.code} {t.key} v{v}",
                        completion_date="2023-06-10" if st == "Hoàn thành" else None,
                        received_at=f"2023-06-{day + v - 1:02d}T09:00:00",
                        source_file=f"{u.code}.xlsx", sha256="0" * 64,
                        verified=ui % 50 != 7, flags=["late"] if day > 15 else [],
                    )
                )  # fmt: skip
    leaves = [t.key for t in tasks if t.kind != KIND_GROUP]
    q1_keys = leaves[: max(len(q1_keys), round(n_tasks * 0.43))]  # ~200,000 rows at 600 units
    for u in units:
        for key in q1_keys:
            reports.append(
                Report("2023-Q1", key, u.code, "coord", 1, "Đang thực hiện",
                       received_at="2023-03-12T09:00:00", source_file=f"{u.code}_q1.xlsx")
            )  # fmt: skip
    m = Master(
        plan=PlanInfo(title="Benchmark", year=2023),
        tasks=tasks,
        units=units,
        groups=groups,
        periods=default_periods(2023),
        reports=reports,
    )
    store.save_master(m, path, keep_previous=False)
    return len(reports)


# --- the baseline: pandas + openpyxl ---------------------------------------------------------


def baseline_summary(master: Path, out: Path) -> None:
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    period, prev = "2023-Q2", "2023-Q1"
    plan = pd.read_excel(master, sheet_name="plan", dtype=str)
    periods = pd.read_excel(master, sheet_name="periods")
    reps = pd.read_excel(master, sheet_name="reports", dtype={"status": str, "result": str})
    groups = pd.read_excel(master, sheet_name="groups", dtype=str)
    due = pd.Timestamp(periods.set_index("code").loc[period, "due_date"]).date()
    end = pd.Timestamp(periods.set_index("code").loc[period, "end"]).date()
    asof = min(AS_OF, end)
    members = {
        r.code: str(r.members).split("; ")
        for r in groups.itertuples()
        if isinstance(r.members, str)
    }
    leaves = plan[plan["kind"] != "group"].copy()

    def expand(cell):
        out = []
        for c in str(cell).split("; ") if isinstance(cell, str) else []:
            out += members.get(c, [c])
        return out

    leaves["leads"] = leaves["lead_units"].map(expand)
    leaves["coords"] = leaves["coordinating_units"].map(expand)
    cur = reps[reps["period"] == period]
    latest = cur.sort_values("version").groupby(["key", "unit"], as_index=False).last()
    first = cur.groupby("unit")["received_at"].min()
    late_days = (pd.to_datetime(first).dt.date - due).map(lambda d: d.days)
    pairs = leaves[["key", "leads", "coords"]].explode("coords")
    expected_units = set(pairs["coords"].dropna()) | {u for ls in leaves["leads"] for u in ls}
    status_of = latest.set_index(["key", "unit"])["status"].to_dict()

    def task_status(row):
        sts = [status_of.get((row.key, u)) for u in row.leads]
        done = bool(sts) and all(s in ("Hoàn thành", "Hoàn thành trước hạn") for s in sts)
        return "Hoàn thành" if done else next((s for s in sts if isinstance(s, str)), None)

    leaves["status"] = [task_status(r) for r in leaves.itertuples()]
    leaves["due"] = pd.to_datetime(leaves["due_date"]).dt.date
    leaves["overdue"] = (
        (leaves["status"] != "Hoàn thành")
        & (leaves["recurring"] != "True")
        & (leaves["due"] < asof)
    )
    by_section = leaves.fillna({"status": "-"}).pivot_table(
        index="section", columns="status", values="key", aggfunc="count", fill_value=0
    )
    per_unit = latest.groupby("unit").agg(
        reported=("status", lambda s: s.notna().sum()),
        done=("status", lambda s: (s == "Hoàn thành").sum()),
    )
    prev_done = set(reps[(reps["period"] == prev) & (reps["status"] == "Hoàn thành")]["key"])

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng quan"
    ws.append(["Phần"] + list(by_section.columns))
    for sec, row in by_section.iterrows():
        ws.append([sec] + [int(x) for x in row])
    ch = BarChart()
    ch.type, ch.grouping, ch.overlap = "col", "stacked", 100
    ch.add_data(
        Reference(ws, min_col=2, max_col=ws.max_column, min_row=1, max_row=ws.max_row),
        titles_from_data=True,
    )
    ch.set_categories(Reference(ws, min_col=1, min_row=2, max_row=ws.max_row))
    ws.add_chart(ch, "L2")
    start = ws.max_row + 2
    ws.cell(start, 1, "Đơn vị")
    for code in sorted(expected_units):
        r = per_unit.loc[code] if code in per_unit.index else None
        ws.append([code, int(r.reported) if r is not None else 0, int(r.done) if r is not None else 0,
                   int(late_days.get(code, -1))])  # fmt: skip
    ch2 = BarChart()
    ch2.type = "bar"
    ch2.add_data(Reference(ws, min_col=3, min_row=start + 1, max_row=ws.max_row))
    ws.add_chart(ch2, "L20")
    det = wb.create_sheet("Chi tiết")
    det.append(["TT", "Nội dung", "Tình trạng", "Kết quả"])
    by_key = {k: g for k, g in latest.groupby("key")}
    status_by_key = dict(zip(leaves["key"], leaves["status"], strict=True))
    for row in plan.itertuples():
        if row.kind == "group":
            det.append([row.number, row.content])
            continue
        g = by_key.get(row.key)
        text = (
            ""
            if g is None
            else "\n".join(
                f"{u}: {r}" for u, r in zip(g["unit"], g["result"].fillna(""), strict=True)
            )
        )
        st = status_by_key.get(row.key)
        det.append([row.number, row.content, st, text[:32000]])
        c = det.cell(det.max_row, 4)
        c.data_type = "s"  # keep text that starts with '=' as text
    for w in wb.worksheets:
        w.page_setup.orientation = "landscape"
        w.page_setup.paperSize = 9
        w.freeze_panes = "A2"
        w.print_title_rows = "1:1"
        for r in w.iter_rows(max_row=2):
            for c in r:
                c.font = Font(name="Times New Roman")
    od = wb.create_sheet("Quá hạn")
    for row in leaves[leaves["overdue"]].itertuples():
        od.append([row.key, row.content, str(row.due), row.status])
    chg = wb.create_sheet("Thay đổi")
    for row in leaves[
        (leaves["status"] == "Hoàn thành") & ~leaves["key"].isin(prev_done)
    ].itertuples():
        chg.append(["Mới hoàn thành", row.key, row.content])
    wb.save(out)


# --- child-process phases ------------------------------------------------------------------


def run_phase(phase: str, master: Path, out: Path) -> None:
    t0 = time.perf_counter()
    c0 = time.process_time()
    if phase.startswith("build:"):
        n_units, n_tasks, versions = (int(x) for x in phase.split(":")[1:])
        print(json.dumps({"rows": build_master(master, n_units, n_tasks, versions)}))
        return
    if phase == "load":
        from sheettools.store import load_master

        load_master(master)
    elif phase == "status":
        from sheettools.periodstatus import status_report

        res = status_report(master, "2023-Q2", AS_OF)
        json.dumps(res, ensure_ascii=False)
    elif phase == "summary":
        from sheettools.summary import write_summary

        write_summary(master, "2023-Q2", out, as_of=AS_OF, force=True)
    elif phase == "report":
        from sheettools.report import write_report

        write_report(master, "2023-Q2", out.with_suffix(".docx"), as_of=AS_OF, force=True)
    elif phase == "baseline":
        baseline_summary(master, out)
    elif phase == "pandas_read":  # the report's baseline: only reading the master with pandas
        import pandas as pd

        pd.read_excel(master, sheet_name=None)
    else:
        raise SystemExit(f"unknown phase {phase}")
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0  # (wall time lies on a loaded machine; CPU time much less)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"phase": phase, "seconds": secs, "cpu": cpu, "peak_rss": rss}))


def child(phase: str, master: Path, out: Path, src: str | None = None) -> dict:
    """One phase in a fresh process; ``src``: import sheettools from that source tree."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    r = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--master", str(master), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if r.returncode:
        raise SystemExit(f"{phase} failed:\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--units", type=int, default=600)
    ap.add_argument("--tasks", type=int, default=150)
    ap.add_argument("--versions", type=int, default=2)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--phases", help="Only these phases, comma-separated (e.g. summary,report).")
    ap.add_argument("--repeat", type=int, default=1, help="Rounds of all phases (medians).")
    ap.add_argument(
        "--against",
        metavar="SRC",
        help="Also time summary and report with the sheettools in SRC (e.g. an earlier\n"
        "version: git archive main src | tar -x -C /tmp/base), alternated with this one.",
    )
    ap.add_argument("--keep", help="Folder to keep the master and outputs in.")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument("--master", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        run_phase(args.phase, Path(args.master), Path(args.out))
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_summary_"))
    folder.mkdir(parents=True, exist_ok=True)
    master = folder / "master.xlsx"
    t0 = time.perf_counter()
    # built in a child too, so the children timed below do not inherit a large peak RSS
    n = child(f"build:{args.units}:{args.tasks}:{args.versions}", master, master)["rows"]
    print(
        f"master: {args.units} units x {args.tasks} tasks x {args.versions} versions "
        f"(+Q1) = {n:,} report rows, {master.stat().st_size / 2**20:.1f} MiB, "
        f"built in {time.perf_counter() - t0:.1f} s"
    )
    phases = ("load", "status", "summary", "report")
    phases += () if args.skip_baseline else ("baseline", "pandas_read")
    if args.phases:
        phases = tuple(p for p in args.phases.split(",") if p)
    if args.against:
        import compileall

        compileall.compile_dir(args.against, quiet=1)
    against = tuple(p for p in ("summary", "report") if p in phases) if args.against else ()
    runs: dict[str, list[dict]] = {p: [] for p in phases + tuple(f"{p}@SRC" for p in against)}
    for round_ in range(args.repeat):  # alternated: each round runs every phase once
        for phase in phases:
            runs[phase].append(child(phase, master, folder / f"{phase}.xlsx"))
            if phase in against:
                out = folder / f"{phase}_against.xlsx"
                runs[f"{phase}@SRC"].append(child(phase, master, out, args.against))
        if args.repeat > 1:
            print(
                f"round {round_ + 1}: "
                + ", ".join(
                    f"{p} {rs[-1]['seconds']:.2f} s (CPU {rs[-1]['cpu']:.2f})"
                    for p, rs in runs.items()
                )
            )
    res = {
        p: {
            "seconds": statistics.median(r["seconds"] for r in rs),
            "cpu": statistics.median(r["cpu"] for r in rs),
            "peak_rss": max(r["peak_rss"] for r in rs),
        }
        for p, rs in runs.items()
    }
    label = f"median of {args.repeat}" if args.repeat > 1 else "one run"
    print(f"({label} per phase)")
    for phase, r in res.items():
        print(
            f"{phase:11s} {r['seconds']:7.2f} s   CPU {r['cpu']:6.2f} s   "
            f"peak RSS {r['peak_rss'] / 2**20:7.0f} MiB"
        )
    if "baseline" in res:
        ratio = res["baseline"]["seconds"] / res["summary"]["seconds"]
        print(
            f"summary {res['summary']['seconds']:.2f} s | baseline {res['baseline']['seconds']:.2f} s"
            f"  ratio baseline/summary: {ratio:.1f}x  (pandas + openpyxl vs sheettools)"
        )
        ratio = res["pandas_read"]["seconds"] / res["report"]["seconds"]
        print(
            f"report {res['report']['seconds']:.2f} s | pandas_read {res['pandas_read']['seconds']:.2f} s"
            f"  ratio pandas_read/report: {ratio:.1f}x  (pandas reading the master vs the whole report)"
        )
    for phase in against:
        b, t = res[f"{phase}@SRC"]["seconds"], res[phase]["seconds"]
        bc, tc = res[f"{phase}@SRC"]["cpu"], res[phase]["cpu"]
        print(
            f"{phase} {t:.2f} s (CPU {tc:.2f} s) | {phase} with {args.against} {b:.2f} s "
            f"(CPU {bc:.2f} s)  ratio: {b / t:.1f}x wall, {bc / tc:.1f}x CPU"
        )
    ok = all(res[k]["seconds"] < 5 for k in ("summary", "report", "status") if k in res)
    ok = ok and max(r["peak_rss"] for k, r in res.items() if k in phases and k != "baseline") < (
        1.5 * 2**30
    )
    print("targets (summary, report, status < 5 s, < 1.5 GiB):", "met" if ok else "NOT met")
    if not args.keep:
        for p in folder.iterdir():
            os.unlink(p)
        os.rmdir(folder)


if __name__ == "__main__":
    main()
