"""The findings panel: grouped, plain, clickable; warnings accepted with a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.findings_panel import FINDING_ROLE
from tests.helpers.reports import consistent_report
from workbook.model.severity import fill


def prose_disagrees_report():
    """Consistent tables whose prose says 办结4件 while the table says 1: a warning, not an error."""
    r = consistent_report()
    for row, n in (("new", 5), ("disclosed", 1), ("total_handled", 1), ("carry_forward", 4)):
        r.values[f"requests.{row}.natural"] = n
        r.values[f"requests.{row}.total"] = n
    return r


def warning_item(window):
    for item in window.findings.finding_items():
        f = item.data(0, FINDING_ROLE)
        if f.severity == "warning" and f.keys:
            return item, f
    raise AssertionError("no warning about cells in the panel")


def test_blank_report_shows_progress_and_a_good_one_says_so(window):
    assert window.findings.finding_items()  # blank report: sections empty
    summary = window.findings.summary.text()
    # What is not filled in yet is progress, not a wall of 错误 (issue 12).
    assert "已填 0/200 格" in summary and "表三 175 格" in summary and "错误" not in summary
    assert window.progress_label.text().startswith("已填 0/200 格")
    assert not window.counts.text().startswith("错误")
    window.doc.load(consistent_report(), None)
    assert window.findings.finding_items() == []
    assert window.findings.summary.text().endswith("未发现问题")
    assert window.counts.text() == "未发现问题"


def test_clicking_a_finding_selects_its_cells(qtbot, window):
    window.doc.load(consistent_report(), None)
    window.tabs.setCurrentIndex(window.tab_of("overview"))
    window.doc.set_values({"appeals.cases.review_upheld": 2}, "t")
    item = next(
        i
        for i in window.findings.finding_items()
        if "appeals.cases.review_total" in i.data(0, FINDING_ROLE).keys
    )
    window.findings.tree.setCurrentItem(item)
    window.findings.tree.itemClicked.emit(item, 0)
    assert window.tabs.currentWidget() is window.views["appeals"]
    selected = set(window.views["appeals"].selected_keys())
    assert {"appeals.cases.review_total", "appeals.cases.review_upheld"} <= selected


def test_acknowledge_a_warning_with_a_reason(window, dialogs):
    window.doc.load(prose_disagrees_report(), None)
    item, f = warning_item(window)
    key = f.keys[0]
    model = window.views[key.split(".")[0]].model()
    colour = lambda: model.index_of(key).data(Qt.ItemDataRole.BackgroundRole).color().name()  # noqa: E731
    assert colour() == QColor(fill("warning", False)).name()
    window.findings.tree.setCurrentItem(item)
    assert window.findings.ack_button.isEnabled()
    dialogs.answer("getText", ("总体情况只写了本机关办公室的数字", True))
    window.findings.ack_button.click()
    acknowledged = [x for x in window.doc.findings if x.code == f.code]
    assert acknowledged and acknowledged[0].acknowledged == "总体情况只写了本机关办公室的数字"
    assert window.doc.report.acknowledgements  # saved with the report
    assert colour() == QColor(fill("warning", True)).name()  # paler
    assert window.counts.text() == "未发现问题"  # nothing left open
    window.actions_by_name["undo"].trigger()
    assert not window.doc.report.acknowledgements


def test_errors_cannot_be_acknowledged(window, dialogs):
    window.doc.set_values({"appeals.cases.review_upheld": 2, "appeals.cases.review_total": 0}, "t")
    for item in window.findings.finding_items():
        if item.data(0, FINDING_ROLE).severity == "error":
            window.findings.tree.setCurrentItem(item)
            assert not window.findings.ack_button.isEnabled()
            assert "错误不能确认" in window.findings.detail.text()
            window.findings.acknowledge_current()  # nothing asked, nothing stored
            break
    assert "getText" not in dialogs.names()
    assert not window.doc.report.acknowledgements


def test_prose_findings_show_under_the_editor(window):
    window.doc.load(prose_disagrees_report(), None)
    label = window.editors["overview"].problems
    assert not label.isHidden() and "办结" in label.text()


def test_last_years_report_is_used_for_cross_year_hints(window):
    this_year = consistent_report()
    last_year = consistent_report()
    last_year.year = 2023
    last_year.values["requests.carry_forward.natural"] = 3
    window.doc.load(this_year, None)
    window.doc.set_previous(last_year)
    model = window.views["requests"].model()
    tip = model.index_of("requests.carried_over.natural").data(Qt.ItemDataRole.ToolTipRole)
    assert "上年报告" in tip and "四、结转下年度继续办理：3" in tip
    # The cross-year rule of the checker now sees last year's figures.
    assert window.doc.index.by_key.get("requests.carried_over.natural")
