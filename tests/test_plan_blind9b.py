"""Defects found by blind round 9b of issue 11: task tables from sources other than the
legal database's scrapes.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 9b").
"""

from __future__ import annotations

from pathlib import Path

from plan_helpers import PLANS, plan
from sheettools.planimport import parse_plan

CTR104 = "tinhuy-laocai-104-ctr-2026-bao-ve-moi-truong-kl75.txt"


def test_a_table_laid_out_with_spaces_in_a_text_file_is_read():
    # Phụ lục 2 of Chương trình 104-CTr/TU as pdftotext -layout prints it: titles over five
    # lines, each row's number, lead and deadline on the middle line of the row, the content
    # wrapped above and below. It was "no task table found".
    tasks, report = plan(CTR104)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 27 and report["year"] == 2026
    groups = {t.key: t.content for t in tasks if t.kind == "group"}
    assert groups["I"] == "Các nhiệm vụ cần làm ngay trong năm 2026"
    assert groups["II.7"] == "Phát triển khoa học, công nghệ, chuyển đổi số"
    first = next(t for t in leaves if t.key == "I.1")
    assert first.content.startswith("Tổ chức nghiên cứu, học tập, quán triệt và triển khai")
    assert first.content.endswith("ứng phó với biến đổi khí hậu trên địa bàn tỉnh.")
    assert (first.lead_raw, first.due_raw) == ("Các cấp ủy, tổ chức đảng", "Trước ngày 15/10/2026")
    assert str(first.due_date) == "2026-10-15"
    # numbers run on across the parts of II; every row has its body and its deadline
    assert [t.key for t in leaves][-1] == "II.7.24"
    assert all(t.lead_raw and t.due_date for t in leaves)


def test_the_person_in_charge_is_no_lead_and_crowded_columns_are_parted():
    # "Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc" names a Vice-Chairman: the leader,
    # never the lead. Where the line is crowded pdftotext keeps one space between columns
    # ("… cấp tỉnh giai Đảng ủy UBND", "Tỉnh ủy viên, Phó Chủ 2029 - 2030"): the words go to
    # the column whose other lines of the row they centre on
    tasks, _report = plan(CTR104)
    by_key = {t.key: t for t in tasks}
    t = by_key["II.1.2"]
    assert t.content == (
        "Xây dựng Kế hoạch bảo vệ môi trường cấp tỉnh giai đoạn 2031 - 2040, tầm nhìn đến năm 2060"
    )
    assert (t.lead_raw, t.due_raw) == ("Đảng ủy UBND tỉnh", "2029 - 2030")
    assert t.leader == "Đồng chí Phan Trung Bá - Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh"
    # four columns run together on one line: content, lead, person and deadline
    t = by_key["II.2.9"]
    assert t.content.endswith("đối với dự án đầu tư xanh, tuần hoàn, phát thải thấp, thích "
                              "ứng với biến đổi khí hậu")  # fmt: skip
    assert (t.lead_raw, t.due_raw) == ("Đảng ủy HĐND tỉnh; Đảng uỷ UBND tỉnh", "2027 - 2030")
    assert not any("Đồng chí" in t.lead_raw or "Phó Chủ" in t.due_raw for t in tasks)
    # a deadline wrapped over six lines stays whole
    assert by_key["II.3.11"].due_raw == (
        "2026 – 2030 (Ngay sau khi các sự cố, vấn đề môi trường phát sinh)"
    )


# kept outside the corpus: three of its rows still come out wrong (see below)
NQ03_TEXT = (
    Path(__file__).parent / "data" / "textlayout" / "nqcp-03-2025-phu-luc-nhiem-vu-nq57-spaced.txt"
)


def test_a_borderless_table_as_pdftotext_prints_it_is_read_whole():
    # the borderless rendition of Nghị quyết 03/NQ-CP's Phụ lục II through pdftotext
    # -layout: cells top-aligned, 140 rows over 19 pages; a row crowded into one phrase
    # across the page ("Tổ chức triển khai … hằng năm" with its cells one space apart) is
    # no prose ending the table when a row number follows it (the table ended after 16 rows)
    # (still wrong: three rows whose first line runs content and lead together in cells
    # aligned left, e.g. II.23 "… sửa đổi Bộ Quốc" / "phòng": the split looks for centred
    # cells, so 'đổi Bộ Quốc' is taken for the lead)
    tasks, _report = parse_plan(NQ03_TEXT)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 140 and all(t.lead_raw for t in leaves)
    # a row whose number stands on its first line runs down to the next number (it kept
    # only its first line when no blank line parted it from the next row)
    t = next(t for t in leaves if t.key == "III.54")
    assert t.content.startswith("Xây dựng cơ chế, chính sách hỗ trợ, khuyến khích các tổ chức")
    assert t.lead_raw == "Bộ Khoa học và Công nghệ"
    t = next(t for t in leaves if t.key == "I.1")
    assert t.content.startswith("Xây dựng, trình Thủ tướng Chính phủ ban hành")
    assert t.lead_raw == "Bộ Khoa học và Công nghệ" and str(t.due_date) == "2025-06-30"


def test_a_table_cut_at_the_wrong_lines_is_no_table():
    # rows whose content mostly starts inside a sentence were cut at the wrong lines: the
    # reader gives up (the import says no table was found) rather than glue row pieces
    from sheettools.textspaced import _misread, spaced_text_table

    found = spaced_text_table((PLANS / CTR104).read_text(encoding="utf-8").split("\n"))
    assert found is not None
    rows = found[2][1:]
    assert not _misread(rows)
    # the same rows, each numbered row's content starting at its fourth word
    shifted = [
        (i, [c[0], " ".join(c[1].split()[3:]) if c[0][:1].isdigit() else c[1], *c[2:]])
        for i, c in rows
    ]
    assert _misread(shifted)
