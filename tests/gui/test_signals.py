"""Consistent signals (issue 21): redo says 已重做, colours follow the worst severity, the header
and the tree agree after 确认, the explanation grows with the panel, empty prose is 尚未填写."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from gui.main_window import window_geometry
from tests.gui.conftest import consistent_report
from tests.helpers.screens import LAPTOP
from workbook.model import severity as severities


def _with_one_more_warning(window):
    """consistent_report plus a prose figure that contradicts table 三 (NB211, a warning)."""
    report = consistent_report()
    report.texts["overview"].append("本年度共收到政府信息公开申请9999件。")
    window.doc.load(report, None)


def test_redo_says_redone_not_undone(window):
    window.doc.load(consistent_report(), None)
    window.doc.set_values({"requests.new.business": 1}, "填写 商业企业")
    window.show_status("已填写")
    window.actions_by_name["undo"].trigger()
    assert window.statusBar().currentMessage() == "已撤销：填写 商业企业"
    window.actions_by_name["redo"].trigger()
    assert window.statusBar().currentMessage() == "已重做：填写 商业企业"


def test_a_warning_header_is_in_the_warning_colour(window):
    _with_one_more_warning(window)
    summary = window.findings.summary
    assert "警告" in summary.text() and "错误" not in summary.text()
    assert severities.severity("warning").ink in summary.styleSheet()
    assert "#1e7b34" not in summary.styleSheet()  # never green while a warning is open


def test_header_and_tree_agree_after_acknowledging(window, dialogs):
    _with_one_more_warning(window)
    panel = window.findings
    item = next(i for i in panel.finding_items() if "9999" in i.text(0))
    panel.tree.setCurrentItem(item)
    dialogs.answer("getText", ("口径不同", True))
    panel.acknowledge_current()
    open_warnings = sum(
        1 for f in window.doc.findings if f.severity == "warning" and f.acknowledged is None
    )
    if open_warnings:
        assert f"警告 {open_warnings} 条" in panel.summary.text()
    else:
        assert "警告" not in panel.summary.text() and "已确认 1 条" in panel.summary.text()
    heading = next(
        panel.tree.topLevelItem(i).text(0)
        for i in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(i).text(0).startswith("警告")
    )
    assert heading == f"警告（{open_warnings}，已确认1）"


def test_the_explanation_grows_with_the_panel(window):
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(LAPTOP))
    QGuiApplication.processEvents()
    area = window.findings.detail_area
    lines = area.fontMetrics().lineSpacing()
    assert area.height() >= 8 * lines  # was 3–4 lines at 768 px
    small = area.maximumHeight()
    window.findings.setFloating(True)
    window.findings.resize(400, 1000)
    QGuiApplication.processEvents()
    assert window.findings.detail_area.maximumHeight() > small


def test_an_unwritten_prose_tab_says_not_yet_written_like_the_panel(window):
    window.files.new_blank()
    problems = window.editors["overview"].problems
    assert problems.isVisibleTo(window.editors["overview"])
    assert "【尚未填写】" in problems.text() and "【错误】" not in problems.text()
