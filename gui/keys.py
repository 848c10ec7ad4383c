"""The keyboard as clerks use it in Excel/WPS: Ctrl+PgDn/PgUp (and Ctrl+Tab) switch sections
from anywhere, Tab walks the window in reading order, F1 explains the selected finding.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gui.dialogs import settle
from gui.findings_panel import describe_finding
from gui.table_model import ReportTableModel
from gui.table_view import ReportTableView
from gui.text_editor import ProseEditor

if TYPE_CHECKING:
    from gui.main_window import MainWindow

NEXT_KEYS = ("Ctrl+PgDown", "Ctrl+Tab")
PREVIOUS_KEYS = ("Ctrl+PgUp", "Ctrl+Shift+Tab")
EXPLANATION = "explanation"


def section_actions(w: MainWindow) -> tuple[QAction, QAction]:
    """下一部分 / 上一部分, as Excel switches sheets; the window owns them, so no grid or text
    box swallows the keys."""
    out = []
    for text, keys, step in (
        ("下一部分(&N)", NEXT_KEYS, 1),
        ("上一部分(&P)", PREVIOUS_KEYS, -1),
    ):
        a = QAction(text, w)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        a.triggered.connect(lambda _c=False, s=step: switch_section(w, s))
        w.addAction(a)
        out.append(a)
    return out[0], out[1]


def switch_section(w: MainWindow, step: int) -> None:
    """The next (or previous) section's tab, wrapping round; the keyboard goes with it."""
    if w.pages.currentWidget() is not w.editor_page or w.tabs.count() == 0:
        return
    w.tabs.setCurrentIndex((w.tabs.currentIndex() + step) % w.tabs.count())
    main = page_widgets(w.tabs.currentWidget())
    if main:
        main[-1].setFocus(Qt.FocusReason.TabFocusReason)


def page_widgets(page: QWidget | None) -> list[QWidget]:
    """A section page's focusable widgets in reading order (the main one last)."""
    if isinstance(page, ProseEditor):
        return [page.draft_button, page.editor]
    if isinstance(page, ReportTableView):
        return [page]
    return []


def tab_chain(w: MainWindow) -> None:
    """Tab in reading order: identity form → section tabs → the page → the findings panel."""
    meta = w.meta
    chain: list[QWidget] = [meta.agency, meta.kind, meta.year, meta.issued, w.tabs.tabBar()]
    for i in range(w.tabs.count()):
        chain.extend(page_widgets(w.tabs.widget(i)))
    chain.extend([w.findings.tree, w.findings.ack_button, w.findings.confirm_button])
    for before, after in pairwise(chain):
        QWidget.setTabOrder(before, after)


def explain_finding(w: MainWindow) -> None:
    """F1: the full explanation of the finding selected in the panel (or of the current cell)."""
    f = w.findings.current_finding()
    view = w.current_view()
    model = view.model() if view is not None else None
    if f is None and view is not None and isinstance(model, ReportTableModel):
        key = model.key_at(view.currentIndex().row(), view.currentIndex().column())
        found = w.doc.index.by_key.get(key or "", [])
        f = found[0] if found else None
    if f is None:
        w.show_status("先在“校验结果”中选中一条问题（或选中有问题的单元格），再按 F1 查看说明。")
        return
    dialog = w.findChild(QDialog, EXPLANATION)
    if not isinstance(dialog, ExplanationDialog):
        dialog = ExplanationDialog(w)
    dialog.show_text(describe_finding(f))


class ExplanationDialog(QDialog):
    """Non-modal, so the clerk can read it beside the cells it is about."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(EXPLANATION)
        self.setWindowTitle("问题说明")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("关闭(&C)")
        close.setDefault(True)
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout.addLayout(row)
        settle(self, EXPLANATION)

    def show_text(self, text: str) -> None:
        self.text.setPlainText(text)
        self.show()
        self.raise_()
        self.activateWindow()
