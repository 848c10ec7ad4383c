"""The batch window chained the way an office uses it (issue 17): check a folder, save the 汇总,
check the folder again, a unit sent twice, a 上年报告文件夹 chosen after the check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gui.batch_dialog import BatchDialog
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.xlsx.write.writer import write_report

NEW = "requests.new.total"


def _unit(seed: int, name: str, year: int = 2024):
    r = consistent_report(seed, year=year)
    r.agency = name
    r.issued = date(year + 1, 1, 20)
    return r


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "2024年报告"
    folder.mkdir()
    for i, name in enumerate(("甲镇人民政府", "乙镇人民政府", "丙局")):
        write_report(_unit(i, name), folder / f"{name}.xlsx")
    return folder


def _marked_twice(dialog: BatchDialog) -> dict[str, str]:
    """Rows of the list whose text says 重复报送: file -> that text (read off the table)."""
    out = {}
    for row in range(dialog.table.rowCount()):
        cells = [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]
        text = " ".join(cells[1:])
        if "重复报送" in text:
            out[cells[0]] = text
    return out


def _check(qtbot, dialog: BatchDialog, folder: Path) -> None:
    dialog.start(str(folder))
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)


def _summarize(qtbot, dialog: BatchDialog, dialogs, out: Path) -> str:
    dialogs.answer("getSaveFileName", (str(out), ""))
    dialog.summary_button.click()
    qtbot.waitUntil(lambda: dialog.summary_worker is None, timeout=30_000)
    return dialog.status.text()


def test_summary_saved_into_the_folder_is_skipped_next_time(
    qtbot, window, dialogs, folder: Path
) -> None:
    dialog = BatchDialog(window)
    _check(qtbot, dialog, folder)
    expected = sum(open_report(p).report.values[NEW] for p in folder.glob("*.xlsx"))
    first = folder / "汇总.xlsx"
    assert "已写出汇总" in _summarize(qtbot, dialog, dialogs, first)
    proposed = dialogs.calls[-1][1][2]

    _check(qtbot, dialog, folder)  # the clerk checks the folder again: 汇总.xlsx is in it now
    assert sorted(dialog.visible_files()) == sorted(
        ["甲镇人民政府.xlsx", "乙镇人民政府.xlsx", "丙局.xlsx"]
    )
    reasons = [dialog.bad_table.item(r, 1).text() for r in range(dialog.bad_table.rowCount())]
    assert any("汇总" in x and "跳过" in x for x in reasons), reasons
    assert "跳过1个" in dialog.bad_label.text()
    second = folder.parent / "第二次.xlsx"
    _summarize(qtbot, dialog, dialogs, second)
    assert open_report(second).report.values[NEW] == expected  # not doubled
    assert Path(proposed).parent == folder.parent, proposed  # proposed: the folder above
    dialog.close()


def test_a_unit_sent_twice_is_marked_in_the_list(qtbot, window, dialogs, folder: Path) -> None:
    again = _unit(8, "乙镇 人民政府")
    again.issued = date(2025, 3, 1)  # the newer copy
    write_report(again, folder / "乙镇-重新报送.xlsx")
    dialog = BatchDialog(window)
    _check(qtbot, dialog, folder)
    [(file, note)] = _marked_twice(dialog).items()
    assert file == "乙镇人民政府.xlsx"
    assert "重复报送" in note and "乙镇-重新报送.xlsx" in note
    assert "1个重复报送" in dialog.status.text()
    out = folder.parent / "汇总.xlsx"
    assert "1份重复报送" in _summarize(qtbot, dialog, dialogs, out)
    counted = [
        open_report(folder / f).report.values[NEW] for f in ("甲镇人民政府.xlsx", "丙局.xlsx")
    ]
    assert open_report(out).report.values[NEW] == sum(counted) + again.values[NEW]
    dialog.close()


def test_office_name_is_one_unit_once_the_list_says_so(
    qtbot, window, dialogs, folder: Path, tmp_path: Path
) -> None:
    write_report(_unit(9, "甲镇人民政府办公室"), folder / "甲镇办.xlsx")
    dialog = BatchDialog(window)
    _check(qtbot, dialog, folder)
    assert _marked_twice(dialog) == {}
    names = tmp_path / "名单.txt"
    names.write_text("甲镇人民政府 = 甲镇人民政府办公室\n乙镇人民政府\n丙局\n", encoding="utf-8")
    dialogs.answer("getOpenFileName", (str(names), ""))
    dialog.units_button.click()
    assert list(_marked_twice(dialog)) == ["甲镇人民政府.xlsx"]  # the older one
    dialog.close()


def test_choosing_last_years_folder_checks_again_against_each_units_own_report(
    qtbot, window, dialogs, folder: Path, tmp_path: Path
) -> None:
    last = tmp_path / "2023年报告"
    last.mkdir()
    previous = _unit(5, "甲镇人民政府", year=2023)
    write_report(previous, last / "甲镇.xlsx")
    write_report(_unit(6, "乙镇人民政府", year=2024), last / "乙镇-放错了.xlsx")  # same year
    dialog = BatchDialog(window)
    _check(qtbot, dialog, folder)
    codes = {Path(r.file).name: {f.code for f in r.findings} for r in dialog.results}
    assert not any("NB201" in c for c in codes.values())
    dialogs.answer("getExistingDirectory", str(last))
    dialog.previous_button.click()
    assert dialog.worker is not None  # checking again, with last year's folder
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    by_file = {Path(r.file).name: r for r in dialog.results}
    assert "NB201" in {f.code for f in by_file["甲镇人民政府.xlsx"].findings}
    assert not {"NB201", "NB202"} & {f.code for f in by_file["乙镇人民政府.xlsx"].findings}
    assert Path(by_file["甲镇人民政府.xlsx"].previous_file).name == "甲镇.xlsx"
    assert by_file["乙镇人民政府.xlsx"].previous_file == ""  # 2024 is not 上年 of 2024
    assert "1份找到了本单位上一年度的报告" in dialog.status.text()
    dialog.close()


def test_checked_workbook_saved_by_the_app_into_the_folder_is_skipped(
    qtbot, window, dialogs, folder: Path
) -> None:
    """The clerk opens one report, exports its 校验结果 beside it, then checks the folder."""
    from PySide6.QtWidgets import QMessageBox

    window.doc.load(open_report(folder / "甲镇人民政府.xlsx").report, None)
    dialogs.answer("getSaveFileName", (str(folder / "甲镇（校验结果）.xlsx"), ""))
    dialogs.answer("information", QMessageBox.StandardButton.Close)
    window.actions_by_name["export_checked"].trigger()
    assert (folder / "甲镇（校验结果）.xlsx").is_file()
    dialog = BatchDialog(window)
    _check(qtbot, dialog, folder)
    assert sorted(dialog.visible_files()) == sorted(
        ["甲镇人民政府.xlsx", "乙镇人民政府.xlsx", "丙局.xlsx"]
    )
    assert _marked_twice(dialog) == {}  # not a second 甲镇 2024
    reasons = [dialog.bad_table.item(r, 1).text() for r in range(dialog.bad_table.rowCount())]
    assert any("校验结果" in x for x in reasons), reasons
    dialog.close()
