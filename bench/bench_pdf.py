"""Benchmark of the PDF importer (a script, not a test): `uv run python bench/bench_pdf.py`.

Target: a six-page report imports in under 300 ms. Prints, for a report printed to PDF by
LibreOffice from our own workbook (ruled tables; skipped without soffice) and for a hand-drawn
PDF without ruling lines (numbers drawn before labels):
- pages, and the median time of workbook.importers.sources.pdf.import_pdf over several runs,
- of which reading words and ruled tables with PDFium (read_pages), and the rest,
- the one-off cost of importing pypdfium2 (paid once per process, on the first PDF).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 7


def _libreoffice_pdf(folder: Path) -> Path | None:
    from tests.importers import variants as v
    from workbook.files import save_report
    from workbook.model.format import load_format

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    report = v.numbered(load_format("2021"))
    report.set_text("overview", "本年度，本单位认真贯彻落实政府信息公开条例。" * 30)
    report.set_text("problems", "一是公开内容不够全面。" * 20)
    report.set_text("other", "本年度未收取信息处理费。")
    source = folder / "ours.xlsx"
    save_report(report, source)
    profile = (folder / "profile").resolve().as_uri()
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "ours.pdf"


def _drawn_pdf(folder: Path) -> Path:
    from tests.importers import variants as v
    from tests.importers.pdfmake import pdf_bytes, report_pages
    from workbook.model.format import load_format

    report = v.numbered(load_format("2021"))
    report.set_text("overview", "本年度，本单位认真贯彻落实政府信息公开条例。" * 40)
    report.set_text("problems", "一是公开内容不够全面。" * 30)
    path = folder / "drawn.pdf"
    path.write_bytes(pdf_bytes(report_pages(report)))
    return path


def _measure(path: Path) -> None:
    import pypdfium2

    from workbook.importers.sources.pdf import import_pdf, read_pages

    pages = len(pypdfium2.PdfDocument(path))
    data = path.read_bytes()
    total, reading = [], []
    for _ in range(RUNS):
        t = time.perf_counter()
        imported = import_pdf(path)
        total.append(time.perf_counter() - t)
        t = time.perf_counter()
        read_pages(data, path.name)
        reading.append(time.perf_counter() - t)
    whole, words = statistics.median(total) * 1000, statistics.median(reading) * 1000
    filled = sum(v is not None for v in imported.report.values.values())
    print(
        f"{path.name}: {pages} pages, import {whole:.0f} ms median "
        f"(PDFium words+tables {words:.0f} ms, the rest {whole - words:.0f} ms), "
        f"{filled} cells read, {whole / max(pages, 1):.0f} ms a page"
    )


def main() -> None:
    t = time.perf_counter()
    import pypdfium2  # noqa: F401

    print(f"import pypdfium2 (once per process): {(time.perf_counter() - t) * 1000:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        printed = _libreoffice_pdf(folder)
        if printed is None:
            print("LibreOffice not installed: the printed workbook is skipped")
        else:
            _measure(printed)
        _measure(_drawn_pdf(folder))


if __name__ == "__main__":
    main()
