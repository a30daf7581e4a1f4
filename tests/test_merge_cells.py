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


# --- the lighter copy the reader is given (cellinfo.light_copy) ----------------------------


def _read(path, light: bool, monkeypatch):
    """The reader's sheets, every sheet's merged ranges and the digest's rows of one file,
    read in this process, the large-part path on (every worksheet part taken) or off."""
    from sheettools import cellinfo, safety
    from sheettools.merge import template_titles
    from sheettools.returns import digest

    monkeypatch.setattr(cellinfo, "LIGHT_MIN", 0 if light else 2**40)
    res = safety._inspect_and_read(str(path), safety.Limits(), keep_blank=True)
    assert not res.reason_code, res
    lightened = "xml_parts" in safety.current_file()
    merges = {s[0]: safety.merged_ranges(s[0]) for s in res.sheets}
    rows = digest(res.sheets, template_titles()).rows
    safety._CURRENT.clear()
    return res.sheets, merges, rows, lightened


def _big_book(path, prefix: bool = False):
    """A workbook with a large sheet: shared and inline strings, numbers, dates, booleans,
    formulas with and without a cached value, an error cell, merged ranges (one cell, rows,
    columns), and a small second sheet with merges of its own."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    for r in range(1, 400):
        ws.append([f"II.{r}", r * 1.5, dt.datetime(2023, 1 + r % 12, 1 + r % 28), r % 2 == 0,
                   "Hoàn thành" if r % 3 else None, f"=A{r}&B{r}" if r % 7 == 0 else None,
                   "Kết quả thực hiện nhiệm vụ số " * (r % 4)])  # fmt: skip
    ws.merge_cells("B3:C5")
    ws.merge_cells("E10:E12")
    ws.merge_cells("A400:G400")
    ws.merge_cells("AA7:AB7")
    other = wb.create_sheet("Hướng dẫn")
    other["A1"] = "Hướng dẫn điền"
    other.merge_cells("A1:D1")
    wb.save(path)
    patch_xml(path, b'<c r="D19" t="b"><v>0</v></c>', b'<c r="D19" t="e"><v>#REF!</v></c>')
    if prefix:  # the main namespace under a prefix, as some writers save it
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        name = "xl/worksheets/sheet1.xml"
        xml = parts[name].replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
        xml = xml.replace(b"</worksheet>", b"</x:worksheet>")
        for tag in (b"sheetData", b"row", b"c", b"v", b"f", b"is", b"t", b"mergeCells",
                    b"mergeCell", b"dimension", b"sheetViews", b"sheetView", b"selection",
                    b"sheetFormatPr", b"pageMargins", b"sheetPr", b"outlinePr", b"pageSetUpPr",
                    b"cols", b"col"):  # fmt: skip
            xml = xml.replace(b"<" + tag + b" ", b"<x:" + tag + b" ")
            xml = xml.replace(b"<" + tag + b">", b"<x:" + tag + b">")
            xml = xml.replace(b"<" + tag + b"/>", b"<x:" + tag + b"/>")
            xml = xml.replace(b"</" + tag + b">", b"</x:" + tag + b">")
        parts[name] = xml
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, d in parts.items():
                z.writestr(n, d)
    return path


@pytest.mark.parametrize("prefix", [False, True])
def test_the_lighter_copy_reads_exactly_what_the_file_holds(tmp_path, monkeypatch, prefix):
    f = _big_book(tmp_path / "big.xlsx", prefix)
    plain = _read(f, False, monkeypatch)
    light = _read(f, True, monkeypatch)
    assert not plain[3] and light[3]  # (the large part was lightened)
    assert light[0] == plain[0]  # every sheet's cells, states, truncation: the same
    assert light[1] == plain[1]  # merged ranges: the same as calamine reads them
    assert sorted(plain[1]["Báo cáo"]) == [((2, 1), (4, 2)), ((6, 26), (6, 27)), ((9, 4), (11, 4)),
                                           ((399, 0), (399, 6))]  # fmt: skip
    assert plain[1]["Hướng dẫn"] == [((0, 0), (0, 3))]


def test_a_return_digests_the_same_through_the_lighter_copy(env, monkeypatch):
    """The report sheet's per-cell flags (error, formula without value, volatile formula,
    merged input cells) and values, with the large-part path on and off."""
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")

    def cells(ws, rows):
        ws[f"H{rows[k[0]]}"] = "#DIV/0!"
        ws[f"H{rows[k[0]]}"].data_type = "e"
        ws[f"I{rows[k[1]]}"] = "=A1&B1"
        ws[f"J{rows[k[2]]}"] = "=TODAY()"
        ws[f"G{rows[k[3]]}"] = "Hoàn thành"
        ws.merge_cells(f"G{rows[k[3]]}:H{rows[k[3]]}")
        ws[f"H{rows[k[4]]}"] = 0.5
        ws[f"H{rows[k[4]]}"].number_format = "0%"

    f = edit(unit_file(tmp, "QLDT", returns), cells)
    patch_xml(f, b"<f>TODAY()</f><v></v>", b"<f>TODAY()</f><v>45090</v>")
    plain, light = _read(f, False, monkeypatch), _read(f, True, monkeypatch)
    assert light[3] and light[2] == plain[2] and light[1] == plain[1]
    flags = {r.key: r.flags for r in plain[2]}
    assert flags[k[0]] == ("error_value: #DIV/0!",)
    assert flags[k[3]][0].startswith("merged_cell: G")
    assert next(r for r in plain[2] if r.key == k[4]).values[1] == 50


@pytest.mark.parametrize(
    "change",
    [
        (b"<sheetData>", b"<!-- a comment --><sheetData>"),  # comments: calamine reads it
        (b'ref="B3:C5"', b'ref="b3:c5"'),  # a range this does not parse
        (b"</mergeCells>", b""),  # unfinished: calamine judges it
    ],
)
def test_a_part_the_lighter_copy_cannot_be_sure_of_is_read_as_it_is(tmp_path, monkeypatch, change):
    from sheettools import cellinfo, safety

    f = _big_book(tmp_path / "big.xlsx")
    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    assert change[0] in parts[name]
    parts[name] = parts[name].replace(change[0], change[1], 1)
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts.items():
            z.writestr(n, d)
    monkeypatch.setattr(cellinfo, "LIGHT_MIN", 0)
    with zipfile.ZipFile(f) as z:
        infos = {i.filename: i for i in z.infolist()}
    light = cellinfo.light_copy(f.read_bytes(), infos)
    assert light is None or name not in light[1]
    if change[1] == b"":  # the file is refused as before, not read differently
        res = safety._inspect_and_read(str(f), safety.Limits(), keep_blank=True)
        assert res.reason_code == "unreadable"


def test_a_five_digit_text_in_the_date_column_is_flagged_not_read_as_a_serial_day(env):
    """``45082`` typed (or pasted as text) in the completion date column is what the clerk
    sees in the cell, not a date: flagged with the day Excel would count (05/06/2023), never
    stored; an earlier date stays. A real number cell (a date that lost its format) is a date."""
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")
    a = rewrite(
        unit_file(tmp, "VHTT", returns, "a.xlsx"), fill({k[0]: {"completion_date": "1/6/2023"}})
    )
    merge(master, a)
    b = rewrite(
        unit_file(tmp, "VHTT", returns, "b.xlsx"),
        fill({k[0]: {"completion_date": "45082"}, k[1]: {"completion_date": " 45083.0 "},
              k[2]: {"completion_date": 45084}, k[3]: {"status": "Hoàn thành",
                                                       "completion_date": "4508"}}),
    )  # fmt: skip
    res = merge(master, b)
    assert res["files"][0]["rows_flagged"] == 3
    got = latest(master, "VHTT")
    r = [got[(key, "VHTT")] for key in k[:4]]
    assert (r[0]["completion_date"], r[0]["flags"]) == (
        "2023-06-01",  # (the earlier answer is kept)
        ["date_serial_text: 45082 (05/06/2023?)"],
    )
    assert (r[1]["completion_date"], r[1]["flags"]) == (
        None,
        ["date_serial_text: 45083.0 (06/06/2023?)"],
    )
    assert (r[2]["completion_date"], r[2]["flags"]) == ("2023-06-07", [])
    assert (r[3]["completion_date"], r[3]["flags"]) == (None, ["date_invalid: 4508"])
    # shown to the office with what it means
    out = CliRunner().invoke(cli, ["status", str(master), "-p", "2023-Q2", "--as-of", "2023-06-20"])
    assert out.exit_code == 0, out.output
    assert "45082 (05/06/2023?)" in " ".join(out.output.split())


def test_a_whole_number_in_a_percent_cell_is_ambiguous_not_taken_as_that_percentage(env):
    """50 in a cell the unit formatted as a percentage shows 5000 %: 50 %, or 5000 %? Flagged
    ``progress_ambiguous``, never guessed; 1 there is still 100 %, 150 is out of range, and 50
    in a whole-number cell is 50 %."""
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")
    a = rewrite(unit_file(tmp, "VHTT", returns, "a.xlsx"), fill({k[0]: {"progress": 40}}))
    merge(master, a)
    values = {k[0]: 50, k[1]: 100, k[2]: 1, k[3]: 150}
    b = rewrite(
        unit_file(tmp, "VHTT", returns, "b.xlsx"),
        fill({**{key: {"progress": v} for key, v in values.items()}, k[4]: {"progress": 50}}),
    )

    def formats(ws, rows):
        for key in values:
            ws[f"H{rows[key]}"].number_format = "0%"

    res = merge(master, edit(b, formats))
    assert res["files"][0]["rows_flagged"] == 3
    got = latest(master, "VHTT")
    p = [(got[(key, "VHTT")]["progress"], got[(key, "VHTT")]["flags"]) for key in k[:5]]
    assert p[0] == (40, ["progress_ambiguous: 50 (5000%)"])  # the earlier answer is kept
    assert p[1] == (None, ["progress_ambiguous: 100 (10000%)"])
    assert p[2] == (100, [])
    assert p[3] == (None, ["progress_invalid: 150"])  # (out of range read either way)
    assert p[4] == (50, [])  # not formatted: the percentage the column asks for
