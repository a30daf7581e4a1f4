"""Mail settings: where the office's SMTP and IMAP servers are, and how to log in.

Settings live in the ``[mail]`` table of a TOML file (``sheettools.toml``), found in this
order: an explicit path (``--config``), ``$SHEETTOOLS_CONFIG``, ``./sheettools.toml``, then
``sheettools.toml`` beside the master. The password is never in that file: it comes from an
environment variable (``SHEETTOOLS_MAIL_PASSWORD`` by default) or the system keyring
(service ``sheettools``, the user name as the key), and is never written anywhere.
"""

from __future__ import annotations

import dataclasses
import os
import ssl
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .i18n import tr

CONFIG_NAME = "sheettools.toml"
SECURITY_MODES = ("ssl", "starttls", "none")
DEFAULT_PORTS = {
    "smtp": {"ssl": 465, "starttls": 587, "none": 25},
    "imap": {"ssl": 993, "starttls": 143, "none": 143},
}


@dataclass
class MailConfig:
    """The ``[mail]`` settings (see docs/mail.md). Never holds the password."""

    host: str = ""
    port: int = 0  # 0 = the default port of ``security``
    security: str = "starttls"  # ssl | starttls | none
    user: str = ""
    from_address: str = ""
    from_name: str = ""
    reply_to: str = ""
    contact: str = ""  # the office's contact line for the message body
    signature: str = ""  # replaces the default signature when set
    imap_host: str = ""  # default: host
    imap_port: int = 0
    imap_security: str = "ssl"
    imap_user: str = ""  # default: user
    imap_folder: str = "INBOX"
    password_env: str = "SHEETTOOLS_MAIL_PASSWORD"
    keyring_service: str = "sheettools"
    cafile: str = ""  # extra CA certificate (a self-signed office server)
    timeout: float = 30.0
    max_attempts: int = 4
    retry_delay: float = 2.0  # seconds; doubles after each temporary failure
    master: str = ""  # default master for ``mail send``
    source: str = ""  # the file these settings came from ("" = built-in defaults)
    # typed by the clerk on the desk's page for one sending, never read from or written to a
    # file (``get_password`` takes it first)
    password: str = dataclasses.field(default="", repr=False)

    @property
    def smtp_port(self) -> int:
        return self.port or DEFAULT_PORTS["smtp"][self.security]

    @property
    def imap_host_eff(self) -> str:
        return self.imap_host or self.host

    @property
    def imap_port_eff(self) -> int:
        return self.imap_port or DEFAULT_PORTS["imap"][self.imap_security]

    @property
    def imap_user_eff(self) -> str:
        return self.imap_user or self.user

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile or None)


_FIELDS = {
    f.name: f for f in dataclasses.fields(MailConfig) if f.name not in ("source", "password")
}


def find_config(
    path: str | os.PathLike | None = None, master_path: str | os.PathLike | None = None
) -> Path | None:
    """The settings file to use, or None when there is none."""
    if path:
        p = Path(path)
        if not p.is_file():
            raise InputError(
                tr("Không tìm thấy tệp cấu hình", "Settings file not found"),
                hint=tr("Kiểm tra đường dẫn --config", "Check the --config path"),
                file=str(p),
            )
        return p
    env = os.environ.get("SHEETTOOLS_CONFIG")
    candidates = [Path(env)] if env else []
    candidates.append(Path.cwd() / CONFIG_NAME)
    if master_path:
        candidates.append(Path(master_path).resolve().parent / CONFIG_NAME)
    for c in candidates:
        if c.is_file():
            return c
    return None


def load_config(
    path: str | os.PathLike | None = None, master_path: str | os.PathLike | None = None
) -> MailConfig:
    """Read the ``[mail]`` table (built-in defaults when no file is found)."""
    p = find_config(path, master_path)
    if p is None:
        return MailConfig()
    try:  # (utf-8-sig: Notepad's byte-order mark is no TOML error)
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        from .errors import FileError

        raise FileError(
            tr("Không đọc được tệp cấu hình", "Cannot read the settings file")
            + f": {exc.strerror or exc}",
            hint=tr("Kiểm tra quyền đọc tệp", "Check the file's permissions"),
            location=str(p),
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            tr("Tệp cấu hình không phải văn bản UTF-8", "The settings file is not UTF-8 text"),
            hint=tr("Lưu lại tệp với mã hóa UTF-8 (Notepad: Lưu thành… › Mã hóa UTF-8)",
                    "Save it again as UTF-8 (Notepad: Save as… › Encoding UTF-8)"),
            file=str(p),
        ) from exc  # fmt: skip
    except tomllib.TOMLDecodeError as exc:
        import re

        at = re.search(r"line (\d+), column (\d+)", str(exc))
        detail = re.sub(r"\s*[(]at (line|end of document).*$", "", str(exc))
        where = (
            tr(" ở dòng {l}, cột {c}", " at line {l}, column {c}").format(l=at[1], c=at[2])
            if at
            else ""
        )
        raise InputError(
            tr("Tệp cấu hình bị lỗi", "Broken settings file") + where + f" ({detail})",
            hint=tr(
                'Sửa theo mẫu trong docs/mail.md: chữ trong ngoặc kép (host = "mail.example"), '
                "số để trần (port = 587), [mail] trên một dòng riêng",
                'Fix it after docs/mail.md: text in double quotes (host = "mail.example"), '
                "numbers bare (port = 587), [mail] on a line of its own",
            ),
            file=str(p),
        ) from exc
    return config_from_dict(data.get("mail", {}), source=str(p), top=data)


_LIMITS = {  # name -> (lowest, highest) a number may be
    "port": (0, 65535), "imap_port": (0, 65535), "max_attempts": (1, 100),
    "timeout": (0.1, 3600.0), "retry_delay": (0.0, 600.0),
}  # fmt: skip


def _typed(name: str, value: Any, kind: str, where: str) -> Any:
    """A setting's value as its field's type: text for text, a number in range for a number
    (a number written as text, "587", is taken); anything else (a table, a list, true/false,
    a word for a number) is refused with one line naming the setting."""
    out: Any = None
    if kind == "str":
        out = value if isinstance(value, str) else None
    elif not isinstance(value, bool | dict | list):
        want = int if kind == "int" else float
        try:
            num = want(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError, OverflowError):
            num = None
        if num is not None and (kind == "float" or float(num) == float(value)):
            low, high = _LIMITS.get(name, (float("-inf"), float("inf")))
            out = num if low <= num <= high else None
    if out is None:
        shown = {"str": tr("chữ trong ngoặc kép", "text in double quotes"),
                 "int": tr("số nguyên", "a whole number"),
                 "float": tr("số", "a number")}.get(kind, kind)  # fmt: skip
        rng = _LIMITS.get(name)
        if rng:
            shown += tr(" từ {a} đến {b}", " from {a} to {b}").format(a=rng[0], b=rng[1])
        raise InputError(
            tr("Giá trị không hợp lệ", "Invalid value") + f": {name} = {value!r}",
            hint=tr("Ghi {name} là {what}", "Write {name} as {what}").format(name=name, what=shown),
            file=where,
        )
    return out


def config_from_dict(
    mail: dict[str, Any], *, source: str = "", top: dict[str, Any] | None = None
) -> MailConfig:
    """Build and check a ``MailConfig`` from the ``[mail]`` table's values."""
    where = source or "[mail]"
    if "password" in mail or "imap_password" in mail:
        raise InputError(
            tr("Không ghi mật khẩu trong tệp cấu hình", "Do not put the password in the settings"),
            hint=tr(
                "Xóa dòng password; đặt biến môi trường SHEETTOOLS_MAIL_PASSWORD hoặc lưu vào keyring",
                "Remove the password line; set SHEETTOOLS_MAIL_PASSWORD or store it in the keyring",
            ),
            file=where,
        )
    if not isinstance(mail, dict):
        raise InputError(
            tr("Mục [mail] của tệp cấu hình không phải một bảng",
               "The settings file's [mail] is not a table") + f": mail = {mail!r}",
            hint=tr("Viết [mail] trên một dòng riêng, các khóa ở các dòng sau",
                    "Write [mail] on a line of its own, its keys on the lines below"),
            file=where,
        )  # fmt: skip
    unknown = sorted(set(mail) - set(_FIELDS))
    if unknown:
        raise InputError(
            tr("Tệp cấu hình có khóa lạ", "Unknown settings") + ": " + ", ".join(unknown),
            hint=tr("Các khóa hợp lệ", "Valid keys") + ": " + ", ".join(_FIELDS),
            file=where,
        )
    kwargs: dict[str, Any] = {}
    for name, value in mail.items():
        kwargs[name] = _typed(name, value, str(_FIELDS[name].type), where)
    if top and "master" in top and "master" not in kwargs:
        kwargs["master"] = _typed("master", top["master"], "str", where)
    cfg = MailConfig(**kwargs, source=source)
    for name in ("security", "imap_security"):
        v = getattr(cfg, name).lower()
        if v not in SECURITY_MODES:
            raise InputError(
                tr("Chế độ bảo mật không hợp lệ", "Invalid security mode") + f": {name} = {v!r}",
                hint=tr("Dùng ssl, starttls hoặc none", "Use ssl, starttls or none"),
                file=where,
            )
        setattr(cfg, name, v)
    if cfg.max_attempts < 1:
        cfg.max_attempts = 1
    return cfg


def get_password(cfg: MailConfig, user: str) -> str | None:
    """The password for ``user``: typed on the desk's page for this sending, else the
    environment variable, else the system keyring."""
    if cfg.password:
        return cfg.password
    pw = os.environ.get(cfg.password_env) if cfg.password_env else None
    if pw:
        return pw
    if not cfg.keyring_service or not user:
        return None
    try:
        import keyring  # optional dependency

        return keyring.get_password(cfg.keyring_service, user) or None
    except Exception:  # no keyring package or no usable backend
        return None


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` masked (for messages and logs)."""
    if secret and text:
        return text.replace(secret, "********")
    return text


# what the desk's "Hộp thư gửi đi" form sets (the rest stays as the file has it)
DESK_KEYS = (
    "host", "port", "security", "user", "from_address", "from_name", "contact",
    "imap_host", "imap_folder",
)  # fmt: skip


def save_mail_settings(master_path: str | os.PathLike, values: dict[str, str]) -> dict[str, Any]:
    """Write ``values`` (``DESK_KEYS``) into the ``[mail]`` table of the settings file the
    master uses (``find_config``), or a new ``sheettools.toml`` beside the master. The file is
    edited line by line, so the office's own comments and other keys stay; an empty value
    removes its key (the default applies). The result is read back with ``load_config``: a
    value it refuses leaves the file as it was. Returns the file and the settings (never a
    password: there is none in the file)."""
    import json
    import re

    unknown = [k for k in values if k not in DESK_KEYS]
    if unknown:
        raise InputError(tr("Khóa lạ", "Unknown keys") + ": " + ", ".join(unknown))
    target = find_config(None, master_path) or Path(master_path).resolve().parent / CONFIG_NAME
    old = target.read_text(encoding="utf-8-sig") if target.is_file() else ""
    lines = old.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.split("#")[0].strip() == "[mail]"), None)
    if start is None:
        lines += ([""] if lines else []) + ["[mail]"]
        start = len(lines) - 1
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
               len(lines))  # fmt: skip
    for key, raw in values.items():
        v = (raw or "").strip()
        text = (
            None
            if not v
            else v
            if key == "port" and v.isdigit()
            else json.dumps(v, ensure_ascii=False)
        )
        at = next((i for i in range(start + 1, end) if re.match(rf"\s*{key}\s*=", lines[i])), None)
        if at is not None and text is None:
            del lines[at]
            end -= 1
        elif at is not None:
            lines[at] = f"{key} = {text}"
        elif text is not None:
            lines.insert(end, f"{key} = {text}")
            end += 1
    new = "\n".join(lines) + "\n"
    try:
        data = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            tr("Không sửa được tệp cấu hình", "Cannot edit the settings file") + f" ({exc})",
            hint=tr(
                "Sửa tệp bằng Notepad theo docs/mail.md", "Edit it in Notepad after docs/mail.md"
            ),
            file=str(target),
        ) from None
    config_from_dict(data.get("mail", {}), source=str(target))  # refused: the file unchanged
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, target)
    cfg = load_config(target)
    return {"file": str(target), "settings": {k: getattr(cfg, k) for k in DESK_KEYS}}
