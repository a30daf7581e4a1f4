"""CLI command: ``sheettools app`` (wraps ``sheettools.web.run_app``)."""

from __future__ import annotations

from pathlib import Path

import click

from ..i18n import get_lang
from ..web import DEFAULT_PORT
from . import cli


@cli.command("app")
@click.argument("master", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but 127.0.0.1/localhost needs --password.",
)
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@click.option(
    "--password",
    envvar="SHEETTOOLS_APP_PASSWORD",
    default=None,
    help="Password asked by the page (required with --host; env SHEETTOOLS_APP_PASSWORD).",
)
def app_cmd(master, port, host, no_browser, password):
    """Open the clerk's desk: the whole cycle from a local web page, in the browser.

    MASTER defaults to the `master` of sheettools.toml, else the one master workbook in the
    current folder. Where there is none yet, the page makes it from the office's plan
    (so-chinh.xlsx in the current folder, or MASTER when named).

    \b
    Example:
        sheettools app master.xlsx
        sheettools app master.xlsx --port 8800 --no-browser
        sheettools app master.xlsx --host 0.0.0.0 --password "mat-khau-rieng"
    """
    from ..desk import master_or_new
    from ..web import run_app

    path = master_or_new(Path.cwd(), master)[0]
    run_app(path, host=host, port=port, open_browser=not no_browser, password=password,
            lang=get_lang(), echo=click.echo)  # fmt: skip
