"""Defects found by blind round 7b of issue 11: task tables kept as offices keep them — a
province's Google Sheets table exported to CSV and a ministry's task workbooks (its own list
and its tracking software's exports).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 7b").
"""

from __future__ import annotations

from plan_helpers import plan

DAKLAK = "ubnd-daklak-2026-tien-do-du-an-dau-tu-cong.csv"
NQ33 = "bgddt-2017-nhiem-vu-nq33-theo-doi-chi-dao.xlsx"
EXPORT = "bgddt-2017-danh-sach-nhiem-vu-xuat-tu-phan-mem.xlsx"
EARLIER = "bgddt-2017-danh-muc-bao-cao-nhiem-vu.xlsx"
WHOLE = "bgddt-2017-danh-muc-nhiem-vu-toan-bo.xlsx"


def _task(name: str, key: str):
    tasks, _report = plan(name)
    return next(t for t in tasks if t.key == key)


def test_a_bare_unit_word_before_phoi_hop_is_the_coordinating_column():
    # "Đơn vị/Cá nhân phối hợp" beside "Đơn vị/Cá nhân chủ trì": the import stopped with
    # "could be coord or lead" because the title starts like a lead's ("Đơn vị")
    from sheettools.plancolumns import guess_role

    assert guess_role("Đơn vị/Cá nhân phối hợp")[0] == "coord"
    assert guess_role("Đơn vị /Cá nhân phối hợp")[0] == "coord"
    assert guess_role("Đơn vị/Cá nhân chủ trì")[0] == "lead"
    # a title naming both roles stays a question for the office
    for both in ("Cơ quan chủ trì, phối hợp", "Đơn vị thực hiện, phối hợp"):
        role, _why, alts = guess_role(both)
        assert role is None and alts == ["coord", "lead"], both
    t = _task(NQ33, "2")
    assert (t.lead_raw, t.coord_raw) == ("Vụ GDĐH", "Vụ Pháp chế và các đơn vị")
    t = _task(EXPORT, "30")
    assert t.lead_raw == "Trường đại học Nông Lâm TP Hồ Chí Minh; UBND tỉnh Ninh Thuận"
    assert t.coord_raw.startswith("Vụ TCCB; Vụ KHTC; Vụ GDĐH")


def test_rows_holding_only_their_number_are_no_tasks():
    # the workbook's rows 54 … 63 hold only "54" … "63" (spare rows of the template): they
    # were ten tasks without content, lead or deadline
    tasks, report = plan(NQ33)
    assert [t.key for t in tasks][-1] == "53"
    assert len(tasks) == 53
    skipped = [r["text"] for r in report["ignored_rows"] if "số thứ tự" in r["why"]]
    assert skipped == [str(n) for n in range(54, 64)]


def test_an_untitled_column_numbering_the_rows_is_the_number_column():
    # the software leaves the "TT" title empty; its numbers 1 … 56 were ignored and the
    # twenty rows with only a task's name became section headings over the others (35 tasks)
    tasks, report = plan(EARLIER)
    assert report["tables"][0]["columns"][0]["role"] == "number"
    assert [t.kind for t in tasks] == ["task"] * 56
    assert [t.key for t in tasks] == [str(n) for n in range(1, 57)]
    t = _task(EARLIER, "12")  # its lead and deadline never filled in: said so
    assert t.content.startswith("Trình Thủ tướng Chính phủ phê duyệt Đề án bảo đảm")
    assert {"no_lead_unit", "no_deadline"} <= set(t.flags)


def test_a_unit_list_cut_by_the_exporting_software_is_flagged():
    # "• Vụ Giáo dục Mầm non • Vụ Giáo dục Trung học • Vụ Giáo dục Dân tộc [+] Xem thêm":
    # "] Xem thêm" was proposed as a unit
    t = _task(EARLIER, "5")
    assert t.coord_raw.endswith("Vụ Giáo dục Dân tộc")
    assert "Xem thêm" not in t.coord_raw and "unit_list_cut" in t.flags
    assert "unit_list_cut" not in _task(EARLIER, "3").flags  # a whole list is not flagged


def test_the_year_of_an_attachment_line_dated_in_figures():
    # "(Phụ lục kèm theo Kế hoạch số      /KH-UBND ngày    /8/2026 của UBND tỉnh Đắk Lắk)":
    # the year was taken from the earliest project span "2016-2025" (2016)
    _tasks, report = plan(DAKLAK)
    assert (report["year"], report["year_from"]) == (2026, "date_line")
    t = _task(DAKLAK, "B.3")
    assert (t.lead_raw, t.due_raw, t.due_date) == (
        "BQL khu nông nghiệp ứng dụng công nghệ cao Phú Yên",
        "2016-2025",
        "2025-12-31",
    )


def test_a_year_only_a_few_rows_name_is_not_the_plans_year():
    # no title, no date: the year comes from the deadlines — 2017 in 49 of 53 rows; four name
    # 12/2016 (one task done then, three spans begun then): the year was 2016
    _tasks, report = plan(NQ33)
    assert (report["year"], report["year_from"]) == (2017, "deadlines")


def test_a_piece_without_its_year_takes_the_year_the_cell_names():
    # "Trong Quý I và trước ngày 30/4/2017": Quý I was read in the plan's year (then 2016:
    # due 2016-03-31, before the task was given on 20/01/2017)
    from sheettools.deadlines import parse_expression

    e = parse_expression("Trong Quý I và trước ngày 30/4/2017", 2016)
    assert (e.kind, e.end) == ("compound", "2017-03-31")
    t = _task(NQ33, "41")
    assert t.due_date == "2017-03-31"
    assert any(f.startswith("compound_time") for f in t.flags)  # the office reads it again


def test_the_first_task_numbered_under_an_empty_title_is_no_sub_header():
    # "" | Tên nhiệm vụ | … over "1 | 242424234 | Vụ TCCB | | | BT | …": the first row, all
    # short cells, was read as sub-titles ("Tên nhiệm vụ › 242424234") and lost (429 of 430)
    from sheettools.plancolumns import find_header

    rows = [
        ["", "Tên nhiệm vụ", "Đơn vị /Cá nhân đầu mối", "Thời hạn HT", "Trạng thái"],
        ["1", "242424234", "Vụ TCCB", "", "Đang thực hiện (trong hạn)"],
    ]
    assert find_header(rows) == (0, 1, rows[0])
    tasks, _report = plan(WHOLE)
    assert len(tasks) == 430
    first = tasks[0]
    assert (first.key, first.content, first.lead_raw) == ("1", "242424234", "Vụ TCCB")


def test_the_whole_year_said_ca_nam_is_that_year():
    # "Cả năm 2017" (task 50 of the ministry's list) was not understood
    from sheettools.deadlines import parse_expression

    for text in ("Cả năm 2017", "Trong cả năm 2017", "Suốt năm 2017"):
        e = parse_expression(text, 2017)
        assert (e.kind, e.end) == ("year", "2017-12-31"), text
    assert parse_expression("Cả nước", 2017).kind == "unparsed"
    t = _task(NQ33, "50")
    assert (t.due_raw, t.due_date) == ("Cả năm 2017", "2017-12-31")


def test_a_unit_cell_holding_only_figures_proposes_no_unit():
    # the coordinating cell "20\n30" of task 384 (a user's trial entry) made "20" a unit
    from sheettools.units import sentence_piece, suggest_registry

    assert sentence_piece("20") and sentence_piece("30")
    assert not sentence_piece("Vụ GDTrH")
    units, _groups = suggest_registry(["20; 30", "Vụ GDTrH"])
    assert [u.name for u in units] == ["Vụ GDTrH"]
    t = _task(WHOLE, "384")
    assert t.coord_raw == "20; 30"
