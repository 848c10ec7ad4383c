"""How a cell's content is read: zero marks, units, full width — always with a note."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workbook.model.values import (
    NeedsNote,
    StoredText,
    format_value,
    parse_value,
    quick_value,
    stored_number,
)


@pytest.mark.parametrize("raw", ["/", "-", "—", "——", "无", "－", "／"])
def test_zero_marks_read_as_zero_with_a_note(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.value == 0
    assert parsed.note and raw in parsed.note


@pytest.mark.parametrize(
    ("raw", "whole", "value"),
    [
        ("3件", True, 3),
        ("５２．１５万元", False, Decimal("52.15")),
        ("1,234", True, 1234),
        ("１２", True, 12),
    ],
)
def test_interpreted_numbers_say_how(raw: str, whole: bool, value: object) -> None:
    parsed = parse_value(raw, whole=whole)
    assert parsed.value == value
    assert parsed.note is not None


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_blank_stays_blank(raw: object) -> None:
    assert parse_value(raw).value is None
    assert parse_value(raw).note is None


def test_plain_numbers_need_no_note() -> None:
    assert parse_value("12").value == 12 and parse_value("12").note is None
    assert parse_value(7.0).value == 7
    assert parse_value(52.15, whole=False).value == Decimal("52.15")


def test_unreadable_text_is_blank_with_a_note_never_zero() -> None:
    parsed = parse_value("见附件")
    assert parsed.value is None and "不是数字" in (parsed.note or "")


def test_yuan_in_a_wanyuan_column_is_converted_exactly_and_noted() -> None:
    """元 and 万元 differ by a fixed factor: the decimal point moves four places, nothing is
    rounded, and the note says so (issue 18: never refuse)."""
    parsed = parse_value("300元", whole=False)
    assert parsed.value == Decimal("0.03") and "万元" in (parsed.note or "")


def test_bad_numbers_are_kept_for_the_checker_not_corrected() -> None:
    assert parse_value("1.5").value == Decimal("1.5")
    assert parse_value("-3").value == -3


# Look-alike characters never change a number silently (issue 19, item 7): a reading that is
# certain comes with a note, anything else is blank with a note naming what was there.
@pytest.mark.parametrize(
    ("raw", "value", "said"),
    [
        ("\u22125", -5, "负号"),  # MINUS SIGN: certainly minus five, not five
        ("\u0665", 5, "其他文字的数字"),  # Arabic-Indic five: read, and said so
        ("\u096b\u0966", 50, "其他文字的数字"),  # Devanagari fifty
        ("\u06f1\u06f2", 12, "其他文字的数字"),  # Extended Arabic-Indic (Persian) twelve
        ("\uff11\uff12", 12, "全角"),
        ("5\u200b1", 51, "不可见"),  # a zero-width space shows nothing: 51 as shown
    ],
)
def test_a_certain_reading_of_look_alikes_comes_with_a_note(raw, value, said) -> None:
    parsed = parse_value(raw)
    assert parsed.value == value
    assert parsed.note is not None and said in parsed.note


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ("1 5", "空格"),  # 15, or 1 and 5?
        ("1\u30005", "空格"),  # the same with an ideographic space
        ("\u202e51", "显示顺序"),  # shown as 15 by a viewer, 51 in the file
        ("5\u200f1", "显示顺序"),
        ("l5", "形似数字的字母"),  # a letter l before the 5
        ("O5", "形似数字的字母"),  # a letter O, not 05
        ("5\u0417", "形似数字的字母"),  # Cyrillic Ze, not 53
        ("10\u00b2", "上标"),  # 10², not 102
        ("\u2085", "下标"),  # subscript five
        ("\u20135", "负号"),  # an en dash: a minus, or "none" run onto a 5?
        ("\u20105", "负号"),  # a hyphen
        ("NaN", "不是数字"),
        ("0x10", "不是数字"),
        ("1e3", "不是数字"),  # as text: what the clerk sees is "1e3"
        ("inf", "不是数字"),
    ],
)
def test_an_uncertain_look_alike_is_blank_with_a_note(raw, said) -> None:
    parsed = parse_value(raw)
    assert parsed.value is None
    assert parsed.note is not None and said in parsed.note
    assert "\u202e" not in parsed.note and "\u200f" not in parsed.note  # the note reads plainly


@pytest.mark.parametrize(
    ("raw", "shown"),
    [(0.0, "0"), (-0.0, "0"), ("0.00", "0"), (12.0, "12"), ("1.50", "1.5"), (1.5, "1.5"),
     (Decimal("52.150"), "52.15"), ("100", "100"), (1e-7, "0.0000001"), ("１.２０万元", "1.2")],
)  # fmt: skip
def test_an_amount_has_one_spelling(raw: object, shown: str) -> None:
    value = parse_value(raw, whole=False).value
    assert isinstance(value, Decimal) and format_value(value) == shown
    assert str(value) == shown or "E" in str(value)  # what JSON and the workbook keep


@pytest.mark.parametrize("raw", ["#REF!", "#DIV/0!", "#N/A", "#SPILL!", "Err:502"])
def test_an_error_value_is_blank_and_named(raw: str) -> None:
    parsed = parse_value(raw)
    assert parsed.value is None and parsed.note is not None and raw in parsed.note


@pytest.mark.parametrize(
    ("stored", "value"),
    [("12", 12), ("-3", -3), ("1.5", 1.5), ("1e3", 1000.0), ("1E-3", 0.001), (" 5", 5)],
)
def test_a_number_cell_as_a_spreadsheet_writes_it_is_read(stored: str, value: object) -> None:
    assert stored_number(stored) == value


@pytest.mark.parametrize("stored", ["NaN", "INF", "-inf", "0x10", "\uff11\uff12", "1_000", "12abc"])
def test_a_number_cell_holding_no_number_is_blank_with_a_note(stored: str) -> None:
    kept = stored_number(stored)
    assert isinstance(kept, StoredText)
    parsed = parse_value(kept)
    assert parsed.value is None and parsed.note is not None and stored in parsed.note


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")])
def test_a_non_finite_number_is_blank_with_a_note(raw: object) -> None:
    parsed = parse_value(raw)
    assert parsed.value is None and parsed.note is not None and "有效数字" in parsed.note


@pytest.mark.parametrize(
    ("raw", "whole"),
    [(3, True), (3, False), (2.0, True), (2.5, True), (0.1, False), ("", True), (None, False)],
)
def test_the_fast_readers_values_are_parse_values(raw: object, whole: bool) -> None:
    assert quick_value(raw, whole) == parse_value(raw, whole).value


@pytest.mark.parametrize("raw", [float("nan"), float("-inf"), "3", "NaN", True])
def test_the_fast_reader_leaves_anything_to_say_to_the_full_reader(raw: object) -> None:
    assert isinstance(quick_value(raw, True), NeedsNote)
