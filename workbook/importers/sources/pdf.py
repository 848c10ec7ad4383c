"""Import a published report from a PDF with a text layer, by where its words are on the page.

The order of text inside a PDF is whatever the program that made it chose (a table may be drawn
column by column, labels after their numbers), so the text is never read in stream order:
PDFium gives every character with its box (workbook.importers.sources.pdfpage), and the page is rebuilt
from the boxes. Tables with ruling lines become grids cell by cell (a merged cell's text once,
wrapped labels joined); everything
else is grouped into printed lines by height and into cells by wide gaps, and a wrapped label
whose lines sit above and below its numbers is joined to them. The rows then go where the text,
web and spreadsheet importers send theirs (workbook.importers.pipeline.read_report).

A scanned PDF (pictures, no text layer) is refused here (NoTextLayer); workbook.files then
reads it by OCR (workbook.importers.sources.ocr) when that optional part is installed.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from statistics import median
from typing import Any

from workbook.guards import read_bytes
from workbook.importers.assemble.meta import fill_labelled_meta
from workbook.importers.layout.grid import Grid
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.pipeline import read_report
from workbook.importers.sources.orient import orient_tables
from workbook.importers.sources.pdflines import (
    Line,
    fill_blank_columns,
    group_lines,
    is_number_word,
    join_wrapped_labels,
    join_wrapped_numbers,
)
from workbook.importers.sources.pdfpage import (
    PDFIUM_LOCK,
    Item,
    page_rulings,
    page_words,
    table_items,
)
from workbook.importers.sources.text import clean_lines
from workbook.model.errors import EncryptedFile, FileTooLarge, NotAReport, UnreadableFile
from workbook.model.imported import Imported

MAX_PAGES = 60  # a report has 3–10 pages; a longer PDF is not one (or is a whole yearbook)
TIME_BUDGET = 20.0  # seconds; a pathological PDF must not hang the app
SOURCE_KIND = "PDF"

SCANNED = (
    "“{name}”没有可以读取的文字，像是扫描件或图片转成的PDF。本软件不做文字识别（OCR），"
    "请改用原始的Word/WPS文件、网页或表格，或在本软件中手工填写。"
)
ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请取消密码后另存一份再打开。"
DAMAGED = "无法打开“{name}”：文件已损坏或不是PDF文件。"


def import_pdf(path: str | Path) -> Imported:
    """Read a report from a PDF's text layer; ReportError with a Chinese message otherwise."""
    p = Path(path)
    data = read_bytes(p)
    if b"%PDF" not in data[:1024]:
        raise UnreadableFile(DAMAGED.format(name=p.name))
    pages = read_pages(data, p.name)
    if not any(items for items in pages):
        raise NoTextLayer(SCANNED.format(name=p.name), data)  # workbook.files tries OCR
    return import_items(pages)


class NoTextLayer(NotAReport):
    """Pictures only: workbook.files hands the bytes to OCR (workbook.importers.sources.ocr)."""

    def __init__(self, message: str, data: bytes) -> None:
        super().__init__(message)
        self.data = data


def import_items(pages: list[list[Item]]) -> Imported:
    """Pages of printed lines and ruled tables (from the text layer or from OCR) → report."""
    lines, tables = page_lines(pages)
    tables, notes = orient_tables(tables)
    imported = read_report(lines, tables, SOURCE_KIND)
    imported.notes[:0] = notes
    rows = [r for g in tables.values() for r in g] + [
        [c.strip() for c in ln.strip(" |").split("|")] for ln in lines if ln.startswith("|")
    ]
    return fill_labelled_meta(imported, rows)


# ---------------------------------------------------------------- reading the PDF
def read_pages(data: bytes, name: str) -> list[list[Item]]:
    """Per page, its printed lines and ruled tables from top to bottom."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with PDFIUM_LOCK:  # PDFium is not thread-safe: one document at a time per process
        return _read_pages(pdfium, raw, data, name)


def _read_pages(pdfium: Any, raw: Any, data: bytes, name: str) -> list[list[Item]]:
    started = time.monotonic()
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise EncryptedFile(ENCRYPTED.format(name=name)) from None
        raise UnreadableFile(DAMAGED.format(name=name)) from None
    try:
        if len(document) > MAX_PAGES:
            raise FileTooLarge(f"“{name}”有{len(document)}页，不像是一份年度报告。")
        result: list[list[Item]] = []
        for index in range(len(document)):
            if time.monotonic() - started > TIME_BUDGET:
                raise UnreadableFile(f"“{name}”的内容过于复杂，读取超时。")
            page = document[index]
            try:
                height = page.get_height()
                words = page_words(page, height)
                rulings = page_rulings(page, height) if words else None
            finally:
                page.close()
            if rulings is None:
                result.append([])
                continue
            items, free = table_items(words, rulings)
            items.extend((ln.top, "line", ln) for ln in group_lines(free))
            items.sort(key=lambda it: it[0])
            result.append(items)
        return result
    finally:
        document.close()


_SENTENCE_END = "。！？!?"
_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")


def _margins(lines: list[Line]) -> tuple[float, float] | None:
    """Left and right edge of the body text: where most long prose lines start, and the
    furthest end of those lines (headings, table labels and signatures stand elsewhere)."""
    prose = [ln for ln in lines if len(ln.cells) == 1]
    if len(prose) < 2:
        return None
    widest = max(ln.words[-1].x1 - ln.words[0].x0 for ln in prose)
    long = [ln for ln in prose if ln.words[-1].x1 - ln.words[0].x0 >= 0.6 * widest]
    starts = Counter(round(ln.words[0].x0) for ln in long)
    left = float(starts.most_common(1)[0][0])
    size = median(ln.bottom - ln.top for ln in long)
    body = [ln for ln in long if abs(ln.words[0].x0 - left) <= 2.5 * size]
    return min(ln.words[0].x0 for ln in body), max(ln.words[-1].x1 for ln in body)


def _size(line: Line) -> float:
    """The glyph height of a line — also of a paragraph already joined from several lines."""
    return max(median(w.bottom - w.top for w in line.words), 1.0)


def _indented(lines: list[Line], margins: tuple[float, float] | None) -> bool:
    """Paragraphs start two characters in (as ours and most published reports do): then a
    line at the left margin goes on the paragraph above even when that ended a sentence."""
    if margins is None:
        return False
    starts = [(ln.words[0].x0 - margins[0]) / _size(ln) for ln in lines if len(ln.cells) == 1]
    return sum(1 for s in starts if 1.2 <= s <= 3.0) >= 2


def _continues(line: Line, margins: tuple[float, float], indented: bool = False) -> bool:
    """A prose line that runs to the right margin without ending a sentence goes on below.

    "Runs to the margin" allows three characters short: line breaking keeps a character with
    the punctuation after it, a number with its unit, and moves them to the next line together.
    Where paragraphs are indented, the first line of the next one shows where one ends: a line
    ending a sentence at the margin may go on, and one not ending a sentence goes on however
    short (a long unbreakable "（1.68%）" went to the next line whole)."""
    left, right = margins
    size = _size(line)
    text = line.texts()[0]
    if len(line.cells) != 1 or line.words[0].x0 > left + 2.5 * size:
        return False
    ends_sentence = text[-1] in _SENTENCE_END
    if indented and not ends_sentence and not _SECTION_HEADING.match(text):
        return True
    return line.words[-1].x1 >= right - 3 * size and (indented or not ends_sentence)


def _continuation(line: Line, margins: tuple[float, float]) -> bool:
    """A prose line that starts at the left margin (not indented as a new paragraph is, not a
    section heading such as 六、其他需要报告的事项)."""
    size = _size(line)
    return (
        len(line.cells) == 1
        and line.words[0].x0 <= margins[0] + 0.5 * size
        and not _SECTION_HEADING.match(line.texts()[0])
    )


def _join_paragraphs(
    lines: list[Line], margins: tuple[float, float] | None, indented: bool = False
) -> list[Line]:
    """Prose hard-wrapped at the right margin becomes one line per paragraph again."""
    if margins is None:
        return lines
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _continues(prev, margins, indented)
            and _continuation(line, margins)
            and line.top - prev.bottom < 1.2 * (prev.bottom - prev.top)
        ):
            prev.words.extend(line.words)
            prev.cells[0].extend(line.words)
            prev.bottom = line.bottom
            continue
        out.append(line)
    return out


_PROSE_MARKS = "，。；！？"


def _as_text(texts: list[str]) -> str:
    """One cell: a prose line. Several: a table row as `|` cells — unless no cell is a number
    and the words read as a sentence (a gap left by a glyph the font could not draw)."""
    if len(texts) == 1:
        return texts[0]
    if "".join(texts) == "年月日":  # the 落款's date left blank for the pen
        return "　　".join(texts)
    if not any(is_number_word(t) for t in texts) and any(m in "".join(texts) for m in _PROSE_MARKS):
        return " ".join(texts)
    return "| " + " | ".join(texts) + " |"


def _running_heads(pages: list[list[Item]]) -> set[str]:
    """Texts printed at the top or the bottom of two or more pages: page headers/footers."""
    counts: dict[str, int] = {}
    for items in pages:
        lines = [it for it in items if it[1] == "line"]
        ends = {" ".join(lines[k][2].texts()) for k in (0, -1)} if lines else set()
        for text in ends:
            counts[text] = counts.get(text, 0) + 1
    return {t for t, n in counts.items() if n >= 2} if len(pages) >= 2 else set()


def page_lines(pages: list[list[Item]]) -> tuple[list[str], dict[int, Grid]]:
    """The text importer's input: prose as lines, table rows as `|` rows or table markers.

    A paragraph that runs on from the foot of one page to the top of the next is joined too.
    """
    lines: list[str] = []
    tables: dict[int, Grid] = {}
    heads = _running_heads(pages)
    printed = [it[2] for items in pages for it in items if it[1] == "line"]
    margins = _margins(printed)
    indented = _indented(printed, margins)
    # Per page, runs of printed lines between ruled tables, each table as one entry.
    laid: list[list[tuple[Grid, list[Line]]]] = []  # (table, []) or ([], lines)
    for items in pages:
        line_items = [it[2] for it in items if it[1] == "line"]
        ends = {id(line_items[k]) for k in (0, -1)} if line_items else set()
        blocks: list[tuple[Grid, list[Line]]] = []
        for _, kind, item in items:
            if kind == "table":
                blocks.append((item, []))
            elif not (id(item) in ends and " ".join(item.texts()) in heads):
                if not blocks or blocks[-1][0]:
                    blocks.append(([], []))
                blocks[-1][1].append(item)
        blocks = [(t, join_wrapped_labels(join_wrapped_numbers(run))) for t, run in blocks]
        laid.append(blocks)
    # Columns are learnt from a whole table, which may run over several pages.
    fill_blank_columns([ln for blocks in laid for _, run in blocks for ln in run])
    runs_on = False  # the last printed line so far is a paragraph going on
    for blocks in laid:
        page: list[str] = []
        first = True
        for table, run in blocks:
            if table:
                tables[len(tables)] = table
                page.append(f"{TABLE_MARK}{len(tables) - 1}")
                first, runs_on = False, False
                continue
            for line in _join_paragraphs(run, margins, indented):
                texts = line.texts()
                text = _as_text(texts)
                if not clean_lines(text):  # 第 1 页 共 5 页: a paragraph goes on past it
                    continue
                if first and runs_on and margins and _continuation(line, margins) and lines:
                    lines[-1] += text  # the paragraph from the foot of the last page
                else:
                    page.append(text)
                first = False
                runs_on = margins is not None and _continues(line, margins, indented)
        lines.extend(clean_lines("\n".join(page)))
    return lines, tables
