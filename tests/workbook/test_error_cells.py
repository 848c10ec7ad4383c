"""An error value in a number cell (#REF!, #DIV/0!) is blank with a note naming the cell, never
a silent blank (python-calamine gives error cells as empty: the quick reader leaves such files
to the full reader)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fuzz import hostile
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.format import load_format
from workbook.model.layout import position


def _column(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


@pytest.mark.parametrize("error", ["#REF!", "#DIV/0!"])
def test_an_error_value_is_blank_with_a_note(tmp_path: Path, error: str) -> None:
    key = "requests.new.natural"
    pos = position(load_format("2021"), key)
    ref = f"{_column(pos.col)}{pos.row + 1}".encode()

    def to_error(xml: bytes) -> bytes:
        cell = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref)
        return cell.sub(b'<c r="%s" t="e"><v>%s</v></c>' % (ref, error.encode()), xml, count=1)

    data = hostile.our_workbook(consistent_report(1))
    path = tmp_path / "error.xlsx"
    path.write_bytes(hostile.replace_member(data, "xl/worksheets/sheet3.xml", to_error))
    imported = open_report(path)
    assert imported.report.values[key] is None
    notes = [n for n in imported.notes if n.key == key]
    assert notes and error in notes[0].message
