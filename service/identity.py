"""Which unit and year a report is: one report per unit and year, and last year's report of it.

A unit's name is compared after normalising spaces, quotes and full/half width (unit_name). Names
that differ in more than that (甲镇人民政府 and 甲镇人民政府办公室) are one unit only where the
office's 单位名单 says so, on one line: `甲镇人民政府 = 甲镇人民政府办公室`. A unit sent twice
counts once: the newer report by 发布日期, else by file time (pick_newest).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from workbook.model.labels import normalize_label

_ALIAS = re.compile(r"\s*[=＝]\s*")


def unit_name(name: str) -> str:
    """A unit's name in comparable form (full/half width, spaces, quotes ignored)."""
    return normalize_label(name)


@dataclass(frozen=True)
class UnitNames:
    """The office's 单位名单 as names to show and the aliases that stand for them."""

    names: tuple[str, ...] = ()  # as written (the first name of each line)
    aliases: dict[str, str] = field(default_factory=dict)  # unit_name(alias) -> unit_name(name)

    @classmethod
    def parse(cls, entries: Iterable[str]) -> UnitNames:
        """Entries of a list, each `名称` or `名称 = 别名 = …` (one unit under several names)."""
        names: list[str] = []
        aliases: dict[str, str] = {}
        for entry in entries:
            parts = [p for p in _ALIAS.split(entry.strip()) if p]
            if not parts:
                continue
            names.append(parts[0])
            for alias in parts[1:]:
                aliases[unit_name(alias)] = unit_name(parts[0])
        return cls(tuple(names), aliases)

    def key(self, name: str) -> str:
        """The comparable name of the unit a report names."""
        n = unit_name(name)
        return self.aliases.get(n, n)


class Sent(Protocol):
    """A report as a batch knows it: enough to tell which unit, which year, which is newer."""

    file: str
    agency: str
    year: int | None
    issued: date | None
    mtime: float


S = TypeVar("S", bound=Sent)


def newest(group: Sequence[S]) -> S:
    """The report that counts: the newest by 发布日期 when every one has a date and one is
    latest, else the newest file (on a tie, the last file name)."""
    dates = [s.issued for s in group]
    if all(d is not None for d in dates):
        latest = max(d for d in dates if d is not None)
        if dates.count(latest) == 1:
            return group[dates.index(latest)]
    return max(group, key=lambda s: (s.mtime, s.file))


UnitYear = tuple[str, int | None]


def _groups(items: Iterable[S], key: Callable[[str], str]) -> dict[UnitYear, list[S]]:
    groups: dict[UnitYear, list[S]] = {}
    for s in items:
        if s.agency:  # a report without a unit's name is nobody's duplicate
            groups.setdefault((key(s.agency), s.year), []).append(s)
    return groups


def duplicates(items: Iterable[S], key: Callable[[str], str] = unit_name) -> dict[str, S]:
    """Each report sent again for the same unit and year (its file) -> the report that counts."""
    out: dict[str, S] = {}
    for group in _groups(items, key).values():
        kept = newest(group)
        out.update((s.file, kept) for s in group if s is not kept)
    return out


def by_unit_and_year(
    items: Iterable[S], key: Callable[[str], str] = unit_name
) -> dict[UnitYear, S]:
    """The report of each unit and year (the newest where one was sent twice)."""
    return {k: newest(g) for k, g in _groups(items, key).items()}


class Arrivals(Generic[S]):
    """Reports arriving one at a time (the app's batch check), filed by unit and year: as each
    arrives, which of its group is the one that counts."""

    def __init__(self, key: Callable[[str], str] = unit_name) -> None:
        self.key = key
        self.items: list[S] = []
        self._groups: dict[UnitYear, list[int]] = {}

    def add(self, item: S) -> list[tuple[int, S | None]]:
        """File `item`; for its group (when it now has more than one report) each member's
        index and the report that counts instead of it (None for the one that counts)."""
        index = len(self.items)
        self.items.append(item)
        if not item.agency:
            return []
        group = self._groups.setdefault((self.key(item.agency), item.year), [])
        group.append(index)
        if len(group) < 2:
            return []
        kept = newest([self.items[i] for i in group])
        return [(i, None if self.items[i] is kept else kept) for i in group]
