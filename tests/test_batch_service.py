"""service.batch: one crash in one file never stops a batch, in the CLI or in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

import service.batch
from cli.check import run_check
from service.batch import READ_CRASH, REPORT_EXTENSIONS, check_paths, folder_files
from tests.rules.generate import consistent_report
from workbook.files import OPEN_FILTER, SUPPORTED_OPEN
from workbook.jsonio import dumps_report


class FakePanic(BaseException):
    """Like pyo3_runtime.PanicException: a Rust panic in python-calamine is no Exception."""


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.json", "b-crash.json", "c.json"):
        (folder / name).write_text(dumps_report(consistent_report(1)), encoding="utf-8")
    return folder


@pytest.fixture
def panicking_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    real = service.batch.open_report

    def open_report(path):
        if "crash" in Path(path).name:
            raise FakePanic("index out of bounds")
        return real(path)

    monkeypatch.setattr(service.batch, "open_report", open_report)


@pytest.mark.usefixtures("panicking_reader")
def test_a_native_panic_becomes_that_files_error_and_the_batch_goes_on(tmp_path, capsys):
    folder = _folder(tmp_path)
    results = check_paths(folder_files(folder), jobs=1)
    assert [Path(r.file).name for r in results] == ["a.json", "b-crash.json", "c.json"]
    assert results[1].error == READ_CRASH  # a Chinese sentence, no exception name
    assert results[0].error is None and results[2].error is None
    assert run_check([str(folder)]) == 2
    err = capsys.readouterr().err
    assert "b-crash.json" in err and "Traceback" not in err


def test_ctrl_c_is_not_swallowed(tmp_path, monkeypatch):
    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(service.batch, "open_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_paths([str(tmp_path / "a.json")], jobs=1)


def test_a_folder_lists_what_the_app_can_open_and_nothing_else(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    names = [f"r{ext}" for ext in SUPPORTED_OPEN] + ["~$r.xlsx", ".hidden.json", "notes.pages"]
    for name in names:
        (folder / name).write_bytes(b"x")
    found = {Path(p).name for p in folder_files(folder)}
    assert found == {f"r{ext}" for ext in SUPPORTED_OPEN}


def test_the_open_dialog_offers_every_type_the_batch_checks() -> None:
    """The one list of file types (workbook.files) also feeds the first filter of 打开."""
    offered = OPEN_FILTER.split(";;")[0]
    assert all(f"*{ext}" in offered for ext in REPORT_EXTENSIONS)
