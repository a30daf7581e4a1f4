"""The data model: plain dataclasses that every module passes around.

The master workbook (``sheettools.store``) is the canonical store of these objects; every
sheet row maps to one object. Lists are stored in cells joined by ``"; "``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The six statuses of a unit's report (DOMAIN.md), spelled exactly so.
STATUSES: tuple[str, ...] = (
    "Chưa triển khai",
    "Đang thực hiện",
    "Hoàn thành",
    "Hoàn thành trước hạn",
    "Chậm tiến độ",
    "Không thực hiện",
)
DONE_STATUSES: frozenset[str] = frozenset({"Hoàn thành", "Hoàn thành trước hạn"})
STATUS_EN: dict[str, str] = {
    "Chưa triển khai": "Not started",
    "Đang thực hiện": "In progress",
    "Hoàn thành": "Done",
    "Hoàn thành trước hạn": "Done early",
    "Chậm tiến độ": "Behind schedule",
    "Không thực hiện": "Dropped",
}

ROLE_LEAD = "lead"  # Chủ trì
ROLE_COORD = "coord"  # Phối hợp
ROLE_LABELS = {ROLE_LEAD: ("Chủ trì", "Lead"), ROLE_COORD: ("Phối hợp", "Coordinating")}

KIND_GROUP = "group"
KIND_TASK = "task"
KIND_SUBITEM = "subitem"

LEVEL_NATIONAL = "national"  # ministries, National Assembly bodies, central organisations
LEVEL_PROVINCE = "province"  # provincial departments (Sở …) and bodies
LEVEL_DISTRICT = "district"
LEVEL_WARD = "ward"
LEVEL_EXTERNAL = "external"  # named in the plan, never sent a workbook
UNIT_LEVELS = (LEVEL_NATIONAL, LEVEL_PROVINCE, LEVEL_DISTRICT, LEVEL_WARD, LEVEL_EXTERNAL)
LEVEL_CHOICES = (
    "national (trung ương), province (tỉnh), district (huyện), ward (xã, phường), external (ngoài)"
)
# the levels as a person may type them in the units sheet (folded: no marks, no punctuation): the names the web page
# shows (``desk.UNIT_LEVEL_NAMES``) and the usual words for each level
_LEVEL_WORDS = {
    "trung uong": LEVEL_NATIONAL, "quoc gia": LEVEL_NATIONAL,
    "tinh": LEVEL_PROVINCE, "tinh thanh pho": LEVEL_PROVINCE,
    "huyen": LEVEL_DISTRICT, "quan": LEVEL_DISTRICT, "quan huyen": LEVEL_DISTRICT,
    "xa": LEVEL_WARD, "phuong": LEVEL_WARD, "xa phuong": LEVEL_WARD,
    "ngoai": LEVEL_EXTERNAL, "ngoai khong bao cao": LEVEL_EXTERNAL,
}  # fmt: skip


def unit_level(text: str) -> str:
    """A unit level as stored (``district``) from what a person typed in the units sheet:
    the stored code in any case, or its Vietnamese name (``huyện``, ``xã, phường``, ``ngoài``).
    Anything else comes back as typed, for the check to refuse with the list."""
    from .textutil import fold

    key = " ".join(fold(text).split())
    return key if key in UNIT_LEVELS else _LEVEL_WORDS.get(key, text)


REPORTING_LEVELS = frozenset({LEVEL_NATIONAL, LEVEL_PROVINCE, LEVEL_DISTRICT, LEVEL_WARD})


@dataclass
class Task:
    """One row of the schedule table: a group heading, a task, or a sub-item of a task."""

    key: str  # "I.1.1", "II.3.1.29-2", "II.3.1.15.a"
    section: str  # "I", "II", "III", "V"
    number: str  # as printed: "1.1", "3.1.15", "*" for star headings, "" for sub-items
    kind: str = KIND_TASK  # group | task | subitem
    parent: str | None = None  # key of the enclosing group (or task, for sub-items)
    content: str = ""
    leader: str = ""
    lead_raw: str = ""
    coord_raw: str = ""
    lead_units: list[str] = field(default_factory=list)
    coordinating_units: list[str] = field(default_factory=list)
    start_raw: str = ""
    due_raw: str = ""
    start_date: str | None = None  # ISO, first day of the start expression, if any
    due_date: str | None = None  # ISO
    milestones: list[str] = field(default_factory=list)  # ISO
    recurring: bool = False
    flags: list[str] = field(default_factory=list)
    stated_count: int | None = None  # for groups: "(13 nội dung)"
    source_rows: list[int] = field(default_factory=list)  # line/row numbers in the source
    order: int = 0
    # the plan's other columns (product, notes, budget, ...) as "Title: text" lines, kept
    # as read and shown read-only
    extra: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind == KIND_GROUP

    def units_with_roles(self) -> list[tuple[str, str]]:
        out = [(u, ROLE_LEAD) for u in self.lead_units]
        out += [(u, ROLE_COORD) for u in self.coordinating_units if u not in self.lead_units]
        return out

    def public_dict(self) -> dict:
        """The JSON shape of ``sheettools tasks --format json`` (exactly these keys)."""
        return {
            "key": self.key,
            "section": self.section,
            "number": self.number,
            "parent": self.parent,
            "content": self.content,
            "leader": self.leader,
            "lead_units": list(self.lead_units),
            "coordinating_units": list(self.coordinating_units),
            "start_raw": self.start_raw,
            "due_raw": self.due_raw,
            "due_date": self.due_date,
            "milestones": list(self.milestones),
            "recurring": self.recurring,
            "flags": list(self.flags),
        }


@dataclass
class Unit:
    code: str
    name: str
    level: str = LEVEL_DISTRICT  # national | province | district | ward | external
    groups: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    contact: str = ""

    @property
    def reports(self) -> bool:
        return self.level in REPORTING_LEVELS

    def public_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "groups": list(self.groups),
            "aliases": list(self.aliases),
            "email": list(self.email),
        }


@dataclass
class UnitGroup:
    """A name that stands for many units (``UBND các phường`` → the 14 wards).

    ``members`` are unit codes; a unit also belongs to a group when the group's code is in
    its ``groups`` column. An empty group with ``ignore=True`` marks phrases that name no
    particular unit (``các đơn vị liên quan``): resolved, but to nobody.
    """

    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    ignore: bool = False


@dataclass
class Period:
    code: str  # "2023-Q1" .. "2023-Q4", "2023-Y"
    label: str  # "Quý I/2023"
    start: str  # ISO
    end: str  # ISO
    due_date: str  # ISO, when unit reports are due (editable)


@dataclass
class Report:
    """One unit's report on one task for one period (one version of it)."""

    period: str
    key: str
    unit: str
    role: str = ROLE_LEAD
    version: int = 1
    status: str | None = None
    progress: int | None = None
    result: str = ""
    completion_date: str | None = None
    difficulties: str = ""
    received_at: str = ""  # ISO datetime
    source_file: str = ""
    sha256: str = ""
    verified: bool = True
    flags: list[str] = field(default_factory=list)
    merged_at: str = ""

    def public_dict(self) -> dict:
        return asdict(self)


@dataclass
class Rejection:
    """A returned file merge could not use (unreadable, bad signature, ...), when its unit is
    known: ``status`` tells "sent an unreadable file" apart from "sent nothing"."""

    period: str
    unit: str
    file: str
    sha256: str = ""
    reason_code: str = ""
    reason: str = ""
    received_at: str = ""
    checked_at: str = ""
    quarantined: str = ""


@dataclass
class LogEntry:
    time: str
    command: str
    summary: str
    details: str = ""


@dataclass
class SendLogEntry:
    time: str
    period: str
    unit: str
    address: str
    file: str
    sha256: str
    result: str  # "sent" | "failed: ..." | "dry-run" | "skipped: ..."
    kind: str = "send"  # send | remind


@dataclass
class CascadeLink:
    """A ward master's row for one task received from the level above (``sheettools plan
    derive``): the district's reference (key, number, content, deadline, the ward's role
    there) and the ward bodies the ward office assigns it to (``lead``/``coord``: codes or
    names, edited in the ``cascade`` sheet and applied by ``sheettools plan assign``)."""

    key: str
    number: str = ""
    content: str = ""
    district_unit: str = ""  # the ward's code at the district (P-LONGBIEN)
    district_role: str = ROLE_LEAD  # the ward's role in the district's plan: lead | coord
    district_deadline: str = ""  # the district's "Thời gian hoàn thành", as written
    lead: list[str] = field(default_factory=list)  # ward bodies leading (codes or names)
    coord: list[str] = field(default_factory=list)  # ward bodies coordinating
    rule: str = ""  # the default rule that proposed the bodies (cascade_rules.json)


@dataclass
class PlanInfo:
    title: str = ""
    year: int = 0
    source: str = ""
    imported_at: str = ""
    office: str = ""


@dataclass
class Master:
    plan: PlanInfo = field(default_factory=PlanInfo)
    tasks: list[Task] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    groups: list[UnitGroup] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    sendlog: list[SendLogEntry] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    cascade: list[CascadeLink] = field(default_factory=list)  # ward masters only

    # --- look-ups -------------------------------------------------------------------------
    def task(self, key: str) -> Task | None:
        for t in self.tasks:
            if t.key == key:
                return t
        return None

    def task_map(self) -> dict[str, Task]:
        return {t.key: t for t in self.tasks}

    def unit_map(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def period(self, code: str) -> Period | None:
        for p in self.periods:
            if p.code == code:
                return p
        return None

    def leaf_tasks(self) -> list[Task]:
        """Tasks and sub-items (what units report on), in table order."""
        return [t for t in self.tasks if t.kind != KIND_GROUP]

    def latest_reports(self, period: str | None = None) -> dict[tuple[str, str, str], Report]:
        """Latest version per (period, key, unit)."""
        out: dict[tuple[str, str, str], Report] = {}
        for r in self.reports:
            if period is not None and r.period != period:
                continue
            k = (r.period, r.key, r.unit)
            cur = out.get(k)
            if cur is None or r.version >= cur.version:
                out[k] = r
        return out
