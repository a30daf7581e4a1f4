"""Defects found by the blind test of issue 11, round 3a (district, ward and commune plans,
and a department's tracking workbook), on plans the importer had never seen.

Each test reads a real plan of tests/data/plans (PROVENANCE.md, "Blind test, round 3a") or a
few of its lines copied as found.
"""

from __future__ import annotations

from pathlib import Path

from sheettools.deadlines import parse_expression
from sheettools.planident import plan_identity
from sheettools.planimport import parse_plan
from sheettools.units import suggest_registry, unit_fragments

PLANS = Path(__file__).parent / "data" / "plans"
ANGIANG = PLANS / "stp-angiang-2026-theo-doi-vbqppl.xlsx"


def test_tracking_workbook_reads_every_sheet_with_the_plainer_title_winning():
    # Sở Tư pháp An Giang's 2026 tracking workbook: "Cơ quan soạn thảo" (the drafting body)
    # beside "Cơ quan soạn thảo trình UBND tỉnh" (the step where it submits), and
    # "Ngày dự kiến trình ban hành" beside "Thời gian xử lý" on the sheets of done items
    tasks, rep = parse_plan(ANGIANG)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 178 + 273 + 1 + 55 + 57
    for table in rep["tables"]:
        roles = {c["title"]: c["role"] for c in table["columns"]}
        assert roles["Cơ quan soạn thảo"] == "lead"
        assert roles["Ngày dự kiến trình ban hành"] == "due"
        assert roles.get("Cơ quan soạn thảo trình UBND tỉnh", "extra") == "extra"
        assert roles.get("Thời gian xử lý", "extra") == "extra"
    first = leaves[0]
    assert first.content.startswith("Nghị quyết quy định mức thu, nộp, quản lý lệ phí")
    assert first.lead_raw == "Công an tỉnh"


def test_a_task_citing_a_decision_is_not_the_plans_identity_nor_its_year():
    # a task cell "Nghị quyết bãi bỏ Nghị quyết số 19/2018/NQ-HĐND ngày 19/7/2018 … ban hành
    # kèm theo Nghị quyết số 19/2018/NQ-HĐND" is no attachment line; and the year of
    # "Nghị quyết 10/2022/NQ-HĐND" in a deadline cell is no deadline's year
    _tasks, rep = parse_plan(ANGIANG)
    assert rep["identity"]["number"] == ""
    assert rep["year"] != 2018 and rep["year"] != 2022
    assert rep["year_from"] == "deadlines"
    line = (
        "48 | Nghị quyết bãi bỏ Nghị quyết số 19/2018/NQ-HĐND ngày 19/7/2018 của Hội đồng "
        "nhân dân tỉnh An Giang ban hành Quy định chính sách hỗ trợ đầu tư phát triển du "
        "lịch tỉnh An Giang; Nghị quyết số 19/2020/NQ-HĐND ngày 12/8/2020 của Hội đồng nhân "
        "dân tỉnh An Giang sửa đổi, bổ sung một số điều của Quy định chính sách hỗ trợ đầu "
        "tư phát triển du lịch tỉnh An Giang ban hành kèm theo Nghị quyết số 19/2018/NQ-HĐND"
    )
    assert plan_identity([line]).number == ""
    seed_line = (
        "(Ban hành kèm Kế hoạch số 160 -KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy Long Biên)"
    )
    assert plan_identity([seed_line]).number == "160-KH/QU"


def test_a_firm_date_beside_another_time_is_the_deadline():
    # cells as found: the commune's plan (Kế hoạch hiệp thương, xã Lương Minh) and the
    # tracking workbook of Sở Tư pháp An Giang
    cases = {
        "Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 - 95 ngày trước bầu cử).": (
            "2025-12-10"
        ),
        "Tháng 6/2026 (có trong DS xử lý chậm nhất 31/5/2026)": "2026-05-31",
        "Đăng ký kỳ họp HĐND gần nhất. Phải xử lý trước 31/5/2026": "2026-05-31",
        "Quý I/2026. Có trong danh sách phải xử lý trước 31/5/2026": "2026-03-31",
    }
    for text, due in cases.items():
        e = parse_expression(text, 2025)
        assert (e.kind, e.end) == ("compound", due), text
    # a meeting with no month and nothing firm beside it stays flagged
    assert parse_expression("Kỳ họp giữa năm 2026", 2026).kind == "unparsed"


def test_a_span_of_dates_ends_on_its_last_day():
    # the ward's plan (Kế hoạch kiểm tra, giám sát, phường Bắc Cam Ranh): "* Thời gian thực
    # hiện: Trong khoảng thời gian từ ngày 04/02/2026 đến ngày 08/02/2026."
    e = parse_expression("Trong khoảng thời gian từ ngày 04/02/2026 đến ngày 08/02/2026", 2025)
    assert (e.kind, e.start, e.end) == ("range", "2026-02-04", "2026-02-08")
    e = parse_expression("Trong khoảng thời gian từ ngày 22/02/2026 đến ngày 15/3/2026.", 2025)
    assert e.end == "2026-03-15"


def test_a_commune_plans_other_labelled_fields_stay_with_their_task():
    # Kế hoạch hiệp thương (25/11/2025) of Ban Thường trực Ủy ban MTTQ xã Lương Minh: each
    # conference has "- Thời gian: …", "- Thành phần: …", "- Đơn vị chủ trì: …", "- Kết quả:"
    tasks, _rep = parse_plan(PLANS / "mttq-xa-luong-minh-kh-2025-hiep-thuong.docx")
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.key for t in leaves] == ["II.1.1", "II.2.1", "II.3"]
    assert [t.lead_raw for t in leaves] == [
        "Ban Công tác mặt trận thôn",
        "Ban Thường trực Ủy ban MTTQ Việt Nam xã",
        "Ban Công tác mặt trận thôn",
    ]
    # "Dự kiến ngày 05/12/2025 (Chậm nhất ngày 10/12/2025 - …)": the firm date
    assert [t.due_date for t in leaves] == ["2025-12-10", "2026-02-03", "2026-02-20"]
    assert all("Thành phần:" in t.extra for t in leaves)


def test_a_ward_plans_time_fields_give_the_end_of_each_span():
    # Kế hoạch kiểm tra, giám sát (11/2025) of Ban Thường trực Ủy ban MTTQ phường Bắc Cam
    # Ranh: items 1–9 each closed by "* Thời gian thực hiện: …", item 2's as "+ Đợt 1: …"
    # bullets under the empty label (they are its value, not fields of their own)
    tasks, _rep = parse_plan(PLANS / "mttq-phuong-bac-cam-ranh-kh-2025-kiem-tra-giam-sat.docx")
    by_key = {t.key: t for t in tasks if t.kind != "group"}
    assert by_key["III.4"].due_date == "2026-02-08"
    assert by_key["III.8"].due_date == "2026-03-20"
    assert by_key["III.2"].due_raw.startswith("+ Đợt 1: Trong khoảng thời gian")
    # three phases: each a milestone, due at the end of the last (as "Đợt 1: … Đợt 2: …")
    assert by_key["III.2"].due_date == "2026-02-20"
    assert by_key["III.2"].milestones == ["2025-12-14", "2026-02-08", "2026-02-20"]
    # "Từ ngày thành lập Uỷ ban bầu cử đến ngày kết thúc cuộc bầu cử": no date, flagged
    assert by_key["III.9"].due_date is None
    assert all("no_lead_unit" in t.flags for t in by_key.values())


def test_a_commune_drafts_year_is_its_own_not_a_cited_resolutions():
    # Kế hoạch hội nghị hiệp thương lần thứ hai (draft, 01/2026) of Ban Thường trực Ủy ban
    # MTTQ xã Lương Minh: "Lương Minh, ngày    tháng 01 năm 2026" in the letterhead; the
    # "Căn cứ Nghị quyết liên tịch số 102/2025/NQLT-…, ngày 26 tháng 9 năm 2025" line below
    # cites another document; the letterhead cell starts with a stray "/"
    tasks, rep = parse_plan(PLANS / "mttq-xa-luong-minh-kh-2026-hiep-thuong-lan-hai.docx")
    ident = rep["identity"]
    assert ident["date"] == ""
    assert (rep["year"], rep["year_from"]) == (2026, "date_line")
    assert ident["issuer"] == "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH BAN THƯỜNG TRỰC"
    # V. TỔ CHỨC THỰC HIỆN: the committee's six duties and the three of its officers
    # ("2. Chuyên viên Cơ quan Ủy ban Mặt trận Tổ quốc xã")
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 9
    assert [t.lead_raw for t in leaves].count("Chuyên viên Cơ quan Ủy ban Mặt trận Tổ quốc xã") == 3
    assert {t.key: t.due_date for t in leaves}["V.1.3"] == "2026-02-01"


def test_a_duty_written_as_one_sentence_under_a_numbered_body():
    # Kế hoạch 01/KH-TBTTKT (10/12/2025) of the propaganda sub-committee of Ủy ban bầu cử xã
    # Phố Bảng, IV. TỔ CHỨC THỰC HIỆN: four "N. Đồng chí …: duty" and "5. Các thành viên
    # khác trong tiểu ban căn cứ vào chức năng, nhiệm vụ, chủ động phối hợp …" (no colon)
    tasks, _rep = parse_plan(PLANS / "ubbc-xa-pho-bang-01-kh-2025-tuyen-truyen.docx")
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.key for t in leaves] == ["IV.1", "IV.2", "IV.3", "IV.4", "IV.5"]
    assert leaves[4].lead_raw == "Các thành viên khác trong tiểu ban"
    assert leaves[4].content.startswith("Các thành viên khác trong tiểu ban căn cứ vào")
    units, groups = suggest_registry([t.lead_raw for t in leaves])
    # the members are a vague phrase (an ignored group), never a unit
    assert "Các thành viên khác trong tiểu ban" not in {u.name for u in units}
    assert any("Các thành viên khác trong tiểu ban" in g.aliases for g in groups)


def test_a_drafting_body_not_settled_yet_is_no_unit():
    # the tracking workbook's "QD UBND can xu ly" row: "Cơ quan soạn thảo" = "Chưa xác
    # định/Sở NNMT" (not settled yet / Sở Nông nghiệp và Môi trường)
    assert unit_fragments(["Chưa xác định/Sở NNMT", "Chưa xác định"]) == [("Sở NNMT", False)]
    tasks, _rep = parse_plan(ANGIANG)
    cells = [t.lead_raw for t in tasks if t.lead_raw]
    units, _groups = suggest_registry(cells)
    names = {u.name for u in units}
    assert not any("xác định" in n for n in names)
    assert "Sở Nông nghiệp và Môi trường" in names and "Sở NNMT" not in names


def test_a_province_appendix_keeps_the_monitor_out_and_names_no_vague_unit():
    # draft Kế hoạch CCHC 2026–2030 of UBND tỉnh Lâm Đồng: the column "Theo dõi, kiểm tra,
    # đôn đốc" names a body that is neither lead nor coordinating; a lead cell "Theo phân
    # công tại Quyết định số 1441/QĐ-UBND …" names nobody; "Ban hành kế hoạch chậm nhất là
    # ngày 15/4/2026 và tổ chức thực hiện" is that date
    tasks, rep = parse_plan(PLANS / "ubnd-lamdong-2026-ke-hoach-cchc-2026-2030.docx")
    roles = {c["title"]: c["role"] for c in rep["tables"][0]["columns"]}
    assert roles["Theo dõi, kiểm tra, đôn đốc"] == "extra"
    assert (roles["Chủ trì thực hiện"], roles["Phối hợp thực hiện"]) == ("lead", "coord")
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 59
    units, groups = suggest_registry([c for t in leaves for c in (t.lead_raw, t.coord_raw) if c])
    assert not any(u.name.startswith("Theo ") for u in units)
    assert any(a.startswith("Theo phân công tại") for g in groups for a in g.aliases)
    e = parse_expression("Ban hành kế hoạch chậm nhất là ngày 15/4/2026 và tổ chức thực hiện", 2026)
    assert e.end == "2026-04-15"


def test_a_task_merged_down_over_two_rows_is_read_for_each_body():
    # Lâm Đồng's appendix, VII.2: the number and the task merged down over two rows; the
    # province's plan by Sở Nội vụ, each body's own plan by "Các cơ quan, đơn vị, địa
    # phương" — both rows are tasks with the task's text, none a sub-item without text
    tasks, _rep = parse_plan(PLANS / "ubnd-lamdong-2026-ke-hoach-cchc-2026-2030.docx")
    by_key = {t.key: t for t in tasks}
    first, second = by_key["VII.2"], by_key["VII.2-2"]
    assert first.content == second.content
    assert first.content.startswith("Tham mưu ban hành Kế hoạch kiểm tra công tác cải cách")
    assert (first.lead_raw, second.lead_raw) == ("Sở Nội vụ", "Các cơ quan, đơn vị, địa phương")
    assert not any("subitem_without_text" in t.flags for t in tasks)


def test_the_communes_and_wards_committees_are_one_group_never_a_fragment():
    # since 2025 provincial plans name "UBND các xã, phường" (Lâm Đồng's appendix, II.4:
    # "Văn phòng UBND tỉnh; UBND các xã, phường"); it was the ward-level organisations'
    # group, and "UBND xã, phường" / "Ủy ban nhân dân các xã, phường" were cut into the
    # fragments "UBND xã" / "Ủy ban nhân dân các xã" proposed as units
    for cell in (
        "Văn phòng UBND tỉnh; UBND các xã, phường",
        "Sở Tư pháp, UBND xã, phường",
        "Ủy ban nhân dân các xã, phường, đặc khu",
        # the other order, in Hà Nội 310/KH-UBND's appendix (round 2): it left "xã"
        "Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã",
    ):
        units, groups = suggest_registry([cell])
        assert not any("xã" in u.name.split() for u in units), (cell, [u.name for u in units])
        assert [g.code for g in groups] == ["PHUONG"], cell


def test_ministries_and_agencies_concerned_is_a_vague_phrase():
    # Quyết định 844/QĐ-TTg (2026), V.23: "Bộ, cơ quan, tổ chức có liên quan, cơ sở khám
    # bệnh, chữa bệnh" — no ministry is named; "Bộ, cơ quan" was proposed as a unit
    units, groups = suggest_registry(
        ["Bộ, cơ quan, tổ chức có liên quan, cơ sở khám bệnh, chữa bệnh"]
    )
    assert units == []
    assert [g.code for g in groups] == ["LIENQUAN"]


def test_from_now_until_a_time_is_that_times_end():
    # real cells (tnt305/tai_lieu_noi_bo, commit 94c5034…, src/etl/dataset/): Nghị quyết
    # 380/NQ-CP (2025) "Thời gian hỗ trợ: Từ nay đến hết ngày 31 tháng 12 năm 2025"; Ủy ban
    # MTTQ tỉnh Sơn La's call "Thời gian tiếp nhận: Đến hết 26/10/2025"
    assert parse_expression("Từ nay đến hết ngày 31 tháng 12 năm 2025", 2025).end == "2025-12-31"
    assert parse_expression("Đến hết 26/10/2025", 2025).end == "2025-10-26"
    # a horizon ("từ nay đến năm 2030") is no deadline: it stays flagged
    assert parse_expression("từ nay đến năm 2030", 2025).kind == "unparsed"


def test_member_organisations_head_duties_and_a_cut_name_drops_its_dangling_word():
    # Kế hoạch kiểm tra, giám sát (10/12/2025) of Ban Thường trực Ủy ban MTTQ xã Lương Minh,
    # V. TỔ CHỨC THỰC HIỆN: "2. Các tổ chức thành viên của Mặt trận Tổ quốc xã" was not read
    # as a body (its two duties lost); "3. Ban Công tác Mặt trận các" (cut in the source)
    # was proposed as the unit "Ban Công tác Mặt trận các"
    tasks, _rep = parse_plan(PLANS / "mttq-xa-luong-minh-kh-2025-kiem-tra-giam-sat.docx")
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.key for t in leaves] == [
        "V.1", "V.1.2", "V.1.3", "V.1.4", "V.2", "V.2.2", "V.3", "V.3.2"
    ]  # fmt: skip
    units, groups = suggest_registry([t.lead_raw for t in leaves])
    names = {u.name for u in units}
    assert "Ban Công tác Mặt trận" in names and "Ban Công tác Mặt trận các" not in names
    # the member organisations of the Front are the political-social organisations' group
    assert "Các tổ chức thành viên của Mặt trận Tổ quốc xã" not in names
    assert any("Các tổ chức thành viên của Mặt trận Tổ quốc xã" in g.aliases for g in groups)
    # the commune's hiệp thương plan keeps its three labelled conferences: eleven duties in
    # its "Tổ chức thực hiện" part do not outweigh tasks that name their lead and deadline
    tasks, _rep = parse_plan(PLANS / "mttq-xa-luong-minh-kh-2025-hiep-thuong.docx")
    assert len([t for t in tasks if t.kind != "group"]) == 3


def test_a_district_office_abbreviated_after_and_is_one_name():
    # a district's list of its offices (huyện Thuận Bắc, Ninh Thuận, a public repository's
    # database of the district): "Phòng Nông nghiệp và PTNT" was cut into "Phòng Nông
    # nghiệp" and the fragment "PTNT"
    cell = "Phòng Tài nguyên và Môi trường, Phòng Nông nghiệp và PTNT"
    assert [f for f, _ in unit_fragments([cell])] == [
        "Phòng Tài nguyên và Môi trường",
        "Phòng Nông nghiệp và PTNT",
    ]
