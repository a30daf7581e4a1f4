"""CLI commands: merge (returned unit workbooks into the master) and reports."""

from __future__ import annotations

import datetime as dt
import sys

import click

from ..i18n import tr
from ..merge import changes_lines, list_reports, merge_files, shown_name, summary_line
from . import cli
from .common import (
    FORMAT_OPTION,
    OUTPUT_HELP,
    emit,
    emit_json,
    format_option,
    input_path,
    output_stream,
    period_option,
    progress_bar,
)

REPORT_COLUMNS = ["key", "unit", "role", "version", "status", "progress", "completion_date"]
REPORT_COLUMNS += ["received_at", "verified", "flags"]


@cli.command("merge")
@click.argument("master", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@period_option(
    required=False, help="Expected period (2023-Q2, Quý II/2023); other periods are rejected."
)
@click.option(
    "--received-at",
    help="Received time for every file, e.g. 14/06/2023 09:30 or 2023-06-14T09:30.",
)
@click.option("--quarantine", type=click.Path(file_okay=False), help="Folder for rejected files.")
@click.option(
    "--allow-unsigned",
    is_flag=True,
    help="Merge although the signing secret (.sheettools-secret) is missing: every file unverified.",
)
@format_option("table", "json")
def merge_cmd(master, paths, period, received_at, quarantine, allow_unsigned, fmt):
    """Merge returned unit workbooks (files or folders) into MASTER.

    Exit code 0 when every file merged (or was unchanged), 1 when some were rejected.

    \b
    Example:
        sheettools merge master.xlsx inbox/ --period 2023-Q2
        sheettools merge master.xlsx late.xlsx --received-at 2023-06-20T08:00 --format json
    """
    with progress_bar(tr("Đang gộp", "Merging"), enabled=fmt == "table") as cb:
        res = merge_files(master, paths, period=period, received_at=received_at,
                          quarantine=quarantine, now=dt.datetime.now().astimezone(), progress=cb,
                          allow_unsigned=allow_unsigned)  # fmt: skip
    for w in res["warnings"]:
        click.echo(f"⚠ {w}", err=True)
    if fmt == "json":
        emit_json(res)
    else:
        from ..docinfo import office_tz

        tz = office_tz(res.get("timezone", ""))
        rows = [
            {**f, "file": shown_name(f["file"]), "received": _received(f, tz)} for f in res["files"]
        ]
        emit(rows, "table", ["file", "status", "unit", "received", "rows_merged", "rows_refused",
                             "rows_flagged"])  # fmt: skip
        for f in res["files"]:
            if f["status"] == "rejected":
                click.echo(f"✗ {f['file']}: {f['reason']} {f['hint'] or ''}".rstrip(), err=True)
        for line in changes_lines(res["files"]):
            click.echo(line)
        click.echo(summary_line(res["totals"]))
    sys.exit(1 if res["totals"]["rejected"] else 0)


def _received(f: dict, tz: dt.tzinfo) -> str:
    """A file's received time as people read it: ``dd/mm/yyyy HH:MM`` in the office's time
    zone, and "theo ngày của tệp" when it is only the file's date (no e-mail, no
    --received-at)."""
    from ..docinfo import fmt_received

    t = fmt_received(f.get("received_at") or "", tz)
    if t and f.get("received_from") == "file_date":
        return t + tr(" (theo ngày của tệp)", " (from the file's date)")
    return t


@cli.command("reports")
@click.argument("master", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@period_option()
@click.option("--unit", help="Only this unit (code).")
@click.option("--all-versions", is_flag=True, help="Every version, not only the latest.")
@FORMAT_OPTION
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), help=OUTPUT_HELP)
def reports_cmd(master, period, unit, all_versions, fmt, output):
    """The merged reports of a period: latest version per unit and task.

    \b
    Example:
        sheettools reports master.xlsx --period 2023-Q2 --unit VHTT
        sheettools reports master.xlsx --period 2023-Q2 --all-versions --format json
        sheettools reports master.xlsx -p 2023-Q2 --format csv -o Q2.csv
    """
    with input_path(master) as path:
        rows = list_reports(path, period, unit=unit, all_versions=all_versions)
    with output_stream(output) as out:
        emit(rows, fmt, REPORT_COLUMNS if fmt == "table" else None, file=out)
