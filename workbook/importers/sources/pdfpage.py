"""What is printed on each page of a PDF: words with their boxes, and ruled tables as grids.

PDFium (through pypdfium2) gives every character with its box, about ten times faster than the
pure-Python pdfminer under pdfplumber (a six-page report in tens of milliseconds instead of half
a second). Characters are joined into words by position — never in the order the PDF happens to
store them. Ruling lines (the borders of table cells, drawn as thin paths) are collected per
page; where they enclose a table, its cells are found the way a reader sees them: a border
missing between two grid slots means one merged cell, whose words (wrapped lines included) are
its text, at its top-left slot; the other slots are blank.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

PDFIUM_LOCK = threading.Lock()
Item = tuple[float, str, Any]  # (top, "words" | "table", list[Word] | grid)
_WHITE = frozenset({0, 0x02, 0x09, 0x0A, 0x0D, 0x20, 0xA0, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF})
_TOL = 1.5  # points: lines this close are the same line


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Rulings:
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)  # y, x0, x1
    vertical: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1


# ---------------------------------------------------------------- characters into words
def page_words(page: Any, height: float) -> list[Word]:
    """Characters into words: same line, touching (a space or a wider gap separates words)."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        chars: list[Word] = []
        for i in range(textpage.count_chars()):
            code = raw.FPDFText_GetUnicode(textpage.raw, i)
            if code in _WHITE or raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            # Across: the loose box (the glyph's advance). Down: the baseline, the same for
            # every character of a line (glyph boxes are not: "一", "，"), and a size from the
            # loose box — its height, or its advance for a full-width character. The font size
            # PDFium reports is not used: some programs scale text by the text matrix instead
            # (Qt writes 100 for a 22-point title).
            rect = raw.FS_RECTF()
            if not raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect):
                continue
            x, y = raw.c_double(), raw.c_double()
            if not raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y):
                continue
            size = max(rect.top - rect.bottom, rect.right - rect.left)
            if size <= 0.5:
                continue
            baseline = height - y.value
            chars.append(
                Word(chr(code), rect.left, rect.right, baseline - 0.8 * size, baseline + 0.2 * size)
            )
    finally:
        textpage.close()
    return _join_chars(chars)


def _join_chars(chars: list[Word]) -> list[Word]:
    words: list[Word] = []
    for line in _lines(chars):
        current: Word | None = None
        for ch in sorted(line, key=lambda c: c.x0):
            size = ch.bottom - ch.top
            if current is not None and -0.3 * size <= ch.x0 - current.x1 <= 0.15 * size:
                current.text += ch.text
                current.x1 = max(current.x1, ch.x1)
                current.top, current.bottom = (
                    min(current.top, ch.top),
                    max(current.bottom, ch.bottom),
                )
            else:
                current = Word(ch.text, ch.x0, ch.x1, ch.top, ch.bottom)
                words.append(current)
    return words


def _lines(items: list[Word]) -> list[list[Word]]:
    """Items whose vertical middles lie within 45 % of a glyph's height: one printed line."""
    lines: list[list[Word]] = []
    middle = 0.0
    for w in sorted(items, key=lambda w: w.middle):
        if lines and abs(w.middle - middle) <= 0.45 * max(w.bottom - w.top, 1.0):
            lines[-1].append(w)
        else:
            lines.append([w])
            middle = w.middle
    return lines


# ---------------------------------------------------------------- ruling lines into tables
def page_rulings(page: Any, height: float) -> _Rulings:
    """Thin stroked or filled paths: the borders of table cells."""
    import pypdfium2.raw as raw

    rulings = _Rulings()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        y0, y1 = height - top, height - bottom
        if h <= 2.5 and w > 3:
            rulings.horizontal.append(((y0 + y1) / 2, left, right))
        elif w <= 2.5 and h > 3:
            rulings.vertical.append(((left + right) / 2, y0, y1))
        elif w > 3 and h > 3 and _stroked(obj):  # a cell drawn as a rectangle outline
            rulings.horizontal += [(y0, left, right), (y1, left, right)]
            rulings.vertical += [(left, y0, y1), (right, y0, y1)]
    return rulings


def _stroked(obj: Any) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = raw.c_int(), raw.FPDF_BOOL()
    if not raw.FPDFPath_GetDrawMode(obj.raw, fill, stroke):
        return False
    return bool(stroke.value) and raw.FPDFPath_CountSegments(obj.raw) <= 6


def _root(parent: list[int], i: int) -> int:
    """Union-find: the representative of i (with path halving)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _merge(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _TOL:
            out.append(v)
    return out


def _tables(rulings: _Rulings) -> list[tuple[list[float], list[float], _Rulings]]:
    """Groups of touching rulings with at least two of each direction: one table each."""
    segments = [("h", s) for s in rulings.horizontal] + [("v", s) for s in rulings.vertical]
    parent = list(range(len(segments)))
    hs = [i for i, (k, _) in enumerate(segments) if k == "h"]
    vs = [i for i, (k, _) in enumerate(segments) if k == "v"]
    for i in hs:
        y, x0, x1 = segments[i][1]
        for j in vs:
            x, y0, y1 = segments[j][1]
            if x0 - _TOL <= x <= x1 + _TOL and y0 - _TOL <= y <= y1 + _TOL:
                parent[_root(parent, i)] = _root(parent, j)
    groups: dict[int, _Rulings] = {}
    for i, (kind, seg) in enumerate(segments):
        g = groups.setdefault(_root(parent, i), _Rulings())
        (g.horizontal if kind == "h" else g.vertical).append(seg)
    result = []
    for g in groups.values():
        ys = _merge([y for y, _, _ in g.horizontal])
        xs = _merge([x for x, _, _ in g.vertical])
        if len(ys) >= 2 and len(xs) >= 2:
            result.append((ys, xs, g))
    return result


def _covered(segments: list[tuple[float, float, float]], at: float, a: float, b: float) -> bool:
    """A ruling at `at` runs along the whole stretch a..b (several pieces may do it together)."""
    pieces = sorted((lo, hi) for pos, lo, hi in segments if abs(pos - at) <= _TOL)
    reach = a + _TOL
    for lo, hi in pieces:
        if lo - _TOL <= reach:
            reach = max(reach, hi)
    return reach >= b - _TOL


def table_items(words: list[Word], rulings: _Rulings) -> tuple[list[Item], list[Word]]:
    """Ruled tables as grids, and the words outside them."""
    items: list[Item] = []
    free = list(words)
    for ys, xs, g in _tables(rulings):
        rows, cols = len(ys) - 1, len(xs) - 1
        inside = [
            w for w in free if xs[0] <= (w.x0 + w.x1) / 2 <= xs[-1] and ys[0] <= w.middle <= ys[-1]
        ]
        if not inside:
            continue
        # Slots joined where no border separates them: merged cells.
        owner = list(range(rows * cols))
        for r in range(rows):
            for c in range(cols):
                here = r * cols + c
                if c + 1 < cols and not _covered(g.vertical, xs[c + 1], ys[r], ys[r + 1]):
                    owner[_root(owner, here + 1)] = _root(owner, here)
                if r + 1 < rows and not _covered(g.horizontal, ys[r + 1], xs[c], xs[c + 1]):
                    owner[_root(owner, here + cols)] = _root(owner, here)
        texts: dict[int, list[Word]] = {}
        for w in inside:
            r = min(max(bisect_right(ys, w.middle) - 1, 0), rows - 1)
            c = min(max(bisect_right(xs, (w.x0 + w.x1) / 2) - 1, 0), cols - 1)
            texts.setdefault(_root(owner, r * cols + c), []).append(w)
        grid: list[list[str | None]] = [[None] * cols for _ in range(rows)]
        first_slot: dict[int, int] = {}
        for i in range(rows * cols):
            first_slot.setdefault(_root(owner, i), i)
        for slot, ws in texts.items():
            first = first_slot[slot]
            grid[first // cols][first % cols] = "".join(
                w.text for line in _lines(ws) for w in sorted(line, key=lambda w: w.x0)
            )
        grid = [row for row in grid if any(row)]
        if len(grid) >= 2:
            items.append((ys[0], "table", grid))
            taken = {id(w) for w in inside}
            free = [w for w in free if id(w) not in taken]
    return items, free
