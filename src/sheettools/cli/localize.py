"""The CLI in the reader's language: help, click's own errors and prompts, table words.

Commands are written in English (docstrings, ``help=``); with Vietnamese (the default) the
help is shown from ``cli/texts.py`` at the moment it is printed, so ``--lang``/
``SHEETTOOLS_LANG`` decide. click's own messages ("Missing option", "Usage:", "Aborted!")
go through its gettext ids, which ``install_click_messages`` maps to ``texts.CLICK``.

Usage errors of the command line itself (an unknown option, a missing ``--period``, a value
of the wrong form) exit with ``EXIT_USAGE`` (64, as sysexits' EX_USAGE), kept apart from
``InputError``'s 2 (a file, sheet, row or cell that cannot be used).
"""

from __future__ import annotations

import gettext
import inspect
import sys
import types
from collections.abc import Iterable
from typing import Any

import click

from ..i18n import get_lang
from . import texts

EXIT_USAGE = 64


def _vi() -> bool:
    return get_lang() == "vi"


def click_gettext(message: str) -> str:
    return texts.CLICK.get(message, message) if _vi() else message


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_gettext(singular if n == 1 else plural)


def install_click_messages() -> None:
    """Route click's ``_``/``ngettext`` through ``click_gettext`` (the current language)."""
    for name, mod in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if getattr(mod, "_", None) is gettext.gettext:
            mod._ = click_gettext  # type: ignore[attr-defined]
        if getattr(mod, "ngettext", None) is gettext.ngettext:
            mod.ngettext = click_ngettext  # type: ignore[attr-defined]


def command_path(ctx: click.Context) -> str:
    """``"units list"`` for ``sheettools units list``; ``""`` for ``sheettools`` itself."""
    names = []
    c: click.Context | None = ctx
    while c is not None and c.parent is not None:
        names.append(c.info_name or "")
        c = c.parent
    return " ".join(reversed(names))


def help_text(command: click.Command, path: str) -> str:
    """The command's help in the current language (the Example block as written)."""
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    vi = texts.COMMANDS.get(path) if _vi() else None
    if vi is None:
        return text
    i = text.find("\b\nExample:")
    example = text[i:].replace("Example:", "Ví dụ:", 1) if i >= 0 else ""
    return vi + ("\n\n" + example if example else "")


def short_help(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut at a word to ``limit`` characters (``...``)."""
    words = " ".join(text.split())
    first = words.split(". ", 1)[0].rstrip(".")
    if len(first) <= limit:
        return first + ("." if first != words.rstrip(".") or words.endswith(".") else "")
    cut = first[: limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "..."


def option_help(help: str | None) -> str | None:
    if not help or not _vi():
        return help
    return texts.OPTIONS.get(help, help)


def column(name: str) -> str:
    """A table header in the current language."""
    if _vi():
        return texts.COLUMNS.get(name, name)
    return texts.COLUMNS_EN.get(name, name.replace("_", " "))


STATE_COLUMNS = frozenset({"status", "state", "role", "level", "result"})


def value(v: Any, col: str = "status") -> Any:
    """A table cell in the current language: the states (merged, rejected, sent, ...) of the
    columns that hold them; ``"skipped: no address"`` keeps its detail."""
    if not _vi() or col not in STATE_COLUMNS or not isinstance(v, str):
        return v
    head, sep, rest = v.partition(": ")
    return texts.VALUES.get(v) or (texts.VALUES[head] + sep + rest if head in texts.VALUES else v)


class LocalizedCommand(click.Command):
    """A click command whose help is printed in the current language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = help_text(self, command_path(ctx))
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        opt = super().get_help_option(ctx)
        if opt is not None:  # (click >= 8.2 keeps the option, and its help, once made)
            opt.help = click_gettext("Show this message and exit.")
        return opt

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            rec = param.get_help_record(ctx)
            if rec is None:
                continue
            name, text = rec
            h = getattr(param, "help", None)
            if h and text.startswith(h):
                text = (option_help(h) or "") + text[len(h) :]
            rows.append((name, text))
        if rows:
            with formatter.section(click_gettext("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class LocalizedGroup(LocalizedCommand, click.Group):
    """A click group: localized help, its commands' short help too, and the exit codes."""

    command_class = LocalizedCommand
    group_class = type  # (subgroups are of this class)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        base = command_path(ctx)
        limit = formatter.width - 6 - max((len(n) for n in self.list_commands(ctx)), default=0)
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            text = help_text(cmd, f"{base} {name}".strip()).split("\b")[0]
            rows.append((name, cmd.short_help or short_help(text, limit)))
        if rows:
            with formatter.section(click_gettext("Commands")):
                formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _usage(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _usage(exc) from None


def _usage(exc: click.UsageError) -> click.UsageError:
    if type(exc).__name__ == "NoArgsIsHelpError":  # (click >= 8.2: a bare group shows help)
        return exc
    exc.exit_code = EXIT_USAGE  # type: ignore[misc,unused-ignore]
    exc.show = types.MethodType(_show_usage_error, exc)  # type: ignore[method-assign]
    return exc


def _show_usage_error(exc: click.UsageError, file: Any = None) -> None:
    """A usage error as ONE line: what is wrong, and where the help is (not click's usage
    block, blank line and error line)."""
    message = " ".join(exc.format_message().split())
    line = click_gettext("Error: {message}").format(message=message)
    if exc.ctx is not None:
        line += " " + click_gettext("Try '{command} {option}' for help.").format(
            command=exc.ctx.command_path, option=exc.ctx.help_option_names[0]
        )
    click.echo(line, file=file, err=True)


def all_commands(
    group: click.Group, prefix: tuple[str, ...] = ()
) -> Iterable[tuple[str, click.Command]]:
    """``(path, command)`` for the group and every command and subgroup under it."""
    yield " ".join(prefix), group
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), cmd
