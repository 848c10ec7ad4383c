"""The 上年 belongs to the open report — the chains a clerk runs in the real window:
open A, attach A's 上年, open B (B gets its own 上年 from that folder, or none — never A's);
choose another unit's report or one of the same year as 上年 (asked first)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from rules import check
from tests.gui.conftest import DialogCalls
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.report import Report

QIAOTOU = "慈溪市桥头镇人民政府"
XIAOLIN = "慈溪市逍林镇人民政府"
CROSS_YEAR = {"B1", "B2", "B8"}  # the rules that read the 上年


def _report(agency: str, year: int, seed: int) -> Report:
    return consistent_report(seed, year=year, agency=agency)


def _save(r: Report, path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps_report(r), encoding="utf-8")
    return str(path)


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, str]:
    """This year's reports of two towns in one folder, 桥头镇's 2024 report in another."""
    files = {
        "a": _save(_report(QIAOTOU, 2025, 1), tmp_path / "2025" / "桥头镇2025.json"),
        "b": _save(_report(XIAOLIN, 2025, 2), tmp_path / "2025" / "逍林镇2025.json"),
        "a_prev": _save(_report(QIAOTOU, 2024, 3), tmp_path / "2024" / "桥头镇2024.json"),
    }
    # The test can fail: B checked against A's 上年 gives cross-year findings.
    b, a_prev = (_read(files[k]) for k in ("b", "a_prev"))
    assert {f.rule for f in check(b, a_prev)} & CROSS_YEAR
    return files


def _read(path: str) -> Report:
    from workbook.files import open_report

    return open_report(path).report


def _open(window, dialogs: DialogCalls, path: str) -> None:
    dialogs.answer("getOpenFileName", (path, ""))
    window.actions_by_name["open"].trigger()
    assert window.doc.path == path


def _attach(window, dialogs: DialogCalls, path: str) -> None:
    dialogs.answer("getOpenFileName", (path, ""))
    window.actions_by_name["open_previous"].trigger()


def _cross_year(window) -> set[str]:
    return {f.rule for f in window.doc.findings} & CROSS_YEAR


def test_opening_another_unit_drops_the_attached_previous(
    window, dialogs: DialogCalls, reports: dict[str, str]
) -> None:
    _open(window, dialogs, reports["a"])
    _attach(window, dialogs, reports["a_prev"])
    assert "question" not in dialogs.names()  # A's own 上年: nothing to ask
    assert window.doc.previous is not None and window.doc.previous.agency == QIAOTOU
    window.actions_by_name["compare"].trigger()
    assert window.compare_dialog is not None and window.compare_dialog.isVisible()

    _open(window, dialogs, reports["b"])
    assert window.doc.previous is None
    assert _cross_year(window) == set()  # nothing computed on 桥头镇's numbers
    assert window.status.previous.isHidden()
    assert "已取下上年报告" in window.statusBar().currentMessage()
    assert window.compare_dialog is None  # 桥头镇 is shown as nobody's 上年
    # 与上年比较 now asks for B's 上年 instead of showing A's (cancelled here).
    dialogs.answer("getOpenFileName", ("", ""))
    window.actions_by_name["compare"].trigger()
    assert window.compare_dialog is None


def test_opening_another_unit_takes_its_own_previous_from_the_same_folder(
    window, dialogs: DialogCalls, reports: dict[str, str], tmp_path: Path
) -> None:
    b_prev = _save(_report(XIAOLIN, 2024, 4), tmp_path / "2024" / "逍林镇2024.json")
    _save(_report(XIAOLIN, 2023, 5), tmp_path / "2024" / "逍林镇2023.json")  # not the year before
    _open(window, dialogs, reports["a"])
    _attach(window, dialogs, reports["a_prev"])
    window.actions_by_name["compare"].trigger()

    _open(window, dialogs, reports["b"])
    assert window.doc.previous_path == b_prev
    assert window.doc.previous is not None and window.doc.previous.year == 2024
    assert window.status.previous.text() == f"上年：{XIAOLIN} 2024年度"
    assert "逍林镇2024.json" in window.statusBar().currentMessage()
    b, prev = _read(reports["b"]), _read(b_prev)
    assert {f.code for f in window.doc.findings} == {f.code for f in check(b, prev)}
    dialog = window.compare_dialog
    assert dialog is not None and dialog.comparison is not None
    assert dialog.comparison.previous.agency == XIAOLIN  # the open view follows

    _open(window, dialogs, reports["a"])  # and back: 桥头镇's own again
    assert window.doc.previous_path == reports["a_prev"]
    assert window.status.previous.text() == f"上年：{QIAOTOU} 2024年度"


def test_a_new_report_does_not_keep_another_units_previous(
    window, dialogs: DialogCalls, reports: dict[str, str]
) -> None:
    _open(window, dialogs, reports["a"])
    _attach(window, dialogs, reports["a_prev"])
    window.actions_by_name["new"].trigger()  # 新建空白报告: no unit yet, so no 上年 either
    assert window.doc.previous is None and _cross_year(window) == set()
    _open(window, dialogs, reports["a"])
    assert window.doc.previous is not None  # 桥头镇 again: its own 上年 from that folder
    assert window.files.new_report(2025, agency=XIAOLIN)
    assert window.doc.previous is None
    assert window.files.new_report(2025, agency=QIAOTOU)  # the unit of the 上年 found again
    assert window.doc.previous is not None and window.doc.previous.agency == QIAOTOU


@pytest.mark.parametrize("wrong", ["other_unit", "same_year"])
def test_choosing_a_previous_that_does_not_fit_asks_first(
    window, dialogs: DialogCalls, reports: dict[str, str], tmp_path: Path, wrong: str
) -> None:
    agency, year = (XIAOLIN, 2024) if wrong == "other_unit" else (QIAOTOU, 2025)
    path = _save(_report(agency, year, 6), tmp_path / "其他" / "上年.json")
    _open(window, dialogs, reports["a"])

    dialogs.answer("question", QMessageBox.StandardButton.No)
    _attach(window, dialogs, path)
    (_, args) = dialogs.calls[-1]
    assert dialogs.names()[-1] == "question"
    assert ("逍林镇" if wrong == "other_unit" else "上年应为2024年度") in str(args[2])
    assert window.doc.previous is None and _cross_year(window) == set()

    dialogs.answer("question", QMessageBox.StandardButton.Yes)
    _attach(window, dialogs, path)  # the clerk knows better: attached, and the view says so
    assert window.doc.previous_path == path
    assert "可能选错了文件" in window.status.previous.toolTip()  # and the status bar, in red
    window.actions_by_name["compare"].trigger()
    dialog = window.compare_dialog
    assert dialog is not None and not dialog.warning.isHidden()
    assert "可能选错了文件" in dialog.warning.text()


def test_editing_the_unit_after_attaching_shows_the_mismatch(
    window, dialogs: DialogCalls, reports: dict[str, str]
) -> None:
    _open(window, dialogs, reports["a"])
    _attach(window, dialogs, reports["a_prev"])
    assert "可能选错了文件" not in window.status.previous.toolTip()
    window.doc.set_meta("agency", XIAOLIN)
    assert "可能选错了文件" in window.status.previous.toolTip()
    window.doc.undo_stack.undo()
    assert "可能选错了文件" not in window.status.previous.toolTip()
