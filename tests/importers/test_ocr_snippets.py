"""Each cell the clerk must confirm after OCR comes with the row of the scan it was read from:
read through the reading sandbox (the snippets travel with the report from the OCR child, whose
pages are told to the caller as they are read), small, and showing the cell — also a cell
nothing could be read from, found between the numbers of its row and its column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import scanmake
from workbook.importers.sources import ocr

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")

# Two rows by two columns smudged: every row and column has two unknowns, the sums cannot help.
SMUDGED = [
    f"requests.{r}.{c}" for r in ("disclosed", "partly_disclosed") for c in ("legal", "other")
]


@pytest.mark.timeout(600)
def test_cells_left_blank_are_marked_with_the_scans_row(tmp_path: Path) -> None:
    import cv2
    import numpy as np

    from workbook.sandbox import open_contained

    report = scanmake.busy_report()
    dpi = 150
    image, boxes = scanmake.smudged_page(report, tmp_path, dpi)
    pages: list[tuple[int, int]] = []
    imported = open_contained(image, on_page=lambda done, total: pages.append((done, total)))
    assert pages[0] == (0, 1) and pages[-1] == (1, 1)
    assert imported.review  # table 三's sums settle most; what they do not is marked
    for key in imported.review:
        assert imported.report.values[key] in (None, report.values[key]), key
    for key, want in zip(SMUDGED, boxes, strict=True):
        assert imported.report.values[key] is None, key
        assert key in imported.review and "请对照原件" in imported.review[key], key
        assert key in imported.ocr_snippets, key
        page_no, (x0, y0, x1, y1) = imported.ocr_boxes[key]
        assert page_no == 0
        # The box is where the number was printed (under the smudge).
        assert abs((x0 + x1) / 2 - (want[0] + want[2]) / 2 * dpi / 72) < 12
        assert abs((y0 + y1) / 2 - (want[1] + want[3]) / 2 * dpi / 72) < 12
    for key, png in imported.ocr_snippets.items():
        assert key in imported.review
        assert 0 < len(png) <= 40 * 1024
        picture = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
        assert picture is not None and picture.shape[1] <= 900
