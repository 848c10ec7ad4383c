"""The status bar: what just happened, how far the report is filled in, and what is open.

A message stays only while it is true: undoing the edit it was about replaces it
(已粘贴9格 → 已撤销：粘贴), and a finding shown there goes once it is fixed. Labels use the
severities of workbook.model.severity; blanks (rule A6) are counted as progress, not as 错误.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar

from gui.document import Document
from gui.progress import PROGRESS_COLOUR, open_counts, progress
from rules.finding import Finding
from service.previous import previous_warnings
from workbook.model import severity as severities

STATUS_TIMEOUT_MS = 8000
OK_COLOUR = "#1e7b34"


class StatusMessages(QObject):
    def __init__(self, bar: QStatusBar, doc: Document) -> None:
        super().__init__(bar)
        self.bar = bar
        self.doc = doc
        self.progress = QLabel()
        self.progress.setStyleSheet(f"color: {PROGRESS_COLOUR}; padding: 0 8px;")
        bar.addPermanentWidget(self.progress)
        self.counts = QLabel()
        bar.addPermanentWidget(self.counts)
        self.previous = QLabel()  # which 上年 the cross-year checks use: never a silent one
        bar.addPermanentWidget(self.previous)
        self.report_shown = True  # False on the start page: no counts of a report not on screen
        self._finding: Finding | None = None
        self._step: int | None = None  # undo index when an edit's message was shown
        self._redo_next: object = None  # the command Ctrl+Y would redo (tells redo from a new edit)
        doc.findings_changed.connect(self.update_counts)
        doc.findings_changed.connect(self._expire_finding)
        doc.undo_stack.indexChanged.connect(self._on_undo_index)
        doc.previous_changed.connect(self.update_previous)
        doc.meta_changed.connect(self.update_previous)
        # The stack announces its last index while the closing window deletes it: stop listening
        # when the document goes (its destroyed() comes before its children are deleted). A slot
        # of this object, so it goes with it if the bar is deleted first (a bar made before the
        # Document: the window started with a file).
        doc.destroyed.connect(self._stop_listening)
        self.update_counts()
        self.update_previous()

    def _stop_listening(self) -> None:
        self.doc.undo_stack.indexChanged.disconnect(self._on_undo_index)

    def update_previous(self) -> None:
        """上年：<unit> <year>年度, with the file in the tooltip; red while it does not fit the
        report (attached anyway, or the unit or year edited since); hidden without one."""
        prev = self.doc.previous
        if prev is None:
            self.previous.clear()
        else:
            year = f" {prev.year}年度" if prev.year else ""
            self.previous.setText(f"上年：{prev.agency or '（未填单位）'}{year}")
            warnings = previous_warnings(self.doc.report, prev)
            self.previous.setToolTip("\n".join([self.doc.previous_path or "", *warnings]).strip())
            colour = f"color: {severities.severity('error').ink};" if warnings else ""
            self.previous.setStyleSheet(f"padding: 0 8px; {colour}")
        self.previous.setVisible(prev is not None and self.report_shown)

    def show(self, message: str) -> None:
        """A message about what just happened."""
        self.bar.showMessage(message, STATUS_TIMEOUT_MS)
        self._finding = None
        self._step = self.doc.undo_stack.index()

    def show_finding(self, text: str, finding: Finding) -> None:
        self.show(text)
        self._finding = finding

    def _on_undo_index(self, index: int) -> None:
        """Undoing the edit a message was about replaces the message; redoing says so too
        (not the stale 已撤销…)."""
        stack = self.doc.undo_stack
        redone = index > 0 and stack.command(index - 1) is self._redo_next
        self._redo_next = stack.command(index) if index < stack.count() else None
        if self._step is None or index == self._step:
            return
        if index < self._step:
            undone = stack.text(index)
            self.bar.showMessage(f"已撤销：{undone}" if undone else "", STATUS_TIMEOUT_MS)
        elif redone:
            text = stack.text(index - 1)
            self.bar.showMessage(f"已重做：{text}" if text else "", STATUS_TIMEOUT_MS)
        else:
            return  # a new edit: the message it was about stays until it stops being true
        self._step = index
        self._finding = None

    def _expire_finding(self) -> None:
        """A finding shown in the status bar disappears from it once it is fixed."""
        f = self._finding
        if f is None:
            return
        if not any(g.code == f.code and g.keys == f.keys for g in self.doc.findings):
            self.bar.clearMessage()
            self._finding = None

    def update_counts(self) -> None:
        """已填 N/200 格 and the open findings by severity (blanks are progress, not 错误)."""
        p = progress(self.doc.report)
        self.progress.setText("" if p.complete else p.short())
        self.progress.setVisible(not p.complete and self.report_shown)
        self.progress.setToolTip(p.details())
        self.counts.setVisible(self.report_shown)
        counts = open_counts(self.doc.findings)
        if self.doc.index.failed:
            self._counts("校验程序出错", severities.severity("error").ink)
        elif not any(counts.values()):
            self._counts("未发现问题" if p.complete else "", OK_COLOUR)
        else:
            text = "　".join(f"{severities.label(k)} {n}" for k, n in counts.items() if n)
            worst = "error" if counts["error"] else "warning"
            self._counts(text, severities.severity(worst).ink)

    def _counts(self, text: str, colour: str) -> None:
        self.counts.setText(text)
        self.counts.setStyleSheet(f"color: {colour}; font-weight: bold; padding: 0 8px;")
