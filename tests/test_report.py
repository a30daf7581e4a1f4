"""sheettools.report: the quarterly report (.docx) rendered from the office's Word template,
read back with python-docx. Figures are those of test_periodstatus.py's hand-worked small master."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document

from conftest import sample_office
from sheettools import store
from sheettools.errors import FileError, TemplateError
from sheettools.report import write_report
from sheettools.templates import PACKAGE_DIR
from test_periodstatus import small_master

AS_OF = dt.date(2023, 7, 20)


def _text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts).replace("\u00a0", " ")  # (runs of spaces kept as no-break spaces)


def _tables(path):
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


@pytest.fixture()
def master_path(tmp_path):
    m = small_master()
    m.settings.update(sample_office())
    m.settings.update({"plan_number": "160-KH/QU", "plan_date": "11/01/2023",
                       "plan_issuer": "Ban Thường vụ Quận ủy Long Biên",
                       "doc_signer_name": "Nguyễn Văn A"})  # fmt: skip
    p = tmp_path / "master.xlsx"
    store.save_master(m, p)
    return p


def test_report_holds_the_sections_with_the_figures(master_path, tmp_path):
    out = tmp_path / "BAOCAO.docx"
    res = write_report(master_path, "2023-Q2", out, as_of=AS_OF, lang="vi")
    assert res["output"] == str(out) and res["tasks"] == 6 and res["done"] == 2
    text = _text(out)
    # Decree 30 header, title, the plan cited by number and date
    for line in ("ỦY BAN MTTQ VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số:      /BC-MTTQ",
                 "Long Biên, ngày 20 tháng 7 năm 2023", "BÁO CÁO"):  # fmt: skip
        assert line in text, line
    assert "Thực hiện Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy" in text
    # overall figures and buckets
    assert "Kế hoạch có 6 nhiệm vụ" in text and "đã hoàn thành 2 nhiệm vụ (33%)" in text
    assert "1 nhiệm vụ quá hạn" in text
    assert "Có 4 đơn vị phải gửi báo cáo: 2 đơn vị gửi đúng hạn, 1 gửi muộn, 1 chưa gửi" in text
    # results by section, with the notable results units reported
    assert "Phần I: 3 nhiệm vụ, hoàn thành 2 (67%), quá hạn 0." in text
    assert "- 1.1. =1+1 nội dung (Phòng VHTT): =1+1" in text
    # the overdue table: task, lead units, due date, days overdue, reason
    overdue = next(t for t in _tables(out) if t[0][0] == "TT")
    assert overdue[1] == ["II.1.1", "Hai đợt", "+SUM(A1)", "30/04/2023", "61", "Chưa nêu lý do"]
    # units that did not report or reported late; difficulties grouped; the closing
    assert "- Chưa gửi báo cáo: +SUM(A1)." in text
    assert "- Gửi báo cáo muộn: Hội LHPN (1 ngày)." in text
    assert "- @cmd (Phòng VHTT; 1 lượt nêu)" in text
    assert "Nơi nhận:" in text and "- Lưu: VT." in text and "Nguyễn Văn A" in text
    assert "{{" not in text and "{%" not in text


def test_unit_text_is_never_template_syntax(master_path, tmp_path):
    m = store.load_master(master_path)
    m.reports[1].result = "{{ 7*7 }} {% if 1 %}x{% endif %} <b>&amp; </w:t>"  # A's I.1.1
    m.reports[2].difficulties = "{{ doc.signer_name }}"
    store.save_master(m, master_path)
    out = tmp_path / "BAOCAO.docx"
    write_report(master_path, "2023-Q2", out, as_of=AS_OF)
    text = _text(out)
    assert "(Phòng VHTT): {{ 7*7 }} {% if 1 %}x{% endif %} <b>&amp; </w:t>" in text
    assert "- {{ doc.signer_name }} (Phòng VHTT" in text
    assert "49" not in text.split("(Phòng VHTT):")[1][:12]


def test_a_change_to_the_template_shows_in_the_output(master_path, tmp_path):
    tpl = tmp_path / "mau.docx"
    shutil.copy(PACKAGE_DIR / "bao_cao_quy.docx", tpl)
    doc = Document(str(tpl))
    p = next(p for p in doc.paragraphs if p.text == "I. KẾT QUẢ THỰC HIỆN")
    p.runs[0].text = "I. KẾT QUẢ ĐẠT ĐƯỢC TRONG QUÝ"
    doc.add_paragraph("Số nhiệm vụ quá hạn: {{ overdue|length }}.")
    doc.save(str(tpl))
    out = tmp_path / "BAOCAO.docx"
    res = write_report(master_path, "2023-Q2", out, as_of=AS_OF, template=tpl)
    assert res["template"] == str(tpl)
    text = _text(out)
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC TRONG QUÝ" in text and "I. KẾT QUẢ THỰC HIỆN" not in text
    assert "Số nhiệm vụ quá hạn: 1." in text
    # the office's copy in workbook_templates/ is found without --template
    tdir = tmp_path / "wt"
    tdir.mkdir()
    shutil.copy(tpl, tdir / "bao_cao_quy.docx")
    out2 = tmp_path / "B2.docx"
    write_report(master_path, "2023-Q2", out2, as_of=AS_OF, templates_dir=tdir)
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC TRONG QUÝ" in _text(out2)


def test_broken_template_tag_is_one_clear_error(master_path, tmp_path):
    tpl = tmp_path / "bad.docx"
    doc = Document()
    doc.add_paragraph("{{ doc.title ")
    doc.save(str(tpl))
    with pytest.raises(TemplateError) as exc:
        write_report(master_path, "2023-Q2", tmp_path / "x.docx", as_of=AS_OF, template=tpl)
    assert str(tpl) in exc.value.location and "\n" not in exc.value.one_line()
    assert not (tmp_path / "x.docx").exists()


def test_english_and_refusals(master_path, tmp_path):
    out = tmp_path / "REPORT.docx"
    write_report(master_path, "2023-Q2", out, as_of=AS_OF, lang="en")
    text = _text(out)
    assert "SOCIALIST REPUBLIC OF VIETNAM" in text and "REPORT" in text
    assert "The plan has 6 tasks." in text and "I. RESULTS" in text
    assert "Long Biên, 20 July 2023" in text
    with pytest.raises(FileError):
        write_report(master_path, "2023-Q2", out, as_of=AS_OF)  # exists, no --force
    with pytest.raises(FileError):
        write_report(master_path, "2023-Q2", tmp_path / "r.pdf", as_of=AS_OF)


def test_cli_report(master_path, tmp_path, capsys):
    from sheettools.cli import main

    out = tmp_path / "BAOCAO.docx"
    with pytest.raises(SystemExit) as exc:
        main(["report", str(master_path), "--period", "2023-Q2", "--output", str(out),
              "--as-of", "2023-07-20"])  # fmt: skip
    assert exc.value.code in (0, None)
    assert str(out) in capsys.readouterr().out
    assert "BÁO CÁO" in _text(out)
    with pytest.raises(SystemExit) as exc:
        main(["report", str(master_path), "-p", "2023-Q2", "-o", str(out)])
    assert exc.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err


def test_header_defaults_follow_the_master_never_a_guessed_body(tmp_path):
    """No issuer known: the plan is cited by its year, no district body is invented; a ward's
    master (plan derive) gets the ward's header, place and recipients."""
    m = small_master()
    m.plan.year = 2023
    p = tmp_path / "m.xlsx"
    store.save_master(m, p)
    write_report(p, "2023-Q2", tmp_path / "a.docx", as_of=AS_OF, lang="vi")
    text = _text(tmp_path / "a.docx")
    # no letterhead given: Decree 30's placeholders, never the sample office's name
    assert "Thực hiện Kế hoạch năm 2023; Cơ quan thường trực báo cáo" in text
    assert "TÊN CƠ QUAN, TỔ CHỨC" in text and "MTTQ" not in text and "Long Biên" not in text
    assert "Quận ủy;" not in text and "của Ban Thường vụ" not in text
    m.settings["district_unit_name"] = "UBND phường Long Biên"
    store.save_master(m, p)
    write_report(p, "2023-Q2", tmp_path / "b.docx", as_of=AS_OF, lang="vi")
    text = _text(tmp_path / "b.docx")
    assert "PHƯỜNG LONG BIÊN" in text and "QUẬN LONG BIÊN" not in text
    assert "Long Biên, ngày 20 tháng 7 năm 2023" in text
    assert "Ban Thường trực Ủy ban MTTQ Việt Nam phường Long Biên báo cáo" in text
    assert "- Thường trực Đảng ủy phường (để báo cáo);" in text
    m.settings["doc_issuing_body"] = "PHƯỜNG X"  # the office's own value always wins
    store.save_master(m, p)
    write_report(p, "2023-Q2", tmp_path / "c.docx", as_of=AS_OF, lang="vi")
    assert "PHƯỜNG X" in _text(tmp_path / "c.docx")


def test_rolled_up_difficulties_are_grouped_with_the_same_text(master_path, tmp_path):
    """A ward's rolled-up text (one "[Body] text" line per body) counts as each body's
    difficulty, grouped with the same difficulty other units wrote, the body's bracket
    dropped; a reason is joined without ".;"."""
    from sheettools.periodstatus import analyze
    from sheettools.quarter import difficulty_items, quarter_facts

    assert difficulty_items("[Hội LHPN phường] Thiếu kinh phí.\n[Đoàn TN] Chờ hướng dẫn\ncủa cấp trên.") == [
        "Thiếu kinh phí.", "Chờ hướng dẫn\ncủa cấp trên."]  # fmt: skip
    assert difficulty_items("Thiếu kinh phí.\n[Đoàn TN] x") == ["Thiếu kinh phí.\n[Đoàn TN] x"]
    assert difficulty_items("  ") == []
    m = store.load_master(master_path)
    m.reports[2].difficulties = "[Hội LHPN phường] Thiếu kinh phí.\n[Đoàn TN phường] Chờ hướng dẫn."
    m.reports[4].difficulties = "Thiếu kinh phí"  # B on I.1.1
    m.reports[6].difficulties = "Thiếu kinh phí.\nCần thêm người."  # B on I.1.2 (not rolled up)
    store.save_master(m, master_path)
    q = quarter_facts(analyze(store.load_master(master_path), "2023-Q2", AS_OF), "vi")
    groups = {g["text"].rstrip("."): (sorted(g["units"]), g["tasks"]) for g in q.difficulties}
    assert groups["Thiếu kinh phí"] == (["Hội LHPN", "Phòng VHTT"], 2)  # (B's, A's rolled up)
    assert groups["Chờ hướng dẫn"] == (["Phòng VHTT"], 1)
    assert groups["Thiếu kinh phí.\nCần thêm người"][1] == 1
    assert len(groups) == 3
    reasons = {d.state.task.key: d.reason for d in q.digests}
    assert reasons["I.1.3"] == "Thiếu kinh phí; Chờ hướng dẫn"
    out = tmp_path / "BAOCAO.docx"
    write_report(master_path, "2023-Q2", out, as_of=AS_OF)
    text = _text(out)
    assert "- Thiếu kinh phí (Hội LHPN, Phòng VHTT; 2 lượt nêu)" in text
    assert "[Hội LHPN phường]" not in text


def test_task_text_drops_the_plan_cells_bullet(master_path, tmp_path):
    from sheettools.quarter import task_text

    assert task_text("+ Tổ chức chiến dịch", 50) == "Tổ chức chiến dịch"
    assert task_text("- 1.000 hộ", 50) == "1.000 hộ"
    assert task_text("-5% hộ nghèo", 50) == "-5% hộ nghèo"  # (only a bullet, never the text)
    m = store.load_master(master_path)
    m.task("II.1.1").content = "+ Hai đợt"
    store.save_master(m, master_path)
    out = tmp_path / "BAOCAO.docx"
    write_report(master_path, "2023-Q2", out, as_of=AS_OF)
    overdue = next(t for t in _tables(out) if t[0][0] == "TT")
    assert overdue[1][:2] == ["II.1.1", "Hai đợt"]


def test_a_unit_name_with_brackets_is_not_bracketed_twice(master_path, tmp_path):
    # the sample registry's "Quận Đoàn (Đoàn TNCS Hồ Chí Minh quận)" (scripts/
    # make_sample_units.py): the report writes the unit in brackets after a result and after
    # a difficulty; its own brackets become a dash there
    m = store.load_master(master_path)
    unit = next(u for u in m.units if u.code == "A")
    unit.name = "Quận Đoàn (Đoàn TNCS Hồ Chí Minh quận)"
    store.save_master(m, master_path)
    out = tmp_path / "BAOCAO.docx"
    write_report(master_path, "2023-Q2", out, as_of=AS_OF, lang="vi")
    text = _text(out)
    assert "- 1.1. =1+1 nội dung (Quận Đoàn – Đoàn TNCS Hồ Chí Minh quận): =1+1" in text
    assert "- @cmd (Quận Đoàn – Đoàn TNCS Hồ Chí Minh quận; 1 lượt nêu)" in text
    assert "((" not in text and "quận))" not in text
