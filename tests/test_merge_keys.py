"""A row's key cell against the task its number (TT) and content cells show: a unit that edits
a key into another task's key (deleting that task's row, or swapping two keys) must never move
its values to the other task. Such a row is refused (``key_mismatch``), named to the office;
the other rows merge."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.merge import _Context, list_reports
from sheettools.returns import digest
from sheettools.split import split_workbooks
from sheettools.store import load_master, save_master
from sheettools.xlsxio import read_sheets
from test_merge import (
    NOW,
    REPORT_SHEET,
    fill,
    keys_of,
    latest,
    make_env,
    merge,
    retyped,
    rewrite,
    unit_file,
)


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def edit_key(old: str, new: str, *, drop: bool):
    """Type ``new`` into the key cell of ``old``'s row (and delete ``new``'s own row)."""

    def t(rows):
        out = []
        for row in rows:
            if row[0] == new and drop:
                continue
            if row[0] == old:
                row[0] = new
            out.append(row)
        return out

    return t


def values_for(key: str) -> dict:
    return {key: {"status": "Hoàn thành", "progress": 100, "result": f"Kết quả của {key}"}}


def test_a_key_edited_to_another_task_the_unit_holds_is_refused_not_moved(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")
    f = unit_file(tmp, "VHTT", returns)
    rewrite(f, fill({**values_for(k[0]), k[2]: {"status": "Đang thực hiện"}}))
    rewrite(f, edit_key(k[0], k[1], drop=True))  # row k[0] now says k[1]; k[1]'s row deleted
    res = merge(master, f, received_at="2023-06-14T08:30:00+07:00")
    (entry,) = res["files"]
    assert entry["status"] == "merged" and entry["rows_refused"] == 1
    (ref,) = entry["refused"]
    assert (ref["key"], ref["reason"], ref["task"]) == (k[1], "key_mismatch", k[0])
    got = latest(master, "VHTT")
    assert (k[1], "VHTT") not in got and (k[0], "VHTT") not in got  # moved nowhere
    assert got[(k[2], "VHTT")]["status"] == "Đang thực hiện"  # the other rows merge
    assert not [r for r in list_reports(master, "2023-Q2") if "Kết quả của" in r["result"]]


def test_a_swapped_pair_of_keys_and_a_key_edited_beside_its_own_row(env):
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")

    def swap(rows):
        for row in rows:
            if row[0] in (k[0], k[1]):
                row[0] = k[1] if row[0] == k[0] else k[0]
        return rows

    f = unit_file(tmp, "QLDT", returns)
    rewrite(f, fill({**values_for(k[0]), **values_for(k[1]), **values_for(k[3])}))
    rewrite(f, swap)
    rewrite(f, edit_key(k[3], k[2], drop=False))  # k[2]'s own row (left empty) stays
    res = merge(master, f, received_at="2023-06-14T08:30:00+07:00")
    refused = {(r["key"], r["task"]) for r in res["files"][0]["refused"]}
    assert refused == {(k[1], k[0]), (k[0], k[1]), (k[2], k[3])}
    got = latest(master, "QLDT")
    assert all(got[(key, "QLDT")]["result"] == "" for key in k[:4] if (key, "QLDT") in got)
    # said to the office in the merge's own words, row by row
    f2 = unit_file(tmp, "QLDT", returns, "again.xlsx")
    rewrite(f2, fill(values_for(k[0])))
    rewrite(f2, edit_key(k[0], k[1], drop=True))
    out = CliRunner().invoke(cli, ["merge", str(master), str(f2), "-p", "2023-Q2"])
    text = " ".join(out.output.split())
    assert f"mã {k[1]}, số TT và nội dung của {k[0]}" in text and "không được gộp" in text, text


def test_rows_whose_key_matches_their_task_merge_as_before(env):
    """Untouched fixed cells, the plan's text edited by the office after the split (the key
    and number still agree), and a re-typed file with its own content text: nothing refused."""
    tmp, master, returns = env
    k = keys_of(tmp, "BODE")
    m = load_master(master)
    m.task(k[0]).content = "Nhiệm vụ số một, sửa lời sau khi phát phiếu"
    save_master(m, master)
    f = rewrite(unit_file(tmp, "BODE", returns), fill({**values_for(k[0]), **values_for(k[1])}))
    res = merge(master, f, received_at="2023-06-14T08:30:00+07:00")
    assert res["files"][0]["refused"] == [] and res["files"][0]["rows_merged"] == len(k)
    vals = {key: {"status": "Hoàn thành", "progress": 100} for key in k}
    r = retyped(returns / "2023-Q2_BODE (gõ lại).xlsx", None, k, vals)
    res = merge(master, r, received_at="2023-06-15T08:30:00+07:00")
    assert res["files"][0]["status"] == "unverified" and res["files"][0]["refused"] == []


def test_a_split_workbook_shows_each_task_as_merge_expects_it(env, tmp_path):
    """The fast path: every row of a workbook as split wrote it (a task with the plan's other
    columns under its text, one without a number) gives the ident merge computes for its key,
    so the check costs one comparison a row."""
    _, master, _ = env
    m = load_master(master)
    t0, t1 = [t for t in m.leaf_tasks() if "VHTT" in t.lead_units][:2]
    t0.extra = "Sản phẩm: Báo cáo\nGhi chú: trước 30/6"
    t1.number = ""
    save_master(m, master)
    split_workbooks(master, "2023-Q2", tmp_path / "out2", now=NOW)
    sheets = read_sheets(tmp_path / "out2" / "2023-Q2_VHTT.xlsx")
    for row in sheets[REPORT_SHEET][2:]:  # (a value in every task row: each gets an ident)
        if row[0]:
            row[6] = "Hoàn thành"
    named = [(n, "visible", rows, False) for n, rows in sheets.items()]
    dg = digest(named)
    nums, lens = _Context(load_master(master), None, "2023-Q2").row_idents()
    assert dg.idents == ([nums[r.key] for r in dg.rows], [lens[r.key] for r in dg.rows])
    assert len(dg.rows) >= 2 and nums[t1.key] == "" and lens[t0.key] > len(t0.content)
