"""Defects found by blind round 5a of issue 11: commune plans of the 2025 two-level era whose
duties per body ask a body to take part ("Đề nghị … phối hợp").

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 5a").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sheettools.planimport import parse_plan

PLANS = Path(__file__).parent / "data" / "plans"
CU_TRI = "mttq-xa-luong-minh-kh-2026-lay-y-kien-cu-tri.docx"


@cache
def _plan(name: str):
    return parse_plan(PLANS / name)


def _leaves(name: str):
    tasks, _report = _plan(name)
    return [t for t in tasks if t.kind != "group"]


def test_a_heading_asking_a_body_to_take_part_names_the_body_of_the_duties_under_it():
    # "2. Đề nghị Ủy ban nhân dân xã phối hợp" over three bullets: the three duties were lost
    # (no body found in "Đề nghị Ủy ban nhân dân xã"), 8 of 11 tasks
    leaves = _leaves(CU_TRI)
    under = [t for t in leaves if t.key.startswith("V.2")]
    assert [t.lead_raw for t in under] == ["Ủy ban nhân dân xã"] * 3
    assert under[0].content.startswith("Phối hợp chặt chẽ với Ban Thường trực")
    assert under[1].content.startswith("Chỉ đạo các bộ phận chuyên môn, Công an xã, thôn")
    assert under[2].content.startswith("Phối hợp với Ban Thường trực Ủy ban MTTQ xã")
    # the heading is no duty of its own, and the other bodies keep theirs
    assert not any(t.content.startswith(("Ủy ban nhân dân xã phối hợp", "Đề nghị")) for t in leaves)
    assert len(leaves) == 11
    assert {t.lead_raw for t in leaves} == {
        "Ban Thường trực Ủy ban MTTQ Việt Nam xã",
        "Ủy ban nhân dân xã",
        "Văn phòng Cơ quan Ủy ban MTTQ xã",
        "Ban Công tác Mặt trận thôn",
    }


def test_the_plans_closing_sentence_is_no_part_of_the_last_duty():
    # "Trên đây là Kế hoạch … của Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh./." was
    # glued to the last duty of the commune's plans
    for name, key, end in (
        (CU_TRI, "V.4.3", "khách quan diễn biến và kết quả hội nghị."),
        ("mttq-xa-luong-minh-kh-2026-hiep-thuong-lan-hai.docx", "V.2.3", None),
    ):
        t = next(t for t in _leaves(name) if t.key == key)
        assert "Trên đây" not in t.content, (name, key)
        assert end is None or t.content.endswith(end), (name, key, t.content[-60:])
