"""service.batch: one crash in one file never stops a batch, in the CLI or in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.check import run_check
from service.batch import REPORT_EXTENSIONS, check_paths, folder_files
from tests.fuzz import probe
from tests.rules.generate import consistent_report
from workbook.files import OPEN_FILTER, SUPPORTED_OPEN
from workbook.jsonio import dumps_report
from workbook.sandbox import Sandbox


def _folder(tmp_path: Path) -> Path:
    """Two good reports around one that makes calamine abort (the far cell in a sheet part
    named sheet1.bin, which the old pattern guard never looked at)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.json", "c.json"):
        (folder / name).write_text(dumps_report(consistent_report(1)), encoding="utf-8")
    (folder / "b-crash.xlsx").write_bytes(probe.renamed_sheet())
    return folder


def test_a_reader_that_dies_is_that_files_error_and_the_batch_goes_on(tmp_path, capsys):
    folder = _folder(tmp_path)
    results = check_paths(folder_files(folder), jobs=1)
    assert [Path(r.file).name for r in results] == ["a.json", "b-crash.xlsx", "c.json"]
    assert results[1].error is not None
    assert results[1].error.startswith("文件无法读取：b-crash.xlsx（")  # one sentence, no name
    assert results[0].error is None and results[2].error is None
    assert run_check([str(folder)]) == 2
    err = capsys.readouterr().err
    assert "b-crash.xlsx" in err and "Traceback" not in err


def test_ctrl_c_is_not_swallowed(tmp_path, monkeypatch):
    # The children read and check; Ctrl+C reaches the parent while it waits for them.
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Sandbox, "_collect", interrupted)
    path = tmp_path / "a.json"
    path.write_text(dumps_report(consistent_report(1)), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        check_paths([str(path)], jobs=1)


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
