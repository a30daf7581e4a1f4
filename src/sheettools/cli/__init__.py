"""The ``sheettools`` command: a thin click layer over the library.

Every command wraps one library function. Library errors (``SheettoolsError``) become one
line on stderr and a non-zero exit here, in one place; ``--traceback`` shows the Python
traceback for developers.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from ..errors import SheettoolsError
from ..i18n import set_lang, tr
from .localize import LocalizedGroup, install_click_messages

install_click_messages()

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class UserError(click.ClickException):
    """A ``SheettoolsError`` on its way out: one line on stderr, the error's exit code."""

    def __init__(self, error: SheettoolsError) -> None:
        super().__init__(error.one_line())
        self.exit_code = error.exit_code  # type: ignore[misc,unused-ignore]

    def show(self, file=None) -> None:
        click.echo(tr("Lỗi: ", "Error: ") + self.message, err=True)


class Group(LocalizedGroup):
    def list_commands(self, ctx):  # keep the cycle's order, not alphabetical
        return list(self.commands)

    def invoke(self, ctx: click.Context):
        """The one place where library errors become one clear line (see ``--traceback``)."""
        try:
            return super().invoke(ctx)
        except SheettoolsError as exc:
            if (ctx.obj or {}).get("traceback") or os.environ.get("SHEETTOOLS_TRACEBACK"):
                raise
            raise UserError(exc) from exc
        except OSError as exc:
            if (
                isinstance(exc, BrokenPipeError)
                or (ctx.obj or {}).get("traceback")
                or os.environ.get("SHEETTOOLS_TRACEBACK")
            ):
                raise
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            err = SheettoolsError(
                where + (exc.strerror or str(exc)),
                hint=tr("Kiểm tra đường dẫn và quyền truy cập", "Check the path and permissions"),
            )
            err.exit_code = 3
            raise UserError(err) from exc


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    set_lang(value)  # (eager: before --help and click's own errors are printed)
    return value


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    envvar="SHEETTOOLS_LANG",
    default=None,
    is_eager=True,
    callback=_set_lang,
    help="Language of messages and generated workbooks (default vi; env SHEETTOOLS_LANG).",
)
@click.option(
    "--traceback", is_flag=True, help="Show the Python traceback on errors (for developers)."
)
@click.version_option(package_name="sheettools", help="Show the version and exit.")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, traceback: bool) -> None:
    """sheettools: the quarterly reporting cycle of a yearly plan, in Excel.

    \b
    Example:
        sheettools plan import plan.txt --output master.xlsx --units units.xlsx
        sheettools split master.xlsx --period 2023-Q2 --output outbox/
    """
    set_lang(lang)
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback


# Command modules register themselves on ``cli``; the order here is the order in --help.
from . import plan_cmds, split_cmds, merge_cmds, status_cmds, mail_cmds, cascade_cmds, app_cmds  # noqa: E402,F401,I001


def _utf8_streams() -> None:
    """Output redirected to a file or a pipe is UTF-8 everywhere: on Windows it would be the
    ANSI code page (cp1252, cp1258), which cannot hold Vietnamese — a traceback for
    ``sheettools status ... > out.txt``. (The Windows console itself is UTF-8 already.)"""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _utf8_streams()
    try:
        cli.main(args=argv, prog_name="sheettools")
    except KeyboardInterrupt:
        click.echo(tr("Đã dừng.", "Interrupted."), err=True)
        sys.exit(130)
    except BrokenPipeError:  # `sheettools tasks ... | head`: the reader left, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
