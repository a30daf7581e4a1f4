"""Issue 11, item 1: "only content is required, plus at least one of lead unit or deadline".

A plan whose table names no unit at all — only a timetable (a column per month or quarter, an
"x" in the periods a task runs) or only a deadline column — imports, every task flagged
``no_lead_unit`` and listed in the report for the office to assign. No real plan of this
layout was found in the stored sources (search tool, corpora pages/code, find_string on
"| Tháng 1 | Tháng 2 | Tháng 3 |"): the tables below are written as ward and district
propaganda plans lay them out, with their usual tasks.
"""

from __future__ import annotations

import pytest

from sheettools.errors import InputError
from sheettools.planimport import parse_plan

MONTHS = " | ".join(f"T{m}" for m in range(1, 13))


def _marks(*months: int) -> str:
    return " | ".join("x" if m in months else "" for m in range(1, 13))


MONTHLY_MD = f"""ỦY BAN NHÂN DÂN PHƯỜNG

KẾ HOẠCH
Tuyên truyền các ngày lễ lớn, sự kiện chính trị năm 2026

| TT | Nội dung tuyên truyền | {MONTHS} |
|---|---|{"---|" * 12}
| 1 | Tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026) | {_marks(1, 2)} |
| 2 | Tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp | {_marks(2, 3)} |
| 3 | Tuyên truyền kỷ niệm Ngày Quốc khánh 02/9 | {_marks(8, 9)} |
| 4 | Phổ biến pháp luật về phòng cháy, chữa cháy | {_marks(*range(1, 13))} |
"""


def test_a_monthly_timetable_without_a_unit_column_imports(tmp_path):
    p = tmp_path / "tuyen-truyen-2026.md"
    p.write_text(MONTHLY_MD, encoding="utf-8")
    tasks, report = parse_plan(p)
    roles = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert roles["Nội dung tuyên truyền"] == "content"
    assert {roles[f"T{m}"] for m in range(1, 13)} == {"period"}
    t = {x.key: x for x in tasks}
    assert sorted(t) == ["1", "2", "3", "4"]
    # the last marked month is the deadline, the first the start ("T2" reads "Tháng 2")
    assert (t["1"].start_date, t["1"].due_date) == ("2026-01-01", "2026-02-28")
    assert (t["2"].due_raw, t["2"].due_date) == ("Tháng 3", "2026-03-31")
    assert t["3"].due_date == "2026-09-30"
    assert t["4"].due_date == "2026-12-31"
    assert all(not x.lead_units and "no_lead_unit" in x.flags for x in tasks)
    assert not any(f.startswith("unparsed_time") for x in tasks for f in x.flags)
    assert sorted(report["no_lead_unit"]) == ["1", "2", "3", "4"]


QUARTERLY_HTML = (
    "<html><body><p>KẾ HOẠCH kiểm tra, giám sát năm 2026</p><table>"
    "<tr><th>STT</th><th>Nội dung công việc</th><th>Quý I</th><th>Quý II</th>"
    "<th>Quý III</th><th>Quý IV</th><th>Ghi chú</th></tr>"
    "<tr><td>1</td><td>Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở</td>"
    "<td></td><td>x</td><td></td><td></td><td></td></tr>"
    "<tr><td>2</td><td>Giám sát việc giải quyết đơn thư khiếu nại, tố cáo của công dân</td>"
    "<td></td><td></td><td>x</td><td>x</td><td>Phối hợp Thanh tra</td></tr>"
    "</table></body></html>"
)


def test_quarter_columns_on_their_own_without_a_unit_column_import(tmp_path):
    p = tmp_path / "kiem-tra-2026.html"
    p.write_text(QUARTERLY_HTML, encoding="utf-8")
    tasks, report = parse_plan(p)
    t = {x.key: x for x in tasks}
    assert (t["1"].due_raw, t["1"].due_date) == ("Quý II", "2026-06-30")
    assert (t["2"].due_raw, t["2"].due_date) == ("Quý IV", "2026-12-31")
    assert "Phối hợp Thanh tra" in t["2"].extra  # the notes kept, never taken as a unit
    assert report["no_lead_unit"] == ["1", "2"]


def test_a_deadline_column_without_a_unit_column_imports(tmp_path):
    p = tmp_path / "deadline-only.md"
    p.write_text(
        "KẾ HOẠCH công tác năm 2026\n\n"
        "| STT | Nội dung | Thời gian hoàn thành |\n|---|---|---|\n"
        "| 1 | Xây dựng kế hoạch tuyên truyền năm 2026 | Tháng 01/2026 |\n"
        "| 2 | Sơ kết 6 tháng đầu năm | Quý II/2026 |\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p)
    assert [(x.key, x.due_date) for x in tasks] == [("1", "2026-01-31"), ("2", "2026-06-30")]
    assert report["no_lead_unit"] == ["1", "2"]


def test_a_table_with_neither_units_nor_times_is_refused_with_the_header_seen(tmp_path):
    p = tmp_path / "no-roles.md"
    p.write_text(
        "KẾ HOẠCH công tác năm 2026\n\n"
        "| STT | Nội dung | Ghi chú |\n|---|---|---|\n"
        "| 1 | Xây dựng kế hoạch tuyên truyền năm 2026 | |\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        parse_plan(p)
    text = str(err.value) + " " + (err.value.hint or "")
    # one of the two is enough, and the message says both
    assert "'lead'" in text and "'due'" in text and "STT | Nội dung | Ghi chú" in text
    assert '--map lead="…"' in text and '--map due="…"' in text
