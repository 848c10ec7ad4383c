"""汇总: sums cell by cell with blanks kept, formats apart, unreadable files, units, last year."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import service.summarize as summarize_module
from service.summarize import report_files, summarize, unit_name
from service.summary_book import read_units, write_summary
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.jsonio import loads_report
from workbook.model.format import load_format
from workbook.model.layout import SUMMARY_SHEETS
from workbook.model.report import Report
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report

FEES = "active.fees.amount"
ALL_BLANK = "requests.withheld_security.natural"
SOME_BLANK = "requests.new.research"


def _units(
    count: int, year: int = 2024, format_id: str = "2021", blanks: bool = True
) -> list[Report]:
    """Consistent reports of distinct units; with `blanks`, one cell blank everywhere, one in some."""
    reports = []
    for i in range(count):
        r = consistent_report(i, format_id=format_id, year=year)
        r.agency = f"第{i}镇人民政府"
        if not blanks:
            reports.append(r)
            continue
        r.values[ALL_BLANK] = None
        if format_id == "2021" and i % 2:
            r.values[SOME_BLANK] = None
        reports.append(r)
    return reports


def _write(reports: list[Report], folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, r in enumerate(reports):
        path = folder / f"{i:03d}.xlsx"
        write_report(r, path)
        paths.append(str(path))
    return paths


def reference_sums(reports: list[Report]) -> dict:
    """Computed here without the service: blank only where every unit is blank."""
    out = {}
    for cell in reports[0].format.cells:
        filled = [r.values[cell.key] for r in reports if r.values[cell.key] is not None]
        out[cell.key] = sum(filled) if filled else None
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_sum_equals_reference_cell_by_cell(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this process, and over a pool of fresh (spawned) workers merging partial sums."""
    monkeypatch.setattr(summarize_module, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(summarize_module, "CHUNK", 3)  # several chunks: partial sums are merged
    reports = _units(8)
    summary = summarize(_write(reports, tmp_path / "in"), jobs=jobs, spawn=True)
    expected = reference_sums(reports)
    summed = summary.summed_report()
    assert summed is not None
    assert summed.values == expected
    assert summed.values[ALL_BLANK] is None
    assert summed.values[SOME_BLANK] == expected[SOME_BLANK] != 0
    assert isinstance(summed.values[FEES], Decimal)
    assert summary.blank_keys() == [ALL_BLANK]
    assert [Path(r.file).name for r in summary.rows] == [f"{i:03d}.xlsx" for i in range(8)]


def test_summary_workbook_reads_back_as_the_summed_report(tmp_path: Path) -> None:
    reports = _units(5)
    summary = summarize(_write(reports, tmp_path / "in"), jobs=1)
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=False)
    expected = reference_sums(reports)
    fast = open_report(out)  # the fast reader accepts the extra sheets
    full = read_workbook(out)  # and so does the reader by defined names
    for imported in (fast, full):
        assert imported.report.values == expected
        assert imported.report.format_id == "2021"
    sheets = openpyxl.load_workbook(out).sheetnames
    assert SUMMARY_SHEETS["units"] in sheets and SUMMARY_SHEETS["notes"] in sheets


def test_summary_round_trips_through_convert(tmp_path: Path) -> None:
    from cli.commands import run

    reports = _units(4)
    out = tmp_path / "汇总.xlsx"
    assert run(
        ["summarize", str(tmp_path / "in"), "-o", str(out)]
        if _write(reports, tmp_path / "in")
        else []
    ) in (0, 1)
    assert run(["convert", str(out), "-o", str(tmp_path / "汇总.json")]) == 0
    back = loads_report((tmp_path / "汇总.json").read_text(encoding="utf-8"))
    assert back.values == reference_sums(reports)
    assert run(["convert", str(tmp_path / "汇总.json"), "-o", str(tmp_path / "again.xlsx")]) == 0
    assert open_report(tmp_path / "again.xlsx").report.values == back.values


def test_overview_sheet_one_row_per_report_with_filter_and_frozen_header(tmp_path: Path) -> None:
    reports = _units(3, blanks=False)
    reports[1].values["appeals.cases.review_total"] += 1  # an A5 error in one unit
    paths = _write(reports, tmp_path / "in")
    (tmp_path / "in" / "坏文件.xlsx").write_bytes(b"not a workbook")
    summary = summarize(report_files([tmp_path / "in"]), jobs=1)
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=False)
    book = openpyxl.load_workbook(out)
    sheet = book[SUMMARY_SHEETS["units"]]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert [r[0] for r in rows[1:]] == [r.agency for r in reports]
    errors = header.index("错误")
    assert [r[errors] for r in rows[1:]] == [0, 1, 0]
    assert "NB" in rows[2][header.index("第一个问题")]
    new = header.index("新收申请")
    assert rows[1][new] == reports[0].values["requests.new.total"]
    bad = list(book[SUMMARY_SHEETS["unreadable"]].iter_rows(values_only=True))
    assert len(bad) == 2 and bad[1][0].endswith("坏文件.xlsx") and "损坏" in bad[1][1]
    assert len(paths) == 3


def test_formats_are_not_mixed(tmp_path: Path) -> None:
    reports = _units(3) + _units(1, year=2020, format_id="2019")
    reports[-1].agency = "旧格式局"
    summary = summarize(_write(reports, tmp_path / "in"), jobs=1)
    assert summary.format_id == "2021"
    assert summary.summed_report().values == reference_sums(reports[:3])
    old = next(r for r in summary.rows if r.agency == "旧格式局")
    assert any("格式不同" in n for n in old.notes)
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=False)
    notes = [
        r[0]
        for r in openpyxl.load_workbook(out)[SUMMARY_SHEETS["notes"]].iter_rows(values_only=True)
    ]
    assert any("1 份" in str(n) and load_format("2019").name in str(n) for n in notes)
    assert any("均未填写" in str(n) for n in notes)


def test_units_missing_from_a_list(tmp_path: Path) -> None:
    reports = _units(3)
    paths = _write(reports, tmp_path / "in")
    names = tmp_path / "单位名单.txt"
    names.write_text("单位名称\n第0镇人民政府\n第 1 镇人民政府\n缺报乡人民政府\n\n", encoding="gbk")
    xlsx = tmp_path / "单位名单.xlsx"
    book = openpyxl.Workbook()
    for row in (["序号", "单位名称"], [1, "第0镇人民政府"], [2, "缺报乡人民政府"], [3, "另一个局"]):
        book.active.append(row)
    book.save(xlsx)
    assert read_units(names) == ["第0镇人民政府", "第 1 镇人民政府", "缺报乡人民政府"]
    assert read_units(xlsx) == ["第0镇人民政府", "缺报乡人民政府", "另一个局"]
    summary = summarize(paths, units=read_units(names), jobs=1)
    assert summary.missing_units == ["缺报乡人民政府"]
    third = next(r for r in summary.rows if r.agency == "第2镇人民政府")
    assert "不在单位名单中" in third.notes
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=True, with_previous=False)
    missing = list(
        openpyxl.load_workbook(out)[SUMMARY_SHEETS["missing"]].iter_rows(values_only=True)
    )
    assert [r[0] for r in missing[1:]] == ["缺报乡人民政府"]


def test_previous_matched_by_name_with_note_for_unmatched(tmp_path: Path) -> None:
    reports = _units(3)
    last = _units(3, year=2023)
    last[0].agency = "第０镇人民政府 "  # full-width digit, trailing space: the same unit
    last[1].agency = "撤并前的乡人民政府"  # no longer reports
    last[2].values["requests.new.total"] = reports[2].values["requests.new.total"] - 7
    summary = summarize(
        _write(reports, tmp_path / "this"), previous_paths=_write(last, tmp_path / "last"), jobs=1
    )
    by_unit = {r.agency: r for r in summary.rows}
    assert Path(by_unit["第0镇人民政府"].previous_file).name == "000.xlsx"
    assert by_unit["第1镇人民政府"].previous_file == ""
    assert "上年报告中没有该单位2023年度的报告" in by_unit["第1镇人民政府"].notes
    assert [r.agency for r in summary.previous_unmatched] == ["撤并前的乡人民政府"]
    third = by_unit["第2镇人民政府"]
    assert summarize_module.figure_change(third, "new") == 7
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=True)
    rows = list(openpyxl.load_workbook(out)[SUMMARY_SHEETS["changes"]].iter_rows(values_only=True))
    header = rows[0]
    new = next(r for r in rows if r[0] == "第2镇人民政府" and r[1] == "新收申请")
    assert new[header.index("增减")] == 7
    assert rows[-1][0] == "撤并前的乡人民政府" and "本年未收到" in rows[-1][-1]
    assert unit_name("第０镇人民政府 ") == unit_name("第0镇人民政府")


def test_a_blank_figure_stays_blank_and_its_change_is_none(tmp_path: Path) -> None:
    reports = _units(1)
    reports[0].values["appeals.cases.review_total"] = None
    last = _units(1, year=2023)
    summary = summarize(
        _write(reports, tmp_path / "a"), previous_paths=_write(last, tmp_path / "b"), jobs=1
    )
    row = summary.rows[0]
    assert row.figures["reviews"] is None
    assert summarize_module.figure_change(row, "reviews") is None


def test_command_exit_status_and_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.commands import run

    reports = _units(2, blanks=False)
    _write(reports, tmp_path / "in")
    assert run(["summarize", str(tmp_path / "in"), "-o", str(tmp_path / "x.json")]) == 2
    assert "xlsx" in capsys.readouterr().err
    assert run(["summarize", str(tmp_path / "in"), "-o", str(tmp_path / "s.xlsx")]) == 0
    reports[0].values["appeals.cases.review_total"] += 1
    _write(reports, tmp_path / "in")
    assert run(["summarize", str(tmp_path / "in"), "-o", str(tmp_path / "s.xlsx")]) == 1
    (tmp_path / "in" / "坏.xlsx").write_bytes(b"junk")
    assert run(["summarize", str(tmp_path / "in"), "-o", str(tmp_path / "s.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "坏.xlsx" in err and "Traceback" not in err


def test_libreoffice_opens_the_summary_and_keeps_the_sum(tmp_path: Path) -> None:
    """The 汇总 saved again by LibreOffice (recalculated) is still read as the same report."""
    import subprocess

    from tests.office import convert

    reports = _units(3, blanks=False)
    summary = summarize(_write(reports, tmp_path / "in"), jobs=1)
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=False)
    resaved = convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo", recalc=True)
    assert open_report(resaved).report.values == reference_sums(reports)
    pdf = convert(out, "pdf", tmp_path / "lo")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(r.agency in text for r in reports)  # the 各单位 sheet is printed too


@pytest.mark.parametrize("jobs", [1, 2])
def test_two_reports_of_one_unit_are_summed_once(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The older copy is taken back out of the sum, in one process or over a pool's partial sums;
    a cell only the older copy filled is blank again, not 0."""
    monkeypatch.setattr(summarize_module, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(summarize_module, "CHUNK", 2)
    reports = _units(4)
    again = consistent_report(9)
    again.agency = "第0镇 人民政府"  # sent twice, once with a stray space
    again.values[ALL_BLANK] = 5  # the only report that filled this cell
    again.issued = None  # so the file time decides
    paths = _write([*reports, again], tmp_path / "in")
    os.utime(paths[-1], (1_000_000_000, 1_000_000_000))  # the older file, no 发布日期 either way
    summary = summarize(paths, jobs=jobs, spawn=True)
    summed = summary.summed_report()
    assert summed is not None
    assert summed.values == reference_sums(reports)
    assert summed.values[ALL_BLANK] is None
    assert summed.agency == "汇总（4个单位）"
    [twice] = summary.duplicates
    assert twice.file == paths[-1] and twice.duplicate_of == paths[0]
    assert any("004.xlsx 与 000.xlsx" in n for n in twice.notes)


def test_nothing_readable_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.commands import run

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "坏.xlsx").write_bytes(b"junk")
    out = tmp_path / "汇总.xlsx"
    assert run(["summarize", str(tmp_path / "in"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "坏.xlsx" in err and "没有可以汇总的报告" in err and not out.exists()


def test_every_overview_figure_names_cells_of_the_formats() -> None:
    """resources/summary.toml: a typo in a key would leave a column silently blank."""
    from service.units import figures

    assert figures()
    for figure in figures():
        for format_id in ("2021", "2019"):
            assert all(load_format(format_id).has_cell(k) for k in figure.keys), figure


def test_changes_sheet_prints_fit_to_width_at_a_legible_size(tmp_path: Path) -> None:
    """与上年比较 printed by LibreOffice: every column on the page, no character under 8 pt
    (one wide row per unit used to print at 3 pt)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from tests.office import convert

    reports = _units(12, blanks=False)
    last = _units(12, year=2023, blanks=False)
    for r, p in zip(reports, last, strict=True):
        r.agency = p.agency = f"{r.agency}自然资源和规划局"  # long names, as real ones are
    summary = summarize(
        _write(reports, tmp_path / "a"), previous_paths=_write(last, tmp_path / "b"), jobs=1
    )
    out = tmp_path / "汇总.xlsx"
    write_summary(summary, out, with_units=False, with_previous=True)
    pdf = pdfium.PdfDocument(convert(out, "pdf", tmp_path / "lo"))
    from service.wording import words

    header, last_column = words()["columns"]["previous_file"], words()["columns"]["note"]
    pages = []
    for page in pdf:
        text = page.get_textpage()
        chars = text.count_chars()
        if header in text.get_text_range(0, chars):
            sizes = [
                raw.FPDFText_GetFontSize(text, i)
                for i in range(chars)
                if text.get_text_range(i, 1).strip()
            ]
            pages.append((min(sizes), text.get_text_range(0, chars)))
    assert pages, "the 与上年比较 sheet was not printed"
    assert all(size >= 8 for size, _ in pages), [round(s, 1) for s, _ in pages]
    assert all(last_column in text for _, text in pages)  # every page has the last column
