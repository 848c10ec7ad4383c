"""Report -> structured workbook (.xlsx), in three modes from one code path.

- "report": the values, laid out like the official tables, every value cell named by its key.
- "checked": the same, with each finding's cells coloured, explained in a comment and listed on
  a sheet 校验结果 with links.
- "template": blank inputs, live total formulas, labels locked (sheet protection, no password)
  and a short 填表说明.

The layout (which cell holds which key) comes from workbook.model.layout so the reader, the checker
and the GUI agree with what is written here.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Sequence

import xlsxwriter

from workbook.model.errors import SaveFailed
from workbook.model.format import format_for_year, load_format
from workbook.model.kinds import CHECKED, PROPERTY
from workbook.model.layout import HIDDEN_SHEET, position
from workbook.model.marks import FindingLike
from workbook.model.report import Report
from workbook.savefile import atomic_write
from workbook.xlsx.write.common import APP_NAME, Context, Styles
from workbook.xlsx.write.listing import Listing, write_listing
from workbook.xlsx.write.marks import collect_marks, write_findings_sheet
from workbook.xlsx.write.prose import write_text_sheet
from workbook.xlsx.write.safe import safe_report, writing_notes
from workbook.xlsx.write.tables import write_table_sheet

MODES = ("report", "checked", "template")


def workbook_bytes(
    report: Report,
    *,
    mode: str = "report",
    findings: Sequence[FindingLike] = (),
    listings: Sequence[Listing] = (),
    kind: str | None = None,
) -> bytes:
    """The workbook for `report` as .xlsx bytes (nothing touches the disk).

    `listings` are plain list sheets added after the report's own (the 汇总 workbook's overview);
    the readers skip them, so the workbook still opens as this report. xlsxwriter's warnings
    (English, on stderr) are silenced: what the file cannot hold is said in Chinese by
    writing_notes(). `kind` marks a workbook that is not a unit's report (workbook.xlsx.kind);
    a checked copy is marked without being asked.
    """
    if kind is None and mode == "checked":
        kind = CHECKED
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _workbook_bytes(report, mode, findings, listings, kind)


def _workbook_bytes(
    report: Report,
    mode: str,
    findings: Sequence[FindingLike],
    listings: Sequence[Listing],
    kind: str | None,
) -> bytes:
    if mode not in MODES:
        raise ValueError(f"unknown writer mode {mode!r}")
    report, _ = safe_report(report)  # XML-safe copy; writing_notes() tells what changed
    fmt = load_format(report.format_id)
    findings = tuple(findings) if mode == "checked" else ()
    cell_marks, text_marks = collect_marks(fmt, findings)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties(
        {
            "title": f"{report.agency}{report.year or ''}{fmt.title}",
            "author": report.agency,
            "company": report.agency,
            "comments": f"{APP_NAME} {fmt.name}",
        }
    )
    if kind is not None:
        workbook.set_custom_property(PROPERTY, kind)
    ctx = Context(workbook, Styles(workbook), fmt, report, mode, cell_marks, text_marks)
    for section in fmt.sections:
        if section.kind == "table":
            write_table_sheet(ctx, section.id)
        else:
            write_text_sheet(ctx, section)
    for cell in fmt.cells:
        workbook.define_name(cell.key, f"={position(fmt, cell.key).absolute_ref}")
    if mode == "checked":
        write_findings_sheet(ctx, findings).activate()
    for index, listing in enumerate(listings):
        sheet = write_listing(workbook, ctx.styles, listing)
        if index == 0 and mode != "checked":
            sheet.activate()
    _write_meta_sheet(ctx)
    workbook.close()
    return buffer.getvalue()


def _write_meta_sheet(ctx: Context) -> None:
    """Hidden sheet _nianbao: the format id and the user's acknowledgements of warnings."""
    sheet = ctx.workbook.add_worksheet(HIDDEN_SHEET)
    sheet.write_string(0, 0, "format")
    sheet.write_string(0, 1, ctx.fmt.id)
    for col, head in enumerate(("code", "fingerprint", "reason")):
        sheet.write_string(1, col, head)
    for row, ack in enumerate(ctx.report.acknowledgements, start=2):
        sheet.write_string(row, 0, ack.code)
        sheet.write_string(row, 1, ack.fingerprint)
        sheet.write_string(row, 2, ack.reason)
    sheet.hide()


def write_report(
    report: Report,
    path: str | os.PathLike[str],
    *,
    mode: str = "report",
    findings: Sequence[FindingLike] = (),
    listings: Sequence[Listing] = (),
    force: bool = False,
    kind: str | None = None,
) -> None:
    """Write the workbook atomically: on any failure the file at `path` is left as it was.
    A read-only file is replaced only with `force` (else savefile.ReadOnlyTarget)."""
    data = workbook_bytes(report, mode=mode, findings=findings, listings=listings, kind=kind)
    with atomic_write(path, force=force) as handle:
        handle.write(data)


def write_template(
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    agency: str = "",
    format_id: str | None = None,
    force: bool = False,
) -> None:
    """The clean template; its format follows the year unless `format_id` is given."""
    fmt = load_format(format_id) if format_id else format_for_year(year)
    report = Report.blank(fmt.id, agency=agency, year=year)
    write_report(report, path, mode="template", force=force)


__all__ = [
    "MODES",
    "SaveFailed",
    "workbook_bytes",
    "write_report",
    "write_template",
    "writing_notes",
]
