"""Reports with blank cells are read by the fast reader, exactly as the full reader reads them:
our blank totals are saved with an empty result, which is right when their parts are blank, and
only a total whose result is really missing sends the file to the slower readers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.rules.generate import consistent_report
from workbook.blanktotals import empty_results_are_right
from workbook.files import open_report
from workbook.guards import check_container, read_bytes
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.report import Report
from workbook.xlsx.read.fast import fast_read
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report

SHEET = "xl/worksheets/sheet3.xml"  # 三、依申请公开


def _same(got: Imported, want: Imported) -> None:
    assert got.report == want.report
    assert [(n.key, n.message, n.raw) for n in got.notes] == [
        (n.key, n.message, n.raw) for n in want.notes
    ]


def _row_of_blanks(seed: int) -> Report:
    """A report with one whole row of 三 left blank (its total too) and one total left blank
    while its parts are filled — as reports imported from published pages often are."""
    report = consistent_report(seed)
    fmt = load_format(report.format_id)
    blank_row = next(s for s in fmt.sums if s.total.startswith("requests.") and len(s.parts) > 2)
    for key in (blank_row.total, *blank_row.parts):
        report.values[key] = None
    typed_blank = next(
        s.total for s in fmt.sums if s.total.startswith("requests.") and s is not blank_row
    )
    report.values[typed_blank] = None
    return report


@pytest.mark.parametrize(
    "make", [lambda: Report.blank("2021"), lambda: Report.blank("2019"), lambda: _row_of_blanks(3)]
)
def test_blank_totals_leave_a_report_to_the_fast_reader(tmp_path: Path, make) -> None:
    path = tmp_path / "r.xlsx"
    write_report(make(), path)
    data = read_bytes(path)
    facts = check_container(data, path.name, keep=True)
    assert not facts.uncached
    quick = fast_read(path, data, facts)
    assert quick is not None
    _same(quick, read_workbook(path))
    _same(open_report(path), read_workbook(path))


def _edit(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, content in members:
            z.writestr(info.filename, change(content) if info.filename == part else content)


def test_a_total_whose_result_is_really_missing_is_still_computed(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    report = consistent_report(5)
    write_report(report, path)
    # One total's result removed, as a script saves it: its parts hold numbers.
    _edit(path, SHEET, lambda xml: re.sub(rb"(SUM\(D8:I8\)\)</f>)<v>[^<]*</v>", rb"\1<v></v>", xml))
    data = read_bytes(path)
    assert check_container(data, path.name).uncached
    got = open_report(path)
    _same(got, read_workbook(path))
    total = next(n for n in got.notes if n.kind == "uncached_total")
    assert got.report.values[total.key] == report.values[total.key]


# The cells of a sheet as office programs save them, around one blank total D10 = D8:D9.
_TOTAL = '<c r="D10" s="1"><f>IF(COUNT(D8:D9)=0,"",SUM(D8:D9))</f><v></v></c>'


def _sheet(cells: str, total: str = _TOTAL) -> bytes:
    return f'<sheetData><row r="8">{cells}</row><row r="10">{total}</row></sheetData>'.encode()


@pytest.mark.parametrize(
    ("cells", "total", "right"),
    [
        ('<c r="D8" s="1"/><c r="D9" s="1"/>', _TOTAL, True),
        ('<c r="D8" s="1"><v></v></c>', _TOTAL, True),
        ('<c r="D8" s="1"><v>0</v></c>', _TOTAL, False),  # a 0 is a value: the sum is 0
        ('<c r="D9" t="s"><v>3</v></c>', _TOTAL, False),  # text in the range
        ('<c r="D9" t="inlineStr"><is><t>x</t></is></c>', _TOTAL, False),
        ('<c s="1" r="D8"><v>5</v></c>', _TOTAL, False),  # a spelling not read here: unsure
        ("<c><v>5</v></c>", _TOTAL, False),  # a cell without its reference
        ("", _TOTAL.replace("SUM(D8:D9)", "SUM(D8:D7)"), False),  # two different ranges
        ("", _TOTAL.replace("D8:D9", "$D$8:$D$9"), True),  # absolute references alike
        ("", _TOTAL.replace("D8:D9", "Other!D8:D9"), False),  # another sheet: not looked at
        ("", _TOTAL.replace('IF(COUNT(D8:D9)=0,"",SUM(D8:D9))', "SUM(D8:D9)"), False),
        ("", _TOTAL.replace('=0,""', "=0,&quot;&quot;"), True),  # quotes escaped
        ("", '<c r="D10"><f>D8+D9</f><v></v></c>', False),  # not our total
        ("", '<c r="D10"><f t="shared" ref="D10">IF(COUNT(D8:D9)=0,"",SUM(D8:D9))</f></c>', False),
    ],
)
def test_an_empty_result_is_right_only_when_its_range_is_surely_empty(
    cells: str, total: str, right: bool
) -> None:
    xml = _sheet(cells, total)
    assert empty_results_are_right(xml, 0, len(xml)) is right
