"""Numbers are never changed by characters that look alike (issue 19, item 7), in free text.

A report is printed the ways published copies come (text layouts, a web page, a Word document,
a PDF) with one cell of 三 written with a look-alike: a letter l or O among digits, a minus sign
or a hyphen, a right-to-left override that makes a viewer show 15 for 51, a superscript, digits
of another script. What the clerk sees: the cell read with a note where the reading is certain
(−5 is minus five, ٥١ is 51), else blank with a note naming the cell — and no cell anywhere
holds a number the report does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.layouts import LAYOUTS
from tests.importers.pdfmake import pdf_bytes, report_pages
from tests.importers.variants import html_page
from tests.importers.wordmake import report_docx
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.cellnames import describe
from workbook.model.imported import Imported
from workbook.model.report import Report, Value

KEY = "requests.new.natural"
MARK = 4242  # printed where KEY's number goes, then replaced by the shape

# shape -> (value the clerk must get, words the note must say)
UNCERTAIN = {
    "l5": "形似数字的字母",  # a letter l, not 15 nor 5
    "O5": "形似数字的字母",
    "5l": "形似数字的字母",
    "S1": "形似数字的字母",
    "\u202e51": "显示顺序",  # shown as 15, stored as 51
    "5\u200f1": "显示顺序",
    "5\u00b9": "上标",  # 5¹: NFKC would make it 51
    "\u20105": "负号",  # a hyphen before the 5: a sign or not?
    "#REF!": "错误值",  # a spreadsheet's error copied into the page: no label
    "NaN": "不是数字",
}
CERTAIN: dict[str, tuple[Value, str]] = {
    "\u22125": (-5, "负号"),  # MINUS SIGN: minus five, never five
    "\u0665\u0661": (51, "其他文字的数字"),  # Arabic-Indic
    "\u06f5\u06f1": (51, "其他文字的数字"),  # Extended Arabic-Indic
    "\u096b\u0967": (51, "其他文字的数字"),  # Devanagari
    "\uff15\uff11": (51, "全角"),  # full width, said in every layout as in a cell
}
# Layouts where each cell is still apart (run-together ones cut digits by the arithmetic,
# which a changed cell breaks anyway: that row is blank there, with a note).
TEXT_LAYOUTS = [
    "pipes",
    "spacers",
    "empty_lines",
    "one_line",
    "labels_together",
    "numbers_first",
    "markdown_split",
    "traditional",
]


def _report() -> Report:
    report = consistent_report(1)
    report.values[KEY] = MARK
    return report


def _text(layout: str, shape: str) -> str:
    text = LAYOUTS[layout](_report())
    assert text.count(str(MARK)) == 1
    return text.replace(str(MARK), shape)


def _read(tmp_path: Path, name: str, data: str | bytes) -> Imported:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return open_report(path)


def _no_other_number_changed(imported: Imported) -> None:
    """Every other cell as the report has it, or blank — never a different number."""
    want = _report().values
    for key, value in imported.report.values.items():
        if key != KEY and value is not None:
            assert value == want[key], (key, value, want[key])


def _said(imported: Imported, words: str, *, row: bool = False) -> str:
    """The note about KEY (or, with `row`, about its row) that says `words`."""
    fmt = imported.report.format
    named = describe(fmt, KEY).split("／")[0] if row else describe(fmt, KEY)
    found = [n.message for n in imported.notes if n.message.startswith(named)]
    assert any(words in m for m in found), (words, found, [n.message for n in imported.notes])
    return next(m for m in found if words in m)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("shape", list(UNCERTAIN))
def test_an_uncertain_look_alike_in_text_is_blank_with_a_note(
    tmp_path: Path, layout: str, shape: str
) -> None:
    imported = _read(tmp_path, "r.txt", _text(layout, shape))
    assert imported.report.values[KEY] is None
    said = _said(imported, UNCERTAIN[shape])
    assert "\u202e" not in said and "\u200f" not in said  # the note reads plainly
    _no_other_number_changed(imported)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("shape", list(CERTAIN))
def test_a_certain_reading_in_text_comes_with_a_note(
    tmp_path: Path, layout: str, shape: str
) -> None:
    value, words = CERTAIN[shape]
    imported = _read(tmp_path, "r.txt", _text(layout, shape))
    assert imported.report.values[KEY] == value
    _said(imported, words)
    _no_other_number_changed(imported)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("shape", ["1 5", "1\u00a05", "1\u20095"])
def test_digits_apart_are_never_one_number(tmp_path: Path, layout: str, shape: str) -> None:
    """A "1 5" is one cell of 15 or two cells: where a layout cannot tell, the cell (or its row)
    is blank with a note — never 15, never 1 with 5 in the next column."""
    imported = _read(tmp_path, "r.txt", _text(layout, shape))
    assert imported.report.values[KEY] is None
    _said(imported, "", row=True)
    _no_other_number_changed(imported)


@pytest.mark.parametrize("shape", ["l5", "\u202e51", "5\u00b9", "\u22125", "\u0665\u0661"])
def test_a_web_page_and_a_word_document_read_look_alikes_alike(tmp_path: Path, shape: str) -> None:
    report = _report()
    page = html_page(report, lambda key, v: shape if key == KEY else ("" if v is None else str(v)))
    report.values[KEY] = shape  # type: ignore[assignment]  # printed as it is by the writer
    docx = report_docx(report, tmp_path / "r.docx")
    for imported in (_read(tmp_path, "r.html", page), open_report(docx)):
        if shape in CERTAIN:
            value, words = CERTAIN[shape]
            assert imported.report.values[KEY] == value
        else:
            assert imported.report.values[KEY] is None
            words = UNCERTAIN.get(shape, "")
        _said(imported, words)
        _no_other_number_changed(imported)


@pytest.mark.parametrize("shape", ["l5", "O5", "\u22125"])
def test_a_pdf_reads_look_alikes_alike(tmp_path: Path, shape: str) -> None:
    report = _report()
    report.values[KEY] = shape  # type: ignore[assignment]
    imported = _read(tmp_path, "r.pdf", pdf_bytes(report_pages(report)))
    if shape in CERTAIN:
        value, words = CERTAIN[shape]
        assert imported.report.values[KEY] == value
    else:
        assert imported.report.values[KEY] is None
        words = UNCERTAIN[shape]
    _said(imported, words)
    _no_other_number_changed(imported)
