"""Windows of charts: the 汇总's charts (from the batch window) and a unit's 历年趋势.

Both only show what service/ computed (service.office, service.history); a click on a unit's bar
opens its report, a click on a year's point in 历年趋势 opens that year's report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.charts import ChartWidget
from gui.dialogs import settle
from service.history import History, YearLine, items, unit_history
from service.history_book import history_charts
from workbook.model.charts import ChartSpec
from workbook.model.indicators import percent, words
from workbook.model.report import Report

if TYPE_CHECKING:
    from gui.main_window import MainWindow

SEARCH_SECONDS = 5  # reading the folder for earlier years, at most, before the window opens
MARKED = "#FFF2CC"  # a cell whose wording differs in that year's format (as in 历年.xlsx)
BLANK = "#EDEDED"  # blank, with the reason in the tooltip


def _chart_grid(
    specs: Sequence[ChartSpec], on_click: Callable[[ChartSpec, int], None], columns: int = 2
) -> QScrollArea:
    """The charts two by two in a scroll area; `on_click(spec, index)` on a click."""
    inner = QWidget()
    grid = QGridLayout(inner)
    for n, spec in enumerate(specs):
        chart = ChartWidget(spec)
        chart.clicked.connect(lambda index, s=spec: on_click(s, index))
        grid.addWidget(chart, n // columns, n % columns)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(inner)
    return area


class ChartsDialog(QDialog):
    """The 汇总's charts; a unit's bar opens that unit's report."""

    open_requested = Signal(str)

    def __init__(self, specs: Sequence[ChartSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        w = words()
        self.setWindowTitle(w["charts_window"])
        self.resize(1100, 680)
        self.specs = list(specs)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(w["charts_hint"]))
        self.area = _chart_grid(self.specs, self._clicked)
        layout.addWidget(self.area, 1)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def charts(self) -> list[ChartWidget]:
        return self.findChildren(ChartWidget)

    def _clicked(self, spec: ChartSpec, index: int) -> None:
        if index < len(spec.links) and spec.links[index]:
            self.open_requested.emit(spec.links[index])


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class HistoryDialog(QDialog):
    """历年趋势 of the open report's unit: a line per year, the figures' line charts."""

    open_requested = Signal(str)

    def __init__(self, path: str, report: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.report = path, report
        self.resize(1100, 720)
        self.extra: list[str] = [str(Path(path).parent)] if path else []
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.cellDoubleClicked.connect(self._open_year)
        layout.addWidget(self.table, 2)
        self.charts_holder = QVBoxLayout()
        layout.addLayout(self.charts_holder, 3)
        row = QHBoxLayout()
        more = QPushButton(words()["history_choose"])
        more.clicked.connect(self.choose_files)
        row.addWidget(more)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout.addLayout(row)
        self.lines: list[YearLine] = []
        self.refresh()

    def refresh(self) -> None:
        w = words()
        self.lines, unread = unit_history(
            self.path, self.report, self.extra, seconds=SEARCH_SECONDS
        )
        unit = self.report.agency or "（未填单位）"
        self.setWindowTitle(w["history_window"].format(unit=unit))
        years = "、".join(str(line.year or "未填") for line in self.lines)
        few = w["history_few"].format(unit=unit) if len(self.lines) < 2 else ""
        slow = w["history_unread"].format(count=unread, seconds=SEARCH_SECONDS) if unread else ""
        self.heading.setText(f"{unit}：{years}年度。{few}{slow}")
        columns = items()
        self.table.clear()
        self.table.setColumnCount(len(self.lines))
        self.table.setRowCount(len(columns) + 1)
        self.table.setHorizontalHeaderLabels([f"{line.year or '未填'}" for line in self.lines])
        self.table.setVerticalHeaderLabels([w["format"], *(i.name for i in columns)])
        for c, line in enumerate(self.lines):
            self.table.setItem(0, c, _cell(line.format_id))
            for r, item in enumerate(columns, start=1):
                v = line.values.get(item.id)
                text = "" if v is None else (percent(v) if item.rate else str(v))
                cell = _cell(text)
                if item.id in line.marks:
                    cell.setToolTip(line.marks[item.id])
                    cell.setBackground(QColor(MARKED if v is not None else BLANK))
                self.table.setItem(r, c, cell)
        while self.charts_holder.count():
            old = self.charts_holder.takeAt(0)
            gone = old.widget() if old is not None else None
            if gone is not None:
                gone.deleteLater()
        specs = history_charts(History(units={unit: self.lines})) if self.lines else []
        self.charts_holder.addWidget(_chart_grid(specs, self._clicked, columns=3))

    def charts(self) -> list[ChartWidget]:
        return self.findChildren(ChartWidget)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, words()["history_choose"])
        if files:
            self.extra += files
            self.refresh()

    def _clicked(self, _spec: ChartSpec, index: int) -> None:
        if 0 <= index < len(self.lines):
            self.open_requested.emit(self.lines[index].file)

    def _open_year(self, _row: int, column: int) -> None:
        self._clicked(ChartSpec("", "line", "", [], []), column)


def show_history(window: MainWindow) -> HistoryDialog:
    """历年趋势 for the open report's unit (its folder searched; more files can be chosen)."""
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # reading the folder takes a moment
    try:
        dialog = HistoryDialog(window.doc.path or "", window.doc.report, window)
    finally:
        QApplication.restoreOverrideCursor()
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open_requested.connect(window.files.open_recent)
    settle(dialog, "history")  # fits the screen, remembers its size, Alt letters on buttons
    dialog.show()
    return dialog


class ComparisonCharts(QWidget):
    """与上年比较's two charts side by side; a click on a figure shows its first cell."""

    def __init__(self, show_cell: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_cell = show_cell
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.widgets = [ChartWidget(), ChartWidget()]
        for chart in self.widgets:
            chart.setMinimumHeight(140)
            chart.clicked.connect(lambda index, c=chart: self._clicked(c, index))
            row.addWidget(chart)

    def show_reports(self, this: Report, previous: Report) -> None:
        from service.office import comparison_charts

        for chart, spec in zip(self.widgets, comparison_charts(this, previous), strict=True):
            chart.set_spec(spec)

    def _clicked(self, chart: ChartWidget, index: int) -> None:
        links = chart.spec.links
        if index < len(links) and links[index]:
            self.show_cell(links[index])
