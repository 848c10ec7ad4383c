"""The report as a publication: built once from format + report, rendered to HTML and Word.

Both renderers walk this one model, so the web page, the printout and the Word file cannot
drift apart. The clean copy (正式文本) has the title, the six sections, the three tables and the
signature; the checking draft (校验稿) adds the identity line, the marks on cells with findings
and the list of findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from unicodedata import east_asian_width

from workbook.model import severity as severities
from workbook.model.grid import HEADER, LABEL, TITLE_ROLE, VALUE, Grid, table_grid
from workbook.model.layout import META_FIELDS
from workbook.model.marks import FindingLike
from workbook.model.report import Report
from workbook.model.values import format_value

# Full-width characters in a line of the title (二号 on A4 between the margins in Word, the
# preview's larger heading on paper): a little under what fits, so a renderer never has to wrap.
TITLE_PER_LINE = 19.0


def chinese_date(d: date | None) -> str:
    """2025年1月14日, or blanks to be filled in by pen."""
    return f"{d.year}年{d.month}月{d.day}日" if d else "　　年　　月　　日"


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    kind: str  # grid.HEADER | LABEL | VALUE
    row_span: int = 1
    col_span: int = 1
    fill: str = ""  # draft only: the mark of a finding


@dataclass(frozen=True)
class Table:
    grid: Grid  # workbook.model.grid: the official grid the sheet and the screen share
    unit: str
    landscape: bool  # the national form prints it landscape; on paper it is kept on one page
    rows: tuple[tuple[Cell, ...], ...]  # per grid row, the cells starting on it, left to right
    blocks: tuple[tuple[int, int], ...]  # (first, last) grid rows of each part kept on one page

    @property
    def header_rows(self) -> int:
        """Rows repeated when the table breaks across pages (0 for 二: blocks move whole)."""
        return self.grid.header_rows


@dataclass(frozen=True)
class Figure:
    """A picture under a section's paragraphs (the analysis report's charts), PNG bytes."""

    png: bytes
    caption: str
    width_mm: float = 150.0


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    paragraphs: tuple[str, ...] = ()  # prose sections
    table: Table | None = None
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Finding:
    severity: str
    label: str  # 错误 / 警告 / 提示
    message: str
    acknowledged: str | None


@dataclass(frozen=True)
class Publication:
    title: str
    agency: str
    date: str  # for the signature
    sections: tuple[Section, ...]
    draft: bool = False
    identity: str = ""  # draft only: 填报单位：…　报告年度：…
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    kind: str = ""  # not a unit's report (workbook.model.kinds): Word and web files say so
    title_lines: tuple[str, ...] = ()  # the title as printed: broken between its phrases


def title_phrases(report: Report) -> tuple[str, ...]:
    """The title's own phrases: agency / year / 政府信息公开工作年度报告."""
    year = f"{report.year}年" if report.year else ""
    return tuple(p for p in (report.agency, year, report.format.title) if p)


def report_title(report: Report) -> str:
    return "".join(title_phrases(report))


def _width(text: str) -> float:
    """In full-width characters: a Chinese character 1, a digit or Latin letter ½."""
    return sum(1.0 if east_asian_width(c) in ("W", "F") else 0.5 for c in text)


def title_lines(phrases: Sequence[str], per_line: float = TITLE_PER_LINE) -> tuple[str, ...]:
    """The title broken only between its phrases (never "…公开工/作年度报告"): each line takes
    as many whole phrases as fit; a phrase longer than a line is left for the renderer to wrap."""
    lines: list[str] = []
    for phrase in phrases:
        if lines and _width(lines[-1] + phrase) <= per_line:
            lines[-1] += phrase
        else:
            lines.append(phrase)
    return tuple(lines)


def _marks(findings: Sequence[FindingLike]) -> dict[str, str]:
    """The fill of each cell key: its worst finding's colour, paler when acknowledged."""
    marks: dict[str, tuple[int, str]] = {}
    for f in findings:
        rank = severities.rank(f.severity)
        fill = severities.fill(f.severity, f.acknowledged is not None)
        for key in f.keys:
            if key not in marks or rank < marks[key][0]:
                marks[key] = (rank, fill)
    return {k: fill for k, (_, fill) in marks.items()}


def _table(report: Report, table_id: str, marks: dict[str, str]) -> Table:
    grid = table_grid(report.format, table_id)
    rows: list[list[Cell]] = [[] for _ in range(grid.rows)]
    for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        text = format_value(report.value(c.key)) if c.kind == VALUE else c.text
        fill = marks.get(c.key, "") if c.kind == VALUE else ""
        rows[c.row].append(Cell(c.row, c.col, text, c.kind, c.row_span, c.col_span, fill))
    titles = sorted(c.row for c in grid.cells if c.role == TITLE_ROLE)
    if titles:  # 二: each 第二十条 block from its title line to the line before the next
        ends = [t - 1 for t in titles[1:]] + [grid.rows - 1]
        blocks = tuple(zip(titles, ends, strict=True))
    else:
        blocks = ((0, grid.rows - 1),)
    return Table(
        grid,
        grid.table.unit,
        grid.table.orientation == "landscape",
        tuple(map(tuple, rows)),
        blocks,
    )


def build(
    report: Report, *, draft: bool = False, findings: Sequence[FindingLike] = ()
) -> Publication:
    """The publication of `report`; `draft` adds the identity line, marks and findings."""
    fmt = report.format
    marks = _marks(findings) if draft else {}
    sections = []
    for s in fmt.sections:
        if s.kind == "text":
            sections.append(Section(s.id, s.title, tuple(report.texts.get(s.id, []))))
        else:
            sections.append(Section(s.id, s.title, table=_table(report, s.id, marks)))
    identity = ""
    listed: tuple[Finding, ...] = ()
    if draft:
        issued = report.issued.isoformat() if report.issued else "未填"
        shown = {"agency": report.agency or "未填", "year": report.year or "未填", "issued": issued}
        identity = "　　".join(f"{f.label}：{shown[f.id]}" for f in META_FIELDS if f.id in shown)
        ordered = sorted(findings, key=lambda f: severities.rank(f.severity))
        listed = tuple(
            Finding(f.severity, severities.label(f.severity), f.message,
                    f.acknowledged)
            for f in ordered
        )  # fmt: skip
    return Publication(
        title=report_title(report),
        title_lines=title_lines(title_phrases(report)),
        agency=report.agency,
        date=chinese_date(report.issued),
        sections=tuple(sections),
        draft=draft,
        identity=identity,
        findings=listed,
    )


__all__ = ["HEADER", "LABEL", "VALUE", "Figure", "Publication", "Section", "Table", "build"]
