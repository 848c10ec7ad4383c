"""The token stream aligned to the form: cells that ran together, Traditional characters,
typos, displaced labels — and notes that name the form's rows and columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli.commands import run
from tests.importers.layouts import pipes
from tests.rules.generate import consistent_report
from workbook.importers.layout.stream import align_rows, align_words
from workbook.importers.sources.text import import_text


def _row(values: dict, prefix: str) -> list:
    return [v for k, v in values.items() if k.startswith(prefix)]


def test_a_row_that_ran_together_is_split_when_only_one_split_adds_up():
    result = align_words(["一、本年新收政府信息公开申请数量801000081"])
    assert _row(result.values, "requests.new.") == [80, 1, 0, 0, 0, 0, 81]
    note = next(n for n in result.notes if n.key.startswith("requests.new."))
    assert "801000081" in note.message and "只有一种拆法" in note.message


def test_a_row_with_several_possible_splits_stays_blank_and_says_which():
    result = align_words(["行政规范性文件77132470"])
    assert _row(result.values, "active.normative_documents.") == [None, None, None]
    note = next(n for n in result.notes if n.key.startswith("active.normative_documents."))
    assert "行政规范性文件" in note.message and "21种" in note.message
    assert "7、71、32470" in note.message


def test_signed_changes_of_the_2019_format():
    printed = align_words(["本年新制作数量", "行政许可", "2648", "-18", "538"])
    assert printed.format_id == "2019"
    assert _row(printed.values, "active.licensing.") == [2648, -18, 538]
    ran = align_words(["本年新制作数量 行政许可 2648-18538"])
    # The sign starts 本年增/减, so 上一年项目数量 is 2648 in every split; the rest is open.
    assert _row(ran.values, "active.licensing.") == [2648, None, None]
    assert any("2648、-18、538" in n.message for n in ran.notes)  # among the possible splits


def test_columns_split_by_the_sums_across_rows():
    """（七）总计 = the outcome rows, 一+二 = （七）+四, per column: a row ambiguous on its own
    is decided by the rest of the table."""
    report = consistent_report(11)
    text = pipes(report)
    row = "requests.carried_over."
    values = [str(v) for k, v in report.values.items() if k.startswith(row)]
    ran = "".join(values)
    text = text.replace(" | ".join(values) + " |", ran + " |", 1)
    imported = import_text(text)
    got = _row(imported.report.values, row)
    assert got == [v for k, v in report.values.items() if k.startswith(row)] or got == [None] * 7


def test_traditional_characters_and_typos_are_read():
    result = align_rows(
        [
            ["一、本年新收政府信息公開申請數量", "3", "0", "0", "0", "0", "0", "3"],
            ["5.屬於三類內部事物信息", "1", "0", "0", "0", "0", "0", "1"],
            ["2.其他法律行政止公开", "2", "0", "0", "0", "0", "0", "2"],
            ["行政復議", "", "行政訴訟"],
            ["結果維持", "結果糾正", "其他結果", "尚未審結", "總計"],
            ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ]
    )
    assert result.values["requests.new.total"] == 3
    assert result.values["requests.withheld_internal.total"] == 1
    assert result.values["requests.withheld_prohibited.total"] == 2
    assert result.values["appeals.cases.review_total"] == 1
    assert any("事物" in n.message and "事务" in n.message for n in result.notes)


def test_labels_printed_together_before_one_set_of_numbers_leave_both_rows_blank():
    result = align_words(
        ["（一）予以公开 1 0 0 0 0 0 1", "（二）部分公开 1.属于国家秘密 2 0 0 0 0 0 2"]
    )
    assert result.values["requests.disclosed.total"] == 1
    assert result.values["requests.withheld_state_secret.total"] is None
    assert any("无法确定属于哪一行" in n.message for n in result.notes)


def test_a_whole_page_on_one_line_is_read():
    report = consistent_report(4)
    flat = " ".join(pipes(report).split("\n"))
    imported = import_text(flat)
    assert imported.report.values == report.values
    assert imported.report.agency == report.agency
    assert imported.report.texts["overview"]


def test_the_command_line_names_cells_as_the_form_does(tmp_path: Path, capsys):
    report = consistent_report(6)
    text = pipes(report).replace("| 规章 |", "| 规章 | 9 |", 1)  # one number too many
    src = tmp_path / "page.txt"
    src.write_text(text, encoding="utf-8")
    assert run(["convert", str(src), "-o", str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    assert "规章" in err
    assert not re.search(r"\b(active|requests|appeals|meta)\.\w+", err), err


@pytest.mark.parametrize("digits", ["1" * 40, "123456789" * 4])
def test_a_hostile_run_of_digits_is_given_up_with_a_note(digits: str):
    result = align_words([f"一、本年新收政府信息公开申请数量{digits}"])
    assert _row(result.values, "requests.new.") == [None] * 7
    assert any(n.key.startswith("requests.new.") for n in result.notes)


VALUES = [str(x) for x in range(1, 16)]
GROUPS = {"行政复议": VALUES[0:5], "未经复议直接起诉": VALUES[5:10], "复议后起诉": VALUES[10:15]}
HEADING = "四、政府信息公开行政复议、行政诉讼情况"


def _appeals(result) -> list:
    return [result.values.get(k) for k in sorted(result.values) if k.startswith("appeals.")]


def test_section_four_as_three_rows_of_five_in_any_order():
    words = [HEADING, "结果维持 结果纠正 其他结果 尚未审结 总计"]
    for name in ("复议后起诉", "行政复议", "未经复议直接起诉"):
        words += [name, *GROUPS[name]]
    result = align_words(words)
    assert result.values["appeals.cases.review_upheld"] == 1
    assert result.values["appeals.cases.direct_upheld"] == 6
    assert result.values["appeals.cases.after_review_total"] == 15


def test_section_four_transposed_is_read_by_its_header_or_left_blank():
    rows = []
    for j, label in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
        rows += [label, *(GROUPS[g][j] for g in ("行政复议", "未经复议直接起诉", "复议后起诉"))]
    read = align_words([HEADING, "行政复议 未经复议直接起诉 复议后起诉", *rows])
    assert read.values["appeals.cases.review_corrected"] == 2
    assert read.values["appeals.cases.direct_upheld"] == 6
    unknown = align_words([HEADING, *rows])  # which column is which group is not printed
    assert set(_appeals(unknown)) == {None}
    assert any(n.key.startswith("appeals.") and "转置" in n.message for n in unknown.notes)


def test_a_web_page_whose_body_is_one_line():
    from html import escape

    from tests.importers.layouts import one_line
    from workbook.importers.sources.html import import_html

    report = consistent_report(9)
    page = f"<html><body><div>{escape(one_line(report))}</div></body></html>".encode()
    imported = import_html(page)
    assert imported.report.values == report.values
    assert imported.report.agency == report.agency
    assert imported.report.texts["overview"]


def test_numbers_under_an_unknown_label_never_land_in_another_row():
    result = align_words(
        [
            "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
            "某某不认识的栏目 5 0 0 0 0 0 5",
        ]
    )
    assert result.values["requests.new.total"] == 1
    assert all(
        v is None
        for k, v in result.values.items()
        if k != "requests.new.total"
        and k.startswith("requests.")
        and not k.startswith("requests.new.")
    )
    assert any("对不上任何一行" in n.message for n in result.notes)
