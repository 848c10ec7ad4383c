"""The 汇总 workbook's 指标 and 图表 sheets, as the office's spreadsheet programs see them."""

from __future__ import annotations

import warnings
import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from service.summarize import summarize
from service.summary_book import write_summary
from tests.office import convert
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.indicators import evaluate_all, indicators
from workbook.model.report import Report
from workbook.xlsx.write.writer import write_report

FIRST_INDICATOR = 4  # 填报单位, 报告年度, 报告格式, then the indicators (1-based column)


def _units(folder: Path, year: int = 2024, count: int = 6, seed: int = 0) -> list[Report]:
    folder.mkdir(parents=True, exist_ok=True)
    reports = []
    for i in range(count):
        r = consistent_report(i + seed, format_id="2021", year=year)
        r.agency = f"第{i}镇人民政府"
        if i == 1:  # no appeals at all: both correction rates over 0
            for k in r.values:
                if k.startswith("appeals."):
                    r.values[k] = 0
        if i == 2:  # a blank cell: 实质公开率 blank, not 0
            r.values["requests.partly_disclosed.total"] = None
        write_report(r, folder / f"{i:02d}.xlsx")
        reports.append(r)
    return reports


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Report], Report]:
    root = tmp_path_factory.mktemp("office")
    reports = _units(root / "this")
    _units(root / "prev", year=2023, seed=40)
    summary = summarize(
        [str(p) for p in sorted((root / "this").iterdir())],
        previous_paths=[str(p) for p in sorted((root / "prev").iterdir())],
        jobs=1,
    )
    out = root / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=True)
    summed = summary.summed_report()
    assert summed is not None
    return out, reports, summed


def _rows(path: Path, data_only: bool = True) -> list[tuple]:
    with warnings.catch_warnings():  # LibreOffice's own extensions, which openpyxl drops
        warnings.filterwarnings("ignore", ".*extension is not supported", UserWarning)
        sheet = openpyxl.load_workbook(path, data_only=data_only)["指标"]
    return list(sheet.iter_rows(values_only=True))


def _same(got: list[object], want: list[object]) -> bool:
    """Blank where blank, equal numbers (to float precision) elsewhere."""
    if len(got) != len(want):
        return False
    for a, b in zip(got, want, strict=True):
        if a is None or b is None:
            if a is not b:
                return False
        elif abs(float(a) - float(b)) > 1e-12 * max(1.0, abs(float(b))):  # type: ignore[arg-type]
            return False
    return True


def _expected(report: Report) -> list[object]:
    out: list[object] = []
    for r in evaluate_all(report.format, report.values):
        out.append(None if r.value is None else float(Fraction(r.value)))
    return out


def _indicators_of(row: tuple) -> list[object]:
    cut = row[FIRST_INDICATOR - 1 : FIRST_INDICATOR - 1 + len(indicators())]
    return [None if v in ("", None) else v for v in cut]


def test_each_unit_line_holds_its_indicators_as_stored_numbers(book) -> None:  # type: ignore[no-untyped-def]
    out, reports, _ = book
    rows = _rows(out)
    assert list(rows[0][FIRST_INDICATOR - 1 : FIRST_INDICATOR + 7]) == [
        i.name for i in indicators()
    ]
    by_unit = {row[0]: row for row in rows[1:] if row[0]}
    for report in reports:
        got = _indicators_of(by_unit[report.agency])
        assert _same(got, _expected(report)), (report.agency, got)
    no_appeals = by_unit["第1镇人民政府"]
    assert _indicators_of(no_appeals)[5:7] == [None, None]
    assert "复议纠错率：没有已审结的行政复议案件" in no_appeals[FIRST_INDICATOR + 7]
    blank = by_unit["第2镇人民政府"]
    assert _indicators_of(blank)[2] is None
    assert "实质公开率：有空白单元格" in blank[FIRST_INDICATOR + 7]


def test_the_total_line_is_the_indicators_of_the_summed_report(book) -> None:  # type: ignore[no-untyped-def]
    out, _, summed = book
    rows = _rows(out)
    total = next(row for row in rows if row[0] == "合计（汇总报告）")
    assert _same(_indicators_of(total), _expected(summed))
    assert (
        total[FIRST_INDICATOR - 1]
        == summed.values["requests.new.total"] + (summed.values["requests.carried_over.total"])
    )
    formulas = _rows(out, data_only=False)
    live = next(row for row in formulas if row[0] == "合计（汇总报告）")
    assert all(str(v).startswith("=IF(") for v in _indicators_of(live))
    assert any("三、依申请公开" in str(v) for v in live)  # reads the summed report's own cells


def test_the_summed_workbook_still_opens_as_the_summed_report(book) -> None:  # type: ignore[no-untyped-def]
    out, _, summed = book
    assert open_report(out).report.values == summed.values


def test_the_chart_sheet_holds_native_charts_including_this_year_against_last(book) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = book
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = "".join(z.read(n).decode() for n in charts)
    assert len(charts) == 4
    for title in ("本年新收申请", "办理结果构成", "行政复议与行政诉讼", "本年与上年"):
        assert title in xml
    assert "<c:pieChart>" in xml and "<c:barChart>" in xml


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_same_indicators_and_prints_the_charts(
    book,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    out, _, _ = book
    recalculated = convert(out, "xlsx", tmp_path, recalc=True)
    ours = [_indicators_of(r) for r in _rows(out)[1:] if r[0]]
    theirs = [_indicators_of(r) for r in _rows(recalculated)[1:] if r[0]]
    assert len(theirs) == len(ours) > 6
    assert all(_same(a, b) for a, b in zip(theirs, ours, strict=True)), (theirs, ours)
    pdf = convert(out, "pdf", tmp_path / "pdf")
    import subprocess

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Each chart's title is printed twice: over its data table and inside the drawn chart.
    for title in ("办理结果构成（汇总）", "本年与上年（各单位合计）"):
        assert text.count(title) == 2, title


def test_units_are_charted_largest_first_and_at_most_thirty() -> None:
    from service.office import TOP_UNITS, chart_specs
    from service.summarize import Summary, UnitRow

    rows = [
        UnitRow(f"{i}.xlsx", agency=f"单位{i}", figures={"new": i, "reviews": None, "lawsuits": 1})
        for i in range(35)
    ]
    rows.append(UnitRow("blank.xlsx", agency="空白单位", figures={"new": None}))
    report = Report.blank("2021")
    new, results, appeals = chart_specs(Summary(rows, {}, "2021"), report, with_previous=False)
    assert list(new.categories) == [f"单位{i}" for i in range(34, 34 - TOP_UNITS, -1)]
    assert new.title.endswith("（前30个单位，共36个）")
    assert list(new.links)[:1] == ["34.xlsx"]  # a click opens that unit's report
    assert all(v is None for _, values in results.series for v in values)  # blank, not 0
    assert len(appeals.categories) == TOP_UNITS and appeals.stacked
