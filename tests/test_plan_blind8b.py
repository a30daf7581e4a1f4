"""Defects found by blind round 8b of issue 11: task appendices of Government resolutions as
the Công báo prints them (PDF with a text layer, ruled tables).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 8b").
"""

from __future__ import annotations

from plan_helpers import plan
from sheettools.planimport import FLAG_MERGED_DOWN

NQ116 = "nqcp-116-2026-phong-chong-thien-tai-kl213.pdf"
NQ100 = "nqcp-100-2026-phi-chinh-phu-nuoc-ngoai-ct49.pdf"


def test_rows_closed_by_a_border_over_the_first_columns_are_tasks_of_their_own():
    # I.4 is a heading over four "-" rows, each with its own body in charge; the border
    # between them stops at the lead column (one coordinating cell over the first three, one
    # deadline cell over the four). The four rows were one task "I.- - - -" whose lead was
    # the four bodies run together ("Bộ NN&MT Bộ Xây dựng Bộ Công Thương …")
    tasks, _report = plan(NQ116)
    heading = next(t for t in tasks if t.key == "I.4")
    assert heading.kind == "group"
    assert heading.content.startswith("Hoàn thiện hệ thống tiêu chuẩn, quy chuẩn kỹ thuật")
    rows = [t for t in tasks if t.key.startswith("I.4.")]
    assert [(t.content, t.lead_raw) for t in rows] == [
        ("Công trình đê điều, hồ đập, công trình thoát lũ.", "Bộ NN&MT"),
        ("Công trình giao thông.", "Bộ Xây dựng"),
        ("Công trình hạ tầng năng lượng.", "Bộ Công Thương"),
        ("Công trình thông tin liên lạc.", "Bộ Khoa học và Công nghệ"),
    ]
    # the merged cells are read whole, given to every row they cover, and said so
    assert [t.coord_raw for t in rows] == ["Bộ Khoa học và Công nghệ, các bộ, cơ quan"] * 3 + [
        "Các bộ, cơ quan"
    ]
    assert {t.due_raw for t in rows} == {"Năm 2026 và các năm tiếp theo"}
    assert all(t.recurring and t.due_date is None for t in rows)
    assert [f for f in rows[1].flags if f.startswith(FLAG_MERGED_DOWN)] == [
        f"{FLAG_MERGED_DOWN}: Cơ quan phối hợp, Thời gian"
    ]
    assert not [f for f in rows[0].flags if f.startswith(FLAG_MERGED_DOWN)]
    # the rows around keep their own cells
    after = next(t for t in tasks if t.key == "I.5")
    assert (after.lead_raw, after.due_raw) == ("Bộ Tài chính", "Giai đoạn 2026 - 2030")
    # 36 rows of the table and III.1.a of the duties part (the bodies' own plans, read since
    # round 12b)
    assert len([t for t in tasks if t.kind != "group"]) == 37


def test_a_border_across_the_whole_table_still_ends_every_cell():
    # Nghị quyết 100/NQ-CP: every row closed across the table; none takes a cell from above
    tasks, _report = plan(NQ100)
    leaves = [t for t in tasks if t.kind != "group"]
    # 32 rows of the table and T2.III.2 of the duties part (the bodies revise their own
    # programmes, read since round 13a)
    assert len(leaves) == 33
    assert not any(f.startswith(FLAG_MERGED_DOWN) for t in leaves for f in t.flags)
    t = next(t for t in leaves if t.key == "III.6")  # its deadline cell is empty in the source
    assert t.due_raw == "" and "no_deadline" in t.flags


QD2629 = "qdttg-2629-2025-chinh-phu-so.md"


def test_a_bare_unit_title_beside_a_lead_title_is_the_unit_of_measure():
    # Phụ lục I "TT · Chỉ tiêu · Đơn vị · Kết quả · Cơ quan chủ trì theo dõi, đánh giá": the
    # bare "Đơn vị" ("%") won the lead role as a whole-title synonym; the monitoring body
    # was left as an extra column
    from sheettools.plancolumns import assign_roles

    cols = assign_roles(
        ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"]
    )
    assert [c.role for c in cols] == ["number", "content", "extra", "output", "lead"]
    # alone, "Đơn vị" still names the body in charge
    assert [c.role for c in assign_roles(["STT", "Nội dung", "Đơn vị", "Thời gian"])][2] == "lead"
    tasks, _report = plan(QD2629)
    t = next(t for t in tasks if t.content.startswith("Tỉ lệ dịch vụ công trực tuyến toàn trình"))
    assert t.lead_raw == "Văn phòng Chính phủ" and "%" not in t.lead_raw


def test_parts_of_a_roman_section_head_their_rows():
    # "III.1" / "III.1.1" … "III.2" (and "I.1", "I.2" in Phụ lục I) read as tasks without a
    # body; the web page prints III.1.2's row with three empty cells, which ended the table
    # there (42 of its 75 tasks lost)
    tasks, report = plan(QD2629)
    groups = {t.key: t.content for t in tasks if t.kind == "group"}
    assert groups["T2.III.1.1"].startswith("Nhóm các nền tảng số giải quyết thủ tục")
    assert groups["T2.III.1.2"].startswith("Nhóm các nền tảng phục vụ quản trị")
    assert groups["I.2"].startswith("Cơ quan nhà nước quản lý, chỉ đạo, điều hành")
    leaves = [t for t in tasks if t.kind != "group"]
    # (97 rows of the two appendices, and IV.2's own plan since round 11b)
    assert len(leaves) == 98 and all(t.lead_raw for t in leaves)
    t = next(t for t in leaves if t.key == "T2.III.1.2.5")  # numbers run on across the parts
    assert t.content.startswith("Phát triển Hệ thống thông tin báo cáo Chính phủ")
    # the site's footer after it is no task
    assert [t.key for t in leaves if t.key.startswith("T2.")][-1] == "T2.IX.2"
    assert not any("Nguyễn Gia Thiều" in t.content for t in leaves)


def test_a_heading_naming_a_period_gives_the_deadline_of_the_rows_under_it():
    # the indicators have no deadline column: "I · Giai đoạn 2025-2027" and
    # "II · Giai đoạn 2028-2030" say when they are due
    tasks, _report = plan(QD2629)
    first = [t for t in tasks if t.key.startswith("I.") and t.kind == "task"]
    second = [t for t in tasks if t.key.startswith("II.") and t.kind == "task"]
    assert len(first) == 10 and len(second) == 12
    assert {(t.due_raw, str(t.due_date)) for t in first} == {("Giai đoạn 2025-2027", "2027-12-31")}
    assert {str(t.due_date) for t in second} == {"2030-12-31"}
    assert all("deadline_from_heading" in t.flags for t in first + second)
    # a heading that is a topic, not a period, gives nothing; a row's own deadline stays
    own = next(t for t in tasks if t.key == "T2.I.1")
    assert own.due_raw == "Tháng 12/2025" and "deadline_from_heading" not in own.flags


KH179 = "ubnd-dongnai-179-kh-2025-kinh-te-so-xa-hoi-so.md"


def test_the_header_printed_again_with_other_words_is_no_task():
    # printed again under seven sections of part B and the first of C: "· Nội dung · Đơn vị
    # thực hiện · Đơn vị phối hợp · Thời gian thực hiện · Sản phẩm đầu ra"; each was a
    # sub-item "Nội dung" led by "Đơn vị thực hiện", due "Thời gian thực hiện"
    tasks, report = plan(KH179)
    assert not any(t.content == "Nội dung" or "Đơn vị thực hiện" in t.lead_raw for t in tasks)
    assert len(report["tables"][0]["header_lines"]) == 1 + 8  # B: 7 sections, C: its first
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 94 and all(t.lead_raw and t.due_date for t in leaves)


def test_a_heading_whose_title_sits_under_the_lead_column_heads_its_rows():
    # "5.1 · ** ** · Thương mại · ** ** …" (5.2 printed with one cell too many, which shifted
    # every row after it by one column): "Thương mại" was the lead unit of a task 5.1
    tasks, _report = plan(KH179)
    groups = {t.key: t.content for t in tasks if t.kind == "group"}
    assert groups["B.IV-2.5.1"] == "Thương mại"
    assert groups["B.IV-2.5.2"] == "Công nghiệp và năng lượng"
    t = next(t for t in tasks if t.key == "B.IV-2.5.2.1")
    assert (t.lead_raw, t.due_raw) == ("Sở Công Thương", "2026 - 2030")
    assert not any("Thương mại" == t.lead_raw for t in tasks)


def test_a_roman_section_printed_twice_gets_a_key_of_its_own():
    # part B numbers its sections I, II, III, IV, IV, VI: both were keyed "B.IV"
    tasks, report = plan(KH179)
    keys = [t.key for t in tasks]
    assert len(keys) == len(set(keys))
    assert [t.content[:40] for t in tasks if t.key in ("B.IV", "B.IV-2")] == [
        "Phát triển kinh tế số, xã hội số trong l",
        "Phát triển kinh tế số thương mại, công n",
    ]
    assert any("B.IV-2" in w for w in report["warnings"])
