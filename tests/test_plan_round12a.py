"""Round 12a of issue 11: tables whose group rows name the body that carries out the rows
under them (capital plans by project: ``Danh mục dự án/ Cơ quan, đơn vị, địa phương thực
hiện`` over ``I | SỞ GIÁO DỤC VÀ ĐÀO TẠO``, ``II | THỊ XÃ HOÀI NHƠN`` …).

The tests on Quyết định 518/QĐ-UBND read the real plan of tests/data/plans (PROVENANCE.md,
expected-blind11d.json); the others read small tables written for the rule's edges.
"""

from __future__ import annotations

from pathlib import Path

from plan_helpers import PLANS
from sheettools.planimport import inspect_plan, parse_plan

BD518 = "ubnd-binhdinh-518-qd-2023-phan-bo-von-de-an-giao-duc-y-te.md"


def test_a_number_column_titled_s_tt_is_the_number_column():
    # Phụ lục 02's header "| S TT | Danh mục dự án/ … |": "STT" broken by a space was no
    # role, the header was not seen, and the second appendix was read as the first one's
    # next page (its header row a task, its sections "I-2" …)
    headers = inspect_plan(PLANS / BD518)["header_rows"]
    assert [h["titles"][0] for h in headers] == ["STT", "S TT"]


_TOTALS = """\
KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026

| TT | Tên dự án | Chủ đầu tư | Kế hoạch vốn năm 2026 |
|---|---|---|---|
|  | TỔNG SỐ |  | 5.000 |
| 1 | Đường liên xã Tân Lập - Tân Hòa | Sở Xây dựng | 3.000 |
| 2 | Trường Mầm non Tân Lập | UBND huyện Tân Lập | 2.000 |
|  | Cộng (1+2) |  | 5.000 |
"""


def test_a_total_row_is_no_task(tmp_path: Path):
    # "|  | TỔNG SỐ | 50.000 |  |" right under each header of Quyết định 518's appendices
    # (a row without a number, then the Roman group rows) was read as a task; so would a
    # "Cộng" row under the projects be
    src = tmp_path / "ke-hoach-von.md"
    src.write_text(_TOTALS, encoding="utf-8")
    tasks, report = parse_plan(src)
    assert [t.key for t in tasks] == ["1", "2"]
    assert tasks[1].content == "Trường Mầm non Tân Lập"  # never glued onto the last project
    assert [(r["line"], r["why"]) for r in report["ignored_rows"]] == [
        (5, "dòng tổng cộng"),
        (8, "dòng tổng cộng"),
    ]
