"""Helpers shared by the command modules: the shared options (``--period/-p``, ``--as-of``,
``--format``, ``--output`` with ``-`` for standard output), output formats, progress bars."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from ..textutil import csv_safe
from .localize import column, value

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)


def format_option(*choices: str) -> Callable:
    """``--format`` with other choices (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


PERIOD_HELP = "The period: 2023-Q2, Q2/2023, Quý II/2023."


def period_option(required: bool = True, help: str = PERIOD_HELP) -> Callable:
    """``--period/-p``, the same in every command."""
    return click.option("--period", "-p", required=required, help=help)


# the date formats every date option accepts (ISO, and the Vietnamese day/month/year)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_FORMATS = [*DATE_FORMATS, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(DATE_FORMATS),
    default=None,
    help="Judge lateness and deadlines as of this date (default: today).",
)


def as_of_date(value: dt.datetime | None) -> dt.date:
    """The ``--as-of`` date, else today (the CLI is where the clock is read)."""
    return value.date() if value is not None else dt.date.today()


def emit(
    rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, title: str = ""
) -> None:
    """Print ``rows`` (plain dicts) as a rich table, JSON or CSV."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str))
        return
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        w = csv.writer(sys.stdout)
        w.writerow([csv_safe(c) for c in cols])
        for r in rows:  # (text from units: never a formula in the program that opens it)
            w.writerow([csv_safe(_flat(r.get(c))) for c in cols])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, show_lines=False)
    for c in cols:
        table.add_column(column(c), overflow="fold")  # (headers and states in the language)
    for r in rows:
        table.add_row(*[_flat(value(r.get(c), c)) for c in cols])
    Console().print(table)


def emit_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _flat(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, bool):
        return "x" if v else ""
    return str(v)


@contextmanager
def progress_bar(label: str, enabled: bool = True) -> Iterator[Callable[[int, int, str], None]]:
    """A ``progress(done, total, item)`` callback drawing a rich progress bar on stderr."""
    if not enabled or not sys.stderr.isatty():
        yield lambda done, total, item="": None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as prog:
        task = prog.add_task(label, total=None)

        def cb(done: int, total: int, item: str = "") -> None:
            prog.update(task, completed=done, total=total)

        yield cb
