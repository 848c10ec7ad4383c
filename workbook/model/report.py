"""The report as plain data: metadata, one value per cell key, prose as paragraphs.

Blank is not zero: a cell holds an int, a Decimal (万元) or None for blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

import resources
from workbook.model.format import Format, load_format

Value = int | Decimal | None


@dataclass(frozen=True)
class AgencyKind:
    """A kind of agency (resources/agency_kinds.toml): what it reports and by when."""

    id: str
    label: str
    regulations: str  # "yes" | "no" | "maybe"
    deadline: str  # "MM-DD" in the year after the report year


@cache
def agency_kinds() -> tuple[AgencyKind, ...]:
    """The kinds of agency, from resources/agency_kinds.toml."""
    return tuple(AgencyKind(**k) for k in resources.read_toml("agency_kinds.toml")["kinds"])


def agency_kind(kind_id: str | None) -> AgencyKind | None:
    for k in agency_kinds():
        if k.id == kind_id or k.label == kind_id:
            return k
    return None


@dataclass
class Acknowledgement:
    """A user's reason for accepting a warning; holds while the finding's inputs are unchanged."""

    code: str
    fingerprint: str
    reason: str


@dataclass
class Report:
    """The report as plain data: metadata, every value cell (None is blank, never 0), prose."""

    format_id: str = "2021"
    agency: str = ""
    agency_kind: str | None = None  # an AgencyKind id
    year: int | None = None
    issued: date | None = None
    values: dict[str, Value] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)  # section id -> paragraphs
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    @property
    def format(self) -> Format:
        return load_format(self.format_id)

    @classmethod
    def blank(cls, format_id: str = "2021", **meta: object) -> Report:
        """A report with every cell blank and every prose section empty."""
        fmt = load_format(format_id)
        report = cls(format_id=format_id, **meta)  # type: ignore[arg-type]
        report.values = {c.key: None for c in fmt.cells}
        report.texts = {s.id: [] for s in fmt.text_sections}
        return report

    def value(self, key: str) -> Value:
        return self.values.get(key)

    def text(self, section_id: str) -> str:
        """A prose section as one string, paragraphs separated by newlines."""
        return "\n".join(self.texts.get(section_id, []))

    def set_text(self, section_id: str, text: str) -> None:
        self.texts[section_id] = split_paragraphs(text)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a prose section: one per non-empty line, inner spacing kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line.strip() for line in lines if line.strip()]
