"""Fixtures for driving the real window offscreen: isolated settings, no real modal dialogs.

Helpers (reports, typing Chinese) live in tests/helpers; they are imported here for the fixtures
and for older tests that still import them from this module.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from tests.helpers.qt import ime_type
from tests.helpers.reports import consistent_report
from workbook.jsonio import dumps_report


class DialogCalls:
    """Modal dialogs hang offscreen: every static one is replaced, and a test says the answer."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []
        self.answers: dict[str, list[object]] = {}

    def answer(self, name: str, *values: object) -> None:
        self.answers.setdefault(name, []).extend(values)

    def names(self) -> list[str]:
        return [n for n, _ in self.calls]

    def make(self, name: str):
        def fake(*args: object, **kwargs: object) -> object:
            self.calls.append((name, args))
            queue = self.answers.get(name)
            if not queue:
                raise AssertionError(f"unexpected dialog {name}: {args[1:3]}")
            return queue.pop(0)

        return staticmethod(fake)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogCalls:
    calls = DialogCalls()
    for cls, names in (
        (QMessageBox, ("question", "warning", "information", "critical", "about")),
        (QFileDialog, ("getOpenFileName", "getSaveFileName", "getExistingDirectory")),
        (QInputDialog, ("getText", "getInt")),
    ):
        for name in names:
            monkeypatch.setattr(cls, name, calls.make(name))
    return calls


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    QStandardPaths.setTestModeEnabled(True)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from gui.file_actions import settings

    settings().clear()


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_text(dumps_report(consistent_report()), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot):
    from gui.app import setup_application
    from gui.main_window import MainWindow

    setup_application()
    w = MainWindow(autosave=False)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.doc.undo_stack.setClean()  # no "save changes?" prompt while tearing down
    w.close()
    w.deleteLater()


__all__ = ["DialogCalls", "consistent_report", "ime_type"]
