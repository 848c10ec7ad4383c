"""The main window: identity form, one tab per section, the findings panel, menus.

Everything shown is read from the Document (the Report and its findings); the window only
arranges views and forwards actions to small functions elsewhere in gui/.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from gui.autosum import plan_autosum
from gui.document import Document
from gui.file_actions import FileActions
from gui.findings_panel import FindingsPanel, finding_section
from gui.menus import build_menus
from gui.meta_form import MetaForm
from gui.recovery import Autosaver, forget, orphans
from gui.table_model import ReportTableModel
from gui.table_view import ReportTableView
from gui.text_editor import ProseEditor
from rules.finding import Finding
from workbook.model.report import Report

APP_NAME = "年报工作台"
STATUS_TIMEOUT_MS = 8000


def app_icon() -> QIcon:
    try:
        path = resources.files("resources") / "icons" / "nianbao.svg"
        return QIcon(str(path)) if path.is_file() else QIcon()
    except (FileNotFoundError, ModuleNotFoundError):
        return QIcon()


class MainWindow(QMainWindow):
    def __init__(self, report: Report | None = None, *, autosave: bool = True) -> None:
        super().__init__()
        self.doc = Document(report, self)
        self.files = FileActions(self, self.doc)
        self.views: dict[str, ReportTableView] = {}
        self.editors: dict[str, ProseEditor] = {}
        self._format_id = ""
        self._printing = None
        self.batch_dialog = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.meta = MetaForm(self.doc)
        layout.addWidget(self.meta)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.findings = FindingsPanel(self.doc, self)
        self.findings.activated.connect(self.show_finding)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings)
        self.resizeDocks([self.findings], [340], Qt.Orientation.Horizontal)

        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.counts)
        self.actions_by_name = build_menus(self)

        self.doc.findings_changed.connect(self.update_counts)
        self.doc.report_replaced.connect(self.rebuild_tabs)
        self.doc.path_changed.connect(self.update_title)
        self.doc.undo_stack.cleanChanged.connect(self.update_title)
        self.rebuild_tabs()
        self.update_counts()
        self.update_title()
        self.autosaver = Autosaver(self.doc, self) if autosave else None

    # ------------------------------------------------------------------ views
    def rebuild_tabs(self) -> None:
        """One tab per section of the report's format (rebuilt when the format changes)."""
        fmt = self.doc.report.format
        if fmt.id == self._format_id:
            return  # the views follow the Document themselves
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in old:
            widget.deleteLater()
        self.views.clear()
        self.editors.clear()
        for section in fmt.sections:
            if section.kind == "table":
                model = ReportTableModel(self.doc, section.id)
                view = ReportTableView(model)
                model.setParent(view)
                view.status_message.connect(self.show_status)
                self.views[section.id] = view
                self.tabs.addTab(view, section.sheet)
            else:
                editor = ProseEditor(self.doc, section.id)
                self.editors[section.id] = editor
                self.tabs.addTab(editor, section.sheet)
        self._format_id = fmt.id
        self.tabs.setCurrentIndex(max(current, 0))

    def tab_of(self, section_id: str) -> int:
        widget = self.views.get(section_id) or self.editors.get(section_id)
        return self.tabs.indexOf(widget) if widget is not None else -1

    def show_finding(self, f: Finding) -> None:
        """Jump to the finding's tab and select its cells (or put the cursor in its text)."""
        fmt = self.doc.report.format
        tables = [fmt.cell(k).table for k in f.keys if fmt.has_cell(k)]
        if tables:
            self.tabs.setCurrentIndex(self.tab_of(tables[0]))
            self.views[tables[0]].select_keys([k for k in f.keys if k.startswith(tables[0] + ".")])
        elif f.texts and f.texts[0] in self.editors:
            self.tabs.setCurrentIndex(self.tab_of(f.texts[0]))
            self.editors[f.texts[0]].editor.setFocus()
        else:
            self.meta.agency.setFocus()
        self.show_status(f"{finding_section(self.doc, f)}：{f.message}")

    def current_view(self) -> ReportTableView | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ReportTableView) else None

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    def update_counts(self) -> None:
        counts = self.doc.index.counts()
        if self.doc.index.failed:
            self.counts.setText("校验程序出错")
            self.counts.setStyleSheet("color: #b3261e; font-weight: bold; padding: 0 8px;")
            return
        if not any(counts.values()):
            self.counts.setText("未发现问题")
            self.counts.setStyleSheet("color: #1e7b34; font-weight: bold; padding: 0 8px;")
            return
        self.counts.setText(
            f"错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['info']}"
        )
        colour = "#b3261e" if counts["error"] else "#8a5a00"
        self.counts.setStyleSheet(f"color: {colour}; font-weight: bold; padding: 0 8px;")

    def update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.title}[*] — {APP_NAME}")
        self.setWindowModified(self.doc.dirty)

    # ------------------------------------------------------------------ edit actions
    def autosum(self) -> None:
        """自动合计: fill blank totals; overwrite typed totals only when the clerk agrees."""
        plan = plan_autosum(self.doc.report)
        if plan.empty:
            self.show_status("所有合计都与分项之和一致，无需填写。")
            return
        changes = dict(plan.fill_blank)
        if plan.differ:
            box = QMessageBox.question(
                self,
                "自动合计",
                f"有{len(plan.differ)}个已填写的合计与分项之和不一致。\n"
                "是否按分项之和改写这些合计？\n\n"
                "选“是”：全部按分项重新计算；选“否”：只填写空白的合计，已填写的保留不动。",
                QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.No,
            )
            if box == QMessageBox.StandardButton.Cancel:
                return
            if box == QMessageBox.StandardButton.Yes:
                changes.update(plan.differ)
            else:
                changes = dict(plan_autosum(self.doc.report, keep_typed=True).fill_blank)
        if changes and self.doc.set_values(changes, "自动合计"):
            self.show_status(f"自动合计：填写了{len(changes)}个合计。")
        else:
            self.show_status("没有需要填写的合计。")

    def copy(self) -> None:
        view = self.current_view()
        if view is not None:
            view.copy_selection()

    def paste(self) -> None:
        view = self.current_view()
        if view is not None:
            view.paste()

    def clear_cells(self) -> None:
        view = self.current_view()
        if view is not None:
            view.clear_selection()

    # ------------------------------------------------------------------ output
    def printing(self):
        if self._printing is None:
            # Imported on first use: +30 ms at start-up otherwise (measured, bench_gui machine).
            from gui.printing import Printing

            self._printing = Printing(self)
        return self._printing

    def print_preview(self) -> None:
        self.printing().preview(self.doc.report, self.doc.findings)

    def print_report(self) -> None:
        if self.printing().print(self.doc.report, self.doc.findings):
            self.show_status("已发送到打印机。")

    def export_pdf(self) -> None:
        path = self.files.export_pdf()
        if path:
            self.show_status(f"已导出PDF：{path}")

    def batch_check(self) -> None:
        # Imported on first use: the batch service pulls in every reader, +50 ms at start-up.
        from gui.batch_dialog import BatchDialog

        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(self)
            self.batch_dialog.open_requested.connect(self.files.open_recent)
        self.batch_dialog.show()
        self.batch_dialog.raise_()

    # ------------------------------------------------------------------ window events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            # Let the drop finish before any dialog appears.
            QTimer.singleShot(0, lambda: self.files.open_recent(urls[0]))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        if self.autosaver is not None:
            self.autosaver.close()
        if self.batch_dialog is not None:
            self.batch_dialog.close()
        event.accept()

    def offer_recovery(self) -> bool:
        """After a crash: offer the newest autosaved work; True when it was restored."""
        found = orphans()
        if not found:
            return False
        newest = found[0]
        name = Path(newest.path).name if newest.path else (newest.report.agency or "未命名报告")
        answer = QMessageBox.question(
            self,
            "恢复未保存的工作",
            f"上次关闭前，“{name}”有未保存的修改（已自动备份）。是否恢复？\n\n"
            "选“否”将删除这份备份。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        restored = answer == QMessageBox.StandardButton.Yes
        if restored:
            self.doc.load(newest.report, newest.path, needs_saving=True)
        forget(found)
        return restored
