"""Round 12a of issue 11: tables whose group rows name the body that carries out the rows
under them (capital plans by project: ``Danh mục dự án/ Cơ quan, đơn vị, địa phương thực
hiện`` over ``I | SỞ GIÁO DỤC VÀ ĐÀO TẠO``, ``II | THỊ XÃ HOÀI NHƠN`` …).

The tests on Quyết định 518/QĐ-UBND read the real plan of tests/data/plans (PROVENANCE.md,
expected-blind11d.json); the others read small tables written for the rule's edges.
"""

from __future__ import annotations

from pathlib import Path

from plan_helpers import PLANS, by_key, leaf_map, leaves, plan
from sheettools.i18n import set_lang
from sheettools.plancolumns import assign_roles, names_group_lead
from sheettools.planimport import group_body, inspect_plan, parse_plan

BD518 = "ubnd-binhdinh-518-qd-2023-phan-bo-von-de-an-giao-duc-y-te.md"


def test_group_rows_in_capitals_name_the_lead_of_the_projects_under_them():
    # "| I | SỞ GIÁO DỤC VÀ ĐÀO TẠO | 7.500 |  |" over "| 1 | Trường THPT số 3 An Nhơn, …":
    # the plan was refused ("Không thấy cột đơn vị chủ trì … hay thời hạn …"): no lead column
    by = leaf_map(BD518)
    assert by["I.1"].lead_raw == "Sở Giáo dục và Đào tạo"
    assert by["I.3"].lead_raw == "Sở Giáo dục và Đào tạo"
    assert by["II.2"].lead_raw == "Thị xã Hoài Nhơn"  # the next group row of the same level
    assert by["IX.3"].lead_raw == "Huyện An Lão"  # numbered 1, 3 under IX
    assert by["XI.2"].lead_raw == "Huyện Vân Canh"
    assert by["T2.I.1"].lead_raw == "Sở Y tế"
    assert by["T2.II.1"].lead_raw == "Thành phố Quy Nhơn"
    assert by["T2.XII.2"].lead_raw == "Huyện Vân Canh"
    assert all("lead_from_group_row" in t.flags for t in by.values())
    assert plan(BD518)[1]["no_lead_unit"] == []
    # the group rows stay headings, as printed; the tasks keep their section
    rows = by_key(BD518)
    assert rows["II"].kind == "group" and rows["II"].content == "THỊ XÃ HOÀI NHƠN"
    assert by["II.2"].section == "II" and by["II.2"].parent == "II"
    assert by["II.2"].content.startswith("Trường MN Bồng Sơn (HM: Nhà lớp học 02 tầng 10 phòng")


def test_inspect_says_in_words_that_the_group_rows_name_the_lead():
    set_lang("en")
    try:
        out = inspect_plan(PLANS / BD518)
    finally:
        set_lang("vi")
    col = out["tables"][0]["columns"][1]
    assert col["title"] == "Danh mục dự án/ Cơ quan, đơn vị, địa phương thực hiện"
    assert col["role"] == "content" and col["group_lead"] is True
    assert "each group row (I, II …) names the body" in col["why"]
    assert not out["error"] and out["tasks"] == 64


def test_a_number_column_titled_s_tt_is_the_number_column():
    # Phụ lục 02's header "| S TT | Danh mục dự án/ … |": "STT" broken by a space was no
    # role, the header was not seen, and the second appendix was read as the first one's
    # next page (its header row a task, its sections "I-2" …)
    tables = plan(BD518)[1]["tables"]
    assert len(tables) == 2
    assert tables[1]["columns"][0]["title"] == "S TT"
    assert tables[1]["columns"][0]["role"] == "number"
    assert [t.key for t in leaves(BD518) if t.key.startswith("T2.I.")] == ["T2.I.1", "T2.I.2"]
    assert not any(t.content.startswith("Danh mục dự án") for t in leaves(BD518))
    headers = inspect_plan(PLANS / BD518)["header_rows"]
    assert [h["titles"][0] for h in headers] == ["STT", "S TT"]


def test_the_total_rows_of_the_appendices_are_skipped():
    # "|  | TỔNG SỐ | 50.000 |  |" right under each header was a task without a number
    _tasks, report = plan(BD518)
    totals = [r for r in report["ignored_rows"] if r["text"].startswith("TỔNG SỐ")]
    assert [r["line"] for r in totals] == [48, 104]
    assert not any("TỔNG SỐ" in t.content for t in leaves(BD518))
    assert len(leaves(BD518)) == 64  # 33 + 31, counted by hand


def test_no_deadline_column_and_no_project_deadline_flags_every_task():
    # the decision allocates the 2023 capital; it never says the projects are to be done in
    # 2023. The "Ghi chú:" under each table (dossiers "trong tháng 3 năm 2023") is a common
    # note, never glued onto the last project
    by = leaf_map(BD518)
    assert all(t.due_date is None and "no_deadline" in t.flags for t in by.values())
    assert by["XI.2"].content == "Trường TH số 1 Canh Vinh; Hạng mục: 06 phòng học"
    assert by["T2.XII.2"].content == "Cải tạo, nâng cấp Trạm y tế xã Canh Thuận"


def test_a_heading_that_names_no_body_gives_no_lead():
    # only a body's name is carried down, in the office's normal case
    assert group_body("SỞ GIÁO DỤC VÀ ĐÀO TẠO") == "Sở Giáo dục và Đào tạo"
    assert group_body("THỊ XÃ HOÀI NHƠN") == "Thị xã Hoài Nhơn"
    assert group_body("Chủ đầu tư: Sở Xây dựng") == "Sở Xây dựng"
    assert group_body("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG TỈNH") == (
        "Ban quản lý dự án đầu tư xây dựng tỉnh"
    )
    for heading in ("DỰ ÁN CHUYỂN TIẾP", "Vốn ngân sách tỉnh", "Dự án khởi công mới"):
        assert group_body(heading) == ""
    # group rows of corpus plans that only start as a body's name does (Kế hoạch 2200 of Bộ
    # NN&MT, 2026, "1"; Quyết định 2597/QĐ-TTg of 2025, "I"; Đồng Nai 179, "C.I")
    for heading in (
        "Tổ chức tuyên truyền, phổ biến, hướng dẫn triển khai thực hiện Nghị định",
        "Cơ chế, chính sách",
        "Tổ chức, bộ máy, mạng lưới",
    ):
        assert group_body(heading) == ""


def test_titles_that_name_content_and_body():
    assert names_group_lead("Danh mục dự án/ Chủ đầu tư")
    assert names_group_lead("Đơn vị/ Nội dung")
    assert not names_group_lead("Đơn vị/Cá nhân chủ trì")  # two kinds of lead, no content
    assert not names_group_lead("Danh mục dự án")
    cols = assign_roles(["TT", "Đơn vị/ Nội dung", "Kinh phí", "Ghi chú"])
    assert (cols[1].role, cols[1].group_lead) == ("content", True)
    # beside a content column of its own it stays the lead column
    cols = assign_roles(["TT", "Đơn vị/ Nội dung", "Nội dung công việc", "Thời hạn"])
    assert (cols[1].role, cols[1].group_lead) == ("lead", False)
    assert cols[2].role == "content"


_NESTED = """\
KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026

| TT | Danh mục dự án/ Chủ đầu tư | Kế hoạch vốn năm 2026 | Đơn vị thực hiện |
|---|---|---|---|
|  | Tổng cộng | 9.000 |  |
| A | DỰ ÁN CHUYỂN TIẾP | 6.000 |  |
| I | SỞ XÂY DỰNG | 4.000 |  |
| 1 | Đường liên xã Tân Lập - Tân Hòa | 3.000 |  |
| 2 | Cầu Bến Đá | 1.000 | Ban Quản lý dự án huyện Tân Lập |
| II | HUYỆN TÂN LẬP | 2.000 |  |
| 1 | Trường Mầm non Tân Lập | 2.000 |  |
| B | DỰ ÁN KHỞI CÔNG MỚI | 3.000 |  |
| 1 | Nhà văn hóa xã Tân Hòa | 3.000 |  |
"""


def test_a_part_naming_no_body_over_bodies_and_a_lead_column_of_its_own(tmp_path: Path):
    # the rule on a shape the corpus lacks: a part "A | DỰ ÁN CHUYỂN TIẾP" (no body) over
    # the bodies' Roman rows, and a lead cell of the row's own, which wins
    src = tmp_path / "ke-hoach-von.md"
    src.write_text(_NESTED, encoding="utf-8")
    tasks, report = parse_plan(src)
    by = {t.key: t for t in tasks if t.kind != "group"}
    assert sorted(by) == ["A.I.1", "A.I.2", "A.II.1", "B.1"]
    assert by["A.I.1"].lead_raw == "Sở Xây dựng"
    assert by["A.I.2"].lead_raw == "Ban Quản lý dự án huyện Tân Lập"
    assert "lead_from_group_row" not in by["A.I.2"].flags
    assert by["A.II.1"].lead_raw == "Huyện Tân Lập"
    assert by["B.1"].lead_raw == "" and "no_lead_unit" in by["B.1"].flags
    assert report["ignored_rows"][0]["text"].startswith("Tổng cộng")


_TOTALS = """\
KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2026

| TT | Tên dự án | Chủ đầu tư | Kế hoạch vốn năm 2026 |
|---|---|---|---|
|  | TỔNG SỐ |  | 5.000 |
| 1 | Đường liên xã Tân Lập - Tân Hòa | Sở Xây dựng | 3.000 |
| 2 | Trường Mầm non Tân Lập | UBND huyện Tân Lập | 2.000 |
|  | Cộng (1+2) |  | 5.000 |
"""


def test_a_total_row_is_no_task(tmp_path: Path):
    # "|  | TỔNG SỐ | 50.000 |  |" right under each header of Quyết định 518's appendices
    # (a row without a number, then the Roman group rows) was read as a task; so would a
    # "Cộng" row under the projects be
    src = tmp_path / "ke-hoach-von.md"
    src.write_text(_TOTALS, encoding="utf-8")
    tasks, report = parse_plan(src)
    assert [t.key for t in tasks] == ["1", "2"]
    assert tasks[1].content == "Trường Mầm non Tân Lập"  # never glued onto the last project
    assert [(r["line"], r["why"]) for r in report["ignored_rows"]] == [
        (5, "dòng tổng cộng"),
        (8, "dòng tổng cộng"),
    ]
