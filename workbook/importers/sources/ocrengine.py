"""Words read from a page image, with their boxes and how sure the reader is of each.

The reader is RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX models inside the
package, run on the CPU): nothing is downloaded and nothing leaves the machine. Two of its habits
are corrected here. Its orientation classifier turns small crops upside down — a lone "6" comes
back as "9" with full confidence — so it is not used (scans are upright; a page scanned upside
down is not a report we can read anyway). And it drops many lone digits in table cells ("0", "7"):
a cell of the table that has ink but no word is read again on its own, recognition only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from workbook.importers.sources.pdfpage import Word

Image = Any  # numpy array, 8-bit grey

# A lone "0" in a table cell comes back as "。", "o", "D" …: read as 0, but never as sure.
_LOOKALIKE = str.maketrans(
    {"o": "0", "O": "0", "〇": "0", "。": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1"}
)
_DIGITISH = frozenset("0123456789０１２３４５６７８９oO〇。DQlI|,.，．%")
LOOKALIKE_CONFIDENCE = 0.5  # a letter read as a digit is never sure: the sums decide


@dataclass
class OcrWord(Word):
    """A word as the reader saw it: the text, the box (page points) and its confidence 0…1."""

    confidence: float = 1.0


_ENGINE: Any = None
_LOCK = threading.Lock()  # one page at a time: the engine keeps per-call settings on itself


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        _ENGINE = RapidOCR(use_cls=False, print_verbose=False)
    return _ENGINE


def _clean(text: str, confidence: float) -> tuple[str, float]:
    """A number-looking word with letters in it ("1o", "O") is a number read uncertainly."""
    t = text.strip()
    if t and set(t) <= _DIGITISH and any(c.isdigit() for c in t.translate(_LOOKALIKE)):
        fixed = t.translate(_LOOKALIKE)
        if fixed != t:
            return fixed, min(confidence, LOOKALIKE_CONFIDENCE)
    return t, confidence


def _split(
    text: str, x0: float, x1: float, top: float, bottom: float, conf: float
) -> list[OcrWord]:
    """A box read as several space-separated words: each its share of the box's width."""
    parts = text.split()
    if len(parts) <= 1:
        t, c = _clean(text, conf)
        return [OcrWord(t, x0, x1, top, bottom, c)] if t else []
    total = sum(len(p) for p in parts) + len(parts) - 1
    per = (x1 - x0) / max(total, 1)
    out, at = [], x0
    for p in parts:
        t, c = _clean(p, conf)
        out.append(OcrWord(t, at, at + per * len(p), top, bottom, c))
        at += per * (len(p) + 1)
    return out


def read_words(page: Image, scale: float) -> list[OcrWord]:
    """Every word the detector finds on the page, in points (pixels × `scale`)."""
    colour = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    with _LOCK:
        found, _ = _engine()(colour, box_thresh=0.4, unclip_ratio=1.6, text_score=0.3)
    words: list[OcrWord] = []
    for box, text, confidence in found or []:
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        words += _split(
            str(text),
            min(xs) * scale,
            max(xs) * scale,
            min(ys) * scale,
            max(ys) * scale,
            float(confidence),
        )
    return words


def read_crops(crops: list[Image]) -> list[tuple[str, float]]:
    """Recognition only, for pieces of the page the detector passed over."""
    if not crops:
        return []
    padded = [
        cv2.cvtColor(
            cv2.copyMakeBorder(c, 8, 8, 12, 12, cv2.BORDER_CONSTANT, value=255), cv2.COLOR_GRAY2BGR
        )
        for c in crops
    ]
    with _LOCK:
        found, _ = _engine().text_rec(padded)
    return [_clean(str(t), float(s)) for t, s in found]


def ink_box(ink: Image) -> tuple[int, int, int, int] | None:
    """The bounding box (x0, y0, x1, y1) of the ink in a piece of the page, or None."""
    points = cv2.findNonZero(ink)
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    return x, y, x + w, y + h


def has_ink(ink: Image, least: int) -> bool:
    return int(np.count_nonzero(ink)) >= least
