"""A ``post`` function for ``safety.ReaderPool`` that misbehaves on purpose (tests only): a
workbook whose first cell says SLEEP, ABORT or HOG makes the reader worker hang, die or grow
until its memory limit stops it. Imported inside the workers (``tests/`` on PYTHONPATH)."""

from __future__ import annotations

import os
import time
from typing import Any

SPEC = "reader_hooks:misbehave"
SLEEP, ABORT, HOG = "__sheettools_sleep__", "__sheettools_abort__", "__sheettools_hog__"


def misbehave(sheets: list, _arg: Any) -> list:
    """The sheets as read (the digest), unless the first cell asks for trouble."""
    first = sheets[0][2][0][0] if sheets and sheets[0][2] and sheets[0][2][0] else None
    if first == SLEEP:
        time.sleep(3600)
    elif first == ABORT:
        os.abort()
    elif first == HOG:
        hog = []
        for _ in range(512):  # up to 8 GiB, 16 MiB at a time, each page touched
            hog.append(bytearray(16 * 2**20))
            time.sleep(0.01)
    return sheets
