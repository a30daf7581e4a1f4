"""Round 12a of issue 11: tables whose group rows name the body that carries out the rows
under them (capital plans by project: ``Danh mục dự án/ Cơ quan, đơn vị, địa phương thực
hiện`` over ``I | SỞ GIÁO DỤC VÀ ĐÀO TẠO``, ``II | THỊ XÃ HOÀI NHƠN`` …).

The tests on Quyết định 518/QĐ-UBND read the real plan of tests/data/plans (PROVENANCE.md,
expected-blind11d.json); the others read small tables written for the rule's edges.
"""

from __future__ import annotations

from plan_helpers import PLANS
from sheettools.planimport import inspect_plan

BD518 = "ubnd-binhdinh-518-qd-2023-phan-bo-von-de-an-giao-duc-y-te.md"


def test_a_number_column_titled_s_tt_is_the_number_column():
    # Phụ lục 02's header "| S TT | Danh mục dự án/ … |": "STT" broken by a space was no
    # role, the header was not seen, and the second appendix was read as the first one's
    # next page (its header row a task, its sections "I-2" …)
    headers = inspect_plan(PLANS / BD518)["header_rows"]
    assert [h["titles"][0] for h in headers] == ["STT", "S TT"]
