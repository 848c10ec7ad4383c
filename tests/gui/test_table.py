"""The grids: official layout, a well-behaved model, spreadsheet-style paste/copy, 自动合计."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from gui.table_model import ReportTableModel
from workbook.model.format import load_format
from workbook.model.grid import HEADER, LABEL, VALUE, table_grid


def test_models_pass_qt_model_tester(qtmodeltester, window):
    for table in ("active", "requests", "appeals"):
        qtmodeltester.check(ReportTableModel(window.doc, table))


def test_requests_grid_has_the_official_merged_labels():
    fmt = load_format("2021")
    grid = table_grid(fmt, "requests")
    by_text = {c.text: c for c in grid.cells if c.kind in (HEADER, LABEL) and c.text}
    # 三、本年度办理结果 spans its 22 outcome rows; （三）不予公开 its eight reasons.
    assert by_text["三、本年度办理结果"].row_span == 22
    assert by_text["（三）不予公开"].row_span == 8
    assert by_text["法人或其他组织"].col_span == 5
    assert by_text["申请人情况"].col_span == 7
    assert by_text["自然人"].row_span == 2  # no group above it
    assert by_text["一、本年新收政府信息公开申请数量"].col_span == grid.label_cols
    assert sum(1 for c in grid.cells if c.kind == VALUE) == 25 * 7
    # Every grid position is covered exactly once.
    covered = [
        (r, c)
        for cell in grid.cells
        for r in range(cell.row, cell.row + cell.row_span)
        for c in range(cell.col, cell.col + cell.col_span)
    ]
    assert len(covered) == len(set(covered)) == grid.rows * grid.cols


def test_appeals_grid_groups_review_and_litigation():
    grid = table_grid(load_format("2021"), "appeals")
    headers = {c.text: c for c in grid.cells if c.kind == HEADER}
    assert headers["行政复议"].col_span == 5
    assert headers["行政诉讼"].col_span == 10
    assert headers["未经复议直接起诉"].col_span == 5
    assert headers["复议后起诉"].col_span == 5


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
