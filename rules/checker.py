"""`check(report, previous=None)`: every rule of the catalogue over one report.

Fast enough for every keystroke: format-derived plans are computed once per format and the prose
analysis is cached by text, so a check is a few loops over prepared tuples.
"""

from __future__ import annotations

from dataclasses import replace

from rules.arithmetic import check_arithmetic
from rules.blanks import check_blanks
from rules.crossyear import check_cross_year
from rules.finding import Finding
from rules.heuristics import (
    check_carry_forward,
    check_dates,
    check_fees,
    check_prose,
    check_regulations,
)
from workbook.model import severity as severities
from workbook.model.report import Report


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """All findings for `report` (and the cross-year ones when last year's report is given).

    Findings a user has acknowledged (same fingerprint) carry the saved reason. Order: errors,
    warnings, hints; within a severity, catalogue order, then the order of the format.
    """
    values = report.values
    out: list[Finding] = []
    fmt = report.format
    check_arithmetic(fmt, values, out)
    check_blanks(fmt, values, report.texts, out)
    check_regulations(report, values, out)
    check_prose(report, values, out)
    check_fees(report, values, out)
    check_dates(report, values, out)
    check_carry_forward(report, values, out)
    if previous is not None:
        check_cross_year(report, previous, values, out)
    if report.acknowledgements:
        reasons = {a.fingerprint: a.reason for a in report.acknowledgements}
        out = [
            replace(f, acknowledged=reasons[f.fingerprint])
            if f.fingerprint in reasons and f.acknowledgeable
            else f
            for f in out
        ]
    out.sort(key=lambda f: (severities.rank(f.severity), f.code))
    return out
