"""One exception hierarchy for sheettools.

Library code raises these; the CLI turns them into exactly one line (what, where, what to do)
in one place (``sheettools.cli.main``). Problems *inside data* are not exceptions: they are
flag strings (``code`` or ``code: detail``) on tasks and reports, collected and reported; their
words live in the catalogue ``sheettools.problems``.
"""

from __future__ import annotations


class SheettoolsError(Exception):
    """Base class: a failure that a user can act on. ``hint`` says what to do."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str = "", location: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def one_line(self) -> str:
        parts = []
        if self.location:
            parts.append(f"{self.location}: ")
        parts.append(self.message.rstrip("."))
        if self.hint:
            parts.append(f". {self.hint.rstrip('.')}")
        return "".join(parts) + "."


class InputError(SheettoolsError):
    """Bad input data: a file, sheet, row or cell that cannot be used as it is."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        file: str = "",
        sheet: str = "",
        row: int | None = None,
        cell: str = "",
    ) -> None:
        loc = file
        if sheet:
            loc += f" [{sheet}]" if loc else f"[{sheet}]"
        if cell:
            loc += f" {cell}"
        elif row is not None:
            loc += f" row {row}"
        super().__init__(message, hint=hint, location=loc.strip())
        self.file, self.sheet, self.row, self.cell = file, sheet, row, cell


class FileError(SheettoolsError):
    """A file cannot be read, written, locked or replaced (permissions, open in Excel, ...)."""

    exit_code = 3


class TemplateError(InputError):
    """A template in ``workbook_templates/`` is missing, malformed or inconsistent."""


class LockedError(FileError):
    """Another sheettools process holds the master's lock."""

    exit_code = 4


class OpenElsewhereError(LockedError):
    """Another program (Excel, LibreOffice) has the workbook open: writing it now would be
    overwritten by that program's next Save."""
