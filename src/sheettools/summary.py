"""The committee's quarterly workbook (``sheettools summary``), made to be read on A4.

Sheets: an overview of two A4 pages (the Decree 30/2020/NĐ-CP header from the master's
``settings`` sheet, key figures, the follow-up buckets, completion by section with two charts
kept whole on page 1, returns on time / late / missing / unreadable, value problems, then
``Nơi nhận`` and the signature block); the detail (one row per task in the plan's order: a
synthesis of the units' reports, the consolidated status explained, the lead units' result
shortened, overdue and due-soon marked, 10 pt); overdue tasks with the reasons units gave;
units and their returns (units that sent nothing stand apart from units at 0 %); value
problems in words; changes since the previous quarter; and an appendix with every unit's
full text (9 pt, rows sized from the text with ``textfit``, split over continuation rows,
never cut).

Figures come from ``periodstatus.analyze`` and ``quarter.quarter_facts``; fonts, colours and sheet
names from the ``summary.json`` template (``workbook_templates/`` overrides the default).
Unit text is always written with ``write_string``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

from . import textfit
from .docinfo import DocHeader, committee_output, doc_header, fmt_date, period_label
from .errors import TemplateError
from .i18n import get_lang, tr
from .model import DONE_STATUSES, KIND_GROUP, ROLE_LEAD, STATUSES
from .periodstatus import (
    BUCKET_LABELS,
    BUCKETS,
    PeriodAnalysis,
    UnitReturn,
    analyze,
    completed,
    previous_period,
)
from .quarter import (
    NO_REPORT,
    QuarterFacts,
    TaskDigest,
    quarter_facts,
    section_titles,
    sentence_case,
    status_word,
)
from .store import load_master
from .templates import find_template, load_template_json
from .xlsxfast import splice_rows
from .xlsxio import cannot_write, close_workbook, new_workbook, temp_beside

TEMPLATE_NAME = "summary.json"
MAX_CELL = 32767  # Excel's limit on the characters of one cell
A4 = 9
# Column widths are chosen so each sheet fits A4's printable width at 100 %: with Times New
# Roman 11 as the Normal font LibreOffice shows a character unit as 7.33 px (Excel as 7 px),
# so sum(7.33 * width + 5) stays under 707 px (portrait) or 1036 px (landscape), with 2 % to
# spare. Row heights are computed with Excel's narrower 7 px, so text never outgrows its row.
PAGE_HEIGHT_PT = 750.0  # A4 portrait, less the margins below
SIZES = {"overview": 11, "detail": 9, "table": 10, "appendix": 8}


def load_summary_template(templates_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """The summary template (package default merged with the office's copy), checked."""
    tpl = load_template_json(TEMPLATE_NAME, templates_dir)

    def bad(what: str) -> TemplateError:
        return TemplateError(
            tr("Mẫu sổ tổng hợp không hợp lệ", "Invalid summary template") + f": {what}",
            hint=tr(
                "Sửa tệp mẫu hoặc xóa nó để dùng mẫu mặc định",
                "Fix the template or delete it to use the default",
            ),
            file=str(find_template(TEMPLATE_NAME, templates_dir)),
        )

    font = tpl.get("font")
    if not isinstance(font, dict) or not isinstance(font.get("name"), str) or not font["name"]:
        raise bad('"font": {"name": "...", "size": 11}')
    if not isinstance(font.get("size"), (int, float)) or not 8 <= font["size"] <= 16:
        raise bad('"font.size" (8-16)')
    if not all(isinstance(tpl.get("footer", {}).get(lg), str) for lg in ("vi", "en")):
        raise bad('"footer"')
    names = []
    for key, val in tpl.get("sheets", {}).items():
        for lg in ("vi", "en"):
            name = val.get(lg) if isinstance(val, dict) else None
            if not isinstance(name, str) or not name.strip() or len(name) > 31:
                raise bad(f'"sheets.{key}.{lg}" ' + tr("(1-31 ký tự)", "(1-31 characters)"))
            if any(ch in name for ch in "[]:*?/\\"):
                raise bad(f'"sheets.{key}.{lg}" ' + tr("có ký tự cấm", "has a forbidden character"))
            names.append((lg, name.casefold()))
    if len(set(names)) != len(names):
        raise bad('"sheets" ' + tr("có tên trùng nhau", "has duplicate names"))
    return tpl


# --- the writer's toolbox --------------------------------------------------------------------


class _Formats:
    """Formats created on demand, all in the template's font (size per sheet)."""

    def __init__(self, wb, font_name: str) -> None:
        self.wb = wb
        self.font = font_name
        self.cache: dict[tuple, Any] = {}

    def __call__(self, size: float, **kw) -> Any:
        key = (size, *sorted(kw.items()))
        if key not in self.cache:
            base = {"font_name": self.font, "font_size": size, "valign": "top"}
            self.cache[key] = self.wb.add_format({**base, **kw})
        return self.cache[key]


class _Sheet:
    """One worksheet: its columns, its font size, and rows written with heights that fit
    their text (wrapped with Times New Roman's widths)."""

    def __init__(
        self, w: _Writer, key: str, vi: str, en: str, widths: Sequence[float], size: float
    ):
        self.w = w
        self.ws = w.wb.add_worksheet(w.sheet_name(key, vi, en))
        self.widths = list(widths)
        self.size = size
        self.row = 0
        for c, wd in enumerate(widths):
            self.ws.set_column(c, c, wd)
        self.default_pt = textfit.row_pt(1, size)
        self.ws.set_default_row(self.default_pt)
        self.heights: dict[int, float] = {}
        set_row = self.ws.set_row

        def recorded(r: int, height: float, *args, **kw):
            self.heights[r] = height
            return set_row(r, height, *args, **kw)

        self.ws.set_row = recorded  # every height set is known: pages can be budgeted

    def used_pt(self, r0: int, r1: int) -> float:
        """The height of rows r0..r1-1 in points."""
        return sum(self.heights.get(r, self.default_pt) for r in range(r0, r1))

    def f(self, **kw) -> Any:
        return self.w.f(self.size, **kw)

    def span_width(self, c0: int, c1: int) -> float:
        """Character units of columns c0..c1 merged (the padding between them counts)."""
        return sum(self.widths[c0 : c1 + 1]) + (c1 - c0) * 5 / 7

    def height(self, texts: list[tuple[str, float, bool]], size: float | None = None) -> float:
        """The row height that shows every (text, width, bold) in full."""
        size = size or self.size
        lines = max([textfit.lines_needed(t, wd, size, b) for t, wd, b in texts if t] or [1])
        return textfit.row_pt(lines, size)

    def text(self, r: int, c0: int, c1: int, text: str, fmt) -> None:
        """Text across columns c0..c1 (merged when wider than one column)."""
        if c1 > c0:
            self.ws.merge_range(r, c0, r, c1, "", fmt)
        if text:
            self.ws.write_string(r, c0, text, fmt)
        elif c1 == c0:
            self.ws.write_blank(r, c0, None, fmt)

    def line(self, text: str, fmt, size: float | None = None, c0: int = 0, c1: int | None = None,
             bold: bool = False) -> int:  # fmt: skip
        """A full-width line of text; returns its row."""
        c1 = len(self.widths) - 1 if c1 is None else c1
        r = self.row
        self.text(r, c0, c1, text, fmt)
        self.ws.set_row(r, self.height([(text, self.span_width(c0, c1), bold)], size))
        self.row += 1
        return r

    def table_row(self, values: Sequence[Any], fmts: Sequence[Any], spans: Sequence[tuple[int, int]] | None = None,
                  bold: bool = False) -> int:  # fmt: skip
        """One row of a table: values (str, int, float, None) into columns or spans."""
        spans = spans or [(c, c) for c in range(len(values))]
        r = self.row
        texts = []
        for v, fmt, (c0, c1) in zip(values, fmts, spans, strict=True):
            if isinstance(v, bool) or v is None or v == "":
                if c1 > c0:
                    self.ws.merge_range(r, c0, r, c1, "", fmt)
                else:
                    self.ws.write_blank(r, c0, None, fmt)
            elif isinstance(v, (int, float)):
                if c1 > c0:
                    self.ws.merge_range(r, c0, r, c1, "", fmt)
                self.ws.write_number(r, c0, v, fmt)
            else:
                self.text(r, c0, c1, str(v), fmt)
                texts.append((str(v), self.span_width(c0, c1), bold))
        self.ws.set_row(r, self.height(texts))
        self.row += 1
        return r

    def page(self, landscape: bool, header_row: int | None = None, fit: bool = True) -> None:
        """A4, fit to the page's width (``fit``; else at 100 %), margins, page numbers, the
        table's header row repeated on every page."""
        ws = self.ws
        if landscape:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_paper(A4)
        if fit:
            ws.fit_to_pages(1, 0)
        else:
            ws.set_print_scale(100)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        footer = str(self.w.lt(self.w.tpl.get("footer")) or "")
        if footer:
            ws.set_footer('&C&"Times New Roman"&9' + footer.replace("&C", ""))
        if header_row is not None:
            ws.repeat_rows(header_row)
            ws.freeze_panes(header_row + 1, 0)


class _Writer:
    def __init__(self, facts: QuarterFacts, doc: DocHeader, tpl: dict, lang: str, wb) -> None:
        self.q, self.a, self.doc, self.tpl, self.lang, self.wb = facts, facts.a, doc, tpl, lang, wb
        self.f = _Formats(wb, tpl["font"]["name"])
        self.colors = tpl.get("colors", {})
        self.names = facts.names
        self.tasks = {t.key: t for t in facts.a.master.tasks}

    def t(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    def lt(self, node: Any) -> Any:
        """A template value in the chosen language."""
        if isinstance(node, dict) and ("vi" in node or "en" in node):
            return node.get(self.lang, node.get("vi"))
        return node

    def sheet_name(self, key: str, vi: str, en: str) -> str:
        name = self.lt(self.tpl.get("sheets", {}).get(key)) or self.t(vi, en)
        return str(name)[:31]

    def color(self, key: str, default: str) -> str:
        return str(self.colors.get(key, default))

    def units_text(self, codes: list[str]) -> str:
        return "; ".join(self.names.get(c, c) for c in codes)

    def period_line(self) -> str:
        a = self.a
        return self.t(
            "{p} — số liệu tính đến ngày {d} (hạn gửi báo cáo {due})",
            "{p} — figures as of {d} (reports due {due})",
        ).format(p=period_label(a.period, self.lang), d=fmt_date(a.as_of), due=fmt_date(a.due_date))

    def sheet_title(self, sh: _Sheet, title: str, note: str = "") -> None:
        """Title lines on top of a sheet other than the overview."""
        size = sh.size
        sh.line(title, sh.f(bold=True, font_size=size + 2, align="center", text_wrap=True),
                size + 2, bold=True)  # fmt: skip
        sh.line(self.period_line(), sh.f(italic=True, align="center", text_wrap=True))
        if note:
            sh.line(note, sh.f(italic=True, text_wrap=True, font_color="#404040"))
        sh.row += 1

    def header(self, sh: _Sheet, size: float) -> None:
        """Decree 30 header: issuing body and national motto with rule lines, number, place
        and date, title and subject (see docinfo). Columns: left block 0..2 with its rule under
        column 1; right block 3..7 with its rule under columns 4..6."""
        d, ws, f = self.doc, sh.ws, self.f
        c = {"align": "center", "valign": "vcenter"}
        r = sh.row
        # an office without a governing body puts its own name on the first line (Decree 30)
        left = [(d.governing_body, False)] if d.governing_body else []
        left += [(d.issuing_body, True), ("", False)]
        sh.text(r, 0, 2, left[0][0], f(size, bold=left[0][1], **c))
        sh.text(r, 3, 7, d.motto[0], f(size, bold=True, **c))
        ws.set_row(r, textfit.row_pt(1, size + 1))
        r += 1
        sh.text(r, 0, 2, left[1][0], f(size, bold=left[1][1], **c))
        sh.text(r, 3, 7, d.motto[1], f(size + 1, bold=True, **c))
        ws.set_row(r, textfit.row_pt(1, size + 1))
        r += 1
        rule = f(size, bottom=1)
        ws.write_blank(r, 1, None, rule)
        ws.merge_range(r, 4, r, 6, "", rule)
        ws.set_row(r, 4)
        r += 1
        ws.set_row(r, 8)
        r += 1
        sh.text(r, 0, 2, d.number, f(size, **c))
        sh.text(r, 3, 7, d.date_line, f(size, italic=True, **c))
        ws.set_row(r, textfit.row_pt(1, size))
        r += 2
        sh.row = r
        sh.line(d.title, f(size + 3, bold=True, align="center"), size + 3, bold=True)
        sh.line(d.subject, f(size + 1, bold=True, align="center", text_wrap=True), size + 1,
                bold=True)  # fmt: skip
        sh.line(self.period_line(), f(size, italic=True, align="center", text_wrap=True))
        sh.row += 1

    def closing(self, sh: _Sheet, size: float) -> None:
        """``Nơi nhận`` (left) and the signature block (right)."""
        d, ws, f = self.doc, sh.ws, self.f
        sh.row += 1
        r0 = sh.row
        left = [(self.t("Nơi nhận:", "Recipients:"), f(size - 1, bold=True, italic=True))]
        for i, item in enumerate(d.recipients):
            end = "." if i == len(d.recipients) - 1 else ";"
            left.append(("- " + item.rstrip(";.") + end, f(size - 2, text_wrap=True)))
        right = [
            (d.signer_authority, f(size, bold=True, align="center")),
            (d.signer_title, f(size, bold=True, align="center")),
            ("", None), ("", None), ("", None),
            (d.signer_name, f(size, bold=True, align="center")),
        ]  # fmt: skip
        for i in range(max(len(left), len(right))):
            r = r0 + i
            texts = []
            if i < len(left):
                sh.text(r, 0, 2, left[i][0], left[i][1])
                texts.append((left[i][0], sh.span_width(0, 2), False))
            if i < len(right) and right[i][1] is not None:
                sh.text(r, 4, 7, right[i][0], right[i][1])
            ws.set_row(r, sh.height(texts, size - 1))
        sh.row = r0 + max(len(left), len(right)) + 1


# --- figures -------------------------------------------------------------------------------


def _group_of(tasks: dict, key: str) -> str | None:
    t = tasks.get(key)
    p = t.parent if t else None
    seen = 0
    while p and seen < 50:
        pt = tasks.get(p)
        if pt is None:
            return None
        if pt.kind == KIND_GROUP:
            return p
        p, seen = pt.parent, seen + 1
    return None


def overview_figures(a: PeriodAnalysis) -> dict[str, Any]:
    """The figures of the overview sheet, as plain data (also returned by write_summary)."""
    tasks = {t.key: t for t in a.master.tasks}
    status_keys = list(STATUSES) + [NO_REPORT]
    by_section: dict[str, dict[str, int]] = {}
    by_group: dict[str, dict[str, int]] = {}
    buckets = dict.fromkeys(BUCKETS, 0)
    done = 0
    for s in a.tasks:
        sk = s.status if s.status in STATUSES else NO_REPORT
        for table, k in ((by_section, s.task.section), (by_group, _group_of(tasks, s.task.key))):
            if k is None:
                continue
            row = table.setdefault(k, {**dict.fromkeys(status_keys, 0), "total": 0})
            row[sk] += 1
            row["total"] += 1
        buckets[s.bucket] += 1
        done += completed(s)
    expected = [r for r in a.returns.values() if r.expected]
    on_time = sum(r.state == "on_time" for r in expected)
    late = sum(r.state == "late" for r in expected)
    missing = sum(r.state == "missing" for r in expected)
    n = len(a.tasks)
    return {
        "period": a.period.code,
        "as_of": a.as_of.isoformat(),
        "deadline_as_of": a.as_of_eff.isoformat(),
        "due_date": a.due_date.isoformat(),
        "tasks": n,
        "done": done,
        "completion_rate": round(done / n, 4) if n else 0.0,
        "expected_units": len(expected),
        "returned_on_time": on_time,
        "returned_late": late,
        "missing_units": missing,
        "on_time_rate": round(on_time / len(expected), 4) if expected else 0.0,
        "overdue": buckets["not_done_overdue"],
        "due_soon": sum(s.due_soon for s in a.tasks),
        "empty_entries": len(a.empty_entries),
        "unverified": len(a.unverified),
        "flagged_values": len(a.flagged),
        "buckets": buckets,
        "by_section": by_section,
        "by_group": by_group,
        "units": _unit_figures(a, expected),
    }


def _unit_figures(a: PeriodAnalysis, expected: list[UnitReturn]) -> list[dict[str, Any]]:
    """Per expected unit: its tasks, how many it reported and finished, the overdue tasks it
    leads, its return's state."""
    overdue_keys = {s.task.key for s in a.tasks if s.bucket == "not_done_overdue"}
    status_of = {k: rep.status for k, rep in a.current.items()}  # (key, unit) -> status
    units = []
    for r in expected:
        keys = [t.key for t, _role in r.tasks]
        statuses = Counter(map(status_of.get, zip(keys, repeat(r.unit))))
        reported = len(keys) - statuses[None]
        udone = sum(statuses[s] for s in DONE_STATUSES)
        overdue = sum(1 for t, role in r.tasks if role == ROLE_LEAD and t.key in overdue_keys)
        units.append(
            {
                "unit": r.unit,
                "tasks": len(keys),
                "reported": reported,
                "done": udone,
                "overdue": overdue,
                "return": r.state,
                "days_late": r.days_late,
                "completion_rate": round(udone / len(keys), 4) if keys else 0.0,
            }
        )
    return units


def changes_since(a: PeriodAnalysis, prev: PeriodAnalysis) -> dict[str, list[str]]:
    before = {s.task.key: s for s in prev.tasks}
    newly_done, newly_overdue = [], []
    for s in a.tasks:
        b = before.get(s.task.key)
        if completed(s) and not (b and completed(b)):
            newly_done.append(s.task.key)
        if s.bucket == "not_done_overdue" and not (b and b.bucket == "not_done_overdue"):
            newly_overdue.append(s.task.key)
    return {"newly_done": newly_done, "newly_overdue": newly_overdue}


# --- the workbook ---------------------------------------------------------------------------


def _previous_analysis(
    a: PeriodAnalysis, as_of: dt.date, due_soon_days: int | None
) -> PeriodAnalysis | None:
    """The task states of the period before ``a``'s (as of its end at the latest), when the
    master holds reports for it: the changes sheet compares the two."""
    master = a.master
    prev_p = previous_period(master, a.period)
    if prev_p is None or not any(r.period == prev_p.code for r in master.reports):
        return None
    prev_as_of = min(as_of, dt.date.fromisoformat(prev_p.end))
    return analyze(master, prev_p, prev_as_of, due_soon_days=due_soon_days, tasks_only=True)


def _write_book(
    out: Path,
    facts: QuarterFacts,
    doc: DocHeader,
    tpl: dict,
    lang: str,
    figures: dict[str, Any],
    prev: PeriodAnalysis | None,
) -> None:
    """Write the sheets into a workbook in memory, splice the appendix's rows in and write the
    result beside ``out``, then rename it into place (``figures["appendix_rows"]`` is set)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(out)
    try:
        title = tr("Tổng hợp", "Summary", lang) + f" {facts.a.period.code}"
        buf = io.BytesIO()
        wb = new_workbook(buf, in_memory=True, title=title,
                          default_font=(tpl["font"]["name"], tpl["font"]["size"]))  # fmt: skip
        w = _Writer(facts, doc, tpl, lang, wb)
        _overview_sheet(w, figures)
        _detail_sheet(w)
        _overdue_sheet(w)
        _units_sheet(w)
        _problems_sheet(w)
        if prev is not None:
            _changes_sheet(w, prev, figures["changes"])
        body = _appendix_sheet(w)
        close_workbook(wb, out)
        styles = probe_styles(buf.getvalue(), body.sheet, body.probe_row, len(body.probes))
        figures["appendix_rows"] = body.render(styles)
        try:
            with open(tmp, "wb") as fh:
                splice_rows(buf.getvalue(), fh, body.sheet, body.rows, body.merges,
                            last_col=body.last_col)  # fmt: skip
        except OSError as exc:
            raise cannot_write(out) from exc
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_summary(
    master_path: str | os.PathLike,
    period: str,
    output: str | os.PathLike,
    *,
    as_of: dt.date,
    force: bool = False,
    lang: str | None = None,
    templates_dir: str | os.PathLike | None = None,
    due_soon_days: int | None = None,
    pdf: bool = False,
) -> dict[str, Any]:
    """Write the committee workbook for ``period`` to ``output``; return its figures.

    Refuses to replace an existing ``output`` unless ``force``; the file is written beside
    it and renamed into place, so a failure never leaves half a workbook. With ``pdf`` a PDF
    is written beside it by LibreOffice (``figures["pdf"]``)."""
    out = committee_output(master_path, output, force=force, suffix=".xlsx")
    lang = lang or get_lang()
    tpl = load_summary_template(templates_dir)
    master = load_master(master_path)
    a = analyze(master, period, as_of, due_soon_days=due_soon_days)
    doc = doc_header(master, a.period, as_of, lang)
    facts = quarter_facts(a, lang)
    figures = overview_figures(a)
    figures["unreadable_units"] = len(facts.returns_in("unreadable"))
    figures["missing_units"] -= figures["unreadable_units"]
    prev = _previous_analysis(a, as_of, due_soon_days)
    if prev is not None:
        figures["changes"] = {"previous_period": prev.period.code, **changes_since(a, prev)}
    else:
        figures["changes"] = {"previous_period": None, "newly_done": [], "newly_overdue": []}
    _write_book(out, facts, doc, tpl, lang, figures, prev)
    figures["output"] = str(out)
    if pdf:
        from .pdf import to_pdf

        figures["pdf"] = str(to_pdf(out))
    return figures


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%".replace(".", ",")


class _OverviewFormats(NamedTuple):
    h2: Any  # the part titles
    head: Any  # table headers
    lab: Any  # a label cell
    num: Any  # a number cell
    bold_num: Any
    pct: Any


def _overview_sheet(w: _Writer, fig: dict[str, Any]) -> None:
    """Two A4 pages: page 1 the figures and the charts, page 2 the returns, problems and the
    closing. Columns: 8, 21, 8 | 10, 11, 12, 11, 10 (the header's rules sit under 1 and 4..6)."""
    size = SIZES["overview"]
    sh = _Sheet(w, "overview", "Tổng quan", "Overview", [8, 21, 8, 10, 11, 12, 11, 10], size)
    f = sh.f
    w.header(sh, size)
    fm = _OverviewFormats(
        h2=f(bold=True, font_size=size + 1),
        head=f(bold=True, border=1, text_wrap=True, align="center", valign="vcenter",
               bg_color=w.color("header_bg", "#DDEBF7")),
        lab=f(border=1, text_wrap=True),
        num=f(border=1, align="center"),
        bold_num=f(border=1, align="center", bold=True),
        pct=f(border=1, align="center", num_format="0%"),
    )  # fmt: skip
    _overview_key_figures(w, sh, fm, fig)
    buckets = _overview_buckets(w, sh, fm, fig)
    sections = _overview_sections(w, sh, fm)
    _overview_charts(w, sh, fig, buckets, sections)
    page2 = sh.row
    _overview_returns(w, sh, fm)
    # VI (written after V) value problems in one paragraph; V gets the room that is left
    vi_text = _problems_paragraph(w)
    vi_pt = sh.height([(vi_text, sh.span_width(0, 7), False)])
    closing_pt = (len(w.doc.recipients) + 3) * textfit.row_pt(1, size - 1) + 30
    _overview_overdue(w, sh, fm, page2, PAGE_HEIGHT_PT - vi_pt - closing_pt)
    sh.row += 1
    sh.line(w.t("VI. SỐ LIỆU CẦN XEM LẠI", "VI. VALUES TO CHECK"), fm.h2, size + 1, bold=True)
    sh.line(vi_text, f(text_wrap=True))
    w.closing(sh, size)
    sh.page(landscape=False)


def _overview_key_figures(w: _Writer, sh: _Sheet, fm: _OverviewFormats, fig: dict) -> None:
    """I. key figures: label, value | label, value."""
    size = SIZES["overview"]
    lab, bold_num = fm.lab, fm.bold_num
    sh.line(w.t("I. SỐ LIỆU CHÍNH", "I. KEY FIGURES"), fm.h2, size + 1, bold=True)
    pairs = [
        (w.t("Tổng số nhiệm vụ", "Tasks"), fig["tasks"],
         w.t("Đã hoàn thành", "Done"), f"{fig['done']} ({_pct(fig['completion_rate'])})"),
        (w.t("Quá hạn, chưa hoàn thành", "Overdue, not done"), fig["overdue"],
         w.t("Sắp đến hạn ({d} ngày tới)", "Due in the next {d} days").format(d=w.a.due_soon_days),
         fig["due_soon"]),
        (w.t("Đơn vị phải báo cáo", "Units expected to report"), fig["expected_units"],
         w.t("Gửi đúng hạn", "Returned on time"),
         f"{fig['returned_on_time']} ({_pct(fig['on_time_rate'])})"),
        (w.t("Gửi muộn", "Returned late"), fig["returned_late"],
         w.t("Chưa gửi / tệp không đọc được", "Missing / unreadable"),
         f"{fig['missing_units']} / {fig['unreadable_units']}"),
    ]  # fmt: skip
    for l1, v1, l2, v2 in pairs:
        sh.table_row([l1, v1, l2, v2], [lab, bold_num, lab, bold_num],
                     [(0, 1), (2, 2), (3, 5), (6, 7)])  # fmt: skip
    sh.row += 1


def _overview_buckets(w: _Writer, sh: _Sheet, fm: _OverviewFormats, fig: dict) -> tuple[int, int]:
    """II. the tasks by deadline bucket. Returns the first and last row of the table's body
    (the first chart's data)."""
    size = SIZES["overview"]
    n = fig["tasks"]
    sh.line(w.t("II. PHÂN LOẠI NHIỆM VỤ THEO THỜI HẠN", "II. TASKS BY DEADLINE"), fm.h2,
            size + 1, bold=True)  # fmt: skip
    sh.table_row([w.t("Phân loại", "Bucket"), w.t("Số nhiệm vụ", "Tasks"), w.t("Tỷ lệ", "Share")],
                 [fm.head] * 3, [(0, 1), (2, 2), (3, 3)], bold=True)  # fmt: skip
    b_first = sh.row
    for b in BUCKETS:
        if b == "no_deadline" and not fig["buckets"][b]:
            continue
        sh.table_row([w.t(*BUCKET_LABELS[b]), fig["buckets"][b], fig["buckets"][b] / (n or 1)],
                     [fm.lab, fm.num, fm.pct], [(0, 1), (2, 2), (3, 3)])  # fmt: skip
    b_last = sh.row - 1
    # why "done" here may be fewer than the tasks the detail shows "Hoàn thành": one
    # definition (periodstatus.completed), said where the reader meets the figure
    done_apart = sum(1 for s in w.a.tasks if s.done and not completed(s))
    if done_apart:
        sh.line(
            w.t(f"Đã hoàn thành = đúng hạn + quá hạn. {done_apart} nhiệm vụ thường xuyên hoặc chưa "
                "xác định được thời hạn đã được báo hoàn thành trong kỳ, được tính ở nhóm của chúng.",
                f"Done = on time + late. {done_apart} recurring tasks or tasks without a deadline "
                "reported done this period are counted in their own buckets."),
            sh.f(font_size=size - 1, italic=True, text_wrap=True, font_color="#404040"), size - 1,
        )  # fmt: skip
    sh.row += 1
    return b_first, b_last


def _overview_sections(w: _Writer, sh: _Sheet, fm: _OverviewFormats) -> tuple[int, int]:
    """III. results by section of the plan. Returns the header row and the last row of the
    table (the second chart's data)."""
    size = SIZES["overview"]
    num = fm.num
    sh.line(w.t("III. KẾT QUẢ THEO TỪNG PHẦN CỦA KẾ HOẠCH", "III. RESULTS BY SECTION OF THE PLAN"),
            fm.h2, size + 1, bold=True)  # fmt: skip
    sh.table_row(
        [w.t("Phần", "Section"), w.t("Số nhiệm vụ", "Tasks"), w.t("Hoàn thành", "Done"),
         w.t("Tỷ lệ", "Rate"), w.t("Quá hạn", "Overdue"), w.t("Còn lại", "Other"),
         w.t("Chưa báo cáo", "No report")],
        [fm.head] * 7, [(0, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7)], bold=True,
    )  # fmt: skip
    s_head = sh.row - 1
    for sec in w.q.sections:
        # the number alone in the first column: the chart's categories (short, never cut)
        title = (
            sentence_case(sec["title"])
            if sec["title"]
            else w.t("Phần ", "Section ") + sec["section"]
        )
        other = sec["tasks"] - sec["done"] - sec["overdue"]
        sh.table_row(
            [sec["section"], title, sec["tasks"], sec["done"], sec["rate"], sec["overdue"], other,
             sec["status"][NO_REPORT]],
            [num, fm.lab, num, num, fm.pct, num, num, num],
        )  # fmt: skip
    s_last = sh.row - 1
    sh.row += 1
    return s_head, s_last


def _overview_charts(
    w: _Writer, sh: _Sheet, fig: dict, buckets: tuple[int, int], sections: tuple[int, int]
) -> None:
    """The two charts, side by side across the page's width, whole on page 1, then the page
    break. Both are placed from column 0 by offsets (in Excel's pixels: the columns are
    677 px wide in all)."""
    size = SIZES["overview"]
    ws = sh.ws
    (b_first, b_last), (s_head, s_last) = buckets, sections
    chart_row = sh.row
    sheet = ws.get_name()
    font = {"name": w.tpl["font"]["name"], "size": 9}
    ch = w.wb.add_chart({"type": "bar"})
    ch.add_series({
        "name": w.t("Số nhiệm vụ", "Tasks"),
        "categories": [sheet, b_first, 0, b_last, 0],
        "values": [sheet, b_first, 2, b_last, 2],
        "fill": {"color": "#5B9BD5"},
        "data_labels": {"value": True, "font": font, "position": "outside_end"},
    })  # fmt: skip
    ch.set_title({"name": w.t("Nhiệm vụ theo thời hạn", "Tasks by deadline"),
                  "name_font": {**font, "size": 10}, "overlay": False})  # fmt: skip
    ch.set_y_axis({"reverse": True, "num_font": font})
    top = max(fig["buckets"].values() or [1])
    # the values are written on the bars: no value axis, and room on the right for the
    # longest bar's label (LibreOffice cut the axis labels and that label when it sized the
    # plot itself)
    ch.set_x_axis({"visible": False, "min": 0, "max": top * 1.2 + 1,
                   "major_gridlines": {"visible": False}})  # fmt: skip
    ch.set_plotarea({"layout": {"x": 0.47, "y": 0.16, "width": 0.44, "height": 0.8}})
    ch.set_legend({"none": True})
    room = PAGE_HEIGHT_PT - sh.used_pt(0, chart_row) - 8
    chart_px = int(max(150, min(260, room / 0.75)))
    left_px, right_px = 336, 330
    ch.set_size({"width": left_px, "height": chart_px})
    ws.insert_chart(chart_row, 0, ch, {"x_offset": 2, "y_offset": 4, "object_position": 3})
    ch2 = w.wb.add_chart({"type": "column", "subtype": "stacked"})
    for c, color in ((3, "#70AD47"), (5, "#C00000"), (6, "#BFBFBF")):
        ch2.add_series({
            "name": [sheet, s_head, c],
            "categories": [sheet, s_head + 1, 0, s_last, 0],
            "values": [sheet, s_head + 1, c, s_last, c],
            "fill": {"color": color},
            "gap": 60,
        })  # fmt: skip
    ch2.set_title({"name": w.t("Hoàn thành theo phần", "Done by section"),
                   "name_font": {**font, "size": 10}, "overlay": False})  # fmt: skip
    ch2.set_x_axis({"num_font": font})
    ch2.set_y_axis({"num_font": font})
    ch2.set_plotarea({"layout": {"x": 0.12, "y": 0.17, "width": 0.84, "height": 0.6}})
    ch2.set_legend({"position": "bottom", "font": font})
    ch2.set_size({"width": right_px, "height": chart_px})
    ws.insert_chart(chart_row, 0, ch2, {"x_offset": 2 + left_px + 6, "y_offset": 4,
                                        "object_position": 3})  # fmt: skip
    rows_for_charts = int((chart_px + 8) * 0.75 / textfit.row_pt(1, size)) + 1
    for r in range(chart_row, chart_row + rows_for_charts):
        ws.set_row(r, textfit.row_pt(1, size))
    sh.row = chart_row + rows_for_charts
    ws.set_h_pagebreaks([sh.row])


def _overview_returns(w: _Writer, sh: _Sheet, fm: _OverviewFormats) -> None:
    """Page 2. IV. the units' returns: how many units in each state, and which."""
    size = SIZES["overview"]
    f, lab, num = sh.f, fm.lab, fm.num
    sh.line(w.t("IV. BÁO CÁO CỦA CÁC ĐƠN VỊ", "IV. UNITS' RETURNS"), fm.h2, size + 1, bold=True)
    sh.table_row([w.t("Tình trạng gửi", "Return"), w.t("Số đơn vị", "Units"),
                  w.t("Đơn vị", "Units")], [fm.head] * 3, [(0, 1), (2, 2), (3, 7)], bold=True)  # fmt: skip
    for state, label in _return_states(w):
        rows = w.q.returns_in(state)
        who = ", ".join(
            r.name + (f" ({r.days_late} {w.t('ngày', 'd')})" if state == "late" else "")
            for r in rows
        ) if state != "on_time" else ""  # fmt: skip
        fmt = lab
        if state in ("missing", "unreadable") and rows:
            fmt = f(border=1, text_wrap=True, bg_color=w.color("red", "#F4B6B6"))
        elif state == "late" and rows:
            fmt = f(border=1, text_wrap=True, bg_color=w.color("amber", "#FFE699"))
        sh.table_row([label, len(rows), who], [fmt, num, lab], [(0, 1), (2, 2), (3, 7)])
    sh.row += 1


def _problems_paragraph(w: _Writer) -> str:
    """VI. the value problems by kind in one paragraph."""
    kinds: dict[str, list] = {}
    for p in w.q.problems:
        kinds.setdefault(p["label"].split(":")[0], []).append(p["unit"])
    if not kinds:
        return w.t("Không có.", "None.")
    return "; ".join(
        w.t("{label}: {n} giá trị ({u} đơn vị)", "{label}: {n} values ({u} units)").format(
            label=label, n=len(units), u=len(set(units)))
        for label, units in sorted(kinds.items(), key=lambda kv: -len(kv[1]))
    ) + ". " + w.t("Chi tiết ở trang Vấn đề số liệu.", "Details on the Problems sheet.")  # fmt: skip


def _overview_overdue(
    w: _Writer, sh: _Sheet, fm: _OverviewFormats, page2: int, room_pt: float
) -> None:
    """V. the overdue tasks, as many as fit in ``room_pt`` of page 2 (what VI and the closing
    leave), then a line that counts the rest."""
    size = SIZES["overview"]
    f, lab, num = sh.f, fm.lab, fm.num
    od = w.q.overdue
    sh.line(w.t("V. NHIỆM VỤ QUÁ HẠN ({n})", "V. OVERDUE TASKS ({n})").format(n=len(od)), fm.h2,
            size + 1, bold=True)  # fmt: skip
    if not od:
        sh.line(w.t("Không có nhiệm vụ quá hạn.", "No overdue tasks."), f(italic=True))
        return
    sh.table_row([w.t("Nhiệm vụ", "Task"), w.t("Đơn vị chủ trì", "Lead units"),
                  w.t("Hạn", "Due"), w.t("Quá hạn", "Overdue")], [fm.head] * 4,
                 [(0, 2), (3, 5), (6, 6), (7, 7)], bold=True)  # fmt: skip
    budget = room_pt - 2 * textfit.row_pt(1, size + 1) - 20
    shown = 0
    for d in od:
        t = d.state.task
        vals = [f"{t.number} {_short(t.content, 90)}", _lead_names(w, d, 3),
                fmt_date(d.state.overdue_since),
                w.t("{n} ngày", "{n} days").format(n=d.state.days_overdue)]  # fmt: skip
        need = sh.height([(vals[0], sh.span_width(0, 2), False),
                          (vals[1], sh.span_width(3, 5), False)])  # fmt: skip
        if sh.used_pt(page2, sh.row) + need > budget:
            break
        sh.table_row(vals, [lab, lab, num, num], [(0, 2), (3, 5), (6, 6), (7, 7)])
        shown += 1
    if shown < len(od):
        sh.line(w.t("… và {k} nhiệm vụ khác (trang Quá hạn).", "… and {k} more (Overdue sheet).")
                .format(k=len(od) - shown), f(italic=True))  # fmt: skip


def _return_states(w: _Writer) -> list[tuple[str, str]]:
    return [
        ("on_time", w.t("Gửi đúng hạn", "On time")),
        ("late", w.t("Gửi muộn", "Late")),
        ("missing", w.t("Chưa gửi", "Not received")),
        ("unreadable", w.t("Tệp không đọc được", "Unreadable file")),
    ]


def _short(text: str, limit: int) -> str:
    from .quarter import shorten

    return shorten(text, limit)


def _lead_names(w: _Writer, d: TaskDigest, most: int) -> str:
    leads = d.state.lead_units
    if len(leads) <= most:
        return w.units_text(leads)
    head = "; ".join(w.names.get(u, u) for u in leads[: most - 1])
    return head + w.t(" và {k} đơn vị khác", " and {k} more").format(k=len(leads) - most + 1)


def _due_text(w: _Writer, d: TaskDigest) -> str:
    t, st = d.state.task, d.state
    if t.recurring:
        return w.t("Thường xuyên", "Ongoing")
    if st.final_deadline:
        return fmt_date(st.final_deadline)
    return t.due_raw or w.t("Chưa xác định", "Not set")


def _mark_text(w: _Writer, d: TaskDigest) -> str:
    st = d.state
    if d.mark == "overdue":
        return w.t("Quá hạn {n} ngày", "Overdue {n} days").format(n=st.days_overdue)
    if d.mark == "due_soon":
        return w.t("Sắp đến hạn (còn {n} ngày)", "Due soon ({n} days left)").format(n=st.days_left)
    return ""


def _section_titles(w: _Writer) -> dict[str, str]:
    return section_titles(w.a.master.tasks)


def _detail_sheet(w: _Writer) -> None:
    size = SIZES["detail"]
    widths = [5, 39, 13, 9, 18, 19, 23, 6]
    sh = _Sheet(w, "detail", "Chi tiết", "Detail", widths, size)
    ws, f = sh.ws, sh.f
    w.sheet_title(
        sh,
        w.t("TIẾN ĐỘ THỰC HIỆN TỪNG NHIỆM VỤ", "PROGRESS OF EACH TASK"),
        w.t("Tình trạng tổng hợp theo các đơn vị chủ trì: nhiệm vụ hoàn thành khi mọi đơn vị chủ "
            "trì đã hoàn thành. Toàn văn báo cáo của từng đơn vị ở trang Phụ lục.",
            "Consolidated status from the lead units: a task is done when every lead unit has "
            "done it. Every unit's full text is on the Appendix sheet."),
    )  # fmt: skip
    titles = [
        w.t("TT", "No."), w.t("Nội dung thực hiện", "Task"), w.t("Đơn vị chủ trì", "Lead units"),
        w.t("Hạn", "Due"), w.t("Tình trạng tổng hợp", "Consolidated status"),
        w.t("Các đơn vị báo cáo", "Units' reports"),
        w.t("Kết quả (đơn vị chủ trì, tóm tắt)", "Result (lead units, shortened)"),
        w.t("Ghi chú", "Note"),
    ]  # fmt: skip
    head_fmt = f(bold=True, border=1, text_wrap=True, align="center", valign="vcenter",
                 bg_color=w.color("header_bg", "#DDEBF7"))  # fmt: skip
    head = sh.table_row(titles, [head_fmt] * len(titles), bold=True)
    group = f(bold=True, border=1, text_wrap=True, bg_color=w.color("group_bg", "#F2F2F2"))
    text = f(border=1, text_wrap=True)
    center = f(border=1, text_wrap=True, align="center")
    red = f(border=1, text_wrap=True, align="center", bold=True, bg_color=w.color("red", "#F4B6B6"))
    amber = f(border=1, text_wrap=True, align="center", bg_color=w.color("amber", "#FFE699"))
    status_fmt = {
        True: f(border=1, text_wrap=True, bg_color=w.color("green", "#C6EFCE")),
        False: text,
    }
    digests = {d.state.task.key: d for d in w.q.digests}
    sec_titles = _section_titles(w)
    last_section = None
    span = (1, len(titles) - 1)
    for t in sorted(w.a.master.tasks, key=lambda t: t.order):
        if t.section != last_section and t.section not in sec_titles:
            sh.table_row([t.section, w.t("Phần ", "Section ") + t.section], [group, group],
                         [(0, 0), span], bold=True)  # fmt: skip
        last_section = t.section
        if t.kind == KIND_GROUP:
            sh.table_row([t.number or "", t.content], [group, group], [(0, 0), span], bold=True)
            continue
        d = digests[t.key]
        status = status_word(d.status, w.lang)
        if d.status_note:
            status += "\n" + d.status_note
        lead = t.lead_raw or w.units_text(d.state.lead_units)
        mark = _mark_text(w, d)
        sh.table_row(
            [t.number, t.content, lead, _due_text(w, d), status, d.synthesis, d.lead_result, mark],
            [center, text, text, center, status_fmt[d.state.done], text, text,
             red if d.mark == "overdue" else amber if d.mark == "due_soon" else center],
        )  # fmt: skip
    ws.autofilter(head, 0, sh.row - 1, len(titles) - 1)
    # at 100 %: the columns fit A4's width, and LibreOffice's fit-to-width shrinks long
    # sheets a few per cent (below the 9 pt the committee asked for)
    sh.page(landscape=True, header_row=head, fit=False)
    ws.freeze_panes(head + 1, 2)


def _table_sheet(w: _Writer, name: tuple[str, str, str], title: tuple[str, str],
                 columns: Sequence[tuple[str, str, float]], rows: Sequence[tuple[Sequence[Any], Sequence[Any] | None]],
                 empty: tuple[str, str], landscape: bool, note: tuple[str, str] | None = None,
                 ) -> _Sheet:  # fmt: skip
    """A sheet with one table. ``rows``: (values, formats or None for the defaults)."""
    size = SIZES["table"]
    sh = _Sheet(w, name[0], name[1], name[2], [c[2] for c in columns], size)
    w.sheet_title(sh, w.t(*title), w.t(*note) if note else "")
    f = sh.f
    head_fmt = f(bold=True, border=1, text_wrap=True, align="center", valign="vcenter",
                 bg_color=w.color("header_bg", "#DDEBF7"))  # fmt: skip
    head = sh.table_row([w.t(vi, en) for vi, en, _ in columns], [head_fmt] * len(columns),
                        bold=True)  # fmt: skip
    text = f(border=1, text_wrap=True)
    for vals, fmts in rows:
        sh.table_row(vals, fmts or [text] * len(vals))
    if rows:
        sh.ws.autofilter(head, 0, sh.row - 1, len(columns) - 1)
    else:
        sh.line(w.t(*empty), f(italic=True))
    sh.page(landscape=landscape, header_row=head)
    return sh


def _overdue_sheet(w: _Writer) -> None:
    text = w.f(SIZES["table"], border=1, text_wrap=True)
    center = w.f(SIZES["table"], border=1, text_wrap=True, align="center")
    rows = [
        ([d.state.task.number, d.state.task.content, w.units_text(d.state.lead_units),
          fmt_date(d.state.overdue_since), d.state.days_overdue, status_word(d.status, w.lang),
          d.reason or w.t("(đơn vị chưa nêu lý do)", "(no reason given)")],
         [center, text, text, center, center, text, text])
        for d in w.q.overdue
    ]  # fmt: skip
    columns = [
        ("TT", "No.", 5), ("Nội dung thực hiện", "Task", 39),
        ("Đơn vị chủ trì", "Lead units", 23), ("Hạn", "Due", 10),
        ("Số ngày quá hạn", "Days overdue", 8), ("Tình trạng", "Status", 15),
        ("Lý do (đơn vị nêu)", "Reason given", 32),
    ]  # fmt: skip
    _table_sheet(
        w, ("overdue", "Quá hạn", "Overdue"),
        ("NHIỆM VỤ QUÁ HẠN, CHƯA HOÀN THÀNH", "OVERDUE TASKS NOT DONE"), columns, rows,
        ("Không có nhiệm vụ quá hạn.", "No overdue tasks."), landscape=True,
    )  # fmt: skip


def _units_sheet(w: _Writer) -> None:
    size = SIZES["table"]
    f = w.f
    text = f(size, border=1, text_wrap=True)
    center = f(size, border=1, text_wrap=True, align="center")
    pct = f(size, border=1, align="center", num_format="0%")
    grey = f(size, border=1, text_wrap=True, italic=True, bg_color="#D9D9D9")
    grey_c = f(size, border=1, text_wrap=True, italic=True, align="center", bg_color="#D9D9D9")
    red = f(size, border=1, text_wrap=True, bold=True, bg_color=w.color("red", "#F4B6B6"))
    amber = f(size, border=1, text_wrap=True, bg_color=w.color("amber", "#FFE699"))
    labels = dict(_return_states(w))
    empty_by_unit: dict[str, list[str]] = {}
    for unit, key in w.a.empty_entries:
        t = w.tasks.get(key)
        empty_by_unit.setdefault(unit, []).append(f"{t.section}.{t.number}" if t else key)
    rank = {"missing": 0, "unreadable": 1, "late": 2, "on_time": 3}
    rows = []
    for r in sorted(w.q.returns, key=lambda r: rank.get(r.state, 9)):
        label = labels[r.state]
        if r.state in ("missing", "unreadable"):
            dash = w.t("— không có số liệu", "— no figures")
            rows.append((
                [r.name, label, "", "", r.tasks, dash, "", "", "", r.note],
                [grey, red, grey_c, grey_c, grey_c, grey, grey_c, grey_c, grey, grey],
            ))  # fmt: skip
            continue
        rate = r.done / r.tasks if r.tasks else 0.0
        rows.append((
            [r.name, label, r.received, r.days_late or "", r.tasks, r.reported, r.done, rate,
             ", ".join(empty_by_unit.get(r.unit, [])), r.note],
            [text, amber if r.state == "late" else center, center, center, center, center,
             center, pct, text, text],
        ))  # fmt: skip
    columns = [
        ("Đơn vị", "Unit", 27), ("Gửi báo cáo", "Return", 12), ("Nhận lúc", "Received", 14),
        ("Muộn (ngày)", "Days late", 7), ("Số nhiệm vụ", "Tasks", 8),
        ("Đã báo cáo", "Reported", 8), ("Hoàn thành", "Done", 8), ("Tỷ lệ hoàn thành", "Done rate", 8),
        ("Nhiệm vụ để trống", "Tasks left empty", 24), ("Ghi chú", "Note", 16),
    ]  # fmt: skip
    sh = _table_sheet(
        w, ("units", "Đơn vị", "Units"),
        ("TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC ĐƠN VỊ", "UNITS' RETURNS"), columns, rows,
        ("Không có đơn vị nào phải báo cáo.", "No unit was expected to report."), landscape=True,
        note=("Đơn vị chưa gửi hoặc gửi tệp không đọc được tô xám, không tính tỷ lệ (khác với "
              "đơn vị đã gửi nhưng chưa hoàn thành nhiệm vụ nào: 0%). Giờ nhận theo múi giờ của "
              "cơ quan.",
              "Units that sent nothing or an unreadable file are grey, without a rate (unlike a "
              "unit that reported and has done nothing yet: 0%). Received times in the office's "
              "time zone."),
    )  # fmt: skip
    n = len(rows)
    if n:
        first = sh.row - n
        sh.ws.conditional_format(first, 7, sh.row - 1, 7, {
            "type": "data_bar", "bar_color": "#63BE7B", "bar_solid": True,
            "min_type": "num", "min_value": 0, "max_type": "num", "max_value": 1,
        })  # fmt: skip


def _problems_sheet(w: _Writer) -> None:
    """One row per unit, file and kind of problem, the tasks (and the values) listed."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for p in sorted(w.q.problems, key=lambda p: (p["name"], w.tasks[p["key"]].order if p["key"] in w.tasks else -1)):  # fmt: skip
        base, _, detail = p["label"].partition(": ")
        t = w.tasks.get(p["key"])
        where = f"{t.section}.{t.number}" if t else ""
        if detail:
            where = f"{where} ({detail})" if where else detail
        items = groups.setdefault((p["name"], base, p["file"]), [])
        if where:
            items.append(where)
    rows = [
        ([name, base, "; ".join(items), file], None) for (name, base, file), items in groups.items()
    ]
    columns = [
        ("Đơn vị", "Unit", 23), ("Vấn đề", "Problem", 28),
        ("Nhiệm vụ (giá trị đã điền)", "Tasks (value typed)", 25), ("Tệp", "File", 16),
    ]  # fmt: skip
    _table_sheet(
        w, ("problems", "Vấn đề số liệu", "Problems"),
        ("SỐ LIỆU CẦN XEM LẠI", "VALUES TO CHECK"), columns, rows,
        ("Không có số liệu cần xem lại.", "Nothing to check."), landscape=False,
        note=("Giá trị đơn vị điền không dùng được như đã điền; đề nghị đơn vị sửa và gửi lại.",
              "Values that cannot be used as typed; ask the unit to correct and resend."),
    )  # fmt: skip


def _changes_sheet(w: _Writer, prev: PeriodAnalysis, changes: dict[str, Any]) -> None:
    now = {s.task.key: s for s in w.a.tasks}
    before = {s.task.key: s for s in prev.tasks}
    rows = []
    for kind, keys in (
        (w.t("Mới hoàn thành", "Newly done"), changes["newly_done"]),
        (w.t("Mới quá hạn", "Newly overdue"), changes["newly_overdue"]),
    ):
        for key in keys:
            s, b = now[key], before.get(key)
            rows.append((
                [kind, s.task.number, s.task.content, w.units_text(s.lead_units),
                 status_word(b.status if b else None, w.lang), status_word(s.status, w.lang),
                 fmt_date(s.overdue_since or s.final_deadline)], None,
            ))  # fmt: skip
    pl = period_label(prev.period, w.lang)
    columns = [
        ("Thay đổi", "Change", 13), ("TT", "No.", 5), ("Nội dung thực hiện", "Task", 48),
        ("Đơn vị chủ trì", "Lead units", 26),
        (f"Kỳ trước ({pl})", f"Previous ({pl})", 14),
        ("Kỳ này", "This period", 14), ("Hạn", "Due", 11),
    ]  # fmt: skip
    _table_sheet(
        w, ("changes", "Thay đổi", "Changes"),
        ("THAY ĐỔI SO VỚI KỲ TRƯỚC", "CHANGES SINCE THE PREVIOUS PERIOD"), columns, rows,
        ("Không có thay đổi.", "No changes."), landscape=True,
    )  # fmt: skip


class _Spliced:
    """Rows rendered outside xlsxwriter (see ``xlsxfast.splice_rows``) for one sheet, once the
    workbook is closed: ``render(styles)`` gets the cell style indices xlsxwriter gave the
    ``probes`` formats (read back from the file: ``probe_styles``)."""

    def __init__(self, sheet: str, last_col: int, probe_row: int, probes: Sequence[Any]) -> None:
        self.sheet = sheet
        self.last_col = last_col
        self.probe_row = probe_row
        self.probes = list(probes)
        self.render: Callable[[Sequence[int]], int] = lambda styles: 0
        self.rows: list[str] = []
        self.merges: list[tuple[int, int, int, int]] = []


def probe_styles(xlsx: bytes, sheet: str, row: int, n: int) -> list[int]:
    """The cell style (``s``, an index into ``cellXfs``) of the first ``n`` cells of ``row``
    (0-based) in sheet ``sheet`` of the workbook ``xlsx``: how the appendix learns the
    indices xlsxwriter gave its formats, through the file it wrote (public behaviour only)."""
    import re
    import xml.etree.ElementTree as ET
    import zipfile

    m_ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    r_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(
            el.get(f"{r_ns}id") for el in book.iter(f"{m_ns}sheet") if el.get("name") == sheet
        )
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(el.get("Target") or "" for el in rels if el.get("Id") == rid)
        part = target.lstrip("/") if target.startswith("/") else "xl/" + target
        xml = z.read(part).decode("utf-8")
    found = re.search(rf'<row r="{row + 1}"[^>]*>(.*?)</row>', xml, re.DOTALL)
    if found is None:
        raise ValueError(f"{part}: no row {row + 1}")
    styles = {}
    for cell in re.finditer(r"<c ([^>]*?)/?>", found.group(1)):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', cell.group(1)))
        col = re.match(r"[A-Z]+", attrs.get("r", ""))
        if col:
            styles[col.group()] = int(attrs.get("s", "0"))
    letters = [chr(ord("A") + i) for i in range(n)]
    return [styles.get(c, 0) for c in letters]


def _appendix_sheet(w: _Writer) -> _Spliced:
    """Every unit's report in full, task by task: one row per unit report (a text taller
    than a row can be continues on the next rows, marked, never cut). The title and the
    header are written by xlsxwriter, with a hidden row of blank cells in the body's five
    formats (the probes); the body (80,000 rows in a large quarter) is rendered by
    ``xlsxfast`` in those formats once the workbook is closed, then spliced in."""
    size = SIZES["appendix"]
    widths = [19, 11, 4, 9, 47]
    sh = _Sheet(w, "appendix", "Phụ lục", "Appendix", widths, size)
    f = sh.f
    w.sheet_title(
        sh,
        w.t("PHỤ LỤC: BÁO CÁO CỦA TỪNG ĐƠN VỊ (TOÀN VĂN)", "APPENDIX: EACH UNIT'S REPORT IN FULL"),
        w.t("Đơn vị chủ trì in đậm. Nội dung dài được chuyển sang các dòng tiếp theo, không bị cắt.",
            "Lead units in bold. Long texts continue on the following rows, never cut."),
    )  # fmt: skip
    probes = (
        f(bold=True, border=1, text_wrap=True, bg_color=w.color("group_bg", "#F2F2F2")),  # task
        f(border=1, text_wrap=True),  # text
        f(border=1, text_wrap=True, bold=True),  # lead unit
        f(border=1, text_wrap=True, italic=True, font_color="#595959"),  # continued
        f(border=1, text_wrap=True, align="center"),  # centred
    )
    probe_row = sh.row  # a hidden row: never shown or printed
    for c, fmt in enumerate(probes):
        sh.ws.write_blank(probe_row, c, None, fmt)
    sh.ws.set_row(probe_row, None, None, {"hidden": True})
    sh.row += 1
    titles = [w.t("Đơn vị", "Unit"), w.t("Tình trạng", "Status"), "%",
              w.t("Ngày hoàn thành", "Done on"), w.t("Kết quả thực hiện; khó khăn, vướng mắc, đề xuất",
                  "Results; difficulties and proposals")]  # fmt: skip
    head_fmt = f(bold=True, border=1, text_wrap=True, align="center", valign="vcenter",
                 bg_color=w.color("header_bg", "#DDEBF7"))  # fmt: skip
    head = sh.table_row(titles, [head_fmt] * len(titles), bold=True)
    # at 100 %: its columns fit A4's width, and LibreOffice's fit-to-width would shrink this
    # long sheet below 8 pt
    sh.page(landscape=False, header_row=head, fit=False)
    out = _Spliced(sh.ws.name, len(widths) - 1, probe_row, probes)
    out.render = lambda styles: _appendix_body(w, sh, out, styles)
    return out


def _appendix_body(w: _Writer, sh: _Sheet, out: _Spliced, styles: Sequence[int]) -> int:
    """The appendix's rows below its header, into ``out``; returns how many unit reports."""
    from .xlsxfast import styled_blank, styled_number, styled_row, styled_text

    size, widths, r = sh.size, sh.widths, sh.row
    task_s, text_s, lead_s, cont_s, center_s = styles
    blank_task, blank_center, blank_cont = (
        styled_blank(task_s),
        styled_blank(center_s),
        styled_blank(cont_s),
    )
    empty_text = styled_blank(text_s)
    room = textfit.col_text_pt(widths[4])
    room_task = textfit.col_text_pt(sh.span_width(0, 4))
    # a text of one line no longer than this fits without measuring it
    short = textfit.short_chars(room, size)
    limit = textfit.max_lines(size)
    line_pt = size * textfit.LINE_FACTOR
    pad = textfit.PAD_PT
    one_line = f"{line_pt + pad:.2f}"
    tail = w.t(" (tiếp)", " (cont.)")
    diff_label = w.t("Khó khăn, đề xuất: ", "Difficulties, proposals: ")
    add = out.rows.append
    # cells that recur (units, statuses, percentages, dates) are rendered once; a unit's
    # first cells with its status, progress and date are joined once per combination
    status_cells: dict[str | None, tuple[str, int]] = {}
    name_cells: dict[tuple[str, bool], tuple[str, int, str]] = {}
    progress_cells: dict[Any, str] = {None: blank_center}
    date_cells: dict[Any, str] = {None: blank_center, "": blank_center}
    wrap = textfit.wrap
    rows_written = 0
    for d in w.q.digests:
        reps = [x for x in d.reports if x.status or x.result.strip() or x.difficulties.strip()]
        if not reps:
            continue
        t = d.state.task
        heading = f"{t.number} ({t.key}) {_short(t.content, 150)}"
        hl = wrap(heading, room_task, size, True)
        add(styled_row(r, len(hl) * line_pt + pad, styled_text(heading, task_s) + blank_task * 4))
        out.merges.append((r, 0, r, 4))
        r += 1
        leads = set(d.state.lead_units)
        for rep in reps:
            text = rep.result.strip()
            if rep.difficulties:
                more = rep.difficulties.strip()
                if more:
                    text = f"{text}\n{diff_label}{more}" if text else diff_label + more
            key = (rep.unit, rep.unit in leads)
            named = name_cells.get(key)
            if named is None:
                name = w.names.get(rep.unit, rep.unit)
                named = name_cells[key] = (
                    styled_text(name, lead_s if key[1] else text_s),
                    textfit.lines_needed(name, widths[0], size, key[1]),
                    styled_text(name + tail, cont_s) + blank_cont * 3,
                )
            status = status_cells.get(rep.status)
            if status is None:
                word = status_word(rep.status, w.lang) if rep.status else ""
                status = status_cells[rep.status] = (
                    styled_text(word, center_s),
                    textfit.lines_needed(word, widths[1], size),
                )
            progress = progress_cells.get(rep.progress)
            if progress is None:  # (None is in the memo: a blank)
                progress = progress_cells[rep.progress] = styled_number(rep.progress or 0, center_s)
            done_on = date_cells.get(rep.completion_date)
            if done_on is None:
                done_on = date_cells[rep.completion_date] = styled_text(
                    fmt_date(rep.completion_date), center_s
                )
            head_lines = named[1] if named[1] > status[1] else status[1]
            rows_written += 1
            if head_lines == 1 and len(text) <= short and "\n" not in text:
                # the common case: one line of text, one row (nothing to wrap or measure)
                r += 1
                add(f'<row r="{r}" ht="{one_line}" customHeight="1">{named[0]}{status[0]}'
                    f"{progress}{done_on}{styled_text(text, text_s) if text else empty_text}"
                    "</row>")  # fmt: skip
                continue
            first = named[0] + status[0] + progress + done_on
            body = wrap(text, room, size) if text else ()
            if len(body) <= limit:  # one row
                lines = len(body) if len(body) > head_lines else head_lines
                cell = styled_text("\n".join(body), text_s) if body else empty_text
                add(f'<row r="{r + 1}" ht="{lines * line_pt + pad:.2f}" customHeight="1">'
                    f"{first}{cell}</row>")  # fmt: skip
                r += 1
                continue
            rows_written += len(range(0, len(body), limit)) - 1  # continuation rows count
            for i in range(0, len(body), limit):
                chunk = body[i : i + limit]
                lines = max(len(chunk), head_lines) if i == 0 else len(chunk)
                cells = (first if i == 0 else named[2]) + styled_text("\n".join(chunk), text_s)
                add(styled_row(r, lines * line_pt + pad, cells))
                r += 1
    sh.row = r
    return rows_written
