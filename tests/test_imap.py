"""mail fetch against a real IMAP server (dovecot on loopback, started by the fixtures)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile

import pytest
from click.testing import CliRunner

from mailservers import PASSWORD, Dovecot, make_master, reply, require_dovecot
from sheettools import store
from sheettools.cli import cli
from sheettools.i18n import set_lang
from sheettools.mail import MailError, fetch_returns, period_split_time
from sheettools.mail_config import config_from_dict
from sheettools.model import SendLogEntry

pytestmark = pytest.mark.imap
ICT = dt.timezone(dt.timedelta(hours=7))
SENT_AT = dt.datetime(2023, 6, 1, 9, 30, tzinfo=ICT)
NOW = dt.datetime(2023, 6, 20, 8, 0, tzinfo=ICT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
BOOK_A = b"PK\x03\x04 workbook of HLHPN"
BOOK_B = b"PK\x03\x04 annex ods"
BOOK_VI = b"PK\x03\x04 workbook of PVHTT"
BOOK_OLD = b"PK\x03\x04 an old workbook"
BOOK_EVIL = b"PK\x03\x04 evil path"
VI_NAME = "Báo cáo quý II – Phòng Văn hóa.xlsx"


def at(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2023, 6, day, hour, 15, tzinfo=ICT)


def mailbox_messages():
    return [
        reply(sender="qldt@lb.example", subject="Báo cáo cũ", when=dt.datetime(2023, 5, 20, 9, 0, tzinfo=ICT),
              attachments=[("cu.xlsx", BOOK_OLD, XLSX)], message_id="<old@lb.example>"),
        reply(sender="Hội LHPN <phunu@lb.example>", subject="Re: [Quý II/2023] báo cáo", when=at(5),
              attachments=[("2023-Q2_HLHPN.xlsx", BOOK_A, XLSX), ("phu_luc.ods", BOOK_B, ODS)],
              message_id="<two@lb.example>"),
        reply(sender="qldt@lb.example", subject="Ảnh chụp", when=at(6),
              attachments=[("anh_chup.pdf", b"%PDF-1.4 not a sheet", "application/pdf")],
              message_id="<pdf@lb.example>"),
        reply(sender="vhtt@lb.example", subject="Gửi báo cáo", when=at(7),
              attachments=[(VI_NAME, BOOK_VI, XLSX)], message_id="<vi@lb.example>"),
        reply(sender="x@lb.example", subject="tên tệp lạ", when=at(7, 11),
              attachments=[("../../etc/2023-Q2_PQLDT.xlsx", BOOK_EVIL, XLSX)], message_id="<evil@lb.example>"),
        reply(sender="Hội LHPN <phunu@lb.example>", subject="Fwd: gửi lại", when=at(8),
              attachments=[("ban_sao.xlsx", BOOK_A, XLSX)], message_id="<dup@lb.example>"),
    ]  # fmt: skip


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch):
    monkeypatch.delenv("SHEETTOOLS_LANG", raising=False)
    set_lang(None)


@pytest.fixture(scope="module")
def imap():
    require_dovecot()
    server = Dovecot()
    try:
        for m in mailbox_messages():
            server.append(m, dt.datetime.strptime(m["Date"], "%a, %d %b %Y %H:%M:%S %z"))
        yield server
    finally:
        server.stop()


@pytest.fixture
def master(tmp_path):
    path = make_master(tmp_path)
    m = store.load_master(path)
    m.sendlog.append(
        SendLogEntry(time=SENT_AT.isoformat(), period="2023-Q2", unit="PQLDT",
                     address="qldt@lb.example", file="x.xlsx", sha256="0" * 64, result="sent")
    )  # fmt: skip
    store.save_master(m, path)
    from sheettools.unitbook import load_or_create_secret

    load_or_create_secret(path)  # (the office's secret, made when its workbooks were split)
    return path


def config(server: Dovecot, **kw):
    base = {"imap_host": "127.0.0.1", "imap_port": server.port, "imap_security": "none",
            "user": server.user, "timeout": 10}  # fmt: skip
    base.update(kw)
    return config_from_dict(base)


def meta(folder, name):
    return json.loads((folder / (name + ".meta.json")).read_text(encoding="utf-8"))


def test_fetch_saves_spreadsheets_since_the_split_with_their_meta(
    imap, master, tmp_path, monkeypatch
):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    inbox = tmp_path / "inbox"
    assert (
        period_split_time(store.load_master(master), store.load_master(master).period("2023-Q2"))
        == SENT_AT
    )
    rep = fetch_returns(master, "2023-Q2", inbox, config=config(imap), now=NOW)
    files = sorted(
        p.name
        for p in inbox.iterdir()
        if not p.name.endswith(".meta.json") and not p.name.startswith(".")
    )
    assert files == sorted(["2023-Q2_HLHPN.xlsx", "phu_luc.ods", VI_NAME, "2023-Q2_PQLDT.xlsx"])
    assert (inbox / "2023-Q2_HLHPN.xlsx").read_bytes() == BOOK_A
    assert (inbox / "phu_luc.ods").read_bytes() == BOOK_B
    assert (inbox / VI_NAME).read_bytes() == BOOK_VI  # RFC 2231 name decoded
    assert (inbox / "2023-Q2_PQLDT.xlsx").read_bytes() == BOOK_EVIL  # no path parts kept
    assert rep["messages"] == 5  # the old message (before the split) is not read
    assert [d["message_id"] for d in rep["duplicates"]] == ["<dup@lb.example>"]
    assert [i["file"] for i in rep["ignored"]] == ["anh_chup.pdf"]
    m = meta(inbox, "2023-Q2_HLHPN.xlsx")
    assert (
        m["sender"] == "Hội LHPN <phunu@lb.example>" and m["sender_address"] == "phunu@lb.example"
    )
    assert m["message_date"] == "2023-06-05T10:15:00+07:00"
    assert m["sha256"] == hashlib.sha256(BOOK_A).hexdigest()
    assert m["message_id"] == "<two@lb.example>" and m["subject"] == "Re: [Quý II/2023] báo cáo"
    assert meta(inbox, "phu_luc.ods")["message_id"] == "<two@lb.example>"
    assert meta(inbox, VI_NAME)["message_date"] == "2023-06-07T10:15:00+07:00"
    # nothing marked read, nothing deleted
    assert all(b"\\Seen" not in f for f in imap.flags())
    assert imap.count() == 6
    # a second run skips what it already has
    again = fetch_returns(master, "2023-Q2", inbox, config=config(imap), now=NOW)
    assert again["saved"] == [] and again["messages"] == 0
    # even without the index, the sha256 in the meta files prevents duplicates
    (inbox / ".fetched.json").unlink()
    third = fetch_returns(master, "2023-Q2", inbox, config=config(imap), now=NOW)
    assert third["saved"] == [] and len(third["duplicates"]) == 5
    assert len(list(inbox.glob("*.meta.json"))) == 4


def test_fetch_since_option_and_a_name_collision(imap, master, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "2023-Q2_HLHPN.xlsx").write_bytes(b"a different file the office put here")
    rep = fetch_returns(master, "2023-Q2", inbox, config=config(imap), now=NOW,
                        since=dt.datetime(2023, 5, 1, tzinfo=ICT))  # fmt: skip
    names = {s["file"] for s in rep["saved"]}
    assert "cu.xlsx" in names  # the old message counts now
    assert "2023-Q2_HLHPN (2).xlsx" in names
    assert (inbox / "2023-Q2_HLHPN (2).xlsx").read_bytes() == BOOK_A
    assert (inbox / "2023-Q2_HLHPN.xlsx").read_bytes() == b"a different file the office put here"


def test_mark_seen_only_when_asked(imap, master, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    c = imap.client()
    c.create("Returns")
    c.logout()
    imap.append(mailbox_messages()[1], at(5), folder="Returns")
    imap.append(mailbox_messages()[2], at(6), folder="Returns")
    cfg = config(imap, imap_folder="Returns")
    fetch_returns(master, "2023-Q2", tmp_path / "in", config=cfg, now=NOW, mark_seen=True)
    c = imap.client()
    c.select("Returns", readonly=True)
    _typ, data = c.fetch("1:*", "(FLAGS)")
    c.logout()
    assert b"\\Seen" in data[0] and b"\\Seen" not in data[1]  # the pdf-only message is left


def test_wrong_password_is_one_clear_error_without_the_password(
    imap, master, tmp_path, monkeypatch
):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", "wrong-" + PASSWORD)
    with pytest.raises(MailError) as exc:
        fetch_returns(master, "2023-Q2", tmp_path / "in", config=config(imap), now=NOW)
    assert PASSWORD not in exc.value.one_line() and imap.user in exc.value.one_line()
    monkeypatch.delenv("SHEETTOOLS_MAIL_PASSWORD")
    with pytest.raises(MailError) as exc:
        fetch_returns(
            master, "2023-Q2", tmp_path / "in", config=config(imap, keyring_service=""), now=NOW
        )
    assert "SHEETTOOLS_MAIL_PASSWORD" in exc.value.one_line()


def test_cli_fetch_writes_no_password_anywhere(imap, master, tmp_path, monkeypatch):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    conf = tmp_path / "sheettools.toml"
    conf.write_text(
        f'[mail]\nimap_host = "127.0.0.1"\nimap_port = {imap.port}\nimap_security = "none"\n'
        f'user = "{imap.user}"\n',
        encoding="utf-8",
    )
    inbox = tmp_path / "inbox"
    res = CliRunner().invoke(cli, ["mail", "fetch", str(master), "-p", "Quý II/2023",
                                   "--inbox", str(inbox), "--config", str(conf)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "lưu 4 tệp" in res.output
    blobs = [res.output.encode()]
    for p in [*tmp_path.rglob("*")]:
        if p.is_file():
            blobs.append(p.read_bytes())
            if p.suffix == ".xlsx" and zipfile.is_zipfile(p):
                with zipfile.ZipFile(p) as z:
                    blobs += [z.read(n) for n in z.namelist()]
    assert not any(PASSWORD.encode() in b for b in blobs)


@pytest.fixture(scope="module")
def imap_tls():
    require_dovecot()
    server = Dovecot(with_ssl=True)
    try:
        server.append(mailbox_messages()[3], at(7))
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_fetch_over_ssl_and_starttls(imap_tls, master, tmp_path, monkeypatch, security):
    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    port = imap_tls.imaps_port if security == "ssl" else imap_tls.port
    cfg = config(imap_tls, imap_port=port, imap_security=security, cafile=imap_tls.cafile)
    rep = fetch_returns(master, "2023-Q2", tmp_path / "in", config=cfg, now=NOW)
    assert [s["file"] for s in rep["saved"]] == [VI_NAME]
    # without the office's CA the self-signed certificate is refused
    with pytest.raises(MailError):
        fetch_returns(master, "2023-Q2", tmp_path / "in2", config=config(
            imap_tls, imap_port=port, imap_security=security), now=NOW)  # fmt: skip


def test_message_date_becomes_the_received_time_in_merge(imap, master, tmp_path, monkeypatch):
    import openpyxl

    from sheettools.merge import merge_files
    from sheettools.split import split_workbooks

    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    split_workbooks(master, "2023-Q2", tmp_path / "outbox", now=SENT_AT)
    book = tmp_path / "outbox" / "2023-Q2_PQLDT.xlsx"
    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:  # the report sheet: the row of field ids (#key, #status, ...)
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        ids = next((i for i, r in enumerate(rows) if "#key" in r), None)
        if ids is None:
            continue
        col = {v: j for j, v in enumerate(rows[ids]) if isinstance(v, str)}
        r = next(i for i, row in enumerate(rows) if row[col["#key"]] == "II.1.1")
        ws.cell(r + 1, col["#status"] + 1, "Hoàn thành")
        ws.cell(r + 1, col["#progress"] + 1, 100)
        ws.cell(r + 1, col["#result"] + 1, "Ra quân 3 đợt, thu gom 40 tấn rác")
        break
    else:
        raise AssertionError("no report sheet")
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    c = imap.client()
    c.create("Merge")
    c.logout()
    msg = reply(sender="qldt@lb.example", subject="Re: báo cáo quý II", when=at(9, 16),
                attachments=[("2023-Q2_PQLDT.xlsx", returned.read_bytes(), XLSX)],
                message_id="<merge@lb.example>")  # fmt: skip
    imap.append(msg, at(9, 16), folder="Merge")
    inbox = tmp_path / "inbox"
    fetch_returns(master, "2023-Q2", inbox, config=config(imap, imap_folder="Merge"), now=NOW)
    assert meta(inbox, "2023-Q2_PQLDT.xlsx")["message_date"] == "2023-06-09T16:15:00+07:00"
    merge_files(master, [inbox], period="2023-Q2", now=NOW, workers=1)
    reps = [r for r in store.load_master(master).reports if r.unit == "PQLDT" and r.key == "II.1.1"]
    assert [(r.status, r.received_at) for r in reps] == [
        ("Hoàn thành", "2023-06-09T16:15:00+07:00")
    ]


def test_a_vietnamese_folder_name(imap, master, tmp_path, monkeypatch):
    """imap_folder = "Báo cáo": the name goes over the wire in modified UTF-7 (RFC 3501)."""
    from imapclient import IMAPClient

    monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
    folder = "Báo cáo"
    c = IMAPClient("127.0.0.1", port=imap.port, ssl=False, timeout=10)
    c.plain_login(imap.user, PASSWORD)
    c.create_folder(folder)
    c.append(folder, mailbox_messages()[3].as_bytes(), msg_time=at(7))
    raw = [f[2] for f in c.list_folders()]
    c.logout()
    assert folder in raw  # (IMAPClient decodes the UTF-7 names it lists)
    rep = fetch_returns(master, "2023-Q2", tmp_path / "in", config=config(imap, imap_folder=folder),
                        now=NOW)  # fmt: skip
    assert [s["file"] for s in rep["saved"]] == [VI_NAME]
    assert (tmp_path / "in" / VI_NAME).read_bytes() == BOOK_VI
    with pytest.raises(MailError) as exc:  # a folder that is not there: one line, no traceback
        fetch_returns(master, "2023-Q2", tmp_path / "in2",
                      config=config(imap, imap_folder="Không có"), now=NOW)  # fmt: skip
    assert "Không có" in exc.value.one_line()


def test_the_desk_fetches_and_merges_the_returns_with_a_typed_password(
    imap, master, tmp_path, monkeypatch
):
    """The receive page's "Lấy báo cáo từ hộp thư": no password in the environment, so the
    page asks for it; the returns are fetched into nhan-ve/<period>/ and merged, received at
    their message's date; the password is written nowhere."""
    import openpyxl

    from sheettools.split import split_workbooks
    from test_web import Clock, client_for, post, wait_job

    monkeypatch.delenv("SHEETTOOLS_MAIL_PASSWORD", raising=False)
    monkeypatch.delenv("SHEETTOOLS_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    split_workbooks(master, "2023-Q2", tmp_path / "outbox", now=SENT_AT)
    wb = openpyxl.load_workbook(tmp_path / "outbox" / "2023-Q2_PQLDT.xlsx")
    ws = next(
        ws for ws in wb.worksheets if any(c.value == "#key" for r in ws.iter_rows() for c in r)
    )
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    ids = next(i for i, r in enumerate(rows) if "#key" in r)
    col = {v: j for j, v in enumerate(rows[ids]) if isinstance(v, str)}
    r = next(i for i, row in enumerate(rows) if row[col["#key"]] == "II.1.1")
    ws.cell(r + 1, col["#status"] + 1, "Hoàn thành")
    ws.cell(r + 1, col["#result"] + 1, "Thu gom 40 tấn rác")
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    c = imap.client()
    c.create("Desk")
    c.logout()
    imap.append(reply(sender="qldt@lb.example", subject="Re: báo cáo", when=at(10, 9),
                      attachments=[("2023-Q2_PQLDT.xlsx", returned.read_bytes(), XLSX)],
                      message_id="<desk@lb.example>"), at(10, 9), folder="Desk")  # fmt: skip
    master.with_name("sheettools.toml").write_text(
        f'[mail]\nimap_host = "127.0.0.1"\nimap_port = {imap.port}\nimap_security = "none"\n'
        f'user = "{imap.user}"\nimap_folder = "Desk"\ntimeout = 10\n',
        encoding="utf-8",
    )
    client, csrf = client_for(master, Clock(NOW))
    page = client.get("/receive?period=2023-Q2").text
    assert 'id="mailbox-fetch"' in page and 'type="password" name="password"' in page
    r = post(client, csrf, "/receive/mailbox", data={"period": "2023-Q2", "password": PASSWORD})
    text = wait_job(client, r.text)
    assert "1 tệp lưu" in text and 'class="o-merged"' in text, text
    reps = [r for r in store.load_master(master).reports if r.unit == "PQLDT" and r.key == "II.1.1"]
    assert [(r.result, r.received_at) for r in reps] == [
        ("Thu gom 40 tấn rác", "2023-06-10T09:15:00+07:00")
    ]
    for p in tmp_path.rglob("*"):
        if p.is_file():
            assert PASSWORD.encode() not in p.read_bytes(), p
