"""Table 三 rows whose labels and numbers came apart: read when the row order and the form's
arithmetic allow only one reading, otherwise blank with a note naming the rows."""

from __future__ import annotations

from pathlib import Path

from tests.importers.expected import accuracy, expected_values
from tests.importers.layouts import labels_together
from tests.rules.generate import consistent_report
from workbook.importers.sources.text import import_text

PAIR = ("requests.disclosed", "requests.partly_disclosed")


def _rows(values: dict, prefix: str) -> list:
    return [v for k, v in values.items() if k.startswith(prefix + ".")]


def test_two_labels_printed_together_then_both_rows_of_numbers():
    report = consistent_report(3)
    imported = import_text(labels_together(report))
    for prefix in PAIR:
        assert _rows(imported.report.values, prefix) == _rows(report.values, prefix)
    assert any("没有一一对应" in n.message and "予以公开" in n.message for n in imported.notes)


def test_labels_printed_out_of_order_leave_both_rows_blank():
    """“（二）部分公开 （一）予以公开” then two rows of numbers: the numbers may follow the
    form's order or the labels' order, and no sum tells which — a guess would be a wrong
    number half the time."""
    report = consistent_report(3)
    assert _rows(report.values, PAIR[0]) != _rows(report.values, PAIR[1])
    text = labels_together(report)
    first = "（一）予以公开"
    second = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert f"{first} {second}" in text
    imported = import_text(text.replace(f"{first} {second}", f"{second} {first}"))
    for prefix in PAIR:
        assert set(_rows(imported.report.values, prefix)) == {None}
    assert any("予以公开" in n.message and "留空" in n.message for n in imported.notes)


def test_real_page_with_line_breaks_turned_to_spaces(samples_dir: Path):
    path = samples_dir / "real" / "04-shanghai-stcsm-2024.txt"
    expected = expected_values(path.with_name("04-shanghai-stcsm-2024.expected.json"))
    imported = import_text(path.read_text(encoding="utf-8").replace("\n", " "))
    values = imported.report.values
    right, _total, wrong = accuracy(values, expected)
    assert [k for k in wrong if values.get(k) is not None] == []
    assert values["requests.disclosed.total"] == 9  # its numbers came with the next row's
    assert values["requests.partly_disclosed.total"] == 0
    assert right >= 137
