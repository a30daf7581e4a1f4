"""Split the master into one signed fill-in workbook per unit and period.

``split_workbooks(master, "2023-Q2", outdir, now=...)`` writes ``<period>_<unit>.xlsx`` for
every reporting unit that has at least one task to report in the period, plus
``manifest.csv`` (read by the mail step). Each workbook has a cover sheet, the report sheet
(see ``sheettools.unitbook`` for the contract merge relies on) and a very hidden, HMAC-signed
``_manifest`` sheet.

Which tasks a unit reports in a period (``tasks_for_unit``): tasks it leads or coordinates
whose window ``[start or plan-year start, due date or last milestone]`` overlaps the period,
recurring tasks, tasks without a computable deadline, and tasks whose window ended before the
period while the unit's latest earlier report on them is not done.

Speed: xlsxwriter in constant-memory mode, formats created once per workbook, and a pool of
forked worker processes when there are many units (see ``benchmarks/bench_split.py``).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import multiprocessing
import os
import re
import string
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .docinfo import date_words, period_label, setting
from .errors import FileError, InputError, SheettoolsError, TemplateError
from .fsnames import make_folder
from .i18n import get_lang, tr
from .model import (
    KIND_GROUP,
    ROLE_LABELS,
    STATUS_EN,
    STATUSES,
    Master,
    Period,
    Report,
    Task,
    Unit,
)
from .periods import get_period
from .selection import (  # (select_all, tasks_for_unit: kept importable from split)
    iso_date,
    latest_reports,
    plan_year,
    select_all,
    tasks_for_unit,  # noqa: F401
)
from .store import load_master
from .templates import find_template, load_template_json
from .unitbook import (
    COVER_SHEET_NAMES,
    FIELD_ID_PREFIX,
    FIXED_COLUMNS,
    INPUT_COLUMNS,
    MANIFEST_SHEET,
    REPORT_SHEET_NAMES,
    SECRET_NAME,
    TEMPLATE_VERSION,
    Manifest,
    load_or_create_secret,
    unit_file_name,
)
from .xlsxio import close_workbook, new_workbook, write_text

TEMPLATE_NAME = "unit_workbook.json"
MANIFEST_CSV = "manifest.csv"
MANIFEST_CSV_FIELDS = ["unit", "email", "file", "tasks", "sha256", "period", "due_date"]
COLUMNS = [c[0] for c in FIXED_COLUMNS + INPUT_COLUMNS]
SHEET_NAMES = {"cover": COVER_SHEET_NAMES, "report": REPORT_SHEET_NAMES}
HEADER_ROW = 0  # column titles
FIELD_ROW = 1  # hidden field ids (#key, #status ...)
FIRST_DATA_ROW = 2
# Above this many units the work is spread over worker processes (when fork is available).
PARALLEL_MIN_UNITS = 24


# --- selection -----------------------------------------------------------------------------


# who reports which task in a period, and the latest earlier report: sheettools.selection
_iso = iso_date
_plan_year = plan_year


def _latest_by_task_unit(
    master: Master, period: Period, include_same: bool
) -> dict[tuple[str, str], Report]:
    return latest_reports(master, period, include_same)


# --- template ------------------------------------------------------------------------------


def load_unit_template(templates_dir: str | os.PathLike | None = None) -> dict[str, Any]:
    """The unit-workbook template (package default merged with the office's copy),
    checked: a broken template raises ``TemplateError`` naming the file."""
    tpl = load_template_json(TEMPLATE_NAME, templates_dir)
    path = str(find_template(TEMPLATE_NAME, templates_dir))

    def bad(what: str) -> TemplateError:
        return TemplateError(
            tr("Mẫu sổ đơn vị không hợp lệ", "Invalid unit workbook template") + f": {what}",
            hint=tr(
                "Sửa tệp mẫu theo workbook_templates/README.md hoặc xóa nó để dùng mẫu mặc định",
                "Fix the template as workbook_templates/README.md says, or delete it to use "
                "the default",
            ),
            file=path,
        )

    font = tpl.get("font")
    if not isinstance(font, dict) or not isinstance(font.get("name"), str) or not font["name"]:
        raise bad('"font": {"name": "...", "size": 12}')
    if not isinstance(font.get("size"), (int, float)) or not 6 <= font["size"] <= 40:
        raise bad('"font.size" ' + tr("phải là số từ 6 đến 40", "must be a number 6-40"))
    colors = tpl.get("colors", {})
    if not isinstance(colors, dict):
        raise bad('"colors"')
    for name, val in colors.items():
        if not (isinstance(val, str) and re.fullmatch(r"#[0-9A-Fa-f]{6}", val)):
            raise bad(f'"colors.{name}" ' + tr("phải có dạng #RRGGBB", "must look like #RRGGBB"))
    cols = tpl.get("columns")
    if not isinstance(cols, dict):
        raise bad('"columns"')
    for fid in COLUMNS:
        c = cols.get(fid)
        if not isinstance(c, dict):
            raise bad(f'"columns.{fid}"')
        for lang in ("vi", "en"):
            if not isinstance(c.get(lang), str) or not c[lang].strip():
                raise bad(f'"columns.{fid}.{lang}" ' + tr("phải là chữ", "must be text"))
        if not isinstance(c.get("width", 10), (int, float)) or not 1 <= c.get("width", 10) <= 255:
            raise bad(f'"columns.{fid}.width"')
    for part in ("left", "right"):
        block = tpl.get("header_block", {}).get(part)
        if not isinstance(block, dict) or not all(
            isinstance(block.get(lang), list) and all(isinstance(x, str) for x in block[lang])
            for lang in ("vi", "en")
        ):
            raise bad(f'"header_block.{part}"')
        for lang in ("vi", "en"):
            for text in block[lang]:
                _check_placeholders(text, bad, f"header_block.{part}.{lang}")
    for sec in ("cover", "labels"):
        if not isinstance(tpl.get(sec), dict):
            raise bad(f'"{sec}"')
        for name, val in tpl[sec].items():
            if not isinstance(val, dict) or not all(
                isinstance(val.get(lang), (str, list)) for lang in ("vi", "en")
            ):
                raise bad(f'"{sec}.{name}"')
            for lang in ("vi", "en"):
                for text in val[lang] if isinstance(val[lang], list) else [val[lang]]:
                    _check_placeholders(str(text), bad, f"{sec}.{name}.{lang}")
    tpl["_path"] = path
    return tpl


PLACEHOLDERS = (
    "unit_name",
    "unit_code",
    "period",
    "period_label",
    "due_date",
    "due_date_words",
    "year",
    "report_sheet",
    "tasks",
    # the office's letterhead, from the master's settings sheet (as the report's)
    "doc_governing_body",
    "doc_issuing_body",
    "doc_office_name",
)


def _check_placeholders(text: str, bad: Callable[[str], Exception], where: str) -> None:
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise bad(f'"{where}": {exc}') from None
    for n in names:
        if n not in PLACEHOLDERS:
            raise bad(
                f'"{where}": '
                + tr("chỗ điền không hợp lệ", "unknown placeholder")
                + f" {{{n}}} ("
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                + ")"
            )


def column_titles(tpl: dict[str, Any], lang: str) -> dict[str, str]:
    """Field id → column title in ``lang`` (as restyled by the office's template)."""
    return {fid: tpl["columns"][fid][lang] for fid in COLUMNS}


# --- writing one workbook ------------------------------------------------------------------

# The context of one run, shared with forked workers (never pickled: it holds the secret).
_CTX: dict[str, Any] = {}


def _fmt(wb, font: dict, **kw):
    base = {"font_name": font["name"], "font_size": font["size"], "valign": "top"}
    base.update(kw)
    return wb.add_format(base)


def _lines_needed(text: str, width_chars: float) -> int:
    # a column-width unit holds about 1.2 characters of Vietnamese text in Times New Roman
    per = max(int(width_chars * 1.2) - 1, 1)
    if not text or (len(text) <= per and "\n" not in text):
        return 1
    return sum(max(1, -(-len(line) // per)) for line in text.split("\n"))


def _merge_text(ws, row: int, c1: int, c2: int, text: str, fmt) -> None:
    """A merged range holding text, written as text (never a formula)."""
    ws.merge_range(row, c1, row, c2, "", fmt)
    write_text(ws, row, c1, text, fmt)


def _render(text: str, values: dict[str, Any]) -> str:
    return text.format_map(values)


def _write_unit(job: dict[str, Any]) -> dict[str, Any]:
    """Write one unit's workbook to a temporary file beside its target; compare with an
    existing target. Returns {unit, file, tmp, sha256, state: new|unchanged|different}."""
    ctx = _CTX
    lang: str = ctx["lang"]
    tpl = ctx["tpl"]
    outdir: Path = ctx["outdir"]
    target = outdir / job["file"]
    tmp = outdir / f".{job['file']}.partial"
    values = dict(ctx["values"])
    values.update(unit_name=job["unit_name"], unit_code=job["unit"], tasks=len(job["keys"]))
    wb = new_workbook(
        str(tmp),
        in_memory=True,
        title=f"{job['file'][:-5]}",
        subject=values["period_label"],
        company=" ".join(_render(x, values) for x in tpl["header_block"]["left"][lang]),
    )
    fmts = _Formats.add_to(wb, tpl["font"], tpl.get("colors", {}))
    _write_cover(wb, fmts, job, values)
    _write_report(wb, fmts, job, values)
    _write_manifest_sheet(wb, job, values["period"])
    close_workbook(wb, target)
    state, digest = _compare_with_target(target, tmp)
    return {"unit": job["unit"], "file": job["file"], "sha256": digest, "state": state}


# sheet protection: people may resize rows and columns and select every cell
PROTECT_OPTIONS = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


@dataclass
class _Formats:
    """The cell formats of a unit workbook, added to it in a fixed order (stable output)."""

    font: dict[str, Any]
    title: Any
    sub: Any
    big: Any
    plain: Any
    label: Any
    head: Any
    fixed: Any
    center: Any
    missing: Any
    group: Any
    in_text: Any
    in_num: Any
    in_date: Any

    @classmethod
    def add_to(cls, wb: Any, font: dict[str, Any], colors: dict[str, Any]) -> _Formats:
        in_bg = colors.get("input_bg", "#FFF9E1")
        head_bg = colors.get("header_bg", "#DDEBF7")
        return cls(
            font=font,
            title=_fmt(wb, font, bold=True, align="center", text_wrap=True),
            sub=_fmt(
                wb, font, bold=True, italic=False, underline=1, align="center", text_wrap=True
            ),
            big=_fmt(
                wb, font, bold=True, align="center", text_wrap=True, font_size=font["size"] + 2
            ),
            plain=_fmt(wb, font, text_wrap=True),
            label=_fmt(wb, font, bold=True, text_wrap=True),
            head=_fmt(
                wb,
                font,
                bold=True,
                align="center",
                valign="vcenter",
                text_wrap=True,
                border=1,
                bg_color=head_bg,
            ),  # fmt: skip
            fixed=_fmt(wb, font, text_wrap=True, border=1),
            center=_fmt(wb, font, text_wrap=True, border=1, align="center"),
            missing=_fmt(
                wb, font, text_wrap=True, border=1, align="center", bold=True, bg_color="#F8CBAD"
            ),  # fmt: skip
            group=_fmt(
                wb, font, bold=True, text_wrap=True, border=1, bg_color=colors.get("group_bg")
            ),
            in_text=_fmt(wb, font, text_wrap=True, border=1, locked=False, bg_color=in_bg),
            in_num=_fmt(
                wb, font, border=1, locked=False, bg_color=in_bg, num_format="0", align="center"
            ),  # fmt: skip
            in_date=_fmt(
                wb,
                font,
                border=1,
                locked=False,
                bg_color=in_bg,
                num_format="dd/mm/yyyy",
                align="center",
            ),  # fmt: skip
        )


def _text(section: str, name: str) -> Any:
    """A text of the office's template in the run's language."""
    return _CTX["tpl"][section][name][_CTX["lang"]]


COVER_WIDTHS = [26, 26, 26, 26]


def _write_cover(wb: Any, fm: _Formats, job: dict[str, Any], values: dict[str, Any]) -> None:
    """The cover sheet: header block, title, the plan cited, the unit's facts, instructions
    and contact; protected."""
    lang: str = _CTX["lang"]
    font = fm.font
    cover = wb.add_worksheet(SHEET_NAMES["cover"][lang])
    for c, w in enumerate(COVER_WIDTHS):
        cover.set_column(c, c, w)
    full = sum(COVER_WIDTHS)
    r = _write_header_block(cover, fm, _CTX["tpl"]["header_block"], lang, values) + 1

    def wide_row(text: str, f: Any, line_height: float = 18) -> None:
        nonlocal r
        cover.set_row(r, line_height * _lines_needed(text, full) * font["size"] / 12)
        _merge_text(cover, r, 0, 3, text, f)
        r += 1

    wide_row(_render(_text("cover", "title"), values), fm.big)
    wide_row(_render(_text("cover", "subtitle"), values), fm.title)
    if values.get("plan_citation"):  # the plan as cited: "Thực hiện Kế hoạch số … ngày …"
        text = ("Under " if lang == "en" else "Thực hiện ") + values["plan_citation"]
        wide_row(text, _fmt(wb, font, italic=True, text_wrap=True, align="center",
                            valign="vcenter"))  # fmt: skip
    r += 1
    facts = [
        ("unit", job["unit_name"]),
        ("unit_code", job["unit"]),
        ("period", f"{values['period_label']} ({values['period']})"),
        ("due_date", f"{values['due_date_words']} ({values['due_date']})"),
        ("tasks", str(len(job["keys"]))),
    ]
    for name, val in facts:
        write_text(cover, r, 0, _render(_text("labels", name), values), fm.label)
        _merge_text(cover, r, 1, 3, val, fm.plain)
        r += 1
    for title_key, body_key in (
        ("instructions_title", "instructions"),
        ("contact_title", "contact"),
    ):
        r += 1
        _merge_text(cover, r, 0, 3, _render(_text("cover", title_key), values), fm.label)
        r += 1
        body = _text("cover", body_key)
        for line in body if isinstance(body, list) else [body]:
            wide_row(_render(line, values), fm.plain, line_height=16)
    cover.set_paper(9)
    cover.set_portrait()
    cover.fit_to_pages(1, 0)
    cover.set_margins(left=0.8, right=0.6, top=0.7, bottom=0.7)
    cover.protect(_CTX["password"] or "", PROTECT_OPTIONS)


def _write_header_block(
    ws: Any, fm: _Formats, block: dict[str, Any], lang: str, values: dict[str, Any]
) -> int:
    """The office (left: the template's lines, with the settings' letterhead in place of
    ``{doc_governing_body}``/``{doc_issuing_body}``, empty lines left out) and the national
    motto (right), first line bold; returns the next row."""
    left = [x for x in (_render(t, values) for t in block["left"][lang]) if x.strip()]
    right = block["right"][lang]
    rows = max(len(left), len(right))
    for i in range(rows):
        f = fm.title if i == 0 else fm.sub
        _merge_text(ws, i, 0, 1, left[i] if i < len(left) else "", f)
        _merge_text(ws, i, 2, 3, right[i] if i < len(right) else "", f)
    return rows


def _report_widths(job: dict[str, Any]) -> list[float]:
    """Column widths from the template; short columns (key, number, role) grow to fit their
    longest value, up to 24."""
    columns = _CTX["tpl"]["columns"]
    col_w = [float(columns[fid].get("width", 12)) for fid in COLUMNS]
    for fid, pos in (("key", 1), ("number", 2), ("role", 4)):
        longest = max((len(row[pos] or "") for row in job["rows"] if row[0] == "t"), default=0)
        c = COLUMNS.index(fid)
        col_w[c] = max(col_w[c], min(longest * 1.15 + 2, 24))
    return col_w


def _write_report(wb: Any, fm: _Formats, job: dict[str, Any], values: dict[str, Any]) -> None:
    """The report sheet: titles, the hidden field-id row, a row per group and task (input
    cells unlocked, pre-filled), validations, print settings; protected."""
    font = fm.font
    ws = wb.add_worksheet(SHEET_NAMES["report"][_CTX["lang"]])
    col_w = _report_widths(job)
    for c, width in enumerate(col_w):
        ws.set_column(c, c, width)
    ws.set_row(HEADER_ROW, 32 * font["size"] / 12)
    titles = _CTX["titles"]
    for c, fid in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, c, titles[fid], fm.head)
    ws.set_row(FIELD_ROW, None, None, {"hidden": True})
    for c, fid in enumerate(COLUMNS):
        ws.write_string(FIELD_ROW, c, FIELD_ID_PREFIX + fid)
    line_h = 15.0 * font["size"] / 12
    ws.set_default_row(line_h + 3)
    missing = job.get("missing", ())
    r = FIRST_DATA_ROW
    for row in job["rows"]:
        if row[0] == "g":
            _write_group_row(ws, fm, r, row, col_w, line_h)
        else:
            _write_task_row(ws, fm, r, row, col_w, line_h, missing=row[1] in missing)
        r += 1
    last_row = max(r - 1, FIRST_DATA_ROW)
    for fid, rule in _CTX["validations"]:
        c = COLUMNS.index(fid)
        ws.data_validation(FIRST_DATA_ROW, c, last_row, c, rule)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW, FIELD_ROW)
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    head = _render(_text("labels", "page_header"), values).replace("&", "&&")
    ws.set_header(f'&C&"{font["name"]},Bold"{head}')
    ws.set_footer(f'&C&"{font["name"]},Regular"&P/&N')
    ws.protect(_CTX["password"] or "", PROTECT_OPTIONS)


def _write_group_row(
    ws: Any, fm: _Formats, r: int, row: tuple, col_w: list[float], line_h: float
) -> None:
    """A section heading: its number, and its text merged from the content column on."""
    _, number, content = row
    c_content = COLUMNS.index("content")
    ws.set_row(r, line_h * _lines_needed(content, sum(col_w[c_content:])) + 2)
    ws.write_blank(r, 0, None, fm.group)
    write_text(ws, r, 1, number, fm.group)
    _merge_text(ws, r, c_content, len(COLUMNS) - 1, content, fm.group)


def _write_task_row(
    ws: Any, fm: _Formats, r: int, row: tuple, col_w: list[float], line_h: float, *,
    missing: bool,
) -> None:  # fmt: skip
    """A task: its fixed cells (locked) and the unit's input cells, pre-filled with its latest
    report; a row not answered this period is marked in the role column (reminders)."""
    _, key, number, content, role, leader, deadline, pre = row

    def lines(text: str, fid: str) -> int:
        return _lines_needed(text, col_w[COLUMNS.index(fid)])

    n = max(
        lines(content, "content"),
        lines(leader, "leader"),
        lines(deadline, "deadline"),
        lines(pre[2], "result") if pre else 1,
        lines(pre[4], "difficulties") if pre else 1,
    )
    if n > 1:
        ws.set_row(r, line_h * min(n, 27) + 3)
    ws.write_string(r, 0, key, fm.center)
    write_text(ws, r, 1, number, fm.center)
    write_text(ws, r, 2, content, fm.fixed)
    if missing:
        role = f"{role} — {tr('CHƯA BÁO CÁO', 'NOT REPORTED', _CTX['lang'])}"
        write_text(ws, r, 3, role, fm.missing)
    else:
        write_text(ws, r, 3, role, fm.center)
    write_text(ws, r, 4, leader, fm.fixed)
    write_text(ws, r, 5, deadline, fm.center)
    status, progress, result, cdate, diff = pre or (None, None, "", None, "")
    c = COLUMNS.index("status")
    write_text(ws, r, c, status, fm.in_text)
    if progress is None:
        ws.write_blank(r, c + 1, None, fm.in_num)
    else:
        ws.write_number(r, c + 1, progress, fm.in_num)
    write_text(ws, r, c + 2, result, fm.in_text)
    if cdate is None:
        ws.write_blank(r, c + 3, None, fm.in_date)
    else:
        ws.write_datetime(r, c + 3, cdate, fm.in_date)
    write_text(ws, r, c + 4, diff, fm.in_text)


def _write_manifest_sheet(wb: Any, job: dict[str, Any], period: str) -> None:
    """The very hidden, signed manifest: unit, period, task keys, when, template version."""
    man = Manifest(
        unit=job["unit"],
        period=period,
        keys=list(job["keys"]),
        generated_at=_CTX["generated_at"],
        template_version=_CTX["template_version"],
    )
    man.sign(_CTX["secret"])
    ms = wb.add_worksheet(MANIFEST_SHEET)
    for i, (k, v) in enumerate(man.rows()):
        ms.write_string(i, 0, k)
        write_text(ms, i, 1, v)
    ms.very_hidden()


def _compare_with_target(target: Path, tmp: Path) -> tuple[str, str]:
    """``new`` / ``unchanged`` (same contents: the new file is dropped) / ``different`` (kept
    beside the target), and the sha256 of the file that stands."""
    state = "new"
    if target.exists():
        try:
            same = read_contents(target) == read_contents(tmp)
        except SheettoolsError:
            same = False
        state = "unchanged" if same else "different"
    digest = hashlib.sha256((target if state == "unchanged" else tmp).read_bytes()).hexdigest()
    if state == "unchanged":
        tmp.unlink()
    return state, digest


VOLATILE_MANIFEST_KEYS = ("generated_at", "signature")


def read_contents(path: str | os.PathLike) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values (python-calamine), without the volatile manifest rows."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        out = {}
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if name == MANIFEST_SHEET:
                rows = [r for r in rows if not (r and r[0] in VOLATILE_MANIFEST_KEYS)]
            out[name] = rows
        return out
    except Exception as exc:
        raise InputError(str(exc), file=str(path)) from exc


def _run_job(unit: str) -> dict[str, Any]:
    try:
        return _write_unit(_CTX["jobs"][unit])
    except SheettoolsError as exc:  # keep class, hint and location across processes
        return {"unit": unit, "error": (type(exc), exc.message, exc.hint, exc.location)}


def _raise_job_error(res: dict[str, Any]) -> None:
    if "error" in res:
        cls, message, hint, location = res["error"]
        exc = cls.__new__(cls)
        SheettoolsError.__init__(exc, message, hint=hint, location=location)
        raise exc


# --- the whole split -----------------------------------------------------------------------


def _validations(lang: str, year: int) -> list[tuple[str, dict[str, Any]]]:
    if lang == "en":
        status_msg = "; ".join(f"{s} = {STATUS_EN[s]}" for s in STATUSES)
    else:
        status_msg = "Chọn một trong sáu tình trạng: " + "; ".join(STATUSES)
    return [
        (
            "status",
            {
                "validate": "list",
                "source": list(STATUSES),
                "input_title": tr("Tình trạng", "Status", lang),
                "input_message": status_msg[:255],
                "error_title": tr("Tình trạng không hợp lệ", "Invalid status", lang),
                "error_message": tr(
                    "Hãy chọn một tình trạng trong danh sách.",
                    "Pick one of the statuses in the list.",
                    lang,
                ),
            },
        ),
        (
            "progress",
            {
                "validate": "integer",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
                "input_title": tr("Tiến độ (%)", "Progress (%)", lang),
                "input_message": tr(
                    "Số nguyên từ 0 đến 100.", "A whole number from 0 to 100.", lang
                ),
                "error_title": tr("Tiến độ không hợp lệ", "Invalid progress", lang),
                "error_message": tr(
                    "Nhập số nguyên từ 0 đến 100 (không có dấu %).",
                    "Type a whole number from 0 to 100 (without %).",
                    lang,
                ),
            },
        ),
        (
            "result",
            {
                "validate": "any",
                "input_title": tr("Kết quả thực hiện", "Results", lang),
                "input_message": tr(
                    "Kết quả đạt được trong kỳ (số liệu, văn bản đã ban hành...).",
                    "What was achieved in the period (figures, documents issued...).",
                    lang,
                ),
            },
        ),
        (
            "completion_date",
            {
                "validate": "date",
                "criteria": "between",
                "minimum": dt.date(year, 1, 1),
                "maximum": dt.date(year + 1, 12, 31),
                "input_title": tr("Ngày hoàn thành", "Completion date", lang),
                "input_message": tr(
                    "Chỉ điền khi đã hoàn thành, dạng ngày/tháng/năm (vd 15/06/" + str(year) + ").",
                    "Only when done, as day/month/year (e.g. 15/06/" + str(year) + ").",
                    lang,
                ),
                "error_title": tr("Ngày không hợp lệ", "Invalid date", lang),
                "error_message": tr(
                    f"Nhập một ngày từ 01/01/{year} đến 31/12/{year + 1}.",
                    f"Type a date from 01/01/{year} to 31/12/{year + 1}.",
                    lang,
                ),
            },
        ),
        (
            "difficulties",
            {
                "validate": "any",
                "input_title": tr("Khó khăn, đề xuất", "Difficulties", lang),
                "input_message": tr(
                    "Khó khăn, vướng mắc và đề xuất, kiến nghị (nếu có).",
                    "Difficulties met and proposals (if any).",
                    lang,
                ),
            },
        ),
    ]


def _unit_rows(
    master_tasks: dict[str, Task],
    pairs: list[tuple[Task, str]],
    prefill: dict[str, Report],
    lang: str,
) -> list[tuple]:
    """The report sheet's rows: orientation headings ("g", number, content) for the
    ancestors of selected tasks, then task rows with their prefill."""
    selected = {t.key for t, _ in pairs}
    shown: set[str] = set()
    rows: list[tuple] = []
    for task, role in pairs:
        chain: list[Task] = []
        p = task.parent
        while p and p not in shown and p not in selected and p in master_tasks:
            chain.append(master_tasks[p])
            p = master_tasks[p].parent
        for anc in reversed(chain):
            shown.add(anc.key)
            rows.append(("g", anc.number, anc.content))
        rep = prefill.get(task.key)
        pre = None
        if rep is not None:
            d = _iso(rep.completion_date)
            pre = (
                rep.status or None,
                rep.progress,
                rep.result or "",
                dt.datetime(d.year, d.month, d.day) if d else None,
                rep.difficulties or "",
            )
        label = ROLE_LABELS[role][1 if lang == "en" else 0]
        # the plan's other columns (product, notes, budget …) shown under the task, read-only
        content = f"{task.content}\n{task.extra}" if task.extra else task.content
        rows.append(("t", task.key, task.number, content, label, task.leader, task.due_raw, pre))
    return rows


def _read_manifest_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with contextlib.suppress(OSError, csv.Error, UnicodeDecodeError):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [dict(r) for r in csv.DictReader(fh)]
    return []


def _issued_evidence(master: Master, out: Path) -> str:
    """Why the office has issued signed workbooks already ("" when nothing shows it): the
    master's send log or reports merged from verified files, or signed workbooks
    (manifest.csv) in ``out``."""
    if master.sendlog or any(r.verified and r.sha256 for r in master.reports):
        return tr("sổ chính đã ghi biểu gửi đi hoặc báo cáo đã xác thực",
                  "the master records workbooks sent or verified reports")  # fmt: skip
    if _read_manifest_csv(out / MANIFEST_CSV):
        return tr("thư mục {out} đã có biểu phát hành (manifest.csv)",
                  "{out} already holds issued workbooks (manifest.csv)").format(out=out)  # fmt: skip
    return ""


def _secret(
    master_path: str | os.PathLike,
    create: bool,
    master: Master | None = None,
    out: Path | None = None,
    renew: bool = False,
) -> bytes:
    """The signing secret beside the master. A missing one is made only when nothing shows
    that workbooks were issued with an earlier one (``renew``: make it anyway, on purpose):
    workbooks signed with a new secret would not match those already with the units."""
    key = load_or_create_secret(master_path, create=False)
    if key is not None:
        return key
    why = "" if renew or not create or master is None or out is None else (
        _issued_evidence(master, out))  # fmt: skip
    if create and not why:
        made = load_or_create_secret(master_path, create=True)
        assert made is not None
        return made
    if not create:  # (a new secret would sign files merge cannot check against the old)
        raise FileError(
            tr(
                "Thiếu tệp khóa ký {name} bên cạnh sổ chính: không tạo khóa mới cho thư nhắc "
                "(biểu ký bằng khóa mới không khớp với các biểu đã phát hành)",
                "The signing secret {name} beside the master is missing: no new one is made "
                "for a reminder (workbooks signed with it would not match those issued)",
            ).format(name=SECRET_NAME),
            hint=tr(
                "Chép lại tệp này từ bản sao lưu vào thư mục của sổ chính rồi chạy lại",
                "Copy it back from a backup into the master's folder and retry",
            ),
            location=str(master_path),
        )
    raise FileError(
        tr(
            "Thiếu tệp khóa ký {name} bên cạnh sổ chính mà {why}: không tạo khóa mới (mọi "
            "biểu đã phát hành sẽ không xác thực được)",
            "The signing secret {name} beside the master is missing while {why}: no new one "
            "is made (every workbook already issued would fail verification)",
        ).format(name=SECRET_NAME, why=why),
        hint=tr(
            "Chép lại tệp này từ bản sao lưu vào thư mục của sổ chính rồi chạy lại; nếu đã "
            "mất hẳn, chạy lại với --new-secret và gửi lại biểu cho mọi đơn vị",
            "Copy it back from a backup into the master's folder and retry; if it is lost "
            "for good, rerun with --new-secret and send every unit its workbook again",
        ),
        location=str(master_path),
    )


def split_workbooks(
    master_path: str | os.PathLike,
    period: str,
    outdir: str | os.PathLike,
    *,
    units: list[str] | None = None,
    force: bool = False,
    password: str | None = None,
    now: dt.datetime,
    lang: str | None = None,
    templates_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    mark_missing: bool = False,
    new_secret: bool = True,
    renew_secret: bool = False,
) -> dict[str, Any]:
    """Write one signed fill-in workbook per reporting unit with tasks in ``period``.

    Every workbook is pre-filled with the unit's latest report on each task (this period's
    return when there is one, else the last earlier one). ``mark_missing`` (for reminders):
    the rows the unit has not answered this period are marked ``CHƯA BÁO CÁO`` in the role
    column (never in an input cell).

    Returns ``{"period", "due_date", "outdir", "manifest", "files": [{"unit", "email",
    "file", "tasks", "sha256", "state"}], "skipped_units": [{"unit", "reason"}],
    "unchanged": [file names], "sent_to_no_one": [task keys]}`` (``sent_to_no_one``: tasks of
    the plan no unit is given, whatever the period). An existing file with different contents is never
    replaced without ``force`` (``SheettoolsError`` naming the files); identical contents
    leave the file untouched (``state`` "unchanged"). The signing secret beside the master is
    reused; it is made on first use only, when neither the master (send log, verified
    reports) nor ``outdir`` (manifest.csv) shows workbooks issued with an earlier one, else
    a missing one is a ``FileError`` (``renew_secret=True``: make a new one anyway, on
    purpose); with ``new_secret=False`` (reminders) a missing one is always a ``FileError``.
    """
    lang = lang or get_lang()
    master = load_master(master_path)
    per = get_period(master, period)
    tpl = load_unit_template(templates_dir)
    out = make_folder(outdir)
    chosen = _chosen_units(master, units, master_path)
    jobs, order, skipped = _unit_jobs(master, per, chosen, lang, mark_missing=mark_missing)
    year = _plan_year(master, per)
    _CTX.clear()
    _CTX.update(
        lang=lang,
        tpl=tpl,
        titles=column_titles(tpl, lang),
        outdir=out,
        password=password,
        secret=_secret(master_path, new_secret, master, out, renew_secret),
        generated_at=now.isoformat(timespec="seconds"),
        template_version=str(tpl.get("template_version") or TEMPLATE_VERSION),
        validations=_validations(lang, year),
        values=_run_values(master, per, year, lang),
        jobs=jobs,
    )
    todo = [u.code for u in order]
    try:
        results = _run_jobs(todo, workers, progress)
        _publish(results, out, force=force)
    finally:
        for code in todo:
            with contextlib.suppress(OSError):
                (out / f".{jobs[code]['file']}.partial").unlink()
        _CTX.clear()

    files = [
        {
            "unit": u.code,
            "email": "; ".join(u.email),
            "file": results[u.code]["file"],
            "tasks": len(jobs[u.code]["keys"]),
            "sha256": results[u.code]["sha256"],
            "state": "unchanged" if results[u.code]["state"] == "unchanged" else "written",
        }
        for u in order
    ]
    manifest_path = out / MANIFEST_CSV
    _write_manifest_csv(manifest_path, files, per, master)
    return {
        "period": per.code,
        "due_date": per.due_date,
        "outdir": str(out),
        "manifest": str(manifest_path),
        "files": files,
        "skipped_units": skipped,
        "unchanged": [f["file"] for f in files if f["state"] == "unchanged"],
        "sent_to_no_one": sent_to_no_one(master),
    }


def sent_to_no_one(master: Master) -> list[str]:
    """Keys of the plan's tasks no unit is given: no lead unit, or a lead that is a group with
    no units in it yet, and no coordinating unit either (the office assigns them on the
    plan page; the split cannot send them to anyone)."""
    flags = ("no_lead_unit", "lead_reaches_no_unit")
    return [
        t.key
        for t in master.tasks
        if t.kind != KIND_GROUP
        and not t.lead_units
        and not t.coordinating_units
        and any(f.split(":", 1)[0] in flags for f in t.flags)
    ]


def _run_values(master: Master, per: Period, year: int, lang: str) -> dict[str, Any]:
    """The template placeholders shared by every unit's workbook of the run."""
    return {
        "period": per.code,
        "period_label": period_label(per, lang),
        "due_date": dt.date.fromisoformat(per.due_date).strftime("%d/%m/%Y"),
        "due_date_words": date_words(per.due_date, lang),
        "year": year,
        "report_sheet": SHEET_NAMES["report"][lang],
        "plan_citation": master.settings.get("plan_citation", ""),
        **{
            k: setting(master, k)
            for k in ("doc_governing_body", "doc_issuing_body", "doc_office_name")
        },
    }


def _chosen_units(
    master: Master, units: list[str] | None, master_path: str | os.PathLike
) -> list[Unit]:
    """The units asked for (codes in any case; unknown ones refused), else every unit."""
    if not units:
        return list(master.units)
    unit_map = master.unit_map()
    folded = {c.casefold(): c for c in unit_map}
    wanted = list(dict.fromkeys(folded.get(u.strip().casefold(), u) for u in units))
    unknown = [u for u in wanted if u not in unit_map]
    if unknown:
        raise InputError(
            tr("Không có đơn vị", "No such unit") + ": " + ", ".join(unknown),
            hint=tr(
                "Xem mã đơn vị bằng: sheettools units list MASTER",
                "List the unit codes with: sheettools units list MASTER",
            ),
            file=str(master_path),
            sheet="units",
        )
    return [unit_map[u] for u in wanted]


def _unit_jobs(
    master: Master, per: Period, chosen: list[Unit], lang: str, *, mark_missing: bool
) -> tuple[dict[str, dict[str, Any]], list[Unit], list[dict[str, str]]]:
    """A job per unit that reports tasks in the period (its rows pre-filled with its latest
    reports); the units passed over, with the reason."""
    selection = select_all(master, per)
    prefill_all = _latest_by_task_unit(master, per, include_same=True)
    tasks_by_key = master.task_map()
    jobs: dict[str, dict[str, Any]] = {}
    order: list[Unit] = []
    skipped: list[dict[str, str]] = []
    for u in chosen:
        pairs = selection.get(u.code, [])
        if not u.reports or not pairs:
            reason = (
                tr("không gửi sổ (ngoài hệ thống)", "external", lang)
                if not u.reports
                else tr("không có nhiệm vụ trong kỳ", "no tasks", lang)
            )
            skipped.append({"unit": u.code, "reason": reason})
            continue
        prefill = {
            t.key: prefill_all[(t.key, u.code)] for t, _ in pairs if (t.key, u.code) in prefill_all
        }
        jobs[u.code] = {
            "unit": u.code,
            "unit_name": u.name or u.code,
            "file": unit_file_name(per.code, u.code),
            "keys": [t.key for t, _ in pairs],
            "rows": _unit_rows(tasks_by_key, pairs, prefill, lang),
            "missing": _unanswered(pairs, prefill, per) if mark_missing else set(),
        }
        order.append(u)
    return jobs, order, skipped


def _unanswered(pairs: list, prefill: dict[str, Report], per: Period) -> set[str]:
    """The unit's tasks with no answer this period (no report, or one with nothing in it)."""
    missing: set[str] = set()
    for t, _ in pairs:
        rep = prefill.get(t.key)
        if rep is None or rep.period != per.code or not (
            rep.status or rep.progress is not None or rep.result or rep.completion_date
            or rep.difficulties
        ):  # fmt: skip
            missing.add(t.key)
    return missing


def _run_jobs(
    todo: list[str], workers: int | None, progress: Callable[[int, int, str], None] | None
) -> dict[str, dict[str, Any]]:
    """Write every unit's workbook (``_CTX`` set), in forked workers when there are many."""
    results: dict[str, dict[str, Any]] = {}
    n_workers = workers if workers is not None else (min(2, os.cpu_count() or 1))
    use_pool = (
        n_workers > 1
        and len(todo) >= PARALLEL_MIN_UNITS
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if not use_pool:
        for i, code in enumerate(todo, start=1):
            res = _run_job(code)
            _raise_job_error(res)
            results[code] = res
            if progress:
                progress(i, len(todo), res["file"])
        return results
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n_workers, mp_context=ctx) as pool:
        try:
            for i, res in enumerate(pool.map(_run_job, todo, chunksize=4), start=1):
                _raise_job_error(res)
                results[res["unit"]] = res
                if progress:
                    progress(i, len(todo), res["file"])
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _publish(results: dict[str, dict[str, Any]], out: Path, *, force: bool) -> None:
    """Move the new workbooks into place; a different existing file only with ``force``."""
    different = [r["file"] for r in results.values() if r["state"] == "different"]
    if different and not force:
        raise FileError(
            tr(
                "Tệp đã có với nội dung khác, không ghi đè",
                "A different file already exists; not overwritten",
            )
            + ": "
            + ", ".join(different),
            hint=tr(
                "Dùng --force để ghi đè (tệp cũ sẽ mất), hoặc chọn thư mục khác",
                "Use --force to overwrite (the old file is lost), or another folder",
            ),
            location=str(out),
        )
    for r in results.values():
        if r["state"] != "unchanged":
            os.replace(out / f".{r['file']}.partial", out / r["file"])


def _write_manifest_csv(path: Path, files: list[dict], per: Period, master: Master) -> None:
    """Rows of this run, plus earlier rows (same period, other units) whose file is still
    there, in the units sheet's order."""
    rows = {
        f["unit"]: {
            **{k: f[k] for k in MANIFEST_CSV_FIELDS[:5]},
            "period": per.code,
            "due_date": per.due_date,
        }
        for f in files
    }
    for old in _read_manifest_csv(path):
        u = old.get("unit", "")
        if (
            u
            and u not in rows
            and old.get("period") == per.code
            and (path.parent / old.get("file", "")).is_file()
        ):
            rows[u] = {k: old.get(k, "") for k in MANIFEST_CSV_FIELDS}
    pos = {u.code: i for i, u in enumerate(master.units)}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=MANIFEST_CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for u in sorted(rows, key=lambda c: (pos.get(c, len(pos)), c)):
        w.writerow(rows[u])
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    os.replace(tmp, path)
