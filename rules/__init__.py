"""Checks over a Report. No Qt, no file I/O (a test asserts it).

`check(report, previous=None)` runs the whole catalogue; `rule_info(code)` documents a rule;
`acknowledge(report, finding, reason)` accepts a warning or hint with a reason.
"""

from rules.acknowledge import acknowledge
from rules.catalogue import all_rules, rule_info
from rules.checker import check
from rules.finding import Finding

__all__ = ["Finding", "acknowledge", "all_rules", "check", "rule_info"]
