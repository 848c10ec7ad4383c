"""service.previous: does the report taken as 上年 belong to this one (same unit, the year
before), and that unit's own 上年 found in a folder of every unit's reports."""

from __future__ import annotations

from pathlib import Path

from service.previous import belongs, own_previous, previous_warnings
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.report import Report

QIAOTOU = "慈溪市桥头镇人民政府"
XIAOLIN = "慈溪市逍林镇人民政府"


def _report(agency: str, year: int, seed: int = 1) -> Report:
    return consistent_report(seed, year=year, agency=agency)


# ---------------------------------------------------------------- the judgement


def test_own_previous_year_fits_whatever_the_spacing_and_width() -> None:
    this = _report("慈溪市桥头镇人民政府", 2025)
    assert previous_warnings(this, _report("慈溪市 桥头镇人民政府", 2024)) == []
    assert previous_warnings(this, _report("慈溪市桥头镇人民政府\u3000", 2024)) == []


def test_another_unit_names_both_units() -> None:
    (warning,) = previous_warnings(_report(QIAOTOU, 2025), _report(XIAOLIN, 2024))
    assert XIAOLIN in warning and QIAOTOU in warning


def test_same_year_and_older_year_say_which_year_was_expected() -> None:
    (same,) = previous_warnings(_report(QIAOTOU, 2025), _report(QIAOTOU, 2025))
    (older,) = previous_warnings(_report(QIAOTOU, 2025), _report(QIAOTOU, 2022))
    assert "2025" in same and "2024" in same
    assert "2022" in older and "2024" in older


def test_both_wrong_gives_two_sentences() -> None:
    assert len(previous_warnings(_report(QIAOTOU, 2025), _report(XIAOLIN, 2025))) == 2


def test_a_blank_unit_or_year_cannot_be_judged() -> None:
    """A new report has neither yet: no warning to click away before anything was typed."""
    blank = Report.blank(year=None, agency="")
    assert previous_warnings(blank, _report(XIAOLIN, 2021)) == []


def test_own_previous_is_found_among_other_units_and_years(tmp_path: Path) -> None:
    for name, agency, year in (
        ("a.json", XIAOLIN, 2024),
        ("b.json", QIAOTOU, 2023),
        ("c.json", QIAOTOU, 2025),
        ("桥头镇.json", QIAOTOU, 2024),
    ):
        (tmp_path / name).write_text(dumps_report(_report(agency, year)), encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")  # skipped, not fatal
    found = own_previous(_report(QIAOTOU, 2025), tmp_path)
    assert found is not None and Path(found[1]).name == "桥头镇.json"
    assert belongs(_report(QIAOTOU, 2025), found[0])
    assert own_previous(_report(QIAOTOU, 2025), tmp_path, skip=[found[1]]) is None
    assert own_previous(_report("", 2025), tmp_path) is None  # no unit: nothing to look for
