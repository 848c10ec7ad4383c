"""`nianbao check`: exit statuses, JSON of INTERFACES.md, folders, unreadable files, --checked."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli.check import run_check
from rules import acknowledge, check
from service.batch import check_paths
from tests.helpers.paths import ROOT
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.xlsx.write.writer import write_report


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.xlsx"
    write_report(consistent_report(1), path)
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    report = consistent_report(2)
    report.values["appeals.cases.review_total"] += 1
    path = tmp_path / "bad.xlsx"
    write_report(report, path)
    return path


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list, str]:
    status = run_check([*args, "--format", "json"])
    out = capsys.readouterr()
    return status, json.loads(out.out), out.err


def test_clean_report_exits_0(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check([str(good)]) == 0
    assert "0 个错误" in capsys.readouterr().out


def test_errors_exit_1_with_interfaces_json(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data, _ = run_json([str(bad)], capsys)
    assert status == 1
    (entry,) = data
    assert entry["file"] == str(bad) and entry["error"] is None
    (f,) = [f for f in entry["findings"] if f["severity"] == "error"]
    assert set(f) == {"code", "rule", "severity", "message", "cells", "acknowledged"}
    assert f["rule"] == "A5" and f["acknowledged"] is None
    total = {"table": "appeals", "row": 1, "col": 5, "ref": "'四、复议诉讼'!E8"}
    assert total in f["cells"] and len(f["cells"]) == 5


def test_unreadable_file_exits_2_and_others_are_checked(
    good: Path, bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    status, data, err = run_json([str(broken), str(good), str(bad)], capsys)
    assert status == 2
    assert [d["error"] is None for d in data] == [False, True, True]
    assert data[0]["findings"] == [] and data[2]["findings"]
    (line,) = err.strip().splitlines()
    assert "broken.xlsx" in line and "Traceback" not in err


def test_folder_means_its_reports(
    good: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (good.parent / "readme.md").write_text("x")
    (good.parent / "~$good.xlsx").write_text("lock file")
    status, data, _ = run_json([str(good.parent)], capsys)
    assert status == 1
    assert [Path(d["file"]).name for d in data] == ["bad.xlsx", "good.xlsx"]


def test_json_and_text_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = consistent_report(3)
    report.set_text(
        "overview", f"全年共收到政府信息公开申请{report.values['requests.new.total'] + 1}件。"
    )
    path = tmp_path / "r.json"
    path.write_text(dumps_report(report), encoding="utf-8")
    status, data, _ = run_json([str(path)], capsys)
    assert status == 0
    (f,) = data[0]["findings"]
    assert f["rule"] == "B4" and {"text": "overview"} in f["cells"]


def test_previous_and_acknowledged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = consistent_report(4)
    prev = consistent_report(5, year=2023)
    prev.values["requests.carry_forward.total"] = report.values["requests.carried_over.total"] + 1
    warning = next(f for f in check(report, prev) if f.rule == "B1" and "total" in f.keys[0])
    acknowledge(report, warning, "上年数据已更正")
    write_report(report, tmp_path / "now.xlsx")
    write_report(prev, tmp_path / "last.xlsx")
    status, data, _ = run_json(
        [str(tmp_path / "now.xlsx"), "--previous", str(tmp_path / "last.xlsx")], capsys
    )
    assert status == 0
    acked = [f for f in data[0]["findings"] if f["acknowledged"]]
    assert [f["acknowledged"] for f in acked] == ["上年数据已更正"]


def test_unreadable_previous_exits_2(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_check([str(good), "--previous", str(good.parent / "missing.xlsx")]) == 2
    assert "上年度报告" in capsys.readouterr().err


def test_checked_workbook(bad: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "checked.xlsx"
    assert run_check([str(bad), "--checked", str(out)]) == 1
    from python_calamine import CalamineWorkbook

    assert "校验结果" in CalamineWorkbook.from_path(str(out)).sheet_names
    assert run_check([str(bad), str(bad), "--checked", str(out)]) == 2
    assert "只能" in capsys.readouterr().err


def test_bad_arguments_exit_64(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        run_check(["--format", "xml", "a.xlsx"])
    assert e.value.code == 64  # a usage error, not 2 (= a file could not be read)
    assert "参数有误" in capsys.readouterr().err


def test_batch_in_a_process_pool_gives_the_same_results(good: Path, bad: Path) -> None:
    paths = [str(good), str(bad)] * 40
    serial = check_paths(paths, jobs=1)
    pooled = check_paths(paths, jobs=2)
    assert [(r.file, r.findings) for r in serial] == [(r.file, r.findings) for r in pooled]


def test_through_the_installed_command(bad: Path, tmp_path: Path) -> None:
    if shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    out = subprocess.run(
        ["uv", "run", "--no-sync", "nianbao", "check", str(bad), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**__import__("os").environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    assert out.returncode == 1, out.stderr
    assert json.loads(out.stdout)[0]["findings"][0]["rule"] == "A5"
    assert sys.executable  # the in-process tests above use this interpreter
