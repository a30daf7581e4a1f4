"""mail send / remind against a real SMTP server (aiosmtpd) on loopback, and dry-run .eml."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailservers import PASSWORD, UNITS, SmtpServer, make_master, make_outbox
from sheettools import store
from sheettools.cli import cli
from sheettools.docinfo import date_words
from sheettools.errors import InputError, TemplateError
from sheettools.i18n import set_lang
from sheettools.mail import (
    MailError,
    build_message,
    remind_units,
    send_workbooks,
    template_values,
)
from sheettools.mail_config import MailConfig, config_from_dict, load_config
from sheettools.model import Period, Report, Unit

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
NOW = dt.datetime(2023, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
ADDRESSES = [a for u in UNITS for a in u.email]


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch):
    """People-facing text in Vietnamese (the default), whatever ran before."""
    monkeypatch.delenv("SHEETTOOLS_LANG", raising=False)
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def setup(tmp_path):
    master = make_master(tmp_path)
    outbox = make_outbox(tmp_path)
    return master, outbox


def cfg_for(server: SmtpServer, **kw) -> MailConfig:
    base = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "none",
        "from_address": "mttq@lb.example",
        "from_name": "Cơ quan Thường trực",
        "contact": "Đ/c Hà, 024 3872 0000",
        "retry_delay": 0.01,
        "max_attempts": 3,
        "timeout": 5,
    }
    base.update(kw)
    return config_from_dict(base)


def send(master, outbox, cfg, sleeps=None, **kw):
    sleeps = [] if sleeps is None else sleeps
    return send_workbooks(outbox, master, config=cfg, now=NOW, sleep=sleeps.append, **kw)


def results(report) -> dict[str, str]:
    return {r["address"] or r["unit"]: r["result"] for r in report["rows"]}


def test_send_delivers_one_message_per_unit_with_its_workbook(smtp, setup):
    master, outbox = setup
    report = send(master, outbox, cfg_for(smtp))
    got = smtp.handler.parsed()
    # one envelope per address; the unit without an address is reported, never a crash
    assert sorted(r for rcpts, _ in got for r in rcpts) == sorted(ADDRESSES)
    assert results(report)["UBND_BD"] == "skipped: no address"
    assert report["summary"] == {
        "sent": 4,
        "failed": 0,
        "skipped": 0,
        "dry_run": 0,
        "no_address": 1,
    }
    by_rcpt = {rcpts[0]: msg for rcpts, msg in got}
    raw_by_rcpt = {rcpts[0]: raw for _f, rcpts, raw in smtp.handler.messages}
    for u in UNITS:
        for a in u.email:
            msg = by_rcpt[a]
            assert [x.strip() for x in msg["To"].split(",")] == u.email
            assert msg["From"].addresses[0].addr_spec == "mttq@lb.example"
            assert msg["Subject"] == (
                f"[Quý II/2023] Đề nghị {u.name} báo cáo tiến độ thực hiện kế hoạch năm 2023"
            )
            encoded = [x for x in raw_by_rcpt[a].split(b"\r\n") if b"=?utf-8?" in x]
            assert encoded and all(len(x) <= 78 for x in encoded)  # RFC 2047 words, folded
            body = msg.get_body(("plain",)).get_content()
            assert f"Kính gửi: {u.name}" in body
            assert "ngày 15 tháng 6 năm 2023" in body
            assert "Đ/c Hà, 024 3872 0000" in body
            assert "Ủy ban MTTQ quận Long Biên" in body  # the signature
            atts = list(msg.iter_attachments())
            assert [p.get_filename() for p in atts] == [f"2023-Q2_{u.code}.xlsx"]
            assert atts[0].get_content() == (outbox / f"2023-Q2_{u.code}.xlsx").read_bytes()
            assert msg["Message-ID"] and msg["Date"]
    # both addresses of one unit get the same message
    assert by_rcpt["vhtt@lb.example"]["Message-ID"] == by_rcpt["tp.vhtt@lb.example"]["Message-ID"]
    log = store.load_master(master).sendlog
    sent = {(e.unit, e.address): e for e in log if e.result == "sent"}
    assert set(sent) == {(u.code, a) for u in UNITS for a in u.email}
    e = sent[("PQLDT", "qldt@lb.example")]
    import hashlib

    assert e.sha256 == hashlib.sha256((outbox / "2023-Q2_PQLDT.xlsx").read_bytes()).hexdigest()
    assert e.period == "2023-Q2" and e.kind == "send" and e.time.startswith("2023-06-01T09:30")
    assert [x.result for x in log if x.unit == "UBND_BD"] == ["skipped: no address"]


def test_resending_needs_resend_and_a_changed_file_goes_again(smtp, setup):
    master, outbox = setup
    cfg = cfg_for(smtp)
    send(master, outbox, cfg)
    assert len(smtp.handler.messages) == 4
    again = send(master, outbox, cfg)
    assert len(smtp.handler.messages) == 4
    assert {r for a, r in results(again).items() if a != "UBND_BD"} == {"skipped: already sent"}
    # the unit's workbook changed (re-split): that unit only is sent again
    (outbox / "2023-Q2_PQLDT.xlsx").write_bytes(b"PK new contents")
    third = send(master, outbox, cfg)
    assert [r for _f, r, _m in smtp.handler.messages[4:]] == [["qldt@lb.example"]]
    assert results(third)["qldt@lb.example"] == "sent"
    forced = send(master, outbox, cfg, resend=True, units=["HLHPN"])
    assert results(forced) == {"phunu@lb.example": "sent"}
    assert smtp.handler.messages[-1][1] == ["phunu@lb.example"]


def test_temporary_failures_are_retried_with_backoff(smtp, setup):
    master, outbox = setup
    smtp.handler.temp_fail["qldt@lb.example"] = 2
    smtp.handler.temp_fail["phunu@lb.example"] = 99  # never recovers
    sleeps: list[float] = []
    report = send(master, outbox, cfg_for(smtp), sleeps)
    rows = {r["address"]: r for r in report["rows"]}
    assert rows["qldt@lb.example"]["result"] == "sent"
    assert rows["qldt@lb.example"]["attempts"] == 3
    assert smtp.handler.rcpt_attempts["qldt@lb.example"] == 3
    assert rows["phunu@lb.example"]["result"].startswith("failed: tạm thời 451")
    assert smtp.handler.rcpt_attempts["phunu@lb.example"] == 3
    assert sleeps == [0.01, 0.02, 0.01, 0.02]  # doubling back-off per address
    assert rows["vhtt@lb.example"]["result"] == "sent"


def test_one_rejected_address_does_not_stop_the_others(smtp, setup):
    master, outbox = setup
    smtp.handler.reject.add("vhtt@lb.example")
    sleeps: list[float] = []
    report = send(master, outbox, cfg_for(smtp), sleeps)
    res = results(report)
    assert res["vhtt@lb.example"].startswith("failed: 550")
    assert sleeps == []  # permanent failures are not retried
    assert res["tp.vhtt@lb.example"] == res["qldt@lb.example"] == res["phunu@lb.example"] == "sent"
    assert sorted(r[0] for _f, r, _m in smtp.handler.messages) == sorted(
        a for a in ADDRESSES if a != "vhtt@lb.example"
    )
    log = store.load_master(master).sendlog
    assert [e.result[:11] for e in log if e.address == "vhtt@lb.example"] == ["failed: 550"]
    # the address is fixed on the server side: the next run sends only what is missing
    smtp.handler.reject.clear()
    second = send(master, outbox, cfg_for(smtp))
    assert results(second)["vhtt@lb.example"] == "sent"
    assert [r for _f, r, _m in smtp.handler.messages[3:]] == [["vhtt@lb.example"]]


def test_unreachable_server_fails_every_address_and_keeps_the_log(setup):
    master, outbox = setup
    from mailservers import free_port

    cfg = config_from_dict({"host": "127.0.0.1", "port": free_port(), "security": "none", "from_address": "a@lb.example",
                            "retry_delay": 0.001, "max_attempts": 2, "timeout": 2})  # fmt: skip
    sleeps: list[float] = []
    report = send(master, outbox, cfg, sleeps)
    assert report["summary"]["failed"] == 4
    assert len(sleeps) == 1  # retried once, then the rest fail fast
    log = store.load_master(master).sendlog
    assert sum(e.result.startswith("failed") for e in log) == 4


def test_dry_run_writes_eml_files_and_leaves_the_master_alone(setup):
    master, outbox = setup
    before = master.read_bytes()
    report = send_workbooks(outbox, master, config=MailConfig(), now=NOW, dry_run=True)
    emls = sorted(p.name for p in (outbox / "eml").glob("*.eml"))
    assert emls == ["2023-Q2_HLHPN.eml", "2023-Q2_PQLDT.eml", "2023-Q2_PVHTT.eml"]
    assert report["summary"]["dry_run"] == 4 and report["summary"]["no_address"] == 1
    assert master.read_bytes() == before
    msg = BytesParser(policy=policy.default).parsebytes(
        (outbox / "eml" / "2023-Q2_PVHTT.eml").read_bytes()
    )
    assert msg["To"].addresses[0].addr_spec == "vhtt@lb.example"
    assert msg["X-Unsent"] == "1"  # opens as a draft in Outlook
    assert "Phòng Văn hóa và Thông tin" in msg["Subject"]
    att = next(msg.iter_attachments())
    assert att.get_content() == (outbox / "2023-Q2_PVHTT.xlsx").read_bytes()
    assert (
        att.get_content_type()
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_non_ascii_attachment_name_uses_rfc2231(tmp_path):
    f = tmp_path / "Báo cáo quý II – Phòng VHTT.xlsx"
    f.write_bytes(b"PK\x03\x04 data")
    msg = build_message(cfg=MailConfig(from_address="a@b.example"), to=["x@y.example"],
                        subject="Tiêu đề có dấu", body="Nội dung\n", attachment=f, now=NOW)  # fmt: skip
    raw = msg.as_bytes()
    assert re.search(rb"filename\*(0\*)?=utf-8''B%C3%A1o", raw)  # RFC 2231, not RFC 2047
    back = BytesParser(policy=policy.default).parsebytes(raw)
    assert next(back.iter_attachments()).get_filename() == "Báo cáo quý II – Phòng VHTT.xlsx"
    assert back["Subject"] == "Tiêu đề có dấu"


def test_smtp_login_uses_the_password_and_never_writes_it(tmp_path, setup, monkeypatch):
    master, outbox = setup
    server = SmtpServer(auth=True)
    try:
        monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD)
        conf = tmp_path / "sheettools.toml"
        conf.write_text(
            f'[mail]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
            'user = "office@lb.example"\nfrom_address = "office@lb.example"\n'
            "retry_delay = 0.01\n",
            encoding="utf-8",
        )
        runner = CliRunner()
        res = runner.invoke(cli, ["mail", "send", str(outbox), "--master", str(master),
                                  "--config", str(conf), "--format", "json"])  # fmt: skip
        assert res.exit_code == 0, res.output
        assert ("office@lb.example", PASSWORD) in server.handler.logins
        assert len(server.handler.messages) == 4
        # a wrong password: one clear error line, the password not in it
        monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", PASSWORD + "-wrong")
        with pytest.raises(MailError) as exc:
            send_workbooks(outbox, master, config=load_config(conf), now=NOW, resend=True)
        assert "refused the login" in str(exc.value) or "từ chối đăng nhập" in str(exc.value)
        assert PASSWORD not in exc.value.one_line()
        res2 = runner.invoke(cli, ["mail", "send", str(outbox), "--master", str(master),
                                   "--config", str(conf), "--dry-run"])  # fmt: skip
        assert res2.exit_code == 0
    finally:
        server.stop()
    secret = PASSWORD.encode()
    outputs = [res.output.encode(), res2.output.encode()] + [
        m for *_x, m in server.handler.messages
    ]
    for p in [master, store.previous_path(master), *outbox.rglob("*"), *tmp_path.glob("*.xlsx")]:
        if p.is_file():
            outputs.append(p.read_bytes())
            if p.suffix == ".xlsx":  # the master's cells, uncompressed
                with zipfile.ZipFile(p) as z:
                    outputs += [z.read(n) for n in z.namelist()]
    assert outputs and not any(secret in o for o in outputs)
    assert store.load_master(master).log[-1].command == "mail send"


def test_cli_dry_run_and_master_found_beside_outbox(setup):
    master, outbox = setup
    res = CliRunner().invoke(
        cli, ["--lang", "en", "mail", "send", str(outbox), "--dry-run", "--unit", "PQLDT"]
    )
    assert res.exit_code == 0, res.output
    assert "dry-run 1" in res.output
    msg = BytesParser(policy=policy.default).parsebytes(
        (outbox / "eml" / "2023-Q2_PQLDT.eml").read_bytes()
    )
    assert "please report progress" in msg["Subject"]
    assert "15 June 2023" in msg.get_body(("plain",)).get_content()
    bad = CliRunner().invoke(cli, ["mail", "send", str(outbox), "--unit", "NOPE", "--dry-run"])
    assert bad.exit_code == 2 and "NOPE" in bad.output


def test_cli_without_server_settings_says_what_to_do(setup, tmp_path, monkeypatch, capsys):
    master, outbox = setup
    monkeypatch.chdir(tmp_path)
    from sheettools.cli import main

    before = master.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "mail", "send", str(outbox), "--master", str(master)])
    assert exc.value.code == 5
    assert "No SMTP server is configured" in capsys.readouterr().err
    (tmp_path / "sheettools.toml").write_text('[mail]\nhost = "127.0.0.1"\nuser = "u@lb.example"\n')
    monkeypatch.delenv("SHEETTOOLS_MAIL_PASSWORD", raising=False)
    with pytest.raises(SystemExit) as exc:
        main(["--lang", "en", "mail", "send", str(outbox), "--master", str(master)])
    assert exc.value.code == 5
    err = capsys.readouterr().err
    assert "password is missing (u@lb.example)" in err and "SHEETTOOLS_MAIL_PASSWORD" in err
    assert master.read_bytes() == before  # nothing logged: nothing was tried


def test_office_template_override_and_its_errors(setup, tmp_path, monkeypatch):
    master, outbox = setup
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    monkeypatch.setenv("SHEETTOOLS_TEMPLATES", str(tdir))
    (tdir / "mail_send.txt").write_text(
        "## ghi chú\nTiêu đề: Biểu {period_code} cho {unit_code}\n\nHạn: {due_date}. {{giữ nguyên}}\n",
        encoding="utf-8",
    )
    send_workbooks(outbox, master, config=MailConfig(), now=NOW, dry_run=True, units=["HLHPN"])
    msg = BytesParser(policy=policy.default).parsebytes(
        (outbox / "eml" / "2023-Q2_HLHPN.eml").read_bytes()
    )
    assert msg["Subject"] == "Biểu 2023-Q2 cho HLHPN"
    assert msg.get_body(("plain",)).get_content().strip() == "Hạn: 15/06/2023. {giữ nguyên}"
    (tdir / "mail_send.txt").write_text("Tiêu đề: {ten_don_vi}\n\nx\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="ten_don_vi"):
        send_workbooks(outbox, master, config=MailConfig(), now=NOW, dry_run=True)
    (tdir / "mail_send.txt").write_text("Chào {unit_name}\n", encoding="utf-8")
    with pytest.raises(TemplateError):
        send_workbooks(outbox, master, config=MailConfig(), now=NOW, dry_run=True)


def test_config_file_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SHEETTOOLS_CONFIG", raising=False)
    assert load_config().source == ""
    (tmp_path / "sheettools.toml").write_text(
        '[mail]\nhost = "smtp.lb.example"\nsecurity = "SSL"\n'
    )
    cfg = load_config()
    assert (cfg.host, cfg.security, cfg.smtp_port, cfg.imap_port_eff) == (
        "smtp.lb.example",
        "ssl",
        465,
        993,
    )
    (tmp_path / "sheettools.toml").write_text('[mail]\nhost = "h"\npassword = "hunter2"\n')
    with pytest.raises(InputError) as exc:
        load_config()
    assert "hunter2" not in exc.value.one_line()
    (tmp_path / "sheettools.toml").write_text('[mail]\nsecurity = "tls13"\n')
    with pytest.raises(InputError, match="security"):
        load_config()
    with pytest.raises(InputError, match="host_name"):
        config_from_dict({"host_name": "x"})


def test_period_means_the_code_in_mail_as_in_workbooks(tmp_path):
    """{period} is the code and {period_label} the name in every template (split, summary, mail)."""
    master = store.load_master(make_master(tmp_path))
    per = Period(code="2023-Q2", label="Quý II/2023", start="2023-04-01", end="2023-06-30",
                 due_date="2023-06-05")  # fmt: skip
    for lang, label, words in [("vi", "Quý II/2023", "ngày 05 tháng 6 năm 2023"),
                               ("en", "Q2 2023", "5 June 2023")]:  # fmt: skip
        set_lang(lang)
        try:
            v = template_values(master, Unit(code="GT", name="Giao thông"), per, MailConfig(),
                                file_name="x.xlsx", tasks=3)  # fmt: skip
        finally:
            set_lang("vi")
        assert (v["period"], v["period_label"], v["due_date_words"]) == ("2023-Q2", label, words)


def test_due_date_in_words():
    """One date-in-words for mail, workbooks and documents (docinfo.date_words)."""
    assert date_words("2023-06-15", "vi") == "ngày 15 tháng 6 năm 2023"
    assert date_words("2023-02-05", "vi") == "ngày 05 tháng 02 năm 2023"  # Decree 30 zeros
    assert date_words("2023-12-01", "en") == "1 December 2023"


def test_missing_manifest_is_a_clear_error(tmp_path):
    master = make_master(tmp_path)
    with pytest.raises(InputError, match="manifest"):
        send_workbooks(tmp_path, master, config=MailConfig(), now=NOW, dry_run=True)


def _with_reports(master: Path) -> None:
    m = store.load_master(master)
    m.reports += [
        Report(period="2023-Q2", key="II.1.1", unit="PQLDT", status=None, received_at="2023-06-10T08:00:00+07:00"),
        Report(period="2023-Q2", key="II.1.3", unit="HLHPN", status="Hoàn thành", progress=100,
               result="Đã thăm 120 gia đình", received_at="2023-06-09T08:00:00+07:00"),
        Report(period="2023-Q2", key="II.1.2", unit="HLHPN", role="coord", status="Đang thực hiện",
               progress=50, received_at="2023-06-09T08:00:00+07:00"),
    ]  # fmt: skip
    store.save_master(m, master)


def test_remind_writes_only_to_missing_and_incomplete_units(smtp, setup):
    master, outbox = setup
    _with_reports(master)
    report = remind_units(master, "Q2/2023", config=cfg_for(smtp), as_of=dt.date(2023, 6, 20),
                          now=NOW, outbox=outbox, sleep=lambda s: None)  # fmt: skip
    reminded = {u["unit"] for u in report["units"]}
    assert reminded == {"PVHTT", "PQLDT", "UBND_BD"}  # HLHPN reported in full
    got = {rcpts[0]: msg for rcpts, msg in smtp.handler.parsed()}
    assert sorted(got) == ["qldt@lb.example", "tp.vhtt@lb.example", "vhtt@lb.example"]
    body = got["qldt@lb.example"].get_body(("plain",)).get_content()
    assert "1 nội dung chưa điền" in body and "II.1.1: Ra quân tổng vệ sinh môi trường" in body
    assert "Nhắc báo cáo" in got["qldt@lb.example"]["Subject"]
    vbody = got["vhtt@lb.example"].get_body(("plain",)).get_content()
    assert "Chưa nhận được báo cáo kỳ Quý II/2023" in vbody
    att = next(got["vhtt@lb.example"].iter_attachments())
    # a workbook built afresh for the reminder (pre-filled, missing rows marked)
    assert att.get_content() == (outbox / "remind" / "2023-Q2_PVHTT.xlsx").read_bytes()
    assert "biểu đính kèm (2023-Q2_PVHTT.xlsx" in vbody
    assert results(report)["UBND_BD"] == "skipped: no address"
    log = [e for e in store.load_master(master).sendlog if e.kind == "remind"]
    assert sorted(e.address for e in log if e.result == "sent") == sorted(got)


def test_remind_dry_run_finds_the_outbox_from_the_send_log(smtp, setup):
    master, outbox = setup
    send(master, outbox, cfg_for(smtp))
    _with_reports(master)
    report = remind_units(master, "2023-Q2", config=MailConfig(), as_of=dt.date(2023, 6, 20),
                          now=NOW, dry_run=True)  # fmt: skip
    assert Path(report["eml_dir"]) == outbox / "eml"
    names = sorted(p.name for p in (outbox / "eml").glob("remind_*.eml"))
    assert names == ["remind_2023-Q2_PQLDT.eml", "remind_2023-Q2_PVHTT.eml"]
    msg = BytesParser(policy=policy.default).parsebytes((outbox / "eml" / names[0]).read_bytes())
    assert next(msg.iter_attachments()).get_filename() == "2023-Q2_PQLDT.xlsx"


def test_password_from_the_environment_else_the_keyring(monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    from sheettools.mail_config import get_password

    class Memory(KeyringBackend):
        priority = 1
        store = {("sheettools", "office@lb.example"): "from-keyring"}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    old = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        cfg = MailConfig(user="office@lb.example")
        monkeypatch.setenv("SHEETTOOLS_MAIL_PASSWORD", "from-env")
        assert get_password(cfg, cfg.user) == "from-env"
        monkeypatch.delenv("SHEETTOOLS_MAIL_PASSWORD")
        assert get_password(cfg, cfg.user) == "from-keyring"
        assert get_password(cfg, "someone@else.example") is None
        assert get_password(MailConfig(keyring_service=""), cfg.user) is None
    finally:
        keyring.set_keyring(old)


def test_lang_parameter_applies_to_that_call_only(setup):
    from sheettools.i18n import get_lang

    master, outbox = setup
    send_workbooks(
        outbox, master, config=MailConfig(), now=NOW, dry_run=True, units=["HLHPN"], lang="en"
    )
    assert get_lang() == "vi"
    msg = BytesParser(policy=policy.default).parsebytes(
        (outbox / "eml" / "2023-Q2_HLHPN.eml").read_bytes()
    )
    assert msg["Subject"].endswith("please report progress on the 2023 plan")
    assert "15 June 2023" in msg.get_body(("plain",)).get_content()


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_send_over_starttls_and_ssl(setup, tmp_path, security):
    from mailservers import self_signed_cert

    master, outbox = setup
    cert = self_signed_cert(tmp_path)
    server = SmtpServer(tls=security, cert=cert)
    try:
        cfg = cfg_for(server, security=security, cafile=cert[0])
        report = send(master, outbox, cfg, units=["PQLDT"])
        assert results(report) == {"qldt@lb.example": "sent"}
        assert [r for _f, r, _m in server.handler.messages] == [["qldt@lb.example"]]
        # a certificate the office does not trust is refused, and no mail goes out
        other = send(master, outbox, cfg_for(server, security=security, max_attempts=1),
                     units=["HLHPN"])  # fmt: skip
        assert results(other)["phunu@lb.example"].startswith("failed")
        assert len(server.handler.messages) == 1
    finally:
        server.stop()
