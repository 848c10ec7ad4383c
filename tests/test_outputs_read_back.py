"""Every way a report leaves the program reads back whole: each cell with its value and its
form (0 not 0.0, 1.50 万元 as 1.5), each prose paragraph, the agency, year and date — and no
读取说明 where nothing needed explaining.

The reports are generated (consistent numbers) with prose as clerks write it: several
paragraphs, （一）… headings, sentences with numbers, quotes, a 落款 and date after 六. Lines
and pages break at different places for each seed. The outputs: our workbook, JSON, the
workbook re-saved by LibreOffice as .xls/.ods (and WPS's .et, the same container as .xls),
our Word file, web page and PDF, and our Word file printed to PDF by LibreOffice — the way
offices pass reports on.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers.prose import realistic_prose
from tests.office import convert
from tests.rules.generate import consistent_report
from workbook.files import open_report, save_report
from workbook.model.report import Report
from workbook.model.values import format_value
from workbook.publish.document import build
from workbook.publish.save import save_publication

# (seed, format, year, what a clerk typed as the amounts in 万元)
CASES = [(1, "2021", 2024, "0"), (4, "2021", 2024, "1.50"), (9, "2019", 2020, "12.00")]


def _report(seed: int, format_id: str, year: int, amount: str) -> Report:
    report = consistent_report(seed, format_id, year)
    report.texts.update(realistic_prose(report, seed))
    for key in report.values:
        if report.format.cell(key).kind == "amount":
            report.values[key] = Decimal(amount)
    return report


def _pdf(pub, path: Path) -> None:
    from gui.printing import pdf_bytes

    save_publication(pub, path, pdf=pdf_bytes)


Writer = Callable[[Report, Path], Path]


def _workbook(report: Report, folder: Path) -> Path:
    path = folder / "报告.xlsx"
    if not path.exists():
        save_report(report, path)
    return path


def _docx(report: Report, folder: Path) -> Path:
    path = folder / "正式文本.docx"
    if not path.exists():
        save_publication(build(report), path)
    return path


def _json(report: Report, folder: Path) -> Path:
    save_report(report, folder / "报告.json")
    return folder / "报告.json"


def _resaved(to: str) -> Writer:
    def write(report: Report, folder: Path) -> Path:
        return convert(_workbook(report, folder), to, folder)

    return write


def _et(report: Report, folder: Path) -> Path:
    path = folder / "报告.et"
    shutil.copy(convert(_workbook(report, folder), "xls", folder), path)
    return path


def _html(report: Report, folder: Path) -> Path:
    save_publication(build(report), folder / "正式文本.html")
    return folder / "正式文本.html"


def _our_pdf(report: Report, folder: Path) -> Path:
    _pdf(build(report), folder / "正式文本.pdf")
    return folder / "正式文本.pdf"


def _word_printed(report: Report, folder: Path) -> Path:
    return convert(_docx(report, folder), "pdf", folder)


WRITERS: dict[str, Writer] = {
    "xlsx": _workbook,
    "json": _json,
    "xls": _resaved("xls"),
    "ods": _resaved("ods"),
    "et": _et,
    "docx": _docx,
    "html": _html,
    "pdf": _our_pdf,
    "docx-pdf": _word_printed,
}
NEEDS_LIBREOFFICE = {"xls", "ods", "et", "docx-pdf"}


@pytest.mark.parametrize("kind", list(WRITERS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[1]}-seed{c[0]}")
def test_every_output_reads_back_whole(request, tmp_path, kind, case):
    if kind in NEEDS_LIBREOFFICE:
        request.applymarker(pytest.mark.libreoffice)
    if kind == "pdf":
        request.getfixturevalue("qapp")  # Qt paints the PDF
    report = _report(*case)
    imported = open_report(WRITERS[kind](report, tmp_path))
    got = imported.report

    wrong = {
        key: (format_value(got.values.get(key)), format_value(want))
        for key, want in report.values.items()
        if got.values.get(key) != want or format_value(got.values.get(key)) != format_value(want)
    }
    assert not wrong, wrong
    assert all(format_value(got.values[k]) in ("0", "1.5", "12") for k in _amounts(report))
    for section in report.format.text_sections:
        assert got.texts.get(section.id) == report.texts[section.id], section.title
    assert (got.agency, got.year, got.issued) == (report.agency, report.year, report.issued)
    explained = [
        n.message
        for n in imported.notes
        if n.key.startswith(("text:", "meta.")) or report.format.has_cell(n.key)
    ]
    assert not explained  # nothing was lost, so nothing needs a 读取说明


def _amounts(report: Report) -> list[str]:
    return [k for k in report.values if report.format.cell(k).kind == "amount"]


PUBLISHED = [
    "real/01-hongze-district-gov-2023.txt",
    "real/02-hongze-district-gov-2024.txt",
    "real/03-shanghai-municipal-gov-office-2025.txt",
    "real/04-shanghai-stcsm-2024.txt",
    "2024-cixi-kuangyan-town.txt",
]


def _squashed(paragraphs: list[str]) -> list[str]:
    """Paragraphs without spaces: a PDF keeps no spaces between 2024 and 年."""
    return ["".join(p.split()) for p in paragraphs]


@pytest.mark.parametrize("kind", ["docx", "html", "pdf", "docx-pdf"])
@pytest.mark.parametrize("sample", PUBLISHED, ids=lambda s: s.split("/")[-1][:12])
def test_real_reports_read_back_from_our_publications(request, samples_dir, tmp_path, kind, sample):
    """Published reports as offices wrote them (long paragraphs, figures with percentages in
    brackets, a 落款 whose date is left blank when the text had none) go out as our Word file,
    web page and PDF, and as our Word file printed by LibreOffice, and come back whole: each
    paragraph in its section, no 落款 read as prose of 六, and a cell differs only where a
    读取说明 names it."""
    if kind == "docx-pdf":
        request.applymarker(pytest.mark.libreoffice)
    if kind == "pdf":
        request.getfixturevalue("qapp")
    report = open_report(samples_dir / sample).report
    imported = open_report(WRITERS[kind](report, tmp_path))
    got = imported.report
    noted = {n.key for n in imported.notes}
    wrong = [k for k, want in report.values.items() if got.values.get(k) != want]
    assert all(got.values.get(k) is None and k in noted for k in wrong), wrong
    for section in report.format.text_sections:
        want = _squashed(report.texts.get(section.id, []))
        assert _squashed(got.texts.get(section.id, [])) == want, section.title
    assert (got.agency, got.year, got.issued) == (report.agency, report.year, report.issued)
