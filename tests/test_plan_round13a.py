"""Round 13a of issue 11: the bodies' own plans of a "Tổ chức thực hiện" part read beside a
plan's appended table — revising their own programmes (Nghị quyết 100/NQ-CP of 2026, III.2)
and several bodies named one by one (Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, VI.15).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md).
"""

from __future__ import annotations

from plan_helpers import PLANS
from sheettools.planprose import body_duties, prose_lines
from sheettools.plansource import read_document

NQ100 = "nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf"
BN144 = "ubnd-bacninh-144-kh-2025-kinh-te-so.md"


def _duties(name: str):
    return body_duties(prose_lines(read_document(PLANS / name), text_only=True))


def test_a_class_of_bodies_listed_over_twenty_words_before_its_role_word_is_a_name():
    # Nghị quyết 100/NQ-CP of 2026, III.2: "2. Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính
    # phủ, Ủy ban nhân dân các" / "tỉnh, thành phố trực thuộc Trung ương có trách nhiệm rà
    # soát …": the class takes 20 words before "có trách nhiệm", too long for one name, so
    # the duty was lost; each name of the list counts alone, as for a list cut before its verb
    d2 = next(r for r in _duties(NQ100) if r.section == "III" and r.cells[0] == "2")
    assert d2.cells[3].endswith("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")
