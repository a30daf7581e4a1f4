"""Defects found by blind round 13d of issue 11: task tables and duties as offices below the
province keep them, by format (two high schools' plans in Word, a provincial department's
plan as a Word 97-2003 .doc and as the signed PDF, a student team's assignment sheet).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind13d.json).
"""

from __future__ import annotations

import pytest

from plan_helpers import PLANS
from plan_helpers import plan as plan_of
from sheettools.errors import InputError
from sheettools.planimport import parse_plan

SHEET = "sv-hvktqs-2017-phan-cong-phan-mem-quan-ly-thu-vien.xlsx"


def test_a_bare_phu_trach_column_is_the_one_in_charge():
    # "(no title) | Nội dung thực hiện: Phần mềm quản lý thư viện HVKT-QS | Phụ trách | Ghi
    # chú": a bare "Phụ trách" named no role, so the sheet had no lead and no deadline column
    # and was refused ("Không thấy bảng tiến độ …"); its 13 rows are 13 tasks, each with the
    # team member (or "Cả nhóm") in charge
    tasks, report = parse_plan(PLANS / SHEET, year=2017)
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.key for t in leaves] == [str(i) for i in range(1, 14)]
    assert leaves[0].content == "Xây dựng cơ sở dữ liệu"
    assert leaves[0].lead_raw == "Hùng Cường"
    assert leaves[12].content == "Chạy chương trình trên các máy"
    assert leaves[12].lead_raw == "Cả nhóm"
    assert "Thêm , sửa , xóa" not in {t.lead_raw for t in leaves}
    assert report["year"] == 2017
    # the sheet names no year anywhere: without --year it is refused with that reason
    with pytest.raises(InputError) as info:
        parse_plan(PLANS / SHEET)
    assert "năm" in info.value.one_line()


DBK = "truong-thpt-docbinhkieu-kh-2026-sinh-hoat-cong-dan.docx"


def test_a_session_row_merged_across_a_programme_is_a_heading():
    # "Thời gian | Nội dung | Đơn vị/ cá nhân phụ trách" (no number column), a row of one cell
    # merged across the table: "Buổi sáng (từ 7h00 đến 9h00) – Tập trung toàn trường dưới sân
    # cờ". Its text sat in the first column, the time's, and the row was read as a task with no
    # content, no lead and an unparsed time (six such tasks)
    tasks, _ = plan_of(DBK)
    groups = [t for t in tasks if t.kind == "group"]
    assert [g.content for g in groups[:2]] == [
        "Buổi sáng (từ 7h00 đến 9h00) – Tập trung toàn trường dưới sân cờ",
        "Buổi sáng (từ 9h00 đến 11h00) – Sinh hoạt theo lớp",
    ]
    assert len(groups) == 6 and not any(g.due_raw for g in groups)
    slots = [t for t in tasks if t.kind != "group" and t.key.startswith("S")]
    assert len(slots) == 15
    assert all(t.content and t.lead_raw for t in slots)
    assert slots[0].content == "Ổn định tổ chức, giới thiệu chương trình"
    assert slots[0].lead_raw == "Ban Giám hiệu, GVCN các lớp"
    # the slot's clock time is no date: flagged with its text, never guessed
    assert slots[0].due_date is None and slots[0].due_raw == "7h00 - 7h15"
    assert "no_deadline" in slots[0].flags


STEM_DOC = "sgddt-dongthap-kh-2026-don-tiep-doan-kiem-tra-stem.doc"
STEM_PDF = "sgddt-dongthap-kh-2026-don-tiep-doan-kiem-tra-stem.pdf"


@pytest.mark.parametrize("name", [STEM_DOC, STEM_PDF])
def test_a_draft_with_a_blank_day_takes_no_signing_date_from_its_body(name):
    # "Đồng Tháp, ngày       tháng 4 năm 2026" (a draft: day and number blank), and in part V
    # "Thời gian: Buổi sáng, ngày 18 tháng 4 năm 2026, …" (the day of the inspection): the
    # plan was identified as signed on 2026-04-18, a date it never bore
    _tasks, report = plan_of(name)
    ident = report["identity"]
    assert ident["date"] == ""
    assert ident["number"] == ""
    assert report["year"] == 2026
    assert "18/4/2026" not in ident["citation"]
