"""E-mail: send unit workbooks, remind the missing units, fetch the returns.

- ``send_workbooks`` sends each unit its workbook from a split folder (``manifest.csv``), one
  message per unit, with one SMTP envelope per address so that one failing address never
  stops the others. Temporary failures (4xx, lost connections) are retried with back-off.
  Every attempt's outcome goes to the master's ``sendlog`` sheet; a file already sent to an
  address (same unit, address and sha256, result ``sent``) is not sent again without
  ``resend``. ``dry_run`` writes ``<outdir>/eml/<period>_<unit>.eml`` instead and leaves the
  master untouched.
- ``remind_units`` writes to the units that are missing or left entries empty, saying what
  is missing and re-attaching their workbook (log kind ``remind``).
- ``fetch_returns`` reads the office mailbox over IMAP (never deleting or flagging mail unless
  ``mark_seen``), saves every spreadsheet attachment of messages since the period's split and
  writes ``<file>.meta.json`` beside it (sender, message date, sha256, message id, subject),
  which ``merge`` uses as the received time.

The password (see ``mail_config``) is only handed to the servers: it is never written to the
master, a log, a message or an ``.eml`` file, and is masked in error texts.
"""

from __future__ import annotations

import base64
import contextvars
import csv
import datetime as dt
import functools
import hashlib
import imaplib
import json
import mimetypes
import os
import re
import smtplib
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from email.utils import parsedate_to_datetime as _parse_date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from . import store
from .docinfo import date_words, period_label
from .errors import InputError, SheettoolsError, TemplateError
from .fsnames import make_folder
from .i18n import get_lang, set_lang, tr
from .mail_config import MailConfig, get_password, redact
from .model import Master, Period, SendLogEntry, Unit
from .periods import get_period
from .store import sha256_file
from .templates import find_template
from .textutil import nfc
from .unitbook import unit_file_name

if TYPE_CHECKING:
    from imapclient import IMAPClient

MANIFEST_NAME = "manifest.csv"
EML_DIR = "eml"
INDEX_NAME = ".fetched.json"
META_SUFFIX = ".meta.json"
SPREADSHEET_EXTS = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
SPREADSHEET_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": ".xlsm",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.ms-excel.sheet.binary.macroenabled.12": ".xlsb",
}
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class MailError(SheettoolsError):
    """The mail server cannot be reached or refuses the office's login."""

    exit_code = 5


# --- small helpers -------------------------------------------------------------------------


def _date_vn(iso: str) -> str:
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _iso(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.astimezone()


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


@dataclass
class MailTemplate:
    subject: str
    body: str
    path: str

    def render(self, values: dict[str, Any]) -> tuple[str, str]:
        try:
            subject = self.subject.format_map(_Strict(values))
            body = self.body.format_map(_Strict(values))
        except KeyError as exc:
            raise TemplateError(
                tr("Mẫu thư dùng chỗ trống không có", "The mail template uses an unknown field")
                + f": {{{exc.args[0]}}}",
                hint=tr("Các chỗ trống hợp lệ", "Valid fields") + ": " + ", ".join(sorted(values)),
                file=self.path,
            ) from None
        except (ValueError, IndexError) as exc:
            raise TemplateError(
                tr("Mẫu thư có dấu ngoặc nhọn sai", "The mail template has a stray brace")
                + f" ({exc})",
                hint=tr("Viết {{ hoặc }} cho dấu ngoặc thật", "Write {{ or }} for a literal brace"),
                file=self.path,
            ) from None
        return " ".join(subject.split()), body


def load_mail_template(
    kind: str, lang: str | None = None, templates_dir: str | os.PathLike | None = None
) -> MailTemplate:
    """``mail_send.txt`` / ``mail_remind.txt`` (``.en.txt`` in English): a ``Tiêu đề:``
    (or ``Subject:``) line, a blank line, the body; ``##`` lines are comments."""
    name = f"mail_{kind}.txt"
    path = None
    if (lang or get_lang()) == "en":
        try:
            path = find_template(f"mail_{kind}.en.txt", templates_dir)
        except TemplateError:
            path = None
    path = path or find_template(name, templates_dir)
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    lines = [ln for ln in text.split("\n") if not ln.startswith("##")]
    while lines and not lines[0].strip():
        lines.pop(0)
    m = re.match(r"\s*(tiêu đề|subject)\s*:\s*(.*)", lines[0] if lines else "", re.I)
    if not m:
        raise TemplateError(
            tr("Mẫu thư thiếu dòng tiêu đề", "The mail template lacks its subject line"),
            hint=tr(
                "Dòng đầu phải là 'Tiêu đề: ...', tiếp theo một dòng trống rồi nội dung thư",
                "The first line must be 'Subject: ...', then a blank line, then the body",
            ),
            file=str(path),
        )
    body = "\n".join(lines[1:]).strip("\n") + "\n"
    return MailTemplate(subject=m.group(2).strip(), body=body, path=str(path))


# --- the split folder ----------------------------------------------------------------------


@dataclass
class OutboxEntry:
    unit: str
    email: list[str]
    file: Path
    tasks: int
    sha256: str
    period: str
    due_date: str


def read_manifest(outdir: str | os.PathLike) -> list[OutboxEntry]:
    """The rows of ``<outdir>/manifest.csv`` written by ``split``."""
    p = Path(outdir) / MANIFEST_NAME
    if not p.is_file():
        raise InputError(
            tr("Thư mục không có manifest.csv", "The folder has no manifest.csv"),
            hint=tr(
                "Chạy 'sheettools split' để tạo biểu cho các đơn vị trước",
                "Run 'sheettools split' first to create the unit workbooks",
            ),
            file=str(p),
        )
    out = []
    with open(p, encoding="utf-8-sig", newline="") as fh:
        for rno, row in enumerate(csv.DictReader(fh), start=2):
            row = {(k or "").strip(): nfc(v or "") for k, v in row.items()}
            if not row.get("unit") or not row.get("file"):
                raise InputError(
                    tr("Dòng manifest thiếu unit hoặc file", "Manifest row lacks unit or file"),
                    hint=tr("Chạy lại 'sheettools split'", "Run 'sheettools split' again"),
                    file=str(p),
                    row=rno,
                )
            emails = [a.strip() for a in re.split(r"[;,]", row.get("email", "")) if a.strip()]
            tasks = row.get("tasks", "")
            out.append(
                OutboxEntry(
                    unit=row["unit"],
                    email=emails,
                    file=Path(outdir) / row["file"],
                    tasks=int(tasks) if tasks.isdigit() else 0,
                    sha256=row.get("sha256", ""),
                    period=row.get("period", ""),
                    due_date=row.get("due_date", ""),
                )
            )
    return out


# --- composing -----------------------------------------------------------------------------


def _default_signature(cfg: MailConfig, master: Master) -> str:
    lines = ["--"]
    office = master.plan.office or tr("Cơ quan Thường trực", "The standing office")
    if cfg.from_name and cfg.from_name != office:
        lines.append(cfg.from_name)
    lines.append(office)
    if cfg.contact:
        lines.append(cfg.contact)
    lines.append(_from_address(cfg))
    return "\n".join(lines)


def _from_address(cfg: MailConfig) -> str:
    return cfg.from_address or cfg.user or "office@sheettools.example"


def template_values(
    master: Master, unit: Unit, period: Period, cfg: MailConfig, *, file_name: str, tasks: int
) -> dict[str, Any]:
    year = period.code[:4]
    return {
        "unit_name": unit.name or unit.code,
        "unit_code": unit.code,
        "unit_contact": unit.contact,
        "period": period.code,
        "period_label": period_label(period),
        "period_code": period.code,  # the old name of {period}, kept for office templates
        "due_date": _date_vn(period.due_date) if period.due_date else "",
        "due_date_words": date_words(period.due_date) if period.due_date else "",
        "task_count": tasks,
        "file_name": file_name,
        # the plan as it is cited ("Kế hoạch số 160-KH/QU ngày 11/01/2023 của …", kept by
        # plan import), else its table's title
        "plan_title": master.settings.get("plan_citation")
        or master.plan.title
        or tr(f"kế hoạch năm {year}", f"the {year} plan"),
        "year": year,
        "office": master.plan.office or tr("Cơ quan Thường trực", "the standing office"),
        "contact": cfg.contact or _from_address(cfg),
        "signature": cfg.signature or _default_signature(cfg, master),
    }


def build_message(
    *,
    cfg: MailConfig,
    to: list[str],
    subject: str,
    body: str,
    attachment: Path | None,
    now: dt.datetime,
) -> EmailMessage:
    """A UTF-8 message with the workbook attached (file name encoded per RFC 2231)."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = (
        formataddr((cfg.from_name, _from_address(cfg))) if cfg.from_name else (_from_address(cfg))
    )
    msg["To"] = ", ".join(to)
    if cfg.reply_to:
        msg["Reply-To"] = cfg.reply_to
    if subject.isascii():
        msg["Subject"] = subject
    else:  # email's own folding drops the space where it splits encoded words: encode here
        msg.set_raw(
            "Subject", Header(subject, "utf-8", header_name="Subject").encode(linesep="\r\n")
        )
    msg["Date"] = format_datetime(_aware(now))
    domain = _from_address(cfg).rpartition("@")[2] or "sheettools.example"
    msg["Message-ID"] = make_msgid("sheettools", domain=domain)
    msg.set_content(body)
    if attachment is not None:
        data = attachment.read_bytes()
        ctype = mimetypes.guess_type(attachment.name)[0]
        maintype, subtype = ctype.split("/", 1) if ctype else XLSX_TYPE
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=nfc(attachment.name))
    return msg


# --- sending -------------------------------------------------------------------------------


class _Temporary(Exception):
    pass


class _Permanent(Exception):
    pass


def missing_password(cfg: MailConfig, user: str) -> MailError:
    return MailError(
        tr("Thiếu mật khẩu hộp thư", "The mailbox password is missing") + f" ({user})",
        hint=tr(
            f"Đặt biến môi trường {cfg.password_env} hoặc lưu mật khẩu vào keyring (dịch vụ '{cfg.keyring_service}')",
            f"Set the {cfg.password_env} environment variable or store it in the keyring (service '{cfg.keyring_service}')",
        ),
    )


def check_smtp_config(cfg: MailConfig) -> None:
    """Raise ``MailError`` (before anything is sent or locked) when sending cannot work."""
    if cfg.host and cfg.user and not get_password(cfg, cfg.user):
        raise missing_password(cfg, cfg.user)
    if cfg.host and not (cfg.from_address or cfg.user):
        raise MailError(
            tr("Chưa cấu hình địa chỉ gửi", "No sender address is configured"),
            hint=tr(
                "Ghi from_address vào mục [mail] của sheettools.toml",
                "Set from_address in the [mail] table of sheettools.toml",
            ),
        )
    if not cfg.host:
        raise MailError(
            tr("Chưa cấu hình máy chủ gửi thư", "No SMTP server is configured"),
            hint=tr(
                "Ghi host, port, security, user, from_address vào mục [mail] của sheettools.toml (xem docs/mail.md), hoặc dùng --dry-run",
                "Set host, port, security, user, from_address in the [mail] table of sheettools.toml (see docs/mail.md), or use --dry-run",
            ),
        )


class SmtpSender:
    """One SMTP connection, opened lazily and re-opened after it drops."""

    def __init__(self, cfg: MailConfig, password: str | None) -> None:
        self.cfg = cfg
        self._password = password
        self.conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.cfg
        check_smtp_config(cfg)
        try:
            conn: smtplib.SMTP
            if cfg.security == "ssl":
                conn = smtplib.SMTP_SSL(
                    cfg.host, cfg.smtp_port, timeout=cfg.timeout, context=cfg.ssl_context()
                )
            else:
                conn = smtplib.SMTP(cfg.host, cfg.smtp_port, timeout=cfg.timeout)
                if cfg.security == "starttls":
                    conn.starttls(context=cfg.ssl_context())
            if cfg.user:
                if not self._password:
                    conn.close()
                    raise missing_password(cfg, cfg.user)
                _smtp_login(conn, cfg.user, self._password)
        except smtplib.SMTPAuthenticationError:
            raise MailError(
                tr("Máy chủ thư từ chối đăng nhập", "The mail server refused the login")
                + f" ({cfg.user}@{cfg.host})",
                hint=tr(
                    f"Kiểm tra tên đăng nhập và mật khẩu ({cfg.password_env})",
                    f"Check the user name and password ({cfg.password_env})",
                ),
            ) from None
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise _Temporary(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
            raise _Permanent(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise _Temporary(type(exc).__name__ + ": " + str(exc)) from None
        return conn

    def send(self, msg: EmailMessage, rcpt: str) -> None:
        """Deliver ``msg`` to one envelope recipient; raises _Temporary or _Permanent."""
        if self.conn is None:
            self.conn = self._connect()
        try:
            self.conn.send_message(msg, from_addr=_from_address(self.cfg), to_addrs=[rcpt])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            self._reset()
            if 400 <= code < 500:
                raise _Temporary(f"{code} {_text(text)}") from None
            raise _Permanent(f"{code} {_text(text)}") from None
        except smtplib.SMTPResponseException as exc:
            self._reset()
            if 400 <= exc.smtp_code < 500:
                raise _Temporary(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
            raise _Permanent(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise _Temporary(type(exc).__name__ + ": " + str(exc)) from None

    def _reset(self) -> None:
        try:
            if self.conn is not None:
                self.conn.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                try:
                    self.conn.close()
                except OSError:
                    pass
            self.conn = None


def _smtp_login(conn: smtplib.SMTP, user: str, password: str) -> None:
    """``SMTP.login``, but a non-ASCII password goes as UTF-8 AUTH PLAIN (RFC 4616), which
    smtplib alone cannot send."""
    if password.isascii() and user.isascii():
        conn.login(user, password)
        return
    conn.ehlo_or_helo_if_needed()
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, resp = conn.docmd("AUTH", "PLAIN " + token)
    del token
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def _text(v: Any) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _deliver(
    sender: SmtpSender,
    msg: EmailMessage,
    rcpt: str,
    cfg: MailConfig,
    sleep: Callable[[float], None],
) -> tuple[str, int]:
    """Send with retries; returns (result, attempts). ``result`` is ``sent`` or
    ``failed: <reason>`` (``temporary`` when still failing after the last attempt)."""
    delay = cfg.retry_delay
    for attempt in range(1, cfg.max_attempts + 1):
        try:
            sender.send(msg, rcpt)
            return "sent", attempt
        except _Permanent as exc:
            return f"failed: {exc}", attempt
        except _Temporary as exc:
            if attempt == cfg.max_attempts:
                return f"failed: {tr('tạm thời', 'temporary')} {exc}", attempt
            sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def _already_sent(master: Master, kind: str, unit: str, address: str, sha: str) -> bool:
    a = address.casefold()
    return any(
        e.kind == kind
        and e.unit == unit
        and e.address.casefold() == a
        and e.sha256 == sha
        and e.result == "sent"
        for e in master.sendlog
    )


def _unit_for(master: Master, code: str, fallback_emails: list[str]) -> Unit:
    u = master.unit_map().get(code)
    if u is not None:
        return u
    return Unit(code=code, name=code, email=list(fallback_emails))


def _valid_address(a: str) -> bool:
    name, addr = getaddresses([a])[0]
    return bool(re.fullmatch(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+", addr))


def _write_eml(folder: Path, name: str, msg: EmailMessage) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    tmp = p.with_suffix(".eml.tmp")
    tmp.write_bytes(msg.as_bytes(policy=policy.SMTP))
    os.replace(tmp, p)
    return p


def _dispatch_logged(
    edit: store.Edit,
    jobs: list[dict[str, Any]],
    summary_text: Callable[[dict[str, int]], str],
    **kw: Any,
) -> list[dict[str, Any]]:
    """``_dispatch`` inside the master's edit: the send log is saved even when it stops
    half-way, and the change log says what was sent (``summary_text`` of ``_summary``)."""
    rows: list[dict[str, Any]] = []
    edit.save_on_error = True  # keep what was sent even when something went wrong half-way
    try:
        _dispatch(edit.master, jobs, rows=rows, **kw)
    finally:
        edit.summary = summary_text(_summary(rows))
    return rows


def _dispatch(
    master: Master,
    jobs: list[dict[str, Any]],
    *,
    kind: str,
    cfg: MailConfig,
    dry_run: bool,
    resend: bool,
    now: dt.datetime,
    eml_dir: Path | None,
    sleep: Callable[[float], None],
    progress: Callable[[int, int, str], None] | None,
    rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Send (or write as .eml) each prepared job; appends one result row per address to
    ``rows`` (kept by the caller even when this stops half-way) and returns it."""
    password = None if dry_run else get_password(cfg, cfg.user) if cfg.user else None
    post = None if dry_run else _Post(SmtpSender(cfg, password), cfg, password, sleep)
    try:
        for i, job in enumerate(jobs, start=1):
            unit: Unit = job["unit"]
            base = {"unit": unit.code, "name": unit.name, "file": job["file_name"]}
            addresses = [a for a in job["addresses"]]
            if not addresses:
                rows.append(base | {"address": "", "result": "skipped: no address"})
                if not dry_run:
                    master.sendlog.append(_entry(now, job, unit, "", "skipped: no address", kind))
                continue
            msg = build_message(
                cfg=cfg,
                to=addresses,
                subject=job["subject"],
                body=job["body"],
                attachment=job["path"],
                now=now,
            )
            if post is None:
                assert eml_dir is not None
                msg["X-Unsent"] = "1"  # Outlook opens it as a draft, ready to send
                p = _write_eml(eml_dir, job["eml_name"], msg)
                rows.extend(
                    base | {"address": a, "result": "dry-run", "eml": str(p)} for a in addresses
                )
                continue
            for a in addresses:
                if not resend and kind == "send" and _valid_address(a) and _already_sent(
                    master, kind, unit.code, a, job["sha256"]
                ):  # fmt: skip
                    rows.append(base | {"address": a, "result": "skipped: already sent"})
                    continue
                result, attempts = post.deliver(msg, a)
                rows.append(base | {"address": a, "result": result, "attempts": attempts})
                master.sendlog.append(_entry(now, job, unit, a, result, kind))
            if progress:
                progress(i, len(jobs), unit.code)
    finally:
        if post is not None:
            post.sender.close()
    return rows


@dataclass
class _Post:
    """Delivery through one SMTP connection; once the server is lost (a failure after
    retries with the connection gone), the remaining addresses fail fast with its reason."""

    sender: SmtpSender
    cfg: MailConfig
    password: str | None
    sleep: Callable[[float], None]
    dead: str | None = None

    def deliver(self, msg: EmailMessage, address: str) -> tuple[str, int]:
        """The result (``sent``, ``failed: …``, the password never in it) and attempts."""
        if not _valid_address(address):
            result, attempts = "failed: " + tr("địa chỉ không hợp lệ", "invalid address"), 0
        elif self.dead is not None:
            result, attempts = f"failed: {self.dead}", 0
        else:
            result, attempts = _deliver(self.sender, msg, address, self.cfg, self.sleep)
            if result.startswith("failed") and self.sender.conn is None and attempts > 1:
                self.dead = result[len("failed: ") :]  # lost the server: fail the rest fast
        return redact(result, self.password), attempts


def _entry(
    now: dt.datetime, job: dict[str, Any], unit: Unit, address: str, result: str, kind: str
) -> SendLogEntry:
    return SendLogEntry(
        time=_iso(now),
        period=job["period"],
        unit=unit.code,
        address=address,
        file=str(job["path"]) if job["path"] else "",
        sha256=job["sha256"],
        result=result,
        kind=kind,
    )


def _summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    out = {"sent": 0, "failed": 0, "skipped": 0, "dry_run": 0, "no_address": 0}
    for r in rows:
        res = r["result"]
        if res == "sent":
            out["sent"] += 1
        elif res == "dry-run":
            out["dry_run"] += 1
        elif res.startswith("failed"):
            out["failed"] += 1
        elif res == "skipped: no address":
            out["no_address"] += 1
        else:
            out["skipped"] += 1
    return out


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _in_lang(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """``fn(..., lang=…)`` runs with ``lang`` as the people-facing language for that call
    only, without changing the caller's."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        lang = kwargs.get("lang")
        if not lang:
            return fn(*args, **kwargs)

        def run() -> _R:
            set_lang(str(lang))
            return fn(*args, **kwargs)

        return contextvars.copy_context().run(run)

    return wrapper


@_in_lang
def send_workbooks(
    outdir: str | os.PathLike,
    master_path: str | os.PathLike,
    *,
    config: MailConfig,
    now: dt.datetime,
    units: list[str] | None = None,
    dry_run: bool = False,
    resend: bool = False,
    lang: str | None = None,
    templates_dir: str | os.PathLike | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, Any]:
    """Send each unit of the split folder ``outdir`` its workbook (see the module doc).

    Returns ``{"period", "rows": [{"unit","name","address","file","result",...}],
    "summary": {"sent","failed","skipped","dry_run","no_address"}, "eml_dir"}``.
    """
    outdir = Path(outdir)
    entries = _manifest_entries(outdir, units)
    template = load_mail_template("send", lang, templates_dir)
    if not dry_run:
        check_smtp_config(config)
    with store.editing(master_path, "mail send", now, dry_run=dry_run) as edit:
        master = edit.master
        periods = {e.period for e in entries}
        jobs = [_send_job(master, e, config, template, outdir) for e in entries]
        rows = _dispatch_logged(
            edit,
            jobs,
            lambda summ: tr(
                f"Đã gửi {summ['sent']}, lỗi {summ['failed']}, bỏ qua {summ['skipped']}, không có địa chỉ {summ['no_address']}",
                f"Sent {summ['sent']}, failed {summ['failed']}, skipped {summ['skipped']}, no address {summ['no_address']}",
            ),
            kind="send",
            cfg=config,
            dry_run=dry_run,
            resend=resend,
            now=now,
            eml_dir=outdir / EML_DIR,
            sleep=sleep,
            progress=progress,
        )
    return {
        "period": ", ".join(sorted(periods)),
        "rows": rows,
        "summary": _summary(rows),
        "eml_dir": str(outdir / EML_DIR) if dry_run else "",
    }


def _manifest_entries(outdir: Path, units: list[str] | None) -> list[OutboxEntry]:
    """The split folder's manifest rows, only those of ``units`` when given (an unknown unit
    is refused)."""
    entries = read_manifest(outdir)
    if not units:
        return entries
    wanted = {u.strip() for u in units}
    unknown = sorted(wanted - {e.unit for e in entries})
    if unknown:
        raise InputError(
            tr("Không có biểu của đơn vị", "No workbook for unit") + ": " + ", ".join(unknown),
            hint=tr("Xem cột unit trong manifest.csv", "See the unit column of manifest.csv"),
            file=str(outdir / MANIFEST_NAME),
        )
    return [e for e in entries if e.unit in wanted]


def _send_job(
    master: Master, e: OutboxEntry, config: MailConfig, template: MailTemplate, outdir: Path
) -> dict[str, Any]:
    """One manifest row's message: the template filled in, the unit's workbook attached."""
    period = get_period(master, e.period) if e.period else None
    if period is None:
        raise InputError(
            tr("Manifest thiếu kỳ báo cáo", "The manifest lacks the period"),
            file=str(outdir / MANIFEST_NAME),
        )
    if e.due_date and e.due_date != period.due_date:
        period = Period(**{**period.__dict__, "due_date": e.due_date})
    if not e.file.is_file():
        raise InputError(
            tr("Thiếu tệp biểu của đơn vị", "The unit's workbook is missing") + f": {e.file.name}",
            hint=tr("Chạy lại 'sheettools split'", "Run 'sheettools split' again"),
            file=str(e.file),
        )
    unit = _unit_for(master, e.unit, e.email)
    values = template_values(master, unit, period, config, file_name=e.file.name, tasks=e.tasks)
    subject, body = template.render(values)
    return _mail_job(unit, subject, body, e.file, period.code, Path(e.file.name).stem + ".eml")


def _mail_job(
    unit: Unit, subject: str, body: str, path: Path | None, period: str, eml_name: str
) -> dict[str, Any]:
    """One message for ``_dispatch`` (sent, or written as ``eml_name`` in a dry run)."""
    return {
        "unit": unit,
        "addresses": list(dict.fromkeys(unit.email)),
        "subject": subject,
        "body": body,
        "path": path,
        "file_name": path.name if path else "",
        "sha256": sha256_file(path) if path else "",
        "period": period,
        "eml_name": eml_name,
    }


# --- reminders -----------------------------------------------------------------------------


def _status(master: Master, period: str, as_of: dt.date) -> dict[str, Any]:
    from .periodstatus import compute_status

    return compute_status(master, period, as_of)


def _outbox_for(
    master: Master, master_path: str | os.PathLike, period: str, outbox: str | os.PathLike | None
) -> Path | None:
    """The split folder: ``outbox``, else where the period's workbooks were sent from, else
    ``outbox/`` beside the master when its manifest is for the period."""
    if outbox:
        return Path(outbox)
    for e in sorted(master.sendlog, key=lambda e: e.time, reverse=True):
        if e.period == period and e.kind == "send" and e.file and Path(e.file).parent.is_dir():
            return Path(e.file).parent
    beside = Path(master_path).resolve().parent / "outbox"
    try:
        if any(e.period == period for e in read_manifest(beside)):
            return beside
    except InputError:
        pass
    return None


@_in_lang
def remind_units(
    master_path: str | os.PathLike,
    period: str,
    *,
    config: MailConfig,
    as_of: dt.date,
    now: dt.datetime,
    outbox: str | os.PathLike | None = None,
    dry_run: bool = False,
    units: list[str] | None = None,
    lang: str | None = None,
    templates_dir: str | os.PathLike | None = None,
    sleep: Callable[[float], None] = time.sleep,
    status: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write to the units that are missing or left entries empty (``periodstatus.compute_status``),
    listing what is missing and re-attaching their workbook from ``outbox`` (default: the
    folder the period's workbooks were sent from). Dry-run writes
    ``<outbox>/eml/remind_<period>_<unit>.eml`` (or beside the master without an outbox)."""
    template = load_mail_template("remind", lang, templates_dir)
    if not dry_run:
        check_smtp_config(config)
    with store.editing(master_path, "mail remind", now, dry_run=dry_run) as edit:
        master = edit.master
        per = get_period(master, period)
        st = status if status is not None else _status(master, per.code, as_of)
        missing, empties = _missing_lines(master, per, st)
        if units:
            missing = {c: v for c, v in missing.items() if c in set(units)}
        folder = _outbox_for(master, master_path, per.code, outbox)
        # each unit gets its workbook built afresh: pre-filled with everything it returned
        # this period, the rows still missing marked (never the blank original)
        built = _reminder_workbooks(
            master_path, per.code, sorted(missing), folder, now, templates_dir
        )
        jobs = [
            _reminder_job(
                master,
                per,
                config,
                template,
                code,
                built.get(code),
                missing[code],
                empties.get(code, []),
            )  # fmt: skip
            for code in sorted(missing, key=lambda c: _unit_order(master, c))
        ]
        eml_dir = (folder or Path(master_path).resolve().parent) / EML_DIR
        rows = _dispatch_logged(
            edit,
            jobs,
            lambda summ: tr(
                f"Nhắc {len(jobs)} đơn vị kỳ {per.code}: gửi {summ['sent']}, lỗi {summ['failed']}",
                f"Reminded {len(jobs)} units for {per.code}: sent {summ['sent']}, failed {summ['failed']}",
            ),
            kind="remind",
            cfg=config,
            dry_run=dry_run,
            resend=True,
            now=now,
            eml_dir=eml_dir,
            sleep=sleep,
            progress=None,
        )
    return {
        "period": per.code,
        "units": [{"unit": j["unit"].code, "missing": j["missing"]} for j in jobs],
        "no_workbook": [j["unit"].code for j in jobs if j["path"] is None],
        "rows": rows,
        "summary": _summary(rows),
        "eml_dir": str(eml_dir) if dry_run else "",
    }


def _missing_lines(
    master: Master, per: Period, st: dict[str, Any]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Unit code → the lines of the reminder saying what is missing (no report at all, then
    the tasks left without status or results); unit code → the keys of those tasks."""
    tasks = master.task_map()
    missing: dict[str, list[str]] = {}
    label = period_label(per)
    for m in st.get("missing_units", []):
        missing.setdefault(m["unit"], []).insert(
            0,
            tr(
                f"- Chưa nhận được báo cáo kỳ {label} của đơn vị.",
                f"- No report for {label} has been received from the unit.",
            ),
        )
    empties: dict[str, list[str]] = {}
    for e in st.get("empty_entries", []):
        empties.setdefault(e["unit"], []).append(e["key"])
    for code, keys in empties.items():
        lines = missing.setdefault(code, [])
        lines.append(
            tr(
                f"- {len(keys)} nội dung chưa điền tình trạng, kết quả:",
                f"- {len(keys)} tasks without status or results:",
            )
        )
        for k in keys:
            t = tasks.get(k)
            text = " ".join((t.content if t else "").split())
            if len(text) > 90:
                text = text[:87].rstrip() + "..."
            num = f"{t.section}.{t.number}" if t and t.number else k
            lines.append(f"    + {num}: {text}" if text else f"    + {num}")
    return missing, empties


def _reminder_job(
    master: Master,
    per: Period,
    config: MailConfig,
    template: MailTemplate,
    code: str,
    path: Path | None,
    missing: list[str],
    empty_keys: list[str],
) -> dict[str, Any]:
    """One unit's reminder: the template filled in, its rebuilt workbook attached (when
    there is one)."""
    unit = _unit_for(master, code, [])
    n_missing = len(empty_keys) or sum(
        1 for t in master.leaf_tasks() if code in t.lead_units + t.coordinating_units
    )
    values = template_values(
        master,
        unit,
        per,
        config,
        file_name=path.name if path else unit_file_name(per.code, code),
        tasks=n_missing,
    )
    values["missing_text"] = "\n".join(missing)
    values["missing_count"] = n_missing
    values["attachment_text"] = _attachment_text(path)
    subject, body = template.render(values)
    if path is None:  # (an office's own template may still speak of an attachment)
        body = _without_attachment_lines(body)
    job = _mail_job(unit, subject, body, path, per.code, f"remind_{per.code}_{code}.eml")
    return job | {"missing": missing}


def _attachment_text(path: Path | None) -> str:
    """``{attachment_text}``: complete the attached workbook, or send the report by reply."""
    if path is None:
        return tr(
            "Đề nghị đơn vị gửi báo cáo còn thiếu bằng cách trả lời thư này.",
            "Please send the missing report by replying to this message.",
        )
    return tr(
        f"Đề nghị đơn vị hoàn thiện biểu đính kèm ({path.name}; biểu đã điền sẵn "
        "những gì đơn vị đã báo cáo, các dòng còn thiếu được đánh dấu "
        '"CHƯA BÁO CÁO") và gửi lại bằng cách trả lời thư này.',
        f"Please complete the attached workbook ({path.name}: what your unit "
        'already reported is filled in, the missing rows are marked "NOT '
        'REPORTED") and send it back by replying to this message.',
    )


def _reminder_workbooks(
    master_path: str | os.PathLike,
    period: str,
    units: list[str],
    folder: Path | None,
    now: dt.datetime,
    templates_dir: str | os.PathLike | None,
) -> dict[str, Path]:
    """Fresh unit workbooks for a reminder (``split_workbooks(..., mark_missing=True)``) in
    ``<outbox>/remind/`` (beside the master without an outbox): unit -> file."""
    if not units:
        return {}
    from .split import split_workbooks

    base = folder if folder is not None else Path(master_path).resolve().parent / "outbox"
    out = base / "remind"
    res = split_workbooks(
        master_path, period, out, units=units, force=True, now=now, templates_dir=templates_dir,
        mark_missing=True, new_secret=False,
    )  # fmt: skip
    return {f["unit"]: out / f["file"] for f in res["files"] if (out / f["file"]).is_file()}


_ATTACHED_WORDS = ("đính kèm", "attached", "attachment")


def _without_attachment_lines(body: str) -> str:
    """The body without the sentences that speak of an attachment (none is attached)."""
    out = []
    for line in body.split("\n"):
        low = line.lower()
        if any(w in low for w in _ATTACHED_WORDS):
            parts = re.split(r"(?<=[.!?])\s+", line)
            line = " ".join(x for x in parts if not any(w in x.lower() for w in _ATTACHED_WORDS))
        out.append(line)
    return "\n".join(out)


def _unit_order(master: Master, code: str) -> int:
    for i, u in enumerate(master.units):
        if u.code == code:
            return i
    return len(master.units)


# --- fetching ------------------------------------------------------------------------------


def period_split_time(master: Master, period: Period) -> dt.datetime:
    """When the period's workbooks went out: the earliest send-log time for the period,
    else the period's first day (local time)."""
    times = [
        e.time for e in master.sendlog if e.period == period.code and e.kind == "send" and e.time
    ]
    for t in sorted(times):
        try:
            return _aware(dt.datetime.fromisoformat(t))
        except ValueError:
            continue
    return _aware(dt.datetime.combine(dt.date.fromisoformat(period.start), dt.time(0)))


def safe_file_name(name: str, default_ext: str = ".xlsx") -> str:
    """An attachment's name made safe for the inbox folder (``fsnames.safe_file_name``)."""
    from .fsnames import safe_file_name as safe

    return safe(name, default_ext)


def _is_spreadsheet(part: Any) -> str | None:
    """The extension to save a spreadsheet part with, or None when it is not one."""
    fn = part.get_filename() or ""
    ext = os.path.splitext(fn)[1].lower()
    if ext in SPREADSHEET_EXTS:
        return ext
    ctype = part.get_content_type().lower()
    if ctype in SPREADSHEET_TYPES and (part.get_content_disposition() or fn):
        return SPREADSHEET_TYPES[ctype]
    return None


def _load_index(inbox: Path) -> dict[str, Any]:
    idx: dict[str, Any] = {"uidvalidity": "", "uids": [], "files": {}}
    p = inbox / INDEX_NAME
    if p.is_file():
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                idx.update(data)
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
    for meta in inbox.glob("*" + META_SUFFIX):  # files saved by an earlier run or by hand
        try:
            sha = json.loads(meta.read_text(encoding="utf-8")).get("sha256")
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            continue
        target = meta.name[: -len(META_SUFFIX)]
        if sha and (inbox / target).is_file():
            idx["files"].setdefault(sha, target)
    return idx


def _save_json(p: Path, data: Any) -> None:
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, p)


def _free_name(inbox: Path, name: str) -> str:
    if not (inbox / name).exists():
        return name
    stem, ext = os.path.splitext(name)
    n = 2
    while (inbox / f"{stem} ({n}){ext}").exists():
        n += 1
    return f"{stem} ({n}){ext}"


def _message_date(msg: Any, internal: dt.datetime | None) -> dt.datetime | None:
    raw = msg.get("Date")
    if raw:
        try:
            d = _parse_date(str(raw))
            if d is not None and d.tzinfo is not None:
                return d
        except (TypeError, ValueError, IndexError):
            pass
    return internal


def _imap_connect(cfg: MailConfig, password: str | None) -> IMAPClient:
    """A logged-in IMAPClient (folder names in any language, UTF-8 logins, parsed answers)."""
    from imapclient import IMAPClient

    host = cfg.imap_host_eff
    user = cfg.imap_user_eff
    if not host or not user:
        raise MailError(
            tr("Chưa cấu hình hộp thư IMAP", "No IMAP mailbox is configured"),
            hint=tr(
                "Ghi imap_host (hoặc host) và user vào mục [mail] của sheettools.toml (xem docs/mail.md)",
                "Set imap_host (or host) and user in the [mail] table of sheettools.toml (see docs/mail.md)",
            ),
        )
    if not password:
        raise missing_password(cfg, user)
    where = f"{host}:{cfg.imap_port_eff}"
    try:
        ssl = cfg.imap_security == "ssl"
        conn = IMAPClient(
            host,
            port=cfg.imap_port_eff,
            ssl=ssl,
            ssl_context=cfg.ssl_context() if ssl else None,
            timeout=cfg.timeout,
        )
        if cfg.imap_security == "starttls":
            conn.starttls(ssl_context=cfg.ssl_context())
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailError(
            tr("Không kết nối được máy chủ IMAP", "Cannot connect to the IMAP server")
            + f" {where} ({redact(str(exc), password)})",
            hint=tr(
                "Kiểm tra imap_host, imap_port, imap_security và mạng",
                "Check imap_host, imap_port, imap_security and the network",
            ),
        ) from None
    conn.normalise_times = False  # INTERNALDATE with its time zone
    try:
        if password.isascii() and user.isascii():
            conn.login(user, password)
        else:  # LOGIN arguments are ASCII only: AUTHENTICATE PLAIN carries UTF-8
            conn.plain_login(user, password)
    except (OSError, imaplib.IMAP4.error):
        _logout(conn)
        raise MailError(
            tr("Máy chủ IMAP từ chối đăng nhập", "The IMAP server refused the login")
            + f" ({user}@{where})",
            hint=tr(
                f"Kiểm tra tên đăng nhập và mật khẩu ({cfg.password_env})",
                f"Check the user name and password ({cfg.password_env})",
            ),
        ) from None
    return conn


def _logout(conn: IMAPClient) -> None:
    try:
        conn.logout()
    except (OSError, imaplib.IMAP4.error):
        pass


def fetch_returns(
    master_path: str | os.PathLike,
    period: str,
    inbox_dir: str | os.PathLike,
    *,
    config: MailConfig,
    now: dt.datetime,
    since: dt.datetime | None = None,
    mark_seen: bool = False,
) -> dict[str, Any]:
    """Save the spreadsheet attachments of the office mailbox's messages since the period's
    split (``period_split_time``) into ``inbox_dir`` with a ``.meta.json`` beside each.

    Messages are read with ``BODY.PEEK`` (nothing is marked read) and never deleted; with
    ``mark_seen`` the messages that gave a file are flagged ``\\Seen``. Files already in the
    folder (same sha256) and messages already read (same UID) are skipped. Returns
    ``{"since", "messages", "saved": [{"file","sender","message_date","sha256"}],
    "duplicates": [...], "ignored": [{"file","reason"}]}``.
    """
    master = store.load_master(master_path)
    per = get_period(master, period)
    since = _aware(since) if since is not None else period_split_time(master, per)
    inbox = make_folder(  # (before the login: a folder that cannot be made costs no login)
        inbox_dir,
        tr("Chọn một thư mục ghi được cho --inbox", "Choose a writable folder for --inbox"),
    )
    idx = _load_index(inbox)
    password = get_password(config, config.imap_user_eff)
    conn = _imap_connect(config, password)
    found = _Found()
    n_messages = 0
    try:
        uidvalidity = _select_folder(conn, config, mark_seen)
        if str(idx.get("uidvalidity")) != uidvalidity:
            idx["uidvalidity"], idx["uids"] = uidvalidity, []
        done = {int(u) for u in idx.get("uids", [])}
        # SINCE works on whole days: a day earlier covers every time zone, then filter exactly
        uids = sorted(conn.search(["SINCE", (since - dt.timedelta(days=1)).date()]))
        for uid in uids:
            if uid in done:
                continue
            got = _read_message(conn, uid)
            if got is None:
                continue
            msg, when = got
            if when is not None and when < since:
                done.add(uid)
                continue
            n_messages += 1
            extra = {"imap_uid": uid, "fetched_at": _iso(now), "period": per.code}
            gave_file = _save_attachments(msg, _message_meta(msg, when), extra, inbox, idx, found)
            done.add(uid)
            if mark_seen and gave_file:
                conn.add_flags([uid], [b"\\Seen"])
            idx["uids"] = sorted(done)
            _save_json(inbox / INDEX_NAME, idx)
        idx["uids"] = sorted(done)
        _save_json(inbox / INDEX_NAME, idx)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailError(
            tr("Lỗi khi đọc hộp thư", "Error while reading the mailbox")
            + f": {redact(str(exc), password)}",
            hint=tr("Chạy lại: các tệp đã lưu sẽ không tải lại", "Run again: saved files are kept"),
        ) from None
    finally:
        _logout(conn)
    return {
        "period": per.code,
        "since": since.isoformat(),
        "messages": n_messages,
        "saved": found.saved,
        "duplicates": found.duplicates,
        "ignored": found.ignored,
    }


def _read_message(conn: Any, uid: int) -> tuple[Any, dt.datetime | None] | None:
    """The message ``uid`` (read with ``BODY.PEEK``: not marked read) and its date, or None
    when the server gives no body."""
    got = conn.fetch([uid], ["INTERNALDATE", "BODY.PEEK[]"]).get(uid, {})
    raw, internal = got.get(b"BODY[]"), got.get(b"INTERNALDATE")
    if raw is None:
        return None
    if internal is not None and internal.tzinfo is None:
        internal = internal.astimezone()
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    return msg, _message_date(msg, internal)


@dataclass
class _Found:
    """What ``fetch_returns`` found in the messages: files saved, already saved, passed over."""

    saved: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[dict[str, Any]] = field(default_factory=list)


def _select_folder(conn: Any, config: MailConfig, mark_seen: bool) -> str:
    """Open the office's folder (read-only unless messages are to be marked read); its
    UIDVALIDITY."""
    try:
        selected = conn.select_folder(config.imap_folder, readonly=not mark_seen)
    except imaplib.IMAP4.error:
        raise MailError(
            tr("Không mở được thư mục thư", "Cannot open the mail folder")
            + f" {config.imap_folder}",
            hint=tr("Kiểm tra imap_folder", "Check imap_folder"),
        ) from None
    return str(selected.get(b"UIDVALIDITY", ""))


def _message_meta(msg: Any, when: dt.datetime | None) -> dict[str, Any]:
    """Who sent the message, when, its id and subject (kept beside each saved file)."""
    sender = str(msg.get("From", ""))
    return {
        "sender": nfc(sender),
        "sender_address": getaddresses([sender])[0][1] if sender else "",
        "message_date": when.isoformat() if when else "",
        "message_id": str(msg.get("Message-ID", "")).strip(),
        "subject": nfc(str(msg.get("Subject", ""))),
    }


def _save_attachments(
    msg: Any,
    meta_base: dict[str, Any],
    extra: dict[str, Any],
    inbox: Path,
    idx: dict[str, Any],
    found: _Found,
) -> bool:
    """Save the message's spreadsheet attachments not yet in ``inbox`` (same sha256), each
    with its ``.meta.json``; True when it gave a file."""
    gave_file = False
    for part in msg.walk():
        if part.is_multipart():
            continue
        fn = part.get_filename()
        if not fn and part.get_content_disposition() != "attachment":
            continue
        ext = _is_spreadsheet(part)
        if ext is None:
            found.ignored.append({"file": nfc(fn or ""), "reason": "not a spreadsheet"} | meta_base)
            continue
        payload = part.get_payload(decode=True) or b""
        if not isinstance(payload, bytes):  # (a decoded leaf part is bytes)
            continue
        sha = hashlib.sha256(payload).hexdigest()
        if sha in idx["files"] and (inbox / idx["files"][sha]).is_file():
            found.duplicates.append({"file": idx["files"][sha], "sha256": sha} | meta_base)
            continue
        name = safe_file_name(fn or "", ext)
        if not os.path.splitext(name)[1]:
            name += ext
        name = _free_name(inbox, name)
        tmp = inbox / (".part-" + sha[:16])
        tmp.write_bytes(payload)
        os.replace(tmp, inbox / name)
        meta = meta_base | {"sha256": sha, "original_filename": nfc(fn or "")} | extra
        _save_json(inbox / (name + META_SUFFIX), meta)
        idx["files"][sha] = name
        found.saved.append({"file": name} | meta)
        gave_file = True
    return gave_file


__all__ = [
    "MailError",
    "fetch_returns",
    "load_mail_template",
    "period_split_time",
    "read_manifest",
    "remind_units",
    "safe_file_name",
    "send_workbooks",
]
