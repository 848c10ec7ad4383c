"""One report table (section 二, 三 or 四) as a Qt model in official layout (workbook.model.grid).

Headers and row labels are ordinary cells of the model (so merged headers can be spans, as on
paper); only value cells are editable. The model reads the Report and the findings each time it
is asked; it stores nothing but the grid shape.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gui.checking import worst
from gui.document import Document
from gui.hints import previous_hint
from workbook.model import severity as severities
from workbook.model.grid import HEADER, LABEL, VALUE, Grid, GridCell, table_grid
from workbook.model.values import format_value, parse_value

Index = QModelIndex | QPersistentModelIndex

HEADER_BG = "#eef1f5"
LABEL_BG = "#f7f8fa"
TOTAL_BG = "#f3f7ee"
REVIEW_BG = "#dbe8fb"  # read by OCR, not confirmed by the arithmetic: the clerk looks


def vertical(text: str) -> str:
    """Text set one character per line, as the printed form writes a tall group label."""
    lines: list[str] = []
    for ch in text:
        if lines and ch in "、，。）)":  # punctuation never starts a line
            lines[-1] += ch
        else:
            lines.append(ch)
    return "\n".join(lines)


class ReportTableModel(QAbstractTableModel):
    """The grid of one table; edits go to the Document as undo steps."""

    status_message = Signal(str)  # what an entry was read as, or why it was refused

    def __init__(self, doc: Document, table_id: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table_id = table_id
        self._grid_format = doc.report.format
        self._grid = table_grid(doc.report.format, table_id)
        self._at = self._grid.at()
        self.positions = self._grid.positions
        doc.values_changed.connect(self._on_values_changed)
        doc.findings_changed.connect(self._on_findings_changed)
        doc.report_replaced.connect(self._on_report_replaced)

    # ------------------------------------------------------------------ shape
    @property
    def grid(self) -> Grid:
        return self._grid

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._grid.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._grid.cols

    def spans(self) -> list[GridCell]:
        return [c for c in self._grid.cells if c.row_span > 1 or c.col_span > 1]

    def cell(self, index: Index) -> GridCell | None:
        if not index.isValid():
            return None
        return self._at.get((index.row(), index.column()))

    def key_at(self, row: int, col: int) -> str | None:
        c = self._at.get((row, col))
        return c.key if c is not None and c.kind == VALUE else None

    def index_of(self, key: str) -> QModelIndex:
        r, c = self.positions[key]
        return self.index(r, c)

    # ------------------------------------------------------------------ reading
    def flags(self, index: Index) -> Qt.ItemFlag:
        c = self.cell(index)
        if c is None:
            return Qt.ItemFlag.NoItemFlags
        if c.kind == VALUE:
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable
            )
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.cell(index)
        if c is None:
            return None
        if c.kind != VALUE:
            return self._label_data(c, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_value(self.doc.report.value(c.key))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            f = worst(self.doc.index.by_key.get(c.key, ()))
            if f is not None:
                return QBrush(QColor(severities.fill(f.severity, f.acknowledged is not None)))
            if c.key in self.doc.review:
                return QBrush(QColor(REVIEW_BG))
            if c.key in self.doc.report.format.total_keys:
                return QBrush(QColor(TOTAL_BG))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(c.key)
        if role == Qt.ItemDataRole.StatusTipRole and c.key in self.doc.review:
            from gui.ocr_reading import CONFIRM_HINT

            return CONFIRM_HINT
        return None

    def _label_data(self, c: GridCell, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if c.kind == LABEL and c.col == 0 and c.row_span > 2 and self._grid.label_cols >= 3:
                return vertical(c.text)
            return c.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(HEADER_BG if c.kind == HEADER else LABEL_BG))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c.kind == LABEL and c.row_span == 1:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and c.kind == HEADER:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and c.kind == LABEL and c.text:
            return c.text
        return None

    def _tooltip(self, key: str) -> str:
        cell = self.doc.report.format.cell(key)
        lines = [f"{cell.row_label or cell.col_label}｜{cell.col_label}（{cell.unit}）"]
        for f in self.doc.index.by_key.get(key, ()):
            mark = f"（已确认：{f.acknowledged}）" if f.acknowledged else ""
            lines.append(f"【{f.severity_label}】{f.message}{mark}")
        if key in self.doc.review:
            lines.append(f"【请核对】{self.doc.review[key]}")
        hint = previous_hint(self.doc, key)
        if hint:
            lines.append(hint)
        if key in self.doc.review:  # the scan's own row, to compare with what was read
            from gui.ocr_reading import review_tooltip

            return review_tooltip(lines, self.doc.snippets.get(key))
        return "\n".join(lines)

    # ------------------------------------------------------------------ editing
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        c = self.cell(index)
        if c is None or c.kind != VALUE or role != Qt.ItemDataRole.EditRole:
            return False
        cell = self.doc.report.format.cell(c.key)
        parsed = parse_value(value, whole=cell.whole)
        raw = "" if value is None else str(value).strip()
        if parsed.value is None and raw:
            # Unreadable: keep what was there, and say exactly that (not the reader's "按空白处理").
            kept = format_value(self.doc.report.value(c.key)) or "空白"
            self.status_message.emit(
                f"{cell.row_label or cell.col_label}：“{raw}”不是数字，未改动（仍为{kept}）"
            )
            return False
        self.doc.set_values({c.key: parsed.value}, f"填写“{cell.row_label or cell.col_label}”")
        if parsed.note:  # after the edit, so undoing it also takes the note back
            self.status_message.emit(f"{cell.row_label or cell.col_label}：{parsed.note}")
        return True

    # ------------------------------------------------------------------ refresh
    def _on_values_changed(self, keys: frozenset[str]) -> None:
        mine = [self.positions[k] for k in keys if k in self.positions]
        if not mine:
            return
        rows = [r for r, _ in mine]
        cols = [c for _, c in mine]
        self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)))

    def _on_report_replaced(self) -> None:
        if self.doc.report.format is self._grid_format:
            self._on_values_changed(frozenset(self.positions))

    def _on_findings_changed(self) -> None:
        # Colours and tooltips of any value cell may change; repaint the value area.
        if not self.positions:
            return
        rows = [r for r, _ in self.positions.values()]
        cols = [c for _, c in self.positions.values()]
        self.dataChanged.emit(
            self.index(min(rows), min(cols)),
            self.index(max(rows), max(cols)),
            [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
        )
