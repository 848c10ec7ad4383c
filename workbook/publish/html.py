"""The publication as one self-contained HTML page: what a portal posts and what the app prints.

Bordered tables with the national form's merged headers (rowspan/colspan), UTF-8, no external
files. The same page is printed by the app (Qt's rich text reads it); `split_blocks` gives each
block of table 二 its own table there so a block is moved whole to the next page.
"""

from __future__ import annotations

import base64
import html

from workbook.model.kinds import PROPERTY
from workbook.publish.document import HEADER, LABEL, Figure, Publication, Section, Table

BODY_FONT = '"FangSong", "仿宋", "仿宋_GB2312", "STFangsong", "SimSun", serif'
TABLE_FONT = '"SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif'
TITLE_FONT = '"SimHei", "黑体", "Microsoft YaHei", sans-serif'
BODY_PT = 16  # 三号, as official documents are printed
TABLE_PT = 10.5  # 五号
TITLE_PT = 22  # 二号

_STYLE = f"""
body {{ font-family: {BODY_FONT}; font-size: {BODY_PT}pt; line-height: 1.6;
       max-width: 48em; margin: 2em auto; padding: 0 1em; color: #000; }}
h1 {{ font-family: {TITLE_FONT}; font-size: {TITLE_PT}pt; text-align: center;
      font-weight: normal; line-height: 1.4; }}
h2 {{ font-family: {TITLE_FONT}; font-size: {BODY_PT}pt; font-weight: normal;
      margin: 1em 0 0.5em 0; }}
p.para {{ text-indent: 2em; margin: 0; }}
p.unit {{ font-size: {TABLE_PT}pt; text-align: right; margin: 0.3em 0; }}
p.sign {{ text-align: right; margin: 0; }}
p.identity {{ text-align: center; font-size: {TABLE_PT}pt; }}
table.report {{ border-collapse: collapse; width: 100%; font-family: {TABLE_FONT};
               font-size: {TABLE_PT}pt; line-height: 1.3; margin-bottom: 0.8em; }}
table.report td, table.report th {{ border: 1px solid #000; padding: 3px 4px; }}
table.report th {{ font-weight: normal; text-align: center; }}
td.label {{ text-align: left; }}
td.value {{ text-align: center; }}
tbody.block {{ page-break-inside: avoid; break-inside: avoid; }}
thead {{ display: table-header-group; }}
@page {{ size: A4; margin: 25mm 20mm; }}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cell(cell_text: str, kind: str, row_span: int, col_span: int, fill: str, width: str) -> str:
    spans = ""
    if row_span > 1:
        spans += f' rowspan="{row_span}"'
    if col_span > 1:
        spans += f' colspan="{col_span}"'
    if fill:
        spans += f' bgcolor="{fill}"'
    if kind == HEADER:
        return f'<th align="center"{spans}{width}>{_e(cell_text)}</th>'
    cls, align = ("label", "left") if kind == LABEL else ("value", "center")
    return f'<td class="{cls}" align="{align}"{spans}{width}>{_e(cell_text)}</td>'


def _rows(table: Table, first: int, last: int) -> str:
    widths = table.grid.widths
    total = sum(widths)
    out = []
    for r in range(first, last + 1):
        cells = []
        for cell in table.rows[r]:
            share = 100 * sum(widths[cell.col : cell.col + cell.col_span]) / total
            width = f' width="{share:.1f}%"'
            cells.append(
                _cell(cell.text, cell.kind, cell.row_span, cell.col_span, cell.fill, width)
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out)


_TABLE_OPEN = '<table class="report" border="1" cellspacing="0" cellpadding="4" width="100%">'


def table_html(table: Table, *, split_blocks: bool = False) -> str:
    """A table: header rows in <thead> (repeated on each page), blocks kept together."""
    grid = table.grid
    cols = "".join(
        f'<col width="{100 * w / sum(grid.widths):.1f}%">' for w in grid.widths
    )  # browsers size the columns from these
    if grid.header_rows:
        head = f"<thead>{_rows(table, 0, grid.header_rows - 1)}</thead>"
        body = f"<tbody>{_rows(table, grid.header_rows, grid.rows - 1)}</tbody>"
        return f"{_TABLE_OPEN}{cols}{head}{body}</table>"
    bodies = [f'<tbody class="block">{_rows(table, a, b)}</tbody>' for a, b in table.blocks]
    if split_blocks:
        return "".join(f"{_TABLE_OPEN}{cols}{b}</table>" for b in bodies)
    return f"{_TABLE_OPEN}{cols}{''.join(bodies)}</table>"


def section_html(section: Section, *, split_blocks: bool = False) -> str:
    parts = [f"<h2>{_e(section.title)}</h2>"]
    if section.table is not None:
        parts.append(f'<p class="unit" align="right">单位：{_e(section.table.unit)}</p>')
        parts.append(table_html(section.table, split_blocks=split_blocks))
    else:
        for p in section.paragraphs:
            parts.append(f'<p class="para" style="text-indent: 2em;">{_e(p)}</p>')
        parts += [figure_html(f) for f in section.figures]
    return "".join(parts)


def figure_html(figure: Figure) -> str:
    """The picture inline (data: URL, the page stays one file), its caption under it."""
    data = base64.b64encode(figure.png).decode("ascii")
    width = round(figure.width_mm / 25.4 * 96)  # CSS pixels
    return (
        f'<p align="center"><img src="data:image/png;base64,{data}" width="{width}" '
        f'alt="{_e(figure.caption)}"></p><p class="caption" align="center">{_e(figure.caption)}</p>'
    )


def findings_html(pub: Publication) -> str:
    if not pub.findings:
        return '<h2>校验结果</h2><p style="color:#1e7b34">未发现问题。</p>'
    items = []
    for f in pub.findings:
        done = f"（已确认：{_e(f.acknowledged)}）" if f.acknowledged else ""
        items.append(f"<li>【{_e(f.label)}】{_e(f.message)}{done}</li>")
    return "<h2>校验结果</h2><ol>" + "".join(items) + "</ol>"


def body_html(pub: Publication, *, split_blocks: bool = False) -> str:
    """Everything inside <body>: title, sections, signature (and the draft's findings)."""
    title = "<br>".join(_e(line) for line in pub.title_lines or (pub.title,))
    parts = [f'<h1 align="center">{title}</h1>']
    if pub.draft:
        parts.append(f'<p class="identity" align="center">{_e(pub.identity)}</p>')
    parts += [section_html(s, split_blocks=split_blocks) for s in pub.sections]
    parts.append('<p class="sign" align="right">&nbsp;</p>')
    parts.append(f'<p class="sign" align="right">{_e(pub.agency)}</p>')
    parts.append(f'<p class="sign" align="right">{_e(pub.date)}</p>')
    if pub.draft:
        parts.append(findings_html(pub))
    return "".join(parts)


def page_html(pub: Publication) -> str:
    """The whole self-contained page (a page that is not a unit's report says its kind)."""
    kind = f'<meta name="{PROPERTY}" content="{_e(pub.kind)}">\n' if pub.kind else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{kind}<title>{_e(pub.title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body_html(pub)}\n</body>\n</html>\n"
    )
