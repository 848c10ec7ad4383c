"""The main window: identity form, one tab per section, the findings panel, menus.

Everything shown is read from the Document (the Report and its findings); the window only
arranges views and forwards actions to small functions elsewhere in gui/.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
)
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

import resources

if TYPE_CHECKING:  # imported when the window is built, or on first use (start-up speed)
    from gui.batch_dialog import BatchDialog
    from gui.compare_dialog import CompareDialog
    from gui.printing import Printing
    from gui.start_page import StartPage
    from gui.table_view import ReportTableView
    from gui.text_editor import ProseEditor
    from rules.finding import Finding
    from workbook.model.report import Report

APP_NAME = "年报工作台"
PREFERRED_SIZE = QSize(1280, 820)
# What the window frame and title bar add outside the client area (Windows 10/11, 100–150 %).
FRAME_ALLOWANCE = QSize(16, 40)
FINDINGS_WIDTH = 300


def window_geometry(available: QRect) -> QRect:
    """The first window: the preferred size, never larger than the screen's free area, centred.

    On the common 1366×768 laptop (taskbar 40 px) this gives 1350×688, so the status bar and the
    findings panel's buttons are on screen without maximising.
    """
    width = min(PREFERRED_SIZE.width(), available.width() - FRAME_ALLOWANCE.width())
    height = min(PREFERRED_SIZE.height(), available.height() - FRAME_ALLOWANCE.height())
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    rect.moveTop(max(available.top(), rect.top() - FRAME_ALLOWANCE.height() // 2))
    return rect


def app_icon() -> QIcon:
    path = resources.path("icons", "nianbao.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


# Built once the reading page has painted; this late at the latest (a window started minimised
# is never painted).
BUILD_AT_LATEST_MS = 1000


class MainWindow(QMainWindow):
    opening_done = Signal(bool)  # the start-up file is open (True), or could not be opened

    def __init__(
        self,
        report: Report | None = None,
        *,
        autosave: bool = True,
        opening: str | None = None,
    ) -> None:
        """The whole window; with `opening` (start-up with a file) only its frame and the
        file's name first: the rest is built, and the file read, once that has painted."""
        super().__init__()
        self.opening = opening  # the start-up file, until it is open (or failed to open)
        self._printing: Printing | None = None
        self.batch_dialog: BatchDialog | None = None
        self.compare_dialog: CompareDialog | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.fit_to_screen()
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.built = False
        if opening is None:
            self._build(report, autosave)
            return
        from gui.menus import placeholder_menus
        from gui.reading_page import ReadingPage

        self.setWindowTitle(f"{Path(opening).name} — {APP_NAME}")
        placeholder_menus(self)
        self.statusBar()  # from the first paint: nothing moves later
        self.reading_page = ReadingPage(opening)
        self.pages.addWidget(self.reading_page)
        self.reading_page.painted.connect(lambda: QTimer.singleShot(0, self._finish_opening))
        QTimer.singleShot(BUILD_AT_LATEST_MS, self._finish_opening)

    def _build(self, report: Report | None, autosave: bool) -> None:
        """Everything but the frame: the report's views, the findings panel, menus, status."""
        from PySide6.QtCore import Qt  # not at start-up (ReadingPage)

        from gui.document import Document
        from gui.file_actions import FileActions
        from gui.findings_panel import FindingsPanel
        from gui.menus import build_menus
        from gui.meta_form import MetaForm
        from gui.recovery import Autosaver
        from gui.status import StatusMessages

        self.built = True
        self.doc = Document(report, self, check=self.opening is None)
        self.files = FileActions(self, self.doc)
        self.views: dict[str, ReportTableView] = {}
        self.editors: dict[str, ProseEditor] = {}
        self._format_id = ""

        editor = QWidget()
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.meta = MetaForm(self.doc)
        layout.addWidget(self.meta)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        layout.addWidget(self.tabs, 1)
        self._start_page: StartPage | None = None  # made when first shown
        self.pages.addWidget(editor)
        self.editor_page = editor

        self.findings = FindingsPanel(self.doc, self)
        self.findings.activated.connect(self.show_finding)
        self.findings.cell_activated.connect(self.show_cell)
        self.findings.status_message.connect(self.show_status)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.findings)
        self.resizeDocks([self.findings], [FINDINGS_WIDTH], Qt.Orientation.Horizontal)

        self.status = StatusMessages(self.statusBar(), self.doc)
        self.progress_label = self.status.progress
        self.counts = self.status.counts
        self.actions_by_name = build_menus(self)

        self.doc.report_replaced.connect(self.on_report_replaced)
        self.doc.path_changed.connect(self.update_title)
        self.doc.undo_stack.cleanChanged.connect(self.update_title)
        self.files.opened.connect(self.on_opened)
        self.doc.previous_changed.connect(self.follow_previous)
        self.rebuild_tabs()
        if self.opening is None:
            self.update_title()
        self.autosaver = Autosaver(self.doc, self) if autosave else None
        self.recovered_windows: list[MainWindow] = []  # opened to restore other backups

    def _finish_opening(self) -> None:
        """After the first paint: the reader child starts and reads the file while the window
        is built; then the grid fills (or the usual message, and the start page)."""
        path = self.opening
        if path is None or self.built:
            return
        from gui.reading import start_reading

        reading = start_reading(path)
        self._build(None, autosave=True)
        self.findings.hide()  # until the report is on screen (show_editor)
        self.status.report_shown = False
        self.status.update_counts()
        self.status.update_previous()
        opened = self.files.load_path(path, reading)  # the editor shows once it is open
        self.opening = None
        if not opened:  # the blank report stays: now it is checked, as in any window
            self.doc.recheck()
            self.update_title()
            self.show_start_page()
        self.pages.removeWidget(self.reading_page)
        self.reading_page.deleteLater()
        self.opening_done.emit(opened)
        # Also when started with a file (double-clicked after a crash): backups go to new windows.
        QTimer.singleShot(0, self.offer_recovery)

    def fit_to_screen(self) -> None:
        """Size and place the window inside the screen's free area (never larger)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED_SIZE)
            return
        self.setGeometry(window_geometry(screen.availableGeometry()))

    # ------------------------------------------------------------------ pages
    @property
    def start_page(self) -> StartPage:
        """The first screen, made when first needed: a window started with a file that opens
        may never show it (40 ms of start-up)."""
        if self._start_page is None:
            from gui.start_page import StartPage

            self._start_page = StartPage(self.files)
            self._start_page.started.connect(self.show_editor)
            self.pages.addWidget(self._start_page)
        return self._start_page

    def show_start_page(self) -> None:
        """The first screen: how to start (the findings panel waits until there is a report)."""
        self.start_page.refresh()
        if self.pages.currentWidget() is self.editor_page:  # leaving the report: as it was
            self._findings_were_visible = self.findings.isVisible() or not self.isVisible()
        self.pages.setCurrentWidget(self.start_page)
        self.findings.hide()
        self.actions_by_name["start_page"].setEnabled(False)
        self.status.report_shown = False  # no report on screen: no counts either
        self.status.update_counts()
        self.status.update_previous()

    def show_editor(self) -> None:
        if self.pages.currentWidget() is self.editor_page:
            return
        self.pages.setCurrentWidget(self.editor_page)
        if getattr(self, "_findings_were_visible", True):
            self.findings.show()
        self.actions_by_name["start_page"].setEnabled(True)
        self.status.report_shown = True
        self.status.update_counts()
        self.status.update_previous()

    def on_opened(self, path: str) -> None:
        note = self.doc.previous_note  # the 上年 taken off or changed for this report
        self.show_status(f"已打开：{path}" + (f"。{note}" if note else ""))

    def follow_previous(self) -> None:
        """An open 与上年比较 shows this report against its own 上年, or closes without one."""
        dialog = self.compare_dialog
        if dialog is None:
            return
        if self.doc.previous is None:
            dialog.close()
        else:
            dialog.set_reports(self.doc.report, self.doc.previous)

    def on_report_replaced(self) -> None:
        """A report was opened or created: show it from its start, on the tab that needs it."""
        self.rebuild_tabs()
        self.show_editor()
        for view in self.views.values():
            view.go_home()
        self.tabs.setCurrentIndex(self.first_tab_to_look_at())

    def first_tab_to_look_at(self) -> int:
        """The first tab with an open error or warning (not mere blanks), else the first tab."""
        from gui.progress import is_progress

        fmt = self.doc.report.format
        for i, section in enumerate(fmt.sections):
            for f in self.doc.findings:
                if f.acknowledged is not None or is_progress(f) or f.severity == "info":
                    continue
                tables = {fmt.cell(k).table for k in f.keys if fmt.has_cell(k)}
                if section.id in tables or section.id in f.texts:
                    return self.tab_of(section.id) if self.tab_of(section.id) >= 0 else i
        return 0

    # ------------------------------------------------------------------ views
    def rebuild_tabs(self) -> None:
        """One tab per section of the report's format (rebuilt when the format changes)."""
        from gui.keys import tab_chain
        from gui.table_model import ReportTableModel
        from gui.table_view import ReportTableView
        from gui.text_editor import ProseEditor

        fmt = self.doc.report.format
        if fmt.id == self._format_id:
            return  # the views follow the Document themselves
        current = self.tabs.currentIndex()
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.clear()
        for widget in old:
            if widget is not None:  # never: every index below count() has its page
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
                editor.status_message.connect(self.show_status)
                self.editors[section.id] = editor
                self.tabs.addTab(editor, section.sheet)
        self._format_id = fmt.id
        tab_chain(self)
        self.tabs.setCurrentIndex(max(current, 0))
        self.statusBar().clearMessage()

    def tab_of(self, section_id: str) -> int:
        widget = self.views.get(section_id) or self.editors.get(section_id)
        return self.tabs.indexOf(widget) if widget is not None else -1

    def show_finding(self, f: Finding) -> None:
        """Jump to the finding's tab and select its cells (or put the cursor in its text)."""
        from gui.findings_panel import finding_section

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
        self.status.show_finding(f"{finding_section(self.doc, f)}：{f.message}", f)

    def show_cell(self, key: str) -> None:
        """Jump to a cell's tab and select it (from the 与上年比较 view)."""
        fmt = self.doc.report.format
        if fmt.has_cell(key):
            table = fmt.cell(key).table
            self.tabs.setCurrentIndex(self.tab_of(table))
            self.views[table].select_keys([key])

    def current_view(self) -> ReportTableView | None:
        from gui.table_view import ReportTableView

        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ReportTableView) else None

    def show_status(self, message: str) -> None:
        """What just happened; it goes when it stops being true (undo, fixed)."""
        self.status.show(message)

    def update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.title}[*] — {APP_NAME}")
        self.setWindowModified(self.doc.dirty)

    # ------------------------------------------------------------------ edit actions
    def autosum(self) -> None:
        """自动合计: fill blank totals; overwrite typed totals only when the clerk agrees."""
        from gui.autosum import plan_autosum

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

    def _text_field(self) -> QLineEdit | QPlainTextEdit | QTextEdit | None:
        """The text field with the keyboard focus: 复制/粘贴 then mean its text, not cells."""
        widget = QApplication.focusWidget()
        return widget if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit) else None

    def copy(self) -> None:
        field = self._text_field()
        if field is not None:
            field.copy()
            return
        view = self.current_view()
        if view is not None:
            view.copy_selection()

    def cut(self) -> None:
        field = self._text_field()
        if field is not None:
            field.cut()
            return
        view = self.current_view()
        if view is not None:
            view.copy_selection()
            view.clear_selection()

    def paste(self) -> None:
        field = self._text_field()
        if field is not None:
            field.paste()
            return
        view = self.current_view()
        if view is not None:
            view.paste()

    def clear_cells(self) -> None:
        view = self.current_view()
        if view is not None:
            view.clear_selection()

    # ------------------------------------------------------------------ output
    def printing(self) -> Printing:
        if self._printing is None:
            # Imported on first use: +30 ms at start-up otherwise (measured, bench_gui machine).
            from gui.printing import Printing

            self._printing = Printing(self)
        return self._printing

    def print_preview(self) -> None:
        self.printing().preview(self.doc.report, self.doc.findings)

    def print_report(self, kind: str = "clean") -> None:
        if self.printing().print(self.doc.report, self.doc.findings, kind):
            self.show_status("已发送到打印机。")

    def export_pdf(self) -> None:
        self.files.export_pdf()  # it confirms, with a button to open the folder

    def export_publication(self) -> None:
        path = self.files.export_publication()
        if path:
            self.show_status(f"已导出：{path}")

    def batch_check(self) -> None:
        # Imported on first use: the batch service pulls in every reader, +50 ms at start-up.
        from gui.batch_dialog import BatchDialog
        from gui.dialogs import settle

        if self.batch_dialog is None:
            self.batch_dialog = BatchDialog(self)
            settle(self.batch_dialog, "batch")
            self.batch_dialog.open_requested.connect(self.files.open_recent)
        self.batch_dialog.show()
        self.batch_dialog.raise_()

    def compare_previous(self) -> None:
        """与上年比较: last year's report is the one loaded for checking (asked for if none)."""
        from gui.compare_dialog import CompareDialog
        from gui.dialogs import settle

        if self.doc.previous is None:
            self.files.open_previous()
            if self.doc.previous is None:
                return
        if self.compare_dialog is not None:
            self.compare_dialog.close()
        dialog = CompareDialog(self.doc.report, self.doc.previous, self)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        settle(dialog, "compare")
        dialog.cell_requested.connect(self.show_cell)
        dialog.finished.connect(lambda _result, d=dialog: self._compare_dialog_closed(d))
        self.compare_dialog = dialog
        dialog.show()

    def _compare_dialog_closed(self, dialog: CompareDialog) -> None:
        if self.compare_dialog is dialog:  # closed, and deleted on close: never touch it again
            self.compare_dialog = None

    # ------------------------------------------------------------------ window events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.built and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            # Let the drop finish before any dialog appears.
            QTimer.singleShot(0, lambda: self.files.open_recent(urls[0]))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.built:  # closed before the start-up file was read: nothing to keep
            self.opening = None
            event.accept()
            return
        if not self.files.confirm_discard():
            event.ignore()
            return
        if self.autosaver is not None:
            self.autosaver.close()
        if self.batch_dialog is not None:
            self.batch_dialog.close()
        event.accept()

    def offer_recovery(self) -> bool:
        """After a crash: offer every window's autosaved work (gui.recovery); True when some
        was restored, into this window while it holds nothing, else into new ones."""
        from gui.recovery import offer_backups

        return offer_backups(self)
