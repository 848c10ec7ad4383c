"""Any report, in any published layout, imports back identical — or with blanks that are noted.
Never a wrong number.

Reports come from the generator (consistent numbers) and from broken copies of it (totals that
do not add up, as real pages have); layouts from tests/importers/layouts.py; the real samples
are re-flowed the same ways (all lines joined, cells one per line with " |" spacers, …).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importers.expected import accuracy, expected_values
from tests.importers.layouts import LAYOUTS, cut_off, reflow
from tests.importers.readback import read_back
from tests.rules.generate import consistent_report
from workbook.importers.sources.text import import_text
from workbook.model.imported import Imported
from workbook.model.report import Report

RUN_TOGETHER = {"run_together", "one_line_run_together"}


def _noted(imported: Imported, key: str) -> bool:
    """A blank cell is explained: a note on its row, or a note that names its row."""
    fmt = imported.report.format
    table, row_id, _ = key.split(".")
    row = next(r for r in fmt.tables[table].rows if r.id == row_id)
    number = fmt.section(table).number
    for n in imported.notes:
        if n.key.rsplit(".", 1)[0] == f"{table}.{row_id}":
            return True
        if n.message.startswith(number) and (row.label and row.label in n.message):
            return True
        if n.message.startswith(number) and "中断" in n.message:
            return True
        if n.key == "" and fmt.section(table).title in n.message:
            return True
    return False


def check(report: Report, text: str) -> tuple[int, int]:
    """Assert: no wrong number, every blank noted. Returns (cells right, cells)."""
    imported, right = read_back(report, text, _noted)
    assert imported.report.format_id == report.format_id
    for n in imported.notes:  # the clerk's words, never an internal key
        assert not re.search(r"\b(active|requests|appeals)\.\w+", n.message), n.message
    return len(right), len(report.values)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize(("format_id", "year"), [("2021", 2024), ("2019", 2020)])
def test_every_layout_reads_back(layout: str, format_id: str, year: int):
    report = consistent_report(3, format_id, year)
    right, total = check(report, LAYOUTS[layout](report))
    if layout not in RUN_TOGETHER:
        assert right == total
    else:
        assert right / total >= 0.9  # 二 has no sums: some run-together rows stay blank


def test_a_page_cut_off_mid_table_reads_what_is_there():
    report = consistent_report(5)
    imported = import_text(cut_off(report, keep_rows=9))
    rows = report.format.tables["requests"].rows
    assert (
        imported.report.values[f"requests.{rows[8].id}.total"]
        == report.values[f"requests.{rows[8].id}.total"]
    )
    assert imported.report.values[f"requests.{rows[9].id}.total"] is None
    assert any("中断" in n.message and rows[8].label in n.message for n in imported.notes)
    check(report, cut_off(report, keep_rows=9))


def test_wrong_arithmetic_is_read_as_printed():
    report = consistent_report(7)
    key = "requests.new.total"
    report.values[key] += 5  # a published total that does not add up
    for layout in ("pipes", "one_line", "spacers"):
        imported = import_text(LAYOUTS[layout](report))
        assert imported.report.values[key] == report.values[key], layout


def test_run_together_row_of_a_report_that_does_not_add_up_is_left_blank():
    report = consistent_report(7)
    report.values["requests.new.total"] += 5
    imported = import_text(LAYOUTS["run_together"](report))
    assert imported.report.values["requests.new.total"] is None
    assert any(n.key.startswith("requests.new.") and "勾稽" in n.message for n in imported.notes)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    seed=st.integers(0, 10_000),
    format_id=st.sampled_from(["2021", "2019"]),
    layout=st.sampled_from(sorted(LAYOUTS)),
    broken=st.booleans(),
    high=st.sampled_from([30, 3000]),
    blanks=st.integers(0, 3),
)
def test_property_any_report_any_layout_never_a_wrong_number(
    seed, format_id, layout, broken, high, blanks
):
    import random

    from tests.rules.generate import consistent_values

    rng = random.Random(seed)
    report = consistent_report(seed, format_id, 2024 if format_id == "2021" else 2020)
    report.values.update(consistent_values(report.format, rng, high))
    if broken:  # a total that does not add up somewhere
        key = rng.choice(sorted(report.format.total_keys))
        report.values[key] += 1
    if layout not in RUN_TOGETHER:  # a blank inside digits that ran together is invisible
        for key in rng.sample(sorted(report.values), blanks):  # cells printed empty
            report.values[key] = None
    check(report, LAYOUTS[layout](report))


# ---------------------------------------------------------------- real samples re-flowed
REAL = [
    "01-hongze-district-gov-2023.txt",
    "01-hongze-district-gov-2023.pdf-text.txt",
    "02-hongze-district-gov-2024.txt",
    "02-hongze-district-gov-2024.pdf-text.txt",
    "03-shanghai-municipal-gov-office-2025.txt",
    "04-shanghai-stcsm-2024.txt",
]


@pytest.mark.parametrize("how", ["nl_space", "join_space", "join_none", "spacers", "empty_lines"])
@pytest.mark.parametrize("name", REAL)
def test_real_samples_reflowed_never_give_a_wrong_number(samples_dir: Path, name: str, how: str):
    path = samples_dir / "real" / name
    expected = expected_values(path.with_name(name.split(".")[0] + ".expected.json"))
    imported = import_text(reflow(path.read_text(encoding="utf-8"), how))
    right, total, wrong = accuracy(imported.report.values, expected)
    assert right / total >= 0.5
    assert [k for k in wrong if imported.report.values.get(k) is not None] == []


@pytest.mark.parametrize("how", ["join_space", "join_none", "spacers", "empty_lines"])
def test_cixi_sample_reflowed_reads_every_cell(samples_dir: Path, how: str):
    text = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    want = import_text(text).report
    got = import_text(reflow(text, how)).report
    assert got.values == want.values
    assert got.agency == want.agency and got.year == want.year
