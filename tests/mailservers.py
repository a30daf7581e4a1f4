"""Real mail servers on loopback for the mail tests, and a small master + split folder.

- ``SmtpServer``: aiosmtpd on 127.0.0.1 that records every delivered message and can answer
  ``451`` (temporary) the first N times or ``550`` (permanent) for chosen recipients, with
  optional AUTH (plain over loopback) to check the password reaches the server and nowhere else.
- ``Dovecot``: a throwaway dovecot IMAP server (its own config, mailbox and ports in a temp
  folder, plaintext or SSL/STARTTLS with a self-signed certificate), started with
  ``dovecot -F`` and stopped at teardown; messages are delivered with IMAP APPEND.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from sheettools import store, xlsxio
from sheettools.model import Master, PlanInfo, Task, Unit
from sheettools.periods import default_periods

PASSWORD = "S3cr3t-Pässwörd-42"
DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


# --- a master and a split folder -----------------------------------------------------------

UNITS = [
    Unit(
        code="PVHTT",
        name="Phòng Văn hóa và Thông tin",
        email=["vhtt@lb.example", "tp.vhtt@lb.example"],
        contact="Chị Lan",
    ),  # fmt: skip
    Unit(code="PQLDT", name="Phòng Quản lý đô thị", email=["qldt@lb.example"]),
    Unit(code="UBND_BD", name="UBND phường Bồ Đề", level="ward", email=[]),
    Unit(code="HLHPN", name="Hội Liên hiệp Phụ nữ quận", email=["phunu@lb.example"]),
]


def make_master(folder: Path) -> Path:
    tasks = [
        Task(key="II.1", section="II", number="1", kind="group", content="Chỉnh trang đô thị"),
        Task(
            key="II.1.1",
            section="II",
            number="1.1",
            parent="II.1",
            content="Ra quân tổng vệ sinh môi trường",
            lead_units=["PQLDT"],
            coordinating_units=["UBND_BD"],
            due_raw="Quý II/2023",
            due_date="2023-06-30",
        ),  # fmt: skip
        Task(
            key="II.1.2",
            section="II",
            number="1.2",
            parent="II.1",
            content="Tuyên truyền kỷ niệm 20 năm thành lập Quận",
            lead_units=["PVHTT"],
            coordinating_units=["HLHPN"],
            due_raw="Tháng 6/2023",
            due_date="2023-06-30",
        ),  # fmt: skip
        Task(
            key="II.1.3",
            section="II",
            number="1.3",
            parent="II.1",
            content="Chăm lo gia đình chính sách",
            lead_units=["HLHPN"],
            due_raw="Quý II/2023",
            due_date="2023-06-30",
        ),  # fmt: skip
    ]
    master = Master(
        plan=PlanInfo(title="Kế hoạch 160-KH/QU", year=2023, office="Ủy ban MTTQ quận Long Biên"),
        tasks=tasks,
        units=[Unit(**u.__dict__) for u in UNITS],
        periods=default_periods(2023),
    )
    path = folder / "master.xlsx"
    store.save_master(master, path)
    return path


def make_outbox(folder: Path, period: str = "2023-Q2", due: str = "2023-06-15") -> Path:
    """A split folder like ``split`` writes: one small workbook per unit + manifest.csv (and,
    as split makes it, the signing secret beside ``folder/master.xlsx``)."""
    from sheettools.unitbook import load_or_create_secret

    load_or_create_secret(folder / "master.xlsx")
    out = folder / "outbox"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for u in UNITS:
        name = f"{period}_{u.code}.xlsx"
        wb = xlsxio.new_workbook(out / name)
        ws = wb.add_worksheet("Báo cáo")
        ws.write_string(0, 0, u.name)
        ws.write_string(1, 0, f"Kỳ {period}")
        xlsxio.close_workbook(wb, out / name)
        sha = hashlib.sha256((out / name).read_bytes()).hexdigest()
        rows.append([u.code, "; ".join(u.email), name, 2, sha, period, due])
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["unit", "email", "file", "tasks", "sha256", "period", "due_date"])
        w.writerows(rows)
    return out


# --- SMTP ----------------------------------------------------------------------------------


class Recorder:
    """aiosmtpd handler: records messages; ``temp_fail[addr] = n`` answers 451 n times,
    ``reject`` answers 550."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.temp_fail: dict[str, int] = {}
        self.reject: set[str] = set()
        self.rcpt_attempts: dict[str, int] = {}
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts[address] = self.rcpt_attempts.get(address, 0) + 1
        if address in self.reject:
            return "550 5.1.1 Mailbox unavailable"
        if self.temp_fail.get(address, 0) > 0:
            self.temp_fail[address] -= 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 Message accepted"

    def parsed(self):
        from email import policy
        from email.parser import BytesParser

        return [
            (rcpts, BytesParser(policy=policy.default).parsebytes(raw))
            for _f, rcpts, raw in self.messages
        ]


def self_signed_cert(folder: Path) -> tuple[str, str]:
    """A throwaway certificate for 127.0.0.1/localhost (cert, key), made with openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


class SmtpServer:
    def __init__(
        self, auth: bool = False, tls: str = "", cert: tuple[str, str] | None = None
    ) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.handler = Recorder()
        self.port = free_port()
        kwargs = {}
        if auth:

            def authenticator(server, session, envelope, mechanism, auth_data):
                login = auth_data.login.decode()
                pw = auth_data.password.decode()
                self.handler.logins.append((login, pw))
                ok = login == "office@lb.example" and pw == PASSWORD
                return AuthResult(success=ok, handled=False)

            kwargs = {
                "authenticator": authenticator,
                "auth_require_tls": False,
                "auth_required": True,
            }
        if tls:  # "starttls": plain port offering STARTTLS; "ssl": TLS from the first byte
            import ssl

            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(*cert)
            kwargs["tls_context" if tls == "starttls" else "ssl_context"] = ctx
            if tls == "starttls":
                kwargs["require_starttls"] = True
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


# --- IMAP (dovecot) ------------------------------------------------------------------------

DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u/Maildir
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
"""


class Dovecot:
    user = "office@lb.example"

    def __init__(self, with_ssl: bool = False) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="sheettools-dovecot-"))
        os.chmod(self.root, 0o755)
        self.port = free_port()
        self.imaps_port = free_port() if with_ssl else 0
        self.cafile = ""
        if os.geteuid() == 0:
            acct = pwd.getpwnam("dovecot") if _has_user("dovecot") else pwd.getpwnam("nobody")
            uid, gid = acct.pw_uid, acct.pw_gid
            internal = acct.pw_name
            login = "dovenull" if _has_user("dovenull") else acct.pw_name
        else:
            uid, gid = os.getuid(), os.getgid()
            internal = login = pwd.getpwuid(uid).pw_name
        ssl_line = "ssl = no"
        if with_ssl:
            cert, key = self_signed_cert(self.root)
            self.cafile = cert
            ssl_line = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}"
        for d in ("run", "state", "mail"):
            (self.root / d).mkdir()
        os.chown(self.root / "mail", uid, gid)
        (self.root / "users").write_text(f"{self.user}:{{PLAIN}}{PASSWORD}\n")
        conf = self.root / "dovecot.conf"
        conf.write_text(
            DOVECOT_CONF.format(
                root=self.root, ssl=ssl_line, internal=internal, login=login, uid=uid, gid=gid,
                port=self.port, imaps_port=self.imaps_port,
            )
        )  # fmt: skip
        self.proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            wait_port(self.port)
            if self.imaps_port:
                wait_port(self.imaps_port)
        except RuntimeError:
            self.stop()
            raise RuntimeError("dovecot did not start: " + self.log())

    def log(self) -> str:
        p = self.root / "dovecot.log"
        return p.read_text(errors="replace") if p.exists() else ""

    def client(self) -> imaplib.IMAP4:
        c = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        creds = f"\0{self.user}\0{PASSWORD}".encode()  # UTF-8 password: AUTHENTICATE PLAIN
        c.authenticate("PLAIN", lambda _challenge: creds)
        return c

    def append(self, msg: EmailMessage, when: dt.datetime, folder: str = "INBOX") -> None:
        c = self.client()
        try:
            typ, data = c.append(folder, None, imaplib.Time2Internaldate(when), msg.as_bytes())
            assert typ == "OK", data
        finally:
            c.logout()

    def flags(self) -> list[bytes]:
        c = self.client()
        try:
            c.select("INBOX", readonly=True)
            typ, data = c.fetch("1:*", "(FLAGS)")
            return [d for d in data if d]
        finally:
            c.logout()

    def count(self) -> int:
        c = self.client()
        try:
            typ, data = c.select("INBOX", readonly=True)
            return int(data[0])
        finally:
            c.logout()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stderr:
            self.proc.stderr.close()
        shutil.rmtree(self.root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def require_dovecot() -> None:
    """Skip when dovecot is absent, unless SHEETTOOLS_REQUIRE_SYSTEM is set (CI): then fail."""
    if DOVECOT:
        return
    if os.environ.get("SHEETTOOLS_REQUIRE_SYSTEM"):
        pytest.fail(
            "dovecot is not installed (run `make system-deps`); SHEETTOOLS_REQUIRE_SYSTEM is set"
        )
    pytest.skip("dovecot (a real IMAP server) is not installed; `make test` installs it")


def reply(
    *,
    sender: str,
    subject: str,
    when: dt.datetime,
    attachments: list[tuple[str, bytes, str]],
    message_id: str,
) -> EmailMessage:
    """A unit's reply with attachments (name, data, mime type)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "office@lb.example"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg.set_content("Gửi lại báo cáo.\n")
    for name, data, ctype in attachments:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg
