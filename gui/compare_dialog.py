"""与上年比较: every cell this year / last year / change / %, grouped by table, with search.

The numbers and the prose judgement come from service.compare (the same as `nianbao compare`
and rule B8); this window only shows them. Blank stays visibly blank, and its change is "—".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.chart_window import ComparisonCharts
from gui.tree_items import child_items, top_level_items
from rules.catalogue import settings
from service.compare import Comparison, compare_reports, percent_text, shown, signed
from service.wording import words
from workbook.model.report import Report

UP = QColor("#1e6b2e")
DOWN = QColor("#b3261e")


def _columns() -> list[str]:
    w = words()["columns"]
    return [w[k] for k in ("cell", "this", "previous", "difference", "percent")]


class CompareDialog(QDialog):
    """Non-modal: the clerk keeps it open beside the report; double-click shows the cell."""

    cell_requested = Signal(str)  # a cell key of this year's report

    def __init__(self, this: Report, previous: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("与上年比较")
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.warning = QLabel()  # another unit's report, or not the year before: said here too
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {DOWN.name()};")
        layout.addWidget(self.warning)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索项目名称或单元格名称，例如“新收”“行政复议”")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        bar.addWidget(self.search, 1)
        self.changed_only = QCheckBox("只显示有变化的项目")
        self.changed_only.toggled.connect(self.apply_filter)
        bar.addWidget(self.changed_only)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(_columns())
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        split.addWidget(self.tree)
        self.prose = QTextBrowser()
        split.addWidget(self.prose)
        self.charts = ComparisonCharts(self.cell_requested.emit)
        split.addWidget(self.charts)
        split.setSizes([330, 110, 220])
        layout.addWidget(split, 1)
        self.count_label = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.comparison: Comparison | None = None
        self.set_reports(this, previous)

    def set_reports(self, this: Report, previous: Report) -> None:
        c = compare_reports(this, previous)
        self.comparison = c

        def who(r: Report) -> str:
            return f"{r.agency or '（未填单位）'} {r.year or ''}年度".strip()

        self.heading.setText(f"本年：{who(this)}　　上年：{who(previous)}")
        self.warning.setText("\n".join(c.warnings))
        self.warning.setVisible(bool(c.warnings))
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for x in c.cells:
            group = groups.get(x.table)
            if group is None:
                group = QTreeWidgetItem([c.table_title(x.table)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                self.tree.addTopLevelItem(group)
                groups[x.table] = group
            item = QTreeWidgetItem(
                [x.label, shown(x.this), shown(x.previous), signed(x.change), percent_text(x)]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, x.key)
            item.setToolTip(0, f"{x.label}\n单元格名称：{x.key}")
            for col in range(1, 5):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
            if x.change:
                colour = UP if x.change > 0 else DOWN
                for col in (3, 4):
                    item.setForeground(col, QBrush(colour))
            group.addChild(item)
        self.tree.expandAll()
        self._show_prose(c)
        self.charts.show_reports(this, previous)
        self.apply_filter()

    def _show_prose(self, c: Comparison) -> None:
        w = words()["columns"]
        threshold = float(settings()["similarity_threshold"])  # rule B8's own line
        parts = []
        for sid, lk in c.texts.items():
            title = c.this.format.section(sid).title
            warn = ' style="color:#b3261e"' if lk.similarity >= threshold else ""
            parts.append(
                f"<p><b>{title}</b>：<span{warn}>{w['similarity']} {lk.similarity:.0%}</span></p>"
            )
            if lk.same_paragraphs:
                items = "".join(f"<li>{_escape(p)}</li>" for p in lk.same_paragraphs)
                parts.append(f"<p>{w['same_paragraphs']}：</p><ul>{items}</ul>")
        self.prose.setHtml("".join(parts))

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key and self.comparison is not None and self.comparison.this.format.has_cell(key):
            self.cell_requested.emit(key)

    def visible_keys(self) -> list[str]:
        """Cell keys of the rows now shown (for tests and for copying)."""
        keys = []
        for group in top_level_items(self.tree):
            for item in child_items(group):
                if not item.isHidden():
                    keys.append(item.data(0, Qt.ItemDataRole.UserRole))
        return keys

    def apply_filter(self) -> None:
        needle = self.search.text().strip()
        changed_only = self.changed_only.isChecked()
        shown_count = 0
        assert self.comparison is not None
        by_key = {x.key: x for x in self.comparison.cells}
        for group in top_level_items(self.tree):
            visible = 0
            for item in child_items(group):
                x = by_key[item.data(0, Qt.ItemDataRole.UserRole)]
                hit = not needle or needle in x.label or needle in x.key
                if changed_only:
                    hit = hit and x.change != 0 and not (x.this is None and x.previous is None)
                item.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)
            shown_count += visible
        total = len(self.comparison.cells)
        changed = sum(1 for x in self.comparison.cells if x.change not in (0, None))
        self.count_label.setText(f"显示 {shown_count} / {total} 项；与上年不同的 {changed} 项。")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
