"""Read-only views of a master as plain data (for ``tasks`` and ``units list``)."""

from __future__ import annotations

from .model import KIND_GROUP, Master


def list_tasks(master: Master, unit: str | None = None) -> list[dict]:
    """Tasks and sub-items (not group headings) in table order, as ``Task.public_dict``.
    With ``unit``, only those where the unit is a lead or coordinating unit (a code the
    master does not hold is an ``InputError``, not an empty list)."""
    if unit is not None and unit not in master.unit_map():
        from .errors import InputError
        from .i18n import tr

        raise InputError(
            tr("Không có đơn vị", "No such unit") + f": {unit}",
            hint=tr(
                "Xem danh sách: sheettools units list MASTER",
                "See the list: sheettools units list MASTER",
            ),
        )
    out = []
    for t in master.tasks:
        if t.kind == KIND_GROUP:
            continue
        if unit and unit not in t.lead_units and unit not in t.coordinating_units:
            continue
        out.append(t.public_dict())
    return out


def list_units(master: Master) -> list[dict]:
    return [u.public_dict() for u in master.units]
