"""据表生成: drafted sentences agree with the tables as the checker reads them, zeros and blanks
are worded naturally, and the wording file names only cells the formats have."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

import resources
from rules.catalogue import prose_settings
from rules.checker import check
from rules.prose import analyse
from tests.rules.generate import consistent_report
from workbook.drafting import draft, paragraphs
from workbook.model.format import available_formats, load_format
from workbook.model.report import Report

PROSE_CODES = {"NB211", "NB212", "NB233"}
CASES = [(seed, "2021", 2024) for seed in range(25)] + [(seed, "2019", 2020) for seed in range(8)]


def _with_draft(report: Report) -> Report:
    text = draft(report).text
    report.set_text("overview", report.text("overview") + "\n" + text)
    return report


def _zeroed(report: Report) -> Report:
    for key, value in report.values.items():
        report.values[key] = Decimal(0) if isinstance(value, Decimal) else 0
    return report


@pytest.mark.parametrize(("seed", "format_id", "year"), CASES)
def test_drafted_prose_never_contradicts_the_tables(seed: int, format_id: str, year: int) -> None:
    report = consistent_report(seed, format_id, year)
    before = {f.code for f in check(report)}
    after = [f for f in check(_with_draft(report)) if f.code in PROSE_CODES]
    assert not after, [f.message for f in after]
    assert {f.code for f in check(report)} == before


@pytest.mark.parametrize(("seed", "format_id", "year"), CASES[:10] + CASES[-3:])
def test_the_checker_reads_every_nonzero_figure_it_knows(
    seed: int, format_id: str, year: int
) -> None:
    """The drafted sentences are checkable, not merely unmatched: each figure B4 knows is read."""
    report = consistent_report(seed, format_id, year)
    text = draft(report).paragraphs
    read = {f.what: f.stated for f in analyse(tuple(text), year).figures}
    for figure in prose_settings()["figures"]:
        value = sum(report.values[k] for k in figure["cells"])
        if value and "信访" not in "".join(text):  # B4 skips sentences about 信访
            assert read.get(figure["what"]) == value, figure["what"]


def test_a_changed_number_in_the_draft_is_caught() -> None:
    """The agreement above is the checker's doing: alter a drafted figure and it objects."""
    report = consistent_report(3)
    text = draft(report).text
    handled = report.values["requests.total_handled.total"]
    carried = report.values["requests.carry_forward.total"]
    for old, new, code in (
        (f"申请{handled}件，其中", f"申请{handled + 1}件，其中", "NB212"),
        (f"继续办理{carried}件", f"继续办理{carried + 1}件", "NB211"),
    ):
        assert old in text
        report.set_text("overview", text.replace(old, new))
        assert code in {f.code for f in check(report)}


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_an_all_zero_report_is_worded_without_zeros(format_id: str) -> None:
    report = _zeroed(consistent_report(1, format_id, 2024 if format_id == "2021" else 2020))
    d = draft(report)
    assert not re.search(r"\d", d.text), d.text  # no "0件", no "0万元"
    assert "本年度未收到政府信息公开申请" in d.text
    assert "未收到政府信息公开行政复议申请" in d.text
    assert "未发生政府信息公开行政诉讼" in d.text
    assert not [f for f in check(_with_draft(report)) if f.code in PROSE_CODES]


def test_zero_items_are_left_out_of_a_list() -> None:
    report = _zeroed(consistent_report(0))
    report.values.update({"appeals.cases.review_corrected": 2, "appeals.cases.review_total": 2})
    text = draft(report, ["appeals"]).text
    assert "被申请行政复议共2件，其中结果纠正2件。" in text
    assert "结果维持" not in text


def test_a_blank_cell_is_never_worded_as_zero() -> None:
    report = consistent_report(2)
    report.values["requests.carry_forward.total"] = None
    d = draft(report, ["requests"])
    assert "结转下年度" not in d.text
    assert d.blank_keys == ["requests.carry_forward.total"]
    assert "None" not in d.text


def test_a_blank_detail_drops_only_its_list() -> None:
    report = consistent_report(2)
    report.values["requests.new.natural"] = None
    d = draft(report, ["requests"])
    assert f"新收政府信息公开申请{report.values['requests.new.total']}件，" in d.text
    assert "自然人" not in d.text
    assert d.blank_keys == ["requests.new.natural"]


def test_a_blank_report_drafts_nothing_and_says_why() -> None:
    d = draft(Report.blank())
    assert d.paragraphs == [] and d.blank_keys


def test_amounts_are_written_as_clerks_write_them() -> None:
    report = _zeroed(consistent_report(0))
    report.values["active.fees.amount"] = Decimal("52.10")
    assert "行政事业性收费金额52.1万元" in draft(report, ["active"]).text


def test_every_format_has_every_kind_of_paragraph() -> None:
    for fid in available_formats():
        titles = [p.title for p in paragraphs(load_format(fid))]
        assert len(titles) == 3 and len(set(titles)) == 3, fid


def test_the_wording_names_only_cells_of_some_format() -> None:
    """A misspelt key in resources/drafting.toml would silently drop a sentence."""
    keys = set()
    for placeholder in re.findall(
        r"\{([^{}@]+)\}", resources.read_toml("drafting.toml").__repr__()
    ):
        keys.update(k.strip() for k in placeholder.split("+"))
    cells = [c.key for fid in available_formats() for c in load_format(fid).cells]
    for key in keys:
        pattern = re.compile(re.escape(key).replace(r"\*", "[a-z_]+") + "$")
        assert any(pattern.match(c) for c in cells), key
