"""批量检查: check a folder of reports off the GUI thread, filter the list, and make the 汇总.

Search by unit or file name, filter by severity and by the table a problem is in; files that
could not be read are listed apart with their reason. 汇总… runs service.summarize (the same as
`nianbao summarize`) on the listed files in a worker thread. Double-click opens a report.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.summary_worker import SummaryWorker
from gui.workers import BatchChecker
from service.batch import FileResult, duplicate_note
from service.identity import Arrivals, UnitNames
from service.scan import scan_folder
from service.summarize import finding_tables
from service.summary_book import read_units
from workbook.model import severity
from workbook.model.errors import ReportError
from workbook.model.format import CURRENT_FORMAT, load_format
from workbook.model.layout import META_LABELS

if TYPE_CHECKING:
    from gui.chart_window import ChartsDialog

COLUMNS = ("文件", META_LABELS["agency"], "年度", *severity.LABELS.values(), "第一个问题", "说明")
NOTE_COLUMN = len(COLUMNS) - 1
BAD_COLUMNS = ("文件", "无法读取或跳过的原因")
RED = QColor(severity.severity("error").ink)
NO_PROBLEM = "none"


def table_choices() -> list[tuple[str, str | None]]:
    """(label, table id) for the table filter, from the format: 二、三、四 and the prose."""
    fmt = load_format(CURRENT_FORMAT)
    prose = "、".join(s.number for s in fmt.text_sections)
    return [
        ("全部表格和正文", None),
        *((s.title, s.id) for s in fmt.table_sections),
        (f"正文（{prose}）", "text"),
    ]


def severity_choices() -> list[tuple[str, str | None]]:
    return [
        ("全部", None),
        *((f"有{label}", sev) for sev, label in severity.LABELS.items()),
        ("未发现问题", NO_PROBLEM),
    ]


def matches(r: FileResult, needle: str, wanted: str | None, table: str | None) -> bool:
    """Whether a checked file passes the search and the filters (acknowledged findings count not)."""
    if needle and needle not in r.agency and needle not in Path(r.file).name:
        return False
    open_ = [f for f in r.findings if f.acknowledged is None]
    if wanted == NO_PROBLEM:
        return not open_
    fmt = load_format(r.format_id or CURRENT_FORMAT)
    for f in open_:
        if wanted is not None and f.severity != wanted:
            continue
        if table is not None and table not in finding_tables(fmt, f):
            continue
        return True
    return wanted is None and table is None


def summary_start(folder: str) -> str:
    """Where the 汇总 save dialog starts: the folder above the reports, so the 汇总 does not
    land among them (it would be skipped there, but a clerk copying the folder copies it too)."""
    if not folder:
        return "汇总.xlsx"
    above = Path(folder).parent
    return str(above / f"{Path(folder).name}-汇总.xlsx")


def cell_text(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    assert item is not None, "_add_row fills every cell of both tables"
    return item.text()


class BatchDialog(QDialog):
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("批量检查")
        self.resize(1000, 620)
        self.worker: BatchChecker | None = None
        self.summary_worker: SummaryWorker | None = None
        self.results: list[FileResult] = []
        self.readable: list[FileResult] = []  # rows of the table, in order
        self.skipped: list[tuple[str, str]] = []  # our own workbooks in the folder, with why
        self.names = UnitNames()  # the 单位名单's aliases: which names are one unit
        self.arrivals: Arrivals[FileResult] = Arrivals()  # the rows by unit and year (重复报送)
        self.previous_dir = ""
        self.units_path = ""
        self.summary_path = ""
        self.chart_specs: list = []
        self.folder = ""
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.folder_label = QLabel("请选择一个存放报告文件的文件夹。")
        top.addWidget(self.folder_label, 1)
        choose = QPushButton("选择文件夹…")
        choose.clicked.connect(self.choose_folder)
        top.addWidget(choose)
        layout.addLayout(top)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("按单位名称或文件名搜索")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filters)
        filters.addWidget(self.search, 1)
        self.severity = self._combo("问题：", severity_choices(), filters)
        self.table_filter = self._combo("所在表格：", table_choices(), filters)
        layout.addLayout(filters)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = self._list(COLUMNS, (220, 200, 60, 56, 56, 56, 300))
        self.table.cellDoubleClicked.connect(self._open_row)
        layout.addWidget(self.table, 3)
        self.bad_label = QLabel("无法读取的文件：无")
        self.bad_label.setWordWrap(True)
        layout.addWidget(self.bad_label)
        self.bad_table = self._list(BAD_COLUMNS, (320,))
        layout.addWidget(self.bad_table, 1)
        layout.addLayout(self._summary_bar())
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

    # ------------------------------------------------------------------ building
    def _combo(self, label: str, choices: list, bar: QHBoxLayout) -> QComboBox:
        combo = QComboBox()
        for text, data in choices:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.apply_filters)
        bar.addWidget(QLabel(label))
        bar.addWidget(combo)
        return combo

    def _list(self, columns: tuple[str, ...], widths: tuple[int, ...]) -> QTableWidget:
        """Fixed starting widths, the last column stretched (measuring thousands of rows is slow)."""
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(columns)
        header = table.horizontalHeader()
        for col, width in enumerate(widths):
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        return table

    def _summary_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.previous_button = QPushButton("上年报告文件夹…")
        self.previous_button.clicked.connect(self.choose_previous)
        bar.addWidget(self.previous_button)
        self.units_button = QPushButton("单位名单…")
        self.units_button.clicked.connect(self.choose_units)
        bar.addWidget(self.units_button)
        self.summary_options = QLabel("")
        bar.addWidget(self.summary_options, 1)
        self.summary_button = QPushButton("汇总…")
        self.summary_button.setToolTip("把列出的报告逐格相加，写出汇总工作簿（含各单位一览）")
        self.summary_button.setEnabled(False)
        self.summary_button.clicked.connect(self.summarize)
        bar.addWidget(self.summary_button)
        self.open_summary_button = QPushButton("打开汇总表")
        self.open_summary_button.setEnabled(False)
        self.open_summary_button.clicked.connect(
            lambda: self.open_requested.emit(self.summary_path)
        )
        bar.addWidget(self.open_summary_button)
        self.charts_button = QPushButton("图表…")
        self.charts_button.setToolTip("汇总的图表：新收、办理结果、复议诉讼（点击单位打开其报告）")
        self.charts_button.setEnabled(False)
        self.charts_button.clicked.connect(self.show_charts)
        bar.addWidget(self.charts_button)
        return bar

    # ------------------------------------------------------------------ checking
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择存放报告的文件夹")
        if folder:
            self.start(folder)

    def start(self, folder: str) -> None:
        """Check the folder's reports (again: after a 上年报告文件夹 is chosen, with it)."""
        if self.worker is not None or self.summary_worker is not None:
            return
        scan = scan_folder(folder)
        paths = scan.files
        self.folder = folder
        skipped = f"，跳过{len(scan.skipped)}个本程序写出的工作簿" if scan.skipped else ""
        self.folder_label.setText(f"文件夹：{folder}（{len(paths)}个报告文件{skipped}）")
        self.results, self.readable = [], []
        self.arrivals = Arrivals(self.names.key)
        self.skipped = scan.skipped
        self.table.setRowCount(0)
        self.bad_table.setRowCount(0)
        for path, reason in scan.skipped:
            self._add_row(self.bad_table, [path, reason], path, red_columns=())
        self._show_bad()
        self.summary_button.setEnabled(False)
        self.progress.setRange(0, max(len(paths), 1))
        self.progress.setValue(0)
        if not paths:
            self.status.setText("这个文件夹里没有可以检查的报告文件。")
            return
        self.worker = BatchChecker(paths, self.previous_dir, self.names)
        self.worker.progress.connect(self._on_progress)
        self.worker.result.connect(self._on_result)
        self.worker.finished.connect(self._on_finished)
        self.cancel_button.setEnabled(True)
        self.worker.start()

    def _show_bad(self) -> None:
        bad = sum(1 for r in self.results if r.error)
        text = f"无法读取的文件：{bad}个（未计入汇总）" if bad else "无法读取的文件：无"
        if self.skipped:
            text += f"；跳过{len(self.skipped)}个本程序写出的工作簿（汇总、校验结果或比较结果）"
        self.bad_label.setText(text)

    def cancel(self) -> None:
        for worker in (self.worker, self.summary_worker):
            if worker is not None:
                worker.cancel()
                self.status.setText("正在停止……")

    def _on_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setValue(done)
        self.status.setText(f"正在检查：{name}" if name else "检查完毕。")

    def _on_result(self, r: FileResult) -> None:
        self.results.append(r)
        if r.error:
            self._add_row(
                self.bad_table, [r.file, r.error], r.file, red_columns=range(len(BAD_COLUMNS))
            )
            self._show_bad()
            return
        first = next((f for f in r.findings if f.acknowledged is None), None)
        counts = r.counts()
        cells = [Path(r.file).name, r.agency, str(r.year or "")]
        cells += [str(counts[s]) for s in severity.ORDER]
        cells.append(f"{first.severity_label}：{first.message}" if first else "未发现问题")
        cells.append("")
        row = self._add_row(self.table, cells, r.file, red_columns=(3, 6) if r.errors else ())
        self.readable.append(r)
        self._group(row)
        self.table.setRowHidden(row, not self._passes(r))

    # ------------------------------------------------------------------ 重复报送
    def _group(self, row: int) -> None:
        """File a checked report under its unit and year; a second one makes the older 重复报送."""
        for i, kept in self.arrivals.add(self.readable[row]):
            r = self.readable[i]
            r.duplicate_of = None if kept is None else kept.file
            self._note(i, "" if kept is None else duplicate_note(r.file, kept.file))

    def _note(self, row: int, text: str) -> None:
        item = self.table.item(row, NOTE_COLUMN)
        if item is not None:
            item.setText(text)
            item.setToolTip(text)
            item.setForeground(QBrush(RED))

    def _regroup(self) -> None:
        """The 单位名单 changed which names are one unit: file every row again."""
        self.arrivals = Arrivals(self.names.key)
        for row, r in enumerate(self.readable):
            r.duplicate_of = None
            self._note(row, "")
            self._group(row)

    def duplicates(self) -> list[tuple[str, str]]:
        """(file, note) of each row marked 重复报送 (for tests and the status line)."""
        return [
            (Path(r.file).name, cell_text(self.table, row, NOTE_COLUMN))
            for row, r in enumerate(self.readable)
            if r.duplicate_of
        ]

    def _add_row(
        self, table: QTableWidget, cells: list[str], path: str, *, red_columns: Collection[int]
    ) -> int:
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(text if col else path)
            if col in red_columns:
                item.setForeground(QBrush(RED))
            table.setItem(row, col, item)
        return row

    def _on_finished(self, cancelled: bool) -> None:
        worker = self.worker
        self.worker = None
        self.cancel_button.setEnabled(False)
        if worker is not None:
            worker.wait()
        n = len(self.results)
        text = f"已停止，检查了{n}个文件" if cancelled else f"检查完毕，共{n}个文件"
        twice = len(self.duplicates())
        if twice:
            text += f"，其中{twice}个重复报送（同一单位同一年度，只计较新的一份）"
        if worker is not None and worker.previous_dir:
            found = sum(1 for r in self.readable if r.previous_file)
            text += f"；已与上年报告核对：{found}份找到了本单位上一年度的报告"
            if worker.previous_unreadable:
                text += f"，上年文件夹中{worker.previous_unreadable}个文件无法读取"
        self.status.setText(text + "。")
        self.summary_button.setEnabled(any(r.error is None for r in self.results))
        self.apply_filters()

    # ------------------------------------------------------------------ filters
    def _passes(self, r: FileResult) -> bool:
        return matches(
            r,
            self.search.text().strip(),
            self.severity.currentData(),
            self.table_filter.currentData(),
        )

    def apply_filters(self) -> None:
        needle = self.search.text().strip()
        readable = self.readable
        shown = 0
        for row, r in enumerate(readable):
            hide = not self._passes(r)
            self.table.setRowHidden(row, hide)
            shown += not hide
        for row in range(self.bad_table.rowCount()):
            name = Path(cell_text(self.bad_table, row, 0)).name
            self.bad_table.setRowHidden(row, bool(needle) and needle not in name)
        filtering = needle or self.severity.currentIndex() or self.table_filter.currentIndex()
        if self.worker is None and self.results and filtering:
            self.status.setText(f"共{len(readable)}份报告，显示{shown}份。")

    def visible_files(self) -> list[str]:
        """Names of the checked files now shown (for tests)."""
        return [
            cell_text(self.table, row, 0)
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]

    # ------------------------------------------------------------------ 汇总
    def choose_previous(self) -> None:
        """Last year's folder: used by the 汇总, and the folder is checked again with it, so the
        cross-year findings (上年结转, 现行有效件数, 正文雷同) show in the list."""
        folder = QFileDialog.getExistingDirectory(self, "选择存放上年报告的文件夹")
        if not folder:
            return
        self.previous_dir = folder
        self._show_options()
        if self.worker is not None:  # a check without 上年 is under way: it is moot
            old, self.worker = self.worker, None
            for signal in (old.progress, old.result, old.finished):
                signal.disconnect()
            old.cancel()
            old.wait()
        if self.folder:
            self.start(self.folder)

    def choose_units(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择单位名单", "", "单位名单 (*.txt *.xlsx *.xls);;所有文件 (*)"
        )
        if not path:
            return
        try:
            self.names = UnitNames.parse(read_units(path))
        except ReportError as e:
            self.status.setText(f"无法读取单位名单：{e}")
            return
        self.units_path = path
        self._show_options()
        self._regroup()

    def _show_options(self) -> None:
        parts = []
        if self.previous_dir:
            parts.append(f"上年：{Path(self.previous_dir).name}")
        if self.units_path:
            parts.append(f"名单：{Path(self.units_path).name}")
        self.summary_options.setText("；".join(parts))

    def summarize(self) -> None:
        if self.worker is not None or self.summary_worker is not None:
            return
        paths = [r.file for r in self.results]
        out, _ = QFileDialog.getSaveFileName(
            self, "保存汇总工作簿", summary_start(self.folder), "Excel 工作簿 (*.xlsx)"
        )
        if not out:
            return
        if not out.lower().endswith(".xlsx"):
            out += ".xlsx"
        paths = [p for p in paths if Path(p).resolve() != Path(out).resolve()]
        self.summary_worker = SummaryWorker(
            paths, out, self.previous_dir, self.units_path, self.skipped
        )
        self.summary_worker.progress.connect(lambda done, total: self.progress.setValue(done))
        self.summary_worker.finished.connect(self._on_summary_finished)
        self.summary_worker.charted.connect(self._on_charts)
        self.progress.setRange(0, max(len(paths), 1))
        self.progress.setValue(0)
        self.status.setText("正在汇总……")
        self.summary_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.summary_path = out
        self.summary_worker.start()

    def _on_summary_finished(self, message: str, ok: bool) -> None:
        worker = self.summary_worker
        self.summary_worker = None
        if worker is not None:
            worker.wait()
        self.cancel_button.setEnabled(False)
        self.summary_button.setEnabled(True)
        self.open_summary_button.setEnabled(ok)
        self.status.setText(message)

    def _on_charts(self, specs: list) -> None:
        self.chart_specs = specs
        self.charts_button.setEnabled(bool(specs))

    def show_charts(self) -> ChartsDialog:
        from gui.chart_window import ChartsDialog
        from gui.dialogs import settle

        dialog = ChartsDialog(self.chart_specs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settle(dialog, "charts")
        dialog.open_requested.connect(self.open_requested.emit)
        dialog.show()
        return dialog

    def _open_row(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def closeEvent(self, event: QCloseEvent) -> None:
        for worker in (self.worker, self.summary_worker):
            if worker is not None:
                worker.cancel()
                worker.wait()
        super().closeEvent(event)
