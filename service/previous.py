"""Does the report taken as 上年 belong to this one: the same unit, the year before?

One judgement for the app (asked before attaching), `check --previous` and `compare` (a warning
line and "warnings" in their JSON) and `summarize --previous`. Another unit's report or a report
of the same year is accepted silently nowhere: cross-year findings computed on it would be wrong
without a word. Unit names are compared as the 汇总 compares them (normalize_label, which
service.units.unit_name is: spaces, quotes and full/half width do not count). A blank unit or year cannot be judged and gives no
warning: a new report has neither until the clerk fills them in.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Protocol

from workbook.model.labels import normalize_label


class Identified(Protocol):
    """What the judgement reads: a Report, or service.batch.FileResult."""

    @property
    def agency(self) -> str: ...

    @property
    def year(self) -> int | None: ...


@cache
def _words() -> dict[str, str]:
    text = (resources.files("resources") / "previous.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def previous_warnings(this: Identified, previous: Identified) -> list[str]:
    """Chinese sentences, one per mismatch; [] when unit and year fit (or cannot be judged)."""
    w = _words()
    out: list[str] = []
    a, b = (this.agency or "").strip(), (previous.agency or "").strip()
    if a and b and normalize_label(a) != normalize_label(b):
        out.append(w["unit"].format(this=a, previous=b))
    year, last = this.year, previous.year
    if year is not None and last is not None and last != year - 1:
        key = "same_year" if last == year else "year"
        out.append(w[key].format(year=year, previous=last, expected=year - 1))
    return out
