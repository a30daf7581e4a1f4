"""CLI commands: ``sheettools status`` (wraps ``periodstatus.status_report``), ``sheettools
summary`` (wraps ``summary.write_summary``) and ``sheettools report`` (wraps
``report.write_report``)."""

from __future__ import annotations

from typing import Any

import click

from .. import problems
from ..docinfo import fmt_date, fmt_received, label_of, office_tz
from ..i18n import tr
from ..model import STATUS_EN
from ..periodstatus import status_report
from ..report import write_report
from ..summary import write_summary
from . import cli
from .common import (
    AS_OF_OPTION,
    as_of_date,
    binary_output,
    emit_json,
    format_option,
    input_path,
    output_option,
    period_option,
)
from .localize import column


@cli.command("status")
@click.argument("master", type=click.Path(dir_okay=False, allow_dash=True))
@period_option()
@AS_OF_OPTION
@click.option(
    "--due-soon-days",
    type=click.IntRange(0, 3660),
    default=None,
    help="Window for 'due soon' (default 15).",
)
@format_option("table", "json")
def status_cmd(master, period, as_of, due_soon_days, fmt):
    """Missing and late returns, empty entries, overdue and due-soon tasks, flags.

    \b
    Example:
        sheettools status master.xlsx --period 2023-Q2
        sheettools status master.xlsx -p 2023-Q2 --as-of 2023-06-30 --format json
    """
    day = as_of_date(as_of)
    with input_path(master) as path:
        res = status_report(path, period, day, due_soon_days=due_soon_days)
    if fmt == "json":
        emit_json(res)
    else:
        print_status(res)


@cli.command("summary")
@click.argument("master", type=click.Path(dir_okay=False, allow_dash=True))
@period_option()
@output_option("The .xlsx ('-': standard output).", dash=True)
@AS_OF_OPTION
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder of office templates (default: ./workbook_templates).",
)
@click.option("--pdf", "pdf", is_flag=True, help="Also write a PDF beside it (needs LibreOffice).")
def summary_cmd(master, period, output, as_of, force, templates_dir, pdf):
    """Write the committee's quarterly workbook, made to be read on A4.

    Overview (two pages, Decree 30 header from the master's settings sheet), detail per
    task, overdue tasks, units' returns, values to check, changes, and an appendix with every
    unit's full text.

    \b
    Example:
        sheettools summary master.xlsx --period 2023-Q2 --output TONGHOP_2023-Q2.xlsx
        sheettools summary master.xlsx -p 2023-Q2 -o TONGHOP.xlsx --as-of 2023-06-30 --pdf
        sheettools summary master.xlsx -p 2023-Q2 -o - > TONGHOP.xlsx
    """
    if pdf and output == "-":
        raise click.UsageError(tr("--pdf cần một tệp --output, không phải -",
                                  "--pdf needs an --output file, not -"))  # fmt: skip
    day = as_of_date(as_of)
    with input_path(master) as path, binary_output(output, "TONGHOP.xlsx") as out:
        fig = write_summary(
            path, period, out, as_of=day, force=force, templates_dir=templates_dir, pdf=pdf
        )
    if output == "-":
        fig["output"] = _STDOUT()
    _say_written(_summary_line(fig), fig, output)


@cli.command("report")
@click.argument("master", type=click.Path(dir_okay=False))
@period_option()
@output_option("The .docx ('-': standard output).", dash=True)
@AS_OF_OPTION
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    default=None,
    help="A Word template (default: workbook_templates/bao_cao_quy.docx, else the built-in one).",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--pdf", "pdf", is_flag=True, help="Also write a PDF beside it (needs LibreOffice).")
def report_cmd(master, period, output, as_of, template, force, pdf):
    """Write the quarterly report (Word, Decree 30 layout) from the office's template.

    \b
    Example:
        sheettools report master.xlsx --period 2023-Q2 --output BAOCAO_2023-Q2.docx
        sheettools report master.xlsx -p 2023-Q2 -o BAOCAO.docx --as-of 2023-06-20 --pdf
        sheettools report master.xlsx -p 2023-Q2 -o - > BAOCAO.docx
    """
    if pdf and output == "-":
        raise click.UsageError(tr("--pdf cần một tệp --output, không phải -",
                                  "--pdf needs an --output file, not -"))  # fmt: skip
    with binary_output(output, "BAOCAO.docx") as out:
        res = write_report(
            master, period, out, as_of=as_of_date(as_of), template=template, force=force, pdf=pdf
        )
    if output == "-":
        res["output"] = _STDOUT()
    _say_written(_report_line(res), res, output)


def _STDOUT() -> str:  # noqa: N802 - reads as the constant it stands for
    """Where '-' wrote to, in the user's words (not a bare dash)."""
    return tr("đầu ra chuẩn (stdout)", "standard output")


def _say_written(line: str, res: dict[str, Any], output: str) -> None:
    """What a command wrote (on stderr when the file itself goes to standard output), then
    the PDF beside it."""
    click.echo(line, err=output == "-")
    if res.get("pdf"):
        click.echo(tr("Đã ghi {p}.", "Wrote {p}.").format(p=res["pdf"]))


def _summary_line(fig: dict[str, Any]) -> str:
    return tr(
        "Đã ghi {out}: {n} nhiệm vụ, hoàn thành {d} ({r:.0%}), quá hạn {o}; "
        "đơn vị gửi đúng hạn {ot}/{e}, muộn {lt}, chưa gửi {m}, tệp không đọc được {u}.",
        "Wrote {out}: {n} tasks, {d} done ({r:.0%}), {o} overdue; "
        "units on time {ot}/{e}, late {lt}, missing {m}, unreadable {u}.",
    ).format(
        out=fig["output"],
        n=fig["tasks"],
        d=fig["done"],
        r=fig["completion_rate"],
        o=fig["overdue"],
        ot=fig["returned_on_time"],
        e=fig["expected_units"],
        lt=fig["returned_late"],
        m=fig["missing_units"],
        u=fig["unreadable_units"],
    )  # fmt: skip


def _report_line(res: dict[str, Any]) -> str:
    return tr(
        "Đã ghi {out} (mẫu {tpl}): {n} nhiệm vụ, hoàn thành {d}, quá hạn {o}; "
        "{m} đơn vị chưa gửi, {u} gửi tệp không đọc được, {lt} gửi muộn.",
        "Wrote {out} (template {tpl}): {n} tasks, {d} done, {o} overdue; "
        "units missing {m}, unreadable {u}, late {lt}.",
    ).format(
        out=res["output"],
        tpl=res["template"],
        n=res["tasks"],
        d=res["done"],
        o=res["overdue"],
        m=res["units_missing"],
        u=res["units_unreadable"],
        lt=res["units_late"],
    )  # fmt: skip


def print_status(res: dict[str, Any]) -> None:
    """Compact rich tables, one per non-empty list (unit text shown literally, no markup)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..periodstatus import BUCKET_LABELS

    tz = office_tz(res.get("timezone") or "")
    label = label_of(res["period"], res["period_label"])
    con = Console()
    head = tr(
        "{p} — hạn gửi {d}, tính đến {a}: {e} đơn vị phải gửi, {m} chưa gửi, {u} gửi tệp không "
        "đọc được, {l} gửi muộn; {o} nhiệm vụ quá hạn, {s} sắp đến hạn.",
        "{p} — due {d}, as of {a}: units expected {e}, missing {m}, unreadable file {u}, "
        "late {l}; tasks overdue {o}, due soon {s}.",
    ).format(
        p=label,
        d=fmt_date(res["due_date"]), a=fmt_date(res["as_of"]), e=len(res["expected_units"]),
        m=len(res["missing_units"]) - len(res.get("unreadable_units", [])),
        l=len(res["late_units"]), o=len(res["overdue_tasks"]),
        s=len(res["due_soon"]), u=len(res.get("unreadable_units", [])),
    )  # fmt: skip
    con.print(Text(head, style="bold"))
    guessed = [u["unit"] for k in ("late_units", "on_time_units") for u in res.get(k, [])
               if u.get("timeliness_from") == "file_date"]  # fmt: skip
    if guessed:
        con.print(Text(tr(
            "Đúng hạn/muộn của {n} đơn vị tính theo ngày của tệp (không rõ thời điểm nhận thư): {u}",
            "Timeliness of {n} units is from the file's date (received time unknown): {u}",
        ).format(n=len(guessed), u=", ".join(guessed))))  # fmt: skip
    con.print(Text("; ".join(f"{tr(*BUCKET_LABELS[k])}: {v}" for k, v in res["buckets"].items())))
    parts = [
        ("not_sent", tr("Chưa gửi", "Missing"), ["unit", "name"]),
        ("unreadable_units", tr("Gửi tệp không đọc được", "Sent an unreadable file"),
         ["unit", "name", "file", "reason", "received_at"]),
        ("late_units", tr("Gửi muộn", "Late"), ["unit", "name", "received_at", "days_late", "timeliness_from"]),
        ("empty_entries", tr("Dòng bỏ trống", "Empty entries"), ["unit", "key"]),
        ("overdue_tasks", tr("Quá hạn", "Overdue"), ["key", "lead_units", "due_date", "days_overdue", "status"]),
        ("due_soon", tr("Sắp đến hạn", "Due soon"), ["key", "lead_units", "due_date", "days_left", "status"]),
        ("unverified", tr("Tệp chưa xác thực", "Unverified"), ["unit", "source_file"]),
        ("flagged_values", tr("Giá trị bị đánh dấu", "Flagged values"), ["unit", "key", "flags"]),
    ]  # fmt: skip
    res = {**res, "not_sent": [m for m in res["missing_units"] if not m.get("sent_unreadable")]}
    for key, title, cols in parts:
        rows = res.get(key) or []
        if not rows:
            continue
        con.print(Text(f"{title} ({len(rows)})", style="bold"))
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        for c in cols:
            t.add_column(column(c), overflow="fold")
        for r in rows:
            t.add_row(*[Text(_cell(r[c], c, tz)) for c in cols])
        con.print(t)


def _cell(v: Any, col: str, tz: Any = None) -> str:
    if col == "received_at" and isinstance(v, str):
        return fmt_received(v, tz or office_tz(""))
    if col == "due_date" and isinstance(v, str):
        return fmt_date(v)
    if col == "timeliness_from":
        return tr("theo ngày của tệp", "from the file's date") if v == "file_date" else ""
    if col == "flags":  # codes as a person reads them (sheettools.problems)
        return "; ".join(problems.describe(str(x)) for x in v or [])
    if isinstance(v, list):
        return "; ".join(map(str, v))
    if v is None:
        return tr("chưa báo cáo", "not reported") if col == "status" else ""
    if col == "status":
        return tr(str(v), STATUS_EN.get(str(v), str(v)))
    return str(v)
