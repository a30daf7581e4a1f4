"""Defects found by blind round 8c of issue 11: provinces' plans as thuvienphapluat.vn prints
them (a monitoring plan whose duties part names farms beside state bodies; a Phụ lục table cut
in its middle by the site).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 8c").
"""

from __future__ import annotations

from plan_helpers import plan

THANHHOA = "ubnd-thanhhoa-235-kh-2025-quan-trac-moi-truong-thuy-san.md"


def test_farms_named_in_the_duties_part_have_their_duty():
    # "4. Các cơ sở nuôi trồng thủy sản: Theo dõi, giám sát môi trường …" under IV. TỔ CHỨC
    # THỰC HIỆN: the farms are asked, as "4. Các doanh nghiệp viễn thông" of Nghệ An 987 —
    # the duty was dropped
    tasks, report = plan(THANHHOA)
    leaves = [t for t in tasks if t.kind != "group"]
    assert report["year"] == 2026
    assert [t.lead_raw for t in leaves] == ["Sở Nông nghiệp và Môi trường"] * 5 + [
        "Sở Tài chính",
        "UBND các xã, phường",
        "Các cơ sở nuôi trồng thủy sản",
    ]
    farms = leaves[-1]
    assert farms.content.startswith("Theo dõi, giám sát môi trường tại cơ sở nuôi trồng thủy sản")
    assert farms.content.rstrip().endswith("kịp thời, hiệu quả.")
    # the sampling sites of II ("+ Xã Tân Tiến: Lấy mẫu 01 vị trí …") stay no duty, and the
    # one dated bullet keeps its date
    assert not any("Lấy mẫu" in t.content for t in leaves)
    assert [t.due_date for t in leaves if t.due_date] == ["2026-12-15"]


CANTHO = "ubnd-cantho-160-kh-2025-giam-sat-giam-ngheo.md"


def test_a_body_heading_that_names_what_the_bodies_run_heads_their_bullets():
    # "**2. Các Sở, ngành chủ trì, quản" / "lý, tham gia thực hiện các dự án, …" / "trình**"
    # then two bullets: the heading describes the bodies and is no duty; the two bullets
    # were glued into one task with the heading's text
    tasks, _report = plan(CANTHO)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 10
    second = [t for t in leaves if t.section == "VI" and t.number.startswith("2")]
    assert [t.content[:40] for t in second] == [
        "Phê duyệt kế hoạch giám sát, đánh giá; t",
        "Báo cáo kết quả thực hiện đối với các dự",
    ]
    assert {t.lead_raw for t in second} == {"Các Sở, ngành"}
    # the next heading is read as before
    assert [t.lead_raw for t in leaves if t.number == "3"] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"
    ]


def test_the_part_stating_whom_and_where_the_plan_reaches_holds_no_task():
    # "II. ĐỐI TƯỢNG, PHẠM VI VÀ THỜI GIAN THỰC HIỆN": "1. Đối tượng thực hiện" and "2. Phạm
    # vi thực hiện", closed by "3. Thời gian thực hiện:" / "Từ nay đến hết năm 2025.", were
    # read as two steps with no lead unit
    tasks, _report = plan("ubnd-cantho-159-kh-2025-truyen-thong-giam-ngheo.md")
    leaves = [t for t in tasks if t.kind != "group"]
    assert {t.section for t in leaves} == {"V"}
    assert len(leaves) == 17
    assert not [t.key for t in leaves if not t.lead_raw]
    # the duties part is still read whole
    assert [t.lead_raw for t in leaves].count("Ủy ban nhân dân cấp xã") == 4


NGHEAN = "ubnd-nghean-980-kh-2025-phong-thu-dan-su.md"


def test_the_rows_after_a_sites_row_of_dots_are_read():
    # thuvienphapluat.vn shows visitors a line of dots ("….......") for the rows it hides in
    # the middle of the Phụ lục; it was read as the closing cell of II.8, the table ended
    # there and the nine rows after it (five of a hidden section, VII and VIII) were lost
    tasks, _report = plan(NGHEAN)
    by_key = {t.key: t for t in tasks if t.kind != "group" and t.key != "IV.3"}
    assert len(by_key) == 18  # (and IV.3 of the Tổ chức thực hiện: tests/test_plan_round11b.py)
    assert by_key["II.8"].content.startswith("Ban hành Quy chế Phối hợp tìm kiếm, cứu nạn hàng k")
    assert "…" not in by_key["II.8"].content and "....." not in by_key["II.8"].content
    # the rows whose section heading is hidden keep their numbers, flagged as repeated
    assert by_key["II.3-2"].lead_raw == "Bộ CHQS tỉnh"
    assert "duplicate_number" in by_key["II.3-2"].flags
    assert by_key["VIII.2"].lead_raw == "Sở Nông nghiệp và Môi trường"
    assert (
        by_key["VII.1"].due_raw == "Theo Kế hoạch riêng" and "no_deadline" in by_key["VII.1"].flags
    )
