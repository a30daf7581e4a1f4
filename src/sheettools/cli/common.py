"""Helpers shared by the command modules: the shared options (``--period/-p``, ``--as-of``,
``--format``, ``--output`` with ``-`` for standard output), output formats, progress bars."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from ..errors import FileError
from ..i18n import tr
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


class PeriodParam(click.ParamType):
    """A period as typed (``periods.normalize_period`` reads it), shown as ``KỲ``/``PERIOD``."""

    name = "period"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:  # (ctx: click >= 8.2)
        return tr("KỲ", "PERIOD")

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return str(value)


def period_option(required: bool = True, help: str = PERIOD_HELP) -> Callable:
    """``--period/-p``, the same in every command."""
    return click.option("--period", "-p", type=PeriodParam(), required=required, help=help)


# a plan year (``--year``): four digits, not 20233
YEAR = click.IntRange(1900, 2200)

# the date formats every date option accepts (ISO, and the Vietnamese day/month/year)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_FORMATS = [*DATE_FORMATS, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class DateParam(click.DateTime):
    """``click.DateTime`` shown by a name in the help (``NGÀY``/``DATE``, ``THỜI_ĐIỂM``/``TIME``;
    the option's help names the formats) and refused with dates as people write them
    (``2023-06-30 hoặc 30/06/2023``), not strptime's ``'%Y-%m-%d'``."""

    def __init__(
        self, formats: list[str], examples: tuple[str, str], shown: tuple[str, str]
    ) -> None:
        super().__init__(formats)
        self.examples, self.shown = examples, shown

    def get_metavar(self, param: Any, ctx: Any = None) -> str:  # (ctx: click >= 8.2)
        return tr(*self.shown)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        self.fail(
            tr(
                "{v!r} không phải ngày hợp lệ: ghi dạng {ex}.",
                "{v!r} is not a valid date: write {ex}.",
            ).format(v=value, ex=tr(*self.examples)),
            param,
            ctx,
        )


DATE = DateParam(
    DATE_FORMATS, ("2023-06-30 hoặc 30/06/2023", "2023-06-30 or 30/06/2023"), ("NGÀY", "DATE")
)
DATETIME = DateParam(
    DATETIME_FORMATS,
    ("2023-06-30, 30/06/2023 hoặc 2023-06-30T09:00", "2023-06-30, 30/06/2023 or 2023-06-30T09:00"),
    ("THỜI_ĐIỂM", "TIME"),
)

AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="Judge lateness and deadlines as of this date: 2023-06-30 or 30/06/2023 (default: today).",
)


def as_of_date(value: dt.datetime | None) -> dt.date:
    """The ``--as-of`` date, else today (the CLI is where the clock is read)."""
    return value.date() if value is not None else dt.date.today()


OUTPUT_HELP = "Write the output to this file ('-': standard output)."


def output_option(
    help: str, *, dash: bool = False, folder: bool = False, dest: str = "output"
) -> Callable:
    """``--output/-o`` (required), the same in every command that writes: a file (``-`` for
    standard output where ``dash``: the command then writes through ``binary_output``), or a
    folder."""
    kind = click.Path(file_okay=False) if folder else click.Path(dir_okay=False, allow_dash=dash)
    return click.option("--output", "-o", dest, required=True, type=kind, help=help)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@contextmanager
def input_path(arg: str) -> Iterator[str]:
    """``arg`` itself, or for ``-`` standard input spooled to a temporary file whose extension
    comes from the bytes (``.xlsx``, ``.docx``, ``.ods``, ``.xls``, else ``.txt``)."""
    if arg != "-":
        yield arg
        return
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="sheettools-stdin-") as folder:
        path = Path(folder) / ("stdin" + _suffix(data))
        path.write_bytes(data)
        yield str(path)


def _suffix(data: bytes) -> str:
    if data.startswith(OLE2_MAGIC):
        return ".xls"
    if not data.startswith(b"PK"):
        return ".txt"
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return ".xlsx"  # (the reader says what is wrong with it)
    if "word/document.xml" in names:
        return ".docx"
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return ".ods"
    return ".xlsm" if "xl/vbaProject.bin" in names else ".xlsx"


@contextmanager
def output_stream(path: str | None) -> Iterator[TextIO]:
    """Text output to ``path``, or to standard output for ``None`` and ``-``."""
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise FileError(
            tr("Không ghi được tệp", "Cannot write the file") + f" ({exc.strerror})",
            location=path,
            hint=tr("Kiểm tra đường dẫn và quyền ghi", "Check the path and write permission"),
        ) from None
    with fh:
        yield fh


@contextmanager
def binary_output(path: str, name: str) -> Iterator[str]:
    """Where a command writes a file: ``path``, or for ``-`` a temporary ``name`` whose bytes go
    to standard output when the command is done."""
    if path != "-":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="sheettools-out-") as folder:
        tmp = Path(folder) / name
        yield str(tmp)
        out = sys.stdout.buffer
        out.write(tmp.read_bytes())
        out.flush()


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    title: str = "",
    file: TextIO | None = None,
) -> None:
    """Print ``rows`` (plain dicts) as a rich table, JSON or CSV (to ``file``, default stdout)."""
    out = file or sys.stdout
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2, default=str), file=out)
        return
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow([csv_safe(c) for c in cols])
        for r in rows:  # (text from units: never a formula in the program that opens it)
            w.writerow([csv_safe(_flat(r.get(c))) for c in cols])
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title or None, show_lines=False)
    for c in cols:
        table.add_column(column(c), overflow="fold")  # (headers and states in the language)
    for r in rows:  # (as Text: what units typed is never read as rich markup, `[/]` or `[red]`)
        table.add_row(*[Text(_flat(value(r.get(c), c))) for c in cols])
    Console(file=file).print(table)


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

        def silent(done: int, total: int, item: str = "") -> None:
            return None

        yield silent
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
