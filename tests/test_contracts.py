"""The named shapes that cross modules stay in step with what they describe: a report row is
``Report``'s fields in the order of the reports sheet; a digest row's values are the unit
workbook's input columns in order."""

from __future__ import annotations

import dataclasses

from sheettools import returns, store, unitbook
from sheettools.model import Report


def test_a_report_row_is_reports_fields_in_the_sheets_order():
    fields = tuple(f.name for f in dataclasses.fields(Report))
    assert store.ReportRow._fields == fields
    assert store.REPORT_COLUMNS == tuple(name for name, _kind in store.REPORT_FIELDS) == fields
    row = store.ReportRow(*(f"v{i}" for i in range(len(fields))))
    rep = Report(*row)
    assert [getattr(rep, f) for f in fields] == list(row)


def test_a_digest_rows_values_are_the_workbooks_input_columns_in_order():
    assert returns.VALUE_FIELDS == tuple(unitbook.INPUT_FIELDS)
    assert len(returns.EMPTY_VALUES) == len(returns.VALUE_FIELDS)
    assert returns.is_empty(returns.EMPTY_VALUES)
