"""Page images for OCR: loaded, turned straight, and their table borders found.

A scan is rarely level: half a degree moves the right end of a table row by a line's height,
enough for the row's numbers to be read as the row below. The page is turned straight first (the
angle at which its dark pixels fall into the sharpest rows — the table's borders and the printed
lines). The borders of the table are then found the way a reader sees them — long thin dark
runs, across and down — and handed to the same grid reading as a PDF's ruling lines
(workbook.importers.pdfpage), in page points, so every threshold there keeps its meaning.

numpy and OpenCV come with the OCR extra (`pip install .[ocr]`); this module is imported only
when a page has to be read from its picture.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from workbook.importers.pdfpage import _Rulings
from workbook.model.errors import UnreadableFile

A4_WIDTH = 595.0  # points: a page's width, whatever the scan's dpi, so sizes keep their meaning
MAX_SIDE = 4000  # pixels: a larger picture is scaled down (a 300-dpi A4 page is 2480 × 3508)
_FAINT = 215  # grey level: darker than this may be a hairline border
_ANGLES = np.arange(-2.0, 2.001, 0.1)  # degrees tried when turning the page straight

Image = Any  # numpy array, 8-bit grey, white paper


def decode_images(data: bytes, name: str) -> list[Image]:
    """An image file's pages (a TIFF may hold several) as grey arrays."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    ok, pages = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE)
    if not ok or not pages:
        page = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE)
        if page is None:
            raise UnreadableFile(f"无法打开“{name}”：文件已损坏或不是图片。")
        pages = [page]
    return [limit_size(p) for p in pages]


def limit_size(page: Image) -> Image:
    """A huge picture is scaled down: beyond 300 dpi OCR gains nothing and memory grows."""
    height, width = page.shape[:2]
    longest = max(height, width)
    if longest <= MAX_SIDE:
        return page
    scale = MAX_SIDE / longest
    return cv2.resize(
        page, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
    )


def _ink(page: Image) -> Image:
    """Dark pixels as 255, paper as 0 (Otsu's threshold: scans differ in brightness)."""
    _, ink = cv2.threshold(page, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def skew_angle(page: Image) -> float:
    """The angle (degrees) that makes the page's rows of ink sharpest, on a small copy."""
    small = cv2.resize(page, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = _ink(small)
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_score = 0.0, -1.0
    for angle in _ANGLES:
        turn = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rows = cv2.warpAffine(ink, turn, (w, h)).sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return best


def straighten(page: Image) -> Image:
    """The page turned so that its lines are level (white where the turn uncovers paper)."""
    angle = skew_angle(page)
    if abs(angle) < 0.05:
        return page
    h, w = page.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        page, turn, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def _segments(mask: Image, across: bool) -> list[tuple[float, float, float]]:
    """Connected runs in a mask of lines: (position, start, end) in pixels."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:count]:
        if across and h <= max(8, w // 20):
            out.append((y + h / 2, float(x), float(x + w)))
        elif not across and w <= max(8, h // 20):
            out.append((x + w / 2, float(y), float(y + h)))
    return out


def page_rulings(page: Image, scale: float) -> tuple[_Rulings, Image]:
    """Table borders in page points (pixels × `scale`), and the ink without them.

    A hairline border scanned at 150 dpi is a one-pixel grey line, lighter than Otsu's threshold
    for text: borders are looked for in everything darker than the paper's near-white."""
    ink = _ink(page)
    faint = (page < _FAINT).astype(np.uint8) * 255
    w = ink.shape[1]
    reach = max(w // 30, 20)  # longer than any stroke of a character at any dpi
    across = cv2.morphologyEx(
        faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (reach, 1))
    )
    down = cv2.morphologyEx(
        faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, reach))
    )
    # Blur frays a border's ends and its crossings: close small gaps along each line.
    across = cv2.morphologyEx(
        across, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1))
    )
    down = cv2.morphologyEx(
        down, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9))
    )
    rulings = _Rulings(
        horizontal=[(y * scale, a * scale, b * scale) for y, a, b in _segments(across, True)],
        vertical=[(x * scale, a * scale, b * scale) for x, a, b in _segments(down, False)],
    )
    lines = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    return rulings, cv2.bitwise_and(ink, cv2.bitwise_not(lines))
