"""The reference list of Vietnamese state bodies (package data ``data/state_bodies.csv``).

Official names contain ``và`` and commas (``Sở Khoa học và Công nghệ``, ``Ủy ban Khoa học,
Công nghệ và Môi trường``, ``Bộ Lao động - Thương binh và Xã hội``), so a unit cell cannot be
split blindly at every ``và`` or comma. This list of the standard names and abbreviations at
each level — ministries and ministry-level agencies, National Assembly bodies, party boards,
provincial departments (``Sở …``), district offices (``Phòng …``), commune/ward bodies, the
mass organisations, and the phrases that stand for many bodies (``các bộ, ngành``, ``các cơ
quan liên quan``) — lets the unit splitter keep such names whole and lets ``units suggest``
propose levels, codes and groups. It is a *reference*: resolution itself still uses only the
office's reviewed registry (see ``units.py``).

Columns: ``code``, ``name``, ``aliases`` (``;``-separated), ``level`` (``national``,
``province``, ``district``, ``ward``, ``external``), ``kind`` (``ministry``,
``government_agency``, ``state_body``, ``na_body``, ``party``, ``mass_org``,
``local_government``, ``department``, ``office``, ``ministry_unit`` (a ministry's department or institute), ``group``) and, for groups, ``stands_for``
(``|``-separated kinds, or ``ignore`` for a phrase that names no particular body).

Local bodies are listed once with a generic name (``Công an huyện``, ``Hội Liên hiệp Phụ
nữ``); a trailing place qualifier in the text (``tỉnh Sơn La``, ``quận``, ``phường Bồ Đề``)
is stripped for the look-up and decides the level of a local body.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

from .textutil import fold, nfc, unify_tones

LEVEL_NATIONAL = "national"
LEVEL_PROVINCE = "province"
LEVEL_DISTRICT = "district"
LEVEL_WARD = "ward"
LEVEL_EXTERNAL = "external"
LEVELS = (LEVEL_NATIONAL, LEVEL_PROVINCE, LEVEL_DISTRICT, LEVEL_WARD, LEVEL_EXTERNAL)
KIND_GROUP = "group"
IGNORE = "ignore"
LOCAL_KINDS = frozenset({"local_government", "department", "office", "party", "mass_org"})

# Heads of department-type names that share the same field ("Bộ/Sở/Phòng Giáo dục và Đào
# tạo"): a field known under one head is a name under the others.
_DEPARTMENT_HEADS = ("bo", "so", "phong")
# heads of two words written once for several offices ("Chi cục Thuế, Hải quan")
_ELIDED_HEADS_2 = ("chi cuc",)
# Words that start a unit's name (folded); a fragment starting with none of them and not
# itself a known name is a candidate continuation of the name before it.
UNIT_HEADS = frozenset(
    """bo so phong ban uy ub ubnd hdnd hoi doan trung tam tram cong chi cuc tong dai thong
    vien toa kiem thanh van kho bao ngan quy lien mat mttq dang to truong benh tap quan huyen
    tinh xa phuong thi cac dong dc""".split()
)
# Level words, compared with their accents ("phường", never the "phương" of "địa phương").
_QUAL_WORDS = {
    ("tỉnh",): LEVEL_PROVINCE,
    ("thành", "phố"): LEVEL_PROVINCE,
    ("tp",): LEVEL_PROVINCE,
    ("tp.",): LEVEL_PROVINCE,
    ("huyện",): LEVEL_DISTRICT,
    ("quận",): LEVEL_DISTRICT,
    ("thị", "xã"): LEVEL_DISTRICT,
    ("xã",): LEVEL_WARD,
    ("phường",): LEVEL_WARD,
    ("thị", "trấn"): LEVEL_WARD,
}
_TAIL_QUALIFIERS = (("cua", "quoc", "hoi"), ("trung", "uong"), ("viet", "nam"))
# no official name has a comma before its "Trung ương"/"Việt Nam"/"của Quốc hội": after one,
# those words start another name ("Ủy ban Kiểm tra, Trung ương Hội Cựu chiến binh Việt Nam")
_COMMA_TAIL_RE = re.compile(r",\s*(?:trung\s+ương|việt\s+nam|của\s+quốc\s+hội)\s*$", re.I)
_SEP_WORDS_RE = re.compile(r"\s*,\s*|\s+và\s+", re.IGNORECASE)
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]*\)\s*$")  # "(theo chức năng, nhiệm vụ …)"
_PLACE_WORD_RE = re.compile(r"[^\W_][\w.\-]*")
# An abbreviation (two capitals or more: UBND, HĐND, CN&MT) is a name of its own.
_ABBREVIATION_RE = re.compile(r"\b\w*[A-ZĐ]\w*[A-ZĐ]")


@dataclass(frozen=True)
class StateBody:
    code: str
    name: str
    aliases: tuple[str, ...]
    level: str
    kind: str
    stands_for: tuple[str, ...] = ()

    @property
    def is_group(self) -> bool:
        return self.kind == KIND_GROUP

    @property
    def ignore(self) -> bool:
        return self.is_group and IGNORE in self.stands_for


@dataclass(frozen=True)
class Match:
    """A look-up hit: the body, and its level (a local body's level from the qualifier)."""

    body: StateBody
    level: str
    qualifier: str = ""  # the stripped trailing qualifier, as written


def ref_key(text: str) -> str:
    """Folded words (accents, case, punctuation away; ``Uỷ`` = ``Ủy``)."""
    return " ".join(fold(text).split())


def _split_place_qualifier(text: str) -> tuple[str, str, str]:
    """``"Sở Tư pháp tỉnh Sơn La"`` → (``"Sở Tư pháp"``, ``"tỉnh Sơn La"``, ``province``).

    A qualifier is a level word (``tỉnh``, ``thành phố``, ``huyện``, ``quận``, ``thị xã``,
    ``xã``, ``phường``, ``thị trấn``) followed only by capitalised words (a place name), at
    the end of the text and not at its start."""
    words = nfc(text).split(" ")
    folded = [unify_tones(w).lower().strip(",;:") for w in words]
    if _COMMITTEE_END_RE.search(" ".join(folded[-2:])):
        # "Văn phòng Tỉnh Ủy" (a Đắk Lắk sheet, 2026): the party committee, no place "Ủy"
        return nfc(text), "", ""
    quals = sorted(_QUAL_WORDS.items(), key=lambda kv: -len(kv[0]))
    for p in range(len(words) - 1, 0, -1):
        for qual, level in quals:
            n = len(qual)
            if (
                tuple(folded[p : p + n]) == qual
                # "thị xã Sơn Tây" is a town, never the "xã Sơn Tây" of a commune
                and not (n == 1 and (folded[p - 1], folded[p]) in _QUAL_WORDS)
                and all(_place_word(w) for w in words[p + n :])
                and _PLACE_WORD_RE.fullmatch(words[p + n - 1])
                and words[p - 1][-1:] not in ",;:"
            ):
                return " ".join(words[:p]), " ".join(words[p:]), _city_level(level, words[p + n :])
        # the second word of a two-word level ("thành phố Hà Nội", "thị xã Sơn Tây") is in
        # lower case: the qualifier may still start before it
        if not _place_word(words[p]) and not any(
            len(q) > 1 and tuple(folded[p - len(q) + 1 : p + 1]) == q for q in _QUAL_WORDS
        ):
            break
    return nfc(text), "", ""


def split_place(text: str) -> tuple[str, str, str]:
    """A name, its trailing place qualifier as written and the level it gives: ``Sở Tư pháp
    tỉnh Sơn La`` → (``Sở Tư pháp``, ``tỉnh Sơn La``, ``province``); no qualifier: (text,
    ``""``, ``""``)."""
    return _split_place_qualifier(text)


def _city_level(level: str, place: list[str]) -> str:
    """A ``thành phố`` is a province (``thành phố Hà Nội``) or, when data/provinces.csv does
    not list it, a city of a province, at district level (``thành phố Đà Lạt``)."""
    name = " ".join(place)
    if level != LEVEL_PROVINCE or not place or _place_key(name) in _provinces():
        return level
    # "TP. HCM": an abbreviation names no city of a province
    return level if _ABBREVIATION_RE.search(name) else LEVEL_DISTRICT


def _place_word(word: str) -> bool:
    """A word of a place name: capitalised, a number (``Phường 1``) or the dash between two
    names (``phường Cam Ly - Đà Lạt``, Kế hoạch tuyên truyền CCHC 2026 of Lâm Đồng)."""
    if word in ("-", "–") or word.isdigit():
        return True
    return bool(_PLACE_WORD_RE.fullmatch(word)) and word[:1].isupper()


def place_level(text: str) -> str:
    """The level a trailing place qualifier gives (``… xã`` → ward, ``… tỉnh Sơn La`` →
    province) or a party committee the name ends with (``Ban Thường vụ Tỉnh ủy`` → province,
    ``… Quận ủy`` → district), or ``""``."""
    level = _split_place_qualifier(text)[2]
    m = _COMMITTEE_END_RE.search(unify_tones(nfc(text))) if not level else None
    if m is not None:
        level = LEVEL_PROVINCE if fold(m.group(1)) in ("tinh", "thanh") else LEVEL_DISTRICT
    return level


# a party committee ending a board's name, with the place of an "Đảng ủy": "… Tỉnh ủy",
# "… Đảng ủy xã Tân Phú"
_BOARD_COMMITTEE_RE = re.compile(
    r"\s(?:(?:tỉnh|thành|huyện|quận|thị)\s?ủy|đảng\s?ủy(?:\s+(?:xã|phường|thị trấn|đặc khu)"
    r"(?:\s+\S+)*)?)$",
    re.I,
)
_PLACE_UNION_RE = re.compile(r"^(tỉnh|thành|huyện|quận|thị)\s?(?:đoàn|đòan)(?:\s+(.+))?$", re.I)
_COMMITTEE_END_RE = re.compile(r"(?:^|\s)(tỉnh|thành|huyện|quận|thị)\s?ủy$", re.I)


# The heads an issuer's name may end with, and the level each gives: the issuer as printed
# top left is often its superior then itself ("UBND TỈNH PHÚ THỌ / SỞ THÔNG TIN VÀ TRUYỀN
# THÔNG"), so the last one counts. A Sở is a province's department, a Bộ a ministry (not the
# "bộ" of "Đảng bộ", "Bộ Chỉ huy Quân sự tỉnh"); otherwise the place of a committee or a
# People's Committee ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", "TỈNH ỦY LÀO CAI", "ỦY BAN MTTQ VIỆT NAM
# XÃ LƯƠNG MINH") or a national body ("CHÍNH PHỦ", "ĐẢNG ĐOÀN QUỐC HỘI").
_ISSUER_HEAD_RE = re.compile(
    r"(?P<so>(?<!cơ )\bsở\b)"
    r"|(?P<bo>(?<!đảng )(?<!chi )\bbộ\b(?!\s+(?:chỉ\s+huy|đội|phận)\b))"
    r"|(?P<national>\b(?:chính\s+phủ|quốc\s+hội|quốc\s+gia|trung\s+ương|chủ\s+tịch\s+nước)\b)"
    r"|(?P<province>\b(?:(?:tỉnh|thành)\s?[uủ][yỷ]|tỉnh|thành\s+phố|đặc\s+khu)\b)"
    r"|(?P<district>\b(?:(?:huyện|quận|thị)\s?[uủ][yỷ]|huyện|quận|thị\s+xã)\b)"
    r"|(?P<ward>\b(?:xã|phường|thị\s+trấn)\b)",
    re.I,
)
_ISSUER_LEVELS = {"so": LEVEL_PROVINCE, "bo": LEVEL_NATIONAL, "national": LEVEL_NATIONAL,
                  "province": LEVEL_PROVINCE, "district": LEVEL_DISTRICT, "ward": LEVEL_WARD}  # fmt: skip


def issuer_level(issuer: str) -> tuple[str, str]:
    """The level of the body that issued a plan (``PlanIdentity.issuer``, as printed) and,
    when that body is a department (``so``) or a ministry (``bo``) — a body whose own rooms
    its plan names (``Phòng …``, ``Văn phòng Sở``, ``Vụ …``) — which; ``("", "")`` when the
    name says neither (``TRƯỜNG ĐẠI HỌC VIỆT NHẬT``, a truncated ``VÀ DU LỊCH``).

    ``UBND TỈNH PHÚ THỌ SỞ THÔNG TIN VÀ TRUYỀN THÔNG`` → (province, so); ``BỘ XÂY DỰNG`` →
    (national, bo); ``ỦY BAN NHÂN DÂN TỈNH SƠN LA`` → (province, ""); ``ỦY BAN MTTQ VIỆT NAM
    XÃ LƯƠNG MINH BAN THƯỜNG TRỰC`` → (ward, "")."""
    text = " ".join(nfc(issuer).split())
    last = None
    for m in _ISSUER_HEAD_RE.finditer(text):
        last = m
    if last is None or last.lastgroup is None:
        return "", ""
    kind = last.lastgroup if last.lastgroup in ("so", "bo") else ""
    level = _ISSUER_LEVELS[last.lastgroup]
    if fold(last.group(0)).replace(" ", "") == "thanhpho":
        # "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ LẠT": a city of a province, district level
        rest = text[last.end() :].split()
        if not any(_place_key(" ".join(rest[:k])) in _provinces() for k in range(1, len(rest) + 1)):
            level = LEVEL_DISTRICT
    return level, kind


class Reference:
    """Look-ups over the reference list."""

    def __init__(self, bodies: tuple[StateBody, ...]) -> None:
        self.bodies = bodies
        self.by_key: dict[str, StateBody] = {}
        self.fields: set[str] = set()  # "khoa hoc va cong nghe" for Bộ/Sở/Phòng names
        self.tails: set[str] = set()  # "cong nghe", "dao tao": what follows a và/comma
        self.sep_keys: set[str] = set()  # spellings with a và/comma of their own
        self.sep_fields: set[str] = set()  # fields with a và/comma ("khoa hoc va cong nghe")
        # what follows a head of two words ("chi cuc" -> "thue", "hai quan"): "Chi cục Thuế,
        # Hải quan" names two offices
        self.head_fields: dict[str, set[str]] = {h: set() for h in _ELIDED_HEADS_2}
        for body in bodies:
            for name in (body.name, *body.aliases):
                key = ref_key(name)
                if key:
                    self.by_key.setdefault(key, body)
                    if _SEP_WORDS_RE.search(nfc(name)):
                        self.sep_keys.add(key)
                if body.is_group:
                    continue
                parts = _SEP_WORDS_RE.split(nfc(name))
                for k in range(1, len(parts)):
                    for tail in (" và ".join(parts[k:]), parts[k]):
                        key = ref_key(tail)
                        if not _ABBREVIATION_RE.search(tail) and not key.startswith(
                            ("uy ban ", "hoi dong ")
                        ):
                            self.tails.add(key)
            words = ref_key(body.name).split()
            if len(words) > 2 and " ".join(words[:2]) in self.head_fields and not body.is_group:
                self.head_fields[" ".join(words[:2])].add(" ".join(words[2:]))
            if len(words) > 1 and words[0] in _DEPARTMENT_HEADS and not body.is_group:
                self.fields.add(" ".join(words[1:]))
                if _SEP_WORDS_RE.search(body.name):
                    self.sep_fields.add(" ".join(words[1:]))
        self.tails -= {""}
        # a central committee's local chapter: "Mặt trận Tổ quốc Việt Nam tỉnh", "Hội Nông dân
        # Việt Nam tỉnh" name the province's Front committee and association, not the
        # central ones whose names they share
        self.local_twin: dict[str, StateBody] = {}
        for body in bodies:
            if body.kind != "mass_org" or body.level != LEVEL_NATIONAL:
                continue
            for name in (body.name, *body.aliases):
                twin = self._twin_of(ref_key(name))
                if twin is not None:
                    self.local_twin[body.code] = twin
                    break

    def _twin_of(self, key: str) -> StateBody | None:
        """The local mass organisation a central one's name becomes without its ``Trung
        ương``/``Tổng``/``Việt Nam`` (``Trung ương Hội Nông dân Việt Nam`` → ``Hội Nông
        dân``; ``Ủy ban Trung ương MTTQ Việt Nam`` → ``MTTQ``), or None."""
        key = re.sub(r"^(?:uy ban trung uong|trung uong|tong) ", "", key)
        key = re.sub(r" viet nam$", "", key)
        for k in (key, f"uy ban {key}"):
            body = self.by_key.get(k)
            if body is not None and body.kind == "mass_org" and body.level != LEVEL_NATIONAL:
                return body
        return None

    def spelled(self, text: str) -> bool:
        """Whether the text is one of the list's spellings, word for word (no qualifier
        stripped)."""
        return ref_key(text) in self.by_key and not _COMMA_TAIL_RE.search(nfc(text))

    def lookup(self, text: str) -> Match | None:
        """The body a name stands for (exact after folding, a trailing place qualifier and
        ``của Quốc hội``/``Trung ương``/``Việt Nam`` optional), else None."""
        text = _PAREN_TAIL_RE.sub("", nfc(text))
        if _COMMA_TAIL_RE.search(text):
            return None
        body = self.by_key.get(ref_key(text))
        if body is None and len(ref_key(text).split()) >= 4:
            # "Viện Hàn lâm Khoa học và Công nghệ" = "… Việt Nam" (a full name only)
            body = self.by_key.get(ref_key(text) + " viet nam")
        if body is not None:
            return Match(body, body.level)
        base, qual, qual_level = _split_place_qualifier(text)
        if qual:
            body = self.by_key.get(ref_key(base))
            if body is not None and qual_level != LEVEL_NATIONAL:
                body = self.local_twin.get(body.code, body)
            if body is not None:
                level = qual_level if body.kind in LOCAL_KINDS else body.level
                return Match(body, level, qual)
        words = ref_key(base).split()
        for tail in _TAIL_QUALIFIERS:
            if len(words) > len(tail) and tuple(words[-len(tail) :]) == tail:
                body = self.by_key.get(" ".join(words[: -len(tail)]))
                if body is not None:
                    return Match(body, body.level, " ".join(tail))
        # the Youth Union named by its committee's place: "Tỉnh đoàn" (Kế hoạch 144/KH-UBND of
        # 2025, Bắc Ninh), "Quận Đoàn" (the Long Biên seed), "Huyện đoàn", "Thành đoàn Hà Nội"
        m = _PLACE_UNION_RE.match(unify_tones(text))
        if m is not None and (not m.group(2) or all(_place_word(w) for w in m.group(2).split())):
            body = self.by_key.get("doan thanh nien")
            if body is not None:
                level = LEVEL_PROVINCE if fold(m.group(1)) in ("tinh", "thanh") else LEVEL_DISTRICT
                if fold(m.group(1)) == "thanh" and m.group(2):
                    level = _city_level(level, m.group(2).split())  # "Thành đoàn Đà Lạt"
                return Match(body, level, text.split(" ", 1)[0])
        # a board of a party committee named with its committee: "Ban Tuyên giáo và Dân vận
        # Tỉnh ủy" (one board since 2025, BTGDV-U; Chương trình hành động of Tỉnh ủy Thái
        # Nguyên, 2025), "Ủy ban Kiểm tra Huyện ủy", "… Đảng ủy xã Tân Phú" — the committee is
        # the board's place, as "tỉnh Sơn La" is a Sở's
        m = _BOARD_COMMITTEE_RE.search(unify_tones(text))
        if m is not None and m.start() > 0:
            body = self.by_key.get(ref_key(text[: m.start()]))
            if body is not None and body.kind == "party" and body.level != LEVEL_NATIONAL:
                return Match(body, place_level(text) or body.level, m.group(0).strip())
        return None

    def is_name(self, text: str) -> bool:
        """A reference name, or a department-type head with a known field (``Phòng Khoa học
        và Công nghệ``), with an optional trailing qualifier."""
        if self.lookup(text) is not None:
            return True
        base, _qual, _level = _split_place_qualifier(_PAREN_TAIL_RE.sub("", nfc(text)))
        words = ref_key(base).split()
        return (
            len(words) > 1 and words[0] in _DEPARTMENT_HEADS and " ".join(words[1:]) in self.fields
        )

    def ends_with_name(self, text: str, first: str) -> bool:
        """Whether ``text`` (fragments joined as written, the first being ``first``) ends with
        a reference name that starts inside ``first`` — ``Tổ đảng ở Thường trực Ủy ban Tài
        chính, Ngân sách`` ends with ``Ủy ban Tài chính, Ngân sách``. A name starts at a
        capitalised word (``Phòng``, not the ``phòng`` of ``Quốc phòng``)."""
        base, _qual, _level = _split_place_qualifier(_PAREN_TAIL_RE.sub("", nfc(text)))
        tokens: list[tuple[str, str]] = []  # (word as written, folded word)
        for word in base.split(" "):
            for folded in fold(word).split():
                tokens.append((word, folded))
        words = [f for _w, f in tokens]
        n_first = len(ref_key(first).split())
        if len(words) <= n_first:
            return False
        for start in range(min(n_first, len(words))):
            if start and not tokens[start][0][:1].isupper():
                continue
            # the name must have a và/comma of its own: the one the text was split at
            rest = words[start:]
            if " ".join(rest) in self.sep_keys:
                return True
            if (
                len(rest) > 1
                and rest[0] in _DEPARTMENT_HEADS
                and " ".join(rest[1:]) in self.sep_fields
            ):
                return True
        return False

    def find_in(self, text: str) -> Match | None:
        """The official body a longer name ends with, at a capitalised word: ``Tổ đảng ở
        Thường trực Ủy ban Kinh tế`` → Ủy ban Kinh tế; ``Lãnh đạo Ban Dân nguyện`` → Ban Dân
        nguyện; else the one it starts with (``Sở Y tế đối với địa phương`` → Sở Y tế). The
        body itself when the whole text is its name."""
        hit = self.lookup(text)
        if hit is not None:
            return hit
        words = _PAREN_TAIL_RE.sub("", nfc(text)).split(" ")
        for start in range(1, len(words)):
            if words[start][:1].isupper():
                hit = self.lookup(" ".join(words[start:]))
                if hit is not None and not hit.body.is_group:
                    return hit
        # or starts with one, words in lower case after it ("Sở Y tế đối với địa phương")
        for end in range(len(words) - 1, 0, -1):
            if words[end][:1].islower():
                hit = self.lookup(" ".join(words[:end]))
                if hit is not None and not hit.body.is_group:
                    return hit
        return None

    def is_tail(self, text: str) -> bool:
        """A fragment that is only the part of an official name after its ``và``/comma
        (``Công nghệ``, ``Đào tạo``, ``Tư pháp``), not a name of its own."""
        key = ref_key(text)
        return (
            key in self.tails and key not in self.by_key and not _ABBREVIATION_RE.search(nfc(text))
        )


@functools.cache
def state_bodies() -> tuple[StateBody, ...]:
    """The reference list, read once from the package data."""
    raw = resources.files("sheettools").joinpath("data/state_bodies.csv").read_text("utf-8")
    out: list[StateBody] = []
    for row in csv.DictReader(io.StringIO(raw)):
        out.append(
            StateBody(
                code=row["code"].strip(),
                name=nfc(row["name"]),
                aliases=tuple(nfc(a) for a in row["aliases"].split(";") if a.strip()),
                level=row["level"].strip(),
                kind=row["kind"].strip(),
                stands_for=tuple(s.strip() for s in row["stands_for"].split("|") if s.strip()),
            )
        )
    return tuple(out)


@functools.cache
def reference() -> Reference:
    return Reference(state_bodies())


@functools.cache
def _provinces() -> dict[str, tuple[str, str]]:
    """Folded province name (``an giang``) -> (its name, ``tỉnh``/``thành phố``), from the
    package data ``data/provinces.csv``: the 63 provinces and centrally-run cities before the
    2025 merger (the 34 after it keep names of these) and the city of Huế (2025)."""
    raw = resources.files("sheettools").joinpath("data/provinces.csv").read_text("utf-8")
    return {
        _place_key(row["name"]): (nfc(row["name"]), nfc(row["kind"]))
        for row in csv.DictReader(io.StringIO(raw))
    }


def _place_key(text: str) -> str:
    return "".join(fold(text).split()).replace("-", "")


# "Thành phố Hà Nội", "TP. Hồ Chí Minh", "tỉnh An Giang" or the bare name
_PROVINCE_PREFIX_RE = re.compile(r"^(?:tỉnh|thành\s+phố|tp\.?)\s+", re.IGNORECASE)


def province_committee(text: str) -> str:
    """A province named alone (``An Giang``, ``Thành phố Hà Nội``, ``TP. Hồ Chí Minh``) as a
    lead or coordinating body stands for its People's Committee: its name (``Ủy ban nhân dân
    tỉnh An Giang``, ``Ủy ban nhân dân Thành phố Hà Nội``), else ``""``. Only the whole text is
    compared: ``Công an tỉnh Lào Cai`` is no province."""
    # "Đà Nẵng (liên quan đến Trung tâm tài chính quốc tế …)" (Nghị quyết 109/NQ-CP of 2026)
    bare = _PAREN_TAIL_RE.sub("", unify_tones(nfc(text)).strip(" .,;:"))
    bare = _PROVINCE_PREFIX_RE.sub("", bare.strip(" .,;:"))
    found = _provinces().get(_place_key(bare))
    if found is None:
        return ""
    name, kind = found
    return f"Ủy ban nhân dân {'Thành phố' if kind == 'thành phố' else 'tỉnh'} {name}"
