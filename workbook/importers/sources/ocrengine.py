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


# Detection looks at the page scaled to this longest side (pixels; 1280 is about 110 dpi for an
# A4 page): report text is large, and the detector's work and memory grow with the pixels it is
# shown (at 2000 it took three times the CPU and 350 MB more). Words are then cut from the page at
# full resolution for recognition, so the reader sees every stroke the scan has. The boxes are
# drawn close around the words' cores (the detector's own widening 1.3, its map not thickened):
# a lone "0" cut with a wide margin is read as "0" less surely, and a table's zeros live on that.
# Measured on our spoilt scans at 150 and 200 dpi: as many cells right as before, or more.
DETECT_SIDE = 1280
UNCLIP = 1.3
DILATE = False
TEXT_SCORE = 0.3  # a recognition less sure than this is no word at all

_ENGINE: Any = None
_LOCK = threading.Lock()  # one page at a time: the engine keeps a page's sizes on itself


def _session(model: str) -> Any:
    """An onnxruntime session that shares two cores with the rest of the machine politely.

    Its threads do not spin while they wait for work (on a busy machine spinning cost half as
    much CPU again as the recognition itself), and memory is not kept in an arena between calls
    (the arena would hold the detector's largest buffers for good)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4
    options.enable_cpu_mem_arena = False
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        from pathlib import Path

        import rapidocr_onnxruntime
        from rapidocr_onnxruntime import RapidOCR

        # One line at a time: a batch of several wide lines needs buffers large enough to be
        # mapped and unmapped on every call (on Linux that alone cost as much CPU as reading).
        engine = RapidOCR(
            use_cls=False,
            print_verbose=False,
            det_box_thresh=0.4,
            det_unclip_ratio=UNCLIP,
            det_donot_use_dilation=not DILATE,
            rec_batch_num=1,
        )
        models = Path(rapidocr_onnxruntime.__file__).parent / "models"
        engine.text_det.infer.session = _session(str(models / "ch_PP-OCRv4_det_infer.onnx"))
        engine.text_rec.session.session = _session(str(models / "ch_PP-OCRv4_rec_infer.onnx"))
        _ENGINE = engine
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
    shrink = min(1.0, DETECT_SIDE / max(page.shape[:2]))
    small = (
        cv2.resize(colour, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
        if shrink < 1.0
        else colour
    )
    with _LOCK:
        engine = _engine()
        boxes, _ = engine.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        boxes = [(box / shrink).astype(np.float32) for box in engine.sorted_boxes(boxes)]
        found, _ = engine.text_rec(engine.get_crop_img_list(colour, boxes))
    words: list[OcrWord] = []
    for box, (text, confidence) in zip(boxes, found, strict=True):
        if float(confidence) < TEXT_SCORE:
            continue
        xs, ys = box[:, 0], box[:, 1]
        words += _split(
            str(text),
            float(xs.min()) * scale,
            float(xs.max()) * scale,
            float(ys.min()) * scale,
            float(ys.max()) * scale,
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
