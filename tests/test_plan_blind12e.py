"""Defects found by blind round 12e of issue 11: texts of 2026 of UBND tỉnh Lào Cai and its
office giving duties per body, as the office keeps them (Word .docx, a PDF printed from Word).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind12e.json).
"""

from __future__ import annotations

from plan_helpers import leaf_map, leaves
from sheettools.units import suggest_registry

VLNCN = "ubnd-laocai-cv-2026-quan-ly-giam-sat-vlncn.pdf"


def test_white_word_shading_of_a_pdf_is_no_table():
    # Word printed the text's white shading as one white filled box per word; pdfplumber
    # took their sides as cell borders and the justified lines became tables of single
    # words: 14 tasks read for 27, 1.a read "Rà soát c ác quy định … về quản lý và đề xuất"
    # (a word lost), 1.d and 1.đ lost, the three duties of Công an tỉnh one task starting
    # mid-sentence, the ten duties of the enterprises one task
    by_key = leaf_map(VLNCN)
    assert len(by_key) == 27
    assert by_key["1.a"].content.startswith(
        "Rà soát các quy định hiện hành về quản lý VLNCN, TCTN và đề xuất, kiến nghị"
    )
    assert [k for k in by_key if k.startswith("2.")] == ["2.a", "2.b", "2.c"]
    assert by_key["2.a"].content.startswith("Tăng cường công tác tuyên truyền phổ biến")
    assert by_key["1.đ"].content.startswith("Thực hiện nghiêm công tác tổng hợp báo cáo")
    assert len([k for k in by_key if k.startswith("6.")]) == 10
    assert by_key["6.k"].content.startswith("Thực hiện nghiêm chế độ báo cáo định kỳ")
    # no text of the dispatch is read as a table
    assert all(t.content for t in leaves(VLNCN))


CCN = "ubnd-laocai-cv-2026-di-doi-ccn-dam-hong.docx"


def test_a_duty_assigned_after_an_opening_clause():
    # "1. Nhất trí chủ trương di dời CCN Đầm Hồng …; Giao Ủy ban nhân dân phường Yên Bái chủ
    # trì, … trong tháng 9 năm 2026.", "4. Đối với các Cụm công nghiệp: Phú Thịnh 5 và Phú
    # Thịnh 6, giao UBND phường Văn Phú tìm kiếm nhà đầu tư …", "5. Trong thời gian chưa hoàn
    # thành di dời, giao các sở, ngành liên quan và UBND các phường: Yên Bái, Văn Phú tăng
    # cường …": a paragraph opening with a decision or a condition assigns its duty later in
    # the sentence; the three were lost (2 tasks read for 5)
    by_key = leaf_map(CCN)
    assert sorted(by_key) == ["1", "2", "3", "4", "5"]
    assert by_key["1"].lead_raw == "Ủy ban nhân dân phường Yên Bái"
    assert by_key["1"].content.startswith("Nhất trí chủ trương di dời CCN Đầm Hồng")
    assert by_key["1"].content.endswith("trong tháng 9 năm 2026.")
    assert str(by_key["1"].due_date) == "2026-09-30"
    assert by_key["4"].lead_raw == "UBND phường Văn Phú"
    assert by_key["5"].lead_raw == "các sở, ngành liên quan và UBND các phường: Yên Bái, Văn Phú"
    # the paragraphs that open with "Giao" read as before
    assert by_key["2"].lead_raw == "Sở Công Thương"
    assert by_key["3"].lead_raw == "Sở Tài chính"


def _proposed(name: str) -> tuple[set[str], set[str]]:
    cells = [c for t in leaves(name) for c in (t.lead_raw, t.coord_raw) if c]
    units, groups = suggest_registry(cells)
    return {u.name for u in units}, {a for g in groups for a in g.aliases}


def test_wards_listed_after_a_colon_at_the_end_of_a_lead():
    # "các sở, ngành liên quan và UBND các phường: Yên Bái, Văn Phú": the list of wards
    # closes a longer lead after "và"; "Văn Phú" alone was proposed as a unit and "UBND các
    # phường: Yên Bái" as a group
    units, groups = _proposed(CCN)
    assert "Văn Phú" not in units
    assert {"UBND phường Văn Phú", "UBND phường Yên Bái"} <= units
    assert not any("Yên Bái" in g for g in groups)


def test_fields_listed_by_abbreviation_in_a_class_of_enterprises():
    # "6. Trách nhiệm của các tổ chức, doanh nghiệp hoạt động trong lĩnh vực có" / "liên quan
    # đến VLNCN, TCTN": "TCTN" (tiền chất thuốc nổ) was cut off at the comma and proposed
    # as a unit of the province
    assert leaf_map(VLNCN)["6.a"].lead_raw.endswith("liên quan đến VLNCN, TCTN")
    units, groups = _proposed(VLNCN)
    assert "TCTN" not in units
    assert "doanh nghiệp hoạt động trong lĩnh vực có liên quan đến VLNCN, TCTN" in groups
