"""Plan import: the seed's schedule table, every kind of table dirt, other source formats."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest

from sheettools.planimport import clean_cell, is_header, parse_plan
from sheettools.store import load_master

DATA = Path(__file__).parent / "data"
TEXT_FIELDS = ("number", "content", "leader", "lead_raw", "coord_raw", "start_raw", "due_raw")


def by_key(tasks):
    return {t.key: t for t in tasks}


# --- the seed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_path):
    return parse_plan(seed_path)


def test_seed_section_counts(seed):
    tasks, report = seed
    count = Counter((t.section, t.kind) for t in tasks)
    assert count[("I", "task")] == 32  # 5 + 27, as its headings say
    assert count[("III", "task")] == 8
    assert count[("V", "task")] == 3
    assert "IV" not in {t.section for t in tasks}
    assert len({t.number for t in tasks if t.section == "II" and t.kind == "task"}) == 108
    assert report["sections"]["II"]["distinct_numbers"] == 108
    assert report["year"] == 2023
    assert report["title"].startswith("BIỂU TIẾN ĐỘ")


def test_seed_stated_counts_compared(seed):
    tasks, report = seed
    diffs = {d["key"]: (d["stated"], d["found"]) for d in report["count_differences"]}
    # 3.1.29 printed twice and 37 numbers under "(36 nội dung)": the plan's own arithmetic is off
    assert diffs == {"II.3": (58, 59), "II.3.1": (56, 57), "II.3.1.*2": (36, 38)}
    ok = {c["key"] for c in report["counts"] if c["ok"]}
    assert {
        "I.1",
        "I.2",
        "I.2.1",
        "II.1",
        "II.2",
        "II.2.1",
        "II.2.1.*2",
        "II.2.1.*3",
        "III",
        "V",
    } <= ok
    assert "count_mismatch: stated 58, found 59" in by_key(tasks)["II.3"].flags


def test_seed_keys_include_section_and_numbering_restarts(seed):
    t = by_key(seed[0])
    assert t["I.1.1"].content.startswith("Duy trì 6 phường")
    assert t["II.1.1"].content.startswith("Xây dựng cuốn Kỷ yếu")
    assert t["III.4"].lead_raw == "UB MTTQ quận"
    assert t["V.2"].section == "V" and t["V.2"].number == "2"
    assert t["II.2.1.5"].due_raw == "Quý III/2023"


def test_seed_duplicate_number_gets_suffix_and_warning(seed):
    tasks, report = seed
    t = by_key(tasks)
    assert t["II.3.1.29"].content.startswith("Triển khai mô hình “Lớp học tương lai”")
    assert t["II.3.1.29-2"].content.startswith("Tổ chức Festival Tiếng Anh")
    assert "duplicate_number" in t["II.3.1.29-2"].flags
    assert any("II.3.1.29-2" in w for w in report["warnings"])


def test_seed_multipart_task_subitems(seed):
    t = by_key(seed[0])
    parent = t["II.3.1.15"]
    assert parent.kind == "task" and parent.due_raw == "Năm 2023"
    assert parent.content.startswith("Nâng cao") and "Tuyên truyền, hướng dẫn" not in parent.content
    a, b, c = t["II.3.1.15.a"], t["II.3.1.15.b"], t["II.3.1.15.c"]
    assert {x.kind for x in (a, b, c)} == {"subitem"} and {x.parent for x in (a, b, c)} == {
        "II.3.1.15"
    }
    assert (
        a.content.startswith("Tuyên truyền, hướng dẫn nhân dân trồng")
        and a.lead_raw == "Phòng Y tế"
    )
    assert a.due_date == "2023-09-30"
    assert (
        b.content.startswith("13/14 TYT")
        and b.lead_raw == "TTYT quận, TYT phường"
        and b.due_date == "2023-07-31"
    )
    assert c.lead_raw.startswith("Hội Đông Y quận") and c.milestones == ["2023-04-30", "2023-10-31"]
    assert "II.3.1.15-2" not in t


def test_seed_groups_and_star_headings(seed):
    t = by_key(seed[0])
    assert t["I"].kind == "group" and t["I.2.1"].kind == "group" and t["I.2.1"].parent == "I.2"
    assert t["II.2.1.*2"].number == "*" and t["II.2.1.*2"].kind == "group"
    assert t["II.2.1.1"].parent == "II.2.1.*2" and t["II.2.1.17"].parent == "II.2.1.*3"
    # 2.1.33 heads items numbered 2.2.x: placed by its items, beside 2.1
    assert t["II.2.1.33"].kind == "group" and t["II.2.1.33"].parent == "II.2"
    assert t["II.2.2.1"].parent == "II.2.1.33"
    assert t["II.3.1.1"].parent == "II.3.1.*1"


def test_seed_continuations_across_pages(seed):
    t = by_key(seed[0])
    assert t["I.1.4"].content.endswith("và duy trì 65 tổ dân phố đã được công nhận.")
    assert t["II.1.12"].start_raw == "Thường xuyên" and t["II.1.12"].recurring
    assert t["II.1.12"].leader == "Đ/c Đinh Thị Thu Hương-UVTVPCT UBND quận"
    assert t["II.3.1.48"].start_raw == "Cuối tháng 10/2023"
    assert t["II.3.1.48"].due_raw == "Dịp tổ chức các sự kiện của Quận"
    assert "no_deadline" in t["II.3.1.48"].flags
    assert t["II.1.7"].coord_raw.endswith("Đảng ủy, UBND phường")
    assert t["I.2.6.1"].due_raw == "Tháng 12/2023" and t["I.2.6.1"].due_date == "2023-12-31"


def test_seed_slid_cells_repaired(seed):
    t = by_key(seed[0])
    for key in ("I.2.4.2", "I.2.4.3", "I.2.5.1", "I.2.5.2", "I.2.6.1", "I.2.6.2", "I.2.6.5"):
        assert t[key].leader.endswith("PCT UBND quận"), key
        assert "slid_cells_repaired" in t[key].flags
        assert not t[key].lead_raw.startswith("PCT")
    assert t["I.2.4.2"].lead_raw == "TTYT quận, UBND 14 phường"
    assert t["I.2.4.2"].coord_raw == "Phòng Y tế, Ban đại diện Hội Người cao tuổi quận"
    assert (t["I.2.4.2"].start_raw, t["I.2.4.2"].due_raw) == ("Năm 2023", "Tháng 12/2023")
    assert t["I.2.6.1"].lead_raw == "Phòng Y tế, TTYT quận, UBND 14 phường"


def test_seed_html_remnants_removed(seed):
    t = by_key(seed[0])
    assert t["I.2.2"].content == "An sinh xã hội (03 chỉ tiêu)"
    assert all("<" not in getattr(x, f) for x in seed[0] for f in TEXT_FIELDS)


def test_seed_deadline_flags(seed):
    tasks, report = seed
    t = by_key(tasks)
    assert "before_plan_year" in t["II.1.11"].flags  # Tháng 7/2022
    assert t["II.2.1.25"].due_date == "2023-11-30"  # "Tháng 11": the plan's year
    assert t["II.3.1.56"].milestones == ["2023-05-19", "2023-09-05", "2023-10-10", "2023-11-06"]
    assert t["II.3.1.49"].due_date == "2023-06-30"
    assert "II.3.1.48" in report["no_deadline"]


def source_words(path: Path) -> Counter:
    words: Counter = Counter()
    started = False
    for line in path.read_text(encoding="utf-8").split("\n"):
        cells = line.split("\t")
        if is_header(cells):
            started = True
            continue
        if started:
            for c in cells:
                words.update(_words(clean_cell(c)))
    return words


def _words(text: str) -> list[str]:
    # list glyphs ("+", "-" alone or glued to a word: "-Nâng") are layout, not words
    out = [w.lstrip("+-•·*") for w in text.split()]
    return [w for w in out if w]


def test_nothing_lost_seed_words_all_in_master(seed_master, seed_path):
    """Every non-empty cell text of the source table ends up in the master (page headers aside)."""
    master = load_master(seed_master)
    got: Counter = Counter()
    for t in master.tasks:
        for f in TEXT_FIELDS:
            got.update(_words(getattr(t, f)))
    assert got == source_words(seed_path)


def test_seed_imports_with_zero_unresolved_units(seed_master):
    master = load_master(seed_master)
    unresolved = [
        (t.key, f) for t in master.tasks for f in t.flags if f.startswith("unresolved_unit")
    ]
    assert unresolved == []
    leaves = [t for t in master.tasks if t.kind != "group"]
    assert all(t.lead_units or not t.lead_raw for t in leaves)


# --- dirt, one small file each --------------------------------------------------------------


def test_continuation_rows_join_split_text():
    tasks, _ = parse_plan(DATA / "plan_continuation_across_page.txt")
    t = by_key(tasks)
    assert t["I.1.1"].content == "Duy trì 6 phường đạt chuẩn văn minh đô thị"
    assert t["I.1.1"].leader == "Đ/c Đinh Thị Thu Hương - PCT UBND quận"
    assert t["I.1.1"].coord_raw == "Phòng QLĐT, UBND phường"
    assert (t["I.1.1"].start_raw, t["I.1.1"].due_raw) == ("Cuối tháng 10/2023", "Tháng 12/2023")
    assert t["I.1.1"].start_date == "2023-10-01" and t["I.1.1"].due_date == "2023-12-31"
    assert t["I.1.1"].source_rows == [6, 9]
    assert t["I.1.2"].start_raw == "Thường xuyên" and t["I.1.2"].recurring


def test_sections_restart_numbering_and_duplicates():
    tasks, report = parse_plan(DATA / "plan_sections_and_duplicates.txt")
    t = by_key(tasks)
    assert {"I.1.1", "II.1.1", "II.1.2", "II.1.2-2", "V.1"} <= set(t)
    assert (
        t["II.1.2-2"].content == "Nhiệm vụ hai lặp số" and "duplicate_number" in t["II.1.2-2"].flags
    )
    assert "before_plan_year" in t["II.1.2-2"].flags
    assert t["II.1.2"].due_date == "2023-12-31"  # Quý IV without a year: the plan's year
    assert report["count_differences"] == []
    assert t["V.1"].recurring and "no_deadline" not in t["V.1"].flags


def test_slid_cells_moved_back():
    t = by_key(parse_plan(DATA / "plan_slid_cells.txt")[0])
    assert t["I.2.4.2"].leader == "Đ/c Đinh Thị Thu Hương-UVTV, PCT UBND quận"
    assert (t["I.2.4.2"].lead_raw, t["I.2.4.2"].coord_raw) == (
        "TTYT quận, UBND 14 phường",
        "Phòng Y tế",
    )
    assert (t["I.2.4.2"].start_raw, t["I.2.4.2"].due_raw) == ("Năm 2023", "Tháng 12/2023")
    assert t["I.2.6.2"].lead_raw == "UBND 14 phường, TTYT quận"
    assert t["I.2.6.2"].leader == "Đ/c Đinh Thị Thu Hương-UVTV, PCT UBND quận"


def test_html_and_nbsp_cleaned():
    t = by_key(parse_plan(DATA / "plan_html_nbsp.txt")[0])
    assert t["II.2.2"].content == "An sinh xã hội (01 chỉ tiêu)" and t["II.2.2"].stated_count == 1
    assert t["II.2.2.1"].content == "Tư vấn việc làm cho 6000 lượt"
    assert t["II.2.2.1"].lead_raw == "Phòng LĐTB-XH quận" and t["II.2.2.1"].coord_raw == "Khối Đội"
    assert t["II.2.2.1"].due_date == "2023-12-31"


def test_multipart_task_and_star_headings():
    tasks, report = parse_plan(DATA / "plan_multipart_task.txt")
    t = by_key(tasks)
    assert t["II.3.1.15"].content == "Nâng cao hiệu quả khám chữa bệnh"
    assert [t[k].content for k in ("II.3.1.15.a", "II.3.1.15.b", "II.3.1.15.c")] == [
        "Tuyên truyền trồng thuốc nam",
        "13/14 TYT phường triển khai KCB",
        "Tổ chức chiến dịch 02 lần/năm",
    ]
    assert t["II.3.1.15.a"].due_date == "2023-09-30" and t["II.3.1.15.b"].due_date == "2023-07-31"
    assert t["II.3.1.16"].parent == "II.3.*1"
    # "(02 nội dung)" = 3.1.15 and 3.1.16 (sub-items are parts, not items); the empty '*' counts as one
    counts = {c["key"]: (c["stated"], c["found"]) for c in report["counts"]}
    assert counts == {"II.3": (3, 3), "II.3.*1": (2, 2)}


def test_list_glyphs_do_not_lead_task_labels(seed):
    # the seed's "+ …" sub-items and "- …" cells: the glyph is layout; an overdue list, an
    # e-mail or the summary quoting the task must not start with it
    leaves = [t for t in seed[0] if t.kind != "group"]
    assert len([t for t in leaves if t.kind == "subitem"]) >= 3
    for t in leaves:
        assert not t.content.startswith(("+", "-", "•", "*", "·")), (t.key, t.content[:40])
    # a glyph inside the text (a list of several points) stays
    assert " - " in by_key(seed[0])["I.1.1"].content


def test_no_table_is_a_clear_error(tmp_path):
    from sheettools.errors import InputError

    p = tmp_path / "no_table.txt"
    p.write_text("Kế hoạch\nkhông có bảng\n", encoding="utf-8")
    with pytest.raises(InputError, match="bảng tiến độ|schedule table"):
        parse_plan(p)


# --- other sources give the same tasks ------------------------------------------------------


def _rows_for_export(tasks):
    """The schedule table as a person would keep it in Word/Excel: one row per task."""
    rows = []
    for t in tasks:
        # a sub-item's cell starts with its "+" in Word/Excel (the importer drops the glyph)
        content = f"+ {t.content}" if t.kind == "subitem" else t.content
        rows.append([t.number, content, t.leader, t.lead_raw, t.coord_raw, t.start_raw, t.due_raw])
    return rows


HEADER = ["TT", "Nội dung thực hiện", "Lãnh đạo phụ trách", "Đơn vị chủ trì", "Đơn vị phối hợp",
          "Thời gian thực hiện", "Thời gian hoàn thành"]  # fmt: skip


def _comparable(tasks):
    keep = ("key", "section", "number", "kind", "parent", "content", "leader", "lead_raw", "coord_raw",
            "start_raw", "due_raw", "due_date", "start_date", "milestones", "recurring", "stated_count")  # fmt: skip
    return [{k: getattr(t, k) for k in keep} for t in tasks]


def _write_docx(tasks, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("BIỂU TIẾN ĐỘ THỰC HIỆN CHỦ ĐỀ CÔNG TÁC NĂM 2023")
    table = document.add_table(rows=1, cols=7)
    for i, h in enumerate(HEADER):
        table.rows[0].cells[i].text = h
    last_numbered_cell = None
    for t, row in zip(tasks, _rows_for_export(tasks), strict=True):
        cells = table.add_row().cells
        if t.kind == "group":
            cells[0].text = row[0]
            merged = cells[1].merge(cells[6])  # a heading spans the row
            merged.text = row[1]
            continue
        cells[0].text = row[0]
        # multi-paragraph cells: a paragraph per "- " item
        parts = row[1].split(" - ")
        cells[1].text = parts[0]
        for p in parts[1:]:
            cells[1].add_paragraph("- " + p)
        for i in range(2, 7):
            cells[i].text = row[i]
        if t.kind == "subitem" and not row[0] and last_numbered_cell is not None:
            last_numbered_cell = last_numbered_cell.merge(cells[0])  # TT merged down the parts
        else:
            last_numbered_cell = cells[0]
    document.save(str(path))


def test_docx_xlsx_csv_give_the_same_tasks(seed, tmp_path):
    import xlsxwriter

    tasks = seed[0]
    expected = _comparable(tasks)
    docx_path = tmp_path / "plan.docx"
    _write_docx(tasks, docx_path)
    xlsx_path = tmp_path / "plan.xlsx"
    wb = xlsxwriter.Workbook(
        str(xlsx_path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    ws = wb.add_worksheet("Biểu tiến độ")
    ws.write_row(0, 0, ["BIỂU TIẾN ĐỘ THỰC HIỆN CHỦ ĐỀ CÔNG TÁC NĂM 2023"])
    ws.write_row(2, 0, HEADER)
    for r, row in enumerate(_rows_for_export(tasks), start=3):
        for c, v in enumerate(row):
            ws.write_string(r, c, v)
    wb.close()
    csv_path = tmp_path / "plan.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(_rows_for_export(tasks))
    for path in (docx_path, xlsx_path, csv_path):
        got, _ = parse_plan(path, year=2023)
        assert _comparable(got) == expected, path.suffix


def _windows_1258(text: str) -> bytes:
    """``text`` as Excel's "CSV (Comma delimited)" writes it on a Vietnamese Windows: the
    ANSI code page 1258, a letter it lacks written as its base letter and a combining tone
    mark (``ệ`` -> ``ê`` + U+0323), lines ended by CRLF."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            split = unicodedata.normalize("NFD", ch)
            base = "".join(c for c in split if c not in tones)
            out.append(unicodedata.normalize("NFC", base) + "".join(c for c in split if c in tones))
    return "".join(out).replace("\n", "\r\n").encode("cp1258")


def test_csv_saved_by_excel_on_a_vietnamese_windows_reads_like_utf8(seed, tmp_path):
    tasks = seed[0]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(_rows_for_export(tasks))
    ansi = _windows_1258(buf.getvalue())
    with pytest.raises(UnicodeDecodeError):
        ansi.decode("utf-8")
    path = tmp_path / "plan.csv"
    path.write_bytes(ansi)
    got, _ = parse_plan(path, year=2023)
    assert _comparable(got) == _comparable(tasks)
    assert any("ệ" in t.content for t in got)  # composed again (NFC), not e + marks


def test_text_in_another_ansi_language_is_still_refused(tmp_path):
    from sheettools.errors import InputError

    path = tmp_path / "plan.csv"
    path.write_bytes("TT;Tâche;Délai\n1;Préparer le café;31/01/2026\n".encode("cp1252"))
    with pytest.raises(InputError, match="UTF-8"):
        parse_plan(path, year=2026)


PLANS = Path(__file__).parent / "data" / "plans"


@pytest.mark.parametrize(
    "plan", ["sct-laocai-2026-huan-luyen-vlncn.docx", "stp-angiang-2026-theo-doi-vbqppl.xlsx"]
)
def test_a_plan_with_a_password_to_open_is_one_clear_line(tmp_path, plan):
    """Saved with "Encrypt with Password": before, the .xlsx said "cannot read the workbook
    (Workbook is password protected) … save it again with Excel" and the .docx "cannot read
    the workbook (Cannot detect file format)"."""
    from hostile_files import encrypt_ooxml
    from sheettools.errors import InputError

    src = PLANS / plan
    locked = encrypt_ooxml(src, tmp_path / src.name)
    with pytest.raises(InputError) as info:
        parse_plan(locked, year=2026)
    line = info.value.one_line()
    assert "mật khẩu" in line and "bảng tính" not in line and src.name in line


@pytest.mark.parametrize(("fmt", "what"), [("doc", r"\.doc"), ("rtf", "RTF"), ("odt", ".odt")])
def test_word_97_rtf_and_opendocument_plans_are_read_through_libreoffice(
    tmp_path, monkeypatch, fmt, what
):
    """A Sở's plan saved by LibreOffice as Word 97-2003 (offices still circulate .doc), as
    Word's "Rich Text Format", and as LibreOffice's or WPS's own .odt (the open standard public
    offices are asked to use) gives the .docx's tasks. Before, the RTF's control words were
    read as the plan's text ("no year"), the .odt as a broken workbook. Without LibreOffice on
    the computer: one clear line naming the format."""
    import shutil
    import subprocess

    from conftest import require_system_program
    from sheettools.errors import InputError

    soffice = require_system_program("soffice", "libreoffice")
    src = tmp_path / "ke-hoach.docx"
    shutil.copy(PLANS / "sct-laocai-2026-huan-luyen-vlncn.docx", src)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", fmt, "--outdir", str(tmp_path / fmt), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    other = tmp_path / fmt / f"ke-hoach.{fmt}"
    if fmt == "doc":
        assert other.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    want, _ = parse_plan(src)
    got, _ = parse_plan(other)
    assert len(got) == len(want) > 5
    assert [(t.key, t.content, t.lead_units, t.due_date) for t in got] == [
        (t.key, t.content, t.lead_units, t.due_date) for t in want
    ]
    monkeypatch.setenv("SHEETTOOLS_SOFFICE", str(tmp_path / "no-such-soffice"))
    with pytest.raises(InputError, match=what):
        parse_plan(other)


# --- CLI ------------------------------------------------------------------------------------


def run_cli(*args, env=None):
    from click.testing import CliRunner

    from sheettools.cli import cli

    return CliRunner().invoke(
        cli, list(args), env=env or {"SHEETTOOLS_LANG": "vi"}, catch_exceptions=False
    )


def test_cli_plan_import_prints_report_and_writes_master(tmp_path, seed_path, sample_units):
    out = tmp_path / "m.xlsx"
    res = run_cli(
        "plan",
        "import",
        str(seed_path),
        "--units",
        str(sample_units),
        "--output",
        str(out),
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    assert report["unresolved_units"] == [] and report["sections"]["I"]["tasks"] == 32
    again = run_cli("plan", "import", str(seed_path), "--output", str(out))
    assert again.exit_code != 0 and "--force" in again.output


def test_cli_tasks_json_has_exactly_the_contract_keys(seed_master):
    res = run_cli("tasks", str(seed_master), "--format", "json")
    rows = json.loads(res.output)
    assert set(rows[0]) == {"key", "section", "number", "parent", "content", "leader", "lead_units",
                            "coordinating_units", "start_raw", "due_raw", "due_date", "milestones",
                            "recurring", "flags"}  # fmt: skip
    assert all(r["key"] != "II" for r in rows)  # groups are not tasks
    units = json.loads(run_cli("units", "list", str(seed_master), "--format", "json").output)
    assert set(units[0]) == {"code", "name", "level", "groups", "aliases", "email"}
    code = next(r for r in rows if r["key"] == "I.1.1")["lead_units"][0]
    mine = json.loads(run_cli("tasks", str(seed_master), "--unit", code, "--format", "json").output)
    assert mine and all(code in r["lead_units"] + r["coordinating_units"] for r in mine)


def test_cli_missing_file_is_one_clear_line(tmp_path):
    import subprocess
    import sys

    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "sheettools",
            "plan",
            "import",
            str(tmp_path / "nope.txt"),
            "-o",
            str(tmp_path / "m.xlsx"),
        ],
        capture_output=True,
        text=True,
        env={"SHEETTOOLS_LANG": "en", "PATH": "/usr/bin:/bin"},
    )
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert (
        res.stderr.strip().count("\n") == 0
        and "nope.txt" in res.stderr
        and "not found" in res.stderr
    )
