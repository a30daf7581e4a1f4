"""Benchmark: ``sheettools plan import`` of a 1,000-row plan, side by side with the sample.

The big plan is an ``.xlsx`` made from the sample's own rows (content, leader, units and time
expressions as written), 20 Roman sections of 50 numbered tasks, its columns in another order
than the sample's and with an extra ``Kinh phí`` column, so that every step runs: column roles
by title, assembly, deadlines, unit resolution with the sample registry, writing the master.
Each run is a fresh process (imports included in the time, interpreter start not); the two
imports alternate and the medians are compared, wall time and the process's CPU time (the
machine is shared: CPU time is the figure that noise does not inflate).

Target (issue 11): the 1,000-row plan imports in under 2 s.

    python benchmarks/bench_import.py              # 5 alternating pairs
    python benchmarks/bench_import.py --repeat 3 --rows 2000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "long-bien-2023" / "plan.txt"
UNITS = ROOT / "samples" / "long-bien-2023" / "units.xlsx"
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()

RUN = r"""
import datetime as dt, json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from sheettools.planimport import import_plan
r = import_plan(sys.argv[1], sys.argv[2], units=sys.argv[3], now=dt.datetime(2023, 1, 20), force=True)
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "rows": r["rows"]}))
"""


def build(path: Path, rows: int) -> None:
    import xlsxwriter

    from sheettools.planimport import parse_plan

    tasks, _ = parse_plan(SAMPLE)
    leaves = [t for t in tasks if t.kind == "task" and t.lead_raw]
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet("Biểu tiến độ")
    ws.write_string(0, 0, "BIỂU TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH NĂM 2023")
    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành",
              "Lãnh đạo phụ trách", "Kinh phí", "Thời gian bắt đầu"]  # fmt: skip
    for c, h in enumerate(header):
        ws.write_string(1, c, h)
    r = 2
    per = max(1, rows // len(ROMAN))
    n = 0
    for sec in ROMAN:
        ws.write_string(r, 0, sec)
        ws.write_string(r, 1, f"MỤC {sec}")
        r += 1
        for i in range(1, per + 1):
            t = leaves[n % len(leaves)]
            n += 1
            vals = [
                str(i),
                t.content,
                t.lead_raw,
                t.coord_raw,
                t.due_raw,
                t.leader,
                "100",
                t.start_raw,
            ]
            for c, v in enumerate(vals):
                ws.write_string(r, c, v)
            r += 1
            if n >= rows:
                break
        if n >= rows:
            break
    wb.close()


def run(source: Path, out: Path) -> dict:
    res = subprocess.run(
        [sys.executable, "-c", RUN, str(source), str(out), str(UNITS)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "plan-1000.xlsx"
        build(big, args.rows)
        big_t, small_t, big_c, small_c = [], [], [], []
        big_rows = small_rows = 0
        for _ in range(args.repeat):
            r = run(big, Path(d) / "big.xlsx")
            big_t.append(r["seconds"])
            big_c.append(r["cpu"])
            big_rows = r["rows"]
            r = run(SAMPLE, Path(d) / "small.xlsx")
            small_t.append(r["seconds"])
            small_c.append(r["cpu"])
            small_rows = r["rows"]
    mb, ms = statistics.median(big_t), statistics.median(small_t)
    cb, cs = statistics.median(big_c), statistics.median(small_c)
    print(f"plan import, median of {args.repeat} alternating runs (fresh process each):")
    print("                               rows    wall s    CPU s   CPU ms/row")
    print(
        f"  sample plan.txt            {small_rows:5d}  {ms:8.3f} {cs:8.3f}   {cs / small_rows * 1000:8.2f}"
    )
    print(
        f"  big plan .xlsx             {big_rows:5d}  {mb:8.3f} {cb:8.3f}   {cb / big_rows * 1000:8.2f}"
    )
    print(
        f"  ratio big / sample: {mb / ms:.2f}x wall, {cb / cs:.2f}x CPU for {big_rows / small_rows:.2f}x rows"
    )
    print(f"  target: 1,000-row plan under 2 s -> {'OK' if max(mb, cb) < 2.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
