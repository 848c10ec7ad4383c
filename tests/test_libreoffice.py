"""Real-application tests: LibreOffice headless opens, recalculates and prints what we write.

Our stand-in for "compare with Excel": the cached results we store must be what a spreadsheet
computes, and the printed pages must be A4 with every label of every table on them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from tests.helpers.reports import kuangyan_report
from tests.office import convert, in_order
from tests.office import soffice as find_soffice
from workbook.model.format import load_format
from workbook.model.report import Report
from workbook.xlsx.write.writer import write_report, write_template

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def soffice() -> str:
    return find_soffice()


def _convert(soffice: str, source: Path, to: str, out_dir: Path, *, recalc: bool) -> Path:
    """Run LibreOffice headless with a fresh profile; return the converted file."""
    return convert(source, to, out_dir, recalc=recalc)


def _named_values(path: Path) -> dict[str, object]:
    """Value (cached result for formulas) at every defined name; '' counts as blank."""
    book = openpyxl.load_workbook(path, data_only=True)
    values: dict[str, object] = {}
    for name, defined in book.defined_names.items():
        if name.startswith("_xlnm"):
            continue
        for sheet, ref in defined.destinations:
            value = book[sheet][ref.replace("$", "")].value
            if isinstance(value, dt.datetime):
                value = value.date()
            values[name] = None if value == "" else value
    return values


def _sample_report(samples_dir: Path) -> Report:
    report = kuangyan_report(samples_dir)
    # Some variety: non-zero numbers in every table, a fee with decimals, a blank cell,
    # and one total that disagrees with its parts (written as the typed number).
    report.values["active.normative_documents.issued"] = 3
    report.values["active.normative_documents.in_force"] = 12
    report.values["active.penalties.decisions"] = 41
    report.values["active.fees.amount"] = Decimal("52.15")
    report.values["requests.new.business"] = 2
    report.values["requests.new.total"] = 3
    report.values["requests.disclosed.business"] = 2
    report.values["requests.disclosed.total"] = 2
    report.values["requests.total_handled.business"] = 2
    report.values["requests.total_handled.total"] = 3
    report.values["appeals.cases.review_upheld"] = 1
    report.values["appeals.cases.review_total"] = 1
    report.values["appeals.cases.direct_total"] = 4  # wrong on purpose: parts are 0
    report.values["requests.carry_forward.legal"] = None
    report.values["requests.carry_forward.total"] = None
    return report


def test_libreoffice_recalculates_our_profile_setting(soffice: str, tmp_path: Path) -> None:
    """Guard for the test below: a wrong cached value is replaced, so recalculation happens."""
    source = tmp_path / "stale.xlsx"
    book = xlsxwriter.Workbook(str(source))
    sheet = book.add_worksheet()
    sheet.write_number(0, 0, 2)
    sheet.write_formula(0, 1, "=A1*2", None, 999)
    book.close()
    result = _convert(soffice, source, "xlsx", tmp_path, recalc=True)
    assert openpyxl.load_workbook(result, data_only=True).active["B1"].value == 4


@pytest.mark.parametrize("kind", ["template", "template2019", "report"])
def test_recalculated_values_equal_what_we_wrote(
    soffice: str, tmp_path: Path, samples_dir: Path, kind: str
) -> None:
    source = tmp_path / f"{kind}.xlsx"
    if kind == "template":
        write_template(source, year=2024, agency="慈溪市匡堰镇人民政府")
    elif kind == "template2019":
        write_template(source, year=2020)
    else:
        write_report(_sample_report(samples_dir), source)
    ours = _named_values(source)
    result = _convert(soffice, source, "xlsx", tmp_path, recalc=True)
    theirs = _named_values(result)
    fmt = load_format("2019" if kind == "template2019" else "2021")
    assert {c.key for c in fmt.cells} <= set(ours)
    missing = set(ours) - set(theirs)
    assert not missing, f"LibreOffice lost defined names: {sorted(missing)[:5]}"
    differ = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    assert not differ
    # The title lines are formulas over meta.*: their cached text is what LibreOffice computes.
    before = openpyxl.load_workbook(source, data_only=True)
    after = openpyxl.load_workbook(result, data_only=True)
    for section in fmt.table_sections:
        for ref in ("A2", "A3"):
            assert before[section.sheet][ref].value == after[section.sheet][ref].value
    assert before[fmt.sections[0].sheet]["A1"].value == after[fmt.sections[0].sheet]["A1"].value


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", ["report", "template", "template2019"])
def test_printed_pdf_is_a4_and_shows_every_label(
    soffice: str, tmp_path: Path, samples_dir: Path, kind: str
) -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        if os.environ.get("CI"):
            pytest.fail("poppler-utils (pdftotext, pdfinfo) is required in CI")
        pytest.skip("poppler-utils is not installed")
    source = tmp_path / f"{kind}.xlsx"
    report = _sample_report(samples_dir)
    if kind == "report":
        write_report(report, source)
    else:
        write_template(source, year=2020 if kind == "template2019" else 2024)
    fmt = load_format("2019" if kind == "template2019" else "2021")
    pdf = _convert(soffice, source, "pdf", tmp_path, recalc=False)

    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    sizes = re.findall(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert sizes
    for width, height in sizes:
        assert sorted((round(float(width)), round(float(height)))) == [595, 842]  # A4
    # Each table on one page of its own orientation: 二 portrait, 三 and 四 landscape.
    landscape_pages = sum(float(w) > float(h) for w, h in sizes)
    landscape_tables = sum(t.orientation == "landscape" for t in fmt.tables.values())
    assert landscape_pages == landscape_tables

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    printed = _squash(text)
    for table in fmt.tables.values():
        labels = [r.label for r in table.rows if r.label]
        labels += [b.title for b in table.blocks if b.title]
        labels += [c.label for b in table.blocks for c in b.columns]
        labels += [r.subgroup for r in table.rows]
        labels += [table.note, table.column_header, table.row_header]
        for label in filter(None, labels):
            assert _squash(label) in printed, f"not printed in full: {label}"
        # 三、本年度办理结果 wraps in its narrow column, so pdftotext interleaves its lines with
        # the next column's: every character must still be there, in order.
        for group in {r.group for r in table.rows if r.group}:
            assert in_order(_squash(group), printed), f"not printed in full: {group}"
    for section in fmt.sections:
        assert _squash(section.title) in printed
    if kind == "report":
        for section in fmt.text_sections:
            for paragraph in report.texts[section.id]:
                assert _squash(paragraph) in printed, f"paragraph cut: {paragraph[:20]}…"
        assert "第1页共" in printed
