"""Files around the window: recent list, drop, last year's report, autosave and recovery, batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

import service.batch
from gui.batch_dialog import BatchDialog
from gui.recovery import Autosaver, orphans
from tests.helpers.reports import consistent_report
from workbook.jsonio import dumps_report


def test_open_dialog_and_recent_files(window, dialogs, report_file):
    dialogs.answer("getOpenFileName", (str(report_file), ""))
    window.actions_by_name["open"].trigger()
    assert window.doc.report.agency == "测试镇人民政府"
    assert window.files.recent_files() == [str(report_file.resolve())]
    window.files.new_blank()
    window.files.open_recent(window.files.recent_files()[0])
    assert window.doc.path == str(report_file)


def test_drop_a_file_onto_the_window(qtbot, window, report_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report_file))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.doc.path == str(report_file))


def test_new_from_last_years_report(window, dialogs, report_file):
    dialogs.answer("getOpenFileName", (str(report_file), ""))
    window.actions_by_name["new_from_previous"].trigger()
    r = window.doc.report
    assert (r.agency, r.agency_kind, r.year) == ("测试镇人民政府", "township", 2025)
    assert all(v is None for v in r.values.values())  # this year's numbers start blank
    assert window.doc.previous is not None and window.doc.previous.year == 2024
    assert window.doc.path is None


def test_autosave_and_recovery_after_a_crash(window, dialogs, report_file):
    from gui.document import Document

    crashed = Document()  # another window's document, which then crashes
    crashed.load(consistent_report(), str(report_file))
    saver = Autosaver(crashed)
    assert not saver.autosave()  # nothing unsaved, nothing written
    crashed.set_values({"requests.new.natural": 42}, "t")
    assert saver.autosave() and saver.file.is_file()
    assert orphans() == []  # owned by a running window: not offered
    saver.timer.stop()
    saver.lock.unlock()  # the window "crashed": its lock is gone, the file stays
    found = orphans()
    assert len(found) == 1 and found[0].report.value("requests.new.natural") == 42

    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    assert window.offer_recovery()
    assert window.doc.report.value("requests.new.natural") == 42
    assert window.doc.path == str(report_file) and window.doc.dirty
    assert orphans() == [] and not saver.file.exists()  # offered once, then gone


def test_saving_removes_the_recovery_file(window, report_file):
    window.files.load_path(str(report_file))
    saver = Autosaver(window.doc)
    window.doc.set_values({"requests.new.natural": 6}, "t")
    saver.autosave()
    assert window.files.save()
    assert not saver.file.exists()
    saver.close()


def write_reports(folder: Path) -> None:
    folder.mkdir()
    good = consistent_report()
    (folder / "a-good.json").write_text(dumps_report(good), encoding="utf-8")
    bad = consistent_report()
    bad.values["appeals.cases.review_upheld"] = 3
    (folder / "b-wrong.json").write_text(dumps_report(bad), encoding="utf-8")
    (folder / "c-broken.xlsx").write_bytes(b"not a workbook")
    (folder / "notes.pages").write_bytes(b"ignored")


def test_batch_check_runs_off_the_gui_thread(qtbot, window, tmp_path):
    folder = tmp_path / "reports"
    write_reports(folder)
    dialog = BatchDialog(window)
    dialog.start(str(folder))
    assert (
        dialog.worker is not None and dialog.worker.thread() is not QApplication.instance().thread()
    )
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10_000)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    assert set(rows) == {"a-good.json", "b-wrong.json"}
    assert dialog.table.item(rows["a-good.json"], 6).text() == "未发现问题"
    assert int(dialog.table.item(rows["b-wrong.json"], 3).text()) >= 1
    assert dialog.bad_table.rowCount() == 1  # unreadable files are listed apart
    assert "c-broken.xlsx" in dialog.bad_table.item(0, 1).text()
    assert "检查完毕" in dialog.status.text()
    with qtbot.waitSignal(dialog.open_requested) as opened:
        dialog.table.cellDoubleClicked.emit(rows["b-wrong.json"], 0)
    assert opened.args[0].endswith("b-wrong.json")
    dialog.close()


def test_batch_check_can_be_cancelled(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    text = dumps_report(consistent_report())
    for i in range(200):
        (folder / f"r{i:03}.json").write_text(text, encoding="utf-8")
    dialog = BatchDialog(window)
    dialog.start(str(folder))
    dialog.cancel()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10_000)
    assert dialog.table.rowCount() < 200
    assert "已停止" in dialog.status.text()
    dialog.close()


def test_new_report_for_another_year_takes_that_years_format(window, dialogs):
    dialogs.answer("getInt", (2020, True))
    window.actions_by_name["new_for_year"].trigger()
    assert window.doc.report.format_id == "2019" and window.doc.report.year == 2020
    assert len(window.doc.report.format.tables["requests"].rows) == 23
    dialogs.answer("getInt", (2025, False))  # cancelled: nothing changes
    window.actions_by_name["new_for_year"].trigger()
    assert window.doc.report.year == 2020


def test_batch_check_finishes_when_a_reader_crashes(qtbot, window, tmp_path, monkeypatch):
    """A panic in native reading code (not an Exception) must not leave the window waiting."""

    class Panic(BaseException):
        pass

    def crash(path):
        raise Panic("boom")

    monkeypatch.setattr(service.batch, "open_report", crash)
    folder = tmp_path / "reports"
    write_reports(folder)
    dialog = BatchDialog(window)
    dialog.start(str(folder))
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10_000)
    assert dialog.table.rowCount() == 0 and dialog.bad_table.rowCount() == 3  # listed apart
    assert all("程序读这个文件时出错" in dialog.bad_table.item(r, 1).text() for r in range(3))
    assert "检查完毕" in dialog.status.text()
    dialog.close()
