"""Defects found by blind round 3b of issue 11: national programmes printed as PDF with
landscape appendices (several appendices in one file, rows continued on the next page).

Each test reads a real plan of tests/data/plans (see PROVENANCE.md, "Blind test, round 3b")
or a cell copied from one as found.
"""

from __future__ import annotations

from plan_helpers import PLANS, plan
from sheettools.deadlines import parse_expression
from sheettools.planimport import parse_plan

NQ105 = "nqcp-105-2026-to-chuc-bo-may-kl210.pdf"
NQ109 = "nqcp-109-2026-chuong-trinh-hanh-dong-2026-2030.pdf"
QD982 = "qdttg-982-2026-doanh-nghiep-cong-nghe-so.pdf"


def _task(name: str, start: str):
    tasks, _report = plan(name)
    found = [t for t in tasks if t.kind != "group" and t.content.startswith(start)]
    assert found, start
    return found[0]


def test_pdf_padding_spaces_under_a_letter_do_not_cut_the_word():
    # Nghị quyết 105/NQ-CP: justified cells keep their padding spaces under the first
    # letter; "T rước ngày 01/3/2027" was flagged, "C ơ quan phối hợp" matched only fuzzily
    t = _task(NQ105, "Xây dựng, ban hành theo thẩm quyền")
    assert t.due_raw == "Trước ngày 01/3/2027"
    assert t.due_date == "2027-03-01"
    _tasks, report = plan(NQ105)
    titles = [c["title"] for c in report["tables"][0]["columns"]]
    assert "Cơ quan phối hợp" in titles


def test_the_rule_under_the_issuer_is_not_part_of_its_name():
    _tasks, report = plan(NQ105)
    assert report["identity"]["citation"] == (
        "Nghị quyết số 105/NQ-CP ngày 08/04/2026 của Chính phủ"
    )


def test_an_ongoing_task_is_recurring_not_flagged():
    # Quyết định 982/QĐ-TTg, column "Thời gian thực hiện"
    assert parse_expression("Nhiệm vụ thường xuyên", 2026).recurring
    assert parse_expression("Nhiệm vụ năm 2026", 2026).kind == "unparsed"
    t = _task(QD982, "Nghiên cứu, rà soát, sửa đổi, bổ sung và đơn giản hóa")
    assert t.recurring and "no_deadline" not in t.flags


def test_names_one_per_line_in_a_pdf_cell_are_not_glued_or_cut():
    # Quyết định 982/QĐ-TTg: the coordinating cells name one body per line with no
    # separator; read as one line they gave "Bộ Khoa học" and "Công nghệ Cơ quan"
    from sheettools.units import suggest_registry

    tasks, _ = plan(QD982)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    assert "Bộ Tài chính Bộ Ngoại giao Bộ Công Thương Cơ quan, tổ chức, doanh nghiệp liên quan" in (
        " | ".join(cells)
    )
    units, groups = suggest_registry(cells)
    assert sorted(u.name for u in units) == [
        "Bộ Công Thương",
        "Bộ Giáo dục và Đào tạo",
        "Bộ Khoa học và Công nghệ",
        "Bộ Ngoại giao",
        "Bộ Tài chính",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Ngân hàng Nhà nước",
    ]
    # the committees of the cities under the centre: a group, not a unit (issue 11j)
    assert "UBND các thành phố trực thuộc Trung ương" in {g.name for g in groups}


# Lead cells of Nghị quyết 109/NQ-CP, Phụ lục III, as read from the PDF
NQ109_LEADS = [
    "1. Bộ Tài chính tổng kết, đánh giá cơ chế, chính sách đặc thù (trong Quý II/2026). "
    "2. Bộ Tư pháp, các bộ, cơ quan tham mưu, đề xuất trong quá trình sửa đổi các quy định",
    "Các Bộ: Tài chính, Nông nghiệp và Môi trường, Xây dựng, Công an, Quốc phòng theo "
    "chức năng, nhiệm vụ rà soát, hoàn thiện",
    "1. Bộ Khoa học và Công nghệ chủ trì theo dõi. 2. Các Bộ: Xây dựng, Công Thương, các "
    "bộ, cơ quan theo chức năng, nhiệm vụ được giao.",
    "Bộ Xây dựng, Khoa học và Công nghệ, các bộ, cơ quan quản lý ngành, lĩnh vực và các địa "
    "phương theo chức năng, nhiệm vụ được giao",
]


def test_numbered_bodies_with_duties_and_a_head_word_for_a_list():
    from sheettools.units import unit_fragments

    names = [t for t, _ in unit_fragments(NQ109_LEADS)]
    for name in (
        "Bộ Tài chính",
        "Bộ Tư pháp",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Xây dựng",
        "Bộ Công an",
        "Bộ Quốc phòng",
        "Bộ Khoa học và Công nghệ",
        "Bộ Công Thương",
    ):
        assert name in names, (name, names)
    # no piece of a ministry's name, no duty glued to a body, no list number
    for piece in names:
        assert piece not in ("Xây dựng", "Công an", "Công Thương", "Công nghệ"), names
        assert not piece[:1].isdigit(), names
        assert " tổng kết" not in piece and " chủ trì" not in piece, names


def test_units_suggested_for_a_government_programme_are_whole_names():
    from sheettools.units import suggest_registry

    tasks, _ = plan(NQ109)
    cells = [c for t in tasks if t.kind != "group" for c in (t.lead_raw, t.coord_raw) if c]
    units, _groups = suggest_registry(cells)
    assert sorted(u.name for u in units) == [
        "Bộ Công Thương",
        "Bộ Công an",
        "Bộ Dân tộc và Tôn giáo",
        "Bộ Khoa học và Công nghệ",
        "Bộ Ngoại giao",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Nội vụ",
        "Bộ Quốc phòng",
        "Bộ Tài chính",
        "Bộ Tư pháp",
        "Bộ Xây dựng",
        "Ngân hàng Nhà nước",
        "Thanh tra Chính phủ",
        # the cities named alone: their People's Committees (issue 11, "provinces alone")
        "Ủy ban nhân dân Thành phố Hà Nội",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    ]


BXD1074 = "bxd-1074-2026-giai-phap-pccc.pdf"
LC7432 = "ubnd-laocai-7432-2026-trien-khai-qd1074-pccc.pdf"


def test_a_duty_sentence_keeps_its_start_and_its_deadline_in_the_text():
    # Quyết định 1074/QĐ-BXD, Điều 3: "1. Ủy ban nhân dân các tỉnh, thành phố có trách
    # nhiệm chỉ đạo, kiểm tra," / "hướng dẫn …, hoàn thành chậm nhất đến ngày 01 tháng 7
    # năm 2028." — the content lost "có trách nhiệm chỉ đạo, kiểm tra," and no deadline
    tasks, report = plan(BXD1074)
    leaves = [t for t in tasks if t.kind != "group"]
    assert len(leaves) == 1  # "2. Chánh Văn phòng Bộ, … chịu trách nhiệm thi hành": no task
    t = leaves[0]
    assert t.content.startswith("Ủy ban nhân dân các tỉnh, thành phố có trách nhiệm chỉ đạo")
    assert t.lead_raw == "Ủy ban nhân dân các tỉnh, thành phố"
    assert t.due_date == "2028-07-01"
    assert parse_expression("chậm nhất đến ngày 01 tháng 7 năm 2028", 2026).end == "2028-07-01"
    # the ministry's name as the reference list writes it, not "Bộ xây dựng"
    assert (
        report["identity"]["citation"]
        == "Quyết định số 1074/QĐ-BXD ngày 29/06/2026 của Bộ Xây dựng"
    )


def test_a_dispatch_assigning_duties_per_body():
    # Công văn 7432/UBND-XD (draft, 7/2026) of UBND tỉnh Lào Cai: "1. Công an tỉnh, …, đoàn
    # thể tỉnh và Ủy ban nhân dân" / "các xã, phường" (the name wrapped), "2. Giao Sở Xây
    # dựng", and "01 tháng 7 năm 2028 …" at the start of a line (a wrapped date, no item)
    tasks, report = plan(LC7432)
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.lead_raw for t in leaves] == [
        "Công an tỉnh, các sở, ban, ngành, đoàn thể tỉnh và Ủy ban nhân dân các xã, phường",
        "Sở Xây dựng",
    ]
    assert [t.due_date for t in leaves] == ["2028-07-01", "2028-07-01"]
    assert leaves[0].content.startswith("Theo chức năng, nhiệm vụ, phạm vi quản lý")
    assert report["identity"]["issuer"] == "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert report["identity"]["number"] == ""  # a draft: no number is invented


# --- a timetable: tasks marked by quarter ------------------------------------------------
# No real plan of this layout was found in the stored sources in this round; the layout
# (a time title merged over one column per quarter or month, an "x" in the periods a task
# runs) is the common one of annual plans, so it is tested on a table written here.


def test_tasks_marked_by_quarter_take_their_last_marked_quarter(tmp_path):
    p = tmp_path / "plan.html"
    p.write_text(
        "<html><body><p>KẾ HOẠCH công tác năm 2026</p><table>"
        "<tr><th rowspan=2>TT</th><th rowspan=2>Nội dung công việc</th><th rowspan=2>Đơn vị chủ trì</th>"
        "<th colspan=4>Thời gian thực hiện</th><th colspan=2>Kinh phí (triệu đồng)</th></tr>"
        "<tr><th>Quý I</th><th>Quý II</th><th>Quý III</th><th>Quý IV</th><th>2026</th><th>2027</th></tr>"
        "<tr><td>1</td><td>Rà soát văn bản</td><td>Sở Tư pháp</td><td>x</td><td></td><td></td><td></td><td>50</td><td></td></tr>"
        "<tr><td>2</td><td>Kiểm tra việc thực hiện</td><td>Thanh tra tỉnh</td><td></td><td></td><td>x</td><td>x</td><td>20</td><td>30</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    tasks, report = parse_plan(p)
    roles = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert roles["Thời gian thực hiện › Quý III"] == "period"
    assert roles["Kinh phí (triệu đồng) › 2026"] == "extra"  # years of a budget: no period
    t = {x.key: x for x in tasks}
    assert (t["1"].due_raw, t["1"].due_date) == ("Quý I", "2026-03-31")
    assert (t["2"].due_raw, t["2"].due_date) == ("Quý IV", "2026-12-31")
    assert "Thời gian thực hiện: Quý III, Quý IV" in t["2"].extra


def test_a_party_programme_names_the_leader_in_charge():
    # Chương trình hành động 104-CTr/TU (30/8/2026) of Tỉnh ủy Lào Cai, Phụ lục 2 (text of
    # the PDF in Trangsct/skill-sct): "TT · Nhiệm vụ cụ thể · Cơ quan, tổ chức đảng chủ trì ·
    # Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc · Thời hạn thực hiện (*)"
    from sheettools.plancolumns import assign_roles

    titles = [
        "TT",
        "Nhiệm vụ cụ thể",
        "Cơ quan, tổ chức đảng chủ trì",
        "Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc",
        "Thời hạn thực hiện (*)",
    ]
    roles = [c.role for c in assign_roles(titles)]
    assert roles == ["number", "content", "lead", "leader", "due"]


# Chương trình hành động 104-CTr/TU (30/8/2026) of Tỉnh ủy Lào Cai, text of the PDF as stored
# in Trangsct/skill-sct (pdftotext): its head, and sections 3.3 and 3.9 as found
CTR104 = """TỈNH UỶ LÀO CAI                      ĐẢNG CỘNG SẢN VIỆT NAM
            *
     Số 104 -CTr/TU                  Lào Cai, ngày 30 tháng 8 năm 2026


                    CHƯƠNG TRÌNH HÀNH ĐỘNG
    thực hiện Kết luận số 75-KL/TW ngày 28/7/2026 của Ban Chấp hành
      III. NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM
      3. Nhiệm vụ thường xuyên
      3.3. Huy động, phân bổ và sử dụng hiệu quả các nguồn lực
      - Bố trí tối thiểu 2% ngân sách tỉnh cho sự nghiệp bảo vệ môi trường.
Hoàn thiện cơ chế, chính sách phân bổ, quản lý, sử dụng kinh phí sự nghiệp
môi trường bảo đảm tiết kiệm, hiệu quả.
      - Thường xuyên nghiên cứu, xây dựng, ban hành cơ chế, chính sách
thuận lợi, ưu đãi tài chính, tín dụng, đất đai, khoa học, công nghệ cho các hoạt
động bảo vệ môi trường và ứng phó với biến đổi khí hậu. Tập trung nguồn vốn
đầu tư công cho các công trình hạ tầng kỹ thuật xử lý chất thải, hạ tầng tăng
cường năng lực chống chịu với biến đổi khí hậu, phát triển kinh tế xanh, phát
thải carbon thấp và thích ứng với biến đổi khí hậu.
      - Đẩy mạnh xã hội hóa, áp dụng hình thức đối tác công tư (PPP) để thu
hút doanh nghiệp đầu tư vào dự án xử lý, tái chế rác thải tập trung, nhà máy xử
lý nước thải đô thị, hạ tầng công nghiệp xanh.
       - Chủ động tiếp cận các nguồn vốn tài chính xanh, trái phiếu xanh, nguồn
ODA và các quỹ khí hậu toàn cầu để hỗ trợ di dời dân cư vùng thiên tai, phát
triển sinh kế dưới tán rừng.
      Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh.
      3.9. Tăng cường hợp tác quốc tế và liên kết vùng
     - Đẩy mạnh hợp tác đối ngoại môi trường với tỉnh Vân Nam (Trung
Quốc) trong việc quản lý, chia sẻ thông tin nguồn nước, kiểm soát ô nhiễm môi
trường sông Hồng xuyên biên giới và ứng phó sự cố thiên tai.
      - Tăng cường liên kết vùng với các tỉnh khu vực Trung du và miền núi
phía Bắc trong quản lý lưu vực sông, bảo vệ rừng đầu nguồn và phát triển du
lịch xanh.
      Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh.
      IV. TỔ CHỨC THỰC HIỆN
"""


def test_a_party_programme_names_the_committee_in_charge_after_its_duties(tmp_path):
    p = tmp_path / "ctr-104.txt"
    p.write_text(CTR104, encoding="utf-8")
    tasks, report = parse_plan(p)
    leaves = [t for t in tasks if t.kind != "group"]
    assert [t.content[:30] for t in leaves] == [
        "Huy động, phân bổ và sử dụng h",
        "Tăng cường hợp tác quốc tế và ",
    ]
    assert all(t.lead_raw == "Đảng ủy Ủy ban nhân dân tỉnh" for t in leaves)
    ident = report["identity"]
    assert ident["number"] == "104-CTr/TU"
    assert ident["citation"] == (
        "Chương trình hành động số 104-CTr/TU ngày 30/08/2026 của Tỉnh ủy Lào Cai"
    )


def test_pdf_spaces_typed_after_a_glyph_are_kept_and_no_word_is_cut():
    import re

    from sheettools.plansource import read_document

    # "2. Bộ KHCN": the space starts where "." ends, though "B" is drawn over it
    t = _task(NQ109, "Xây dựng cơ chế, chính sách và tiêu chí thành lập các đặc khu kinh tế")
    assert "2. Bộ KHCN" in t.lead_raw
    # a capital cut from the rest of its word ("T rước", "C ơ", "Q uý", "X ây") nowhere
    for name in (NQ105, NQ109, QD982, "qdttg-893-2026-nhan-luc-nang-luong-nguyen-tu.pdf"):
        doc = read_document(PLANS / name)
        cells = [c for b in doc.blocks for _line, row in b.rows for c in row]
        cut = [m.group(0) for c in cells for m in re.finditer(r"(?<!\w)[A-ZĐ] [a-zà-ỹ]+", c)]
        assert [w for w in cut if not w.startswith(("Y tế", "A ", "B "))] == [], (name, cut)


def test_duty_words_are_not_cut_inside_a_remark_or_an_institute_name():
    from sheettools.units import unit_fragments

    cells = [
        # Nghị quyết 1339/NQ-UBTVQH15 and Quyết định 893/QĐ-TTg, cells as found
        "Ủy ban Đối ngoại [3] (Văn phòng Quốc hội phối hợp chuẩn bị)",
        "Bộ Khoa học và Công nghệ và các bộ, ngành, các Viện nghiên cứu liên quan",
    ]
    names = [t for t, _ in unit_fragments(cells)]
    assert "Ủy ban Đối ngoại [3] (Văn phòng Quốc hội" not in names
    assert "các Viện" not in names


def test_a_province_issuer_printed_over_several_lines_is_cited_whole():
    # letterheads "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI" and a name wrapped over more lines
    # (the thuvienphapluat.vn scrapes of the corpus): "của Tỉnh Đồng Tháp" before
    cases = {
        LC7432: "ỦY BAN NHÂN DÂN TỈNH LÀO CAI",
        "ubnd-dongthap-617-kh-2025-chuyen-doi-so-doanh-nghiep.md": None,
        "ubnd-hanoi-310-kh-2025-ha-tang-5g-iot.md": None,
    }
    for name, issuer in cases.items():
        _tasks, report = plan(name)
        ident = report["identity"]
        if issuer:
            assert ident["issuer"] == issuer
        else:
            assert " của Ủy ban nhân dân " in ident["citation"], ident["citation"]


def test_the_next_appendix_with_its_own_header_is_not_glued_as_tasks():
    # Nghị quyết 109/NQ-CP, the last row of Phụ lục I (indicators) and the first rows of
    # Phụ lục II (growth targets by sector and locality) as read from pages 31 and 32: the
    # second header has no content column, and was read as a task of the first table
    # ("TT · NGÀNH, LĨNH VỰC/ ĐỊA PHƯƠNG …" with lead "CƠ QUAN CHỦ TRÌ, THEO DÕI")
    from sheettools.planimport import find_tables
    from sheettools.plansource import Block, Document

    pl1 = Block("table", "page 31", rows=[
        (1, ["TT", "CHỈ TIÊU", "MỤC TIÊU 2026 - 2030", "CƠ QUAN CHỦ TRÌ, THEO DÕI", "CƠ QUAN PHỐI HỢP"]),
        (2, ["69", "Trần nợ nước ngoài quốc gia so với GDP (%)", "Không quá 50",
             "Bộ Tài chính, Ngân hàng Nhà nước Việt Nam", "Các đơn vị có liên quan."]),
    ])  # fmt: skip
    pl2 = Block("table", "page 32", rows=[
        (3, ["TT", "NGÀNH, LĨNH VỰC/ ĐỊA PHƯƠNG", "TỐC ĐỘ BÌNH QUÂN 2026 - 2030 (%/NĂM)",
             "CƠ QUAN CHỦ TRÌ, THEO DÕI", "CƠ QUAN PHỐI HỢP"]),
        (4, ["", "Cả nước", "≥ 10,0", "", ""]),
        (5, ["1", "Khu vực nông, lâm nghiệp và thủy sản", "3,6", "Bộ Nông nghiệp và Môi trường",
             "Các bộ, cơ quan, địa phương, các tập đoàn, tổng công ty, doanh nghiệp nhà nước theo chức năng, nhiệm vụ được giao"]),
    ])  # fmt: skip
    pl2_next = Block("table", "page 33", rows=[
        (6, ["2", "Khu vực công nghiệp và xây dựng", "12,3", "", ""]),
    ])  # fmt: skip
    tables, ignored = find_tables(Document("pdf", "nq109.pdf", [pl1, pl2, pl2_next]))
    assert len(tables) == 1 and len(tables[0].rows) == 1
    assert [b["block"] for b in ignored] == ["page 32", "page 33"]


def test_a_word_97_document_gets_one_clear_line(tmp_path):
    # offices still circulate .doc files (the Sở's own folder in Trangsct/skill-sct holds
    # several); they were reported as "cannot read the workbook … save it as .xlsx"
    import pytest

    from sheettools.errors import InputError
    from sheettools.plansource import read_document

    p = tmp_path / "ke-hoach.doc"
    p.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le")
    )
    with pytest.raises(InputError) as info:
        read_document(p)  # (LibreOffice, when here, cannot load it either)
    line = info.value.one_line()
    assert ".doc" in line and ".docx" in line and "bảng tính" not in line


def test_more_lead_cells_of_the_whole_government_programme():
    # Nghị quyết 109/NQ-CP, cells of Phụ lục III and IV outside the trimmed pages, as read
    from sheettools.units import suggest_registry, unit_fragments

    cells = [
        "Bộ Văn hoá, Thể thao và Du lịch, Ngoại giao, Công an, các địa phương theo chức "
        "năng, nhiệm vụ được giao",
        "1. Về phát triển công nghiệp quốc gia: Bộ Công Thương chủ trì. 2. Về quản lý các "
        "khu công nghiệp, cụm công nghiệp, khu công nghệ số: Bộ Tài chính chủ trì.",
        "1. Bộ Nông nghiệp và Môi trường đối với phát triển tín chỉ các bon 2. Bộ Tài chính "
        "đối với sàn giao dịch tín chỉ các bon 3. Bộ Khoa học và Công nghệ đối với tài sản kỹ "
        "thuật số",
        "Bộ Tài chính, các bộ, cơ quan, địa phương, Tập đoàn, Tổng công ty và đơn vị có liên quan.",
    ]
    names = [t for t, _ in unit_fragments(cells)]
    for name in ("Bộ Ngoại giao", "Bộ Công an", "Bộ Công Thương", "Bộ Khoa học và Công nghệ"):
        assert name in names, names
    units, _groups = suggest_registry(cells)
    assert sorted(u.name for u in units) == [
        "Bộ Công Thương",
        "Bộ Công an",
        "Bộ Khoa học và Công nghệ",
        "Bộ Ngoại giao",
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Tài chính",
        "Bộ Văn hoá, Thể thao và Du lịch",
    ]
