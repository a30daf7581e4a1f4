"""Simulated returns for `make demo`: fill the unit workbooks made by split as units would.

``make_returns(outbox, returns)`` copies each ``<period>_<unit>.xlsx`` of the outbox into the
returns folder and types values into its input cells (with openpyxl, the way people do: status
spelled many ways, progress as ``50``/``"50%"``/``0.5``, dates as real dates or ``15/6/2023``
text, long results and difficulties). Then it makes the usual trouble:

* most files arrive on time, a few late (their ``.meta.json`` from the mail step, or their
  modification time, says after the due date);
* one unit sends nothing (missing);
* one unit re-types its sheet into a new workbook: no manifest, so it merges as *unverified*;
* one file arrives broken (truncated in transit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
from pathlib import Path

import openpyxl

TZ = dt.timezone(dt.timedelta(hours=7))
STATUS_SPELLINGS = [
    ("Hoàn thành", 100),
    ("hoàn thành", 100),
    ("HT", 100),
    ("Đã hoàn thành", "100%"),
    ("xong", 1.0),
    ("Đang thực hiện", 60),
    ("đang thực hiện", "50%"),
    ("Đang triển khai", 0.3),
    ("Chậm tiến độ", 20),
    ("Chưa triển khai", 0),
    ("Hoàn thành trước hạn", 100),
    (None, None),
]
RESULTS = [
    "Đã tổ chức hội nghị triển khai; ban hành kế hoạch chi tiết.",
    "Hoàn thành 2/3 hạng mục, phần còn lại chuyển sang quý III.",
    "Đã tuyên truyền trên hệ thống loa truyền thanh 14 phường (120 lượt).",
    "Phối hợp kiểm tra 35 cơ sở, nhắc nhở 6 trường hợp vi phạm.",
    "",
]
DIFFICULTIES = ["", "", "Thiếu kinh phí, đề nghị bổ sung.", "Chờ hướng dẫn của cấp trên."]


def _report_sheet(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=1, max_row=5, values_only=True):
            if "#key" in row:
                return ws
    raise ValueError("no report sheet")


def _columns(ws) -> tuple[int, dict[str, int]]:
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=5, values_only=True), start=1):
        if "#key" in row:
            return r, {str(v)[1:]: c for c, v in enumerate(row, start=1) if v}
    raise ValueError("no field-id row")


def _fill(path: Path, rnd: random.Random, due: dt.date) -> list[list]:
    """Type values into every task row; returns the typed rows (for the re-typed copy)."""
    wb = openpyxl.load_workbook(path)
    ws = _report_sheet(wb)
    fid_row, cols = _columns(ws)
    typed = []
    for row in ws.iter_rows(min_row=fid_row + 1):
        key = row[cols["key"] - 1].value
        if not key:
            continue
        status, progress = rnd.choice(STATUS_SPELLINGS)
        vals = {"status": status, "progress": progress}
        if status is not None:
            vals["result"] = rnd.choice(RESULTS)
            vals["difficulties"] = rnd.choice(DIFFICULTIES)
            if progress in (100, "100%", 1.0):
                day = due - dt.timedelta(days=rnd.randint(1, 60))
                vals["completion_date"] = rnd.choice(
                    [dt.datetime(day.year, day.month, day.day), f"{day.day}/{day.month}/{day.year}"]
                )
        if rnd.random() < 0.02:  # the odd slip a person makes: flagged by merge, not guessed
            vals.update(
                rnd.choice(
                    [
                        {"status": "Hoàn thành", "progress": 80},
                        {"status": "gần xong", "progress": "90%"},
                        {"completion_date": "31/06/2023"},
                        {"completion_date": "6/23/2023"},
                        {"result": "§· tæ chøc häc tËp"},  # typed with a TCVN3 font
                    ]
                )
            )
        for f, v in vals.items():
            if f in cols:
                row[cols[f] - 1].value = v
        typed.append([key, row[cols["content"] - 1].value if "content" in cols else "", vals])
    wb.save(path)
    return typed


def _cover_name(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    for row in wb.worksheets[0].iter_rows(values_only=True):
        if row and row[0] in ("Đơn vị:", "Unit:") and len(row) > 1:
            return str(row[1])
    return ""


def _retype(dst: Path, unit_name: str, typed: list[list]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo quý"
    ws.append(["Đơn vị:", unit_name])
    ws.append([])
    ws.append(["Mã nhiệm vụ", "Nội dung", "Tình trạng", "Tiến độ (%)", "Kết quả", "Khó khăn"])
    for key, content, vals in typed:
        ws.append(
            [key, content, vals.get("status"), vals.get("progress"), vals.get("result"),
             vals.get("difficulties")]
        )  # fmt: skip
    wb.save(dst)


def _received(path: Path, when: dt.datetime, meta: bool) -> None:
    if meta:
        data = {
            "sender": "donvi@example.vn",
            "message_date": when.isoformat(),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "message_id": f"<{path.stem}@example.vn>",
            "subject": f"Re: Báo cáo {path.stem}",
        }
        path.with_name(path.name + ".meta.json").write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    os.utime(path, (when.timestamp(), when.timestamp()))


def make_returns(
    outbox_dir: str | os.PathLike,
    returns_dir: str | os.PathLike,
    *,
    seed: int = 2023,
    due_date: str = "2023-06-15",
    master_path: str | os.PathLike | None = None,
) -> dict:
    """Fill the outbox's unit workbooks into ``returns_dir`` as units would; returns what was
    done: ``{"returned", "on_time", "late", "missing", "retyped", "broken"}`` (unit codes)."""
    outbox, returns = Path(outbox_dir), Path(returns_dir)
    returns.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    due = dt.date.fromisoformat(due_date)
    files = sorted(outbox.glob("*_*.xlsx"))
    if master_path:
        from sheettools.store import load_master

        names = {u.code: u.name for u in load_master(master_path).units}
    else:
        names = {f.stem.split("_", 1)[1]: _cover_name(f) for f in files}
    units = [f.stem.split("_", 1)[1] for f in files]
    if len(units) < 4:
        raise ValueError("need at least 4 unit workbooks in the outbox")
    pick = units[:]
    rnd.shuffle(pick)
    missing, retyped, broken = pick[0], pick[1], pick[2]
    late = set(pick[3 : 3 + max(1, len(units) // 6)])
    info = {"returned": 0, "on_time": [], "late": [], "missing": missing, "retyped": retyped}
    info["broken"] = broken
    for i, (f, unit) in enumerate(zip(files, units, strict=True)):
        if unit == missing:
            continue
        dst = returns / f.name
        shutil.copy(f, dst)
        typed = _fill(dst, rnd, due)
        if unit == retyped:
            new = returns / f"Bao cao quy II - {names.get(unit, unit)}.xlsx"
            _retype(new, names.get(unit, unit), typed)
            dst.unlink()
            dst = new
        if unit == broken:
            data = dst.read_bytes()
            dst.write_bytes(data[: len(data) // 2])  # cut off in transit
        day = due + dt.timedelta(days=rnd.randint(1, 4)) if unit in late else None
        day = day or due - dt.timedelta(days=rnd.randint(0, 6))
        when = dt.datetime(
            day.year, day.month, day.day, rnd.randint(7, 17), rnd.randint(0, 59), tzinfo=TZ
        )
        _received(dst, when, meta=i % 2 == 0)
        info["late" if unit in late else "on_time"].append(unit)
        info["returned"] += 1
    return info


if __name__ == "__main__":
    import sys

    print(make_returns(sys.argv[1], sys.argv[2]))
