"""Real published reports import to the numbers read by hand (samples/real/*.expected.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.expected import accuracy, expected_values
from workbook.importers.sources.text import import_text
from workbook.model.report import Report

# Minimum share of cells right per file: 100 % except the garbled PDF->Markdown 03, whose
# section 二 rows lost a number each (two numbers printed for three columns: left blank).
CASES = {
    "01-hongze-district-gov-2023.txt": 1.0,
    "01-hongze-district-gov-2023.pdf-text.txt": 1.0,
    "02-hongze-district-gov-2024.txt": 1.0,
    "02-hongze-district-gov-2024.pdf-text.txt": 1.0,
    "03-shanghai-municipal-gov-office-2025.txt": 0.97,
    "04-shanghai-stcsm-2024.txt": 1.0,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_real_sample_numbers(samples_dir: Path, name: str):
    path = samples_dir / "real" / name
    expected = expected_values(path.with_name(name.split(".")[0] + ".expected.json"))
    imported = import_text(path.read_text(encoding="utf-8"))
    right, total, wrong = accuracy(imported.report.values, expected)
    assert right / total >= CASES[name], wrong
    for key in wrong:  # what is not right is blank and explained, never a wrong number
        assert imported.report.values[key] is None
        row = key.rsplit(".", 1)[0]
        assert any(n.key.rsplit(".", 1)[0] == row for n in imported.notes)


def _real(samples_dir: Path, name: str) -> Report:
    return import_text((samples_dir / "real" / name).read_text(encoding="utf-8")).report


@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        ("01-hongze-district-gov-2023.txt", "淮安市洪泽区人民政府", 2023),
        ("02-hongze-district-gov-2024.pdf-text.txt", "淮安市洪泽区人民政府", 2024),
        ("03-shanghai-municipal-gov-office-2025.txt", "上海市人民政府办公厅", 2025),
        ("04-shanghai-stcsm-2024.txt", "上海市科委", 2024),
    ],
)
def test_real_sample_metadata_and_prose(samples_dir: Path, name: str, agency: str, year: int):
    report = _real(samples_dir, name)
    assert report.agency == agency
    assert report.year == year
    for section in ("overview", "problems", "other"):
        assert report.texts[section], section
    assert "处理费" in report.text("other")


def test_missing_heading_five_still_finds_problems(samples_dir: Path):
    report = _real(samples_dir, "03-shanghai-municipal-gov-office-2025.txt")
    assert report.texts["problems"][0].startswith("（一）2024 年工作中存在问题的改进情况")
    assert "2025 年度本机关未收取信息公开处理费" in report.text("other")


def test_pdf_text_lines_are_joined_into_paragraphs(samples_dir: Path):
    report = _real(samples_dir, "02-hongze-district-gov-2024.pdf-text.txt")
    assert report.texts["other"] == [
        "2024 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。"
    ]
