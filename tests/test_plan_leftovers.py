"""The known leftovers of the blind rounds of issue 11, each on the real text of a plan in
tests/data/plans (see PROVENANCE.md): unit cells written as paragraphs, labels without their
colon, vague phrases, footnote marks, keys per section, the source of the year, merged rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sheettools.planimport import parse_plan, resolve_mapping
from sheettools.units import Registry, suggest_registry, unit_fragments

PLANS = Path(__file__).parent / "data" / "plans"


def _parse(name: str, **kw):
    path = PLANS / name
    return parse_plan(path, mapping=resolve_mapping(path, None) or None, **kw)


def _task(tasks, key):
    return next(t for t in tasks if t.key == key)


# --- 1. a unit cell that is a whole paragraph ----------------------------------------------

LAICHAU = "ubnd-laichau-7360-kh-2025-luat-tieu-chuan.md"


def test_paragraph_in_the_unit_field_gives_its_bodies_and_no_sentence_piece():
    """Kế hoạch 7360/KH-UBND (2025), Lai Châu, II.2: 'Cơ quan thực hiện:' is a paragraph of
    bodies and duties ('… về Sở Khoa học và Công nghệ để tổng hợp báo cáo Chủ tịch UBND tỉnh.
    Đồng thời, các sở, ngành liên quan …'). The bodies are taken; no piece of the sentences
    becomes a unit."""
    tasks, _ = _parse(LAICHAU)
    cell = _task(tasks, "II.2").lead_raw
    assert "Đồng thời" in cell  # the whole paragraph is kept in the cell
    frags = [f for f, _w in unit_fragments([cell])]
    assert frags[0] == "Sở Khoa học và Công nghệ"
    assert set(frags) == {"Sở Khoa học và Công nghệ", "các sở, ngành liên quan",
                          "Ủy ban nhân dân các xã, phường"}  # fmt: skip
    units, groups = suggest_registry([cell])
    names = [u.name for u in units] + [a for g in groups for a in [g.name, *g.aliases]]
    for piece in ("bổ sung một số điều", "Công nghệ để tổng hợp", "phường tiếp tục",
                  "quy chuẩn kỹ thuật về", "các văn bản hướng dẫn"):  # fmt: skip
        assert not any(piece in n for n in names), (piece, names)


def test_sentence_pieces_are_flagged_with_their_text_never_proposed():
    """A piece of a sentence among the bodies (it starts like no body's name and reads like
    a sentence) is no unit: the import flags it with its text for the office to read."""
    cell = (
        "Sở Tư pháp; quy chuẩn kỹ thuật về việc tổng hợp báo cáo Chủ tịch UBND tỉnh; "
        "bổ sung một số điều của Luật Tiêu chuẩn"
    )
    assert [f for f, _w in unit_fragments([cell])] == ["Sở Tư pháp"]
    units, _ = suggest_registry([cell])
    res = Registry(units, []).resolve(cell)
    assert res.ok and len(res.codes) == 1
    assert res.not_understood == [
        "quy chuẩn kỹ thuật về việc tổng hợp báo cáo Chủ tịch UBND tỉnh",
        "bổ sung một số điều của Luật Tiêu chuẩn",
    ]


def test_paragraph_pieces_are_listed_in_the_import_report():
    tasks, _ = _parse(LAICHAU)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    tasks, report = _parse(LAICHAU, registry=Registry(units, groups))
    assert report["unresolved_units"] == []
    assert not any("unit_text_not_understood" in f for t in tasks for f in t.flags)
    assert report["units_not_understood"] == []
    ii2 = _task(tasks, "II.2")
    assert ii2.lead_units and ii2.lead_units[0] == "SKHCN"


def test_bodies_before_a_duty_in_a_list_of_bodies():
    """Quyết định 2623/QĐ-TTg (2025) II.4: '…; các bộ, cơ quan ngang bộ, Ủy ban nhân dân
    các tỉnh, thành phố trực thuộc trung ương rà soát văn bản …' — the bodies before the duty,
    'Ủy ban nhân dân các tỉnh' never cut from its 'thành phố trực thuộc trung ương'."""
    tasks, _ = _parse("qdttg-2623-2025-luat-bao-ve-du-lieu-ca-nhan.md")
    frags = [f for f, _w in unit_fragments([_task(tasks, "II.4").lead_raw])]
    assert frags == ["Bộ Công an", "các bộ, cơ quan ngang bộ",
                     "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]  # fmt: skip


# --- 3. vague phrases around real names (Kế hoạch 172/KH-UBND of 2025, Hồ Chí Minh) -------

HCM172 = "ubnd-hcm-172-kh-2025-luat-viec-lam.md"


def test_a_real_name_is_kept_and_vague_phrases_are_ignored_groups():
    tasks, _ = _parse(HCM172)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    names = {u.name for u in units}
    assert "Đài Phát thanh và Truyền hình Thành phố" in names
    assert not any("thông tấn" in n or "phạm vi" in n or "chức năng" in n for n in names)
    by_code = {g.code: g for g in groups}
    assert by_code["LIENQUAN"].ignore
    assert "cơ quan thông tấn báo chí" in by_code["LIENQUAN"].aliases
    # the remit after the departments is no part of their name
    assert "các sở, ban, ngành Thành phố" in by_code["SONGANH"].aliases
    assert "Ủy ban nhân dân xã, phường, đặc khu" in by_code["PHUONG"].aliases
    tasks, report = _parse(HCM172, registry=Registry(units, groups))
    assert report["unresolved_units"] == []
    assert report["units_not_understood"] == []


# --- 4. doubtful suggestions, from their plans ----------------------------------------------


def test_a_mistyped_viet_nam_is_an_alias_of_the_body_not_a_unit():
    """Kế hoạch 252/KH-BCĐQG1237 (2013) writes 'Mặt trận Tổ quốc Việt Quốc gia' once (line
    50) and 'Mặt trận Tổ quốc Việt Nam' elsewhere: one unit, the typo its alias."""
    tasks, _ = _parse("bcdqg1237-252-2013-tim-kiem-quy-tap.md")
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    mttq = [u for u in units if "Mặt trận Tổ quốc" in u.name]
    assert len(mttq) == 1 and mttq[0].name == "Mặt trận Tổ quốc Việt Nam"
    assert "Mặt trận Tổ quốc Việt Quốc gia" in mttq[0].aliases


def test_scope_remarks_submissions_and_glued_names_in_844():
    """Quyết định 844/QĐ-TTg (2026): 'Sở Y tế đối với địa phương' (a scope remark), 'Ủy ban
    nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp' (a submission), 'Các Bộ, ngành Ủy ban
    nhân dân cấp tỉnh, Sở Y tế cơ quan, đơn vị liên quan' (names copied without commas)."""
    frags = [f for f, _w in unit_fragments(["Bộ Y tế, Sở Y tế đối với địa phương"])]
    assert frags == ["Bộ Y tế", "Sở Y tế"]
    frags = [
        f for f, _w in unit_fragments(["Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp"])
    ]
    assert frags == ["Ủy ban nhân dân cấp tỉnh"]
    cell = "Các Bộ, ngành Ủy ban nhân dân cấp tỉnh, Sở Y tế cơ quan, đơn vị liên quan"
    frags = [f for f, _w in unit_fragments([cell])]
    assert frags == [
        "Các Bộ, ngành",
        "Ủy ban nhân dân cấp tỉnh",
        "Sở Y tế",
        "cơ quan, đơn vị liên quan",
    ]
    # "Chương trình", "Công trình" are no submission
    frags = [f for f, _w in unit_fragments(["Ban Quản lý Chương trình mục tiêu quốc gia"])]
    assert frags == ["Ban Quản lý Chương trình mục tiêu quốc gia"]
    tasks, _ = _parse("qdttg-844-2026-bao-hiem-y-te-toan-dan.pdf")
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    names = {u.name for u in suggest_registry(cells)[0]}
    assert "Sở Y tế" in names
    assert not any("đối với" in n or " trình " in n or "cơ quan" in n for n in names), names


# --- 2. a time label without its colon ------------------------------------------------------


def test_time_label_without_colon_and_no_body_is_a_task_flagged():
    """Lai Châu II.6: '**6**. Tổ chức triển khai thực hiện Chiến lược …' then 'Thời gian
    thực hiện sau khi' / 'Chiến lược tiêu chuẩn quốc gia được ban hành.' — no colon, no body:
    a task flagged no_lead_unit whose time is kept whole and flagged (never guessed)."""
    tasks, _ = _parse(LAICHAU)
    assert len([t for t in tasks if t.kind == "task"]) == 9
    t = _task(tasks, "II.6")
    assert t.content.startswith("Tổ chức triển khai thực hiện Chiến lược tiêu chuẩn quốc gia")
    assert "no_lead_unit" in t.flags and t.due_date is None
    assert t.due_raw == "sau khi Chiến lược tiêu chuẩn quốc gia được ban hành"
    assert "unparsed_time: sau khi Chiến lược tiêu chuẩn quốc gia được ban hành" in t.flags


def test_a_time_label_needs_a_time_after_it():
    """Without a colon, 'Thời gian thực hiện' is a label only when a time follows it."""
    from sheettools.planprose import _field

    assert _field("Thời gian thực hiện trước ngày 31/12/2025.") == (
        "start",
        "trước ngày 31/12/2025.",
    )
    assert _field("Thời gian thực hiện Kế hoạch được rút ngắn") is None


# --- 5. keys of lettered fields, footnote marks ---------------------------------------------


def test_lettered_fields_under_a_numbered_task_take_its_key():
    """Kế hoạch 308/KH-UBND (2025), Hà Nội: '1.1. Xây dựng …' then 'a) Nhiệm vụ: …',
    'b) Cơ quan thực hiện:', 'c) Thời gian thực hiện: …' — the task is 1.1, not 1.1.a."""
    tasks, _ = _parse("ubnd-hanoi-308-kh-2025-du-lieu-so.md")
    keys = [t.key for t in tasks if t.kind == "task"]
    assert keys == ["II.1.1", "II.1.2", "II.2", "II.3", "II.4.1", "II.4.2", "II.4.3"]
    assert _task(tasks, "II.1.1").content.startswith("Tham mưu UBND Thành phố phối hợp")


def test_footnote_marks_are_stripped_from_names_and_times():
    """Nghị quyết 1339/NQ-UBTVQH15: 'Ủy ban Đối ngoại [3] (Văn phòng Quốc hội phối hợp chuẩn
    bị)'; Nghị quyết 03/NQ-CP: 'gồm¹:'. The footnote texts ('[1] Sau khi …') stay out."""
    from sheettools.planimport import strip_footnote_marks

    assert strip_footnote_marks("Ủy ban Đối ngoại [3] (Văn phòng Quốc hội phối hợp chuẩn bị)") == (
        "Ủy ban Đối ngoại (Văn phòng Quốc hội phối hợp chuẩn bị)"
    )
    assert strip_footnote_marks("gồm¹: (1) Định danh tàu thuyền") == "gồm: (1) Định danh tàu thuyền"
    assert strip_footnote_marks("[1] Sau khi sửa đổi") == "[1] Sau khi sửa đổi"
    tasks, _ = _parse("ubtvqh-1339-2024-sua-luat-sap-xep-bo-may.md")
    cells = [x for t in tasks for x in (t.lead_raw, t.coord_raw, t.due_raw, t.extra, t.content)]
    assert not any("[1]" in c or "[2]" in c or "[3]" in c for c in cells)
    assert any(t.lead_raw.startswith("Ủy ban Đối ngoại (Văn phòng Quốc hội") for t in tasks)
    tasks, _ = _parse("nqcp-03-2025-phu-luc-nhiem-vu-nq57.md")
    assert not any("¹" in t.content for t in tasks)


# --- 6. keys per section ---------------------------------------------------------------------


def test_keys_by_order_restart_in_each_section():
    """Nghị quyết 1339/NQ-UBTVQH15: TT cells empty, sections I (2 texts) and II (9)."""
    tasks, _ = _parse("ubtvqh-1339-2024-sua-luat-sap-xep-bo-may.md")
    keys = [t.key for t in tasks if t.kind == "task"]
    assert keys == ["I.1", "I.2"] + [f"II.{i}" for i in range(1, 10)]


# --- 7. the source of the year, told honestly ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "ubnd-laocai-2026-ct11-khoang-san.docx",  # "(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 …)"
        "ubnd-laocai-2026-ct11-khoang-san.ods",  # "Lào Cai, ngày tháng năm 2026"
        "sct-laocai-2026-huan-luyen-vlncn.docx",  # "Lào Cai, ngày tháng 6 năm 2026"
    ],
)
def test_a_draft_without_signing_date_says_its_year_comes_from_its_date_line(name):
    _tasks, report = _parse(name)
    assert report["identity"]["date"] == ""
    assert (report["year"], report["year_from"]) == (2026, "date_line")


def test_inspect_names_the_drafts_date_line_not_a_signing_date():
    from click.testing import CliRunner

    from sheettools.cli import cli

    res = CliRunner().invoke(
        cli,
        ["--lang", "en", "plan", "inspect", str(PLANS / "sct-laocai-2026-huan-luyen-vlncn.docx")],
    )
    assert res.exit_code == 0, res.output
    assert "Plan year: 2026 (from the draft's date line, no signing date written)" in res.output
    assert "signing date)" not in res.output
    # a signed plan still names its signing date
    res = CliRunner().invoke(cli, ["--lang", "en", "plan", "inspect", str(PLANS / HCM172)])
    assert "Plan year: 2025 (from the signing date)" in res.output


# --- 8. a deadline merged over two lines -----------------------------------------------------

HCM2820 = "ubnd-hcm-2820-qd-2025-csdl-quy-hoach.md"


def test_second_line_of_a_merged_row_takes_the_merged_deadline_with_a_flag():
    """Quyết định 2820/QĐ-UBND (2025), HCM, II.1: its second line prints only its content and
    lead ('Xây dựng hạ tầng kỹ thuật dự phòng …' | 'Trung tâm Chuyển đổi số Thành phố'); the
    coordinating units, deadline and product are the row above's, merged down."""
    tasks, report = _parse(HCM2820)
    sub = _task(tasks, "II.1.a")
    assert sub.lead_raw == "Trung tâm Chuyển đổi số Thành phố"
    assert sub.due_raw == "Quý IV/2026" and sub.due_date == "2026-12-31"
    assert sub.coord_raw == _task(tasks, "II.1").coord_raw
    assert (
        "cells_merged_from_row_above: Cơ quan phối hợp, Thời gian dự kiến hoàn thành, Kết quả dự kiến"
        in sub.flags
    )
    # the last column (funding) may be an empty cell left out: never copied
    assert "Nguồn kinh phí" not in sub.extra
    # IV.2: the second line has its own coordinating unit; only the deadline is merged
    sub = _task(tasks, "IV.2.a")
    assert sub.coord_raw == "Sở Tài chính" and sub.due_date == "2026-12-31"
    assert "cells_merged_from_row_above: Thời gian dự kiến hoàn thành" in sub.flags
    assert [r["key"] for r in report["cells_merged_down"]] == ["II.1.a", "IV.2.a", "V.1.a"]
    assert not any("no_deadline" in t.flags for t in tasks if t.key.endswith(".a"))


def test_a_row_with_its_own_cells_copies_nothing():
    """Every other row of 2820 prints its cells: none is copied from the row above."""
    tasks, _ = _parse(HCM2820)
    flagged = [t.key for t in tasks if any(f.startswith("cells_merged") for f in t.flags)]
    assert flagged == ["II.1.a", "IV.2.a", "V.1.a"]
