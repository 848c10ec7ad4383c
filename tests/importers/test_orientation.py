"""Clerks' own workbooks by labels, whatever the orientation: table 四 as 3×5 or 5×3, tables
split over several sheets, spaced header labels, label text in merged cells, transposed sheets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import variants as v
from tests.importers.sheetmake import clerk_workbook
from tests.office import convert
from workbook.files import open_report
from workbook.model.errors import NotAReport
from workbook.model.format import load_format
from workbook.model.report import Report

LAYOUTS = {
    "四 as 3 rows × 5 columns": {"appeals": "3x5"},
    "四 as 5 rows × 3 columns": {"appeals": "5x3"},
    "三 split over two sheets": {"appeals": "strip", "split_requests": True},
    "spaces inside header labels": {"appeals": "3x5", "spaced": True},
    "labels in merged cells": {"appeals": "3x5", "merged_labels": True},
    "sheets transposed": {"appeals": "5x3", "transpose_tables": True},
}


@pytest.fixture
def report() -> Report:
    return v.numbered(load_format("2021"))


def wrong_cells(got: Report, want: Report) -> dict[str, tuple[object, object]]:
    return {k: (got.values.get(k), x) for k, x in want.values.items() if got.values.get(k) != x}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_cell_is_read_by_its_labels(report: Report, tmp_path: Path, layout: str) -> None:
    imported = open_report(clerk_workbook(report, tmp_path / "clerk.xlsx", **LAYOUTS[layout]))
    assert not wrong_cells(imported.report, report)
    for note in imported.notes:  # said in the clerk's words, never with internal keys
        assert "appeals." not in note.message and "requests." not in note.message


def test_the_3x5_layout_is_said_and_blanks_stay_blank(report: Report, tmp_path: Path) -> None:
    report.values["appeals.cases.direct_pending"] = None
    report.values["appeals.cases.after_review_upheld"] = 0
    imported = open_report(clerk_workbook(report, tmp_path / "clerk.xlsx", appeals="3x5"))
    got = imported.report.values
    assert got["appeals.cases.direct_pending"] is None
    assert got["appeals.cases.after_review_upheld"] == 0
    assert (
        got["appeals.cases.after_review_total"] == report.values["appeals.cases.after_review_total"]
    )
    assert any("三行五列" in n.message and "四、" in n.message for n in imported.notes)


@pytest.mark.libreoffice
@pytest.mark.parametrize("to", ["xls", "ods"])
def test_legacy_and_opendocument_copies_of_a_clerks_workbook(
    report: Report, tmp_path: Path, to: str
) -> None:
    source = clerk_workbook(report, tmp_path / "clerk.xlsx", appeals="5x3", split_requests=True)
    imported = open_report(convert(source, to, tmp_path))
    assert not wrong_cells(imported.report, report)
    assert imported.source_kind == "其他表格"


def test_a_workbook_that_is_not_a_report_is_refused_not_read_as_blank(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "科室", "电话"])
    ws.append(["张三", "办公室", 12345])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    with pytest.raises(NotAReport):
        open_report(path)
