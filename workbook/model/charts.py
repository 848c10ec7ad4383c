"""A chart as data: what the 图表 sheet, the app's chart widget and the analysis report draw.

One description, three painters (xlsxwriter's native charts, QPainter on screen and into the
analysis report's images), so the office sees the same chart wherever it looks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

ChartValue = int | Decimal | Fraction | float | None
PALETTE = ("#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#70AD47", "#9E480E", "#264478")


@dataclass
class ChartSpec:
    """One chart: categories along one axis, one or more series of values."""

    title: str
    kind: str  # "bar" (horizontal) | "column" | "pie" | "line"
    category_label: str
    categories: Sequence[str]
    series: Sequence[tuple[str, Sequence[ChartValue]]]
    stacked: bool = False
    percent: bool = False
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the data table
    links: Sequence[str] = field(default_factory=tuple)  # per category: what a click opens


def number(v: ChartValue) -> float | None:
    """A value as the painters need it (exact until here)."""
    if v is None:
        return None
    return float(Fraction(v)) if isinstance(v, Fraction | Decimal) else float(v)
