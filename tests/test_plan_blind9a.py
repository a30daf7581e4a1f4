"""Defects found by blind round 9a of issue 11: provinces' prose plans as thuvienphapluat.vn
prints them (duties per body under headings wrapped inside the body's name, a cost estimate
appended to a monitoring plan, a budget plan with no task).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 9a").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_helpers import plan
from sheettools.errors import InputError
from sheettools.planimport import parse_plan

# real documents with no task list, kept out of the corpus (every corpus file has tasks)
REFUSED = Path(__file__).parent / "data" / "refused"


def test_a_budget_plan_with_no_task_is_refused_not_invented():
    # Kế hoạch tài chính - ngân sách nhà nước 03 năm of Cà Mau: forecasts, solutions naming no
    # body and statistical "Mẫu biểu số 01–05" — no duty to follow up: the importer says it
    # found no task list instead of making tasks of the forecasts
    with pytest.raises(InputError) as info:
        parse_plan(REFUSED / "ubnd-camau-0204-kh-2025-tai-chinh-ngan-sach-03-nam.md")
    assert "Không thấy bảng tiến độ" in info.value.one_line()


def _leaves(name: str):
    tasks, report = plan(name)
    return [t for t in tasks if t.kind != "group"], report


DAKLAK = "ubnd-daklak-0134-kh-2025-quan-trac-moi-truong-thuy-san.md"


def test_a_cost_estimate_appended_to_the_plan_is_no_task_table():
    # PHỤ LỤC II "TT | Chỉ tiêu | Tần suất (đợt/tháng) | Số điểm | … | Đơn giá (đồng) | Thành
    # tiền (đồng) | Ghi chú": 'Chỉ tiêu' reads as a content title, so the estimate was taken for
    # a task table and the whole plan refused (no lead or deadline column)
    leaves, report = _leaves(DAKLAK)
    assert len(leaves) == 17
    assert {t.section for t in leaves} == {"IV"}
    assert [t.lead_raw for t in leaves].count("Sở Nông nghiệp và Môi trường") == 9
    assert leaves[9].lead_raw == "Sở Tài chính"
    assert leaves[9].content.startswith("Trên cơ sở đề nghị của Sở Nông nghiệp và Môi trường")
    assert not any("Thành tiền" in t.content or "Đơn giá" in t.content for t in leaves)
    assert any("dự toán" in b["why"] for b in report["ignored_blocks"])


def test_a_table_without_lead_nor_money_is_still_refused(tmp_path):
    # the rule is about a cost estimate only: a task table whose lead column has an unknown
    # title still asks for --map
    src = tmp_path / "plan.md"
    src.write_text(
        "KẾ HOẠCH năm 2026\n\n| TT | Nội dung | Bộ phận làm | Ghi chú |\n|---|---|---|---|\n"
        "| 1 | Rà soát hồ sơ của đơn vị | Phòng A | |\n| 2 | Tổng hợp báo cáo | Phòng B | |\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError):
        parse_plan(src)


DONGTHAP = "ubnd-dongthap-597-kh-2025-chuyen-doi-so-ha-tang-giao-thong.md"


def test_enterprises_named_with_their_field_and_place_have_their_duties():
    # "**7. Các doanh nghiệp hoạt động" / "trong lĩnh vực xây dựng, giao thông, vận tải,
    # logistics và công nghệ thông tin" / "trên địa bàn Tỉnh**" over three bullets: a name of
    # 22 words was taken for a sentence and the three duties lost
    leaves, _report = _leaves(DONGTHAP)
    assert len(leaves) == 27
    last = leaves[-3:]
    assert {t.lead_raw for t in last} == {
        "Các doanh nghiệp hoạt động trong lĩnh vực xây dựng, giao thông, vận tải, logistics và "
        "công nghệ thông tin trên địa bàn Tỉnh"
    }
    assert last[0].content.startswith("Chủ động phối hợp triển khai các giải pháp, nền tảng số")
    assert last[-1].content.rstrip().endswith("kết cấu hạ tầng giao thông trên địa bàn Tỉnh.")


DONGNAI = "ubnd-dongnai-182-kh-2025-ctmtqg-phong-chong-ma-tuy.md"


def test_italic_headings_wrapped_inside_the_body_name_give_the_whole_name():
    # "*2.1. Sở" / "Tài chính*", "*2.4. Bộ" / "Chỉ huy Quân sự tỉnh*": the lead was "Sở" or
    # "Bộ" and the duty "Tài chính" or "Chỉ huy Quân sự tỉnh"; "*2.9. Đề" / "nghị Liên đoàn
    # Lao động tỉnh*" and "2.11." / "Đề nghị Ủy ban Mặt trận … xã hội" / "trực thuộc*" lost
    leaves, _report = _leaves(DONGNAI)
    leads = {t.number: t.lead_raw for t in leaves}
    assert "Sở" not in leads.values() and "Bộ" not in leads.values()
    assert [leads[k] for k in ("2.1.a", "2.1.b", "2.1.c")] == ["Sở Tài chính"] * 3
    assert [leads[k] for k in ("2.4.a", "2.4.b", "2.4.c")] == ["Bộ Chỉ huy Quân sự tỉnh"] * 3
    assert leads["2.5"] == "Sở Y tế"
    assert leads["2.9"] == "Liên đoàn Lao động tỉnh"
    front = [t for t in leaves if t.number.startswith("2.11")]
    assert len(front) == 4
    assert {t.lead_raw for t in front} == {
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội trực thuộc"
    }
    # the duties of 2.6 start with the duty, not with the rest of the body's name
    sixth = next(t for t in leaves if t.number == "2.6")
    assert sixth.content.startswith("Chủ trì, phối hợp với các Sở, ban, ngành liên quan")
    assert sixth.due_date == "2025-11-30"


def test_a_role_word_cut_by_the_wrap_and_a_duty_listing_its_bodies():
    # IV. TỔ CHỨC THỰC HIỆN: "**2. **Giao Công an tỉnh chủ" / "trì, phối hợp …": the lead was
    # "Công an tỉnh chủ"; "**1. **Căn cứ Kế hoạch này," / "các Sở, ban, ngành, đoàn thể cấp
    # tỉnh, cơ quan ngành dọc đóng trên địa bàn, Ủy" / "ban nhân dân xã, phường xây dựng kế
    # hoạch … (**hoàn" / "thành trong tháng 11/2025**) …" was lost (a list of 20 words)
    leaves, _report = _leaves(DONGNAI)
    assert len(leaves) == 39
    fourth = [t for t in leaves if t.section == "IV"]
    assert [t.number for t in fourth] == ["1", "2"]
    own_plans, police = fourth
    assert own_plans.lead_raw == (
        "các Sở, ban, ngành, đoàn thể cấp tỉnh, cơ quan ngành dọc đóng trên địa bàn, "
        "Ủy ban nhân dân xã, phường"
    )
    assert "(hoàn thành trong tháng 11/2025)" in own_plans.content
    assert own_plans.due_date == "2025-11-30"
    assert police.lead_raw == "Công an tỉnh"
    assert police.content.startswith("Giao Công an tỉnh chủ trì, phối hợp các đơn vị có liên")
    # its second paragraph "Đồng thời, giao Công an tỉnh …" is its own; the plan's closing
    # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, …./." is not
    assert "Đồng thời, giao Công an tỉnh chủ trì" in police.content
    assert police.content.endswith("được Quốc hội thông qua và có hiệu lực thi hành.")
