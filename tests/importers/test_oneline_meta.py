"""A page whose whole body is one line keeps its title and signature, with portal chrome
around them (breadcrumbs and 发布时间 in front, 【打印】【关闭】 and the site footer after)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from workbook.importers.sources.text import import_text

FRONT = "首页 > 政府信息公开 > 年度报告 发布时间：2025-01-15 09:00 来源：匡堰镇 字号：大 中 小 "
BACK = " 【打印本页】【关闭窗口】 主办单位：慈溪市人民政府办公室 浙ICP备12345678号"


@pytest.mark.parametrize(
    ("front", "back", "squeeze"),
    [("", "", False), ("", BACK, False), (FRONT, BACK, False), (FRONT, BACK, True)],
    ids=["bare", "footer", "chrome", "stripped"],
)
def test_one_line_page_keeps_agency_and_issue_date(
    samples_dir: Path, front: str, back: str, squeeze: bool
):
    lines = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8").splitlines()
    if squeeze:  # lines stripped before joining: the signature runs onto the last sentence
        lines = [ln.strip() for ln in lines]
    page = front + "".join(lines) + back
    imported = import_text(page)
    report = imported.report
    assert report.agency == "慈溪市匡堰镇人民政府"
    assert report.year == 2024
    assert report.issued == date(2025, 1, 14)
    assert report.texts["other"][-1].endswith("信息处理费0元。")
    assert not any(n.key.startswith("meta.") for n in imported.notes)


def test_signature_in_chinese_numerals_on_one_line(samples_dir: Path):
    text = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    text = text.replace("2025年1月14日", "二〇二五年一月十四日")
    imported = import_text("".join(text.splitlines()) + BACK)
    assert imported.report.issued == date(2025, 1, 14)
    assert imported.report.agency == "慈溪市匡堰镇人民政府"


@pytest.mark.parametrize("joiner", [" ", ""], ids=["spaces", "nothing"])
@pytest.mark.parametrize(
    ("name", "agency"),
    [
        ("04-shanghai-stcsm-2024.txt", "上海市科委"),
        ("03-shanghai-municipal-gov-office-2025.txt", "上海市人民政府办公厅"),
    ],
)
def test_title_broken_over_lines_and_after_page_words(
    samples_dir: Path, name: str, agency: str, joiner: str
):
    """ "正文 2024 年上海市科委政府信息公开工作 年度报告" joined into one line: the page's
    own word 正文 is no part of the agency, and the spaces inside the title do not hide it."""
    text = (samples_dir / "real" / name).read_text(encoding="utf-8")
    report = import_text(joiner.join(text.splitlines())).report
    assert report.agency == agency


REAL = [
    ("01-hongze-district-gov-2023.pdf-text.txt", "淮安市洪泽区人民政府", 2023),
    ("02-hongze-district-gov-2024.txt", "淮安市洪泽区人民政府", 2024),
    ("03-shanghai-municipal-gov-office-2025.txt", "上海市人民政府办公厅", 2025),
    ("04-shanghai-stcsm-2024.txt", "上海市科委", 2024),
]
SIDEBAR = "首页 往年年报：{a}年度报告 {b}年度报告 "


def _no_spaces(text: str) -> str:
    """A page flattened with every space and line break gone (cells, words and all)."""
    lines = [ln for ln in text.splitlines() if not ln.startswith("# ")]
    return re.sub(r"[\s\u3000]+", "", "".join(lines))


@pytest.mark.parametrize("front", ["", FRONT, SIDEBAR], ids=["bare", "chrome", "sidebar"])
@pytest.mark.parametrize(("name", "agency", "year"), REAL)
def test_page_without_any_space_keeps_agency_and_year(
    samples_dir: Path, name: str, agency: str, year: int, front: str
):
    """The font-size switch 字号 大 中 小, a PDF's page mark and a sidebar of other years'
    reports run straight into the title once every space is gone: none of it is the agency,
    and the year is the title's own."""
    text = (samples_dir / "real" / name).read_text(encoding="utf-8")
    front = front.format(a=year - 1, b=year - 2)
    imported = import_text(_no_spaces(front + "\n" + text + BACK))
    assert imported.report.agency == agency
    assert imported.report.year == year
    assert not any(n.key == "meta.year" for n in imported.notes)
