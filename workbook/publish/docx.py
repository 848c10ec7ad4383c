"""The publication as a Word document (python-docx): what clerks edit, sign and publish.

Real Word tables with the national form's merged headers, 仿宋 body and 宋体 tables (the East
Asian font set through w:eastAsia, which Word, WPS and LibreOffice all honour), A4, page numbers
in the footer. Table 三 sits in a landscape section of its own and is sized to fit that page;
table headers repeat if a table must break; a block of table 二 is kept on one page.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from workbook.model.kinds import PROPERTY
from workbook.publish.document import HEADER, LABEL, Publication, Section, Table

CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
BODY_FONT = "仿宋"  # FangSong on Windows; WPS and LibreOffice substitute a 仿宋 they have
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
WIDE_TABLE_PT = 10  # tables 三 and 四 on one landscape page each
A4 = (Mm(210), Mm(297))
MARGINS = {"top": Mm(30), "bottom": Mm(25), "left": Mm(26), "right": Mm(24)}
WIDE_MARGINS = {"top": Mm(15), "bottom": Mm(15), "left": Mm(18), "right": Mm(18)}


def _fonts(run: Any, east_asian: str, size: float, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph(
    container: Any,
    text: str,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    *,
    align: Any = None,
    bold: bool = False,
    indent: bool = False,
) -> Any:
    p = container.add_paragraph()
    if text:
        _fonts(p.add_run(text), font, size, bold=bold)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:  # two characters, in character units so Word keeps it when the size changes
        fmt.first_line_indent = Pt(2 * size)
        ind = p._p.get_or_add_pPr().find(qn("w:ind"))
        if ind is not None:
            ind.set(qn("w:firstLineChars"), "200")
    return p


def _page(section: Any, *, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, value in (WIDE_MARGINS if landscape else MARGINS).items():
        setattr(section, f"{side}_margin", value)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that every word processor updates when it prints."""
    run = paragraph.add_run()
    _fonts(run, BODY_FONT, 10.5)
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)


def _footer(section: Any) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页 共 ", "NUMPAGES"), (" 页", None)):
        _fonts(p.add_run(text), BODY_FONT, 10.5)
        if field:
            _field(p, field)


def _cell_props(cell: Any, fill: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if fill:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), fill.lstrip("#"))
        cell._tc.get_or_add_tcPr().append(shd)


def _row_props(row: Any, *, header: bool) -> None:
    """Rows never split across pages; header rows repeat at the top of each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _table(doc: Any, table: Table, usable: int, size: float) -> None:
    grid = table.grid
    t = doc.add_table(rows=grid.rows, cols=grid.cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    total = sum(grid.widths)
    widths = [int(usable * w / total) for w in grid.widths]
    for i, column in enumerate(t.columns):
        column.width = widths[i]
    block_last = {last for _, last in table.blocks}
    # Every cell once, before any merge (python-docx rebuilds this list on each t.cell() call);
    # spans never overlap, so each stays valid while the others merge.
    cells = [cell for row in t.rows for cell in row.cells]
    for r, row in enumerate(t.rows):
        _row_props(row, header=r < grid.header_rows)
        row.height = Pt(size + (3 if size < TABLE_PT else 7))  # room around the figures
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for c, cell in enumerate(cells[r * grid.cols : (r + 1) * grid.cols]):
            cell.width = widths[c]
    for cell in (cell for row in table.rows for cell in row):
        r, c = cell.row, cell.col
        target = cells[r * grid.cols + c]
        if cell.row_span > 1 or cell.col_span > 1:
            last = cells[(r + cell.row_span - 1) * grid.cols + c + cell.col_span - 1]
            target = target.merge(last)
        _cell_props(target, cell.fill)
        p = target.paragraphs[0]
        if cell.text:
            _fonts(p.add_run(cell.text), TABLE_FONT, size)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.kind == LABEL else WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        # A block of table 二 stays on one page: every row but its last keeps with the next.
        fmt.keep_with_next = grid.header_rows == 0 and r not in block_last
        if cell.kind == HEADER and r < grid.header_rows:
            fmt.keep_with_next = True


def _heading(doc: Any, text: str, size: float = BODY_PT) -> None:
    fmt = _paragraph(doc, text, HEADING_FONT, size).paragraph_format
    fmt.keep_with_next = True
    fmt.space_before = Pt(size * 0.6)
    fmt.space_after = Pt(size * 0.3)


def _section(doc: Any, section: Section) -> None:
    table = section.table
    if table is None:
        _heading(doc, section.title)
        for text in section.paragraphs:
            _paragraph(doc, text, indent=True).paragraph_format.line_spacing = Pt(28)
        for figure in section.figures:
            doc.add_picture(io.BytesIO(figure.png), width=Mm(figure.width_mm))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            doc.paragraphs[-1].paragraph_format.keep_with_next = True
            _paragraph(doc, figure.caption, TABLE_FONT, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
        return
    wide = table.landscape
    landscape_now = doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    if wide:  # tables 三 and 四: landscape pages of their own, as the national form prints them
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    elif landscape_now:
        _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    _heading(doc, section.title, 14 if wide else BODY_PT)
    unit = _paragraph(
        doc, f"单位：{table.unit}", TABLE_FONT, TABLE_PT, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    unit.paragraph_format.keep_with_next = True
    current = doc.sections[-1]
    usable = current.page_width - current.left_margin - current.right_margin
    _table(doc, table, usable, WIDE_TABLE_PT if wide else TABLE_PT)


def docx_bytes(pub: Publication) -> bytes:
    """The Word document of a publication."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _page(doc.sections[0], landscape=False)
    _footer(doc.sections[0])
    doc.core_properties.title = pub.title
    doc.core_properties.author = pub.agency
    title_text = "\n".join(pub.title_lines or (pub.title,))  # a line break between phrases
    title = _paragraph(doc, title_text, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_after = Pt(12)
    if pub.draft:
        _paragraph(doc, pub.identity, TABLE_FONT, TABLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
    for section in pub.sections:
        if section.table is None and doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE:
            _page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=False)
        _section(doc, section)
    _paragraph(doc, "")
    for text in (pub.agency, pub.date):
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if pub.draft:
        _paragraph(doc, "校验结果", HEADING_FONT, BODY_PT)
        if not pub.findings:
            _paragraph(doc, "未发现问题。", size=TABLE_PT)
        for i, f in enumerate(pub.findings, start=1):
            done = f"（已确认：{f.acknowledged}）" if f.acknowledged else ""
            _paragraph(doc, f"{i}. 【{f.label}】{f.message}{done}", size=TABLE_PT)
    if pub.kind:
        _mark_kind(doc, pub.kind)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _mark_kind(doc: Any, kind: str) -> None:
    """The custom document property nianbao_kind (docProps/custom.xml, as our workbooks carry
    it), so folder scans skip the file (workbook.xlsx.kind); Word shows it under 属性 › 自定义."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{PROPERTY}"><vt:lpwstr>{kind}</vt:lpwstr></property></Properties>'
    )
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPERTIES, xml.encode(), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
