"""Benchmark: does ``store.save_master``'s forked cache writer pay?

``save_master`` (no ``ReportsStream``) marshals the cache's content in a forked child while
the parent writes the workbook. Measured here against the same save with the cache marshalled
in the process itself, after the workbook (the fork switched off), on a master with N report
rows (default 200,000), alternating, medians.

    python benchmarks/bench_save_fork.py               # 200,000 report rows, 5 pairs
    python benchmarks/bench_save_fork.py --rows 50000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from sheettools import store

    master = build(args.rows)
    fork, serial = [], []
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "master.xlsx"
        for i in range(args.repeat):
            took = {}
            for how in ("forked", "in-process")[
                :: 1 - 2 * (i % 2)
            ]:  # (which goes first alternates)
                t0 = time.perf_counter()
                if how == "forked":
                    store.save_master(master, path, keep_previous=False)
                else:
                    with mock.patch.object(store, "_fork_cache_body", return_value=None):
                        store.save_master(master, path, keep_previous=False)
                took[how] = time.perf_counter() - t0
                back = store.load_master(path)  # (the cache is valid either way)
                assert len(back.reports) == len(master.reports)
            fork.append(took["forked"])
            serial.append(took["in-process"])
            print(f"run {i + 1}: forked cache {fork[-1]:5.2f} s | in-process {serial[-1]:5.2f} s")
    mf, ms = statistics.median(fork), statistics.median(serial)
    print(
        f"{args.rows:,} rows: forked {mf:.2f} s, in-process {ms:.2f} s (medians of"
        f" {args.repeat}) -> in-process/forked = {ms / mf:.2f}x"
    )


if __name__ == "__main__":
    main()
