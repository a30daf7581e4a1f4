"""Benchmark: saving and loading a master with 200,000 report rows.

Compares, in one run:
* ``store.save_master`` (the streaming OOXML writer in ``xlsxfast`` + the content cache) with
  the same sheets written cell by cell through xlsxwriter (constant_memory), the obvious way;
* ``store.load_master`` from the cache, and from the workbook itself (``use_cache=False``),
  the path taken after a person edited the master in Excel.

    python benchmarks/bench_store.py            # 200,000 report rows
    python benchmarks/bench_store.py --rows 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path


def build(n: int):
    from sheettools.model import Master, Report, Task, Unit
    from sheettools.periods import default_periods

    m = Master()
    m.plan.year, m.plan.title = 2023, "Biểu tiến độ"
    m.tasks = [
        Task(key=f"II.1.{i}", section="II", number=f"1.{i}", content=f"Nhiệm vụ số {i} của kế hoạch năm 2023",
             lead_units=[f"U{i % 600:03d}"], due_date="2023-06-30")
        for i in range(150)
    ]  # fmt: skip
    m.units = [
        Unit(code=f"U{i:03d}", name=f"Đơn vị {i}", email=[f"u{i}@x.example"]) for i in range(600)
    ]
    m.periods = default_periods(2023)
    m.reports = [
        Report(period="2023-Q2", key=f"II.1.{i % 150}", unit=f"U{(i // 150) % 600:03d}", version=1 + i // 90000,
               status="Đang thực hiện", progress=(i * 7) % 101, result=f"Đã triển khai {i} nội dung; đạt kế hoạch",
               completion_date="2023-06-10" if i % 3 == 0 else None, difficulties="" if i % 5 else "Thiếu kinh phí",
               received_at="2023-06-14T10:00:00+07:00", source_file=f"2023-Q2_U{(i // 150) % 600:03d}.xlsx",
               sha256=f"{i:064x}", merged_at="2023-06-20T09:00:00+07:00")
        for i in range(n)
    ]  # fmt: skip
    return m


def xlsxwriter_save(master, path: Path) -> None:
    """The same sheets, cell by cell, through xlsxwriter (what a first version would do)."""
    from sheettools.store import MASTER_ATTR, SHEETS
    from sheettools.xlsxio import new_workbook

    wb = new_workbook(str(path), constant_memory=True)
    for sheet, (_cls, fields) in SHEETS.items():
        ws = wb.add_worksheet(sheet)
        for c, (name, _k) in enumerate(fields):
            ws.write_string(0, c, name)
        for r, obj in enumerate(getattr(master, MASTER_ATTR[sheet]), start=1):
            for c, (name, _k) in enumerate(fields):
                v = getattr(obj, name)
                if v is None or v == "" or v == []:
                    continue
                if isinstance(v, list):
                    ws.write_string(r, c, "; ".join(map(str, v)))
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, int):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
    wb.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    from sheettools.store import load_master, save_master

    m = build(args.rows)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "master.xlsx"
        t = time.perf_counter()
        save_master(m, p)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        xlsxwriter_save(m, Path(d) / "baseline.xlsx")
        base = time.perf_counter() - t
        t = time.perf_counter()
        cached = load_master(p)
        t_cached = time.perf_counter() - t
        t = time.perf_counter()
        parsed = load_master(p, use_cache=False)
        t_parsed = time.perf_counter() - t
        assert cached.reports == parsed.reports == m.reports
    print(f"master with {args.rows:,} report rows ({dt.date.today()})")
    print(
        f"save: sheettools {ours:6.2f} s   xlsxwriter cell by cell {base:6.2f} s   ratio {base / ours:.1f}x"
    )
    print(
        f"load: from the cache {t_cached:6.2f} s   from the workbook (after an Excel edit) {t_parsed:6.2f} s"
    )


if __name__ == "__main__":
    main()
