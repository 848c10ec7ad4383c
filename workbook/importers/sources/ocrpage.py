"""One page image into what the PDF importer gets from a text layer: ruled tables and lines.

The page is turned straight, its table borders found (workbook.importers.sources.ocrimage) and its words
read (workbook.importers.sources.ocrengine); from there on it is the PDF path, unchanged: words inside a
ruled table go to their cells (a merged cell's text once, a vertical label read one character at
a time joined again), the rest are grouped into printed lines. A table cell that has ink but no
word — the detector's usual miss, a lone "0" or "7" — is read again on its own.
"""

from __future__ import annotations

from itertools import pairwise

from workbook.importers.sources.ocrengine import (
    Image,
    OcrWord,
    has_ink,
    ink_box,
    read_crops,
    read_words,
)
from workbook.importers.sources.ocrimage import A4_WIDTH, page_rulings, straighten
from workbook.importers.sources.pdflines import group_lines
from workbook.importers.sources.pdfpage import Item, _Rulings, _tables, table_items

_MARGIN = 0.15  # of a row's height: ink this close to a border is the border's blur


def read_page(page: Image) -> tuple[list[OcrWord], _Rulings]:
    """All the words on a page (in points, with confidences) and its table borders."""
    page = straighten(even_light(page))
    scale = A4_WIDTH / page.shape[1]
    rulings, ink = page_rulings(page, scale)
    words = read_words(page, scale)
    words += _missed_cells(page, ink, words, rulings, scale)
    return words, rulings


def even_light(page: Image) -> Image:
    """The page as if lit evenly: each pixel divided by the paper's brightness around it.

    A copier darkens the binding side of a page in a broad band; one threshold for the whole page
    then takes the band for ink, and a table cell in it is "read again" around a number already
    read ("10" twice: "1010"). The paper's brightness is the page with its print closed over (a
    square wider than a character, narrower than the band) and smoothed."""
    import cv2

    reach = max(15, page.shape[1] // 40) | 1
    square = cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach))
    paper = cv2.GaussianBlur(cv2.morphologyEx(page, cv2.MORPH_CLOSE, square), (0, 0), reach / 2)
    return cv2.divide(page, paper, scale=255)


def page_items(words: list[OcrWord], rulings: _Rulings) -> list[Item]:
    """The page's tables and lines, as workbook.importers.sources.pdf.page_lines takes them."""
    items, free = table_items(list(words), rulings)
    items.extend((ln.top, "line", ln) for ln in group_lines(free))
    items.sort(key=lambda it: it[0])
    return items


def _missed_cells(
    page: Image, ink: Image, words: list[OcrWord], rulings: _Rulings, scale: float
) -> list[OcrWord]:
    """Table slots with ink that no word covers, read on their own."""
    ink = ink.copy()
    for w in words:  # what the detector did read is not read twice
        ink[
            max(int(w.top / scale) - 2, 0) : int(w.bottom / scale) + 3,
            max(int(w.x0 / scale) - 2, 0) : int(w.x1 / scale) + 3,
        ] = 0
    crops, places = [], []
    for ys, xs, _ in _tables(rulings):
        for top, bottom in pairwise(ys):
            pad = (bottom - top) * _MARGIN / scale
            y0, y1 = int(top / scale + pad), int(bottom / scale - pad)
            if y1 - y0 < 4:
                continue
            least = max(12, (y1 - y0) // 2)  # a "1" at 150 dpi is about 3 × 20 pixels
            for left, right in pairwise(xs):
                x0, x1 = int(left / scale + pad), int(right / scale - pad)
                piece = ink[y0:y1, x0:x1]
                if x1 - x0 < 4 or not has_ink(piece, least):
                    continue
                box = ink_box(piece)
                if box is None:
                    continue
                a, b, c, d = box
                crops.append(page[y0 + b : y0 + d, x0 + a : x0 + c])
                places.append((x0 + a, x0 + c, y0 + b, y0 + d))
    out = []
    for (text, confidence), (a, c, b, d) in zip(read_crops(crops), places, strict=True):
        if text:
            out.append(OcrWord(text, a * scale, c * scale, b * scale, d * scale, confidence))
    return out
