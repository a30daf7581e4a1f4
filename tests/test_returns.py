"""sheettools.returns.digest: what a returned workbook says, read from its cells alone (it runs
in the reader workers, so the merging process gets a few KB per file)."""

from __future__ import annotations

from sheettools.returns import EMPTY_VALUES, digest

HEAD = ["Mã nhiệm vụ", "Nội dung", "Tình trạng", "Tiến độ (%)", "Kết quả thực hiện"]
IDS = ["#key", "#content", "#status", "#progress", "#result"]


def sheet(name, rows, state="visible"):
    return (name, state, rows, False)


def test_rows_keys_and_values_are_normalised_with_excel_row_numbers():
    rows = [
        ["Đơn vị: VHTT", None, None, None, None],
        HEAD,
        IDS,
        ["II.1", "a", "hoan thanh", "50%", None],
        [None, "(a note under the table)", None, None, None],
        [" II.2 ", "b", None, None, None],
        ["#content", None, None, None, None],  # a field-id cell is never a task
        ["II.3", "c", "xong", 1, "Đã tổ chức"],
    ]
    dg = digest([sheet("Báo cáo", rows), sheet("_manifest", [["unit", "VHTT"]], "veryhidden")])
    assert dg.manifest == [["unit", "VHTT"]] and dg.texts == []
    assert dg.report == (
        "Báo cáo",
        3,
        {"key": 0, "content": 1, "status": 2, "progress": 3, "result": 4},
    )
    got = {key: (row, values, flags) for row, key, values, flags in dg.rows}
    assert list(got) == ["II.1", "II.2", "II.3"]
    assert got["II.1"][0] == 4 and got["II.1"][1][:2] == ("Hoàn thành", 50)
    assert got["II.2"] == (6, EMPTY_VALUES, ())
    assert got["II.3"][1][:3] == ("Hoàn thành", 1, "Đã tổ chức")  # an unformatted 1 is 1 %


def test_without_manifest_the_cover_texts_name_the_sender():
    cover = [["Kỳ báo cáo: 2023-Q2"], ["Đơn vị: Phòng Văn hóa"]]
    dg = digest([sheet("Bìa", cover), sheet("Sheet1", [HEAD, ["II.1", "x", "", "", ""]])])
    assert dg.manifest is None and dg.report[0] == "Sheet1"
    assert "Kỳ báo cáo: 2023-Q2" in dg.texts and "Đơn vị: Phòng Văn hóa" in dg.texts


def test_a_field_id_row_with_only_the_key_and_ragged_rows():
    rows = [["#key", "#content"], ["II.1", "a"], ["II.2"], [], ["II.3", "b", "extra"]]
    dg = digest([sheet("S", rows)])
    assert dg.report == ("S", 1, {"key": 0, "content": 1})
    assert [(r.key, r.values) for r in dg.rows] == [
        (k, EMPTY_VALUES) for k in ("II.1", "II.2", "II.3")
    ]


def test_no_report_sheet_says_whether_anything_was_there():
    assert digest([sheet("S", [["just", "text"]])]).nonempty is True
    assert digest([sheet("S", [[None, ""]])]).nonempty is False
    assert digest([sheet("S", [["x"]])]).report is None


def test_memoised_normalising_keeps_types_apart():
    """The worker memoises normalised values (statuses and dates recur in every row): 1, 1.0
    and True must stay different inputs, and a flag list is never shared mutably."""
    rows = [IDS[:4], ["II.1", "", "HT", True], ["II.2", "", "HT", 1], ["II.3", "", "HT", 1.0]]
    got = {r.key: r[2:] for r in digest([sheet("S", rows)]).rows}
    assert got["II.1"] == (("Hoàn thành", None, "", None, ""), ("progress_invalid: True",))
    assert got["II.2"][0][:2] == got["II.3"][0][:2] == ("Hoàn thành", 1)
    again = {r.key: r[2:] for r in digest([sheet("S", rows)]).rows}
    assert again == got and isinstance(got["II.1"][1], tuple)
