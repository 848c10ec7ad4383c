"""New, open, save, recent files, last year's report, exports: the File menu's work.

Reading and writing are workbook.files / workbook.xlsx.write.writer; this module only asks where, shows
errors in plain Chinese (str(ReportError)) and keeps the current work when anything fails.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from gui.dialogs import settle
from gui.document import Document
from workbook.model.errors import ReportError
from workbook.model.format import format_for_year
from workbook.model.imported import Imported
from workbook.model.report import Report

if TYPE_CHECKING:
    from gui.notes_dialog import ImportNotesDialog
    from gui.reading import PendingRead
    from workbook.publish.document import Publication
    from workbook.publish.save import PdfPainter

RECENT_KEY = "recent_files"
RECENT_MAX = 8
NATIVE_EXTENSIONS = (".xlsx", ".json")


def settings() -> QSettings:
    return QSettings("Nianbao", "Nianbao")


def open_filter() -> str:
    from workbook.files import OPEN_FILTER

    return OPEN_FILTER


def save_filter() -> str:
    from workbook.files import SAVE_FILTER

    return SAVE_FILTER


def read_file(path: str) -> Imported:
    """Any report file -> Imported, or ReportError with a Chinese message: read in the reading
    sandbox off the GUI thread, with a cancellable progress window (gui.reading)."""
    from gui.reading import read_contained

    return read_contained(path)


def is_native(path: str, imported: Imported) -> bool:
    """Saving back over this file keeps it a Nianbao file (never overwrite someone's own layout)."""
    return Path(path).suffix.lower() in NATIVE_EXTENSIONS and imported.native


def published_filter() -> str:
    """The open dialog's entry for published reports (web pages, text …), as workbook.files has it."""
    for entry in open_filter().split(";;"):
        if entry.startswith("已发布"):
            return entry
    return ""


# Windows refuses longer paths unless long paths are enabled; the temporary file written beside
# the target while saving is about 20 characters longer than the target itself.
WINDOWS_MAX_PATH = 260
TEMP_NAME_EXTRA = 20


def long_path_note(path: str) -> str:
    """A hint to add to a failure message when the path is too long for Windows ("" otherwise)."""
    length = len(str(Path(path).absolute()))
    if length + TEMP_NAME_EXTRA < WINDOWS_MAX_PATH:
        return ""
    return (
        f"\n\n这个路径很长（{length}个字符），Windows 通常不支持超过{WINDOWS_MAX_PATH}个字符的路径。"
        "请换一个较短的文件夹（例如桌面或 D:\\年报）或缩短文件名。"
    )


def default_year() -> int:
    """Reports are written early in the year about the year before."""
    return date.today().year - 1


class FileActions(QObject):
    opened = Signal(str)  # a path was opened (for the status bar)

    def __init__(self, window: QMainWindow, doc: Document) -> None:
        super().__init__(window)
        self.window = window
        self.doc = doc
        self.notes_dialog: ImportNotesDialog | None = None

    # ------------------------------------------------------------------ helpers
    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    def _start_dir(self) -> str:
        if self.doc.path:
            return str(Path(self.doc.path).parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else ""

    def suggested_name(
        self, suffix: str, *, year: int | None = None, agency: str | None = None
    ) -> str:
        r = self.doc.report
        year = r.year if year is None else year
        agency = r.agency if agency is None else agency
        fmt = format_for_year(year) if year else r.format
        when = f"{year}年" if year else ""
        return str(Path(self._start_dir()) / f"{agency}{when}{fmt.title}{suffix}")

    # ------------------------------------------------------------------ unsaved changes
    def confirm_discard(self) -> bool:
        """True when the current work may be replaced (saved, or the clerk said discard)."""
        if not self.doc.dirty:
            return True
        answer = QMessageBox.question(
            self.window,
            "保存修改",
            f"“{self.doc.title}”有未保存的修改。是否先保存？",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ------------------------------------------------------------------ new / open
    def new_blank(self, year: int | None = None) -> bool:
        """A blank report in the format of `year` (default: last year, the usual case)."""
        return self.new_report(default_year() if year is None else year)

    def new_report(self, year: int, *, agency: str = "", agency_kind: str | None = None) -> bool:
        """新建报告 from the start page: the year decides the format, the kind the rules."""
        if not self.confirm_discard():
            return False
        report = Report.blank(
            format_for_year(year).id, year=year, agency=agency, agency_kind=agency_kind
        )
        self.doc.load(report, None)  # the 上年 stays only if it is this unit's year before
        return True

    def new_for_year(self) -> None:
        """新建其他年度的报告: e.g. a 2020 report in the 2019 trial format."""
        year, ok = QInputDialog.getInt(
            self.window,
            "新建其他年度的报告",
            "报告年度（2019、2020年度使用2019年试行格式，2021年度起使用2021年格式）：",
            default_year(),
            2019,
            date.today().year,
        )
        if ok:
            self.new_blank(year)

    def new_from_previous(self) -> bool:
        """A blank report for the next year, with last year's report kept for comparison."""
        if not self.confirm_discard():
            return False
        picked = self._pick_report("选择上一年度的报告")
        if picked is None:
            return False
        previous, path = picked
        year = (previous.year + 1) if previous.year else default_year()
        report = Report.blank(
            format_for_year(year).id,
            agency=previous.agency,
            agency_kind=previous.agency_kind,
            year=year,
        )
        self.doc.load(report, None, previous=(previous, path))
        return True

    def open(self) -> bool:
        if not self.confirm_discard():
            return False
        path, _ = QFileDialog.getOpenFileName(
            self.window, "打开报告", self._start_dir(), open_filter()
        )
        return bool(path) and self.load_path(path)

    def import_published(self) -> bool:
        """从已发布的报告导入: the same door as 打开, the dialog set to published reports."""
        if not self.confirm_discard():
            return False
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            "从已发布的报告导入（PDF、网页、文本）",
            self._start_dir(),
            open_filter(),
            published_filter(),
        )
        return bool(path) and self.load_path(path)

    def load_path(self, path: str, reading: PendingRead | None = None) -> bool:
        """Open a file (`reading`: its read, started earlier); on failure say why and leave
        the current work as it was."""
        from workbook.sandbox import ReadCancelled

        try:
            if reading is not None:
                imported = reading.wait(self.window)
            else:  # a scan: 第 N/M 页 as the OCR child reads it (gui.ocr_reading)
                from gui.reading import read_with_progress

                imported = read_with_progress(self.window, path)  # scans: progress, cancel
        except ReadCancelled as e:  # the clerk pressed 取消: nothing to explain
            self.window.statusBar().showMessage(str(e), 5000)
            return False
        except ReportError as e:
            self._warn("无法打开文件", str(e) + long_path_note(path))
            return False
        native = is_native(path, imported)
        self.doc.load(imported.report, path if native else None, needs_saving=not native)
        # OCR readings the arithmetic did not confirm, with the scan's row for each
        self.doc.set_review(imported.review, imported.ocr_snippets)
        self.add_recent(path)
        self.opened.emit(path)
        if imported.notes:
            self.show_notes(path, imported)
        return True

    def show_notes(self, path: str, imported: Imported) -> None:
        """All import notes, in a window that stays open beside the report."""
        if self.notes_dialog is None:
            from gui.notes_dialog import ImportNotesDialog

            self.notes_dialog = ImportNotesDialog(self.window)
            settle(self.notes_dialog, "notes")
        self.notes_dialog.show_notes(path, imported)

    def reopen_notes(self) -> None:
        """查看 > 导入说明: the last import's notes again (or that there were none)."""
        if self.notes_dialog is None:
            self.window.statusBar().showMessage("上次打开的文件没有需要核对的导入说明。", 5000)
            return
        self.notes_dialog.show()
        self.notes_dialog.raise_()

    def _pick_report(self, title: str) -> tuple[Report, str] | None:
        """Ask for a file and read it; None when cancelled or unreadable (the user was told)."""
        path, _ = QFileDialog.getOpenFileName(self.window, title, self._start_dir(), open_filter())
        if not path:
            return None
        try:
            return read_file(path).report, path
        except ReportError as e:
            self._warn("无法打开文件", str(e))
            return None

    def open_previous(self) -> None:
        """载入上年报告; another unit's report, or not the year before, only if the clerk says so."""
        picked = self._pick_report("打开上一年度的报告（用于跨年度核对）")
        if picked is None:
            return
        from service.previous import previous_warnings

        warnings = previous_warnings(self.doc.report, picked[0])
        if warnings and not self._confirm_previous(warnings):
            return
        self.doc.set_previous(*picked)

    def _confirm_previous(self, warnings: list[str]) -> bool:
        answer = QMessageBox.question(
            self.window,
            "上年报告可能选错了",
            "\n".join(warnings)
            + "\n\n仍要把它作为上年报告载入吗？跨年度核对和与上年比较都将按这份报告进行。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ save
    def save(self) -> bool:
        if not self.doc.path:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "另存为", self.suggested_name(".xlsx"), save_filter()
        )
        if not path:
            return False
        if not Path(path).suffix:
            path += ".xlsx"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Save; when refused (on Windows: the file is open in Excel/WPS) keep the work, offer 另存为."""
        from workbook.files import save_report
        from workbook.savefile import ReadOnlyTarget

        try:
            try:
                notes = save_report(self.doc.report, path)
            except ReadOnlyTarget:
                if not self._confirm_overwrite_read_only(path):
                    return False
                notes = save_report(self.doc.report, path, force=True)
        except ReportError as e:
            answer = QMessageBox.question(
                self.window,
                "保存失败",
                f"{e}{long_path_note(path)}\n\n您的修改仍在本程序中，没有丢失，原文件也没有被改动。\n"
                "是否“另存为”一个新文件？（选“否”可以关闭 Excel/WPS 中的文件后再保存）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Yes:
                return self.save_as()
            return False
        if notes:  # control characters removed, >15 digits kept as text …: never silently
            from workbook.model.notes import note_lines  # as `convert` lists them

            lines = "\n".join(
                f"· {line}" for line in note_lines(self.doc.report.format, notes)[:10]
            )
            self._warn("已保存，但有内容无法原样写入", lines)
        self.doc.mark_saved(path)
        self.add_recent(path)
        return True

    def _confirm_overwrite_read_only(self, path: str) -> bool:
        answer = QMessageBox.question(
            self.window,
            "只读文件",
            f"“{Path(path).name}”是只读文件。仍要覆盖它吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ exports
    def confirm_export(self, what: str, path: str) -> None:
        """Say where the export went, with a button that opens its folder."""
        answer = QMessageBox.information(
            self.window,
            f"已导出{what}",
            f"已导出{what}：\n{path}\n\n点“打开”查看所在的文件夹。",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Close,
        )
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve().parent)))

    def export_template(self, year: int | None = None, agency: str | None = None) -> bool:
        r = self.doc.report
        year = r.year if year is None else year
        agency = r.agency if agency is None else agency
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "导出空白模板",
            self.suggested_name("（空白模板）.xlsx", year=year, agency=agency),
            "Excel 工作簿 (*.xlsx)",
        )
        if not path:
            return False
        if not Path(path).suffix:
            path += ".xlsx"
        from workbook.xlsx.write.writer import write_template

        format_id = format_for_year(year).id if year else r.format_id
        try:
            write_template(path, year=year, agency=agency, format_id=format_id)
        except ReportError as e:
            self._warn("导出失败", str(e))
            return False
        self.confirm_export("空白模板", path)
        return True

    def export_checked(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            "导出校验结果工作簿",
            self.suggested_name("（校验结果）.xlsx"),
            "Excel 工作簿 (*.xlsx)",
        )
        if not path:
            return False
        if not Path(path).suffix:
            path += ".xlsx"
        from workbook.files import save_report

        try:
            save_report(self.doc.report, path, mode="checked", findings=self.doc.findings)
        except ReportError as e:
            self._warn("导出失败", str(e))
            return False
        self.confirm_export("校验结果工作簿", path)
        return True

    def export_pdf(self) -> str | None:
        """A PDF without any printer; the file type chosen says 正式文本 or 校验稿."""
        from gui.printing import CLEAN, DRAFT, pdf_bytes, publication

        filters = {"正式文本 PDF (*.pdf)": CLEAN, "校验稿 PDF：带标记和校验结果 (*.pdf)": DRAFT}
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "导出PDF", self.suggested_name(".pdf"), ";;".join(filters)
        )
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        pub = publication(self.doc.report, self.doc.findings, filters.get(chosen, CLEAN))
        if not self._save_publication(pub, path, pdf_bytes):
            return None
        self.confirm_export("PDF", path)
        return path

    def export_publication(self) -> str | None:
        """The clean copy as a Word document or a web page a portal can post."""
        filters = {"Word 文档 (*.docx)": ".docx", "网页 (*.html)": ".html"}
        path, chosen = QFileDialog.getSaveFileName(
            self.window, "导出Word或网页", self.suggested_name(".docx"), ";;".join(filters)
        )
        if not path:
            return None
        ext = Path(path).suffix.lower()
        if ext not in (".docx", ".html", ".htm"):
            ext = filters.get(chosen, ".docx")
            path += ext
        from workbook.publish.document import build

        if not self._save_publication(build(self.doc.report), path):
            return None
        self.confirm_export("Word文档" if ext == ".docx" else "网页", path)
        return path

    def _save_publication(self, pub: Publication, path: str, pdf: PdfPainter | None = None) -> bool:
        """The one save of every export (workbook.publish.save, as `nianbao export`): atomic,
        asks before replacing a read-only file, says in Chinese why a save failed."""
        from workbook.publish.save import save_publication
        from workbook.savefile import ReadOnlyTarget

        try:
            try:
                save_publication(pub, path, pdf=pdf)
            except ReadOnlyTarget:
                if not self._confirm_overwrite_read_only(path):
                    return False
                save_publication(pub, path, pdf=pdf, force=True)
        except ReportError as e:
            self._warn("导出失败", f"{e}{long_path_note(path)}")
            return False
        return True

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[str]:
        value = settings().value(RECENT_KEY, [])
        if isinstance(value, str):  # a list of one comes back as its only string (.ini)
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [p for p in self.recent_files() if p != path]
        settings().setValue(RECENT_KEY, [path, *files][:RECENT_MAX])

    def open_recent(self, path: str) -> bool:
        return self.confirm_discard() and self.load_path(path)
