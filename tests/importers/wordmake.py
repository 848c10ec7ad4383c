"""Word documents made with python-docx the way clerks' reports look: a title, section headings,
prose, tables with merged header and label cells, table 三 split in two (as over a page break),
blank cells, and the signature."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from workbook.model.report import Report


def _value(report: Report, key: str) -> str:
    v = report.values[key]
    return "" if v is None else str(v)


def report_docx(
    report: Report,
    path: Path,
    *,
    split_at: int | None = 14,
    borders: bool = True,
    appeals_3x5: bool = False,
) -> Path:
    """The report as a .docx; table 三 split into two Word tables after row `split_at`;
    cell borders drawn (Word's "Table Grid") unless `borders` is False."""
    fmt = report.format
    doc = Document()
    doc.add_paragraph(f"{report.agency}")
    doc.add_paragraph(f"{report.year}年政府信息公开工作年度报告")
    for section in fmt.sections:
        doc.add_paragraph(section.title)
        if section.kind == "text":
            for paragraph in report.texts.get(section.id, []):
                doc.add_paragraph(paragraph)
        elif section.id == "active":
            _active(doc, report)
        elif section.id == "requests":
            _requests(doc, report, split_at)
        elif appeals_3x5:
            _appeals_3x5(doc, report)
        else:
            _appeals(doc, report)
    doc.add_paragraph(report.agency)
    if report.issued:
        d = report.issued
        doc.add_paragraph(f"{d.year}年{d.month}月{d.day}日")
    if borders:
        for table in doc.tables:
            table.style = doc.styles["Table Grid"]
    doc.save(str(path))
    return path


def _active(doc: Document, report: Report) -> None:
    table = report.format.tables["active"]
    width = max(len(b.columns) for b in table.blocks) + 1
    rows = sum(len(b.rows) + 2 for b in table.blocks)
    t = doc.add_table(rows=rows, cols=width)
    r = 0
    for block in table.blocks:
        title = t.cell(r, 0).merge(t.cell(r, width - 1))  # the block title across the table
        title.text = block.title
        t.cell(r + 1, 0).text = table.row_header
        for j, col in enumerate(block.columns):
            t.cell(r + 1, 1 + j).text = col.label
        if len(block.columns) < width - 1:
            t.cell(r + 1, len(block.columns)).merge(t.cell(r + 1, width - 1))
        for i, row in enumerate(block.rows):
            t.cell(r + 2 + i, 0).text = row.label
            for j, col in enumerate(block.columns):
                t.cell(r + 2 + i, 1 + j).text = _value(report, f"active.{row.id}.{col.id}")
            if len(block.columns) < width - 1:
                t.cell(r + 2 + i, len(block.columns)).merge(t.cell(r + 2 + i, width - 1))
        r += len(block.rows) + 2


def _requests_header(t, table) -> None:  # type: ignore[no-untyped-def]
    cols = table.blocks[0].columns
    t.cell(0, 0).merge(t.cell(2, 2)).text = table.note
    t.cell(0, 3).merge(t.cell(0, 9)).text = table.column_header
    t.cell(1, 3).merge(t.cell(2, 3)).text = cols[0].label
    t.cell(1, 4).merge(t.cell(1, 8)).text = cols[1].group
    for j, col in enumerate(cols[1:6]):
        t.cell(2, 4 + j).text = col.label
    t.cell(1, 9).merge(t.cell(2, 9)).text = cols[6].label


def _requests(doc: Document, report: Report, split_at: int | None) -> None:
    table = report.format.tables["requests"]
    rows = table.rows
    cut = split_at if split_at is not None else len(rows)
    parts = [rows[:cut], rows[cut:]] if rows[cut:] else [rows]
    for n, part in enumerate(parts):
        header = 3 if n == 0 else 0
        t = doc.add_table(rows=header + len(part), cols=10)
        if n == 0:
            _requests_header(t, table)
        _requests_rows(t, report, part, header)
        if n == 0 and len(parts) > 1:
            doc.add_paragraph("")  # what remains of a page break between the two tables


def _requests_rows(t, report: Report, rows, first: int) -> None:  # type: ignore[no-untyped-def]
    cols = report.format.tables["requests"].blocks[0].columns
    spans: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        r = first + i
        if row.group:
            spans.setdefault(("group", row.group), []).append(r)
        if row.subgroup:
            spans.setdefault(("sub", row.group + row.subgroup), []).append(r)
            t.cell(r, 2).text = row.label
        elif row.group:
            t.cell(r, 1).merge(t.cell(r, 2)).text = row.label
        else:
            t.cell(r, 0).merge(t.cell(r, 2)).text = row.label
        for j, col in enumerate(cols):
            t.cell(r, 3 + j).text = _value(report, f"requests.{row.id}.{col.id}")
    for (kind, label), places in spans.items():
        col = 0 if kind == "group" else 1
        name = next(
            (r.group if kind == "group" else r.subgroup)
            for r in rows
            if (r.group if kind == "group" else r.group + r.subgroup) == label
        )
        merged = t.cell(places[0], col).merge(t.cell(places[-1], col))
        # Merging joins the texts of the cells; only the group's name is printed there.
        merged.text = name


def _appeals(doc: Document, report: Report) -> None:
    table = report.format.tables["appeals"]
    cols = table.blocks[0].columns
    rid = table.rows[0].id
    t = doc.add_table(rows=4, cols=15)
    t.cell(0, 0).merge(t.cell(1, 4)).text = cols[0].group
    t.cell(0, 5).merge(t.cell(0, 14)).text = cols[5].group
    t.cell(1, 5).merge(t.cell(1, 9)).text = cols[5].subgroup
    t.cell(1, 10).merge(t.cell(1, 14)).text = cols[10].subgroup
    for j, col in enumerate(cols):
        t.cell(2, j).text = col.label
        t.cell(3, j).text = _value(report, f"appeals.{rid}.{col.id}")


def _appeals_3x5(doc: Document, report: Report) -> None:
    """四 as a clerk may lay it out: 行政复议 / 未经复议直接起诉 / 复议后起诉 × five results."""
    table = report.format.tables["appeals"]
    cols = table.blocks[0].columns
    rid = table.rows[0].id
    t = doc.add_table(rows=4, cols=7)
    for j, col in enumerate(cols[:5]):
        t.cell(0, 2 + j).text = col.label
    t.cell(1, 0).merge(t.cell(1, 1)).text = cols[0].group
    t.cell(2, 0).merge(t.cell(3, 0)).text = cols[5].group
    for k in (1, 2):
        t.cell(1 + k, 1).text = cols[5 * k].subgroup
    for k in range(3):
        for j, col in enumerate(cols[5 * k : 5 * k + 5]):
            t.cell(1 + k, 2 + j).text = _value(report, f"appeals.{rid}.{col.id}")
