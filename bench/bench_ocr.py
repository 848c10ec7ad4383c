"""Benchmark of reading a scanned report by OCR (a script, not a test):
`uv run python bench/bench_ocr.py [dpi] [pages]`.

Target: a six-page scan in under 60 s on the two-core development machine, memory bounded.
Makes the scan itself: a consistent report (tests/importers/scanmake.busy_report) with enough
prose for `pages` pages, published by `nianbao export`, drawn at `dpi`, turned by 0.5°, blurred
and JPEG-compressed, saved as a multi-page TIFF. Prints:
- pages, wall seconds and seconds per page, CPU seconds of the process, the machine's load,
- peak memory (RSS) before and after reading,
- the cells: read right, blank with a note, wrong (must be 0); cells the arithmetic derived, and
  cells left for the clerk to confirm.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from tests.importers import scanmake
    from workbook.files import open_report

    dpi = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    want_pages = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    report = scanmake.busy_report()
    paragraph = "本年度，本单位认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。"
    with tempfile.TemporaryDirectory() as folder:
        repeat = 10
        while True:
            report.set_text("overview", "\n".join([paragraph * 4] * repeat))
            pdf = scanmake.exported_pdf(report, Path(folder))
            pages = scanmake.pictures(pdf, dpi)
            if len(pages) >= want_pages or repeat > 200:
                break
            repeat += 8
        pages = [scanmake.spoil(p, turn=0.5) for p in pages]
        scan = scanmake.save_tiff(pages, Path(folder) / "scan.tif")
        count = len(pages)
        del pages
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu0 = time.process_time()
        started = time.perf_counter()
        imported = open_report(scan)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    got = imported.report.values
    noted = {n.key for n in imported.notes}
    right = sum(got.get(k) == v for k, v in report.values.items())
    blank = sum(
        got.get(k) is None and v is not None and k in noted for k, v in report.values.items()
    )
    wrong = sum(got.get(k) is not None and got.get(k) != v for k, v in report.values.items())
    derived = sum("按勾稽关系应为" in n.message and "已填" in n.message for n in imported.notes)
    print(f"{count} pages at {dpi} dpi (turned 0.5°, blurred, JPEG 60)")
    print(
        f"wall {wall:.1f} s = {wall / count:.1f} s per page; CPU {cpu:.1f} s; load {os.getloadavg()[0]:.1f}"
    )
    print(f"peak RSS {rss_before:.0f} MB before reading, {rss_after:.0f} MB after")
    print(
        f"cells {len(report.values)}: right {right}, blank with a note {blank}, wrong {wrong}; "
        f"derived by the arithmetic {derived}; marked for the clerk {len(imported.review)}"
    )


if __name__ == "__main__":
    main()
