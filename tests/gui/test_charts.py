"""Charts in the app: the batch window's 汇总 charts, 与上年比较's charts, 历年趋势; clicks lead on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from gui.batch_dialog import BatchDialog
from gui.chart_window import ChartsDialog, HistoryDialog
from gui.charts import ChartWidget
from tests.gui.conftest import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.charts import ChartSpec


def _save(report, path: Path) -> None:  # type: ignore[no-untyped-def]
    path.write_text(dumps_report(report), encoding="utf-8")


def _click(qtbot, chart: ChartWidget, index: int) -> None:  # type: ignore[no-untyped-def]
    """Click the middle of category `index` where the chart painted it."""
    chart.grab()  # paint once, so the chart knows where each category is
    area = next(r for r, i in chart.painter.hits if i == index)
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=area.center().toPoint())


def test_a_click_on_a_bar_names_its_category(qtbot) -> None:  # type: ignore[no-untyped-def]
    spec = ChartSpec("新收", "bar", "单位", ["甲", "乙", "丙"], [("件数", [30, None, 10])])
    chart = ChartWidget(spec)
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.show()
    with qtbot.waitSignal(chart.clicked) as clicked:
        _click(qtbot, chart, 2)
    assert clicked.args == [2]
    assert chart.painter.category_at(QPointF(-5, -5)) is None


def test_the_batch_windows_charts_open_a_units_report(
    qtbot, window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, new in (("甲镇人民政府", 5), ("乙镇人民政府", 9)):
        r = consistent_report()
        r.agency = name
        r.values["requests.new.natural"] = r.values["requests.new.total"] = new
        r.values["requests.carry_forward.natural"] = r.values["requests.carry_forward.total"] = (
            new - 4
        )
        _save(r, folder / f"{name}.json")
    batch = BatchDialog(window)
    batch.start(str(folder))
    qtbot.waitUntil(lambda: batch.worker is None, timeout=20_000)
    dialogs.answer("getSaveFileName", (str(tmp_path / "汇总.xlsx"), ""))
    assert not batch.charts_button.isEnabled()
    batch.summary_button.click()
    qtbot.waitUntil(lambda: batch.summary_worker is None, timeout=30_000)
    assert batch.charts_button.isEnabled()
    shown = batch.show_charts()
    assert isinstance(shown, ChartsDialog)
    qtbot.waitExposed(shown)
    charts = shown.charts()
    assert [c.spec.title for c in charts][:3] == [
        "本年新收申请（按单位）",
        "办理结果构成（汇总）",
        "行政复议与行政诉讼（按单位）",
    ]
    new = charts[0]
    assert list(new.spec.categories) == ["乙镇人民政府", "甲镇人民政府"]  # largest first
    with qtbot.waitSignal(batch.open_requested) as opened:
        _click(qtbot, new, 0)
    assert opened.args[0].endswith("乙镇人民政府.json")
    shown.close()
    batch.close()


def test_compare_shows_this_year_beside_last_and_a_click_shows_the_cell(  # type: ignore[no-untyped-def]
    qtbot, window, dialogs, tmp_path: Path, report_file: Path
) -> None:
    window.files.open_recent(str(report_file))
    last = consistent_report()
    last.year = 2023
    last.values["requests.new.natural"] = last.values["requests.new.total"] = 2
    path = tmp_path / "last.json"
    _save(last, path)
    dialogs.answer("getOpenFileName", (str(path), ""))
    window.actions_by_name["compare"].trigger()
    view = window.compare_dialog
    figures, rates = view.charts.widgets
    assert figures.spec.categories[0] == "新收申请"
    assert [s[1][0] for s in figures.spec.series] == [5, 2]  # this year, last year
    assert rates.spec.percent
    _click(qtbot, figures, 0)
    assert window.tabs.currentWidget() is window.views["requests"]
    assert window.views["requests"].selected_keys() == ["requests.new.total"]
    view.close()


def test_history_finds_the_units_earlier_reports_in_its_folder(
    qtbot, window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "历年"
    folder.mkdir()
    for year, new in ((2022, 3), (2023, 4), (2024, 5)):
        r = consistent_report()
        r.year = year
        r.values["requests.new.natural"] = r.values["requests.new.total"] = new
        r.values["requests.disclosed.natural"] = r.values["requests.disclosed.total"] = new - 1
        r.values["requests.total_handled.natural"] = r.values["requests.total_handled.total"] = (
            new - 1
        )
        _save(r, folder / f"{year}.json")
    other = consistent_report()
    other.agency = "别的单位"
    _save(other, folder / "other.json")
    window.files.open_recent(str(folder / "2024.json"))
    window.actions_by_name["history"].trigger()
    dialog = next(w for w in window.findChildren(HistoryDialog))
    qtbot.waitExposed(dialog)
    assert [line.year for line in dialog.lines] == [2022, 2023, 2024]
    assert dialog.table.horizontalHeaderItem(0).text() == "2022"
    charts = dialog.charts()
    assert len(charts) == 3 and all(c.spec.kind == "line" for c in charts)
    assert charts[0].spec.series[0][1] == [3, 4, 5]
    with qtbot.waitSignal(dialog.open_requested) as opened:
        _click(qtbot, charts[0], 0)
    assert opened.args[0].endswith("2022.json")
    dialog.close()


def test_the_tooltip_says_each_figure_and_blank_as_blank(qtbot) -> None:  # type: ignore[no-untyped-def]
    spec = ChartSpec(
        "复议诉讼", "bar", "单位", ["甲镇"], [("行政复议", [1234]), ("行政诉讼", [None])]
    )
    chart = ChartWidget(spec)
    qtbot.addWidget(chart)
    assert chart.describe(0) == "甲镇：行政复议 1,234，行政诉讼 空白"
    rates = ChartSpec("比率", "column", "项目", ["实质公开率"], [("本年", [0.125])], percent=True)
    assert ChartWidget(rates).describe(0) == "实质公开率：本年 12.5%"
