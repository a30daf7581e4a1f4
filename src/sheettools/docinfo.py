"""The official document header and closing (Decree 30/2020/NĐ-CP), from the master's
``settings`` sheet; dates and received times as people read them; labels of value problems.

The office edits every line of the header in the master's ``settings`` sheet (key, value):
``plan import`` writes the keys below with their defaults, and a key left out or empty falls
back to its default. Lists (``doc_recipients``) are separated by ``;``.

Text placeholders in ``doc_subject`` and ``doc_intro``: ``{plan_year}``, ``{plan_name}``,
``{plan_number}``, ``{plan_date}``, ``{plan_issuer}``, ``{period_label}``, ``{as_of}``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import get_lang, tr
from .model import Master, Period
from .textutil import fold

# key -> default (Vietnamese; office names are used as typed in both languages). The letterhead
# defaults are the placeholders of Decree 30/2020/NĐ-CP's Appendix I, for the office to replace
# (``plan import --office``, or the settings sheet): never another office's name.
DOC_DEFAULTS: dict[str, str] = {
    "doc_governing_body": "TÊN CƠ QUAN, TỔ CHỨC CHỦ QUẢN",
    "doc_issuing_body": "TÊN CƠ QUAN, TỔ CHỨC",
    "doc_number": "Số:      /BC-",
    "doc_place": "Địa danh",
    "doc_date": "",
    "doc_subject": "Kết quả thực hiện kế hoạch năm {plan_year}, {period_label}",
    "doc_office_name": "Cơ quan thường trực",
    "doc_signer_authority": "",
    "doc_signer_title": "QUYỀN HẠN, CHỨC VỤ CỦA NGƯỜI KÝ",
    "doc_signer_name": "",
    "doc_recipients": "Các đơn vị thực hiện kế hoạch; Lưu: VT",
    "plan_number": "",
    "plan_date": "",
    "plan_issuer": "",  # the plan's issuer as plan import read it (planident); never guessed
    "plan_name": "",
    "timezone": "+07:00",
}
SUBJECT_PLACEHOLDERS = (
    "plan_year", "plan_name", "plan_number", "plan_date", "plan_issuer", "period_label", "as_of",
)  # fmt: skip
MOTTO = {
    "vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    "en": ("SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"),
}
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def vn_date_words(d: dt.date) -> str:
    """``ngày 20 tháng 6 năm 2023``: a leading zero only on days 1–9 and months 1–2
    (Decree 30/2020/NĐ-CP, Appendix I)."""
    day = f"{d.day:02d}" if d.day < 10 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def date_words(d: dt.date | str, lang: str | None = None) -> str:
    """The one date-in-words of the package (documents, workbooks, mail): ``ngày 05 tháng 6
    năm 2023`` (``vn_date_words``), ``5 June 2023`` in English; ISO text accepted; ``lang``
    defaults to the current language."""
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if (lang or get_lang()) == "en":
        return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"
    return vn_date_words(d)


def fmt_date(d: dt.date | str | None) -> str:
    """``dd/mm/yyyy`` (ISO text accepted); "" for nothing."""
    if not d:
        return ""
    if isinstance(d, str):
        try:
            return dt.date.fromisoformat(d[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return d
    return d.strftime("%d/%m/%Y")


def office_tz(text: str) -> dt.tzinfo:
    """``+07:00`` / ``UTC+7`` / ``Asia/Ho_Chi_Minh`` → a tzinfo (default UTC+7)."""
    return parse_office_tz(text) or dt.timezone(dt.timedelta(hours=7))


def parse_office_tz(text: str) -> dt.tzinfo | None:
    """``office_tz`` without the default: None for text that is no time zone (a master whose
    ``timezone`` says so is refused on load)."""
    s = (text or "").strip().upper().replace("UTC", "").replace("GMT", "")
    if not s and (text or "").strip().upper() in ("UTC", "GMT"):
        return dt.UTC
    if s and s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        hh, _, mm = s[1:].partition(":")
        try:
            return dt.timezone(sign * dt.timedelta(hours=int(hh), minutes=int(mm or 0)))
        except ValueError:
            return None
    if text and "/" in text:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(text.strip())
        except Exception:  # unknown zone name
            return None
    return None


def fmt_received(iso: str, tz: dt.tzinfo) -> str:
    """A received time (ISO, any zone) as ``dd/mm/yyyy HH:MM`` in the office's zone; a time
    without a zone is taken as the office's own."""
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if t.tzinfo is not None:
        t = t.astimezone(tz)
    return t.strftime("%d/%m/%Y %H:%M")


@dataclass
class DocHeader:
    """Everything around the body of a report, in the chosen language."""

    governing_body: str
    issuing_body: str
    number: str
    place: str
    date: dt.date
    date_line: str
    title: str
    subject: str
    office_name: str
    motto: tuple[str, str]
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients: list[str] = field(default_factory=list)
    plan_number: str = ""
    plan_date: str = ""
    plan_issuer: str = ""
    plan_name: str = ""
    plan_year: str = ""
    tz: dt.tzinfo = dt.timezone(dt.timedelta(hours=7))

    plan_citation: str = ""

    @property
    def plan_cited(self) -> str:
        """``Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy về …`` (the
        citation ``plan import`` found in the plan, else built from the settings)."""
        if self.plan_citation and get_lang() != "en":
            s = self.plan_citation
            if self.plan_name and self.plan_name not in s:
                s += " về " + self.plan_name
            return s
        if self.plan_number:
            s = tr("Kế hoạch số ", "Plan No. ") + self.plan_number
        elif self.plan_year and not self.plan_date:  # nothing known but the year
            s = tr("Kế hoạch năm ", "The plan for ") + self.plan_year
        else:
            s = tr("Kế hoạch", "The plan")
        if self.plan_date:
            s += tr(" ngày ", " of ") + self.plan_date
        if self.plan_issuer:
            s += tr(" của ", " issued by ") + self.plan_issuer
        if self.plan_name:
            s += tr(" về ", " on ") + self.plan_name
        return s


_LOCAL_LEVEL = re.compile(r"\b(phường|xã|thị trấn)\s+(.+)$", re.IGNORECASE)


def level_defaults(master: Master) -> dict[str, str]:
    """The defaults for this master's office: a ward's master (``plan derive`` records the
    ward's name at the district, ``district_unit_name``: ``UBND phường Long Biên``) is the
    ward's Fatherland Front committee reporting to the district's, not the district's."""
    out = dict(DOC_DEFAULTS)
    # a ward's master cites the district's plan it derives from (plan derive records it as
    # district_plan_*) unless the ward office typed its own plan's identity
    # (all or nothing: a citation never mixes the ward's plan with the district's)
    idents = ("issuer", "kind", "number", "date", "citation")
    if not any((master.settings.get(f"plan_{k}") or "").strip() for k in idents):
        for k in idents:
            out[f"plan_{k}"] = (master.settings.get(f"district_plan_{k}") or "").strip()
    ward = (master.settings.get("district_unit_name") or "").strip()
    m = _LOCAL_LEVEL.search(ward)
    if not m:
        return out
    level, place = m.group(1).lower(), m.group(2).strip()
    out.update(
        # the ward's Fatherland Front committee (the cascade's flow, seed 000)
        doc_governing_body="ỦY BAN MTTQ VIỆT NAM",
        doc_number="Số:      /BC-MTTQ",
        doc_signer_authority="TM. BAN THƯỜNG TRỰC",
        doc_signer_title="CHỦ TỊCH",
        doc_issuing_body=f"{level} {place}".upper(),
        doc_place=place,
        doc_office_name=f"Ban Thường trực Ủy ban MTTQ Việt Nam {level} {place}",
        doc_recipients=(
            "Ban Thường trực Ủy ban MTTQ Việt Nam quận (để báo cáo); "
            f"Thường trực Đảng ủy {level} (để báo cáo); Các đơn vị thực hiện kế hoạch; Lưu: VT"
        ),
    )
    return out


# a setting typed as this is deliberately empty (an office without a governing body): an empty
# cell falls back to the default instead
BLANK = "-"


def setting(master: Master, key: str) -> str:
    v = (master.settings.get(key) or "").strip()
    if v == BLANK:
        return ""
    if key == "doc_office_name" and v in ("", DOC_DEFAULTS[key]):
        v = _issuer_as_office(master) or v
    return v if v else level_defaults(master).get(key, "")


def _issuer_as_office(master: Master) -> str:
    """The plan's issuer as the plan's citation spells it (``Ủy ban nhân dân tỉnh Hà Tĩnh``)
    when the office's letterhead is that issuer (``ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH``): the
    report's text names the office so, not by the default "Cơ quan thường trực"."""
    typed = (master.settings.get("doc_issuing_body") or "").strip()
    m = re.search(r"\scủa\s+(.+?)(?:\s+về\s|$)", master.settings.get("plan_citation") or "")
    if typed and m and fold(m.group(1)) == fold(typed):
        return m.group(1).strip()
    return ""


def period_label(period: Period, lang: str | None = None) -> str:
    """The one name of a period for people (``{period_label}`` in every template; ``{period}``
    is always the code): the master's label as the office wrote it (the code when it has
    none); in English "Q2 2023" / "Year 2023" for a standard code."""
    return label_of(period.code, period.label, lang)


def label_of(code: str, label: str | None, lang: str | None = None) -> str:
    """``period_label`` from a period's code and label (what status and the desk's pages
    carry)."""
    if (lang or get_lang()) == "en":
        m = re.fullmatch(r"(\d{4})-(Q[1-4]|Y)", code or "")
        if m:
            return f"Year {m.group(1)}" if m.group(2) == "Y" else f"{m.group(2)} {m.group(1)}"
    return label or code


def _doc_date(master: Master, as_of: dt.date) -> dt.date:
    """The document's date: the ``doc_date`` setting when the office set one, else ``as_of``."""
    from .errors import InputError

    raw_date = setting(master, "doc_date")
    if not raw_date:
        return as_of
    from .xlsxio import cell_date

    iso = cell_date(raw_date)
    if iso is None:
        raise InputError(
            tr("Ngày văn bản không đọc được", "The document date cannot be read")
            + f": {raw_date!r}",
            hint=tr(
                "Sửa doc_date trong trang settings của sổ chính (dd/mm/yyyy) hoặc để trống",
                "Fix doc_date in the master's settings sheet (dd/mm/yyyy) or leave it empty",
            ),
            sheet="settings",
        )
    return dt.date.fromisoformat(iso)


def _doc_subject(master: Master, values: dict[str, Any], lang: str) -> str:
    """The ``doc_subject`` setting with its placeholders filled (``SUBJECT_PLACEHOLDERS``); the
    default subject in English with ``lang`` "en"."""
    from .errors import InputError

    subject_tpl = setting(master, "doc_subject")
    if lang == "en" and subject_tpl == DOC_DEFAULTS["doc_subject"]:
        subject_tpl = "Results of the {plan_year} plan, {period_label}"
    try:
        return subject_tpl.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise InputError(
            tr("Tiêu đề báo cáo có chỗ điền sai", "The report subject has a bad placeholder")
            + f": {exc}",
            hint=tr("Sửa doc_subject trong trang settings; chỗ điền được dùng: ",
                    "Fix doc_subject in the settings sheet; placeholders you can use: ")
            + ", ".join("{" + k + "}" for k in SUBJECT_PLACEHOLDERS),
            sheet="settings",
        ) from None  # fmt: skip


def doc_header(master: Master, period: Period, as_of: dt.date, lang: str) -> DocHeader:
    """The header and closing of the committee's documents from ``master.settings``."""
    day = _doc_date(master, as_of)
    plan_name = setting(master, "plan_name")
    values: dict[str, Any] = {
        "plan_year": master.plan.year or period.code[:4],
        "plan_name": plan_name,
        "plan_number": setting(master, "plan_number"),
        "plan_date": fmt_date(setting(master, "plan_date")),
        "plan_issuer": setting(master, "plan_issuer"),
        "period_label": period_label(period, lang),
        "as_of": fmt_date(as_of),
    }
    subject = _doc_subject(master, values, lang)
    place = setting(master, "doc_place")
    recipients = [r.strip() for r in setting(master, "doc_recipients").split(";") if r.strip()]
    return DocHeader(
        governing_body=setting(master, "doc_governing_body"),
        issuing_body=setting(master, "doc_issuing_body"),
        number=setting(master, "doc_number"),
        place=place,
        date=day,
        date_line=(f"{place}, " if place else "") + date_words(day, lang),
        title=tr("BÁO CÁO", "REPORT", lang),
        subject=subject,
        office_name=setting(master, "doc_office_name"),
        motto=MOTTO["en" if lang == "en" else "vi"],
        signer_authority=setting(master, "doc_signer_authority"),
        signer_title=setting(master, "doc_signer_title"),
        signer_name=setting(master, "doc_signer_name"),
        recipients=recipients,
        plan_number=values["plan_number"],
        plan_date=values["plan_date"],
        plan_issuer=values["plan_issuer"],
        plan_name=plan_name,
        plan_year=str(values["plan_year"] or ""),
        plan_citation=setting(master, "plan_citation"),
        tz=office_tz(setting(master, "timezone")),
    )


# --- the documents' output file ------------------------------------------------------------


def committee_output(
    master_path: str | os.PathLike,
    output: str | os.PathLike,
    *,
    force: bool,
    suffix: str | None = None,
) -> Path:
    """The checked output path of a committee document (``summary``'s workbook, ``report``'s
    .docx): never the master itself, ending in ``suffix`` when given, and an existing file
    only replaced with ``force``. Raises ``FileError`` (one clear line)."""
    from .errors import FileError
    from .fsnames import replaceable_output

    out = replaceable_output(output)
    if suffix and out.suffix.lower() != suffix:
        raise FileError(
            tr(f"Tệp kết quả phải có đuôi {suffix}", f"The output must be a {suffix} file"),
            hint=tr(f"Đặt tên --output là …{suffix}", f"Name --output …{suffix}"),
            location=str(out),
        )
    if Path(master_path).resolve() == out.resolve():
        raise FileError(
            tr("Tệp kết quả trùng với sổ chính", "The output is the master itself"),
            hint=tr("Chọn tên tệp khác cho --output", "Choose another name for --output"),
            location=str(out),
        )
    if out.exists() and not force:
        raise FileError(
            tr("Tệp kết quả đã có", "The output file already exists"),
            hint=tr(
                "Chọn tên khác, hoặc thêm --force để ghi đè",
                "Choose another name, or add --force to replace it",
            ),
            location=str(out),
        )
    return out


# --- value problems in words ------------------------------------------------------------------


def problem_label(flag: str, lang: str | None = None) -> str:
    """``date_invalid: 31/06/2023`` → ``Ngày không có thật: 31/06/2023`` (never the code):
    the words of the one problem catalogue, ``sheettools.problems``."""
    from . import problems

    return problems.describe(flag, lang)


OFFICE_KEYS = tuple(k for k in DOC_DEFAULTS if k.startswith("doc_"))
PLACEHOLDERS = ("doc_governing_body", "doc_issuing_body", "doc_place", "doc_signer_title")
# what each letterhead key is, for people (the web page's form, ``plan office``)
OFFICE_LABELS: dict[str, tuple[str, str]] = {
    "doc_governing_body": ("Cơ quan, tổ chức chủ quản", "Governing body"),
    "doc_issuing_body": ("Cơ quan, tổ chức ban hành", "Issuing body"),
    "doc_number": ("Số, ký hiệu văn bản", "Document number"),
    "doc_place": ("Địa danh", "Place"),
    "doc_date": ("Ngày văn bản (để trống: ngày lập)", "Document date (empty: the day it is made)"),
    "doc_subject": ("Trích yếu báo cáo", "Report subject"),
    "doc_office_name": ("Tên cơ quan trong lời văn", "The office's name in the text"),
    "doc_signer_authority": ("Thẩm quyền ký (TM., KT.)", "Signing authority (on behalf of)"),
    "doc_signer_title": ("Chức vụ người ký", "Signer's title"),
    "doc_signer_name": ("Họ tên người ký", "Signer's name"),
    "doc_recipients": ("Nơi nhận (cách nhau bằng ;)", "Recipients (separated by ;)"),
}


def letterhead(master: Master) -> list[dict[str, Any]]:
    """The office's letterhead as its documents print it, one row per ``doc_*`` key: the
    value typed in the settings (``value``, ``-`` for a line left out on purpose), what the
    documents use (``shown``), the default an empty value falls back to, and whether what is
    shown is still a placeholder of Decree 30 for the office to replace."""
    defaults = level_defaults(master)
    return [
        {
            "key": k,
            "label": tr(*OFFICE_LABELS[k]),
            "value": (master.settings.get(k) or "").strip(),
            "shown": setting(master, k),
            "default": defaults.get(k, ""),
            # still Decree 30's placeholder: the office has not written its own yet
            "placeholder": k in PLACEHOLDERS and setting(master, k) == DOC_DEFAULTS[k],
        }
        for k in OFFICE_KEYS
    ]


def set_letterhead(master: Master, values: dict[str, str]) -> list[str]:
    """Write the letterhead keys of ``values`` into ``master.settings`` (NFC, as typed: the
    blank in ``Số:      /BC-`` is where the number is written by hand); an empty value goes
    back to the default, ``-`` leaves the line out. Returns the keys that changed; an unknown
    key is refused before anything changes."""
    from .errors import InputError

    unknown = [k for k in values if k not in OFFICE_KEYS]
    if unknown:
        raise InputError(
            tr("Không có mục tiêu đề", "No such letterhead item") + ": " + ", ".join(unknown),
            hint=tr("Các mục: ", "The items: ") + ", ".join(OFFICE_KEYS),
        )
    changed = []
    for k, v in values.items():
        v = unicodedata.normalize("NFC", (v or "").strip())
        if (master.settings.get(k) or "") != v:
            master.settings[k] = v
            changed.append(k)
    if "doc_date" in changed and master.settings["doc_date"] not in ("", BLANK):
        _doc_date(master, dt.date.today())  # a date that cannot be read is refused now
    return changed


def load_office(path: str | os.PathLike) -> dict[str, str]:
    """The office's letterhead from a TOML file of ``doc_*`` keys (``plan import --office``):
    kept with the office's files and given to every year's new master."""
    import tomllib

    from .errors import InputError

    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            tr("Không đọc được tệp tiêu đề cơ quan", "Cannot read the office letterhead file")
            + f" ({exc})",
            hint=tr("Tệp TOML, mỗi dòng một khóa: doc_issuing_body = \"…\"",
                    "A TOML file, one key per line: doc_issuing_body = \"…\""),
            file=str(p),
        ) from exc  # fmt: skip
    unknown = [k for k in data if k not in OFFICE_KEYS or not isinstance(data[k], str)]
    if not data:
        raise InputError(
            tr("Tệp tiêu đề cơ quan không có mục nào", "The office letterhead file has no items"),
            hint=tr("Mỗi dòng một khóa: doc_issuing_body = \"…\"; các khóa: ",
                    "One key per line: doc_issuing_body = \"…\"; the keys: ")
            + ", ".join(OFFICE_KEYS),
            file=str(p),
        )  # fmt: skip
    if unknown:
        raise InputError(
            tr("Khóa không dùng được trong tệp tiêu đề", "Keys not usable in the letterhead file")
            + ": " + ", ".join(unknown),
            hint=tr("Các khóa được dùng (giá trị là chữ): ", "The keys (text values): ")
            + ", ".join(OFFICE_KEYS),
            file=str(p),
        )  # fmt: skip
    # as typed (the blank in "Số:      /BC-MTTQ" is the number to write by hand), NFC
    return {k: unicodedata.normalize("NFC", v.strip()) for k, v in data.items()}
