"""Page images for OCR: loaded, turned straight, and their table borders found.

A scan is rarely level: half a degree moves the right end of a table row by a line's height,
enough for the row's numbers to be read as the row below. The page is turned straight first (the
angle at which its dark pixels fall into the sharpest rows — the table's borders and the printed
lines). The borders of the table are then found the way a reader sees them — long thin dark
runs, across and down — and handed to the same grid reading as a PDF's ruling lines
(workbook.importers.sources.pdfpage), in page points, so every threshold there keeps its meaning.

numpy and OpenCV come with the OCR extra (`pip install .[ocr]`); this module is imported only
when a page has to be read from its picture.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from workbook.importers.sources.pdfpage import _Rulings
from workbook.model.errors import FileTooLarge, UnreadableFile

A4_WIDTH = 595.0  # points: a page's width, whatever the scan's dpi, so sizes keep their meaning
MAX_SIDE = 4000  # pixels: a larger picture is scaled down (a 300-dpi A4 page is 2480 × 3508)
_FAINT = 30  # grey levels below the paper around: a hairline border, however faint
_ANGLES = np.arange(-2.0, 2.001, 0.1)  # degrees tried when turning the page straight

Image = Any  # numpy array, 8-bit grey, white paper


def decode_images(data: bytes, name: str) -> list[Image]:
    """An image file's pages (a TIFF may hold several) as grey arrays."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    try:
        ok, pages = cv2.imdecodemulti(buffer, cv2.IMREAD_GRAYSCALE)
        if not ok or not pages:
            page = cv2.imdecode(buffer, cv2.IMREAD_GRAYSCALE)
            if page is None:
                raise UnreadableFile(f"无法打开“{name}”：文件已损坏或不是图片。")
            pages = [page]
    except cv2.error as e:  # OpenCV refuses a picture whose header claims over 2^30 pixels
        if "CV_IO_MAX_IMAGE_PIXELS" in str(e):
            raise FileTooLarge(
                f"“{name}”这张图片过大（超过十亿像素），不像是一页报告的扫描件。"
            ) from None
        raise UnreadableFile(f"无法打开“{name}”：文件已损坏或不是图片。") from None
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


def _snap(
    lines: list[tuple[float, float, float]], crossing: list[tuple[float, float, float]], snap: float
) -> list[tuple[float, float, float]]:
    """Each line's ends drawn out to the crossing line just beyond them: a scan frays a border
    where it meets another, and a cell is closed only where its borders meet."""
    out = []
    for at, start, end in lines:
        near = [c for c, lo, hi in crossing if lo - snap <= at <= hi + snap]
        before = [c for c in near if start - snap <= c < start]
        after = [c for c in near if end < c <= end + snap]
        out.append((at, min(before, default=start), max(after, default=end)))
    return out


def page_rulings(page: Image, scale: float) -> tuple[_Rulings, Image]:
    """Table borders in page points (pixels × `scale`), and the ink without them.

    A hairline border scanned at 150 dpi is a one-pixel grey line, lighter than Otsu's threshold
    for text (and lighter still once blurred): borders are looked for in everything somewhat
    darker than the paper around it."""
    ink = _ink(page)
    w = ink.shape[1]
    paper = cv2.dilate(page, np.ones((9, 9), np.uint8))  # the paper's brightness around
    faint = ((paper.astype(np.int16) - page) > _FAINT).astype(np.uint8) * 255
    # Longer than a character's stroke; shorter than the narrowest cell (across) and the lowest
    # row (down): a border drawn along one cell only is still found.
    across_reach, down_reach = max(w // 25, 24), max(w // 45, 16)
    across = cv2.morphologyEx(
        faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across_reach, 1))
    )
    down = cv2.morphologyEx(
        faint, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down_reach))
    )
    # Blur frays a border's ends and its crossings: close small gaps along each line.
    across = cv2.morphologyEx(
        across, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 1))
    )
    down = cv2.morphologyEx(
        down, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 15))
    )
    horizontal = _segments(across, True)
    vertical = _segments(down, False)
    snap = max(w / 80, 6.0)
    horizontal, vertical = _snap(horizontal, vertical, snap), _snap(vertical, horizontal, snap)
    rulings = _Rulings(
        horizontal=[(y * scale, a * scale, b * scale) for y, a, b in horizontal],
        vertical=[(x * scale, a * scale, b * scale) for x, a, b in vertical],
    )
    lines = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    return rulings, cv2.bitwise_and(ink, cv2.bitwise_not(lines))
