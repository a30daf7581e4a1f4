"""Benchmark: ``sheettools.safety.ReaderPool`` vs plain python-calamine in one process.

Writes one 150-row workbook (12 columns, text/numbers/dates, shared strings, a hidden sheet)
with xlsxwriter, copies it N times (default 1,000), then times, in the same run:

- baseline: ``CalamineWorkbook.from_path`` + ``to_python()`` of every sheet, in this process,
  no checks at all;
- ours: ``ReaderPool(workers=W).read_many(paths)``: hashing, sniffing, zip directory checks,
  DTD scan of the XML parts, calamine in isolated workers, results sent back.

Usage: python benchmarks/bench_reader.py [--files 1000] [--rows 150] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import xlsxwriter


def make_book(path: Path, rows: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Báo cáo")
    head = ["STT", "Mã", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian", "Tình trạng"]
    head += ["Tỷ lệ %", "Ngày hoàn thành", "Kết quả", "Khó khăn", "Kiến nghị", "Ghi chú"]
    for c, h in enumerate(head):
        ws.write_string(0, c, h)
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r in range(1, rows + 1):
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, f"T{r:04d}")
        ws.write_string(r, 2, f"Triển khai nhiệm vụ số {r} theo kế hoạch năm của Ủy ban")
        ws.write_string(r, 3, "Phòng Tài chính - Kế hoạch")
        ws.write_string(r, 4, f"Quý {1 + r % 4}/2023")
        ws.write_string(r, 5, "Đang thực hiện" if r % 3 else "Đã hoàn thành")
        ws.write_number(r, 6, (r * 7) % 101)
        ws.write_datetime(r, 7, dt.datetime(2023, 1 + r % 12, 1 + r % 28), datef)
        ws.write_string(r, 8, f"Đã hoàn thành {r % 5} trong số 5 đầu việc")
        ws.write_string(r, 9, "" if r % 2 else "Thiếu kinh phí")
        ws.write_string(r, 10, "")
        ws.write_string(r, 11, f"ghi chú {r}")
    hidden = wb.add_worksheet("_manifest")
    hidden.write_string(0, 0, "unit=Phường 1;period=2023-Q2;sig=" + "ab" * 32)
    hidden.hide()
    wb.close()


def baseline(paths: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            data = wb.get_sheet_by_name(name).to_python()
            cells += sum(len(r) for r in data)
    return cells


def ours(paths: list[Path], workers: int) -> tuple[int, int]:
    from sheettools.safety import ReaderPool

    cells = ok = 0
    with ReaderPool(workers=workers) as pool:
        for r in pool.read_many(paths):
            ok += r.ok
            cells += sum(len(row) for s in r.sheets for row in s.rows)
    return cells, ok


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=150)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "book.xlsx"
        make_book(src, args.rows)
        paths = []
        for i in range(args.files):
            p = Path(tmp) / f"unit_{i:04d}.xlsx"
            shutil.copyfile(src, p)
            paths.append(p)
        c0 = _cpu(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        base_cells = baseline(paths)
        t_base = time.perf_counter() - t0
        cpu_base = _cpu(resource.RUSAGE_SELF) - c0
        c0, k0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        our_cells, ok = ours(paths, args.workers)
        t_ours = time.perf_counter() - t0
        cpu_parent = _cpu(resource.RUSAGE_SELF) - c0
        cpu_workers = _cpu(resource.RUSAGE_CHILDREN) - k0  # (workers are waited for on close)
    print(f"files: {args.files} x {args.rows} rows")
    print(f"baseline  calamine, one process : {t_base:6.2f} s  ({base_cells} cells)")
    print(
        f"ours      ReaderPool({args.workers} workers) : {t_ours:6.2f} s  ({our_cells} cells, {ok} ok)"
    )
    print(f"ratio ours/baseline: {t_ours / t_base:.2f}")
    print(
        f"cpu: baseline {cpu_base:.2f} s; ours {cpu_parent:.2f} s parent + "
        f"{cpu_workers:.2f} s workers (load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
