"""Opening a scan in the app: a progress dialog counts the pages and can be cancelled, and every
number OCR read that the form's arithmetic could not confirm is marked for the clerk."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from tests.importers import scanmake
from workbook.importers.sources import ocr

pytestmark = [
    pytest.mark.gui,
    pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed"),
]


def _scan(tmp_path: Path) -> tuple[Path, object]:
    """Page 1 of our own published report (title, prose, table 二) as a spoilt picture."""
    import cv2

    report = scanmake.busy_report()
    page = scanmake.pictures(scanmake.exported_pdf(report, tmp_path), 150)[0]
    path = tmp_path / "扫描件.jpg"
    cv2.imwrite(str(path), scanmake.spoil(page, turn=-0.4))
    return path, report


@pytest.mark.timeout(600)
def test_a_scan_opens_with_page_progress_and_unconfirmed_cells_marked(
    window, dialogs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.table_model import REVIEW_BG

    labels: list[str] = []
    original = QProgressDialog.setLabelText
    monkeypatch.setattr(
        QProgressDialog,
        "setLabelText",
        lambda self, text: (labels.append(text), original(self, text))[1],
    )
    path, report = _scan(tmp_path)
    assert window.files.load_path(str(path))
    assert any("第 1/1 页" in t for t in labels), labels
    assert not [c for c in dialogs.calls if c[0] == "warning"]
    key = "active.normative_documents.issued"  # table 二 has no sums: confirmed by nobody
    assert window.doc.report.values[key] == report.values[key]
    assert key in window.doc.review
    index = window.views["active"].model().index_of(key)
    assert index.data(Qt.ItemDataRole.BackgroundRole).color().name() == REVIEW_BG
    assert "请核对" in index.data(Qt.ItemDataRole.ToolTipRole)
    # The clerk types the number in: the mark goes.
    window.doc.set_values({key: 161}, "改")
    assert key not in window.doc.review
    assert "请核对" not in index.data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.timeout(600)
def test_cancelling_a_scan_leaves_the_open_report_alone(window, dialogs, tmp_path: Path) -> None:
    path, _ = _scan(tmp_path)
    before = dict(window.doc.report.values)

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                button = widget.findChild(QPushButton)
                assert button is not None and button.text() == "取消"
                button.click()
                return
        QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(0, press_cancel)
    assert not window.files.load_path(str(path))
    assert window.doc.report.values == before
    assert not [c for c in dialogs.calls if c[0] == "warning"]  # cancelled is not an error
