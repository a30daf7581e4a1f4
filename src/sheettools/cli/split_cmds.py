"""CLI command: ``sheettools split`` (wraps ``sheettools.split.split_workbooks``)."""

from __future__ import annotations

import datetime as dt

import click

from ..i18n import tr
from ..split import split_workbooks
from . import cli
from .common import FORMAT_OPTION, emit, emit_json, output_option, period_option, progress_bar


@cli.command("split")
@click.argument("master", type=click.Path(dir_okay=False))
@period_option(help="The period: 2023-Q1..2023-Q4, 2023-Y, Q2/2023, Quý II/2023.")
@output_option("Folder for the unit workbooks and manifest.csv.", folder=True, dest="outdir")
@click.option("--unit", "units", multiple=True, help="Only this unit code (repeatable).")
@click.option("--force", is_flag=True, help="Overwrite existing files whose contents differ.")
@click.option(
    "--password",
    default=None,
    envvar="SHEETTOOLS_SHEET_PASSWORD",
    help="Sheet-protection password (default: none; env SHEETTOOLS_SHEET_PASSWORD).",
)
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(file_okay=False),
    help="Folder of office templates (default: ./workbook_templates).",
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: 2).")
@click.option(
    "--new-secret",
    is_flag=True,
    help="Make a new signing secret although workbooks were issued (the old one is lost).",
)
@FORMAT_OPTION
def split_cmd(
    master, period, outdir, units, force, password, templates_dir, workers, new_secret, fmt
):
    """Write one signed fill-in workbook per unit with tasks in PERIOD, plus manifest.csv.

    \b
    Example:
        sheettools split master.xlsx --period 2023-Q2 --output outbox/
        sheettools split master.xlsx -p "Quý II/2023" -o outbox/ --unit VHTT --force
    """
    with progress_bar(tr("Đang tạo sổ đơn vị", "Writing unit workbooks")) as cb:
        res = split_workbooks(
            master,
            period,
            outdir,
            units=list(units) or None,
            force=force,
            password=password,
            now=dt.datetime.now().astimezone(),
            templates_dir=templates_dir,
            workers=workers,
            progress=cb,
            renew_secret=new_secret,
        )
    if fmt == "json":
        emit_json(res)
        return
    emit(
        res["files"],
        fmt,
        ["unit", "file", "tasks", "state"] + (["email", "sha256"] if fmt == "csv" else []),
        title=f"{res['period']} → {res['outdir']}",
    )
    if fmt == "table":
        due = dt.date.fromisoformat(res["due_date"]).strftime("%d/%m/%Y")
        n_new = len(res["files"]) - len(res["unchanged"])
        click.echo(
            tr(
                f"Đã ghi {n_new} tệp, {len(res['unchanged'])} tệp không đổi; "
                f"{len(res['skipped_units'])} đơn vị không có sổ. Hạn nộp {due}.",
                f"Wrote {n_new} files, {len(res['unchanged'])} unchanged; "
                f"{len(res['skipped_units'])} units without a workbook. Due {due}.",
            )
        )
        if res.get("sent_to_no_one"):
            keys = res["sent_to_no_one"]
            click.echo(
                tr(
                    f"{len(keys)} nhiệm vụ chưa giao được cho đơn vị nào (chưa có đơn vị chủ trì, "
                    f"hoặc chủ trì là nhóm chưa có đơn vị): {', '.join(keys)}. "
                    "Giao ở trang Kế hoạch của 'sheettools app' (hoặc 'sheettools plan lead', "
                    "'sheettools units resolve'), rồi tách sổ lại.",
                    f"{len(keys)} tasks are given to no unit (no lead unit, or a lead group with "
                    f"no units in it yet): {', '.join(keys)}. Assign them on the Plan page of "
                    "'sheettools app' (or 'sheettools plan lead', 'sheettools units resolve'), "
                    "then split again.",
                )
            )
