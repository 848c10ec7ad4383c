"""workbook.xlsx.read.fast gives exactly the full reader's report, or declines."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from rules import acknowledge, check
from tests.rules.generate import consistent_report
from workbook.xlsx.read.fast import fast_read
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report, write_template


@pytest.mark.parametrize("seed", range(6))
def test_same_report_as_the_full_reader(seed: int, tmp_path: Path) -> None:
    report = consistent_report(seed)
    if seed == 1:
        report.values["requests.new.natural"] = None
        report.values["active.fees.amount"] = None
    if seed == 2:
        report.agency_kind, report.issued, report.year = None, None, None
    if seed == 3:
        report.set_text(
            "overview", f"共收到政府信息公开申请{report.values['requests.new.total'] + 1}件。"
        )
        acknowledge(report, next(f for f in check(report) if f.rule == "B4"), "理由")
    path = tmp_path / "r.xlsx"
    mode = "checked" if seed in (3, 4) else "report"
    write_report(report, path, mode=mode, findings=check(report))
    fast = fast_read(path)
    assert fast is not None
    assert fast.report == read_workbook(path).report == report


def test_template(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, year=2024, agency="某镇")
    fast = fast_read(path)
    assert fast is not None and fast.report == read_workbook(path).report


def test_declines_after_a_clerk_inserts_a_row(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_report(consistent_report(1), path)
    book = openpyxl.load_workbook(path)
    book["三、依申请公开"].insert_rows(9)
    book.save(path)
    assert fast_read(path) is None


def test_declines_text_in_a_value_cell(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_report(consistent_report(1), path)
    book = openpyxl.load_workbook(path)
    book["四、复议诉讼"]["A8"] = "/"
    book.save(path)
    assert fast_read(path) is None


def test_declines_what_is_not_ours(tmp_path: Path) -> None:
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "别的表格"
    book.save(other)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    assert fast_read(other) is None and fast_read(broken) is None
    assert fast_read(tmp_path / "missing.xlsx") is None
