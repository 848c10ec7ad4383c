"""Rows a page damaged, read by the form's own rules — or left blank with the possible readings.

Each page is a generated 2019 trial-format report printed on one line (as scraped text dumps
of 2019/2020 reports are); one row is then printed the way such dumps damage it.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.importers.layouts import one_line
from tests.rules.generate import consistent_report
from workbook.importers.sources.text import import_text
from workbook.model.imported import Imported
from workbook.model.report import Report, Value
from workbook.model.values import parse_value


def _report() -> Report:
    return consistent_report(3, "2019", 2020)


def _printed(report: Report, table: str, row_id: str, printed: str) -> Imported:
    """The report on one line, with one row's numbers replaced by `printed`."""
    fmt = report.format
    row = next(r for r in fmt.tables[table].rows if r.id == row_id)
    numbers = [report.values[k] for k in fmt.tables[table].keys(row)]
    shown = r"\s+".join(re.escape("" if v is None else str(v)) for v in numbers)
    label = re.escape(row.label)
    text, n = re.subn(rf"{label}\s+{shown}", lambda _: f"{row.label}{printed}", one_line(report))
    assert n == 1, (row.label, numbers)
    return import_text(text)


def _row(imported: Imported, table: str, row_id: str) -> list[Value]:
    fmt = imported.report.format
    row = next(r for r in fmt.tables[table].rows if r.id == row_id)
    return [imported.report.values.get(k) for k in fmt.tables[table].keys(row)]


def _notes(imported: Imported, table: str, row_id: str) -> list[str]:
    return [n.message for n in imported.notes if n.key.startswith(f"{table}.{row_id}.")]


@pytest.mark.parametrize("printed", [" 00 00000", " 0 00 0 0 00", " 000 0000", " 0000000"])
def test_zeros_re_spaced_by_the_page_are_seven_zeros(printed: str) -> None:
    imported = _printed(_report(), "requests", "new", printed)
    assert imported.report.format_id == "2019"
    assert _row(imported, "requests", "new") == [0] * 7
    assert _notes(imported, "requests", "new") == []  # nothing else they could be


@pytest.mark.parametrize("printed", [" 00 0000", " 00 10 0000", " 0 00 0 0 00 0"])
def test_re_spaced_digits_that_are_not_one_zero_a_cell_stay_blank(printed: str) -> None:
    imported = _printed(_report(), "requests", "new", printed)
    assert _row(imported, "requests", "new") == [None] * 7
    assert _notes(imported, "requests", "new")


def test_a_sign_marks_where_the_change_starts_and_the_rest_is_left_to_the_clerk() -> None:
    imported = _printed(_report(), "active", "licensing", "20+1737")
    assert _row(imported, "active", "licensing") == [20, None, None]
    (note,) = _notes(imported, "active", "licensing")
    assert "20、1、737" in note and "20、17、37" in note and "20、173、7" in note
    assert "上一年项目数量（20）" in note


def test_a_negative_change_marks_it_too() -> None:
    imported = _printed(_report(), "active", "enforcement", "2648-18538")
    assert _row(imported, "active", "enforcement") == [2648, None, None]


@pytest.mark.parametrize(
    ("row_id", "printed", "want"),
    [("penalties", "5+30", [5, 3, 0]), ("fees", "12-3", [12, -3]), ("fees", "7+0", [7, 0])],
)
def test_a_sign_that_leaves_one_reading_is_read(row_id: str, printed: str, want: list) -> None:
    imported = _printed(_report(), "active", row_id, printed)
    assert _row(imported, "active", row_id) == want
    assert _notes(imported, "active", row_id)  # run together: the clerk is told


def test_a_run_the_form_cannot_settle_is_blank_with_every_reading() -> None:
    imported = _printed(_report(), "active", "regulations", "1411")
    assert _row(imported, "active", "regulations") == [None, None, None]
    (note,) = _notes(imported, "active", "regulations")
    assert all(c in note for c in ("1、4、11", "1、41、1", "14、1、1"))


@pytest.mark.parametrize(
    ("printed", "amount"),
    [
        ("1个246900元", Decimal("24.69")),
        (" 1 246900元", Decimal("24.69")),
        (" 3 13575394432.52元", Decimal("1357539.443252")),
        (" 2 10000元", Decimal("1")),
    ],
)
def test_an_amount_in_yuan_is_read_as_wan_exactly_with_a_note(printed: str, amount: Decimal):
    imported = _printed(_report(), "active", "procurement", printed)
    got = _row(imported, "active", "procurement")[1]
    assert got == amount and isinstance(got, Decimal)
    assert any("元" in n and "万元" in n for n in _notes(imported, "active", "procurement"))


def test_yuan_in_any_amount_cell_is_shifted_not_rounded() -> None:
    parsed = parse_value("1,234,567.89元", whole=False)
    assert parsed.value == Decimal("123.456789") and parsed.note and "除以10000" in parsed.note
    assert parse_value("246900元", whole=True).value == 246900  # a count column: just the unit


@pytest.mark.parametrize("seed", [0, 1, 2, 14])
def test_a_2019_row_its_own_sum_cannot_split_is_settled_by_the_2019_tables_relations(seed):
    """Like 2021's: （七）总计 = its parts and 一+二 = （七）+四 per column decide a run that the
    row's own total leaves open (several cuts fit it alone)."""
    from workbook.importers.repair.runsplit import cuts, row_equations

    report = consistent_report(seed, "2019", 2020)
    fmt = report.format
    table = fmt.tables["requests"]
    for row in table.rows:
        keys = table.keys(row)
        run = "".join(str(report.values[k]) for k in keys)
        alone = cuts([run], [fmt.cell(k).kind for k in keys], row_equations(fmt, list(keys)))
        if len(alone) >= 2:
            break
    else:
        pytest.fail("no row its own sum leaves open")
    imported = _printed(report, "requests", row.id, f" {run}")
    assert _row(imported, "requests", row.id) == [report.values[k] for k in keys]
    assert any("只有一种拆法" in n for n in _notes(imported, "requests", row.id))
