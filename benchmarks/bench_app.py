"""Benchmark: the desk's board page (``sheettools app``) against ``sheettools status`` on the
same master with ~200,000 report rows (built as in ``bench_summary.py``).

    .venv/bin/python benchmarks/bench_app.py             # 600 units x 150 tasks x 2 versions
    .venv/bin/python benchmarks/bench_app.py --units 60  # smaller
    git archive <commit> src | tar -x -C /tmp/before     # before/after, side by side:
    .venv/bin/python benchmarks/bench_app.py --against /tmp/before/src --keep /tmp/b

Both answer the same question (the period's analysis as of today). ``status`` runs as the clerk
would run it, a fresh ``sheettools status`` process; the board is a GET of ``/?period=2023-Q2``
from a running ``sheettools app`` (a separate process, over HTTP). Every run starts the app
afresh (with ``--against``: each version in turn, alternating); medians. Measured:

* the first board after the app started on content it never showed (no ``.<master>.board.json``
  beside the master): the page's answer, and when its figures are on it (a "đang tải" page
  polls /board/ready and reloads itself, as the browser does); also from the start of the
  process (the launcher double-clicked) to the figures;
* the first board after the app started again on the same content (the board it kept);
* warm: nothing changed since the last answer;
* after the clerk's own action: a returned workbook dropped on "Nhận báo cáo" (POST, then the
  page polls the action until it is done, as the browser does), then the board — the action
  computes the new board before it reports done;
* at once after another program wrote the master (a real save, as ``sheettools merge`` from a
  terminal would: lock, load, log line, save), the board asked for the moment the save ends:
  the page's answer, and when the new figures are on it;
* 5 s after that write (the app's watcher has computed the new board by then).

Target (issue 15): the board answers in under 1 s.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import importlib.util
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
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
    t, body = get_board(url)
    assert b"board/ready" not in body, "the board showed the previous figures"
    return t, len(body)


def get_board(url: str) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    with OPENER.open(url + "/?period=2023-Q2", timeout=120) as r:
        body = r.read()
        assert r.status == 200
    return time.perf_counter() - t0, body


OPENER = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
WRITE = """
import datetime as dt, sys
from sheettools.store import editing
with editing(sys.argv[1], "bench", dt.datetime.now()) as e:
    e.summary = "another program saved the master"
"""


def external_write(master: Path) -> None:
    """Another program (a terminal command) changes the master: a real save."""
    subprocess.run([sys.executable, "-c", WRITE, str(master)], check=True)


def csrf_token(url: str) -> str:
    with OPENER.open(url + "/receive?period=2023-Q2", timeout=120) as r:
        body = r.read().decode()
    return body.split('"X-CSRF-Token": "', 1)[1].split('"', 1)[0]


def drop_return(url: str, token: str, workbook: Path) -> float:
    """Drop ``workbook`` on "Nhận báo cáo" and wait until the action says it is done."""
    boundary = uuid.uuid4().hex
    data = workbook.read_bytes()
    body = b"".join(
        [
            f'--{boundary}\r\nContent-Disposition: form-data; name="period"\r\n\r\n'
            f"2023-Q2\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{workbook.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    req = urllib.request.Request(
        url + "/receive",
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRF-Token": token,
            "HX-Request": "true",
        },
    )
    t0 = time.perf_counter()
    with OPENER.open(req, timeout=120) as r:
        html = r.read().decode()
    while 'hx-get="/jobs/' in html:
        job = html.split('hx-get="/jobs/', 1)[1].split('"', 1)[0]
        time.sleep(0.4)  # the page polls every 0.4 s
        with OPENER.open(url + "/jobs/" + job, timeout=120) as r:
            html = r.read().decode()
    if "banner error" in html:
        raise SystemExit("the drop failed: " + html[:500])
    return time.perf_counter() - t0


def split_one(master: Path, folder: Path) -> Path:
    """One unit's workbook for 2023-Q2 (what the unit sends back, here unchanged)."""
    out = folder / "outbox"
    units = subprocess.run(
        sheettools("units", "list", str(master), "--format", "json"),
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    import json

    code = next(u["code"] for u in json.loads(units) if u.get("reports", True))
    subprocess.run(
        sheettools("split", str(master), "-p", "2023-Q2", "-o", str(out), "--unit", code,
                   "--force"),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return next(p for p in out.glob("*.xlsx"))


def start_app(master: Path, src: str | None) -> tuple[subprocess.Popen, str, float]:
    """``sheettools app`` on ``master`` (from the source tree ``src`` when given): (process,
    url, seconds from the process start until it accepts connections)."""
    port = free_port()
    env = dict(os.environ, SHEETTOOLS_LANG="vi")
    cmd = sheettools("app", str(master), "--port", str(port), "--no-browser")
    if src:
        env["PYTHONPATH"] = src
        cmd = [sys.executable, "-m", "sheettools", *cmd[cmd.index("app") :]]
    t0 = time.perf_counter()
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("the app did not start") from None
            time.sleep(0.02)
    return server, f"http://127.0.0.1:{port}", time.perf_counter() - t0


def stop_app(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(10)


def first_board(url: str) -> tuple[float, float]:
    """The board asked for at once: (time to the page, time until its figures are on it)."""
    t0 = time.perf_counter()
    answer, body = get_board(url)
    waiting = b"board/ready" in body
    while waiting:
        time.sleep(0.05)  # (the page polls every 0.7 s; finer here, to time the computation)
        with OPENER.open(url + "/board/ready?period=2023-Q2", timeout=120) as r:
            if r.status == 200:
                break
    if waiting:
        _, body = get_board(url)
        assert b"board/ready" not in body
    return answer, time.perf_counter() - t0


def one_run(master: Path, folder: Path, src: str | None, workbook: Path, m: dict) -> None:
    """One run of every measurement on one version of the app (``src``), into ``m``."""
    kept = master.with_name(f".{master.name}.board.json")
    kept.unlink(missing_ok=True)
    external_write(master)  # (content no app has shown yet)
    server, url, up = start_app(master, src)
    try:
        answer, figures = first_board(url)
        m["first start: board page"].append(answer)
        m["  ... its figures on the page"].append(figures)
        m["  ... from the process start"].append(up + figures)
    finally:
        stop_app(server)
    server, url, up = start_app(master, src)
    try:
        answer, figures = first_board(url)
        m["started again, same content: board page"].append(answer)
        m["  ... its figures on the page "].append(figures)
        m["  ... from the process start "].append(up + figures)
        token = csrf_token(url)
        m["board page, warm"].append(time_board(url)[0])
        m["drop a return (the action, until done)"].append(drop_return(url, token, workbook))
        m["board page, after the clerk's own drop"].append(time_board(url)[0])
        external_write(master)
        answer, new_figures = first_board(url)
        m["board page, at once after another write"].append(answer)
        m["  ... until its new figures are shown"].append(new_figures)
        external_write(master)
        time.sleep(5)
        m["board page, 5 s after another write"].append(time_board(url)[0])
    finally:
        stop_app(server)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--units", type=int, default=600)
    ap.add_argument("--tasks", type=int, default=150)
    ap.add_argument("--versions", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="Folder to keep the master in (reused when present).")
    ap.add_argument(
        "--against", help="Another version's src/ folder: run its app too, alternating."
    )
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
    sides = {"this": None} if not args.against else {"before": args.against, "after": None}
    results: dict[str, dict[str, list[float]]] = {k: {} for k in sides}
    status: list[float] = []
    try:
        workbook = split_one(master, folder)
        for _ in range(args.runs):  # alternate: status, then each version's app
            status.append(time_status(master))
            for side, src in sides.items():
                m = results[side]
                for k in LABELS:
                    m.setdefault(k, [])
                one_run(master, folder, src, workbook, m)
        med = statistics.median
        print(f"{'sheettools status (fresh process):':44s} median {med(status):6.3f} s  "
              f"{_fmt(status)}")  # fmt: skip
        head = "".join(f"{side:>24s}" for side in sides)
        print(f"{'':44s}{head}")
        for label in LABELS:
            cells = "".join(
                f"  median {med(results[s][label]):6.3f} s {_fmt(results[s][label]):>6s}"
                if len(sides) == 1 else f"{med(results[s][label]):18.3f} s {'':4s}"
                for s in sides
            )  # fmt: skip
            ratio = ""
            if len(sides) == 2:
                b, a = med(results["before"][label]), med(results["after"][label])
                ratio = f"  before/after {b / a:5.1f}x" if a > 0 else ""
            print(f"{label + ':':44s}{cells}{ratio}")
        last = results[list(sides)[-1]]
        answers = [k for k in LABELS if k.startswith(("board page", "first start", "started"))]
        ok = all(med(last[k]) < 1 for k in answers)
        print(f"ratio status / board warm: {med(status) / med(last['board page, warm']):.1f}x; "
              f"target board page < 1 s: {'met' if ok else 'NOT met'} (every page answer above)")  # fmt: skip
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)


LABELS = [
    "first start: board page",
    "  ... its figures on the page",
    "  ... from the process start",
    "started again, same content: board page",
    "  ... its figures on the page ",
    "  ... from the process start ",
    "board page, warm",
    "drop a return (the action, until done)",
    "board page, after the clerk's own drop",
    "board page, at once after another write",
    "  ... until its new figures are shown",
    "board page, 5 s after another write",
]


def _fmt(xs: list[float]) -> str:
    return "[" + ", ".join(f"{x:.2f}" for x in xs) + "]"


if __name__ == "__main__":
    main()
