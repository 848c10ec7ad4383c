"""A wrong 上年 is never taken silently: another unit's report, or one of the same year, warns in
`check --previous` and `compare` (a line on stderr, "warnings" in the JSON) — the chains a clerk
runs with the wrong file picked. And compare's small seams: `-o` says one line, no "+0.0%"."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from cli.commands import run
from service.compare import compare_reports, percent_text
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.report import Report

QIAOTOU = "慈溪市桥头镇人民政府"
XIAOLIN = "慈溪市逍林镇人民政府"


def _report(agency: str, year: int, seed: int = 1) -> Report:
    return consistent_report(seed, year=year, agency=agency)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    reports = {
        "this": _report(QIAOTOU, 2025),
        "own": _report(QIAOTOU, 2024, seed=2),
        "other_unit": _report(XIAOLIN, 2024, seed=3),
        "same_year": _report(QIAOTOU, 2025, seed=4),
    }
    out = {}
    for name, r in reports.items():
        path = tmp_path / f"{name}.json"
        path.write_text(dumps_report(r), encoding="utf-8")
        out[name] = str(path)
    return out


# ---------------------------------------------------------------- check --previous


def _check_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[list, str]:
    run(["check", *args, "--format", "json"])
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_check_with_own_previous_has_empty_warnings(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    (entry,) = _check_json([files["this"], "--previous", files["own"]], capsys)[0]
    assert entry["warnings"] == []


@pytest.mark.parametrize("wrong", ["other_unit", "same_year"])
def test_check_with_a_wrong_previous_warns_in_json_and_text(
    wrong: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = _check_json([files["this"], "--previous", files[wrong]], capsys)
    (warning,) = data[0]["warnings"]
    assert "上年" in warning
    run(["check", files["this"], "--previous", files[wrong]])
    out = capsys.readouterr()
    assert warning in out.err and warning not in out.out  # the listing on stdout stays clean


def test_check_without_previous_still_has_the_field(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = _check_json([files["this"]], capsys)
    assert data[0]["warnings"] == [] and err == ""


# ---------------------------------------------------------------- compare


def _compare_json(a: str, b: str, capsys: pytest.CaptureFixture[str]) -> tuple[dict, str]:
    assert run(["compare", a, b, "--format", "json"]) == 0
    out = capsys.readouterr()
    return json.loads(out.out), out.err


def test_compare_own_previous_has_no_warning(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = _compare_json(files["this"], files["own"], capsys)
    assert data["warnings"] == [] and "警告" not in err


@pytest.mark.parametrize("wrong", ["other_unit", "same_year"])
def test_compare_with_a_wrong_previous_warns_in_json_and_text(
    wrong: str, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = _compare_json(files["this"], files[wrong], capsys)
    (warning,) = data["warnings"]
    assert warning in err
    assert run(["compare", files["this"], files[wrong]]) == 0
    out = capsys.readouterr()
    assert warning in out.err and warning not in out.out


def test_compare_to_a_file_prints_one_line_not_the_comparison(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "比较.xlsx"
    assert run(["compare", files["this"], files["own"], "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert target.is_file()
    assert out.strip().splitlines() == [f"已写出比较结果：{target}"]
    other = tmp_path / "别的单位.xlsx"
    assert run(["compare", files["this"], files["other_unit"], "-o", str(other)]) == 0
    sheet = openpyxl.load_workbook(other).worksheets[0]
    assert "可能选错了文件" in sheet["A1"].value  # the workbook says so on top…
    assert any(XIAOLIN in str(row[0]) for row in sheet.iter_rows(values_only=True))  # …and why


def test_compare_to_a_file_in_json_keeps_stdout_json(
    files: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "比较.html"
    args = ["compare", files["this"], files["other_unit"], "-o", str(target), "--format", "json"]
    assert run(args) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["warnings"] and str(target) in out.err
    assert "上年报告的填报单位" in target.read_text(encoding="utf-8")  # the page says so too


def test_unchanged_values_show_no_percentage(files: dict[str, str]) -> None:
    this, last = _report(QIAOTOU, 2025), _report(QIAOTOU, 2024)
    last.values["requests.new.total"] = this.values["requests.new.total"] = 7
    last.values["requests.new.natural"] = 100000
    this.values["requests.new.natural"] = 100001
    cells = {x.key: x for x in compare_reports(this, last).cells}
    assert percent_text(cells["requests.new.total"]) == ""
    assert percent_text(cells["requests.new.natural"]) == "+<0.1%"  # changed, however little
    this.values["requests.new.natural"] = 150000
    cells = {x.key: x for x in compare_reports(this, last).cells}
    assert percent_text(cells["requests.new.natural"]) == "+50.0%"
