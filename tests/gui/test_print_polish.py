"""Print polish (issue 21): the title breaks only between its phrases, and no page of the
printout holds a block of table 二 alone."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument

from gui.printing import CLEAN, Pages, _setup, ensure_gui_application, pdf_bytes, publication
from tests.helpers.reports import consistent_report
from workbook.publish.document import build, title_lines
from workbook.publish.docx import docx_bytes
from workbook.publish.html import body_html
from workbook.publish.save import save_publication

TITLE = "政府信息公开工作年度报告"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def test_title_lines_keep_each_phrase_whole():
    assert title_lines(("某局", "2024年", TITLE)) == ("某局2024年" + TITLE,)  # fits on one line
    long = ("测试镇人民政府", "2024年", TITLE)
    assert title_lines(long) == ("测试镇人民政府2024年", TITLE)
    very = ("江苏省淮安市洪泽区人民政府办公室政务公开科", "2024年", TITLE)
    assert title_lines(very) == (very[0], "2024年" + TITLE)


def test_word_and_web_titles_break_between_phrases():
    report = consistent_report()
    report.agency = "测试镇人民政府"
    pub = build(report)
    assert f"测试镇人民政府2024年<br>{TITLE}</h1>" in body_html(pub)
    title = WordDocument(io.BytesIO(docx_bytes(pub))).paragraphs[0]
    assert title.text == f"测试镇人民政府2024年\n{TITLE}"


@needs_poppler
def test_the_printed_title_is_not_broken_inside_a_word(tmp_path: Path):
    ensure_gui_application()
    report = consistent_report()
    report.agency = "测试镇人民政府"
    out = tmp_path / "r.pdf"
    save_publication(publication(report, [], CLEAN), out, pdf=pdf_bytes)  # the one export
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert lines[:2] == ["测试镇人民政府2024年", TITLE]


# Prose lengths 0–39 were tried: before the fix （八）项 sat alone on an almost blank page at
# 4, 17, 18, 31 and 32 paragraphs (WenQuanYi Micro Hei); a few others keep the test honest.
@pytest.mark.parametrize("paragraphs", [0, 4, 9, 17, 18, 24, 31, 32])
def test_no_page_holds_a_block_of_table_two_alone(paragraphs: int, tmp_path: Path):
    from PySide6.QtGui import QPdfWriter

    ensure_gui_application()
    report = consistent_report()
    report.texts["overview"] = [
        f"第{i}段：本单位认真做好政府信息公开工作，持续完善制度机制，提升公开质量和实效。"
        for i in range(paragraphs)
    ]
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))  # never painted: only its page layout
    _setup(writer)
    pages = Pages(publication(report, [], CLEAN), writer)
    layout = pages.doc.documentLayout()
    height = pages.page.height()
    blocks = [t for t, table in pages._table_sections() if not table.header_rows]
    assert len(blocks) == 4
    tops = [int(layout.frameBoundingRect(t).top() // height) for t in blocks]
    bottoms = [int((layout.frameBoundingRect(t).bottom() - 1) // height) for t in blocks]
    assert tops[-1] == bottoms[-2], (tops, bottoms)  # （八）项 shares its page with （六）项
