"""The quarterly report the office signs and sends up (``sheettools report``): a Word document
in the layout of Decree 30/2020/NĐ-CP, rendered with docxtpl from a template the office edits
in Word (``bao_cao_quy.docx``; ``bao_cao_quy.en.docx`` for ``--lang en``; ``workbook_templates/``
or ``--template FILE`` override the package default).

The context handed to the template is plain data (``report_context``): the header and closing
from the master's ``settings`` sheet (``docinfo``), the figures and buckets, results by section
with notable results, the overdue tasks with the reason units gave, the units that did not
report or reported late, difficulties grouped, and the tasks due next. Units' text is data:
docxtpl escapes it (autoescape) and Jinja never evaluates it, so ``{{ … }}`` or ``<b>`` typed
by a unit shows as typed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from .docinfo import DocHeader, committee_output, doc_header, fmt_date, period_label
from .errors import FileError, TemplateError
from .i18n import get_lang, tr
from .periodstatus import BUCKET_LABELS, BUCKETS, analyze, completed_count
from .quarter import QuarterFacts, quarter_facts, sentence_case, task_text
from .store import load_master
from .templates import find_template

TEMPLATE_NAME = "bao_cao_quy.docx"
OVERDUE_ROWS = 30  # the report's table; the workbook lists them all
DIFFICULTY_GROUPS = 12
NEXT_TASKS = 15
NAMES_SHOWN = 6


def _keep_spaces(text: str) -> str:
    """Runs of spaces (``Số:      /BC-…``, where the number is written by hand) as no-break
    spaces, which Word and LibreOffice keep."""
    return re.sub(r" {2,}", lambda m: "\u00a0" * len(m.group()), text)


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _names(names: list[str], lang: str, most: int = NAMES_SHOWN) -> str:
    if len(names) <= most:
        return ", ".join(names)
    return ", ".join(names[:most]) + tr(" và {k} đơn vị khác", " and {k} more", lang).format(
        k=len(names) - most
    )


def report_context(q: QuarterFacts, lang: str, as_of: dt.date) -> dict[str, Any]:
    """Everything the template may use, as plain data (see docs/committee.md)."""
    a = q.a
    doc = doc_header(a.master, a.period, as_of, lang)
    n = len(q.digests)
    done = completed_count(d.state for d in q.digests)  # = done_on_time + done_late
    b = dict(q.buckets)
    buckets = [
        {"label": tr(*BUCKET_LABELS[k], lang), "count": b[k], "share": _pct(b[k] / (n or 1))}
        for k in BUCKETS
        if k != "no_deadline" or b[k]
    ]
    next_tasks = _next_tasks(q, lang, as_of)
    return {
        "doc": _doc_context(doc),
        "period": a.period.code,
        "period_label": period_label(a.period, lang),
        "as_of": fmt_date(as_of),
        "due_date": fmt_date(a.due_date),
        "fig": {"tasks": n, "done": done, "rate": _pct(done / (n or 1))},
        "b": b,
        "buckets": buckets,
        "ret": {
            "expected": len(q.returns),
            "on_time": len(q.returns_in("on_time")),
            "late": len(q.returns_in("late")),
            "missing": len(q.returns_in("missing")),
            "unreadable": len(q.returns_in("unreadable")),
        },
        "sections": _section_items(q, lang),
        "overdue": _overdue_items(q, lang),
        "overdue_more": max(0, len(q.overdue) - OVERDUE_ROWS),
        "units_missing": ", ".join(r.name for r in q.returns_in("missing")),
        "units_unreadable": ", ".join(r.name for r in q.returns_in("unreadable")),
        "units_late": ", ".join(
            tr("{n} ({d} ngày)", "{n} ({d} days)", lang).format(n=r.name, d=r.days_late)
            for r in q.returns_in("late")
        ),
        "difficulties": [
            {
                "text": g["text"],
                "who": _names(g["units"], lang)
                + tr("; {n} lượt nêu", "; raised {n} times", lang).format(n=g["tasks"]),
            }
            for g in q.difficulties[:DIFFICULTY_GROUPS]
        ],
        "next_tasks": next_tasks[:NEXT_TASKS],
        "next_more": max(0, len(next_tasks) - NEXT_TASKS),
        "recipients": _recipient_lines(doc.recipients),
    }


def _doc_context(doc: DocHeader) -> dict[str, Any]:
    """The document's administrative parts (Nghị định 30) for the template."""
    return {
        "governing_body": doc.governing_body,
        "issuing_body": doc.issuing_body,
        "number": _keep_spaces(doc.number),
        "place": doc.place,
        "date_line": doc.date_line,
        "title": doc.title,
        "subject": doc.subject,
        "office_name": doc.office_name,
        "motto": list(doc.motto),
        "signer_authority": doc.signer_authority,
        "signer_title": doc.signer_title,
        "signer_name": doc.signer_name,
        "plan_cited": doc.plan_cited,
        "plan_number": doc.plan_number,
        "plan_date": doc.plan_date,
    }


def _section_items(q: QuarterFacts, lang: str) -> list[dict[str, Any]]:
    """Each section of the plan: a heading with its figures, and its notable results."""
    sections = []
    for sec in q.sections:
        title = sentence_case(sec["title"]) if sec["title"] else ""
        head = tr("Phần {s}", "Section {s}", lang).format(s=sec["section"])
        if title:
            head += f" – {title}"
        head += tr(
            ": {n} nhiệm vụ, hoàn thành {d} ({r}), quá hạn {o}.",
            ": {n} tasks, {d} done ({r}), {o} overdue.",
            lang,
        ).format(n=sec["tasks"], d=sec["done"], r=_pct(sec["rate"]), o=sec["overdue"])
        sections.append({"heading": head, "notable": q.notable.get(sec["section"], [])})
    return sections


def _overdue_items(q: QuarterFacts, lang: str) -> list[dict[str, Any]]:
    """The first OVERDUE_ROWS overdue tasks, with their lead units and the reason given."""
    overdue = []
    for d in q.overdue[:OVERDUE_ROWS]:
        t = d.state.task
        overdue.append(
            {
                "number": f"{t.section}.{t.number}" if t.number else t.key,
                "content": task_text(t.content, 220),
                "leads": _names([q.names.get(u, u) for u in d.state.lead_units], lang, 4),
                "due": fmt_date(d.state.overdue_since),
                "days": d.state.days_overdue,
                "reason": d.reason or tr("Chưa nêu lý do", "No reason given", lang),
            }
        )
    return overdue


def _next_tasks(q: QuarterFacts, lang: str, as_of: dt.date) -> list[dict[str, Any]]:
    """The tasks whose next deadline falls before the end of the next quarter, not done yet
    (all of them: the caller shows the first NEXT_TASKS)."""
    end = dt.date.fromisoformat(q.a.period.end) if q.a.period.end else as_of
    horizon = end + dt.timedelta(days=92)
    next_tasks = []
    for d in q.digests:
        st = d.state
        nd = st.next_deadline
        if st.done or st.task.recurring or nd is None or not (end < nd <= horizon):
            continue
        next_tasks.append(
            {
                "number": f"{st.task.section}.{st.task.number}" if st.task.number else st.task.key,
                "content": task_text(st.task.content, 200),
                "due": tr("hạn {d}", "due {d}", lang).format(d=fmt_date(nd)),
                "leads": _names([q.names.get(u, u) for u in st.lead_units], lang, 3),
            }
        )
    return next_tasks


def _recipient_lines(recipients: list[str]) -> list[str]:
    """The lines under "Nơi nhận:": a dash before each, a semicolon after each but the last,
    a full stop after the last."""
    lines = []
    for i, item in enumerate(recipients):
        end_mark = "." if i == len(recipients) - 1 else ";"
        lines.append("- " + item.rstrip(";.") + end_mark)
    return lines


def _template_path(template: str | os.PathLike | None, lang: str, templates_dir) -> Path:
    if template:
        p = Path(template)
        if not p.is_file():
            raise TemplateError(
                tr("Không tìm thấy mẫu báo cáo", "Report template not found"),
                hint=tr("Kiểm tra đường dẫn --template", "Check the --template path"),
                file=str(p),
            )
        return p
    if lang == "en":
        try:
            return find_template("bao_cao_quy.en.docx", templates_dir)
        except TemplateError:
            pass
    return find_template(TEMPLATE_NAME, templates_dir)


def _render(tpl_path: Path, ctx: dict[str, Any]) -> Any:
    """The Word template at ``tpl_path`` rendered with ``ctx`` (a ``DocxTemplate``); a broken
    tag or a file that is not a Word document is a ``TemplateError``."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    try:
        tpl = DocxTemplate(str(tpl_path))
        tpl.render(ctx, autoescape=True)
    except JinjaError as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateError(
            tr("Mẫu báo cáo có thẻ sai", "The report template has a broken tag") + f": {exc}",
            hint=tr(
                "Sửa thẻ {{ … }} / {%p … %} trong Word hoặc xóa tệp mẫu để dùng mẫu mặc định",
                "Fix the {{ … }} / {%p … %} tag in Word, or delete the template to use the default",
            ),
            file=str(tpl_path),
            row=line,
        ) from exc
    except Exception as exc:  # not a Word file, a broken zip
        if isinstance(exc, (FileError, TemplateError)):
            raise
        raise TemplateError(
            tr("Không đọc được mẫu báo cáo", "Cannot read the report template") + f" ({exc})",
            hint=tr("Mở và lưu lại mẫu bằng Word (.docx)", "Open and re-save it in Word (.docx)"),
            file=str(tpl_path),
        ) from exc
    return tpl


def _save_docx(tpl: Any, out: Path) -> None:
    """Save the rendered document to ``out`` through a temporary file beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        tpl.save(str(tmp))
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FileError(
            tr("Không ghi được tệp", "Cannot write the file"),
            hint=tr(
                "Đóng tệp nếu đang mở trong Word, kiểm tra quyền ghi thư mục rồi chạy lại",
                "Close it if it is open in Word, check the folder is writable, and retry",
            ),
            location=str(out),
        ) from exc


def write_report(
    master_path: str | os.PathLike,
    period: str,
    output: str | os.PathLike,
    *,
    as_of: dt.date,
    template: str | os.PathLike | None = None,
    force: bool = False,
    lang: str | None = None,
    templates_dir: str | os.PathLike | None = None,
    pdf: bool = False,
) -> dict[str, Any]:
    """Render the quarterly report for ``period`` into ``output`` (.docx); return a summary
    (``output``, ``pdf``, ``template``, the figures)."""
    out = committee_output(master_path, output, force=force, suffix=".docx")
    lang = lang or get_lang()
    tpl_path = _template_path(template, lang, templates_dir)
    master = load_master(master_path)
    a = analyze(master, period, as_of)
    q = quarter_facts(a, lang)
    ctx = report_context(q, lang, as_of)
    _save_docx(_render(tpl_path, ctx), out)
    res: dict[str, Any] = {
        "output": str(out),
        "template": str(tpl_path),
        "tasks": ctx["fig"]["tasks"],
        "done": ctx["fig"]["done"],
        "overdue": len(q.overdue),
        "units_missing": ctx["ret"]["missing"],
        "units_late": ctx["ret"]["late"],
        "units_unreadable": ctx["ret"]["unreadable"],
    }
    if pdf:
        from .pdf import to_pdf

        res["pdf"] = str(to_pdf(out))
    return res
