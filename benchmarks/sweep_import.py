"""Sweep: read every document of a folder as a plan, as ``plan import`` does, and say which
crash, which are refused (and why), how many tasks each gives and how long each takes.

Made for a folder of real documents the project did not write (a repository of scraped legal
texts, an office's own archive): a crash is a bug to fix, a document refused with a clear
line is the expected answer for a text that is not a plan. With ``--compare`` it sets the
run beside an earlier one (``--out`` of another checkout): files whose outcome changed, and
the ratio of total CPU time, old / new. One process, one document at a time, each with a
time limit; CPU time is the figure quoted (the machine is shared).

    python benchmarks/sweep_import.py DOCS --out new.jsonl
    python benchmarks/sweep_import.py DOCS --out new.jsonl --compare old.jsonl
"""

from __future__ import annotations

import argparse
import collections
import json
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sheettools.errors import InputError  # noqa: E402
from sheettools.planimport import parse_plan  # noqa: E402


class _Slow(Exception):
    pass


def _alarm(*_args: object) -> None:
    raise _Slow()


def read_one(path: Path, limit: int) -> dict:
    """One document's outcome: tasks (with how many lack a lead unit or a deadline), or the
    one-line refusal, or the crash with its traceback, or ``slow``; and its times."""
    rec: dict = {"file": path.name}
    t0, c0 = time.perf_counter(), time.process_time()
    signal.alarm(limit)
    try:
        tasks, _report = parse_plan(path)
        real = [t for t in tasks if t.kind != "group"]
        rec["tasks"] = len(real)
        rec["no_lead"] = sum(1 for t in real if "no_lead_unit" in t.flags)
        rec["due"] = sum(1 for t in real if t.due_date)
    except InputError as exc:
        rec["refused"] = exc.one_line().replace(str(path), "").lstrip(": ")[:200]
    except _Slow:
        rec["slow"] = True
    except Exception as exc:  # a crash: what the sweep is for
        rec["crash"] = f"{type(exc).__name__}: {exc}"[:300]
        rec["traceback"] = traceback.format_exc()[-1500:]
    finally:
        signal.alarm(0)
    rec["seconds"] = round(time.perf_counter() - t0, 3)
    rec["cpu"] = round(time.process_time() - c0, 3)
    return rec


def _outcome(rec: dict) -> object:
    return {k: v for k, v in rec.items() if k not in ("seconds", "cpu", "traceback")}


def summary(recs: list[dict]) -> None:
    crashes = [r for r in recs if "crash" in r]
    print(f"{len(recs)} documents: {sum('tasks' in r for r in recs)} read as plans, "
          f"{sum('refused' in r for r in recs)} refused, {len(crashes)} crashed, "
          f"{sum('slow' in r for r in recs)} over the time limit")  # fmt: skip
    reasons = collections.Counter(r["refused"][:45] for r in recs if "refused" in r)
    for reason, n in reasons.most_common(4):
        print(f"  refused {n:5}: {reason}…")
    for r in crashes:
        print(f"  CRASH {r['file']}: {r['crash']}")
    cpu = sorted(r["cpu"] for r in recs)
    if cpu:
        print(
            f"CPU: total {sum(cpu):.1f} s, median {cpu[len(cpu) // 2]:.3f} s, max {cpu[-1]:.2f} s"
        )


def compare(old: list[dict], new: list[dict]) -> None:
    before = {r["file"]: r for r in old}
    changed = [r for r in new if r["file"] in before and _outcome(before[r["file"]]) != _outcome(r)]
    for r in changed:
        print(f"  changed {r['file']}: {_outcome(before[r['file']])} -> {_outcome(r)}")
    both = [r for r in new if r["file"] in before]
    a, b = sum(before[r["file"]]["cpu"] for r in both), sum(r["cpu"] for r in both)
    print(f"{len(both)} documents in both runs, {len(changed)} outcomes changed; "
          f"CPU old {a:.1f} s | new {b:.1f} s | ratio {a / b:.2f}x")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, required=True, help="JSON lines, one per document")
    ap.add_argument("--compare", type=Path, help="an earlier run's --out")
    ap.add_argument("--limit", type=int, default=30, help="seconds per document")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    recs = []
    with args.out.open("w", encoding="utf-8") as out:
        for path in sorted(p for p in args.folder.iterdir() if p.is_file()):
            rec = read_one(path, args.limit)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            recs.append(rec)
    summary(recs)
    if args.compare:
        old = [json.loads(line) for line in args.compare.read_text(encoding="utf-8").splitlines()]
        compare(old, recs)
    return 1 if any("crash" in r for r in recs) else 0


if __name__ == "__main__":
    sys.exit(main())
