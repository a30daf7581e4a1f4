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
