"""A reader child's answer is loaded as data only: a child taken over by a hostile file cannot
make its parent run code through the pickle it sends back."""

from __future__ import annotations

import os
import pickle
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest

from service.batch import FileResult, checked
from tests.rules.generate import consistent_report
from workbook.answers import ForbiddenInAnswer, load_answer
from workbook.files import open_report
from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.sandbox import Limits, Sandbox
from workbook.xlsx.write.writer import write_report

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


class _RunsCode:
    """What a taken-over child could send: loading it with pickle.loads runs `call(*args)`."""

    def __init__(self, call: object, *args: object) -> None:
        self.call, self.args = call, args

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return self.call, self.args


def _answer(value: object) -> bytes:
    return pickle.dumps(("ok", value, None), protocol=pickle.HIGHEST_PROTOCOL)


def test_a_report_and_a_checked_result_load_as_before(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    write_report(consistent_report(3), path)
    imported = open_report(path)
    result = checked(str(path), imported, None)
    for value in (imported, result, open_report(SAMPLE / "2024-cixi-kuangyan-town.txt")):
        assert load_answer(_answer(value)) == ("ok", value, None)
    assert load_answer(_answer([date(2025, 1, 20), Decimal("1.50")]))[1][1] == Decimal("1.50")


@pytest.mark.parametrize(
    "hostile",
    [
        _RunsCode(os.system, "echo owned"),
        _RunsCode(eval, "1+1"),
        _RunsCode(Path.write_text, Path("x"), "owned"),  # a method of an allowed-looking type
        _RunsCode(Sandbox, 1),  # one of ours, but a class that starts processes
        _RunsCode(write_report, None, "x.xlsx"),  # one of our functions
    ],
)
def test_anything_but_data_refuses_the_whole_answer(hostile: _RunsCode) -> None:
    with pytest.raises(ForbiddenInAnswer):
        load_answer(_answer(hostile))


def _poisoned(path: str, read: Imported | ReportError) -> object:
    """A `then` run in the child, standing for a child a hostile file has taken over."""
    marker = Path(path).with_suffix(".owned")
    return _RunsCode(Path.touch, marker)


def test_a_child_that_sends_code_is_reported_as_failed_and_nothing_runs(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    write_report(consistent_report(4), good)
    with Sandbox(1, Limits(seconds=30)) as box:
        ((_, outcome),) = box.map_then([good], _poisoned)
    assert isinstance(outcome, ReportError)
    assert str(outcome) == "文件无法读取：good.xlsx（读取程序异常退出）"
    assert not (tmp_path / "good.owned").exists()
    with Sandbox(1, Limits(seconds=30)) as box:  # an honest child's result still comes back
        ((_, outcome),) = box.map_then([good], partial(checked, previous=None))
    assert isinstance(outcome, FileResult) and outcome.error is None
