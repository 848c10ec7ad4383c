"""How quickly the app is usable: cold start to a shown window with a report given, to its
cells painted, and the time from typing a number to repainted cells and findings.

    uv run python bench/bench_gui.py [--runs 7]

Runs offscreen unless QT_QPA_PLATFORM is set. The report is a saved .xlsx (the usual case).
Every start is a fresh interpreter, as `nianbao 报告.xlsx` starts it, against a bare PySide6
window with a table view, one after the other (paired). The interpreters use compiled bytecode
(a cache in a temporary folder, filled by a first run that is not counted), as an installed app
does: with PYTHONDONTWRITEBYTECODE every start would compile every module again
(`--no-bytecode` measures that way, as figures before this bench used it were taken).
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

# The app as `nianbao 报告.xlsx` starts it (cli.main.main → gui.app.run_app): SHOWN at the first
# paint of the window (the file's name, 正在读取…), PAINTED once the report's cells are painted.
# The hook imports gui.app (and PySide6) before cli.main runs: the same modules, in another order.
CHILD = """
import sys
import gui.app
opened = gui.app.open_window
def open_window(path=None):
    w = opened(path)
    w.reading_page.painted.connect(lambda: print("SHOWN", flush=True))
    def done(ok):
        w.repaint()
        print("PAINTED" if ok else "FAILED", flush=True)
        w.doc.undo_stack.setClean()
        w.close()
    w.opening_done.connect(done)
    return w
gui.app.open_window = open_window
from cli.main import main
main([sys.argv[1]])
"""
# The yardstick: a bare PySide6 window with a table view.
BARE = """
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
view = QTableView()
view.show()
app.processEvents()
print("SHOWN", flush=True)
print("PAINTED", flush=True)
"""


def sample_report_file(folder: Path) -> Path:
    from tests.gui.conftest import consistent_report
    from workbook.files import save_report

    path = folder / "report.xlsx"
    save_report(consistent_report(), path)
    return path


def cold_start(path: str, env: dict[str, str], code: str = CHILD) -> tuple[float, float]:
    """Seconds to the shown window and to the painted cells, in a fresh interpreter."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, path],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    marks = []
    for want in ("SHOWN", "PAINTED"):
        line = proc.stdout.readline()
        if want not in line:
            proc.kill()
            raise SystemExit(f"the window did not start ({line.strip() or 'no output'})")
        marks.append(time.perf_counter() - start)
    proc.wait(timeout=30)
    return marks[0], marks[1]


def bytecode_env(cache: Path | None) -> dict[str, str]:
    """Compiled bytecode cached in `cache`; None: every module compiled at every start."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


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
    parser.add_argument("--no-bytecode", action="store_true", help="compile at every start")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(sample_report_file(Path(tmp)))
        env = bytecode_env(None if args.no_bytecode else Path(tmp) / "pycache")
        cold_start(path, env, BARE)  # fills the bytecode cache: not counted
        cold_start(path, env)
        bare, shown, painted, ratios = [], [], [], []
        for _ in range(args.runs):  # paired: the yardstick and the app one after the other
            bare.append(cold_start(path, env, BARE)[0])
            app_shown, app_painted = cold_start(path, env)
            shown.append(app_shown)
            painted.append(app_painted)
            ratios.append(app_shown / bare[-1])
        edits, findings = edit_to_repaint(Path(path), max(args.runs, 20))

    def ms(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, {len(values)} runs)"
        )

    print(f"bare PySide6 window with a table view: {ms(bare)}")
    print(f"cold start with an .xlsx report to the shown window: {ms(shown)}")
    print(f"  app / bare, paired: median {statistics.median(ratios):.2f}× (target ≤ 1.5×)")
    print(f"cold start to the report's cells painted: {ms(painted)}")
    print(
        f"edit to repainted cells + findings panel: median {statistics.median(edits) * 1000:.1f} ms "
        f"(max {max(edits) * 1000:.1f}, {len(edits)} edits; {findings} findings at the end)"
    )


if __name__ == "__main__":
    main()
