"""Two levels: a ward's master derived from the district's, and the ward's roll-up.

A ward (phường) is one of the district's units and runs the same cycle one level down with
its own bodies (DOMAIN.md, "The ward level"). This module connects the two levels:

- ``derive_ward_master``: a ward master holding every district task the ward leads or
  coordinates (the district's key, number, content, leader and deadline kept as they are,
  the ward's role there in the ``cascade`` sheet), plus the ward's own tasks (``--own``: a
  table read by the plan importer, keys prefixed ``PH.``; or rows added in Excel), the
  ward's unit registry and its own periods. It reads the district master *or* the unit
  workbook the district sent the ward, and copies nothing about other units: no report, no
  registry, no log.
- ``assign_bodies``: applies the ``cascade`` sheet (district task → ward bodies, edited by
  the ward office; defaults from ``cascade_rules.json``) to the ward plan.
- ``rollup``: fills the district's unit workbook for the ward with the ward's consolidated
  results (``consolidate``, the rule of ``docs/cascade.md``), leaving the district's signed
  manifest untouched so the district merges it as verified; what the rule cannot decide is
  left empty and listed.

Split, mail, merge, status and summary work on the ward master unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FileError, InputError
from .i18n import get_lang, tr
from .model import (
    DONE_STATUSES,
    KIND_GROUP,
    KIND_TASK,
    ROLE_COORD,
    ROLE_LEAD,
    STATUSES,
    CascadeLink,
    Master,
    PlanInfo,
    Report,
    Task,
)
from .textutil import fold, nfc, nfc_keep_lines

RULES_TEMPLATE = "cascade_rules.json"
OWN_PREFIX = "PH."  # keys of the ward's own tasks (phường)
OWN_HEADING = OWN_PREFIX + "0"  # the heading above the ward's own tasks
MAX_TEXT = 1500  # characters of a combined results/difficulties cell (setting rollup_max_chars)
INPUT_FIELDS = ("status", "progress", "result", "completion_date", "difficulties")

# reasons the roll-up leaves a value for the ward clerk (Unsettled.reason): problem codes of
# kind "rollup" (labels and hints in sheettools.problems, docs/problems.md)
ROLLUP_REASON_CODES = (
    "nothing_reported",
    "body_missing",
    "status_missing",
    "bodies_disagree",
    "completion_date_missing",
    "not_in_ward_master",
    "earlier_value_cleared",  # not to settle: a value the district's file (or the last roll-up) held
)
(
    NOTHING_REPORTED,
    BODY_MISSING,
    STATUS_MISSING,
    BODIES_DISAGREE,
    DATE_MISSING,
    NOT_IN_WARD_MASTER,
    EARLIER_CLEARED,
) = ROLLUP_REASON_CODES
# written in every input cell the roll-up leaves empty: the roll-up is the ward's whole answer
# for the period, and the district's merge keeps an earlier value under an empty cell
# (docs/merge.md, 5) but clears it under this marker (the workbook's instructions, item 5)
CLEAR_MARK = "(xóa)"
MARK_COLOUR = "FF808080"  # grey


# --- default assignment rules --------------------------------------------------------------


@dataclass
class Rule:
    label: str
    lead: list[str]
    coord: list[str]
    keywords: list[str] = field(default_factory=list)  # folded


def load_rules(templates_dir: str | os.PathLike | None = None) -> tuple[list[Rule], Rule]:
    """The keyword rules (``cascade_rules.json``: package default, overridable by the
    office's ``workbook_templates/``) and the fallback rule."""
    from .errors import TemplateError
    from .templates import find_template, load_template_json

    data = load_template_json(RULES_TEMPLATE, templates_dir)
    try:
        rules = [
            Rule(
                label=nfc(r.get("label", "")),
                lead=[nfc(x) for x in r.get("lead", [])],
                coord=[nfc(x) for x in r.get("coord", [])],
                keywords=[k for k in (fold(x) for x in r.get("keywords", [])) if k],
            )
            for r in data.get("rules", [])
        ]
        fb = data.get("fallback", {})
        fallback = Rule(
            label=nfc(fb.get("label", "")),
            lead=[nfc(x) for x in fb.get("lead", [])],
            coord=[nfc(x) for x in fb.get("coord", [])],
        )
    except (AttributeError, TypeError) as exc:
        raise TemplateError(
            tr("Mẫu quy tắc phân công bị sai cấu trúc", "The assignment rules are malformed")
            + f" ({exc})",
            hint=tr(
                'Mỗi quy tắc là {"label", "lead": [...], "coord": [...], "keywords": [...]}',
                'Each rule is {"label", "lead": [...], "coord": [...], "keywords": [...]}',
            ),
            file=str(find_template(RULES_TEMPLATE, templates_dir)),
        ) from None
    return rules, fallback


def _hits(rule: Rule, padded: str) -> int:
    return sum(1 for k in rule.keywords if f" {k} " in padded)


def propose_bodies(content: str, context: str, rules: list[Rule], fallback: Rule) -> Rule:
    """The rule whose keywords occur most in ``content`` (twice the weight) and ``context``
    (the task's group headings); ties go to the first rule; no hit: ``fallback``."""
    own = f" {fold(content)} "
    ctx = f" {fold(context)} "
    best, best_score = fallback, 0
    for r in rules:
        score = 2 * _hits(r, own) + _hits(r, ctx)
        if score > best_score:
            best, best_score = r, score
    return best


# --- what the district sent ----------------------------------------------------------------


@dataclass
class DistrictSource:
    """The part of the district's plan that concerns one ward."""

    kind: str  # "master" | "workbook"
    path: str
    unit: str  # the ward's code at the district
    unit_name: str
    year: int
    title: str
    tasks: list[Task]  # headings (kind group) and the ward's tasks, in table order
    roles: dict[str, str]  # task key -> lead | coord (the ward's role at the district)
    period: str = ""  # the period of a unit workbook
    due_dates: dict[str, str] = field(
        default_factory=dict
    )  # period code -> the district's due (ISO)
    # the district plan's identity (``PLAN_IDENT_KEYS``: issuer, kind, number, date as
    # dd/mm/yyyy, citation), what its ``settings`` hold or its cover's "Thực hiện …" line says
    plan_ident: dict[str, str] = field(default_factory=dict)


PLAN_IDENT_KEYS = ("issuer", "kind", "number", "date", "citation")


def _cover_citation(texts: list[str]) -> dict[str, str]:
    """The plan's identity from the unit workbook's cover line ``Thực hiện Kế hoạch số
    160-KH/QU ngày 11/01/2023 của Ban Thường vụ Quận ủy Long Biên`` (``Under …`` in English;
    split writes the district's ``plan_citation`` there)."""
    from .planident import parse_citation

    for text in texts:
        m = re.match(r"\s*(?:Thực hiện|Under)\s+(.+)$", text, re.DOTALL)
        if not m:
            continue
        ident = parse_citation(m.group(1).strip())
        if ident.number:
            out = {"citation": m.group(1).strip(), "kind": ident.kind, "number": ident.number,
                   "issuer": ident.issuer}  # fmt: skip
            if ident.date:
                y, mo, d = ident.date.split("-")
                out["date"] = f"{d}/{mo}/{y}"
            return {k: v for k, v in out.items() if v}
    return {}


def _report_sheet_rows(sheets: dict[str, list[list[Any]]]) -> tuple[str, int, dict[str, int]]:
    """(sheet name, field-id row index, field id -> column) of a unit workbook."""
    from .unitbook import FIELD_ID_PREFIX

    for name, rows in sheets.items():
        for r, row in enumerate(rows[:10]):
            ids = {
                str(v)[len(FIELD_ID_PREFIX) :]: c
                for c, v in enumerate(row)
                if isinstance(v, str) and v.startswith(FIELD_ID_PREFIX)
            }
            if "key" in ids:
                return name, r, ids
    raise InputError(
        tr("Không thấy trang báo cáo (hàng mã cột #key)", "No report sheet (no #key field row)"),
        hint=tr(
            "Dùng đúng tệp quận gửi (sheettools split), không gõ lại",
            "Use the file the district sent (sheettools split), not a re-typed copy",
        ),
    )


def _district_manifest(sheets: dict[str, list[list[Any]]], unit: str | None, path: str):
    """The district's manifest of a unit workbook, checked: present, for ``unit`` (when
    given), naming a period."""
    from .unitbook import MANIFEST_SHEET, Manifest

    if MANIFEST_SHEET not in sheets:
        raise InputError(
            tr("Tệp không có phần ký xác nhận (_manifest) của quận", "No district manifest in the file"),
            hint=tr("Dùng đúng tệp quận gửi cho phường", "Use the file the district sent the ward"),
            file=path,
        )  # fmt: skip
    man = Manifest.from_rows(sheets[MANIFEST_SHEET])
    if unit and unit != man.unit:
        raise InputError(
            tr(f"Tệp là của đơn vị {man.unit}, không phải {unit}",
               f"The file is for unit {man.unit}, not {unit}"),
            hint=tr(f"Bỏ --unit hoặc dùng --unit {man.unit}", f"Drop --unit or use --unit {man.unit}"),
            file=path,
        )  # fmt: skip
    return man


def _cover_facts(
    sheets: dict[str, list[list[Any]]], skip: tuple[str, ...]
) -> tuple[str, str, list[str]]:
    """What the cover sheet(s) of a unit workbook say: the unit's name ("Đơn vị:" / "Unit:"),
    the due date ("Hạn gửi báo cáo: … (15/06/2023)"), and the first text of each row (where
    the district plan is cited)."""
    from .xlsxio import cell_str

    unit_name = ""
    due = ""
    cover_lines: list[str] = []
    for name, srows in sheets.items():
        if name in skip:
            continue
        for row in srows[:40]:
            texts = [cell_str(v) for v in row if cell_str(v)]
            cover_lines += texts[:1]
            if len(texts) >= 2 and fold(texts[0]) in ("don vi", "unit") and not unit_name:
                unit_name = texts[1]
            # "Hạn gửi báo cáo:" | "ngày 15 tháng 6 năm 2023 (15/06/2023)"
            m = re.search(r"\((\d{2})/(\d{2})/(\d{4})\)\s*$", texts[1]) if len(texts) >= 2 else None
            if m and not due and re.search(r"\b(han|due)\b", fold(texts[0])):
                try:
                    due = dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
                except ValueError:
                    pass
    return unit_name, due, cover_lines


def _report_rows_tasks(
    rows: list[list[Any]], frow: int, cols: dict[str, int], manifest_keys, year: int
) -> tuple[list[Task], dict[str, str]]:
    """The tasks of a unit workbook's report sheet (below its field row ``frow``) with their
    headings, and the ward's role in each task (lead or coordinating)."""
    from .deadlines import parse_task_times
    from .xlsxio import cell_str

    lead_labels = {"chu tri", "lead"}

    def col(row: list, fid: str) -> str:
        c = cols.get(fid)
        return cell_str(row[c]) if c is not None and c < len(row) else ""

    tasks: list[Task] = []
    roles: dict[str, str] = {}
    parent: str | None = None
    section = ""
    used: set[str] = set()
    for row in rows[frow + 1 :]:
        key = col(row, "key")
        content = nfc_keep_lines(row[cols["content"]]) if "content" in cols and cols["content"] < len(row) else ""  # fmt: skip
        if not key:  # a heading: keyed like the district's ("I", "I.2", "I.2.7"), unique
            number = col(row, "number")
            if not content and not number:
                continue
            if re.fullmatch(r"[IVX]+", number):
                section = number
            gkey = number if number == section else f"{section}.{number or '*'}".strip(".")
            base, n = gkey, 1
            while gkey in used or gkey in manifest_keys:
                n += 1
                gkey = f"{base}-{n}"
            used.add(gkey)
            parent = gkey
            tasks.append(
                Task(key=gkey, section=section, number=number, kind=KIND_GROUP, content=content)
            )
            continue
        t = Task(
            key=key,
            section=key.split(".", 1)[0],
            number=col(row, "number"),
            kind=KIND_TASK,
            parent=parent,
            content=content,
            leader=col(row, "leader"),
            due_raw=col(row, "deadline"),
        )
        info = parse_task_times("", t.due_raw, year)
        t.due_date, t.start_date = info.due_date, info.start_date
        t.milestones, t.recurring, t.flags = list(info.milestones), info.recurring, list(info.flags)
        roles[key] = ROLE_LEAD if fold(col(row, "role")) in lead_labels else ROLE_COORD
        tasks.append(t)
    return tasks, roles


def _read_workbook_source(path: str, unit: str | None) -> DistrictSource:
    from .unitbook import MANIFEST_SHEET
    from .xlsxio import read_sheets

    sheets = read_sheets(path)
    man = _district_manifest(sheets, unit, path)
    try:
        sheet, frow, cols = _report_sheet_rows(sheets)
    except InputError as exc:
        raise InputError(exc.message, hint=exc.hint, file=path) from None
    if not man.period[:4].isdigit():
        raise InputError(
            tr("Phần ký xác nhận không ghi kỳ báo cáo", "The manifest names no period"),
            hint=tr("Dùng đúng tệp quận gửi, chưa sửa", "Use the file as the district sent it"),
            file=path,
        )
    year = int(man.period[:4])
    unit_name, due, cover_lines = _cover_facts(sheets, (sheet, MANIFEST_SHEET))
    tasks, roles = _report_rows_tasks(sheets[sheet], frow, cols, man.keys, year)
    if man.keys and not set(roles) <= set(man.keys):
        raise InputError(
            tr("Các mã nhiệm vụ không khớp phần ký xác nhận của quận",
               "The task keys do not match the district's manifest"),
            hint=tr("Dùng đúng tệp quận gửi, chưa sửa", "Use the file as the district sent it"),
            file=path,
        )  # fmt: skip
    return DistrictSource(
        kind="workbook",
        path=path,
        unit=man.unit,
        unit_name=unit_name or man.unit,
        year=year,
        title="",
        tasks=tasks,
        roles=roles,
        period=man.period,
        due_dates={man.period: due} if due else {},
        plan_ident=_cover_citation(cover_lines),
    )


def _ward_roles(d: Master, unit: str) -> dict[str, str]:
    """The district tasks ``unit`` leads or coordinates (unit groups expanded): key → role."""
    from .selection import unit_expander

    expand = unit_expander(d)
    roles: dict[str, str] = {}
    for t in d.tasks:
        if t.kind == KIND_GROUP:
            continue
        if unit in expand(t.lead_units):
            roles[t.key] = ROLE_LEAD
        elif unit in expand(t.coordinating_units):
            roles[t.key] = ROLE_COORD
    return roles


def _ward_part(d: Master, roles: dict[str, str]) -> list[Task]:
    """Copies of the district's tasks in ``roles`` with the headings above them (and the
    parent tasks of sub-items, as headings), without the district's units."""
    by_key = d.task_map()
    keep: set[str] = set(roles)
    for key in list(roles):  # headings above (and parent tasks of sub-items)
        p = by_key[key].parent
        while p and p in by_key and p not in keep:
            keep.add(p)
            p = by_key[p].parent
    tasks = []
    for t in d.tasks:
        if t.key not in keep:
            continue
        c = dataclasses.replace(
            t, lead_units=[], coordinating_units=[], lead_raw="", coord_raw="",
            milestones=list(t.milestones), source_rows=list(t.source_rows),
            flags=[f for f in t.flags if not f.startswith("unresolved_unit")],
        )  # fmt: skip
        if t.key not in roles and c.kind != KIND_GROUP:
            c.kind = KIND_GROUP  # a parent task the ward has no part in: a heading here
        tasks.append(c)
    return tasks


def _read_master_source(path: str, unit: str | None) -> DistrictSource:
    from .store import load_master

    d = load_master(path)
    wards = ", ".join(u.code for u in d.units if u.level == "ward") or "-"
    if not unit:
        raise InputError(
            tr("Cần --unit: mã của phường trong sổ chính của quận",
               "--unit is needed: the ward's code in the district master"),
            hint=tr(f"Các phường: {wards} (xem: sheettools units list)",
                    f"Wards: {wards} (see: sheettools units list)"),
        )  # fmt: skip
    units = d.unit_map()
    if unit not in units:
        raise InputError(
            tr(f"Sổ chính của quận không có đơn vị {unit}",
               f"The district master has no unit {unit}"),
            hint=tr(f"Các phường: {wards}", f"Wards: {wards}"),
            file=path,
        )  # fmt: skip
    roles = _ward_roles(d, unit)
    tasks = _ward_part(d, roles)
    return DistrictSource(
        kind="master",
        path=path,
        unit=unit,
        unit_name=units[unit].name,
        year=int(d.plan.year or 0),
        title=d.plan.title,
        tasks=tasks,
        roles=roles,
        due_dates={p.code: p.due_date for p in d.periods if p.due_date},
        plan_ident={
            k: v for k in PLAN_IDENT_KEYS if (v := str(d.settings.get(f"plan_{k}") or "").strip())
        },
    )


def read_district_source(path: str | os.PathLike, unit: str | None = None) -> DistrictSource:
    """What a ward may see of the district: its tasks from the district master (``unit``
    needed) or from the unit workbook the district sent it (recognised by its manifest)."""
    from .xlsxio import read_sheets

    p = str(path)
    names = set(read_sheets(p, only=("plan", "_manifest")))
    if "plan" in names:
        return _read_master_source(p, unit)
    return _read_workbook_source(p, unit)


# --- the ward's calendar -------------------------------------------------------------------

DEFAULT_DUE_DAY = 15  # seed 000, III.1: "Thời gian gửi báo cáo quý: ngày 15 tháng cuối quý"
_DUE_RULE = re.compile(r"ngay (\d{1,2}) (?:cua )?thang cuoi (?:moi |cua )?quy")


def plan_due_day(text: str) -> int | None:
    """The day of the quarter's last month a ward plan sets for its bodies' quarterly
    reports (``"Thời gian gửi báo cáo quý: ngày 15 tháng cuối quý"`` → 15), or None."""
    m = _DUE_RULE.search(fold(text))
    day = int(m.group(1)) if m else 0
    return day if 1 <= day <= 28 else None


def _district_due(src: DistrictSource, code: str, end: dt.date) -> dt.date | None:
    """The district's due date for a period: as the district set it (its master's periods,
    or the cover of the workbook it sent); for a period a workbook does not name, the same
    day of that period's last month as the one it names."""
    if src.due_dates.get(code):
        return dt.date.fromisoformat(src.due_dates[code][:10])
    known = [dt.date.fromisoformat(v[:10]) for v in src.due_dates.values() if v]
    if not known:
        return None
    return end.replace(day=min(known[0].day, end.day))


def ward_calendar(
    periods: list,
    src: DistrictSource,
    *,
    due_day: int | None = None,
    days_before: int | None = None,
) -> str:
    """Set each period's due date for the ward's bodies (in place) and return the rule as
    people read it: ``days_before`` days before the district's due date for that period, or
    the ``due_day`` of the period's last month (the ward plan's rule, default the 15th)."""
    day = due_day or DEFAULT_DUE_DAY
    for p in periods:
        end = dt.date.fromisoformat(p.end)
        due = end.replace(day=min(day, end.day))
        if days_before is not None:
            district = _district_due(src, p.code, end)
            if district is not None:
                due = district - dt.timedelta(days=days_before)
        p.due_date = due.isoformat()
    if days_before is not None:
        return tr(
            f"{days_before} ngày trước hạn của quận",
            f"{days_before} days before the district's due date",
        )
    return tr(f"ngày {day} tháng cuối quý", f"day {day} of the quarter's last month")


# --- derive --------------------------------------------------------------------------------


def _context(task: Task, by_key: dict[str, Task]) -> str:
    parts = []
    p = task.parent
    while p and p in by_key:
        parts.append(by_key[p].content)
        p = by_key[p].parent
    return " ".join(parts)


def apply_links(master: Master) -> dict[str, list[str]]:
    """Write the ``cascade`` sheet's bodies into the plan (``lead_raw``/``coord_raw``) and
    resolve them with the ward's registry. Returns unresolved names → task keys."""
    from .units import Registry, resolve_task_units

    registry = Registry.from_master(master)
    by_key = master.task_map()
    left: dict[str, list[str]] = {}
    for link in master.cascade:
        t = by_key.get(link.key)
        if t is None or t.kind == KIND_GROUP:
            continue
        t.lead_raw = "; ".join(link.lead)
        t.coord_raw = "; ".join(link.coord)
        for frag in resolve_task_units(t, registry):
            left.setdefault(frag, []).append(t.key)
    return left


def _own_tasks(own: str | os.PathLike, year: int, master: Master) -> tuple[list[Task], dict]:
    from .planimport import parse_plan
    from .units import Registry

    tasks, report = parse_plan(Path(own), year=year or None, registry=Registry.from_master(master))
    # a heading above tasks that have none (duties read from prose), so a body's workbook
    # never shows them as if they belonged to the district's section printed before them
    head = Task(
        key=OWN_HEADING,
        section=OWN_HEADING,
        number="",
        kind=KIND_GROUP,
        content=tr("Nhiệm vụ riêng của phường", "The ward's own tasks"),
    )
    orphans = False
    for t in tasks:
        t.key = OWN_PREFIX + t.key
        t.section = OWN_PREFIX + t.section
        if t.parent:
            t.parent = OWN_PREFIX + t.parent
        elif t.kind != KIND_GROUP:
            t.parent, orphans = OWN_HEADING, True
    return ([head, *tasks] if orphans else tasks), report


@dataclass
class _Kept:
    """What an update (``plan derive --force``) keeps of the existing ward master."""

    old_links: dict[str, CascadeLink] = field(default_factory=dict)
    own: list[Task] = field(default_factory=list)
    old_tasks: list[Task] = field(default_factory=list)
    old_links_kept: list[CascadeLink] = field(default_factory=list)


def _check_new_ward(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise InputError(
            tr("Sổ của phường đã tồn tại", "The ward master already exists"),
            hint=tr("Dùng --force để cập nhật từ quận (giữ phân công, nhiệm vụ riêng, báo cáo)",
                    "Use --force to update it from the district (assignments, own tasks, reports are kept)"),
            file=str(out),
        )  # fmt: skip


def _kept_of(ward: Master, src: DistrictSource) -> _Kept:
    """What an update keeps of the ward master ``ward`` (nothing of a new, empty one)."""
    old_links = {link.key: link for link in ward.cascade}
    linked = set(old_links)
    own_kept = [t for t in ward.tasks if t.key not in linked and t.key.startswith(OWN_PREFIX)]
    # district tasks the new source no longer holds (a later quarter's workbook) stay,
    # with their headings: data is never dropped by an update
    new_keys = {t.key for t in src.tasks}
    old_by_key = ward.task_map()
    gone = [k for k in old_links if k not in new_keys and k in old_by_key]
    keep_keys = set(gone)
    for k in gone:
        p = old_by_key[k].parent
        while p and p in old_by_key and p not in new_keys and p not in keep_keys:
            keep_keys.add(p)
            p = old_by_key[p].parent
    return _Kept(
        old_links=old_links,
        own=own_kept,
        old_tasks=[t for t in ward.tasks if t.key in keep_keys],
        old_links_kept=[old_links[k] for k in gone],
    )


def _district_links(
    src: DistrictSource, old_links: dict[str, CascadeLink], rules: list[Rule], fallback: Rule
) -> tuple[list[CascadeLink], dict[str, int]]:
    """One link per district task the ward leads or coordinates: the bodies assigned before
    (``old_links``), else the ones the rules propose. Also the count of links per rule."""
    by_key = {t.key: t for t in src.tasks}
    links: list[CascadeLink] = []
    by_rule: dict[str, int] = {}
    for t in src.tasks:
        if t.key not in src.roles:
            continue
        prev = old_links.get(t.key)
        if prev is not None:
            lead, coord, label = list(prev.lead), list(prev.coord), prev.rule
        else:
            r = propose_bodies(t.content, _context(t, by_key), rules, fallback)
            lead, coord, label = list(r.lead), [c for c in r.coord if c not in r.lead], r.label
        by_rule[label] = by_rule.get(label, 0) + 1
        links.append(
            CascadeLink(
                key=t.key,
                number=t.number,
                content=t.content,
                district_unit=src.unit,
                district_role=src.roles[t.key],
                district_deadline=t.due_raw,
                lead=lead,
                coord=coord,
                rule=label,
            )
        )
    return links, by_rule


def _check_due_options(due_day: int | None, due_days_before: int | None) -> None:
    if due_day is not None and not 1 <= due_day <= 28:
        raise InputError(
            tr(f"Ngày hạn {due_day} không hợp lệ", f"Due day {due_day} is not valid"),
            hint=tr("Chọn một ngày từ 1 đến 28", "Pick a day from 1 to 28"),
        )
    if due_days_before is not None and not 0 <= due_days_before <= 60:
        raise InputError(
            tr(f"Số ngày trước hạn {due_days_before} không hợp lệ",
               f"{due_days_before} days before the due date is not valid"),
            hint=tr("Chọn một số từ 0 đến 60", "Pick a number from 0 to 60"),
        )  # fmt: skip


def _set_ward_periods(
    ward: Master,
    src: DistrictSource,
    year: int,
    *,
    due_day: int | None,
    due_days_before: int | None,
) -> None:
    """The periods sheet of a new year (or of a new master) and the ward's due rule, kept as
    the ward office edited it unless ``due_day`` or ``due_days_before`` is given."""
    from .periods import default_periods

    fresh = bool(year) and (
        not ward.periods or any(not x.code.startswith(str(year)) for x in ward.periods)
    )
    if fresh:
        ward.periods = default_periods(year)
    if fresh or due_day is not None or due_days_before is not None:
        ward.settings["due_rule"] = ward_calendar(
            ward.periods, src, due_day=due_day, days_before=due_days_before
        )


def _set_ward_settings(ward: Master, src: DistrictSource, source: str | os.PathLike) -> None:
    """The settings that tie the ward master to the district: its unit there, the district
    plan's identity, where it came from, and the ward office's own letterhead."""
    from .docinfo import DOC_DEFAULTS, level_defaults

    ward.settings.setdefault("due_soon_days", "15")
    ward.settings["district_unit"] = src.unit
    ward.settings["district_unit_name"] = src.unit_name
    # the ward office's own letterhead (docinfo's defaults for a ward), written out so the
    # ward office sees and edits it in the settings sheet
    level = level_defaults(ward)
    if level["doc_issuing_body"] != DOC_DEFAULTS["doc_issuing_body"]:
        for k in ("doc_issuing_body", "doc_place", "doc_office_name", "doc_recipients"):
            ward.settings.setdefault(k, level[k])
    # the district plan's identity, which the ward's report cites ("Thực hiện Kế hoạch số …
    # của …"): recorded as district_plan_*, the defaults of the ward's plan_* (docinfo)
    for k in PLAN_IDENT_KEYS:
        if src.plan_ident.get(k):
            ward.settings[f"district_plan_{k}"] = src.plan_ident[k]
        else:
            ward.settings.pop(f"district_plan_{k}", None)
    ward.settings["district_source"] = f"{src.kind}: {Path(source).name}" + (
        f" ({src.period})" if src.period else ""
    )


def _calendar_rows(ward: Master, src: DistrictSource) -> list[dict[str, Any]]:
    """Each period's due date at the ward beside the district's (``no_time``: none left)."""
    calendar = []
    for per in ward.periods:
        district_due = _district_due(src, per.code, dt.date.fromisoformat(per.end))
        calendar.append({
            "period": per.code,
            "due_date": per.due_date,
            "district_due_date": district_due.isoformat() if district_due else "",
            "no_time": bool(district_due and per.due_date >= district_due.isoformat()),
        })  # fmt: skip
    return calendar


def _check_ward_folder(src: DistrictSource, source: str | os.PathLike, out: Path) -> None:
    if src.kind == "master" and out.resolve().parent == Path(source).resolve().parent:
        raise InputError(
            tr("Sổ của phường không được nằm cùng thư mục với sổ chính của quận",
               "The ward master must not be in the district master's folder"),
            hint=tr("Mỗi cấp một thư mục riêng (mỗi cấp có khóa ký .sheettools-secret riêng)",
                    "Give each level its own folder (each has its own signing key .sheettools-secret)"),
            file=str(out),
        )  # fmt: skip


def _derive_figures(
    ward: Master,
    src: DistrictSource,
    links: list[CascadeLink],
    by_rule: dict[str, int],
    own_tasks: list[Task],
    kept: _Kept,
    year: int,
) -> dict[str, Any]:
    """The counts ``plan derive`` reports (in the order the CLI shows them)."""
    return {
        "source_kind": src.kind,
        "unit": src.unit,
        "unit_name": src.unit_name,
        "year": year,
        "district_tasks": len(links),
        "lead": sum(1 for link in links if link.district_role == ROLE_LEAD),
        "coord": sum(1 for link in links if link.district_role == ROLE_COORD),
        "own_tasks": len([t for t in own_tasks if t.kind != KIND_GROUP]),
        "bodies": len([u for u in ward.units if u.reports]),
        "by_rule": dict(sorted(by_rule.items(), key=lambda kv: -kv[1])),
        "kept_assignments": sum(1 for link in links if link.key in kept.old_links),
        "kept_not_in_source": len(kept.old_links_kept),
    }


def derive_ward_master(
    source: str | os.PathLike,
    output: str | os.PathLike,
    *,
    unit: str | None = None,
    units: str | os.PathLike | None = None,
    own: str | os.PathLike | None = None,
    title: str | None = None,
    force: bool = False,
    templates_dir: str | os.PathLike | None = None,
    due_day: int | None = None,
    due_days_before: int | None = None,
    now: dt.datetime,
) -> dict[str, Any]:
    """``sheettools plan derive``: the ward's master from what the district sent it.

    The ward's calendar (its bodies' due dates, the ``periods`` sheet): ``due_days_before``
    days before the district's due date of each period, or day ``due_day`` of the quarter's
    last month — by default the day the ward's own plan (``own``, as text) sets ("ngày 15
    tháng cuối quý"), else the 15th. An update keeps the periods sheet as the ward office
    edited it unless one of the two is given.

    ``source`` is the district master (with ``unit``, the ward's code there) or the unit
    workbook the district sent the ward. With ``force`` an existing ward master is updated:
    its registry (unless ``units``), periods, reports, logs, its own tasks and the bodies
    already assigned in its ``cascade`` sheet are kept; new district tasks get the default
    bodies; the district's text and deadlines are refreshed."""
    from .store import editing
    from .units import load_units_xlsx

    out = Path(output)
    src = read_district_source(source, unit)
    _check_ward_folder(src, source, out)
    _check_new_ward(out, force)
    _check_due_options(due_day, due_days_before)
    out.parent.mkdir(parents=True, exist_ok=True)
    # the lock is taken before an existing ward master is read: a merge running meanwhile is
    # never overwritten
    with editing(out, "plan derive", now, new=Master) as edit:
        ward = edit.master
        kept = _kept_of(ward, src)
        if units:
            ward.units, ward.groups = load_units_xlsx(units)
        year = src.year or (ward.plan.year or 0)
        rules, fallback = load_rules(templates_dir)
        known = {u.code for u in ward.units} | {g.code for g in ward.groups}
        links, by_rule = _district_links(src, kept.old_links, rules, fallback)
        own_report: dict | None = None
        own_tasks = kept.own
        if own:
            own_tasks, own_report = _own_tasks(own, year, ward)
        ward.tasks = [*src.tasks, *kept.old_tasks, *own_tasks]
        for i, t in enumerate(ward.tasks):
            t.order = i
        ward.cascade = links + kept.old_links_kept
        unresolved = apply_links(ward)
        unknown_rule_codes = sorted(
            {c for r in [*rules, fallback] for c in r.lead + r.coord if c not in known}
        )
        ward.plan = PlanInfo(
            title=title
            or ward.plan.title
            or f"{src.title or tr('Kế hoạch', 'Plan')} — {src.unit_name}",
            year=year,
            source=Path(source).name,
            imported_at=now.isoformat(timespec="seconds"),
            office=ward.plan.office,
        )
        plan_day = _own_due_day(own) if own else None
        _set_ward_periods(
            ward, src, year, due_day=due_day or plan_day, due_days_before=due_days_before
        )
        _set_ward_settings(ward, src, source)
        calendar = _calendar_rows(ward, src)
        n_tasks = len(links)
        edit.summary = tr(
            f"{n_tasks} nhiệm vụ của quận ({src.unit}) từ {Path(source).name}; {len(own_tasks)} nhiệm vụ riêng",
            f"{n_tasks} district tasks ({src.unit}) from {Path(source).name}; {len(own_tasks)} own tasks",
        )  # fmt: skip
    return {
        "output": str(out),
        "source": str(source),
        **_derive_figures(ward, src, links, by_rule, own_tasks, kept, year),
        "unresolved": [{"name": k, "tasks": v} for k, v in sorted(unresolved.items())],
        "unknown_rule_codes": unknown_rule_codes if ward.units else [],
        "own_report": own_report,
        "due_rule": ward.settings.get("due_rule", ""),
        "calendar": calendar,
    }


def _own_due_day(own: str | os.PathLike) -> int | None:
    """The due day the ward's own plan sets, when it is a text file (seed 000)."""
    p = Path(own)
    if p.suffix.lower() not in (".txt", ".md"):
        return None
    try:
        return plan_due_day(p.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def assign_bodies(path: str | os.PathLike, *, now: dt.datetime) -> dict[str, list[str]]:
    """``sheettools plan assign``: after the ward office edited the ``cascade`` sheet, apply
    it to the plan. Returns names that match no unit or group of the ward → task keys."""
    from .store import editing

    with editing(path, "plan assign", now) as edit:
        m = edit.master
        if not m.cascade:
            raise InputError(
                tr("Sổ này không có trang 'cascade' (không phải sổ của phường)",
                   "This master has no 'cascade' sheet (not a ward master)"),
                hint=tr("Tạo sổ của phường bằng: sheettools plan derive",
                        "Create a ward master with: sheettools plan derive"),
                file=str(path),
            )  # fmt: skip
        left = apply_links(m)
        edit.summary = tr(
            f"Phân công {len(m.cascade)} nhiệm vụ của quận; {len(left)} tên chưa nhận ra",
            f"Assigned {len(m.cascade)} district tasks; {len(left)} unresolved names",
        )
    return left


# --- consolidation -------------------------------------------------------------------------


@dataclass
class Unsettled:
    """A value of the roll-up the rule could not decide: left empty for the ward clerk."""

    key: str
    field: str  # status | completion_date | all
    reason: str  # NOTHING_REPORTED, BODY_MISSING, ...
    detail: str = ""
    row: int | None = None  # row in the district workbook

    def as_dict(self) -> dict:
        return {"key": self.key, "field": self.field, "reason": self.reason,
                "detail": self.detail, "row": self.row}  # fmt: skip

    def field_label(self) -> str:
        from .unitbook import column_title

        if self.field == "all":
            return tr("cả dòng", "whole row")
        return column_title(self.field, get_lang())

    def label(self) -> str:
        """What the rule could not decide, in the current language (the catalogue's label)."""
        from . import problems

        return problems.label(self.reason)

    def hint(self) -> str:
        from . import problems

        return problems.hint(self.reason)

    def message(self) -> str:
        """The label and the detail: ``Các cơ quan chủ trì báo cáo tình trạng khác nhau:
        Công an phường: Hoàn thành; UBND: Chậm tiến độ``."""
        return f"{self.label()}: {self.detail}" if self.detail else self.label()


def _is_empty(r: Report) -> bool:
    return (
        not r.status
        and r.progress is None
        and not (r.result or "").strip()
        and not r.completion_date
        and not (r.difficulties or "").strip()
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    cut = text[: limit - 1]
    sp = cut.rfind(" ")
    if sp > limit * 0.6:
        cut = cut[:sp]
    return cut.rstrip(" ,;.") + "…"


def combine_texts(parts: list[tuple[str, str]], limit: int = MAX_TEXT) -> str:
    """``[(body name, text)]`` → one cell: each body's text on its own line after its name in
    brackets, each shortened (``…``) so the whole fits ``limit`` characters, the room shared
    fairly (short texts are kept whole, the rest split the remainder)."""
    parts = [(name, nfc_keep_lines(text)) for name, text in parts if (text or "").strip()]
    if not parts:
        return ""
    labels = [f"[{name}] " for name, _ in parts]
    room = limit - sum(len(x) for x in labels) - (len(parts) - 1)
    lengths = [len(t) for _, t in parts]
    allow = [0] * len(parts)
    left = max(room, len(parts))
    pending = sorted(range(len(parts)), key=lambda i: lengths[i])
    while pending:
        share = left // len(pending)
        i = pending[0]
        if lengths[i] <= share:
            allow[i] = lengths[i]
            left -= lengths[i]
            pending.pop(0)
            continue
        for j in pending:
            allow[j] = share
        break
    return "\n".join(labels[i] + _shorten(text, allow[i]) for i, (_name, text) in enumerate(parts))


def _decided_status(
    key: str, deciding: list[str], got: dict[str, Report], label: Callable[[str], str]
) -> tuple[str | None, Unsettled | None]:
    """The status the deciding bodies agree on (see ``consolidate``), or None and why not."""
    silent = [u for u in deciding if u not in got]
    no_status = [u for u in deciding if u in got and not got[u].status]
    statuses = {u: got[u].status for u in deciding if u in got and got[u].status}
    if silent:
        return None, Unsettled(key, "status", BODY_MISSING, ", ".join(map(label, silent)))
    if no_status:
        return None, Unsettled(key, "status", STATUS_MISSING, ", ".join(map(label, no_status)))
    distinct = set(statuses.values())
    if len(distinct) == 1:
        return distinct.pop(), None
    if distinct <= DONE_STATUSES:
        return "Hoàn thành", None
    detail = "; ".join(f"{label(u)}: {s}" for u, s in statuses.items())
    return None, Unsettled(key, "status", BODIES_DISAGREE, detail)


def consolidate(
    key: str,
    lead: list[str],
    coord: list[str],
    reports: dict[str, Report],
    names: dict[str, str],
    *,
    max_chars: int = MAX_TEXT,
) -> tuple[dict[str, Any], list[Unsettled]]:
    """The ward's one answer for one district task from its bodies' latest reports
    (``reports``: body code → Report). The rule (docs/cascade.md):

    - the *deciding* bodies are the ward's lead bodies of the task (its coordinating bodies
      when it has no lead; everyone who reported when it has neither);
    - status: decided only when every deciding body reported one: all the same → that
      status; all done (``Hoàn thành``/``Hoàn thành trước hạn``) → ``Hoàn thành``; otherwise
      left empty (bodies disagree); a deciding body that sent nothing or no status → empty;
    - progress: the lowest of the deciding bodies' progress when every one gave one, else
      empty;
    - completion date: when the status is done, the latest of the deciding bodies' dates
      (every one must have given one, else empty and listed); otherwise empty;
    - results, difficulties: every body's text (lead bodies first, then coordinating, then
      others), each labelled with the body's name, shortened to fit ``max_chars``;
    - no body reported anything: everything empty.
    Values never come from a body that did not report."""
    got = {u: r for u, r in reports.items() if not _is_empty(r)}
    values: dict[str, Any] = dict.fromkeys(INPUT_FIELDS)
    values["result"] = values["difficulties"] = ""
    issues: list[Unsettled] = []
    expected = list(dict.fromkeys([*lead, *coord]))
    if not got:
        who = ", ".join(names.get(u, u) for u in expected)
        detail = tr("giao cho ", "assigned to ") + who if who else ""
        issues.append(Unsettled(key, "all", NOTHING_REPORTED, detail))
        return values, issues
    deciding = list(lead) or list(coord) or sorted(got)
    order = list(dict.fromkeys([*lead, *coord, *sorted(got)]))

    def label(u: str) -> str:
        return names.get(u, u)

    values["status"], issue = _decided_status(key, deciding, got, label)
    issues += [issue] if issue else []
    progresses = [got[u].progress if u in got else None for u in deciding]
    if progresses and all(p is not None for p in progresses):
        values["progress"] = min(progresses)  # type: ignore[type-var]
    if values["status"] in DONE_STATUSES:
        dates = [got[u].completion_date for u in deciding]
        if all(dates):
            values["completion_date"] = max(dates)  # type: ignore[type-var]
        else:
            lacking = [label(u) for u in deciding if not got[u].completion_date]
            issues.append(Unsettled(key, "completion_date", DATE_MISSING, ", ".join(lacking)))
    for f in ("result", "difficulties"):
        values[f] = combine_texts(
            [(label(u), getattr(got[u], f)) for u in order if u in got], max_chars
        )
    return values, issues


# --- roll-up into the district's workbook ---------------------------------------------------


def _task_bodies(master: Master) -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, str]]:
    """Task key → (lead bodies, coordinating bodies) as reporting unit codes; code → name."""
    from .selection import unit_expander

    expand = unit_expander(master)
    silent = {u.code for u in master.units if not u.reports}
    out = {}
    for t in master.tasks:
        if t.kind == KIND_GROUP:
            continue
        lead = [u for u in expand(t.lead_units) if u not in silent]
        coord = [u for u in expand(t.coordinating_units) if u not in silent and u not in lead]
        out[t.key] = (lead, coord)
    # labels: the name without its parenthesis ("Ủy ban MTTQ phường (Cơ quan Thường trực)")
    return out, {u.code: u.name.split(" (", 1)[0] or u.code for u in master.units}


def _fit_row(ws, row: int, texts: list[tuple[int, str]]) -> None:
    """Make the row tall enough for the combined texts (as split sizes its rows)."""
    from openpyxl.utils import get_column_letter

    from .split import _lines_needed

    lines = max(
        _lines_needed(text, ws.column_dimensions[get_column_letter(c)].width or 10)
        for c, text in texts
    )
    size = float(ws.cell(row=row, column=texts[0][0]).font.sz or 12)
    want = 15.0 * size / 12 * lines + 3  # the line height split uses
    dim = ws.row_dimensions[row]
    if (dim.height or 15.0) < want:
        dim.height = min(want, 409.0)  # Excel's largest row height


def _set_text(cell, text: str) -> None:
    cell.value = text if text else None
    if text:
        cell.data_type = "s"  # never a formula, whatever the text starts with


def _input_values(ws, frow: int, cols: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Task key → field → the value in a unit workbook's input cell (None when empty or the
    clear marker)."""
    from .normalize import is_clear_marker

    out: dict[str, dict[str, Any]] = {}
    for r in range(frow + 1, ws.max_row + 1):
        key = nfc(ws.cell(row=r, column=cols["key"]).value)
        if not key:
            continue
        vals = {}
        for f in INPUT_FIELDS:
            v = ws.cell(row=r, column=cols[f]).value
            if isinstance(v, str) and (not v.strip() or is_clear_marker(v)):
                v = None
            vals[f] = v
        out[key] = vals
    return out


def _shown(v: Any) -> str:
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%d/%m/%Y")
    text = " ".join(str(v).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _report_sheet(wb) -> tuple[Any, int | None, dict[str, int]]:
    """(sheet, field-id row, field id → column) of an openpyxl unit workbook."""
    from .unitbook import FIELD_ID_PREFIX

    for sheet in wb.worksheets:
        for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), 1):
            ids = {
                str(v)[len(FIELD_ID_PREFIX) :]: c
                for c, v in enumerate(row, 1)
                if isinstance(v, str) and v.startswith(FIELD_ID_PREFIX)
            }
            if "key" in ids:
                return sheet, r, ids
    return None, None, {}


def _previous_output(path: Path, unit: str, period: str) -> dict[str, dict[str, Any]]:
    """What an earlier roll-up into ``path`` (being overwritten) holds, when it is the same
    unit and period's workbook; else nothing."""
    import openpyxl

    from .unitbook import MANIFEST_SHEET, Manifest

    try:
        wb = openpyxl.load_workbook(path)
    except Exception:  # not a workbook we can read: nothing to compare with
        return {}
    if MANIFEST_SHEET not in wb.sheetnames:
        return {}
    man = Manifest.from_rows([[c.value for c in row] for row in wb[MANIFEST_SHEET].iter_rows()])
    ws, frow, cols = _report_sheet(wb)
    if man.unit != unit or man.period != period or ws is None or frow is None:
        return {}
    if not all(f in cols for f in INPUT_FIELDS):
        return {}
    return _input_values(ws, frow, cols)


def _district_unit_of(master: Master, ward_master: str | os.PathLike) -> str:
    """The ward's code at the district, which only a ward master records."""
    district_unit = master.settings.get("district_unit", "")
    if not district_unit:
        raise InputError(
            tr("Không phải sổ của phường (thiếu district_unit trong trang settings)",
               "Not a ward master (no district_unit in its settings sheet)"),
            hint=tr("Tạo sổ của phường bằng: sheettools plan derive",
                    "Create a ward master with: sheettools plan derive"),
            file=str(ward_master),
        )  # fmt: skip
    return district_unit


def _check_rollup_paths(out: Path, into: str | os.PathLike, force: bool) -> None:
    from .fsnames import replaceable_output

    replaceable_output(out)
    if out.exists() and not force:
        raise InputError(
            tr("Tệp đã tồn tại", "The file already exists"),
            hint=tr("Dùng --force để ghi đè", "Use --force to overwrite it"),
            file=str(out),
        )
    if out.resolve() == Path(into).resolve():
        raise InputError(
            tr("Không ghi đè lên tệp quận gửi", "Will not overwrite the file the district sent"),
            hint=tr("Chọn tên khác cho --output", "Choose another --output name"),
            file=str(out),
        )
    if not Path(into).exists():
        raise FileError(
            tr("Không tìm thấy tệp", "File not found"),
            hint=tr("Kiểm tra lại đường dẫn", "Check the path"),
            location=str(into),
        )


def _open_district_book(into: str | os.PathLike, district_unit: str, period: str) -> tuple:
    """The workbook the district sent the ward for ``period``, checked: its manifest names the
    ward and the period, and it has a report sheet. Returns (workbook, sheet, field row,
    column of each field)."""
    import openpyxl

    from .unitbook import MANIFEST_SHEET, Manifest

    try:
        wb = openpyxl.load_workbook(into)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(
            tr("Không đọc được tệp quận gửi", "Cannot read the district's workbook") + f" ({exc})",
            hint=tr("Dùng đúng tệp .xlsx quận gửi", "Use the .xlsx file the district sent"),
            file=str(into),
        ) from exc
    if MANIFEST_SHEET not in wb.sheetnames:
        raise InputError(
            tr("Tệp không có phần ký xác nhận (_manifest) của quận", "No district manifest in the file"),
            hint=tr("Dùng đúng tệp quận gửi cho phường", "Use the file the district sent the ward"),
            file=str(into),
        )  # fmt: skip
    man = Manifest.from_rows([[c.value for c in row] for row in wb[MANIFEST_SHEET].iter_rows()])
    if man.unit != district_unit or man.period != period:
        raise InputError(
            tr(f"Tệp quận gửi là của {man.unit}, kỳ {man.period}; sổ của phường là {district_unit}, kỳ {period}",
               f"The district's file is for {man.unit}, period {man.period}; the ward master is {district_unit}, period {period}"),
            hint=tr("Chọn đúng tệp và kỳ", "Pick the matching file and period"),
            file=str(into),
        )  # fmt: skip
    ws, frow, cols = _report_sheet(wb)
    if ws is None or frow is None or not all(f in cols for f in INPUT_FIELDS):
        raise InputError(
            tr("Không thấy trang báo cáo (hàng mã cột #key)", "No report sheet (no #key field row)"),
            hint=tr("Dùng đúng tệp quận gửi, không gõ lại", "Use the file the district sent, not a re-typed copy"),
            file=str(into),
        )  # fmt: skip
    return wb, ws, frow, cols


def _write_inputs(
    ws, r: int, key: str, cols: dict[str, int], values: dict[str, Any], earlier: dict[str, Any]
) -> list[Unsettled]:
    """Write the input cells of row ``r``; an empty value gets the clear mark. Returns the
    earlier values (``earlier``: field → value) that the mark clears."""
    from openpyxl.styles import Font

    cleared: list[Unsettled] = []
    for f in INPUT_FIELDS:
        cell = ws.cell(row=r, column=cols[f])
        v = values[f]
        if v is None or v == "":
            _set_text(cell, CLEAR_MARK)  # the ward gives no value: none is kept either
            f0 = cell.font  # quieter than the values: grey, the rest of the font kept
            cell.font = Font(name=f0.name, sz=f0.sz, b=f0.b, i=f0.i, color=MARK_COLOUR)
            old = earlier.get(f)
            if old is not None:
                cleared.append(Unsettled(key, f, EARLIER_CLEARED, _shown(old), r))
        elif f == "progress":
            cell.value = v
        elif f == "completion_date":
            d = dt.date.fromisoformat(v)
            cell.value = dt.datetime(d.year, d.month, d.day)
            cell.number_format = "DD/MM/YYYY"
        else:
            _set_text(cell, v)
    return cleared


def _save_book(wb, out: Path) -> None:
    """Save ``wb`` to ``out`` through a temporary file: ``out`` is whole or untouched."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        from .xlsxio import cannot_write

        raise cannot_write(out) from exc


def _latest_by_task(master: Master, period: str) -> dict[str, dict[str, Report]]:
    """The bodies' latest reports for ``period``: task key → body code → Report."""
    latest: dict[str, dict[str, Report]] = {}
    for (_p, key, unit), rep in master.latest_reports(period).items():
        latest.setdefault(key, {})[unit] = rep
    return latest


def _row_values(
    key: str,
    bodies: dict[str, tuple[list[str], list[str]]],
    latest: dict[str, dict[str, Report]],
    names: dict[str, str],
    limit: int,
) -> tuple[dict[str, Any], list[Unsettled]]:
    """The ward's answer for the district's task ``key`` (none for a task the ward master
    lacks) and what is left unsettled."""
    if key not in bodies:
        return dict.fromkeys(INPUT_FIELDS), [Unsettled(key, "all", NOT_IN_WARD_MASTER)]
    lead, coord = bodies[key]
    return consolidate(key, lead, coord, latest.get(key, {}), names, max_chars=limit)


def rollup(
    ward_master: str | os.PathLike,
    period: str,
    into: str | os.PathLike,
    output: str | os.PathLike,
    *,
    force: bool = False,
    max_chars: int | None = None,
) -> dict[str, Any]:
    """``sheettools rollup``: fill the unit workbook the district sent the ward (``into``)
    with the ward's consolidated results for ``period`` and write it to ``output``.

    Only the input cells of the task rows are written; the district's manifest, layout and
    every other cell stay as they are, so the district merges the file as verified. Values
    the rule cannot decide are left empty and returned in ``unsettled`` for the ward clerk.
    The ward master is only read."""
    from .periods import get_period
    from .store import load_master

    master = load_master(ward_master)
    per = get_period(master, period)
    district_unit = _district_unit_of(master, ward_master)
    out = Path(output)
    _check_rollup_paths(out, into, force)
    wb, ws, frow, cols = _open_district_book(into, district_unit, per.code)
    limit = max_chars or int(master.settings.get("rollup_max_chars") or MAX_TEXT)
    bodies, names = _task_bodies(master)
    latest = _latest_by_task(master, per.code)
    # what the district's file showed (its pre-fill: the ward's latest answer it had) and what
    # an earlier roll-up into the same output held: a cell now left empty is cleared there
    before = _input_values(ws, frow, cols)
    before_out = _previous_output(out, district_unit, per.code) if out.exists() else {}
    unsettled: list[Unsettled] = []
    cleared: list[Unsettled] = []
    filled: list[dict[str, Any]] = []
    counts = dict.fromkeys(STATUSES, 0)
    for r in range(frow + 1, ws.max_row + 1):
        key = nfc(ws.cell(row=r, column=cols["key"]).value)
        if not key:
            continue
        values, issues = _row_values(key, bodies, latest, names, limit)
        for it in issues:
            it.row = r
        unsettled += issues
        if values["status"]:
            counts[values["status"]] += 1
        earlier = {
            f: before_out.get(key, {}).get(f) or before.get(key, {}).get(f) for f in INPUT_FIELDS
        }
        cleared += _write_inputs(ws, r, key, cols, values, earlier)
        _fit_row(ws, r, [(cols[f], values[f] or "") for f in ("result", "difficulties")])
        filled.append({"key": key, "row": r, **values})
    _save_book(wb, out)
    return {
        "output": str(out),
        "into": str(into),
        "period": per.code,
        "unit": district_unit,
        "rows": len(filled),
        "decided": sum(1 for f in filled if f["status"]),
        "statuses": {k: v for k, v in counts.items() if v},
        "filled": filled,
        "unsettled": [_item(u) for u in unsettled],
        "cleared": [_item(u) for u in cleared],
        "clear_marks": sum(1 for f in filled for k in INPUT_FIELDS if f[k] in (None, "")),
    }


def _item(u: Unsettled) -> dict[str, Any]:
    return u.as_dict() | {
        "field_label": u.field_label(),
        "label": u.label(),
        "message": u.message(),
        "hint": u.hint(),
    }
