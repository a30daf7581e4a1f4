"""Plan layouts seen in real plans, each built in code: columns by title in any order, extra
columns, two-row headers, repeated headers, closing lines, Excel dates and formulas, other
numbering, prose plans, several sheets, HTML, scanned PDF, identity, mapping."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.errors import InputError
from sheettools.planimport import import_plan, inspect_plan, parse_plan

HEAD = "KẾ HOẠCH\nThực hiện nhiệm vụ năm 2026\n"


def leaves(tasks):
    return [t for t in tasks if t.kind != "group"]


def by_key(tasks):
    return {t.key: t for t in tasks}


def write_xlsx(path: Path, sheets: dict[str, list[list]], formats: dict | None = None) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    fmt = wb.add_format(
                        {"num_format": (formats or {}).get((name, r, c), "dd/mm/yyyy")}
                    )
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt)
                elif v is not None:
                    ws.write_string(r, c, str(v))
    wb.close()
    return path


# --- columns by title --------------------------------------------------------------------


def test_columns_found_by_title_in_any_order_and_extras_kept(tmp_path):
    p = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "KH": [
                ["KẾ HOẠCH TRIỂN KHAI NĂM 2026"],
                ["STT", "Thời hạn hoàn thành", "Nhiệm vụ", "Kinh phí (triệu đồng)", "Cơ quan phối hợp", "Cơ quan chủ trì"],
                ["1", "Quý II/2026", "Xây dựng đề án A", "500", "Sở Tài chính", "Sở Khoa học và Công nghệ"],
                ["2", "Tháng 9/2026", "Tổ chức hội nghị B", "", "", "Sở Nội vụ"],
            ]
        },
    )  # fmt: skip
    tasks, report = parse_plan(p)
    t = by_key(tasks)
    assert t["1"].content == "Xây dựng đề án A"
    assert t["1"].lead_raw == "Sở Khoa học và Công nghệ"
    assert t["1"].coord_raw == "Sở Tài chính"
    assert t["1"].due_date == "2026-06-30"
    assert t["2"].due_date == "2026-09-30"
    assert "Kinh phí (triệu đồng): 500" in t["1"].extra
    roles = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert roles["Kinh phí (triệu đồng)"] == "extra"
    assert roles["Thời hạn hoàn thành"] == "due"


def test_two_roles_for_one_column_title_is_an_error_with_the_header_and_the_fix(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "TT,Nội dung,Cơ quan trình,Cơ quan chủ trì,Thời hạn\n1,Việc A,Chính phủ,Bộ Tư pháp,2026\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        parse_plan(p)
    line = info.value.one_line()
    assert "TT | Nội dung | Cơ quan trình | Cơ quan chủ trì | Thời hạn" in line
    assert "--map lead=" in line
    tasks, report = parse_plan(p, mapping={"lead": "Cơ quan chủ trì"})
    assert leaves(tasks)[0].lead_raw == "Bộ Tư pháp"
    assert "Cơ quan trình: Chính phủ" in leaves(tasks)[0].extra


def test_missing_lead_and_deadline_is_an_error(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text("TT,Nội dung công việc,Ghi chú,Sản phẩm\n1,Việc A,x,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="Tiêu đề thấy|Header seen"):
        parse_plan(p, year=2026)


def test_mapping_file_beside_the_plan_and_map_option_override(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "TT,Tên dự án,Cơ quan trình,Cơ quan chủ trì thẩm tra,Tiến độ trình\n"
        "1,Luật A,Chính phủ,Ủy ban Pháp luật,Kỳ họp thứ 8 (tháng 10/2026)\n",
        encoding="utf-8",
    )
    (tmp_path / "plan.csv.map.json").write_text(
        json.dumps({"lead": "Cơ quan trình"}, ensure_ascii=False), encoding="utf-8"
    )
    out = tmp_path / "m.xlsx"
    import_plan(p, out, now=dt.datetime(2026, 1, 5))
    from sheettools.store import load_master

    m = load_master(out)
    t = m.leaf_tasks()[0]
    assert t.lead_raw == "Chính phủ"
    assert t.due_date == "2026-10-31"  # the meeting's month
    assert json.loads(m.settings["plan_map"]) == {"lead": "Cơ quan trình"}
    # --map wins over the file
    tasks, _ = parse_plan(p, mapping={"lead": "Cơ quan chủ trì thẩm tra"})
    assert leaves(tasks)[0].lead_raw == "Ủy ban Pháp luật"


# --- layouts -------------------------------------------------------------------------------


def test_two_row_header_with_a_merged_group_title(tmp_path):
    p = tmp_path / "plan.html"
    p.write_text(
        "<html><body><p>KẾ HOẠCH</p><p>Rà soát văn bản năm 2026</p><table>"
        "<tr><th rowspan=2>TT</th><th rowspan=2>Tên gọi văn bản</th><th colspan=3>Hình thức xử lý</th>"
        "<th rowspan=2>Cơ quan chủ trì soạn thảo</th><th rowspan=2>Thời gian trình</th></tr>"
        "<tr><th>Thay thế</th><th>Bãi bỏ</th><th>Ban hành mới</th></tr>"
        "<tr><td>1</td><td>Quyết định về X</td><td>x</td><td></td><td></td><td>Sở Tư pháp</td><td>Tháng 6/2026</td></tr>"
        "<tr><td>2</td><td>Quyết định về Y</td><td></td><td>x</td><td></td><td>Sở Nội vụ</td><td>Quý III/2026</td></tr>"
        "</table><p>Nơi nhận:</p></body></html>",
        encoding="utf-8",
    )  # fmt: skip
    tasks, report = parse_plan(p)
    cols = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert cols["Hình thức xử lý › Thay thế"] == "extra"
    assert cols["Hình thức xử lý › Bãi bỏ"] == "extra"
    assert cols["Cơ quan chủ trì soạn thảo"] == "lead"
    assert cols["Thời gian trình"] == "due"
    t = by_key(tasks)
    assert t["1"].lead_raw == "Sở Tư pháp" and t["1"].due_date == "2026-06-30"
    assert "Hình thức xử lý › Bãi bỏ: x" in t["2"].extra


def test_repeated_header_and_closing_lines_not_glued_to_the_last_task(tmp_path):
    p = tmp_path / "plan.csv"
    header = "TT;Nội dung thực hiện;Đơn vị chủ trì;Thời gian hoàn thành\n"
    p.write_text(
        "KẾ HOẠCH NĂM 2026\n" + header + "1;Việc một;Phòng Nội vụ;Tháng 3/2026\n"
        + header + ";tiếp theo của việc một;;\n2;Việc hai;Phòng Tư pháp;Quý II/2026\n"
        + "Ghi chú: các đơn vị báo cáo trước ngày 15 hằng tháng;;;\nNơi nhận:;;;\n"
        + "- Như trên;;;\nTM. ỦY BAN NHÂN DÂN;;;\nCHỦ TỊCH;;;\n",
        encoding="utf-8",
    )  # fmt: skip
    tasks, report = parse_plan(p)
    t = by_key(tasks)
    assert t["1"].content == "Việc một tiếp theo của việc một"
    assert t["2"].content == "Việc hai"
    assert len(leaves(tasks)) == 2
    why = [r["text"] for r in report["ignored_rows"]]
    assert any(w.startswith("Ghi chú") for w in why) and any("CHỦ TỊCH" in w for w in why)


def test_excel_dates_by_number_format_and_formula_numbers(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "plan.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["KẾ HOẠCH NĂM 2026"])
    ws.append(["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"])
    ws.append([1, "Việc một", "Sở Y tế", dt.datetime(2026, 4, 1)])
    ws.append(["=A3+1", "Việc hai", "Sở Xây dựng", dt.datetime(2026, 5, 20)])
    ws["D3"].number_format = "mm/yyyy"
    ws["D4"].number_format = "dd/mm/yyyy"
    wb.save(p)  # openpyxl keeps no cached value for =A3+1
    tasks, _ = parse_plan(p)
    t = by_key(tasks)
    assert t["1"].due_raw == "Tháng 4/2026" and t["1"].due_date == "2026-04-30"
    assert t["2"].content == "Việc hai" and t["2"].due_date == "2026-05-20"
    assert any(f.startswith("number_from_formula") for f in t["2"].flags)


def test_numbering_capital_roman_letters_bullets(tmp_path):
    p = tmp_path / "plan.txt"
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
        ["A", "PHẦN CHUNG", "", ""],
        ["I", "Thể chế", "", ""],
        ["1", "Nhóm việc", "", ""],
        ["a)", "Việc a", "Bộ Tư pháp", "2026"],
        ["b)", "Việc b", "Bộ Nội vụ", "Quý I/2026"],
        ["-", "Việc gạch đầu dòng", "Bộ Y tế", "Tháng 2/2026"],
        ["B", "PHẦN RIÊNG", "", ""],
        ["I", "Thể chế", "", ""],
        ["1", "Việc riêng", "Bộ Công an", "2026"],
    ]
    p.write_text(HEAD + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    tasks, report = parse_plan(p)
    t = by_key(tasks)
    assert t["A.I.1.a"].content == "Việc a" and t["A.I.1.a"].parent == "A.I.1"
    assert t["A.I.1.b"].due_date == "2026-03-31"
    assert t["A.I.1.b1"].content == "Việc gạch đầu dòng"
    assert t["B.I.1"].lead_raw == "Bộ Công an"
    assert t["A.I"].parent == "A"
    assert (
        "chữ in hoa" in report["tables"][0]["numbering"]
        or "capital" in report["tables"][0]["numbering"]
    )


def test_no_number_column_keys_follow_row_order(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "Nhiệm vụ,Đơn vị thực hiện,Thời gian hoàn thành\nTUYÊN TRUYỀN,,\n"
        "Việc một,Phòng Văn hóa,Tháng 5/2026\nViệc hai,Phòng Y tế,Tháng 6/2026\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p, year=2026)
    assert [t.number for t in leaves(tasks)] == ["1", "2"]
    assert (
        "thứ tự dòng" in report["tables"][0]["numbering"]
        or "row order" in report["tables"][0]["numbering"]
    )


def test_several_sheets_become_sections_and_table_chooses(tmp_path):
    header = ["TT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"]
    p = write_xlsx(
        tmp_path / "plan.xlsx",
        {
            "Kinh tế": [["KẾ HOẠCH NĂM 2026"], header, ["1", "Việc KT", "Phòng Kinh tế", "2026"]],
            "Văn hóa": [header + ["Ghi chú"], ["1", "Việc VH", "Phòng Văn hóa", "2026", "x"]],
        },
    )
    tasks, report = parse_plan(p)
    keys = [t.key for t in leaves(tasks)]
    assert keys == ["1", "T2.1"]
    assert len(report["tables"]) == 2
    tasks, _ = parse_plan(p, select=["Văn hóa"])
    assert [t.content for t in leaves(tasks)] == ["Việc VH"]
    with pytest.raises(InputError, match="Kinh tế"):
        parse_plan(p, select=["9"])


# --- prose ---------------------------------------------------------------------------------


def test_prose_with_lettered_labelled_fields(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_text(
        "KẾ HOẠCH\nThực hiện Đề án năm 2026\nII. NHIỆM VỤ\n"
        "1. Hoàn thiện thể chế\n"
        "1.1. Xây dựng Nghị định về dữ liệu\n"
        "a) Cơ quan chủ trì: Bộ Công an;\nb) Cơ quan phối hợp: Bộ Tư pháp, Bộ Tài chính;\n"
        "c) Thời gian thực hiện: Quý III/2026.\n"
        "1.2. Ban hành Thông tư hướng dẫn\n- Đơn vị chủ trì: Bộ Nội vụ.\n"
        "- Thời hạn hoàn thành: chậm nhất 31/5/2026.\n"
        "III. TỔ CHỨC THỰC HIỆN\nCác bộ báo cáo định kỳ.\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p)
    t = by_key(tasks)
    assert t["II.1.1"].content == "Xây dựng Nghị định về dữ liệu"
    assert t["II.1.1"].lead_raw == "Bộ Công an"
    assert t["II.1.1"].coord_raw == "Bộ Tư pháp, Bộ Tài chính"
    assert t["II.1.1"].due_date == "2026-09-30"
    assert t["II.1.2"].due_date == "2026-05-31"
    assert t["II.1.1"].source_rows == [5, 6, 7, 8]
    assert len(leaves(tasks)) == 2


def test_duties_per_body_of_the_ward_seed():
    # seed 000 (the ward's plan): its head and section III "Tổ chức thực hiện"
    tasks, report = parse_plan(Path(__file__).parent / "data" / "plan_ward_duties_per_body.txt")
    leads = {t.lead_raw for t in leaves(tasks)}
    assert {"Ban Thường vụ Đảng ủy", "Công an Phường", "Ban chỉ huy Quân sự Phường"} <= leads
    police = [t for t in leaves(tasks) if t.lead_raw == "Công an Phường"]
    assert len(police) == 2 and police[0].content.startswith("Tham mưu Ban thường vụ")
    assert report["year"] == 2023


def test_seed_000_duties_go_to_the_body_each_paragraph_names():
    """Seed 000 (the ward's plan, as the sample keeps it): III.1.3 names four bodies in its
    heading; each paragraph under it starts with the one it is for ("* Khối Dân vận Đảng
    ủy:" heads three bullets). Duties are read in "Tổ chức thực hiện" only."""
    plan = Path(__file__).parents[1] / "samples" / "long-bien-2023" / "ward-long-bien" / "plan.txt"
    tasks, _report = parse_plan(plan)
    t = by_key(tasks)
    got = {k: t[k].lead_raw for k in t if k.startswith("III.1.3")}
    assert got == {
        "III.1.3": "Uỷ ban kiểm tra Đảng ủy",
        "III.1.3.2": "Khối Dân vận Đảng ủy",
        "III.1.3.3": "Khối Dân vận Đảng ủy",
        "III.1.3.4": "Khối Dân vận Đảng ủy",
        "III.1.3.5": "Cán bộ tuyên giáo Đảng ủy",
        "III.1.3.6": "Cán bộ Văn phòng Đảng ủy",
    }
    # the body heading is no task; the line under the tuyên giáo paragraph goes on it
    assert not any(x.content.startswith("Khối Dân vận") for x in tasks)
    assert t["III.1.3.5"].content.endswith("hàng tháng, quý, năm và theo yêu cầu.")
    assert t["III.1.3.5"].source_rows == [107, 108]
    # "3.2.2. Các cơ quan, doanh nghiệp, nhân dân tham gia thực hiện:" (Nội dung, giải
    # pháp) says who takes part; it assigns no duty to businesses and people
    assert "III.3.2.2" not in t
    assert not any("doanh nghiệp" in x.lead_raw for x in tasks)
    assert len(leaves(tasks)) == 27


# --- formats -------------------------------------------------------------------------------


def test_scanned_pdf_needs_ocr_first(tmp_path):
    p = tmp_path / "scan.pdf"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    p.write_bytes(out)
    res = CliRunner().invoke(cli, ["plan", "import", str(p), "-o", str(tmp_path / "m.xlsx")])
    assert res.exit_code == 2
    assert "OCR" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


# --- identity, report, CLI -----------------------------------------------------------------


def test_seed_identity_is_kept_in_the_master(seed_master):
    from sheettools.store import load_master

    m = load_master(seed_master)
    assert m.settings["plan_number"] == "160-KH/QU"
    assert m.settings["plan_date"] == "11/01/2023"
    assert m.settings["plan_citation"] == (
        "Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy Long Biên"
    )
    t = m.task("II.1.3")
    assert "no_lead_unit" in t.flags


def test_year_from_title_over_signing_date_and_year_option(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "Hà Nội, ngày 20 tháng 12 năm 2025\nKẾ HOẠCH\nCông tác năm 2026\n"
        "TT,Nội dung,Đơn vị chủ trì,Thời hạn\n1,Việc,Sở Nội vụ,Tháng 3\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p)
    assert report["year"] == 2026 and leaves(tasks)[0].due_date == "2026-03-31"
    tasks, report = parse_plan(p, year=2027)
    assert report["year"] == 2027 and report["year_from"] == "--year"


def test_cli_plan_inspect_shows_roles_and_the_fix(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "TT,Nội dung,Cơ quan trình,Cơ quan chủ trì,Thời hạn\n1,Việc A,Chính phủ,Bộ Tư pháp,2026\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(cli, ["plan", "inspect", str(p)])
    assert res.exit_code == 0, res.output
    assert '--map lead="Cơ quan chủ trì"' in " ".join(res.output.split())
    res = CliRunner().invoke(
        cli, ["plan", "inspect", str(p), "--map", 'lead="Cơ quan chủ trì"', "--format", "json"]
    )
    data = json.loads(res.output)
    roles = {c["title"]: c["role"] for c in data["tables"][0]["columns"]}
    assert roles == {"TT": "number", "Nội dung": "content", "Cơ quan trình": "extra",
                     "Cơ quan chủ trì": "lead", "Thời hạn": "due"}  # fmt: skip
    assert data["tasks"] == 1 and data["year"] == 2026


def test_inspect_reports_skipped_rows(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "KẾ HOẠCH NĂM 2026\nTT,Nội dung,Đơn vị chủ trì,Thời hạn\n(1),(2),(3),(4)\n"
        "1,Việc,Sở Nội vụ,2026\nNơi nhận:,,,\n",
        encoding="utf-8",
    )
    r = inspect_plan(p)
    whys = [x["why"] for x in r["ignored_rows"]]
    assert len(whys) == 3  # the title above the header, the column numbers, the recipients


def test_the_mail_cites_the_plan_by_its_number_and_date(seed_master):
    from sheettools.mail import template_values
    from sheettools.mail_config import MailConfig
    from sheettools.store import load_master

    m = load_master(seed_master)
    values = template_values(m, m.units[0], m.periods[1], MailConfig(), file_name="x.xlsx", tasks=3)
    assert values["plan_title"].startswith("Kế hoạch số 160-KH/QU ngày 11/01/2023")


def test_docx_two_row_header_merged_cells_and_grid_before(tmp_path):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2026")
    t = d.add_table(rows=2, cols=6)
    top = ["STT", "Nội dung", "Thời gian", "", "Đơn vị thực hiện", "Ghi chú"]
    sub = ["", "", "Bắt đầu", "Hoàn thành", "", ""]
    for i, h in enumerate(top):
        t.rows[0].cells[i].text = h
    for i, h in enumerate(sub):
        t.rows[1].cells[i].text = h
    t.cell(0, 2).merge(t.cell(0, 3)).text = "Thời gian"  # a group title over two columns
    for c in (0, 1, 4, 5):
        t.cell(0, c).merge(t.cell(1, c))  # the other titles span both header rows
    for r in (
        ["1", "Rà soát thủ tục", "Tháng 1/2026", "Tháng 3/2026", "Phòng Tư pháp", ""],
        ["2", "Số hóa hồ sơ", "Quý I/2026", "Quý II/2026", "Văn phòng HĐND và UBND", "x"],
    ):
        for i, v in enumerate(t.add_row().cells):
            v.text = r[i]
    row = t.add_row()  # a row that starts one grid column later (w:gridBefore)
    tr_el = row._tr
    gb = OxmlElement("w:gridBefore")
    gb.set(qn("w:val"), "1")
    tr_el.get_or_add_trPr().insert(0, gb)
    tr_el.remove(tr_el.tc_lst[0])
    row.cells[0].text = "tiếp nội dung số hóa"
    p = tmp_path / "plan.docx"
    d.save(str(p))
    tasks, report = parse_plan(p)
    roles = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert roles["Thời gian › Bắt đầu"] == "start" and roles["Thời gian › Hoàn thành"] == "due"
    t2 = by_key(tasks)["2"]
    assert t2.content == "Số hóa hồ sơ tiếp nội dung số hóa"
    assert t2.start_raw == "Quý I/2026" and t2.due_date == "2026-06-30"
    assert t2.lead_raw == "Văn phòng HĐND và UBND" and t2.extra == "Ghi chú: x"


def _word_list(document, levels) -> str:
    """A list definition added to the document's numbering part: ``levels`` as
    ``[(numFmt, lvlText), …]`` by level; the new list's numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = document.part.numbering_part.element
    ab_id = str(900 + len(root.findall(qn("w:abstractNum"))))
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    root.insert(
        0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="{ab_id}">{lvls}</w:abstractNum>')
    )
    num_id = str(800 + len(root.findall(qn("w:num"))))
    root.append(
        parse_xml(f'<w:num {w} w:numId="{num_id}"><w:abstractNumId w:val="{ab_id}"/></w:num>')
    )
    return num_id


def _numbered(paragraph, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_numbers_drawn_by_word_are_read_as_shown(tmp_path):
    # TT cells and duty paragraphs numbered by Word's lists hold no number in their text:
    # the sections and keys (I.1, II.1) and the bodies' duties came out flat
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH Cải cách hành chính năm 2026")
    tt = _word_list(d, [("upperRoman", "%1."), ("decimal", "%2.")])
    t = d.add_table(rows=1, cols=4)
    for i, h in enumerate(["STT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"]):
        t.rows[0].cells[i].text = h
    rows = [
        (0, "CẢI CÁCH THỂ CHẾ", "", ""),
        (1, "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Tháng 6/2026"),
        (1, "Kiểm tra việc thi hành pháp luật", "Sở Tư pháp", "Tháng 9/2026"),
        (0, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", ""),
        (1, "Số hóa hồ sơ thủ tục hành chính", "Văn phòng UBND tỉnh", "Quý IV/2026"),
    ]
    for level, content, lead, due in rows:
        cells = t.add_row().cells
        _numbered(cells[0].paragraphs[0], tt, level)
        cells[1].text, cells[2].text, cells[3].text = content, lead, due
    p = tmp_path / "ke-hoach.docx"
    d.save(str(p))
    tasks, _ = parse_plan(p)
    leaves = {t.key: t.content for t in tasks if t.kind != "group"}
    assert leaves == {
        "I.1": "Rà soát văn bản quy phạm pháp luật",
        "I.2": "Kiểm tra việc thi hành pháp luật",
        "II.1": "Số hóa hồ sơ thủ tục hành chính",
    }


# the same duties per body, numbered by Word's lists or by an HTML page's <ol>/<ul>
THE_TWO_BODIES_DUTIES = [
    ("Sở Nội vụ", "2026-09-30"),
    ("Sở Nội vụ", "2026-12-15"),
    ("Sở Văn hóa, Thể thao và Du lịch", None),
]


def _leads_and_deadlines(path) -> list[tuple[str, str | None]]:
    tasks, _ = parse_plan(path)
    return [(t.lead_raw, t.due_date) for t in tasks if t.kind != "group"]


def test_duties_numbered_by_word_go_to_their_bodies(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2026")
    d.add_paragraph("IV. TỔ CHỨC THỰC HIỆN")
    duty = _word_list(d, [("decimal", "%1."), ("bullet", "-")])
    for level, text in (
        (0, "Sở Nội vụ:"),
        (
            1,
            "Chủ trì tổ chức cuộc thi tìm hiểu cải cách hành chính, hoàn thành trong quý III/2026.",
        ),
        (1, "Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026."),
        (0, "Sở Văn hóa, Thể thao và Du lịch:"),
        (1, "Chỉ đạo hệ thống thông tin cơ sở tuyên truyền cải cách hành chính thường xuyên."),
    ):
        _numbered(d.add_paragraph(text), duty, level)
    p = tmp_path / "ke-hoach.docx"
    d.save(str(p))
    assert _leads_and_deadlines(p) == THE_TWO_BODIES_DUTIES


def test_a_hidden_sheet_is_left_out_and_said(tmp_path):
    # a sheet the clerk never sees in Excel (the lists behind drop-downs, an old copy of the
    # plan) was imported as a second section of tasks
    import xlsxwriter

    p = tmp_path / "ke-hoach.xlsx"
    wb = xlsxwriter.Workbook(str(p))
    ws = wb.add_worksheet("Kế hoạch")
    ws.write_row(0, 0, ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành"])
    ws.write_row(
        1, 0, ["1", "Xây dựng kế hoạch cải cách hành chính", "Phòng Nội vụ", "Tháng 1/2026"]
    )
    ws.write_row(2, 0, ["2", "Tổng kết công tác năm", "Văn phòng HĐND và UBND", "Tháng 12/2026"])
    old = wb.add_worksheet("KH 2025 (cũ)")
    old.write_row(0, 0, ["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"])
    old.write_row(1, 0, ["1", "Nhiệm vụ của năm trước", "Phòng Tư pháp", "Tháng 6/2025"])
    old.hide()
    wb.close()
    tasks, report = parse_plan(p)
    assert [t.content for t in tasks] == [
        "Xây dựng kế hoạch cải cách hành chính",
        "Tổng kết công tác năm",
    ]
    (said,) = [b for b in report["ignored_blocks"] if "KH 2025" in b["block"]]
    assert "ẩn" in said["why"] and "--sheet" in said["why"]
    chosen, _ = parse_plan(p, select=["KH 2025"])
    assert [t.content for t in chosen] == ["Nhiệm vụ của năm trước"]


def test_docx_draft_with_tracked_changes_reads_as_accepted(tmp_path):
    # a draft plan sent with Track Changes on: Word shows the inserted text, not the deleted
    # text or the deleted row; python-docx alone reads neither insertions nor content controls
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str, tag: str = "w:t"):
        r = OxmlElement("w:r")
        t = OxmlElement(tag)
        t.text = text
        r.append(t)
        return r

    def change(kind: str, *runs):
        el = OxmlElement(kind)
        el.set(qn("w:id"), "1")
        el.set(qn("w:author"), "Chuyên viên")
        for r in runs:
            el.append(r)
        return el

    d = docx.Document()
    t = d.add_table(rows=1, cols=4)
    for i, h in enumerate(["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"]):
        t.rows[0].cells[i].text = h
    rows = [
        ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "Tháng 3/2026"],
        ["2", "Số hóa hồ sơ", "Sở ", "Quý II/2026"],
        ["3", "Nội dung bỏ đi", "Sở Nội vụ", "Tháng 5/2026"],
        ["3", "Đánh giá chỉ số cải cách", "", "Tháng 11/2026"],
    ]
    for r in rows:
        for i, c in enumerate(t.add_row().cells):
            c.text = r[i]
    lead2 = t.rows[2].cells[2].paragraphs[0]._p  # "Sở " + inserted, a deleted word
    lead2.append(change("w:ins", run("Khoa học và Công nghệ")))
    lead2.append(change("w:del", run("Tài chính", "w:delText")))
    due2 = t.rows[2].cells[3].paragraphs[0]._p
    due2.remove(due2.r_lst[0])
    due2.append(change("w:del", run("Quý I/2026", "w:delText")))
    due2.append(change("w:ins", run("Quý II/2026")))
    t.rows[3]._tr.get_or_add_trPr().append(change("w:del"))  # a deleted row
    sdt = OxmlElement("w:sdt")  # the last lead unit typed in a content control
    content = OxmlElement("w:sdtContent")
    content.append(run("Sở Nội vụ"))
    sdt.append(content)
    t.rows[4].cells[2].paragraphs[0]._p.append(sdt)
    p = tmp_path / "du-thao.docx"
    d.save(str(p))
    tasks, _ = parse_plan(p)
    got = {k.key: (k.content, k.lead_raw, k.due_raw) for k in tasks}
    assert got == {
        "1": ("Rà soát thủ tục hành chính", "Sở Tư pháp", "Tháng 3/2026"),
        "2": ("Số hóa hồ sơ", "Sở Khoa học và Công nghệ", "Quý II/2026"),
        "3": ("Đánh giá chỉ số cải cách", "Sở Nội vụ", "Tháng 11/2026"),
    }


def test_unit_workbook_shows_extra_columns_and_cites_the_plan(tmp_path, sample_units):
    from openpyxl import load_workbook

    from sheettools.split import split_workbooks

    p = tmp_path / "plan.csv"
    p.write_text(
        "ỦY BAN NHÂN DÂN QUẬN LONG BIÊN,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,\n"
        'Số: 12/KH-UBND,,"Long Biên, ngày 05 tháng 01 năm 2026",,\n'
        "KẾ HOẠCH,,,,\nCải cách hành chính năm 2026,,,,\n"
        "TT,Nội dung,Đơn vị chủ trì,Thời hạn,Kinh phí\n1,Rà soát thủ tục,Phòng VHTT,Tháng 5/2026,500\n",
        encoding="utf-8",
    )
    master = tmp_path / "m.xlsx"
    import_plan(p, master, units=sample_units, now=dt.datetime(2026, 1, 6))
    out = tmp_path / "out"
    split_workbooks(master, "2026-Q2", out, units=["VHTT"], now=dt.datetime(2026, 4, 1), lang="vi")
    wb = load_workbook(next(out.glob("*VHTT*.xlsx")))
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(t.startswith("Rà soát thủ tục\nKinh phí: 500") for t in texts)
    assert (
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân quận Long Biên"
        in texts
    )


def test_sub_columns_take_their_own_role_and_unit_of_measure_is_not_a_unit(tmp_path):
    p = tmp_path / "plan.csv"
    p.write_text(
        "KẾ HOẠCH NĂM 2026,,,,,\n"
        "TT,Nội dung,Đơn vị tính,Đơn vị thực hiện,,Thời hạn\n"
        ",,,Chủ trì,Phối hợp,\n"
        "1,Trồng cây xanh,cây,Phòng Quản lý đô thị,UBND các phường,Quý III/2026\n",
        encoding="utf-8",
    )
    tasks, report = parse_plan(p)
    roles = {c["title"]: c["role"] for c in report["tables"][0]["columns"]}
    assert roles["Đơn vị thực hiện › Chủ trì"] == "lead"
    assert roles["Đơn vị thực hiện › Phối hợp"] == "coord"
    assert roles["Đơn vị tính"] == "extra"
    t = leaves(tasks)[0]
    assert (t.lead_raw, t.coord_raw, t.due_date) == (
        "Phòng Quản lý đô thị",
        "UBND các phường",
        "2026-09-30",
    )


def test_word_list_labels_agree_with_libreoffice_on_real_plans(tmp_path):
    # the labels put back are the ones LibreOffice draws (its text export writes them):
    # Lâm Đồng's CCHC 2026 plan (sections "1." … "7.", duties "a)" …) and the Sở's training
    # plan (a TT column numbered by Word)
    import subprocess

    import docx
    from docx.text.paragraph import Paragraph

    from conftest import require_system_program
    from sheettools.docxnumbering import WordNumbering

    soffice = require_system_program("soffice", "libreoffice")
    plans = Path(__file__).parent / "data" / "plans"
    for name in ("ubnd-lamdong-2026-ke-hoach-cchc-nam-2026", "sct-laocai-2026-huan-luyen-vlncn"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
             "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path),
             str(plans / f"{name}.docx")],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        shown = {
            " ".join(line.split())
            for line in (tmp_path / f"{name}.txt").read_text(encoding="utf-8-sig").splitlines()
        }
        d = docx.Document(str(plans / f"{name}.docx"))
        numbering = WordNumbering(d)
        labelled = []
        paragraphs = []
        for item in d.iter_inner_content():
            if isinstance(item, Paragraph):
                paragraphs.append(item)
                continue
            for row in item.rows:
                cells = {id(c._tc): c for c in row.cells}.values()
                paragraphs += [p for c in cells for p in c.paragraphs]
        for p in paragraphs:
            label = numbering.label(p._p)
            if label:
                labelled.append(" ".join((label + p.text).split()))
        assert len(labelled) >= 9
        assert [x for x in labelled if x not in shown] == []


def test_list_number_formats():
    from sheettools.docxnumbering import format_number

    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40)] == [
        "I", "IV", "IX", "XIV", "XL",
    ]  # fmt: skip
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(3, "decimalZero") == "03" and format_number(3, "none") == ""


def test_html_list_numbers_drawn_by_the_browser_are_read(tmp_path):
    # a plan posted on a web site with <ol> lists: the numbers are drawn, not written
    page = """<html><body><p>KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2026</p>
    <p>IV. TỔ CHỨC THỰC HIỆN</p>
    <ol><li>Sở Nội vụ:<ul>
      <li>Chủ trì tổ chức cuộc thi tìm hiểu cải cách hành chính, hoàn thành trong quý III/2026.</li>
      <li>Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.</li></ul></li>
    <li>Sở Văn hóa, Thể thao và Du lịch:<ul>
      <li>Chỉ đạo tuyên truyền cải cách hành chính thường xuyên.</li></ul></li></ol>
    </body></html>"""
    p = tmp_path / "ke-hoach.html"
    p.write_text(page, encoding="utf-8")
    assert _leads_and_deadlines(p) == THE_TWO_BODIES_DUTIES


def test_a_task_table_laid_inside_a_frame_table_is_read(tmp_path):
    # a plan's table put inside a one-cell frame (a page pasted from a web site or another
    # document): python-docx gives the cell's paragraphs only
    import docx

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH công tác năm 2026")
    frame = d.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "Phụ lục: nhiệm vụ cụ thể"
    t = frame.add_table(rows=1, cols=4)
    for i, h in enumerate(["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"]):
        t.rows[0].cells[i].text = h
    for row in (
        ("1", "Rà soát thủ tục hành chính", "Phòng Tư pháp", "Tháng 3/2026"),
        ("2", "Số hóa hồ sơ", "Văn phòng HĐND và UBND", "Quý II/2026"),
    ):
        for cell, value in zip(t.add_row().cells, row, strict=True):
            cell.text = value
    p = tmp_path / "ke-hoach.docx"
    d.save(str(p))
    tasks, report = parse_plan(p)
    assert [(t.key, t.lead_raw, t.due_date) for t in tasks] == [
        ("1", "Phòng Tư pháp", "2026-03-31"),
        ("2", "Văn phòng HĐND và UBND", "2026-06-30"),
    ]
    assert [b["block"] for b in report["ignored_blocks"]] == ["bảng 1"]
