"""Fixtures shared by the importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers import variants as v
from workbook.importers.text import import_text
from workbook.model.format import load_format
from workbook.model.report import Report


@pytest.fixture
def numbered(samples_dir: Path) -> Report:
    """A different number in every cell (a shifted cell shows), the Cixi prose and signature."""
    cixi = import_text(
        (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    ).report
    report = v.numbered(load_format("2021"))
    report.texts, report.issued, report.agency = cixi.texts, cixi.issued, cixi.agency
    return report
