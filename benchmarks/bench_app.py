"""Benchmark: the desk's board page (``sheettools app``) against ``sheettools status`` on the
same master with ~200,000 report rows (built as in ``bench_summary.py``).

    .venv/bin/python benchmarks/bench_app.py             # 600 units x 150 tasks x 2 versions
    .venv/bin/python benchmarks/bench_app.py --units 60  # smaller

Both answer the same question (the period's analysis as of today). ``status`` runs as the clerk
would run it, a fresh ``sheettools status`` process; the board is a GET of ``/?period=2023-Q2``
from a running ``sheettools app`` (a separate process, over HTTP). Runs alternate; medians.
The board is measured three ways: warm (the app computes the board once per content of the
master and ahead of time whenever the master changes), 5 s after the master changed (the
background warm-up has run), and at once after a change (the worst case: load + analyse +
render while the clerk waits). Target (issue 15): the board answers in under 1 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def _bench_summary():
    spec = importlib.util.spec_from_file_location("bench_summary", HERE / "bench_summary.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sheettools(*args: str) -> list[str]:
    exe = BIN / "sheettools"
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "sheettools", *args]


def time_status(master: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        sheettools("status", str(master), "--period", "2023-Q2", "--format", "json"),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def time_board(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url + "/?period=2023-Q2", timeout=120) as r:
        body = r.read()
        assert r.status == 200
    return time.perf_counter() - t0, len(body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--units", type=int, default=600)
    ap.add_argument("--tasks", type=int, default=150)
    ap.add_argument("--versions", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="Folder to keep the master in (reused when present).")
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_app_"))
    folder.mkdir(parents=True, exist_ok=True)
    master = folder / "master.xlsx"
    if not master.exists():
        t0 = time.perf_counter()
        n = _bench_summary().child(
            f"build:{args.units}:{args.tasks}:{args.versions}", master, master
        )["rows"]
        print(f"master: {n:,} report rows, {master.stat().st_size / 2**20:.1f} MiB, "
              f"built in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, SHEETTOOLS_LANG="vi")
    server = subprocess.Popen(
        sheettools("app", str(master), "--port", str(port), "--no-browser"),
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the app did not start") from None
                time.sleep(0.1)
        first, size = time_board(url)
        print(f"board, first answer after start: {first:.2f} s ({size / 1024:.0f} KiB of HTML)")
        status, warm, changed, settled = [], [], [], []
        for _ in range(args.runs):  # alternate: status, board warm, board after a change
            status.append(time_status(master))
            warm.append(time_board(url)[0])
            os.utime(master)  # a new modification time: the app takes it as a new master
            changed.append(time_board(url)[0])
            os.utime(master)
            time.sleep(5)
            settled.append(time_board(url)[0])
        med = statistics.median
        print(f"sheettools status (fresh process):     median {med(status):.2f} s  {_fmt(status)}")
        print(f"board page, warm:                      median {med(warm):.3f} s  {_fmt(warm)}")
        print(
            f"board page, 5 s after a change:        median {med(settled):.3f} s  {_fmt(settled)}"
        )
        print(
            f"board page, at once after a change:    median {med(changed):.2f} s  {_fmt(changed)}"
        )
        print(f"ratio status / board warm: {med(status) / med(warm):.1f}x; "
              f"target board < 1 s: {'met' if med(warm) < 1 and med(settled) < 1 else 'NOT met'}"
              f" (warm and settled); at once after a change: {med(changed):.2f} s")  # fmt: skip
    finally:
        server.terminate()
        server.wait(10)
        if not args.keep:
            for p in folder.iterdir():
                os.unlink(p)
            os.rmdir(folder)


def _fmt(xs: list[float]) -> str:
    return "[" + ", ".join(f"{x:.2f}" for x in xs) + "]"


if __name__ == "__main__":
    main()
