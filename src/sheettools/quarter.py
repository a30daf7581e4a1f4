"""What the committee reads about one period, as plain data: each task's synthesis of the
units' reports and its consolidated status *explained*, the returns (on time, late, missing,
unreadable), value problems, notable results and the difficulties units wrote, grouped.

Built once from ``periodstatus.analyze`` and shared by the committee workbook (``summary``) and the
Word report (``report``). Texts are in the language given; figures are plain numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter

from .i18n import tr
from .model import DONE_STATUSES, KIND_GROUP, LEVEL_WARD, STATUS_EN, STATUSES, Report, Task
from .periodstatus import BUCKETS, PeriodAnalysis, TaskState, completed
from .selection import unit_expander
from .textutil import fold

NO_REPORT = "no_report"
LEAD_RESULT_CHARS = 180  # the lead unit's result, shortened, in the detail sheet
LEAD_RESULTS_TOTAL = 200  # several lead units: their results together
NOTABLE_PER_SECTION = 5


def status_word(status: str | None, lang: str, *, lower: bool = False) -> str:
    if status is None:
        s = tr("Chưa báo cáo", "Not reported", lang)
    else:
        s = STATUS_EN.get(status, status) if lang == "en" else status
    return s[0].lower() + s[1:] if lower and s else s


_BODY_LINE = re.compile(r"\[([^\]\n]{1,150})\] ?(.*)")


def difficulty_items(text: str) -> list[str]:
    """The difficulties one report's text holds: a ward's rolled-up text (``rollup``: one
    ``[Body] text`` line per body, ``cascade.combine_texts``; a body's text may run on over
    the next lines) gives each body's text, without the body's name; any other text is one.
    The committee's report groups the same difficulty raised by several bodies and units."""
    text = text.strip()
    lines = text.split("\n")
    if not text or not _BODY_LINE.match(lines[0]):
        return [text] if text else []
    items: list[str] = []
    for line in lines:
        m = _BODY_LINE.match(line)
        if m:
            items.append(m.group(2))
        else:
            items[-1] += "\n" + line
    return [x.strip() for x in items if x.strip()]


def task_text(content: str, limit: int) -> str:
    """A task's content in a sentence of the report: without the plan cell's leading bullet
    (``- ``, ``+ ``, ``•``), shortened to ``limit`` characters."""
    return shorten(re.sub(r"^[-–+•*]+\s+", "", content.strip()), limit)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary, ``…`` when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.-") + " …"


@dataclass
class TaskDigest:
    state: TaskState
    status: str | None  # the consolidated status shown (one of STATUSES, None = no report)
    status_note: str  # why: lead units' statuses counted, average progress
    synthesis: str  # "14/14 phường đã báo cáo: 10 hoàn thành, 4 đang thực hiện"
    reported: int  # units that reported a status this period
    expected: int  # units asked to report on the task
    lead_result: str  # the lead units' results, shortened
    reason: str  # the lead units' difficulties (why it is late), "" when none
    reports: list[Report] = field(default_factory=list)  # this period, leads first

    @property
    def mark(self) -> str:
        s = self.state
        if s.bucket == "not_done_overdue":
            return "overdue"
        return "due_soon" if s.due_soon else ""


@dataclass
class ReturnRow:
    unit: str
    name: str
    state: str  # on_time | late | missing | unreadable
    received: str  # dd/mm/yyyy HH:MM in the office's zone, "" when none
    days_late: int
    tasks: int
    reported: int
    done: int
    note: str = ""  # why unreadable, unverified file


@dataclass
class QuarterFacts:
    a: PeriodAnalysis
    lang: str
    digests: list[TaskDigest]
    returns: list[ReturnRow]
    sections: list[dict]  # {"section", "title", "tasks", "done", "overdue", "buckets", ...}
    problems: list[dict]  # {"unit", "name", "key", "number", "label", "file"}
    difficulties: list[dict]  # {"text", "units": [names], "tasks": n}
    notable: dict[str, list[dict]]  # section -> [{"number", "content", "unit", "result"}]
    buckets: dict[str, int]
    names: dict[str, str]

    @property
    def overdue(self) -> list[TaskDigest]:
        od = [d for d in self.digests if d.state.bucket == "not_done_overdue"]
        return sorted(od, key=lambda d: (-d.state.days_overdue, d.state.task.order))

    @property
    def due_soon(self) -> list[TaskDigest]:
        return [d for d in self.digests if d.state.due_soon]

    def returns_in(self, state: str) -> list[ReturnRow]:
        return [r for r in self.returns if r.state == state]


_status_of = attrgetter("status")


def _count_text(counts: dict[str | None, int], lang: str) -> str:
    order = list(STATUSES) + [None]
    parts = [
        f"{counts[s]} {status_word(s, lang, lower=True)}" for s in order if counts.get(s)
    ]  # fmt: skip
    return ", ".join(parts)


def _consolidated(st: TaskState, carried: dict, lang: str) -> tuple[str | None, str]:
    """The status shown for a task and its explanation, from its lead units' latest reports."""
    leads = st.lead_units
    statuses = [
        (r.status if (r := carried.get((st.task.key, u))) is not None else None) for u in leads
    ]
    reported = [s for s in statuses if s is not None]
    n = len(leads)
    counts: dict[str | None, int] = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    done_n = sum(s in DONE_STATUSES for s in statuses)
    if st.done:
        shown = st.status
    elif not reported:
        shown = None
    elif len(set(reported)) == 1 and len(reported) == n:
        shown = reported[0]
    elif "Chậm tiến độ" in reported:
        shown = "Chậm tiến độ"
    elif all(s == "Không thực hiện" for s in reported):
        shown = "Không thực hiện"
    elif all(s == "Chưa triển khai" for s in reported):
        shown = "Chưa triển khai"
    else:
        shown = "Đang thực hiện"
    bits = []
    if n > 1:
        bits.append(
            tr("{d}/{n} đơn vị chủ trì hoàn thành", "{d}/{n} lead units done", lang).format(
                d=done_n, n=n
            )
        )
        rest = {s: c for s, c in counts.items() if s not in DONE_STATUSES}
        if rest and not st.done:
            bits.append(_count_text(rest, lang))
    elif n == 0:
        bits.append(tr("không có đơn vị chủ trì", "no lead unit", lang))
    if st.progress is not None and not st.done:
        bits.append(
            tr("tiến độ bình quân {p}%", "average progress {p}%", lang).format(p=st.progress)
            if n > 1
            else tr("tiến độ {p}%", "progress {p}%", lang).format(p=st.progress)
        )
    note = "; ".join(bits)
    return shown, (note[0].upper() + note[1:] if note else "")


def _unreadable(a: PeriodAnalysis) -> dict[str, str]:
    """Units that sent nothing usable for this period but files merge rejected (the master's
    ``rejected`` sheet, attached to each return by ``periodstatus.analyze``): unit -> why, with the
    file (the latest rejected)."""
    out: dict[str, str] = {}
    for ret in a.returns.values():
        if ret.state == "missing" and ret.rejected:
            rj = ret.rejected[-1]
            why = rj.reason or rj.reason_code
            out[ret.unit] = f"{why} ({rj.file})" if rj.file and rj.file not in why else why
    return out


_ROMAN = re.compile(r"^[IVXLC]+(?:\.[\dIVXLC]+)*\.?$")


def sentence_case(text: str) -> str:
    """A heading typed in capitals as a sentence: ``CÁC CHỈ TIÊU CHỦ YẾU`` → ``Các chỉ tiêu chủ
    yếu``. Only the leading run of words in capitals is lowered (what follows, such as
    ``(Kế hoạch của Đảng ủy phường Long Biên - mục III.1)``, is kept as typed), and Roman
    numerals and acronyms stay (``MTTQ``, ``III.1``)."""
    out: list[str] = []
    lowering = True
    for w in text.split(" "):
        letters = [c for c in w if c.isalpha()]
        if lowering and letters and not all(c.isupper() for c in letters):
            lowering = False
        if lowering and letters and not _ROMAN.match(w) and w.strip("()[],.;:") not in _ACRONYMS:
            w = w.lower()
            if all(_ROMAN.match(x) or not x for x in out):  # the first word: a capital
                w = w[:1].upper() + w[1:]
        out.append(w)
    s = " ".join(out)
    return s[:1].upper() + s[1:]


_ACRONYMS = {"UBND", "HĐND", "MTTQ", "VMĐT", "TDP", "CCB", "ĐTN", "PN", "BCH", "BTV"}


def section_titles(tasks: list) -> dict[str, str]:
    """Section -> its heading's text: the group row numbered as the section (``I``), or keyed
    as it (a ward's own section ``PH.I``, numbered ``I``)."""
    return {
        t.section: t.content
        for t in tasks
        if t.kind == KIND_GROUP and t.section in (t.number, t.key) and t.content
    }


def quarter_facts(a: PeriodAnalysis, lang: str) -> QuarterFacts:
    """Everything the committee reads about ``a``'s period (see the module docstring)."""
    m = a.master
    names = {u.code: u.name for u in m.units}
    order = {u.code: i for i, u in enumerate(m.units)}
    digests = _task_digests(a, lang, names, _reports_by_task(a, order))
    difficulties, notable = _difficulties_and_notable(digests, names)
    buckets = dict.fromkeys(BUCKETS, 0)
    for d in digests:
        buckets[d.state.bucket] += 1
    return QuarterFacts(
        a=a, lang=lang, digests=digests, returns=_return_rows(a, lang, names, order),
        sections=_section_figures(digests, m.tasks), problems=_problem_rows(a, lang, names),
        difficulties=difficulties, notable=notable, buckets=buckets, names=names,
    )  # fmt: skip


def _reports_by_task(a: PeriodAnalysis, order: dict[str, int]) -> dict[str, list[Report]]:
    """Each task's reports in the registry's order of units (one sort of all of them, keyed
    by C-level look-ups: a large quarter holds 80,000)."""
    current = list(a.current.values())
    rank = list(map(order.get, [r.unit for r in current], repeat(1 << 30)))
    by_key: dict[str, list[Report]] = {}
    for i in sorted(range(len(current)), key=rank.__getitem__):
        r = current[i]
        same = by_key.get(r.key)
        if same is None:
            by_key[r.key] = [r]
        else:
            same.append(r)
    return by_key


def _lead_result(with_text: list[Report], names: dict[str, str], lang: str) -> str:
    """The lead units' results for the summary table: one unit's shortened, several named
    and cut to a total, with a line that counts the units left out."""
    if len(with_text) == 1:
        return shorten(with_text[0].result, LEAD_RESULT_CHARS)
    if not with_text:
        return ""
    each = max(90, LEAD_RESULTS_TOTAL // len(with_text))
    parts: list[str] = []
    used = 0
    for r in with_text:
        piece = f"{names.get(r.unit, r.unit)}: {shorten(r.result, each)}"
        if used + len(piece) > LEAD_RESULTS_TOTAL and parts:
            more = len(with_text) - len(parts)
            parts.append(
                tr("… và {k} đơn vị khác (xem Phụ lục)", "… and {k} more (see Appendix)",
                   lang).format(k=more)
            )  # fmt: skip
            break
        parts.append(piece)
        used += len(piece)
    return "\n".join(parts)


def _task_digests(
    a: PeriodAnalysis, lang: str, names: dict[str, str], by_key: dict[str, list[Report]]
) -> list[TaskDigest]:
    """One digest per task of ``a``: who was asked and who reported, the consolidated status,
    the lead units' results and difficulties."""
    m = a.master
    levels = {u.code: u.level for u in m.units}
    ward_master = bool(m.settings.get("district_unit"))
    reporting = {u.code for u in m.units if u.reports}
    expand = unit_expander(m)
    digests: list[TaskDigest] = []
    for st in a.tasks:
        t = st.task
        leads = st.lead_units
        lead_set = set(leads)
        reps = by_key.get(t.key, [])  # lead units first, then in the registry's order
        reps = [r for r in reps if r.unit in lead_set] + [r for r in reps if r.unit not in lead_set]
        coords = expand(t.coordinating_units)
        asked = [u for u in dict.fromkeys(leads + coords) if u in reporting]
        asked_set = set(asked)
        asked += [r.unit for r in reps if r.unit not in asked_set]
        counts: dict[str | None, int] = Counter(map(_status_of, reps))
        counts.pop(None, None)
        n_rep = sum(counts.values())
        # (in a ward's own master, plan derive, the units are the ward's bodies: not wards)
        wards = not ward_master and bool(asked)
        wards = wards and all(levels.get(u) == LEVEL_WARD for u in asked)
        noun = tr("phường", "wards", lang) if wards else tr("đơn vị", "units", lang)
        synthesis = tr("{r}/{n} {noun} đã báo cáo", "{r}/{n} {noun} reported", lang).format(
            r=n_rep, n=len(asked), noun=noun
        )
        if counts:
            synthesis += ": " + _count_text(counts, lang)
        shown, note = _consolidated(st, a.carried, lang)
        lead_reps = [a.carried.get((t.key, u)) for u in leads]
        with_text = [r for r in lead_reps if r is not None and r.result.strip()]
        # each difficulty once (a ward's rolled-up text gives one per body), without the
        # closing full stop that would read ".;" once joined
        reasons = list(
            {
                fold(x): x.rstrip(" .;")
                for r in lead_reps
                if r and r.difficulties.strip()
                for x in difficulty_items(r.difficulties)
            }.values()
        )
        digests.append(
            TaskDigest(
                state=st, status=shown, status_note=note, synthesis=synthesis, reported=n_rep,
                expected=len(asked), lead_result=_lead_result(with_text, names, lang),
                reason="; ".join(reasons), reports=reps,
            )
        )  # fmt: skip
    return digests


def _return_rows(
    a: PeriodAnalysis, lang: str, names: dict[str, str], order: dict[str, int]
) -> list[ReturnRow]:
    """The returns, per expected unit (and units that sent something unasked)."""
    from .docinfo import fmt_received, office_tz, setting

    tz = office_tz(setting(a.master, "timezone"))
    unreadable = _unreadable(a)
    unverified = {u for u, _f in a.unverified}
    rets: list[ReturnRow] = []
    lookup: Callable[[tuple[str, str]], Report | None] = a.current.get
    for ret in sorted(a.returns.values(), key=lambda x: order.get(x.unit, 1 << 30)):
        if not ret.expected and ret.state == "missing":
            continue
        keys = [t.key for t, _role in ret.tasks]
        got: list[Report | None] = list(map(lookup, zip(keys, repeat(ret.unit))))
        state = ret.state
        note = ""
        if state == "missing" and ret.unit in unreadable:
            state, note = "unreadable", unreadable[ret.unit]
        elif ret.unit in unverified:
            note = tr("Tệp chưa xác thực", "Unverified file", lang)
        rets.append(
            ReturnRow(
                unit=ret.unit, name=names.get(ret.unit, ret.unit), state=state,
                received=fmt_received(ret.first_received, tz), days_late=ret.days_late,
                tasks=len(keys), reported=sum(1 for x in got if x is not None and x.status),
                done=sum(1 for x in got if x is not None and x.status in DONE_STATUSES),
                note=note,
            )
        )  # fmt: skip
    return rets


def _section_figures(digests: list[TaskDigest], tasks: list[Task]) -> list[dict]:
    """The figures of each section of the plan, in the plan's order."""
    titles = section_titles(tasks)
    sections: dict[str, dict] = {}
    for d in digests:
        st = d.state
        sec = sections.setdefault(
            st.task.section,
            {"section": st.task.section, "title": titles.get(st.task.section, ""), "tasks": 0,
             "done": 0, "overdue": 0, "buckets": dict.fromkeys(BUCKETS, 0),
             "status": {s: 0 for s in list(STATUSES) + [NO_REPORT]}},
        )  # fmt: skip
        sec["tasks"] += 1
        sec["done"] += completed(st)
        sec["overdue"] += st.bucket == "not_done_overdue"
        sec["buckets"][st.bucket] += 1
        sec["status"][d.status if d.status in STATUSES else NO_REPORT] += 1
    for sec in sections.values():
        sec["rate"] = round(sec["done"] / sec["tasks"], 4) if sec["tasks"] else 0.0
    return [sections[k] for k in sections]


def _problem_rows(a: PeriodAnalysis, lang: str, names: dict[str, str]) -> list[dict]:
    """The value problems, in words: unverified files, then each flag of each report."""
    from .docinfo import problem_label

    tasks = {t.key: t for t in a.master.tasks}
    problems: list[dict] = [
        {"unit": u, "name": names.get(u, u), "key": "", "number": "",
         "label": problem_label("unverified", lang), "file": f}
        for u, f in a.unverified
    ]  # fmt: skip
    for u, key, flags in a.flagged:
        rep = a.current.get((key, u))
        tk = tasks.get(key)
        for fl in flags:
            problems.append(
                {"unit": u, "name": names.get(u, u), "key": key, "number": tk.number if tk else "",
                 "label": problem_label(fl, lang), "file": rep.source_file if rep else ""}
            )  # fmt: skip
    return problems


def _difficulties_and_notable(
    digests: list[TaskDigest], names: dict[str, str]
) -> tuple[list[dict], dict[str, list[dict]]]:
    """The difficulties grouped by their (folded) text, most units first; the notable results
    by section (one per task, each text once, NOTABLE_PER_SECTION at most). The report writes
    the units in brackets: a name's own brackets become a dash there (``(Quận Đoàn – Đoàn TNCS
    Hồ Chí Minh quận)``, never ``(Quận Đoàn (Đoàn TNCS Hồ Chí Minh quận))``)."""

    def shown(code: str) -> str:
        name = names.get(code, code)
        return re.sub(r"\s*\(([^()]*)\)", r" – \1", name).strip() if "(" in name else name

    groups_d: dict[str, dict] = {}
    notable: dict[str, list[dict]] = {}
    seen_notable: set[tuple[str, str]] = set()
    seen_notable_tasks: set[str] = set()
    for d in digests:
        t = d.state.task
        lead_set = set(d.state.lead_units)
        for r in d.reports:
            if r.difficulties and r.difficulties.strip():
                for item in difficulty_items(r.difficulties):
                    k = fold(item.rstrip(" .;"))
                    g = groups_d.setdefault(k, {"text": item, "units": {}, "tasks": 0})
                    g["units"].setdefault(r.unit, None)
                    g["tasks"] += 1
            if r.unit in lead_set and r.status in DONE_STATUSES and r.result.strip():
                lst = notable.setdefault(t.section, [])
                fk = (t.section, fold(r.result))
                # one result per task, each text once: the section's results, not one task's
                if (len(lst) < NOTABLE_PER_SECTION and fk not in seen_notable
                        and t.key not in seen_notable_tasks):  # fmt: skip
                    seen_notable.add(fk)
                    seen_notable_tasks.add(t.key)
                    lst.append(
                        {"number": t.number,
                         "content": task_text(t.content, 160),
                         "unit": shown(r.unit), "result": shorten(r.result, 400)}
                    )  # fmt: skip
    difficulties = sorted(
        (
            {"text": g["text"], "units": [shown(u) for u in g["units"]], "tasks": g["tasks"]}
            for g in groups_d.values()
        ),
        key=lambda g: (-len(g["units"]), -g["tasks"], g["text"]),
    )
    return difficulties, notable
