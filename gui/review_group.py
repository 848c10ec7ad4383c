"""The findings panel's 请核对（扫描件） group: cells a scan's reading left for the clerk to
compare with the scan (gui.ocr_reading draws the scan's row), and what 与原件相符 says.

Built only while a scan's marks are open; the panel (gui.findings_panel) places the group and
its buttons, the Document keeps the marks and their undo (gui.commands.ConfirmReview).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTreeWidgetItem

from gui.document import Document
from gui.tree_items import child_items

REVIEW_ROLE = Qt.ItemDataRole.UserRole + 2  # a cell OCR read that the clerk should confirm
REVIEW_GROUP = "请核对（扫描件）"
REVIEW_COLOUR = "#1f5fa8"
REVIEW_SUMMARY = "扫描件中有 {n} 格勾稽关系未能确认，请对照原件核对（见“请核对”）"
CONFIRM_TIP = "选中的格与扫描件相符：去掉“请核对”标记，数字不变（也可直接改正数字）。"
CONFIRM_LEFT = "已去掉“请核对”标记，还有 {n} 格请核对（撤销：Ctrl+Z）。"
CONFIRM_ALL = "已去掉“请核对”标记，扫描件中的单元格已全部核对。"


def review_group(doc: Document) -> QTreeWidgetItem | None:
    """The group, table by table in the form's order, each item with the scan's row in its
    tooltip; None without marks."""
    fmt = doc.report.format
    keys = [k for k in doc.review if fmt.has_cell(k)]
    if not keys:
        return None
    from gui.ocr_reading import review_tooltip  # only with a scan open (start-up stays light)
    from workbook.model.cellnames import describe

    top = QTreeWidgetItem([f"{REVIEW_GROUP}（{len(keys)}）"])
    top.setForeground(0, QBrush(QColor(REVIEW_COLOUR)))
    font = top.font(0)
    font.setBold(True)
    top.setFont(0, font)
    sections: dict[str, QTreeWidgetItem] = {}
    order = {c.key: i for i, c in enumerate(fmt.cells)}
    for key in sorted(keys, key=order.__getitem__):
        title = fmt.section(fmt.cell(key).table).sheet
        if title not in sections:
            sections[title] = QTreeWidgetItem([title])
            top.addChild(sections[title])
        text = f"{describe(fmt, key)}：{doc.review[key]}"
        item = QTreeWidgetItem([text])
        item.setData(0, REVIEW_ROLE, key)
        item.setToolTip(0, review_tooltip([text], doc.snippets.get(key)))
        item.setStatusTip(0, CONFIRM_TIP)
        sections[title].addChild(item)
    for sec in sections.values():
        sec.setText(0, f"{sec.text(0)}（{sec.childCount()}）")
    return top


def expand(top: QTreeWidgetItem) -> None:
    top.setExpanded(True)
    for child in child_items(top):
        child.setExpanded(True)


def review_detail(doc: Document, key: str, text: str, room: int) -> str:
    """What was read, and the scan's row as wide as `room` allows (the tooltip: full size)."""
    from gui.ocr_reading import SNIPPET_CAPTION, snippet_html

    png = doc.snippets.get(key)
    body = html.escape(text)
    if png is not None:
        picture = QPixmap()
        picture.loadFromData(png)
        width = picture.width() if picture.width() <= room else room
        body += f"<br>{SNIPPET_CAPTION}<br>{snippet_html(png, width)}"
    return body + f"<br>{html.escape(CONFIRM_TIP)}"


def marked_table_cell() -> str | None:
    """The current cell of the table that has the keyboard, if it is one to confirm."""
    from gui.table_model import ReportTableModel

    view = QApplication.focusWidget()
    if not isinstance(view, QAbstractItemView):
        return None
    model = view.model()
    if not isinstance(model, ReportTableModel):
        return None
    index = view.currentIndex()
    key = model.key_at(index.row(), index.column())
    return key if key in model.doc.review else None


def confirmed(doc: Document) -> str:
    """The status bar after 与原件相符: the step (as 撤销 names it) and what is left."""
    left = CONFIRM_LEFT.format(n=len(doc.review)) if doc.review else CONFIRM_ALL
    return f"{doc.undo_stack.undoText()}：{left}"
