"""Scanned reports read by OCR: our own published copies, drawn as page pictures and spoilt the
way scanners spoil them, come back with every number right or blank with a note — never a wrong
number — and a number nobody can read stays blank with a note. Without the OCR extra, the
refusal says how to add it.

OCR takes seconds per page: these tests read a few pages each (timeouts raised accordingly).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import scanmake
from workbook.files import open_report
from workbook.importers.sources import ocr
from workbook.model.errors import NotAReport
from workbook.model.imported import Imported
from workbook.model.report import Report

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")


def _right_or_noted(report: Report, imported: Imported, table: str = "") -> tuple[int, int]:
    """Every cell (of `table`, or all) is the printed number, or blank with a note about it."""
    got = imported.report.values
    noted = {n.key for n in imported.notes}
    right = blank = 0
    for key, want in report.values.items():
        if not key.startswith(table):
            continue
        if got.get(key) == want:
            right += 1
            continue
        assert got.get(key) is None, f"{key}: {got.get(key)!r} read, {want!r} printed"
        assert key in noted, f"{key} blank without a note"
        blank += 1
    return right, blank


@pytest.mark.timeout(900)
@pytest.mark.parametrize(
    ("dpi", "turn", "kind", "share"),
    [(150, 0.5, ".tif", 0.95), (200, -0.5, ".pdf", 0.98)],
    ids=["150dpi", "200dpi"],
)
def test_a_spoilt_scan_reads_right_or_blank_with_a_note(
    tmp_path: Path, dpi: int, turn: float, kind: str, share: float
) -> None:
    """Measured: 192 and 199 of 200 cells right, the rest blank with a note."""
    report = scanmake.busy_report()
    pages = [
        scanmake.spoil(p, turn=turn)
        for p in scanmake.pictures(scanmake.exported_pdf(report, tmp_path), dpi)
    ]
    save = scanmake.save_tiff if kind == ".tif" else scanmake.save_pdf
    imported = open_report(save(pages, tmp_path / f"scan{kind}"))
    right, blank = _right_or_noted(report, imported)
    assert right >= share * len(report.values), (right, blank)
    assert imported.source_kind == ocr.SOURCE_KIND
    got = imported.report
    assert (got.agency, got.year) == (report.agency, report.year)
    assert "信息公开" in got.texts["overview"][0]
    # Table 二 has no sums: its readings are kept but marked for the clerk, with the reading.
    assert "active.regulations.issued" in imported.review
    assert "请对照原件确认" in imported.review["active.regulations.issued"]


@pytest.mark.timeout(600)
def test_a_number_nobody_can_read_stays_blank_with_a_note(tmp_path: Path) -> None:
    """Four smudged cells in two rows and two columns (法律服务机构, 其他: numbers other than 0
    in both rows): each row and each column has two unknowns, so the sums cannot settle them."""

    report = scanmake.busy_report()
    pdf = scanmake.exported_pdf(report, tmp_path)
    dpi = 150
    page_index, boxes = scanmake.number_boxes(pdf, ("（一）予以公开", "（二）部分公开"))
    page = scanmake.pictures(pdf, dpi)[page_index]
    for x0, top, x1, bottom in boxes:
        px = [round(v * dpi / 72) for v in (x0 - 1, top - 1, x1 + 1, bottom + 1)]
        page = scanmake.smudge(page, (px[0], px[1], px[2], px[3]))
    page = scanmake.spoil(page, turn=0.3)
    image = tmp_path / "page.png"
    import cv2

    cv2.imwrite(str(image), page)
    imported = open_report(image)
    smudged = [
        f"requests.{row}.{col}"
        for row in ("disclosed", "partly_disclosed")
        for col in ("legal", "other")
    ]
    for key in smudged:
        assert imported.report.values[key] is None, key
        assert any(n.key == key for n in imported.notes), key
    right, _ = _right_or_noted(report, imported, "requests.")  # the page holds table 三 only
    assert right >= 0.9 * 175
    # Where each number was read, for the clerk's snippet: 予以公开·自然人's box is where the
    # clean PDF printed that number (the scan was turned 0.3° and turned back).
    _, [(x0, top, x1, bottom)] = scanmake.number_boxes(pdf, ("（一）予以公开",), slice(0, 1))
    page, box = imported.ocr_boxes["requests.disclosed.natural"]
    want = [v * dpi / 72 for v in (x0, top, x1, bottom)]
    assert page == 0
    assert abs((box[0] + box[2]) - (want[0] + want[2])) / 2 < 8, (box, want)
    assert abs((box[1] + box[3]) - (want[1] + want[3])) / 2 < 8, (box, want)


def test_without_the_extra_the_refusal_says_how_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)
    pdf = scanmake.save_pdf(
        [scanmake.pictures(scanmake.exported_pdf(scanmake.busy_report(), tmp_path), 72)[0]],
        tmp_path / "scan.pdf",
    )
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    for path in (pdf, image):
        with pytest.raises(NotAReport, match=r"OCR.*uv sync --extra ocr.*pip install \.\[ocr\]"):
            open_report(path)


# The arithmetic alone, on readings built without OCR: tests/importers/test_ocrsums.py.


@pytest.mark.timeout(600)
def test_a_scanned_pdf_is_read_with_ocrs_limits_not_the_usual_ones(tmp_path: Path) -> None:
    """`check`/`convert` read through the sandbox, whose usual child has seconds for a file:
    the child hands a scan back and the parent reads it in a child with OCR's own limits.
    Before, every scanned PDF ended as 超过N秒 outside the app."""
    from workbook.model.errors import ReportError
    from workbook.sandbox import Limits, Sandbox

    page = scanmake.pictures(scanmake.exported_pdf(scanmake.busy_report(), tmp_path), 100)[0]
    pdf = scanmake.save_pdf([page], tmp_path / "scan.pdf")
    here: Imported | ReportError
    try:
        here = open_report(pdf)
    except ReportError as e:
        here = e
    with Sandbox(limits=Limits(seconds=1)) as box:
        contained: Imported | ReportError
        try:
            contained = box.read(pdf)
        except ReportError as e:
            contained = e
    assert "超过" not in str(contained), contained
    assert type(contained) is type(here)
    if isinstance(here, Imported):
        assert isinstance(contained, Imported)
        assert contained.report.values == here.report.values
    else:
        assert str(contained) == str(here)
