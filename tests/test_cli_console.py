"""The command line as a Chinese Windows console has it: GBK, closed pipes, usage errors."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import main as cli_main
from cli.args import USAGE_ERROR
from workbook.jsonio import dumps_report
from workbook.model.report import Report

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def blank_report(tmp_path: Path) -> Path:
    # "✔" has no GBK code: a strict GBK console would die on this file name.
    path = tmp_path / "匡堰镇✔报告.json"
    path.write_text(dumps_report(Report.blank("2021", agency="匡堰镇人民政府")), encoding="utf-8")
    return path


def test_check_prints_readable_chinese_on_a_gbk_console(
    blank_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw_out, raw_err = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(raw_out, encoding="gbk")  # strict, as Windows gives it
    err = io.TextIOWrapper(raw_err, encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    status = cli_main.main(["check", str(blank_report)])
    sys.stdout.flush()
    text = raw_out.getvalue().decode("gbk")
    assert status == 1  # a blank report has errors (blank cells), not a crash
    assert "匡堰镇人民政府" in text and "整张表格" in text and "共 6 个错误" in text
    assert "匡堰镇?报告.json" in text  # the one character GBK lacks is replaced, not fatal


def test_a_closed_pipe_ends_quietly_with_the_real_status(blank_report: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "check", str(blank_report), str(blank_report)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    proc.stdout.close()  # like `| head` that has read enough before we write
    _, err = proc.communicate(timeout=60)
    message = err.decode("utf-8", "replace")
    assert "Traceback" not in message and "BrokenPipe" not in message, message
    assert proc.returncode == 1  # errors found, as without the pipe


@pytest.mark.parametrize("word", ["chekc", "export-all", "--frobnicate"])
def test_an_unknown_command_is_a_usage_error_not_a_window(
    word: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_window(path: str | None = None) -> int:
        raise AssertionError("the window must not open for an unknown command")

    import gui.app

    monkeypatch.setattr(gui.app, "run_app", no_window)
    assert cli_main.main([word, "a.xlsx"]) == USAGE_ERROR == 64
    err = capsys.readouterr().err
    assert f"没有“{word}”" in err and "check" in err
    if word == "chekc":
        assert "是不是要用 nianbao check" in err


def test_a_file_path_still_opens_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str | None] = []
    import gui.app

    monkeypatch.setattr(gui.app, "run_app", lambda path=None: opened.append(path) or 0)
    for arg in ("报告.xlsx", str(tmp_path / "新建文件夹" / "年报"), str(tmp_path)):
        assert cli_main.main([arg]) == 0
    assert cli_main.main([]) == 0
    assert opened == ["报告.xlsx", str(tmp_path / "新建文件夹" / "年报"), str(tmp_path), None]


def test_every_command_of_the_table_is_dispatched(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command added to cli.commands.COMMANDS (export, summarize …) needs nothing in main."""
    from cli import commands

    monkeypatch.setitem(commands.COMMANDS, "frobnicate", (lambda argv: 7, "测试用命令"))
    assert cli_main.main(["frobnicate", "x"]) == 7
