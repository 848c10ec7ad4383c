"""Open a report, type into a cell, see the finding and the colour, undo, save, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.helpers.qt import ime_type
from workbook.model.severity import fill

KEY = "requests.new.natural"


def cell_colour(window, key: str) -> str | None:
    model = window.views[key.split(".")[0]].model()
    brush = model.index_of(key).data(Qt.ItemDataRole.BackgroundRole)
    return None if brush is None else brush.color().name()


def type_into(qtbot, window, key: str, text: str) -> None:
    """Select the cell and type as a clerk does: characters, then Enter."""
    table = key.split(".")[0]
    window.tabs.setCurrentIndex(window.tab_of(table))
    view = window.views[table]
    view.setCurrentIndex(view.model().index_of(key))
    view.setFocus()
    qtbot.keyClicks(view, text)
    editor = view.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_edit_shows_finding_then_undo_save_reopen(qtbot, window, dialogs, report_file, tmp_path):
    assert window.files.load_path(str(report_file))
    assert window.doc.findings == []
    assert window.counts.text() == "未发现问题"
    assert window.findings.summary.text().endswith("未发现问题")

    type_into(qtbot, window, KEY, "6")
    qtbot.waitUntil(lambda: window.doc.report.value(KEY) == 6)
    # The arithmetic no longer holds: errors on this cell, red, counted, listed.
    on_cell = window.doc.index.by_key.get(KEY, [])
    assert on_cell and all(f.severity == "error" for f in on_cell)
    assert cell_colour(window, KEY) == QColor(fill("error", False)).name()
    assert window.counts.text().startswith("错误 ")
    assert window.findings.finding_items()
    tooltip = window.views["requests"].model().index_of(KEY).data(Qt.ItemDataRole.ToolTipRole)
    assert on_cell[0].message in tooltip
    assert window.isWindowModified()

    window.actions_by_name["undo"].trigger()
    assert window.doc.report.value(KEY) == 5
    assert window.doc.findings == []
    assert cell_colour(window, KEY) != QColor(fill("error", False)).name()
    assert not window.doc.dirty

    window.actions_by_name["redo"].trigger()
    out = tmp_path / "saved.xlsx"
    dialogs.answer("getSaveFileName", (str(out), ""))
    assert window.files.save_as()
    assert out.is_file() and not window.doc.dirty
    assert window.windowTitle().startswith("saved.xlsx")

    window.files.new_blank()
    assert window.doc.report.value(KEY) is None
    assert window.files.load_path(str(out))
    assert window.doc.report.value(KEY) == 6
    assert window.doc.path == str(out)
    assert window.doc.index.by_key.get(KEY)


def test_typing_replaces_and_enter_moves_down(qtbot, window, report_file):
    window.files.load_path(str(report_file))
    type_into(qtbot, window, KEY, "7")
    view = window.views["requests"]
    qtbot.waitUntil(lambda: window.doc.report.value(KEY) == 7)  # "5" was replaced, not "57"
    below = view.model().index_of("requests.carried_over.natural")
    qtbot.waitUntil(lambda: view.currentIndex() == below)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex() == view.model().index_of("requests.carried_over.business")


def test_delete_clears_to_blank_not_zero(qtbot, window, report_file):
    window.files.load_path(str(report_file))
    view = window.views["requests"]
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    view.select_keys(["requests.new.natural", "requests.new.total"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.doc.report.value("requests.new.natural") is None
    assert window.doc.report.value("requests.new.total") is None
    assert view.model().index_of(KEY).data() == ""
    window.actions_by_name["undo"].trigger()  # one step restores both
    assert window.doc.report.value("requests.new.natural") == 5
    assert window.doc.report.value("requests.new.total") == 5


def test_unreadable_entry_is_refused_and_value_kept(qtbot, window, report_file):
    window.files.load_path(str(report_file))
    model = window.views["requests"].model()
    assert not model.setData(model.index_of(KEY), "五件左右")
    assert window.doc.report.value(KEY) == 5
    assert "不是数字" in window.statusBar().currentMessage()
    assert model.setData(
        model.index_of(KEY), "６件"
    )  # full-width digit and unit: read, and said so
    assert window.doc.report.value(KEY) == 6
    assert "读作6" in window.statusBar().currentMessage()


def test_prose_edit_is_in_report_and_undoable(qtbot, window, report_file):
    window.files.load_path(str(report_file))
    editor = window.editors["problems"].editor
    window.tabs.setCurrentIndex(window.tab_of("problems"))
    before = window.doc.report.text("problems")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    ime_type(editor, "补充一句。")
    assert window.doc.report.text("problems") == before + "补充一句。"
    window.actions_by_name["undo"].trigger()  # the typing is one step
    assert window.doc.report.text("problems") == before
    assert editor.toPlainText() == before


def test_identity_form_writes_report(qtbot, window):
    form = window.meta
    form.agency.clear()
    ime_type(form.agency, "某某县民政局")
    assert window.doc.report.agency == "某某县民政局"
    form.kind.setCurrentIndex(form.kind.findData("county_department"))
    assert window.doc.report.agency_kind == "county_department"
    form.year.setValue(2023)
    assert window.doc.report.year == 2023
    assert form.year.text() != "未填"
    window.actions_by_name["undo"].trigger()
    assert window.doc.report.year is None  # the blank report had no year
    assert form.year.text() == "未填"


def test_opening_a_bad_file_keeps_current_work(window, dialogs, report_file, tmp_path):
    window.files.load_path(str(report_file))
    window.doc.set_values({KEY: 9}, "test")
    bad = tmp_path / "damaged.xlsx"
    bad.write_bytes(b"this is not a workbook")
    dialogs.answer("warning", None)
    assert not window.files.load_path(str(bad))
    name, args = dialogs.calls[-1]
    assert name == "warning" and "damaged.xlsx" in args[2]
    assert window.doc.report.value(KEY) == 9 and window.doc.path == str(report_file)


def test_published_text_shows_every_import_note_and_needs_saving(window, dialogs, samples_dir):
    path = samples_dir / "real" / "04-shanghai-stcsm-2024.txt"
    assert window.files.load_path(str(path))
    assert window.doc.path is None  # never saved over the published text
    assert window.doc.dirty
    notes = window.files.notes_dialog
    assert notes is not None and notes.isVisible() and not notes.isModal()
    from workbook.files import open_report

    expected = open_report(path).notes
    shown = notes.text.toPlainText().splitlines()
    assert len(shown) == len(expected) > 5  # every note, none cut off
    assert all(n.message in line for n, line in zip(expected, shown, strict=True))
    assert "04-shanghai-stcsm-2024.txt" in notes.summary.text()
    notes.close()
    window.actions_by_name["import_notes"].trigger()  # 查看 > 导入说明 brings it back
    assert notes.isVisible()


def test_close_asks_about_unsaved_changes(window, dialogs, report_file):
    from PySide6.QtWidgets import QMessageBox

    window.files.load_path(str(report_file))
    window.doc.set_values({KEY: 9}, "test")
    dialogs.answer("question", QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    dialogs.answer("question", QMessageBox.StandardButton.Save)
    assert window.close()  # saved to its own (JSON) file, then closed
    from workbook.jsonio import loads_report

    assert loads_report(Path(report_file).read_text(encoding="utf-8")).value(KEY) == 9


def test_amounts_keep_their_form_in_the_window_and_after_saving(qtbot, window, tmp_path):
    """A fee typed as 0 shows 0 (not 0.0) once saved and reopened; 1.50 万元 shows 1.5 at once
    and after the round trip — the same spelling the workbook, Word, web page and PDF print."""
    from tests.helpers.reports import consistent_report
    from workbook.files import save_report

    fee = "active.fees.amount"
    window.doc.load(consistent_report(), None)
    shown = []
    for typed in ("0", "1.50", "12.00"):
        model = window.views["active"].model()
        assert model.setData(model.index_of(fee), typed)
        path = tmp_path / f"{typed}.xlsx"
        save_report(window.doc.report, path)
        typed_shown = model.index_of(fee).data()
        assert window.files.load_path(str(path))
        model = window.views["active"].model()
        shown.append((typed_shown, model.index_of(fee).data()))
    assert shown == [("0", "0"), ("1.5", "1.5"), ("12", "12")]
