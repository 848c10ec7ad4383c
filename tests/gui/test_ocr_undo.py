"""与原件相符 and edits of a scan's marked cells are ordinary undo steps: Ctrl+Z brings the mark
back everywhere the clerk sees it (the cell's colour, its tooltip with the scan's row, the
findings panel's 请核对 group), Ctrl+Y takes it off again, and the menu says what it undoes."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from gui.table_model import REVIEW_BG
from tests.helpers.reports import consistent_report
from workbook.importers.sources import ocr
from workbook.model.cellnames import describe

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
KEY = "active.normative_documents.issued"  # table 二 has no sums: confirmed by nobody


def _marked(window, key: str) -> bool:
    """Marked as the clerk sees it: the cell's colour and tooltip, and the panel's group."""
    model = window.views[window.doc.report.format.cell(key).table].model()
    index = model.index_of(key)
    brush = index.data(Qt.ItemDataRole.BackgroundRole)
    coloured = brush is not None and brush.color().name() == REVIEW_BG
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    listed = key in {
        i.data(0, Qt.ItemDataRole.UserRole + 2) for i in window.findings.review_items()
    }
    shown = (coloured, "请核对" in tip, listed, key in window.doc.review)
    assert len(set(shown)) == 1, shown  # never half marked
    return shown[0]


def _snippet_in_tooltip(window, key: str) -> bool:
    model = window.views[window.doc.report.format.cell(key).table].model()
    tip = model.index_of(key).data(Qt.ItemDataRole.ToolTipRole)
    png = window.doc.snippets.get(key)
    return png is not None and base64.b64encode(png).decode() in tip


def _png(colour: str) -> bytes:
    image = QImage(60, 16, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _with_marks(window, keys: list[str]) -> None:
    """A report as a scan's reading leaves it: some cells marked, each with its row's picture."""
    window.doc.load(consistent_report(), None, needs_saving=True)
    window.doc.set_review({k: "勾稽关系未能确认" for k in keys}, {k: _png("#c0c0c0") for k in keys})


def _focus(qtbot, window, key: str):
    table = window.doc.report.format.cell(key).table
    grid = window.views[table]
    window.tabs.setCurrentIndex(window.tab_of(table))
    window.activateWindow()
    grid.setCurrentIndex(grid.model().index_of(key))
    grid.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is grid)
    return grid


def test_confirming_is_undone_and_redone_by_the_keyboard(qtbot, window):
    others = ["active.regulations.issued", "requests.new.natural"]
    _with_marks(window, [KEY, *others])
    # Alt+M on a cell without a mark, nothing chosen in the panel: the first cell to confirm
    # is chosen (table 二 comes first in the panel), and nothing is confirmed yet.
    grid = _focus(qtbot, window, "active.regulations.repealed")
    qtbot.keyClick(grid, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    first = "active.regulations.issued"
    qtbot.waitUntil(lambda: window.findings.current_review() == first)
    assert grid.model().key_at(grid.currentIndex().row(), grid.currentIndex().column()) == first
    assert len(window.doc.review) == 3 and not window.doc.undo_stack.canUndo()

    grid = _focus(qtbot, window, KEY)
    undo, redo = window.actions_by_name["undo"], window.actions_by_name["redo"]
    qtbot.keyClick(grid, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: KEY not in window.doc.review)  # a mnemonic clicks after a flash
    assert not _marked(window, KEY) and all(_marked(window, k) for k in others)
    name = describe(window.doc.report.format, KEY)
    assert undo.text().endswith(f"与原件相符（{name}）")  # 撤销(&U) 与原件相符（二、…）
    said = window.statusBar().currentMessage()
    assert said.startswith(f"与原件相符（{name}）：") and "还有 2 格请核对" in said

    qtbot.keyClick(grid, Qt.Key.Key_Z, CTRL)
    assert _marked(window, KEY) and _snippet_in_tooltip(window, KEY)
    assert window.statusBar().currentMessage() == f"已撤销：与原件相符（{name}）"
    assert window.findings.summary.text().endswith(
        "扫描件中有 3 格勾稽关系未能确认，请对照原件核对（见“请核对”）"
    )
    assert redo.text().endswith(f"与原件相符（{name}）")

    qtbot.keyClick(grid, Qt.Key.Key_Y, CTRL)
    assert not _marked(window, KEY) and all(_marked(window, k) for k in others)
    assert window.statusBar().currentMessage() == f"已重做：与原件相符（{name}）"
    assert window.doc.report.value(KEY) == consistent_report().value(KEY)  # never changed


def test_undoing_an_edit_brings_back_the_marks_it_took(qtbot, window):
    block = ["requests.new.natural", "requests.new.business"]
    _with_marks(window, [KEY, *block])
    before = dict(window.doc.report.values)
    model = window.views["active"].model()
    assert model.setData(model.index_of(KEY), "161")  # typed over: looked at, so unmarked
    assert not _marked(window, KEY)
    window.actions_by_name["undo"].trigger()
    assert window.doc.report.values == before
    assert _marked(window, KEY) and _snippet_in_tooltip(window, KEY)
    window.actions_by_name["redo"].trigger()
    assert window.doc.report.value(KEY) == 161 and not _marked(window, KEY)

    # A pasted block over two marked cells and one that is not: one step brings both back.
    grid = _focus(qtbot, window, "requests.new.natural")
    grid.paste_text("7\t8\t9\n")
    assert not any(_marked(window, k) for k in block)
    window.actions_by_name["undo"].trigger()
    assert all(_marked(window, k) for k in block)
    assert "requests.new.research" not in window.doc.review  # it never was marked
    # Confirmed, then edited: two steps back, and the mark is there as it was.
    window.doc.confirm_review(block[:1])
    assert window.doc.set_values({block[0]: 99}, "填写“自然人”")
    window.actions_by_name["undo"].trigger()
    assert not _marked(window, block[0])  # the edit undone: still confirmed
    window.actions_by_name["undo"].trigger()
    assert _marked(window, block[0])


@pytest.mark.timeout(600)
@pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")
def test_a_scans_mark_comes_back_with_its_row_after_undo(qtbot, window, dialogs, tmp_path: Path):
    """The whole way: a scan read by the OCR child, a cell confirmed with Alt+M, then Ctrl+Z."""
    import cv2

    from tests.importers import scanmake

    pdf = scanmake.exported_pdf(scanmake.busy_report(), tmp_path)
    page = scanmake.spoil(scanmake.pictures(pdf, 150)[0], turn=-0.4)  # title, prose, table 二
    path = tmp_path / "扫描件.jpg"
    cv2.imwrite(str(path), page)
    assert window.files.load_path(str(path))
    assert _marked(window, KEY) and _snippet_in_tooltip(window, KEY)
    # From the findings panel this time: its item chosen, Alt+M, then Ctrl+Z there.
    panel = window.findings
    item = next(i for i in panel.review_items() if i.data(0, Qt.ItemDataRole.UserRole + 2) == KEY)
    window.activateWindow()  # from the 导入说明 window that opened beside it
    panel.tree.setCurrentItem(item)
    panel.tree.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.tree)
    qtbot.keyClick(panel.tree, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: KEY not in window.doc.review)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert _marked(window, KEY) and _snippet_in_tooltip(window, KEY)
    assert window.doc.report.value(KEY) == 160
    panel.tree.setCurrentItem(panel.review_items()[0])
    assert "data:image/png;base64," in panel.detail.text()  # the row beside it in the panel
