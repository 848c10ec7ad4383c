"""PDF text where table 三's numbers drift off their labels in some rows, not all: every number
goes to its own row, or the row stays blank with a note — never a neighbour's number."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.importers.drift import drifting
from tests.importers.expected import accuracy, expected_values
from tests.importers.readback import read_back
from tests.rules.generate import consistent_report, consistent_values
from workbook.importers.sources.text import import_text
from workbook.model.imported import Imported
from workbook.model.report import Report


def _explained(imported: Imported, key: str) -> bool:
    fmt = imported.report.format
    table, row_id, _ = key.split(".")
    row = next(r for r in fmt.tables[table].rows if r.id == row_id)
    title = fmt.section(table).title
    return any(
        n.key.rsplit(".", 1)[0] == f"{table}.{row_id}"
        or (row.label and row.label in n.message)
        or (not n.key and title in n.message)  # the whole table unread
        for n in imported.notes
    )


def _check(report: Report, text: str) -> int:
    """No wrong number and every unread cell explained; returns the cells of 三 read right."""
    _, right = read_back(report, text, _explained)
    return sum(key.startswith("requests.") for key in right)


@pytest.mark.parametrize("page_break", [False, True], ids=["one page", "page break"])
@pytest.mark.parametrize("drift", [0.3, 0.6, 1.0])
@pytest.mark.parametrize(("format_id", "year"), [("2021", 2024), ("2019", 2020)])
@pytest.mark.parametrize("seed", range(3))
def test_drifted_rows_read_back_whole(
    seed: int, format_id: str, year: int, drift: float, page_break: bool
):
    """Inside the table a page number, the running header and the column header repeated on
    the next page are no rows."""
    report = consistent_report(seed, format_id, year)
    cells = sum(k.startswith("requests.") for k in report.values)
    text = drifting(report, seed, drift, page_break=page_break)
    assert _check(report, text) == cells


@pytest.mark.parametrize("drift", [0.3, 1.0])
@pytest.mark.parametrize("seed", range(4))
def test_drifted_rows_on_one_line_read_back_whole(seed: int, drift: float):
    """The same page with every line break dropped: the rows' numbers still come in order."""
    report = consistent_report(seed)
    cells = sum(k.startswith("requests.") for k in report.values)
    assert _check(report, " ".join(drifting(report, seed, drift).split("\n"))) == cells


@pytest.mark.parametrize("one_line", [False, True], ids=["lines", "one line"])
@pytest.mark.parametrize("seed", range(12))
def test_rows_printed_empty_or_sums_broken_never_give_a_wrong_number(seed: int, one_line: bool):
    """Where number lines and rows no longer pair up (a row printed without numbers), only the
    label beside the numbers or the table's sums may decide; a total that does not add up
    must not push numbers onto another row."""
    rng = random.Random(seed)
    report = consistent_report(seed)
    report.values.update(consistent_values(report.format, rng, rng.choice((3, 30))))
    for row in rng.sample(list(report.format.tables["requests"].rows), seed % 3):
        for col in report.format.tables["requests"].blocks[0].columns:
            report.values[f"requests.{row.id}.{col.id}"] = None
    if seed % 2:
        key = rng.choice(sorted(k for k in report.format.total_keys if k.startswith("requests")))
        report.values[key] = (report.values[key] or 0) + 1
    text = drifting(report, seed, rng.choice((0.3, 0.6, 1.0)))
    _check(report, " ".join(text.split("\n")) if one_line else text)


@pytest.mark.parametrize(
    "name",
    ["01-hongze-district-gov-2023", "02-hongze-district-gov-2024", "04-shanghai-stcsm-2024"],
)
def test_real_numbers_drifting(samples_dir: Path, name: str):
    """The real reports' numbers printed drifting; their （六） printed as one row of zeros is
    printed here as its three rows of zeros. 04 has a row with a cell printed empty: that row
    stays blank, noted."""
    path = samples_dir / "real" / f"{name}.expected.json"
    expected = expected_values(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    report = Report.blank("2021", agency=data["agency"], year=data["year"])
    report.values.update(expected)
    for key in report.values:
        if key.startswith("requests.") and key not in expected:
            report.values[key] = 0
            expected[key] = 0
    for seed in range(3):
        imported = import_text(drifting(report, seed, 0.6))
        right, total, wrong = accuracy(imported.report.values, expected)
        assert right / total >= 0.97, wrong
        for key in wrong:
            assert imported.report.values[key] is None
            assert _explained(imported, key)


@pytest.mark.parametrize("active", [0.5, 1.0])
@pytest.mark.parametrize(("format_id", "year"), [("2021", 2024), ("2019", 2020)])
@pytest.mark.parametrize("seed", range(3))
def test_table_two_rows_with_numbers_on_their_own_line(
    seed: int, format_id: str, year: int, active: float
):
    """Table 二 has no sums: its numbers printed above or below a wrapped label are moved
    only where rows and lines of numbers pair up one to one — here they all do."""
    report = consistent_report(seed, format_id, year)
    imported = import_text(drifting(report, seed, 0.3, active=active))
    for key, want in report.values.items():
        if key.startswith("active."):
            assert imported.report.values[key] == want, key


def test_table_two_row_printed_empty_is_no_reason_to_guess():
    """A row printed without numbers among drifted ones: no number moves onto the wrong row."""
    report = consistent_report(2)
    block = report.format.tables["active"].blocks[0]
    for col in block.columns:
        report.values[f"active.{block.rows[0].id}.{col.id}"] = None
    for seed in range(6):
        _check(report, drifting(report, seed, 0.0, active=1.0))


@pytest.mark.parametrize(
    "name", ["01-hongze-district-gov-2023.pdf-text.txt", "02-hongze-district-gov-2024.pdf-text.txt"]
)
def test_real_pdf_text_on_one_line_reads_every_cell(samples_dir: Path, name: str):
    """The real text layers, whose table 三 drifts, with every line joined into one: the page
    marks inside the table are dropped and （六） printed as one row stays one."""
    path = samples_dir / "real" / name
    expected = expected_values(path.with_name(name.split(".")[0] + ".expected.json"))
    lines = path.read_text(encoding="utf-8").split("\n")
    imported = import_text(" ".join(ln.strip() for ln in lines if ln.strip()))
    right, total, wrong = accuracy(imported.report.values, expected)
    assert right == total, wrong
