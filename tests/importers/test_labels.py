"""The one label matcher: the row reader and the stream aligner name the same row for a label
however it was printed (Traditional characters, "1、" for "1.", glued to its group)."""

from __future__ import annotations

import pytest

from workbook.importers.labels.match import RowMatcher, match_row
from workbook.model.format import load_format

PRINTED = [
    "（三）不予公开1.属于国家秘密",
    "（三）不予公开1、属于国家秘密",
    "（三）不予公開1、屬於國家秘密",
    "(三)不予公开 1．属于国家秘密",
]


@pytest.mark.parametrize("text", PRINTED)
def test_row_reader_and_stream_name_the_same_row(text: str) -> None:
    fmt = load_format("2021")
    rows = fmt.tables["requests"].rows
    want = next(i for i, r in enumerate(rows) if r.label.endswith("属于国家秘密"))
    found = match_row(text, rows)
    assert [m.index for m in found] == [want]
    assert found[0].score >= 0.95  # the whole label is there: not a fuzzy guess
    matcher = RowMatcher.for_format(fmt)
    slot = matcher.slots[matcher.match(text, -1) or 0]
    assert (slot.table, slot.row_index) == ("requests", want)


def test_a_typo_names_its_row_below_every_structural_match() -> None:
    fmt = load_format("2021")
    rows = fmt.tables["requests"].rows
    found = match_row("2.其他法律行政法归禁止公开", rows)  # 归 for 规
    assert [rows[m.index].label for m in found] == ["2.其他法律行政法规禁止公开"]
    assert found[0].score < 0.8
