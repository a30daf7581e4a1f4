"""An office's letterhead: its own, or Decree 30's placeholders — never the sample office's.

Before, every new master carried the sample's "ỦY BAN MTTQ VIỆT NAM / QUẬN LONG BIÊN", so a
provincial People's Committee that imported its plan sent its units workbooks, and signed
reports, under the Long Biên Fatherland Front's name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from sheettools.cli import cli
from sheettools.docinfo import load_office, setting
from sheettools.errors import InputError
from sheettools.planimport import import_plan, suggest_units
from sheettools.split import split_workbooks
from sheettools.store import load_master

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "tests" / "data" / "plans" / "ubnd-lamdong-2026-ke-hoach-cchc-nam-2026.docx"
NOW = dt.datetime(2026, 3, 1, 9, 0)


def _cover_text(path: Path) -> str:
    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_index(0).to_python()
    return " ".join(str(c) for row in rows for c in row if c)


def test_a_new_office_gets_placeholders_not_the_samples_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no office templates of the repository
    master = tmp_path / "master.xlsx"
    suggest_units(PLAN, tmp_path / "units.xlsx")
    import_plan(PLAN, master, units=tmp_path / "units.xlsx", now=NOW)
    m = load_master(master)
    assert setting(m, "doc_issuing_body") == "TÊN CƠ QUAN, TỔ CHỨC"
    out = split_workbooks(master, "2026-Q2", tmp_path / "out", now=NOW)
    text = _cover_text(tmp_path / "out" / out["files"][0]["file"])
    assert "TÊN CƠ QUAN, TỔ CHỨC" in text
    assert "LONG BIÊN" not in text.upper() and "MTTQ" not in text


def test_the_office_file_gives_every_letterhead_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    office = tmp_path / "co-quan.toml"
    office.write_text(
        'doc_governing_body = "UBND TỈNH LÀO CAI"\n'
        'doc_issuing_body = "SỞ CÔNG THƯƠNG"\n'
        'doc_office_name = "Văn phòng Sở Công Thương"\n',
        encoding="utf-8",
    )
    master = tmp_path / "master.xlsx"
    suggest_units(PLAN, tmp_path / "units.xlsx")
    args = ["--units", str(tmp_path / "units.xlsx"), "--office", str(office), "-o", str(master)]
    res = CliRunner().invoke(
        cli, ["plan", "import", str(PLAN), *args], env={"SHEETTOOLS_LANG": "vi"}
    )
    assert res.exit_code == 0, res.output
    m = load_master(master)
    assert setting(m, "doc_governing_body") == "UBND TỈNH LÀO CAI"
    assert setting(m, "doc_office_name") == "Văn phòng Sở Công Thương"
    out = split_workbooks(master, "2026-Q2", tmp_path / "out", now=NOW)
    text = _cover_text(tmp_path / "out" / out["files"][0]["file"])
    assert "UBND TỈNH LÀO CAI" in text and "SỞ CÔNG THƯƠNG" in text
    assert "Văn phòng Sở Công Thương" in text  # the contact line


def test_an_office_file_with_a_wrong_key_is_one_clear_line(tmp_path):
    office = tmp_path / "co-quan.toml"
    office.write_text('doc_issuing_body = "SỞ CÔNG THƯƠNG"\nten_co_quan = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_office(office)
    line = info.value.one_line()
    assert "ten_co_quan" in line and "doc_issuing_body" in line
    res = CliRunner().invoke(
        cli, ["plan", "import", str(PLAN), "--office", str(office), "-o", str(tmp_path / "m.xlsx")],
        env={"SHEETTOOLS_LANG": "vi"},
    )  # fmt: skip
    assert res.exit_code != 0 and "Traceback" not in res.output
    assert "ten_co_quan" in res.output and not (tmp_path / "m.xlsx").exists()


# --- changing the letterhead of a master in use (web page's form, `plan office`) -------------

AN_BINH = {"doc_governing_body": "-", "doc_issuing_body": "ỦY BAN NHÂN DÂN XÃ AN BÌNH"}


def test_the_letterhead_is_changed_once_and_logged(seed_master):
    from sheettools.desk import set_office
    from sheettools.store import sha256_file

    out = set_office(seed_master, AN_BINH, now=NOW)
    assert out["changed"] == ["doc_governing_body", "doc_issuing_body"]
    m = load_master(seed_master)
    assert setting(m, "doc_governing_body") == "" and m.settings["doc_governing_body"] == "-"
    assert setting(m, "doc_issuing_body") == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert m.log[-1].command == "plan office"
    # the same values again: nothing changes, the file is not rewritten
    before = sha256_file(seed_master)
    assert set_office(seed_master, AN_BINH, now=NOW)["changed"] == []
    assert sha256_file(seed_master) == before
    # an empty value goes back to the default (here Decree 30's placeholder)
    rows = set_office(seed_master, {"doc_issuing_body": ""}, now=NOW)["letterhead"]
    issuing = next(r for r in rows if r["key"] == "doc_issuing_body")
    assert issuing["shown"] == "TÊN CƠ QUAN, TỔ CHỨC" and issuing["placeholder"]


def test_a_wrong_key_or_date_changes_nothing(seed_master):
    from sheettools.desk import set_office
    from sheettools.store import sha256_file

    before = sha256_file(seed_master)
    with pytest.raises(InputError, match="doc_issuer"):
        set_office(seed_master, {"doc_issuer": "X", **AN_BINH}, now=NOW)
    with pytest.raises(InputError, match="32/13/2026"):
        set_office(seed_master, {"doc_date": "32/13/2026", **AN_BINH}, now=NOW)
    assert sha256_file(seed_master) == before


def test_without_a_governing_body_the_office_heads_every_document(seed_master, tmp_path):
    """Decree 30: an office with no governing body puts its own name on the first line, with
    no empty line above it, in the Word report and the consolidated workbook."""
    import docx

    from sheettools.desk import set_office
    from sheettools.report import write_report
    from sheettools.summary import write_summary

    set_office(seed_master, AN_BINH, now=NOW)
    day = dt.date(2023, 6, 30)
    write_report(seed_master, "2023-Q2", tmp_path / "b.docx", as_of=day, lang="vi")
    left = docx.Document(str(tmp_path / "b.docx")).tables[0].cell(0, 0)
    texts = [p.text for p in left.paragraphs]
    assert texts[0] == "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    assert left.paragraphs[0].runs[0].bold
    write_summary(seed_master, "2023-Q2", tmp_path / "t.xlsx", as_of=day, lang="vi")
    rows = CalamineWorkbook.from_path(str(tmp_path / "t.xlsx")).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "ỦY BAN NHÂN DÂN XÃ AN BÌNH" and rows[1][0] == ""
    # with one, it stays above the office's name
    set_office(seed_master, {"doc_governing_body": "HUYỆN ỦY AN PHÚ"}, now=NOW)
    write_report(seed_master, "2023-Q2", tmp_path / "c.docx", as_of=day, lang="vi")
    left = docx.Document(str(tmp_path / "c.docx")).tables[0].cell(0, 0)
    assert [p.text for p in left.paragraphs][:2] == [
        "HUYỆN ỦY AN PHÚ",
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
    ]


def test_plan_office_shows_and_sets_the_letterhead(seed_master):
    run = CliRunner()
    env = {"SHEETTOOLS_LANG": "vi"}
    res = run.invoke(cli, ["plan", "office", str(seed_master), "--set", "doc_governing_body=-",
                           "--set", "doc_place=An Bình"], env=env)  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Cơ quan, tổ chức chủ quản (doc_governing_body): (bỏ dòng này)" in res.output
    assert "Địa danh (doc_place): An Bình" in res.output
    res = run.invoke(cli, ["plan", "office", str(seed_master), "--set", "doc_place"], env=env)
    assert res.exit_code != 0 and "Thiếu dấu = trong --set" in res.output
    assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1
    assert setting(load_master(seed_master), "doc_place") == "An Bình"


def test_an_office_that_is_the_plans_issuer_is_named_as_the_plan_names_it(tmp_path, monkeypatch):
    """Hà Tĩnh's People's Committee types its name as its letterhead (capitals): the report's
    text names it as the plan's citation does, not as the default "Cơ quan thường trực"; an
    office that is not the issuer, or that typed its own name for the text, keeps its own."""
    from sheettools.docinfo import set_letterhead

    monkeypatch.chdir(tmp_path)
    plan = ROOT / "tests" / "data" / "plans" / "ubnd-hatinh-624-kh-2025-giao-duc-mam-non.md"
    master = tmp_path / "master.xlsx"
    suggest_units(plan, tmp_path / "units.xlsx")
    import_plan(plan, master, units=tmp_path / "units.xlsx", now=NOW)
    m = load_master(master)
    assert setting(m, "doc_office_name") == "Cơ quan thường trực"
    set_letterhead(m, {"doc_issuing_body": "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"})
    assert setting(m, "doc_office_name") == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    set_letterhead(m, {"doc_office_name": "Văn phòng UBND tỉnh"})
    assert setting(m, "doc_office_name") == "Văn phòng UBND tỉnh"
    set_letterhead(m, {"doc_office_name": "", "doc_issuing_body": "SỞ GIÁO DỤC VÀ ĐÀO TẠO"})
    assert setting(m, "doc_office_name") == "Cơ quan thường trực"
