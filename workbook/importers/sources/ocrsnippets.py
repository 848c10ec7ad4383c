"""Where on the scan each number was read, and a small picture of it for the clerk.

A clerk confirms a handful of cells instead of retyping 200 only if the cell to confirm shows
what the scan says there. The reader keeps each number's box (`Imported.ocr_boxes`, found by
workbook.importers.sources.ocr); a cell no word was read from is placed between the numbers read
in its row and its column, so a snippet never shows another cell's number.

The page is then drawn again (one page picture in memory at a time, as when it was read), turned
straight the same way, and the row around the cell — from its label to a little past the cell,
the cell framed in red — is cut out and shipped as a PNG of at most 40 KB.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import median
from typing import Any

from workbook.model.imported import Imported

MAX_BYTES = 40 * 1024  # one snippet travels with the report: small
MAX_SNIPPETS = 80  # more cells to confirm than this and the page was not read, not doubtful
MAX_WIDTH = 900  # pixels: a snippet fits in a tooltip on a 1366-pixel screen
ROW_PAD = 0.45  # of the word's height, above and below: the row, not the rows around it
CELL_PAD = 0.5  # of the word's height, left and right of the framed cell
FRAME = (40, 40, 220)  # red, in OpenCV's blue-green-red order
FILL_IN = "请对照原件填写"

Box = tuple[float, float, float, float]  # x0, top, x1, bottom, in pixels of the straightened page
Located = dict[str, tuple[int, Box]]  # cell key -> page index, box


def attach_snippets(
    imported: Imported, pages: Sequence[Callable[[], Any]], read: Sequence[tuple[list[Any], Any]]
) -> None:
    """Cells the sums did not confirm — a reading kept, a reading or a cell left blank with a
    note — marked for the clerk (`imported.review`) with the picture of where each is on the
    scan (`imported.ocr_snippets`). Places come from `imported.ocr_boxes` (pixels, kept by the
    reader); a cell no word was read from is found between the numbers read in its row and its
    column."""
    from workbook.model.cellnames import describe

    fmt = imported.report.format
    values = imported.report.values
    for note in imported.notes:  # blank with a note: the clerk fills it in from the scan
        key = note.key
        if fmt.has_cell(key) and values.get(key) is None and key not in imported.review:
            said = note.message.removeprefix(f"{describe(fmt, key)}：")
            imported.review[key] = said if FILL_IN in said else f"{said}，{FILL_IN}"
    if not imported.review:
        return
    places: Located = {k: (p, (b[0], b[1], b[2], b[3])) for k, (p, b) in imported.ocr_boxes.items()}
    for key in imported.review:
        if key not in places and fmt.has_cell(key):
            guess = _between(fmt, key, places)
            if guess is not None:
                places[key] = guess
    wanted = [k for k in imported.review if k in places][:MAX_SNIPPETS]
    for index in sorted({places[k][0] for k in wanted}):
        page, scale = _page(pages[index])
        words = [_in_pixels(w, scale) for w in read[index][0]]
        lines = [(y / scale, a / scale, b / scale) for y, a, b in _across(read[index][1])]
        for key in (k for k in wanted if places[k][0] == index):
            x0, top, x1, bottom = places[key][1]
            box = (round(x0), round(top), round(x1), round(bottom))
            imported.ocr_boxes.setdefault(key, (index, box))
            png = _snippet(page, (x0, top, x1, bottom), words, lines)
            if png is not None:
                imported.ocr_snippets[key] = png
        del page  # one page picture at a time


def _in_pixels(word: Any, scale: float) -> Box:
    return (word.x0 / scale, word.top / scale, word.x1 / scale, word.bottom / scale)


def _between(fmt: Any, key: str, places: Located) -> tuple[int, Box] | None:
    """Where a cell nothing was read from sits: the height of its row's numbers, the width of
    its column's, on the page where both were read."""
    cell = fmt.cell(key)
    row, col = [], []
    for other, place in places.items():
        o = fmt.cell(other)
        if (o.table, o.block) != (cell.table, cell.block):
            continue
        if o.row_id == cell.row_id:
            row.append(place)
        elif o.col_id == cell.col_id:
            col.append(place)
    for page in sorted({p for p, _ in row} & {p for p, _ in col}):
        ys = [b for p, b in row if p == page]
        xs = [b for p, b in col if p == page]
        top, bottom = median(b[1] for b in ys), median(b[3] for b in ys)
        middle = median((b[0] + b[2]) / 2 for b in xs)
        half = max(max((b[2] - b[0]) / 2 for b in xs), (bottom - top) / 2)
        return page, (middle - half, top, middle + half, bottom)
    return None


def _page(draw: Callable[[], Any]) -> tuple[Any, float]:
    """The page as it was read: drawn again and turned straight; points per pixel."""
    from workbook.importers.sources.ocrimage import A4_WIDTH, straighten

    page = straighten(draw())
    return page, A4_WIDTH / page.shape[1]


def _across(rulings: Any) -> list[tuple[float, float, float]]:
    """The table's horizontal borders (y, x0, x1 in points), if the page had any."""
    return list(getattr(rulings, "horizontal", None) or [])


def _snippet(
    page: Any, box: Box, words: list[Box], lines: list[tuple[float, float, float]]
) -> bytes | None:
    """The row from its label to just past the cell, the cell framed (all in pixels of the
    page): between the table's borders above and below the cell (a label wrapped onto a second
    line is whole), else a little above and below the number; a PNG of at most MAX_BYTES."""
    import cv2

    x0, top, x1, bottom = box
    height = bottom - top
    middle = (top + bottom) / 2
    row = [w for w in words if w[1] <= middle <= w[3] and w[2] <= x0]
    left = min([w[0] for w in row], default=x0) - CELL_PAD * height
    right = x1 + 4 * CELL_PAD * height
    h, w = page.shape[:2]
    y0, y1 = top - ROW_PAD * height, bottom + ROW_PAD * height
    centre = (x0 + x1) / 2
    borders = [y for y, a, b in lines if a <= centre <= b]
    above = max((y for y in borders if y < top), default=None)
    below = min((y for y in borders if y > bottom), default=None)
    if above is not None and below is not None and below - above <= 4 * height:
        y0, y1 = above - 2, below + 2  # the row as printed, its borders just in view
    cut = [left, y0, right, y1]
    a, b, c, d = (max(0, min(round(v), limit)) for v, limit in zip(cut, (w, h, w, h), strict=True))
    if c - a < 4 or d - b < 4:
        return None
    piece = cv2.cvtColor(page[b:d, a:c], cv2.COLOR_GRAY2BGR)
    pad = max(2, round(0.25 * height))
    inside = piece.shape[1] - 2, piece.shape[0] - 2  # the frame whole, even in a tight row
    corner = (max(1, round(x0) - a - pad), max(1, round(top) - b - pad))
    far = (min(inside[0], round(x1) - a + pad), min(inside[1], round(bottom) - b + pad))
    cv2.rectangle(piece, corner, far, FRAME, 2)
    if piece.shape[1] > MAX_WIDTH:
        piece = _resize(piece, MAX_WIDTH / piece.shape[1])
    while True:
        ok, data = cv2.imencode(".png", piece, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        if not ok:
            return None
        if len(data) <= MAX_BYTES:
            return bytes(data)
        if piece.shape[1] < 80:
            return None
        piece = _resize(piece, 0.75)


def _resize(piece: Any, factor: float) -> Any:
    import cv2

    h, w = piece.shape[:2]
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return cv2.resize(piece, size, interpolation=cv2.INTER_AREA)
