"""From what an importer found (tables, prose, metadata) to an Imported report with its notes.

Shared by the text, web-page and spreadsheet importers so that all of them say the same things
in the same words about missing tables, collapsed rows and the format used.
"""

from __future__ import annotations

from workbook.importers.assemble.meta import Meta
from workbook.importers.layout.grid import GridResult
from workbook.model.errors import NotAReport
from workbook.model.format import Format, load_format
from workbook.model.imported import Imported
from workbook.model.labels import normalize_label
from workbook.model.report import Report
from workbook.model.values import Note


def _collapsed_label(fmt: Format) -> str:
    """The one-row （六）其他处理 of the 2019 format: a section 三 row with no subgroup after （五）."""
    rows = fmt.tables["requests"].rows
    singles = [r for r in rows if r.group and not r.subgroup]
    return singles[-2].label if len(singles) >= 2 else ""


def build(
    found: GridResult,
    meta: Meta,
    texts: dict[str, list[str]],
    notes: list[Note],
    source_kind: str,
) -> Imported:
    fmt = load_format(found.format_id)
    if not found.found and not any(texts.values()):
        # No table and no section of the report: an unrelated file, not a blank report.
        raise NotAReport(
            f"没有找到年度报告的内容：文件里既没有“{fmt.sections[1].title}”等表格，"
            f"也没有“{fmt.sections[0].title}”等部分。"
        )
    report = Report.blank(fmt.id, agency=meta.agency, year=meta.year, issued=meta.issued)
    for key, value in found.values.items():
        if fmt.has_cell(key):
            report.values[key] = value
    for section in fmt.text_sections:
        report.texts[section.id] = list(texts.get(section.id, []))
    out = list(notes)
    if fmt.id == "2019":
        out.insert(
            0,
            Note(
                "",
                f"这份报告使用{fmt.name}（第二部分有“{fmt.table_cells('active')[0].col_label}”等栏目"
                f"或第三部分只有一行“{_collapsed_label(fmt)}”），按该格式读取",
            ),
        )
    for group, values in found.collapsed.items():
        rows = [r for r in fmt.tables["requests"].rows if normalize_label(r.subgroup) == group]
        if not rows:
            continue
        names = "、".join(f"“{r.label}”" for r in rows)
        out.append(
            Note(
                fmt.tables["requests"].total_key(rows[0]),
                f"三、“{rows[0].subgroup}”在原文中只印了一行（{'、'.join(v or '空' for v in values)}），"
                f"无法拆分到{names}这{len(rows)}行，这几行留空，请按实际情况填写",
                " ".join(values),
            )
        )
    for section in fmt.table_sections:
        if section.id not in found.found:
            out.append(Note("", f"没有找到表格“{section.title}”，这部分全部留空"))
    for section in fmt.text_sections:
        if not report.texts.get(section.id):
            out.append(Note(f"text:{section.id}", f"没有找到“{section.title}”的文字，这部分留空"))
    out.extend(found.notes)
    return Imported(report, out, source_kind)
