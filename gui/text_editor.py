"""A prose section (一、五、六) as a comfortable editor; the text lives in the Report.

Typing is recorded as merged undo steps on the window's undo stack (the editor's own undo is off,
so Ctrl+Z means the same thing everywhere). A QPlainTextEdit still claims Ctrl+Z/Ctrl+Y for
itself even with its undo off, and then does nothing: UndoRoutingEdit hands those keys to the
document's undo stack. Findings about this section are listed under it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QTextCursor, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from gui.document import Document
from gui.drafting import draft_button, insert_draft
from gui.progress import PROGRESS_COLOUR, PROGRESS_LABEL, is_progress
from workbook.drafting import paragraphs
from workbook.model import severity as severities
from workbook.model.report import split_paragraphs

EDITOR_POINT_SIZE = 13


def is_redo(event: QKeyEvent) -> bool:
    """Ctrl+Y (Excel/WPS) or the platform's redo key."""
    if event.matches(QKeySequence.StandardKey.Redo):
        return True
    combo = event.keyCombination()
    return QKeySequence(combo) == QKeySequence("Ctrl+Y")


class UndoRoutingEdit(QPlainTextEdit):
    """A plain-text editor whose Ctrl+Z / Ctrl+Y undo and redo the document, not nothing."""

    def __init__(self, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.undo_stack = undo_stack
        self.setUndoRedoEnabled(False)
        # Tab moves on to the next field, as in a form (a tab character has no place here).
        self.setTabChangesFocus(True)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or is_redo(event))
        ):
            event.accept()  # ours, not the window's action: handled in keyPressEvent
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_stack.undo()
        elif is_redo(event):
            self.undo_stack.redo()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class ProseEditor(QWidget):
    status_message = Signal(str)

    def __init__(self, doc: Document, section_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.section_id = section_id
        section = doc.report.format.section(section_id)
        layout = QVBoxLayout(self)
        title = QLabel(section.title)
        font = title.font()
        font.setPointSize(EDITOR_POINT_SIZE + 1)
        font.setBold(True)
        title.setFont(font)
        heading = QHBoxLayout()
        heading.addWidget(title, 1)
        layout.addLayout(heading)
        if section.themes:
            hint = QLabel("应写到：" + "、".join(section.themes) + "。每段一行，按回车分段。")
            hint.setStyleSheet("color: #555;")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.editor = UndoRoutingEdit(doc.undo_stack)
        editor_font = QFont(self.editor.font())
        editor_font.setPointSize(EDITOR_POINT_SIZE)
        self.editor.setFont(editor_font)
        self.editor.setPlaceholderText("在这里填写正文。")
        layout.addWidget(self.editor, 1)
        self.draft_button = draft_button(self, paragraphs(doc.report.format), self.insert_draft)
        heading.addWidget(self.draft_button)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.load_from_report()
        self.editor.textChanged.connect(self._on_typed)
        doc.text_changed.connect(self._on_doc_text)
        doc.report_replaced.connect(self.load_from_report)
        doc.findings_changed.connect(self.show_findings)
        self.show_findings()

    def insert_draft(self, which: list[str] | None = None) -> None:
        """据表生成: the tables' figures as sentences, at the cursor (one undo step)."""
        self.status_message.emit(insert_draft(self.doc, self.section_id, self.editor, which))
        self.editor.setFocus()

    def _on_typed(self) -> None:
        self.doc.set_text(self.section_id, self.editor.toPlainText())

    def _on_doc_text(self, section_id: str) -> None:
        if section_id == self.section_id:
            self.load_from_report()

    def load_from_report(self) -> None:
        """Show the Report's text unless the editor already says the same (keeps the cursor)."""
        paragraphs = self.doc.report.texts.get(self.section_id, [])
        if split_paragraphs(self.editor.toPlainText()) == paragraphs:
            return
        position = self.editor.textCursor().position()
        with QSignalBlocker(self.editor):
            self.editor.setPlainText("\n".join(paragraphs))
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(self.editor.toPlainText())))
        self.editor.setTextCursor(cursor)
        self.editor.moveCursor(QTextCursor.MoveOperation.NoMove)

    def show_findings(self) -> None:
        found = self.doc.index.by_text.get(self.section_id, [])
        if not found:
            self.problems.setText("")
            self.problems.hide()
            return
        lines = []
        for f in found:
            colour = "#777777" if f.acknowledged else severities.severity(f.severity).ink
            label = f.severity_label
            if is_progress(f):  # not written yet: the panel's 尚未填写, not a red 错误
                colour, label = PROGRESS_COLOUR, PROGRESS_LABEL
            done = "〔已确认〕" if f.acknowledged else ""
            lines.append(f'<span style="color:{colour}">【{label}】{done}{f.message}</span>')
        self.problems.setText("<br>".join(lines))
        self.problems.show()
