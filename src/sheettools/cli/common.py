"""Helpers shared by the command modules: output formats and progress bars."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from ..textutil import csv_safe

FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)


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
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*[_flat(r.get(c)) for c in cols])
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
