"""How the reading sandbox's children start and what they send back (bench/bench_batch.py
measures the speed; these check the behaviour the speed rests on)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from service.batch import FileResult, checked
from tests.fuzz import probe
from tests.rules.generate import consistent_report
from workbook.guards import check_container, stored_copy
from workbook.model.errors import ReportError
from workbook.sandbox import Limits, Sandbox
from workbook.xlsx.write.writer import write_report

ROOT = Path(__file__).resolve().parents[1]

START = "from workbook.sandbox import start_method\n{before}\nprint(start_method())\n"


def _method(before: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", START.format(before=before)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is chosen on Linux only")
def test_the_command_line_forks_and_a_process_with_threads_or_qt_spawns() -> None:
    assert _method() == "fork"  # `nianbao check`: one thread, no Qt
    thread = "import threading, time\nthreading.Thread(target=time.sleep, args=(5,), daemon=True).start()"
    assert _method(thread) == "spawn"
    assert _method("import PySide6.QtCore") == "spawn"  # the app


def test_the_stored_copy_holds_what_the_guard_inflated_and_calamine_reads_it_alike(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.xlsx"
    write_report(consistent_report(3), path)
    data = path.read_bytes()
    facts = check_container(data, path.name, keep=True)
    assert facts.parts is not None
    copy = stored_copy(facts.parts)
    with zipfile.ZipFile(io.BytesIO(copy)) as stored, zipfile.ZipFile(path) as packed:
        assert stored.testzip() is None  # sizes and CRC-32s as the original says
        assert all(i.compress_type == zipfile.ZIP_STORED for i in stored.infolist())
        for name in stored.namelist():
            assert stored.read(name) == packed.read(name)

    def grids(source: bytes) -> list[list[list[object]]]:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source))
        return [book.get_sheet_by_name(n).to_python() for n in book.sheet_names]

    assert grids(copy) == grids(data)


def test_the_children_check_and_send_back_only_the_result(tmp_path: Path) -> None:
    good, crash = tmp_path / "good.xlsx", tmp_path / "crash.xlsx"
    report = consistent_report(4)
    report.values["requests.new.natural"] += 1  # one arithmetic error
    write_report(report, good)
    crash.write_bytes(probe.renamed_sheet())  # calamine aborts on it
    with Sandbox(2, Limits(seconds=30)) as box:
        got = dict(box.map_then([good, crash], partial(checked, previous=None)))
    result = got[str(good)]
    assert isinstance(result, FileResult) and result.error is None
    assert result.errors >= 1 and result.agency == report.agency
    assert isinstance(got[str(crash)], ReportError)
    assert str(got[str(crash)]).startswith("文件无法读取：crash.xlsx（")


def test_a_result_past_the_answer_size_is_refused_like_a_report(tmp_path: Path) -> None:
    path = tmp_path / "good.xlsx"
    write_report(consistent_report(5), path)
    with Sandbox(1, Limits(output=200)) as box:
        ((_, outcome),) = box.map_then([path], partial(checked, previous=None))
    assert str(outcome) == "文件无法读取：good.xlsx（读出的内容过多）"
