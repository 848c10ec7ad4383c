"""The whole catalogue runs on every keystroke: well under a millisecond per report."""

from __future__ import annotations

import statistics
import time

from rules import check
from tests.rules.generate import consistent_report


def median_us(report, previous=None, rounds: int = 300) -> float:
    check(report, previous)  # plans and prose analysis are prepared once
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        check(report, previous)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e6


def test_check_is_well_under_a_millisecond() -> None:
    report = consistent_report(1)
    previous = consistent_report(2, year=2023)
    assert median_us(report, previous) < 1000


def test_a_report_full_of_errors_is_still_fast() -> None:
    report = consistent_report(1)
    for k in report.values:
        if k.startswith("requests.") and k.endswith(".natural"):
            report.values[k] = report.values[k] + 1
    assert len(check(report)) > 20
    assert median_us(report) < 1000
