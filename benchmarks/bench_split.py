"""Benchmark: ``split_workbooks`` vs a straightforward openpyxl implementation.

Builds a synthetic master (default 600 units, each with 150 tasks to report, half of them
with a previous report to pre-fill), then times, in the same run:

- ours: ``sheettools.split.split_workbooks`` end to end (loads the master, selects, writes,
  signs, manifest.csv);
- baseline: the same sheets (cover, report rows with fonts/borders/fills, unlocked input
  cells, validations, protection, print settings, very hidden manifest) built cell by cell
  with openpyxl, one process, after the same loading and selection (``select_all``,
  ``_unit_rows``), signing the same manifest and hashing each file.

Usage: python benchmarks/bench_split.py [--units 600] [--tasks 150] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sheettools import split as sp
from sheettools.model import (
    KIND_GROUP,
    STATUSES,
    Master,
    PlanInfo,
    Report,
    Task,
    Unit,
)
from sheettools.periods import default_periods, get_period
from sheettools.store import load_master, save_master
from sheettools.unitbook import FIELD_ID_PREFIX, MANIFEST_SHEET, Manifest, load_or_create_secret

STRIDE = 20  # each block of tasks goes to every STRIDE-th unit: units/STRIDE units per task
BLOCK = 5  # a unit's tasks come in runs of BLOCK (half a group), as in the real plan


def build_master(n_units: int, per_unit: int) -> Master:
    m = Master(plan=PlanInfo(title="Benchmark plan", year=2023))
    m.units = [
        Unit(
            code=f"U{i:03d}",
            name=f"Đơn vị thử nghiệm số {i}",
            level="ward" if i % 3 else "district",
            email=[f"u{i}@example.vn"],
        )
        for i in range(n_units)
    ]
    n_tasks = per_unit * STRIDE
    order = 0
    for g in range(n_tasks // 10):
        gkey = f"II.{g + 1}"
        m.tasks.append(
            Task(gkey, "II", str(g + 1), kind=KIND_GROUP, content=f"Nhóm nhiệm vụ {g + 1}")
        )
        for j in range(10):
            idx = g * 10 + j
            units = [m.units[k].code for k in range((idx // BLOCK) % STRIDE, n_units, STRIDE)]
            due = dt.date(2023, 1 + idx % 12, 28)
            m.tasks.append(
                Task(
                    key=f"{gkey}.{j + 1}",
                    section="II",
                    number=f"{g + 1}.{j + 1}",
                    parent=gkey,
                    content=(
                        f"Nhiệm vụ {idx}: tổ chức triển khai, tuyên truyền và kiểm tra việc "
                        "thực hiện chỉnh trang đô thị, chăm lo đời sống nhân dân trên địa bàn"
                    ),
                    leader="Đ/c Nguyễn Văn A - UVTV, PCT UBND quận",
                    lead_units=units[:1],
                    coordinating_units=units[1:],
                    due_raw=f"Tháng {due.month}/2023",
                    due_date=due.isoformat(),
                    recurring=idx % 7 == 0,
                )
            )
    for i, t in enumerate(m.tasks):
        t.order = order + i
    m.periods = default_periods(2023)
    # previous reports (Q1) for half of each unit's tasks, so pre-fill is exercised
    for t in m.tasks:
        if t.kind == KIND_GROUP or int(t.key.rsplit(".", 1)[1]) % 2:
            continue
        for u in t.lead_units + t.coordinating_units:
            m.reports.append(
                Report(
                    "2023-Q1",
                    t.key,
                    u,
                    status=STATUSES[1],
                    progress=40,
                    result="Đã triển khai tới các tổ dân phố, tổ chức 3 hội nghị",
                    difficulties="Kinh phí còn hạn chế",
                )
            )
    return m


def openpyxl_baseline(master_path: Path, period: str, outdir: Path, now: dt.datetime) -> int:
    """Straightforward openpyxl version of the same workbooks, cell by cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    master = load_master(master_path)
    per = get_period(master, period)
    sel = sp.select_all(master, per)
    pre_all = sp._latest_by_task_unit(master, per, include_same=True)
    tpl = sp.load_unit_template()
    titles = sp.column_titles(tpl, "vi")
    secret = load_or_create_secret(master_path)
    tmap = master.task_map()
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fill_in = PatternFill("solid", fgColor="FFF9E1")
    fill_head = PatternFill("solid", fgColor="DDEBF7")
    unlocked = Protection(locked=False)
    n = 0
    for u in master.units:
        pairs = sel.get(u.code)
        if not u.reports or not pairs:
            continue
        prefill = {t.key: pre_all[(t.key, u.code)] for t, _ in pairs if (t.key, u.code) in pre_all}
        rows = sp._unit_rows(tmap, pairs, prefill, "vi")
        wb = Workbook()
        cover = wb.active
        cover.title = "Hướng dẫn"
        hb = tpl["header_block"]
        for r, (left, right) in enumerate(
            zip(hb["left"]["vi"], hb["right"]["vi"], strict=False), start=1
        ):
            for col, text in ((1, left), (3, right)):
                cover.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + 1)
                c = cover.cell(r, col, text)
                c.font, c.alignment = bold, wrap
        facts = [u.name, u.code, per.label, per.due_date, str(len(pairs))]
        for r, line in enumerate(facts, start=4):
            cover.cell(r, 1, "Nhãn:").font = bold
            cover.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
            c = cover.cell(r, 2, line)
            c.font, c.alignment = font, wrap
        lines = tpl["cover"]["instructions"]["vi"] + tpl["cover"]["contact"]["vi"]
        for r, line in enumerate(lines, start=10):
            cover.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            c = cover.cell(r, 1, line)
            c.font, c.alignment = font, wrap
            cover.row_dimensions[r].height = 45
        cover.protection.sheet = True
        ws = wb.create_sheet("Báo cáo")
        for c, fid in enumerate(sp.COLUMNS, start=1):
            h = ws.cell(1, c, titles[fid])
            h.font, h.fill, h.border, h.alignment = bold, fill_head, border, wrap
            ws.cell(2, c, FIELD_ID_PREFIX + fid)
            ws.column_dimensions[h.column_letter].width = tpl["columns"][fid]["width"]
        ws.row_dimensions[2].hidden = True
        r = 3
        for row in rows:
            if row[0] == "g":
                ws.cell(r, 2, row[1]).font = bold
                c = ws.cell(r, 3, row[2])
                c.font = bold
                ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=11)
            else:
                _, key, number, content, role, leader, deadline, pre = row
                ws.row_dimensions[r].height = 18 * max(1, len(content) // 55 + 1)
                for c, v in enumerate((key, number, content, role, leader, deadline), start=1):
                    cell = ws.cell(r, c, v)
                    cell.font, cell.border, cell.alignment = font, border, wrap
                vals = pre or (None, None, None, None, None)
                for c, v in enumerate(vals, start=7):
                    cell = ws.cell(r, c, v or None)
                    cell.font, cell.border, cell.alignment = font, border, wrap
                    cell.fill, cell.protection = fill_in, unlocked
                ws.cell(r, 10).number_format = "dd/mm/yyyy"
            r += 1
        dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"')
        dv.add(f"G3:G{r}")
        ws.add_data_validation(dv)
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
        dv.add(f"H3:H{r}")
        ws.add_data_validation(dv)
        dv = DataValidation(type="date", operator="between", formula1="44927", formula2="45657")
        dv.add(f"J3:J{r}")
        ws.add_data_validation(dv)
        for col in "GHIJK":
            dv = DataValidation(prompt="…", promptTitle="…", showInputMessage=True)
            dv.add(f"{col}3:{col}{r}")
            ws.add_data_validation(dv)
        ws.oddHeader.center.text = u.name
        ws.oddFooter.center.text = "&P/&N"
        ws.freeze_panes = "A3"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = "1:2"
        ws.protection.sheet = True
        man = Manifest(u.code, per.code, [t.key for t, _ in pairs], now.isoformat())
        man.sign(secret)
        ms = wb.create_sheet(MANIFEST_SHEET)
        for i, (k, v) in enumerate(man.rows(), start=1):
            ms.cell(i, 1, k)
            ms.cell(i, 2, v)
        ms.sheet_state = "veryHidden"
        target = outdir / f"{per.code}_{u.code}.xlsx"
        wb.save(target)
        hashlib.sha256(target.read_bytes()).hexdigest()
        n += 1
    return n


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=600)
    ap.add_argument("--tasks", type=int, default=150, help="tasks per unit")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--master", help="time an existing master instead (e.g. the sample's)")
    ap.add_argument("--period", default="2023-Q2")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_split_"))
    try:
        if args.master:
            master_path = tmp / "master.xlsx"
            shutil.copy(args.master, master_path)
            t0, c0 = time.perf_counter(), _cpu()
            res = sp.split_workbooks(
                master_path, args.period, tmp / "ours", now=dt.datetime(2023, 6, 1, 8, 0),
                workers=args.workers,
            )  # fmt: skip
            print(
                f"sheettools split {args.master} {args.period}: {len(res['files'])} workbooks, "
                f"{sum(f['tasks'] for f in res['files'])} task rows: "
                f"{time.perf_counter() - t0:.2f} s (CPU {_cpu() - c0:.1f} s)"
            )
            return 0
        master_path = tmp / "master.xlsx"
        t0 = time.perf_counter()
        m = build_master(args.units, args.tasks)
        save_master(m, master_path)
        print(
            f"master: {args.units} units, {len(m.tasks)} rows, {len(m.reports)} reports "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        now = dt.datetime(2023, 6, 1, 8, 0)
        t0 = time.perf_counter()
        c0 = _cpu()
        res = sp.split_workbooks(
            master_path, "2023-Q2", tmp / "ours", now=now, workers=args.workers
        )
        ours = time.perf_counter() - t0
        cpu = _cpu() - c0
        n_rows = sum(f["tasks"] for f in res["files"])
        print(
            f"sheettools split: {len(res['files'])} workbooks, {n_rows} task rows: {ours:.2f} s "
            f"(CPU {cpu:.1f} s over all processes; load average {os.getloadavg()[0]:.1f})"
        )
        if args.skip_baseline:
            return 0
        (tmp / "base").mkdir()
        t0 = time.perf_counter()
        c0 = _cpu()
        n = openpyxl_baseline(master_path, "2023-Q2", tmp / "base", now)
        base = time.perf_counter() - t0
        print(f"openpyxl baseline: {n} workbooks: {base:.2f} s (CPU {_cpu() - c0:.1f} s)")
        print(f"ratio: {base / ours:.1f}x faster")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
