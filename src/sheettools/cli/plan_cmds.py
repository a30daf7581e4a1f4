"""CLI: ``plan import|inspect|office|lead``, ``tasks``, ``units list|suggest|resolve``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from .. import problems
from ..i18n import tr
from . import cli
from .common import FORMAT_OPTION, YEAR, emit, emit_json, format_option, input_path


@cli.group("plan")
def plan() -> None:
    """The plan: import the schedule table into a master workbook."""


MAP_OPTION = click.option(
    "--map",
    "maps",
    multiple=True,
    metavar='ROLE="Column title"',
    help="Give a column its role (number, content, leader, lead, coord, start, due, output, "
    "notes); repeatable. Overrides the guess and the mapping file beside the plan.",
)
TABLE_OPTION = click.option(
    "--table",
    "--sheet",
    "tables",
    multiple=True,
    help="Import only this table (its number in 'plan inspect') or sheet (its name); "
    "repeatable: several tables become sections.",
)


@plan.command("import")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
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
@click.option("--year", type=YEAR, help="The plan year (default: read from the document).")
@click.option(
    "--office",
    type=click.Path(dir_okay=False),
    help="The office's letterhead (a TOML file of doc_* keys) for the reports and workbooks.",
)
@MAP_OPTION
@TABLE_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="Re-import into an existing master (its reports, units, periods are kept).",
)
@format_option("table", "json")
def plan_import(
    source: str,
    output: str,
    units: str | None,
    year: int | None,
    office: str | None,
    maps: tuple[str, ...],
    tables: tuple[str, ...],
    force: bool,
    fmt: str,
) -> None:
    """Import the task table of SOURCE into a master workbook.

    SOURCE: a text export, Markdown, .docx (.doc, .odt, .rtf through LibreOffice),
    .xlsx/.xls/.ods/.csv, an HTML page saved from a legal-document database, or a PDF with a
    text layer. Columns are found by their titles;
    a plan without a table is read from its labelled paragraphs ("Cơ quan chủ trì: …").

    \b
    Example:
        sheettools plan import samples/long-bien-2023/plan.txt \\
            --units samples/long-bien-2023/units.xlsx --output master.xlsx
        sheettools plan import ke-hoach.docx --map lead="Cơ quan chủ trì thẩm tra" -o master.xlsx
    """
    from ..docinfo import load_office
    from ..planimport import import_plan, parse_map_options

    letterhead = load_office(office) if office else None
    with input_path(source) as path:
        report = import_plan(
            path,
            output,
            units=units,
            year=year,
            force=force,
            now=dt.datetime.now(),
            mapping=parse_map_options(maps),
            select=list(tables) or None,
            office=letterhead,
        )
    if fmt == "json":
        emit_json(report)
    else:
        print_import_report(report)


@plan.command("office")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--from",
    "office",
    type=click.Path(dir_okay=False),
    help="Take the letterhead from a TOML file of doc_* keys (as plan import --office).",
)
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar='KEY="value"',
    help='Set one item (doc_issuing_body="UBND XÃ AN BÌNH"; "-" leaves the line out, "" '
    "goes back to the default); repeatable.",
)
@format_option("table", "json")
def plan_office(master: str, office: str | None, pairs: tuple[str, ...], fmt: str) -> None:
    """Show or change the office's letterhead in MASTER (the doc_* items of its settings
    sheet): the issuing body, number, place, signer and recipients of every report.

    \b
    Example:
        sheettools plan office master.xlsx
        sheettools plan office master.xlsx --from co-quan.toml
        sheettools plan office master.xlsx --set doc_governing_body=- \\
            --set doc_issuing_body="ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    """
    from ..desk import set_office
    from ..docinfo import letterhead, load_office
    from ..errors import InputError
    from ..store import load_master

    values = load_office(office) if office else {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq:
            raise InputError(
                tr("Thiếu dấu = trong --set", "No = in --set") + f": {pair!r}",
                hint=tr('Viết --set khóa="giá trị"', 'Write --set key="value"'),
            )
        values[key.strip()] = value
    if values:
        rows = set_office(master, values, now=dt.datetime.now())["letterhead"]
    else:
        rows = letterhead(load_master(master))
    if fmt == "json":
        emit_json(rows)
        return
    for r in rows:
        left_out = (
            tr("(bỏ dòng này)", "(line left out)")
            if r["value"] == "-"
            else tr("(trống)", "(empty)")
        )
        shown = r["shown"] or left_out
        note = tr("  [mẫu: cần sửa]", "  [placeholder: to fill in]") if r["placeholder"] else ""
        click.echo(f"{r['label']} ({r['key']}): {shown}{note}")


@plan.command("lead")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.argument("key")
@click.argument("names", nargs=-1, required=True)
@format_option("table", "json")
def plan_lead(master: str, key: str, names: tuple[str, ...], fmt: str) -> None:
    """Give task KEY of MASTER its lead unit(s) NAMES: a unit's name or code, a group with
    units, or a body's name (then added as a new unit). For a task the plan gave no lead
    or only a phrase that names no body ("Các cơ quan, đơn vị liên quan"); run split again
    afterwards so the unit gets its workbook.

    \b
    Example:
        sheettools plan lead master.xlsx II.1.3 "Sở Nội vụ"
        sheettools plan lead master.xlsx 5 "Sở Tài chính" "Sở Xây dựng"
    """
    from ..desk import set_lead

    result = set_lead(master, key, list(names), now=dt.datetime.now())
    if fmt == "json":
        emit_json(result)
        return
    for u in result["added"]:
        click.echo(tr("Đơn vị mới: ", "New unit: ") + f"{u['code']} {u['name']}")
    click.echo(
        tr(f"Nhiệm vụ {key}: đơn vị chủ trì ", f"Task {key}: lead ")
        + ", ".join(result["lead_names"])
        + tr(" (chạy lại 'sheettools split' để gửi biểu cho đơn vị)",
             " (run 'sheettools split' again to send the unit its workbook)")
    )  # fmt: skip


@plan.command("inspect")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--year", type=YEAR, help="The plan year (default: read from the document).")
@MAP_OPTION
@TABLE_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def plan_inspect(
    source: str, year: int | None, maps: tuple[str, ...], tables: tuple[str, ...], fmt: str
) -> None:
    """Show how SOURCE would be imported, without writing anything.

    Every table found, the role of each column and why, the numbering, the year and where it
    comes from, the rows and blocks that would be skipped, and the deadlines flagged.

    \b
    Example:
        sheettools plan inspect ke-hoach.docx
        sheettools plan inspect ke-hoach.xlsx --map due="Tiến độ trình" --format json
    """
    from ..planimport import inspect_plan, parse_map_options

    result = inspect_plan(
        source, year=year, mapping=parse_map_options(maps), select=list(tables) or None
    )
    if fmt == "json":
        emit_json(result)
    else:
        print_inspect(result)


def print_inspect(r: dict) -> None:
    from rich.console import Console
    from rich.markup import escape as esc
    from rich.table import Table
    from rich.text import Text

    con = Console()
    ident = r.get("identity") or {}
    con.print(f"[bold]{esc(r['source'])}[/bold] ({r.get('source_kind', '')})")
    if ident.get("citation"):
        con.print(tr("Văn bản: ", "Document: ") + esc(ident["citation"]))
    if r.get("year"):
        src = {"title": tr("tên kế hoạch", "the title"), "date": tr("ngày ký", "the signing date"),
               "date_line": tr("dòng ngày tháng của bản dự thảo, chưa ghi ngày ký",
                               "the draft's date line, no signing date written"),
               "deadlines": tr("các thời hạn", "the deadlines"), "text": tr("văn bản", "the text"),
               "--year": "--year"}.get(r["year_from"], r["year_from"])  # fmt: skip
        con.print(
            tr(f"Năm kế hoạch: {r['year']} (lấy từ {src})", f"Plan year: {r['year']} (from {src})")
        )
    if r.get("mapping"):
        con.print(
            tr("Ánh xạ cột: ", "Column mapping: ")
            + esc(", ".join(f'{k}="{v}"' for k, v in r["mapping"].items()))
        )
    for h in r.get("header_rows", []):
        if h.get("error"):
            con.print("[red]✗[/red] " + esc(f"{h['name']}: {h['error']}. {h.get('hint', '')}"))
    for i, t in enumerate(r.get("tables", []), start=1):
        if not t["columns"]:  # tasks read from prose
            con.print(
                esc(f"{i}. {t['name']} — {t['rows']} {tr('nhiệm vụ', 'tasks')}; {t['numbering']}")
            )
            continue
        tab = Table(
            title=esc(
                f"{i}. {t['name']} — {t['rows']} {tr('dòng', 'rows')}; {tr('đánh số', 'numbering')}: {t['numbering']}"
            )
        )
        for c in (
            tr("Cột", "Column"),
            tr("Tiêu đề", "Title"),
            tr("Vai trò", "Role"),
            tr("Vì sao", "Why"),
        ):
            tab.add_column(c)
        for c in t["columns"]:
            tab.add_row(*(Text(str(x)) for x in (c["index"] + 1, c["title"], c["role"], c["why"])))
        con.print(tab)
    if r.get("error"):
        con.print("[red]✗[/red] " + esc(f"{r['error']}. {r.get('hint', '')}"))
        return
    con.print(tr(f"Nhiệm vụ: {r['tasks']}", f"Tasks: {r['tasks']}") + " — " + ", ".join(
        f"{sec or '·'}: {s['tasks'] + s['subitems']}" for sec, s in r["sections"].items()))  # fmt: skip
    d = r["deadlines"]
    con.print(tr(f"Thời hạn: {d['parsed']} đọc được, {d['recurring']} thường xuyên, {len(d['flagged'])} cần xem",
                 f"Deadlines: {d['parsed']} parsed, {d['recurring']} recurring, {len(d['flagged'])} flagged"))  # fmt: skip
    for f in d["flagged"][:15]:
        con.print(
            "  [yellow]![/yellow] " + esc(f"{f['key']}: {f['text'] or tr('(trống)', '(empty)')}")
        )
    if r["no_lead_unit"]:
        con.print(
            tr("Không có đơn vị chủ trì: ", "No lead unit: ") + esc(", ".join(r["no_lead_unit"]))
        )
    for b in r["ignored_blocks"]:
        con.print(tr("Bỏ qua ", "Skipped ") + esc(f"{b['block']}: {b['why']}"))
    for row in r["ignored_rows"]:
        con.print(
            tr("Bỏ qua dòng ", "Skipped line ")
            + esc(f"{row['line']}: {row['text'][:60]} — {row['why']}")
        )


def _print_nobody(con: Any, nobody: list[dict]) -> None:
    """The lead names that reach no unit (a group with no units in it yet), with their tasks
    and what to do, one line each."""
    from rich.markup import escape as esc

    if not nobody:
        return
    con.print(
        tr("[yellow]Đơn vị chủ trì là nhóm chưa có đơn vị nào[/yellow] (các nhiệm vụ này chưa gửi được cho ai; "
           "thêm đơn vị vào nhóm ở trang Kế hoạch của 'sheettools app', hoặc ghi mã nhóm vào cột groups của "
           "từng đơn vị rồi chạy 'sheettools units resolve'):",
           "[yellow]The lead is a group with no units in it yet[/yellow] (these tasks reach no one; put units "
           "in the group on the Plan page of 'sheettools app', or write the group's code in each unit's groups "
           "column, then run 'sheettools units resolve'):")
    )  # fmt: skip
    for g in nobody:
        con.print("  " + esc(f"{g['fragment']}: {', '.join(g['tasks'])}"))


def print_import_report(report: dict) -> None:
    from rich.console import Console
    from rich.markup import escape as esc
    from rich.table import Table
    from rich.text import Text

    con = Console()
    con.print(tr("[bold]Đã nhập[/bold] ", "[bold]Imported[/bold] ")
             + esc(f"{report['source']} → {report['output']}"))  # fmt: skip
    cited = (report.get("identity") or {}).get("citation") or report["title"]
    con.print(
        esc(
            f"{cited} — {tr('năm', 'year')} {report['year']}, {report['rows']} {tr('dòng', 'rows')}"
        )
    )
    t = Table(title=tr("Theo mục", "By section"))
    for c in (tr("Mục", "Section"), tr("Nhóm", "Groups"), tr("Nhiệm vụ", "Tasks"), tr("Phần con", "Sub-items"),
              tr("Số TT khác nhau", "Distinct numbers")):  # fmt: skip
        t.add_column(c)
    for sec, s in report["sections"].items():
        t.add_row(
            sec or "·",
            str(s["groups"]),
            str(s["tasks"]),
            str(s["subitems"]),
            str(s["distinct_numbers"]),
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
            t.add_row(Text(c["key"]), str(c["stated"]), str(c["found"]))
        con.print(t)
    for w in report["warnings"]:
        con.print("[yellow]![/yellow] " + esc(str(w)))
    if report["unresolved_units"]:
        t = Table(title=tr("Cụm đơn vị chưa nhận ra", "Unresolved unit fragments"))
        t.add_column(tr("Cụm", "Fragment"))
        t.add_column(tr("Nhiệm vụ", "Tasks"))
        for u in report["unresolved_units"]:
            t.add_row(Text(u["fragment"]), Text(", ".join(u["tasks"])))
        con.print(t)
    else:
        con.print(tr("Mọi tên đơn vị đều đã nhận ra.", "Every unit name was resolved."))
    for u in report.get("units_not_understood", []):
        con.print(
            tr("[yellow]Ô đơn vị có đoạn không phải tên đơn vị[/yellow] (không thành đơn vị; cần xem): ",
               "[yellow]Unit text not understood[/yellow] (no unit made of it; please check): ")
            + esc(f"{', '.join(u['tasks'])}: {u['text'][:120]}")
        )  # fmt: skip
    _print_nobody(con, report.get("lead_reaches_no_unit", []))
    if report.get("no_lead_unit"):
        con.print(
            tr("[yellow]Chưa có đơn vị chủ trì[/yellow] (giao ở trang Kế hoạch hoặc 'sheettools plan lead'): ",
               "[yellow]No lead unit[/yellow] (assign one on the Plan page or with 'sheettools plan lead'): ")
            + esc(", ".join(report["no_lead_unit"]))
        )  # fmt: skip
    for b in report.get("ignored_blocks", []):
        con.print(tr("Bỏ qua ", "Skipped ") + esc(f"{b['block']}: {b['why']}"))
    for row in report.get("ignored_rows", []):
        con.print(
            tr("Bỏ qua dòng ", "Skipped line ")
            + esc(f"{row['line']}: {row['text'][:60]} — {row['why']}")
        )
    for t in report.get("tables", []):
        extras = [c["title"] for c in t["columns"] if c["role"] == "extra"]
        if extras:
            con.print(
                tr("Cột giữ nguyên (chỉ đọc): ", "Columns kept as they are (read-only): ")
                + ", ".join(extras)
            )
    d = report.get("deadlines") or {}
    con.print(
        tr("Thời hạn: ", "Deadlines: ")
        + f"{d.get('parsed', 0)} {tr('đọc được', 'parsed')}, "
        + f"{d.get('recurring', 0)} {tr('thường xuyên', 'recurring')}, "
        + f"{len(report['no_deadline'])} {tr('không tính được', 'not computable')}, "
        + f"{len(report['before_plan_year'])} {tr('trước năm kế hoạch', 'before the plan year')}, "
        + f"{len(report['unparsed_time'])} {tr('không đọc được', 'unparsed')}"
    )


@cli.command("tasks")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
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

    with input_path(master) as path:
        rows = list_tasks(load_master(path), unit)
    if fmt == "table":
        rows = [
            {"key": r["key"], "content": r["content"][:70], "lead": r["lead_units"], "due": r["due_date"] or r["due_raw"],
             "flags": [problems.describe(f) for f in r["flags"]]}
            for r in rows
        ]  # fmt: skip
    emit(rows, fmt)


@cli.group("units")
def units() -> None:
    """The unit registry: list, suggest from a plan, merge, re-resolve after edits."""


@units.command("list")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@FORMAT_OPTION
def units_list(master: str, fmt: str) -> None:
    """List the master's units.

    \b
    Example:
        sheettools units list master.xlsx --format json
    """
    from ..store import load_master
    from ..views import list_units

    with input_path(master) as path:
        emit(list_units(load_master(path)), fmt)


@units.command("suggest")
@click.argument("source", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False), help="units.xlsx to write."
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--year", type=YEAR, help="The plan year (default: read from the document).")
@MAP_OPTION
@TABLE_OPTION
def units_suggest(
    source: str,
    output: str,
    force: bool,
    year: int | None,
    maps: tuple[str, ...],
    tables: tuple[str, ...],
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
    from ..planimport import parse_map_options, suggest_units

    with input_path(source) as path:
        result = suggest_units(
            path,
            output,
            force=force,
            year=year,
            mapping=parse_map_options(maps),
            select=list(tables) or None,
        )
    click.echo(
        tr(
            f"Đã ghi {output}: {result['units']} đơn vị, {result['groups']} nhóm từ {result['fragments']} cụm tên. "
            "Hãy rà soát trong Excel rồi dùng với --units.",
            f"Wrote {output}: {result['units']} units, {result['groups']} groups from {result['fragments']} "
            "fragments. Review it in Excel, then use it with --units.",
        )
    )


@units.command("merge")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.argument("code")
@click.option("--into", required=True, help="The unit that takes its place.")
def units_merge(master: str, code: str, into: str) -> None:
    """Merge a unit made twice (or from a wrong name) into the right one.

    Its name and addresses become the other unit's aliases, its tasks move to it, and it
    leaves the list. A unit that has reported or been mailed is not merged.

    \b
    Example:
        sheettools units merge master.xlsx UBCTPCPNN2 --into UBCTPCPNN
    """
    from ..desk import merge_unit

    res = merge_unit(master, code, into, now=dt.datetime.now())
    click.echo(
        tr(
            f"Đã gộp {code} vào {into}: {len(res['tasks'])} nhiệm vụ đổi đơn vị.",
            f"Merged {code} into {into}: {len(res['tasks'])} tasks changed unit.",
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
    from ..store import load_master
    from ..units import FLAG_LEAD_NO_UNIT, unresolved_fragments

    left = reresolve_master(Path(master), now=dt.datetime.now(), all_tasks=all_tasks)
    if fmt == "table":
        nobody = unresolved_fragments(load_master(master).tasks, FLAG_LEAD_NO_UNIT)
        from rich.console import Console

        _print_nobody(Console(), [{"fragment": k, "tasks": v} for k, v in sorted(nobody.items())])
        if not left:
            click.echo(tr("Mọi tên đơn vị đều đã nhận ra.", "Every unit name was resolved."))
            return
    emit([{"fragment": k, "tasks": v} for k, v in left.items()], fmt)
