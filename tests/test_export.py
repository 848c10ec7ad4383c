"""`nianbao export`: the clean copy (PDF, Word, web page) and the checking draft, as printed.

The PDF is made by the command line without a display; the Word file is printed by LibreOffice
the way WPS and Word users see it; the web page is read back by the app's own importer.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rules import check
from tests.helpers.cli import nianbao
from tests.office import convert, in_order
from tests.rules.generate import consistent_report
from workbook.jsonio import dumps_report
from workbook.model.report import Report

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")
_FOOTER = re.compile(r"第\d+页共\d+页")


def _report() -> Report:
    """Long distinct paragraphs, every table filled, and one total that disagrees (an error)."""
    report = consistent_report(5)
    report.texts["overview"] = [
        f"第{i}段：" + "本机关坚持以公开为常态、不公开为例外，" * (6 + i) + f"此为第{i}段的结尾。"
        for i in range(1, 7)
    ]
    report.values["requests.new.total"] += 3
    return report


def headless_env() -> dict[str, str]:
    """No display and no Qt platform chosen: the export must manage on its own."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["WAYLAND_DISPLAY"] = ""
    return env


def squash(text: str) -> str:
    """Text without spaces, line breaks and page footers: a paragraph broken over lines and
    pages reads as one."""
    return _FOOTER.sub("", re.sub(r"\s+", "", text))


def pages_text(pdf: Path) -> list[str]:
    """Each page's text layer, as pdftotext reads it (what copying, search and screen readers
    get: nothing is dropped here)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    found = re.findall(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(round(float(w)), round(float(h))) for w, h in found]


def assert_clean_copy(pdf: Path, report: Report) -> None:
    """A4, every paragraph whole, every row label of 三 on one page, nothing of the findings."""
    assert all(sorted(size) == [595, 842] for size in page_sizes(pdf)), page_sizes(pdf)
    pages = pages_text(pdf)
    printed = squash("".join(pages))
    for section in report.format.text_sections:
        for paragraph in report.texts[section.id]:
            assert squash(paragraph) in printed, f"paragraph cut: {paragraph[:12]}"
    title = report.format.section("requests").title
    (page,) = [squash(p) for p in pages if squash(title) in squash(p)]
    for row in report.format.tables["requests"].rows:
        # A label wrapped in its column is interleaved with its neighbours' lines.
        assert in_order(squash(row.label), page), f"not on the page of 三: {row.label}"
    assert "校验结果" not in printed and "填报单位：" not in printed
    findings = check(report)
    assert findings  # the report has an error: its message must not be printed
    for finding in findings:
        assert squash(finding.message)[-20:] not in printed  # the end names its cells
    assert squash(report.agency) in squash(pages[-1])  # the signature, right at the end


@pytest.fixture
def report_json(tmp_path: Path) -> Path:
    path = tmp_path / "报告.json"
    path.write_text(dumps_report(_report()), encoding="utf-8")
    return path


@needs_poppler
def test_clean_pdf_from_the_command_line_without_a_display(report_json, tmp_path):
    out = tmp_path / "正式文本.pdf"
    done = nianbao("export", str(report_json), "-o", str(out), env=headless_env())
    assert done.returncode == 0, done.stderr
    assert "正式文本" in done.stdout
    assert_clean_copy(out, _report())


@needs_poppler
def test_the_clean_pdf_text_layer_holds_each_line_once(report_json, tmp_path):
    """Paragraphs run over page breaks; each printed line is in the text layer once, where it
    is seen (Qt used to paint the foot line of a page again, clipped, atop the next)."""
    out = tmp_path / "正式文本.pdf"
    assert nianbao("export", str(report_json), "-o", str(out)).returncode == 0
    pages = pages_text(out)
    assert len(pages) >= 3
    layer = squash("".join(pages))
    for paragraph in _report().texts["overview"]:  # six distinct paragraphs
        assert layer.count(squash(paragraph)) == 1, paragraph[:12]
    for before, after in itertools.pairwise(pages):
        last = [squash(ln) for ln in before.splitlines() if squash(ln)]
        first = [squash(ln) for ln in after.splitlines() if squash(ln)]
        assert not last or not first or last[-1] != first[0]


@needs_poppler
def test_draft_pdf_lists_the_findings(report_json, tmp_path):
    out = tmp_path / "校验稿.pdf"
    done = nianbao("export", str(report_json), "-o", str(out), "--draft", env=headless_env())
    assert done.returncode == 0, done.stderr
    printed = squash("".join(pages_text(out)))
    assert "校验结果" in printed and "填报单位：" in printed
    finding = next(f for f in check(_report()) if "requests.new.total" in f.keys)
    assert squash(finding.message)[-20:] in printed


@pytest.mark.libreoffice
@needs_poppler
def test_word_export_printed_by_libreoffice(report_json, tmp_path):
    out = tmp_path / "报告.docx"
    done = nianbao("export", str(report_json), "-o", str(out))
    assert done.returncode == 0, done.stderr
    pdf = convert(out, "pdf", tmp_path)
    assert_clean_copy(pdf, _report())
    assert any(w > h for w, h in page_sizes(pdf))  # 三 and 四 on landscape pages


def test_word_export_is_real_word_tables_with_chinese_fonts(tmp_path):
    import docx
    from docx.oxml.ns import qn

    from workbook.publish.document import build
    from workbook.publish.docx import docx_bytes

    out = tmp_path / "报告.docx"
    out.write_bytes(docx_bytes(build(_report())))
    document = docx.Document(str(out))
    assert len(document.tables) == 3
    xml = document.element.xml
    assert "w:gridSpan" in xml and "w:vMerge" in xml  # the national form's merged headers
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="宋体"' in xml
    assert "w:tblHeader" in xml  # header rows repeat when a table breaks
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("第1段"))
    ind = paragraph._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"  # indented two characters


def test_web_page_imports_back_with_every_number(report_json, tmp_path):
    page = tmp_path / "报告.html"
    assert nianbao("export", str(report_json), "-o", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "border" in html
    assert "<script" not in html and "<link" not in html and "src=" not in html
    back = tmp_path / "back.json"
    done = nianbao("convert", str(page), "-o", str(back))
    assert done.returncode == 0, done.stderr
    from workbook.jsonio import loads_report

    original, read = _report(), loads_report(back.read_text(encoding="utf-8"))
    assert read.values == original.values
    assert (read.agency, read.year, read.issued) == (
        original.agency,
        original.year,
        original.issued,
    )
    assert read.texts == original.texts


def test_web_page_of_the_2019_format_and_blanks_imports_back(tmp_path):
    from workbook.files import open_report
    from workbook.publish.document import build
    from workbook.publish.html import page_html

    report = consistent_report(8, "2019", 2020)
    report.values[next(iter(report.values))] = None  # a blank stays blank, not 0
    page = tmp_path / "2019.html"
    page.write_text(page_html(build(report)), encoding="utf-8")
    assert open_report(page).report.values == report.values


def test_export_refuses_what_it_cannot_write(report_json, tmp_path):
    done = nianbao("export", str(report_json), "-o", str(tmp_path / "x.txt"))
    assert done.returncode == 2 and "只能导出" in done.stderr and "Traceback" not in done.stderr
    done = nianbao("export", str(tmp_path / "无此文件.xlsx"), "-o", str(tmp_path / "x.pdf"))
    assert done.returncode == 2 and "无法读取" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.libreoffice
@needs_poppler
def test_template_filled_by_another_program_prints_its_agency_and_paragraphs(tmp_path):
    """A clerk's program (here openpyxl) fills the template: the agency typed in 填报单位 heads
    the printout (formula title lines repeated on every page, no stale page header), the
    twenty paragraphs sit in ready rows, and the app reads and prints every one whole."""
    import openpyxl

    from workbook.files import open_report
    from workbook.xlsx.write.writer import write_template

    template = tmp_path / "模板.xlsx"
    write_template(template, year=2024, agency="制作模板时的单位")
    book = openpyxl.load_workbook(template)
    sheet = book["一、总体情况"]
    sheet["B2"] = "后来填写的某某局"
    first = book.defined_names["text.overview"].attr_text.split("$")[-1]
    paragraphs = [f"第{i}段" + "依法公开政府信息，" * 33 + f"第{i}段完。" for i in range(1, 21)]
    assert all(len(p) >= 300 for p in paragraphs)
    for offset, text in enumerate(paragraphs):
        cell = sheet.cell(int(first) + offset, 2, text)
        assert cell.alignment.wrap_text, cell.coordinate  # a ready row: wraps, no merge
    filled = tmp_path / "填好的.xlsx"
    book.save(filled)

    pdf = convert(filled, "pdf", tmp_path, recalc=True)
    pages = pages_text(pdf)
    printed = squash("".join(pages))
    assert "制作模板时的单位" not in printed
    heads = [p for p in pages if "后来填写的某某局" in squash(p)]
    assert len(heads) >= 4  # sheet 一's title and the 填报单位 line of each table sheet
    for i in range(1, 21):
        assert f"第{i}段依法公开" in printed  # every paragraph is on paper

    # The app reads all twenty whole, and its own printout has every one in full.
    report = open_report(filled).report
    assert report.texts["overview"] == paragraphs
    out = tmp_path / "正式文本.pdf"
    json_path = tmp_path / "filled.json"
    json_path.write_text(dumps_report(report), encoding="utf-8")
    assert nianbao("export", str(json_path), "-o", str(out), env=headless_env()).returncode == 0
    app_printed = squash("".join(pages_text(out)))
    assert all(squash(p) in app_printed for p in paragraphs)
