"""The unit workbook contract, shared by ``split`` (writes) and ``merge`` (reads).

A unit workbook has:
- a cover sheet (instructions; its unit name is also used to recognise files without manifest),
- the report sheet: a header row of column titles, a hidden row of field ids right under it
  (each cell ``FIELD_ID_PREFIX + field id``, e.g. ``#key``, ``#status``), then one row per task
  (group headings too, for orientation, with an empty key cell) — merge finds columns by
  field id, else by header title (``match_header``),
- a very hidden ``_manifest`` sheet of key/value rows, signed with HMAC-SHA256.

Merge never relies on positions: rows by task key, columns by field id or header text.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .textutil import fold

TEMPLATE_VERSION = "1"
MANIFEST_SHEET = "_manifest"
FIELD_ID_PREFIX = "#"
SECRET_NAME = ".sheettools-secret"
# Sheet names written by split, per language (merge may look for either).
REPORT_SHEET_NAMES = {"vi": "Báo cáo", "en": "Report"}
COVER_SHEET_NAMES = {"vi": "Hướng dẫn", "en": "Instructions"}

# Fixed (read-only) columns then input columns; (field id, vi title, en title).
FIXED_COLUMNS: list[tuple[str, str, str]] = [
    ("key", "Mã nhiệm vụ", "Task key"),
    ("number", "TT", "No."),
    ("content", "Nội dung thực hiện", "Task"),
    ("role", "Vai trò", "Role"),
    ("leader", "Lãnh đạo phụ trách", "Leader in charge"),
    ("deadline", "Thời gian hoàn thành", "Deadline"),
]
INPUT_COLUMNS: list[tuple[str, str, str]] = [
    ("status", "Tình trạng", "Status"),
    ("progress", "Tiến độ (%)", "Progress (%)"),
    ("result", "Kết quả thực hiện", "Results"),
    ("completion_date", "Ngày hoàn thành", "Completion date"),
    ("difficulties", "Khó khăn, vướng mắc, đề xuất", "Difficulties and proposals"),
]
INPUT_FIELDS = [f for f, _, _ in INPUT_COLUMNS]

# Header texts (folded) that identify a column when the field-id row is gone (re-typed file,
# Google Sheets export ...). Titles from the office's template are added at run time.
HEADER_SYNONYMS: dict[str, list[str]] = {
    "key": ["ma nhiem vu", "ma", "task key", "key", "ma nv"],
    "number": ["tt", "stt", "no", "so tt"],
    "content": ["noi dung thuc hien", "noi dung", "task", "nhiem vu"],
    "role": ["vai tro", "role"],
    "leader": ["lanh dao phu trach", "leader in charge", "leader"],
    "deadline": ["thoi gian hoan thanh", "thoi han", "deadline", "han hoan thanh"],
    "status": ["tinh trang", "trang thai", "status", "tinh hinh thuc hien"],
    "progress": [
        "tien do", "tien do %", "progress", "progress %", "ti le hoan thanh", "ty le hoan thanh",
        "muc do hoan thanh", "% hoan thanh",
    ],
    "result": ["ket qua thuc hien", "ket qua", "results", "result"],
    "completion_date": ["ngay hoan thanh", "completion date", "ngay ht", "thoi gian hoan thanh thuc te"],
    "difficulties": [
        "kho khan vuong mac de xuat", "kho khan vuong mac", "kho khan", "de xuat",
        "kien nghi de xuat", "kien nghi",
        "difficulties and proposals", "difficulties",
    ],
}  # fmt: skip

# Manifest keys, in signing order.


def column_title(field_id: str, lang: str = "vi", titles: dict[str, str] | None = None) -> str:
    if titles and field_id in titles:
        return titles[field_id]
    for fid, vi, en in FIXED_COLUMNS + INPUT_COLUMNS:
        if fid == field_id:
            return en if lang == "en" else vi
    raise KeyError(field_id)


def match_header(text: str, extra_titles: dict[str, str] | None = None) -> str | None:
    """The field id a header cell stands for (accent/case/punctuation-insensitive)."""
    f = fold(text)
    if not f:
        return None
    if extra_titles:
        for fid, title in extra_titles.items():
            if fold(title) == f:
                return fid
    for fid, names in HEADER_SYNONYMS.items():
        if f in names:
            return fid
    for fid, names in HEADER_SYNONYMS.items():  # "Tình trạng (chọn)" / "Tiến độ (%) *"
        if any(f.startswith(n + " ") for n in names if len(n) > 3):
            return fid
    return None


@dataclass
class Manifest:
    unit: str
    period: str
    keys: list[str]
    generated_at: str
    template_version: str = TEMPLATE_VERSION
    signature: str = ""

    def payload(self) -> bytes:
        parts = [
            self.unit,
            self.period,
            ";".join(self.keys),
            self.generated_at,
            self.template_version,
        ]
        return "\x1f".join(parts).encode("utf-8")

    def sign(self, secret: bytes) -> str:
        self.signature = hmac.new(secret, self.payload(), hashlib.sha256).hexdigest()
        return self.signature

    def verify(self, secret: bytes) -> bool:
        expected = hmac.new(secret, self.payload(), hashlib.sha256).hexdigest()
        return bool(self.signature) and hmac.compare_digest(
            expected, self.signature.strip().lower()
        )

    def rows(self) -> list[tuple[str, str]]:
        return [
            ("unit", self.unit),
            ("period", self.period),
            ("keys", ";".join(self.keys)),
            ("generated_at", self.generated_at),
            ("template_version", self.template_version),
            ("signature", self.signature),
        ]

    @classmethod
    def from_rows(cls, rows: list[list]) -> Manifest:
        d: dict[str, str] = {}
        for row in rows:
            if len(row) >= 2 and row[0] not in (None, ""):
                d[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
        keys = [k for k in d.get("keys", "").split(";") if k]
        return cls(
            unit=d.get("unit", ""),
            period=d.get("period", ""),
            keys=keys,
            generated_at=d.get("generated_at", ""),
            template_version=d.get("template_version", ""),
            signature=d.get("signature", ""),
        )


def secret_path(master_path: str | os.PathLike) -> Path:
    return Path(master_path).resolve().parent / SECRET_NAME


def load_or_create_secret(master_path: str | os.PathLike, *, create: bool = True) -> bytes | None:
    """The office's signing secret, kept next to the master (never in a unit file).
    Created on first use with mode 0600."""
    p = secret_path(master_path)
    if p.exists():
        try:
            key = bytes.fromhex(p.read_text(encoding="ascii").strip())
        except (ValueError, UnicodeDecodeError, OSError):
            key = b""
        if len(key) < 16:
            from .errors import FileError
            from .i18n import tr

            raise FileError(
                tr("Tệp khóa ký bị hỏng", "The signing secret file is damaged"),
                hint=tr(
                    "Chép lại tệp .sheettools-secret từ bản sao lưu vào thư mục của sổ chính",
                    "Copy .sheettools-secret back from a backup into the master's folder",
                ),
                location=str(p),
            )
        return key
    if not create:
        return None
    key = secrets.token_bytes(32)
    fd = os.open(p, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex() + "\n")
    return key


def unit_file_name(period: str, unit: str) -> str:
    from .fsnames import safe_file_name  # (a unit code such as "CON" or "A/B" stays a name)

    return safe_file_name(f"{period}_{unit}.xlsx".replace("/", "_").replace("\\", "_"))
