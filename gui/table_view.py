"""A table that behaves like a spreadsheet for the clerk: type to replace, Enter goes down,
Tab goes right, Delete blanks, copy and paste blocks from Excel / WPS as tab-separated text.

Like 冻结窗格 in Excel/WPS, the header rows and the label columns of tables 三 and 四 stay in
place while the numbers scroll: Qt's "Frozen Column" technique, with overlay views over the same
model (one for the header rows, one for the label columns, one for their corner).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.grid import column_widths
from gui.paste import parse_clipboard, plan_paste
from gui.progress import is_progress, table_started
from gui.table_model import ReportTableModel

MIN_ROW_HEIGHT = 28
MIN_VALUE_WIDTH = 50  # narrowest a number column gets when a table is squeezed to fit
TO_FILL_BG = "#fbeaea"  # blank cells of a table the clerk has started: still to fill, not 错误
FROZEN_EDGE = "#8c99a6"
CLIPBOARD_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
)


class CellDelegate(QStyledItemDelegate):
    """Blank cells are progress, not errors: no alarm colour, a pale one once the table is started."""

    def __init__(self, view: ReportTableView) -> None:
        super().__init__(view)
        self.table = view.table_model

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        key = self.table.key_at(index.row(), index.column())
        if not key:
            return
        found = [f for f in self.table.doc.index.by_key.get(key, ()) if f.acknowledged is None]
        if found and all(is_progress(f) for f in found):
            doc = self.table.doc
            started = table_started(doc.report, self.table.table_id)
            option.backgroundBrush = QBrush(QColor(TO_FILL_BG)) if started else QBrush()


class FrozenPane(QTableView):
    """Part of the main table drawn over it (header rows, label columns) that never scrolls away."""

    def __init__(self, main: ReportTableView) -> None:
        super().__init__(main)
        self.main = main
        self.setModel(main.model())
        self.setItemDelegate(CellDelegate(main))
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
        for c in main.table_model.spans():
            self.setSpan(c.row, c.col, c.row_span, c.col_span)

    def copy_geometry(self) -> None:
        for col in range(self.model().columnCount()):
            self.setColumnWidth(col, self.main.columnWidth(col))
        for row in range(self.model().rowCount()):
            self.setRowHeight(row, self.main.rowHeight(row))

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.main.wheelEvent(event)  # scrolling over the labels scrolls the table


class ReportTableView(QTableView):
    status_message = Signal(str)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.table_model = model
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for c in model.spans():
            self.setSpan(c.row, c.col, c.row_span, c.col_span)
        model.status_message.connect(self.status_message)
        self.frozen_rows, self.frozen_cols = frozen_area(model)
        self.panes: list[FrozenPane] = []
        if self.frozen_rows:
            self.top_pane = self._add_pane()
            self.horizontalScrollBar().valueChanged.connect(
                self.top_pane.horizontalScrollBar().setValue
            )
        if self.frozen_cols:
            self.left_pane = self._add_pane()
            self.verticalScrollBar().valueChanged.connect(
                self.left_pane.verticalScrollBar().setValue
            )
        if self.frozen_rows and self.frozen_cols:
            self.corner_pane = self._add_pane()
        self.fit_layout()
        self.go_home()

    def go_home(self) -> None:
        """The first value cell, scrolled to the top left (a newly opened report starts here)."""
        first = min(self._model.positions.values())
        self.setCurrentIndex(self._model.index(*first))
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ frozen panes
    def _add_pane(self) -> FrozenPane:
        pane = FrozenPane(self)
        self.panes.append(pane)
        self.viewport().stackUnder(pane)
        pane.show()
        return pane

    def frozen_size(self) -> tuple[int, int]:
        """(width of the label columns, height of the header rows) in pixels."""
        width = sum(self.columnWidth(c) for c in range(self.frozen_cols))
        height = sum(self.rowHeight(r) for r in range(self.frozen_rows))
        return width, height

    def place_panes(self) -> None:
        if not getattr(self, "panes", None):
            return  # called by Qt while the view is still being built
        vp = self.viewport().geometry()
        width, height = self.frozen_size()
        if self.frozen_rows:
            self.top_pane.setGeometry(vp.x(), vp.y(), vp.width(), min(height + 2, vp.height()))
            self.top_pane.horizontalScrollBar().setValue(self.horizontalScrollBar().value())
        if self.frozen_cols:
            self.left_pane.setGeometry(vp.x(), vp.y(), min(width, vp.width()), vp.height())
            self.left_pane.verticalScrollBar().setValue(self.verticalScrollBar().value())
        if self.frozen_rows and self.frozen_cols:
            self.corner_pane.setGeometry(vp.x(), vp.y(), width, height + 2)
        for pane in self.panes:
            pane.raise_()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self.place_panes()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (
            getattr(self, "panes", None) is not None
            and self._squeezable()
            and event.size().width() != event.oldSize().width()
        ):
            self.fit_layout()
        self.place_panes()

    def scrollTo(
        self,
        index: QModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Never leave the current cell hidden under the frozen header rows or label columns."""
        super().scrollTo(index, hint)
        if not getattr(self, "panes", None) or not index.isValid():
            return
        width, height = self.frozen_size()
        rect = self.visualRect(index)
        if index.row() >= self.frozen_rows and rect.top() < height:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - (height - rect.top()))
        if index.column() >= self.frozen_cols and rect.left() < width:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - (width - rect.left()))

    # ------------------------------------------------------------------ geometry
    def _squeezable(self) -> bool:
        """A table of number columns only (四): narrow them to fit rather than scroll sideways."""
        return self._model.grid.label_cols == 0 and bool(self.frozen_rows)

    def fit_layout(self) -> None:
        """Column widths by role; row heights so every wrapped label is readable."""
        grid = self._model.grid
        scale = max(1.0, self.fontMetrics().height() / 17)
        widths = [
            int(w * scale) for w in column_widths(self._model.doc.report.format, grid.table_id)
        ]
        if self._squeezable():
            room = self.viewport().width() - 2
            if sum(widths) > room > 0:
                each = max(MIN_VALUE_WIDTH, room // len(widths))
                widths = [each] * len(widths)
        for col, w in enumerate(widths):
            self.setColumnWidth(col, w)
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        fm_bold = QFontMetrics(bold)
        heights = [MIN_ROW_HEIGHT] * grid.rows
        multi = []
        for c in grid.cells:
            if not c.text:
                continue
            width = sum(widths[c.col : c.col + c.col_span]) - 10
            metrics = fm if c.kind != "header" else fm_bold
            rect = metrics.boundingRect(
                QRect(0, 0, max(width, 10), 100000), int(Qt.TextFlag.TextWordWrap), c.text
            )
            need = rect.height() + 10
            if c.row_span == 1:
                heights[c.row] = max(heights[c.row], need)
            else:
                multi.append((c, need))
        for c, need in multi:
            have = sum(heights[c.row : c.row + c.row_span])
            if have < need:
                heights[c.row + c.row_span - 1] += need - have
        for row, h in enumerate(heights):
            self.setRowHeight(row, h)
        for pane in self.panes:
            pane.copy_geometry()
        self.place_panes()

    # ------------------------------------------------------------------ selection helpers
    def select_keys(self, keys: tuple[str, ...] | list[str]) -> None:
        """Select these cells (a finding's cells) and bring the first into view."""
        indexes = [self._model.index_of(k) for k in keys if k in self._model.positions]
        if not indexes:
            return
        selection = QItemSelection()
        for i in indexes:
            selection.select(i, i)
        sm = self.selectionModel()
        sm.setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(indexes[0])
        self.setFocus()

    def selected_keys(self) -> list[str]:
        keys = []
        for i in self.selectionModel().selectedIndexes():
            k = self._model.key_at(i.row(), i.column())
            if k:
                keys.append(k)
        return keys

    def _step(self, d_row: int, d_col: int) -> None:
        """Move to the next value cell down (Enter) or right (Tab), wrapping Tab to the next row."""
        cur = self.currentIndex()
        if not cur.isValid():
            return
        r, c = cur.row(), cur.column()
        grid = self._model.grid
        for _ in range(grid.rows * grid.cols):
            r, c = r + d_row, c + d_col
            if d_col and not 0 <= c < grid.cols:
                r, c = r + d_col, 0 if d_col > 0 else grid.cols - 1
            if not (0 <= r < grid.rows and 0 <= c < grid.cols):
                return
            if self._model.key_at(r, c):
                self.setCurrentIndex(self._model.index(r, c))
                return

    # ------------------------------------------------------------------ keys
    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if move:
            self._step(*move)

    def event(self, event: QEvent) -> bool:
        """Copy / cut / paste keys are the table's own (the menu shows the same keys)."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self.state() != QAbstractItemView.State.EditingState
            and any(event.matches(k) for k in CLIPBOARD_KEYS)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moving = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        if key in moving and self.state() == QAbstractItemView.State.EditingState:
            # The editor ignored the key; its delegate commits and closeEditor() moves on.
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.copy_selection()
            self.clear_selection()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1, 0)
        elif key == Qt.Key.Key_Tab:
            self._step(0, 1)
        elif key == Qt.Key.Key_Backtab:
            self._step(0, -1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear_selection()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ edit actions
    def clear_selection(self) -> None:
        keys = self.selected_keys()
        if keys and self._model.doc.set_values(dict.fromkeys(keys), "清除"):
            self.status_message.emit(f"已清除{len(keys)}格（清除后为空白，不是0）")

    def copy_selection(self) -> None:
        """The selected rectangle as tab-separated text, ready for Excel / WPS."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        for r in range(rows[0], rows[-1] + 1):
            cells = []
            for c in range(cols[0], cols[-1] + 1):
                text = self._model.index(r, c).data() if (r, c) in chosen else ""
                cells.append((text or "").replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Paste a block at the current cell (or fill the selection with one value): one undo step."""
        block = parse_clipboard(text)
        if not block:
            return
        cur = self.currentIndex()
        if not cur.isValid():
            return
        fmt = self._model.doc.report.format
        if len(block) == 1 and len(block[0]) == 1 and len(self.selected_keys()) > 1:
            targets = {k: block[0][0] for k in self.selected_keys()}
        else:
            targets = {}
            for dr, line in enumerate(block):
                for dc, raw in enumerate(line):
                    k = self._model.key_at(cur.row() + dr, cur.column() + dc)
                    if k:
                        targets[k] = raw
        plan = plan_paste(fmt, targets)
        if plan.changes:
            self._model.doc.set_values(plan.changes, "粘贴")
            self._select_pasted(list(targets))
        self.status_message.emit(plan.summary())

    def _select_pasted(self, keys: list[str]) -> None:
        """Select the pasted range (as Excel does), the current cell staying where it was."""
        spots = [self._model.positions[k] for k in keys if k in self._model.positions]
        if not spots:
            return
        rows = [r for r, _ in spots]
        cols = [c for _, c in spots]
        top_left = self._model.index(min(rows), min(cols))
        bottom_right = self._model.index(max(rows), max(cols))
        self.selectionModel().select(
            QItemSelection(top_left, bottom_right),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )


def frozen_area(model: ReportTableModel) -> tuple[int, int]:
    """(header rows, label columns) to freeze; none for a table of blocks (二) with inner titles."""
    grid = model.grid
    if not grid.header_rows:
        return 0, 0
    return grid.header_rows, grid.label_cols
