"""批量检查: check every report in a folder without blocking the window; open one by double-click."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.workers import BatchChecker
from service.batch import FileResult, folder_files
from workbook.model import severity
from workbook.model.layout import META_LABELS

COLUMNS = ("文件", META_LABELS["agency"], "年度", *severity.LABELS.values(), "说明")


class BatchDialog(QDialog):
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量检查")
        self.resize(900, 480)
        self.worker: BatchChecker | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.folder_label = QLabel("请选择一个存放报告文件的文件夹。")
        top.addWidget(self.folder_label, 1)
        choose = QPushButton("选择文件夹…")
        choose.clicked.connect(self.choose_folder)
        top.addWidget(choose)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        layout.addWidget(self.progress)
        self.status = QLabel()
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._open_row)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("双击一行可打开该报告。"))
        bottom.addStretch(1)
        self.cancel_button = QPushButton("停止")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        bottom.addWidget(self.cancel_button)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout.addLayout(bottom)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放报告的文件夹")
        if folder:
            self.start(folder)

    def start(self, folder: str) -> None:
        if self.worker is not None:
            return
        paths = folder_files(folder)
        self.folder_label.setText(f"文件夹：{folder}（{len(paths)}个报告文件）")
        self.table.setRowCount(0)
        self.progress.setRange(0, max(len(paths), 1))
        self.progress.setValue(0)
        if not paths:
            self.status.setText("这个文件夹里没有可以检查的报告文件。")
            return
        self.worker = BatchChecker(paths)
        self.worker.progress.connect(self._on_progress)
        self.worker.result.connect(self._on_result)
        self.worker.finished.connect(self._on_finished)
        self.cancel_button.setEnabled(True)
        self.worker.start()

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("正在停止……")

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setValue(done)
        self.status.setText(f"正在检查：{name}" if name else "检查完毕。")

    def _on_result(self, r: FileResult) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = [Path(r.file).name, r.agency, str(r.year or "")]
        if r.error:
            cells += [""] * len(severity.ORDER) + [r.error]
        else:
            counts = r.counts()
            cells += [str(counts[s]) for s in severity.ORDER]
            cells.append("未发现问题" if not any(counts.values()) else "")
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.file)
            if r.error or (col == 3 and r.errors):
                item.setForeground(QBrush(QColor(severity.severity("error").ink)))
            self.table.setItem(row, col, item)

    def _on_finished(self, cancelled: bool) -> None:
        worker = self.worker
        self.worker = None
        self.cancel_button.setEnabled(False)
        if worker is not None:
            worker.wait()
        rows = self.table.rowCount()
        self.status.setText(
            f"已停止，检查了{rows}个文件。" if cancelled else f"检查完毕，共{rows}个文件。"
        )

    def _open_row(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def closeEvent(self, event) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()
        super().closeEvent(event)
