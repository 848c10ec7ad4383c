"""Cold start with a file (`nianbao 报告.xlsx`): the window shows the file's name at once and
imports nothing the first paint does not need; the report arrives after, in the same state as
any open (findings panel, status bar), and a file that cannot be read ends as it always does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from gui.app import open_window, setup_application
from gui.main_window import BUILD_AT_LATEST_MS, MainWindow
from tests.helpers.fresh import heavy_among, imported_in_fresh_interpreter
from tests.helpers.reports import consistent_report
from workbook.files import save_report

# Never needed to show the main window: readers and writers of files, their pure-Python
# machinery, the reading sandbox's processes, printing, charts and the other windows, the
# services behind the batch, summary, comparison and history, and OCR.
HEAVY = (
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "pypdfium2",
    "docx",
    "lxml",
    "psutil",
    "multiprocessing",
    "PySide6.QtPrintSupport",
    "PySide6.QtSvg",
    "gui.printing",
    "gui.batch_dialog",
    "gui.compare_dialog",
    "gui.chart_window",
    "gui.charts",
    "gui.notes_dialog",
    "gui.workers",
    "gui.ocr_reading",
    "workbook.files",
    "workbook.importers",
    "workbook.xlsx",
    "workbook.publish",
    "workbook.sandbox",
    "service.batch",
    "service.summarize",
    "service.compare",
    "service.history",
    "rapidocr_onnxruntime",
    "cv2",
    "numpy",
)
# Besides, not needed for the first paint of a window started with a file (its name and
# 正在读取…): the checker, the report model and every part of the editor come after it.
NOT_BEFORE_FIRST_PAINT = (
    *HEAVY,
    "rules",
    "service",
    "workbook.model",
    "gui.document",
    "gui.findings_panel",
    "gui.table_view",
    "gui.text_editor",
    "gui.start_page",
    "gui.keys",
    "gui.recovery",
)


def test_the_main_window_imports_nothing_heavy():
    modules = imported_in_fresh_interpreter(
        "import sys\n"
        "from gui.app import setup_application\n"
        "app = setup_application()\n"
        "from gui.main_window import MainWindow\n"
        "w = MainWindow(autosave=False)\n"
        "w.show_start_page()\n"
        "w.show()\n"
        "app.processEvents()\n"
        "print('MODULES', *sorted(sys.modules))\n"
    )
    assert "gui.table_view" in modules  # it did build the window
    assert heavy_among(modules, HEAVY) == []


# `nianbao 甲.xlsx` in a fresh interpreter: the modules at the first paint, and once open.
START_WITH_FILE = (
    "import sys\n"
    "from gui.app import open_window, setup_application\n"
    "app = setup_application()\n"
    "w = open_window(sys.argv[1])\n"
    "w.reading_page.painted.connect(lambda: print('PAINTED', *sorted(sys.modules), flush=True))\n"
    "def opened(ok):\n"
    "    print('OPENED' if ok else 'FAILED', *sorted(sys.modules), flush=True)\n"
    "    w.doc.undo_stack.setClean()\n"
    "    w.close()\n"
    "w.opening_done.connect(opened)\n"
    "app.exec()\n"
)


def started_with_a_file(tmp_path: Path, mark: str) -> set[str]:
    path = tmp_path / "甲.xlsx"
    save_report(consistent_report(), path)
    return imported_in_fresh_interpreter(START_WITH_FILE, str(path), mark=mark)


def test_the_first_paint_with_a_file_imports_only_the_frame(tmp_path):
    modules = started_with_a_file(tmp_path, "PAINTED")
    assert "gui.main_window" in modules
    assert heavy_among(modules, NOT_BEFORE_FIRST_PAINT) == []


def test_the_file_given_at_start_is_read_by_the_reader_child_only(tmp_path):
    modules = started_with_a_file(tmp_path, "OPENED")
    assert "gui.table_view" in modules and "workbook.sandbox" in modules
    # The sandbox and its processes are expected here; no reader, writer, or other window.
    expected = (
        "multiprocessing",
        "psutil",
        "workbook.sandbox",
        "workbook.files",
        "workbook.importers",
    )
    assert heavy_among(modules, tuple(n for n in HEAVY if n not in expected)) == []


def broken_report():
    report = consistent_report()
    report.values["requests.new.natural"] = 6  # the total no longer adds up: an error
    return report


def test_started_with_a_file_its_name_shows_then_the_report(qtbot, tmp_path):
    path = tmp_path / "甲单位.xlsx"
    save_report(broken_report(), path)
    setup_application()
    window = open_window(str(path))
    qtbot.addWidget(window)
    assert window.pages.currentWidget() is window.reading_page
    assert window.reading_page.label.text() == "正在读取“甲单位.xlsx”……"
    assert "甲单位.xlsx" in window.windowTitle()
    assert not window.built  # nothing more than the frame before the first paint

    with qtbot.waitSignal(window.opening_done, timeout=30_000) as done:
        pass
    assert done.args == [True]
    assert window.opening is None
    assert window.pages.currentWidget() is window.editor_page
    assert window.doc.report.values == broken_report().values
    assert window.doc.path == str(path)
    assert "甲单位.xlsx" in window.windowTitle()

    # The same as opening the file in a window built the usual way.
    usual = MainWindow(autosave=False)
    qtbot.addWidget(usual)
    usual.show()
    assert usual.files.load_path(str(path))
    assert window.findings.isVisible() and usual.findings.isVisible()
    assert [f.code for f in window.doc.findings] == [f.code for f in usual.doc.findings]
    assert any(f.severity == "error" for f in window.doc.findings)
    assert window.counts.text() == usual.counts.text() and "错误" in window.counts.text()
    assert window.counts.isVisible()
    assert window.tabs.currentIndex() == usual.tabs.currentIndex()
    assert window.statusBar().currentMessage() == f"已打开：{path}"
    assert window.actions_by_name["start_page"].isEnabled()
    for w in (window, usual):
        w.doc.undo_stack.setClean()
        w.close()


def test_a_file_that_cannot_be_read_says_why_and_shows_the_start_page(qtbot, tmp_path, dialogs):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    dialogs.answer("warning", QMessageBox.StandardButton.Ok)
    setup_application()
    window = open_window(str(path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.opening_done, timeout=30_000) as done:
        pass
    assert done.args == [False]
    (title, message) = dialogs.calls[0][1][1:3]
    assert title == "无法打开文件" and "坏.xlsx" in message
    assert window.pages.currentWidget() is window.start_page
    assert not window.findings.isVisible() and not window.counts.isVisible()
    assert window.doc.findings  # the blank report left in the window is checked all the same
    assert "坏.xlsx" not in window.windowTitle()

    # The next file opened from the start page shows with its findings panel.
    good = tmp_path / "好.xlsx"
    save_report(consistent_report(), good)
    assert window.files.load_path(str(good))
    assert window.pages.currentWidget() is window.editor_page
    assert window.findings.isVisible()
    window.doc.undo_stack.setClean()
    window.close()


def test_closing_before_the_first_paint_reads_nothing(qtbot, tmp_path):
    path = tmp_path / "甲.xlsx"
    save_report(consistent_report(), path)
    setup_application()
    window = MainWindow(opening=str(path))
    qtbot.addWidget(window)
    window.close()
    qtbot.wait(BUILD_AT_LATEST_MS + 100)  # past the latest moment it would have been built
    assert not window.built and window.opening is None


def test_a_window_that_is_never_painted_still_opens_its_file(qtbot, tmp_path):
    path = tmp_path / "甲.xlsx"
    save_report(consistent_report(), path)
    setup_application()
    window = MainWindow(opening=str(path))  # never shown: as if started minimised
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.opening_done, timeout=30_000) as done:
        pass
    assert done.args == [True] and window.doc.path == str(path)
    window.doc.undo_stack.setClean()


def test_no_reader_child_at_start_still_opens_the_file(qtbot, tmp_path, monkeypatch):
    import workbook.sandbox

    def refused() -> None:
        raise OSError("no more processes")  # a locked-down machine

    monkeypatch.setattr(workbook.sandbox, "warm_shared", refused)
    path = tmp_path / "甲.xlsx"
    save_report(consistent_report(), path)
    setup_application()
    window = open_window(str(path))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.opening_done, timeout=30_000) as done:
        pass
    assert done.args == [True] and window.doc.path == str(path)
    window.doc.undo_stack.setClean()
    window.close()
