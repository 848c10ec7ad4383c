"""Contain, don't predict (issue 19): the probe's shapes end in one Chinese sentence within the
reading sandbox's limits — in `convert`, in a `check` batch of good files that all still pass,
and in the app — and the sandbox itself keeps its promises (limits, cancel, no leftovers).

The shapes are built at runtime (tests/fuzz/probe.py); the large ones in tmp_path, smaller than
the probe's where the limit under test is made smaller to match.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from cli.check import run_check
from tests.fuzz import probe
from tests.helpers.cli import nianbao
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.errors import ReportError
from workbook.sandbox import Limits, ReadCancelled, Sandbox, open_contained
from workbook.xlsx.write.writer import write_report

ROOT = Path(__file__).resolve().parents[1]
ONE_SENTENCE = re.compile(r"^[^\n]*[\u4e00-\u9fff][^\n]*$")
PYTHON_WORDS = re.compile(r"Error|Exception|Traceback|Panic|abort", re.IGNORECASE)


def _sentence(message: str) -> None:
    assert ONE_SENTENCE.match(message), message
    assert not PYTHON_WORDS.search(message), message


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("probe")
    paths = []
    for i, (ext, make) in enumerate(probe.SMALL.values()):
        path = folder / f"probe-{i}{ext}"
        make(path)
        paths.append(path)
    return paths


def _outcome(path: Path) -> str:
    """ "read" or the sentence: a shape may be read (safely) or refused, never crash."""
    try:
        open_contained(path)
    except ReportError as e:
        _sentence(str(e))
        return str(e)
    return "read"


def test_each_shape_is_read_or_one_sentence_and_the_reader_comes_back(shapes, tmp_path) -> None:
    good = tmp_path / "good.xlsx"
    write_report(consistent_report(3), good)
    refused = 0
    for path in shapes:
        began = time.monotonic()
        refused += _outcome(path) != "read"
        assert time.monotonic() - began < Limits().seconds + 5
        # whatever the last file did to its reader, the next one is read as usual
        assert open_contained(good).report.values == open_report(good).report.values
    assert refused >= len(shapes) - 2  # the crashers are among them


def test_the_crashers_end_in_their_reason(tmp_path) -> None:
    far = tmp_path / "far.xlsx"
    far.write_bytes(probe.renamed_sheet())  # calamine would allocate 17 G cells
    assert _outcome(far) == "文件无法读取：far.xlsx（读取时占用内存过大）"


def test_convert_names_each_shape_and_writes_nothing(shapes, tmp_path) -> None:
    refused = 0
    for path in shapes[:3]:
        out = tmp_path / f"{path.stem}.json"
        done = nianbao("convert", str(path), "-o", str(out))
        assert "Traceback" not in done.stderr
        if done.returncode == 0:  # read safely (an impossible reference goes to openpyxl)
            assert out.exists()
            continue
        assert done.returncode == 2, done.stderr
        assert path.name in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and not out.exists()
        refused += 1
    assert refused >= 2


def test_a_batch_goes_on_past_every_shape_and_checks_every_good_file(
    shapes, tmp_path, capsys
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(10):
        write_report(consistent_report(i), folder / f"good-{i}.xlsx")
    for path in shapes:
        (folder / path.name).write_bytes(path.read_bytes())
    assert run_check([str(folder), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    for path in shapes:  # each named: refused on stderr, or read and checked
        assert path.name in err or path.name in out
    for line in err.strip().splitlines():
        assert "probe-" in line and ONE_SENTENCE.match(line), line
    assert sum(1 for p in shapes if p.name in err) >= len(shapes) - 2
    assert all(f"good-{i}.xlsx" in out for i in range(10))
    assert "good-" not in err


def test_a_reader_past_its_time_is_stopped(tmp_path) -> None:
    path = tmp_path / "attrs.xlsx"
    probe.many_attributes(path, 1_000_000)
    began = time.monotonic()
    with Sandbox(limits=Limits(seconds=2)) as box, pytest.raises(ReportError) as info:
        box.read(path)
    assert str(info.value) == "文件无法读取：attrs.xlsx（超过2秒）"
    assert time.monotonic() - began < 10


def test_a_reader_past_its_memory_is_stopped(tmp_path) -> None:
    path = tmp_path / "self.pdf"
    path.write_bytes(probe.pdf_self_drawing())
    with Sandbox(limits=Limits(memory=400 * 1024 * 1024)) as box:
        with pytest.raises(ReportError) as info:
            box.read(path)
        assert str(info.value) == "文件无法读取：self.pdf（读取时占用内存过大）"
        assert box.peak < 600 * 1024 * 1024


def test_an_answer_past_its_size_is_refused(tmp_path) -> None:
    path = tmp_path / "good.xlsx"
    write_report(consistent_report(1), path)
    with Sandbox(limits=Limits(output=1000)) as box, pytest.raises(ReportError) as info:
        box.read(path)
    assert str(info.value) == "文件无法读取：good.xlsx（读出的内容过多）"


def test_a_cancelled_read_ends_its_reader(tmp_path) -> None:
    path = tmp_path / "attrs.xlsx"
    probe.many_attributes(path, 1_000_000)
    asked = time.monotonic() + 0.5
    box = Sandbox(limits=Limits(seconds=60))
    with pytest.raises(ReadCancelled):
        box.read(path, cancelled=lambda: time.monotonic() > asked)
    assert time.monotonic() - asked < 5
    assert not [c for c in psutil.Process().children(recursive=True) if _reads(c, path)]
    box.close()


def _reads(process: psutil.Process, path: Path) -> bool:
    try:
        return any(f.path == str(path) for f in process.open_files())
    except psutil.Error:
        return False


SLOW_PARENT = """
import sys, time
from workbook.sandbox import Sandbox, Limits
box = Sandbox(2, Limits(seconds=60))
box.warm()
print(" ".join(str(w.process.pid) for w in box._idle), flush=True)
box.read(sys.argv[1])
"""


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_reader_outlives_its_parent(tmp_path, how) -> None:
    path = tmp_path / "attrs.xlsx"
    probe.many_attributes(path, 1_000_000)
    parent = subprocess.Popen(
        [sys.executable, "-c", SLOW_PARENT, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert parent.stdout is not None
    children = [int(p) for p in parent.stdout.readline().split()]
    assert len(children) == 2
    time.sleep(1.0)  # one child is now deep in the file
    parent.send_signal(how)
    parent.wait(timeout=20)
    parent.stdout.close()
    until = time.monotonic() + 10
    while time.monotonic() < until and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in children)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_the_app_says_the_sentence_and_keeps_its_report(qtbot, shapes, monkeypatch) -> None:
    pytest.importorskip("PySide6")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QMessageBox

    from gui.app import setup_application
    from gui.main_window import MainWindow

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(str(a[2])))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    setup_application()
    window = MainWindow(autosave=False)
    window.show()
    qtbot.waitExposed(window)
    try:
        agency = window.doc.report.agency
        for path in shapes[1:3]:  # the far cell in sheet1.bin, an .ods of repeats
            assert window.files.load_path(str(path)) is False
            assert path.name in warnings[-1]
            _sentence(warnings[-1].split("\n")[0])
            assert window.doc.report.agency == agency  # the work in the window is kept
    finally:
        window.doc.undo_stack.setClean()
        window.close()
        window.deleteLater()


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for LibreOffice")
def test_a_conversion_past_its_time_leaves_nothing_running(tmp_path, monkeypatch) -> None:
    """soffice starts soffice.bin and waits for it: at the timeout both go, not only the first."""
    from workbook.importers.sources import word

    pidfile = tmp_path / "bin.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(word, "find_soffice", lambda: str(fake))
    monkeypatch.setattr(word, "CONVERT_TIMEOUT", 1)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(ReportError, match="超时"):
        word.convert_legacy(doc)
    grandchild = int(pidfile.read_text())
    until = time.monotonic() + 5
    while time.monotonic() < until and _alive(grandchild):
        time.sleep(0.1)
    assert not _alive(grandchild)


def test_the_app_reads_off_its_thread_and_a_read_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

    from gui.app import setup_application
    from gui.main_window import MainWindow

    path = tmp_path / "attrs.xlsx"
    probe.many_attributes(path, 1_000_000)  # many seconds of expat
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(str(a[2])))
    setup_application()
    window = MainWindow(autosave=False)
    window.show()
    qtbot.waitExposed(window)
    ticks: list[float] = []
    beat = QTimer()
    beat.timeout.connect(lambda: ticks.append(time.monotonic()))
    beat.start(50)

    def cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                widget.cancel()

    QTimer.singleShot(1500, cancel)
    began = time.monotonic()
    try:
        assert window.files.load_path(str(path)) is False
        assert time.monotonic() - began < 8
        assert not warnings  # the clerk cancelled: said in the status bar, not in a warning box
        assert window.statusBar().currentMessage().startswith("已取消读取：attrs.xlsx")
        assert len(ticks) >= 10  # the window's own timers ran while the file was read
    finally:
        beat.stop()
        window.doc.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_a_long_batch_hands_on_what_a_dead_reader_held(tmp_path) -> None:
    """While many paths are still to be sent each reader holds several (workbook.sandbox.DEEP):
    one killed mid-batch leaves its queued paths to a fresh reader, none lost or blamed."""
    paths = []
    for i in range(60):
        path = tmp_path / f"good-{i:02d}.xlsx"
        if i in (5, 30, 50):  # early, middle and near the end of the batch
            path = tmp_path / f"far-{i:02d}.xlsx"
            path.write_bytes(probe.renamed_sheet())
        else:
            write_report(consistent_report(i), path)
        paths.append(path)
    with Sandbox(2) as box:
        got = list(box.map(paths))
    assert [p for p, _ in got] == [str(p) for p in paths]  # every path once, in order
    for path, outcome in got:
        name = Path(path).name
        if name.startswith("far-"):
            assert isinstance(outcome, ReportError)
            assert str(outcome) == f"文件无法读取：{name}（读取时占用内存过大）"
        else:
            assert not isinstance(outcome, ReportError), outcome
            assert outcome.report.values == open_report(path).report.values
