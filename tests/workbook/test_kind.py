"""The kind mark (nianbao_kind) of the workbooks we write that are not a unit's report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from service.compare import compare_reports, save_comparison
from tests.rules.generate import consistent_report
from workbook.model.kinds import CHECKED, COMPARISON, SUMMARY, skip_reason
from workbook.xlsx.kind import MAX_PART, workbook_kind
from workbook.xlsx.write.writer import write_report, write_template


def test_each_output_carries_its_kind_and_a_report_none(tmp_path: Path) -> None:
    report = consistent_report()
    write_report(report, tmp_path / "report.xlsx")
    write_template(tmp_path / "template.xlsx", year=2024)
    write_report(report, tmp_path / "checked.xlsx", mode="checked")
    write_report(report, tmp_path / "summary.xlsx", kind=SUMMARY)
    save_comparison(compare_reports(report, consistent_report(1, year=2023)), tmp_path / "c.xlsx")
    assert workbook_kind(tmp_path / "report.xlsx") is None
    assert workbook_kind(tmp_path / "template.xlsx") is None  # a template is filled as a report
    assert workbook_kind(tmp_path / "checked.xlsx") == CHECKED
    assert workbook_kind(tmp_path / "summary.xlsx") == SUMMARY
    assert workbook_kind(tmp_path / "c.xlsx") == COMPARISON
    assert "汇总" in skip_reason(SUMMARY) and "跳过" in skip_reason(SUMMARY)


def test_damaged_or_foreign_files_are_not_ours(tmp_path: Path) -> None:
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    assert workbook_kind(tmp_path / "junk.xlsx") is None
    assert workbook_kind(tmp_path / "missing.xlsx") is None
    assert workbook_kind(tmp_path / "report.json") is None
    huge = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(huge, "w", zipfile.ZIP_DEFLATED) as z:
        padding = b" " * (MAX_PART + 1)
        z.writestr("docProps/custom.xml", padding + b'name="nianbao_kind"><vt:lpwstr>summary<')
    assert workbook_kind(huge) is None
    odd = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(odd, "w") as z:
        z.writestr("docProps/custom.xml", '<property name="nianbao_kind"><vt:lpwstr>x</vt:lpwstr>')
    assert workbook_kind(odd) is None  # not one of our kinds


@pytest.mark.parametrize("to", ["xlsx:Calc MS Excel 2007 XML", "ods"])
def test_the_mark_survives_a_libreoffice_resave(tmp_path: Path, to: str) -> None:
    from tests.office import convert

    source = tmp_path / "汇总.xlsx"
    write_report(consistent_report(), source, kind=SUMMARY)
    assert workbook_kind(convert(source, to, tmp_path / "lo")) == SUMMARY


def test_a_long_central_directory_and_other_programs_properties(tmp_path: Path) -> None:
    """Many parts (a clerk's workbook with pictures): the directory starts before the tail read
    at once; WPS writes custom.xml with its own property, which is not our mark."""
    ours = '<property name="nianbao_kind"><vt:lpwstr>summary</vt:lpwstr></property>'
    wps = '<property name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0</vt:lpwstr></property>'
    for name, prop, expected in (("many.xlsx", ours, SUMMARY), ("wps.xlsx", wps, None)):
        with zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("docProps/custom.xml", prop)
            for i in range(300):
                z.writestr(f"xl/media/image{i:04d}.png", b"x" * 10)
        assert workbook_kind(tmp_path / name) == expected
