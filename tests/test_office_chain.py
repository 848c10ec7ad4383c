"""Scenario tests: the commands chained the way a collecting office chains them (issue 17).

Each command passes its own tests; these follow one folder through several commands, where
silent wrong results used to hide: our own 汇总 read back as a unit, a unit sent twice summed
twice, an unreadable file reported as 未报, last year's reports matched by name only.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cli.commands import run
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.layout import SUMMARY_SHEETS
from workbook.model.report import Report
from workbook.xlsx.write.writer import write_report

NEW = "requests.new.total"


def _unit(i: int, year: int = 2024, name: str = "") -> Report:
    r = consistent_report(i, year=year)
    r.agency = name or f"第{i}镇人民政府"
    r.issued = date(year + 1, 1, 20)
    return r


def _folder(folder: Path, reports: list[Report]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, r in enumerate(reports):
        path = folder / f"{i:02d}-{r.agency}.xlsx"
        write_report(r, path)
        paths.append(path)
    return paths


def _sheet(path: Path, key: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path)[SUMMARY_SHEETS[key]].iter_rows(values_only=True))


def _check_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list, str]:
    status = run(["check", *args, "--format", "json"])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


def test_summarize_save_into_the_folder_summarize_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clerk saves the 汇总 beside the reports; the next run must not count it as a unit."""
    reports = [_unit(i) for i in range(4)]
    folder = tmp_path / "报告"
    _folder(folder, reports)
    total = sum(r.values[NEW] for r in reports)
    first = folder / "汇总.xlsx"
    assert run(["summarize", str(folder), "-o", str(first)]) == 0
    assert open_report(first).report.values[NEW] == total
    capsys.readouterr()

    second = tmp_path / "汇总-第二次.xlsx"
    assert run(["summarize", str(folder), "-o", str(second)]) == 0
    out = capsys.readouterr().out
    assert open_report(second).report.values[NEW] == total  # not doubled
    assert "汇总.xlsx" in out and "跳过" in out
    units = _sheet(second, "units")
    assert len(units) == 1 + len(reports)
    notes = [r[0] for r in _sheet(second, "notes")]
    assert any("汇总.xlsx" in str(n) and "跳过" in str(n) for n in notes), notes

    # check on the folder skips it too (listed, with the reason); named explicitly it is checked
    status, results, err = _check_json([str(folder)], capsys)
    assert status == 0
    assert [Path(r["file"]).name for r in results] == [p.name for p in sorted(folder.glob("0*"))]
    assert "汇总.xlsx" in err and "跳过" in err
    status, results, _ = _check_json([str(first)], capsys)
    assert results[0]["error"] is None
    # The 汇总 passes its own check: no errors (its prose is a generated 汇总说明)
    assert [f for f in results[0]["findings"] if f["severity"] == "error"] == []
    assert status == 0


def test_checked_copy_and_comparison_in_the_folder_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [_unit(i) for i in range(2)]
    folder = tmp_path / "报告"
    paths = _folder(folder, reports)
    run(["check", str(paths[0]), "--checked", str(folder / "校验结果.xlsx")])
    last = _unit(0, year=2023)
    write_report(last, tmp_path / "上年.xlsx")
    run(["compare", str(paths[0]), str(tmp_path / "上年.xlsx"), "-o", str(folder / "比较.xlsx")])
    capsys.readouterr()
    assert run(["check", str(folder), "--format", "json"]) == 0
    captured = capsys.readouterr()
    results, err = json.loads(captured.out), captured.err
    assert sorted(Path(r["file"]).name for r in results) == sorted(p.name for p in paths)
    assert "校验结果.xlsx" in err and "比较.xlsx" in err
    assert run(["summarize", str(folder), "-o", str(tmp_path / "汇总.xlsx")]) == 0
    assert open_report(tmp_path / "汇总.xlsx").report.values[NEW] == sum(
        r.values[NEW] for r in reports
    )


def test_a_unit_sent_twice_is_summed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A re-sent file: the newer by 发布日期 counts, the other is listed as 重复报送."""
    reports = [_unit(i) for i in range(3)]
    folder = tmp_path / "报告"
    _folder(folder, reports)
    resent = _unit(7, name="第１镇 人民政府")  # full width and a space: the same unit
    resent.issued = date(2025, 2, 1)  # newer than reports[1]
    write_report(resent, folder / "第1镇-重新报送.xlsx")
    expected = reports[0].values[NEW] + resent.values[NEW] + reports[2].values[NEW]
    out = tmp_path / "汇总.xlsx"
    assert run(["summarize", str(folder), "-o", str(out)]) == 0
    assert open_report(out).report.values[NEW] == expected
    rows = _sheet(out, "units")
    header = rows[0]
    note = header.index("说明")
    older = next(r for r in rows if r[header.index("文件")] == "01-第1镇人民政府.xlsx")
    assert "重复报送" in older[note] and "第1镇-重新报送.xlsx" in older[note]
    newer = next(r for r in rows if r[header.index("文件")] == "第1镇-重新报送.xlsx")
    assert "重复报送" not in (newer[note] or "")
    capsys.readouterr()

    assert _check_json([str(folder)], capsys)[0] == 0
    results = _check_json([str(folder)], capsys)[1]
    by_name = {Path(r["file"]).name: r for r in results}
    assert by_name["01-第1镇人民政府.xlsx"]["duplicate_of"].endswith("第1镇-重新报送.xlsx")
    assert by_name["第1镇-重新报送.xlsx"]["duplicate_of"] is None
    run(["check", str(folder)])
    text = capsys.readouterr().out
    assert "重复报送" in text and "第1镇-重新报送.xlsx" in text


def test_same_issued_date_the_newer_file_counts(tmp_path: Path) -> None:
    folder = tmp_path / "报告"
    a, b = _unit(1), _unit(2, name="第1镇人民政府")
    a.issued = b.issued = None
    pa = folder / "a.xlsx"
    folder.mkdir()
    write_report(a, pa)
    write_report(b, folder / "b.xlsx")
    os.utime(pa, (1_000_000_000, 1_000_000_000))  # a is the older file
    out = tmp_path / "汇总.xlsx"
    assert run(["summarize", str(folder), "-o", str(out)]) == 0
    assert open_report(out).report.values[NEW] == b.values[NEW]


def test_office_and_government_names_are_one_unit_only_where_the_list_says(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "报告"
    reports = [_unit(1, name="甲镇人民政府"), _unit(2, name="甲镇人民政府办公室")]
    _folder(folder, reports)
    out = tmp_path / "汇总.xlsx"
    separate = tmp_path / "名单.txt"
    separate.write_text("甲镇人民政府\n甲镇人民政府办公室\n", encoding="utf-8")
    run(["summarize", str(folder), "-o", str(out), "--units", str(separate)])
    assert open_report(out).report.values[NEW] == sum(r.values[NEW] for r in reports)
    one = tmp_path / "一个单位.txt"
    one.write_text("甲镇人民政府 = 甲镇人民政府办公室\n", encoding="utf-8")
    run(["summarize", str(folder), "-o", str(out), "--units", str(one)])
    summed = open_report(out).report.values[NEW]
    assert summed in (reports[0].values[NEW], reports[1].values[NEW])
    assert _sheet(out, "missing")[1:] == []


def test_an_unreadable_file_is_not_reported_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "报告"
    _folder(folder, [_unit(0, name="甲镇人民政府")])
    (folder / "乙镇2024年报.xlsx").write_bytes(b"not a workbook")
    units = tmp_path / "名单.txt"
    units.write_text("甲镇人民政府\n乙镇人民政府\n丙镇人民政府\n", encoding="utf-8")
    out = tmp_path / "汇总.xlsx"
    assert run(["summarize", str(folder), "-o", str(out), "--units", str(units)]) == 2
    missing = {r[0]: r[1:] for r in _sheet(out, "missing")[1:]}
    assert set(missing) == {"乙镇人民政府", "丙镇人民政府"}
    assert "报送文件无法读取" in str(missing["乙镇人民政府"])
    assert "乙镇2024年报.xlsx" in str(missing["乙镇人民政府"])
    assert missing["丙镇人民政府"] == ("未报",)
    assert "1 个单位未报" in capsys.readouterr().out
    # a broken file whose name names no unit: the units without a report may have sent it
    (folder / "扫描件003.xlsx").write_bytes(b"not a workbook either")
    run(["summarize", str(folder), "-o", str(out), "--units", str(units)])
    missing = {r[0]: r[1:] for r in _sheet(out, "missing")[1:]}
    assert "乙镇2024年报.xlsx" in str(missing["乙镇人民政府"])
    assert "1 个文件无法读取" in str(missing["丙镇人民政府"])


def test_previous_matched_by_unit_and_year(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """上年 is the same unit's report of year − 1; what could not be matched is listed."""
    this = [_unit(i) for i in range(3)]
    _folder(tmp_path / "本年", this)
    last = [_unit(0, year=2023), _unit(1, year=2024), _unit(5, year=2023)]
    last[1].values[NEW] = 999  # this year's report of 第1镇 put among last year's by mistake
    _folder(tmp_path / "上年", last)
    out = tmp_path / "汇总.xlsx"
    run(["summarize", str(tmp_path / "本年"), "-o", str(out), "--previous", str(tmp_path / "上年")])
    printed = capsys.readouterr().out
    rows = _sheet(out, "changes")
    header = rows[0]
    by_unit: dict[str, list[tuple]] = {}
    for r in rows[1:]:
        by_unit.setdefault(r[0], []).append(r)
    first = {r[header.index("项目")]: r for r in by_unit["第0镇人民政府"]}
    assert first["新收申请"][header.index("上年")] == last[0].values[NEW]
    this_year = header.index("本年")
    second = {
        r[header.index("项目")]: r for r in by_unit["第1镇人民政府"] if r[this_year] is not None
    }
    assert second["新收申请"][header.index("上年")] is None  # 2024 is not 上年 of 2024
    assert "2024" in str(second["新收申请"][header.index("说明")])
    unused = {
        r[0] for r in rows[1:] if r[this_year] is None and r[header.index("上年")] is not None
    }
    assert unused == {"第1镇人民政府", "第5镇人民政府"}  # listed: last year's, not matched
    assert "第1镇人民政府" in printed and "第5镇人民政府" in printed
