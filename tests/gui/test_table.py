"""The grids: official layout, a well-behaved model, spreadsheet-style paste/copy, 自动合计."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from gui.table_model import ReportTableModel


def test_models_pass_qt_model_tester(qtmodeltester, window):
    for table in ("active", "requests", "appeals"):
        qtmodeltester.check(ReportTableModel(window.doc, table))


def test_only_value_cells_are_editable(window):
    model = window.views["requests"].model()
    label = model.index(3, 2)
    assert not (model.flags(label) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(label, "5")
    assert model.flags(model.index_of("requests.new.total")) & Qt.ItemFlag.ItemIsEditable


def test_paste_block_from_excel_is_one_undo_step(qtbot, window):
    view = window.views["requests"]
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    view.setCurrentIndex(view.model().index_of("requests.new.natural"))
    QGuiApplication.clipboard().setText("3\t/\t\t1\r\n2\t五\t0\t4件\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    v = window.doc.report.value
    assert v("requests.new.natural") == 3
    assert v("requests.new.business") == 0  # "/" read as 0 and said so
    assert v("requests.new.research") is None  # empty stays blank
    assert v("requests.new.nonprofit") == 1
    assert v("requests.carried_over.natural") == 2
    assert v("requests.carried_over.business") is None  # unreadable: left as it was
    assert v("requests.carried_over.nonprofit") == 4
    message = window.statusBar().currentMessage()
    assert "已粘贴" in message and "按0读取" in message and "无法识别" in message
    window.actions_by_name["undo"].trigger()
    assert all(window.doc.report.value(k) is None for k in window.doc.report.values)


def test_copy_selection_as_tab_separated_text(qtbot, window):
    window.doc.set_values({"requests.new.natural": 3, "requests.new.business": 0}, "t")
    view = window.views["requests"]
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    view.select_keys(["requests.new.natural", "requests.new.business", "requests.new.research"])
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "3\t0\t\n"


def test_single_value_fills_the_selection(window):
    view = window.views["appeals"]
    keys = ["appeals.cases.review_upheld", "appeals.cases.review_corrected"]
    view.select_keys(keys)
    view.paste_text("0")
    assert [window.doc.report.value(k) for k in keys] == [0, 0]


def test_autosum_fills_blank_totals_and_asks_before_overwriting(window, dialogs):
    doc = window.doc
    doc.set_values(
        {
            "requests.new.natural": 3,
            "requests.new.business": 2,
            "appeals.cases.review_upheld": 1,
            "appeals.cases.review_total": 5,  # typed, and wrong
        },
        "t",
    )
    dialogs.answer("question", QMessageBox.StandardButton.No)  # only fill blanks
    window.actions_by_name["autosum"].trigger()
    assert doc.report.value("requests.new.total") == 5
    assert doc.report.value("appeals.cases.review_total") == 5  # kept as typed
    assert doc.report.value("requests.new.research") is None  # blank parts stay blank
    assert doc.report.value("appeals.cases.direct_total") is None  # no parts: no total
    assert "1个" in dialogs.calls[-1][1][2]
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    window.actions_by_name["autosum"].trigger()
    assert doc.report.value("appeals.cases.review_total") == 1
    window.actions_by_name["undo"].trigger()  # the whole auto-sum is one step
    assert doc.report.value("appeals.cases.review_total") == 5


def test_a_2019_report_gets_the_2019_layout(window):
    from workbook.model.report import Report

    window.doc.load(Report.blank("2019", year=2020), None)
    model = window.views["active"].model()
    labels = {
        model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    }
    assert "第二十条第（九）项" in labels and "本年增/减" in labels
