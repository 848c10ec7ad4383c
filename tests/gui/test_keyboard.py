"""Excel's keys with the real window at 1366×768 and 1280×720/125 % (issue 21): sections switch
with Ctrl+PgDn/PgUp and Ctrl+Tab from anywhere, access keys everywhere, Tab in reading order and
out of prose boxes, Enter for the default button, F1 for the finding's explanation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QWidget

from gui.dialogs import access_key
from gui.main_window import window_geometry
from tests.gui.conftest import consistent_report
from tests.helpers.screens import LAPTOP, SMALL

SCREENS = pytest.mark.parametrize("screen", [LAPTOP, SMALL], ids=["1366x768", "1280x720-125%"])
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _ready(window, screen: QRect) -> None:
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(screen))
    window.activateWindow()
    QGuiApplication.processEvents()


def _focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _in_table_three(qtbot, window, key: str = "requests.new.natural"):
    """A report open on table 三 with the keyboard in the grid, on `key`."""
    window.doc.load(consistent_report(), None)
    window.activateWindow()
    grid = window.views["requests"]
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    grid.setCurrentIndex(grid.model().index_of(key))
    _focus(qtbot, grid)
    return grid


@SCREENS
def test_ctrl_pgdn_and_ctrl_tab_switch_sections_from_anywhere(qtbot, window, screen):
    _ready(window, screen)
    tabs = window.tabs
    grid = window.views["requests"]
    tabs.setCurrentIndex(window.tab_of("requests"))
    grid.setCurrentIndex(grid.model().index_of("requests.new.natural"))
    _focus(qtbot, grid)

    qtbot.keyClick(grid, Qt.Key.Key_PageDown, CTRL)  # in Excel: the next sheet, not a scroll
    assert tabs.currentIndex() == window.tab_of("appeals")
    here = QApplication.focusWidget()
    assert here is window.views["appeals"]  # the keyboard went along

    qtbot.keyClick(here, Qt.Key.Key_Tab, CTRL)
    assert tabs.currentIndex() == window.tab_of("problems")
    prose = window.editors["problems"].editor
    assert QApplication.focusWidget() is prose

    qtbot.keyClick(prose, Qt.Key.Key_PageUp, CTRL)
    assert tabs.currentIndex() == window.tab_of("appeals")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, CTRL | SHIFT)
    assert tabs.currentIndex() == window.tab_of("requests")

    _focus(qtbot, window.meta.agency)  # from the identity form too
    qtbot.keyClick(window.meta.agency, Qt.Key.Key_PageDown, CTRL)
    assert tabs.currentIndex() == window.tab_of("appeals")
    _focus(qtbot, window.findings.tree)  # and from the findings panel
    last = tabs.count() - 1
    tabs.setCurrentIndex(last)
    qtbot.keyClick(window.findings.tree, Qt.Key.Key_PageDown, CTRL)
    assert tabs.currentIndex() == 0  # wraps round, as the panel stays where it is


def _all_actions(menu: QMenu) -> list[QAction]:
    out = []
    for a in menu.actions():
        if a.isSeparator():
            continue
        out.append(a)
        if a.menu() is not None:
            out.extend(_all_actions(a.menu()))
    return out


def test_every_menu_and_menu_item_has_its_own_access_key(window):
    bar = window.menuBar()
    tops = [a for a in bar.actions() if not a.isSeparator()]
    assert len({access_key(a.text()) for a in tops}) == len(tops)
    for top in tops:
        menu = top.menu()
        menu.aboutToShow.emit()  # 最近打开 fills itself when opened
        assert access_key(top.text()), top.text()
        items = [a for a in menu.actions() if not a.isSeparator()]
        keys = [access_key(a.text()) for a in items]
        assert all(keys), [a.text() for a in items if not access_key(a.text())]
        assert len(set(keys)) == len(keys), (top.text(), keys)
        for a in _all_actions(menu):
            assert access_key(a.text()), a.text()


@SCREENS
def test_buttons_of_the_start_page_and_dialogs_have_access_keys(qtbot, window, screen):
    window.setGeometry(window_geometry(screen))
    editor = window.editors["overview"]
    for b in (window.findings.ack_button, editor.draft_button):
        assert access_key(b.text()), b.text()
    window.show_start_page()
    buttons = [b for b in window.start_page.findChildren(QAbstractButton) if b.text()]
    assert buttons and all(access_key(b.text()) for b in buttons)
    window.batch_check()
    dialog = window.batch_dialog
    qtbot.waitExposed(dialog)
    named = [b for b in dialog.findChildren(QAbstractButton) if b.text()]
    keys = [access_key(b.text()) for b in named]
    assert named and all(keys), [b.text() for b in named]
    assert len(set(keys)) == len(keys)
    dialog.close()


@SCREENS
def test_tab_walks_the_window_in_reading_order(qtbot, window, screen):
    _ready(window, screen)
    window.tabs.setCurrentIndex(window.tab_of("overview"))
    meta = window.meta
    _focus(qtbot, meta.agency)
    seen = [QApplication.focusWidget()]
    for _ in range(10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is not seen[-1]:  # the date's year, month and day
            seen.append(QApplication.focusWidget())
    page = window.editors["overview"]
    expected = [meta.agency, meta.kind, meta.year, meta.issued, window.tabs.tabBar()]
    expected += [page.draft_button, page.editor, window.findings.tree]
    assert seen[: len(expected)] == expected, [type(w).__name__ for w in seen]
    assert "\t" not in window.doc.report.text("overview")  # Tab left the prose box

    window.tabs.setCurrentIndex(window.tab_of("requests"))
    _focus(qtbot, window.tabs.tabBar())
    qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.views["requests"]  # the page, not the panel


@SCREENS
def test_enter_on_the_start_page_creates_the_report(qtbot, window, screen):
    window.setGeometry(window_geometry(screen))
    window.show_start_page()
    page = window.start_page
    page.year.setValue(2024)
    _focus(qtbot, page.agency)
    qtbot.keyClicks(page.agency, "abc")
    qtbot.keyClick(page.agency, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.editor_page
    assert window.doc.report.year == 2024 and window.doc.report.agency == "abc"


def test_enter_on_another_start_button_presses_that_one(qtbot, window, dialogs):
    window.show_start_page()
    page = window.start_page
    template = next(b for b in page.findChildren(QAbstractButton) if "模板" in b.text())
    _focus(qtbot, template)
    dialogs.answer("getSaveFileName", ("", ""))  # the template's save dialog, cancelled
    qtbot.keyClick(template, Qt.Key.Key_Return)
    assert dialogs.names() == ["getSaveFileName"]
    assert window.pages.currentWidget() is window.start_page  # no report was made


@SCREENS
def test_f1_explains_the_selected_finding(qtbot, window, screen):
    _ready(window, screen)
    window.doc.set_values({"requests.new.natural": 999}, "test")
    item = next(
        i for i in window.findings.finding_items() if i.data(0, Qt.ItemDataRole.UserRole + 1)
    )
    window.findings.tree.setCurrentItem(item)
    _focus(qtbot, window.findings.tree)
    qtbot.keyClick(window.findings.tree, Qt.Key.Key_F1)
    dialog = window.findChild(QWidget, "explanation")
    assert dialog is not None and dialog.isVisible()
    finding = window.findings.current_finding()
    text = dialog.text.toPlainText()
    assert finding.message in text and "怎么办" in text
    screen_rect = screen
    assert dialog.width() <= screen_rect.width() and dialog.height() <= screen_rect.height()
    dialog.close()


def test_f1_without_a_finding_says_how(qtbot, window):
    grid = _in_table_three(qtbot, window)
    qtbot.keyClick(grid, Qt.Key.Key_F1)
    assert "F1" in window.statusBar().currentMessage()


@SCREENS
def test_tab_on_the_start_page_follows_the_form(qtbot, window, screen):
    window.setGeometry(window_geometry(screen))
    window.show_start_page()
    window.activateWindow()
    page = window.start_page
    _focus(qtbot, page.year)
    seen = [page.year]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [page.year, page.kind, page.agency, page.new_button]


def test_alt_letters_reach_the_identity_fields(qtbot, window):
    _in_table_three(qtbot, window)
    for letter, field in ((Qt.Key.Key_D, window.meta.issued), (Qt.Key.Key_A, window.meta.agency)):
        qtbot.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f)


def test_ctrl_pgdn_while_typing_in_a_cell_keeps_the_entry(qtbot, window):
    grid = _in_table_three(qtbot, window)
    qtbot.keyClicks(grid, "7")  # the cell's editor opens with the 7
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    assert window.tabs.currentIndex() == window.tab_of("appeals")
    assert window.doc.report.value("requests.new.natural") == 7  # committed, as Excel does
