"""Scans the tests make themselves: our own published PDF drawn as page pictures, then spoilt
the way a scanner and a copier spoil them (turned a little, blurred, JPEG-compressed).

Nothing is kept in git: each picture is made from a report in a few hundred milliseconds.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbook.model.report import Report

APPLICANTS = ("natural", "business", "research", "nonprofit", "legal", "other")


def busy_report(seed: int = 7) -> Report:
    """A consistent report as units print them: mostly zeros, a few numbers of one to three
    digits, every row, column and balance adding up (the arithmetic has something to say)."""
    from tests.helpers.reports import consistent_report

    rng = random.Random(seed)
    report = consistent_report()
    fmt = report.format
    values = report.values
    for key in values:
        values[key] = 0
    for cell in fmt.table_cells("active"):
        values[cell.key] = rng.choice((0, 0, 3, 12, 47, 160))
    values["active.fees.amount"] = Decimal("1.25")
    results = [r.id for r in fmt.tables["requests"].rows][2:-2]  # （一）… （六）3.
    for col in APPLICANTS:
        if rng.random() < 0.35:
            continue  # a column of zeros, as most units have for 科研机构 and the like
        new, carried = rng.randint(1, 140), rng.randint(0, 12)
        forward = rng.randint(0, min(new + carried, 9))
        handled = new + carried - forward
        values[f"requests.new.{col}"] = new
        values[f"requests.carried_over.{col}"] = carried
        values[f"requests.carry_forward.{col}"] = forward
        for _ in range(handled):  # spread over a few rows, most rows stay 0
            row = rng.choice(results[:3] + rng.sample(results, 2))
            values[f"requests.{row}.{col}"] += 1
    for key in [c.key for c in fmt.table_cells("appeals")]:
        values[key] = rng.choice((0, 0, 0, 1, 2, 5))
    for _ in range(3):  # totals of totals
        for s in fmt.sums:
            values[s.total] = sum(values[p] or 0 for p in s.parts)
    return report


def exported_pdf(report: Report, folder: Path) -> Path:
    """The report as we publish it (nianbao export → PDF)."""
    from cli.main import main
    from workbook.files import save_report

    source = folder / "report.xlsx"
    save_report(report, source)
    out = folder / "published.pdf"
    assert main(["export", str(source), "-o", str(out)]) == 0
    return out


def pictures(pdf: Path, dpi: int) -> list[Any]:
    """Each page of a PDF as an 8-bit grey picture at `dpi` (PDFium draws it)."""
    from workbook.importers.sources.ocrpdf import render_pages

    return [draw() for draw in render_pages(pdf.read_bytes(), pdf.name, dpi, 20)]


def spoil(page: Any, *, turn: float, blur: bool = True, jpeg: int = 60) -> Any:
    """A scanner's page: turned by `turn` degrees, blurred, JPEG-compressed at `jpeg` quality."""
    import cv2

    h, w = page.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), turn, 1.0)
    page = cv2.warpAffine(page, matrix, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    if blur:
        page = cv2.GaussianBlur(page, (3, 3), 0.8)
    ok, data = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)


def smudge(page: Any, box: tuple[int, int, int, int]) -> Any:
    """Ink spilt over a part of the page (x0, y0, x1, y1): what is under it cannot be read."""
    import cv2

    page = page.copy()
    x0, y0, x1, y1 = box
    cv2.rectangle(page, (x0, y0), (x1, y1), 40, thickness=-1)
    return page


def save_tiff(pages: list[Any], path: Path) -> Path:
    import cv2

    assert cv2.imwritemulti(str(path), pages)
    return path


def save_pdf(pages: list[Any], path: Path) -> Path:
    """An image-only PDF, one picture per page, as a scanner writes it (Pillow)."""
    from PIL import Image

    images = [Image.fromarray(p) for p in pages]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150)
    return path


def number_boxes(
    pdf: Path, labels: tuple[str, ...], columns: slice = slice(4, 6)
) -> tuple[int, list]:
    """The numbers in these columns (5th and 6th) of the rows with these labels (clean PDF)."""
    import pypdfium2 as pdfium

    from workbook.importers.sources.pdfpage import page_words

    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        for index in range(len(document)):
            page = document[index]
            words = page_words(page, page.get_height())
            boxes = []
            for label in labels:
                row = next((w for w in words if w.text.startswith(label)), None)
                if row is None:
                    break
                numbers = sorted(
                    (w for w in words if abs(w.middle - row.middle) < 4 and w.text.isdigit()),
                    key=lambda w: w.x0,
                )
                boxes += [(w.x0, w.top, w.x1, w.bottom) for w in numbers[columns]]
            if len(boxes) == (columns.stop - columns.start) * len(labels):
                return index, boxes
    finally:
        document.close()
    raise AssertionError("rows not found")


def smudged_page(report: Report, folder: Path, dpi: int = 150) -> tuple[Path, list]:
    """Table 三's page with four numbers smudged — the 5th and 6th columns (法律服务机构, 其他)
    of rows （一） and （二）, so each of those rows and columns has two unknowns — turned 0.3°
    and spoilt, as a PNG; and the four numbers' boxes (points of the clean PDF)."""
    import cv2

    pdf = exported_pdf(report, folder)
    index, boxes = number_boxes(pdf, ("（一）予以公开", "（二）部分公开"))
    page = pictures(pdf, dpi)[index]
    for x0, top, x1, bottom in boxes:
        px = [round(v * dpi / 72) for v in (x0 - 1, top - 1, x1 + 1, bottom + 1)]
        page = smudge(page, (px[0], px[1], px[2], px[3]))
    image = folder / "page.png"
    cv2.imwrite(str(image), spoil(page, turn=0.3))
    return image, boxes
