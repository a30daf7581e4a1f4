"""The consolidated quarterly workbook (``sheettools summary``).

One workbook a committee member can read and print as is: an overview (counts by section and
group × status, the DOMAIN.md buckets, completion and on-time return rates, a per-unit table,
two native charts), the schedule table with each task's consolidated report (``detail``),
overdue tasks, missing returns and empty entries, flags from the merge, and the change since
the previous quarter. Figures come from ``sheettools.flags.analyze``; the look (header block,
titles, font, colours) from the ``summary.json`` template (``workbook_templates/`` overrides
the package default). Unit text is always written with ``write_string``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import problems
from .errors import FileError, TemplateError
from .flags import (
    BUCKET_LABELS,
    BUCKETS,
    RAG_AMBER,
    RAG_GREEN,
    RAG_RED,
    PeriodAnalysis,
    analyze,
    previous_period,
)
from .i18n import get_lang, tr
from .model import DONE_STATUSES, KIND_GROUP, ROLE_LABELS, ROLE_LEAD, STATUS_EN, STATUSES, Master
from .store import load_master
from .templates import find_template, load_template_json
from .xlsxio import close_workbook, new_workbook, temp_beside

TEMPLATE_NAME = "summary.json"
MAX_CELL = 32767  # Excel's limit on the characters of one cell
NO_REPORT = "no_report"
PLACEHOLDERS = (
    "plan_year", "plan_title", "period_label", "period", "as_of", "due_date",
    "day", "month", "year", "date",
)  # fmt: skip


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
        raise bad('"font": {"name": "...", "size": 12}')
    if not isinstance(font.get("size"), (int, float)) or not 6 <= font["size"] <= 40:
        raise bad('"font.size"')
    for part in ("left", "right"):
        block = tpl.get("header_block", {}).get(part)
        if not isinstance(block, dict) or not all(
            isinstance(block.get(lg), list) and all(isinstance(x, str) for x in block[lg])
            for lg in ("vi", "en")
        ):
            raise bad(f'"header_block.{part}"')
    for key in ("title", "subtitle", "footer"):
        if not all(isinstance(tpl.get(key, {}).get(lg), str) for lg in ("vi", "en")):
            raise bad(f'"{key}"')
    probe = {k: "x" for k in PLACEHOLDERS}
    texts = [(k, tpl[k][lg]) for k in ("title", "subtitle") for lg in ("vi", "en")]
    texts += [
        ("header_block.date_line", v) for v in tpl["header_block"].get("date_line", {}).values()
    ]
    for where, text in texts:
        try:
            str(text).format(**probe)
        except (KeyError, IndexError, ValueError) as exc:
            raise bad(
                f'"{where}": {exc}; '
                + tr("chỗ điền được dùng", "placeholders you can use")
                + ": "
                + ", ".join("{" + k + "}" for k in PLACEHOLDERS)
            ) from None
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


# --- helpers -------------------------------------------------------------------------------


class _Formats:
    """Formats created on demand, all in the template's font."""

    def __init__(self, wb, font: dict) -> None:
        self.wb = wb
        self.base = {"font_name": font["name"], "font_size": font["size"], "valign": "top"}
        self.cache: dict[tuple, Any] = {}

    def __call__(self, **kw) -> Any:
        key = tuple(sorted(kw.items()))
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({**self.base, **kw})
        return self.cache[key]


def _clip(text: str) -> str:
    if len(text) <= MAX_CELL:
        return text
    return text[: MAX_CELL - 2] + " …"


def _lines_needed(text: str, width_chars: float) -> int:
    """Lines a wrapped cell needs: about 1.25 characters of proportional text per unit of
    column width."""
    per_line = max(1.0, width_chars * 1.25)
    return sum(max(1, -(-len(line) // int(per_line))) for line in text.split("\n"))


def _period_label(period, lang: str) -> str:
    if lang != "en":
        return period.label
    code = period.code
    return f"Q{code[-1]} {code[:4]}" if "-Q" in code else f"Year {code[:4]}"


class _Writer:
    def __init__(self, a: PeriodAnalysis, tpl: dict, lang: str, wb) -> None:
        self.a, self.tpl, self.lang, self.wb = a, tpl, lang, wb
        self.f = _Formats(wb, tpl["font"])
        self.colors = tpl.get("colors", {})
        m: Master = a.master
        self.names = {u.code: u.name for u in m.units}
        self.tasks = {t.key: t for t in m.tasks}
        self.date_fmt = self.f(num_format="dd/mm/yyyy", border=1, align="center")
        self.widths: dict[str, list[float]] = {}
        # this period's reports by task; lead units by task; units in registry order
        self.by_key: dict[str, list] = {}
        for (key, _unit), r in a.current.items():
            self.by_key.setdefault(key, []).append(r)
        self.leads = {s.task.key: s.lead_units for s in a.tasks}
        self.unit_order = {u.code: i for i, u in enumerate(m.units)}

    def t(self, vi: str, en: str) -> str:
        return en if self.lang == "en" else vi

    def lt(self, node: Any) -> Any:
        """A template value in the chosen language."""
        if isinstance(node, dict) and ("vi" in node or "en" in node):
            return node.get(self.lang, node.get("vi"))
        return node

    def status_label(self, status: str | None) -> str:
        if status is None:
            return self.t("Chưa báo cáo", "Not reported")
        return STATUS_EN.get(status, status) if self.lang == "en" else status

    def unit_name(self, code: str) -> str:
        return self.names.get(code, code)

    def units_text(self, codes: list[str]) -> str:
        return "; ".join(self.unit_name(c) for c in codes)

    def sheet_name(self, key: str, vi: str, en: str) -> str:
        name = self.lt(self.tpl.get("sheets", {}).get(key)) or self.t(vi, en)
        return str(name)[:31]

    # --- layout pieces ---------------------------------------------------------------------

    def page_setup(self, ws, header_row: int | None) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        footer = str(self.lt(self.tpl.get("footer")) or "")
        if footer:
            ws.set_footer("&C" + footer.replace("&C", ""))
        if header_row is not None:
            ws.repeat_rows(header_row)
            ws.freeze_panes(header_row + 1, 0)

    def header_block(self, ws, ncols: int) -> int:
        """Header block, title and subtitle; returns the first free row."""
        a, f = self.a, self.f
        hb = self.tpl.get("header_block", {})
        left = self.lt(hb.get("left")) or []
        right = self.lt(hb.get("right")) or []
        half = max(1, ncols // 2)
        bold_c = f(bold=True, align="center", valign="vcenter")
        for i in range(max(len(left), len(right))):
            for lines, c0, c1 in ((left, 0, half - 1), (right, half, ncols - 1)):
                if i < len(lines):
                    if c1 > c0:
                        ws.merge_range(i, c0, i, c1, "", bold_c)
                    ws.write_string(i, c0, lines[i], bold_c)
        row = max(len(left), len(right))
        date_line = str(self.lt(hb.get("date_line")) or "")
        if date_line:
            d = a.as_of
            text = date_line.format(
                day=f"{d.day:02d}", month=f"{d.month:02d}", year=d.year, date=d.strftime("%d %B %Y")
            )
            it = f(italic=True, align="center")
            if ncols - 1 > half:
                ws.merge_range(row, half, row, ncols - 1, "", it)
            ws.write_string(row, half, text, it)
            row += 1
        row += 1
        values = {
            "plan_year": a.master.plan.year or a.period.code[:4],
            "plan_title": a.master.plan.title,
            "period_label": _period_label(a.period, self.lang),
            "period": a.period.code,
            "as_of": a.as_of.strftime("%d/%m/%Y"),
            "due_date": a.due_date.strftime("%d/%m/%Y"),
        }
        title = str(self.lt(self.tpl.get("title")) or "").format(**values)
        sub = str(self.lt(self.tpl.get("subtitle")) or "").format(**values)
        for text, fmt in (
            (title, f(bold=True, font_size=14, align="center")),
            (sub, f(italic=True, align="center")),
        ):
            if ncols > 1:
                ws.merge_range(row, 0, row, ncols - 1, "", fmt)
            ws.write_string(row, 0, text, fmt)
            row += 1
        return row + 1

    def table_header(self, ws, row: int, titles: list[str]) -> None:
        fmt = self.f(
            bold=True,
            border=1,
            text_wrap=True,
            align="center",
            valign="vcenter",
            bg_color=self.colors.get("header_bg", "#DDEBF7"),
        )
        for c, title in enumerate(titles):
            ws.write_string(row, c, title, fmt)
        self.fit_row(ws, row, titles)

    def cell(self, ws, r: int, c: int, value: Any, fmt=None) -> None:
        """Numbers as numbers, dates as dates, anything else as text (never a formula)."""
        fmt = fmt or self.f(border=1, text_wrap=True)
        if value is None or value == "":
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, bool):
            ws.write_string(r, c, "x" if value else "", fmt)
        elif isinstance(value, (int, float)):
            ws.write_number(r, c, value, fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), self.date_fmt)
        else:
            ws.write_string(r, c, _clip(str(value)), fmt)

    def columns(self, ws, widths: Sequence[float]) -> None:
        self.widths[ws.get_name()] = list(widths)
        for c, wd in enumerate(widths):
            ws.set_column(c, c, wd)

    def row(self, ws, r: int, values: list[Any], fmts: dict[int, Any] | None = None) -> None:
        """Write a table row and size its height to the wrapped text (Excel does not)."""
        fmts = fmts or {}
        for c, v in enumerate(values):
            self.cell(ws, r, c, v, fmts.get(c))
        self.fit_row(ws, r, values)

    def fit_row(self, ws, r: int, values: list[Any]) -> None:
        widths = self.widths.get(ws.get_name(), [])
        lines = 1
        for c, v in enumerate(values):
            if isinstance(v, str) and v and c < len(widths):
                lines = max(lines, _lines_needed(v, widths[c]))
        if lines > 1:
            size = float(self.tpl["font"]["size"])
            ws.set_row(r, min(409.0, lines * size * 1.22 + 3))

    def rag_label(self, rag: str) -> str:
        return {
            RAG_RED: self.t("Đỏ", "Red"),
            RAG_AMBER: self.t("Vàng", "Amber"),
            RAG_GREEN: self.t("Xanh", "Green"),
        }[rag]

    def rag_formatting(self, ws, r0: int, r1: int, col: int) -> None:
        for rag, color in ((RAG_RED, "red"), (RAG_AMBER, "amber"), (RAG_GREEN, "green")):
            ws.conditional_format(
                r0,
                col,
                max(r0, r1),
                col,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": f'"{self.rag_label(rag)}"',
                    "format": self.wb.add_format(
                        {"bg_color": self.colors.get(color, "#FFFFFF"), "bold": True}
                    ),
                },
            )


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
        done += s.done
    expected = [r for r in a.returns.values() if r.expected]
    on_time = sum(r.state == "on_time" for r in expected)
    late = sum(r.state == "late" for r in expected)
    missing = sum(r.state == "missing" for r in expected)
    by_key = {s.task.key: s for s in a.tasks}
    units = []
    for r in expected:
        keys = [t.key for t, _role in r.tasks]
        reported = sum(
            1
            for k in keys
            if (rep := a.current.get((k, r.unit))) is not None and rep.status is not None
        )
        udone = sum(
            1
            for k in keys
            if (rep := a.current.get((k, r.unit))) is not None and rep.status in DONE_STATUSES
        )
        overdue = sum(
            1
            for t, role in r.tasks
            if role == ROLE_LEAD
            and by_key.get(t.key)
            and by_key[t.key].bucket == "not_done_overdue"
        )
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
        "units": units,
    }


def changes_since(a: PeriodAnalysis, prev: PeriodAnalysis) -> dict[str, list[str]]:
    before = {s.task.key: s for s in prev.tasks}
    newly_done, newly_overdue = [], []
    for s in a.tasks:
        b = before.get(s.task.key)
        if s.done and not (b and b.done):
            newly_done.append(s.task.key)
        if s.bucket == "not_done_overdue" and not (b and b.bucket == "not_done_overdue"):
            newly_overdue.append(s.task.key)
    return {"newly_done": newly_done, "newly_overdue": newly_overdue}


# --- the workbook --------------------------------------------------------------------------


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
) -> dict[str, Any]:
    """Write the consolidated workbook for ``period`` to ``output``; return its figures.

    Refuses to replace an existing ``output`` unless ``force``; the file is written beside
    it and renamed into place, so a failure never leaves half a workbook."""
    out = Path(output)
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
    lang = lang or get_lang()
    tpl = load_summary_template(templates_dir)
    master = load_master(master_path)
    a = analyze(master, period, as_of, due_soon_days=due_soon_days)
    figures = overview_figures(a)
    prev_p = previous_period(master, a.period)
    prev = None
    if prev_p is not None and any(r.period == prev_p.code for r in master.reports):
        prev_as_of = min(as_of, dt.date.fromisoformat(prev_p.end))
        prev = analyze(master, prev_p, prev_as_of, due_soon_days=due_soon_days, tasks_only=True)
        figures["changes"] = {"previous_period": prev_p.code, **changes_since(a, prev)}
    else:
        figures["changes"] = {"previous_period": None, "newly_done": [], "newly_overdue": []}

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(out)
    try:
        title = tr("Tổng hợp", "Summary", lang) + f" {a.period.code}"
        wb = new_workbook(tmp, title=title)
        w = _Writer(a, tpl, lang, wb)
        _overview_sheet(w, figures)
        _detail_sheet(w)
        _overdue_sheet(w)
        _missing_sheet(w)
        _flags_sheet(w)
        if prev is not None:
            _changes_sheet(w, prev, figures["changes"])
        close_workbook(wb, out)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    figures["output"] = str(out)
    return figures


def _overview_sheet(w: _Writer, fig: dict[str, Any]) -> None:
    f = w.f
    ws = w.wb.add_worksheet(w.sheet_name("overview", "Tổng quan", "Overview"))
    status_keys = list(STATUSES) + [NO_REPORT]
    ncols = 3 + len(status_keys)
    row = w.header_block(ws, ncols)
    w.columns(ws, [34] + [13] * (ncols - 1))
    h2 = f(bold=True, font_size=13)
    pct = f(num_format="0.0%", border=1)
    num = f(border=1)
    lab = f(border=1, text_wrap=True)

    ws.write_string(row, 0, w.t("I. SỐ LIỆU CHÍNH", "I. KEY FIGURES"), h2)
    row += 1
    key_rows: list[tuple[str, Any, Any]] = [
        (w.t("Tổng số nhiệm vụ", "Tasks"), fig["tasks"], num),
        (w.t("Đã hoàn thành", "Done"), fig["done"], num),
        (w.t("Tỷ lệ hoàn thành", "Completion rate"), fig["completion_rate"], pct),
        (w.t("Nhiệm vụ quá hạn", "Overdue tasks"), fig["overdue"], num),
        (
            w.t("Sắp đến hạn", "Due soon") + f" ({w.a.due_soon_days} " + w.t("ngày)", "days)"),
            fig["due_soon"],
            num,
        ),
        (w.t("Đơn vị phải báo cáo", "Units expected to report"), fig["expected_units"], num),
        (w.t("Gửi đúng hạn", "Returned on time"), fig["returned_on_time"], num),
        (w.t("Gửi muộn", "Returned late"), fig["returned_late"], num),
        (w.t("Chưa gửi", "Missing"), fig["missing_units"], num),
        (w.t("Tỷ lệ gửi đúng hạn", "On-time return rate"), fig["on_time_rate"], pct),
        (w.t("Dòng bỏ trống", "Empty entries"), fig["empty_entries"], num),
        (w.t("Tệp chưa xác thực", "Unverified files"), fig["unverified"], num),
        (w.t("Giá trị bị đánh dấu", "Flagged values"), fig["flagged_values"], num),
    ]
    for label, value, fmt in key_rows:
        ws.write_string(row, 0, label, lab)
        ws.write_number(row, 1, value, fmt)
        row += 1
    row += 1

    ws.write_string(row, 0, w.t("II. PHÂN LOẠI NHIỆM VỤ", "II. TASKS BY PROGRESS"), h2)
    row += 1
    w.table_header(
        ws, row, [w.t("Phân loại", "Bucket"), w.t("Số nhiệm vụ", "Tasks"), w.t("Tỷ lệ", "Share")]
    )
    row += 1
    n = fig["tasks"] or 1
    for b in BUCKETS:
        ws.write_string(row, 0, w.t(*BUCKET_LABELS[b]), lab)
        ws.write_number(row, 1, fig["buckets"][b], num)
        ws.write_number(row, 2, round(fig["buckets"][b] / n, 4), pct)
        row += 1
    row += 1

    titles = [w.status_label(s if s != NO_REPORT else None) for s in status_keys]
    ws.write_string(row, 0, w.t("III. TÌNH TRẠNG THEO PHẦN", "III. STATUS BY SECTION"), h2)
    row += 1
    w.table_header(ws, row, [w.t("Phần", "Section")] + titles + [w.t("Tổng", "Total")])
    sec_head = row
    row += 1
    for sec, counts in fig["by_section"].items():
        ws.write_string(row, 0, w.t("Phần ", "Section ") + sec, lab)
        for c, s in enumerate(status_keys, start=1):
            ws.write_number(row, c, counts[s], num)
        ws.write_number(row, len(status_keys) + 1, counts["total"], num)
        row += 1
    sec_last = row - 1
    row += 1
    chart1_row = row  # the status-by-section chart goes here
    if sec_last > sec_head:
        row += 21

    ws.write_string(
        row, 0, w.t("IV. TÌNH TRẠNG THEO NHÓM NHIỆM VỤ", "IV. STATUS BY TASK GROUP"), h2
    )
    row += 1
    w.table_header(ws, row, [w.t("Nhóm nhiệm vụ", "Task group")] + titles + [w.t("Tổng", "Total")])
    row += 1
    for gkey, counts in fig["by_group"].items():
        g = w.tasks.get(gkey)
        label = f"{g.key} {g.content}" if g else gkey
        label = label if len(label) <= 160 else label[:159] + "…"
        ws.write_string(row, 0, label, lab)
        w.fit_row(ws, row, [label])
        for c, s in enumerate(status_keys, start=1):
            ws.write_number(row, c, counts[s], num)
        ws.write_number(row, len(status_keys) + 1, counts["total"], num)
        row += 1
    row += 1

    ws.write_string(row, 0, w.t("V. THEO ĐƠN VỊ", "V. BY UNIT"), h2)
    row += 1
    unit_titles = [
        w.t("Đơn vị", "Unit"),
        w.t("Mã", "Code"),
        w.t("Số nhiệm vụ", "Tasks"),
        w.t("Đã báo cáo", "Reported"),
        w.t("Đã hoàn thành", "Done"),
        w.t("Quá hạn (chủ trì)", "Overdue (lead)"),
        w.t("Gửi báo cáo", "Return"),
        w.t("Số ngày muộn", "Days late"),
        w.t("Tỷ lệ hoàn thành", "Completion rate"),
    ]
    w.table_header(ws, row, unit_titles)
    unit_head = row
    row += 1
    state_label = {
        "on_time": w.t("Đúng hạn", "On time"),
        "late": w.t("Muộn", "Late"),
        "missing": w.t("Chưa gửi", "Missing"),
    }
    for u in fig["units"]:
        ws.write_string(row, 0, w.unit_name(u["unit"]), lab)
        w.fit_row(ws, row, [w.unit_name(u["unit"]), u["unit"]])
        ws.write_string(row, 1, u["unit"], lab)
        for c, k in enumerate(("tasks", "reported", "done", "overdue"), start=2):
            ws.write_number(row, c, u[k], num)
        ws.write_string(row, 6, state_label[u["return"]], lab)
        ws.write_number(row, 7, u["days_late"], num)
        ws.write_number(row, 8, u["completion_rate"], pct)
        row += 1
    unit_last = row - 1
    if unit_last > unit_head:
        ws.autofilter(unit_head, 0, unit_last, len(unit_titles) - 1)
        ws.conditional_format(
            unit_head + 1, 6, unit_last, 6,
            {"type": "cell", "criteria": "==", "value": f'"{state_label["missing"]}"',
             "format": w.wb.add_format({"bg_color": w.colors.get("red", "#F4B6B6")})},
        )  # fmt: skip
        ws.conditional_format(
            unit_head + 1, 6, unit_last, 6,
            {"type": "cell", "criteria": "==", "value": f'"{state_label["late"]}"',
             "format": w.wb.add_format({"bg_color": w.colors.get("amber", "#FFE699")})},
        )  # fmt: skip
        ws.conditional_format(
            unit_head + 1, 8, unit_last, 8,
            {"type": "data_bar", "bar_color": "#63BE7B", "data_bar_2010": False, "min_type": "num",
             "min_value": 0, "max_type": "num", "max_value": 1},
        )  # fmt: skip
    w.page_setup(ws, None)
    ws.freeze_panes(0, 1)
    sheet = ws.get_name()

    # chart 1: status by section (stacked columns)
    if sec_last > sec_head:
        ch = w.wb.add_chart({"type": "column", "subtype": "stacked"})
        palette = ["#A6A6A6", "#5B9BD5", "#70AD47", "#00B050", "#FFC000", "#C00000", "#D9D9D9"]
        for c in range(1, len(status_keys) + 1):
            ch.add_series(
                {
                    "name": [sheet, sec_head, c],
                    "categories": [sheet, sec_head + 1, 0, sec_last, 0],
                    "values": [sheet, sec_head + 1, c, sec_last, c],
                    "fill": {"color": palette[(c - 1) % len(palette)]},
                }
            )
        ch.set_title({"name": w.t("Tình trạng nhiệm vụ theo phần", "Task status by section")})
        ch.set_y_axis({"name": w.t("Số nhiệm vụ", "Tasks")})
        ch.set_legend({"position": "bottom"})
        ch.set_size({"width": 720, "height": 380})
        ws.insert_chart(chart1_row, 0, ch, {"x_offset": 10, "y_offset": 5})
    # chart 2: completion rate by unit (bars)
    if unit_last > unit_head:
        ch2 = w.wb.add_chart({"type": "bar"})
        ch2.add_series(
            {
                "name": w.t("Tỷ lệ hoàn thành", "Completion rate"),
                "categories": [sheet, unit_head + 1, 0, unit_last, 0],
                "values": [sheet, unit_head + 1, 8, unit_last, 8],
                "fill": {"color": "#70AD47"},
            }
        )
        ch2.set_title({"name": w.t("Tỷ lệ hoàn thành theo đơn vị", "Completion rate by unit")})
        ch2.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
        ch2.set_y_axis({"reverse": True})
        ch2.set_legend({"none": True})
        n_units = unit_last - unit_head
        ch2.set_size({"width": 720, "height": max(300, min(20 * n_units + 80, 12000))})
        ws.insert_chart(unit_last + 2, 0, ch2, {"x_offset": 10, "y_offset": 5})


def _report_lines(w: _Writer, key: str, field: str) -> str:
    """Each unit's contribution, the lead units first, each labelled."""
    reps = w.by_key.get(key, [])
    leads = set(w.leads.get(key, ()))
    reps = sorted(reps, key=lambda r: (r.unit not in leads, w.unit_order.get(r.unit, 1 << 30)))
    lines = []
    for r in reps:
        text = getattr(r, field) or ""
        if field == "result" and not text and r.status is None:
            continue
        if field == "difficulties" and not text:
            continue
        role = ROLE_LABELS.get(r.role if r.unit not in leads else ROLE_LEAD, ("", ""))
        head = f"[{w.t(*role)}] {w.unit_name(r.unit)}"
        if field == "result":
            bits = [w.status_label(r.status)] if r.status else []
            if r.progress is not None:
                bits.append(f"{r.progress}%")
            if bits:
                head += " (" + ", ".join(bits) + ")"
        lines.append(f"{head}: {text}" if text else head)
    return _clip("\n".join(lines))


def _detail_sheet(w: _Writer) -> None:
    a, f = w.a, w.f
    ws = w.wb.add_worksheet(w.sheet_name("detail", "Chi tiết", "Detail"))
    titles = [
        w.t("TT", "No."),
        w.t("Nội dung thực hiện", "Task"),
        w.t("Đơn vị chủ trì", "Lead units"),
        w.t("Đơn vị phối hợp", "Coordinating units"),
        w.t("Thời gian hoàn thành", "Deadline (as written)"),
        w.t("Hạn", "Deadline"),
        w.t("Tình trạng", "Status"),
        w.t("Tiến độ (%)", "Progress (%)"),
        w.t("Kết quả thực hiện", "Results"),
        w.t("Khó khăn, vướng mắc, đề xuất", "Difficulties and proposals"),
        w.t("Phân loại", "Bucket"),
        w.t("Đánh giá", "Mark"),
        w.t("Mã nhiệm vụ", "Task key"),
    ]
    widths = [6, 42, 16, 16, 13, 11, 14, 8, 55, 28, 15, 8, 10]
    w.columns(ws, widths)
    row = w.header_block(ws, len(titles))
    head = row
    w.table_header(ws, row, titles)
    row += 1
    states = {s.task.key: s for s in a.tasks}
    group_fmt = f(bold=True, border=1, text_wrap=True, bg_color=w.colors.get("group_bg", "#F2F2F2"))
    text = f(border=1, text_wrap=True)
    center = f(border=1, align="center", text_wrap=True)
    sections_with_row = {
        t.section for t in a.master.tasks if t.kind == KIND_GROUP and t.number == t.section
    }
    last_section = None
    for t in sorted(a.master.tasks, key=lambda t: t.order):
        if t.section != last_section and t.section not in sections_with_row:
            last_section = t.section
            ws.write_string(row, 0, t.section, group_fmt)
            ws.write_string(row, 1, w.t("Phần ", "Section ") + t.section, group_fmt)
            for c in range(2, len(titles)):
                ws.write_blank(row, c, None, group_fmt)
            row += 1
        last_section = t.section
        if t.kind == KIND_GROUP:
            ws.write_string(row, 0, t.number or "", group_fmt)
            ws.merge_range(row, 1, row, len(titles) - 2, "", group_fmt)
            ws.write_string(row, 1, _clip(t.content), group_fmt)
            ws.write_string(row, len(titles) - 1, t.key, group_fmt)
            span = sum(widths[1 : len(titles) - 1])
            if _lines_needed(t.content, span) > 1:
                size = float(w.tpl["font"]["size"])
                ws.set_row(row, min(409.0, _lines_needed(t.content, span) * size * 1.3 + 2))
            row += 1
            continue
        s = states[t.key]
        coords = [u for u in t.coordinating_units if u not in t.lead_units]
        vals: list[Any] = [
            t.number,
            t.content,
            t.lead_raw or w.units_text(s.lead_units),
            t.coord_raw or w.units_text(coords),
            t.due_raw,
            s.final_deadline,
            w.status_label(s.status),
            s.progress,
            _report_lines(w, t.key, "result"),
            _report_lines(w, t.key, "difficulties"),
            w.t(*BUCKET_LABELS[s.bucket]),
            w.rag_label(s.rag),
            t.key,
        ]
        w.row(
            ws, row, vals, {c: (center if c in (0, 6, 7, 11) else text) for c in range(len(vals))}
        )
        row += 1
    if row - 1 > head:
        ws.autofilter(head, 0, row - 1, len(titles) - 1)
        w.rag_formatting(ws, head + 1, row - 1, 11)
    w.page_setup(ws, head)
    ws.freeze_panes(head + 1, 2)


def _table_sheet(
    w: _Writer,
    name: tuple[str, str, str],
    columns: Sequence[tuple[str, str, float]],
    rows: list[list[Any]],
    empty: tuple[str, str],
    empty_col: int = 0,
):
    """A sheet holding one table: header block, titles, ``rows``, a filter (or ``empty``
    said in words), print setup. Returns the sheet and its first and last table rows."""
    ws = w.wb.add_worksheet(w.sheet_name(*name))
    titles = [w.t(vi, en) for vi, en, _width in columns]
    w.columns(ws, [width for _vi, _en, width in columns])
    head = w.header_block(ws, len(titles))
    w.table_header(ws, head, titles)
    row = head + 1
    for vals in rows:
        w.row(ws, row, vals)
        row += 1
    if rows:
        ws.autofilter(head, 0, row - 1, len(titles) - 1)
    else:
        ws.write_string(row, empty_col, w.t(*empty), w.f())
    w.page_setup(ws, head)
    return ws, head, row - 1


def _overdue_sheet(w: _Writer) -> None:
    overdue = sorted(
        (s for s in w.a.tasks if s.bucket == "not_done_overdue"),
        key=lambda s: (-s.days_overdue, s.task.order),
    )
    rows = [
        [s.task.number, s.task.content, w.units_text(s.lead_units), s.overdue_since, s.days_overdue,
         w.status_label(s.status), s.progress, s.task.key]
        for s in overdue
    ]  # fmt: skip
    columns = [
        ("TT", "No.", 8), ("Nội dung thực hiện", "Task", 60), ("Đơn vị chủ trì", "Lead units", 28),
        ("Hạn đã qua", "Missed deadline", 12), ("Số ngày quá hạn", "Days overdue", 10),
        ("Tình trạng", "Status", 18), ("Tiến độ (%)", "Progress (%)", 10), ("Mã nhiệm vụ", "Task key", 12),
    ]  # fmt: skip
    ws, head, last = _table_sheet(
        w, ("overdue", "Quá hạn", "Overdue"), columns, rows,
        ("Không có nhiệm vụ quá hạn.", "No overdue tasks."), empty_col=1,
    )  # fmt: skip
    if rows:
        ws.conditional_format(
            head + 1, 4, last, 4,
            {"type": "data_bar", "bar_color": "#F8696B", "data_bar_2010": False},
        )  # fmt: skip


def _missing_sheet(w: _Writer) -> None:
    a = w.a
    k_missing = w.t("Chưa gửi báo cáo", "No return")
    k_late = w.t("Gửi muộn", "Late return")
    k_empty = w.t("Dòng bỏ trống", "Empty entry")
    rows: list[list[Any]] = []
    missing = [r for r in a.returns.values() if r.expected and r.state == "missing"]
    for r in missing + [r for r in a.returns.values() if r.state == "late"]:
        if r.state == "missing":
            rows.append([k_missing, r.unit, w.unit_name(r.unit), "", "", "", None, ""])
        else:
            rows.append(
                [k_late, r.unit, w.unit_name(r.unit), "", "", r.first_received, r.days_late, ""]
            )
    for unit, key in a.empty_entries:
        t = w.tasks.get(key)
        rows.append(
            [
                k_empty,
                unit,
                w.unit_name(unit),
                t.number if t else "",
                t.content if t else "",
                "",
                None,
                key,
            ]
        )
    columns = [
        ("Loại", "Kind", 18), ("Mã đơn vị", "Unit code", 12), ("Đơn vị", "Unit", 30), ("TT", "No.", 8),
        ("Nội dung thực hiện", "Task", 55), ("Ngày nhận", "Received", 18), ("Số ngày muộn", "Days late", 10),
        ("Mã nhiệm vụ", "Task key", 12),
    ]  # fmt: skip
    ws, head, last = _table_sheet(
        w, ("missing", "Thiếu báo cáo", "Missing"), columns, rows,
        ("Không thiếu báo cáo nào.", "Nothing missing."),
    )  # fmt: skip
    if rows:
        ws.conditional_format(
            head + 1, 0, last, 0,
            {"type": "cell", "criteria": "==", "value": f'"{k_missing}"',
             "format": w.wb.add_format({"bg_color": w.colors.get("red", "#F4B6B6")})},
        )  # fmt: skip


def _flags_sheet(w: _Writer) -> None:
    a = w.a
    rows: list[list[Any]] = [
        [
            w.t("Tệp chưa xác thực", "Unverified file"),
            unit,
            w.unit_name(unit),
            "",
            "",
            problems.label("unverified", w.lang),
            src,
        ]
        for unit, src in a.unverified
    ]
    for unit, key, flags in a.flagged:
        t = w.tasks.get(key)
        src = a.current.get((key, unit))
        rows.append(
            [w.t("Giá trị bị đánh dấu", "Flagged value"), unit, w.unit_name(unit), t.number if t else "",
             key, "; ".join(problems.describe(f, w.lang) for f in flags), src.source_file if src else ""]
        )  # fmt: skip
    columns = [
        ("Loại", "Kind", 22), ("Mã đơn vị", "Unit code", 12), ("Đơn vị", "Unit", 30), ("TT", "No.", 8),
        ("Mã nhiệm vụ", "Task key", 12), ("Cảnh báo", "Flags", 50), ("Tệp", "File", 40),
    ]  # fmt: skip
    _table_sheet(
        w, ("flags", "Cảnh báo", "Flags"), columns, rows, ("Không có cảnh báo.", "No flags.")
    )


def _changes_sheet(w: _Writer, prev: PeriodAnalysis, changes: dict[str, Any]) -> None:
    a = w.a
    now = {s.task.key: s for s in a.tasks}
    before = {s.task.key: s for s in prev.tasks}
    rows: list[list[Any]] = []
    for kind, keys in (
        (w.t("Mới hoàn thành", "Newly done"), changes["newly_done"]),
        (w.t("Mới quá hạn", "Newly overdue"), changes["newly_overdue"]),
    ):
        for key in keys:
            s, b = now[key], before.get(key)
            rows.append(
                [kind, s.task.number, s.task.content, w.units_text(s.lead_units),
                 w.status_label(b.status if b else None), w.status_label(s.status),
                 s.overdue_since or s.final_deadline, key]
            )  # fmt: skip
    pc, ac = prev.period.code, a.period.code
    columns = [
        ("Thay đổi", "Change", 18), ("TT", "No.", 8), ("Nội dung thực hiện", "Task", 55),
        ("Đơn vị chủ trì", "Lead units", 28),
        (f"Tình trạng kỳ trước ({pc})", f"Status, previous period ({pc})", 18),
        (f"Tình trạng kỳ này ({ac})", f"Status, this period ({ac})", 18),
        ("Hạn", "Deadline", 12), ("Mã nhiệm vụ", "Task key", 12),
    ]  # fmt: skip
    _table_sheet(
        w, ("changes", "Thay đổi", "Changes"), columns, rows, ("Không có thay đổi.", "No changes.")
    )
