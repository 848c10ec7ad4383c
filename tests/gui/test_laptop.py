"""A clerk's office laptop: a 1366×768 screen, Excel-like keys, files locked by Excel (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMessageBox, QStyleOptionViewItem, QToolBar

from gui.main_window import window_geometry
from gui.table_view import TO_FILL_BG
from tests.gui.conftest import consistent_report, ime_type
from tests.helpers.screens import LAPTOP, SMALL, inside
from workbook.jsonio import dumps_report
from workbook.model import severity as severities


def test_first_window_fits_the_screen_it_opens_on():
    laptop = window_geometry(LAPTOP)
    assert LAPTOP.contains(laptop) and laptop.height() <= 728 - 40  # room for the title bar
    small = window_geometry(SMALL)
    assert SMALL.contains(small)
    big = window_geometry(QRect(0, 0, 2560, 1400))
    assert big.size() == QSize(1280, 820)  # never larger than it needs, on a big screen


@pytest.mark.parametrize("screen", [LAPTOP, SMALL], ids=["1366x768", "1280x720-125%"])
def test_every_control_is_visible_without_maximising(window, screen):
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(screen))
    QGuiApplication.processEvents()
    min_size = window.minimumSizeHint()
    assert min_size.width() <= screen.width() - 16 and min_size.height() <= screen.height() - 40
    assert window.size() == window_geometry(screen).size()  # not pushed wider by a minimum
    for widget in (
        window.statusBar(),
        window.counts,
        window.findings.ack_button,
        window.meta.issued,
        window.findChild(QToolBar, "toolbar"),
    ):
        assert widget.isVisible() and inside(window, widget), widget


def test_table_four_fits_beside_the_findings_panel_at_1366(window):
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(LAPTOP))
    window.tabs.setCurrentIndex(window.tab_of("appeals"))
    QGuiApplication.processEvents()
    assert window.findings.isVisible()
    view = window.views["appeals"]
    assert view.horizontalScrollBar().maximum() == 0  # all 15 columns, no sideways scrolling


def test_header_rows_and_labels_stay_while_table_three_scrolls(window):
    window.doc.load(consistent_report(), None)
    window.setGeometry(window_geometry(SMALL))
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    QGuiApplication.processEvents()
    view = window.views["requests"]
    model = view.model()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    QGuiApplication.processEvents()
    assert view.verticalScrollBar().value() > 0 and view.horizontalScrollBar().value() > 0

    header = next(
        model.index(r, c)
        for r in range(view.frozen.rows)
        for c in range(model.columnCount())
        if model.index(r, c).data() == "总计"
    )
    assert view.visualRect(header).bottom() < 0  # the table itself scrolled it away …
    top = view.frozen.top
    shown = top.visualRect(header)  # … the frozen rows still show it, over the table
    assert top.isVisible() and top.viewport().rect().intersects(shown)
    assert top.geometry().top() == view.viewport().geometry().top()

    last_label = model.index(model.rowCount() - 1, 0)
    assert "结转下年度" in last_label.data()
    left = view.frozen.left
    label_rect = left.visualRect(last_label)
    assert left.isVisible() and label_rect.top() >= 0
    assert label_rect.bottom() <= left.viewport().rect().bottom() + 1
    assert view.visualRect(last_label).right() < view.frozen.size()[0]  # scrolled under it

    # Moving to a cell just below the header brings it out from under the frozen rows.
    below = model.index_of("requests.new.total")
    view.setCurrentIndex(below)
    QGuiApplication.processEvents()
    width, height = view.frozen.size()
    rect = view.visualRect(below)
    assert rect.top() >= height - 1 and rect.left() >= width - 1


def test_a_new_report_shows_progress_not_pink_errors(qtbot, window):
    view = window.views["requests"]
    delegate = view.itemDelegate()
    model = view.model()

    def background(key: str) -> str | None:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, model.index_of(key))
        if option.backgroundBrush.style() == Qt.BrushStyle.NoBrush:
            return None
        return option.backgroundBrush.color().name()

    window.files.new_report(2024, agency="测试镇人民政府", agency_kind="township")
    assert background("requests.new.natural") is None  # a fresh table is not pink
    assert window.progress_label.text().startswith("已填 0/200 格")
    assert window.counts.text() == "" or "错误" not in window.counts.text()

    window.doc.set_values({"requests.new.natural": 3, "requests.new.total": 2}, "t")
    # Begun: blanks show as still to fill; a real arithmetic error keeps the error colour.
    only_blank = next(
        k
        for k, found in window.doc.index.by_key.items()
        if k.startswith("requests.") and {f.rule for f in found} == {"A6"}
    )
    assert background(only_blank) == QColor(TO_FILL_BG).name()
    assert background("requests.new.total") == QColor(severities.fill("error")).name()
    assert window.progress_label.text().startswith("已填 2/200 格")
    assert window.counts.text().startswith("错误 ")
    tops = [
        window.findings.tree.topLevelItem(i).text(0)
        for i in range(window.findings.tree.topLevelItemCount())
    ]
    assert tops[0].startswith("错误") and tops[1].startswith("尚未填写")


def test_start_page_creates_opens_imports_and_lists_recent(window, dialogs, report_file):
    window.files.add_recent(str(report_file))
    window.show_start_page()
    page = window.start_page
    assert window.pages.currentWidget() is page and not window.findings.isVisible()
    assert page.recent.count() == 1 and "report.json" in page.recent.item(0).text()

    page.year.setValue(2020)
    page.kind.setCurrentIndex(page.kind.findData("county_department"))
    page.agency.setText("某某县教育局")
    page.new_button.click()
    r = window.doc.report
    assert (r.year, r.format_id, r.agency_kind, r.agency) == (
        2020,
        "2019",
        "county_department",
        "某某县教育局",
    )
    assert window.pages.currentWidget() is window.editor_page and window.findings.isVisible()

    window.show_start_page()
    page._open_recent(page.recent.item(0))
    assert window.doc.report.agency == "测试镇人民政府"
    assert window.pages.currentWidget() is window.editor_page

    published = report_file.parent / "网上发布的年报.txt"
    published.write_text("一、总体情况\n本镇2024年收到申请5件。\n", encoding="utf-8")
    window.show_start_page()
    dialogs.answer("getOpenFileName", (str(published), ""))
    page._import()
    assert "已发布" in dialogs.calls[-1][1][4]  # the dialog opens on published reports
    assert window.pages.currentWidget() is window.editor_page
    assert window.doc.path is None  # imported: saving asks where


def test_every_export_confirms_and_can_open_the_folder(window, dialogs, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr("gui.file_actions.QDesktopServices.openUrl", opened.append)
    window.show_start_page()
    folder = tmp_path / "导出 文件夹"
    folder.mkdir()
    dialogs.answer("getSaveFileName", (str(folder / "模板.xlsx"), ""))
    dialogs.answer("information", QMessageBox.StandardButton.Open)
    window.start_page._template()
    assert (folder / "模板.xlsx").is_file()
    assert "已导出空白模板" in dialogs.calls[-1][1][1]
    assert opened == [QUrl.fromLocalFile(str(folder))]

    window.doc.load(consistent_report(), None)
    dialogs.answer("getSaveFileName", (str(folder / "校验"), ""))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_checked"].trigger()
    assert (folder / "校验.xlsx").is_file()  # the extension is added
    assert dialogs.names()[-1] == "information" and len(opened) == 1


def test_ctrl_z_and_ctrl_y_in_the_prose_editor(qtbot, window):
    editor = window.editors["overview"].editor
    window.tabs.setCurrentIndex(window.tab_of("overview"))
    editor.setFocus()
    ime_type(editor, "本年度收到申请5件。")
    assert window.doc.report.text("overview") == "本年度收到申请5件。"
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.text("overview") == ""
    assert editor.toPlainText() == ""
    qtbot.keyClick(editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "本年度收到申请5件。"
    assert window.doc.report.text("overview") == "本年度收到申请5件。"


def test_menus_show_the_keys_and_the_toolbar_keeps_its_labels(window):
    a = window.actions_by_name
    assert a["copy"].shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)
    assert a["paste"].shortcut() == QKeySequence(QKeySequence.StandardKey.Paste)
    assert a["cut"].shortcut() == QKeySequence(QKeySequence.StandardKey.Cut)
    assert QKeySequence("Ctrl+Y") in a["redo"].shortcuts()
    toolbar = window.findChild(QToolBar, "toolbar")
    labels = [x.iconText() for x in toolbar.actions() if not x.isSeparator()]
    window.doc.set_values({"requests.new.natural": 1}, "填写“本年新收”")
    assert a["undo"].text() != "撤销"  # the menu says what it undoes …
    assert [x.iconText() for x in toolbar.actions() if not x.isSeparator()] == labels  # … not here
    assert not toolbar.isMovable()


def test_status_messages_match_what_happened_and_go_when_untrue(qtbot, window):
    window.doc.load(consistent_report(), None)
    view = window.views["requests"]
    model = view.model()
    key = "requests.new.business"
    window.doc.set_values({key: 1}, "t")
    assert not model.setData(model.index_of(key), "一")
    message = window.statusBar().currentMessage()
    assert window.doc.report.value(key) == 1
    assert "未改动" in message and "仍为1" in message and "按空白处理" not in message

    # A note on how an entry was read is taken back with the entry.
    assert model.setData(model.index_of(key), "６")
    assert "读作6" in window.statusBar().currentMessage()
    window.actions_by_name["undo"].trigger()
    assert window.doc.report.value(key) == 1
    assert window.statusBar().currentMessage().startswith("已撤销：填写")

    # A finding shown in the status bar goes once it is fixed.
    bad = next(f for f in window.doc.findings if key in f.keys)
    window.show_finding(bad)
    assert bad.message in window.statusBar().currentMessage()
    window.doc.set_values({key: 0}, "t")
    assert window.statusBar().currentMessage() == ""

    # 已粘贴9格, the pasted range selected; undo replaces the message.
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    view.setCurrentIndex(model.index_of("requests.new.natural"))
    view.paste_text("1\t2\t3\n4\t5\t6\n7\t8\t9\n")
    assert window.statusBar().currentMessage().startswith("已粘贴9格")
    selected = {model.key_at(i.row(), i.column()) for i in view.selectionModel().selectedIndexes()}
    assert len(selected) == 9 and "requests.disclosed.business" in selected
    window.actions_by_name["undo"].trigger()
    assert "已粘贴" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage() == "已撤销：粘贴"


def test_a_newly_opened_file_starts_on_the_tab_that_needs_it(window, tmp_path):
    window.tabs.setCurrentIndex(window.tab_of("appeals"))
    good = tmp_path / "好.json"
    good.write_text(dumps_report(consistent_report()), encoding="utf-8")
    assert window.files.load_path(str(good))
    assert window.tabs.currentIndex() == 0
    bad_report = consistent_report()
    bad_report.values["appeals.cases.review_upheld"] = 7
    bad = tmp_path / "错.json"
    bad.write_text(dumps_report(bad_report), encoding="utf-8")
    assert window.files.load_path(str(bad))
    assert window.tabs.currentIndex() == window.tab_of("appeals")


def refuse_replace(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """What Windows does while Excel/WPS holds the file: the final replace is refused."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_save_refused_by_a_locked_file_keeps_the_work_and_offers_save_as(
    window, dialogs, tmp_path, monkeypatch
):
    folder = tmp_path / "政务公开" / "2024年度报告（定稿）"
    folder.mkdir(parents=True)
    locked = folder / "匡堰镇人民政府2024年政府信息公开工作年度报告.xlsx"
    window.doc.load(consistent_report(), None)
    dialogs.answer("getSaveFileName", (str(locked), ""))
    assert window.files.save_as()
    before = locked.read_bytes()
    window.doc.set_values({"requests.new.natural": 6}, "t")
    refuse_replace(monkeypatch, locked)

    dialogs.answer("question", QMessageBox.StandardButton.No)
    assert not window.files.save()
    asked = dialogs.calls[-1][1]
    assert "Excel 或 WPS" in asked[2] and "另存为" in asked[2] and "没有丢失" in asked[2]
    assert window.doc.dirty and window.isWindowModified()
    assert window.doc.report.value("requests.new.natural") == 6
    assert locked.read_bytes() == before  # the original is untouched
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]  # no litter

    other = folder / "匡堰镇人民政府2024年政府信息公开工作年度报告（副本）.xlsx"
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    dialogs.answer("getSaveFileName", (str(other), ""))
    assert window.files.save()
    assert not window.doc.dirty and window.doc.path == str(other)
    from workbook.files import open_report

    assert open_report(other).report.value("requests.new.natural") == 6


def test_a_path_too_long_for_windows_is_explained(window, dialogs, tmp_path, monkeypatch):
    """Windows (without long paths enabled) cannot create the file: say why, keep the work."""
    import workbook.savefile

    deep = tmp_path
    while len(str(deep)) < 240:
        deep = deep / "二〇二四年度政府信息公开工作年度报告材料"
    deep.mkdir(parents=True)
    target = deep / "匡堰镇人民政府2024年政府信息公开工作年度报告.xlsx"

    def mkstemp(*args, **kwargs):
        raise FileNotFoundError(2, "系统找不到指定的路径。")

    monkeypatch.setattr(workbook.savefile.tempfile, "mkstemp", mkstemp)
    window.doc.load(consistent_report(), None)
    window.doc.set_values({"requests.new.natural": 6}, "t")
    dialogs.answer("question", QMessageBox.StandardButton.No)
    assert not window.files.save_to(str(target))
    message = dialogs.calls[-1][1][2]
    assert "路径很长" in message and "260" in message and "另存为" in message
    assert window.doc.dirty


def test_ctrl_z_and_ctrl_y_in_the_table(qtbot, window):
    view = window.views["requests"]
    window.tabs.setCurrentIndex(window.tab_of("requests"))
    key = "requests.new.natural"
    view.setCurrentIndex(view.model().index_of(key))
    view.setFocus()
    qtbot.keyClicks(view, "5")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.report.value(key) == 5)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.value(key) is None  # blank again, not 0
    qtbot.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.report.value(key) == 5
