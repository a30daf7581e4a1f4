"""`make demo`: the whole quarterly cycle on samples/long-bien-2023, through the real CLI.

Outputs go to demo-out/ (recreated on each run):
  master.xlsx                      the master workbook (plan, units, periods, reports, log)
  outbox/2023-Q2_<UNIT>.xlsx       one fill-in workbook per unit, manifest.csv
  outbox/eml/*.eml                 the e-mails `mail send --dry-run` would send
  returns/                         the workbooks as units sent them back (late, missing, broken...)
  quarantine/                      rejected returns with their .reason.txt
  TONGHOP-2023-Q2.xlsx             the consolidated quarterly workbook
  BAOCAO-2023-Q2.docx              the Word draft of the quarterly report (Decree 30 layout)
  ward-long-bien/                  the ward level (phường Long Biên, sheettools.cascade):
    master.xlsx                    the ward master derived from the district's
    outbox/, returns/              the ward bodies' workbooks and their returns
    2023-Q2_P-LONGBIEN-tonghop.xlsx  the district's workbook filled by `rollup`
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "long-bien-2023"
OUT = ROOT / "demo-out"
PERIOD = "2023-Q2"
AS_OF = "2023-06-20"  # a few days after the quarter's due date (15/06/2023)


def step(title: str) -> None:
    print(f"\n\033[1m== {title}\033[0m", flush=True)


def sheettools(*args: str, check: bool = True) -> int:
    cmd = [sys.executable, "-m", "sheettools", *args]
    print("$ sheettools " + " ".join(str(a).replace(str(ROOT) + "/", "") for a in args), flush=True)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, cwd=ROOT).returncode
    print(f"  ({time.perf_counter() - t0:.2f} s, exit {rc})", flush=True)
    if check and rc != 0:
        sys.exit(f"demo: step failed with exit code {rc}")
    return rc


def main() -> None:
    os.environ.setdefault("SHEETTOOLS_LANG", "vi")
    os.environ.setdefault("COLUMNS", "110")  # rich tables in the log are as wide as a terminal
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    master = OUT / "master.xlsx"
    outbox = OUT / "outbox"
    returns = OUT / "returns"

    step(
        "1. Nhập kế hoạch (plan import) — the seed's schedule table, the reviewed registry and the office's letterhead"
    )
    sheettools(
        "plan",
        "import",
        str(SAMPLE / "plan.txt"),
        "--units",
        str(SAMPLE / "units.xlsx"),
        "--office",
        str(SAMPLE / "office.toml"),
        "--output",
        str(master),
    )

    step("2. Tách sổ theo đơn vị (split) — one signed workbook per unit for 2023-Q2")
    sheettools("split", str(master), "--period", PERIOD, "--output", str(outbox))

    step("3. Gửi thư (mail send --dry-run) — .eml files into the outbox")
    sheettools("mail", "send", str(outbox), "--master", str(master), "--dry-run")

    step("4. Đơn vị gửi lại (simulated returns: some late, one missing, one re-typed, one broken)")
    sys.path.insert(0, str(ROOT / "scripts"))
    from demo_returns import make_returns

    info = make_returns(outbox, returns, master_path=master)
    for k, v in info.items():
        print(f"  {k}: {v}")

    step("5. Tổng hợp file trả về (merge)")
    sheettools(
        "merge",
        str(master),
        str(returns),
        "--period",
        PERIOD,
        "--quarantine",
        str(OUT / "quarantine"),
        check=False,
    )

    step("6. Báo cáo đã nhận (reports)")
    sheettools("reports", str(master), "--period", PERIOD, "--unit", "VHTT")

    step("7. Bảng tổng hợp quý (summary)")
    sheettools(
        "summary",
        str(master),
        "--period",
        PERIOD,
        "--output",
        str(OUT / f"TONGHOP-{PERIOD}.xlsx"),
        "--as-of",
        AS_OF,
    )

    step("8. Dự thảo báo cáo quý (report) — the Word draft the Standing Committee signs")
    sheettools(
        "report",
        str(master),
        "--period",
        PERIOD,
        "--output",
        str(OUT / f"BAOCAO-{PERIOD}.docx"),
        "--as-of",
        AS_OF,
    )

    step("9. Tình hình (status)")
    sheettools("status", str(master), "--period", PERIOD, "--as-of", AS_OF)

    ward_steps(master, outbox)

    print(f"\nDemo outputs in {OUT.relative_to(ROOT)}/")


def ward_steps(district: Path, district_outbox: Path) -> None:
    """The ward level: phường Long Biên derives its master, collects its bodies' reports,
    rolls them up into the workbook the district sent it, and the district merges that."""
    ward_dir = OUT / "ward-long-bien"
    ward = ward_dir / "master.xlsx"
    sample = SAMPLE / "ward-long-bien"
    step("10. Phường: sổ của phường từ sổ của quận (plan derive)")
    sheettools("plan", "derive", str(district), "--unit", "P-LONGBIEN", "--units",
               str(sample / "units.xlsx"), "--own", str(sample / "own-tasks.csv"),
               "--due-days-before", "5", "--output", str(ward))  # fmt: skip
    step("11. Phường: tách sổ cho các cơ quan của phường (split, the ward's templates)")
    sheettools("split", str(ward), "--period", PERIOD, "--output", str(ward_dir / "outbox"),
               "--templates", str(sample / "workbook_templates"))  # fmt: skip
    step("12. Các cơ quan của phường gửi lại (simulated: late, missing, re-typed, broken)")
    from demo_returns import make_returns

    info = make_returns(ward_dir / "outbox", ward_dir / "returns", master_path=ward, seed=7)
    for k, v in info.items():
        print(f"  {k}: {v}")
    step("13. Phường: tổng hợp (merge) và tình hình (status)")
    sheettools("merge", str(ward), str(ward_dir / "returns"), "--period", PERIOD,
               "--quarantine", str(ward_dir / "quarantine"), check=False)  # fmt: skip
    sheettools("status", str(ward), "--period", PERIOD, "--as-of", AS_OF)
    step("14. Phường: điền biểu quận gửi (rollup) — what the rule cannot decide is listed")
    filled = ward_dir / f"{PERIOD}_P-LONGBIEN-tonghop.xlsx"
    sheettools("rollup", str(ward), "--period", PERIOD, "--into",
               str(district_outbox / f"{PERIOD}_P-LONGBIEN.xlsx"), "--output", str(filled),
               check=False)  # fmt: skip
    step("15. Quận: gộp báo cáo của phường (merge) — verified by the district's signature")
    sheettools("merge", str(district), str(filled), "--period", PERIOD,
               "--received-at", "2023-06-15T16:00:00+07:00")  # fmt: skip


if __name__ == "__main__":
    main()
