"""Accepting a warning or hint with a reason; the reason is saved in the report.

The acknowledgement holds the finding's fingerprint (its code, cells and their values), so it
stops applying as soon as any of those inputs change. Errors cannot be acknowledged: they are
breaches of the official format or of arithmetic, and must be corrected.
"""

from __future__ import annotations

from rules.finding import Finding
from workbook.model.report import Acknowledgement, Report


def acknowledge(report: Report, finding: Finding, reason: str) -> Acknowledgement:
    """Record `reason` for `finding` in `report` (replacing an earlier one for the same finding)."""
    if not finding.acknowledgeable:
        raise ValueError(f"错误不能确认，只能改正：{finding.message}")
    reason = reason.strip()
    if not reason:
        raise ValueError("请填写确认此提示的理由。")
    ack = Acknowledgement(finding.code, finding.fingerprint, reason)
    report.acknowledgements = [
        a for a in report.acknowledgements if a.fingerprint != finding.fingerprint
    ]
    report.acknowledgements.append(ack)
    return ack


def withdraw(report: Report, finding: Finding) -> bool:
    """Remove the acknowledgement of `finding`; True when there was one."""
    before = len(report.acknowledgements)
    report.acknowledgements = [
        a for a in report.acknowledgements if a.fingerprint != finding.fingerprint
    ]
    return len(report.acknowledgements) != before
