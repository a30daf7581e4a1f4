"""Field-level merge: a later return replaces a field only with a value. An empty cell keeps
the unit's earlier answer; a field is cleared only on purpose ((xóa), or "Không thực hiện"
with its reason) and that is flagged; a return with nothing new says so."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheettools.cli import cli
from sheettools.merge import _apply, _Checked, combine, list_reports
from sheettools.model import Report, Task
from sheettools.normalize import CLEAR, is_clear_marker
from sheettools.periodstatus import compute_status
from sheettools.returns import VALUE_FIELDS, Row
from sheettools.split import split_workbooks
from sheettools.store import load_master
from test_merge import (
    NOW,
    UNITS,
    build_master,
    fill,
    keys_of,
    latest,
    make_env,
    merge,
    rewrite,
    unit_file,
)

FULL = {
    "status": "Hoàn thành",
    "progress": 100,
    "result": "Đã tổ chức 3 hội nghị",
    "completion_date": dt.datetime(2023, 5, 15),
    "difficulties": "Thiếu kinh phí",
}


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def _filled(tmp, returns, unit, name, values):
    return rewrite(unit_file(tmp, unit, returns, name), fill(values))


def test_blank_resend_of_the_original_erases_nothing_and_says_no_new_content(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")
    first = _filled(tmp, returns, "VHTT", "first.xlsx", {k: FULL for k in keys})
    merge(master, first, received_at="2023-06-12T09:00:00+07:00")
    # the unit re-sends its untouched original ("Báo cáo quý 2 - Phòng VHTT (1).xlsx")
    blank = unit_file(tmp, "VHTT", returns, "Báo cáo quý 2 - Phòng VHTT (1).xlsx")
    res = merge(master, blank, received_at="2023-06-20T09:00:00+07:00")
    f = res["files"][0]
    assert f["status"] == "no_new_content" and f["rows_merged"] == 0
    # it says which values it would have cleared: every field of every row
    assert {x["key"] for x in f["kept_earlier"]} == set(keys)
    assert all(x["fields"] == list(VALUE_FIELDS) for x in f["kept_earlier"])
    assert res["totals"]["fields_kept"] == 5 * len(keys)
    got = latest(master, "VHTT")
    for k in keys:
        r = got[(k, "VHTT")]
        assert (r["status"], r["progress"], r["version"]) == ("Hoàn thành", 100, 1)
        assert r["result"] == "Đã tổ chức 3 hội nghị" and r["completion_date"] == "2023-05-15"
    # timeliness counts the first return, not the late re-send
    st_ = compute_status(load_master(master), "2023-Q2", dt.date(2023, 6, 25))
    assert not any(u["unit"] == "VHTT" for u in st_["late_units"])


def test_partial_return_after_a_reminder_keeps_every_earlier_answer(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "QLDT")
    assert len(keys) >= 3
    done, rest = keys[:-1], keys[-1]
    first = _filled(tmp, returns, "QLDT", "a.xlsx", {k: FULL for k in done})
    merge(master, first, received_at="2023-06-12T09:00:00+07:00")
    # the unit fills only the row it was asked for, and updates one field of another row
    second = _filled(
        tmp, returns, "QLDT", "b.xlsx",
        {rest: {"status": "Đang thực hiện", "progress": 40}, done[0]: {"progress": 90}},
    )  # fmt: skip
    res = merge(master, second, received_at="2023-06-14T09:00:00+07:00")
    f = res["files"][0]
    assert f["status"] == "merged" and f["rows_merged"] == 2
    got = latest(master, "QLDT")
    assert (got[(rest, "QLDT")]["status"], got[(rest, "QLDT")]["progress"]) == (
        "Đang thực hiện", 40,
    )  # fmt: skip
    r0 = got[(done[0], "QLDT")]
    # only the progress changed; the status, result, date and difficulties stay as reported
    assert (r0["status"], r0["progress"], r0["result"], r0["completion_date"]) == (
        "Hoàn thành", 90, FULL["result"], "2023-05-15",
    )  # fmt: skip
    assert r0["version"] == 2 and r0["source_file"] == "b.xlsx"
    assert "done_below_100" in r0["flags"]  # checked on the values as stored
    for k in done[1:]:
        assert got[(k, "QLDT")]["status"] == "Hoàn thành" and got[(k, "QLDT")]["version"] == 1
    empty = [r for r in got.values() if r["status"] is None]
    assert empty == []


def test_clear_marker_clears_a_field_on_purpose_and_is_flagged(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    merge(master, _filled(tmp, returns, "VHTT", "a.xlsx", {k: FULL}), received_at="2023-06-12")
    b = _filled(tmp, returns, "VHTT", "b.xlsx", {k: {"difficulties": "(xóa)", "progress": "[XOÁ]"}})
    res = merge(master, b, received_at="2023-06-13")
    f = res["files"][0]
    assert f["status"] == "merged"
    assert f["cleared"] == [{"key": k, "fields": ["progress", "difficulties"]}]
    r = latest(master, "VHTT")[(k, "VHTT")]
    assert (r["difficulties"], r["progress"], r["status"]) == ("", None, "Hoàn thành")
    assert "cleared: progress, difficulties" in r["flags"]
    # a marker in a unit's first return clears nothing and is not stored as text
    c = _filled(tmp, returns, "BODE", "c.xlsx", {keys_of(tmp, "BODE")[0]: {"result": "(xóa)"}})
    merge(master, c)
    assert all(r["result"] == "" for r in latest(master, "BODE").values())


def test_dropped_with_reason_clears_progress_and_date_without_reason_is_flagged(env):
    tmp, master, returns = env
    k1, k2 = keys_of(tmp, "VHTT")[:2]
    merge(master, _filled(tmp, returns, "VHTT", "a.xlsx", {k1: FULL, k2: FULL}))
    b = _filled(
        tmp, returns, "VHTT", "b.xlsx",
        {k1: {"status": "Không thực hiện", "result": "Dừng theo chỉ đạo của Quận ủy"},
         k2: {"status": "Không thực hiện"}},
    )  # fmt: skip
    res = merge(master, b)
    assert res["files"][0]["cleared"] == [{"key": k1, "fields": ["progress", "completion_date"]}]
    got = latest(master, "VHTT")
    r1, r2 = got[(k1, "VHTT")], got[(k2, "VHTT")]
    assert (r1["status"], r1["progress"], r1["completion_date"]) == ("Không thực hiện", None, None)
    assert r1["result"] == "Dừng theo chỉ đạo của Quận ủy"
    assert "cleared: progress, completion_date" in r1["flags"]
    # no reason in the row: nothing is cleared (the earlier result counts as the reason)
    assert (r2["status"], r2["progress"], r2["result"]) == ("Không thực hiện", 100, FULL["result"])
    assert not any(f.startswith("cleared") for f in r2["flags"])


def test_dropped_without_any_reason_is_flagged(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    res = merge(master, _filled(tmp, returns, "VHTT", "a.xlsx", {k: {"status": "không"}}))
    assert res["files"][0]["rows_flagged"] == 1
    assert "dropped_without_reason" in latest(master, "VHTT")[(k, "VHTT")]["flags"]


def test_cli_table_says_no_new_content_and_which_cells_were_kept(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "BODE")
    merge(master, _filled(tmp, returns, "BODE", "a.xlsx", {k: FULL for k in keys}))
    blank = unit_file(tmp, "BODE", returns, "blank.xlsx")
    out = CliRunner().invoke(cli, ["merge", str(master), str(blank)])
    assert out.exit_code == 0, out.output
    assert "1 không có nội dung mới" in out.output
    assert f"{5 * len(keys)} ô để trống giữ giá trị đã báo cáo trước" in out.output
    assert f"blank.xlsx: {keys[0]} (cả dòng)" in out.output  # which rows, by key


def test_clear_marker_spellings():
    for s in ["(xóa)", "(xoá)", "[XÓA]", " (Xoa) ", "(clear)", "(xóa bỏ)"]:
        assert is_clear_marker(s), s
    for s in ["xóa", "Đã xóa bỏ tụ điểm", "()", "(xóa nợ đọng)", "", None, 0]:
        assert not is_clear_marker(s), s


# --- the property: no non-empty value is lost unless a later non-empty value replaces it ---

FIELD_VALUE = {
    "status": st.sampled_from([None, "Hoàn thành", "Đang thực hiện", "Không thực hiện", CLEAR]),
    "progress": st.sampled_from([None, 0, 30, 100, CLEAR]),
    "result": st.sampled_from(["", "Kết quả A", "Kết quả B", CLEAR]),
    "completion_date": st.sampled_from([None, "2023-05-01", "2023-06-02", CLEAR]),
    "difficulties": st.sampled_from(["", "Khó khăn", CLEAR]),
}
ROW = st.tuples(*(FIELD_VALUE[f] for f in VALUE_FIELDS))
KEYS = ["II.1.1", "II.1.2", "II.1.3"]
RETURN = st.dictionaries(st.sampled_from(KEYS), ROW, max_size=3)


class _Stream:
    def __init__(self, reports):
        self.reports = reports

    def add(self, row):
        self.reports.append(Report(*row))
        return self.reports[-1]

    def add_many(self, rows):
        return [self.add(r) for r in rows]


def _expected(history: list[dict], key: str, j: int):
    """The value the field must hold after these returns: the last value typed, unless a later
    return cleared it on purpose."""
    val = None
    for ret in history:
        row = ret.get(key)
        if row is None:
            continue
        v = row[j]
        if v == CLEAR:
            val = None
        elif v not in (None, ""):
            val = v
        elif (
            j in (1, 3)
            and row[0] == "Không thực hiện"
            and (row[2] not in ("", None, CLEAR) or row[4] not in ("", None, CLEAR))
        ):
            val = None
    return val


@settings(max_examples=300, deadline=None)
@given(returns=st.lists(RETURN, min_size=1, max_size=5))
def test_property_no_value_is_lost_unless_replaced(returns):
    tasks = {k: Task(key=k, section="II", number=k[3:], lead_units=["VHTT"]) for k in KEYS}
    reports: list[Report] = []
    latest_map: dict = {}
    reported: set = set()
    stream = _Stream(reports)
    for i, ret in enumerate(returns):
        ck = _Checked(path=Path(f"r{i}.xlsx"), status="merged", unit="VHTT", period="2023-Q2")
        ck.verified = True
        ck.rows = [Row(n, k, v, []) for n, (k, v) in enumerate(ret.items())]
        _apply(ck, latest_map, tasks, "t", stream, reported)
        for k in KEYS:
            cur = latest_map.get(("2023-Q2", k, "VHTT"))
            for j, f in enumerate(VALUE_FIELDS):
                exp = _expected(returns[: i + 1], k, j)
                got = getattr(cur, f) if cur is not None else None
                assert (got if got not in ("", None) else None) == exp, (i, k, f)
        # every earlier version is kept as it was
        assert all(CLEAR not in (r.status, r.progress, r.result, r.completion_date,
                                 r.difficulties) for r in reports)  # fmt: skip
        if ck.rows_merged == 0:
            assert ck.status == "no_new_content"


def test_combine_reports_kept_and_cleared_fields():
    old = ("Hoàn thành", 100, "Kết quả", "2023-05-01", "Khó khăn")
    assert combine(old, (None, None, "", None, "")) == (old, [], list(VALUE_FIELDS))
    vals, cleared, kept = combine(old, ("Đang thực hiện", CLEAR, "", None, ""))
    assert vals == ("Đang thực hiện", None, "Kết quả", "2023-05-01", "Khó khăn")
    assert cleared == ["progress"] and kept == ["result", "completion_date", "difficulties"]


# the same property end to end: real files, real merges (a few examples: each costs ~1 s)
FILE_VALUE = {
    "status": st.sampled_from([None, "Hoàn thành", "Đang thực hiện", "(xóa)"]),
    "progress": st.sampled_from([None, 30, 100, "(xóa)"]),
    "result": st.sampled_from([None, "Kết quả A", "(xóa)"]),
}


@pytest.fixture(scope="module")
def prop_master(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fields")
    master = build_master(tmp)
    split_workbooks(master, "2023-Q2", tmp / "outbox", now=NOW)
    return tmp, master


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_property_end_to_end_sequence_of_partial_returns(prop_master, data):
    tmp, master0 = prop_master
    unit = UNITS[0]
    keys = keys_of(tmp, unit)[:3]
    seq = data.draw(
        st.lists(
            st.dictionaries(st.sampled_from(keys), st.fixed_dictionaries(FILE_VALUE), max_size=3),
            min_size=2,
            max_size=3,
        )
    )
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        m = d / "master.xlsx"
        shutil.copy(master0, m)
        shutil.copy(tmp / ".sheettools-secret", d / ".sheettools-secret")
        expect: dict = {}
        for i, ret in enumerate(seq):
            vals = {k: {f: v for f, v in row.items() if v is not None} for k, row in ret.items()}
            src = tmp / "outbox" / f"2023-Q2_{unit}.xlsx"
            f = rewrite(src, fill(vals), out=d / f"r{i}.xlsx")
            merge(m, f, received_at=f"2023-06-1{i}T09:00:00+07:00")
            for k, row in vals.items():
                for fld, v in row.items():
                    expect[(k, fld)] = None if v == "(xóa)" else v
            got = latest(m, unit)
            for (k, fld), v in expect.items():
                have = got[(k, unit)][fld]
                assert (have if have not in ("", None) else None) == v, (i, k, fld)


def test_log_and_json_carry_the_kept_cells(env):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    merge(master, _filled(tmp, returns, "VHTT", "a.xlsx", {k: FULL}))
    res = merge(master, _filled(tmp, returns, "VHTT", "b.xlsx", {k: {"progress": 100}}))
    assert res["files"][0]["status"] == "no_new_content"
    assert res["files"][0]["kept_earlier"] == [
        {"key": k, "fields": ["status", "result", "completion_date", "difficulties"]}
    ]
    log = load_master(master).log[-1]
    assert "no_new_content" in log.details and "kept 4" in log.details
    every = list_reports(master, "2023-Q2", unit="VHTT", all_versions=True)
    assert len([r for r in every if r["key"] == k]) == 1
