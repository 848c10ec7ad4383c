"""How values are shown as text: on screen, in tooltips, on paper (blank stays empty)."""

from __future__ import annotations

from decimal import Decimal

from workbook.model.report import Value


def format_value(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)
