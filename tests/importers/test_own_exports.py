"""Our own published text (nianbao export → Word, PDF) read back by the importers: a clerk
who has only last year's exported report gets every number, the agency, year and date back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.reports import filled_report
from workbook.files import open_report, save_report


@pytest.mark.parametrize("ext", [".docx", ".pdf"])
def test_an_exported_report_reads_back(tmp_path: Path, ext: str) -> None:
    from cli.main import main

    report = filled_report()
    source = tmp_path / "report.xlsx"
    save_report(report, source)
    out = tmp_path / f"published{ext}"
    assert main(["export", str(source), "-o", str(out)]) == 0
    imported = open_report(out)
    got = imported.report
    assert {k: got.values.get(k) for k in report.values} == report.values
    assert (got.agency, got.year, got.issued) == (report.agency, report.year, report.issued)
    assert got.texts["problems"] == report.texts["problems"]
    assert not [n for n in imported.notes if n.key.startswith(("active.", "requests.", "appeals."))]
