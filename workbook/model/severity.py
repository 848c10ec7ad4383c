"""Severities of findings: their order, Chinese labels and colours, in one place.

The checker sorts by this order, and the screen, the app's print, the CLI and the checked
workbook all label and paint findings from here, so an error looks the same everywhere. It lives
in the model (not in rules/) because the workbook writer paints findings and workbook/ never
imports rules/.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Severity:
    """One level of finding — its name, colours and place in the order — for every view."""

    id: str  # "error" | "warning" | "info", as in the findings JSON
    label: str  # what people read
    fill: str  # background of a cell with an open finding (screen, print, checked workbook)
    pale_fill: str  # the same once the user acknowledged the finding
    ink: str  # text colour of a heading or a remark of this severity


SEVERITIES: tuple[Severity, ...] = (
    Severity("error", "错误", "#F4B4B4", "#FBE3E3", "#B3261E"),
    Severity("warning", "警告", "#FFD98A", "#FFF1CF", "#8A5A00"),
    Severity("info", "提示", "#B9D7F5", "#E3EEFA", "#1F5FA8"),
)
ORDER: tuple[str, ...] = tuple(s.id for s in SEVERITIES)  # most serious first
LABELS: dict[str, str] = {s.id: s.label for s in SEVERITIES}
_BY_ID = {s.id: s for s in SEVERITIES}


def severity(severity_id: str) -> Severity:
    """The severity with this id; an unknown id counts as the mildest (never a crash)."""
    return _BY_ID.get(severity_id, SEVERITIES[-1])


def rank(severity_id: str) -> int:
    """Sort key: 0 for errors, then warnings, then hints; unknown ids last."""
    return ORDER.index(severity_id) if severity_id in _BY_ID else len(ORDER)


def label(severity_id: str) -> str:
    return LABELS.get(severity_id, severity_id)


def fill(severity_id: str, acknowledged: bool = False) -> str:
    """Background colour for a cell whose worst finding has this severity."""
    s = severity(severity_id)
    return s.pale_fill if acknowledged else s.fill
