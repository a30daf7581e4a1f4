"""The plan's identity from its text: issuing body, kind, number and symbol, date, title, year.

Read from the document's first lines (the Decree 30/2020 layout: issuer top left, ``Số:
160-KH/QU`` under it, place and date top right, the kind ``KẾ HOẠCH`` and the subject) or
from a line that cites it (``Ban hành kèm Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban
Thường vụ Quận ủy Long Biên``). Missing parts stay empty: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .i18n import tr
from .textutil import fold, nfc

KINDS = {
    "ke hoach": "Kế hoạch",
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "chuong trinh": "Chương trình",
    "chi thi": "Chỉ thị",
    "chuong trinh hanh dong": "Chương trình hành động",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
    "de an": "Đề án",
    "cong van": "Công văn",
}
# "2623/QĐ-TTg": the Prime Minister's symbol ends in a small "g"
# "104-CTr/TU": a party programme's symbol has a small "r" (Chương trình)
_SYMBOL = (
    r"(\d{1,5}\s*[-/]\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐ0-9]*(?:r(?=[/-]))?"
    r"(?:\s*[-/]\s*[A-ZĐ0-9]+g?)*)"
)
_NUMBER = re.compile(
    r"(?:^|[|\s])Số\s*:\s*"
    + _SYMBOL
    + r"|^\s*Số\s+"
    + _SYMBOL
    + r"|^\s*(?:Kế hoạch|Nghị quyết|Quyết định|Chương trình|Chỉ thị)\s+số\s*:?\s*"
    + _SYMBOL
)
_CITED = re.compile(
    r"\b(Kế hoạch|Nghị quyết|Quyết định|Chương trình|Chỉ thị)\s+số\s*:?\s*"
    + _SYMBOL
    # "ngày 03/12/2025" or "ngày 03 tháng 12 năm 2025"
    # ("Ngày" in capitals where a centred attachment line wraps before it)
    + r"\s+[Nn]gày\s+(\d{1,2})(?:[/.-]|\s+tháng\s+)(\d{1,2})(?:[/.-]|\s+năm\s+)(\d{4})"
    + r"(?:\s+của\s+([^)\n;]{3,90}))?"
)
_SIGNED = re.compile(
    r"[^\W\d_]\s*,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE
)
_WRAPPED_DATE = re.compile(
    r",\s*ngày(?:\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2}(?:\s+năm)?)?)?)?\W*$", re.IGNORECASE
)
# the place alone on its line before the wrapped date: "*Thành phố Huế,"
# (a capital, at most six words: not a sentence wrapped after a comma)
_PLACE_ALONE = re.compile(
    r"^[\s*_]*(?=[A-ZĐÀ-Ỹ])[^\W\d_][^\s\d,;:()-]*(?:[\s-]+[^\W\d_][^\s\d,;:()-]*){0,5},[\s*_]*$"
)
_CITING = re.compile(r"^\W*(?:Căn cứ|Thực hiện|Xét|Theo đề nghị)\b", re.IGNORECASE)
_SHORT_DATE = re.compile(r"ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_BLANK_DAY_ATTACHED = re.compile(
    r"\bkèm theo\b.{0,60}?\bngày[\s.…_]*/\s*\d{1,2}\s*/\s*(20\d\d)\b", re.IGNORECASE
)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# "năm 2023" but not the year of a cited date ("ngày 22 tháng 12 năm 2024")
_YEAR_IN_TITLE = re.compile(r"(?<!\d\s)(?<!\d)\b(?:năm|NĂM|Năm)\s+(20\d\d)\b")
# the moment the plan is about, its year the plan's: "KẾ HOẠCH … TỔNG KIỂM KÊ TÀI SẢN CÔNG …
# THỜI ĐIỂM 0H00 NGÀY 01 THÁNG 01 NĂM 2026" (Quyết định 1627/QĐ-UBND of 2025, Quảng Ngãi)
_AS_AT = re.compile(
    r"\bthời\s+điểm\b[^,;()]{0,20}?\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(20\d\d)\b",
    re.IGNORECASE,
)
_CITED_DATE_YEAR = re.compile(r"(?:tháng|THÁNG)\s+\d{1,2}\s+(?:năm|NĂM)\s+20\d\d")
# a horizon, not the plan's year: "từ nay đến năm 2020", "tầm nhìn đến năm 2045"
_HORIZON = re.compile(r"\b(?:đến|tới|đến hết|tầm nhìn(?: đến)?)\s+(?:năm\s+)?20\d\d", re.IGNORECASE)
# a year under review, not the plan's: "Hội nghị đánh giá công tác cải cách hành chính năm
# 2025 và triển khai nhiệm vụ năm 2026" (Thông báo kết luận of 01/2026, Lâm Đồng)
_REVIEWED = re.compile(
    r"(?P<keep>\b(?:đánh giá|tổng kết|sơ kết)\b[^.;]{0,80}?)\bnăm\s+20\d\d(?=\s+và\s)",
    re.IGNORECASE,
)
_MOTTO = ("cong hoa xa hoi chu nghia", "dang cong san viet nam", "doc lap tu do hanh phuc")


@dataclass
class PlanIdentity:
    issuer: str = ""
    kind: str = ""
    number: str = ""
    date: str = ""  # ISO
    title: str = ""
    year: int | None = None
    year_from: str = ""  # title | date | date_line (a draft's, no day) | deadlines | --year

    def citation(self) -> str:
        """``Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy Long Biên``."""
        if not self.number:
            return self.title
        parts = [f"{self.kind or tr('Kế hoạch', 'Plan')} số {self.number}"]
        if self.date:
            y, m, d = self.date.split("-")
            parts.append(f"ngày {d}/{m}/{y}")
        if self.issuer:
            parts.append(f"của {name_case(self.issuer)}")
        return " ".join(parts)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["citation"] = self.citation()
        return d


_ACRONYMS = {"UBND", "HĐND", "MTTQ", "BCH", "BTV", "BTT", "TW", "VN", "QH", "ĐBQH", "CP"}
_PROPER = ("Việt Nam", "Quốc hội", "Chính phủ", "Trung ương", "Nhà nước", "Đảng", "Quân đội",
           "Thường vụ", "Thường trực")  # fmt: skip
_LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def name_case(name: str) -> str:
    """An issuer printed in capitals, as written in a sentence: ``ỦY BAN NHÂN DÂN TỈNH SƠN
    LA`` → ``Ủy ban nhân dân tỉnh Sơn La``, ``THỦ TƯỚNG CHÍNH PHỦ`` → ``Thủ tướng Chính phủ``.
    A name not in capitals is returned as it is."""
    if not _is_upper(name):
        return name
    words = name.split()
    out = []
    place = False
    for i, w in enumerate(words):
        if w in _ACRONYMS or (
            len(w) > 1
            and not any(
                c in "AĂÂEÊIOÔƠUƯYÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
                for c in w
            )
        ):
            out.append(w)  # an acronym (no vowel): MTTQ, HĐND
            continue
        low = w.lower()
        if low in ("ủy", "uỷ") and i and words[i - 1].lower() in ("tỉnh", "huyện", "quận", "thành"):
            # "TỈNH UỶ LÀO CAI" → "Tỉnh ủy Lào Cai": the party committee, then its place
            out[-1] = out[-1][:1].upper() + out[-1][1:]
            out.append("ủy")
            place = True
            continue
        out.append(low.capitalize() if i == 0 or place else low)
        if low in ("tỉnh", "huyện", "quận", "xã", "phường") or (
            i and f"{words[i - 1].lower()} {low}" in ("thành phố", "thị xã", "thị trấn")
        ):
            place = True
    text = " ".join(out)
    for p in _PROPER:
        text = re.sub(rf"\b{p.lower()}\b", p, text)
    # a body of the reference list is written as it is named there: "BỘ XÂY DỰNG" → "Bộ
    # Xây dựng" (Quyết định 1074/QĐ-BXD of 2026), not "Bộ xây dựng"
    from .statebodies import reference

    hit = reference().lookup(text)
    if hit is not None and not hit.body.is_group and fold(hit.body.name) == fold(text):
        return hit.body.name
    return text[:1].upper() + text[1:]


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


# the first words of a body's name printed as a letterhead
_BODY_HEADS = ("uy ban", "ubnd", "hoi dong", "dang uy", "ban ", "so ", "bo ", "tinh uy",
               "huyen uy", "quan uy", "thanh uy", "mat tran", "cong an", "van phong")  # fmt: skip


def plan_identity(lines: list[str]) -> PlanIdentity:
    """Identity from the document's lines (text and table rows, in order)."""
    ident = PlanIdentity()
    head = [nfc(x) for x in lines[: _head_start(lines) + 60] if nfc(x)]
    head = head[_head_start(head) :]
    # issuer: the upper-case lines before the national motto, in a document that has one
    uppers: list[str] = []
    has_motto = any(fold(x).find(motto) >= 0 for x in head[:15] for motto in _MOTTO)
    for line in head[:12] if has_motto else []:
        first = re.split(r"\s*\|\s*|\t", line.strip())[0]
        first = re.split(r"\bSố\s*[:\s]", first)[0].strip()
        # the rule drawn under the issuer, read into the same PDF cell ("CHÍNH PHỦ _________")
        first = re.split(r"\s*_{3,}", first)[0].strip()
        cut = fold(first)
        for motto in _MOTTO:
            k = cut.find(motto)
            if k > 0:  # "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI …" (two columns in one line)
                words = len(cut[:k].split())
                first = " ".join(first.split()[:words])
                cut = fold(first)
        if cut.startswith(("cong bao", "van ban phap luat", "van ban hop nhat")):
            continue  # the Official Gazette's page header and section titles
        if not first or any(cut.startswith(motto) for motto in _MOTTO):
            if uppers:
                break
            continue
        if cut in KINDS:
            break
        if _is_upper(first) and len(first) <= 90:
            if not uppers or uppers[-1] != first:
                uppers.append(first.strip("* -#/"))
        elif uppers:
            break
    uppers = [u for u in uppers if u and not re.fullmatch(r"[-*_ ]+", u)]
    if uppers:
        issuer = uppers[-1]
        # "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI" (Công văn 7432/UBND-XD of 2026): the place
        # printed under the body's name
        place = fold(issuer).startswith(
            ("tinh ", "huyen ", "quan ", "xa ", "phuong ", "thanh pho ", "thi xa ")
        )
        if place:
            # the body's name may itself be wrapped ("ỦY BAN NHÂN" / "DÂN" / "TỈNH ĐỒNG
            # THÁP"): the lines above, back to the one the name starts on
            k = len(uppers) - 1
            while k > 0:
                k -= 1
                issuer = f"{uppers[k]} {issuer}"
                if fold(uppers[k]).startswith(_BODY_HEADS):
                    break
        elif len(uppers) > 1 and (len(issuer.split()) <= 2 or len(uppers[-2].split()) == 1):
            # "BỘ" / "XÂY DỰNG"; "VĂN" / "PHÒNG CHÍNH PHỦ" (a scrape wrapped the name)
            issuer = f"{uppers[-2]} {issuer}"
        ident.issuer = issuer
    # a draft's own date line, day left blank: "Lào Cai, ngày       tháng 4 năm 2026"
    draft_at = next(
        (i for i, x in enumerate(head[:15]) if re.search(r",\s*ngày[\s.…_]*tháng\b", x)), None
    )
    for i, line in enumerate(head):
        m = _NUMBER.search(line)
        if m is None and i + 1 < len(head) and re.fullmatch(r"\W*Số\s*:\s*", line):
            m = _NUMBER.search(f"{line.strip()} {head[i + 1].strip()}")  # "Số:" / "7360/KH-UBND"
        if m and not ident.number:
            ident.number = re.sub(r"\s+", "", next(g for g in m.groups() if g))
        # not the date of a document cited by a "Căn cứ …" / "Thực hiện …" line ("Căn cứ
        # Nghị quyết liên tịch số 102/2025/NQLT-…, ngày 26 tháng 9 năm 2025 của …")
        d = None if _CITING.match(line) else _SIGNED.search(line)
        if (
            d is None
            and i + 1 < len(head)
            and (_WRAPPED_DATE.search(line) or _PLACE_ALONE.match(line))
        ):
            # a text copy wrapped the date line: "*Bắc Ninh, ngày 24" / "tháng 11 năm 2025*",
            # "*Lai Châu, ngày" / "19 tháng 11 năm 2025*", "*Thành phố Huế," / "ngày 18 tháng
            # 11 năm 2025*" (Nghị quyết 33/2025/NQ-HĐND of Huế, a thuvienphapluat.vn scrape)
            d = _SIGNED.search(f"{line.rstrip(' *_')} {head[i + 1].lstrip(' *_')}")
        if d and draft_at is not None and i > draft_at:
            # below a draft's blank date line every date is another one: the day of the
            # inspection the plan prepares ("Thời gian: Buổi sáng, ngày 18 tháng 4 năm 2026",
            # Sở GDĐT Đồng Tháp's draft of 4/2026), never the signing date
            d = None
        if d and not ident.date:
            ident.date = _iso(d.group(1), d.group(2), d.group(3))
    draft = draft_at is not None
    if (
        not ident.date and not draft
    ):  # an appendix: "(Kèm theo Nghị quyết số …/NQ-CP ngày 01 tháng 01 năm 2025 …)"
        for line in head:
            if re.match(r"^\(?\s*(Kèm theo|Ban hành kèm)", line):
                d = _DATE.search(line) or _SHORT_DATE.search(line)
                if d:
                    ident.date = _iso(d.group(1), d.group(2), d.group(3))
                    break
    for i, line in enumerate(head):
        f = fold(line.strip("* "))
        if f in KINDS and _is_upper(line):
            ident.kind = KINDS[f]
            rest: list[str] = []
            for nxt in head[i + 1 : i + 5]:
                fn = fold(nxt)
                if rest and (
                    re.match(r"^([IVX]+|\d+)\s*[.)]\s", nxt)
                    or fn.startswith(("can cu", "thuc hien", "quyet nghi", "ngay "))
                    or re.fullmatch(r"[-_*=\s]+", nxt)
                ):
                    break
                if re.fullmatch(r"[-_*=\s]+", nxt) or (
                    rest
                    and nxt.lstrip(" *_").startswith("(")
                    and re.match(r"(?:ban hanh\s+)?kem theo\b", fn)
                ):
                    break  # a rule, or "(Ban hành kèm theo Nghị quyết số …)" under the title
                if rest and " | " in nxt:
                    break  # a table row (the task table's header) after the title
                if rest and _authority(nxt, ident.issuer):
                    break  # "THỦ TƯỚNG CHÍNH PHỦ" / "CHÍNH PHỦ" enacting it, over "Căn cứ …"
                rest.append(nxt.strip("* "))
                if nxt.rstrip().endswith((".", ":")):
                    break
            ident.title = nfc(" ".join(rest))[:300]
            break
    # the attachment line citing the plan ("Ban hành kèm Kế hoạch số … ngày … của …") fills
    # what the head did not give; another citation only when its date is the signing date
    cited = [(line, m) for line in _unwrapped(lines) for m in [_CITED.search(line)] if m]
    cited.sort(key=lambda lm: 0 if _attachment_line(lm[0]) else 1)
    for line, m in cited:
        date = _iso(m.group(3), m.group(4), m.group(5))
        if not _attachment_line(line) and date != ident.date:
            continue
        if ident.number and re.sub(r"\s+", "", m.group(2)) != ident.number:
            continue
        if draft or (ident.kind and not ident.number and fold(m.group(1)) != fold(ident.kind)):
            # a draft Kế hoạch "(Ban hành kèm theo Nghị quyết số 35-NQ/TU …)" under its own
            # blank "Số:      /KH-SCT": the cited resolution is another document
            continue
        ident.kind = ident.kind or m.group(1)
        ident.number = ident.number or re.sub(r"\s+", "", m.group(2))
        ident.date = ident.date or date
        if m.group(6) and not ident.issuer:
            ident.issuer = nfc(re.split(r"\s+(?:về|V/v)\s+", m.group(6))[0])
        break
    title = _REVIEWED.sub(r"\g<keep>", ident.title)
    m = _AS_AT.search(title) or _YEAR_IN_TITLE.search(
        _HORIZON.sub(" ", _CITED_DATE_YEAR.sub(" ", title))
    )
    if m:
        ident.year, ident.year_from = int(m.group(1)), "title"
    elif ident.date:
        ident.year, ident.year_from = int(ident.date[:4]), "date"
    else:  # a draft's date line with the day and month left blank: ", ngày … tháng … năm 2023"
        for line in head[:15]:
            m = re.search(r",\s*ngày\b.{0,30}?\bnăm\s+(20\d\d)", line)
            # "(Phụ lục kèm theo Kế hoạch số      /KH-UBND ngày    /8/2026 của UBND tỉnh Đắk
            # Lắk)": the attachment line of a draft, its date in figures with the day blank
            m = m or _BLANK_DAY_ATTACHED.search(line)
            if m:
                # no signing date: the year printed on the draft's date line, said as such
                ident.year, ident.year_from = int(m.group(1)), "date_line"
                break
    return ident


def _head_start(lines: list[str]) -> int:
    """Where the document's head starts: 0, or a few lines above the national motto when a
    web page's own header comes first (a thuvienphapluat.vn scrape: "Số hiệu:", "Loại văn
    bản:", … then the letterhead, Thông báo 624/TB-VPCP of 2025)."""
    seen = 0
    for i, line in enumerate(lines[:250]):
        if not line.strip(" |"):
            continue
        seen += 1
        f = fold(line)
        if _is_upper(line) and ("xa hoi chu nghia" in f or "cong hoa xa hoi" in f):
            if seen <= 15:
                return 0
            back, k = 0, i
            while k > 0 and back < 6:
                k -= 1
                back += 1 if lines[k].strip(" |") else 0
            return k
    return 0


_AUTHORITIES = ("chinh phu", "thu tuong chinh phu", "uy ban thuong vu quoc hoi", "quoc hoi")
_AUTHORITY_HEADS = ("chu tich uy ban nhan dan", "bo truong bo ", "thu truong co quan")


def _authority(line: str, issuer: str) -> bool:
    """The body enacting a decision or resolution, printed alone in capitals between its
    title and its "Căn cứ …" lines (Decree 30/2020 layout): the issuer, or "CHÍNH PHỦ",
    "THỦ TƯỚNG CHÍNH PHỦ", "CHỦ TỊCH ỦY BAN NHÂN DÂN …", "BỘ TRƯỞNG BỘ …"."""
    text = line.strip("* _")
    if not text or not _is_upper(text):
        return False
    f = fold(text)
    return bool(issuer and f == fold(issuer)) or f in _AUTHORITIES or f.startswith(_AUTHORITY_HEADS)


def _unwrapped(lines: list[str]) -> list[str]:
    """The lines, an attachment line wrapped after its first words joined to the next one:
    "*(Kèm theo" / "Nghị quyết số 394/NQ-CP ngày 03 tháng 12 năm 2025 của Chính phủ)*"."""
    out: list[str] = []
    for line in lines:
        if out and (
            re.fullmatch(r"\W*(?:ban\s+hành\s+)?kèm(?:\s+theo)?\s*", out[-1], re.I)
            # wrapped before its date, the document cited in full on the first line: "(Kèm
            # theo Quyết định số 1422/QĐ-TTg" / "Ngày 19 tháng 11 năm 2024 của Thủ tướng
            # Chính phủ)" (pdftotext -layout of a centred title, Kế hoạch quốc gia of 2024)
            or (
                _attachment_line(out[-1])
                and re.search(r"\bsố\s*:?\s*\S+\s*$", out[-1])
                and re.match(r"\W*ngày\s+\d", line, re.I)
            )
        ):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip(' *_')}"
        else:
            out.append(line)
    return out


def _attachment_line(line: str) -> bool:
    """A line (or a table cell) that *starts* as an attachment line: "(Ban hành kèm Kế hoạch
    số …)", "Kèm theo Quyết định số …". A sentence that mentions "… ban hành kèm theo Nghị
    quyết số …" in its middle (a task of a tracking sheet) cites another document."""
    return any(
        re.match(r"^\W*(?:ban\s+hành\s+)?kèm\b", cell.strip(), re.IGNORECASE)
        for cell in line.split(" | ")
    )


def parse_citation(text: str) -> PlanIdentity:
    """The identity a citation gives (``Kế hoạch số 160-KH/QU ngày 11/01/2023 của Ban Thường
    vụ Quận ủy Long Biên``): kind, number, date (ISO) and issuer; empty when it cites none."""
    ident = PlanIdentity()
    m = _CITED.search(nfc(text))
    if m:
        ident.kind = m.group(1)
        ident.number = re.sub(r"\s+", "", m.group(2))
        ident.date = _iso(m.group(3), m.group(4), m.group(5))
        if m.group(6):
            ident.issuer = nfc(re.split(r"\s+(?:về|V/v)\s+", m.group(6))[0]).strip()
    return ident


def _iso(d: str, m: str, y: str) -> str:
    try:
        import datetime as dt

        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""
