"""The form's arithmetic over OCR readings (workbook.importers.sources.ocrsums), without OCR: the
readings are built directly from a printed report, with cells dropped, misread or unsure.

The promise: no value in `Settled.values` differs from the printed one, whatever one confident
misread (and, in table 三, two misreads cancelling in one equation) does to the sums — while a
clean reading, or one with scattered dropped cells, is still confirmed and filled in.
"""

from __future__ import annotations

from tests.importers import scanmake
from workbook.importers.sources import ocr
from workbook.importers.sources.ocrsums import Settled, settle
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.report import Report, Value

FMT = load_format("2021")
REVIEW = ("upheld", "corrected", "other", "pending", "total")


def _printed() -> Report:
    """A consistent report; 四's 行政复议 row printed as 1 + 2 + 0 + 0 = 3."""
    report = scanmake.busy_report()
    for col, value in zip(REVIEW, (1, 2, 0, 0, 3), strict=True):
        report.values[f"appeals.cases.review_{col}"] = value
    return report


def _reading(
    printed: dict[str, Value],
    missing: tuple[str, ...] = (),
    misread: dict[str, int] | None = None,
    unsure: tuple[str, ...] = (),
) -> tuple[dict[str, Value], set[str]]:
    read = {k: (None if k in missing else v) for k, v in printed.items()}
    read.update(misread or {})
    return read, {k for k, v in read.items() if v is not None and k not in unsure}


def _none_wrong(settled: Settled, printed: dict[str, Value]) -> None:
    wrong = {k: (v, printed[k]) for k, v in settled.values.items() if v != printed[k]}
    assert not wrong, f"read or derived ≠ printed: {wrong}"


def _cell(row: str, col: str) -> str:
    return f"requests.{row}.{col}"


def test_a_clean_reading_is_all_confirmed_and_dropped_cells_are_filled() -> None:
    printed = _printed().values
    read, sure = _reading(printed)
    settled = settle(FMT, read, sure)
    checked = [c.key for t in ("requests", "appeals") for c in FMT.table_cells(t)]
    assert all(settled.values.get(k) == printed[k] for k in checked)
    # Eight cells dropped across table 三, numbers and zeros, two in one row, two in one column.
    dropped = (
        _cell("disclosed", "other"),
        _cell("disclosed", "natural"),
        _cell("withheld_inquiry", "legal"),
        _cell("new", "business"),
        _cell("carry_forward", "total"),
        _cell("total_handled", "other"),
        _cell("other_misc", "other"),
        _cell("withheld_third_party", "research"),
    )
    settled = settle(FMT, *_reading(printed, dropped))
    _none_wrong(settled, printed)
    assert settled.derived == set(dropped)


def test_a_misread_and_a_missing_cell_in_one_row_of_table_three() -> None:
    """予以公开: 法律服务机构 6 read as 9, 其他 (24) not read; 其他's column has another cell not
    read, so it cannot check the 21 its row would give. Before: 21 filled in. Now the 9 is
    dropped (its column wants 6), and the 24 the other equations then give rests on a single
    reading nothing else confirms (不予公开·内部事务 法律服务机构): only suggested in the note."""
    printed = _printed().values
    missing, misread = (
        (_cell("disclosed", "other"), _cell("withheld_internal", "other")),
        {_cell("disclosed", "legal"): 9},
    )
    settled = settle(FMT, *_reading(printed, missing, misread))
    _none_wrong(settled, printed)
    assert _cell("disclosed", "legal") not in settled.values
    assert settled.expected[_cell("disclosed", "legal")] == 6  # the note says what the sums want
    assert _cell("disclosed", "other") not in settled.values
    assert settled.wanted[_cell("disclosed", "other")] == 24


def test_a_misread_and_a_missing_cell_in_one_column_of_table_three() -> None:
    """法律服务机构: 予以公开 6 read as 9, 部分公开 (5) not read, its row missing 其他 too.
    Before: 部分公开 filled as 2 and 其他 as 21. Now: dropping 予以公开's 9 or its 24 (其他)
    mends the sums equally well — both are doubted, and the two missing cells stay blank."""
    printed = _printed().values
    missing, misread = (
        (_cell("partly_disclosed", "legal"), _cell("partly_disclosed", "other")),
        {_cell("disclosed", "legal"): 9},
    )
    settled = settle(FMT, *_reading(printed, missing, misread))
    _none_wrong(settled, printed)
    assert {_cell("disclosed", "legal"), _cell("disclosed", "other")} <= settled.contradicted
    assert not settled.derived


def test_a_misread_and_a_missing_cell_in_a_row_of_table_four() -> None:
    """行政复议 1 + 2 + 0 + 0 = 3 with 总计 read as 8 and 纠正 not read: the row alone says 7, and
    no other equation holds these cells. Before: 7 filled in. Now 纠正 stays blank, the 7 only in
    the note; and a missing cell of table 四 is never filled, even when every reading is right."""
    printed = _printed().values
    corrected, total = "appeals.cases.review_corrected", "appeals.cases.review_total"
    settled = settle(FMT, *_reading(printed, missing=(corrected,), misread={total: 8}))
    _none_wrong(settled, printed)
    assert corrected not in settled.values
    assert settled.wanted[corrected] == 7
    settled = settle(FMT, *_reading(printed, missing=(corrected,)))
    assert corrected not in settled.values and settled.wanted[corrected] == 2


def test_two_misreads_cancelling_in_a_row_of_table_three() -> None:
    """予以公开: 6 read as 9 and 24 read as 21 — the row still adds up to 32, the columns do not.
    Before: both kept as confirmed by their row. Three other rows could hold the same two
    misreads (a column's 3 moved between two cells of one row): all eight readings are dropped."""
    printed = _printed().values
    legal, other = _cell("disclosed", "legal"), _cell("disclosed", "other")
    settled = settle(FMT, *_reading(printed, misread={legal: 9, other: 21}))
    _none_wrong(settled, printed)
    assert {legal, other} <= settled.contradicted
    three = [c.key for c in FMT.table_cells("requests")]
    assert sum(k in settled.values for k in three) == len(three) - 8  # the rest still confirmed


def test_a_misread_that_satisfies_its_row_but_not_its_column() -> None:
    """The same digit misread twice: 本年新收 商业企业 10 and 总计 143 read as 16 and 149 — the row
    holds, 新收 + 上年结转 = 办结 + 结转 does not (in both columns). Before: both kept. 结转下年度
    6 and 14 read as 12 and 20 would look the same: those two are dropped as well."""
    printed = _printed().values
    business, total = _cell("new", "business"), _cell("new", "total")
    settled = settle(FMT, *_reading(printed, misread={business: 16, total: 149}))
    _none_wrong(settled, printed)
    assert {business, total} <= settled.contradicted
    assert _cell("new", "legal") in settled.values


def test_two_unknowns_in_a_row_and_a_column_are_left_alone() -> None:
    """Four cells missing in two rows and two columns, numbers other than 0: one degree of freedom
    is left, so none of them is filled (and nothing is suggested)."""
    printed = _printed().values
    block = [_cell(r, c) for r in ("disclosed", "partly_disclosed") for c in ("legal", "other")]
    settled = settle(FMT, *_reading(printed, missing=tuple(block)))
    _none_wrong(settled, printed)
    assert not set(block) & (set(settled.values) | set(settled.wanted))


def test_a_sure_reading_is_never_overwritten_and_an_unsure_one_needs_the_sums() -> None:
    """A row printed with a wrong sum (the clerk's error) is not "corrected": its readings are
    left to the clerk; an unsure reading the others contradict is dropped with the sums' value."""
    printed = dict(_printed().values)
    printed[_cell("disclosed", "legal")] = 8  # printed so: the row adds up to 34, says 32
    read, sure = _reading(printed)
    settled = settle(FMT, read, sure)
    _none_wrong(settled, printed)
    assert not settled.derived
    assert _cell("disclosed", "legal") not in settled.values
    read, sure = _reading(
        _printed().values,
        misread={_cell("disclosed", "legal"): 8},
        unsure=(_cell("disclosed", "legal"),),
    )
    settled = settle(FMT, read, sure)
    assert settled.expected == {_cell("disclosed", "legal"): 6}
    read, sure = _reading(_printed().values, unsure=(_cell("disclosed", "legal"),))
    assert settle(FMT, read, sure).values[_cell("disclosed", "legal")] == 6  # confirmed: stands


def test_the_clerk_sees_a_blank_with_the_suggested_number_not_a_filled_one() -> None:
    """Through the OCR reader's confirmation step: 四's missing 纠正 with a misread 总计 stays
    blank with a note giving the 7 the row alone suggests; the unconfirmable readings of that row
    are kept but marked for the clerk."""
    printed = _printed()
    corrected, total = "appeals.cases.review_corrected", "appeals.cases.review_total"
    report = Report(printed.format_id, values=dict(printed.values))
    report.values[corrected], report.values[total] = None, 8
    imported = Imported(report)
    ocr._confirm(imported, Imported(Report(printed.format_id, values=dict(report.values))))
    assert report.values[corrected] is None
    (note,) = [n for n in imported.notes if n.key == corrected]
    assert "可能是 7" in note.message and "已留空" in note.message
    # The 8 no equation can check: kept for the clerk to confirm, or (the table mostly
    # unconfirmed) blank with a note — never kept unmarked.
    assert total in imported.review or report.values[total] is None
    assert any(n.key == total and "8" in n.message for n in imported.notes)


def test_a_blank_row_stays_blank_under_a_stamp_and_a_row_note() -> None:
    """不予公开·第三方合法权益 printed blank: the sums say 0 for every cell. A stamp's ink read as
    "■" in one cell, or a note about the whole row, is no sign that a number was printed: the
    cells stay blank with a note (before: filled with 0). Digits the reader saw but could not
    read are such a sign: that cell gets the 0."""
    from workbook.model.values import Note

    printed = _printed()
    row = [c.key for c in FMT.table_cells("requests") if ".withheld_third_party." in c.key]
    report = Report(printed.format_id, values=dict(printed.values))
    for key in row:
        report.values[key] = None
    imported = Imported(report)
    imported.notes += [
        Note(row[0], "“■”不是数字", "■"),
        Note(row[1], "原文中没有找到这些行"),
        Note(row[2], "“0 ̣”不是数字", "0 ̣"),
    ]
    ocr._confirm(imported, Imported(Report(printed.format_id, values=dict(report.values))))
    assert [report.values[k] for k in row[:3]] == [None, None, 0]
    assert all(report.values[k] is None for k in row[3:])
    assert all(any(n.key == k and "应为 0" in n.message for n in imported.notes) for k in row)


def test_cells_the_sums_cannot_settle_are_blank_with_a_note() -> None:
    """Four cells not read in two rows and two columns: nothing settles them, and each says so
    (before: blank without a word, as if printed blank)."""
    printed = _printed()
    block = [_cell(r, c) for r in ("disclosed", "partly_disclosed") for c in ("legal", "other")]
    report = Report(printed.format_id, values=dict(printed.values))
    for key in block:
        report.values[key] = None
    imported = Imported(report)
    ocr._confirm(imported, Imported(Report(printed.format_id, values=dict(report.values))))
    for key in block:
        assert report.values[key] is None
        assert any(n.key == key and "没有读到数字" in n.message for n in imported.notes), key


def test_a_number_pieced_from_several_words_is_not_kept_unconfirmed() -> None:
    """Table 二 has no sums: a confident reading is kept for the clerk to confirm — but only one
    word's number. 195 with a stamp's 202 beside it in the cell reads 195202: no single word
    says so (no box), so the cell is blank with a note, not shown as a number to confirm."""
    printed = _printed()
    report = Report(printed.format_id, values=dict(printed.values))
    pieced, whole = "active.enforcement.decisions", "active.penalties.decisions"
    report.values[pieced] = 195202
    imported = Imported(report)
    imported.ocr_boxes = {k: (0, (0, 0, 9, 9)) for k in report.values if k != pieced}
    ocr._confirm(imported, Imported(Report(printed.format_id, values=dict(report.values))))
    assert report.values[pieced] is None and pieced not in imported.review
    assert any(n.key == pieced and "195202" in n.message for n in imported.notes)
    assert report.values[whole] == printed.values[whole] and whole in imported.review


def test_a_derived_number_goes_only_where_digits_were_seen() -> None:
    """本年新收·商业企业 (10) not read, every other cell read: the sums settle it independently.
    Where the reader saw nothing, the cell may be printed blank (a real report left 结转 总计
    blank while its row adds up to 1): blank, the 10 in the note. Where it saw digits it could
    not read, the 10 is filled in, with a note."""
    from workbook.model.values import Note

    printed = _printed()
    key = _cell("new", "business")
    for seen, want in (("", None), ("1O", 10)):
        report = Report(printed.format_id, values=dict(printed.values))
        report.values[key] = None
        imported = Imported(report)
        if seen:
            imported.notes.append(Note(key, f"“{seen}”不是数字", seen))
        ocr._confirm(imported, Imported(Report(printed.format_id, values=dict(report.values))))
        assert report.values[key] == want
        assert any(n.key == key and "应为 10" in n.message for n in imported.notes)
