"""Fixtures for driving the real window offscreen: isolated settings, no real modal dialogs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from workbook.jsonio import dumps_report
from workbook.model.report import Report


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


def consistent_report() -> Report:
    """A small township report with every cell filled and nothing wrong with it."""
    r = Report.blank(
        "2021", agency="测试镇人民政府", agency_kind="township", year=2024, issued=date(2025, 1, 20)
    )
    for k in r.values:
        r.values[k] = 0
    r.values["active.fees.amount"] = Decimal("0")
    for row, n in (("new", 5), ("disclosed", 4), ("total_handled", 4), ("carry_forward", 1)):
        r.values[f"requests.{row}.natural"] = n
        r.values[f"requests.{row}.total"] = n
    r.set_text(
        "overview",
        "2024年，本镇认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
        "主动公开方面，本镇通过门户网站公开各类信息120条。\n"
        "依申请公开方面，全年收到申请5件，办结4件，结转1件。\n"
        "政府信息管理方面，严格落实保密审查。\n"
        "政府信息公开平台建设方面，持续优化网站栏目。\n"
        "监督保障方面，加强培训考核。",
    )
    r.set_text(
        "problems",
        "存在的问题：公开内容的时效性有待提高。改进情况：针对上年问题，建立了定期更新制度。",
    )
    r.set_text("other", "本年度未收取信息处理费。本镇按要求完成政务公开工作要点。")
    return r


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


def ime_type(widget, text: str) -> None:
    """Type Chinese as an input method commits it (QTest.keyClicks aborts on non-Latin text)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
