"""Every window fits the screen at 1366×768 and 1280×720/125 % and remembers its size (issue 21):
print preview (900×1000 before: 270 px below a 768-px screen), batch, compare, import notes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

import gui.dialogs
from gui.dialogs import FRAME_ALLOWANCE, fit_rect
from gui.main_window import window_geometry
from tests.gui.conftest import consistent_report
from tests.helpers.screens import LAPTOP, SMALL
from workbook.model.imported import Imported
from workbook.model.values import Note

SCREENS = pytest.mark.parametrize("screen", [LAPTOP, SMALL], ids=["1366x768", "1280x720-125%"])


@pytest.fixture
def screen_of(monkeypatch):
    """Pretend the dialogs open on this screen (offscreen Qt has one of its own size)."""

    def use(rect: QRect) -> None:
        monkeypatch.setattr(gui.dialogs, "available_area", lambda _widget: rect)

    return use


def fits(dialog: QWidget, screen: QRect) -> bool:
    """Inside the free area with its frame, and room left for a title bar."""
    small_enough = dialog.height() <= screen.height() - FRAME_ALLOWANCE.height()
    return dialog.isVisible() and small_enough and screen.contains(dialog.frameGeometry())


def test_fit_rect_never_exceeds_the_free_area():
    for screen in (LAPTOP, SMALL):
        rect = fit_rect(QSize(900, 1000), screen)
        assert rect.height() <= screen.height() - FRAME_ALLOWANCE.height()
        assert screen.contains(rect)
    assert fit_rect(QSize(600, 400), LAPTOP).size() == QSize(600, 400)  # small stays small


@SCREENS
def test_print_preview_fits_and_remembers(window, screen_of, monkeypatch, screen):
    screen_of(screen)
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(screen))
    seen: list[tuple[bool, QSize]] = []

    def fake_exec(dialog: QPrintPreviewDialog) -> int:  # modal dialogs hang offscreen
        dialog.show()
        seen.append((fits(dialog, screen), dialog.size()))
        if len(seen) == 1:
            dialog.resize(700, 450)  # the clerk makes it smaller
        dialog.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    window.print_preview()
    assert seen[0][0], seen
    window.print_preview()
    assert seen[1] == (True, QSize(700, 450))


@SCREENS
def test_batch_compare_and_notes_fit_the_screen(window, screen_of, screen, qtbot):
    screen_of(screen)
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(screen))

    window.batch_check()
    assert fits(window.batch_dialog, screen)
    window.batch_dialog.close()

    window.doc.set_previous(consistent_report())
    window.compare_previous()
    compare = window.compare_dialog
    assert fits(compare, screen)
    compare.resize(640, 420)
    compare.close()
    window.compare_previous()
    assert window.compare_dialog.size() == QSize(640, 420)  # remembered
    window.compare_dialog.close()

    notes = Imported(consistent_report(), [Note("", f"第{i}条说明") for i in range(50)], "网页")
    window.files.show_notes("报告.html", notes)
    assert fits(window.files.notes_dialog, screen)
    window.files.notes_dialog.close()
