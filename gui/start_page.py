"""The first screen: how to start, instead of a blank report already listing errors.

新建报告 (year and unit kind asked here, so the right format and rules apply from the first
keystroke), 打开文件, 从已发布的报告导入, 以上年报告新建, 导出空白模板, and the recent files.
Every button is a few lines over FileActions, the same functions as the File menu.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.file_actions import default_year
from workbook.model.format import format_for_year
from workbook.model.report import agency_kinds

if TYPE_CHECKING:
    from gui.file_actions import FileActions

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
FIRST_YEAR = 2019  # the 2019 trial format is the oldest the app knows


class StartPage(QScrollArea):
    """Scrolls as a whole on a small screen, so no button is ever out of reach."""

    started = Signal()  # a report was created or opened: show it

    def __init__(self, files: FileActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.files = files
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 16, 24, 16)
        title = QLabel("年报工作台")
        font = title.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        intro = QLabel(
            "填报、核对、打印《政府信息公开工作年度报告》。选择怎样开始："
            "新建一份空白报告，打开已有的文件，或者把已经发布的报告（PDF、网页、文本）导入后修改。"
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        left.addWidget(self._new_box())
        left.addWidget(self._other_box())
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addWidget(self._recent_box(), 1)
        outer.addLayout(columns, 1)
        self.setWidget(body)
        self.refresh()

    # ------------------------------------------------------------------ parts
    def _new_box(self) -> QGroupBox:
        box = QGroupBox("新建报告")
        form = QFormLayout(box)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText("例如：某某镇人民政府（可以以后再填）")
        self.kind = QComboBox()
        self.kind.addItem("（请选择）", None)
        for k in agency_kinds():
            self.kind.addItem(k.label, k.id)
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, default_year() + 1)
        self.year.setValue(default_year())
        self.year.setSuffix(" 年度")
        self.year.valueChanged.connect(self._show_format)
        self.format_note = QLabel()
        self.format_note.setStyleSheet("color: #555;")
        self.format_note.setWordWrap(True)
        form.addRow("报告年度(&Y)：", self.year)
        form.addRow("", self.format_note)
        form.addRow("单位类型(&K)：", self.kind)
        form.addRow("填报单位(&A)：", self.agency)
        self.new_button = QPushButton("新建报告(&N)")
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.create_report)
        form.addRow("", self.new_button)
        # Tab as the form reads (year, kind, agency), not in the order the fields were made.
        for before, after in pairwise((self.year, self.kind, self.agency, self.new_button)):
            QWidget.setTabOrder(before, after)
        self._show_format()
        return box

    def _other_box(self) -> QGroupBox:
        box = QGroupBox("其他开始方式")
        layout = QVBoxLayout(box)
        for text, tip, slot in (
            ("打开文件(&O)…", "本软件保存的工作簿、自己的 Excel 表格或旧的 .xls", self._open),
            (
                "从已发布的报告导入(&I)…",
                "政府网站上发布的报告（PDF、网页、文本）：读出数字和正文，需要核对的地方逐条列出",
                self._import,
            ),
            (
                "以上年报告新建(&L)…",
                "单位信息沿用上年，上年数据用于核对结转等",
                self._from_previous,
            ),
            ("导出空白模板(&T)…", "给不用本软件的同事：Excel 模板，合计为公式", self._template),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            layout.addWidget(button)
            hint = QLabel(tip)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555; margin-bottom: 6px;")
            layout.addWidget(hint)
        return box

    def _recent_box(self) -> QGroupBox:
        box = QGroupBox("最近打开的文件")
        layout = QVBoxLayout(box)
        self.recent = QListWidget()
        self.recent.setWordWrap(True)
        self.recent.setSpacing(3)
        self.recent.itemActivated.connect(self._open_recent)
        layout.addWidget(self.recent, 1)
        self.recent_hint = QLabel("双击打开。")
        self.recent_hint.setStyleSheet("color: #555;")
        layout.addWidget(self.recent_hint)
        return box

    # ------------------------------------------------------------------ content
    def refresh(self) -> None:
        """The recent files (a missing one is shown greyed, with why)."""
        self.recent.clear()
        files = self.files.recent_files()
        for path in files:
            p = Path(path)
            exists = p.is_file()
            item = QListWidgetItem(f"{p.name}\n{p.parent}" + ("" if exists else "（文件已不在）"))
            item.setData(PATH_ROLE, path)
            item.setToolTip(path)
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.recent_hint.setText("双击打开。" if files else "还没有打开过文件。")

    def _show_format(self) -> None:
        fmt = format_for_year(self.year.value())
        self.format_note.setText(f"格式：{fmt.name}")

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter creates the report (新建报告 is the default button), as in a dialog; on
        another button Enter presses that button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = QApplication.focusWidget()
            if isinstance(focus, QPushButton):
                focus.click()
            elif focus is not self.recent:  # there Enter opens the chosen file
                self.new_button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ actions
    def create_report(self) -> None:
        """新建报告 (not `create`: that name is QWidget.create, which makes the native window)."""
        if self.files.new_report(
            self.year.value(),
            agency=self.agency.text().strip(),
            agency_kind=self.kind.currentData(),
        ):
            self.started.emit()

    def _open(self) -> None:
        if self.files.open():
            self.started.emit()

    def _import(self) -> None:
        if self.files.import_published():
            self.started.emit()

    def _from_previous(self) -> None:
        if self.files.new_from_previous():
            self.started.emit()

    def _template(self) -> None:
        self.files.export_template(year=self.year.value(), agency=self.agency.text().strip())

    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path and self.files.open_recent(path):
            self.started.emit()
