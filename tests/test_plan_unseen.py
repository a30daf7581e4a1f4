"""Shapes met in real plans the importer had not seen (issue 11, second round).

Each test builds its input in code; the real plans these shapes came from are in
tests/data/plans (ubnd-laocai-…, sct-laocai-…, bnnmt-2200-…, bcdqg1237-…).
"""

from __future__ import annotations

import pytest

from sheettools.deadlines import parse_expression
from sheettools.plancolumns import guess_role
from sheettools.planimport import parse_plan
from sheettools.units import suggest_registry


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Sở, ngành chủ trì tham mưu", "lead"),
        ("Các cơ quan, đơn vị cùng phối hợp", "coord"),
        ("Tên nhiệm vụ", "content"),
    ],
)
def test_a_title_with_one_role_word_takes_that_role(title, role):
    assert guess_role(title)[0] == role


@pytest.mark.parametrize("title", ["Người thực hiện", "Cán bộ phụ trách", "Người phụ trách"])
def test_a_column_of_people_is_not_the_lead_unit(title):
    # sct-laocai-…docx: "Người thực hiện" names officers ("Vũ Việt Linh"), not units
    assert guess_role(title)[0] == "leader"


def test_a_title_with_words_of_two_roles_is_ambiguous_not_guessed():
    role, _why, alts = guess_role("Cơ quan chủ trì, phối hợp")
    assert role is None and set(alts) == {"lead", "coord"}
    # a cell of text (a sentence, a date) is not a title
    assert guess_role("Sở Tư pháp chủ trì, hoàn thành trước 30/6/2026")[0] is None


@pytest.mark.parametrize(
    ("text", "kind", "end"),
    [
        ("Xong trong Quý II/2026", "quarter", "2026-06-30"),
        ("Xong trong tháng 5/2026", "month", "2026-05-31"),
        ("Hoàn thành xong trước ngày 15/3/2026", "date", "2026-03-15"),
        ("Hoàn thành đầu tư, lắp đặt và vận hành xong trước ngày 01/01/2030", "date", "2030-01-01"),
        # two times named: not one firm date; the earliest, flagged as compound
        ("Trình trước ngày 30/6/2026; ban hành trước ngày 31/12/2026", "compound", "2026-06-30"),
        # "from November onward": no deadline in it, flagged
        ("Từ tháng 11/2013 trở đi", "unparsed", None),
    ],
)
def test_deadlines_written_as_sentences(text, kind, end):
    e = parse_expression(text, 2026)
    assert (e.kind, e.end) == (kind, end)


def test_an_empty_number_column_keys_rows_by_order(tmp_path):
    src = tmp_path / "plan.csv"
    src.write_text(
        "TT,Nhiệm vụ thực hiện,Đơn vị chủ trì,Thời hạn\n"
        ",Rà soát điều kiện học viên,Phòng Quản lý công nghiệp,Tháng 7/2026\n"
        ",Xây dựng bài kiểm tra,Phòng Quản lý công nghiệp,Tháng 7/2026\n"
        ",Tổ chức chấm bài,Văn phòng Sở,Tháng 8/2026\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(src, year=2026)
    assert [(t.key, t.kind) for t in tasks] == [("1", "task"), ("2", "task"), ("3", "task")]
    assert tasks[2].lead_raw == "Văn phòng Sở" and tasks[2].due_date == "2026-08-31"
    assert "thứ tự dòng" in report["tables"][0]["numbering"]  # keys follow the row order


HEADED = """KẾ HOẠCH THỰC HIỆN ĐỀ ÁN TỪ NAY ĐẾN NĂM 2030
Hà Nội, ngày 11 tháng 11 năm 2025
I. CÔNG TÁC TUYÊN TRUYỀN
1. Nội dung, biện pháp
a) Tổ chức hội nghị quán triệt Đề án.
b) Lập chuyên mục trên cổng thông tin.
2. Cơ quan chủ trì, phối hợp
a) Cơ quan chủ trì
- Bộ Thông tin và Truyền thông.
- Ban Chỉ đạo các tỉnh.
b) Cơ quan phối hợp
- Hội Cựu chiến binh các cấp.
3. Thời gian thực hiện: Quý I/2026.
II. KIỂM TRA, SƠ KẾT
1. Nội dung, biện pháp
a) Kiểm tra định kỳ.
2. Cơ quan chủ trì: Bộ Quốc phòng.
3. Thời gian thực hiện: Hằng năm.
"""


def test_fields_written_as_headings_with_lists_are_shared_by_the_section(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(HEADED, encoding="utf-8")
    tasks, report = parse_plan(src)
    leaves = {t.key: t for t in tasks if t.kind != "group"}
    assert sorted(leaves) == ["I.1.a", "I.1.b", "II.1.a"]
    a = leaves["I.1.b"]
    assert a.content.startswith("Lập chuyên mục")
    assert "Bộ Thông tin và Truyền thông" in a.lead_raw and "Ban Chỉ đạo các tỉnh" in a.lead_raw
    assert "Hội Cựu chiến binh" in a.coord_raw and "Hội Cựu" not in a.lead_raw
    assert a.due_date == "2026-03-31"
    assert leaves["II.1.a"].lead_raw == "Bộ Quốc phòng" and leaves["II.1.a"].recurring
    # "từ nay đến năm 2030" is the horizon: the plan's year is its signing year
    assert (report["year"], report["year_from"]) == (2025, "date")


def test_no_prose_task_without_content(tmp_path):
    src = tmp_path / "plan.txt"
    src.write_text(
        "KẾ HOẠCH HUẤN LUYỆN NĂM 2026\nII. NỘI DUNG\n"
        "1. Thời gian: 1,5 ngày (bắt đầu từ 13h30 ngày 06/7/2026).\n"
        "2. Tổ chức huấn luyện\n- Đơn vị chủ trì: Phòng Quản lý công nghiệp\n"
        "- Thời hạn hoàn thành: Tháng 7/2026\n",
        encoding="utf-8",
    )
    tasks, _ = parse_plan(src)
    assert [t.content for t in tasks] == ["Tổ chức huấn luyện"]


def test_a_name_going_on_after_va_is_not_cut():
    units, _groups = suggest_registry(
        [
            "Cục Lâm nghiệp và Kiểm lâm; Vụ Pháp chế",
            "Phòng Văn hóa và Thông tin, Công an tỉnh và Thanh tra tỉnh",
            "Bộ Y tế và Bảo hiểm xã hội Việt Nam",
        ]
    )
    names = {u.name for u in units}
    assert {"Cục Lâm nghiệp và Kiểm lâm", "Phòng Văn hóa và Thông tin"} <= names
    assert {"Công an tỉnh", "Thanh tra tỉnh", "Bộ Y tế", "Bảo hiểm xã hội Việt Nam"} <= names
    assert not names & {"Kiểm lâm", "Thông tin", "Cục Lâm nghiệp"}


def test_pdf_rows_end_at_the_ruled_line_across_the_table():
    """qdttg-844: cells whose text lines are drawn one by line (justified) are read by the
    table's ruling; no row takes the next row's lines."""
    from pathlib import Path

    plan = Path(__file__).parent / "data" / "plans" / "qdttg-844-2026-bao-hiem-y-te-toan-dan.pdf"
    tasks, _ = parse_plan(plan)
    by_key = {t.key: t for t in tasks}
    assert by_key["I.2"].lead_raw == "Ủy ban nhân dân các cấp"
    assert by_key["I.2"].due_raw == "Hằng năm và từng giai đoạn"
    assert by_key["I.3"].content.startswith("Bố trí ngân sách địa phương")
    assert by_key["V.21"].coord_raw.endswith("cơ sở khám bệnh, chữa bệnh")
    assert by_key["V.22"].content.startswith("Tập trung phát triển") and "I.3-2" not in by_key


@pytest.mark.parametrize("name", ["month-dates.xls", "month-dates.ods"])
def test_xls_and_ods_date_cells_are_read_by_their_number_format(name):
    """tests/data/month-dates.{xls,ods}: LibreOffice's conversions of a workbook whose
    deadline cells are real dates shown as ``mm/yyyy``, ``yyyy``, ``dd/mm/yyyy`` and
    ``"Tháng "m/yyyy`` (01/04/2026, 01/01/2026, 15/06/2026, 01/09/2026)."""
    from pathlib import Path

    tasks, _ = parse_plan(Path(__file__).parent / "data" / name)
    assert [(t.due_raw, t.due_date) for t in tasks] == [
        ("Tháng 4/2026", "2026-04-30"),  # a month shown: that month, not its first day
        ("Năm 2026", "2026-12-31"),
        ("15/06/2026", "2026-06-15"),
        ("Tháng 9/2026", "2026-09-30"),
    ]


def test_a_remark_in_parentheses_is_never_proposed_as_a_unit():
    units, groups = suggest_registry(
        ["Ban Chỉ đạo quốc gia; (Văn phòng Ban Chỉ đạo, cơ quan thường trực giúp Ban Chỉ đạo)"]
    )
    assert [u.name for u in units] == ["Ban Chỉ đạo quốc gia"]
    assert any("(Văn phòng Ban Chỉ đạo" in a for g in groups for a in g.aliases)


def test_a_word_cell_of_one_name_per_line_is_split_there(tmp_path):
    """Names one per paragraph in a Word cell are separate names (sct-laocai-…docx); a
    name a break cut after "và" or before a lower-case word stays whole."""
    import docx

    d = docx.Document()
    table = d.add_table(rows=1, cols=4)
    for cell, title in zip(
        table.rows[0].cells, ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"], strict=True
    ):
        cell.text = title
    cells = table.add_row().cells
    cells[0].text, cells[1].text, cells[3].text = "1", "Rà soát hồ sơ", "Tháng 7/2026"
    cells[2].text = "Sở Công Thương"
    cells[2].add_paragraph("Sở Khoa học và")
    cells[2].add_paragraph("Công nghệ")
    cells[2].add_paragraph("Ủy ban nhân dân")
    cells[2].add_paragraph("phường Cốc Lếu")
    path = tmp_path / "plan.docx"
    d.save(str(path))
    tasks, _report = parse_plan(path, year=2026)
    (t,) = [t for t in tasks if t.kind == "task"]
    assert t.lead_raw == "Sở Công Thương; Sở Khoa học và Công nghệ; Ủy ban nhân dân phường Cốc Lếu"
    units, _groups = suggest_registry([t.lead_raw])
    assert {u.name for u in units} == {
        "Sở Công Thương",
        "Sở Khoa học và Công nghệ",
        "UBND phường Cốc Lếu",  # the registry's short form
    }


def test_steps_with_a_completion_label_and_the_body_in_their_sentence(tmp_path):
    """``Thời gian hoàn tất: …`` is a deadline label; a step without a lead field names its
    body at the start of its sentence (``Sở Tư pháp chủ trì, phối hợp …``)."""
    p = tmp_path / "plan.txt"
    p.write_text(
        "KẾ HOẠCH\nTriển khai thực hiện Đề án năm 2014\nII. NỘI DUNG THỰC HIỆN\n"
        "1. Sở Tư pháp chủ trì, phối hợp với các sở, ngành xây dựng Quy chế phối hợp.\n"
        "Thời gian hoàn tất: Tháng 6/2014.\n"
        "2. Sở Nội vụ có trách nhiệm hướng dẫn các quận, huyện rà soát tổ chức bộ máy.\n"
        "Thời gian hoàn tất: Quý III/2014.\n"
        "3. Tổ chức sơ kết, đánh giá kết quả thực hiện Đề án.\n"
        "- Thời gian hoàn tất: trước ngày 15/12/2014.\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p)
    got = [(t.key, t.lead_raw, t.due_date) for t in tasks if t.kind == "task"]
    assert got == [
        ("II.1", "Sở Tư pháp", "2014-06-30"),
        ("II.2", "Sở Nội vụ", "2014-09-30"),
        ("II.3", "", "2014-12-15"),
    ]
    assert "lead_from_text" in tasks[0].flags
    assert report["no_lead_unit"] == ["II.3"]  # not guessed: the office assigns it
    assert guess_role("Thời gian hoàn tất")[0] == "due"


def test_a_spreadsheet_cell_of_one_unit_per_line_is_split_there(tmp_path):
    """Alt+Enter in an Excel cell is the Word cell's paragraph: one name per line."""
    import xlsxwriter

    path = tmp_path / "plan.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"])
    ws.write_row(
        1,
        0,
        [
            "1",
            "Rà soát quy hoạch",
            "Sở Xây dựng\nSở Tài chính",
            "UBND các xã,\nphường",
            "Quý III/2026",
        ],
    )
    wb.close()
    tasks, _report = parse_plan(path, year=2026)
    (t,) = [t for t in tasks if t.kind == "task"]
    assert t.lead_raw == "Sở Xây dựng; Sở Tài chính"
    assert t.coord_raw == "UBND các xã, phường"  # a line ending with a comma goes on
    assert t.content == "Rà soát quy hoạch"
    # the same cell saved as CSV (a quoted cell with line breaks)
    csv_path = tmp_path / "plan.csv"
    csv_path.write_text(
        'STT,Nội dung,Cơ quan chủ trì,Thời hạn\n1,Rà soát quy hoạch,"Sở Xây dựng\nSở Tài chính",Quý III/2026\n',
        encoding="utf-8",
    )
    tasks, _report = parse_plan(csv_path, year=2026)
    assert [t.lead_raw for t in tasks if t.kind == "task"] == ["Sở Xây dựng; Sở Tài chính"]


def test_officers_beside_the_leader_in_charge_are_an_extra_column(tmp_path):
    src = tmp_path / "plan.csv"
    src.write_text(
        "TT,Nội dung,Lãnh đạo phụ trách,Người thực hiện,Đơn vị chủ trì,Thời hạn\n"
        "1,Rà soát hồ sơ,Đ/c Phó Giám đốc,Vũ Việt Linh,Phòng Quản lý công nghiệp,Tháng 7/2026\n",
        encoding="utf-8",
    )
    tasks, _report = parse_plan(src, year=2026)
    (t,) = [t for t in tasks if t.kind == "task"]
    assert t.leader == "Đ/c Phó Giám đốc" and t.lead_raw == "Phòng Quản lý công nghiệp"
    assert "Người thực hiện: Vũ Việt Linh" in t.extra


def test_an_activity_with_a_colon_is_no_body_inside_a_block(tmp_path):
    """Inside a body's duties, ``Hội nghị sơ kết: …`` or ``Báo cáo kết quả: …`` are duties,
    not bodies named (their first word also starts ``Hội Cựu chiến binh``, ``Báo Nhân dân``)."""
    p = tmp_path / "plan.txt"
    p.write_text(
        "KẾ HOẠCH năm 2026\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa và Thông tin\n"
        "- Hội nghị sơ kết: tổ chức trong tháng 6/2026.\n"
        "- Báo cáo kết quả: gửi UBND huyện trước ngày 15/12/2026.\n"
        "2. Hội Cựu chiến binh\n- Phối hợp tuyên truyền.\n",
        encoding="utf-8",
    )
    tasks, _report = parse_plan(p)
    got = [(t.key, t.lead_raw, t.content[:14]) for t in tasks if t.kind == "task"]
    assert got == [
        ("III.1", "Phòng Văn hóa và Thông tin", "Hội nghị sơ kế"),
        ("III.1.2", "Phòng Văn hóa và Thông tin", "Báo cáo kết qu"),
        ("III.2", "Hội Cựu chiến binh", "Phối hợp tuyên"),
    ]


def test_duties_in_the_body_of_a_plan_stay_when_its_last_part_is_general(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_text(
        "KẾ HOẠCH năm 2026\nII. NHIỆM VỤ CỤ THỂ\n1. Sở Tư pháp\n- Rà soát văn bản.\n"
        "- Tập huấn pháp luật.\n2. Sở Nội vụ\n- Kiện toàn tổ chức.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng UBND tỉnh: theo dõi, tổng hợp.\n",
        encoding="utf-8",
    )
    tasks, _report = parse_plan(p, year=2026)
    leads = [t.lead_raw for t in tasks if t.kind == "task"]
    assert leads == ["Sở Tư pháp", "Sở Tư pháp", "Sở Nội vụ", "Văn phòng UBND tỉnh"]
