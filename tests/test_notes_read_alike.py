"""Reading notes of one kind across many cells are one line with a count, and read the same in
`check`, `convert`, `export` and the app's 导入说明 — no internal keys, no cell named twice.

The chain: a supervising office's script fills our template with openpyxl (which keeps formulas,
not their results) and a clerk types "/" for zero into a few cells; then every command reads it.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
import pytest

from cli.commands import run
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.format import load_format
from workbook.model.layout import position
from workbook.model.values import Note
from workbook.xlsx.write.writer import write_report

SLASHED = ("requests.new.natural", "requests.new.business", "appeals.cases.review_upheld")
TOTALS_LINE = "个合计公式没有保存计算结果，已按公式重新计算"
KEY = re.compile(r"\b(requests|appeals|active|meta)\.[a-z_]+")


@pytest.fixture
def script_saved(tmp_path: Path) -> Path:
    """Our workbook as a script leaves it: no cached results, "/" typed for 0 in three cells."""
    report = consistent_report(1)
    for key in SLASHED:
        report.values[key] = 0
    path = tmp_path / "脚本填写.xlsx"
    write_report(report, path)
    fmt = report.format
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path)
    for key in SLASHED:
        pos = position(fmt, key)
        book[pos.sheet].cell(pos.row + 1, pos.col + 1).value = "/"
    book.save(path)
    return path


def _lines(text: str, prefix: str) -> list[str]:
    return [line.split(prefix, 1)[1] for line in text.splitlines() if prefix in line]


def test_every_command_lists_the_same_folded_notes(
    script_saved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported = open_report(script_saved)
    totals = sum(1 for n in imported.notes if "合计公式没有保存计算结果" in n.message)
    assert totals >= 20  # every total of 三 and 四: the reader saw them one by one
    expected = [f"{totals} {TOTALS_LINE}", "3 个单元格：“/”按0读取"]

    run(["check", str(script_saved)])
    from_check = _lines(capsys.readouterr().out, "读取说明：")
    run(["convert", str(script_saved), "-o", str(tmp_path / "out.json")])
    out = capsys.readouterr()
    from_convert = _lines(out.err, "提示：")
    assert "2 处需要核对" in out.out
    run(["export", str(script_saved), "-o", str(tmp_path / "out.html")])
    from_export = _lines(capsys.readouterr().err, "提示：")

    assert sorted(from_check) == sorted(expected)
    assert from_convert == from_check == from_export
    assert not any(KEY.search(line) for line in from_check)


def test_the_app_lists_them_alike(qtbot, script_saved: Path) -> None:
    from gui.app import setup_application
    from gui.notes_dialog import ImportNotesDialog
    from workbook.model.notes import note_lines

    setup_application()
    dialog = ImportNotesDialog()
    qtbot.addWidget(dialog)
    imported = open_report(script_saved)
    dialog.show_notes(str(script_saved), imported)
    shown = [line.split(". ", 1)[1] for line in dialog.text.toPlainText().splitlines()]
    assert shown == note_lines(imported.report.format, imported.notes)
    assert len(shown) == 2 and "以下 2 处" in dialog.summary.text()
    dialog.close()


def test_a_note_alone_names_its_cell_once() -> None:
    from workbook.model.notes import note_lines

    fmt = load_format("2021")
    name = "四、行政复议·总计"
    alone = Note(
        "appeals.cases.review_total", "合计公式没有保存计算结果，按公式用各格读取的值算出19"
    )
    named = Note(alone.key, f"{name}：{alone.message}", kind="uncached_total")
    assert note_lines(fmt, [alone]) == [f"{name}：{alone.message}"]
    assert note_lines(fmt, [named]) == [named.message]  # not "四、…：四、…：…"


def test_notes_that_ask_to_look_at_a_cell_stay_one_per_cell() -> None:
    from workbook.model.notes import note_lines

    fmt = load_format("2021")
    ask = "按表格标签近似匹配找到并读取，请核对"
    notes = [Note(k, ask) for k in ("requests.new.natural", "requests.new.total")]
    lines = note_lines(fmt, [*notes, Note("", "文件说明"), Note("", "文件说明")])
    assert len(lines) == 4 and all(ask in line for line in lines[:2])
    assert lines[0] != lines[1]  # each names its own cell
