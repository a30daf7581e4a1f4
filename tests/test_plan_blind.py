"""Defects found by the blind test of issue 11 on plans the importer had never seen.

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test") or a few
of its lines copied as found.
"""

from __future__ import annotations

from pathlib import Path

from sheettools.planident import plan_identity
from sheettools.planimport import parse_plan
from sheettools.units import suggest_registry, unit_fragments

PLANS = Path(__file__).parent / "data" / "plans"

# Kế hoạch 308/KH-UBND (2025) of UBND Thành phố Hà Nội, lines 67–87 as scraped (hard-wrapped)
HANOI = """II. NHIỆM VỤ

**1. Về dữ liệu**

**1.1. Xây
dựng các Chiến lược triển khai của thành phố Hà Nôi:**

a) Nhiệm vụ: Tham mưu UBND
Thành phố phối hợp với Bộ Công an rà soát, hoàn thiện Chiến lược dữ liệu thành
phố Hà Nội đến năm 2030.

b) Cơ quan thực hiện:

- Đơn vị chủ trì: Sở Khoa học
và Công nghệ.

- Đơn vị phối hợp: Các Sở, ban,
ngành.

c) Thời gian thực hiện: Hoàn
thành trong năm 2025.

**1.2. Triển
khai, phát triển dữ liệu:**

a) Nhiệm vụ:

**- **Triển khai rà soát,
hoàn thiện, chuẩn hóa cơ sở dữ liệu của đơn vị.

- Phối hợp triển khai số hóa theo
hướng dẫn của Bộ, ngành chuyên môn.

b) Cơ quan thực hiện:

- Đơn vị chủ trì: Công an Thành
phố.

- Đơn vị phối hợp: Sở Khoa học
và Công nghệ, UBND xã, phường.

c) Thời gian thực hiện: Thực hiện
thường xuyên.
"""


def test_hard_wrapped_fields_are_one_value_and_a_task_list_is_one_task(tmp_path):
    src = tmp_path / "plan.md"
    src.write_text(HANOI, encoding="utf-8")
    tasks, _report = parse_plan(src, year=2025)
    leaves = [t for t in tasks if t.kind != "group"]
    # two numbered tasks; the bullets under "a) Nhiệm vụ:" are details of the second
    assert len(leaves) == 2
    a, b = leaves
    assert a.lead_raw == "Sở Khoa học và Công nghệ"
    assert a.content.startswith("Tham mưu UBND Thành phố")  # "Nhiệm vụ:" is a label
    assert b.content.startswith("Triển khai rà soát")
    assert a.due_raw == "Hoàn thành trong năm 2025" and a.due_date == "2025-12-31"
    assert b.lead_raw == "Công an Thành phố" and b.recurring
    assert "Sở Khoa học và Công nghệ" in b.coord_raw


def test_the_whole_hanoi_plan_has_no_unit_cut_at_a_line_end():
    tasks, report = parse_plan(PLANS / "ubnd-hanoi-308-kh-2025-du-lieu-so.md")
    assert report["year"] == 2025
    cells = [c for t in tasks for c in (t.lead_raw, t.coord_raw) if c]
    names = {n for n, _ in unit_fragments(cells)}
    for fragment in ("Sở Khoa học", "Công an Thành", "ban", "ngành", "phố", "Các Sở"):
        assert fragment not in names


def test_the_city_departments_phrase_is_the_departments_group():
    # "Các Sở, ban, ngành Thành phố" (Hà Nội, task 2) is the group of the city's
    # departments, as "Các Sở, ban, ngành tỉnh" is the province's — not a unit to register
    units, groups = suggest_registry(["Các Sở, ban, ngành Thành phố", "Sở Tài chính"])
    assert [u.name for u in units] == ["Sở Tài chính"]
    assert [g.name for g in groups] == ["Các sở, ban, ngành"]


def test_two_labelled_fields_on_one_line_are_two_fields():
    tasks, _ = parse_plan(PLANS / "sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx")
    first = next(t for t in tasks if t.content.startswith("Tái cơ cấu ngành công nghiệp"))
    # "Đơn vị chủ trì: Phòng Quản lý Công nghiệp; Đơn vị phối hợp: Phòng Quản lý Năng lượng, …"
    assert first.lead_raw == "Phòng Quản lý Công nghiệp"
    assert first.coord_raw == "Phòng Quản lý Năng lượng, Phòng Quản lý Thương mại"
    assert first.leader.startswith("Phó giám đốc Hoàng Văn Thuân")


def test_a_blank_report_form_is_skipped_not_an_error():
    # the draft ends with two report templates (headers, empty rows); one has an ambiguous
    # "Vai trò (Chủ trì/ Phối hợp)" column — a blank form is no task table
    _tasks, report = parse_plan(PLANS / "sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx")
    assert any(
        b["why"] in ("a blank form", "bảng trống (mẫu biểu)") for b in report["ignored_blocks"]
    )


def test_a_signing_date_wrapped_over_two_lines():
    # Kế hoạch 144/KH-UBND of UBND tỉnh Bắc Ninh, its head as scraped
    lines = [
        "**ỦY BAN NHÂN DÂN",
        "TỈNH BẮC NINH",
        "**CỘNG HÒA XÃ HỘI",
        "CHỦ NGHĨA VIỆT NAM**",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 144/KH-UBND",
        "*Bắc Ninh, ngày 24",
        "tháng 11 năm 2025*",
        "**KẾ HOẠCH**",
        "PHÁT TRIỂN KINH TẾ SỐ VÀ XÃ HỘI SỐ TỈNH BẮC NINH GIAI ĐOẠN",
        "2026 - 2030",
    ]
    ident = plan_identity(lines)
    assert ident.date == "2025-11-24"
    assert (ident.year, ident.year_from) == (2025, "date")


def test_a_draft_takes_its_own_year_not_the_cited_resolutions():
    # "Số:       /KH-SCT", "Lào Cai, ngày       tháng 4 năm 2026", title over
    # "(Ban hành kèm theo Nghị quyết số 35-NQ/TU ngày 29/12/2025 của Tỉnh ủy Lào Cai)"
    tasks, report = parse_plan(PLANS / "sct-laocai-2026-de-an-08-cong-nghiep-xanh.docx")
    ident = report["identity"]
    assert (report["year"], ident["number"], ident["date"]) == (2026, "", "")
    assert ident["title"].endswith("giai đoạn 2026-2030")
    # the report outline after the signature ("2. Lộ trình thực hiện: …") is no task; 6 since
    # round 11a: V.1's own yearly plan (Phòng Quản lý Công nghiệp) is a task of the common rule
    assert len([t for t in tasks if t.kind != "group"]) == 6


# the appendix of Kế hoạch 144/KH-UBND (2025, Bắc Ninh) as scraped: each cell after a line
# holding only "|", each row closed by one more "|" line, the section title in the content
BARS = """PHÂN CÔNG THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ ĐẾN NĂM 2030

|
**TT**
|
**Chỉ tiêu**
|
**Chủ trì**
|
|
|
**I. Kinh
tế số**
|
|
|
1
|
Kinh tế số chiếm 45% GRDP tỉnh.
|
Sở Tài chính
|
|
2
|
Tỷ lệ doanh nghiệp vừa và nhỏ
địa phương ứng dụng công nghệ số đạt 60%
|
Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu
|
|
|
**II. Xã
hội số**
|
|
|
1
|
Tỷ lệ phủ sóng 5G trên địa
bàn đạt 100% dân số.
|
Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực
hiện công bố dữ liệu mở hằng năm theo lĩnh vực quản lý.
|
|
"""


def test_a_table_of_bar_lines_is_read_with_its_sections(tmp_path):
    src = tmp_path / "plan.md"
    src.write_text(BARS, encoding="utf-8")
    tasks, _ = parse_plan(src, year=2025)
    leaves = {t.key: t for t in tasks if t.kind != "group"}
    assert sorted(leaves) == ["I.1", "I.2", "II.1"]
    assert (
        leaves["I.2"].content
        == "Tỷ lệ doanh nghiệp vừa và nhỏ địa phương ứng dụng công nghệ số đạt 60%"
    )
    assert leaves["I.1"].lead_raw == "Sở Tài chính"


def test_the_duty_written_after_a_lead_unit_is_no_unit():
    cells = [
        "Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu",
        "Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện công bố "
        "dữ liệu mở hằng năm theo lĩnh vực quản lý.",
        "Ban Chỉ đạo thực hiện Đề án 06",  # a body named by its purpose stays whole
    ]
    names = [n for n, _ in unit_fragments(cells)]
    assert "Sở Khoa học và Công nghệ" in names and "Sở KH&CN" in names
    assert "Ban Chỉ đạo thực hiện Đề án 06" in names
    for fragment in ("Sở Khoa học", "Công nghệ thúc đẩy", "theo dõi", "tổng hợp"):
        assert fragment not in names
    units, _groups = suggest_registry([c for c in cells[:2]])
    assert not any("thúc đẩy" in u.name or "thực hiện" in u.name for u in units)


def test_a_markdown_table_with_rows_broken_inside_cells():
    # Nghị quyết 1339/NQ-UBTVQH15 (2024) as found: rows continued on lines starting with
    # "|" or on a bare line, number cells empty or lost, rows of bars, Roman sections;
    # three bodies per text, so the mapping file beside it names the lead
    from sheettools.planimport import resolve_mapping

    path = PLANS / "ubtvqh-1339-2024-sua-luat-sap-xep-bo-may.md"
    tasks, report = parse_plan(path, mapping=resolve_mapping(path, None) or None)
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.section for t in leaves].count("I") == 2 and len(leaves) == 11
    vien = next(t for t in leaves if "giải thể Viện Nghiên cứu lập pháp" in t.content)
    # the cell "Ban Công tác đại biểu" / "Ban Công tác đại biểu (Viện … dự thảo) |" / "| Trình …"
    assert vien.lead_raw.startswith("Ban Công tác đại biểu (Viện Nghiên cứu lập pháp")
    assert vien.due_date == "2025-01-10"
    noi_quy = next(t for t in leaves if "Nội quy kỳ họp Quốc hội" in t.content)
    assert noi_quy.content.startswith("Nghị quyết sửa đổi")  # not in the number column
    # Phiên họp thứ 44 (tháng 4/2025), then Kỳ họp thứ 9 (tháng 5/2025): two milestones
    assert (noi_quy.due_date, noi_quy.milestones) == ("2025-05-31", ["2025-04-30", "2025-05-31"])


# Kế hoạch 141/KH-UBND (2025, Bắc Ninh), III.4 as scraped (hard-wrapped, italic labels)
SEVERAL_BLOCKS = """**III. NHIỆM VỤ,
GIẢI PHÁP**

**4. Nâng cao
phẩm chất, năng lực cho đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật**

- Tăng cường công tác giáo dục
chính trị, tư tưởng, kỷ luật, kỷ cương.

*Đơn vị thực hiện: *Các Sở,
ngành, đơn vị, UBND cấp xã.

*Đơn vị phối hợp: *Sở Tư
pháp.

*Thời gian thực hiện: *Thường
xuyên.

- Tổ chức tập huấn, bồi dưỡng
kiến thức, kỹ năng xây dựng pháp luật.

*Đơn vị chủ trì tham mưu thực
hiện: *Sở Tư pháp.

*Đơn vị phối hợp thực hiện: *Các
cơ quan, đơn vị, địa phương liên quan.

*Thời gian thực hiện: *Theo
kế hoạch công tác tư pháp hàng năm.

**5. Nghiên cứu giải pháp thu hút, tuyển dụng**

*Đơn vị chủ trì thực hiện: *Các
Sở, ngành, đơn vị, UBND cấp xã.

*Thời gian thực hiện: *Tháng 12/2025.
"""


def test_several_field_blocks_under_one_item_wrapped_labels_and_names(tmp_path):
    src = tmp_path / "plan.md"
    src.write_text(SEVERAL_BLOCKS, encoding="utf-8")
    tasks, report = parse_plan(src, year=2025)
    leaves = {t.key: t for t in tasks if t.kind != "group"}
    assert sorted(leaves) == ["III.4", "III.4.b2", "III.5"]
    assert leaves["III.4"].recurring and leaves["III.4"].coord_raw == "Sở Tư pháp"
    second = leaves["III.4.b2"]
    assert second.content.startswith("Tổ chức tập huấn")
    assert second.lead_raw == "Sở Tư pháp"  # label wrapped over two lines
    assert second.coord_raw == "Các cơ quan, đơn vị, địa phương liên quan"
    # "Các" / "Sở, ngành, …": a name going on after the line break, the task goes on too
    assert leaves["III.5"].lead_raw == "Các Sở, ngành, đơn vị, UBND cấp xã"
    assert leaves["III.5"].due_date == "2025-12-31"
    assert report["no_lead_unit"] == []


def test_bar_table_with_one_cell_section_rows_is_read_whole():
    # Kế hoạch 617/KH-UBND (2025) of UBND tỉnh Đồng Tháp: its appendix table is scraped one
    # cell per line between "|" lines, and each section row ("I. NÂNG CAO …") is one cell
    tasks, _report = parse_plan(
        PLANS / "ubnd-dongthap-617-kh-2025-chuyen-doi-so-doanh-nghiep.md", year=2025
    )
    # (the Tổ chức thực hiện's own-plan duties IV.7 and IV.5 are read beside it since
    # rounds 11b and 11e)
    leaves = [t for t in tasks if t.kind != "group" and t.key not in ("IV.5", "IV.7")]
    groups = [t for t in tasks if t.kind == "group"]
    assert len(leaves) == 11 and len(groups) == 4
    assert groups[0].content == "NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY"  # "I." is its number
    assert leaves[0].lead_raw == "Sở KH&CN" and leaves[0].recurring
    assert leaves[3].due_raw == "Quí IV-2025" and leaves[3].due_date == "2025-12-31"
    assert leaves[-1].content.startswith("Đẩy mạnh hợp tác với doanh nghiệp")


def test_bar_table_with_merged_cells_keeps_every_row():
    # Quyết định 2820/QĐ-UBND (2025) of UBND Thành phố Hồ Chí Minh, appendix scraped one cell
    # per line between "|" lines: section rows "I" | "Hoàn thiện …"; rows whose empty last
    # cell was left out; rows whose number and dates are merged over a second line that has
    # its own content and lead (kept as a line of its own; the deadline cell merged over both
    # lines, which it does not print, is copied down with a flag — issue 11, leftovers)
    tasks, _report = parse_plan(PLANS / "ubnd-hcm-2820-qd-2025-csdl-quy-hoach.md", year=2025)
    leaves = [t for t in tasks if t.kind != "group"]
    groups = [t for t in tasks if t.kind == "group"]
    assert len(groups) == 6 and len(leaves) == 28
    sub = next(t for t in leaves if t.content.startswith("Thực hiện sao lưu dữ liệu"))
    assert sub.lead_raw == "Sở Khoa học và Công nghệ" and sub.coord_raw == "Sở Tài chính"
    assert sub.due_date == "2026-12-31"
    assert "cells_merged_from_row_above: Thời gian dự kiến hoàn thành" in sub.flags
    last = leaves[-1]
    assert last.content.startswith("Thực hiện trách nhiệm giải trình")
    assert last.due_date is None  # "Thường xuyên, định kỳ hằng quý …": flagged, not guessed


def test_numbered_headings_with_labelled_content_and_one_written_out():
    # Kế hoạch 172/KH-UBND (2025) of UBND Thành phố Hồ Chí Minh, II. NỘI DUNG: "1. …" over
    # "- Nội dung thực hiện: …" keeps its number; "3. …" is written as a paragraph naming
    # its bodies and has no fields: it must not take the fields (and deadline) of "4. …"
    tasks, _report = parse_plan(PLANS / "ubnd-hcm-172-kh-2025-luat-viec-lam.md", year=2025)
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.key for t in leaves] == ["II.1", "II.2", "II.3", "II.4"]
    assert leaves[0].content.startswith("Tổ chức phổ biến, giáo dục Luật Việc làm")
    three = leaves[2]
    assert three.due_date is None and not three.due_raw
    assert "no_lead_unit" in three.flags
    assert leaves[3].lead_raw.startswith("Sở Nội vụ")


def test_from_a_year_on_every_year_is_recurring_not_a_deadline():
    # "Thời gian thực hiện: Năm 2025 và các năm tiếp theo" (Kế hoạch 172/KH-UBND of 2025, Hồ
    # Chí Minh; 7360/KH-UBND of 2025, Lai Châu): no single deadline at the end of 2025
    from sheettools.deadlines import parse_task_times

    for text in ("Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và các năm tiếp theo."):
        t = parse_task_times("", text, 2025)
        assert t.due_date is None and t.recurring
    assert parse_task_times("", "Quý IV/2025", 2025).due_date == "2025-12-31"


def test_lai_chau_numbers_alone_wrapped_fields_and_wrapped_identity():
    # Kế hoạch 7360/KH-UBND (2025) of UBND tỉnh Lai Châu as scraped: "**1.****" alone on a
    # line over its heading, field values hard-wrapped at a lower-case word ("Báo và Phát
    # thanh" / "Truyền hình Lai Châu …"), "Số:" / "7360/KH-UBND" and "ngày" / "19 tháng …"
    path = PLANS / "ubnd-laichau-7360-kh-2025-luat-tieu-chuan.md"
    tasks, report = parse_plan(path)
    ident = report["identity"]
    assert ident["number"] == "7360/KH-UBND" and ident["date"] == "2025-11-19"
    leaves = [t for t in tasks if t.kind != "group"]
    first = leaves[0]
    assert first.key == "II.1" and first.content.startswith("Trên cơ sở tài liệu")
    assert first.lead_raw.endswith("Truyền hình Lai Châu và các sở, ngành có liên quan")
    assert first.coord_raw == "Các sở, ngành; Ủy ban nhân dân các xã, phường"
    assert first.recurring and first.due_date is None
    assert [t.key for t in leaves][:2] == ["II.1", "II.2"] and len(leaves) >= 8


def test_ttg_2623_citation_lines_bulleted_times_and_issue_deadline():
    # Quyết định 2623/QĐ-TTg (2025), Kế hoạch triển khai Luật Bảo vệ dữ liệu cá nhân: a wrapped
    # citation line "Điều 6; khoản 5 Điều 9; …" is no article heading (it dropped task 5),
    # "Thời hạn ban hành: …" is the deadline, and "Thời gian thực hiện:" over "+" bullets
    # keeps both bullets as its text (flagged: two dates for two bodies), not a new task
    tasks, _report = parse_plan(PLANS / "qdttg-2623-2025-luat-bao-ve-du-lieu-ca-nhan.md")
    leaves = {t.key: t for t in tasks if t.kind != "group"}
    # 10 since round 11a: IV.2's paragraph, the bodies' own plans, is a task of the common rule
    assert len(leaves) == 10
    assert leaves["II.5"].due_date == "2026-01-01"
    assert leaves["II.5.b2"].content.startswith("Nghị định xử phạt vi phạm hành chính")
    assert leaves["II.7"].due_raw.startswith("trước ngày 31 tháng 12 năm 2026")
    assert leaves["II.7"].due_date == "2026-12-31"
    four = leaves["II.4"]
    assert four.due_date is None and "no_deadline" in four.flags
    assert "15 tháng 12 năm 2025" in four.due_raw and "31 tháng 12 năm 2025" in four.due_raw


def test_two_names_written_without_a_separator_are_two_units():
    # cells as scraped: "Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã" (Kế
    # hoạch 310/KH-UBND of 2025, Hà Nội), "Sở Tài chính Các sở, ngành, UBND xã, phường, đặc
    # khu" and "… đặc khu Sở Tài chính" (Quyết định 2820/QĐ-UBND of 2025, Hồ Chí Minh)
    frags = [f for f, _w in unit_fragments(["Sở Khoa học và Công nghệ Sở Công Thương; UBND xã"])]
    assert frags[:2] == ["Sở Khoa học và Công nghệ", "Sở Công Thương"]
    units, _groups = suggest_registry(
        ["Sở Tài chính Các sở, ngành", "Các sở, ngành, UBND xã, phường, đặc khu Sở Tài chính"]
    )
    names = {u.name for u in units}
    assert "Sở Tài chính" in names
    assert not any("đặc khu" in n or "Các sở" in n for n in names), names
    # a name that contains another stays whole
    assert [f for f, _w in unit_fragments(["Văn phòng Sở Tài chính"])] == ["Văn phòng Sở Tài chính"]
    tasks, _ = parse_plan(PLANS / "ubnd-hanoi-310-kh-2025-ha-tang-5g-iot.md", year=2025)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    names = {u.name for u in suggest_registry(cells)[0]}
    assert "Sở Khoa học" not in names and "Công nghệ Sở Công Thương" not in names


def test_a_duty_written_after_the_bodies_is_no_part_of_a_unit():
    # "Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế
    # hoạch; Sở Tư pháp và …, Ủy ban nhân dân xã, phường, đặc khu chủ động tổ chức triển khai
    # Luật Việc làm …" (Kế hoạch 172/KH-UBND of 2025, Hồ Chí Minh, II.1)
    tasks, _ = parse_plan(PLANS / "ubnd-hcm-172-kh-2025-luat-viec-lam.md", year=2025)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    names = {u.name for u in suggest_registry(cells)[0]}
    assert "Sở Nội vụ" in names and "Sở Tư pháp" in names
    assert not any("chủ trì" in n or "chủ động" in n or "Kế hoạch" in n for n in names), names
    frags = [
        f for f, _w in unit_fragments(["Sở Khoa học và Công nghệ tiến hành rà soát các văn bản"])
    ]
    assert frags == ["Sở Khoa học và Công nghệ"]
