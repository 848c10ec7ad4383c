"""Reading a block copied from Excel / WPS: which cells change, and what was interpreted.

Values are read by workbook.model.values.parse_value (the same reading as every importer), and every
interpretation is reported; unreadable text leaves the cell as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.model.format import Format
from workbook.model.report import Value
from workbook.model.values import parse_value


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated lines as Excel puts them on the clipboard (a trailing newline dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text.strip():
        return []
    return [line.split("\t") for line in text.split("\n")]


@dataclass
class PastePlan:
    changes: dict[str, Value] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # interpretations, shown to the clerk
    refused: list[str] = field(default_factory=list)  # unreadable entries (cell unchanged)

    def summary(self) -> str:
        parts = [f"已粘贴{len(self.changes)}格"]
        if self.notes:
            parts.append("；".join(self.notes[:3]) + ("等" if len(self.notes) > 3 else ""))
        if self.refused:
            parts.append(f"{len(self.refused)}格无法识别、未改动：" + "；".join(self.refused[:2]))
        return "。".join(parts)


def plan_paste(fmt: Format, targets: dict[str, str]) -> PastePlan:
    plan = PastePlan()
    for key, raw in targets.items():
        cell = fmt.cell(key)
        parsed = parse_value(raw, whole=cell.whole)
        label = cell.row_label or cell.col_label
        if parsed.value is None and raw.strip():
            plan.refused.append(f"{label}：“{raw.strip()}”不是数字")
            continue
        if parsed.note:
            plan.notes.append(parsed.note)
        plan.changes[key] = parsed.value
    return plan
