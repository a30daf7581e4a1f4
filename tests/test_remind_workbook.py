"""mail remind attaches the unit's workbook as it stands: pre-filled with everything the unit
returned this period, the rows still missing marked; the unit fills only those rows, and
merging its answer loses nothing it reported before."""

from __future__ import annotations

import datetime as dt
import io
from email import policy
from email.parser import BytesParser

import openpyxl
import pytest

from sheettools import mail
from sheettools.mail import remind_units
from sheettools.mail_config import MailConfig
from sheettools.store import load_master, save_master
from test_merge import NOW, REPORT_SHEET, fill, keys_of, latest, make_env, merge, rewrite, unit_file

FULL = {"status": "Hoàn thành", "progress": 100, "result": "Đã tổ chức 3 hội nghị"}


@pytest.fixture
def env(tmp_path):
    tmp, master, returns = make_env(tmp_path)
    m = load_master(master)
    for u in m.units:
        u.email = [f"{u.code.lower()}@longbien.example"]
    save_master(m, master)
    return tmp, master, returns


def _eml(folder, unit):
    path = folder / "eml" / f"remind_2023-Q2_{unit}.eml"
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_reminder_attaches_the_prefilled_workbook_and_the_answer_loses_nothing(env):
    tmp, master, returns = env
    keys = keys_of(tmp, "VHTT")
    done, todo = keys[:2], keys[2:]
    first = rewrite(unit_file(tmp, "VHTT", returns, "a.xlsx"), fill({k: FULL for k in done}))
    merge(master, first, received_at="2023-06-12T09:00:00+07:00")
    rep = remind_units(master, "2023-Q2", config=MailConfig(), as_of=dt.date(2023, 6, 16),
                       now=NOW, outbox=tmp / "outbox", dry_run=True, units=["VHTT"])  # fmt: skip
    assert [u["unit"] for u in rep["units"]] == ["VHTT"] and rep["no_workbook"] == []
    msg = _eml(tmp / "outbox", "VHTT")
    body = msg.get_body(("plain",)).get_content()
    assert "biểu đính kèm (2023-Q2_VHTT.xlsx" in body and "CHƯA BÁO CÁO" in body
    (att,) = list(msg.iter_attachments())
    data = att.get_content()
    ws = openpyxl.load_workbook(io.BytesIO(data))[REPORT_SHEET]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=3) if r[0].value}
    for k in done:  # what the unit returned is there
        assert (rows[k][6].value, rows[k][7].value, rows[k][8].value) == (
            "Hoàn thành", 100, "Đã tổ chức 3 hội nghị",
        )  # fmt: skip
        assert "CHƯA BÁO CÁO" not in rows[k][3].value
    for k in todo:  # the rest is marked, never in an input cell
        assert "CHƯA BÁO CÁO" in rows[k][3].value and rows[k][6].value is None
    # the unit fills only the marked rows of the attached workbook and sends it back
    back = returns / "2023-Q2_VHTT (trả lời).xlsx"
    back.write_bytes(data)
    rewrite(back, fill({k: {"status": "Đang thực hiện", "progress": 40} for k in todo}))
    res = merge(master, back, received_at="2023-06-20T09:00:00+07:00")
    assert res["files"][0]["status"] == "merged" and res["files"][0]["rows_merged"] == len(todo)
    got = latest(master, "VHTT")
    assert all(got[(k, "VHTT")]["status"] == "Hoàn thành" for k in done)
    assert all(got[(k, "VHTT")]["status"] == "Đang thực hiện" for k in todo)
    assert [r for r in got.values() if r["status"] is None] == []


def test_without_a_workbook_the_reminder_never_speaks_of_an_attachment(env, monkeypatch):
    tmp, master, returns = env
    monkeypatch.setattr(mail, "_reminder_workbooks", lambda *a, **k: {})
    rep = remind_units(master, "2023-Q2", config=MailConfig(), as_of=dt.date(2023, 6, 16),
                       now=NOW, outbox=tmp / "outbox", dry_run=True, units=["QLDT"])  # fmt: skip
    assert rep["no_workbook"] == ["QLDT"]
    msg = _eml(tmp / "outbox", "QLDT")
    body = msg.get_body(("plain",)).get_content()
    assert list(msg.iter_attachments()) == []
    assert "đính kèm" not in body and "trả lời thư này" in body


def test_an_office_template_that_speaks_of_an_attachment_is_cut_when_none_is_attached():
    body = "Kính gửi.\nĐề nghị hoàn thiện biểu đính kèm (x.xlsx) rồi gửi lại. Xin cảm ơn.\nHết."
    assert mail._without_attachment_lines(body) == "Kính gửi.\nXin cảm ơn.\nHết."


def test_a_missing_secret_stops_the_reminder_and_none_is_made(env):
    """A reminder never signs with a new secret: merge could not check the returns against
    the workbooks issued with the old one."""
    from click.testing import CliRunner

    from sheettools.cli import cli
    from sheettools.errors import FileError
    from sheettools.unitbook import SECRET_NAME, secret_path

    tmp, master, returns = env
    secret_path(master).unlink()
    with pytest.raises(FileError, match=SECRET_NAME):
        remind_units(master, "2023-Q2", config=MailConfig(), as_of=dt.date(2023, 6, 16),
                     now=NOW, outbox=tmp / "outbox", dry_run=True, units=["VHTT"])  # fmt: skip
    assert not secret_path(master).exists()
    assert not (tmp / "outbox" / "eml" / "remind_2023-Q2_VHTT.eml").exists()
    r = CliRunner().invoke(
        cli, ["mail", "remind", str(master), "-p", "2023-Q2", "--dry-run", "--as-of", "2023-06-16"]
    )
    assert r.exit_code == 3 and not secret_path(master).exists()
    (line,) = r.output.strip().splitlines()
    assert line.startswith("Lỗi: ") and SECRET_NAME in line and "sao lưu" in line
