"""The batch window's search and filters, its 汇总… button, and the 与上年比较 view."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gui.batch_dialog import BatchDialog
from gui.compare_dialog import CompareDialog
from tests.gui.conftest import consistent_report
from workbook.files import open_report
from workbook.jsonio import dumps_report
from workbook.model.layout import SUMMARY_SHEETS


def _save(report, path: Path) -> None:
    path.write_text(dumps_report(report), encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three units: one clean, one with an error in 四, one with an error in 三; one broken file."""
    folder = tmp_path / "reports"
    folder.mkdir()
    good = consistent_report()
    good.agency = "甲镇人民政府"
    _save(good, folder / "a.json")
    appeals = consistent_report()
    appeals.agency = "乙镇人民政府"
    appeals.values["appeals.cases.review_total"] = 3  # A5: the parts are all 0
    _save(appeals, folder / "b.json")
    requests = consistent_report()
    requests.agency = "丙局"
    requests.values["requests.new.natural"] = 6  # A3 and A1 in 三
    _save(requests, folder / "c.json")
    (folder / "d-broken.xlsx").write_bytes(b"not a workbook")
    return folder


@pytest.fixture
def checked(qtbot, window, folder: Path) -> BatchDialog:
    dialog = BatchDialog(window)
    dialog.start(str(folder))
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)
    yield dialog
    dialog.close()


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_search_by_unit_name(checked: BatchDialog) -> None:
    assert checked.visible_files() == ["a.json", "b.json", "c.json"]
    checked.search.setText("乙镇")
    assert checked.visible_files() == ["b.json"]
    checked.search.setText("c.json")  # a file name works too
    assert checked.visible_files() == ["c.json"]
    checked.search.setText("不存在的单位")
    assert checked.visible_files() == []
    assert checked.bad_table.isRowHidden(0)
    checked.search.clear()
    assert checked.visible_files() == ["a.json", "b.json", "c.json"]


def test_filter_by_severity_and_by_table(checked: BatchDialog) -> None:
    _choose(checked.severity, "error")
    assert checked.visible_files() == ["b.json", "c.json"]
    _choose(checked.table_filter, "appeals")
    assert checked.visible_files() == ["b.json"]
    _choose(checked.table_filter, "requests")
    assert checked.visible_files() == ["c.json"]
    _choose(checked.severity, "none")
    _choose(checked.table_filter, None)
    assert checked.visible_files() == ["a.json"]
    assert "显示1份" in checked.status.text()


def test_unreadable_files_are_listed_apart_with_the_reason(checked: BatchDialog) -> None:
    assert "d-broken.xlsx" not in [
        checked.table.item(r, 0).text() for r in range(checked.table.rowCount())
    ]
    assert checked.bad_table.rowCount() == 1
    assert checked.bad_table.item(0, 0).text().endswith("d-broken.xlsx")
    assert "损坏" in checked.bad_table.item(0, 1).text()
    assert "1个" in checked.bad_label.text()


def test_summary_button_writes_the_summed_workbook_off_the_gui_thread(
    qtbot, checked: BatchDialog, dialogs, tmp_path: Path
) -> None:
    names = tmp_path / "单位名单.txt"
    names.write_text("甲镇人民政府\n乙镇人民政府\n丙局\n丁乡人民政府\n", encoding="utf-8")
    dialogs.answer("getOpenFileName", (str(names), ""))
    checked.units_button.click()
    assert "单位名单.txt" in checked.summary_options.text()
    out = tmp_path / "汇总.xlsx"
    dialogs.answer("getSaveFileName", (str(out), ""))
    assert checked.summary_button.isEnabled()
    checked.summary_button.click()
    assert checked.summary_worker is not None
    qtbot.waitUntil(lambda: checked.summary_worker is None, timeout=30_000)
    assert "已写出汇总" in checked.status.text(), checked.status.text()
    assert "1个单位未报" in checked.status.text()
    missing = openpyxl.load_workbook(out)[SUMMARY_SHEETS["missing"]]
    assert [r[0] for r in missing.iter_rows(min_row=2, values_only=True)] == ["丁乡人民政府"]
    summed = open_report(out).report
    units = [open_report(Path(checked.folder) / f"{n}.json").report for n in "abc"]
    expected = sum(u.value("requests.new.natural") for u in units)
    assert summed.value("requests.new.natural") == expected
    assert summed.value("appeals.cases.review_total") == 3
    assert checked.open_summary_button.isEnabled()
    with qtbot.waitSignal(checked.open_requested) as opened:
        checked.open_summary_button.click()
    assert opened.args[0] == str(out)


def test_compare_view_groups_by_table_and_searches(
    qtbot, window, dialogs, tmp_path: Path, report_file: Path
) -> None:
    window.files.open_recent(str(report_file))
    assert window.doc.report.value("requests.new.total") == 5
    last = consistent_report()
    last.year = 2023
    last.values["requests.new.natural"] = 2
    last.values["requests.new.total"] = 2
    last.values["appeals.cases.review_total"] = None
    path = tmp_path / "last.json"
    _save(last, path)
    dialogs.answer("getOpenFileName", (str(path), ""))
    window.actions_by_name["compare"].trigger()
    view = window.compare_dialog
    assert isinstance(view, CompareDialog) and view.isVisible()
    titles = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert [t.split("、")[0] for t in titles] == ["二", "三", "四"]
    requests = view.tree.topLevelItem(1)
    row = next(
        requests.child(j)
        for j in range(requests.childCount())
        if requests.child(j).text(0) == "三、一、本年新收政府信息公开申请数量／总计"
    )
    assert [row.text(c) for c in range(1, 5)] == ["5", "2", "+3", "+150.0%"]
    appeals = view.tree.topLevelItem(2)
    blank = next(
        appeals.child(j)
        for j in range(appeals.childCount())
        if appeals.child(j).data(0, 256) == "appeals.cases.review_total"
    )
    assert (blank.text(2), blank.text(3)) == ("（空白）", "—")
    view.search.setText("新收")
    assert view.visible_keys() and all(k.startswith("requests.new.") for k in view.visible_keys())
    assert view.tree.topLevelItem(2).isHidden()
    view.search.clear()
    view.changed_only.setChecked(True)
    assert set(view.visible_keys()) == {
        "requests.new.natural",
        "requests.new.total",
        "appeals.cases.review_total",
    }
    assert "相似度" in view.prose.toPlainText()
    view.tree.itemDoubleClicked.emit(blank, 0)  # double-click shows the cell in the report
    assert window.tabs.currentWidget() is window.views["appeals"]
    assert window.views["appeals"].selected_keys() == ["appeals.cases.review_total"]
    view.close()
