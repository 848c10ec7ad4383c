"""Fixtures shared by the importer tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.importers import variants as v
from workbook.importers.sources.text import import_text
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


@pytest.fixture
def numbered_2019() -> Report:
    """The 2019 trial format, a different number in every cell, a 2020 report issued in 2021."""
    report = v.numbered(load_format("2019"))
    report.year, report.issued = 2020, date(2021, 1, 20)
    report.texts = {
        "overview": ["2020年，本单位认真贯彻条例。"],
        "problems": ["无。"],
        "other": ["无。"],
    }
    return report
