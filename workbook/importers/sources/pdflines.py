"""A page's printed lines back into table rows: cells, wrapped labels, wrapped numbers, blanks.

Where a table has no ruling lines, its rows are only words at positions. A printed line is split
into cells (a label then numbers, or wide gaps); a label wrapped over several lines joins the
line of its numbers; a number wrapped inside a narrow cell is put back together (or dropped,
never misread); and a blank cell, which prints as nothing, is placed by the columns the other
rows of the table show. Used by workbook.importers.sources.pdf.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from statistics import median

from workbook.importers.layout.grid import is_value_cell
from workbook.importers.sources.pdfpage import Word
from workbook.model.format import available_formats, load_format
from workbook.model.labels import normalize_label
from workbook.model.values import ZERO_MARKS


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
        return [join_words(c) for c in self.cells]


def join_words(words: list[Word]) -> str:
    """Words of one cell: CJK runs joined directly, Latin words and numbers with a space."""
    out = ""
    for w in words:
        if out and out[-1].isascii() and out[-1].isalnum() and w.text[0].isascii():
            out += " "
        out += w.text
    return out


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
    if (
        first_value is not None
        and all(is_number_word(w.text) for w in words[first_value:])
        and not _prose_before_number(words, first_value)
    ):
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


_SENTENCE_MARKS = "。；！？《》"  # in no label of any format (quotes are: 危及“三安全一稳定”)


@cache
def _row_labels() -> tuple[str, ...]:
    labels: set[str] = set()
    for format_id in available_formats():
        for table in load_format(format_id).tables.values():
            for row in table.rows:
                labels.update(normalize_label(t) for t in (row.label, *row.aliases))
    return tuple(t for t in labels if t)


def _prose_before_number(words: list[Word], first_value: int) -> bool:
    """A sentence wrapped just after a number ("…废止 2" / "件，修改…"), not a table row: the
    words before it end a sentence or name a document, or the number follows them without a
    gap (digits inside a sentence) and they are no part of any row label of the form."""
    if first_value == 0:
        return False
    label = join_words(words[:first_value])
    if any(m in label for m in _SENTENCE_MARKS):
        return True
    size = median(w.bottom - w.top for w in words)
    if words[first_value].x0 - words[first_value - 1].x1 >= 0.5 * size:
        return False  # a gap as between a label and its column
    text = normalize_label(label)
    return bool(text) and not any(text in row or row in text for row in _row_labels())


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


def is_heading(line: Line) -> bool:
    text = normalize_label(" ".join(line.texts()))
    return any(text.startswith(w) for w in _heading_words())


def _first_value_x(line: Line) -> float:
    return next((c[0].x0 for c in line.cells if is_value_cell(join_words(c))), line.cells[-1][0].x0)


def join_wrapped_labels(lines: list[Line]) -> list[Line]:
    """A row label wrapped over several printed lines, its numbers beside one of them: each
    label-only fragment left of the numbers joins the nearest line of numbers above or below,
    when only such fragments lie between them, closely spaced (a label, not a heading)."""
    values = [i for i, ln in enumerate(lines) if _is_values_line(ln)]
    if not values:
        return lines
    owner: dict[int, int] = {}
    for i, line in enumerate(lines):
        if i in values or is_heading(line):
            continue
        height = line.bottom - line.top
        candidates = []
        above = max((v for v in values if v < i), default=None)
        below = min((v for v in values if v > i), default=None)
        for side, v in ((0, above), (1, below)):
            if v is None or any(w.x1 > _first_value_x(lines[v]) for w in line.words):
                continue
            chain = lines[min(v, i) : max(v, i) + 1]
            if any(is_heading(b) for b in chain):
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
    return len(line.cells) >= 2 and all(is_number_word(join_words(c)) for c in line.cells)


def join_wrapped_numbers(lines: list[Line]) -> list[Line]:
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
    return [k for k, c in enumerate(line.cells) if c and is_number_word(join_words(c))]


def fill_blank_columns(lines: list[Line]) -> list[Line]:
    """A row printed without ruling lines shows a blank cell as nothing at all: "18 19 21 …"
    has six numbers for seven columns. Where most rows of the same table print all their
    numbers in clear columns, such a row's numbers are placed by their position under those
    columns and the missing ones are blank — only when every number sits clearly in a column
    of its own; otherwise the row stays as it is (and is noted, never guessed)."""
    segment: list[Line] = []
    segments = [segment]
    for line in lines:
        if is_heading(line):
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
