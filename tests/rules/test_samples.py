"""Real published reports: their genuine errors are found, their clean parts raise nothing."""

from __future__ import annotations

from pathlib import Path

from rules import check
from tests.rules.samples import all_prose, report_from_expected, sample_texts
from workbook.model.format import load_format
from workbook.model.report import Report

REAL = "real"


def numbers(findings) -> list:
    """Findings about the tables' numbers (not about missing prose or metadata)."""
    return [f for f in findings if f.keys and f.severity == "error"]


def cixi(samples_dir: Path) -> Report:
    """慈溪市匡堰镇 2024, numbers typed in from the sample: one application, withheld (第三方)."""
    fmt = load_format("2021")
    report = Report.blank("2021", agency="慈溪市匡堰镇人民政府", agency_kind="township", year=2024)
    for c in fmt.cells:
        report.values[c.key] = 0
    for row in ("new", "withheld_third_party", "total_handled"):
        for col in ("natural", "total"):
            report.values[f"requests.{row}.{col}"] = 1
    from datetime import date

    report.issued = date(2025, 1, 14)
    report.texts.update(sample_texts(samples_dir / "2024-cixi-kuangyan-town.txt"))
    return report


def test_cixi_has_no_error_and_no_warning(samples_dir: Path) -> None:
    report = cixi(samples_dir)
    assert all(report.texts[s] for s in ("overview", "problems", "other"))
    findings = check(report)
    assert [f for f in findings if f.severity in ("error", "warning")] == []
    # its prose figures were read and agree: breaking the table makes them speak
    report.values["requests.total_handled.total"] = 2
    assert any(f.rule == "B4" and "共办结" in f.message for f in check(report))


def test_hongze_2023_section_four_errors(samples_dir: Path) -> None:
    report = report_from_expected(samples_dir / REAL / "01-hongze-district-gov-2023.expected.json")
    report.texts.update(sample_texts(samples_dir / REAL / "01-hongze-district-gov-2023.txt"))
    found = numbers(check(report))
    assert {(f.rule, f.keys[0], f.expected, f.actual) for f in found} == {
        ("A5", "appeals.cases.review_total", 11, 0),
        ("A5", "appeals.cases.after_review_total", 5, 0),
    }
    assert [f for f in check(report) if f.rule == "B4"] == []  # 受理申请21件 agrees


def test_hongze_2024_prose_says_17_the_table_95(samples_dir: Path) -> None:
    """The office "受理…17件 on behalf of the government" while table 三 says 95 new requests.

    The sentence is about this government's applications this year, so the figures should agree:
    a warning (which the clerk may acknowledge, e.g. if 17 counts only the office's own share).
    """
    report = report_from_expected(samples_dir / REAL / "02-hongze-district-gov-2024.expected.json")
    report.texts.update(sample_texts(samples_dir / REAL / "02-hongze-district-gov-2024.txt"))
    findings = check(report)
    assert numbers(findings) == []
    (f,) = [f for f in findings if f.rule == "B4"]
    assert f.severity == "warning" and f.keys == ("requests.new.total",)
    assert "受理政府信息公开申请17件" in f.message and "95件" in f.message


def test_hongze_pair_across_years(samples_dir: Path) -> None:
    prev = report_from_expected(samples_dir / REAL / "01-hongze-district-gov-2023.expected.json")
    report = report_from_expected(samples_dir / REAL / "02-hongze-district-gov-2024.expected.json")
    cross = [f for f in check(report, prev) if f.rule in ("B1", "B2")]
    # 行政规范性文件: 5 in force at the end of 2023, +3 issued −0 repealed = 8 in 2024: agrees
    assert cross == []


def test_shanghai_reports_no_false_alarms(samples_dir: Path) -> None:
    for name in ("03-shanghai-municipal-gov-office-2025", "04-shanghai-stcsm-2024"):
        report = report_from_expected(samples_dir / REAL / f"{name}.expected.json")
        report.texts["overview"] = all_prose(samples_dir / REAL / f"{name}.txt")
        findings = check(report)
        assert [f for f in findings if f.rule == "B4" or f.code == "NB233"] == [], name
        if name.startswith("03"):
            assert [f.keys for f in numbers(findings)] == [("active.regulations.repealed",)]


def test_stcsm_blank_total_is_reported_with_what_was_assumed(samples_dir: Path) -> None:
    report = report_from_expected(samples_dir / REAL / "04-shanghai-stcsm-2024.expected.json")
    found = numbers(check(report))
    assert {f.rule for f in found} == {"A1", "A3", "A6"}
    assert all("requests.carry_forward.total" in f.keys for f in found)
    assert all("含空白单元格" in f.message for f in found if f.rule != "A6")
