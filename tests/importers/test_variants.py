"""The Cixi sample (and a report with a different number in every cell, so a shifted cell
shows) rewritten the ways clerks meet it: each variant imports to the same numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import variants as v
from tests.office import convert
from workbook.files import open_report
from workbook.importers.sources.html import import_html
from workbook.importers.sources.spreadsheet import import_spreadsheet
from workbook.importers.sources.text import import_text
from workbook.model.format import load_format
from workbook.model.report import Report


@pytest.fixture(params=["cixi", "numbered"])
def reference(request, samples_dir: Path) -> Report:
    cixi = import_text(
        (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    ).report
    if request.param == "cixi":
        return cixi
    report = v.numbered(load_format("2021"))
    report.texts, report.issued, report.agency = cixi.texts, cixi.issued, cixi.agency
    return report


def same_numbers(got: Report, want: Report) -> None:
    wrong = {k: (got.values.get(k), x) for k, x in want.values.items() if got.values.get(k) != x}
    assert not wrong
    assert got.agency == want.agency and got.year == want.year


TEXT_VARIANTS = {
    "pipe rows": lambda r: v.text_tables(r),
    "markdown": lambda r: v.text_tables(r, markdown=True),
    "slash for zero": lambda r: v.text_tables(r, v.zero_as("/")),
    "dash for zero": lambda r: v.text_tables(r, v.zero_as("—")),
    "full-width digits": lambda r: v.text_tables(r, v.fullwidth, markdown=True),
    "units in cells": lambda r: v.text_tables(r, v.with_units),
}


@pytest.mark.parametrize("variant", sorted(TEXT_VARIANTS))
def test_text_variants(reference: Report, variant: str):
    imported = import_text(v.full_text(reference, TEXT_VARIANTS[variant](reference)))
    same_numbers(imported.report, reference)
    assert imported.report.issued == reference.issued
    assert imported.report.texts == reference.texts


def test_blank_for_zero_stays_blank(reference: Report):
    imported = import_text(v.full_text(reference, v.text_tables(reference, v.zero_as(""))))
    for key, want in reference.values.items():
        # A blank cell is never read as 0; every printed number still lands in its cell.
        assert imported.report.values[key] == (None if want == 0 else want)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_html_page(reference: Report, encoding: str):
    imported = import_html(v.html_page(reference, encoding=encoding))
    same_numbers(imported.report, reference)
    assert imported.report.issued == reference.issued
    assert imported.report.texts == reference.texts
    assert imported.source_kind == "网页"


def test_html_without_charset_declared_gbk(reference: Report):
    data = v.html_page(reference, encoding="gbk").replace(b'<meta charset="gbk">', b"")
    same_numbers(import_html(data).report, reference)


def test_html_zero_as_dash(reference: Report):
    imported = import_html(v.html_page(reference, v.zero_as("—")))
    same_numbers(imported.report, reference)


def test_xlsx_one_sheet_subtotal_numbers_as_text(reference: Report, tmp_path: Path):
    path = tmp_path / "clerk.xlsx"
    v.one_sheet_xlsx(reference, path)
    imported = import_spreadsheet(path)
    same_numbers(imported.report, reference)
    assert any("法人或其他组织" in n.message for n in imported.notes)


@pytest.mark.libreoffice
def test_legacy_xls(reference: Report, tmp_path: Path):
    source = tmp_path / "clerk.xlsx"
    v.one_sheet_xlsx(reference, source, as_text=False)
    xls = convert(source, "xls", tmp_path)
    imported = import_spreadsheet(xls)
    same_numbers(imported.report, reference)


@pytest.mark.libreoffice
def test_renamed_workbooks_are_read_by_content(reference: Report, tmp_path: Path):
    """Clerks rename .xls to .xlsx and back; the file's content decides how it is read."""
    source = tmp_path / "clerk.xlsx"
    v.one_sheet_xlsx(reference, source, as_text=False)
    xls = convert(source, "xls", tmp_path)
    old_as_new = tmp_path / "old.xlsx"
    old_as_new.write_bytes(xls.read_bytes())
    new_as_old = tmp_path / "new.xls"
    new_as_old.write_bytes(source.read_bytes())
    for path in (old_as_new, new_as_old):
        same_numbers(open_report(path).report, reference)
