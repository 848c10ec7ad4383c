"""Import a published report from a PDF with a text layer, by where its words are on the page.

The order of text inside a PDF is whatever the program that made it chose (a table may be drawn
column by column, labels after their numbers), so the text is never read in stream order:
PDFium gives every character with its box (workbook.importers.pdfpage), and the page is rebuilt
from the boxes. Tables with ruling lines become grids cell by cell (a merged cell's text once,
wrapped labels joined); everything
else is grouped into printed lines by height and into cells by wide gaps, and a wrapped label
whose lines sit above and below its numbers is joined to them. The rows then go where the text,
web and spreadsheet importers send theirs (workbook.importers.text.import_lines).

A scanned PDF (pictures, no text layer) is refused with a message saying so: no OCR here.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

from workbook.guards import read_bytes
from workbook.importers.grid import Grid, is_value_cell
from workbook.importers.labelled import fill_labelled_meta
from workbook.importers.pdfpage import (
    PDFIUM_LOCK,
    Item,
    Word,
    page_rulings,
    page_words,
    table_items,
)
from workbook.importers.text import TABLE_MARK, clean_lines, import_lines
from workbook.model.errors import EncryptedFile, FileTooLarge, NotAReport, UnreadableFile
from workbook.model.format import available_formats, load_format
from workbook.model.imported import Imported
from workbook.model.labels import normalize_label
from workbook.model.values import ZERO_MARKS

MAX_PAGES = 60  # a report has 3–10 pages; a longer PDF is not one (or is a whole yearbook)
TIME_BUDGET = 20.0  # seconds; a pathological PDF must not hang the app
SOURCE_KIND = "PDF"

SCANNED = (
    "“{name}”没有可以读取的文字，像是扫描件或图片转成的PDF。本软件不做文字识别（OCR），"
    "请改用原始的Word/WPS文件、网页或表格，或在本软件中手工填写。"
)
ENCRYPTED = "“{name}”设有打开密码，本软件无法读取。请取消密码后另存一份再打开。"
DAMAGED = "无法打开“{name}”：文件已损坏或不是PDF文件。"


@dataclass
class Line:
    """One printed line: its words left to right, grouped into cells by wide gaps."""

    top: float
    bottom: float
    words: list[Word] = field(default_factory=list)
    cells: list[list[Word]] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    def texts(self) -> list[str]:
        return [_join(c) for c in self.cells]


def _join(words: list[Word]) -> str:
    """Words of one cell: CJK runs joined directly, Latin words and numbers with a space."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w.text[0].isascii():
            out += " "
        out += w.text
    return out


def import_pdf(path: str | Path) -> Imported:
    """Read a report from a PDF's text layer; ReportError with a Chinese message otherwise."""
    p = Path(path)
    data = read_bytes(p)
    if b"%PDF" not in data[:1024]:
        raise UnreadableFile(DAMAGED.format(name=p.name))
    pages = read_pages(data, p.name)
    if not any(items for items in pages):
        raise NotAReport(SCANNED.format(name=p.name))
    lines, tables = page_lines(pages)
    imported = import_lines(lines, tables, SOURCE_KIND)
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


# ---------------------------------------------------------------- lines and cells by position
def group_lines(words: list[Word]) -> list[Line]:
    """Words whose vertical middles are within half a glyph height form one printed line."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.middle, w.x0)):
        height = max(w.bottom - w.top, 1.0)
        if lines and abs(lines[-1].middle - w.middle) <= height * 0.45:
            line = lines[-1]
            line.words.append(w)
            line.top, line.bottom = min(line.top, w.top), max(line.bottom, w.bottom)
        else:
            lines.append(Line(w.top, w.bottom, [w]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        line.cells = _cells(line.words)
    return lines


_NUMBER = re.compile(r"^[+\-]?\d[\d,.]*%?$")


def is_number_word(text: str) -> bool:
    """A word that is a whole value: 12, 52.15, 0, or a zero mark (—, /) — not 2024年."""
    t = unicodedata.normalize("NFKC", text).strip()
    return bool(_NUMBER.match(t)) or t in ZERO_MARKS


def _cells(words: list[Word]) -> list[list[Word]]:
    """Cells of a printed line.

    A table row is a label followed only by values ("规章 0 3 12"): every value is a cell of
    its own, however narrow the gaps. Any other line (prose, headers) is split only where the
    gap between words is wider than about one and a half glyphs.
    """
    first_value = next((i for i, w in enumerate(words) if is_number_word(w.text)), None)
    if first_value is not None and all(is_number_word(w.text) for w in words[first_value:]):
        label = words[:first_value]
        return ([label] if label else []) + [[w] for w in words[first_value:]]
    size = median(w.bottom - w.top for w in words)
    cells: list[list[Word]] = [[words[0]]]
    for prev, w in pairwise(words):
        if w.x0 - prev.x1 > size * 1.5:
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _is_values_line(line: Line) -> bool:
    texts = line.texts()
    return len(texts) >= 2 and sum(is_value_cell(t) for t in texts) >= 1


@cache
def _heading_words() -> tuple[str, ...]:
    """Section titles and block titles: lines that are never part of a row label."""
    words: set[str] = set()
    for format_id in available_formats():
        fmt = load_format(format_id)
        words.update(normalize_label(s.title)[:6] for s in fmt.sections)
        for table in fmt.tables.values():
            words.update(normalize_label(b.title) for b in table.blocks if b.title)
    return tuple(w for w in words if w)


def _is_heading(line: Line) -> bool:
    text = normalize_label(" ".join(line.texts()))
    return any(text.startswith(w) for w in _heading_words())


def _first_value_x(line: Line) -> float:
    return next((c[0].x0 for c in line.cells if is_value_cell(_join(c))), line.cells[-1][0].x0)


def _join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """A row label wrapped over several printed lines, its numbers beside one of them: each
    label-only fragment left of the numbers joins the nearest line of numbers above or below,
    when only such fragments lie between them, closely spaced (a label, not a heading)."""
    values = [i for i, ln in enumerate(lines) if _is_values_line(ln)]
    if not values:
        return lines
    owner: dict[int, int] = {}
    for i, line in enumerate(lines):
        if i in values or _is_heading(line):
            continue
        height = line.bottom - line.top
        candidates = []
        above = max((v for v in values if v < i), default=None)
        below = min((v for v in values if v > i), default=None)
        for side, v in ((0, above), (1, below)):
            if v is None or any(w.x1 > _first_value_x(lines[v]) for w in line.words):
                continue
            chain = lines[min(v, i) : max(v, i) + 1]
            if any(_is_heading(b) for b in chain):
                continue
            if any(b.middle - a.middle > 1.7 * height for a, b in pairwise(chain)):
                continue
            distance = abs(line.middle - lines[v].middle)
            if distance <= 12 * height:  # a long label wrapped in a narrow column
                candidates.append((distance, side, v))
        if candidates:
            owner[i] = min(candidates)[2]
    for v in values:
        line = lines[v]
        mine = sorted(i for i, o in owner.items() if o == v)
        if not mine:
            continue
        first_value = _first_value_x(line)
        pieces = [(i, w) for i in mine if i < v for w in lines[i].words]
        pieces += [(v, w) for w in line.words if w.x1 <= first_value]
        pieces += [(i, w) for i in mine if i > v for w in lines[i].words]
        # One label cell, its wrapped pieces read column by column.
        label = [w for column in _label_columns(pieces) for w in column]
        rest = [c for c in line.cells if c[0].x0 >= first_value]
        line.cells = [label, *rest] if label else rest
    return [ln for k, ln in enumerate(lines) if k not in owner]


def _label_columns(pieces: list[tuple[int, Word]]) -> list[list[Word]]:
    """Label words of successive printed lines as label cells: words one above the other
    (overlapping across, directly or through others) are one cell's wrapped text, read line by
    line; the cells are then read left to right — "三、本年度办理结果 | （一）予以公开", not the
    printed lines interleaved."""
    parent = list(range(len(pieces)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (_, a) in enumerate(pieces):
        for j in range(i):
            b = pieces[j][1]
            if a.x0 < b.x1 and b.x0 < a.x1:
                parent[root(i)] = root(j)
    columns: dict[int, list[tuple[int, Word]]] = {}
    for i, piece in enumerate(pieces):
        columns.setdefault(root(i), []).append(piece)
    ordered = sorted(columns.values(), key=lambda ws: min(w.x0 for _, w in ws))
    return [[w for _, w in sorted(ws, key=lambda p: (p[0], p[1].x0))] for ws in ordered]


def _bare_numbers(line: Line) -> bool:
    """A printed line of numbers only (no label), in at least two cells."""
    return len(line.cells) >= 2 and all(is_number_word(_join(c)) for c in line.cells)


def _join_wrapped_numbers(lines: list[Line]) -> list[Line]:
    """Numbers too wide for their narrow cells wrap ("18" above "6" is 186): a line of bare
    numbers right below another, each of its numbers under exactly one number of the line
    above, is joined to it digit by digit. Where the two lines do not fit together so, both
    are dropped — their numbers cannot be told, and a wrong number is worse than a blank."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        height = line.bottom - line.top
        if (
            nxt is None
            or not _bare_numbers(line)
            or not _bare_numbers(nxt)
            or nxt.top - line.bottom > 0.5 * height
        ):
            out.append(line)
            i += 1
            continue
        above = [(c[0].x0, c[-1].x1) for c in line.cells]
        joined = [list(c) for c in line.cells]
        fits = True
        for cell in nxt.cells:
            x0, x1 = cell[0].x0, cell[-1].x1
            hits = [k for k, (a0, a1) in enumerate(above) if x0 < a1 and a0 < x1]
            if len(hits) != 1:
                fits = False
                break
            joined[hits[0]].extend(cell)
        if fits:
            # One word per cell: the digits of a wrapped number run on without a space.
            line.cells = [
                [
                    Word(
                        "".join(w.text for w in c),
                        c[0].x0,
                        max(w.x1 for w in c),
                        c[0].top,
                        c[-1].bottom,
                    )
                ]
                for c in joined
            ]
            line.words = [c[0] for c in line.cells]
            line.bottom = nxt.bottom
            out.append(line)
        i += 2
    return out


def _value_cells(line: Line) -> list[int]:
    return [k for k, c in enumerate(line.cells) if c and is_number_word(_join(c))]


def _fill_blank_columns(lines: list[Line]) -> list[Line]:
    """A row printed without ruling lines shows a blank cell as nothing at all: "18 19 21 …"
    has six numbers for seven columns. Where most rows of the same table print all their
    numbers in clear columns, such a row's numbers are placed by their position under those
    columns and the missing ones are blank — only when every number sits clearly in a column
    of its own; otherwise the row stays as it is (and is noted, never guessed)."""
    segment: list[Line] = []
    segments = [segment]
    for line in lines:
        if _is_heading(line):
            segment = []
            segments.append(segment)
        segment.append(line)
    for part in segments:
        counts = Counter(len(_value_cells(ln)) for ln in part)
        for line in part:
            cells = _value_cells(line)
            k = len(cells)
            fuller = [m for m, n in counts.items() if k < m <= k + 2 and n >= 3]
            if k < 2 or not fuller or cells != list(range(cells[0], cells[0] + k)):
                continue
            m = min(fuller)
            full = [ln for ln in part if len(_value_cells(ln)) == m]
            centres = [
                median(_centre(ln.cells[_value_cells(ln)[j]]) for ln in full) for j in range(m)
            ]
            gaps = [b - a for a, b in pairwise(centres)]
            if not gaps or min(gaps) <= 0:
                continue
            reach = 0.4 * min(gaps)
            slots: list[int] = []
            for index in cells:
                x = _centre(line.cells[index])
                j = min(range(m), key=lambda j: abs(centres[j] - x))
                if abs(centres[j] - x) > reach or (slots and j <= slots[-1]):
                    break
                slots.append(j)
            else:
                filled: list[list[Word]] = [[] for _ in range(m)]
                for index, j in zip(cells, slots, strict=True):
                    filled[j] = line.cells[index]
                line.cells = [*line.cells[: cells[0]], *filled, *line.cells[cells[-1] + 1 :]]
    return lines


def _centre(cell: list[Word]) -> float:
    return (cell[0].x0 + cell[-1].x1) / 2


_SENTENCE_END = "。！？!?"


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


def _continues(line: Line, margins: tuple[float, float]) -> bool:
    """A prose line that runs to the right margin without ending a sentence goes on below."""
    left, right = margins
    size = line.bottom - line.top
    return (
        len(line.cells) == 1
        and line.words[0].x0 <= left + 2.5 * size
        and line.words[-1].x1 >= right - 1.5 * size
        and line.texts()[0][-1] not in _SENTENCE_END
    )


def _continuation(line: Line, margins: tuple[float, float]) -> bool:
    """A prose line that starts at the left margin (not indented as a new paragraph is)."""
    size = line.bottom - line.top
    return len(line.cells) == 1 and line.words[0].x0 <= margins[0] + 0.5 * size


def _join_paragraphs(lines: list[Line], margins: tuple[float, float] | None) -> list[Line]:
    """Prose hard-wrapped at the right margin becomes one line per paragraph again."""
    if margins is None:
        return lines
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and _continues(prev, margins)
            and _continuation(line, margins)
            and line.top - prev.bottom < 1.2 * (prev.bottom - prev.top)
        ):
            prev.words.extend(line.words)
            prev.cells[0].extend(line.words)
            prev.bottom = line.bottom
            continue
        out.append(line)
    return out


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
    margins = _margins([it[2] for items in pages for it in items if it[1] == "line"])
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
        blocks = [(t, _join_wrapped_labels(_join_wrapped_numbers(run))) for t, run in blocks]
        laid.append(blocks)
    # Columns are learnt from a whole table, which may run over several pages.
    _fill_blank_columns([ln for blocks in laid for _, run in blocks for ln in run])
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
            for line in _join_paragraphs(run, margins):
                texts = line.texts()
                text = "| " + " | ".join(texts) + " |" if len(texts) >= 2 else texts[0]
                if first and runs_on and margins and _continuation(line, margins) and lines:
                    lines[-1] += text  # the paragraph from the foot of the last page
                else:
                    page.append(text)
                first = False
                runs_on = margins is not None and _continues(line, margins)
        lines.extend(clean_lines("\n".join(page)))
    return lines, tables
