"""How quickly the app is usable: cold start to a shown window with a report open, and the time
from typing a number to repainted cells and findings.

    uv run python bench/bench_gui.py [--runs 7]

Runs offscreen unless QT_QPA_PLATFORM is set. The report is a saved .xlsx (the usual case), so
the start-up figure includes reading it with openpyxl.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The app as `nianbao 报告.xlsx` starts it (gui.app.run_app: the reader child starts first, the
# report is read in the sandbox); READY once the window shows the report.
CHILD = """
import sys
from workbook.sandbox import prestart
prestart(1)
from gui.app import setup_application
app = setup_application()
from gui.main_window import MainWindow
w = MainWindow(autosave=False)
w.show()
assert w.files.load_path(sys.argv[1])
app.processEvents()
print("READY", flush=True)
w.doc.undo_stack.setClean()
"""
# The yardstick: a bare PySide6 window with a table view.
BARE = """
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
view.show()
app.processEvents()
print("READY", flush=True)
"""


def sample_report_file(folder: Path) -> Path:
    from tests.gui.conftest import consistent_report
    from workbook.files import save_report

    path = folder / "report.xlsx"
    save_report(consistent_report(), path)
    return path


def cold_start(path: Path, runs: int, code: str = CHILD) -> list[float]:
    times = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.wait(timeout=30)
        if "READY" not in line:
            raise SystemExit("the window did not start")
        times.append(elapsed)
    return times


def edit_to_repaint(path: Path, runs: int) -> tuple[list[float], int]:
    from PySide6.QtWidgets import QApplication

    from gui.app import setup_application
    from gui.main_window import MainWindow

    app = setup_application()
    w = MainWindow(autosave=False)
    w.show()
    w.files.load_path(str(path))
    w.tabs.setCurrentIndex(w.tab_of("requests"))
    model = w.views["requests"].model()
    index = model.index_of("requests.new.natural")
    QApplication.processEvents()
    times = []
    for i in range(runs):
        start = time.perf_counter()
        model.setData(index, str(6 + i % 2))  # alternately wrong and right: findings change
        w.views["requests"].viewport().repaint()
        w.findings.tree.viewport().repaint()
        QApplication.processEvents()
        times.append(time.perf_counter() - start)
    findings = len(w.doc.findings)
    w.doc.undo_stack.setClean()
    w.close()
    del app
    return times, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = sample_report_file(Path(tmp))
        starts, bare, ratios = [], [], []
        for _ in range(args.runs):  # paired: the yardstick and the app one after the other
            bare += cold_start(path, 1, BARE)
            starts += cold_start(path, 1)
            ratios.append(starts[-1] / bare[-1])
        edits, findings = edit_to_repaint(path, max(args.runs, 20))
    print(
        f"bare PySide6 window with a table view: median {statistics.median(bare) * 1000:.0f} ms; "
        f"app / bare, paired: median {statistics.median(ratios):.2f}×"
    )
    print(
        f"cold start to a shown window with an .xlsx report open: median {statistics.median(starts) * 1000:.0f} ms "
        f"(min {min(starts) * 1000:.0f}, max {max(starts) * 1000:.0f}, {len(starts)} runs)"
    )
    print(
        f"edit to repainted cells + findings panel: median {statistics.median(edits) * 1000:.1f} ms "
        f"(max {max(edits) * 1000:.1f}, {len(edits)} edits; {findings} findings at the end)"
    )


if __name__ == "__main__":
    main()
