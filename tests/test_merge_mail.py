"""Received time you can trust: merge takes saved e-mails (.eml, Outlook .msg) with their
attachments and the message's time; a file without a known time is merged with a warning and
status says its timeliness is from the file's date."""

from __future__ import annotations

import datetime as dt
import os
import sys
import types
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheettools.cli import cli
from sheettools.periodstatus import compute_status
from sheettools.store import load_master
from test_merge import TZ, fill, keys_of, latest, make_env, merge, rewrite, unit_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def env(tmp_path):
    return make_env(tmp_path)


def eml(path: Path, attachments: list[Path], date: str | None) -> Path:
    msg = EmailMessage()
    msg["From"] = "vhtt@longbien.gov.vn"
    msg["To"] = "mttq@longbien.gov.vn"
    msg["Subject"] = "Báo cáo quý II"
    if date:
        msg["Date"] = date
    msg.set_content("Kính gửi Cơ quan Thường trực, đơn vị gửi báo cáo đính kèm.")
    for a in attachments:
        msg.add_attachment(a.read_bytes(), maintype="application", subtype=XLSX.split("/")[1],
                           filename=a.name)  # fmt: skip
    path.write_bytes(bytes(msg))
    return path


def test_a_saved_eml_merges_its_attachment_with_the_message_time(env, tmp_path):
    tmp, master, returns = env
    k = keys_of(tmp, "VHTT")[0]
    att = rewrite(
        unit_file(tmp, "VHTT", tmp_path, "2023-Q2_VHTT.xlsx"), fill({k: {"status": "HT"}})
    )
    m = eml(returns / "Báo cáo quý II.eml", [att], "Wed, 14 Jun 2023 09:30:00 +0700")
    os.utime(m, (1_700_000_000, 1_700_000_000))  # the file's own date says nothing
    res = merge(master, returns)
    (f,) = res["files"]
    assert f["status"] == "merged" and f["unit"] == "VHTT"
    assert f["received_at"] == "2023-06-14T09:30:00+07:00" and f["received_from"] == "message"
    assert f["file"].endswith("Báo cáo quý II.eml › 2023-Q2_VHTT.xlsx")
    assert res["warnings"] == []
    r = latest(master, "VHTT", keep_time_flag=True)[(k, "VHTT")]
    assert r["status"] == "Hoàn thành" and r["flags"] == []
    assert r["source_file"] == "2023-Q2_VHTT.xlsx"
    st = compute_status(load_master(master), "2023-Q2", dt.date(2023, 6, 20))
    assert [u["unit"] for u in st["on_time_units"]] == ["VHTT"]
    assert st["on_time_units"][0]["timeliness_from"] == "received"


def test_an_eml_without_a_spreadsheet_is_rejected_and_quarantined(env):
    tmp, master, returns = env
    m = eml(returns / "hỏi.eml", [], "Wed, 14 Jun 2023 09:30:00 +0700")
    res = merge(master, m)
    (f,) = res["files"]
    assert (f["status"], f["reason_code"]) == ("rejected", "no_attachment")
    assert Path(f["quarantined"]).read_bytes() == m.read_bytes()


def test_a_file_without_known_time_merges_with_a_warning_and_status_says_so(env):
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")[0]
    f = rewrite(unit_file(tmp, "QLDT", returns), fill({k: {"status": "HT"}}))
    t = dt.datetime(2023, 6, 18, 10, 0, tzinfo=TZ).timestamp()  # saved by hand, 3 days late?
    os.utime(f, (t, t))
    r = CliRunner().invoke(cli, ["merge", str(master), str(f)], env={"COLUMNS": "160"})
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert "1 tệp không rõ thời điểm nhận" in text
    # the merge table shows the received time as people write it, in the office's zone
    # (UTC+7 by default, whatever the machine's), and that it is only the file's date
    assert "18/06/2023 10:00 (theo ngày của tệp)" in text, text
    rows = latest(master, "QLDT", keep_time_flag=True)
    assert all("received_from_file_date" in x["flags"] for x in rows.values())
    st = compute_status(load_master(master), "2023-Q2", dt.date(2023, 6, 20))
    (late,) = st["late_units"]
    assert (late["unit"], late["timeliness_from"]) == ("QLDT", "file_date")
    assert st["flagged_values"] == []  # a note about the return, not about its values
    r = CliRunner().invoke(
        cli, ["status", str(master), "-p", "2023-Q2", "--as-of", "2023-06-20"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert "theo ngày của tệp" in " ".join(r.output.split())
    assert "18/06/2023 10:00" in r.output and "2023-06-18T" not in r.output, r.output
    # the same file with the e-mail's time: no guess left
    r = CliRunner().invoke(
        cli,
        ["merge", str(master), str(f), "--received-at", "2023-06-14T01:00+00:00"],
        env={"COLUMNS": "160"},
    )
    assert "không rõ thời điểm nhận" not in r.output
    text = " ".join(r.output.split())  # (a time in another zone is shown in the office's)
    assert "14/06/2023 08:00" in text and "theo ngày của tệp" not in text, text
    assert "2023-06-14" not in text


def test_an_outlook_msg_is_read_with_extract_msg(env, tmp_path, monkeypatch):
    """No .msg writer exists in Python: extract-msg's reading is stood in for by an object of
    its shape; merge's handling of what it returns (attachments, the message time) is real."""
    tmp, master, returns = env
    k = keys_of(tmp, "BODE")[0]
    att = rewrite(unit_file(tmp, "BODE", tmp_path, "x.xlsx"), fill({k: {"status": "HT"}}))
    m = returns / "Phường Bồ Đề.msg"
    m.write_bytes(b"\xd0\xcf\x11\xe0 not read here")
    opened = []

    def open_msg(path):
        opened.append(path)
        a = types.SimpleNamespace(longFilename="2023-Q2_BODE.xlsx", data=att.read_bytes())
        return types.SimpleNamespace(
            date=dt.datetime(2023, 6, 13, 16, 45, tzinfo=TZ), attachments=[a], close=lambda: None
        )

    monkeypatch.setitem(sys.modules, "extract_msg", types.SimpleNamespace(openMsg=open_msg))
    res = merge(master, m)
    (f,) = res["files"]
    assert opened == [str(m)]
    assert (f["status"], f["unit"], f["received_at"]) == (
        "merged",
        "BODE",
        "2023-06-13T16:45:00+07:00",
    )
    assert latest(master, "BODE")[(k, "BODE")]["status"] == "Hoàn thành"


def test_extract_msg_is_installed_and_rejects_a_damaged_msg(env):
    import extract_msg  # noqa: F401  (a declared dependency)

    tmp, master, returns = env
    m = returns / "hỏng.msg"
    m.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    res = merge(master, m)
    assert res["files"][0]["reason_code"] == "unreadable_message"


def test_received_times_are_kept_in_the_office_time_zone_whatever_the_computers(env):
    """A server whose clock runs in UTC: a file saved at 20:00 UTC on 15/06 was received on
    16/06 at 03:00 in the office (UTC+7), so the day that decides on time or late is 16/06,
    and the merge table says 16/06/2023 03:00."""
    tmp, master, returns = env
    k = keys_of(tmp, "QLDT")[0]
    f = rewrite(unit_file(tmp, "QLDT", returns), fill({k: {"status": "HT"}}))
    utc = dt.UTC
    t = dt.datetime(2023, 6, 15, 20, 0, tzinfo=utc).timestamp()
    os.utime(f, (t, t))
    res = merge(master, f, now=dt.datetime(2023, 6, 20, 2, 0, tzinfo=utc))
    (got,) = res["files"]
    assert got["received_at"] == "2023-06-16T03:00:00+07:00"
    rows = latest(master, "QLDT", keep_time_flag=True)
    assert {x["received_at"] for x in rows.values()} == {"2023-06-16T03:00:00+07:00"}
    # given in another zone: the same instant, in the office's
    m2 = eml(
        returns / "thu.eml", [unit_file(tmp, "VHTT", returns)], "Thu, 15 Jun 2023 20:00:00 +0000"
    )
    res = merge(master, m2, now=dt.datetime(2023, 6, 20, 2, 0, tzinfo=utc))
    assert [x["received_at"] for x in res["files"]] == ["2023-06-16T03:00:00+07:00"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("14/06/2023 09:30", "2023-06-14T09:30:00"),
        ("14/06/2023  9:30", "2023-06-14T09:30:00"),
        ("14/06/2023", "2023-06-14T00:00:00"),
        ("2023-06-14T09:30+07:00", "2023-06-14T09:30:00+07:00"),
    ],
)
def test_received_at_as_people_write_it(env, given, stored):
    tmp, master, returns = env
    f = unit_file(tmp, "QLDT", returns)
    r = CliRunner().invoke(cli, ["merge", str(master), str(f), "--received-at", given])
    assert r.exit_code == 0, r.output
    (row, *_) = latest(master, "QLDT").values()
    assert row["received_at"] == stored
