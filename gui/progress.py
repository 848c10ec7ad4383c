"""How far the clerk has got: 已填 N/200 格 and what is still missing, instead of 错误 for blanks.

Blank cells and empty prose (rule A6) are official errors, and `nianbao check` reports them so.
While the clerk is filling in the form they are simply what is left to do: the window shows them
as progress (counted, listed under 尚未填写, cells not painted as errors) so that a fresh report
does not open shouting 错误. The findings themselves are unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rules import finding
from rules.finding import Finding
from workbook.model.report import Report

PROGRESS_RULES = frozenset({"A6"})  # FORMAT.md: blank cells / empty tables / empty prose
PROGRESS_LABEL = "尚未填写"  # what the panel, the prose tabs and the status bar call them
PROGRESS_COLOUR = "#1f5fa8"


def is_progress(f: Finding) -> bool:
    """A finding that only says something is not filled in yet."""
    return f.rule in PROGRESS_RULES


def open_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Open findings per severity, not counting what is merely not filled in yet."""
    return finding.open_counts(f for f in findings if not is_progress(f))


@dataclass
class Progress:
    filled: int = 0
    total: int = 0
    missing: dict[str, int] = field(default_factory=dict)  # 表三 -> blank cells
    empty_texts: list[str] = field(default_factory=list)  # prose sections with no text

    @property
    def complete(self) -> bool:
        return self.filled == self.total and not self.empty_texts

    @property
    def started(self) -> bool:
        return self.filled > 0

    def short(self) -> str:
        """For the status bar: 已填 37/200 格（正文缺2部分）."""
        text = f"已填 {self.filled}/{self.total} 格"
        if self.empty_texts:
            text += f"，正文缺{len(self.empty_texts)}部分"
        return text

    def details(self) -> str:
        """For the findings panel: 还差：表三 175 格、表四 15 格；正文：一、五 未写."""
        parts = [f"{sheet} {n} 格" for sheet, n in self.missing.items() if n]
        lines = []
        if parts:
            lines.append("还差：" + "、".join(parts))
        if self.empty_texts:
            lines.append("正文未写：" + "、".join(self.empty_texts))
        return "；".join(lines)


def progress(report: Report) -> Progress:
    """Filled value cells out of all, blank cells per table, prose sections still empty."""
    fmt = report.format
    p = Progress(total=len(fmt.cells))
    sheets = {s.id: f"表{s.number}" for s in fmt.table_sections}
    for c in fmt.cells:
        if report.values.get(c.key) is None:
            sheet = sheets.get(c.table, c.table)
            p.missing[sheet] = p.missing.get(sheet, 0) + 1
        else:
            p.filled += 1
    p.empty_texts = [s.number for s in fmt.text_sections if not report.texts.get(s.id)]
    return p


def table_started(report: Report, table_id: str) -> bool:
    """Some cell of this table has a value (then its blanks are worth pointing out)."""
    return any(
        report.values.get(c.key) is not None for c in report.format.cells if c.table == table_id
    )
