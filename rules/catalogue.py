"""The rule catalogue (resources/rules.toml): codes, severities, messages, explanations.

Like a linter's rule set, a code is never reused and every rule documents itself; the checks in
rules/ only decide *whether* a rule is broken and fill the message template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import resources
from workbook.model import severity as severities

SOURCE_LABELS = {"official": "官方规定", "structural": "表格结构", "heuristic": "经验判断"}


@dataclass(frozen=True)
class RuleInfo:
    """One entry of the rule catalogue (resources/rules.toml), as the checks and the help use it."""

    code: str  # stable, never reused, e.g. "NB101"
    rule: str  # FORMAT.md id, A1…B8
    check: str  # the piece of logic that raises it
    severity: str  # "error" | "warning" | "info"
    source: str  # "official" | "structural" | "heuristic"
    title: str
    message: str  # str.format template
    explanation: str
    removed: bool = False

    @property
    def severity_label(self) -> str:
        return severities.label(self.severity)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def acknowledgeable(self) -> bool:
        """Only heuristics (warnings, hints) may be accepted with a reason; errors must be fixed."""
        return self.severity != "error"


@cache
def _data() -> dict[str, Any]:
    return resources.read_toml("rules.toml")


@cache
def _rules() -> dict[str, RuleInfo]:
    out: dict[str, RuleInfo] = {}
    for r in _data()["rules"]:
        info = RuleInfo(
            code=r["code"],
            rule=r["rule"],
            check=r["check"],
            severity=r["severity"],
            source=r["source"],
            title=r["title"],
            message=r["message"],
            explanation=r["explanation"].strip(),
            removed=r.get("removed", False),
        )
        assert info.code not in out, f"duplicate rule code {info.code}"
        assert info.severity in severities.LABELS, info.code
        out[info.code] = info
    return out


def rule_info(code: str) -> RuleInfo:
    """The catalogue entry for a code; KeyError for an unknown code."""
    return _rules()[code]


def all_rules() -> tuple[RuleInfo, ...]:
    """Every rule still in force, in catalogue order."""
    return tuple(r for r in _rules().values() if not r.removed)


@cache
def code_for(check: str, rule: str | None = None) -> str:
    """The code a check raises (for "sum", which serves A2/A3/A5, also by FORMAT.md rule)."""
    for r in all_rules():
        if r.check == check and (rule is None or r.rule == rule):
            return r.code
    raise KeyError(f"no rule for check {check!r} / {rule!r}")


def settings() -> dict[str, Any]:
    """Thresholds and phrase data of resources/rules.toml (do not mutate)."""
    return _data()["settings"]


def prose_settings() -> dict[str, Any]:
    return _data()["prose"]
