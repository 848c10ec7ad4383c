"""The checked workbook: findings painted on their cells, explained in comments and listed.

A clerk who opens the checked file sees every problem where it is (a coloured cell with a
comment) and all of them in one list (sheet 校验结果) with links that jump to the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xlsxwriter.worksheet import Worksheet

from workbook.model import severity
from workbook.model.format import Format
from workbook.model.layout import (
    FINDINGS_SHEET,
    Position,
    describe_places,
    meta_position,
    position,
    prose_title_position,
)
from workbook.model.marks import FindingLike
from workbook.xlsx.write.common import (
    APP_NAME,
    Context,
    RowHeights,
    print_setup,
)

_COLUMNS = (
    ("序号", 6.0),
    ("级别", 7.0),
    ("规则", 7.0),
    ("代码", 12.0),
    ("说明", 62.0),
    ("位置", 26.0),
    ("确认说明", 24.0),
)


def collect_marks(
    fmt: Format, findings: Iterable[FindingLike]
) -> tuple[dict[str, list[FindingLike]], dict[str, list[FindingLike]]]:
    """Findings by cell key and by prose section id (unknown keys are ignored here)."""
    by_cell: dict[str, list[FindingLike]] = {}
    by_text: dict[str, list[FindingLike]] = {}
    text_ids = {s.id for s in fmt.text_sections}
    for finding in findings:
        for key in dict.fromkeys(finding.keys):
            if fmt.has_cell(key) or meta_position(fmt, key) is not None:
                by_cell.setdefault(key, []).append(finding)
        for text_id in dict.fromkeys(finding.texts):
            if text_id in text_ids:
                by_text.setdefault(text_id, []).append(finding)
    return by_cell, by_text


def _rank(finding: FindingLike) -> int:
    return severity.rank(finding.severity)


def fill_for(findings: Sequence[FindingLike]) -> str | None:
    """The most severe open finding's colour; a paler one when all were acknowledged."""
    if not findings:
        return None
    open_ones = [f for f in findings if not f.acknowledged]
    if open_ones:
        return severity.fill(min(open_ones, key=_rank).severity)
    return severity.fill(min(findings, key=_rank).severity, acknowledged=True)


def cell_fill(ctx: Context, key: str) -> str | None:
    return fill_for(ctx.cell_marks.get(key, ()))


def title_fill(ctx: Context, section_id: str) -> str | None:
    return fill_for(ctx.text_marks.get(section_id, ()))


def comment_text(findings: Sequence[FindingLike]) -> str:
    """One line per finding: 【级别 规则】message, plus the reason when acknowledged."""
    lines = []
    for f in sorted(findings, key=_rank):
        line = f"【{severity.label(f.severity)} {f.rule}】{f.message}"
        if f.acknowledged:
            line += f"（已确认：{f.acknowledged}）"
        lines.append(line)
    return "\n".join(lines)


def _comment(sheet: Worksheet, row: int, col: int, findings: Sequence[FindingLike]) -> None:
    text = comment_text(findings)
    lines = sum(1 + len(line) // 24 for line in text.split("\n"))
    sheet.write_comment(
        row,
        col,
        text,
        {"author": APP_NAME, "x_scale": 2.6, "y_scale": max(1.0, lines * 0.35), "font_size": 10},
    )


def mark_cell(ctx: Context, sheet: Worksheet, key: str, row: int, col: int) -> None:
    """Attach the comment of a value cell's findings (its fill is part of its style)."""
    findings = ctx.cell_marks.get(key)
    if findings:
        _comment(sheet, row, col, findings)


def mark_title(ctx: Context, sheet: Worksheet, section_id: str, row: int, col: int) -> None:
    """Prose findings: the comment goes on the section's title cell."""
    findings = ctx.text_marks.get(section_id)
    if findings:
        _comment(sheet, row, col, findings)


def _places(fmt: Format, finding: FindingLike) -> list[Position]:
    places = [p for k in dict.fromkeys(finding.keys) if (p := _key_position(fmt, k)) is not None]
    text_ids = {s.id for s in fmt.text_sections}
    places += [prose_title_position(fmt, t) for t in dict.fromkeys(finding.texts) if t in text_ids]
    return places


def _key_position(fmt: Format, key: str) -> Position | None:
    return position(fmt, key) if fmt.has_cell(key) else meta_position(fmt, key)


def write_findings_sheet(ctx: Context, findings: Sequence[FindingLike]) -> Worksheet:
    """Sheet 校验结果: every finding with a link to its (first) cell; '未发现问题' when none."""
    sheet = ctx.workbook.add_worksheet(FINDINGS_SHEET)
    styles = ctx.styles
    heights = RowHeights()
    widths = [w for _, w in _COLUMNS]
    for col, (label, width) in enumerate(_COLUMNS):
        sheet.write_string(0, col, label, styles.get("header"))
        sheet.set_column(col, col, width)
    if not findings:
        sheet.merge_range(1, 0, 1, len(_COLUMNS) - 1, "未发现问题。", styles.get("label"))
        heights.need(1, 24)
    for index, finding in enumerate(findings, start=1):
        row = index
        fill = fill_for([finding])
        cell = styles.get("label")
        sheet.write_number(row, 0, index, styles.get("group"))
        sheet.write_string(row, 1, severity.label(finding.severity), styles.get("group", fill=fill))
        sheet.write_string(row, 2, finding.rule, styles.get("group"))
        sheet.write_string(row, 3, finding.code, cell)
        sheet.write_string(row, 4, finding.message, cell)
        heights.need_text(row, row, finding.message, widths[4])
        places = _places(ctx.fmt, finding)
        if places:
            text = describe_places(places)
            sheet.write_url(row, 5, f"internal:{places[0].ref}", styles.get("link"), string=text)
            heights.need_text(row, row, text, widths[5])
        else:
            sheet.write_blank(row, 5, None, cell)
        sheet.write_string(row, 6, finding.acknowledged or "", cell)
        heights.need_text(row, row, finding.acknowledged or "", widths[6])
        heights.need(row, 20)
    heights.apply(sheet)
    sheet.freeze_panes(1, 0)
    print_setup(ctx, sheet, landscape=True, repeat=(0, 0))
    return sheet
