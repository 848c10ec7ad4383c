"""The one place the GUI reaches the checker, so every view sees the same findings.

The GUI never re-implements a rule: it calls rules.check and groups what comes back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import rules
from rules import check
from rules.finding import Finding, open_counts
from workbook.model import severity
from workbook.model.report import Report


def run_check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings for the report (and last year's, for the cross-year rules)."""
    return list(check(report, previous=previous))


def acknowledge(report: Report, finding: Finding, reason: str) -> None:
    """Record the user's reason for accepting a warning (stored in the report)."""
    rules.acknowledge(report, finding, reason)


def explanation(code: str) -> str:
    """The catalogue's longer explanation of a finding's rule ("" for an unknown code)."""
    try:
        return rules.rule_info(code).explanation
    except (KeyError, LookupError):
        return ""


def worst(findings: Sequence[Finding]) -> Finding | None:
    """The finding that decides a cell's colour: unacknowledged first, then by severity."""
    if not findings:
        return None
    return min(
        findings,
        key=lambda f: (f.acknowledged is not None, severity.rank(f.severity)),
    )


@dataclass
class FindingIndex:
    """Findings by cell key and by prose section, built once per check."""

    findings: list[Finding] = field(default_factory=list)
    failed: str = ""  # the checker itself failed: never claim "no problems" then
    by_key: dict[str, list[Finding]] = field(default_factory=dict)
    by_text: dict[str, list[Finding]] = field(default_factory=dict)

    @classmethod
    def failure(cls) -> FindingIndex:
        return cls(failed="校验程序出错，结果不完整；请保存后把文件发给开发者。")

    @classmethod
    def build(cls, findings: list[Finding]) -> FindingIndex:
        by_key: dict[str, list[Finding]] = defaultdict(list)
        by_text: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            for k in f.keys:
                by_key[k].append(f)
            for t in f.texts:
                by_text[t].append(f)
        return cls(list(findings), by_key=dict(by_key), by_text=dict(by_text))

    def counts(self) -> dict[str, int]:
        """Open (not acknowledged) findings per severity."""
        return open_counts(self.findings)
