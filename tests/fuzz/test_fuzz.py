"""Bounded fuzzing of every reader, and of the writer's round trip.

Readers: seeded mutations of tests/fuzz/corpus (our workbooks, a clerk's .xlsx and .xls, report
JSON, text, a web page; zip members with bad CRCs, lying sizes, sparse cells) run in a
subprocess (tests/fuzz/worker.py), so an abort or a runaway allocation is a failing seed, not a
dead pytest. FUZZ_SECONDS sets the budget (default 20; CI sets more), FUZZ_SEED the first seed.
Reproduce one failure with `uv run python -c "from tests.fuzz.mutate import make_input; …"`.
"""

from __future__ import annotations

import os
import selectors
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.worker import HANG_SECONDS
from workbook.model.report import Report
from workbook.xlsx.read.fast import fast_read
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.safe import xml_safe
from workbook.xlsx.write.writer import workbook_bytes

ROOT = Path(__file__).resolve().parents[2]


def _run_worker(first: int, seconds: float, tmp: Path) -> tuple[list[str], int]:
    """Failures of one worker run. A worker that dies, or is silent for longer than the hang
    limit (then it is killed), blames its last started seed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fuzz.worker", str(first), str(seconds), str(tmp)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    lines: list[str] = []
    watch = selectors.DefaultSelector()
    watch.register(proc.stdout, selectors.EVENT_READ)
    hung = False
    while True:
        if not watch.select(timeout=HANG_SECONDS + 5):
            hung = True
            proc.kill()
            break
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
    proc.wait()
    stderr = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    watch.close()
    bad = [ln for ln in lines if ln.startswith("bad ")]
    done = [ln for ln in lines if ln.startswith("done ")]
    stray = [ln for ln in lines if ln and not ln.startswith(("start ", "bad ", "done "))]
    bad += [f"printed on stdout: {ln[:100]!r}" for ln in stray]
    if hung or proc.returncode != 0 or not done:
        started = [ln for ln in lines if ln.startswith("start ")]
        last = started[-1].split()[1] if started else str(first)
        why = "hung" if hung else f"died (exit {proc.returncode})"
        bad.append(f"bad {last} worker {why}: {stderr[-300:]!r}")
        return bad, int(last) + 1
    if stderr.strip():
        bad.append(f"stderr not empty: {stderr[-300:]!r}")
    return bad, int(done[0].split()[1])


FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "20"))


@pytest.mark.timeout(FUZZ_SECONDS + 180)
def test_readers_survive_mutated_files(tmp_path: Path) -> None:
    budget = FUZZ_SECONDS
    seed = int(os.environ.get("FUZZ_SEED", "0"))
    failures: list[str] = []
    runs = 0
    while budget > 1:
        chunk = min(budget, 60.0)
        bad, next_seed = _run_worker(seed, chunk, tmp_path)
        failures += bad
        runs += next_seed - seed
        seed = next_seed
        budget -= chunk
    assert runs > 0
    assert not failures, "\n".join(failures[:20])


_nasty_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(["\x00", "\x04", "\r", "\n", "\t", "\ufffe", "\uffff", "_", "x", "0"]),
        st.sampled_from(["_x0004_", "_x005F_", "_x005F_x0041_", "_xD800_", "x005F_"]),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agency=_nasty_text, overview=_nasty_text, fee=st.decimals(places=2, max_value=10**6))
def test_any_text_is_written_as_a_file_both_readers_read_back(
    tmp_path_factory, agency: str, overview: str, fee: Decimal
) -> None:
    report = Report.blank("2021", agency=agency, year=2024)
    report.set_text("overview", overview)
    if fee.is_finite() and fee >= 0:
        report.values["active.fees.amount"] = fee
    path = tmp_path_factory.mktemp("w") / "r.xlsx"
    path.write_bytes(workbook_bytes(report))
    expected_agency = xml_safe(agency)[0].strip()
    full = read_workbook(path).report
    assert full.agency == expected_agency
    assert "\n".join(full.texts["overview"]) == "\n".join(
        line.strip() for line in xml_safe(overview)[0].split("\n") if line.strip()
    )
    fast = fast_read(path)
    if fast is not None:
        assert fast.report == full
