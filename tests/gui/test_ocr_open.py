"""Opening a scan in the app: the OCR child reads it (never the GUI process), a progress window
counts its pages and can be cancelled (the child is killed, the window keeps its report), and
every number OCR read that the form's arithmetic could not confirm is marked for the clerk with
the scan's own row beside it, in the cell's tooltip and in the findings panel."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.importers import scanmake
from workbook.importers.sources import ocr, pdf

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed"),
]

KEY = "active.normative_documents.issued"  # table 二 has no sums: confirmed by nobody


@pytest.fixture(autouse=True)
def nothing_native_in_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's process neither opens a PDF with PDFium (to see whether it is a scan) nor
    runs OCR: the reading children do (spawned, so these patches do not reach them)."""

    def refuse(*_: object) -> None:
        raise AssertionError("a scan was looked at in the GUI process")

    monkeypatch.setattr(pdf, "read_pages", refuse)  # PDFium on the text layer
    monkeypatch.setattr(ocr, "import_pages", refuse)


def _pages(tmp_path: Path, count: int) -> tuple[list, object]:
    """The first pages of our own published report (title, prose, table 二 …), spoilt."""
    report = scanmake.busy_report()
    pages = scanmake.pictures(scanmake.exported_pdf(report, tmp_path), 150)[:count]
    return [scanmake.spoil(p, turn=-0.4) for p in pages], report


def _labels(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    original = QProgressDialog.setLabelText
    monkeypatch.setattr(
        QProgressDialog,
        "setLabelText",
        lambda self, text: (said.append(text), original(self, text))[1],
    )
    return said


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True) if p.is_running()}


def _when_pages_show(said: list[str], act: Callable[[QProgressDialog, QPushButton], None]) -> None:
    """Once the progress window counts pages (第 N/M 页), `act` on it and its button."""

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible() and "页" in str(said):
                button = widget.findChild(QPushButton)
                assert button is not None and button.text() == "取消"
                act(widget, button)
                return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def _cancel(pressed: list[str]) -> Callable[[QProgressDialog, QPushButton], None]:
    def press(dialog: QProgressDialog, button: QPushButton) -> None:
        pressed.append(dialog.labelText())
        button.click()

    return press


@pytest.mark.timeout(600)
def test_a_scanned_pdf_is_read_by_the_ocr_child_page_by_page(
    window, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _labels(monkeypatch)
    pages, report = _pages(tmp_path, 2)
    path = scanmake.save_pdf(pages, tmp_path / "扫描件.pdf")
    assert window.files.load_path(str(path))
    assert not [c for c in dialogs.calls if c[0] == "warning"]
    assert any("第 1/2 页" in t for t in said), said
    assert any("第 2/2 页" in t for t in said), said
    assert window.doc.report.values[KEY] == report.values[KEY]  # type: ignore[attr-defined]
    assert KEY in window.doc.review


@pytest.mark.timeout(600)
def test_cancelling_a_scan_kills_its_reader_and_leaves_the_window_alone(
    window, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.sandbox import warm_shared

    said = _labels(monkeypatch)
    pages, _ = _pages(tmp_path, 3)
    path = scanmake.save_tiff(pages, tmp_path / "扫描件.tif")
    window.doc.set_values({KEY: 5}, "改")
    before = (dict(window.doc.report.values), window.windowTitle(), window.doc.dirty)
    warm_shared()  # the usual reader stays warm by design; the OCR child must not stay
    children = _children()
    pressed: list[str] = []
    _when_pages_show(said, _cancel(pressed))
    assert not window.files.load_path(str(path))
    assert pressed and "第 1/3 页" in pressed[0]  # cancelled while OCR read the first page
    assert (dict(window.doc.report.values), window.windowTitle(), window.doc.dirty) == before
    assert not window.doc.review
    assert not [c for c in dialogs.calls if c[0] == "warning"]  # cancelled is not an error
    assert "已取消" in window.statusBar().currentMessage()
    assert _children() <= children  # the OCR child is gone


@pytest.mark.timeout(600)
def test_a_cell_to_confirm_shows_the_scans_row_and_the_clerk_confirms_it(
    qtbot, window, dialogs, tmp_path: Path
) -> None:
    import cv2
    import numpy as np

    from gui.table_model import REVIEW_BG
    from workbook.importers.sources.ocrengine import read_words

    pages, report = _pages(tmp_path, 1)
    path = tmp_path / "扫描件.jpg"
    cv2.imwrite(str(path), pages[0])
    assert window.files.load_path(str(path))
    doc = window.doc
    assert window.doc.report.values[KEY] == report.values[KEY] == 160  # type: ignore[attr-defined]
    index = window.views["active"].model().index_of(KEY)
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == REVIEW_BG
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "请核对" in tip
    png = doc.snippets[KEY]
    assert f"data:image/png;base64,{base64.b64encode(png).decode()}" in tip
    assert len(png) <= 40 * 1024
    # The snippet is that row of the scan: its label and the number read there.
    picture = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    seen = "".join(w.text for w in read_words(picture, 1.0))
    assert "规范性文件" in seen and "160" in seen, seen
    # The findings panel lists it under 请核对, shows the picture and confirms it by keyboard.
    panel = window.findings
    items = {i.data(0, Qt.ItemDataRole.UserRole + 2): i for i in panel.review_items()}
    assert set(items) == set(doc.review)
    window.activateWindow()  # from the 导入说明 window that opened beside it
    panel.tree.setCurrentItem(items[KEY])
    panel.tree.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.tree)
    assert "data:image/png;base64," in panel.detail.text()
    assert panel.confirm_button.isEnabled() and panel.confirm_button.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: KEY not in doc.review)  # a mnemonic clicks after a short flash
    assert doc.report.values[KEY] == 160  # confirmed, not changed
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None  # the plain cell again
    assert "请核对" not in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "data:image" not in index.data(Qt.ItemDataRole.ToolTipRole)
    assert KEY not in {i.data(0, Qt.ItemDataRole.UserRole + 2) for i in panel.review_items()}
    # On a cell in the table, Alt+M confirms that cell (its status tip says so).
    grid = window.views["active"]
    window.tabs.setCurrentIndex(window.tab_of("active"))
    other = next(k for k in doc.review if k in grid.model().positions)
    assert "Alt+M" in grid.model().index_of(other).data(Qt.ItemDataRole.StatusTipRole)
    grid.setCurrentIndex(grid.model().index_of(other))
    grid.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    qtbot.keyClick(grid, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: other not in doc.review)
    # Another one: the clerk types the number in, and its mark goes too.
    third = next(iter(doc.review))
    doc.set_values({third: 161}, "改")
    assert third not in doc.review
    # The marks and pictures describe the scan, not the report: a saved workbook has neither.
    saved = tmp_path / "报告.xlsx"
    assert window.files.save_to(str(saved))
    assert window.files.load_path(str(saved))
    assert window.doc.report.values[KEY] == 160
    assert not window.doc.review and not window.doc.snippets
    assert not window.findings.review_items()


def _started_with(qtbot, path: Path):
    from gui.app import open_window, setup_application

    setup_application()
    window = open_window(str(path))
    qtbot.addWidget(window)
    return window


@pytest.mark.timeout(600)
def test_a_scan_given_at_start_counts_its_pages_then_shows_the_marks(
    qtbot, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nianbao 扫描件.pdf`: the frame first, then 第 N/M 页 with 取消 as the OCR child reads,
    as when the scan is opened from the menu; the report comes with its cells to confirm."""
    said = _labels(monkeypatch)
    pages, report = _pages(tmp_path, 2)
    path = scanmake.save_pdf(pages, tmp_path / "扫描件.pdf")
    cancel_offered: list[str] = []
    window = _started_with(qtbot, path)
    assert window.pages.currentWidget() is window.reading_page
    _when_pages_show(said, lambda _dialog, button: cancel_offered.append(button.text()))
    with qtbot.waitSignal(window.opening_done, timeout=300_000) as done:
        pass
    assert done.args == [True]
    assert any("第 1/2 页" in t for t in said), said
    assert any("第 2/2 页" in t for t in said), said
    assert cancel_offered == ["取消"]
    assert window.pages.currentWidget() is window.editor_page
    assert window.doc.report.values[KEY] == report.values[KEY]  # type: ignore[attr-defined]
    assert KEY in window.doc.review and window.findings.review_items()
    assert not [c for c in dialogs.calls if c[0] == "warning"]
    window.doc.undo_stack.setClean()
    window.close()


@pytest.mark.timeout(600)
def test_cancelling_a_scan_given_at_start_leaves_the_start_page(
    qtbot, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """取消 while the scan given at start is read: the OCR child goes and the window is empty,
    as after a cancelled open — the start page, nothing to save, no error message."""
    said = _labels(monkeypatch)
    pages, _ = _pages(tmp_path, 3)
    path = scanmake.save_tiff(pages, tmp_path / "扫描件.tif")
    from workbook.sandbox import warm_shared

    warm_shared()  # the usual reader, which the window starts and keeps warm by design
    children = _children()
    pressed: list[str] = []
    window = _started_with(qtbot, path)
    _when_pages_show(said, _cancel(pressed))
    with qtbot.waitSignal(window.opening_done, timeout=300_000) as done:
        pass
    assert done.args == [False]
    assert pressed and "第 1/3 页" in pressed[0]
    assert window.pages.currentWidget() is window.start_page
    assert not window.findings.isVisible() and not window.doc.review
    assert not window.doc.dirty and "扫描件" not in window.windowTitle()
    assert "已取消" in window.statusBar().currentMessage()
    assert not [c for c in dialogs.calls if c[0] == "warning"]
    assert _children() <= children  # the OCR child is gone
    window.close()
