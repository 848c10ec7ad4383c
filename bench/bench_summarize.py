"""Benchmark of `nianbao summarize` (a script, not a test):
`uv run python bench/bench_summarize.py [N] [--script]`.

Writes 200 distinct generated workbooks (tests/rules/generate.py) with the real writer — with
`--script`, each then opened and saved by openpyxl, as a script filling reports would leave them
(formulas without results) — and copies them to N files (default 10,000) in a temporary folder,
then prints
- the wall time of service.summarize.summarize over all N (fast reader + check + sum, a process
  pool on every core), and reports per second; the CPU time it took (all processes), which does
  not depend on what else runs on the machine, and what that means on idle cores;
- whether the summed values equal the reference (each distinct report's values × its copies);
- the time to write the 汇总 workbook (with its 指标 and 图表 sheets) and the analysis report;
- the main process's peak resident memory after N/10 and after N reports: flat means the reports
  are not held (only the small overview lines grow), and the largest worker's.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.summarize import scan_files, summarize
from service.summary_book import write_summary
from tests.rules.generate import consistent_report
from workbook.sandbox import close_all
from workbook.xlsx.write.writer import write_report

DISTINCT = 200


def _copy_as_unit(source: Path, target: Path, old: str, new: str) -> None:
    """The workbook again under another unit's name (a summary counts each unit and year once)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info).replace(old.encode(), new.encode()))


def make_files(folder: Path, count: int, script: bool = False) -> tuple[list[str], dict]:
    reports = []
    for i in range(DISTINCT):
        r = consistent_report(i)
        r.agency = f"第{i:05d}号单位"
        write_report(r, folder / f"src{i:03d}.xlsx")
        if script:
            book = openpyxl.load_workbook(folder / f"src{i:03d}.xlsx")
            book.save(folder / f"src{i:03d}.xlsx")
        reports.append(r)
    paths = []
    copies = [0] * DISTINCT
    for n in range(count):
        i = n % DISTINCT
        path = folder / f"u{n:05d}.xlsx"
        _copy_as_unit(folder / f"src{i:03d}.xlsx", path, f"第{i:05d}号单位", f"第{n:05d}号单位")
        copies[i] += 1
        paths.append(str(path))
    for i in range(DISTINCT):
        (folder / f"src{i:03d}.xlsx").unlink()
    reference: dict = {}
    for r, k in zip(reports, copies, strict=True):
        for key, v in r.values.items():
            if v is not None and k:
                reference[key] = reference.get(key, 0) + v * k
    return paths, reference


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def cpu_seconds() -> float:
    """User + system time of this process and its finished workers."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def run(paths: list[str]) -> tuple[float, float, object]:
    t = time.perf_counter()
    summary = summarize(paths)
    return time.perf_counter() - t, peak_rss_mb(), summary


def analysis_docx(summary, out: Path) -> None:  # type: ignore[no-untyped-def]
    """`summarize --report 分析.docx`'s work: the publication, its charts painted, Word."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.charts import chart_png
    from gui.printing import ensure_gui_application
    from service.analysis import analysis

    ensure_gui_application()
    from workbook.publish.save import save_publication

    save_publication(analysis(summary, with_units=False, paint=chart_png), out)


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    count = int(numbers[0]) if numbers else 10_000
    script = "--script" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        paths, reference = make_files(folder, count, script)
        how = " (saved by openpyxl: formulas without results)" if script else ""
        print(f"wrote {count} workbooks{how} in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        scan = scan_files([str(folder)])
        scanned = time.perf_counter() - t
        assert scan.files == paths, "the folder scan must keep every report"
        print(
            f"folder scan of {count} workbooks (each one's kind mark read): {scanned:.2f} s "
            f"({scanned / count * 1e3:.2f} ms per file)"
        )
        small, small_peak, _ = run(paths[: count // 10])
        close_all()  # the reader children kept warm are ended, so their CPU time is counted
        cpu = cpu_seconds()
        elapsed, peak, summary = run(paths)
        close_all()
        cpu = cpu_seconds() - cpu
        report = summary.summed_report()
        assert report is not None
        same = all(report.values[k] == reference.get(k) for k in report.values)
        t = time.perf_counter()
        write_summary(summary, folder / "汇总.xlsx", with_units=False, with_previous=False)
        written = time.perf_counter() - t
        print(f"summarize {count // 10} reports: {small:.1f} s")
        print(
            f"summarize {count} reports: {elapsed:.1f} s ({count / elapsed:.0f} reports/s); "
            f"sum equals reference: {same}"
        )
        cores = os.cpu_count() or 1
        print(
            f"CPU time for {count} reports: {cpu:.1f} s ({cpu / count * 1e3:.2f} ms per report); "
            f"on {cores} otherwise idle cores that is ≈ {cpu / cores:.1f} s "
            f"(load average now {os.getloadavg()[0]:.1f}: other work shares the cores)"
        )
        print(
            f"write the 汇总 workbook ({count} overview rows, with the 指标 and 图表 sheets): "
            f"{written:.1f} s"
        )
        t = time.perf_counter()
        analysis_docx(summary, folder / "分析.docx")
        print(
            f"write the analysis report (.docx, charts as images): {time.perf_counter() - t:.1f} s"
        )
        print(
            f"main process peak RSS: {small_peak:.0f} MB after {count // 10} reports, "
            f"{peak:.0f} MB after {count}; after writing the workbook {peak_rss_mb():.0f} MB"
        )
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
        print(f"largest worker process peak RSS: {kids:.0f} MB")


if __name__ == "__main__":
    main()
