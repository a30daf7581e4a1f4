"""Defects found by blind round 6b of issue 11: appendix task tables of national documents
as a legal database prints them (one cell per line between ``|`` lines).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 6b").
"""

from __future__ import annotations

from plan_helpers import PLANS, plan
from sheettools.planimport import parse_plan

TB = "vpcp-624-tb-2025-nhiem-vu-cham-muon.md"
NQ = "nqcp-394-2025-phong-trao-bao-ve-moi-truong.md"


def _leaves(name: str):
    tasks, _report = plan(name)
    return [t for t in tasks if t.kind != "group"]


def test_progress_beside_the_deadline_is_the_state_of_the_work():
    # Phụ lục II "STT | Tên nhiệm vụ | Đơn vị chủ trì | Thời hạn | Kết quả thực hiện |
    # Tiến độ": the import stopped with "two columns are 'due'"; "Tiến độ" holds "Đã hoàn
    # thành quá hạn", "Chưa hoàn thành" — the state of the work, not a deadline
    from sheettools.plancolumns import assign_roles

    cols = assign_roles(
        ["STT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Kết quả thực hiện", "Tiến độ"]
    )
    assert [c.role for c in cols] == ["number", "content", "lead", "due", "output", "extra"]
    assert "Thời hạn" in cols[5].why
    # a plan whose only time column is "Tiến độ" keeps it as its deadline
    cols = assign_roles(["TT", "Nội dung", "Cơ quan chủ trì", "Tiến độ"])
    assert cols[3].role == "due"
    t = next(t for t in _leaves(TB) if t.content.startswith("Chủ trì, làm việc với các bộ"))
    assert (t.lead_raw, t.due_date) == ("Bộ Khoa học và Công nghệ", "2025-10-10")
    assert "Đã hoàn thành" not in t.due_raw


def test_the_last_row_before_the_next_tables_heading_is_kept():
    # Phụ lục I: three tables under "**1. …**", "**2. …**", "**3. …**"; each table's last
    # row (9., 46., 19.) is closed by the bar before the next heading, not by an empty
    # cell, and was lost with the text after the table (71 of 74 tasks)
    leaves = _leaves(TB)
    starts = [
        "Xây dựng, triển khai đề án ứng dụng IoT trong một số ngành",  # 1.9
        "Xây dựng, trình Thủ tướng Chính phủ phê duyệt phương án triển khai và lộ trình",  # 2.46
        "Xây dựng Nghị định quy định chính sách học bổng cho người học",  # 3.19
    ]
    for start in starts:
        found = [t for t in leaves if t.content.startswith(start)]
        assert len(found) == 1, start
        assert found[0].due_date in ("2025-09-30", "2025-07-31")
    assert len(leaves) == 123


def test_a_row_with_only_its_text_heads_the_rows_under_it():
    # Phụ lục II: "** **" | "**Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo**" | "** **" …
    # was glued onto the text of the task above (and the first one was a task without
    # number, lead or deadline)
    tasks, _report = plan(TB)
    heads = [t for t in tasks if t.content.startswith("Nhiệm vụ giao ")]
    assert len(heads) == 15 and all(t.kind == "group" for t in heads)
    assert heads[1].content == "Nhiệm vụ giao Bộ trưởng Bộ Công an chỉ đạo"
    assert not any("Nhiệm vụ giao" in t.content for t in _leaves(TB))
    last = next(t for t in _leaves(TB) if t.content.startswith("Tổ chức triển khai thực hiện"))
    assert last.content == "Tổ chức triển khai thực hiện"
    # a section numbered in its text stays a section (Kế hoạch 144/KH-UBND of 2025)
    keys = [t.key for t in parse_plan(PLANS / "ubnd-bacninh-144-kh-2025-kinh-te-so.md")[0]]
    assert "I" in keys and "II.13" in keys


def test_a_second_row_naming_only_bodies_is_the_merged_task_of_the_row_above():
    # "1 | Đề án triển khai phong trào … | Trung ương Mặt trận Tổ quốc Việt Nam | Bộ, … |
    # 2030" then "Ủy ban nhân dân các tỉnh, … | Đài Truyền hình và các cơ quan thông tấn, báo
    # chí tại địa phương" (number, name and deadline merged down): the provinces were read
    # as the task's text and the broadcasters as its lead, with no deadline
    leaves = _leaves(NQ)
    # the table's 4 rows and IV.1.c of the duties part (the bodies' own programmes, read
    # since round 12b)
    assert len(leaves) == 5
    first, second = leaves[0], leaves[1]
    assert second.content == first.content
    assert second.lead_raw == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    assert second.coord_raw == "Đài Truyền hình và các cơ quan thông tấn, báo chí tại địa phương"
    assert second.due_date == "2030-12-31"
    assert any(f.startswith("cells_merged_from_row_above") for f in second.flags)


def test_identity_from_the_appendix_line_wrapped_after_kem_theo():
    # the scrape lost the letterhead: the only citation is "*(Kèm theo" / "Nghị quyết số
    # 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)*"; the year was 2030 (deadlines)
    _tasks, report = plan(NQ)
    ident = report["identity"]
    assert (ident["number"], ident["date"]) == ("394/NQ-CP", "2025-12-03")
    assert report["year"] == 2025 and report["year_from"] == "date"
    # the body enacting it ("CHÍNH PHỦ") is no part of the title
    assert ident["title"].endswith("VÌ MỘT VIỆT NAM SÁNG - XANH - SẠCH - ĐẸP")


def test_identity_below_a_legal_databases_page_header():
    # "Số hiệu: | 624/TB-VPCP | Loại văn bản: | …" (the site's header, 40 lines) then the
    # letterhead "VĂN" / "PHÒNG CHÍNH PHỦ", "Số: 624/TB-VPCP", "Hà Nội, ngày 16 tháng 11
    # năm 2025": the letterhead was past the lines read as the head
    _tasks, report = plan(TB)
    ident = report["identity"]
    assert ident["issuer"] == "VĂN PHÒNG CHÍNH PHỦ"
    assert (ident["number"], ident["date"], ident["kind"]) == (
        "624/TB-VPCP", "2025-11-16", "Thông báo"
    )  # fmt: skip
    # a wrapped motto at the top ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM") is the head
    # still, not a sentence of the body naming it (Kế hoạch 141/KH-UBND of 2025, Bắc Ninh)
    _t, rep = parse_plan(PLANS / "ubnd-bacninh-141-kh-2025-xay-dung-phap-luat.md")
    assert rep["identity"]["number"] == "141/KH-UBND"


QD = "qdttg-2530-2025-khong-khi.md"


def test_the_tasks_name_beside_its_description():
    # Phụ lục II "STT | Tên dự án, nhiệm vụ | Nội dung chính | Cơ quan chủ trì[1] | … |
    # Tình trạng | Thời gian thực hiện | Nguồn lực thực hiện[2]": "two columns are content"
    from sheettools.plancolumns import assign_roles

    titles = ["STT", "Tên dự án, nhiệm vụ", "Nội dung chính", "Cơ quan chủ trì[1]",
              "Cơ quan phối hợp", "Tình trạng", "Thời gian thực hiện", "Nguồn lực thực hiện[2]"]  # fmt: skip
    roles = [c.role for c in assign_roles(titles)]
    assert roles == ["number", "content", "extra", "lead", "coord", "extra", "due", "extra"]
    t = next(t for t in _leaves(QD) if t.content.startswith("Nghiên cứu, đề xuất cơ chế, chính"))
    assert (t.lead_raw, t.due_date) == ("Bộ Xây dựng", "2027-12-31")


def test_a_span_of_years_called_giai_doan():
    # "Giai đoạn 2026 - 2030" was unparsed: "giai đoạn 20" was cut as a phase label
    from sheettools.deadlines import parse_expression

    assert parse_expression("Giai đoạn 2026 - 2030", 2025).end == "2030-12-31"
    assert parse_expression("Thực hiện trong giai đoạn 2026 - 2027", 2025).end == "2027-12-31"
    assert parse_expression("Giai đoạn 1: năm 2026", 2025).end == "2026-12-31"  # a phase


def test_rows_of_their_own_under_a_task_s_merged_lead():
    # Phụ lục I: "1 | Bộ Nông nghiệp và Môi trường | - Bộ Khoa học … | Hoàn thiện hệ thống …
    # | - Hoàn thiện Nghị định … | … | Ban hành trong quý I năm 2026 …" then rows of three
    # cells (content, indicator, deadline) under the merged number, lead, coordinating and
    # group cells: they were read from the number column on ("- Rà soát …" taken for a number)
    leaves = _leaves(QD)
    t = next(t for t in leaves if t.content.startswith("Rà soát, cập nhật các hướng dẫn kỹ thuật"))
    assert t.lead_raw == "Bộ Nông nghiệp và Môi trường"
    assert t.due_date == "2027-12-31"
    assert any(f.startswith("cells_merged_from_row_above") for f in t.flags)
    # a part's title is a group, never a lead unit; the part after H. is I., not section I
    tasks, _report = plan(QD)
    assert not any(t.lead_raw.isupper() for t in leaves)
    parts = [t.content for t in tasks if t.kind == "group" and t.key in ("A", "H", "I", "K")]
    assert parts == ["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BỘ TÀI CHÍNH", "BỘ CÔNG AN",
                     "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"]  # fmt: skip
    # a part's one row without number is its task, not text of the part's title
    police = [t for t in leaves if t.lead_raw == "Bộ Công an"]
    assert len(police) == 1 and police[0].content.startswith("Chủ trì, chỉ đạo lực lượng công an")
    # part P.'s one row, its number cell empty, closed by the bar before "PHỤ LỤC II"
    front = next(t for t in leaves if t.lead_raw.startswith("Mặt trận Tổ quốc Việt Nam"))
    assert front.content.startswith("Tăng cường vai trò giám sát, vận động")
    assert len(leaves) == 82
