"""A body sentence whose role word follows another verb (issue 11): the body's name ends at
that verb, not at the role word."""

from __future__ import annotations

import pytest

from sheettools.planprose import body_duties

HEAD = (1, "II. NỘI DUNG CÔNG TÁC MẶT TRẬN TRONG BẦU CỬ")
ITEMS = [
    (3, "a) Tổ chức hội nghị tiếp xúc cử tri cho người ứng cử đại biểu Hội đồng nhân dân xã."),
    (4, "b) Báo cáo kết quả về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh trước ngày 10/3/2026."),
]


def _leads(heading: str) -> set[str]:
    return {r.cells[3] for r in body_duties([HEAD, (2, heading), *ITEMS])}


def test_the_name_ends_at_the_verb_before_the_role_word():
    # Hướng dẫn of 2025 (MTTQ xã Lương Minh), II 4.5: the committee, not "… xã tổ chức hội
    # nghị tiếp xúc cử tri"
    heading = (
        "4.5. Ban Thường trực Ủy ban MTTQ Việt Nam xã tổ chức hội nghị tiếp xúc cử tri phối hợp "
        "với Thường trực Hội đồng nhân dân xã:"
    )
    assert _leads(heading) == {"Ban Thường trực Ủy ban MTTQ Việt Nam xã"}


@pytest.mark.parametrize(
    ("heading", "lead"),
    [
        # "tổ chức" naming the organisations: part of the name
        (
            "5. Ủy ban MTTQ xã và các tổ chức thành viên phối hợp với Ủy ban nhân dân xã:",
            "Ủy ban MTTQ xã và các tổ chức thành viên",
        ),
        # a verb that is part of the name (a place follows it)
        (
            "6. Ban Quản lý dự án đầu tư xây dựng huyện phối hợp với Ủy ban nhân dân xã:",
            "Ban Quản lý dự án đầu tư xây dựng huyện",
        ),
    ],
)
def test_names_with_a_verb_of_their_own_stay_whole(heading, lead):
    assert _leads(heading) == {lead}


def test_a_heading_with_no_role_word_ends_its_body_at_chi_dao():
    # Chương trình phòng, chống ma túy of Lâm Đồng, 2025, III.3.3: the body directs another
    # force; the duties are its own (round 6a cut a body leading its duty at "chỉ đạo")
    heading = "3.3. Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng:"
    assert _leads(heading) == {"Bộ Chỉ huy quân sự tỉnh"}
