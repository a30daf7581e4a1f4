"""CLI: ``plan derive``, ``plan assign``, ``rollup`` (the ward level, sheettools.cascade)."""

from __future__ import annotations

import datetime as dt
import sys

import click

from ..i18n import tr
from . import cli
from .common import emit, emit_json, format_option, output_option, period_option
from .plan_cmds import plan


@plan.command("derive")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--unit", help="The ward's code at the district (needed when SOURCE is the district master)."
)
@output_option("The ward master to write.")
@click.option(
    "--units",
    type=click.Path(exists=True, dir_okay=False),
    help="The ward's registry (units.xlsx).",
)
@click.option(
    "--own",
    type=click.Path(exists=True, dir_okay=False),
    help="The ward's own schedule table (read like plan import; keys get the prefix PH.).",
)
@click.option("--title", help="The ward plan's title (default: the district's, with the ward).")
@click.option(
    "--force",
    is_flag=True,
    help="Update an existing ward master (assignments, own tasks, reports kept).",
)
@click.option(
    "--templates", type=click.Path(file_okay=False), help="Folder with cascade_rules.json."
)
@click.option(
    "--due-day",
    type=int,
    help="The bodies' due date: this day of the quarter's last month (default: the day the "
    "ward's own plan sets, else 15).",
)
@click.option(
    "--due-days-before",
    type=int,
    help="The bodies' due date: N days before the district's due date (time to consolidate).",
)
@format_option("table", "json")
def plan_derive(
    source: str,
    unit: str | None,
    output: str,
    units: str | None,
    own: str | None,
    title: str | None,
    force: bool,
    templates: str | None,
    due_day: int | None,
    due_days_before: int | None,
    fmt: str,
) -> None:
    """Derive a ward's master from the district master or from the workbook the district
    sent the ward: the district tasks it leads or coordinates, assigned to the ward's bodies
    (the 'cascade' sheet, defaults from cascade_rules.json), its own tasks and registry.

    \b
    Example:
        sheettools plan derive district/master.xlsx --unit P-LONGBIEN \\
            --units samples/long-bien-2023/ward-long-bien/units.xlsx \\
            --due-days-before 5 --output ward/master.xlsx
    """
    from ..cascade import derive_ward_master

    report = derive_ward_master(
        source, output, unit=unit, units=units, own=own, title=title, force=force,
        templates_dir=templates, due_day=due_day, due_days_before=due_days_before,
        now=dt.datetime.now(),
    )  # fmt: skip
    if fmt == "json":
        emit_json(report)
    else:
        _print_derive_report(report)


def _print_derive_report(report: dict) -> None:
    """What ``plan derive`` wrote, the default assignment by rule, what to do next."""
    click.echo(
        tr(
            f"Đã ghi {report['output']}: {report['district_tasks']} nhiệm vụ quận giao cho "
            f"{report['unit_name']} ({report['lead']} chủ trì, {report['coord']} phối hợp), "
            f"{report['own_tasks']} nhiệm vụ riêng, {report['bodies']} cơ quan báo cáo.",
            f"Wrote {report['output']}: {report['district_tasks']} district tasks of "
            f"{report['unit_name']} ({report['lead']} lead, {report['coord']} coordinating), "
            f"{report['own_tasks']} own tasks, {report['bodies']} reporting bodies.",
        )
    )
    emit(
        [{tr("quy tắc", "rule"): k, tr("nhiệm vụ", "tasks"): v} for k, v in report["by_rule"].items()],
        "table",
        title=tr("Phân công mặc định", "Default assignment"),
    )  # fmt: skip
    click.echo(
        tr("Sửa phân công ở trang 'cascade' của sổ phường, rồi chạy: sheettools plan assign",
           "Edit the assignment in the ward master's 'cascade' sheet, then run: sheettools plan assign")
    )  # fmt: skip
    _print_calendar(report)
    _print_unresolved(report["unresolved"])
    if report["unknown_rule_codes"]:
        click.echo(
            tr("Mã trong quy tắc không có trong danh sách cơ quan: ",
               "Codes in the rules not in the registry: ")
            + ", ".join(report["unknown_rule_codes"])
        )  # fmt: skip


def _print_calendar(report: dict) -> None:
    from ..docinfo import fmt_date

    def day(iso: str) -> str:
        return fmt_date(iso) or "-"

    emit(
        [{tr("kỳ", "period"): c["period"], tr("hạn của các cơ quan phường", "ward bodies due"): day(c["due_date"]),
          tr("hạn của quận", "district due"): day(c["district_due_date"])} for c in report["calendar"]],
        "table",
        title=tr("Lịch báo cáo của phường", "The ward's calendar") + (f" ({report['due_rule']})" if report["due_rule"] else ""),
    )  # fmt: skip
    if any(c["no_time"] for c in report["calendar"]):
        click.echo(
            tr("Lưu ý: hạn của các cơ quan phường không sớm hơn hạn của quận, phường không còn thời gian "
               "tổng hợp. Chạy lại với --force --due-days-before N, hoặc sửa cột due_date ở trang 'periods'.",
               "Note: the ward bodies' due date is not before the district's, so the ward has no time "
               "to consolidate. Run again with --force --due-days-before N, or edit due_date in the "
               "'periods' sheet.")
        )  # fmt: skip


def _print_unresolved(rows: list[dict]) -> None:
    if rows:
        emit(
            [{tr("tên", "name"): r["name"], tr("nhiệm vụ", "tasks"): r["tasks"]} for r in rows],
            "table",
            title=tr("Tên cơ quan chưa nhận ra", "Unresolved body names"),
        )


@plan.command("assign")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
def plan_assign(master: str) -> None:
    """Apply the ward master's 'cascade' sheet (district task → ward bodies, edited in
    Excel) to its plan, so split sends each body its tasks.

    \b
    Example:
        sheettools plan assign ward/master.xlsx
    """
    from ..cascade import assign_bodies

    left = assign_bodies(master, now=dt.datetime.now())
    if not left:
        click.echo(tr("Đã áp dụng phân công; mọi tên cơ quan đều đã nhận ra.",
                      "Assignments applied; every body name was resolved."))  # fmt: skip
        return
    _print_unresolved([{"name": k, "tasks": v} for k, v in left.items()])
    sys.exit(1)


@cli.command("rollup")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@period_option()
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The unit workbook the district sent the ward.",
)
@output_option("The filled copy to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@format_option("table", "json")
def rollup_cmd(master: str, period: str, into: str, output: str, force: bool, fmt: str) -> None:
    """Fill the district's workbook for the ward with the ward's consolidated results
    (docs/cascade.md); list what the rule left for the clerk (exit 1 when anything is left).

    \b
    Example:
        sheettools rollup ward/master.xlsx --period 2023-Q2 \\
            --into inbox/2023-Q2_P-LONGBIEN.xlsx --output 2023-Q2_P-LONGBIEN-filled.xlsx
    """
    from ..cascade import rollup

    res = rollup(master, period, into, output, force=force)
    if fmt == "json":
        emit_json({k: v for k, v in res.items()})
    else:
        _print_rollup_report(res)
    if res["unsettled"]:
        sys.exit(1)


def _print_rollup_report(res: dict) -> None:
    """What ``rollup`` wrote, the cells left for the ward office, and what to do."""
    from .. import problems
    from ..cascade import EARLIER_CLEARED

    click.echo(
        tr(
            f"Đã ghi {res['output']}: {res['rows']} nhiệm vụ, {res['decided']} đã xác định tình trạng; "
            f"{len(res['unsettled'])} mục cần văn phòng phường quyết định trước khi gửi.",
            f"Wrote {res['output']}: {res['rows']} tasks, status decided for {res['decided']}; "
            f"{len(res['unsettled'])} items for the ward office to settle before sending.",
        )
    )
    if res["unsettled"]:
        emit(
            [{tr("dòng", "row"): u["row"], tr("mã", "key"): u["key"], tr("ô", "field"): u["field_label"],
              tr("cần xác định", "to settle"): u["message"]} for u in res["unsettled"]],
            "table",
            title=tr("Cần xem lại (ô đang ghi (xóa) trong tệp)", "To settle (the cell holds (xóa) in the file)"),
        )  # fmt: skip
    if res["cleared"]:
        emit(
            [{tr("dòng", "row"): u["row"], tr("mã", "key"): u["key"], tr("ô", "field"): u["field_label"],
              tr("giá trị trước đây", "earlier value"): u["detail"]} for u in res["cleared"]],
            "table",
            title=problems.label(EARLIER_CLEARED),
        )  # fmt: skip
    if res["clear_marks"]:
        click.echo(
            tr(f"{res['clear_marks']} ô phường không có giá trị được ghi (xóa): quận sẽ không giữ "
               "giá trị cũ của phường cho kỳ này.",
               f"{res['clear_marks']} cells the ward has no value for hold (xóa): the district "
               "will not keep the ward's earlier values for this period.")
        )  # fmt: skip
    if res["unsettled"] or res["cleared"]:
        hints = {u["label"]: u["hint"] for u in res["unsettled"] + res["cleared"] if u["hint"]}
        click.echo(tr("Cách xử lý:", "What to do:"))
        for lbl, h in hints.items():
            click.echo(f"- {lbl}: {h}.")
