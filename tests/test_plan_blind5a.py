"""Defects found by blind round 5a of issue 11: commune plans of the 2025 two-level era whose
duties per body ask a body to take part ("Đề nghị … phối hợp").

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 5a").
"""

from __future__ import annotations

from plan_helpers import plan

CU_TRI = "mttq-xa-luong-minh-kh-2026-lay-y-kien-cu-tri.docx"


def _leaves(name: str):
    tasks, _report = plan(name)
    return [t for t in tasks if t.kind != "group"]


def test_a_heading_asking_a_body_to_take_part_names_the_body_of_the_duties_under_it():
    # "2. Đề nghị Ủy ban nhân dân xã phối hợp" over three bullets: the three duties were lost
    # (no body found in "Đề nghị Ủy ban nhân dân xã"), 8 of 11 tasks
    leaves = _leaves(CU_TRI)
    under = [t for t in leaves if t.key.startswith("V.2")]
    assert [t.lead_raw for t in under] == ["Ủy ban nhân dân xã"] * 3
    assert under[0].content.startswith("Phối hợp chặt chẽ với Ban Thường trực")
    assert under[1].content.startswith("Chỉ đạo các bộ phận chuyên môn, Công an xã, thôn")
    assert under[2].content.startswith("Phối hợp với Ban Thường trực Ủy ban MTTQ xã")
    # the heading is no duty of its own, and the other bodies keep theirs
    assert not any(t.content.startswith(("Ủy ban nhân dân xã phối hợp", "Đề nghị")) for t in leaves)
    assert len(leaves) == 11
    assert {t.lead_raw for t in leaves} == {
        "Ban Thường trực Ủy ban MTTQ Việt Nam xã",
        "Ủy ban nhân dân xã",
        "Văn phòng Cơ quan Ủy ban MTTQ xã",
        "Ban Công tác Mặt trận thôn",
    }


TIEP_DAN = "mttq-xa-luong-minh-kh-2025-tiep-cong-dan.docx"


def test_a_sentence_asking_several_bodies_is_their_duty_kept_as_written():
    # "3. Đề nghị Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã thường xuyên phối hợp, …"
    # was lost: the request word hid the bodies, and "thường xuyên" would have ended their name
    t = next(t for t in _leaves(TIEP_DAN) if t.key == "III.3")
    assert t.lead_raw == "Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã"
    assert t.content.startswith("Đề nghị Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã")
    assert t.content.endswith("liên quan đến nhân sự và công tác bầu cử.")
    assert t.due_date is None


def test_a_bodys_sentence_about_the_plan_itself_stays_a_closing_clause():
    # the same reading must not turn "2. Ban công tác Mặt trận các tổ dân phố căn cứ kế hoạch
    # này, khi có thông báo chủ động phối hợp thực hiện kế hoạch …" (round 3a) into a duty whose
    # body is "… căn cứ kế hoạch này, khi có thông báo", nor Sơn La's "3. Giao Công an tỉnh
    # chủ trì … kiểm tra việc thực hiện kế hoạch này."
    for name in ("mttq-phuong-bac-cam-ranh-kh-2025-kiem-tra-giam-sat.docx",
                 "sonla-254-2023-bao-ve-bi-mat-nha-nuoc.md"):  # fmt: skip
        leads = {t.lead_raw for t in _leaves(name)}
        assert not any("kế hoạch này" in lead for lead in leads), name
    # 8 since round 11a: IV.1 (the bodies' own plan) is a task under the common rule
    assert len(_leaves("sonla-254-2023-bao-ve-bi-mat-nha-nuoc.md")) == 8


def test_the_plans_closing_sentence_is_no_part_of_the_last_duty():
    # "Trên đây là Kế hoạch … của Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh./." was
    # glued to the last duty of three commune plans
    for name, key, end in (
        (TIEP_DAN, "III.3", "liên quan đến nhân sự và công tác bầu cử."),
        (CU_TRI, "V.4.3", "khách quan diễn biến và kết quả hội nghị."),
        ("mttq-xa-luong-minh-kh-2026-hiep-thuong-lan-hai.docx", "V.2.3", None),
    ):
        t = next(t for t in _leaves(name) if t.key == key)
        assert "Trên đây" not in t.content, (name, key)
        assert end is None or t.content.endswith(end), (name, key, t.content[-60:])


def test_one_described_item_with_a_time_line_is_no_step_beside_the_duties_per_body():
    # II "NỘI DUNG THỰC HIỆN" describes the work in three items; only 1. has a "- Thời gian:
    # Duy trì thường xuyên …" line among its details (with "- Địa điểm:", "- Nhiệm vụ:"): it
    # was joined to the duties of III as a step without unit, 9 tasks for 8
    leaves = _leaves(TIEP_DAN)
    assert [t.key for t in leaves] == [
        "III.1", "III.1.2", "III.1.3", "III.1.4", "III.2", "III.2.2", "III.2.3", "III.3"
    ]  # fmt: skip
    assert all(t.lead_raw for t in leaves)
    # steps that are the items of their list still join the duties (Quyết định 3210/QĐ-UBND
    # of 2014: "2.1. Bước 1:" … "2.6. Bước 6:", each "Thời gian hoàn tất: trước ngày …")
    hcm = _leaves("ubnd-hcm-3210-2014-ho-tro-nha-o-nguoi-co-cong.md")
    steps = [t for t in hcm if t.key.startswith("II.2.")]
    assert len(steps) == 6 and all(t.due_date for t in steps)
    assert any(t.key.startswith("III.") for t in hcm)


HUONG_DAN = "mttq-xa-luong-minh-hd-2025-tham-gia-bau-cu.docx"


def test_reports_lettered_with_a_full_stop_under_a_body_are_one_task_each():
    # "2. Ban Thường trực … thực hiện chế độ báo cáo … (qua địa chỉ Email: …@gmail.com) như
    # sau:" then "a." … "g.": the colon inside the brackets was read as "Body: duty" and "a."
    # was no list item, so the seven reports were one task starting "danchug…@gmail.com) như
    # sau: a. …" with the first of its dates
    reports = [t for t in _leaves(HUONG_DAN) if t.key.startswith("III.2.")]
    assert [t.key for t in reports] == [f"III.2.{x}" for x in "abcdđeg"]
    assert {t.lead_raw for t in reports} == {"Ban Thường trực Ủy ban MTTQ Việt Nam xã"}
    by_key = {t.key: t for t in reports}
    assert by_key["III.2.a"].content.startswith("Các biên bản Hội nghị hiệp thương lần thứ nhất")
    assert not any("gmail.com) như sau" in t.content[:80] for t in reports)
    assert by_key["III.2.c"].due_date == "2026-03-14"
    assert by_key["III.2.đ"].due_date == "2026-03-18"
    # b. goes on in an unlettered paragraph with its own date: one report item, two dates
    assert "chậm nhất ngày 09/02/2026" in by_key["III.2.b"].content
    # "a. … sau 01 (một) ngày" after each conference: no date to compute, flagged
    assert by_key["III.2.a"].due_date is None and "no_deadline" in by_key["III.2.a"].flags


def test_a_duties_part_under_two_headings_wins_over_sentences_of_the_body_naming_a_body():
    # II "NỘI DUNG CÔNG TÁC MẶT TRẬN TRONG BẦU CỬ" describes the work: nine of its sentences
    # name the committee ("4.5. Ban Thường trực … xã tổ chức hội nghị tiếp xúc cử tri phối hợp
    # …: a) … e)"), one more than the duties of "III. TỔ CHỨC THỰC HIỆN" (2. a.–g., 3.), so both
    # were kept — with "Ban Thường trực … xã tổ chức hội nghị tiếp xúc cử tri" as a unit
    leaves = _leaves(HUONG_DAN)
    assert leaves and all(t.key.startswith("III.") for t in leaves)
    assert not any("tiếp xúc cử tri" in t.lead_raw for t in leaves)
    assert [t.key for t in leaves][-1] == "III.3"
    assert leaves[-1].lead_raw == "các tổ chức thành viên của Mặt trận"


def test_a_deadline_word_and_its_date_apart_in_a_report_sentence():
    # "e. Báo cáo tổng kết … Thời gian chậm nhất gửi báo cáo về Ban Thường trực Ủy ban MTTQ Việt
    # Nam tỉnh ngày 23/3/2026." was a report without deadline
    t = next(t for t in _leaves(HUONG_DAN) if t.key == "III.2.e")
    assert t.due_date == "2026-03-23" and "deadline_from_text" in t.flags
    # a cited document's date is still no deadline: "g. … (theo Kế hoạch số 26/KH-MTTQ-BTT,
    # ngày 17/11/2025 …)"
    g = next(t for t in _leaves(HUONG_DAN) if t.key == "III.2.g")
    assert g.due_date is None


def test_a_body_named_after_the_grounds_of_its_duty():
    # "1. Căn cứ các nội dung công tác Mặt trận trong bầu cử theo Thông tri số 05/TT-MTTW-BTT,
    # ngày 04/11/2025 … và Hướng dẫn này, Ban Thường trực Ủy ban MTTQ Việt Nam xã xây dựng kế
    # hoạch triển khai, …" was lost (8 of 9)
    leaves = _leaves(HUONG_DAN)
    t = leaves[0]
    assert t.key == "III.1" and t.lead_raw == "Ban Thường trực Ủy ban MTTQ Việt Nam xã"
    assert t.content.startswith("Căn cứ các nội dung công tác Mặt trận trong bầu cử")
    assert t.due_date is None  # the circular's date is no deadline
    assert len(leaves) == 9


def test_a_report_due_on_one_day():
    # "d. Báo cáo nhanh tình hình và kết quả ngày bầu cử … trong ngày 15/3/2026."
    t = next(t for t in _leaves(HUONG_DAN) if t.key == "III.2.d")
    assert t.due_raw == "trong ngày 15/3/2026"  # found in the text, handed to deadlines.py
    assert t.due_date == "2026-03-15"
