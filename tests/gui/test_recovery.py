"""Recovery that loses nothing: every backup offered, debounced autosave, kept until chosen;
and a read-only file is replaced only when the clerk says so."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

import gui.recovery
from gui.document import Document
from gui.recovery import Autosaver, orphans
from tests.gui.conftest import consistent_report


def crashed_window(path: str | None, value: int) -> Autosaver:
    """Another window's document with an unsaved edit, whose process then died."""
    doc = Document()
    doc.load(consistent_report(), path)
    saver = Autosaver(doc)
    doc.set_values({"requests.new.natural": value}, "t")
    assert saver.autosave()
    saver.timer.stop()
    saver.lock.unlock()  # the process is gone: its lock with it
    return saver


def test_every_windows_backup_is_offered_even_when_started_with_a_file(
    window, dialogs, report_file
):
    first = crashed_window(str(report_file), 41)
    second = crashed_window(None, 42)
    window.files.load_path(str(report_file))  # double-clicked a file after the crash
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    assert window.offer_recovery()
    restored = sorted(w.doc.report.value("requests.new.natural") for w in window.recovered_windows)
    assert restored == [41, 42]  # two new windows: the opened file stays as it was
    assert window.doc.path == str(report_file) and not window.doc.dirty
    assert not first.file.exists() and not second.file.exists()
    for w in window.recovered_windows:
        w.doc.undo_stack.setClean()
        w.close()


def test_a_backup_stays_until_the_clerk_chooses(window, dialogs):
    saver = crashed_window(None, 7)
    dialogs.answer("question", QMessageBox.StandardButton.Cancel)  # "not now"
    assert not window.offer_recovery()
    assert saver.file.exists() and len(orphans()) == 1  # offered again next time
    dialogs.answer("question", QMessageBox.StandardButton.No)  # discard
    assert not window.offer_recovery()
    assert not saver.file.exists() and orphans() == []


def test_autosave_follows_the_last_edit(qtbot, monkeypatch, report_file):
    monkeypatch.setattr(gui.recovery, "AUTOSAVE_DELAY_MS", 200)
    doc = Document()
    doc.load(consistent_report(), str(report_file))
    saver = Autosaver(doc)
    try:
        assert doc.set_values({"requests.new.natural": 98765}, "t")
        assert not saver.file.exists()  # not while the clerk is typing…
        qtbot.waitUntil(saver.file.exists, timeout=3000)  # …but moments after
        assert '"requests"' in saver.file.read_text(encoding="utf-8")
        doc.undo_stack.setClean()  # saved: the backup goes
        assert not saver.file.exists()
    finally:
        saver.close()


def test_a_read_only_file_is_replaced_only_when_the_clerk_agrees(window, dialogs, tmp_path):
    target = tmp_path / "定稿.xlsx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    window.doc.set_values({"requests.new.natural": 3}, "t")
    dialogs.answer("question", QMessageBox.StandardButton.No)
    assert not window.files.save_to(str(target))
    assert target.read_bytes() == b"final"
    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    assert window.files.save_to(str(target))
    assert Path(target).read_bytes() != b"final" and not window.doc.dirty


def test_what_the_file_cannot_hold_is_said_after_saving(window, dialogs, tmp_path):
    window.doc.set_meta("agency", "某\x04局")
    dialogs.answer("warning", None)
    assert window.files.save_to(str(tmp_path / "r.xlsx"))
    (_name, args), *_ = [c for c in dialogs.calls if c[0] == "warning"]
    assert "控制字符" in args[2]
