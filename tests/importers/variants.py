"""Rewrite a report the ways published copies come: pipe rows, Markdown, HTML, other workbooks.

Labels come from the Format, so the variants follow the official layout; the writers only vary
the presentation (zero marks, full-width digits, units, spans, an extra subtotal column).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html import escape
from pathlib import Path

from workbook.model.format import Format
from workbook.model.report import Report, Value

Cellfn = Callable[[str, Value], str]
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def plain(_key: str, v: Value) -> str:
    return "" if v is None else str(v)


def zero_as(mark: str) -> Cellfn:
    return lambda key, v: mark if v == 0 else plain(key, v)


def fullwidth(key: str, v: Value) -> str:
    return plain(key, v).translate(FULL)


def with_units(key: str, v: Value) -> str:
    if v is None:
        return ""
    return f"{v}万元" if key.endswith(".amount") else f"{v}件"


def numbered(fmt: Format) -> Report:
    """A report whose every cell holds a different number, so a shifted cell shows."""
    report = Report.blank(fmt.id, agency="测试县人民政府", year=2024)
    for i, cell in enumerate(fmt.cells, start=1):
        report.values[cell.key] = Decimal(i) / 4 if cell.kind == "amount" else i
    return report


def _rows_of_requests(fmt: Format) -> list[tuple[list[str], str]]:
    """Label cells as printed (group, subgroup, label) and the row id."""
    out = []
    for row in fmt.tables["requests"].rows:
        labels = [x for x in (row.group, row.subgroup, row.label) if x]
        out.append((labels, row.id))
    return out


def text_tables(report: Report, cell: Cellfn = plain, *, markdown: bool = False) -> str:
    """Sections 二–四 as `|` rows (Markdown tables when `markdown`), headers broken like 商业 企业."""
    fmt = report.format

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = ["二、主动公开政府信息情况"]
    for block in fmt.tables["active"].blocks:
        out.append(block.title)
        out.append(line(["信息内容", *[c.label for c in block.columns]]))
        if markdown:
            out.append(line(["---"] * (len(block.columns) + 1)))
        for row in block.rows:
            vals = [
                cell(f"active.{row.id}.{c.id}", report.values[f"active.{row.id}.{c.id}"])
                for c in block.columns
            ]
            out.append(line([row.label, *vals]))
        out.append("")
    out.append("三、收到和处理政府信息公开申请情况")
    cols = fmt.tables["requests"].blocks[0].columns
    out.append(line(["", "", "", *[c.label[:2] + " " + c.label[2:] for c in cols]]))
    if markdown:
        out.append(line(["---"] * (len(cols) + 3)))
    for labels, rid in _rows_of_requests(fmt):
        padded = ([""] * (3 - len(labels)) + labels) if len(labels) < 3 else labels
        vals = [
            cell(f"requests.{rid}.{c.id}", report.values[f"requests.{rid}.{c.id}"]) for c in cols
        ]
        out.append(line([*padded, *vals]))
    out.append("")
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    acols = fmt.tables["appeals"].blocks[0].columns
    out.append(line([c.group for c in acols]))
    if markdown:
        out.append(line(["---"] * len(acols)))
    out.append(line([c.label for c in acols]))
    rid = fmt.tables["appeals"].rows[0].id
    out.append(
        line([cell(f"appeals.{rid}.{c.id}", report.values[f"appeals.{rid}.{c.id}"]) for c in acols])
    )
    return "\n".join(out)


def full_text(report: Report, tables: str) -> str:
    """A whole published text around `tables`: title, prose sections, signature."""
    fmt = report.format
    parts = [f"{report.year}年{report.agency}政府信息公开工作", "年度报告"]
    for section in fmt.sections:
        if section.kind == "text":
            parts.append(section.title)
            parts.extend(report.texts.get(section.id) or ["（无）"])
        elif section.id == "active":
            parts.append(tables)
    parts += [
        "",
        report.agency,
        f"{report.issued.year}年{report.issued.month}月{report.issued.day}日"
        if report.issued
        else "",
    ]
    return "\n".join(parts)


def html_page(report: Report, cell: Cellfn = plain, encoding: str = "utf-8") -> bytes:
    """A portal page: navigation, a script, prose in <p>, the tables with rowspan/colspan."""
    fmt = report.format
    p: list[str] = [
        f'<html><head><meta charset="{encoding}"><title>{report.agency}年报_门户网站</title>',
        "<script>var x = '一、总体情况 规章 1 2 3';</script><style>p{color:red}</style></head><body>",
        '<div class="nav-bar"><a href="#">首页</a> &gt; <a href="#">政府信息公开年报</a></div>',
        f"<h1>{report.year}年{report.agency}政府信息公开工作<br>年度报告</h1>",
    ]

    def td(text: str, rs: int = 1, cs: int = 1) -> str:
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        return f"<td{attrs}>{escape(text)}</td>"

    def v(key: str) -> str:
        return td(cell(key, report.values[key]))

    for section in fmt.sections:
        p.append(f"<h2>{section.title}</h2>")
        if section.kind == "text":
            p.extend(f"<p>{escape(x)}</p>" for x in report.texts.get(section.id) or ["（无）"])
            continue
        p.append('<table border="1"><tbody>')
        if section.id == "active":
            for block in fmt.tables["active"].blocks:
                n = len(block.columns)
                p.append(f"<tr>{td(block.title, cs=4)}</tr>")
                p.append(
                    "<tr>"
                    + td("信息内容")
                    + "".join(td(c.label, cs=3 // n if n < 3 else 1) for c in block.columns)
                    + "</tr>"
                )
                for row in block.rows:
                    cells = "".join(
                        td(
                            cell(
                                f"active.{row.id}.{c.id}", report.values[f"active.{row.id}.{c.id}"]
                            ),
                            cs=3 // n if n < 3 else 1,
                        )
                        for c in block.columns
                    )
                    p.append(f"<tr>{td(row.label)}{cells}</tr>")
        elif section.id == "requests":
            table = fmt.tables["requests"]
            cols = table.blocks[0].columns
            p.append(f"<tr>{td(table.note, rs=3, cs=3)}{td(table.column_header, cs=7)}</tr>")
            p.append(
                f"<tr>{td(cols[0].label, rs=2)}{td(cols[1].group, cs=5)}{td(cols[6].label, rs=2)}</tr>"
            )
            p.append("<tr>" + "".join(td(c.label) for c in cols[1:6]) + "</tr>")
            rows = table.rows
            first_in_group: set[str] = set()
            for row in rows:
                cells = []
                if row.group and row.group not in first_in_group:
                    first_in_group.add(row.group)
                    cells.append(td(row.group, rs=sum(1 for r in rows if r.group == row.group)))
                if row.subgroup and row.subgroup not in first_in_group:
                    first_in_group.add(row.subgroup)
                    cells.append(
                        td(row.subgroup, rs=sum(1 for r in rows if r.subgroup == row.subgroup))
                    )
                span = 3 if not row.group else (2 if not row.subgroup else 1)
                cells.append(td(row.label, cs=span))
                cells += [v(f"requests.{row.id}.{c.id}") for c in cols]
                p.append("<tr>" + "".join(cells) + "</tr>")
        else:
            cols = fmt.tables["appeals"].blocks[0].columns
            rid = fmt.tables["appeals"].rows[0].id
            p.append(f"<tr>{td('行政复议', cs=5)}{td('行政诉讼', cs=10)}</tr>")
            p.append(
                "<tr>"
                + "".join(td(c.label, rs=2) for c in cols[:5])
                + td("未经复议直接起诉", cs=5)
                + td("复议后起诉", cs=5)
                + "</tr>"
            )
            p.append("<tr>" + "".join(td(c.label) for c in cols[5:]) + "</tr>")
            p.append("<tr>" + "".join(v(f"appeals.{rid}.{c.id}") for c in cols) + "</tr>")
        p.append("</tbody></table>")
    if report.issued:
        p.append(
            f'<p style="text-align:right">{report.agency}<br>{report.issued.year}年{report.issued.month}月{report.issued.day}日</p>'
        )
    p.append('<div class="footer">版权所有 网站标识码 主办单位</div></body></html>')
    return "\n".join(p).encode(encoding)


def one_sheet_xlsx(
    report: Report, path: Path, *, subtotal: bool = True, as_text: bool = True
) -> None:
    """All tables on one sheet, blank rows between, merged label cells, an extra
    法人或其他组织 subtotal column in 三, numbers stored as text."""
    from openpyxl import Workbook

    fmt = report.format
    wb = Workbook()
    ws = wb.active
    ws.title = "年报数据"

    def val(key: str) -> object:
        v = report.values[key]
        if v is None:
            return None
        return str(v) if as_text else (float(v) if isinstance(v, Decimal) else v)

    r = 1
    ws.cell(r, 1, f"{report.agency}{report.year}年政府信息公开工作年度报告数据")
    r += 2
    for block in fmt.tables["active"].blocks:
        ws.cell(r, 1, block.title)
        r += 1
        ws.cell(r, 1, "信息内容")
        for j, c in enumerate(block.columns):
            ws.cell(r, 2 + j, c.label)
        r += 1
        for row in block.rows:
            ws.cell(r, 1, row.label)
            for j, c in enumerate(block.columns):
                ws.cell(r, 2 + j, val(f"active.{row.id}.{c.id}"))
            r += 1
        r += 1
    r += 1
    table = fmt.tables["requests"]
    cols = table.blocks[0].columns
    header = r
    ws.cell(r, 1, table.note)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=3)
    ws.cell(r, 4, cols[0].label)
    first_org = 5
    if subtotal:
        ws.cell(r, 5, "法人或其他组织")
        ws.cell(r + 1, 5, "小计")
        first_org = 6
    else:
        ws.cell(r, 5, cols[1].group)
    for j, c in enumerate(cols[1:6]):
        ws.cell(r + 1, first_org + j, c.label)
    ws.cell(r, first_org + 5, cols[6].label)
    r += 2
    for row in table.rows:
        if row.group:
            ws.cell(r, 1, row.group)
        if row.subgroup:
            ws.cell(r, 2, row.subgroup)
        ws.cell(r, 3 if row.group else 1, row.label)
        ws.cell(r, 4, val(f"requests.{row.id}.natural"))
        if subtotal:
            parts = [report.values[f"requests.{row.id}.{c.id}"] for c in cols[1:6]]
            ws.cell(
                r, 5, str(sum(x or 0 for x in parts)) if as_text else sum(x or 0 for x in parts)
            )
        for j, c in enumerate(cols[1:]):
            ws.cell(r, first_org + j, val(f"requests.{row.id}.{c.id}"))
        r += 1
    del header
    r += 2
    cols = fmt.tables["appeals"].blocks[0].columns
    rid = fmt.tables["appeals"].rows[0].id
    ws.cell(r, 1, "行政复议")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    ws.cell(r, 6, "行政诉讼")
    r += 1
    for j, c in enumerate(cols):
        ws.cell(r, 1 + j, c.label)
    r += 1
    for j, c in enumerate(cols):
        ws.cell(r, 1 + j, val(f"appeals.{rid}.{c.id}"))
    wb.save(path)
