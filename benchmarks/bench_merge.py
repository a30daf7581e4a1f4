"""Benchmark: ``sheettools merge`` on N returned unit workbooks of 150 rows (default 1,000).

The files are made by the project's own split from a synthetic master (N units, 150 tasks that
every unit reports on), so they carry real manifests, validations and protection. Measured, each
in a fresh process (peak RSS of the process and its children):

* merge   ``merge_files`` end to end: read (isolated workers), check, save the master;
* (a)     ``pandas.read_excel(engine="openpyxl")`` on each file + ``pd.concat``: what a user writes;
* (b)     python-calamine alone, in one process, reading every sheet of every file.

Target (issue 4): merge at least 10x faster than (a) and at most 1.5x (b); peak under 1 GiB.

    python benchmarks/bench_merge.py            # 1,000 files, 5 alternating pairs, then (a)
    python benchmarks/bench_merge.py --files 100 --repeat 3 --skip-pandas
    python benchmarks/bench_merge.py --filled --dir /tmp/bm-filled   # every input cell typed
    # this source against another one (e.g. ``git archive main src | tar -x -C /tmp/base``),
    # merge alone, runs alternating, medians and their ratio:
    python benchmarks/bench_merge.py --filled --dir /tmp/bm --files 300 --baseline /tmp/base/src
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = dt.datetime(2023, 6, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
ROWS = 150


def build(folder: Path, n_files: int) -> tuple[Path, Path]:
    from sheettools.model import Master, PlanInfo, Task, Unit
    from sheettools.periods import default_periods
    from sheettools.split import split_workbooks
    from sheettools.store import save_master

    codes = [f"U{i:04d}" for i in range(n_files)]
    tasks = [
        Task(
            key=f"II.1.{i}",
            section="II",
            number=f"1.{i}",
            content=f"Nhiệm vụ số {i}: tổ chức thực hiện nội dung của kế hoạch năm 2023",
            lead_units=[codes[i % n_files]],
            coordinating_units=codes,
            due_date="2023-06-30",
            due_raw="Quý II/2023",
        )
        for i in range(1, ROWS + 1)
    ]
    units = [Unit(code=c, name=f"Đơn vị số {c[1:]}", level="ward") for c in codes]
    master = Master(
        plan=PlanInfo(title="bench", year=2023),
        tasks=tasks,
        units=units,
        periods=default_periods(2023),
    )
    mp = folder / "master.xlsx"
    save_master(master, mp)
    out = folder / "returns"
    split_workbooks(mp, "2023-Q2", out, now=NOW)
    (out / "manifest.csv").unlink()
    shutil.copy(mp, folder / "master.orig.xlsx")
    return mp, out


STATUSES = ["Hoàn thành", "hoan thanh", "Đang thực hiện", "đang triển khai", "Chưa thực hiện", "HT"]
RESULTS = [
    "Đã tổ chức 3 hội nghị triển khai, 250 lượt người tham dự",
    "Hoàn thành rà soát 14 phường; tổng hợp báo cáo gửi UBND quận",
    "Đang phối hợp với các đơn vị liên quan để hoàn thiện hồ sơ",
]


def fill_one(path: str) -> None:
    """Fill every input cell of one returned workbook, as units type them (openpyxl)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        ids = next((r for r in ws.iter_rows(max_row=10) if any(c.value == "#key" for c in r)), None)
        if ids:
            break
    else:
        raise ValueError(f"{path}: no field-id row")
    col = {c.value[1:]: c.column for c in ids if isinstance(c.value, str) and c.value[:1] == "#"}
    for i, row in enumerate(ws.iter_rows(min_row=ids[0].row + 1), start=1):
        if not row[col["key"] - 1].value:
            continue
        ws.cell(row[0].row, col["status"], STATUSES[i % len(STATUSES)])
        ws.cell(row[0].row, col["progress"], [100, "50%", 0.75, "30"][i % 4])
        ws.cell(row[0].row, col["result"], RESULTS[i % len(RESULTS)])
        done = [dt.datetime(2023, 5, 1 + i % 28), f"{1 + i % 28}/6/2023", None][i % 3]
        ws.cell(row[0].row, col["completion_date"], done)
        if i % 5 == 0:
            ws.cell(row[0].row, col["difficulties"], "Thiếu kinh phí; đề nghị quận hỗ trợ")
    wb.save(path)


def fill(out: Path) -> None:
    import multiprocessing

    with multiprocessing.Pool(os.cpu_count() or 2) as pool:
        pool.map(fill_one, sorted(map(str, out.glob("*.xlsx"))), chunksize=20)


def mail_meta(returns: Path, wanted: bool) -> int:
    """Write (or remove) the `.meta.json` beside each return; the count written."""
    n = 0
    for f in sorted(returns.glob("*.xlsx")):
        meta = f.with_name(f.name + ".meta.json")
        if not wanted:
            meta.unlink(missing_ok=True)
            continue
        meta.write_text(json.dumps({"message_date": "2023-06-14T10:00:00+07:00"}), "utf-8")
        n += 1
    return n


def peak_mib() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(me, kids) / 1024


def run_phase(phase: str, folder: Path, reader_timeout: float | None = None) -> dict:
    files = sorted((folder / "returns").glob("*.xlsx"))
    t0 = time.perf_counter()
    out: dict = {}
    if phase == "merge":
        from sheettools.merge import merge_files

        kw: dict = {}
        if reader_timeout:  # (under valgrind a worker runs ~50x slower than its 20 s allow)
            from sheettools.safety import Limits

            kw["limits"] = Limits(timeout_s=reader_timeout)
        res = merge_files(
            folder / "master.xlsx", [folder / "returns"], now=NOW, period="2023-Q2", **kw
        )
        out["timings"] = res["timings"]
        out["totals"] = res["totals"]
    elif phase == "pandas":
        import pandas as pd

        frames = [pd.read_excel(f, engine="openpyxl", sheet_name=None) for f in files]
        df = pd.concat([d for fr in frames for d in fr.values()], ignore_index=True)
        out["rows"] = len(df)
    elif phase == "calamine":
        from python_calamine import CalamineWorkbook

        n = 0
        for f in files:
            wb = CalamineWorkbook.from_path(str(f))
            for name in wb.sheet_names:
                n += len(wb.get_sheet_by_name(name).to_python())
        out["rows"] = n
    out["seconds"] = time.perf_counter() - t0
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    out["cpu"] = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime  # (less noisy)
    out["peak_mib"] = peak_mib()
    return out


def phase_in_child(phase: str, folder: Path, src: str | None = None) -> dict:
    """Run one phase in a fresh process; ``src``: import sheettools from that folder."""
    if phase == "merge":  # start from the master as split left it
        shutil.copy(folder / "master.orig.xlsx", folder / "master.xlsx")
        for p in folder.glob("master.prev.xlsx"):
            p.unlink()
    cmd = [sys.executable, __file__, "--phase", phase, "--dir", str(folder)]
    env = dict(os.environ, PYTHONPATH=src) if src else None
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--dir", help="reuse/keep the generated files in this folder")
    ap.add_argument("--skip-pandas", action="store_true", help="skip baseline (a) (slow)")
    ap.add_argument("--repeat", type=int, default=5, help="merge/calamine pairs (default 5)")
    ap.add_argument(
        "--filled",
        action="store_true",
        help="fill every input cell as units type them (statuses, percentages, dates, text);"
        " with --dir, a folder of its own",
    )
    ap.add_argument(
        "--baseline",
        metavar="SRC",
        help="a folder holding another sheettools package (its src/): time its merge against"
        " this one's, alternating, --repeat pairs",
    )
    ap.add_argument(
        "--mail-meta",
        action="store_true",
        help="give each file the .meta.json `mail fetch` writes beside it (its message time), "
        "as returns fetched by mail have; without it every row is flagged 'time from the "
        "file's date', work the code before issue 10 did not do",
    )
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    ap.add_argument(
        "--reader-timeout",
        type=float,
        metavar="S",
        help="with --phase merge: the reader workers' per-file timeout (for a run under "
        "valgrind, where a worker is ~50x slower than the 20 s it is allowed)",
    )
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, Path(args.dir), args.reader_timeout)))
        return
    # as an installed package is: compiled (pip compiles what it installs; an editable install
    # under PYTHONDONTWRITEBYTECODE would compile every module in every worker it starts)
    import compileall

    import sheettools

    compileall.compile_dir(Path(sheettools.__file__).parent, quiet=1)
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="bench_merge_"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if not (folder / "master.orig.xlsx").exists():
            t0 = time.perf_counter()
            build(folder, args.files)
            if args.filled:
                fill(folder / "returns")
            print(
                f"setup: split {args.files} files of {ROWS} rows"
                f"{' and filled them' if args.filled else ''} in {time.perf_counter() - t0:.1f} s"
            )
        n = len(list((folder / "returns").glob("*.xlsx")))
        metas = mail_meta(folder / "returns", args.mail_meta)
        print(f"files: {n} x {ROWS} rows ({metas} with a mail .meta.json); cpus: {os.cpu_count()}")
        if args.baseline:
            compare(folder, args.baseline, args.repeat)
            return
        # merge and (b) alternate, so both see the same state of a shared machine; the
        # figures quoted are the medians
        runs = []
        for i in range(args.repeat):
            merge = phase_in_child("merge", folder)
            calamine = phase_in_child("calamine", folder)
            t = merge["timings"]
            ratio = merge["seconds"] / calamine["seconds"]
            runs.append((merge, calamine, ratio))
            print(
                f"run {i + 1}: merge {merge['seconds']:5.2f} s (read {t['read']:.2f}, check"
                f" {t['check']:.2f}, save {t['save']:.2f}; peak {merge['peak_mib']:.0f} MiB;"
                f" cpu {merge['cpu']:.2f} s) | calamine alone {calamine['seconds']:5.2f} s"
                f" (cpu {calamine['cpu']:.2f} s) | ratio {ratio:.2f}"
            )
        merge = statistics.median(r[0]["seconds"] for r in runs)
        calamine = statistics.median(r[1]["seconds"] for r in runs)
        ratio = statistics.median(r[2] for r in runs)
        peak = max(r[0]["peak_mib"] for r in runs)
        print(f"   totals: {runs[-1][0]['totals']}")
        print(f"merge end to end : {merge:7.2f} s  (median of {len(runs)})  peak {peak:6.0f} MiB")
        print(
            f"(b) calamine alone: {calamine:7.2f} s  (median)  -> merge/calamine = {ratio:.2f}x"
            " (median of the runs' ratios; target <= 1.5x)"
        )
        cpu_ratio = statistics.median(r[0]["cpu"] / r[1]["cpu"] for r in runs)
        print(
            f"cpu (all processes): merge {statistics.median(r[0]['cpu'] for r in runs):.2f} s,"
            f" calamine {statistics.median(r[1]['cpu'] for r in runs):.2f} s -> {cpu_ratio:.2f}x"
            " (merge's work on both cores against calamine's on one: less sensitive to other"
            " jobs on a shared machine than the wall-clock ratio)"
        )
        if not args.skip_pandas:
            pandas = phase_in_child("pandas", folder)
            print(
                f"(a) pandas+openpyxl: {pandas['seconds']:7.2f} s  peak {pandas['peak_mib']:6.0f} MiB"
                f"  -> pandas/merge = {pandas['seconds'] / merge:.1f}x (target >= 10x)"
            )
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)


def compare(folder: Path, baseline: str, repeat: int) -> None:
    """Merge with the baseline source and with this one, alternating; medians and ratio."""
    import compileall

    this_src = str(Path(__file__).resolve().parents[1] / "src")
    for src in (baseline, this_src):  # (both compiled: the one imported is not always this one)
        compileall.compile_dir(src, quiet=1)
    runs: dict[str, list[dict]] = {"baseline": [], "this": []}
    # both imported the same way (PYTHONPATH, not this checkout's editable-install hook), and
    # which goes first alternates: the second of a pair was slower in an A/A test
    for i in range(repeat):
        order = [("baseline", baseline), ("this", this_src)]
        res = dict(
            (name, phase_in_child("merge", folder, src)) for name, src in order[:: 1 - 2 * (i % 2)]
        )
        b, t = res["baseline"], res["this"]
        runs["baseline"].append(b)
        runs["this"].append(t)
        print(
            f"run {i + 1}: baseline {b['seconds']:5.2f} s | this {t['seconds']:5.2f} s"
            f" | this/baseline {t['seconds'] / b['seconds']:.2f}"
        )
    for part in ("seconds", "cpu", "read", "check", "save"):
        mb, mt = (
            statistics.median(
                r[part] if part in ("seconds", "cpu") else r["timings"][part] for r in rs
            )
            for rs in (runs["baseline"], runs["this"])
        )
        print(f"median {part:7}: baseline {mb:5.2f} s, this {mt:5.2f} s -> {mt / mb:.2f}x")


if __name__ == "__main__":
    main()
