"""Benchmark of the text/web importers (a script, not a test): `uv run python bench/bench_import.py`.

Prints
- the time to import a published page (median and worst of several runs): the shared sample
  text, each real sample, a portal web page, the same pages flattened to one line;
- the run-together search: a whole report whose cells all ran together (small and large
  numbers, both formats), and hostile rows (long digit runs that fit many ways), worst case.
Targets (issue 9): a published page under 50 ms; the run-together search under 200 ms a report.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importers.layouts import (  # noqa: E402
    labels_together,
    one_line_numbers_first,
    one_line_run_together,
    run_together,
)
from tests.importers.variants import html_page  # noqa: E402
from tests.rules.generate import consistent_report, consistent_values  # noqa: E402
from workbook.importers.labels.match import _match_row  # noqa: E402
from workbook.importers.layout.stream import align_words  # noqa: E402
from workbook.importers.sources.html import import_html  # noqa: E402
from workbook.importers.sources.text import import_text  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"


def timed(fn: Callable[[], object], runs: int = 15) -> tuple[float, float]:
    """(median, worst) in milliseconds; the label-match cache is emptied before every run, so
    each run is a first import (the format files and regexes stay loaded, as in the app)."""
    fn()
    times = []
    for _ in range(runs):
        _match_row.cache_clear()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def line(name: str, fn: Callable[[], object], runs: int = 15) -> float:
    med, worst = timed(fn, runs)
    print(f"  {name:55} median {med:7.1f} ms   worst {worst:7.1f} ms")
    return worst


def main() -> None:
    print("Published pages (target < 50 ms):")
    pages: list[tuple[str, str]] = []
    if SAMPLES.is_dir():
        pages.append(
            ("2024-cixi-kuangyan-town.txt", (SAMPLES / "2024-cixi-kuangyan-town.txt").read_text())
        )
        for p in sorted((SAMPLES / "real").glob("*.txt")):
            pages.append((p.name, p.read_text()))
    for name, text in pages:
        line(name, lambda text=text: import_text(text))
    for name, text in pages[:3]:
        flat = " ".join(x.strip() for x in text.split("\n") if x.strip())
        line(f"{name} (one line)", lambda flat=flat: import_text(flat))
    for name, text in pages:
        if "stcsm" in name:
            spaced = text.replace("\n", " ")
            line(f"{name} (line breaks as spaces)", lambda t=spaced: import_text(t))
    report = consistent_report(1)
    page = html_page(report)
    line("portal web page (generated)", lambda: import_html(page))
    for layout in (labels_together, one_line_numbers_first):  # the regroup / backward reads
        text = layout(report)
        line(f"generated page, {layout.__name__}", lambda t=text: import_text(t))

    print("Run-together search (target < 200 ms a report, worst case):")
    worst = 0.0
    for format_id, year in (("2021", 2024), ("2019", 2020)):
        for high in (30, 3000, 300000):
            rep = consistent_report(2, format_id, year)
            rep.values.update(consistent_values(rep.format, random.Random(2), high))
            text = run_together(rep)
            worst = max(
                worst,
                line(
                    f"{format_id} all cells run together, numbers ≤ {high}",
                    lambda t=text: import_text(t),
                    5,
                ),
            )
            flat = one_line_run_together(rep)
            worst = max(
                worst,
                line(
                    f"{format_id} ... and the whole page on one line",
                    lambda t=flat: import_text(t),
                    5,
                ),
            )
    hostile = [
        ("三 every row 40 ones", [f"{r}{'1' * 40}" for r in _requests_labels()]),
        ("三 every row 25 digits 1-9", [f"{r}{'123456789' * 3}"[:60] for r in _requests_labels()]),
        ("四 60 digits", ["行政复议 行政诉讼 结果维持 总计", "1" * 60]),
        ("二 every row 30 digits", ["规章" + "7" * 30, "行政规范性文件" + "12" * 15]),
    ]
    for name, words in hostile:
        worst = max(worst, line(name, lambda w=words: align_words(w), 5))
    print(f"Worst run-together case: {worst:.1f} ms")


def _requests_labels() -> list[str]:
    from workbook.model.format import load_format

    return [r.label for r in load_format("2021").tables["requests"].rows]


if __name__ == "__main__":
    main()
