"""Defects found by blind round 10a of issue 11: national plans (the Prime Minister's
decisions issuing a plan or approving an Đề án, a national plan as pdftotext -layout prints
it, a Công báo PDF).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, expected-blind10a.json).
"""

from __future__ import annotations

from plan_helpers import plan

KH1422 = "qdttg-1422-2024-thich-ung-bien-doi-khi-hau.txt"


def test_an_attachment_line_wrapped_before_its_date_gives_the_plans_date():
    # "(Kèm theo Quyết định số 1422/QĐ-TTg" / "Ngày 19 tháng 11 năm 2024 của Thủ tướng Chính
    # phủ)", centred by pdftotext -layout: the plan had no year ("Không xác định được năm")
    _tasks, report = plan(KH1422)
    ident = report["identity"]
    assert (ident["number"], ident["date"]) == ("1422/QĐ-TTg", "2024-11-19")
    assert report["year"] == 2024
    assert ident["citation"] == "Quyết định số 1422/QĐ-TTg ngày 19/11/2024 của Thủ tướng Chính phủ"
