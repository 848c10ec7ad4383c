"""Where on the scan each number was read, and a small picture of it for the clerk.

A clerk confirms a handful of cells instead of retyping 200 only if the cell to confirm shows
what the scan says there. The reading pipeline does not carry word positions through to the
cells (rows become text, text becomes values), so the place of each number is found by reading
the pages once more with every number word replaced by a tag of its own (900001, 900002 …): the
cell that receives a tag got its number from that word. The shadow reading is trusted per
table only where it agrees with the real one — every tagged cell's word says the number the
real reading has there — so a snippet never shows another cell's number.

The page is then drawn again (one page picture in memory at a time, as when it was read), turned
straight the same way, and the row around the cell — from its label to a little past the cell,
the cell framed in red — is cut out and shipped as a PNG of at most 40 KB.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from statistics import median
from typing import Any

from workbook.model.errors import ReportError
from workbook.model.imported import Imported
from workbook.model.values import parse_value

TAG_BASE = 900000  # tags are numbers no report prints in a cell of a small form
MAX_BYTES = 40 * 1024  # one snippet travels with the report: small
MAX_SNIPPETS = 80  # more cells to confirm than this and the page was not read, not doubtful
MAX_WIDTH = 900  # pixels: a snippet fits in a tooltip on a 1366-pixel screen
ROW_PAD = 0.45  # of the word's height, above and below: the row, not the rows around it
CELL_PAD = 0.5  # of the word's height, left and right of the framed cell
FRAME = (40, 40, 220)  # red, in OpenCV's blue-green-red order
FILL_IN = "请对照原件填写"
_PLAIN = re.compile(r"^[+\-]?\d[\d,]*(\.\d+)?%?$")  # a number; not "1." of "1.属于国家秘密"

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in page points
Located = dict[str, tuple[int, Box]]  # cell key -> page index, box


def locate(pages: Sequence[tuple[list[Any], Any]], imported: Imported) -> Located:
    """cell key → (page index, box of the word in page points) for every cell whose
    number came from one word; `imported` is the reading of the same pages, before the sums."""
    from workbook.importers.sources.ocrpage import page_items
    from workbook.importers.sources.pdf import import_items

    words: dict[int, tuple[int, Any]] = {}
    tagged = []
    for index, (page_words, rulings) in enumerate(pages):
        mine = []
        for w in page_words:
            if _PLAIN.match(unicodedata.normalize("NFKC", w.text).strip()):
                tag = TAG_BASE + len(words) + 1
                words[tag] = (index, w)
                w = replace(w, text=str(tag))
            mine.append(w)
        tagged.append(page_items(mine, rulings))
    try:
        shadow = import_items(tagged)
    except ReportError:
        return {}
    fmt = imported.report.format
    out: Located = {}
    wrong: set[str] = set()  # tables where the shadow reading went its own way
    for key, got in shadow.report.values.items():
        if got is None or not fmt.has_cell(key):
            continue
        cell = fmt.cell(key)
        real = imported.report.values.get(key)
        hit = words.get(int(got)) if got == int(got) else None
        if hit is None:
            if real is not None:
                wrong.add(cell.table)
            continue
        index, w = hit
        read = parse_value(w.text, whole=cell.whole).value
        if read is None or read != real:
            wrong.add(cell.table)
            continue
        out[key] = (index, (w.x0, w.top, w.x1, w.bottom))
    return {k: v for k, v in out.items() if fmt.cell(k).table not in wrong}


def attach_snippets(
    imported: Imported,
    located: Located,
    pages: Sequence[Callable[[], Any]],
    words: Sequence[list[Any]],
) -> None:
    """Cells the sums did not confirm — a reading kept, a reading or a cell left blank with a
    note — marked for the clerk (`imported.review`) with the picture of where each is on the
    scan (`imported.ocr_snippets`, `imported.ocr_boxes`); a cell no word was read from is found
    between the numbers read in its row and its column."""
    from workbook.model.cellnames import describe

    fmt = imported.report.format
    values = imported.report.values
    for note in imported.notes:  # blank with a note: the clerk fills it in from the scan
        key = note.key
        if fmt.has_cell(key) and values.get(key) is None and key not in imported.review:
            said = note.message.removeprefix(f"{describe(fmt, key)}：")
            imported.review[key] = said if FILL_IN in said else f"{said}，{FILL_IN}"
    places = dict(located)
    for key in imported.review:
        if key not in places and fmt.has_cell(key):
            guess = _between(fmt, key, places)
            if guess is not None:
                places[key] = guess
    wanted = [k for k in imported.review if k in places][:MAX_SNIPPETS]
    for index in sorted({places[k][0] for k in wanted}):
        page, scale = _page(pages[index])
        for key in (k for k in wanted if places[k][0] == index):
            box = [round(v / scale) for v in places[key][1]]
            imported.ocr_boxes[key] = (index, (box[0], box[1], box[2], box[3]))
            png = _snippet(page, places[key][1], words[index], scale)
            if png is not None:
                imported.ocr_snippets[key] = png
        del page  # one page picture at a time


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


def _snippet(page: Any, box: Box, words: list[Any], scale: float) -> bytes | None:
    """The row from its label to just past the cell, the cell framed; PNG ≤ MAX_BYTES."""
    import cv2

    x0, top, x1, bottom = box
    height = bottom - top
    y0, y1 = top - ROW_PAD * height, bottom + ROW_PAD * height
    middle = (top + bottom) / 2
    row = [w for w in words if w.top <= middle <= w.bottom and w.x1 <= x0]
    left = min([w.x0 for w in row], default=x0) - CELL_PAD * height
    right = x1 + 4 * CELL_PAD * height
    h, w = page.shape[:2]
    px = [round(v / scale) for v in (left, y0, right, y1)]
    px = [
        max(0, min(px[0], w)),
        max(0, min(px[1], h)),
        max(0, min(px[2], w)),
        max(0, min(px[3], h)),
    ]
    if px[2] - px[0] < 4 or px[3] - px[1] < 4:
        return None
    piece = cv2.cvtColor(page[px[1] : px[3], px[0] : px[2]], cv2.COLOR_GRAY2BGR)
    pad = max(2, round(0.25 * height / scale))
    cv2.rectangle(
        piece,
        (round(x0 / scale) - px[0] - pad, round(top / scale) - px[1] - pad),
        (round(x1 / scale) - px[0] + pad, round(bottom / scale) - px[1] + pad),
        FRAME,
        2,
    )
    width = piece.shape[1]
    if width > MAX_WIDTH:
        piece = _resize(piece, MAX_WIDTH / width)
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
