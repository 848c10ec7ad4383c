"""`nianbao history`: a unit's years side by side across the 2019 and 2021 formats."""

from __future__ import annotations

import zipfile
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from cli.main import main
from service.history import items, unit_history
from service.units import figures
from tests.rules.generate import consistent_report
from workbook.model.indicators import evaluate, indicators
from workbook.model.report import Report
from workbook.xlsx.write.writer import write_report

UNITS = ("甲镇人民政府", "乙局")


def _reports(folder: Path) -> dict[tuple[str, int], Report]:
    """Two units, 2019–2022 (2019 and 2020 in the trial format), written out of order."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for year in (2022, 2019, 2021, 2020):
        for u, unit in enumerate(UNITS):
            fmt = "2019" if year < 2021 else "2021"
            r = consistent_report(year * 10 + u, format_id=fmt, year=year)
            r.agency = unit
            write_report(r, folder / f"{u}-{year}.xlsx")
            made[(unit, year)] = r
    return made


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, int]:
    root = tmp_path_factory.mktemp("history")
    made = _reports(root / "reports")
    again = made[(UNITS[0], 2021)]
    write_report(again, root / "reports" / "9-copy.xlsx")  # same unit and year: left out
    (root / "reports" / "broken.xlsx").write_bytes(b"not a workbook")
    out = root / "历年.xlsx"
    status = main(["history", str(root / "reports"), "-o", str(out)])
    return out, made, status


def _table(out: Path) -> list[tuple]:
    sheet = openpyxl.load_workbook(out)["历年"]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_each_unit_has_one_line_per_year_in_order_across_both_formats(written) -> None:  # type: ignore[no-untyped-def]
    out, made, status = written
    assert status == 2  # the broken file is named, the table is still written
    rows = _table(out)
    head, lines = rows[0], rows[1:]
    assert head[:4] == ("填报单位", "报告年度", "报告格式", "文件")
    assert [(r[0], r[1], r[2]) for r in lines] == [
        (unit, year, "2019" if year < 2021 else "2021")
        for unit in UNITS
        for year in (2019, 2020, 2021, 2022)
    ]
    columns = {name: i for i, name in enumerate(head)}
    for line in lines:
        report = made[(line[0], line[1])]
        for fig in figures():
            assert line[columns[fig.label]] == fig.value(report.format, report.values)
        for ind in indicators():
            if ind.name not in columns:
                continue
            value = evaluate(ind, report.format, report.values).value
            got = line[columns[ind.name]]
            assert (got is None) if value is None else got == pytest.approx(float(Fraction(value)))


def test_a_2019_year_is_marked_where_its_cell_means_something_else(written) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = written
    book = openpyxl.load_workbook(out)
    sheet = book["历年"]
    head = [c.value for c in sheet[2]]
    licensing = head.index("行政许可") + 1
    note = head.index("说明") + 1
    for row in range(3, sheet.max_row + 1):
        year = sheet.cell(row, 2).value
        marked = sheet.cell(row, licensing).fill.fgColor.rgb not in (None, "00000000")
        assert marked == (year < 2021)
        assert ("2019年试行格式" in (sheet.cell(row, note).value or "")) == (year < 2021)


def test_the_workbook_is_marked_as_history_and_draws_a_line_chart_per_group(written) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = written
    book = openpyxl.load_workbook(out)
    kinds = {p.name: p.value for p in book.custom_doc_props.props}
    assert kinds["nianbao_kind"] == "history"
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")]
    assert len(charts) == 2 * 3  # two units, three groups
    assert all("<c:lineChart>" in c for c in charts)
    listed = [r for r in book["无法读取的文件"].iter_rows(values_only=True)]
    assert any(r[0] and r[0].endswith("broken.xlsx") for r in listed)
    assert any(r[0] and "9-copy.xlsx" in r[0] for r in listed)  # the duplicate, in the note


def test_the_unit_history_of_an_open_report_takes_only_its_own_unit(written) -> None:  # type: ignore[no-untyped-def]
    out, made, _ = written
    folder = out.parent / "reports"
    this = folder / "0-2022.xlsx"
    lines, unread = unit_history(str(this), made[(UNITS[0], 2022)], [str(folder)])
    assert [line.year for line in lines] == [2019, 2020, 2021, 2022] and unread == 0
    assert {line.agency for line in lines} == {UNITS[0]}
    lines, unread = unit_history(str(this), made[(UNITS[0], 2022)], [str(folder)], seconds=0)
    assert [line.year for line in lines] == [2022]  # out of time: only the open report
    assert unread == len(list(folder.iterdir())) - 1


def test_items_do_not_repeat_a_figure_under_an_indicator_name() -> None:
    names = [i.name for i in items()]
    assert "办结" in names and "办结数" not in names and "受理总数" in names


@pytest.mark.libreoffice
def test_libreoffice_opens_the_history_and_prints_its_line_charts(written, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from tests.office import convert

    out, _, _ = written
    pdf = convert(out, "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # A chart's title is printed over its data table and again inside the drawn chart.
    for unit in UNITS:
        assert text.count(f"{unit}：复议与诉讼") == 2, unit


def test_a_second_run_into_the_same_folder_does_not_read_its_own_output(tmp_path: Path) -> None:
    made = _reports(tmp_path)
    out = tmp_path / "历年.xlsx"
    assert main(["history", str(tmp_path), "-o", str(out)]) == 0
    assert main(["history", str(tmp_path), "-o", str(out)]) == 0  # 历年.xlsx is not a report
    assert len(_table(out)) - 1 == len(made)
