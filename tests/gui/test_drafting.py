"""据表生成 in the prose tabs: drafted at the cursor, never overwriting, one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from gui.main_window import window_geometry
from tests.gui.conftest import consistent_report
from tests.helpers.screens import LAPTOP, SMALL, inside
from workbook.drafting import draft


def _prose_tab(window, section: str):
    window.tabs.setCurrentIndex(window.tab_of(section))
    editor = window.editors[section]
    editor.editor.setFocus()
    QApplication.processEvents()
    return editor


@pytest.mark.parametrize("screen", [LAPTOP, SMALL], ids=["1366x768", "1280x720-125%"])
def test_alt_g_drafts_at_the_cursor_and_ctrl_z_takes_it_back(qtbot, window, screen):
    report = consistent_report()
    window.doc.load(report, None)
    window.setGeometry(window_geometry(screen))
    editor = _prose_tab(window, "overview")
    assert editor.draft_button.isVisible() and inside(window, editor.draft_button)
    written = window.doc.report.texts["overview"][:]
    cursor = editor.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.editor.setTextCursor(cursor)

    qtbot.keyClick(editor.editor, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.doc.undo_stack.count() == 1)  # a mnemonic clicks a bit later

    expected = draft(window.doc.report).paragraphs
    assert window.doc.report.texts["overview"] == written + expected  # added, nothing replaced
    assert "已据表生成3段文字" in window.statusBar().currentMessage()
    assert editor.editor.textCursor().atEnd()  # the cursor after what was inserted
    codes = {f.code for f in window.doc.findings}
    assert not codes & {"NB211", "NB212"}

    qtbot.keyClick(editor.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.texts["overview"] == written
    assert editor.editor.toPlainText() == "\n".join(written)
    qtbot.keyClick(editor.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.texts["overview"] == written + expected


def test_drafting_in_the_middle_splits_nothing_and_typing_after_is_its_own_step(qtbot, window):
    report = consistent_report()
    report.texts["problems"] = ["第一段。", "第二段。"]
    window.doc.load(report, None)
    editor = _prose_tab(window, "problems")
    cursor = editor.editor.textCursor()
    cursor.setPosition(len("第一段。"))
    editor.editor.setTextCursor(cursor)

    menu = editor.draft_button.menu()
    only_requests = next(a for a in menu.actions() if "依申请公开" in a.text())
    only_requests.trigger()

    requests = draft(window.doc.report, ["requests"]).paragraphs
    assert window.doc.report.texts["problems"] == ["第一段。", *requests, "第二段。"]
    editor.editor.insertPlainText("补充")
    qtbot.keyClick(editor.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.texts["problems"] == ["第一段。", *requests, "第二段。"]


def test_a_blank_table_drafts_nothing_and_says_why(qtbot, window):
    window.files.new_blank()
    editor = _prose_tab(window, "overview")
    editor.draft_button.click()
    assert window.doc.report.texts["overview"] == []
    assert window.doc.undo_stack.count() == 0
    assert "没有生成文字" in window.statusBar().currentMessage()
    assert "空白" in window.statusBar().currentMessage()
