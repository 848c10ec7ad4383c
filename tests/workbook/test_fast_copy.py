"""The copy of a workbook the fast reader hands calamine (the members the guard inflated, stored,
the workbook part without its defined names) reads exactly as the workbook itself."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from rules import check
from tests.rules.generate import consistent_report
from workbook.guards import check_container, stored_copy
from workbook.xlsx.read import fast
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report

NAMES = b"<definedNames>"


def grids(source: bytes) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(source))
    return {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}


@pytest.mark.parametrize(("seed", "format_id"), [(0, "2021"), (1, "2021"), (2, "2019")])
def test_the_copy_without_names_reads_as_the_workbook(
    seed: int, format_id: str, tmp_path: Path
) -> None:
    report = consistent_report(seed, format_id, year=2020 if format_id == "2019" else 2024)
    path = tmp_path / "r.xlsx"
    write_report(report, path, mode="checked" if seed else "report", findings=check(report))
    data = path.read_bytes()
    facts = check_container(data, path.name, keep=True)
    assert facts.parts is not None
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/workbook.xml").count(b"<definedName ") >= 100  # read by name
    copy = stored_copy(fast._unnamed(facts.parts))
    with zipfile.ZipFile(io.BytesIO(copy)) as z:
        assert z.testzip() is None  # the cut part's CRC-32 made anew
        assert NAMES not in z.read("xl/workbook.xml")
    assert grids(copy) == grids(data)
    read = fast.fast_read(path, data, facts)
    assert read is not None
    assert read.report == read_workbook(path).report == report


OURS = (
    b'<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets>'
    b"<definedNames><definedName name=\"x\">'a'!$B$2</definedName></definedNames>"
    b'<calcPr calcId="1"/></workbook>'
)


def test_the_names_are_cut_only_where_nothing_else_goes_with_them() -> None:
    cut = fast._without_names(OURS)
    assert cut == OURS[: OURS.index(NAMES)] + OURS[OURS.index(b"<calcPr") :]
    sheet = b'<sheet name="b" sheetId="2" r:id="rId2"/>'
    left_alone = {
        "no names": OURS.replace(NAMES, b"<other>"),
        "names before the sheets": b"<workbook><definedNames></definedNames><sheets>"
        + sheet
        + b"</sheets></workbook>",
        "a sheet among the names": OURS.replace(b"</definedNames>", sheet + b"</definedNames>"),
        "a comment among them": OURS.replace(b"</definedNames>", b"<!-- x --></definedNames>"),
        "a comment before": OURS.replace(b"<sheets>", b"<!-- <definedNames> --><sheets>"),
        "CDATA after": OURS.replace(b"<calcPr", b"<![CDATA[</definedNames>]]><calcPr"),
        "a second list": OURS.replace(b"<calcPr", b"<definedNames></definedNames><calcPr"),
    }
    for why, xml in left_alone.items():
        assert fast._without_names(xml) is None, why


def test_a_batch_reads_the_cut_once_per_kind_of_workbook_part() -> None:
    first = fast._cut_names(OURS)
    assert first is not None and first[0] == fast._without_names(OURS)
    again = fast._cut_names(bytes(OURS))  # an equal part of the next file
    assert again == first
    other = OURS.replace(b'name="x"', b'name="y"')
    assert fast._cut_names(other) == (fast._without_names(other), first[1])
