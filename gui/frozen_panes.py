"""冻结窗格 for the report tables: header rows and label columns that stay while numbers scroll.

Qt's "Frozen Column" technique: overlay views over the same model, placed over the table's
viewport — one for the header rows (scrolls sideways with the table), one for the label columns
(scrolls up and down with it), one for their corner (never scrolls). The overlays show only
headings and labels, so they take no focus and select nothing; the table stays the one place
where the clerk edits.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QTableView,
)

from workbook.model.grid import Grid

FROZEN_EDGE = "#8c99a6"  # the line under the frozen header rows, as Excel draws it


def frozen_area(grid: Grid) -> tuple[int, int]:
    """(header rows, label columns) to freeze; none for a table of blocks (二) with inner titles."""
    if not grid.header_rows:
        return 0, 0
    return grid.header_rows, grid.label_cols


class FrozenPane(QTableView):
    """Part of the table drawn over it that never scrolls away (in one or both directions)."""

    def __init__(self, table: QTableView, delegate: QAbstractItemDelegate, spans) -> None:
        super().__init__(table)
        self.table = table
        self.setModel(table.model())
        self.setItemDelegate(delegate)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setStyleSheet(
            f"QTableView {{ border: none; border-bottom: 2px solid {FROZEN_EDGE}; }}"
        )
        for c in spans:
            self.setSpan(c.row, c.col, c.row_span, c.col_span)

    def copy_geometry(self) -> None:
        for col in range(self.model().columnCount()):
            self.setColumnWidth(col, self.table.columnWidth(col))
        for row in range(self.model().rowCount()):
            self.setRowHeight(row, self.table.rowHeight(row))

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.table.wheelEvent(event)  # the wheel over the labels scrolls the table


class FrozenPanes:
    """The overlays of one table, kept in place and in step with its scroll bars."""

    def __init__(self, table: QTableView, rows: int, cols: int, make_delegate, spans) -> None:
        self.table = table
        self.rows = rows
        self.cols = cols
        self.panes: list[FrozenPane] = []
        self.top = self.left = self.corner = None
        if rows:
            self.top = self._add(make_delegate(), spans)
            table.horizontalScrollBar().valueChanged.connect(
                self.top.horizontalScrollBar().setValue
            )
        if cols:
            self.left = self._add(make_delegate(), spans)
            table.verticalScrollBar().valueChanged.connect(self.left.verticalScrollBar().setValue)
        if rows and cols:
            self.corner = self._add(make_delegate(), spans)

    def _add(self, delegate: QAbstractItemDelegate, spans) -> FrozenPane:
        pane = FrozenPane(self.table, delegate, spans)
        self.panes.append(pane)
        self.table.viewport().stackUnder(pane)
        pane.show()
        return pane

    def size(self) -> tuple[int, int]:
        """(width of the label columns, height of the header rows) in pixels."""
        width = sum(self.table.columnWidth(c) for c in range(self.cols))
        height = sum(self.table.rowHeight(r) for r in range(self.rows))
        return width, height

    def copy_geometry(self) -> None:
        for pane in self.panes:
            pane.copy_geometry()
        self.place()

    def place(self) -> None:
        """Lay the overlays over the table's viewport, scrolled as the table is."""
        if not self.panes:
            return
        vp = self.table.viewport().geometry()
        width, height = self.size()
        edge = 2  # the frozen edge line is drawn just below the header rows
        if self.top is not None:
            self.top.setGeometry(vp.x(), vp.y(), vp.width(), min(height + edge, vp.height()))
            self.top.horizontalScrollBar().setValue(self.table.horizontalScrollBar().value())
        if self.left is not None:
            self.left.setGeometry(vp.x(), vp.y(), min(width, vp.width()), vp.height())
            self.left.verticalScrollBar().setValue(self.table.verticalScrollBar().value())
        if self.corner is not None:
            self.corner.setGeometry(vp.x(), vp.y(), width, height + edge)
        for pane in self.panes:
            pane.raise_()

    def keep_visible(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """After the table scrolled to a cell: move it out from under the frozen rows/columns."""
        if not self.panes or not index.isValid():
            return
        width, height = self.size()
        rect = self.table.visualRect(index)
        if index.row() >= self.rows and rect.top() < height:
            bar = self.table.verticalScrollBar()
            bar.setValue(bar.value() - (height - rect.top()))
        if index.column() >= self.cols and rect.left() < width:
            bar = self.table.horizontalScrollBar()
            bar.setValue(bar.value() - (width - rect.left()))
