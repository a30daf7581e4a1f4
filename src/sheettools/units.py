"""The unit registry: one unit, many spellings.

The schedule table's lead ("Đơn vị chủ trì") and coordinating ("Đơn vị phối hợp") cells
name units in many spellings (``Phòng VHTT``, ``Phòng VH-TT``, ``phòng VHTT quận`` ...) and
use names that stand for many units (``UBND các phường``). The *registry* is the list of
units (code, name, aliases, level ...) and groups (a name standing for many units); it is
kept in the master's ``units`` and ``groups`` sheets, or in a separate ``units.xlsx`` with the
same two sheets, edited by a person in Excel.

``Registry.resolve(cell)`` splits a cell into fragments and matches each fragment *exactly*
(after normalisation, see ``match_key``) against every unit's and group's code, name and
aliases. There is no fuzzy guessing at resolve time: a typo resolves only when the reviewed
registry lists it as an alias. ``suggest_registry`` is where similarity is used: it proposes a
registry from a plan's cells for a person to review. See ``docs/units.md``.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .i18n import tr
from .model import (
    LEVEL_CHOICES,
    LEVEL_DISTRICT,
    LEVEL_EXTERNAL,
    LEVEL_NATIONAL,
    LEVEL_PROVINCE,
    LEVEL_WARD,
    Master,
    Task,
    Unit,
    UnitGroup,
    unit_level,
)
from .statebodies import (
    LOCAL_KINDS,
    UNIT_HEADS,
    Match,
    StateBody,
    issuer_level,
    place_level,
    province_committee,
    ref_key,
    reference,
    split_place,
)
from .textutil import fold, nfc, unify_tones

LEVELS = (LEVEL_NATIONAL, LEVEL_PROVINCE, LEVEL_DISTRICT, LEVEL_WARD, LEVEL_EXTERNAL)
FLAG_UNRESOLVED = "unresolved_unit"
# text in a unit cell that names no body (a duty, a clause): kept in the cell, listed in the
# import report for the office to read
FLAG_NOT_UNDERSTOOD = "unit_text_not_understood"
# a lead cell whose every name was recognised and yet names no unit: a group with no units in
# it yet ("Ủy ban nhân dân các tỉnh, …" in a registry that ``units suggest`` wrote) or a vague
# phrase. The task would be sent to nobody, so the office is told to fill the group in.
FLAG_LEAD_NO_UNIT = "lead_reaches_no_unit"

QUAL_DISTRICT = "quận"
QUAL_WARD = "phường"

# --- normalisation -------------------------------------------------------------------------

_HTML_RE = re.compile(r"</?[a-zA-Z][^<>]*>|&nbsp;")
_TRAILING_QUAN_RE = re.compile(r"[\s,\-–.]*\bquận[\s.]*$", re.IGNORECASE)
_LEADING_PCT_RE = re.compile(r"^\s*PCT\s+(?=\S)")
_BULLET_RE = re.compile(r"^\s*[-+•*]\s*")
# Separators inside a segment (kept, so that runs of fragments can be rejoined as written).
_SEP_RE = re.compile(r"(\s*,\s*|\s+và\s+|\s+phối\s+hợp\s+với\s+|\s*\+\s*)", re.IGNORECASE)
_SEGMENT_RE = re.compile(r"[;\n]")
# "Đơn vị phối hợp:", "các phường:" ... : a label before a colon, dropped.
_LABEL_RE = re.compile(
    r"^\s*(?:đơn\s+vị\s+(?:chủ\s+trì|phối\s+hợp)|chủ\s+trì|phối\s+hợp|(?:các\s+)?phường)\s*:\s*",
    re.IGNORECASE,
)
# A trailing level qualifier: "quận", "phường", "các phường", "14 phường", "Quận-Phường".
_QUAL_RE = re.compile(
    r"(?:^|[\s,\-–/]+)(quận\s*[-–/,&]\s*phường|quận\s+và\s+phường|quận|(?:các|\d+)\s+phường|phường)"
    r"[\s.]*$",
    re.IGNORECASE,
)
_BARE_QUAL_RE = re.compile(
    r"^\s*(quận\s*[-–/,&]\s*phường|quận\s+và\s+phường|quận|phường|đặc\s+khu)[\s.]*$",
    re.IGNORECASE,
)
MAX_RUN = 8  # longest run of comma-separated fragments matched as one name
# A person named by title ("Đồng chí Phó chủ tịch Thường trực, phụ trách lĩnh vực …",
# "Đ/c …"): one lead, never split at its commas.
_PERSON_RE = re.compile(r"^\s*(?:đồng\s+chí|đ/c)\s", re.IGNORECASE)


def match_key(text: str) -> str:
    """The key under which a name is matched: NFC, tone placement (``Uỷ``/``Ủy``), case,
    accents, spaces and punctuation folded away; a trailing ``quận``, a leading ``Phòng`` and
    every ``các`` dropped. ``Phòng VH-TT`` = ``phòng VHTT quận`` = ``VHTT``."""
    s = _HTML_RE.sub(" ", nfc(text))
    s = _TRAILING_QUAN_RE.sub("", s)
    words = [w for w in fold(s).split() if w != "cac"]
    if len(words) > 1 and words[0] == "phong":
        words = words[1:]
    return "".join(words)


# the remit written after bodies: "các sở, ban, ngành Thành phố trong phạm vi chức năng,
# nhiệm vụ của mình" (Kế hoạch 172/KH-UBND of 2025, Hồ Chí Minh), "… theo chức năng, nhiệm
# vụ quản lý được giao" — no part of a name
_REMIT_RE = re.compile(
    r",?\s+(?:trong phạm vi|theo)\s+(?:chức năng|thẩm quyền)"
    r"(?:\s*(?:,|và)\s*(?:nhiệm vụ|quyền hạn))?"
    r"(?:\s+(?:quản lý|được giao|của mình|được phân công|của đơn vị|của ngành))*"
    # "Bộ Y tế, Sở Y tế đối với địa phương" (Quyết định 844/QĐ-TTg of 2026, III.11)
    r"|\s+đối với\s+(?:các\s+)?(?:địa phương|trung ương|cấp\s+\w+)(?=\s*(?:[,;.]|$))",
    re.IGNORECASE,
)


# "… các bộ theo chức năng quản lý hàng dự trữ được giao" (Nghị quyết 109/NQ-CP of 2026,
# II.46): the remit runs on, in lower case, to the end of the segment
_REMIT_TAIL_RE = re.compile(r",?\s+theo chức năng quản lý(?:\s+[a-zà-ỹđ]\w*)+\s*$")


_PLACEHOLDER_RE = re.compile(
    r"^\s*(?:chưa xác định|chưa rõ|chưa có|đang xác định)\s*(?:[/,;:]\s*|-\s+|$)",
    re.IGNORECASE,
)


# a name cut after a determiner or preposition ("3. Ban Công tác Mặt trận các" — "thôn"
# lost in the source): the dangling word is no part of any name
_DANGLING_RE = re.compile(r"\s+(?:các|những|của|cho|với|tại)$", re.IGNORECASE)

# "các địa phương Bắc Ninh, Bình Dương, An Giang" (Nghị quyết 03/NQ-CP of 2025, V.111): the
# places named after the plural are the bodies
_PLACES_LISTED_RE = re.compile(
    r"(?:^|(?<=,\s)|\s+và\s+)(?i:các)\s+(?i:địa phương|tỉnh, thành phố|tỉnh|thành phố)\s*:?\s+"
    r"(?=[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+[A-ZĐÀ-Ỹ])"
)


# the committees of communes named in a list: "Ủy ban nhân dân các xã Gia Thuận, Tân Điền, Gò
# Công Đông, Tân Phú Đông" (Kế hoạch 556/KH-UBND of 2025, Đồng Tháp, IV.12)
_COMMUNES_LISTED_RE = re.compile(
    r"^(?P<head>(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd))\s+(?i:các)\s+"
    r"(?P<kind>(?i:xã|phường|đặc khu|thị trấn))\s*:?\s+(?P<names>[A-ZĐÀ-Ỹ0-9].*)$"
)
_COMMUNE_NAME_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\w-]*|\d+)(?:\s+(?:[A-ZĐÀ-Ỹ][\w-]*|\d+)){0,3}$")


def _communes_listed(seg: str) -> str:
    """``Ủy ban nhân dân các xã Gia Thuận, Tân Điền`` → ``Ủy ban nhân dân xã Gia Thuận, Ủy ban
    nhân dân xã Tân Điền``: one committee per commune named (each reports on its own); any
    other text as it is. The list may close a longer lead after ``và`` or a comma: "các sở,
    ngành liên quan và UBND các phường: Yên Bái, Văn Phú" (Công văn of 6/2026 of UBND tỉnh Lào
    Cai on Cụm công nghiệp Đầm Hồng) — "Văn Phú" was proposed as a unit."""
    for cut in re.finditer(r"\s+và\s+|,\s*", seg):
        head = _COMMUNES_LISTED_RE.match(seg[cut.end() :].strip())
        if head is not None and _communes_listed(seg[cut.end() :]) != seg[cut.end() :]:
            return seg[: cut.end()] + _communes_listed(seg[cut.end() :])
    m = _COMMUNES_LISTED_RE.match(seg.strip())
    if m is None:
        return seg
    names = [x.strip() for x in re.split(r",|\s+và\s+", m.group("names").strip(" .;")) if x.strip()]
    if len(names) < 2 or not all(_COMMUNE_NAME_RE.match(x) for x in names):
        return seg
    kind = m.group("kind").lower()
    return ", ".join(f"{m.group('head')} {kind} {x}" for x in names)


def _places_listed(seg: str) -> str:
    return _PLACES_LISTED_RE.sub(lambda m: ", " if m.group(0)[:1].isspace() else "", seg)


_CLAUSE_RE = re.compile(r"\s+là\s+")
_CITY_AFTER_PROVINCE_RE = re.compile(r"^thành phố(?:\s+trực thuộc\s+[Tt]rung ương)?$")


def _clean_fragment(text: str) -> str:
    s = nfc(text)
    s = _BULLET_RE.sub("", s)
    s = _LEADING_PCT_RE.sub("", s)
    s = s.strip(" ,.;:-–")
    return _DANGLING_RE.sub("", s) if len(s.split()) > 2 else s


def _split_qualifiers(text: str) -> tuple[str, set[str]]:
    """``"các tổ chức CTXH Quận-Phường"`` → (``"các tổ chức CTXH"``, {quận, phường})."""
    base = nfc(text)
    quals: set[str] = set()
    while True:
        m = _QUAL_RE.search(unify_tones(base))
        if not m:
            break
        new_base = base[: m.start()].rstrip(" ,-–/")
        if not new_base:
            break
        words = fold(m.group(1)).split()
        if "quan" in words:
            quals.add(QUAL_DISTRICT)
        if "phuong" in words:
            quals.add(QUAL_WARD)
        base = new_base
    return base, quals


def _unglue(seg: str) -> str:
    """Two names written one after the other with no separator, as cells printed over two
    lines are often copied, get a comma: ``Sở Khoa học và Công nghệ Sở Công Thương`` (Kế
    hoạch 310/KH-UBND of 2025, Hà Nội), ``Sở Tài chính Các sở, ngành``, ``UBND xã, phường,
    đặc khu Sở Tài chính`` (Quyết định 2820/QĐ-UBND of 2025, Hồ Chí Minh), and runs of
    them from a PDF cell with one name per line (``Bộ Tài chính Bộ Ngoại giao Bộ Công
    Thương Cơ quan, tổ chức, doanh nghiệp liên quan``, ``Bộ Khoa học và Công nghệ Và các
    cơ quan, …``: Quyết định 982/QĐ-TTg of 2026). Only where each piece is a whole reference
    name (the first may be a bare qualifier) and the last one is a name or starts a group
    phrase (``Các …``, ``Cơ quan …``, ``Và các …``): ``Văn phòng Sở Tài chính`` stays one
    name."""
    ref = reference()
    seg = _SCHOOL_PROGRAMME_RE.sub(r"\1, ", seg)
    return _unglue_pairs(_unglue_runs(seg, ref), ref)


# "Trường đại học Giáo dục chương trình ETEP" (Bộ GD&ĐT's task list, 2017): a school and the
# programme it runs, two items (a school's name holds no programme; "Ban Quản lý dự án …",
# "Văn phòng Chương trình …" do, and are left whole)
_SCHOOL_PROGRAMME_RE = re.compile(
    r"((?:^|[,;]\s*)(?:Trường|Học viện)\s[^,;]+?)\s+(?=(?:chương trình|dự án|đề án)\s+[A-ZĐ])"
)


def _unglue_runs(seg: str, ref) -> str:
    """Runs of whole names between separators (a PDF cell with one name per line)."""
    parts = re.split(r"([,;])", seg)
    return "".join(p if p in (",", ";") else _unglue_chunk(p, ref) for p in parts)


def _unglue_pairs(seg: str, ref) -> str:
    """A name followed by another name or a generic phrase with no separator, across the
    cell's commas (``Các Bộ, ngành Ủy ban nhân dân cấp tỉnh``, ``Sở Y tế cơ quan, …``)."""
    words = seg.split(" ")
    for k in range(len(words) - 1, 0, -1):
        if re.search(r"[,;(]$", words[k - 1]):
            continue
        # "Sở Y tế cơ quan, đơn vị liên quan" (Quyết định 844/QĐ-TTg of 2026, III.14): a
        # generic phrase after a whole name
        generic = fold(" ".join(words[k : k + 2])) in _GENERIC_PHRASES
        # "Bộ Công Thương các bộ, cơ quan rà soát …", "Bộ Ngoại giao các bộ, ngành và địa
        # phương" (Nghị quyết 109/NQ-CP of 2026): a group phrase after a name, no comma
        plural = words[k] == "các" and fold(" ".join(words[k + 1 : k + 3])).startswith(
            _PLURAL_GROUP_HEADS
        )
        if not (words[k][:1].isupper() or generic or plural):
            continue
        before = re.split(r"[,;]", " ".join(words[:k]))[-1].strip()
        # "Các Bộ, ngành Ủy ban nhân dân cấp tỉnh": a name with a comma of its own before
        before_all = re.split(r";", " ".join(words[:k]))[-1].strip()
        after = re.split(r"[,;]", " ".join(words[k:]))[0].strip()
        if not before or not after or "(" in before:
            continue
        if generic:
            if ref.is_name(before) and not ref.is_name(f"{before} {after}"):
                words[k - 1] += ","
            continue
        if plural:
            if ref.is_name(before) or ref.spelled(before_all):
                words[k - 1] += ","
            continue
        if not (
            ref.is_name(before)
            or _bare_qualifiers(before) is not None
            or ("," in before_all and ref.spelled(before_all))
        ):
            continue
        if ref.is_name(after) or (fold(words[k]) == "cac" and len(after.split()) >= 2):
            words[k - 1] += ","
    return " ".join(words)


# Capitalised words that start a group phrase after a name with no separator before them:
# "… Cơ quan, tổ chức …", "… Các sở, ngành", "… Và các cơ quan, …", "… Đơn vị liên quan".
_GLUED_GROUP_HEADS = ("cac ", "va cac ", "co quan", "to chuc", "don vi", "doanh nghiep")


def _unglue_chunk(chunk: str, ref) -> str:
    words = chunk.split()
    if len(words) < 2 or "(" in chunk or ref.is_name(chunk):
        return chunk
    cuts = _name_run(words, 0, ref)
    if not cuts or len(cuts) < 2:
        # "… và các đơn vị có liên quan Bộ Công an" (Nghị quyết 109/NQ-CP of 2026): names
        # after a group phrase closed by "liên quan"
        for k in range(2, len(words)):
            if fold(" ".join(words[k - 2 : k])) == "lien quan" and words[k][:1].isupper():
                more = _name_run(words, k, ref)
                if more:
                    cuts = [0, *more]
                    break
        else:
            return chunk
    pieces = [" ".join(words[a:b]) for a, b in zip(cuts, [*cuts[1:], len(words)], strict=True)]
    if fold(pieces[-1]).startswith("va cac "):
        pieces[-1] = pieces[-1].split(" ", 1)[1]  # "Và các cơ quan": the joiner is no name
    lead = chunk[: len(chunk) - len(chunk.lstrip())]
    trail = chunk[len(chunk.rstrip()) :]
    return lead + ", ".join(pieces) + trail


def _first_of_run(piece: str) -> bool:
    """The first piece of a run may also be a bare qualifier or a group phrase closed by
    ``liên quan`` (``các đơn vị có liên quan Bộ Công an``)."""
    folded = fold(piece)
    return _bare_qualifiers(piece) is not None or (
        folded.startswith("cac ") and folded.endswith(" lien quan")
    )


def _name_run(words: list[str], i: int, ref) -> list[int] | None:
    """Where the words from ``i`` on split into whole names (the longest first), the last
    piece possibly a group phrase; None when they do not."""
    for j in range(len(words), i, -1):
        if j < len(words) and not words[j][:1].isupper():
            continue
        piece = " ".join(words[i:j])
        if not (ref.is_name(piece) or (i == 0 and _first_of_run(piece))):
            continue
        if j == len(words):
            return [i]
        rest = " ".join(words[j:])
        if fold(rest).startswith(_GLUED_GROUP_HEADS) and len(words) - j >= 2:
            return [i, j]
        more = _name_run(words, j, ref)
        if more:
            return [i, *more]
    return None


_GENERIC_PHRASES = {"co quan", "don vi", "to chuc", "doanh nghiep", "ca nhan"}
# what "các" opens when it starts a group phrase of its own (never "các tỉnh", "các cấp",
# "các khu công nghiệp", which qualify the name before them)
_PLURAL_GROUP_HEADS = (
    "bo", "so,", "so ", "co quan", "don vi", "dia phuong", "tap doan", "tong cong ty",
    "to chuc", "doanh nghiep", "nganh",
)  # fmt: skip


# the kinds of local body a plural names after its first, alone after a comma: "Ủy ban nhân
# dân các huyện, thị xã" (Chỉ thị 09/2009/CT-UBND of Bình Dương), "UBND các huyện, thị xã,
# thành phố" — the committees of every district and town, one group; no level of its own
_PLACE_KIND_ALONE_RE = re.compile(r"^\s*(?:thị\s+xã|thành\s+phố|thị\s+trấn|huyện)[\s.]*$", re.I)


def _place_kind_alone(text: str) -> bool:
    """``thị xã`` alone, a kind of local body that continues a plural before it."""
    return bool(_PLACE_KIND_ALONE_RE.match(unify_tones(nfc(text))))


def _bare_qualifiers(text: str) -> set[str] | None:
    """The qualifiers of a fragment that is nothing but a qualifier (``phường``), else None;
    a kind of local body alone (``thị xã``) qualifies nothing but is no body either."""
    m = _BARE_QUAL_RE.match(unify_tones(nfc(text)))
    if not m:
        return set() if _place_kind_alone(text) else None
    words = fold(m.group(1)).split()
    out = set()
    if "quan" in words:
        out.add(QUAL_DISTRICT)
    if "phuong" in words or "khu" in words:  # "đặc khu", a ward-level unit since 2025
        out.add(QUAL_WARD)
    return out


# "Đồng thời, …", "Ngoài ra, …": a connective that opens a sentence, not a name
_CONNECTIVE_RE = re.compile(
    r"^\s*(?:đồng thời|ngoài ra|trong đó|bên cạnh đó|sau đó)\s*,?\s*", re.IGNORECASE
)


def _sentences(text: str) -> list[str]:
    """A segment cut at the ends of its sentences (``… báo cáo Chủ tịch UBND tỉnh. Đồng
    thời, các sở, ngành …``), each without its opening connective."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        if text[m.end() : m.end() + 1].isupper():
            out.append(text[start : m.start()])
            start = m.end()
    out.append(text[start:])
    return [_CONNECTIVE_RE.sub("", s) for s in out if s.strip()]


# --- resolution ----------------------------------------------------------------------------


@dataclass
class Resolution:
    """What one cell resolved to."""

    codes: list[str] = field(default_factory=list)  # in order of first mention, unique
    unresolved: list[str] = field(default_factory=list)  # fragments (NFC, as written)
    parts: list[tuple[str, list[str]]] = field(default_factory=list)  # fragment -> codes
    # pieces of sentences written among the units (a duty, a clause): no unit, flagged
    not_understood: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unresolved


@dataclass
class _Frag:
    text: str  # as written (NFC)
    sep: str = ""  # the separator written before it
    quals: set[str] = field(default_factory=set)  # own + attached qualifiers
    base: str = ""
    shown: str = ""  # text shown in parts (with attached qualifiers)
    ward: bool = False  # listed after a "các phường:" label
    sentence: bool = False  # a piece of a sentence, never a unit (see ``sentence_piece``)


class Registry:
    """Units and groups, and the resolver from cell text to unit codes."""

    def __init__(self, units: Sequence[Unit], groups: Sequence[UnitGroup] = ()) -> None:
        self.units: list[Unit] = list(units)
        self.groups: list[UnitGroup] = list(groups)
        self._units = {u.code: u for u in self.units}
        self._groups = {g.code: g for g in self.groups}
        # key -> ("unit"|"group", code); the first entry wins, clashes are recorded.
        self._index: dict[str, tuple[str, str]] = {}
        self.conflicts: list[tuple[str, list[str]]] = []
        clashes: dict[str, list[str]] = defaultdict(list)
        for kind, objs in (("unit", self.units), ("group", self.groups)):
            for obj in objs:
                for name in [obj.code, obj.name, *obj.aliases]:
                    key = match_key(name)
                    if not key:
                        continue
                    cur = self._index.get(key)
                    if cur is None:
                        self._index[key] = (kind, obj.code)
                    elif cur != (kind, obj.code):
                        if not clashes[key]:
                            clashes[key].append(cur[1])
                        if obj.code not in clashes[key]:
                            clashes[key].append(obj.code)
        self.conflicts = sorted(clashes.items())
        self._expanded: dict[str, list[str]] = {}

    @classmethod
    def from_master(cls, master: Master) -> Registry:
        return cls(master.units, master.groups)

    def unit(self, code: str) -> Unit | None:
        return self._units.get(code)

    def group(self, code: str) -> UnitGroup | None:
        return self._groups.get(code)

    def group_codes(self, code: str) -> list[str]:
        """The unit codes a group stands for: its members (a member may be another group)
        then every unit whose ``groups`` column lists the group; [] for an ignore group."""
        if code in self._expanded:
            return self._expanded[code]
        out: list[str] = []
        seen_groups: set[str] = set()

        def walk(gcode: str) -> None:
            if gcode in seen_groups:
                return
            seen_groups.add(gcode)
            g = self._groups[gcode]
            if g.ignore:
                return
            for m in g.members:
                if m in self._units:
                    if m not in out:
                        out.append(m)
                elif m in self._groups:
                    walk(m)
            for u in self.units:
                if gcode in u.groups and u.code not in out:
                    out.append(u.code)

        walk(code)
        self._expanded[code] = out
        return out

    def group_named(self, text: str) -> UnitGroup | None:
        """The group ``text`` names exactly (after normalisation), else None."""
        hit = self._index.get(match_key(text))
        return self._groups[hit[1]] if hit is not None and hit[0] == "group" else None

    def lookup(self, text: str) -> list[str] | None:
        """Codes for one name matched exactly (after normalisation), else None."""
        hit = self._index.get(match_key(text))
        if hit is None:
            return None
        kind, code = hit
        return [code] if kind == "unit" else list(self.group_codes(code))

    # -- one fragment ----------------------------------------------------------------------

    def _resolve_one(self, text: str, quals: set[str]) -> list[str] | None:
        """A fragment as written, or its base with each qualifier; None if any part fails."""
        direct = self.lookup(text)
        base, own = _split_qualifiers(text)
        extra = quals - own
        if direct is not None and not extra:
            return direct
        wanted = own | quals
        if not wanted:
            return direct
        out: list[str] = []
        for q in (QUAL_DISTRICT, QUAL_WARD):
            if q not in wanted:
                continue
            codes = self.lookup(base) if q == QUAL_DISTRICT else self.lookup(f"{base} {q}")
            if codes is None and q == QUAL_DISTRICT:
                codes = direct
            if codes is None:
                return None
            out += [c for c in codes if c not in out]
        return out

    def _resolvable(self, text: str) -> bool:
        t = _clean_fragment(text)
        return bool(t) and self._resolve_one(t, set()) is not None

    # -- one cell --------------------------------------------------------------------------

    def _join_lines(self, cell: str) -> list[str]:
        """Lines of a cell, rejoining a name that a line break cut in two."""
        lines = [ln for ln in (nfc(x) for x in cell.split("\n")) if ln]
        out: list[str] = []
        for line in lines:
            if out:
                prev = out[-1]
                tail = _SEP_RE.split(re.split(r";", prev)[-1])[-1]
                head = _SEP_RE.split(re.split(r";", line)[0])[0]
                tail_ok, head_ok = self._resolvable(tail), self._resolvable(head)
                if not (tail_ok and head_ok):
                    if self._resolvable(f"{tail} {head}"):
                        out[-1] = f"{prev} {line}"
                        continue
                    if self._resolvable(f"{tail}{head}"):
                        out[-1] = f"{prev}{line}"
                        continue
            out.append(line)
        return out

    def _segments(self, cell: str) -> list[list[_Frag]]:
        text = _HTML_RE.sub(" ", cell.replace("\r\n", "\n").replace("\r", "\n"))
        text = "\n".join(_BULLET_RE.sub("", ln) for ln in text.split("\n"))
        segments: list[list[_Frag]] = []
        for line in self._join_lines(text):
            # "Chưa xác định/Sở NNMT" (a tracking sheet's drafting body, not settled yet):
            # the placeholder names no unit
            line = _PLACEHOLDER_RE.sub("", line)
            line = _split_slashed(line)
            for seg in (
                s for part in _SEGMENT_RE.split(_ENUM_RE.sub(";", line)) for s in _sentences(part)
            ):
                seg = nfc(seg)
                seg = _TOPIC_RE.sub("", seg)  # "Về quản lý quy hoạch khoáng sản: Bộ …"
                seg = _HEADS_OF_LIST_RE.sub("", seg)
                label = _LABEL_RE.match(seg)
                ward_list = label is not None and "phuong" in fold(label.group(0)).split()
                seg = seg[label.end() :] if label else seg
                seg = _REMIT_RE.sub("", _REMIT_TAIL_RE.sub("", seg))
                seg = _local_press(_levels_listed(_cut_scope(seg)))
                seg = _unglue(_cut_role_tail(_expand_distributive(_class_before_colon(seg))))
                seg = _places_listed(_communes_listed(seg))
                # "Các bộ, ngành, địa phương là chủ quản CSDLQG, CSDL chuyên ngành" (Nghị
                # quyết 03/NQ-CP of 2025, III.70): the clause after "là" describes the
                # bodies before it; its commas cut no name
                clause = _CLAUSE_RE.search(seg)
                head_part, tail = (
                    (seg[: clause.start()], seg[clause.start() :]) if clause else (seg, "")
                )
                pieces = [seg] if _PERSON_RE.match(seg) else _split_outside(head_part)
                if tail and not _PERSON_RE.match(seg):
                    pieces[-1] += tail
                frags: list[_Frag] = []
                sep = ""
                for i, piece in enumerate(pieces):
                    if i % 2 == 1:
                        sep = piece
                        continue
                    t = _clean_fragment(_LABEL_RE.sub("", piece))
                    if t and frags and sep.strip() == "," and _CITY_AFTER_PROVINCE_RE.match(t):
                        # "Sở Văn hóa, Thể thao và Du lịch tỉnh, thành phố trực thuộc Trung
                        # ương" (Quyết định 4385/QĐ-BVHTTDL of 2025): the body of each
                        # province and city, one name — not "thành phố trực thuộc Trung ương"
                        if fold(frags[-1].text).endswith(" tinh"):
                            frags[-1].text = nfc(f"{frags[-1].text}, {t}")
                            sep = ""
                            continue
                    if t:
                        frags.append(_Frag(text=t, sep=sep if frags else "", ward=ward_list))
                    sep = ""
                if frags:
                    merged = self._merge_runs(frags)
                    for f in merged:
                        f.sentence = sentence_piece(f.text, self)
                    segments.append(merged)
        return segments

    def _merge_runs(self, frags: list[_Frag]) -> list[_Frag]:
        """Rejoin runs of fragments that together are one registered name
        (``Các phòng, ban, đơn vị liên quan``, ``Phòng Văn hóa và Thông tin``) or one official
        name of the reference list (``Sở Khoa học và Công nghệ``, ``Ủy ban Tài chính, Ngân
        sách``, ``Tổ đảng ở Thường trực Ủy ban Văn hóa, Giáo dục``) — known or not, such a
        name is never cut at its ``và`` or comma."""
        ref = reference()
        out: list[_Frag] = []
        i = 0
        while i < len(frags):
            merged = None
            for j in range(min(len(frags), i + MAX_RUN), i + 1, -1):
                run = frags[i:j]
                if all(self._resolvable(f.text) for f in run):
                    continue  # "QLĐT, TCKH": two names, each known
                text = run[0].text + "".join(f.sep + f.text for f in run[1:])
                if (
                    self._resolve_one(text, set()) is not None
                    or ref.is_name(text)
                    or ref.ends_with_name(text, run[0].text)
                ):
                    merged = _Frag(text=nfc(text), sep=frags[i].sep)
                    i = j
                    break
            if merged is None:
                merged = frags[i]
                i += 1
            out.append(merged)
        return _expand_elided(out, ref, known=self._resolvable)

    def resolve(self, text: str) -> Resolution:
        """Resolve one cell (lead or coordinating units) to unit codes."""
        res = Resolution()
        if not text or not nfc(text):
            return res
        segments = self._segments(str(text))
        # A segment that is nothing but a qualifier ("...quận; phường") qualifies the
        # segment before it.
        merged: list[list[_Frag]] = []
        for seg in segments:
            if merged and all(_bare_qualifiers(f.text) is not None for f in seg):
                merged[-1].extend(seg)
            else:
                merged.append(seg)
        for seg in merged:
            self._resolve_segment(seg, res)
        return res

    def _resolve_segment(self, seg: list[_Frag], res: Resolution) -> None:
        # 1. own qualifiers, and bare qualifiers attached to the fragment before them
        real: list[_Frag] = []
        for f in seg:
            if f.sentence:
                if f.text not in res.not_understood:
                    res.not_understood.append(f.text)
                continue
            bare = _bare_qualifiers(f.text)
            if bare is not None and real:
                real[-1].quals |= bare
                real[-1].shown += f"{f.sep or ', '}{f.text}"
                continue
            f.base, own = _split_qualifiers(f.text)
            f.quals = set(own)
            f.shown = f.text
            real.append(f)
        # 2. a qualifier applies to the unqualified fragments before it, where the qualified
        #    name exists ("UBND, UB MTTQ, các tổ chức CTXH phường": all ward-level; but
        #    "Phòng VHTT, UBND phường": there is no "Phòng VHTT phường")
        props: list[set[str]] = [set() for _ in real]
        nxt: set[str] = set()
        for i in range(len(real) - 1, -1, -1):
            props[i] = set(nxt)
            if real[i].quals:
                nxt = set(real[i].quals)
        for f, prop in zip(real, props, strict=True):
            codes = None
            if not f.quals and prop and QUAL_WARD in prop:
                codes = self._resolve_one(f.text, prop)
            if codes is None:
                codes = self._resolve_one(f.text, f.quals)
            if codes is None:
                if f.shown not in res.unresolved:
                    res.unresolved.append(f.shown)
                res.parts.append((f.shown, []))
                continue
            person = person_role(f.text)[0] or (
                self._index.get(match_key(f.text)) == ("group", PEOPLE_GROUP)
            )
            if not codes and person and f.text not in res.not_understood:
                # a person (the registry's ignored group of people): no unit, and flagged so
                # the office sees who the task went to
                res.not_understood.append(f.text)
            res.parts.append((f.shown, list(codes)))
            for c in codes:
                if c not in res.codes:
                    res.codes.append(c)


# --- registry files ------------------------------------------------------------------------


def validate_registry(units: Sequence[Unit], groups: Sequence[UnitGroup], path: str = "") -> None:
    """Raise ``InputError`` for a registry that cannot be used: a missing or duplicate code,
    an unknown level, one name (after normalisation) on two rows, a group member that names
    nothing."""
    seen: dict[str, str] = {}
    both: tuple[tuple[str, Sequence[Unit | UnitGroup]], ...] = (
        ("units", units),
        ("groups", groups),
    )
    for sheet, objs in both:
        for row, obj in enumerate(objs, start=2):
            if not obj.code:
                raise InputError(
                    tr("Thiếu mã (cột code)", "The code is missing (column code)"),
                    hint=tr("Điền mã đơn vị, ví dụ VHTT", "Fill in a code, e.g. VHTT"),
                    file=path,
                    sheet=sheet,
                    row=row,
                )
            if obj.code in seen:
                raise InputError(
                    tr("Mã bị trùng", "Duplicate code") + f": {obj.code}",
                    hint=tr(
                        "Mỗi đơn vị và nhóm cần một mã riêng",
                        "Every unit and group needs its own code",
                    ),
                    file=path,
                    sheet=sheet,
                    row=row,
                )
            seen[obj.code] = sheet
    for row, u in enumerate(units, start=2):
        if u.level not in LEVELS:
            raise InputError(
                tr("Cấp đơn vị không hợp lệ", "Unknown unit level") + f": {u.level!r}",
                hint=tr("Dùng một trong", "Use one of") + ": " + LEVEL_CHOICES,
                file=path,
                sheet="units",
                row=row,
            )
    for key, codes in Registry(units, groups).conflicts:
        raise InputError(
            tr(
                "Một tên được dùng cho nhiều đơn vị/nhóm",
                "One name is used for several units/groups",
            )
            + f": {key!r} → {', '.join(codes)}",
            hint=tr(
                "Giữ tên (hoặc tên gọi khác) đó ở một dòng duy nhất",
                "Keep that name (or alias) on one row only",
            ),
            file=path,
        )
    for row, g in enumerate(groups, start=2):
        for m in g.members:
            if m not in seen:
                raise InputError(
                    tr("Thành viên nhóm không có trong danh sách", "Unknown group member")
                    + f": {m}",
                    hint=tr(
                        "Thêm đơn vị đó vào trang units hoặc sửa mã",
                        "Add that unit to the units sheet or fix the code",
                    ),
                    file=path,
                    sheet="groups",
                    row=row,
                )


def load_units_xlsx(path: str | os.PathLike) -> tuple[list[Unit], list[UnitGroup]]:
    """Read a registry workbook (sheets ``units`` and ``groups``, the master's columns)."""
    from .store import GROUP_FIELDS, UNIT_FIELDS, _rows_to_objects
    from .xlsxio import read_sheets

    path = str(path)
    sheets = read_sheets(path, only=("units", "groups"))
    if "units" not in sheets:
        raise InputError(
            tr("Tệp danh sách đơn vị thiếu trang 'units'", "The registry has no 'units' sheet"),
            hint=tr(
                "Tạo tệp bằng: sheettools units suggest",
                "Create one with: sheettools units suggest",
            ),
            file=path,
        )
    units = _rows_to_objects(Unit, UNIT_FIELDS, sheets["units"], path, "units")
    groups = _rows_to_objects(UnitGroup, GROUP_FIELDS, sheets.get("groups", []), path, "groups")
    for u in units:
        u.level = unit_level(u.level) if u.level.strip() else LEVEL_DISTRICT
    validate_registry(units, groups, path)
    return units, groups


def write_units_xlsx(
    units: Sequence[Unit], groups: Sequence[UnitGroup], path: str | os.PathLike
) -> None:
    """Write a registry workbook (sheets ``units`` and ``groups``) for a person to edit."""
    from .store import write_sheets

    write_sheets(path, {"units": list(units), "groups": list(groups)}, title="sheettools units")


# --- the master ----------------------------------------------------------------------------


def _drop_unresolved_flags(flags: list[str]) -> list[str]:
    return [
        f
        for f in flags
        if f.split(":", 1)[0].strip()
        not in (FLAG_UNRESOLVED, FLAG_NOT_UNDERSTOOD, FLAG_LEAD_NO_UNIT)
    ]


def resolve_task_units(task: Task, registry: Registry) -> list[str]:
    """Re-resolve one task's lead/coordinating cells; return its unresolved fragments."""
    lead = registry.resolve(task.lead_raw)
    coord = registry.resolve(task.coord_raw)
    task.lead_units = list(lead.codes)
    task.coordinating_units = [c for c in coord.codes if c not in task.lead_units]
    missing: list[str] = []
    for frag in lead.unresolved + coord.unresolved:
        if frag not in missing:
            missing.append(frag)
    pieces: list[str] = []
    for text in lead.not_understood + coord.not_understood:
        if text not in pieces:
            pieces.append(text)
    nobody: list[str] = []
    if not lead.codes and not lead.unresolved:
        # every name recognised, and none of them a unit: a group not filled in yet
        nobody = [f for f, codes in lead.parts if not codes and f not in lead.not_understood]
    task.flags = (
        _drop_unresolved_flags(task.flags)
        + [f"{FLAG_UNRESOLVED}: {frag}" for frag in missing]
        + [f"{FLAG_NOT_UNDERSTOOD}: {text}" for text in pieces]
        + [f"{FLAG_LEAD_NO_UNIT}: {frag}" for frag in dict.fromkeys(nobody)]
    )
    return missing


def _flagged_for_units(task: Task) -> bool:
    """A task ``units resolve`` resolves again: a name was not recognised, or its lead
    reached no unit (a group the office may have filled in since)."""
    return any(f.startswith((FLAG_UNRESOLVED, FLAG_LEAD_NO_UNIT)) for f in task.flags)


def resolve_master_units(master: Master, *, only_unresolved: bool = False) -> dict[str, list[str]]:
    """Re-resolve the tasks' ``lead_raw``/``coord_raw`` with the master's current registry
    (after a person edited the units/groups sheets); update ``lead_units``,
    ``coordinating_units`` and the ``unresolved_unit: <fragment>`` flags. With
    ``only_unresolved``, tasks whose cells all resolved keep their codes (a person may have
    corrected a code by hand). Returns the fragments still unresolved with their task keys."""
    registry = Registry.from_master(master)
    for task in master.tasks:
        if task.kind == "group":
            continue
        if only_unresolved and not _flagged_for_units(task):
            if task.coord_raw and not task.coordinating_units:
                # partners that were a group with no units yet: the lead (maybe corrected
                # by hand) is kept, the partners are read again
                codes = registry.resolve(task.coord_raw).codes
                task.coordinating_units = [c for c in codes if c not in task.lead_units]
            continue
        resolve_task_units(task, registry)
    return unresolved_fragments(master.tasks)


def unresolved_fragments(
    tasks: Iterable[Task], flag_code: str = FLAG_UNRESOLVED
) -> dict[str, list[str]]:
    """Fragment -> keys of the tasks flagged ``unresolved_unit: <fragment>`` (or another
    flag with a text: ``unit_text_not_understood``)."""
    out: dict[str, list[str]] = {}
    for t in tasks:
        for flag in t.flags:
            code, _, detail = flag.partition(":")
            if code.strip() == flag_code:
                keys = out.setdefault(detail.strip(), [])
                if t.key not in keys:
                    keys.append(t.key)
    return out


# --- suggesting a registry -----------------------------------------------------------------

# Expansions of common abbreviations (folded), used only to *compare* spellings.
ABBREVIATIONS: dict[str, str] = {
    "ub": "uy ban", "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc", "mtq": "mat tran to quoc", "ubmttq": "uy ban mat tran to quoc",
    "vhtt": "van hoa thong tin", "qldt": "quan ly do thi",
    "ttptqd": "trung tam phat trien quy dat", "ptqd": "phat trien quy dat",
    "ldtbxh": "lao dong thuong binh xa hoi", "ldtb": "lao dong thuong binh",
    "tbxh": "thuong binh xa hoi", "ld": "lao dong", "tnmt": "tai nguyen moi truong",
    "kt": "kinh te", "tckh": "tai chinh ke hoach", "gddt": "giao duc dao tao", "yt": "y te",
    "pyt": "phong y te", "ttyt": "trung tam y te", "tyt": "tram y te",
    "bhxh": "bao hiem xa hoi", "nv": "noi vu", "ccb": "cuu chien binh",
    "lhpn": "lien hiep phu nu", "hpn": "hoi phu nu", "pn": "phu nu",
    "ldld": "lien doan lao dong", "bqlda": "ban quan ly du an", "caq": "cong an quan",
    "ctd": "chu thap do", "ctxh": "chinh tri xa hoi", "xh": "xa hoi", "dtn": "doan thanh nien",
    "vp": "van phong", "ubmtq": "uy ban mat tran to quoc", "dn": "doanh nghiep", "qu": "quan uy", "bv": "benh vien", "th": "truyen hinh",
    "tp": "thanh pho",  # "TP. Hồ Chí Minh" = "Thành phố Hồ Chí Minh" (Nghị quyết 109/NQ-CP)
}  # fmt: skip
# Extra words that do not make a different unit ("MTTQ" = "Ủy ban MTTQ", "Hội phụ nữ" =
# "Hội Liên hiệp phụ nữ").
_GENERIC_WORDS = {"uy", "ban", "hoi", "lien", "hiep", "phong", "quan", "cac"}
# The five political-social organisations of Vietnamese administration, by folded name.
_CTXH_MEMBER_RE = re.compile(
    r"lien hiep phu nu|hoi phu nu|cuu chien binh|doan thanh nien|tncs|^quan doan|"
    r"lien doan lao dong|hoi nong dan"
)
_PHRASE_HEAD_RE = re.compile(r"^(?:cac\s|phong\b)")


# a lead cell written as a sentence: "Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo
# chỉ tiêu", "Sở KH&CN chủ trì hướng dẫn, tổng hợp" (Kế hoạch 144/KH-UBND of 2025, Bắc Ninh)
_ROLE_VERB_RE = re.compile(
    r"\s+(?:chủ trì|thúc đẩy|theo dõi|hướng dẫn|thực hiện|tổng hợp|tham mưu|triển khai|"
    r"chủ động|tiến hành|tiếp tục|rà soát|"
    # Nghị quyết 109/NQ-CP of 2026: "Bộ Tài chính tổng kết, đánh giá …", "Bộ Tài chính đầu
    # mối phối hợp …", "Bộ Tài chính đôn đốc, hướng dẫn", "Bộ Nội vụ phối hợp triển khai …",
    # "Các bộ, cơ quan, địa phương lập, điều chỉnh …", "Bộ Quốc phòng theo chức năng, …"
    r"tổng kết|đầu mối|đôn đốc|đề xuất|lập(?=\s*,)|phối hợp(?!\s+với)|theo chức năng|"
    r"(?-i:đối với|tăng cường)|"
    # "Bộ Tài chính chỉ đạo Sở Giao dịch chứng khoán Việt Nam và Tổng Công ty lưu ký và bù
    # trừ chứng khoán Việt Nam thực hiện" (Quyết định 232/QĐ-TTg of 2025, Phụ lục III.6):
    # the body that directs leads; lower case only, never "Ban Chỉ đạo …"
    r"(?-i:(?<![Bb]an\s)chỉ đạo)|"
    r"(?-i:nghiên cứu)(?<!iện nghiên cứu)|tổ chức (?:triển khai|thực hiện)|"
    # "… trình Hội đồng nhân dân" (never "Chương trình", "Công trình", "quy trình")
    r"(?<!chương\s)(?<!công\s)(?<!quy\s)(?<!tiến\s)(?<!lộ\s)(?<!giáo\s)(?<!phương\s)"
    r"trình(?!\s+(?:độ|bày|diễn|tự)))\b",
    re.IGNORECASE,
)
# bodies named by their purpose: "Ban Chỉ đạo thực hiện …", "Tổ công tác triển khai …"
_PURPOSE_HEADS = ("ban chi dao", "to cong tac", "hoi dong", "to giup viec", "ban quan ly")
# (folded) a party committee's own advisory bodies, named by what they do and for whom: "Các
# cơ quan chuyên trách tham mưu, giúp việc Đảng ủy" (Công văn 2449-CV/ĐU of 2026, Đảng ủy
# UBND tỉnh Lào Cai) — its Văn phòng, Ban Xây dựng Đảng and Ủy ban Kiểm tra: bodies the
# office names and sends the task to, a group for it to fill, never a vague phrase
_ADVISORY_RE = re.compile(
    r"^(?:cac\s+)?(?:co quan|ban)\s+(?:chuyen trach\s+)?tham muu\b.*\b(?:dang uy|tinh uy|"
    r"thanh uy|huyen uy|quan uy|thi uy|cap uy|ban thuong vu|ban chap hanh)\b"
)


# A numbered list of bodies with their duties in one cell: "1. Bộ Tài chính tổng kết, đánh
# giá … 2. Bộ Tư pháp, các bộ, cơ quan tham mưu, …" (Nghị quyết 109/NQ-CP of 2026): each
# number starts a segment of its own.
_ENUM_RE = re.compile(r"(?:^|(?<=[\s.;:]))\s*\d{1,2}\.\s*(?=[A-ZĐÀ-Ỹ])")
# "Các Bộ: Tài chính, Nông nghiệp và Môi trường, Xây dựng": one head word for a list of names
# a topic before the body in charge of it: "1. Về phát triển công nghiệp quốc gia: Bộ Công
# Thương chủ trì." (Nghị quyết 109/NQ-CP of 2026, Phụ lục III)
_TOPIC_RE = re.compile(r"^\s*(?:về|đối với)\s+[^:;]{2,100}:\s*(?=\S)", re.IGNORECASE)
# the heads of a list of bodies: "Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; …"
# (Kế hoạch 254/KH-UBND of 2023, Sơn La, IV.1) names the bodies "các sở, ban, ngành …" — cut
# at its first comma, "ban, ngành trực thuộc UBND tỉnh" was proposed as a unit
_HEADS_OF_LIST_RE = re.compile(
    r"^\s*(?:thủ\s+trưởng|giám\s+đốc|người\s+đứng\s+đầu)\s+(?=các\s+[^,;]+,)", re.IGNORECASE
)
_DISTRIBUTIVE_RE = re.compile(r"^\s*(?:các\s+)?(bộ|sở)\s*:\s*", re.IGNORECASE)
# a plural head before its list, no colon: "Các Sở Tư pháp, Nội vụ và Tài chính"
_PLURAL_LIST_RE = re.compile(r"^\s*([Cc]ác)\s+(Bộ|Sở)\s+(?=[A-ZĐÀ-Ỹ])")


# "Đài Truyền hình và các cơ quan thông tấn, báo chí tại địa phương" (Nghị quyết 394/NQ-CP
# of 2025): "tại địa phương" says where both are — each province's station, not Vietnam
# Television
_LOCAL_PRESS_RE = re.compile(
    r"^(\s*Đài(?:\s+[^\s,;]+){1,6}?)(\s+và\s+các\s+cơ\s+quan\s+(?:thông\s+tấn,?\s+)?báo\s+chí"
    r"\s+(tại\s+địa\s+phương))\s*$"
)


def _local_press(seg: str) -> str:
    return _LOCAL_PRESS_RE.sub(r"\1 \3\2", seg)


# "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã" (Kế hoạch 980/KH-UBND of 2025, Nghệ An):
# one body's name for two levels — the province's board and every commune's board
_LEVELS_RE = re.compile(
    r"^(\s*[A-ZĐÀ-Ỹ][^,;()]*?)\s+(cấp\s+(?:tỉnh|huyện|xã|cơ sở))"
    r"((?:\s*,\s*|\s+và\s+)cấp\s+(?:tỉnh|huyện|xã|cơ sở))+\s*$",
    re.IGNORECASE,
)
_LEVEL_WORD_RE = re.compile(r"cấp\s+(?:tỉnh|huyện|xã|cơ sở)", re.IGNORECASE)


def _levels_listed(seg: str) -> str:
    """``X cấp tỉnh, cấp xã`` → ``X cấp tỉnh, X cấp xã``: a name for each level, when ``X``
    starts like a body."""
    m = _LEVELS_RE.match(seg)
    if m is None or not _starts_like_body(m.group(1).strip()):
        return seg
    head = m.group(1).strip()
    levels = _LEVEL_WORD_RE.findall(seg[m.start(2) :])
    return ", ".join(f"{head} {lv}" for lv in levels)


# "Bộ Công an, Bộ Khoa học và Công nghệ với các tiêu chuẩn, quy chuẩn, hướng dẫn kỹ thuật áp
# dụng chung toàn quốc; các bộ, ngành với các tiêu chuẩn, …" (Quyết định 2629/QĐ-TTg of 2025,
# T2.I.4): what each body drafts, after "với" — no body, cut off before the "và" split
_SCOPE_RE = re.compile(r"\s+với\s+(?:các|những)\s+(?=\S)")


def _cut_scope(seg: str) -> str:
    """A segment without the scope after ``với các …`` — only after a whole known body name
    or a plural group (``… Bộ Khoa học và Công nghệ``, ``các bộ, ngành``), and only up to a
    piece that starts like a body, so ``Cục Đào tạo với nước ngoài`` stays whole."""
    m = _SCOPE_RE.search(seg)
    if m is None:
        return seg
    head, tail = seg[: m.start()], seg[m.end() :]
    pieces = re.split(r"\s*,\s*", head)
    ref = reference()
    if _starts_like_body(tail) or not any(
        ref.lookup(name := ", ".join(pieces[k:])) is not None
        or ref.is_name(name)
        or fold(name).startswith(tuple(f"cac {h}" for h in _PLURAL_GROUP_HEADS))
        for k in range(len(pieces))
    ):
        return seg
    rest = re.split(r"(\s*,\s*)", tail)
    keep = next((i for i in range(2, len(rest), 2) if _starts_like_body(rest[i])), len(rest))
    return head + "".join(rest[keep - 1 :]) if keep < len(rest) else head


def _expand_distributive(seg: str) -> str:
    """``Các Bộ: Tài chính, Nông nghiệp và Môi trường, Xây dựng, Công an, …`` names the
    ministries ``Bộ Tài chính``, ``Bộ Nông nghiệp và Môi trường``, …; ``Bộ Xây dựng, Khoa
    học và Công nghệ`` names two (Nghị quyết 109/NQ-CP of 2026). A list item takes the head
    word only when that makes a reference name (the longest run of items first); the list
    stops at the first item that does not (``…, Công Thương, các bộ, cơ quan …``)."""
    ref = reference()
    m = _DISTRIBUTIVE_RE.match(seg)
    if m is not None:
        return _expand_items(m.group(1).capitalize(), seg[m.end() :], ref, seg)
    m = _PLURAL_LIST_RE.match(seg)
    if m is not None:
        # "Các Sở Tư pháp, Nội vụ và Tài chính", no colon: the head goes with every item —
        # never "Nội vụ và Tài chính" left over as a body. A ministry is one body ("Các Bộ
        # Công Thương, Xây dựng" names two); "các Sở Tư pháp" stays the plural it is on its
        # own (every province's, in a national plan), item by item
        head = m.group(2)
        items = _expand_items(head, seg[m.end() :], ref, seg, joined=False)
        if isinstance(items, list) and len(items) > 1:
            named = [x for x in items if ref.is_name(x)]
            rest = items[len(named) :]
            plural = "" if fold(head) == "bo" else f"{m.group(1)} "
            return ", ".join([f"{plural}{x}" for x in named] + rest)
        return seg
    if not re.match(r"\s*Bộ\s", seg):
        return seg
    # the first ministry, its own name possibly holding a comma ("Bộ Văn hoá, Thể thao và
    # Du lịch, Ngoại giao, Công an, các địa phương …": Nghị quyết 109/NQ-CP, Phụ lục IV)
    parts = seg.split(",")
    for k in range(1, len(parts)):
        first = ",".join(parts[:k]).strip()
        if not ref.is_name(first):
            continue
        after = parts[k].strip()
        if not after[:1].isupper() or ref.is_name(after):
            return seg
        if ref.is_name(f"{first}, {after}") or not ref.is_name(f"Bộ {after}"):
            continue
        return f"{first}, " + _expand_items("Bộ", ",".join(parts[k:]), ref, seg)
    return seg


# a class word with a qualifier before a colon and the names of its members: "các Bộ, ngành
# liên quan: Tài chính, Lao động - Thương binh và Xã hội" (Quyết định 22/2013/QĐ-TTg, Điều
# 8.1.a) names Bộ Tài chính and Bộ Lao động - Thương binh và Xã hội — read as it was,
# "Lao động - Thương binh và Xã hội" was proposed as a unit; "Ủy ban nhân dân 04 xã: Gia
# Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông" (Kế hoạch 556/KH-UBND of 2025, Đồng Tháp,
# IV.1.6) names the committees of the four communes
_CLASS_QUALIFIED_RE = re.compile(
    r"^\s*(?P<cls>(?:[Cc]ác\s+)?(?:Bộ|Sở|bộ|sở))"
    r"(?P<qual>(?:\s*,\s*(?:ban\s*,\s*)?ngành)?(?:\s+(?:có\s+)?liên\s+quan)?)\s*:\s*(?=[A-ZĐÀ-Ỹ])"
)
_COUNTED_COMMUNES_RE = re.compile(
    r"^\s*(?P<head>(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd))\s+(?P<n>\d{1,3})\s+"
    r"(?P<kind>(?i:xã|phường|đặc khu|thị trấn))\s*:\s*(?P<names>[A-ZĐÀ-Ỹ].*)$"
)


def _class_before_colon(seg: str) -> str:
    """``các Bộ, ngành liên quan: Tài chính, Xây dựng`` → ``Bộ Tài chính, Bộ Xây dựng``; ``Ủy
    ban nhân dân 04 xã: A, B, C, D`` → the committee of each commune, only when the count is
    the number of names. The qualifier between the class word and the colon says which
    members the colon lists; the names are expanded as ``Các Bộ: …`` and ``UBND các xã …``
    are (``_expand_distributive``, ``_communes_listed``). Anything else, or a list that
    expands to nothing, as written."""
    m = _CLASS_QUALIFIED_RE.match(seg)
    if m is not None and m.group("qual"):
        plain = f"{m.group('cls')}: {seg[m.end() :]}"
        out = _expand_distributive(plain)
        return seg if out == plain else out
    m = _COUNTED_COMMUNES_RE.match(seg)
    if m is not None:
        names = [x for x in re.split(r",|\s+và\s+", m.group("names").strip(" .;")) if x.strip()]
        if len(names) != int(m.group("n")):
            return seg
        plain = f"{m.group('head')} các {m.group('kind')} {m.group('names')}"
        out = _communes_listed(plain)
        return seg if out == plain else out
    return seg


def _expand_items(head: str, rest: str, ref, seg: str, *, joined: bool = True):
    """The items of ``rest`` each under ``head`` while that makes a reference name; the
    rest as written. ``joined``: one string (``seg`` when nothing expanded), else the list."""
    tokens = re.split(r"(\s*,\s*|\s+và\s+)", rest)
    out: list[str] = []
    k = 0
    while k < len(tokens):
        best = None
        for j in range(len(tokens) - 1, k - 1, -2):
            name = f"{head} {''.join(tokens[k : j + 1]).strip()}"
            if ref.is_name(name):
                best = (j, name)
                break
        if best is not None:
            out.append(best[1])
            k = best[0] + 2
            continue
        words = tokens[k].split()
        for n in range(len(words) - 1, 0, -1):
            name = f"{head} {' '.join(words[:n])}"
            if ref.is_name(name):
                out.append(f"{name} {' '.join(words[n:])}{''.join(tokens[k + 1 :])}")
                break
        else:
            out.append("".join(tokens[k:]).strip())
        break
    if not out or out[0] == "".join(tokens).strip():
        return seg  # nothing expanded: as written
    if not joined:
        return [x for x in out if x]
    return ", ".join(x for x in out if x)


_ROLE_LEAD_IN_RE = re.compile(
    r"^\s*(?:chủ trì\s*,?\s*)?phối hợp với\s+(?=[A-ZĐÀ-Ỹa-zđ])", re.IGNORECASE
)


def _cut_role_tail(seg: str) -> str:
    """The bodies of a segment without the duty written after them: the tail is cut only
    when it names no one (lower-case words only) and the text before it is a name."""
    # "…; chủ trì, phối hợp với Bộ Nội vụ, các địa phương nghiên cứu …": the role words
    # that open the segment name no one
    seg = _ROLE_LEAD_IN_RE.sub("", seg)
    # never inside a remark in parentheses: "Ủy ban Đối ngoại (Văn phòng Quốc hội phối hợp
    # chuẩn bị)" (Nghị quyết 1339/NQ-UBTVQH15) stays whole
    m = next(
        (
            x
            for x in (*_ROLE_VERB_RE.finditer(seg), *_BUILD_VERB_RE.finditer(seg))
            if seg[: x.start()].count("(") <= seg[: x.start()].count(")")
            and (x.re is _ROLE_VERB_RE or _whole_bodies(seg[: x.start()].rstrip(" ,")))
        ),
        None,
    )
    if m is None:
        return seg
    head, tail = seg[: m.start()].rstrip(" ,"), seg[m.start() :]
    if not head or fold(head).endswith(_PURPOSE_HEADS) or _ADVISORY_RE.match(fold(seg)):
        return seg
    if _abbreviated_tail(tail) and not _whole_bodies(head):
        return seg
    if not head[:1].isupper() and not _all_bodies(head):
        return seg
    if any(w[:1].isupper() or w[:1].isdigit() for w in tail.split()) and not _all_bodies(head):
        return _cut_last_duty(seg)
    return head


def _abbreviated_tail(tail: str) -> bool:
    """Lower-case words closed by an abbreviation in brackets are the rest of a name, never a
    duty: ``Phòng Xúc tiến nghiên cứu, hợp tác và phát triển (R&D)`` (plan of Trường Đại học
    Việt Nhật, 2026) — a duty is never followed by its body's abbreviation."""
    m = _ABBR_PAREN_RE.search(tail)
    if m is None or not _abbreviation(m.group(1)):
        return False
    rest = tail[m.end() :]
    if rest.strip() and not _SEP_RE.match(rest) and not rest.lstrip().startswith(";"):
        return False
    words = re.findall(r"[^\s,]+", tail[: m.start()])
    return bool(words) and all(w[:1].islower() for w in words)


def _abbreviation(text: str) -> bool:
    """``R&D``, ``KT&ĐBCL``, ``FATE``: two capitals at least, no word of its own (``Nam``)."""
    return sum(c.isupper() for c in text) >= 2


# verbs that are also words of names ("Ban Quản lý dự án đầu tư xây dựng", "Các ban xây
# dựng Đảng QU" of the seed): a duty only after a whole official name or group ("1. Bộ Công an xây
# dựng, hoàn thiện cơ chế …", "2. Các bộ, cơ quan, địa phương xây dựng cơ chế thử nghiệm …":
# Nghị quyết 109/NQ-CP of 2026, Phụ lục III, IV.78 and IV.84)
_BUILD_VERB_RE = re.compile(r"\s+(?-i:xây dựng|hoàn thiện)\b")


def _whole_bodies(head: str) -> bool:
    ref = reference()
    return ref.is_name(head) or ref.lookup(head) is not None


def _cut_last_duty(seg: str) -> str:
    """The duty written after a body of a list, and the rest: ``…, Ủy ban nhân dân xã, phường, đặc
    khu chủ động tổ chức triển khai Luật Việc làm`` (Kế hoạch 172/KH-UBND of 2025, Hồ Chí
    Minh) loses ``chủ động …`` when the words before it are a name or a bare qualifier."""
    pieces = _SEP_RE.split(seg)
    for i in range(2, len(pieces), 2):
        m = _ROLE_VERB_RE.search(pieces[i])
        if m is None:
            continue
        before = pieces[i][: m.start()].strip()
        if before and (_bare_qualifiers(before) is not None or reference().is_name(before)):
            return "".join(pieces[:i]) + before
        return seg
    return seg


def _all_bodies(head: str) -> bool:
    """Every part of the text before a duty names a body: reference names, ``các …`` groups,
    ``Ủy ban nhân dân …``, bare qualifiers — so the duty after it may name others (``Sở Nội
    vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch``, Kế hoạch 172/KH-UBND
    of 2025, Hồ Chí Minh)."""
    ref = reference()
    if ref.is_name(head):
        return True
    parts = [p.strip() for p in _SEP_RE.split(head)[::2] if p.strip()]
    return bool(parts) and all(
        ref.is_name(p)
        or _bare_qualifiers(p) is not None
        or fold(p).startswith(("cac ", "uy ban nhan dan ", "ubnd "))
        # the rest of a group phrase: "các sở, ngành liên quan và Ủy ban nhân dân các xã,
        # phường rà soát …" (Kế hoạch 7360/KH-UBND of 2025, Lai Châu)
        or (i > 0 and fold(p).split()[0] in _PHRASE_CONT and fold(parts[0]).startswith("cac "))
        # "các bộ, cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung
        # ương rà soát …" (Quyết định 2623/QĐ-TTg of 2025)
        or _starts_like_body(p)
        for i, p in enumerate(parts)
    )


def _head_word(text: str) -> str:
    """The folded first word of a name, for the head-word lists — except that folding makes
    ``quân`` (army: ``quân đội``, ``quân sự``) look like ``quận`` (district: ``quận ủy``):
    only ``quận`` is the head word ``quan``."""
    words = nfc(text).split()
    if not words:
        return ""
    head = fold(words[0])
    if head == "quan" and unify_tones(words[0]).lower() != "quận":
        return "quân"
    return head


_PHRASE_CONT = {"ban", "nganh", "don", "ca", "doan", "cao", "cd", "th", "to", "co", "dia"}
# Head words a unit's name may start with in lower case (typos of the seed included:
# "pòng Kinh tế", "rung tâm y tế").
_LOWER_HEADS = UNIT_HEADS | {"pong", "rung"}
# Words that start a phrase ("cơ quan", "cơ sở", "đơn vị", "tổ chức", "doanh nghiệp", "cá
# nhân") which goes on after a comma ("cơ quan, đơn vị liên quan").
_GENERIC_STARTS = {"co", "don", "to", "doanh", "ca", "cac"}


def _proper_name(text: str) -> bool:
    """A name written with its capitals up to its last word (``Đài Phát thanh và Truyền
    hình Thành phố``), not a common noun (``Tập đoàn``, ``Cơ quan``)."""
    words = nfc(text).split()
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 2 and words[0][:1].isupper() and (words[-1][:1].isupper() or capitals >= 3)


def _is_body(text: str) -> bool:
    """An official body of the reference list (not a group phrase such as ``Bộ, ngành``)."""
    ref = reference()
    hit = ref.lookup(text)
    return (hit is not None and not hit.body.is_group) or (hit is None and ref.is_name(text))


_WARDS_GROUP_RE = re.compile(r"^(?:ubnd\s+)?(?:cac\s+|\d+\s+)?phuong$")
# "đoàn thể xã" (the heads of, Kế hoạch 16/KH-MTTQ of 2025, xã Lương Minh): a level word after
_CTXH_RE = re.compile(
    r"(?:to chuc|to chu|doan the)(?:\s+(?:chinh tri|ctxh|thanh vien)|$)|^doan the (?:xa|huyen|tinh)$"
)
_VAGUE_RE = re.compile(
    r"lien quan|lien ket$|tren dia ban|khen thuong|thuoc quan|^(?:cac\s+)?phong\s+ban|\bkhac\b|"
    r"^(?:cac\s+)?(?:co quan|cq|don vi)(?:\s|$)|"
    # "Bộ, cơ quan, tổ chức có liên quan" (Quyết định 844/QĐ-TTg, 2026): no ministry named
    r"^(?:cac\s+)?(?:bo|so)\s+(?:co quan(?! ngang| thuoc)|don vi|to chuc)\b|"
    # "Theo phân công tại Quyết định số 1441/QĐ-UBND …": the bodies are named elsewhere
    r"^theo\s+(?:phan cong|quy dinh|chuc nang|nhiem vu|huong dan|ke hoach|quyet dinh)\b|"
    # "Địa phương được lựa chọn", "… và một số tỉnh đủ điều kiện" (Nghị quyết 03/NQ-CP of
    # 2025): some of them, chosen later
    r"\bduoc lua chon\b|\bmot so\b|\bdu dieu kien\b"
)
_NONSTATE_RE = re.compile(
    # enterprises and other non-state bodies, many of them: "Các doanh nghiệp viễn thông"
    # (Kế hoạch 310/KH-UBND of 2025, Hà Nội), "các Tổng công ty Điện lực" (Nghị quyết
    # 109/NQ-CP of 2026), "Các tổ chức, cá nhân hoạt động khoáng sản" (Lào Cai, 2026),
    # "Cơ sở khám bệnh, chữa bệnh" (Quyết định 844/QĐ-TTg of 2026)
    r"^cac\s+(?:doanh nghiep|tap doan|tong cong ty|nha (?:dau tu|cung cap)|"
    r"to chuc(?!\s+(?:chinh tri|ctxh|thanh vien|co so|doan)))\b|"
    r"^(?:doanh nghiep|nha dau tu|nha cung cap|co so kham benh)\b|"
    # social and socio-professional organisations, a class of non-state bodies, never one
    # named: "Các tổ chức chính trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp,
    # doanh nghiệp và cộng đồng" (Quyết định 773/QĐ-TTg of 2018, III.16) — not the
    # political-social organisations ("tổ chức chính trị - xã hội"), a group of named bodies
    r"^(?:cac\s+)?to chuc xa hoi\b"
)
_REMARK_RE = re.compile(r"^\s*\(.*\)\s*$")
# one body of every level or place (folded): "… các cấp/tỉnh/quân khu …" after a body ("Ban
# Chỉ đạo các tỉnh", Kế hoạch 252/KH-BCĐQG1237 of 2013; "UBND các thành phố trực thuộc Trung
# ương", Quyết định 982/QĐ-TTg of 2026; "Ủy ban nhân dân các cấp", 844/QĐ-TTg).
# "Ban Công tác Mặt trận (các) thôn" (xã Lương Minh, 2025-2026): every village's committee
_VILLAGES_RE = re.compile(r"(?<=\S)(?<!\bnong)\s+(?:cac\s+)?(thon|to dan pho|khu pho)$")
_PLURAL_RE = re.compile(
    r"^(?!cac\s|nhung\s)\S.*\s+cac\s+(?:cap|tinh|huyen|quan|xa|phuong|thanh pho|dia phuong|"
    r"quan khu)\b"
)
# A plural at the start names many bodies of one kind, each reporting on its own: "Các quân
# khu" (Kế hoạch 252/KH-BCĐQG1237 of 2013), "Các Đoàn đại biểu Quốc hội" (Kế hoạch 3260 of
# 2025), a university's "Các Khoa", "Các bộ môn", "Các HĐ chấm tốt nghiệp" — a group for the
# office to fill. Except the kinds an office addresses as one (the seed, Long Biên 2023, and
# its hand-made registry): the schools and clubs on its ground ("Các trường học", "các CLB
# VHVN TDTT TDP": one external unit each) and the boards or cells of one body the plan names
# ("Các ban HĐND quận", "Các chi bộ trực thuộc Đảng bộ Khối …"): units to review, clustered
# with their misspellings ("Các ban HĐN quận"). The party's boards ("các Ban Xây dựng Đảng",
# Kế hoạch 1026/KH-UBND of 2025, Nghệ An; "Các ban xây dựng Đảng QU", the seed) are several
# bodies, each its own (the seed's hand-made registry: a group of the boards), a group.
_LEADING_PLURAL_RE = re.compile(
    r"^cac\s+(?!(?:nha\s+)?truong\b|clb\b|cau lac bo\b|ban\b(?!\s+(?:xay dung|xd)\s+dang\b)|"
    r"chi bo\b)\S"
)
_PARTY_BOARDS_RE = re.compile(r"^cac\s+ban\s+(?:xay dung|xd)\s+dang\b")
# (folded) the party's cells and grassroots committees under the committee that writes the
# plan: "các chi bộ, đảng bộ cơ sở" (Công văn 2449-CV/ĐU of 2026, Đảng ủy UBND tỉnh Lào
# Cai), "tổ chức cơ sở đảng". They sit in agencies and enterprises as in communes: "cơ sở"
# is the party's lowest level, no place — never the wards (a mass organisation's "Hội PN
# cơ sở" is its commune chapter); one group for the office to fill. "Các chi bộ trực thuộc
# Đảng bộ Khối …" (the cells of one body the plan names) stays a unit to review.
_PARTY_CELLS_RE = re.compile(
    r"^(?:cac\s+(?:chi bo|dang bo)(?:\s+co so)?|(?:chi bo|dang bo)\s+co so|"
    r"(?:cac\s+)?to chuc co so dang|(?:cac\s+)?chi bo,?\s+dang bo co so)$"
)
_PAREN_RE = re.compile(r"\([^()]*\)")
_LOWER_LEVEL_RE = re.compile(r"\S\s+cap\s+(?:xa|huyen|co so)$")
_COUNTED_RE = re.compile(r"(?<=\s)\d{1,2}\s+(?=(?:tinh|thanh pho|huyen|quan)\b)")


def _group_clause(text: str) -> bool:
    """Bodies of a group picked by a clause: ``các bộ, ngành, địa phương là cơ quan đại diện
    chủ sở hữu`` (Nghị quyết 109/NQ-CP of 2026), ``Các bộ, ngành, địa phương là chủ quản
    CSDLQG, …`` (Nghị quyết 03/NQ-CP of 2025): some of them, none named — a vague phrase."""
    m = _CLAUSE_RE.search(_PAREN_RE.sub(" ", nfc(text)))
    if m is None:
        return False
    head = text[: m.start()].strip()
    hit = reference().lookup(head)
    return (hit is not None and hit.body.is_group) or fold(head).startswith("cac ")


# Reference groups that are the suggester's own groups.
_REF_GROUPS = {"G-LIENQUAN": "LIENQUAN", "G-CTXH": "CTXH", "G-XA": "PHUONG"}
_WARD_NAME_RE = re.compile(r"\b(?i:phường)\s+((?:[A-ZĐÀ-Ỹ]\w*\s*){1,3})$")


# Words an organisation's name starts with. After "và", a capitalised fragment that starts
# with none of them is the rest of the name before it ("Cục Lâm nghiệp và Kiểm lâm", "Sở
# Nông nghiệp và Môi trường các tỉnh", "Phòng Văn hóa và Thông tin"), never a unit.
_ORG_STARTS = frozenset(
    """bo so phong ban ub ubnd uy hdnd hoi doan cuc vu vien toa truong benh dai bao tap
    ngan kho thanh van lien mat mttq dang tong chi trung tram cong quan huyen tinh xa phuong
    thi cac thue hoc nha cang doanh to ctxh bch""".split()
)
_ORG_STARTS_2 = frozenset({"kiem toan", "kiem sat"})


_ABBR_PAREN_RE = re.compile(r"\(([A-ZĐ][A-ZĐa-z]*(?:[&\-][A-ZĐ][A-ZĐa-z]*)*)\)")
_CONNECTORS = {"va", "&", "-"}


def _abbreviated_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``Đào tạo và Công tác sinh viên (ĐT&CTSV)``: words whose initials spell the
    abbreviation in brackets after them are one name, whatever ``và`` or comma joins them
    (a university's ``Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)``)."""
    spans = []
    for m in _ABBR_PAREN_RE.finditer(text):
        letters = fold(re.sub(r"[&\-]", "", m.group(1))).replace(" ", "")
        words = list(re.finditer(r"[^\s,]+", text[: m.start()]))
        initials = ""
        for w in reversed(words):
            folded = fold(w.group(0))
            if folded in _CONNECTORS or not folded:
                continue
            initials = folded[0] + initials
            if initials == letters:
                spans.append((w.start(), m.end()))
                break
            if len(initials) >= len(letters):
                break
    return spans


def _split_outside(text: str) -> list[str]:
    """``_SEP_RE.split(text)``, except at separators inside an abbreviated name."""
    spans = _abbreviated_spans(text)
    if not spans:
        return _SEP_RE.split(text)
    out: list[str] = []
    start = 0
    for m in _SEP_RE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out += [text[start : m.start()], m.group(0)]
        start = m.end()
    out.append(text[start:])
    return out


# the boards of a party committee, written once for several: "Ban Tuyên giáo, Dân vận Tỉnh ủy"
_PARTY_BOARDS = frozenset(
    {"tuyen giao", "dan van", "to chuc", "noi chinh", "kiem tra", "tuyen giao va dan van",
     "kinh te", "chinh sach chien luoc"}
)  # fmt: skip
_PARTY_COMMITTEE_RE = re.compile(r"\s((?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s?ủy(?:\s.*)?)$", re.I)
_COMMITTEE_ALONE_RE = re.compile(r"(?:Tỉnh|Thành|Huyện|Quận|Thị)\s?ủy", re.I)


def _expand_elided(
    frags: list[_Frag], ref, known: Callable[[str], bool] | None = None
) -> list[_Frag]:
    """A head word written once for several bodies: ``Sở Tài chính, Xây dựng`` is Sở Tài chính
    and Sở Xây dựng, ``Chi cục Thuế, Hải quan`` Chi cục Thuế and Chi cục Hải quan, ``Ban Tuyên giáo, Dân vận Tỉnh ủy`` the two boards of the Tỉnh ủy (the
    committee named last belongs to every board). Only fields the reference list knows for
    that head (``Xây dựng``, ``Tư pháp``), so an unknown continuation is never made a body."""
    out: list[_Frag] = []
    for f in frags:
        prev = out[-1] if out else None
        sep = f.sep.strip()
        if prev is None or not (sep in (",", ";") or fold(sep) == "va"):
            out.append(f)
            continue
        if not f.text[:1].isupper() or f.ward or (known is not None and known(f.text)):
            out.append(f)
            continue
        head = _head_word(prev.text)
        first = prev.text.split()[0]
        head2 = " ".join(fold(prev.text).split()[:2])
        key = " ".join(ref_key(f.text).split())
        body = None
        # the first body is a whole known name ("Sở Tài chính, Xây dựng"); "Phòng Kế hoạch
        # và Tài chính" (plan of Trường Đại học Việt Nhật, 2026) is one office
        if head in ("bo", "so", "phong") and key in ref.fields and ref.is_name(prev.text):
            body = f"{first} {f.text}"
        elif key in ref.head_fields.get(head2, ()):
            body = f"{' '.join(prev.text.split()[:2])} {f.text}"  # "Chi cục Hải quan"
        elif _COMMITTEE_ALONE_RE.fullmatch(unify_tones(f.text)) and _PARTY_COMMITTEE_RE.search(
            prev.text
        ):
            # "Ban Thường vụ Tỉnh ủy, Thành ủy" (Chỉ thị 21/CT-TTg of 2026): the board of each
            cut = _PARTY_COMMITTEE_RE.search(prev.text)
            body = f"{prev.text[: cut.start()] if cut else prev.text} {f.text}"
        else:
            m = _PARTY_COMMITTEE_RE.search(f.text)
            board = f.text[: m.start()] if m else f.text
            if head == "ban" and fold(board) in _PARTY_BOARDS:
                body = f"{first} {f.text}"
                if m and not _PARTY_COMMITTEE_RE.search(prev.text):
                    out[-1] = _Frag(text=f"{prev.text} {m.group(1)}", sep=prev.sep, ward=prev.ward)
        out.append(f if body is None else _Frag(text=nfc(body), sep=f.sep, ward=f.ward))
    return out


# head words that start a body of their own after a comma, beside UNIT_HEADS
_OWN_START = frozenset({"hai", "thue", "cang", "nha", "hoc"})


def _name_goes_on(prev: str, f: _Frag, ref) -> bool:
    """``Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh``, ``Viện Văn hóa, Nghệ thuật,
    Thể thao và Du lịch Việt Nam``: after a comma, capitalised words that start no body, no
    known name and no field go on the name before them — when that name is no known name
    itself (``Bộ Y tế, Ngoại giao`` is two ministries)."""
    words = fold(f.text).split()
    return (
        f.sep.strip() == ","
        and bool(words)
        and f.text[:1].isupper()
        and not f.ward
        and _head_word(prev) in UNIT_HEADS
        and _head_word(prev) != "cac"
        and words[0] not in UNIT_HEADS
        and words[0] not in _ORG_STARTS
        and words[0] not in _OWN_START
        and " ".join(words[:2]) not in _OWN_ITEMS  # "Viện KHGDVN, Dự án Hỗ trợ …"
        and not ref.is_name(prev)
        and ref.lookup(prev) is None
        and not ref.is_name(f.text)
        and " ".join(ref_key(f.text).split()) not in ref.fields
        and not _ABBREV_RE.search(f.text)
        and _bare_qualifiers(f.text) is None
    )


def _and_tail(f: _Frag, ref) -> bool:
    words = fold(f.text).split()
    return (
        fold(f.sep).strip() == "va"
        and bool(words)
        and f.text[:1].isupper()
        and words[0] not in _ORG_STARTS
        and " ".join(words[:2]) not in _ORG_STARTS_2
        and not ref.is_name(f.text)
        and not _ABBREV_RE.search(f.text)
        and _bare_qualifiers(f.text) is None
    )


def _rest_of_name(prev: str, f: _Frag, ref) -> bool:
    """A fragment that goes on the unknown name before it (after ``và`` or a comma)."""
    return (
        _and_tail(f, ref)
        or _name_goes_on(prev, f, ref)
        or _and_abbreviation(prev, f, ref)
        or _lone_head_and(prev, f)
    )


def _lone_head_and(prev: str, f: _Frag) -> bool:
    """``Báo và Đài Phát thanh, Truyền hình Lâm Đồng`` (Kế hoạch thi đua CCHC 2026 of UBND
    tỉnh Lâm Đồng, VII.4: the province's merged Báo và Phát thanh, Truyền hình): a head word
    alone before ``và`` names no body of its own — "Báo" was proposed as a unit — so the
    name goes on over the ``và``."""
    words = prev.split()
    return (
        len(words) == 1
        and prev[:1].isupper()
        and fold(prev) in UNIT_HEADS
        and fold(f.sep).strip() == "va"
        and f.text[:1].isupper()
    )


def _and_abbreviation(prev: str, f: _Frag, ref) -> bool:
    """``Trung tâm Hỗ trợ đào tạo và CƯNL`` (Bộ GD&ĐT's follow-up of Nghị quyết 33, 2017):
    an abbreviation after ``và`` that names no body (``UBND``, ``Bộ GD&ĐT`` do) ends the
    name it follows, when that name is going on in lower case and is no known name."""
    text = f.text.strip()
    prev_words = prev.split()
    return (
        fold(f.sep).strip() == "va"
        and len(text.split()) == 1
        and _abbreviation(text)
        and text == text.upper()
        and fold(text) not in UNIT_HEADS
        and unify_tones(text.lower()) not in _BODY_HEADS
        and ref.lookup(text) is None
        and not ref.is_name(text)
        and len(prev_words) >= 3
        and prev_words[-1][:1].islower()
        and _head_word(prev) in UNIT_HEADS
        and _head_word(prev) != "cac"
        and ref.lookup(prev) is None
        and not ref.is_name(prev)
    )


_ABBREV_RE = re.compile(r"\b\w*[A-ZĐ]\w*[A-ZĐ]")


# --- pieces of sentences -------------------------------------------------------------------

# Words of a duty or of a sentence's grammar: a fragment holding one of them (and more than
# a few words) is a piece of a sentence, not a name ("bổ sung một số điều của Luật Tiêu
# chuẩn", "phường tiếp tục rà soát …", Kế hoạch 7360/KH-UBND of 2025, Lai Châu).
_DUTY_WORD_RE = re.compile(
    r"(?<!\w)(?:rà soát|tổng hợp|báo cáo|triển khai|thực hiện|bổ sung|điều chỉnh|bảo đảm|"
    r"đảm bảo|ban hành|xây dựng|tham mưu|hướng dẫn|theo dõi|kiểm tra|cập nhật|gửi|trình|"
    r"đề xuất|sửa đổi|thay thế|bãi bỏ|đánh giá|tiếp tục|chủ động|tiến hành|để|nhằm|"
    r"phù hợp|của mình|quy định|đối với|trong phạm vi|theo chức năng)(?!\w)",
    re.IGNORECASE,
)
# A sentence ends inside the text ("… Chủ tịch UBND tỉnh. Đồng thời, …"), not after an
# abbreviation ("TP. Hồ Chí Minh", "Tp. Hà Nội").
_SENTENCE_END_RE = re.compile(r"(?<=\w{4})[.!?]\s+(?=\S)")
# The first words of a body's name, compared with their accents (``bộ``, never the ``bổ``
# of ``bổ sung``; ``quỹ``, never ``quy chuẩn``).
_BODY_HEADS = frozenset(
    """sở phòng ban bộ ủy ubnd hđnd ubmttq hội đoàn cục vụ viện tòa trường bệnh đài báo
    tập ngân kho mặt đảng tổng chi trạm quận huyện tỉnh xã phường thị thuế học nhà cảng
    doanh tổ hải kiểm quỹ đại chủ lãnh thường ngành cơ đơn địa bch bchqs tw lực quân đội
    các những người cán chuyên đồng đ/c trưởng phó giám hiệu thủ""".split()
)
# heads that start a name only with the word after them ("Công an", never "Công nghệ")
_BODY_HEADS_2 = {
    "công": {"an", "ty", "đoàn", "thương"},
    "trung": {"tâm", "ương"},
    "văn": {"phòng"},
    "thanh": {"tra", "niên"},
    "bảo": {"hiểm", "tàng"},
    "liên": {"đoàn", "hiệp", "minh"},
    "thông": {"tấn"},
    "ủy": {"ban"},
    "thành": {"phố", "ủy", "đoàn"},
}
# compared after ``unify_tones`` (which writes "đoàn" as "đòan"): the heads in that spelling
_BODY_HEADS = frozenset(unify_tones(w) for w in _BODY_HEADS)
_BODY_HEADS_2 = {unify_tones(k): {unify_tones(w) for w in v} for k, v in _BODY_HEADS_2.items()}
_PLACE_HEADS = {"quận", "huyện", "tỉnh", "xã", "phường", "thị"}


def _starts_like_body(text: str, registry: Registry | None = None) -> bool:
    """Whether a fragment starts the way a body's name does: a head word (``Sở``,
    ``Phòng``, ``Bộ``, ``Ban``, ``Ủy ban``, ``UBND``, ``Công an``, ``các sở``, …), an
    abbreviation, a name of the reference list or of the registry."""
    text = nfc(text).strip()
    words = text.split()
    if not words:
        return False
    if registry is not None and registry.lookup(text) is not None:
        return True
    ref = reference()
    if ref.lookup(text) is not None or ref.is_name(text):
        return True
    first = words[0].strip(",.;:()")
    if _ABBREV_RE.match(first):
        return True
    heads = [unify_tones(w).lower().strip(",.;:()") for w in words[:3]]
    if heads[0] in ("các", "những") and len(heads) > 1:
        heads = heads[1:]
    head = heads[0]
    if head == "báo" and heads[1:2] == ["chí"]:
        # "các cơ quan truyền thông, báo chí" (Kế hoạch thi đua CCHC 2026, Lâm Đồng): the
        # press, a common noun; a newspaper is "Báo" and its name ("Báo Lâm Đồng")
        return False
    if head in _BODY_HEADS_2:
        return len(heads) > 1 and heads[1] in _BODY_HEADS_2[head]
    if head in _PLACE_HEADS:  # "xã Lương Minh", never "phường tiếp tục rà soát"
        after = words[len(words) - len(heads) + 1] if len(heads) > 1 else ""
        return not after or after[:1].isupper() or after[:1].isdigit() or head == "thị"
    return head in _BODY_HEADS


# --- people named in unit cells ------------------------------------------------------------

# A person, not a body: "Đồng chí …", "Đ/c …", "các đồng chí …", "Các đ/c Phó chỉ tịch" (the
# typo as written, Kế hoạch 16/KH-MTTQ of 2025, xã Lương Minh).
_PERSON_HEAD_RE = re.compile(r"^(?:(?:các|những)\s+)?(?:đồng\s+chí|đ/c|ông|bà)(?:\s+|$)", re.I)
# A leader's title: the leader acts for the body named after it ("Lãnh đạo Ban Dân nguyện",
# Kế hoạch 3260-KH/ĐĐQH15; "Chủ tịch Ủy ban nhân dân các tỉnh, …", "Tư lệnh các quân khu",
# Kế hoạch 252/KH-BCĐQG1237; "Tổng Thư ký Quốc hội -Văn phòng Quốc hội", Nghị quyết 1339).
_LEADER_TITLE_RE = re.compile(
    r"^(?:(?:các|những)\s+)?(?:phó\s+)?(?:tổng\s+thư\s+ký\s+quốc\s+hội|chủ\s+tịch|chỉ\s+tịch|"
    r"bí\s+thư|trưởng|giám\s+đốc|thủ\s+trưởng|"
    r"lãnh\s+đạo|tư\s+lệnh|chánh\s+văn\s+phòng|chánh\s+thanh\s+tra|chánh\s+án|viện\s+trưởng)"
    r"(?:\s+thường\s+trực)?(?=\s|$)",
    re.I,
)
# A member's title: people, never the body they belong to ("các đại biểu Quốc hội",
# "Chuyên viên Cơ quan Ủy ban Mặt trận Tổ quốc xã", "GV giảng dạy các lớp").
_MEMBER_TITLE_RE = re.compile(
    r"^(?:(?:các|những)\s+)?(?:chuyên\s+viên|cán\s+bộ|đại\s+biểu|ủy\s+viên|uỷ\s+viên|"
    r"thành\s+viên|giáo\s+viên|giảng\s+viên|gv)(?=\s|$)",
    re.I,
)
# A title whose body is not written after it: "Tổng Thanh tra Chính phủ" heads Thanh tra
# Chính phủ (Thông báo 624/TB-VPCP of 2025), never "Chính phủ"
_TITLE_BODIES = {"tong thanh tra chinh phu": "Thanh tra Chính phủ"}
# a second title after the body ("… Trung tâm phục vụ hành chính công - Phó Trưởng tiểu ban")
_SECOND_TITLE_RE = re.compile(r"\s-\s*(?:phó\s+)?(?:trưởng|ủy\s+viên|uỷ\s+viên|thành\s+viên)", re.I)


# A person's name written alone in a unit cell ("Nguyễn Thị Minh Phượng", "Nguyen Duc Duy",
# "Cao Tien": the assignees of Bộ GD&ĐT's task software, 2017): a Vietnamese surname, then one
# to three capitalised words, no head word of a body and no province ("Cao Bằng", "Hà Nam").
# Wards and streets named after people come after their head word ("Phường Trần Phú").
_SURNAMES = frozenset(
    """nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly cao dinh mai
    trinh lam luong ta doan ha trieu kieu chu thai la phung tang to quach luu vuong giang
    tong khuc lai mac""".split()
)
_NOT_NAME_WORDS = frozenset(
    unify_tones(w)
    for w in """sở phòng ban bộ ủy cục vụ viện tòa trường bệnh đài báo trạm quận huyện
    tỉnh xã phường hội đoàn""".split()
)


def personal_name(text: str, short: bool = False) -> bool:
    """Whether a fragment is a person's name alone (``Nguyễn Văn Cừ``): three or four words,
    or two (``Cao Tien``) when ``short`` (the plan names other people in full: a
    two-word name alone could be a place, ``Mai Sơn``)."""
    s = nfc(text).strip()
    words = s.split()
    if not (2 if short else 3) <= len(words) <= 4 or fold(words[0]) not in _SURNAMES:
        return False
    if not all(w.isalpha() and w[:1].isupper() and w[1:] == w[1:].lower() for w in words) or any(
        unify_tones(w.lower()) in _NOT_NAME_WORDS for w in words
    ):
        return False
    return not _starts_like_body(s) and not province_committee(s)


def person_role(text: str) -> tuple[bool, str]:
    """Whether a unit-cell fragment names a person rather than a body, and the body a
    leader's title stands for (``Lãnh đạo Ban Dân nguyện`` → ``Ban Dân nguyện``; ``Đồng chí
    Chủ tịch UBND`` → ``UBND``), ``""`` when it names none (``Đồng chí Bí thư``, ``Đ/c Nguyễn
    Văn A``, a member of a sub-committee, ``các chuyên viên …``)."""
    s = nfc(text).strip()
    person = _PERSON_HEAD_RE.match(s)
    rest = s[person.end() :] if person else s
    if " ".join(fold(rest).split()) in _TITLE_BODIES:
        return True, _TITLE_BODIES[" ".join(fold(rest).split())]
    if _MEMBER_TITLE_RE.match(rest):
        return True, ""
    title = _LEADER_TITLE_RE.match(rest)
    if title is None:
        return person is not None or personal_name(s), ""
    body = rest[title.end() :].strip(" -–,")
    if (
        not body
        # "Trưởng ban", "Phó Trưởng phòng": the title alone
        or (len(body.split()) < 2 and not _ABBREV_RE.match(body))
        or _SECOND_TITLE_RE.search(body)
        or not _starts_like_body(body)
        or sentence_piece(body)
        or "," in body
        and reference().lookup(body) is None
    ):
        return True, ""
    return True, body


def sentence_piece(text: str, registry: Registry | None = None) -> bool:
    """A fragment that is a piece of a sentence, never a unit: it does not start like a
    body's name and it reads like a sentence (a duty's words, a sentence break, more than
    15 words, or five lower-case words or more that start no name)."""
    text = nfc(text).strip()
    words = text.split()
    if words and not re.search(r"[^\W\d_]", text):
        return True  # no letter: "20", "30" typed into a unit cell (a trial entry, Bộ GD&ĐT 2017)
    if len(words) == 2 and len(words[1]) == 1 and text.islower():
        return True  # a head word and one letter: "viện k" (a trial entry, same list)
    if not words or _starts_like_body(text, registry):
        return False
    if _SENTENCE_END_RE.search(text) or len(words) > 15:
        return True
    if len(words) >= 3 and _DUTY_WORD_RE.search(text):
        return True
    if _VAGUE_RE.search(fold(text)) or _ABBREV_RE.search(text):
        # a vague phrase ("cá nhân trên địa bàn quận": an ignored group) or one with an
        # abbreviation ("các CLB VHVN TDTT TDP", the seed): no sentence
        return False
    return text[:1].islower() and len(words) >= 5


class _Splitter(Registry):
    """Splits cells like ``Registry`` but with no registry: runs of fragments are rejoined
    by shape (``Các phòng, ban, đơn vị liên quan``), lines when no separator ends them."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        # the names the plan writes with their abbreviation elsewhere: one name wherever
        # written ("Các Khoa và Phòng Đào tạo và Công tác sinh viên" beside "Phòng Đào tạo
        # và Công tác sinh viên (ĐT&CTSV)", plan of Trường Đại học Việt Nhật, 2026)
        super().__init__([Unit(code=f"N{i}", name=n) for i, n in enumerate(names)], [])

    def _join_lines(self, cell: str) -> list[str]:
        out: list[str] = []
        for line in (nfc(x) for x in cell.split("\n")):
            if not line:
                continue
            if out and not re.search(r"[,;]\s*$", out[-1]):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
        return out

    def _named(self, text: str, first: str, ref) -> bool:
        """An official name, or one the plan writes with its abbreviation elsewhere."""
        return (
            ref.is_name(text)
            or ref.ends_with_name(text, first)
            or (bool(self.units) and self.lookup(text) is not None)
        )

    def _merge_runs(self, frags: list[_Frag]) -> list[_Frag]:
        ref = reference()
        # 1. official names of the reference list, the longest run first ("Sở Khoa học và
        #    Công nghệ", "Ủy ban Khoa học, Công nghệ và Môi trường")
        named: list[_Frag] = []
        i = 0
        while i < len(frags):
            for j in range(min(len(frags), i + MAX_RUN), i + 1, -1):
                run = frags[i:j]
                text = run[0].text + "".join(f.sep + f.text for f in run[1:])
                if self._named(text, run[0].text, ref):
                    named.append(_Frag(text=nfc(text), sep=frags[i].sep, ward=frags[i].ward))
                    i = j
                    break
            else:
                named.append(frags[i])
                i += 1
        named = _expand_elided(named, ref)
        # 2. phrases ("Các phòng, ban, đơn vị liên quan") and continuations: what follows a
        #    "và"/comma but is no name of its own — the tail of an official name ("Công
        #    nghệ", "Đào tạo", "Tư pháp") or words that start in lower case and with no
        #    unit's head word ("phụ trách lĩnh vực …") — stays with the name before it
        out: list[_Frag] = []
        for f in named:
            words = fold(f.text).split()
            phrase = (
                words
                and words[0] in _PHRASE_CONT
                and out
                and _PHRASE_HEAD_RE.match(fold(out[-1].text))
                and _bare_qualifiers(f.text) is None
                and not ref.is_name(f.text)  # "Phòng Dân tộc, Ban Tổ chức": two bodies
                and not ref.is_name(out[-1].text)
            )
            prev_words = fold(out[-1].text).split() if out else []
            lower = bool(words) and f.text[:1].islower() and not _lower_head(f.text)
            continuation = (
                out
                and words
                and not f.ward
                and _bare_qualifiers(f.text) is None
                and (
                    ref.is_tail(f.text)
                    # "khám bệnh, chữa bệnh"; never onto an official name ("Bộ Y tế, cơ
                    # quan, đơn vị liên quan" is Bộ Y tế and a phrase)
                    or (
                        lower
                        and not _is_body(out[-1].text)
                        # "Cục NGCB, chương trình ETEP" (Bộ GD&ĐT's task list, 2017): a
                        # programme or project is an item of its own, never a name's tail
                        and " ".join(words[:2]) not in _OWN_ITEMS
                        and not (words[0] in _GENERIC_STARTS and ref.is_name(out[-1].text))
                        # "Đài Phát thanh và Truyền hình Thành phố, cơ quan thông tấn báo
                        # chí": a generic phrase never goes on a proper name
                        and not (
                            words[0] in _GENERIC_STARTS
                            and _proper_name(out[-1].text)
                            and _head_word(out[-1].text) != "cac"
                        )
                    )
                    # a lower-case phrase goes on ("cơ quan, đơn vị liên quan"; "Bộ, cơ
                    # quan, tổ chức có liên quan")
                    or (
                        lower
                        and out[-1].text[:1].islower()
                        and bool(prev_words)
                        and prev_words[0] in _GENERIC_STARTS
                    )
                    or (
                        f.text[:1].islower()
                        and words[0] in _GENERIC_STARTS
                        and " ".join(prev_words[-2:]) in _GENERIC_PHRASES
                    )
                )
            )
            if (
                not (phrase or continuation)
                and out
                and f.sep.strip() == ","
                and prev_words[:1] == ["cac"]
                and _activity_abbreviation(f.text, ref)
            ):
                # "Các cơ sở sản xuất giống, NTTS thương phẩm" (Kế hoạch 0134/KH-UBND of
                # 2025, Đắk Lắk): "nuôi trồng thủy sản thương phẩm" is an activity of the
                # establishments listed, no body of its own
                continuation = True
            if (
                not (phrase or continuation)
                and out
                and f.sep.strip() == ","
                and _field_abbreviation(f.text, ref)
                and _field_abbreviation(out[-1].text.split()[-1], ref)
                and len(out[-1].text.split()) > 1
            ):
                # "các tổ chức, doanh nghiệp hoạt động trong lĩnh vực có liên quan đến VLNCN,
                # TCTN" (Công văn of 2026 of UBND tỉnh Lào Cai on industrial explosives): the
                # fields of the class are listed by their abbreviations — "TCTN" (tiền chất
                # thuốc nổ) was proposed as a unit
                continuation = True
            if not (phrase or continuation) and out and _rest_of_name(out[-1].text, f, ref):
                continuation = True
            if (
                not (phrase or continuation)
                and out
                and _KINDS_LISTED_RE.match(out[-1].text)
                and not f.ward
                and not ref.is_name(f.text)
                and not _starts_like_body(f.text)
            ):
                # "Các trường: Đại học, Cao đẳng, Trung cấp trên địa bàn tỉnh" (Kế hoạch
                # 179/KH-UBND of 2025, Đồng Nai): the kinds of one plural head, listed after
                # its colon, are one phrase ("Các Bộ: Tài chính, …" names bodies, read before)
                continuation = True
            if (
                continuation
                and _NONSTATE_RE.search(fold(out[-1].text))
                and _NONSTATE_RE.search(fold(f.text))
            ):
                # "tổ chức xã hội - nghề nghiệp, doanh nghiệp" (Quyết định 773/QĐ-TTg of
                # 2018, III.16): two classes of non-state bodies, each whole, listed
                continuation = False
            if phrase or continuation:
                out[-1] = _Frag(text=out[-1].text + f.sep + f.text, sep=out[-1].sep)
            else:
                out.append(f)
        return out


_OWN_ITEMS = ("chuong trinh", "du an", "de an")  # (folded) a programme, a project
# a plural head and its colon, kinds listed after it: "Các trường: Đại học, Cao đẳng"
_KINDS_LISTED_RE = re.compile(r"^(?:các|những)\s+\w+(?:\s+\w+)?\s*:\s*\S", re.IGNORECASE)


_LEVEL_WORDS = frozenset("tinh huyen xa phuong quan thanh pho thi tran trung uong dac khu".split())


# "Bộ Chỉ huy Quân sự tỉnh/Ban Chỉ huy Bộ đội Biên phòng tỉnh" (công văn of UBND tỉnh Lào
# Cai, 2026): a slash between two whole names parts two bodies, as a comma would. A slash
# inside one name ("Sở Văn hóa/Thể thao"), between places ("UBND các xã/phường", "các
# tỉnh/ thành phố") or in a number ("21/QĐ-ĐHVN", "Quý II/2026") parts nothing.
_SLASH_RE = re.compile(r"(?<=[^\W\d])\s*/\s*(?=[A-ZĐÀ-Ỹ])")


def _whole_name(text: str) -> bool:
    words = text.split()
    return len(words) >= 2 and text[:1].isupper() and _starts_like_body(text)


def _split_slashed(line: str) -> str:
    """``line`` with each slash between two whole bodies' names made a ``;``."""
    for m in reversed(list(_SLASH_RE.finditer(line))):
        before = re.split(r";", line[: m.start()])[-1].strip()
        left = {before, re.split(r",|\s+và\s+", before)[-1].strip()}
        right = re.split(r"[;,/]|\s+và\s+", line[m.end() :])[0].strip()
        if any(_whole_name(x) for x in left) and _whole_name(right):
            line = f"{line[: m.start()]}; {line[m.end() :]}"
    return line


def _activity_abbreviation(text: str, ref) -> bool:
    """An abbreviation that names no body, followed by words in lower case only: ``NTTS
    thương phẩm`` (nuôi trồng thủy sản, an activity) — never ``UBND xã``, ``BQLDA dự án``
    nor a name of the reference list."""
    words = nfc(text).split()
    first = words[0] if words else ""
    return (
        len(words) >= 2
        and first.isupper()
        and len(first) >= 2
        and _abbreviation(first)
        and fold(first) not in ABBREVIATIONS
        and fold(first) not in UNIT_HEADS
        and unify_tones(first.lower()) not in _BODY_HEADS
        and ref.lookup(first) is None
        and not any(fold(first).startswith(a) for a in ("ub", "bch", "bql", "ct", "tt", "htx"))
        and all(w[:1].islower() for w in words[1:])
        # "VNPT tỉnh": a body of the place, not an activity
        and not set(fold(" ".join(words[1:])).split()) <= _LEVEL_WORDS
        and not ref.is_name(text)
    )


def _field_abbreviation(text: str, ref) -> bool:
    """A word alone in capitals that names no body: an abbreviation of a field or a thing
    (``VLNCN``, ``TCTN``) — never a known abbreviation (``UBND``), a unit's head word, nor a
    name of the reference list (``BHXH``)."""
    word = nfc(text).strip()
    return (
        " " not in word
        and len(word) >= 3
        and word.isupper()
        and word.isalpha()
        and _abbreviation(word)
        and fold(word) not in ABBREVIATIONS
        and fold(word) not in UNIT_HEADS
        and unify_tones(word.lower()) not in _BODY_HEADS
        and ref.lookup(word) is None
        and not ref.is_name(word)
    )


def _lower_head(text: str) -> bool:
    """A fragment in lower case that starts with a unit's head word, read with its accents:
    ``phòng văn hóa``, ``pòng kinh tế`` (a typo) — never ``vận tải`` (folded like ``Văn``)
    nor ``công nghệ thông tin`` (Kế hoạch 597/KH-UBND of 2025, Đồng Tháp: fields)."""
    head = _head_word(text)
    return head in _LOWER_HEADS and (head in {"pong", "rung"} or _starts_like_body(text))


def unit_fragments(cells: Iterable[str]) -> list[tuple[str, bool]]:
    """Every fragment of the given cells, as written, with whether it was listed after a
    ``các phường:`` label; bare qualifiers (``phường``) left out."""
    cells = [str(c or "") for c in cells]
    out = _fragments(cells, _Splitter())
    full = [_abbreviated_name([t])[0] for t, _ in out]
    return _fragments(cells, _Splitter([n for n in dict.fromkeys(full) if n])) if any(full) else out


def _fragments(cells: list[str], splitter: _Splitter) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for cell in cells:
        for seg in splitter._segments(cell):
            level = _shared_level(seg)
            for f in seg:
                if not f.sentence and _bare_qualifiers(f.text) is None:
                    bare = level and _BARE_LOCAL_RE.match(" ".join(fold(f.text).split()))
                    out.append((f"{f.text} {level}" if bare else f.text, f.ward))
    return out


# a local body that names no place of its own ("UBND", "Thường trực HĐND")
_BARE_LOCAL_RE = re.compile(
    r"^(?:thuong truc |ttr )?(?:hdnd|ubnd|ub mttq|ubmttq|mttq|dang uy|hoi dong nhan dan|"
    r"uy ban nhan dan|uy ban mat tran to quoc)$"
)


def _shared_level(seg: list[_Frag]) -> str:
    """``Thường trực HĐND, UBND, Ủy ban Kiểm tra Đảng ủy xã`` (Kế hoạch tiếp công dân 2025,
    MTTQ xã Lương Minh): the level word ending a list whose last item is a named body (not a
    ``các …`` phrase) qualifies the bare local bodies before it; else ``""``."""
    if len(seg) < 2 or seg[-1].sentence or not seg[-1].text[:1].isupper():
        return ""
    last = seg[-1].text
    m = re.search(r"\s(xã|phường|thị trấn)$", last)
    if m is None or fold(last).startswith("cac "):
        return ""
    return m.group(1)


def _compare_words(text: str) -> list[str]:
    base, _ = _split_qualifiers(text)
    words: list[str] = []
    for w in fold(base).split():
        if w == "cac":
            continue
        if w not in ABBREVIATIONS and re.fullmatch(r"tt[b-df-hj-np-tv-xz]{2,}", w):
            words += ["trung", "tam"]  # "TTVHTT" = "Trung tâm VHTT"
            w = w[2:]
        words += ABBREVIATIONS.get(w, w).split()
    if len(words) > 1 and words[0] == "phong":
        words = words[1:]
    return words


def same_name(a: str, b: str) -> bool:
    """Whether two spellings name one body, abbreviations written out (``UBND tỉnh Hà
    Giang`` = ``Ủy ban nhân dân tỉnh Hà Giang``), or a long name written with one slip
    (``_word_twin``); no other fuzzy matching."""
    return fold(a) == fold(b) or (_compare_words(a) == _compare_words(b) != []) or _word_twin(a, b)


# a bare level word ending a name ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch
# tỉnh"): the plan's own place, which the other spelling leaves out
_BARE_LEVEL_WORDS = {"tinh", "huyen", "quan", "xa", "phuong"}


def _twin_words(text: str) -> list[tuple[str, str]]:
    """(folded, as written) words of a name without its place qualifiers, ``các`` and a
    bare level word at its end."""
    base, _ = _split_qualifiers(text)
    # (as written, a word keeps the comma after it: an item of a list, never a slip)
    words = [(fold(w.strip(",.;:()")), w.strip(".;:()")) for w in nfc(base).split()]
    words = [(f, w) for f, w in words if f and f != "cac"]
    if len(words) > 1 and words[-1][0] in _BARE_LEVEL_WORDS:
        words = words[:-1]
    return words


def _one_edit(a: str, b: str) -> bool:
    """Two words one letter apart (one added, dropped or changed)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# words whose presence or absence makes another body: a place's level ("Ủy ban nhân dân
# thành phố" is no "Ủy ban nhân dân các tỉnh, thành phố"), "khác", "của", "và"
_TWIN_KEEP = {"tinh", "thanh", "pho", "huyen", "quan", "thi", "xa", "tran", "phuong", "khac"}
_TWIN_KEEP |= {"cua", "va"}


def _word_twin(a: str, b: str) -> bool:
    """Two spellings of one long name (four words or more) with one slip: a word of its
    middle left out, written in lower case in the other spelling ("Trung tâm Xúc đầu tư,
    Thương mại và Du lịch" / "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh", Thông
    báo PCI of UBND tỉnh Lâm Đồng), or one letter of a lower-case middle word. Never a "và"
    (a second body), a capitalised word (a place or a person: "Trường Tiểu học Phú Lâm" /
    "… Phú Lạc"), a number, the first or the last word, or two provinces."""
    if _numbers(a) != _numbers(b) or _trailing_province(a) != _trailing_province(b):
        return False
    if {"cac", "nhung"} & set(fold(a).split() + fold(b).split()):
        return False  # a class of bodies ("UBND các xã, phường, thị trấn")
    wa, wb = _twin_words(a), _twin_words(b)
    if min(len(wa), len(wb)) < 4:
        return False
    fa, fb = [f for f, _ in wa], [f for f, _ in wb]
    if fa == fb:
        return False  # the same words: the other rules' business
    if abs(len(fa) - len(fb)) == 1:
        (fs, _), (fl, wl) = sorted(((fa, wa), (fb, wb)), key=lambda x: len(x[0]))
        for i in range(1, len(fl) - 1):
            if fl[:i] + fl[i + 1 :] == fs:
                word = wl[i][1]
                listed = wl[i - 1][1].endswith(",") or word.endswith(",")
                return word.isalpha() and word.islower() and fl[i] not in _TWIN_KEEP and not listed
        return False
    if len(fa) != len(fb):
        return False
    diff = [i for i in range(len(fa)) if fa[i] != fb[i]]
    if len(diff) != 1 or diff[0] in (0, len(fa) - 1):
        return False
    i = diff[0]
    return (
        wa[i][1].isalpha()
        and wb[i][1].isalpha()
        and wa[i][1].islower()
        and wb[i][1].islower()
        and min(len(fa[i]), len(fb[i])) >= 3
        and not {fa[i], fb[i]} & _TWIN_KEEP
        and _one_edit(fa[i], fb[i])
    )


def _similar(a: list[str], b: list[str]) -> bool:
    from rapidfuzz import fuzz

    sa, sb = set(a), set(b)
    if not sa or not sb:
        return False
    if _numbers(" ".join(a)) != _numbers(" ".join(b)):
        return False  # "UBND Phường 1 Bảo Lộc" / "UBND Phường 3 Bảo Lộc": two wards
    if sa == sb:
        return True
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if small <= big and big - small <= _GENERIC_WORDS and len(small) >= 2:
        return True
    ca, cb = "".join(a), "".join(b)
    if min(len(ca), len(cb)) >= 6 and fuzz.ratio(ca, cb) >= 92:
        return True
    return False


def _typo_pair(a: str, b: str) -> bool:
    """Two spellings one typo apart (``pòng Kinh tế`` / ``Phòng Kinh tế``)."""
    from rapidfuzz import fuzz

    fa, fb = fold(a), fold(b)
    if _numbers(fa) != _numbers(fb):
        return False  # numbered bodies ("Phường 1", "Phường 3") are never typos of each other
    return min(len(fa), len(fb)) >= 10 and fuzz.ratio(fa, fb) >= 90


def _shortened_pair(a: str, b: str) -> bool:
    """One spelling of a body is the other with a few lower-case words left out of its
    middle (Nghị quyết 100/NQ-CP of 2026: "Ủy ban công tác phi chính phủ nước ngoài" /
    "Ủy ban công tác về các tổ chức phi chính phủ nước ngoài", the slip "Ủy ban công tác phủ
    nước ngoài"), maybe writing some by their initials ("… tổ chức PCPNN"). At least three
    words before and after those left out; no "và" among them (a second body), no
    capitalised word ("Trường Đại học Sư phạm Kỹ thuật …" is no "Trường Đại học Sư phạm
    …"), no province at the end."""
    if _numbers(a) != _numbers(b) or _trailing_province(a) or _trailing_province(b):
        return False
    wa, wb = nfc(a).split(), nfc(b).split()
    short, long = sorted((_expand_initials(wa, wb), _expand_initials(wb, wa)), key=len)
    fs, fl = [fold(w) for w in short], [fold(w) for w in long]
    n = len(long) - len(short)
    if fs == fl:
        return True  # "… tổ chức PCPNN" = "… tổ chức phi chính phủ nước ngoài"
    if not 1 <= n <= 4:
        return False
    for i in range(3, len(short) - 2):
        if fs[:i] != fl[:i]:
            break
        dropped = long[i : i + n]
        if fs[i:] == fl[i + n :] and all(w.islower() and fold(w) != "va" for w in dropped):
            return True
    return False


def _expand_initials(words: list[str], other: list[str]) -> list[str]:
    """``words`` with a word in capitals (``PCPNN``) replaced by the run of lower-case words
    of ``other`` it is the initials of (``phi chính phủ nước ngoài``)."""
    folded = [fold(w) for w in other]
    out: list[str] = []
    for w in words:
        k, f = len(w), fold(w)
        run = next(
            (
                other[j : j + k]
                for j in range(len(other) - k + 1)
                if "".join(x[:1] for x in folded[j : j + k]) == f
                and all(x.islower() for x in other[j : j + k])
            ),
            None,
        )
        out += run if k >= 3 and w.isalpha() and w.isupper() and run else [w]
    return out


def _numbers(text: str) -> list[str]:
    return [n.lstrip("0") for n in re.findall(r"\d+", text)]


def _propose_code(text: str) -> str:
    base, _ = _split_qualifiers(_DECISION_TAG_RE.sub(r" \1", text))
    words = [w for w in fold(base).split() if w != "cac"]
    if len(words) > 1 and words[0] == "phong":
        words = words[1:]
    code = ""
    for w in words:
        abbreviation = w in ABBREVIATIONS or not re.search(r"[aeiouy]", w) or w.isdigit()
        code += w.upper() if abbreviation else w[0].upper()
    return code[:12] or "UNIT"


_VIET_TYPO_RE = re.compile(r"\b(?i:việt)\s+(?!(?i:nam)\b)\S.*$")


def _country_typo(text: str) -> Match | None:
    """A known name whose ``Việt Nam`` was mistyped (``Mặt trận Tổ quốc Việt Quốc gia``,
    Kế hoạch 252/KH-BCĐQG1237 of 2013, line 50): the body it names with ``Việt Nam``, so
    that the spelling is proposed as that body's alias, never as a unit of its own."""
    if not _VIET_TYPO_RE.search(text):
        return None
    hit = reference().lookup(_VIET_TYPO_RE.sub("Việt Nam", text))
    return hit if hit is not None and not hit.body.is_group else None


# a ministry's own departments ("Cục Lâm nghiệp và Kiểm lâm", "Vụ Pháp chế": Kế hoạch of Bộ
# Nông nghiệp và Môi trường on Nghị định 180, 2026), never a province's
_MINISTRY_DEPT_RE = re.compile(r"^(?:Cục|Vụ|Tổng cục)\s+\S")


def _ministry_level(name: str) -> str:
    return LEVEL_NATIONAL if _MINISTRY_DEPT_RE.match(nfc(name)) else ""


# the ignored group of the people named in unit cells (``Đồng chí Bí thư``, ``các chuyên
# viên …``): a person is no unit; the office may turn the group into a real one
PEOPLE_GROUP = "CANHAN"


def _attach_roles(
    roles: dict[str, list[str]],
    clusters: list[list[str]],
    group_aliases: dict[str, list[str]],
    ward_aliases: dict[str, list[str]],
) -> None:
    """A leader's title goes with the body it leads, wherever that body went (a unit's
    cluster, a group, a ward)."""
    for body, titles in roles.items():
        for place in (*clusters, *group_aliases.values(), *ward_aliases.values()):
            if body in place:
                place.extend(t for t in titles if t not in place)
                break


def _without_va(text: str) -> list[str]:
    """The folded words of a name without its ``và`` (commas go with the folding)."""
    return [w for w in fold(text).split() if w != "va"]


def _official_name(cluster: list[str], hit: Match | None) -> tuple[str, list[str]]:
    """The unit's name and aliases: the most frequent spelling, unless the plan only wrote a
    national or provincial body's name loosely, even once (``Sở Văn hóa Thể thao Du lịch``,
    ``Sở Khoa học Công nghệ``, Lâm Đồng 2025): then the official name leads, the rest alias it.
    A head word with abbreviated words (``Bộ NN&MT``, ``Sở KH&CN``, ``Bộ CHQS tỉnh``: Nghị
    quyết 116/NQ-CP of 2026, Nghệ An 2025) is the official name's short form: the official
    name leads. Acronyms alone (``VTV``, ``TTXVN``), short forms (``Ngân hàng Nhà nước``) and
    local bodies keep the plan's."""
    if hit is None:
        return _fullest_spelling(cluster)
    if hit.body.is_group or hit.qualifier or hit.level not in (LEVEL_NATIONAL, LEVEL_PROVINCE):
        return cluster[0], cluster[1:]
    if not any(_without_va(sp) == _without_va(hit.body.name) for sp in cluster):
        if not _abbreviated_head(cluster[0]):
            return cluster[0], cluster[1:]
        return hit.body.name, cluster
    # the plan's own spelling of the official name ("Văn hoá") leads if it has one, in the
    # official name's case ("Ủy ban công tác về …" is written for "Ủy ban Công tác về …")
    official = unify_tones(hit.body.name)
    name = next((sp for sp in cluster if unify_tones(sp) == official), hit.body.name)
    return name, [sp for sp in cluster if sp != name]


def _fullest_spelling(cluster: list[str]) -> tuple[str, list[str]]:
    """The most frequent spelling leads, unless the others are all it with words left out
    or written as initials (``_shortened_pair``, Nghị quyết 100/NQ-CP of 2026): then the
    fullest spelling does, never the shortened one however often written."""
    name = max(cluster, key=lambda sp: (len(sp.split()), -cluster.index(sp)))
    if len(name.split()) <= len(cluster[0].split()):
        return cluster[0], cluster[1:]
    # every spelling is the fullest one shortened, maybe through another ("… phủ nước
    # ngoài" of "… phi chính phủ nước ngoài" of "… về các tổ chức phi chính phủ …")
    reached, todo = {name}, [name]
    while todo:
        cur = todo.pop()
        for o in cluster:
            if o not in reached and _shortened_pair(o, cur):
                reached.add(o)
                todo.append(o)
    if len(reached) < len(set(cluster)):
        return cluster[0], cluster[1:]
    return name, [sp for sp in cluster if sp != name]


def _abbreviated_head(text: str) -> bool:
    """A head word in lower case then at least one abbreviated word: ``Bộ NN&MT``, ``Văn
    phòng UBND tỉnh``; never an acronym alone (``VTV``) nor a name in full."""
    words = nfc(text).split()
    return (
        len(words) > 1
        and words[0][:1].isupper()
        and words[0][1:].islower()
        and any(len(re.findall(r"[A-ZĐ]", w)) >= 2 or "&" in w for w in words[1:])
    )


# the political-social organisations' group, named for the plan's level ("các tổ chức thành
# viên của Mặt trận" of a commune's plan are the commune's, not a district's)
_CTXH_NAMES = {
    "": "Các tổ chức chính trị - xã hội quận",
    LEVEL_WARD: "Các tổ chức chính trị - xã hội cấp xã",
    LEVEL_PROVINCE: "Các tổ chức chính trị - xã hội tỉnh",
    LEVEL_NATIONAL: "Các tổ chức chính trị - xã hội",
}


def _ctxh_name(default_level: str, spellings: list[str]) -> str:
    said = set(" ".join(fold(a).replace("xa hoi", "") for a in spellings).split())
    if "xa" in said and not said & {"quan", "huyen", "tinh"}:
        return _CTXH_NAMES[LEVEL_WARD]  # "đoàn thể xã", "Trưởng đoàn thể xã"
    return _CTXH_NAMES.get(default_level, _CTXH_NAMES[""])


@dataclass
class _Draft:
    """What ``suggest_registry`` gathers from a plan's spellings, step by step."""

    listed_wards: set[str]
    committees: set[str]  # the provinces' committees named by the place alone
    ward_aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ward_names: dict[str, str] = field(default_factory=dict)  # folded ward name -> name
    group_aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    clusters: list[list[str]] = field(default_factory=list)
    cluster_keys: list[set[str]] = field(default_factory=list)
    cluster_words: list[list[list[str]]] = field(default_factory=list)
    cluster_ref: list[Match | None] = field(default_factory=list)  # the reference body …
    cluster_emb: list[Match | None] = field(default_factory=list)  # … or the one it ends with
    cluster_qual: list[str] = field(default_factory=list)  # a place qualifier's level
    ref_cluster: dict[str, int] = field(default_factory=dict)  # reference code -> cluster
    ref_groups: dict[str, StateBody] = field(default_factory=dict)  # code -> reference group
    plural_codes: dict[str, str] = field(default_factory=dict)  # plural's key -> group code
    issuer: str = ""  # the plan's issuer as printed (PlanIdentity.issuer)


def suggest_registry(cells: list[str], *, issuer: str = "") -> tuple[list[Unit], list[UnitGroup]]:
    """Propose a registry from a plan's unit cells, for a person to review in Excel.

    Fragments are clustered: first by ``match_key`` (``Phòng VH-TT`` = ``phòng VHTT quận``),
    then by similarity on the folded text with abbreviations expanded (``Phòng LĐTBXH`` ~
    ``Phòng Lao động TBXH`` ~ ``Phòng TBXH LĐ``; ``UB MTTQ`` ~ ``Ủy ban MTTQ``; typos via
    rapidfuzz). A cluster's most frequent spelling becomes the name, the others aliases, and
    a code is proposed from the initials. ``phường X`` (and names listed after ``các
    phường:``) become ward units; ``UBND các phường``/``14 phường`` the wards group; names
    ending in ``phường`` ward-level bodies (resolved to the wards); political-social
    organisation phrases a group of the organisations found; vague phrases (``liên quan``,
    ``trên địa bàn``) an ignore group. ``issuer`` is the plan's issuing body as printed
    (``PlanIdentity.issuer``): a department's or a ministry's own rooms take its level, and a
    plan that names nothing with a level takes its level. The output is sorted
    deterministically."""
    counts = Counter(t for t, _ in unit_fragments(cells))
    listed_wards = {t for t, w in unit_fragments(cells) if w}
    spellings = sorted(counts, key=lambda s: (-counts[s], fold(s), s))
    people, roles, bodies, committees = _people_and_bodies(spellings, listed_wards)
    d = _Draft(listed_wards=listed_wards, committees=committees, issuer=issuer)
    ref = reference()
    for s in list(dict.fromkeys(bodies)):
        taken, hit = _take_as_ward_or_group(d, s, ref)
        if not taken:
            _add_to_cluster(d, s, hit, ref)
    _attach_roles(roles, d.clusters, d.group_aliases, d.ward_aliases)
    if people:
        d.group_aliases[PEOPLE_GROUP].extend(people)
    _units_own_group_spellings(d)
    codes = _Codes(d)
    units = _ward_units(d, codes)
    default_level, ctxh_members, ref_members = _cluster_units(d, codes, units, issuer_level(issuer))
    names = _group_names(d, default_level, ctxh_members, ref_members, units)
    groups = _draft_groups(d, names)
    _bare_aliases(units)
    units.sort(key=lambda u: (LEVELS.index(u.level), u.code))
    return units, groups


# "Hội đồng tự đánh giá theo quyết định số 21/QĐ- ĐHVN ban hành ngày 10/01/2025" (plan of
# Trường Đại học Việt Nhật, 2026): the decision that set the body up is no part of its name
_DECISION_TAIL_RE = re.compile(
    r"\s+(?:theo|tại)\s+(?:quyết\s+định|qđ)\s+(?:số\s+)?\d+\s*/\s*(?:qđ|qd)\b.*$", re.I
)


# "Ủy ban Đối ngoại (Văn phòng Quốc hội phối hợp chuẩn bị)" (Nghị quyết 1339/NQ-UBTVQH15):
# who helps, in brackets, is no part of the body's name
_ROLE_REMARK_RE = re.compile(r"\s*\((?=[^()]*\b(?:phối hợp|chủ trì)\b)[^()]*\)\s*$", re.I)


# "Cục CNTT Admin", "Cục CNTT Lánh đạo" (sic): accounts of a body in Bộ GD&ĐT's task
# software (2017), the body itself
_ACCOUNT_TAIL_RE = re.compile(r"\s+(?:lãnh đạo|lánh đạo|admin)$", re.I)


def _decided_body(s: str) -> str:
    """The body's name without the decision that set it up or a remark in brackets on who
    helps it; "" when none is written."""
    m = _DECISION_TAIL_RE.search(s) or _ROLE_REMARK_RE.search(s) or _ACCOUNT_TAIL_RE.search(s)
    if m is None or len(s[: m.start()].split()) < 2 or _head_word(s) not in UNIT_HEADS:
        return ""
    if _head_word(s) == "cac":
        return ""
    return s[: m.start()].rstrip(" ,;-")


# the decision's number: "21/QĐ- ĐHVN" -> "QĐ 21/QĐ-ĐHVN"
_DECISION_NO_RE = re.compile(r"(\d+)\s*/\s*(?:qđ|qd)(?:\s*-\s*([^\s,;.()]+))?", re.I)
_DECISION_TAG_RE = re.compile(r"\s*\(QĐ (\d+)/QĐ[^()]*\)")


def _decision_tag(s: str) -> str:
    """A short tag of the decision written after a body (``QĐ 21/QĐ-ĐHVN``), "" if none."""
    tail = _DECISION_TAIL_RE.search(s)
    m = _DECISION_NO_RE.search(tail.group(0)) if tail else None
    if m is None:
        return ""
    return f"QĐ {m.group(1)}/QĐ" + (f"-{m.group(2)}" if m.group(2) else "")


def _decided_names(spellings: list[str]) -> dict[str, str]:
    """The body's name for each spelling that writes a decision or a remark after it. One
    name set up by several decisions is several bodies ("Hội đồng tự đánh giá theo quyết
    định số 21/QĐ-ĐHVN …", 22/QĐ, 869/QĐ: one council per programme, plan of Trường Đại học
    Việt Nhật, 2026): each keeps a short tag of its decision, ``Hội đồng tự đánh giá (QĐ
    21/QĐ-ĐHVN)``."""
    decided = {s: d for s in spellings if (d := _decided_body(s))}
    tags: dict[str, set[str]] = defaultdict(set)
    for s, d in decided.items():
        if _decision_tag(s):
            tags[fold(d)].add(_decision_tag(s))
    return {
        s: f"{d} ({_decision_tag(s)})" if len(tags[fold(d)]) > 1 and _decision_tag(s) else d
        for s, d in decided.items()
    }


def _people_and_bodies(
    spellings: list[str], listed_wards: set[str]
) -> tuple[list[str], dict[str, list[str]], list[str], set[str]]:
    """People are no units: a leader's title stands for the body it leads (an alias of that
    body's unit or group), anyone else goes to an ignored group of people. Returns the
    people, the titles per body, the bodies' spellings and the provinces' committees."""
    people: list[str] = []
    roles: dict[str, list[str]] = defaultdict(list)  # the body -> the titles written for it
    bodies: list[str] = []
    committees: set[str] = set()
    # a two-word name ("Cao Tien") is a person's beside other people named in full
    short = any(personal_name(s) for s in spellings if s not in listed_wards)
    decided_names = _decided_names(spellings)
    for s in spellings:
        # a province named alone ("An Giang", "Thành phố Hà Nội") stands for its People's
        # Committee: an alias of that unit, like a leader's title
        committee = "" if s in listed_wards else province_committee(s)
        if committee:
            roles[committee].append(s)
            bodies.append(committee)
            committees.add(committee)
            continue
        decided = decided_names.get(s, "")
        if decided:
            roles[decided].append(s)
            bodies.append(decided)
            continue
        person, body = (False, "") if s in listed_wards else person_role(s)
        if not person and s not in listed_wards and personal_name(s, short=short):
            person = True
        if person and not body:
            people.append(s)
        elif person:
            roles[body].append(s)
            bodies.append(body)
        else:
            bodies.append(s)
    return people, roles, bodies, committees


def _vague(s: str, ref) -> bool:
    """Vague, or a remark in parentheses / a sentence: no unit of its own."""
    # a phrase in lower case that starts with no unit's head word ("quân đội", "lực
    # lượng vũ trang") and is no known name names nobody in particular
    loose = s[:1].islower() and _head_word(s) not in _LOWER_HEADS and ref.lookup(s) is None
    if _ADVISORY_RE.match(fold(s)):
        return False  # a committee's advisory bodies: a group to fill
    return bool(
        _VAGUE_RE.search(fold(_PAREN_RE.sub(" ", s)))
        or (_NONSTATE_RE.search(fold(s)) and ref.lookup(s) is None)
        or _REMARK_RE.match(s)
        or len(_PAREN_RE.sub(" ", s).split()) > 20  # a remark in brackets may be long
        or loose
        or _group_clause(s)
        or _generic_list(s)
    )


def _generic_list(s: str) -> bool:
    """Kinds of bodies or people listed, none named: ``tổ chức, cá nhân`` (Kế hoạch
    0129/KH-UBND of 2025, Đắk Lắk: "Doanh nghiệp, cộng đồng, tổ chức, cá nhân"), ``cơ quan,
    đơn vị`` — two or more generic phrases, each maybe after ``các``."""
    pieces = [fold(p) for p in re.split(r"\s*,\s*|\s+và\s+", nfc(s).strip(), flags=re.I)]
    return len(pieces) > 1 and all(p.removeprefix("cac ") in _GENERIC_PHRASES for p in pieces)


def _take_as_ward_or_group(d: _Draft, s: str, ref) -> tuple[bool, Match | None]:
    """Put a spelling with the wards or a group, if it is one (True); else give the
    reference body it is, if any, for clustering."""
    base, quals = _split_qualifiers(s)
    fb = " ".join(w for w in fold(base).split())
    m = _WARD_NAME_RE.search(nfc(s))
    if s in d.listed_wards or (m and not fold(s).startswith("cac")):
        name = nfc(m.group(1)) if m else s
        d.ward_aliases[fold(name)].append(s)
        d.ward_names.setdefault(fold(name), name)
        return True, None
    gcode = ""
    if _WARDS_GROUP_RE.match(fold(s)):
        gcode = "PHUONG"
    elif _vague(s, ref):
        gcode = "LIENQUAN"
    elif _PARTY_CELLS_RE.match(fb) and QUAL_WARD not in quals:
        gcode = "CS-DANG"
    elif _CTXH_RE.search(fb):
        gcode = "CS-PHUONG" if QUAL_WARD in quals else "CTXH"
    if gcode:
        d.group_aliases[gcode].append(s)
        return True, None
    ward_hit = ref.lookup(s)
    if ward_hit is not None and _REF_GROUPS.get(ward_hit.body.code) == "PHUONG":
        # "UBND các xã, phường", "Ủy ban nhân dân các xã": the commune committees
        d.group_aliases["PHUONG"].append(s)
        return True, None
    hit = ward_hit or _country_typo(s)
    gcode = _hit_or_plural_group(d, s, hit, quals, fb)
    if gcode:
        d.group_aliases[gcode].append(s)
        return True, None
    return False, hit


def _hit_or_plural_group(d: _Draft, s: str, hit: Match | None, quals: set[str], fb: str) -> str:
    """The group of a ward-level body, a reference group or a plural phrase; "" if none."""
    if (QUAL_WARD in quals or re.search(r"\bco so(?:$| (?:doan|hoi|dang))", fb)) and not (
        # "UBND các xã, phường": the communes' and wards' committees (a reference
        # group), not the ward-level organisations
        hit is not None and hit.body.is_group
    ):
        return "CS-PHUONG"
    if hit is not None and hit.body.is_group:
        gcode = _REF_GROUPS.get(hit.body.code, hit.body.code.removeprefix("G-"))
        d.ref_groups.setdefault(gcode, hit.body)
        return gcode
    if hit is None and _VILLAGES_RE.search(fold(s)):
        s_key = match_key(_VILLAGES_RE.sub(r" cac \1", fold(s)))
        return d.plural_codes.setdefault(s_key, "G-" + _propose_code(s))
    # "UBND 06 thành phố trực thuộc trung ương" (Thông báo 624/TB-VPCP of 2025): a number
    # of provinces or cities is a plural
    counted = _COUNTED_RE.sub("cac ", fold(s))
    if hit is None and (
        _PLURAL_RE.search(counted)
        or _LEADING_PLURAL_RE.match(fold(s))
        # "Đài Truyền hình tại địa phương": each province's station
        or (fold(s).endswith(" tai dia phuong") and _head_word(s) in UNIT_HEADS)
        # "Ban Chỉ huy Phòng thủ dân sự cấp xã" (Kế hoạch 980/KH-UBND of 2025, Nghệ An): every
        # commune's board, as "UBND cấp xã" is every commune's committee
        or (_LOWER_LEVEL_RE.search(fb) and _head_word(s) in UNIT_HEADS)
    ):
        # "Các quân khu", "Hội Cựu chiến binh các cấp", "Ủy ban nhân dân các tỉnh": many
        # bodies, none named — a group of its own, for the office to fill
        # the party's boards, whatever committee written after them ("QU", "Quận ủy"): one
        key = "cacbanxaydungdang" if _PARTY_BOARDS_RE.match(fold(s)) else match_key(s)
        return d.plural_codes.setdefault(key, "G-" + _propose_code(s))
    return ""


def _short_keys(s: str) -> set[str]:
    """The keys of a name's other forms, from the abbreviation in brackets that ends it:
    ``Phòng Khảo thí và Đảm bảo chất lượng (KT&ĐBCL)`` is also ``Phòng KT&ĐBCL``,
    ``KT&ĐBCL`` and the name without brackets, ``Khoa Công nghệ và kỹ thuật tiên tiến (FATE)`` also ``Khoa FATE`` (plan of
    Trường Đại học Việt Nhật, 2026)."""
    m = _ABBR_PAREN_RE.search(s)
    if m is None or s[m.end() :].strip() or not _abbreviation(m.group(1)):
        return set()
    words = s[: m.start()].split()
    keys = {match_key(" ".join([*words[:k], m.group(1)])) for k in range(3)}
    return (keys | {match_key(s[: m.start()])}) - {""}


def _abbreviated_name(cluster: list[str]) -> tuple[str, str]:
    """The full name of a cluster holding a name with its abbreviation in brackets, without
    the brackets (the spellings with the abbreviation are its aliases), and the code the
    abbreviation proposes (``KTDBCL``); ("", "") if none."""
    for sp in cluster:
        m = _ABBR_PAREN_RE.search(sp)
        if _short_keys(sp) and m is not None:
            return sp[: m.start()].rstrip(" ,-"), re.sub(r"[^A-Z0-9]", "", fold(m.group(1)).upper())
    return "", ""


# "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, thành phố trực thuộc Trung
# ương" (Quyết định 4385/QĐ-BVHTTDL of 2025): each province's body; "Viện Văn hóa, Nghệ thuật,
# Thể thao và Du lịch Việt Nam" (same plan): a national one
_PROVINCES_TAIL_RE = re.compile(r"\stinh,? thanh pho(?: truc thuoc (?:trung uong|tw))?$")


def _name_level(s: str) -> str:
    """The level a name's own words give: a place qualifier or party committee at its end
    (``place_level``), the provinces (province) or, after a body's head word, ``Việt Nam``
    (national); else ``""``."""
    level = place_level(s)
    folded = " ".join(fold(s).split())
    if not level and _PROVINCES_TAIL_RE.search(folded):
        level = LEVEL_PROVINCE
    if _private_company(s):
        return LEVEL_EXTERNAL
    if not level and folded.endswith(" viet nam") and _head_word(s) in UNIT_HEADS:
        level = LEVEL_NATIONAL  # a body's name ("Viện …"), never an event's ("Race Việt Nam")
    if not level:
        level = _place_name_level(s)
    if not level and _regional(s):
        # "Ngân hàng Nhà nước chi nhánh khu vực 14", "Kho bạc nhà nước khu vực XI", "Chi cục
        # Hải quan khu vực XIX" (Cần Thơ, Nghệ An 2025): a national body's regional branch,
        # one for a few provinces, which works with each province's bodies
        level = LEVEL_PROVINCE
    m = _OWN_DEPARTMENT_RE.search(nfc(s)) if not level else None
    if m is not None:
        # "Văn phòng Sở", "Thanh tra Sở" (Kế hoạch 2011 of Sở TT&TT Phú Thọ; Đề án 08 of Sở
        # Công Thương Lào Cai, 2026): a room of the department writing the plan, at its level
        level = LEVEL_PROVINCE if fold(m.group(1)) == "so" else LEVEL_NATIONAL
    return level


_REGIONAL_RE = re.compile(r"\skhu vuc\s+(?:[ivxlc]+|\d{1,2})$")

# a name that is a place and nothing else: "Huyện An Lão", "Thị xã Hoài Nhơn", "Thành phố
# Quy Nhơn", "Xã An Hòa" (Quyết định 518 of UBND tỉnh Bình Định, 2023: the districts a
# province's plan gives funds to). The place's words give its level whatever else the plan
# names ("Sở Y tế" beside them does not make them the province's). A centrally-run city
# ("Thành phố Cần Thơ") is its province's committee (``province_committee``), read before.
_PLACE_NAME_RE = re.compile(
    r"^(?P<district>(?i:huyện|quận|thị\s+xã|thành\s+phố))"
    r"|^(?P<ward>(?i:xã|phường|thị\s+trấn))"
)
_PLACE_WORD_RE = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ'-]*|\d{1,2})$")


def _place_name_level(s: str) -> str:
    """The level of a name that is only a place (a head of place and proper words, at most
    four): district for ``Huyện``, ``Quận``, ``Thị xã``, a provincial ``Thành phố``; ward for
    ``Xã``, ``Phường``, ``Thị trấn``; else ``""``."""
    text = " ".join(nfc(s).split())
    m = _PLACE_NAME_RE.match(text)
    if m is None:
        return ""
    rest = text[m.end() :].split()
    if not 1 <= len(rest) <= 4 or not all(_PLACE_WORD_RE.match(w) for w in rest):
        return ""
    if m.group("district") and province_committee(text):
        return LEVEL_PROVINCE
    return LEVEL_DISTRICT if m.group("district") else LEVEL_WARD


def _regional(s: str) -> bool:
    return bool(_REGIONAL_RE.search(" ".join(fold(s).split())))


# a room named with the bare head of the body it belongs to, the plan's own department or
# ministry: "Văn phòng Sở", "Thanh tra Bộ" (never "cơ quan ngang bộ": a capital)
_OWN_DEPARTMENT_RE = re.compile(
    r"^(?:Văn\s+phòng|Thanh\s+tra|Lãnh\s+đạo|Phòng\s+\S.*)\s+(Sở|SỞ|Bộ|BỘ)$"
)
# a company with private shareholders: "Công ty Cổ phần Công nghệ Tin học EFY Việt Nam" (the
# software's vendor, Sở TT&TT Phú Thọ, 2011) is named in tasks, no state body of any level
_PRIVATE_COMPANY_RE = re.compile(
    r"^(?:cac\s+)?(?:cong ty\s+(?:co phan|cp|tnhh|trach nhiem huu han)|ctcp|cty\s+(?:cp|tnhh))\b"
)


def _private_company(s: str) -> bool:
    return bool(_PRIVATE_COMPANY_RE.match(" ".join(fold(s).split())))


def _trailing_province(text: str) -> str:
    """The People's Committee of the province a name ends with (``SỞ GDĐT An Giang``), or
    ``""``: the head before it is kept (a province alone is its committee)."""
    words = nfc(text).split()
    for k in range(min(5, len(words) - 1), 0, -1):
        found = province_committee(" ".join(words[-k:]))
        if found:
            return found
    return ""


def _spaced_head(text: str) -> str:
    """A department's name typed with its words glued (``SỞGDĐT Hậu Giang``,
    ``SỞGDĐTHòa Bình``: Bộ GD&ĐT's task list, 2017) with them apart (``SỞ GDĐT Hòa Bình``);
    any other text as it is."""
    words = nfc(text).split(maxsplit=1)
    first = words[0] if words else ""
    if not (first[:2] in ("SỞ", "Sở") and first[2:3].isupper()):
        return text
    rest = first[2:]
    # a capital after capitals, itself before a small letter, starts a word ("…ĐTHòa")
    cut = next(
        (i for i in range(1, len(rest) - 1) if rest[i - 1].isupper() and rest[i].isupper()
         and rest[i + 1].islower()),
        len(rest),
    )  # fmt: skip
    first = " ".join(x for x in (first[:2], rest[:cut], rest[cut:]) if x)
    return " ".join([first, *words[1:]])


_INITIALS_RE = re.compile(r"\b\w*[A-ZĐ]\w*[A-ZĐ]\w*")


def _distinct_initials(a: str, b: str) -> bool:
    """Two abbreviations with the same capitals that a lower-case letter tells apart: ``Vụ
    GDTrH`` (Giáo dục Trung học) and ``Vụ GDTH`` (Giáo dục Tiểu học) of Bộ GD&ĐT's task
    lists (2017) are two departments, never a typo of one (``Phòng KT&ĐCL`` for ``Phòng
    KT&ĐBCL`` drops a capital: a typo)."""
    ta, tb = set(_INITIALS_RE.findall(a)), set(_INITIALS_RE.findall(b))
    return any(
        x != y and re.sub(r"[^A-ZĐ]", "", x) == re.sub(r"[^A-ZĐ]", "", y)
        for x in ta - tb
        for y in tb - ta
    )


def _issuer_place_keys(s: str, issuer: str) -> set[str]:
    """The keys of a name without its place when that place is the issuer's own: in the plan
    of Ủy ban nhân dân tỉnh Đồng Tháp, ``Ban Quản lý khu Kinh tế tỉnh Đồng Tháp`` is also
    ``Ban Quản lý khu Kinh tế`` and ``Ban Quản lý khu Kinh tế tỉnh``; in a district's plan
    ``UBND huyện Mai Sơn`` is its ``UBND huyện``, and a name with the issuer's level word
    alone (``… tỉnh`` in a province's plan) the name without it. Another place (``UBND
    huyện Mai Sơn`` in the province's plan, where ``UBND huyện`` is every district's) gives
    none."""
    base, qual, level = split_place(s) if issuer else (s, "", "")
    words = qual.split()
    n_level = next((k for k, w in enumerate(words) if w[:1].isupper()), len(words))
    if not base or n_level == 0:
        return set()
    if n_level == len(words):
        # the level word alone, the issuer's level: "Trung tâm Xúc tiến Đầu tư, Thương mại và
        # Du lịch tỉnh" in the province's plan is its "Trung tâm Xúc tiến …"
        own = level and level == issuer_level(issuer)[0]
        return {match_key(base)} - {""} if own else set()
    if f" {' '.join(fold(qual).split())} " not in f" {' '.join(fold(issuer).split())} ":
        return set()
    return {match_key(base), match_key(f"{base} {' '.join(words[:n_level])}")} - {""}


def _add_to_cluster(d: _Draft, s: str, hit: Match | None, ref) -> None:
    """A body's spelling joins the cluster of its body, or opens one."""
    key = match_key(s)
    short = _short_keys(s) | _issuer_place_keys(s, d.issuer)
    words = _compare_words(s)
    emb = hit or ref.find_in(s)
    # "SỞ GDĐT An Giang" / "SỞ GDĐT Bắc Giang" (Bộ GD&ĐT's task list, 2017): the same body
    # of two provinces, two units however alike the words
    province = _trailing_province(_spaced_head(s))
    qual_level = LEVEL_PROVINCE if s in d.committees else _name_level(s)
    # one official body, one cluster (Bộ KH&CN = Bộ Khoa học và Công nghệ); two
    # different official bodies never share a cluster, however similar
    # … and one body of two provinces never either ("SỞ GDĐT TP Hà Nội", "… TP Hồ Chí Minh")
    ref_code = f"{hit.body.code}@{province}" if hit is not None else ""
    target = d.ref_cluster.get(ref_code) if hit is not None else None
    if target is None:
        for i in range(len(d.clusters)):
            other = d.cluster_emb[i]
            apart = (
                (emb is not None and other is not None and other.body.code != emb.body.code)
                or (
                    bool(province)
                    and any(_trailing_province(o) not in ("", province) for o in d.clusters[i])
                )
                or any(_distinct_initials(s, o) for o in d.clusters[i])
            )
            if (
                key in d.cluster_keys[i]
                or short & d.cluster_keys[i]
                or (
                    not apart
                    and (
                        any(_similar(words, w) for w in d.cluster_words[i])
                        or any(
                            _typo_pair(s, o) or _shortened_pair(s, o) or _word_twin(s, o)
                            for o in d.clusters[i]
                        )
                    )
                )
            ):
                target = i
                break
    if target is None:
        d.clusters.append([s])
        d.cluster_keys.append({key, *short})
        d.cluster_words.append([words])
        d.cluster_ref.append(hit)
        d.cluster_emb.append(emb)
        d.cluster_qual.append(qual_level)
        if hit is not None:
            d.ref_cluster[ref_code] = len(d.clusters) - 1
        return
    d.clusters[target].append(s)
    d.cluster_keys[target] |= {key, *short}
    d.cluster_words[target].append(words)
    if hit is not None and d.cluster_ref[target] is None:
        d.cluster_ref[target] = hit
        d.ref_cluster[ref_code] = target
    if emb is not None and d.cluster_emb[target] is None:
        d.cluster_emb[target] = emb
    d.cluster_qual[target] = d.cluster_qual[target] or qual_level


def _units_own_group_spellings(d: _Draft) -> None:
    """A spelling that is also a unit's, in other case ("cơ sở khám bệnh, chữa bệnh" beside
    "Cơ sở khám bệnh, chữa bệnh", Quyết định 844/QĐ-TTg of 2026) is that unit's: one name
    on two rows would make the registry unreadable."""
    for gcode in list(d.group_aliases):
        kept = []
        for sp in d.group_aliases[gcode]:
            owner = next(
                (i for i, keys in enumerate(d.cluster_keys) if match_key(sp) in keys), None
            )
            if owner is None:
                kept.append(sp)
            elif sp not in d.clusters[owner]:
                d.clusters[owner].append(sp)
        if kept:
            d.group_aliases[gcode] = kept
        else:
            # "Các quân khu" beside "Quân khu" (one key: "các" is ignored): the unit has the
            # spelling, and the plural group, left with none, is no group at all
            del d.group_aliases[gcode]
            d.plural_codes = {k: c for k, c in d.plural_codes.items() if c != gcode}


class _Codes:
    """Proposed codes, never one used twice and never one that matches another unit's
    spelling (codes are matched like names)."""

    def __init__(self, d: _Draft) -> None:
        self.used: set[str] = {
            "PHUONG", "CS-PHUONG", "CTXH", "LIENQUAN", PEOPLE_GROUP, *d.ref_groups
        }  # fmt: skip
        # every spelling's key -> its owner
        self.key_owner: dict[str, str] = {}
        for folded, spelled in d.ward_aliases.items():
            for sp in [*spelled, d.ward_names[folded], f"phường {d.ward_names[folded]}"]:
                self.key_owner.setdefault(match_key(sp), f"w:{folded}")
        for i, cl in enumerate(d.clusters):
            for sp in cl:
                self.key_owner.setdefault(match_key(sp), f"c:{i}")
        for gcode, spelled in d.group_aliases.items():
            for sp in spelled:
                self.key_owner.setdefault(match_key(sp), f"g:{gcode}")

    def new(self, proposed: str, owner: str) -> str:
        code, n = proposed, 2
        while code in self.used or self.key_owner.get(match_key(code), owner) != owner:
            code, n = f"{proposed}{n}", n + 1
        self.used.add(code)
        return code


def _alias_order(items: Iterable[str]) -> list[str]:
    return sorted(set(items), key=lambda a: (fold(a), a))


def _ward_units(d: _Draft, codes: _Codes) -> list[Unit]:
    units = []
    for folded in sorted(d.ward_names):
        name = d.ward_names[folded]
        full = f"UBND phường {name}"
        units.append(
            Unit(
                code=codes.new("P-" + folded.replace(" ", "").upper(), f"w:{folded}"),
                name=full,
                level=LEVEL_WARD,
                groups=["PHUONG", "CS-PHUONG"],
                aliases=_alias_order({name, f"phường {name}", *d.ward_aliases[folded]} - {full}),
            )
        )
    return units


def _cluster_units(
    d: _Draft, codes: _Codes, units: list[Unit], issuer: tuple[str, str] = ("", "")
) -> tuple[str, list[str], dict[str, list[str]]]:
    """A unit per cluster (appended to ``units``); returns the plan's default level, the
    political-social organisations found and the members of the reference groups.
    ``issuer`` is the level of the plan's issuer and whether it is a department or a ministry
    (``statebodies.issuer_level``)."""
    ctxh_members: list[str] = []
    ref_members: dict[str, list[str]] = defaultdict(list)
    # a name the reference list does not know takes the level most official bodies of the
    # plan have (a ministry's plan: national; a district's: district)
    known_levels = [
        _placed(e, q, cl) if e is not None else q or _ministry_level(cl[0])
        for e, q, cl in zip(d.cluster_emb, d.cluster_qual, d.clusters, strict=True)
    ]
    # (a company, external, says nothing of the plan's level; nor does a national body's
    # regional branch, province level in any plan that names it; nor a place named alone,
    # "Huyện An Lão" in a province's plan, which is whom the plan addresses, not its peers)
    hit_levels = Counter(
        lv
        for lv, cl in zip(known_levels, d.clusters, strict=True)
        if lv
        and lv != LEVEL_EXTERNAL
        and not any(_regional(sp) or _place_name_level(sp) for sp in cl)
    )
    # with nothing of a known level, the issuer's level (a Sở's plan naming only its rooms,
    # "Phòng Công nghệ thông tin", "Trung tâm CNTT Tây Bắc"), else the district's
    default_level = issuer[0] or LEVEL_DISTRICT
    if hit_levels:
        top = max(hit_levels.values())
        default_level = next(lv for lv in LEVELS if hit_levels.get(lv) == top)
    for i, cl in enumerate(d.clusters):
        hit = d.cluster_ref[i]
        level = known_levels[i] or default_level
        if not known_levels[i] and issuer[1] and _issuer_room(cl, issuer[1]):
            # a department's (ministry's) own room in its plan: "Phòng Quản lý Công
            # nghiệp" of Sở Công Thương, at the Sở's level whatever the plan's other bodies
            level = issuer[0]
        spaced = _spaced_head(cl[0])
        if not known_levels[i] and _head_word(spaced) == "so" and _trailing_province(spaced):
            # "SỞ GDĐT An Giang" in a ministry's list: a province's department (no vote
            # for the plan's level: 63 of them do not make Bộ GD&ĐT's plan a province's),
            # glued too ("SỞGDĐT Hậu Giang", "SỞGDĐTHòa Bình")
            level = LEVEL_PROVINCE
        proposed = _propose_code(spaced)
        if hit is not None:
            level = _placed(hit, d.cluster_qual[i], cl)
            if level in (LEVEL_NATIONAL, LEVEL_PROVINCE):
                proposed = hit.body.code
        full, abbr = _abbreviated_name(cl) if hit is None else ("", "")
        code = codes.new(abbr or proposed, f"c:{i}")
        name, others = _official_name(cl, hit)
        if full:
            name, others = full, [sp for sp in cl if sp != full]
        units.append(Unit(code=code, name=name, level=level, aliases=_alias_order(others)))
        if _CTXH_MEMBER_RE.search(" ".join(_compare_words(cl[0]))) and _head_word(cl[0]) != "quân":
            ctxh_members.append(code)
        if hit is not None:
            for gcode, gbody in d.ref_groups.items():
                if hit.body.kind in gbody.stands_for and (
                    gbody.level == LEVEL_NATIONAL or level == gbody.level
                ):
                    ref_members[gcode].append(code)
    return default_level, ctxh_members, ref_members


# the head words of a department's or a ministry's own rooms (folded first words): "Phòng
# …", "Văn phòng Sở", "Thanh tra Sở", "Trung tâm …" of a Sở; "Vụ …", "Cục …" of a Bộ
_ROOM_HEADS = {
    "so": {"phong", "van", "thanh", "trung"},
    "bo": {"vu", "cuc", "van", "thanh", "vien"},
}


def _issuer_room(spellings: list[str], issuer_kind: str) -> bool:
    """Whether a cluster the reference list does not place is a room of the department
    (``so``) or ministry (``bo``) that issued the plan: a room's head word and no place
    (``Phòng Công nghệ thông tin``, not ``Phòng Y tế huyện``, which has its level already)."""
    return _head_word(spellings[0]) in _ROOM_HEADS.get(issuer_kind, set()) and not any(
        place_level(sp) for sp in spellings
    )


def _placed(hit: Match, qual_level: str, spellings: list[str]) -> str:
    """A local body's level: its place when one spelling of the cluster names it, though the
    first spelling does not ("Ủy ban MTTQ" beside "Ủy ban MTTQ tỉnh", Chương trình hành
    động of Tỉnh ủy Thái Nguyên, 2025: the province's, not the district's by default)."""
    if qual_level and not hit.qualifier and hit.body.kind in LOCAL_KINDS:
        return qual_level
    if any(_regional(sp) for sp in spellings):
        # "Ngân hàng nhà nước khu vực XII" is no national body, though it names one
        return LEVEL_PROVINCE
    return hit.level


def _group_names(
    d: _Draft,
    default_level: str,
    ctxh_members: list[str],
    ref_members: dict[str, list[str]],
    units: list[Unit],
) -> dict[str, tuple[str, list[str]]]:
    """Each group's name and members."""
    names = {
        "PHUONG": ("UBND các phường", []),
        "CS-PHUONG": ("Các tổ chức cơ sở phường", []),
        "CS-DANG": ("Các chi bộ, đảng bộ cơ sở", []),
        "CTXH": (_ctxh_name(default_level, d.group_aliases.get("CTXH", [])), sorted(ctxh_members)),
        "LIENQUAN": ("Các phòng, ban, đơn vị liên quan", []),
        PEOPLE_GROUP: ("Cá nhân được phân công (không phải đơn vị)", []),
    }
    if d.group_aliases.get("PHUONG") and not d.ward_names:
        # no ward listed: the group is named for what the plan's phrases cover ("UBND các xã,
        # phường, đặc khu", Lâm Đồng 2025: every commune, ward and the special zone)
        said = set(" ".join(fold(a) for a in d.group_aliases["PHUONG"]).split())
        if "dac" in said:
            names["PHUONG"] = ("UBND các xã, phường, đặc khu", [])
        elif "xa" in said:
            names["PHUONG"] = ("UBND các xã, phường", [])
    for gcode, gbody in d.ref_groups.items():
        names.setdefault(gcode, (gbody.name, sorted(ref_members[gcode])))
    unit_keys = {match_key(sp): u.code for u in units for sp in (u.name, *u.aliases)}
    for gcode in dict.fromkeys(d.plural_codes.values()):
        # "Hội Cựu chiến binh các cấp" holds "Hội Cựu chiến binh" when the plan names it too
        # (every plural code has its spelling: _units_own_group_spellings drops the code of a
        # group it empties)
        name = d.group_aliases[gcode][0]
        member = unit_keys.get(match_key(re.sub(r"(?i)\s+các\s+cấp\s*$", "", name)))
        names.setdefault(gcode, (name, [member] if member else []))
    return names


def _draft_groups(d: _Draft, names: dict[str, tuple[str, list[str]]]) -> list[UnitGroup]:
    groups: list[UnitGroup] = []
    wanted = set(d.group_aliases) | ({"PHUONG", "CS-PHUONG"} if d.ward_names else set())
    for gcode in sorted(wanted):
        name, members = names[gcode]
        groups.append(
            UnitGroup(
                code=gcode,
                name=name,
                aliases=[a for a in _alias_order(d.group_aliases.get(gcode, [])) if a != name],
                members=members,
                # vague phrases, and reference groups that name nobody in particular
                # ("Các sở, ban, ngành và địa phương")
                ignore=gcode in ("LIENQUAN", PEOPLE_GROUP)
                or (gcode in d.ref_groups and d.ref_groups[gcode].ignore),
            )
        )
    return groups


def _bare_aliases(units: list[Unit]) -> None:
    """``UBND xã`` named from ``Thường trực HĐND, UBND, … xã`` keeps its bare spelling as an
    alias, so that the plan's cell resolves on import (unless another unit has it)."""
    spelled = {match_key(sp) for u in units for sp in (u.name, *u.aliases)}
    for u in units:
        m = re.match(r"^(.*\S)\s+(?:xã|phường|thị trấn)$", u.name)
        if m and _BARE_LOCAL_RE.match(" ".join(fold(m.group(1)).split())):
            if match_key(m.group(1)) not in spelled and m.group(1) not in u.aliases:
                u.aliases.append(m.group(1))
