"""A finding: one violated rule, the cells it is about, expected and actual values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rules.catalogue import rule_info
from workbook.model import severity as severities


@dataclass(frozen=True)
class Finding:
    """A problem one rule found: the cells it is about, both sides and a message to read."""

    code: str  # our stable, fine-grained code (catalogue), e.g. "NB101"
    rule: str  # the FORMAT.md id: A1…A6, B1…B8
    severity: str  # "error" | "warning" | "info"
    message: str  # short Chinese text naming both sides and the difference
    keys: tuple[str, ...] = ()  # every cell key it is about
    texts: tuple[str, ...] = ()  # prose section ids it is about ("overview", "problems", "other")
    expected: object = None
    actual: object = None
    fingerprint: str = ""  # identifies the finding and its inputs, for acknowledgements
    acknowledged: str | None = None  # the user's saved reason, when accepted

    @property
    def severity_label(self) -> str:
        return severities.label(self.severity)

    @property
    def acknowledgeable(self) -> bool:
        """As the catalogue says of its rule: a warning or hint may be accepted with a reason,
        an error must be fixed."""
        return rule_info(self.code).acknowledgeable

    @property
    def open(self) -> bool:
        """Not accepted with a reason: it still counts."""
        return self.acknowledged is None


def open_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Open findings per severity, most serious first; every severity present (0 when none)."""
    out = dict.fromkeys(severities.ORDER, 0)
    for f in findings:
        if f.open:
            out[f.severity] += 1
    return out
