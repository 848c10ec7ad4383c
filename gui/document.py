"""The open report, last year's report, its file and its undo history: what every view reads.

The Report is the model. Views keep nothing of their own: they read the Report and the findings
(recomputed after every change — the checker takes well under a millisecond) when told it
changed.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gui.checking import FindingIndex, run_check
from gui.commands import Acknowledge, ConfirmReview, MetaValue, SetMeta, SetText, SetValues
from rules.finding import Finding
from service.previous import belongs, own_previous
from workbook.model.layout import META_FIELDS
from workbook.model.report import Acknowledgement, Report, Value

# The metadata a user edits in the form (the format is chosen when the report is made).
EDITABLE_META = tuple(f.id for f in META_FIELDS if f.id != "format")


class Document(QObject):
    """One report being edited. Low-level `apply_*` methods are for undo commands only."""

    values_changed = Signal(object)  # frozenset of keys
    text_changed = Signal(str)  # section id
    meta_changed = Signal()
    findings_changed = Signal()
    report_replaced = Signal()  # a new report (open / new / recover): rebuild every view
    path_changed = Signal()
    previous_changed = Signal()  # another 上年 attached, or none

    def __init__(
        self, report: Report | None = None, parent: QObject | None = None, *, check: bool = True
    ) -> None:
        """`check=False`: no findings yet, for a window about to load the file it was started
        with (checking the blank report first would only delay it)."""
        super().__init__(parent)
        self.report = report or Report.blank()
        self.previous: Report | None = None
        self.previous_path: str | None = None
        self.previous_note = ""  # what the last load did with the 上年, for the status bar
        self.previous_folder: str | None = None  # where the clerk keeps last year's reports
        self.path: str | None = None
        self.undo_stack = QUndoStack(self)
        self.index = FindingIndex()
        self.review: dict[str, str] = {}  # cell key -> why the clerk should look (OCR)
        self.snippets: dict[str, bytes] = {}  # cell key -> the scan's row it was read from (PNG)
        if check:
            self.recheck()

    # ------------------------------------------------------------------ whole report
    def load(
        self,
        report: Report,
        path: str | None,
        *,
        needs_saving: bool = False,
        previous: tuple[Report, str | None] | None = None,
    ) -> None:
        """Replace the report (open, new, recover): history starts afresh, and the 上年 is
        `previous` or follows the report (the attached one is never another report's)."""
        self.report = report
        self.path = path
        self.review = {}
        self.snippets = {}
        self.undo_stack.clear()
        if needs_saving:
            self.undo_stack.resetClean()
        else:
            self.undo_stack.setClean()
        if previous is not None:
            self._attach(*previous)
        else:
            self._follow_previous()
        self.recheck(emit=False)
        self.report_replaced.emit()
        self.findings_changed.emit()
        self.path_changed.emit()
        self.previous_changed.emit()

    def _follow_previous(self) -> None:
        """Keep the 上年 if it is this report's; else that unit's own from the folder the clerk
        took a 上年 from (one folder of every unit's reports); else none."""
        old, old_path = self.previous, self.previous_path
        self.previous, self.previous_path, self.previous_note = None, None, ""
        if old is not None and belongs(self.report, old):
            self.previous, self.previous_path = old, old_path
            return
        found = None
        if self.previous_folder:
            found = own_previous(self.report, self.previous_folder, skip=(old_path, self.path))
        if found is not None:
            self.previous, self.previous_path = found
            self.previous_note = f"已载入本单位的上年报告：{Path(found[1]).name}"
        elif old is not None:
            self.previous_note = f"已取下上年报告{_named(old_path)}：它不是这份报告的上年报告"

    def set_review(self, review: dict[str, str], snippets: dict[str, bytes] | None = None) -> None:
        """Cells to look at before trusting them (shown in the table and the findings panel),
        with the scan's row for each (PNG); an edit or a confirmation clears the mark (an undo
        step: undoing it brings the mark back). The snippets live as long as this report is
        open: they are never saved with it."""
        self.review = dict(review)
        self.snippets = dict(snippets or {})
        self.values_changed.emit(frozenset(review))
        self.findings_changed.emit()

    def set_previous(self, report: Report | None, path: str | None = None) -> None:
        """Last year's report, for the cross-year checks and the hints beside cells."""
        self._attach(report, path)
        self.recheck()
        self.values_changed.emit(frozenset(self.report.values))
        self.previous_changed.emit()

    def _attach(self, report: Report | None, path: str | None) -> None:
        self.previous, self.previous_path, self.previous_note = report, path, ""
        if path:
            self.previous_folder = str(Path(path).parent)

    def mark_saved(self, path: str) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.path_changed.emit()

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def findings(self) -> list[Finding]:
        return self.index.findings

    def recheck(self, emit: bool = True) -> None:
        try:
            self.index = FindingIndex.build(run_check(self.report, self.previous))
        except Exception:  # a checker bug must not stop the clerk from typing or saving
            self.index = FindingIndex.failure()
        if emit:
            self.findings_changed.emit()

    # ------------------------------------------------------------------ edits (undoable)
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def set_values(self, changes: dict[str, Value], description: str) -> bool:
        """One undo step changing these cells; False when nothing would change."""
        real = {k: v for k, v in changes.items() if not _same(self.report.value(k), v)}
        if not real:
            return False
        self.push(SetValues(self, real, description))
        return True

    def set_text(self, section_id: str, text: str) -> None:
        self.push(SetText(self, section_id, text))

    def set_meta(self, field: str, value: MetaValue) -> None:
        if getattr(self.report, field) != value:
            self.push(SetMeta(self, field, value))

    def acknowledge(self, finding: Finding, reason: str) -> None:
        self.push(Acknowledge(self, finding, reason))

    def confirm_review(self, keys: list[str]) -> bool:
        """与原件相符: the clerk compared these cells with the scan and they stand, so their
        marks go (one undo step); False when none of them is marked."""
        if not any(k in self.review for k in keys):
            return False
        self.push(ConfirmReview(self, keys))
        return True

    # ------------------------------------------------------------------ for commands only
    def apply_values(self, changes: dict[str, Value], marks: dict[str, str] | None = None) -> None:
        """`marks`: the scan's marks these cells had before an edit that is being undone."""
        self.report.values.update(changes)
        for key in changes:  # the clerk has looked at it: no longer an unconfirmed reading
            self.review.pop(key, None)
        self.review.update(marks or {})
        self.recheck(emit=False)
        self.values_changed.emit(frozenset(changes))
        self.findings_changed.emit()

    def apply_review(self, marks: dict[str, str], gone: frozenset[str] = frozenset()) -> None:
        """Marks back on cells (`marks`), or off them (`gone`); the numbers stay as they are."""
        self.review.update(marks)
        for key in gone:
            self.review.pop(key, None)
        self.values_changed.emit(frozenset(marks) | gone)
        self.findings_changed.emit()

    def apply_text(self, section_id: str, text: str) -> None:
        self.report.set_text(section_id, text)
        self.recheck(emit=False)
        self.text_changed.emit(section_id)
        self.findings_changed.emit()

    def apply_meta(self, field: str, value: MetaValue) -> None:
        assert field in EDITABLE_META
        setattr(self.report, field, value)
        self.recheck(emit=False)
        self.meta_changed.emit()
        self.findings_changed.emit()

    def apply_acknowledgements(self, acks: list[Acknowledgement]) -> None:
        self.report.acknowledgements = copy.deepcopy(acks)
        self.recheck(emit=False)
        self.values_changed.emit(frozenset(self.report.values))
        self.findings_changed.emit()

    @property
    def title(self) -> str:
        """What the window title names: the file, or the agency for an unsaved report."""
        if self.path:
            return Path(self.path).name
        return self.report.agency or "未命名报告"


def _same(a: Value, b: Value) -> bool:
    """Blank and 0 differ; 1 and Decimal("1.0") are the same number but keep the stored type."""
    if a is None or b is None:
        return a is b
    return a == b and type(a) is type(b)


def _named(path: str | None) -> str:
    return f"“{Path(path).name}”" if path else ""
