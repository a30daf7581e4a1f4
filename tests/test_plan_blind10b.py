"""Defects found by blind round 10b of issue 11: plans of a provincial department and a party
committee in the formats the offices kept them (a Word 97-2003 .doc, a PDF).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 10b",
and expected-blind10b.json).
"""

from __future__ import annotations

import pytest

from conftest import require_system_program
from plan_helpers import by_key, leaf_map, leaves, plan

TN = "tinhuy-thainguyen-ctr-2025-du-thao-thuc-hien-nq-dai-hoi.pdf"


def test_rows_numbered_in_brackets_belong_to_the_heading_above():
    # the appendix of Tỉnh ủy Thái Nguyên's action programme: headings "1", "2.1" … "4.4",
    # "5" with no lead or dates, each over rows numbered (1), (2), … afresh. The headings
    # were tasks without a lead and the rows got keys "(1)-2" … "(1)-17"
    rows = by_key(TN)
    heads = ["1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.8", "4", "4.1", "4.4", "5"]
    assert all(rows[k].kind == "group" for k in heads)
    assert rows["2.1"].parent == "2" and rows["2.1"].content == "Công tác xây dựng Đảng"
    tasks = leaves(TN)
    assert len(tasks) == 95 and not any("duplicate_number" in t.flags for t in tasks)
    assert all(t.lead_raw for t in tasks)
    by = leaf_map(TN)
    # each row is numbered within its heading
    t = by["2.1.(12)"]
    assert t.parent == "2.1"
    assert t.content.startswith("Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác")
    assert t.lead_raw == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    t = by["5.(4)"]
    assert t.parent == "5" and t.lead_raw == "Đảng ủy Công an tỉnh"
    assert (t.due_raw, str(t.due_date)) == ("Tháng 12/2025", "2025-12-31")
    assert [k for k in by if k.startswith("3.6.")] == [f"3.6.({i})" for i in range(1, 9)]


SO = "sotttt-phutho-kh-2011-trien-khai-phan-mem-qlvb.doc"


@pytest.fixture
def require_soffice():
    """A Word 97-2003 file is read through LibreOffice (installed by make test / .ci/run)."""
    require_system_program("soffice", "libreoffice")


def test_a_time_label_naming_which_time_is_the_steps_time(require_soffice):
    # II. PHƯƠNG ÁN TRIỂN KHAI of Sở TT&TT Phú Thọ's 2011 plan (Word 97-2003): steps a)–đ),
    # each with "- Thành phần:", "- Địa điểm:" and its time as "- Thời gian dự kiến: …" or
    # "- Thời gian đào tạo: …". Those labels were no time field: đ) (no other field) was lost
    # and a)–c) took the timetable's first cell as their time
    by = leaf_map(SO)
    assert [k for k in by if k.startswith("II.")] == [
        "II.1", "II.2.a", "II.2.b", "II.2.c", "II.2.d", "II.2.đ"
    ]  # fmt: skip
    assert by["II.2.a"].due_raw == "8h00-10h00 ngày 28/12/2011"
    assert by["II.2.b"].due_raw == "Chiều ngày 28/12 và cả ngày 29/12/2011"
    t = by["II.2.đ"]
    assert t.content.startswith("Đào tạo quản trị hệ thống phần mềm, chuyển giao mã nguồn")
    assert t.due_raw == "Trong quá trình triển khai" and t.due_date is None
    # the steps name no lead: flagged for the office, never guessed
    assert all("no_lead_unit" in by[k].flags for k in by if k.startswith("II."))
    # a time the reader cannot pin to one date is flagged with its text
    assert all(by[k].due_date is None for k in by if k.startswith("II."))
    assert len(by) == 19


def test_a_party_board_named_with_its_committee_is_one_unit():
    # "Ban Tuyên giáo và Dân vận Tỉnh ủy" (the board that merged the two in 2025) leads 7 rows
    # of Tỉnh ủy Thái Nguyên's programme: units suggest cut it at "và" into "Ban Tuyên giáo
    # Tỉnh ủy" and "Ban Dân vận Tỉnh ủy", two boards that no longer exist
    from sheettools.statebodies import LEVEL_DISTRICT, LEVEL_PROVINCE
    from sheettools.units import reference, suggest_registry

    cells = [c for t in leaves(TN) for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    names = {u.name: u for u in units}
    board = names["Ban Tuyên giáo và Dân vận Tỉnh ủy"]
    assert board.level == LEVEL_PROVINCE
    assert not {"Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"} & set(names)
    # the committee the board belongs to is its place, as a province is a Sở's
    ref = reference()
    m = ref.lookup("Ủy ban Kiểm tra Huyện ủy")
    assert m is not None and (m.body.name, m.level) == ("Ủy ban Kiểm tra", LEVEL_DISTRICT)
    # a committee's own office or standing board is no board of the list
    assert ref.lookup("Văn phòng Tỉnh ủy") is None and ref.lookup("Tỉnh ủy") is None


def test_time_to_carry_out_after_issuing_is_no_start():
    # the programme's columns: "Thời gian ban hành" (when the document is to be issued) and
    # "Thời gian triển khai thực hiện" (the years it is carried out after). Read as start and
    # deadline, 14 rows were "due before start" and the task counted as not begun while the
    # document was being written; the second column is kept as an extra column
    cols = {c["title"]: c for table in plan(TN)[1]["tables"] for c in table["columns"]}
    assert cols["Thời gian ban hành"]["role"] == "due"
    assert cols["Thời gian triển khai thực hiện"]["role"] == "extra"
    assert "Thời gian ban hành" in cols["Thời gian triển khai thực hiện"]["why"]
    tasks = leaves(TN)
    assert not any("due_before_start" in t.flags for t in tasks)
    t = leaf_map(TN)["2.1.(11)"]
    assert (t.due_raw, t.due_date, t.start_date) == ("Quý IV/2025", "2025-12-31", None)
    assert t.extra == "Thời gian triển khai thực hiện: Giai đoạn 2026 - 2030"
