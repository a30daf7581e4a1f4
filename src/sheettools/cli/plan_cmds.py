"""CLI: ``plan import``, ``tasks``, ``units list|suggest|resolve``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .. import problems
from ..i18n import tr
from . import cli
from .common import FORMAT_OPTION, emit, emit_json, format_option


@cli.group("plan")
def plan() -> None:
    """The plan: import the schedule table into a master workbook."""


@plan.command("import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False),
    help="The master workbook to write.",
)
@click.option(
    "--units", type=click.Path(dir_okay=False), help="A reviewed unit registry (units.xlsx)."
)
@click.option("--year", type=int, help="The plan year (default: read from the document).")
@click.option(
    "--force",
    is_flag=True,
    help="Re-import into an existing master (its reports, units, periods are kept).",
)
@format_option("table", "json")
def plan_import(
    source: str, output: str, units: str | None, year: int | None, force: bool, fmt: str
) -> None:
    """Import the schedule table of SOURCE (.txt export, .docx, .xlsx/.csv) into a master.

    \b
    Example:
        sheettools plan import samples/long-bien-2023/plan.txt \\
            --units samples/long-bien-2023/units.xlsx --output master.xlsx
    """
    from ..planimport import import_plan

    report = import_plan(source, output, units=units, year=year, force=force, now=dt.datetime.now())
    if fmt == "json":
        emit_json(report)
    else:
        print_import_report(report)


def print_import_report(report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    con.print(tr(f"[bold]Đã nhập[/bold] {report['source']} → {report['output']}",
                 f"[bold]Imported[/bold] {report['source']} → {report['output']}"))  # fmt: skip
    con.print(
        f"{report['title']} — {tr('năm', 'year')} {report['year']}, {report['rows']} {tr('dòng', 'rows')}"
    )
    t = Table(title=tr("Theo mục", "By section"))
    for c in (tr("Mục", "Section"), tr("Nhóm", "Groups"), tr("Nhiệm vụ", "Tasks"), tr("Phần con", "Sub-items"),
              tr("Số TT khác nhau", "Distinct numbers")):  # fmt: skip
        t.add_column(c)
    for sec, s in report["sections"].items():
        t.add_row(
            sec, str(s["groups"]), str(s["tasks"]), str(s["subitems"]), str(s["distinct_numbers"])
        )
    con.print(t)
    if report["count_differences"]:
        t = Table(
            title=tr(
                "Số lượng ghi ở tiêu đề khác số dòng tìm thấy",
                "Stated counts that differ from rows found",
            )
        )
        for c in (tr("Mã", "Key"), tr("Ghi", "Stated"), tr("Tìm thấy", "Found")):
            t.add_column(c)
        for c in report["count_differences"]:
            t.add_row(c["key"], str(c["stated"]), str(c["found"]))
        con.print(t)
    for w in report["warnings"]:
        con.print(f"[yellow]![/yellow] {w}")
    if report["unresolved_units"]:
        t = Table(title=tr("Cụm đơn vị chưa nhận ra", "Unresolved unit fragments"))
        t.add_column(tr("Cụm", "Fragment"))
        t.add_column(tr("Nhiệm vụ", "Tasks"))
        for u in report["unresolved_units"]:
            t.add_row(u["fragment"], ", ".join(u["tasks"]))
        con.print(t)
    else:
        con.print(tr("Mọi tên đơn vị đều đã nhận ra.", "Every unit name was resolved."))
    con.print(
        tr("Thời hạn: ", "Deadlines: ")
        + f"{len(report['no_deadline'])} {tr('không tính được', 'not computable')}, "
        + f"{len(report['before_plan_year'])} {tr('trước năm kế hoạch', 'before the plan year')}, "
        + f"{len(report['unparsed_time'])} {tr('không đọc được', 'unparsed')}"
    )


@cli.command("tasks")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.option("--unit", help="Only tasks where this unit code leads or coordinates.")
@FORMAT_OPTION
def tasks_cmd(master: str, unit: str | None, fmt: str) -> None:
    """List the plan's tasks (not group headings).

    \b
    Example:
        sheettools tasks master.xlsx --unit VHTT --format json
    """
    from ..store import load_master
    from ..views import list_tasks

    rows = list_tasks(load_master(master), unit)
    if fmt == "table":
        rows = [
            {"key": r["key"], "content": r["content"][:70], "lead": r["lead_units"], "due": r["due_date"] or r["due_raw"],
             "flags": [problems.describe(f) for f in r["flags"]]}
            for r in rows
        ]  # fmt: skip
    emit(rows, fmt)


@cli.group("units")
def units() -> None:
    """The unit registry: list, suggest from a plan, re-resolve after edits."""


@units.command("list")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@FORMAT_OPTION
def units_list(master: str, fmt: str) -> None:
    """List the master's units.

    \b
    Example:
        sheettools units list master.xlsx --format json
    """
    from ..store import load_master
    from ..views import list_units

    emit(list_units(load_master(master)), fmt)


@units.command("suggest")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False), help="units.xlsx to write."
)
@click.option("--year", type=int, help="The plan year, as for plan import.")
@click.option(
    "--map",
    "col_map",
    multiple=True,
    metavar='ROLE="Column title"',
    help="Which column holds a role, as for plan import (repeatable).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def units_suggest(
    source: str, output: str, year: int | None, col_map: tuple[str, ...], force: bool
) -> None:
    """Propose a unit registry from a plan's unit cells, for a person to review in Excel.

    Official names are kept whole (Sở Khoa học và Công nghệ is never cut at "và"); vague
    phrases (các cơ quan liên quan) become an ignored group.

    \b
    Example:
        sheettools units suggest plan.txt --output units-draft.xlsx
        sheettools units suggest nq45.txt --year 2024 \\
            --map lead="Cơ quan chủ trì thẩm tra" --output units-draft.xlsx
    """
    from ..units import parse_column_map, suggest_units_from_plan

    result = suggest_units_from_plan(
        source, output, force=force, year=year, mapping=parse_column_map(col_map)
    )
    click.echo(
        tr(
            f"Đã ghi {output}: {result['units']} đơn vị, {result['groups']} nhóm từ {result['fragments']} cụm tên. "
            "Hãy rà soát trong Excel rồi dùng với --units.",
            f"Wrote {output}: {result['units']} units, {result['groups']} groups from {result['fragments']} "
            "fragments. Review it in Excel, then use it with --units.",
        )
    )


@units.command("resolve")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--all", "all_tasks", is_flag=True, help="Re-resolve every task (replaces codes fixed by hand)."
)
@FORMAT_OPTION
def units_resolve(master: str, all_tasks: bool, fmt: str) -> None:
    """Resolve unit names again after editing the registry (units/groups sheets) in Excel.

    \b
    Example:
        sheettools units resolve master.xlsx
    """
    from ..planimport import reresolve_master

    left = reresolve_master(Path(master), now=dt.datetime.now(), all_tasks=all_tasks)
    if fmt == "table" and not left:
        click.echo(tr("Mọi tên đơn vị đều đã nhận ra.", "Every unit name was resolved."))
        return
    emit([{"fragment": k, "tasks": v} for k, v in left.items()], fmt)
