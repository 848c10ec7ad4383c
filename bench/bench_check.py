"""Benchmark of `nianbao check` (a script, not a test): run `uv run python bench/bench_check.py`.

Writes 500 workbooks with workbook.xlsx.write.writer into a temporary folder, then prints
- the time to check one report in process, clean and full of errors (median, µs),
- batch throughput of the CLI's check path (service.batch.check_paths: fast reader + check, a process
  pool on several cores), in reports per second, single-process too,
- the openpyxl baseline (openpyxl.load_workbook of the same files) measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl

from rules import check
from service.batch import check_paths
from tests.rules.generate import consistent_report
from workbook.xlsx.write.writer import write_report

COUNT = 500


def erroneous_report():
    """Every 自然人 cell of 三 one too high: dozens of findings, each with its message built."""
    report = consistent_report(1)
    for key in report.values:
        if key.startswith("requests.") and key.endswith(".natural"):
            report.values[key] += 1
    return report


def median_check_us(report, rounds: int = 1000) -> float:
    check(report)  # plans and prose analysis are prepared once
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        check(report)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def main() -> None:
    report = consistent_report(1)
    previous = consistent_report(2, year=2023)
    check(report, previous)
    times = []
    for _ in range(2000):
        t = time.perf_counter()
        check(report, previous)
        times.append(time.perf_counter() - t)
    print(f"check one report in process: median {statistics.median(times) * 1e6:.0f} µs")
    print(f"check a report full of errors: median {median_check_us(erroneous_report()):.0f} µs")

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        t = time.perf_counter()
        for i in range(COUNT):
            r = consistent_report(i)
            if i % 5 == 0:
                r.values["requests.new.natural"] += 1  # some reports with errors
            path = Path(folder) / f"report-{i:03d}.xlsx"
            write_report(r, path)
            paths.append(str(path))
        print(f"wrote {COUNT} workbooks in {time.perf_counter() - t:.1f} s")

        batch = single = float("inf")
        for _ in range(2):  # alternate, best of two: other work on the machine adds noise
            t = time.perf_counter()
            results = check_paths(paths)
            batch = min(batch, time.perf_counter() - t)
            assert all(r.error is None for r in results)
            t = time.perf_counter()
            check_paths(paths, jobs=1)
            single = min(single, time.perf_counter() - t)
        t = time.perf_counter()
        for p in paths:
            openpyxl.load_workbook(p, data_only=True)
        baseline = time.perf_counter() - t

    cores = os.cpu_count() or 1
    print(f"batch check ({cores} cores, as the CLI does): {COUNT / batch:.0f} reports/s")
    print(f"batch check, one process:                  {COUNT / single:.0f} reports/s")
    print(f"openpyxl.load_workbook only (baseline):    {COUNT / baseline:.0f} reports/s")
    print(f"ratio batch check / openpyxl load:         {baseline / batch:.1f}×")
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
