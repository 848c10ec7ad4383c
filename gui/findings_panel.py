"""The findings panel: what does not add up, by severity and section, in plain words.

A click selects the finding's cells; a warning can be accepted with a reason (errors cannot).
When nothing is wrong the panel says so, in green, rather than staying empty. What is merely not
filled in yet (rule A6) is progress — 已填 N/200 格 and a 尚未填写 group — not a wall of 错误.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.checking import explanation
from gui.document import Document
from gui.progress import PROGRESS_COLOUR, PROGRESS_LABEL, is_progress, open_counts, progress
from gui.review_group import (
    CONFIRM_TIP,
    REVIEW_ROLE,
    REVIEW_SUMMARY,
    confirmed,
    expand,
    marked_table_cell,
    review_detail,
    review_group,
)
from gui.tree_items import child_items, top_level_items
from rules.finding import Finding
from workbook.model import severity as severities

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
OK_STYLE = "color: #1e7b34; font-weight: bold; padding: 6px;"
PROBLEM_STYLE = "color: #b3261e; font-weight: bold; padding: 6px;"
PROGRESS_STYLE = "color: #1f5fa8; font-weight: bold; padding: 6px;"
PROGRESS_GROUP = PROGRESS_LABEL
DETAIL_MAX_HEIGHT = 150  # the explanation scrolls rather than pushing the buttons off screen
DETAIL_SHARE = 0.4  # …and grows with a taller panel, up to this share of it
META_SECTION = "报告基本信息"


def finding_section(doc: Document, f: Finding) -> str:
    """The (short, sheet) name of the section a finding belongs to: first cell or prose."""
    fmt = doc.report.format
    for key in f.keys:
        if fmt.has_cell(key):
            return fmt.section(fmt.cell(key).table).sheet
    for t in f.texts:
        try:
            return fmt.section(t).sheet
        except KeyError:
            continue
    return META_SECTION


def finding_line(f: Finding) -> str:
    lines = [f"{f.severity_label}（规则 {f.rule}，{f.code}）：{f.message}"]
    if f.acknowledged:
        lines.append(f"已确认，理由：{f.acknowledged}")
    return "\n".join(lines)


def describe_finding(f: Finding) -> str:
    """The finding, its rule's explanation and what to do: the detail box and F1 say this."""
    text = finding_line(f)
    more = explanation(f.code)
    if more:
        text += "\n\n" + more
    if f.severity == "error" and is_progress(f):
        text += "\n\n填写后自动消失；报告定稿前必须填完（没有的填0）。"
    elif f.severity == "error":
        text += "\n\n错误不能确认，请修改数据。"
    return text


def section_order(doc: Document, name: str) -> int:
    names = [s.sheet for s in doc.report.format.sections]
    return names.index(name) if name in names else -1


def _summary_style(counts: dict[str, int], complete: bool) -> str:
    """The header in the colour of its worst open finding, as the tree, grid and print use."""
    worst = next((s for s in severities.ORDER if counts.get(s)), None)
    if worst is not None:
        return f"color: {severities.severity(worst).ink}; font-weight: bold; padding: 6px;"
    return OK_STYLE if complete else PROGRESS_STYLE


def _group_heading(label: str, group: list[Finding]) -> str:
    """警告（4，已确认1）: the open count first, so it agrees with the header's 警告 4 条."""
    acked = sum(1 for f in group if f.acknowledged is not None)
    if acked:
        return f"{label}（{len(group) - acked}，已确认{acked}）"
    return f"{label}（{len(group)}）"


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the current width (Qt's own hint ignores width)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.tree.viewport().width() - self.tree.indentation() * (depth + 1) - 12
        fm = QFontMetrics(option.font)
        text = str(index.data() or "")
        rect = fm.boundingRect(
            QRect(0, 0, max(width, 40), 100000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(max(width, 40), rect.height() + 6)


class FindingsTree(QTreeWidget):
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class FindingsPanel(QDockWidget):
    activated = Signal(object)  # Finding
    cell_activated = Signal(str)  # a cell to confirm (OCR): its key
    status_message = Signal(str)  # what 与原件相符 just did (the status bar; undo replaces it)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__("校验结果", parent)
        self.setObjectName("findings")
        self.doc = doc
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = FindingsTree()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemClicked.connect(self._on_item_clicked)
        self.tree.itemActivated.connect(self._on_item_clicked)
        self.tree.currentItemChanged.connect(self._on_current_changed)
        layout.addWidget(self.tree, 3)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("padding: 4px; background: #f7f8fa;")
        detail_area = QScrollArea()
        detail_area.setWidget(self.detail)
        detail_area.setWidgetResizable(True)
        detail_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_area.setMaximumHeight(DETAIL_MAX_HEIGHT)
        self.detail_area = detail_area
        layout.addWidget(detail_area, 2)  # grows with the panel, as the tree does
        buttons = QHBoxLayout()
        self.ack_button = QPushButton("确认无误（填写理由）(&Q)…")
        self.ack_button.setToolTip("警告和提示可以在说明理由后确认；错误必须修改数据。")
        self.ack_button.clicked.connect(self.acknowledge_current)
        buttons.addWidget(self.ack_button)
        self.confirm_button = QPushButton("与原件相符(&M)")
        self.confirm_button.setToolTip(CONFIRM_TIP)
        self.confirm_button.setStatusTip(CONFIRM_TIP)
        self.confirm_button.clicked.connect(self.confirm_current)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(body)
        doc.findings_changed.connect(self.refresh)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The explanation box grows with the panel (3–4 lines only on a 768-px screen before)."""
        super().resizeEvent(event)
        self.detail_area.setMaximumHeight(
            max(DETAIL_MAX_HEIGHT, int(event.size().height() * DETAIL_SHARE))
        )

    # ------------------------------------------------------------------ content
    def refresh(self) -> None:
        findings = self.doc.findings
        counts = open_counts(findings)
        done = progress(self.doc.report)
        self.tree.clear()
        if self.doc.index.failed:
            self.summary.setText(self.doc.index.failed)
            self.summary.setStyleSheet(PROBLEM_STYLE)
        elif not findings:
            self.summary.setText("✔ 未发现问题")
            self.summary.setStyleSheet(OK_STYLE)
        else:
            parts = [f"{severities.label(s)} {counts[s]} 条" for s in severities.ORDER if counts[s]]
            acked = sum(1 for f in findings if f.acknowledged is not None)
            if acked:
                parts.append(f"已确认 {acked} 条")
            lines = []
            if not done.complete:
                lines.append(done.short() + ("" if parts else "，其他未发现问题"))
                lines.append(done.details())
            if parts:
                lines.append("，".join(parts))
            self.summary.setText("\n".join(lines))
            self.summary.setStyleSheet(_summary_style(counts, done.complete))
        if self.doc.review:
            self.summary.setText(
                self.summary.text() + "\n" + REVIEW_SUMMARY.format(n=len(self.doc.review))
            )
        groups = [
            (
                severities.label(s),
                severities.severity(s).ink,
                [f for f in findings if f.severity == s and not is_progress(f)],
            )
            for s in severities.ORDER
        ]
        blanks = [f for f in findings if is_progress(f)]
        groups.insert(1, (PROGRESS_GROUP, PROGRESS_COLOUR, blanks))
        for label, colour, group in groups:
            if not group:
                continue
            top = QTreeWidgetItem([_group_heading(label, group)])
            top.setForeground(0, QBrush(QColor(colour)))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            by_section: dict[str, list[Finding]] = {}
            for f in group:
                by_section.setdefault(finding_section(self.doc, f), []).append(f)
            for title in sorted(by_section, key=lambda t: section_order(self.doc, t)):
                sec = QTreeWidgetItem([f"{title}（{len(by_section[title])}）"])
                top.addChild(sec)
                for f in by_section[title]:
                    text = f.message
                    if f.acknowledged is not None:
                        text = f"〔已确认〕{text}"
                    item = QTreeWidgetItem([text])
                    item.setData(0, FINDING_ROLE, f)
                    item.setToolTip(0, self._tooltip(f))
                    if f.acknowledged is not None:
                        item.setForeground(0, QBrush(QColor("#777777")))
                    sec.addChild(item)
            expand(top)
        self._add_review()
        self._on_current_changed(self.tree.currentItem(), None)

    def _add_review(self) -> None:
        """Cells OCR read that the sums did not confirm, first: the clerk's first job."""
        top = review_group(self.doc)
        self.confirm_button.setVisible(top is not None)
        if top is not None:
            self.tree.insertTopLevelItem(0, top)
            expand(top)

    def _tooltip(self, f: Finding) -> str:
        return finding_line(f)

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        return item.data(0, FINDING_ROLE) if item is not None else None

    def current_review(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, REVIEW_ROLE) if item is not None else None

    def _leaves(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for top in top_level_items(self.tree):
            for sec in child_items(top):
                out.extend(child_items(sec))
        return out

    def finding_items(self) -> list[QTreeWidgetItem]:
        return [i for i in self._leaves() if i.data(0, REVIEW_ROLE) is None]

    def review_items(self) -> list[QTreeWidgetItem]:
        """The cells to confirm (OCR), in the panel's order."""
        return [i for i in self._leaves() if i.data(0, REVIEW_ROLE) is not None]

    # ------------------------------------------------------------------ interaction
    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        f = item.data(0, FINDING_ROLE)
        if f is not None:
            self.activated.emit(f)
        key = item.data(0, REVIEW_ROLE)
        if key is not None:
            self.cell_activated.emit(key)

    def _on_current_changed(self, item: QTreeWidgetItem | None, _prev: object) -> None:
        f = item.data(0, FINDING_ROLE) if item is not None else None
        key = item.data(0, REVIEW_ROLE) if item is not None else None
        self.ack_button.setEnabled(f is not None and f.acknowledgeable and f.open)
        # Alt+M works from the table too: enabled while any cell is marked (a disabled button
        # ignores its mnemonic, and the table's cell is not the panel's current item).
        self.confirm_button.setEnabled(bool(self.doc.review))
        if key is not None and item is not None:
            self._show_review(key, item.text(0))
            return
        if f is None:
            self.detail.setText("点击一条结果，可跳到相关单元格；按 F1 在单独的窗口中看说明。")
            return
        self.detail.setText(describe_finding(f))

    def _show_review(self, key: str, text: str) -> None:
        room = max(self.detail_area.viewport().width() - 12, 120)
        self.detail.setText(review_detail(self.doc, key, text, room))

    def confirm_current(self) -> None:
        """与原件相符 (Alt+M): the mark of the cell the clerk is on goes — the table's current
        cell while typing there, else the panel's; the next cell to confirm becomes current."""
        key = marked_table_cell() or self.current_review()
        if key is None or key not in self.doc.review:
            self._first_review()
            return
        items = self.review_items()
        keys = [i.data(0, REVIEW_ROLE) for i in items]
        after = keys[keys.index(key) + 1 :] if key in keys else []
        self.doc.confirm_review([key])
        self.status_message.emit(confirmed(self.doc))
        for item in self.review_items():
            if item.data(0, REVIEW_ROLE) in after[:1]:
                self.tree.setCurrentItem(item)
                break

    def _first_review(self) -> None:
        """Alt+M on no marked cell: the first cell to confirm is chosen in the panel and the
        table (its scan's row beside it), for the clerk to compare before pressing it again."""
        items = self.review_items()
        if items:
            self.tree.setCurrentItem(items[0])
            self.cell_activated.emit(items[0].data(0, REVIEW_ROLE))

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        key = item.data(0, REVIEW_ROLE)
        if key is not None:
            self.tree.setCurrentItem(item)
            menu = QMenu(self)
            menu.addAction("定位到单元格(&L)").triggered.connect(
                lambda: self.cell_activated.emit(key)
            )
            menu.addAction("与原件相符(&M)").triggered.connect(self.confirm_current)
            menu.popup(self.tree.viewport().mapToGlobal(pos))
            return
        f = item.data(0, FINDING_ROLE)
        if f is None:  # a heading, not a finding
            return
        self.tree.setCurrentItem(item)
        menu = QMenu(self)
        go = menu.addAction("定位到单元格(&L)")
        go.triggered.connect(lambda: self.activated.emit(f))
        ack = menu.addAction("确认无误（填写理由）(&Q)…")
        ack.setEnabled(f.acknowledgeable and f.open)
        ack.triggered.connect(self.acknowledge_current)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def acknowledge_current(self) -> None:
        """Ask for a reason and record it (errors cannot be acknowledged)."""
        f = self.current_finding()
        if f is None or not f.acknowledgeable or not f.open:
            return
        reason, ok = QInputDialog.getText(
            self,
            "确认无误",
            f"{f.message}\n\n请说明为什么这不是问题（理由会随报告一起保存）：",
        )
        reason = (reason or "").strip()
        if ok and reason:
            self.doc.acknowledge(f, reason)
