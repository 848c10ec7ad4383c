"""Property: any generated report, rendered as a PDF (no ruling lines, numbers drawn first or
not), a Word document (table 三 split anywhere) or a clerk's workbook (四 in any orientation),
imports back identical — or with blanks that are noted. Never a wrong number."""

from __future__ import annotations

import os
import random
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.importers.pdfmake import pdf_bytes, report_pages
from tests.importers.sheetmake import clerk_workbook
from tests.importers.wordmake import report_docx
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.imported import Imported
from workbook.model.report import Report


def _with_blanks(report: Report, rng: random.Random) -> Report:
    """A few cells left blank (a clerk's unfilled cells): blank must come back blank."""
    for key in rng.sample(sorted(report.values), rng.randint(0, 4)):
        if report.format.cell(key).table != "active":
            report.values[key] = None
    return report


def _never_wrong(imported: Imported, want: Report) -> None:
    got = imported.report.values
    wrong = {k: (got.get(k), v) for k, v in want.values.items() if got.get(k) not in (v, None)}
    assert not wrong
    lost = [k for k, v in want.values.items() if v is not None and got.get(k) is None]
    rows_noted = {n.key.rsplit(".", 1)[0] for n in imported.notes if n.key}
    tables_noted = {
        s.id
        for s in want.format.table_sections
        for n in imported.notes
        if not n.key and s.title in n.message
    }
    unsaid = [k for k in lost if k.rsplit(".", 1)[0] not in rows_noted]
    assert all(k.split(".")[0] in tables_noted for k in unsaid)
    assert all(got.get(k) is None for k, v in want.values.items() if v is None)


SETTINGS = settings(
    max_examples=int(os.environ.get("NIANBAO_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(
    seed=st.integers(0, 10_000), numbers_first=st.booleans(), fmt=st.sampled_from(["2021", "2019"])
)
def test_pdf_without_ruling_lines(tmp_path: Path, seed: int, numbers_first: bool, fmt: str) -> None:
    report = _with_blanks(
        consistent_report(seed, fmt, 2024 if fmt == "2021" else 2020), random.Random(seed)
    )
    path = tmp_path / f"{seed}.pdf"
    path.write_bytes(pdf_bytes(report_pages(report, numbers_first=numbers_first)))
    imported = open_report(path)
    _never_wrong(imported, report)
    assert (imported.report.agency, imported.report.issued) == (report.agency, report.issued)


@SETTINGS
@given(seed=st.integers(0, 10_000), split=st.integers(1, 25), borders=st.booleans())
def test_word_with_table_three_split_anywhere(
    tmp_path: Path, seed: int, split: int, borders: bool
) -> None:
    report = _with_blanks(consistent_report(seed), random.Random(seed))
    path = report_docx(report, tmp_path / f"{seed}.docx", split_at=split, borders=borders)
    imported = open_report(path)
    _never_wrong(imported, report)
    assert imported.report.texts == report.texts


@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    appeals=st.sampled_from(["3x5", "5x3", "strip"]),
    split=st.booleans(),
    spaced=st.booleans(),
)
def test_clerks_workbook_in_any_orientation(
    tmp_path: Path, seed: int, appeals: str, split: bool, spaced: bool
) -> None:
    report = _with_blanks(consistent_report(seed), random.Random(seed))
    path = clerk_workbook(
        report, tmp_path / f"{seed}.xlsx", appeals=appeals, split_requests=split, spaced=spaced
    )
    _never_wrong(open_report(path), report)
