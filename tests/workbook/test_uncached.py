"""Our workbook saved by a script (openpyxl keeps formulas, not their results) reads exactly as the
full reader reads it — same values, same notes — but without loading it through openpyxl."""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.fuzz import hostile, mutate
from tests.fuzz.mutate import CORPUS
from tests.helpers.reports import filled_report
from workbook import files
from workbook.guards import check_container, read_bytes
from workbook.importers.sources.calamine import calamine_grids
from workbook.model.errors import ReportError
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.layout import position
from workbook.xlsx.read import book
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.read.uncached import read_uncached, usable
from workbook.xlsx.write.writer import write_report, write_template

Change = Callable[[openpyxl.Workbook], None]


def resave(path: Path, change: Change | None = None) -> Path:
    """What a script does: open with openpyxl, maybe change a cell, save (results are lost)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    if change is not None:
        change(wb)
    wb.save(path)
    return path


def set_cell(key: str, value: object, fmt_id: str = "2021") -> Change:
    def change(wb: openpyxl.Workbook) -> None:
        pos = position(load_format(fmt_id), key)
        wb[pos.sheet].cell(pos.row + 1, pos.col + 1).value = value

    return change


def both(path: Path) -> tuple[Imported | None, Imported]:
    data = read_bytes(path)
    facts = check_container(data, path.name)
    grids = calamine_grids(data, path.name)
    return read_uncached(path, data, facts, grids), read_workbook(path)


def same(got: Imported | None, want: Imported) -> None:
    assert got is not None
    assert got.report == want.report
    assert [(n.key, n.message, n.raw) for n in got.notes] == [
        (n.key, n.message, n.raw) for n in want.notes
    ]
    assert got.source_kind == want.source_kind


def _amount(fmt_id: str) -> str:
    return next(c.key for c in load_format(fmt_id).cells if c.kind == "amount")


# Each edit for a format id: what a script changes before saving.
EDITS: dict[str, Callable[[str], Change | None]] = {
    "saved as it was": lambda f: None,
    "a part changed, its total not": lambda f: set_cell("requests.new.natural", 900, f),
    "a total typed that disagrees": lambda f: set_cell("requests.new.total", 1, f),
    "a total cleared": lambda f: set_cell("requests.new.total", None, f),
    "a number typed as text": lambda f: set_cell("requests.new.natural", "5件", f),
    "an amount with decimals": lambda f: set_cell(_amount(f), Decimal("3.25"), f),
    "a formula of someone else's": lambda f: set_cell("requests.new.total", "=1+1", f),
}


@pytest.mark.parametrize("fmt_id", ["2021", "2019"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_script_saved_workbook_reads_as_the_full_reader_reads_it(tmp_path, fmt_id, edit):
    path = tmp_path / "report.xlsx"
    write_report(filled_report(fmt_id), path)
    got, want = both(resave(path, EDITS[edit](fmt_id)))
    if edit == "a formula of someone else's":
        assert got is None  # not our formula: the full reader notes how it read it
        return
    same(got, want)
    if edit in ("saved as it was", "a part changed, its total not"):
        assert any("没有保存计算结果" in n.message for n in want.notes)  # totals computed


def test_the_template_filled_by_a_script_opens_without_openpyxl(tmp_path, monkeypatch):
    path = tmp_path / "模板.xlsx"
    write_template(path, year=2024, agency="制作模板时的单位")

    def fill(wb: openpyxl.Workbook) -> None:
        wb.worksheets[0]["B2"] = "后来填写的某某局"
        first = int(wb.defined_names["text.overview"].attr_text.split("$")[-1])
        for i in range(3):
            wb.worksheets[0].cell(first + i, 2, f"第{i + 1}段，依法公开政府信息。")
        set_cell("requests.new.natural", 7)(wb)

    resave(path, fill)
    got, want = both(path)
    same(got, want)

    def no_openpyxl(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was used")

    monkeypatch.setattr(book, "load_book", no_openpyxl)
    monkeypatch.setattr("workbook.xlsx.read.reader.load_book", no_openpyxl)
    report = files.open_report(path).report
    assert report.agency == "后来填写的某某局"
    assert report.values["requests.new.natural"] == 7
    assert report.texts["overview"][:3] == [f"第{i}段，依法公开政府信息。" for i in (1, 2, 3)]


def test_an_unusual_spelling_of_a_formula_is_left_to_the_full_reader(tmp_path):
    path = tmp_path / "report.xlsx"
    write_report(filled_report(), path)
    resave(path)

    def prefixed(xml: bytes) -> bytes:  # the same formulas, in a namespace-prefixed spelling
        return xml.replace(
            b"<f>", b'<x:f xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ).replace(b"</f>", b"</x:f>")

    part = "xl/worksheets/sheet3.xml"
    path.write_bytes(hostile.replace_member(path.read_bytes(), part, prefixed))
    got, want = both(path)
    assert got is None
    assert files.open_report(path).report == want.report


def test_damaged_copies_read_alike_whenever_both_readers_read_them(tmp_path):
    """Seeded damage (tests/fuzz/mutate.py) to a script-saved workbook: where both this reading
    and the full reader give a report, they give the same one with the same notes."""
    source = (CORPUS / "script.xlsx").read_bytes()
    path = tmp_path / "damaged.xlsx"
    compared = 0
    for seed in range(120):
        rnd = random.Random(seed)
        change = rnd.choice([mutate.mutate_member, mutate.huge_numbers])
        data = change(rnd, source)
        path.write_bytes(data)
        try:
            facts = check_container(data, path.name)
            if not usable(facts):
                continue
            got = read_uncached(path, data, facts, calamine_grids(data, path.name, measured=True))
            want = read_workbook(path, data)
        except ReportError:
            continue
        if got is not None:
            same(got, want)
            compared += 1
    assert compared >= 30
