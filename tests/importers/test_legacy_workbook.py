"""Our own workbook after LibreOffice (as Excel/WPS would) saved it as .xls or .ods: it comes
back complete — values, agency, year, issue date, format, prose and acknowledgements."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.reports import filled_report, same_report
from tests.office import convert
from workbook.files import open_report, save_report
from workbook.model.errors import EncryptedFile, UnreadableFile
from workbook.model.report import Report

FIELDS = ("format_id", "agency", "agency_kind", "year", "issued", "texts", "acknowledgements")


def same_report_all(got: Report, want: Report) -> None:
    same_report(got, want, FIELDS)


@pytest.mark.libreoffice
@pytest.mark.parametrize("format_id", ["2021", "2019"])
@pytest.mark.parametrize("to", ["xls", "ods"])
def test_our_workbook_saved_as_xls_or_ods_comes_back_complete(
    tmp_path: Path, format_id: str, to: str
) -> None:
    report = filled_report(format_id)
    source = tmp_path / "ours.xlsx"
    save_report(report, source)
    converted = convert(source, to, tmp_path)
    imported = open_report(converted)
    same_report_all(imported.report, report)
    assert imported.source_kind == "本软件工作簿"
    # Nothing to explain: the names .xls cannot show are not reported as lost.
    assert imported.notes == []


@pytest.mark.libreoffice
def test_wps_et_and_renamed_files_are_read_by_content(tmp_path: Path) -> None:
    """WPS's .et is the same container as .xls; an .ods renamed .xlsx opens too."""
    report = filled_report()
    source = tmp_path / "ours.xlsx"
    save_report(report, source)
    xls = convert(source, "xls", tmp_path)
    ods = convert(source, "ods", tmp_path)
    et = tmp_path / "wps.et"
    et.write_bytes(xls.read_bytes())
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(ods.read_bytes())
    for path in (et, renamed):
        same_report_all(open_report(path).report, report)


@pytest.mark.libreoffice
def test_an_edited_legacy_copy_keeps_the_clerks_reading_notes(tmp_path: Path) -> None:
    """Rows a clerk typed as text in the .xls are read and said, as for .xlsx."""
    import openpyxl

    report = filled_report()
    source = tmp_path / "ours.xlsx"
    save_report(report, source)
    wb = openpyxl.load_workbook(source)
    ws = wb["二、主动公开"]
    hit = next(c for row in ws.iter_rows() for c in row if c.value == "规章")
    ws.cell(hit.row, hit.column + 1, "3件")
    wb.save(source)
    imported = open_report(convert(source, "xls", tmp_path))
    assert imported.report.values["active.regulations.issued"] == 3
    note = next(n for n in imported.notes if n.key == "active.regulations.issued")
    assert "规章" in note.message and "active." not in note.message


def test_damaged_and_password_protected_legacy_files_are_refused(tmp_path: Path) -> None:
    from tests.helpers.files import compound_file

    bad = tmp_path / "bad.xls"
    bad.write_bytes(b"not a workbook at all" * 10)
    with pytest.raises(UnreadableFile, match="已损坏"):
        open_report(bad)
    locked = tmp_path / "locked.et"
    locked.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(EncryptedFile, match="密码"):
        open_report(locked)
    ods = tmp_path / "locked.ods"
    import zipfile

    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
        z.writestr("META-INF/manifest.xml", "<manifest:encryption-data/>")
    with pytest.raises(EncryptedFile, match="密码"):
        open_report(ods)
