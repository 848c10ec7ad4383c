"""Every edit is an undo step: cells (typing, paste, clear, 自动合计), prose, metadata, 确认,
与原件相符 (a scan's mark taken off a cell; an edit takes it off too, and its undo puts it back).

Commands change the Report only through Document.apply_*, which re-checks and tells the views.
They know the document only as the `Editable` protocol below, so gui.document can import this
module at its top and there is no import cycle between the two.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from gui.checking import acknowledge
from rules.finding import Finding
from workbook.model.cellnames import describe
from workbook.model.layout import META_LABELS
from workbook.model.report import Acknowledgement, Report, Value

MetaValue = str | int | date | None


class Editable(Protocol):
    """What a command needs of gui.document.Document: the report and the apply_* methods."""

    report: Report
    review: dict[str, str]

    def apply_values(
        self, changes: dict[str, Value], marks: dict[str, str] | None = None
    ) -> None: ...
    def apply_review(self, marks: dict[str, str], gone: frozenset[str] = frozenset()) -> None: ...
    def apply_text(self, section_id: str, text: str) -> None: ...
    def apply_meta(self, field: str, value: MetaValue) -> None: ...
    def apply_acknowledgements(self, acks: list[Acknowledgement]) -> None: ...


TEXT_TYPING_ID = 1001
META_TYPING_ID = 1002


class SetValues(QUndoCommand):
    """Set some cells at once (one keystroke-commit, a pasted block or an auto-sum). A cell a
    scan's reading marked loses its mark (the clerk has looked at it); undo puts it back."""

    def __init__(self, doc: Editable, changes: dict[str, Value], text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.new = dict(changes)
        self.old = {k: doc.report.value(k) for k in changes}
        self.marks = {k: doc.review[k] for k in changes if k in doc.review}

    def redo(self) -> None:
        self.doc.apply_values(self.new)

    def undo(self) -> None:
        self.doc.apply_values(self.old, self.marks)


class ConfirmReview(QUndoCommand):
    """与原件相符: the clerk compared cells read from a scan with it, and they stand; their
    marks go, the numbers stay. Undo brings the marks back (the snippets never went)."""

    def __init__(self, doc: Editable, keys: list[str]) -> None:
        self.doc = doc
        self.marks = {k: doc.review[k] for k in keys if k in doc.review}
        first = next(iter(self.marks), "")
        cells = (
            describe(doc.report.format, first) if len(self.marks) == 1 else f"{len(self.marks)}格"
        )
        super().__init__(f"与原件相符（{cells}）")

    def redo(self) -> None:
        self.doc.apply_review({}, frozenset(self.marks))

    def undo(self) -> None:
        self.doc.apply_review(self.marks)


class SetText(QUndoCommand):
    """A prose edit; consecutive typing in one section merges into one undo step."""

    def __init__(self, doc: Editable, section_id: str, text: str) -> None:
        super().__init__(f"编辑“{doc.report.format.section(section_id).title}”")
        self.doc = doc
        self.section_id = section_id
        self.old = doc.report.text(section_id)
        self.new = text

    def id(self) -> int:
        return TEXT_TYPING_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetText) or other.section_id != self.section_id:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc.apply_text(self.section_id, self.new)

    def undo(self) -> None:
        self.doc.apply_text(self.section_id, self.old)


class SetMeta(QUndoCommand):
    def __init__(self, doc: Editable, field: str, value: MetaValue) -> None:
        super().__init__(f"修改{META_LABELS[field]}")
        self.doc = doc
        self.field = field
        self.old = getattr(doc.report, field)
        self.new = value

    def id(self) -> int:
        # Typing the agency name letter by letter is one undo step.
        return META_TYPING_ID if self.field == "agency" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetMeta) or other.field != self.field:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc.apply_meta(self.field, self.new)

    def undo(self) -> None:
        self.doc.apply_meta(self.field, self.old)


class Acknowledge(QUndoCommand):
    """Accept a warning with a reason (saved with the report); undo takes it back."""

    def __init__(self, doc: Editable, finding: Finding, reason: str) -> None:
        super().__init__("确认提示")
        self.doc = doc
        self.finding = finding
        self.reason = reason
        self.old = copy.deepcopy(doc.report.acknowledgements)
        self.new: list[Acknowledgement] | None = None

    def redo(self) -> None:
        if self.new is None:
            acknowledge(self.doc.report, self.finding, self.reason)
            self.new = copy.deepcopy(self.doc.report.acknowledgements)
        self.doc.apply_acknowledgements(self.new)

    def undo(self) -> None:
        self.doc.apply_acknowledgements(self.old)
