"""Text fields are bounded once, at the door (workbook.bounds): whatever a file holds, the
report that comes out fits a cell, a Word title and a web page — and a note says what was cut."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import nianbao
from tests.rules.generate import consistent_report
from workbook.bounds import MAX_AGENCY, MAX_CELL
from workbook.files import open_report
from workbook.jsonio import dumps_report


def _report_file(tmp_path: Path, agency: str, paragraph: str) -> Path:
    report = consistent_report(1)
    report.agency = agency
    report.texts["overview"] = [paragraph, "第二段。"]
    path = tmp_path / "long.json"
    path.write_text(dumps_report(report), encoding="utf-8")
    return path


def test_a_long_agency_and_paragraph_are_cut_with_notes(tmp_path: Path) -> None:
    agency = "某某县人民政府办公室" * 30  # 300 characters
    path = _report_file(tmp_path, agency, "很长的段落。" * 8000)  # 48,000 characters
    imported = open_report(path)
    report = imported.report
    assert report.agency == agency[:MAX_AGENCY]
    assert len(report.texts["overview"][0]) == MAX_CELL
    assert report.texts["overview"][1] == "第二段。"  # what fits is untouched
    notes = {n.key: n.message for n in imported.notes}
    assert "300字" in notes["meta.agency"]
    assert "48000字" in notes["text:overview"]


def test_word_and_web_exports_of_such_a_file_work(tmp_path: Path) -> None:
    """Was python-docx's 255-character limit as a traceback, and a page as large as the file."""
    path = _report_file(tmp_path, "某某县人民政府办公室" * 30, "很长的段落。" * 8000)
    for ext in (".docx", ".html"):
        out = tmp_path / f"out{ext}"
        done = nianbao("export", str(path), "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        assert out.stat().st_size < 2 * MAX_CELL * 4 + 200_000
