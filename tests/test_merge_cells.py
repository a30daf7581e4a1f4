"""Values read by meaning: progress by the cell's number format, and cells whose value alone
would mislead (errors, formulas without a value, volatile formulas, merged input cells) are
flagged per cell and shown to the office, never taken as typed."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.normalize import error_value
from test_merge import REPORT_SHEET, fill, keys_of, latest, make_env, merge, rewrite, unit_file

COL = {"status": "G", "progress": "H", "result": "I", "completion_date": "J", "difficulties": "K"}


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def edit(path, fn):
    wb = openpyxl.load_workbook(path)
    ws = wb[REPORT_SHEET]
    rows = {r[0].value: r[0].row for r in ws.iter_rows() if r[0].value}
    fn(ws, rows)
    wb.save(path)
    return path


def patch_xml(path, old: bytes, new: bytes):
    """Change the workbook's XML itself (what openpyxl cannot write: a formula's cached value)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    hits = [n for n, d in parts.items() if old in d]
    assert len(hits) == 1, hits
    parts[hits[0]] = parts[hits[0]].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def test_progress_is_read_by_the_cells_number_format(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")
    f = rewrite(
        unit_file(tmp, "VHTT", returns),
        fill({k[0]: {"progress": 0.5}, k[1]: {"progress": 1}, k[2]: {"progress": 1},
              k[3]: {"progress": 1.1}, k[4]: {"progress": 0.75}}),
    )  # fmt: skip

    def formats(ws, rows):
        for key in (k[0], k[1], k[3]):
            ws[f"H{rows[key]}"].number_format = "0%"

    edit(f, formats)
    res = merge(master, f)
    got = latest(master, "VHTT")
    p = {key: (got[(key, "VHTT")]["progress"], got[(key, "VHTT")]["flags"]) for key in k[:5]}
    assert p[k[0]] == (50, [])  # a percent-formatted 0.5 is 50 %
    assert p[k[1]] == (100, [])  # a percent-formatted 1 is 100 %
    assert p[k[2]] == (1, [])  # an unformatted 1 is 1 %
    assert p[k[3]] == (None, ["progress_invalid: 110%"])  # 110 % is flagged, never rescaled
    assert p[k[4]] == (None, ["progress_ambiguous: 0.75"])  # 0.75 %, or 75 %? never guessed
    assert res["files"][0]["rows_flagged"] == 2


def test_error_formula_and_merged_cells_are_flagged_per_cell(env):
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")

    def cells(ws, rows):
        ws[f"H{rows[k[0]]}"] = "#DIV/0!"
        ws[f"H{rows[k[0]]}"].data_type = "e"
        ws[f"G{rows[k[0]]}"] = "Đang thực hiện"
        ws[f"I{rows[k[1]]}"] = "=A1&B1"  # a formula never calculated: no cached value
        ws[f"J{rows[k[2]]}"] = "=TODAY()"
        ws[f"G{rows[k[3]]}"] = "Hoàn thành"
        ws.merge_cells(f"G{rows[k[3]]}:H{rows[k[3]]}")  # status and progress merged

    f = edit(unit_file(tmp, "QLDT", returns), cells)
    # the volatile formula's cached value, as Excel saves it (13/6/2023)
    patch_xml(f, b"<f>TODAY()</f><v></v>", b"<f>TODAY()</f><v>45090</v>")
    res = merge(master, f)
    assert res["files"][0]["rows_flagged"] == 4
    got = latest(master, "QLDT")
    r0, r1, r2, r3 = (got[(key, "QLDT")] for key in k[:4])
    assert r0["status"] == "Đang thực hiện" and r0["progress"] is None
    assert r0["flags"] == ["error_value: #DIV/0!"]
    assert r1["result"] == "" and r1["flags"] == ["formula_no_value: result"]
    assert r2["completion_date"] == "2023-06-13"  # the cached value, flagged
    assert r2["flags"] == ["volatile_formula: completion_date =TODAY()"]
    assert r3["status"] == "Hoàn thành" and r3["flags"][0].startswith("merged_cell: G")
    # shown to the office: status lists them with what they mean
    r = CliRunner().invoke(cli, ["status", str(master), "-p", "2023-Q2", "--as-of", "2023-06-20"])
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "#DIV/0!" in text and "TODAY()" in text


def test_an_error_cell_in_a_later_return_keeps_the_answer_and_is_shown(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    merge(master, rewrite(unit_file(tmp, "VHTT", returns, "a.xlsx"), fill({k: {"progress": 40}})))

    def err(ws, rows):
        ws[f"H{rows[k]}"] = "#REF!"
        ws[f"H{rows[k]}"].data_type = "e"

    b = edit(unit_file(tmp, "VHTT", returns, "b.xlsx"), err)
    res = merge(master, b)
    assert res["files"][0]["status"] == "merged" and res["files"][0]["rows_flagged"] == 1
    r = latest(master, "VHTT")[(k, "VHTT")]
    assert (r["progress"], r["version"], r["flags"]) == (40, 2, ["error_value: #REF!"])


def test_error_texts_some_readers_give():
    for e in ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "Err:502", " #NUM! "]:
        assert error_value(e) == e.strip(), e
    for s in ["#1 ưu tiên", "Error", "Err:", "#", "", "Hoàn thành"]:
        assert error_value(s) is None, s


def test_the_marker_search_finds_what_a_plain_search_finds():
    """``cellinfo._has`` (jumps between a rare byte) answers ``needle in xml`` from the cells
    (``<sheetData``) on exactly: before and after the jumps give up, in parts full of that
    byte, at the part's edges."""
    import random

    from sheettools.cellinfo import _has

    rnd = random.Random(10)
    cell = b'<c r="H5" s="3" t="e"><v>#DIV/0!</v></c>'
    formula = b'<c r="I6"><f>A1&amp;B1</f></c>'
    filler = [
        b'<c r="A1" t="inlineStr"><is><t>e f</t></is></c>',
        b'<row r="2">',
        b"eeff",
        b"</f",
        b't="e',
    ]
    for _ in range(3000):
        parts = [rnd.choice(filler) for _ in range(rnd.randint(0, 80))]
        if rnd.random() < 0.3:
            parts.insert(rnd.randint(0, len(parts)), rnd.choice((cell, formula)))
        if rnd.random() < 0.5:
            parts.insert(rnd.randint(0, len(parts)), b"<sheetData>")
        xml = b"".join(parts)
        cells = xml[max(xml.find(b"<sheetData"), 0) :]
        for needle, at in ((b't="e"', 3), (b"</f>", 2)):
            for tries in (1, 3, 40):
                assert _has(xml, needle, at, tries) == (needle in cells), (xml, needle, tries)
