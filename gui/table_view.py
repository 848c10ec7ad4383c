"""A table that behaves like a spreadsheet for the clerk: type to replace, Enter goes down,
Tab goes right, Delete blanks, copy and paste blocks from Excel / WPS as tab-separated text.

Like 冻结窗格 in Excel/WPS, the header rows and the label columns of tables 三 and 四 stay in
place while the numbers scroll (gui/frozen_panes.py).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
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
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.checking import FindingIndex
from gui.frozen_panes import FrozenPanes, frozen_area
from gui.grid import column_widths
from gui.paste import parse_clipboard, plan_paste
from gui.progress import is_progress, table_started
from gui.table_model import ReportTableModel

MIN_ROW_HEIGHT = 28
MIN_VALUE_WIDTH = 50  # narrowest a number column gets when a table is squeezed to fit
TO_FILL_BG = "#fbeaea"  # blank cells of a table the clerk has started: still to fill, not 错误
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
        self._seen: FindingIndex | None = None  # the check _was_started belongs to
        self._was_started = False

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        key = self.table.key_at(index.row(), index.column())
        if not key:
            return
        found = [f for f in self.table.doc.index.by_key.get(key, ()) if f.acknowledged is None]
        if found and all(is_progress(f) for f in found):
            option.backgroundBrush = QBrush(QColor(TO_FILL_BG)) if self._started() else QBrush()

    def _started(self) -> bool:
        """Whether the table has any value, worked out once per check (not once per cell)."""
        doc = self.table.doc
        if self._seen is not doc.index:
            self._seen = doc.index
            self._was_started = table_started(doc.report, self.table.table_id)
        return self._was_started


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
        rows, cols = frozen_area(model.grid)
        self.frozen = FrozenPanes(self, rows, cols, lambda: CellDelegate(self), model.spans())
        self.fit_layout()
        self.go_home()

    def go_home(self) -> None:
        """The first value cell, scrolled to the top left (a newly opened report starts here)."""
        first = min(self._model.positions.values())
        self.setCurrentIndex(self._model.index(*first))
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ frozen panes
    def updateGeometries(self) -> None:
        super().updateGeometries()
        if getattr(self, "frozen", None) is not None:  # Qt calls this while building the view
            self.frozen.place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "frozen", None) is None:
            return
        if self._squeezable() and event.size().width() != event.oldSize().width():
            self.fit_layout()
        self.frozen.place()

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Never leave the current cell hidden under the frozen header rows or label columns."""
        super().scrollTo(index, hint)
        if getattr(self, "frozen", None) is not None:
            self.frozen.keep_visible(index)

    # ------------------------------------------------------------------ geometry
    def _squeezable(self) -> bool:
        """A table of number columns only (四): narrow them to fit rather than scroll sideways."""
        return self._model.grid.label_cols == 0 and bool(self.frozen.rows)

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
        self.frozen.copy_geometry()

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
