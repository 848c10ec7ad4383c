"""Benchmark of reading a scanned report by OCR (a script, not a test):
`uv run python bench/bench_ocr.py [dpi] [pages] [--stages]`.

Target: a six-page scan in under 60 s on the two-core development machine, memory bounded.
Makes the scan itself: a consistent report (tests/importers/scanmake.busy_report) with enough
prose for `pages` pages, published by `nianbao export`, drawn at `dpi`, turned by 0.5°, blurred
and JPEG-compressed, saved as a multi-page TIFF. Reads it as the app and `nianbao convert` do: in
a reading-sandbox child with OCR's limits (workbook.sandbox.OCR_LIMITS). Prints:
- pages, wall seconds and seconds per page, CPU seconds of the child, the machine's load (the
  machine is shared: CPU seconds are the figure that compares across runs),
- the child's peak memory (RSS),
- the cells: read right, blank with a note, wrong (must be 0); cells the arithmetic derived, and
  cells left for the clerk to confirm.
`--stages` reads in this process instead and says where the CPU seconds go (page preparation,
table borders, detection, recognition, the second pass over cells with ink but no word, the
report's assembly).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_CPU: dict[str, float] = defaultdict(float)


def _timed(label: str, call: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            _CPU[label] += time.process_time() - started

    return timed


def _watch_stages() -> None:
    """CPU seconds of each step of a page's reading, by wrapping the steps where they are called."""
    from workbook.importers.sources import ocr, ocrengine, ocrpage

    for name in ("straighten", "page_rulings", "read_words", "_missed_cells"):
        setattr(ocrpage, name, _timed(name, getattr(ocrpage, name)))
    ocr._import = _timed("assembly", ocr._import)  # type: ignore[assignment]
    engine = ocrengine._engine()
    detector, recogniser = engine.text_det.infer, engine.text_rec.session
    detector.session.run = _timed("  detection model", detector.session.run)
    recogniser.session.run = _timed("  recognition model", recogniser.session.run)


def _make_scan(dpi: int, want_pages: int, folder: Path) -> tuple[Any, Path, int]:
    from tests.importers import scanmake

    report = scanmake.busy_report()
    paragraph = "本年度，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。"
    repeat = 10
    while True:
        report.set_text("overview", "\n".join([paragraph * 4] * repeat))
        pdf = scanmake.exported_pdf(report, folder)
        pages = scanmake.pictures(pdf, dpi)
        if len(pages) >= want_pages or repeat > 200:
            break
        repeat += 8
    pages = [scanmake.spoil(p, turn=0.5) for p in pages]
    return report, scanmake.save_tiff(pages, folder / "scan.tif"), len(pages)


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> None:
    from workbook.files import open_report
    from workbook.sandbox import OCR_LIMITS, Sandbox

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    stages = "--stages" in sys.argv
    dpi = int(args[0]) if args else 200
    want_pages = int(args[1]) if len(args) > 1 else 6
    with tempfile.TemporaryDirectory() as folder:
        report, scan, count = _make_scan(dpi, want_pages, Path(folder))
        if stages:
            _watch_stages()
            cpu0 = time.process_time()
            started = time.perf_counter()
            imported = open_report(scan)
            wall = time.perf_counter() - started
            cpu = time.process_time() - cpu0
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            where = "in this process"
        else:
            cpu0 = _children_cpu()
            started = time.perf_counter()
            with Sandbox(1, OCR_LIMITS) as box:
                imported = box.read(scan)
            wall = time.perf_counter() - started
            cpu = _children_cpu() - cpu0
            peak = box.peak / (1024 * 1024)
            where = f"in a sandbox child (limit {OCR_LIMITS.memory // 2**20} MB)"
    got = imported.report.values
    noted = {n.key for n in imported.notes}
    right = sum(got.get(k) == v for k, v in report.values.items())
    blank = sum(
        got.get(k) is None and v is not None and k in noted for k, v in report.values.items()
    )
    wrong = sum(got.get(k) is not None and got.get(k) != v for k, v in report.values.items())
    derived = sum("按勾稽关系应为" in n.message and "已填" in n.message for n in imported.notes)
    print(f"{count} pages at {dpi} dpi (turned 0.5°, blurred, JPEG 60), read {where}")
    print(
        f"wall {wall:.1f} s = {wall / count:.1f} s per page; CPU {cpu:.1f} s = "
        f"{cpu / count:.1f} s per page; load {os.getloadavg()[0]:.1f}"
    )
    print(f"peak RSS {peak:.0f} MB")
    print(
        f"cells {len(report.values)}: right {right}, blank with a note {blank}, wrong {wrong}; "
        f"derived by the arithmetic {derived}; marked for the clerk {len(imported.review)}"
    )
    for label, seconds in _CPU.items():
        print(f"  {label:22s} CPU {seconds:5.1f} s")


if __name__ == "__main__":
    main()
