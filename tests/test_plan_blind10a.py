"""Defects found by blind round 10a of issue 11: national plans (the Prime Minister's
decisions issuing a plan or approving an Đề án, a national plan as pdftotext -layout prints
it, a Công báo PDF).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind10a.json).
"""

from __future__ import annotations

from plan_helpers import leaf_map, leaves, plan

KH1422 = "qdttg-1422-2024-thich-ung-bien-doi-khi-hau.txt"


def test_an_attachment_line_wrapped_before_its_date_gives_the_plans_date():
    # "(Kèm theo Quyết định số 1422/QĐ-TTg" / "Ngày 19 tháng 11 năm 2024 của Thủ tướng Chính
    # phủ)", centred by pdftotext -layout: the plan had no year ("Không xác định được năm")
    _tasks, report = plan(KH1422)
    ident = report["identity"]
    assert (ident["number"], ident["date"]) == ("1422/QĐ-TTg", "2024-11-19")
    assert report["year"] == 2024
    assert ident["citation"] == "Quyết định số 1422/QĐ-TTg ngày 19/11/2024 của Thủ tướng Chính phủ"


def test_a_heading_listing_its_bodies_wrapped_over_two_lines_leads_its_bullets():
    # "4. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân" / "các tỉnh,
    # thành phố trực thuộc trung ương" / five '-' bullets: the list of four addressees was
    # counted as one name of 19 words, too long for a name, and the five duties were lost
    by_key = leaf_map(KH1422)
    assert len(by_key) == 11
    four = [t for k, t in by_key.items() if k.startswith("VI.4")]
    assert len(four) == 5
    assert all(
        t.lead_raw == "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các "
        "tỉnh, thành phố trực thuộc trung ương"
        for t in four
    )
    assert four[0].content == (
        "Bố trí nguồn lực và chủ động triển khai thực hiện các nhiệm vụ đề ra tại Kế hoạch, "
        "bảo đảm tiến độ và chất lượng;"
    )
    # "định kỳ hằng năm … trước ngày 25 tháng 12": a day of every year, no date
    assert four[3].due_date is None
    # a bullet wrapped over the page number "12" keeps its text without it
    t = by_key["VI.2"]
    assert " 12 " not in t.content and t.content.endswith("thi hành Luật Đầu tư công;")


QD232 = "qdttg-232-2025-thi-truong-cac-bon.md"


def test_the_chamber_of_commerce_is_one_name_not_cut_at_va():
    # "Liên đoàn Thương mại và Công nghiệp Việt Nam" (VCCI) leads V.9 and coordinates V.2:
    # `units suggest` proposed "Liên đoàn Thương mại" and "Công nghiệp Việt Nam"
    from sheettools.units import suggest_registry

    cells = [c for t in leaves(QD232) for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    names = {u.name for u in units}
    assert "Liên đoàn Thương mại và Công nghiệp Việt Nam" in names
    assert not names & {"Liên đoàn Thương mại", "Công nghiệp Việt Nam"}


QD892 = "qdttg-892-2026-boi-duong-can-bo-doi-ngoai.pdf"


def test_the_decisions_closing_articles_are_not_glued_to_the_last_duty():
    # "4. Bộ Tài chính bố trí kinh phí …" then "Điều 2. Quyết định này có hiệu lực thi hành
    # …" and "Điều 3. Các Bộ trưởng, … chịu trách nhiệm thi hành Quyết định này.": both
    # articles were read into VI.4's text
    t = leaf_map(QD892)["VI.4"]
    assert t.content == (
        "Bộ Tài chính bố trí kinh phí thực hiện Đề án theo quy định của pháp luật về ngân "
        "sách nhà nước và các quy định có liên quan."
    )
    # (two lines earlier since round 12e: the two empty rows of white boxes around
    # "QUYẾT ĐỊNH" on the first page are no table any more)
    assert t.source_rows == [334, 335]


def test_a_body_named_before_the_verb_bo_tri_is_the_lead():
    # "4. Bộ Tài chính bố trí kinh phí thực hiện Đề án …": the lead was "Bộ Tài chính bố trí
    # kinh phí", which units suggest then proposed as a unit
    assert leaf_map(QD892)["VI.4"].lead_raw == "Bộ Tài chính"


def test_a_list_after_a_paragraph_ending_with_a_colon_is_that_duty_whole():
    # "3. Các bộ, ngành, Ủy ban nhân dân tỉnh, … tổ chức thực hiện … phụ trách." / "Cụ thể:"
    # / three '-' bullets: the first bullet was kept with the paragraph, the other two read
    # as two more duties (10 read for 8)
    by_key = leaf_map(QD892)
    assert list(by_key) == [
        "VI.1.a",
        "VI.1.b",
        "VI.1.c",
        "VI.1.d",
        "VI.1.đ",
        "VI.2",
        "VI.3",
        "VI.4",
    ]
    t = by_key["VI.3"]
    assert "Cụ thể: - Phối hợp với Bộ Ngoại giao" in t.content
    assert t.content.endswith("phù hợp với nhu cầu thực tế công việc.")
    assert t.source_rows[0] == 318 and t.source_rows[-1] == 333


def test_a_numbered_duty_naming_its_partner_after_the_body_has_it_coordinate():
    # "2. Bộ Nội vụ phối hợp với Bộ Ngoại giao và các cơ quan chức năng hướng dẫn, đôn đốc,
    # …": as for a bullet that names its body (Kế hoạch 982/KH-UBND of 2025, Nghệ An)
    t = leaf_map(QD892)["VI.2"]
    assert (t.lead_raw, t.coord_raw) == ("Bộ Nội vụ", "Bộ Ngoại giao và các cơ quan chức năng")


def test_a_lead_cell_saying_which_ministry_directs_whom_proposes_the_ministry():
    # "Bộ Tài chính chỉ đạo Sở Giao dịch chứng khoán Việt Nam và Tổng Công ty lưu ký và bù
    # trừ chứng khoán Việt Nam thực hiện" (Phụ lục III.6, III.7): units suggest proposed
    # "Bộ Tài chính chỉ đạo Sở Giao dịch chứng khoán Việt Nam" as a unit
    from sheettools.units import suggest_registry

    by_key = leaf_map(QD232)
    cells = [by_key[k].lead_raw for k in ("III.6", "III.7")]
    assert all(c.startswith("Bộ Tài chính chỉ đạo Sở Giao dịch") for c in cells)
    units, _groups = suggest_registry(cells)
    assert [u.name for u in units] == ["Bộ Tài chính"]
