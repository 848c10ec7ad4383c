"""A table that behaves like a spreadsheet for the clerk: type to replace, Enter goes down,
Tab goes right, Delete blanks, copy and paste blocks from Excel / WPS as tab-separated text."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QRect, Qt, Signal
from PySide6.QtGui import QFontMetrics, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget

from gui.grid import column_widths
from gui.paste import parse_clipboard, plan_paste
from gui.table_model import ReportTableModel

MIN_ROW_HEIGHT = 28


class ReportTableView(QTableView):
    status_message = Signal(str)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
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
        self.fit_layout()
        first = min(model.positions.values())
        self.setCurrentIndex(model.index(*first))

    # ------------------------------------------------------------------ geometry
    def fit_layout(self) -> None:
        """Column widths by role; row heights so every wrapped label is readable."""
        grid = self._model.grid
        scale = max(1.0, self.fontMetrics().height() / 17)
        widths = [
            int(w * scale) for w in column_widths(self._model.doc.report.format, grid.table_id)
        ]
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
        self.status_message.emit(plan.summary())
