"""Type values into a workbook with LibreOffice itself, as a person would, and save it as other
formats. Run with the system python3 that has LibreOffice's ``uno`` module (Debian's
python3-uno), against a running ``soffice --accept=pipe,name=NAME;urp;``:

    /usr/bin/python3 tests/lo_type.py SPEC.json

SPEC: ``{"pipe": NAME, "src": PATH, "sheet": NAME, "cells": {"G4": "15/6/2023", ...},
"out": {"xlsx": PATH, "ods": PATH, "xls": PATH}, "locked_probe": "C4", "connect_timeout": 20}``.

Each text is set as the cell's ``FormulaLocal``: Calc's localized input parser, the one that
reads what a person types into a cell (``15/6/2023`` a date by the locale's date patterns,
``50%`` a percentage, ``0,5`` a number with the locale's decimal comma, ``=…`` a formula); lines
separated by Ctrl+Enter become paragraphs. The locale is LibreOffice's (its profile's
``ooSetupSystemLocale``) together with each cell's number format. ``XCell.setFormula`` is not
that: it parses in en-US, so ``15/6/2023`` stays text and ``1/6/2023`` becomes 6 January; a
``.uno:EnterString`` dispatch through the hidden view makes LibreOffice 7.4 abort in the
following ``storeToURL``.

Prints one JSON object: the locale in force, whether the sheet is protected, whether the locked
probe cell refused the text, what each cell became (type, value, text shown, number format),
the files written, and the cells Calc's validation check marks invalid.
"""

from __future__ import annotations

import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "ods": "calc8", "xls": "MS Excel 97"}


def props(**kw) -> tuple:
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def connect(pipe: str, timeout: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise SystemExit(f"lo_type: no LibreOffice on pipe {pipe} after {timeout:.0f} s")
            time.sleep(0.3)


def type_lines(cell, text: str) -> None:
    """Lines typed with Ctrl+Enter between them: one paragraph each (an edit cell), as Calc's
    cell editor makes them (multi-line input is never read as a number, date or formula)."""
    cell.setString("")
    cursor = cell.createTextCursor()
    for i, line in enumerate(text.split("\n")):
        if i:
            cell.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        cell.insertString(cursor, line, False)


def invalid_cells(sheet) -> list[str]:
    """Cells whose value breaks the sheet's validation rules (what the dialog would have refused
    at Enter: the API does not check), by Calc's own Tools > Detective > Mark Invalid Data."""
    sheet.showInvalid()
    out = []
    for i in range(sheet.DrawPage.Count):
        anchor = sheet.DrawPage.getByIndex(i).Anchor
        if hasattr(anchor, "AbsoluteName"):
            out.append(anchor.AbsoluteName.rsplit(".", 1)[-1].replace("$", ""))
    return sorted(out)


def configured_locale(ctx) -> str:
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationAccess",
        props(nodepath="/org.openoffice.Setup/L10N"),
    )
    return access.getByName("ooSetupSystemLocale")


def main(spec_path: str) -> None:
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    ctx = connect(spec["pipe"], float(spec.get("connect_timeout", 20)))
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(spec["src"]), "_blank", 0, props(Hidden=True)
    )
    if doc is None:
        raise SystemExit(f"lo_type: LibreOffice could not open {spec['src']}")
    try:
        sheet = doc.Sheets.getByName(spec["sheet"])
        report = {"locale": configured_locale(ctx), "protected": sheet.isProtected(), "cells": {}}
        for ref, text in spec["cells"].items():
            cell = sheet.getCellRangeByName(ref)
            if "\n" in text:
                type_lines(cell, text)
            else:  # Calc's localized input parser, what Enter after typing into the cell runs
                cell.FormulaLocal = text
        probe = spec.get("locked_probe")
        if probe:  # a person cannot type into a locked cell of a protected sheet
            cell = sheet.getCellRangeByName(probe)
            before = cell.FormulaLocal
            try:
                cell.FormulaLocal = "gõ vào ô khóa"
                report["locked_refused"] = cell.FormulaLocal == before
            except Exception as e:  # noqa: BLE001 - any refusal counts
                report["locked_refused"] = f"{type(e).__name__}: {e}"
        doc.calculateAll()
        formats = doc.NumberFormats
        for ref in spec["cells"]:
            cell = sheet.getCellRangeByName(ref)
            fmt = formats.getByKey(cell.NumberFormat)
            report["cells"][ref] = {
                "type": cell.Type.value.lower(),
                "value": cell.Value,
                "string": cell.String,
                "format": fmt.FormatString,
                "format_type": fmt.Type,
                "format_locale": f"{fmt.Locale.Language}-{fmt.Locale.Country}".strip("-")
                or "system",
            }
        report["written"] = {}
        for ext, path in spec["out"].items():
            doc.storeToURL(
                uno.systemPathToFileUrl(path), props(FilterName=FILTERS[ext], Overwrite=True)
            )
            report["written"][ext] = path
        report["invalid"] = invalid_cells(sheet)
    finally:
        doc.close(True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
