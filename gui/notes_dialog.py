"""导入说明: every note of the last import in one window that stays open beside the report.

Non-modal on purpose: a clerk reads "三、一行数字没有行标签……请核对" and checks that cell
while the list is still on screen. Every note is shown — none is cut off — and can be copied.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbook.model.imported import Imported
from workbook.model.notes import note_lines


class ImportNotesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入说明")
        self.setModal(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("复制全部")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(680, 440)

    def show_notes(self, path: str, imported: Imported) -> None:
        kind = f"（{imported.source_kind}）" if imported.source_kind else ""
        notes = note_lines(imported.report.format, imported.notes)  # as the commands list them
        count = len(notes)
        self.summary.setText(
            f"已从“{Path(path).name}”{kind}读取报告。以下 {count} 处经过换算或未能读取，"
            "请对照原文逐条核对（本窗口可以一直开着）："
        )
        lines = (f"{i}. {line}" for i, line in enumerate(notes, start=1))
        self.text.setPlainText("\n".join(lines))
        self.show()
        self.raise_()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.summary.text()}\n{self.text.toPlainText()}")
