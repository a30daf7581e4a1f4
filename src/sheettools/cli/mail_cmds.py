"""CLI: ``mail send``, ``mail remind``, ``mail fetch`` (over ``sheettools.mail``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import InputError
from ..i18n import tr
from . import cli
from .common import (
    AS_OF_OPTION,
    DATETIME,
    emit,
    emit_json,
    format_option,
    period_option,
    progress_bar,
)

CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="SHEETTOOLS_CONFIG",
    help="Settings file with a [mail] table (default ./sheettools.toml, then beside the master).",
)
FMT = format_option("table", "json")
COLUMNS = ["unit", "name", "address", "file", "result"]


@cli.group("mail")
def mail() -> None:
    """E-mail: send unit workbooks, remind the missing units, fetch the returns."""


def _finish(report: dict, fmt: str, what: str) -> None:
    if fmt == "json":
        emit_json(report)
    else:
        emit(report["rows"], "table", COLUMNS, title=what)
        s = report["summary"]
        click.echo(
            tr(
                f"Đã gửi {s['sent']}, thử (dry-run) {s['dry_run']}, lỗi {s['failed']}, bỏ qua {s['skipped']}, không có địa chỉ {s['no_address']}.",
                f"Sent {s['sent']}, dry-run {s['dry_run']}, failed {s['failed']}, skipped {s['skipped']}, no address {s['no_address']}.",
            )
        )
        if report.get("no_workbook"):
            click.echo(
                tr("Không tìm thấy biểu để đính kèm cho: ", "No workbook found to attach for: ")
                + ", ".join(report["no_workbook"])
                + tr(" (dùng --outbox)", " (use --outbox)")
            )
        if report.get("eml_dir"):
            click.echo(tr("Thư nháp (.eml) ở: ", "Draft messages (.eml) in: ") + report["eml_dir"])
    if report["summary"]["failed"]:
        raise click.exceptions.Exit(1)


def _master_for(outdir: str, master: str | None, cfg) -> str:
    for cand in (master, cfg.master):
        if cand:
            return cand
    for folder in (Path(outdir), Path(outdir).resolve().parent):
        if (folder / "master.xlsx").is_file():
            return str(folder / "master.xlsx")
    raise InputError(
        tr("Không biết sổ chính ở đâu", "Which master workbook?"),
        hint=tr(
            "Thêm --master master.xlsx (hoặc đặt SHEETTOOLS_MASTER)",
            "Add --master master.xlsx (or set SHEETTOOLS_MASTER)",
        ),
    )


@mail.command("send")
@click.argument("outdir", type=click.Path(file_okay=False, exists=True))
@click.option("--master", envvar="SHEETTOOLS_MASTER", type=click.Path(dir_okay=False),
              help="The master workbook (send log, unit registry). Default: $SHEETTOOLS_MASTER, "
              "the config's 'master', else master.xlsx in OUTDIR or its parent.")  # fmt: skip
@click.option("--unit", "units", multiple=True, help="Only this unit code (repeatable).")
@click.option("--dry-run", is_flag=True, help="Write OUTDIR/eml/*.eml instead of sending.")
@click.option("--resend", is_flag=True, help="Send again files already sent to an address.")
@CONFIG_OPTION
@FMT
def mail_send(outdir, master, units, dry_run, resend, config_path, fmt) -> None:
    """Send every unit of the split folder OUTDIR its workbook, one message per unit.

    \b
    Example:
        sheettools mail send outbox/ --master master.xlsx --dry-run
        SHEETTOOLS_MAIL_PASSWORD=... sheettools mail send outbox/ --unit PVHTT
    """
    from ..mail import send_workbooks
    from ..mail_config import load_config

    cfg = load_config(config_path, master)
    master = _master_for(outdir, master, cfg)
    cfg = load_config(config_path, master)
    with progress_bar(tr("Gửi thư", "Sending")) as progress:
        report = send_workbooks(outdir, master, config=cfg, now=dt.datetime.now().astimezone(),
                                units=list(units) or None, dry_run=dry_run, resend=resend,
                                progress=progress)  # fmt: skip
    _finish(report, fmt, tr("Gửi biểu", "Workbooks sent"))


@mail.command("remind")
@click.argument("master", type=click.Path(dir_okay=False, exists=True))
@period_option()
@click.option("--outbox", type=click.Path(file_okay=False), help="The split folder (default: where the period was sent from).")  # fmt: skip
@AS_OF_OPTION
@click.option("--unit", "units", multiple=True, help="Only this unit code (repeatable).")
@click.option("--dry-run", is_flag=True, help="Write .eml files instead of sending.")
@CONFIG_OPTION
@FMT
def mail_remind(master, period, outbox, as_of, units, dry_run, config_path, fmt) -> None:
    """Remind the units that are missing or left entries empty, re-attaching their workbook.

    \b
    Example:
        sheettools mail remind master.xlsx --period 2023-Q2 --dry-run
    """
    from ..mail import remind_units
    from ..mail_config import load_config

    now = dt.datetime.now().astimezone()
    report = remind_units(master, period, config=load_config(config_path, master), now=now,
                          as_of=as_of.date() if as_of else now.date(), outbox=outbox,
                          dry_run=dry_run, units=list(units) or None)  # fmt: skip
    _finish(report, fmt, tr("Thư nhắc", "Reminders"))


@mail.command("fetch")
@click.argument("master", type=click.Path(dir_okay=False, exists=True))
@period_option(help="The period whose returns to fetch.")
@click.option("--inbox", required=True, type=click.Path(file_okay=False), help="Folder to save the attachments in.")  # fmt: skip
@click.option("--since", type=DATETIME, help="Only messages from this time: 2023-06-30, 30/06/2023 or 2023-06-30T09:00 (default: when the period was sent).")  # fmt: skip
@click.option("--mark-seen", is_flag=True, help="Flag the messages that gave a file as read.")
@CONFIG_OPTION
@FMT
def mail_fetch(master, period, inbox, since, mark_seen, config_path, fmt) -> None:
    """Save the spreadsheet attachments of the office mailbox (IMAP) into INBOX.

    \b
    Example:
        SHEETTOOLS_MAIL_PASSWORD=... sheettools mail fetch master.xlsx -p 2023-Q2 --inbox inbox/
    """
    from ..mail import fetch_returns
    from ..mail_config import load_config

    report = fetch_returns(master, period, inbox, config=load_config(config_path, master),
                           now=dt.datetime.now().astimezone(), since=since,
                           mark_seen=mark_seen)  # fmt: skip
    if fmt == "json":
        emit_json(report)
        return
    if report["saved"]:
        emit(report["saved"], "table", ["file", "sender", "message_date"], title=tr("Tệp đã lưu", "Files saved"))  # fmt: skip
    click.echo(
        tr(
            f"Từ {report['since']}: {report['messages']} thư, lưu {len(report['saved'])} tệp, trùng {len(report['duplicates'])}, bỏ qua {len(report['ignored'])} tệp không phải bảng tính.",
            f"Since {report['since']}: {report['messages']} messages, saved {len(report['saved'])} files, {len(report['duplicates'])} duplicates, ignored {len(report['ignored'])} non-spreadsheet files.",
        )
    )
