"""A report's tables laid out the ways real pages print them, for the stream importer's tests.

Rows come from the Format (labels, order, columns); the layouts only change how the cells
are separated: `|` rows, one cell per line ending in " |" with "|||" spacers, cells between
empty lines, cells run together, the whole page on one line, Markdown with section 三 split
into one small table per group under made-up column names, Traditional characters, a page
cut off in the middle of 三.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.importers.variants import full_text
from workbook.model.report import Report, Value

Row = tuple[list[str], list[str]]  # label cells, value cells (no values: a header row)

_TRAD = dict(
    zip(
        "万业为会体处复务动区单发后国审对属开强当总执护报据数无机权条构没现确稳类系纠纳组织经结继续"
        "维缴罚范获补规计认议许讼访诉询请购费转过这进采问项题额关内决况减办废",
        "萬業為會體處復務動區單發後國審對屬開強當總執護報據數無機權條構沒現確穩類係糾納組織經結繼續"
        "維繳罰範獲補規計認議許訟訪訴詢請購費轉過這進採問項題額關內決況減辦廢",
        strict=True,
    )
)


def cell(v: Value) -> str:
    return "" if v is None else str(v)


def table_rows(report: Report) -> dict[str, list[Row]]:
    """Header and data rows of 二, 三 and 四 in official order."""
    fmt = report.format
    out: dict[str, list[Row]] = {"active": [], "requests": [], "appeals": []}
    for block in fmt.tables["active"].blocks:
        out["active"].append(([block.title], []))
        out["active"].append((["信息内容", *[c.label for c in block.columns]], []))
        for row in block.rows:
            vals = [cell(report.values[f"active.{row.id}.{c.id}"]) for c in block.columns]
            out["active"].append(([row.label], vals))
    table = fmt.tables["requests"]
    cols = table.blocks[0].columns
    out["requests"].append(([table.note, table.column_header, cols[0].label, cols[1].group], []))
    out["requests"].append(([c.label for c in cols[1:]], []))
    for row in table.rows:
        labels = [x for x in (row.group, row.subgroup, row.label) if x]
        vals = [cell(report.values[f"requests.{row.id}.{c.id}"]) for c in cols]
        out["requests"].append((labels, vals))
    acols = fmt.tables["appeals"].blocks[0].columns
    rid = fmt.tables["appeals"].rows[0].id
    out["appeals"].append((["行政复议", "行政诉讼"], []))
    out["appeals"].append((["未经复议直接起诉", "复议后起诉"], []))
    out["appeals"].append(([c.label for c in acols], []))
    out["appeals"].append(([], [cell(report.values[f"appeals.{rid}.{c.id}"]) for c in acols]))
    return out


def _page(report: Report, render: Callable[[list[Row]], list[str]]) -> str:
    fmt = report.format
    rows = table_rows(report)
    lines: list[str] = []
    for section in fmt.table_sections:
        lines.append(section.title)
        lines.extend(render(rows[section.id]))
        lines.append("")
    return full_text(report, "\n".join(lines))


def pipes(report: Report) -> str:
    return _page(report, lambda rows: ["| " + " | ".join(a + b) + " |" for a, b in rows])


def spacers(report: Report) -> str:
    """One cell per line ending in " |", a "|||" line after each row (portal copies)."""

    def render(rows: list[Row]) -> list[str]:
        out = []
        for a, b in rows:
            out.extend(f"{c} |" for c in a + b)
            out.append("|||")
        return out

    return _page(report, render)


def empty_lines(report: Report) -> str:
    def render(rows: list[Row]) -> list[str]:
        return [x for a, b in rows for c in a + b for x in (c, "")]

    return _page(report, render)


def run_together(report: Report) -> str:
    """Each row on one line with no space anywhere: "行政规范性文件77132470"."""
    return _page(report, lambda rows: ["".join(a + b) for a, b in rows])


def one_line(report: Report) -> str:
    """The whole page as one line (every line break dropped), cells kept apart by spaces."""
    return " ".join(x for x in pipes(report).replace("|", " ").split("\n") if x.strip())


def one_line_run_together(report: Report) -> str:
    """The whole page as one line with the table cells run together."""
    return "".join(run_together(report).split("\n"))


def markdown_split(report: Report) -> str:
    """Markdown as an OCR/LLM tool writes it: 三 as one small table per group, columns
    named 列1…列7, group labels as headings."""

    def render_requests(rows: list[Row]) -> list[str]:
        out: list[str] = []
        current = None
        for a, b in rows:
            if not b:
                continue
            group = a[-2] if len(a) >= 2 else "申请情况"
            if group != current:
                current = group
                out += [
                    "",
                    f"### {group}",
                    "",
                    "| 项目 | " + " | ".join(f"列{i + 1}" for i in range(len(b))) + " |",
                ]
                out.append("|" + "---|" * (len(b) + 1))
            out.append(f"| {a[-1]} | " + " | ".join(b) + " |")
        return out

    return _markdown(report, render_requests)


def _markdown(report: Report, render_requests: Callable[[list[Row]], list[str]]) -> str:
    """Each table as Markdown under its heading, 三 drawn by `render_requests`."""
    rows = table_rows(report)
    lines: list[str] = []
    for section in report.format.table_sections:
        lines.append(f"## {section.title}")
        if section.id == "requests":
            lines.extend(render_requests(rows["requests"]))
        else:
            for a, b in rows[section.id]:
                lines.append("| " + " | ".join(a + b) + " |")
                if not b:
                    lines.append("|" + "---|" * len(a))
        lines.append("")
    return full_text(report, "\n".join(lines))


def traditional(report: Report) -> str:
    return pipes(report).translate(str.maketrans(_TRAD))


def cut_off(report: Report, keep_rows: int = 9) -> str:
    """A partial page: the text stops after `keep_rows` rows of section 三."""
    text = empty_lines(report)
    fmt = report.format
    row = fmt.tables["requests"].rows[keep_rows - 1]
    at = text.index(row.label)
    values = table_rows(report)["requests"][keep_rows + 1][1]
    end = at + len(row.label)
    for v in values:
        end = text.index(v, end) + len(v) if v else end
    return text[:end]


def appeals_rows(report: Report) -> str:
    """Section 四 as three rows of five (复议后起诉 first), a clerk's own table."""
    fmt = report.format
    cols = fmt.tables["appeals"].blocks[0].columns
    rid = fmt.tables["appeals"].rows[0].id
    groups: dict[str, list[str]] = {}
    for c in cols:
        groups.setdefault(c.subgroup or c.group, []).append(
            cell(report.values[f"appeals.{rid}.{c.id}"])
        )
    rows = table_rows(report)
    lines: list[str] = []
    for section in fmt.table_sections:
        lines.append(section.title)
        if section.id == "appeals":
            lines.append("| | " + " | ".join(c.label for c in cols[:5]) + " |")
            for name in reversed(list(groups)):
                lines.append(f"| {name} | " + " | ".join(groups[name]) + " |")
        else:
            lines.extend("| " + " | ".join(a + b) + " |" for a, b in rows[section.id])
        lines.append("")
    return full_text(report, "\n".join(lines))


def labels_together(report: Report) -> str:
    """Table 三's rows 予以公开 and 部分公开 with their labels printed together and both rows'
    numbers after them (a label wrapped in a PDF), the page then re-flowed onto one line."""

    def render(rows: list[Row]) -> list[str]:
        out = ["| " + " | ".join(a + b) + " |" for a, b in rows]
        at = next((i for i, (a, b) in enumerate(rows) if b and "予以公开" in "".join(a)), None)
        if at is None or at + 1 >= len(rows) or not rows[at + 1][1]:
            return out
        (a1, b1), (a2, b2) = rows[at], rows[at + 1]
        out[at : at + 2] = [" ".join(a1 + a2[-1:]), " ".join(b1 + b2)]
        return out

    return " ".join(_page(report, render).split("\n"))


def numbers_first(report: Report) -> str:
    """Every row's numbers before its label (a PDF's default reading order pasted as text)."""
    return _page(report, lambda rows: [" ".join(b + a) for a, b in rows])


def one_line_numbers_first(report: Report) -> str:
    """The same, every line break dropped."""
    return " ".join(numbers_first(report).split("\n"))


def ocr_markdown(report: Report, names: str = "数据{}", invented_at: int = 5) -> str:
    """Markdown as OCR writes a scanned page: 三 as one table whose columns are named 数据1…
    (the headers it could not read), a header row invented again in the middle of 三 (where a
    page broke), the label columns of 三 run into one cell."""

    def header(width: int) -> list[str]:
        heads = [names.format(i + 1) for i in range(width - 1)] + ["总计"]
        return ["| 项目 | " + " | ".join(heads) + " |", "|" + "---|" * (width + 1)]

    def render_requests(rows: list[Row]) -> list[str]:
        body = [(a, b) for a, b in rows if b]
        width = len(body[0][1])
        out = header(width)
        for i, (a, b) in enumerate(body):
            if i == invented_at:
                out += ["", *header(width)]
            out.append(f"| {''.join(a)} | " + " | ".join(b) + " |")
        return out

    return _markdown(report, render_requests)


LAYOUTS: dict[str, Callable[[Report], str]] = {
    "appeals_rows": appeals_rows,
    "pipes": pipes,
    "spacers": spacers,
    "empty_lines": empty_lines,
    "run_together": run_together,
    "one_line": one_line,
    "one_line_run_together": one_line_run_together,
    "markdown_split": markdown_split,
    "traditional": traditional,
    "labels_together": labels_together,
    "numbers_first": numbers_first,
    "one_line_numbers_first": one_line_numbers_first,
    "ocr_markdown": ocr_markdown,
}


def reflow(text: str, how: str) -> str:
    """A real page re-flowed as copies do: line breaks as spaces (nl_space), all lines joined
    with a space or nothing (join_space, join_none), one cell per line with " |" spacers
    (spacers) or between empty lines (empty_lines)."""
    lines = text.split("\n")
    if how == "nl_space":  # every line break turned into a space, indentation kept
        return text.replace("\n", " ")
    if how == "join_space":
        return " ".join(ln.strip() for ln in lines if ln.strip())
    if how == "join_none":
        return "".join(ln.strip() for ln in lines)
    cells = [
        [c.strip() for c in re.split(r"[\t|]| {2,}", ln) if c.strip()] if ln.strip() else []
        for ln in lines
    ]
    if how == "spacers":
        return "\n".join(x for row in cells for x in ([f"{c} |" for c in row] + ["|||"]))
    return "\n".join(x for row in cells for c in row for x in (c, ""))  # empty_lines


REFLOWS = ("nl_space", "join_space", "join_none", "spacers", "empty_lines")
