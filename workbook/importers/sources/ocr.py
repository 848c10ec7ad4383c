"""Scanned reports — image-only PDFs and page images — read on the clerk's machine.

Each page picture goes through OCR (workbook.importers.sources.ocrpage) into the same words-with-boxes
the PDF text layer gives, and from there through the PDF importer's own reading (page_lines →
import_lines): labels matched by the one label matcher, numbers placed by the table's cells or
columns. What OCR read is then put to the form's arithmetic (workbook.importers.sources.ocrsums): a
number stands where the sums confirm it; a missing or doubtful one is filled only where the sums
leave one value; everything else stays as read but marked for the clerk (`Imported.review`), or
blank with a note. The report is read twice — from all words, and from the words the reader was
sure of — so a number resting on an unsure digit is known as such without threading confidence
through the text importer.

OCR is an optional install (`pip install .[ocr]`): without it, the refusal says how to add it.
This module imports nothing heavy until a page is read.
"""

from __future__ import annotations

import contextvars
import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from workbook.guards import read_bytes, time_budget
from workbook.model.errors import NotAReport, ReportError, UnreadableFile
from workbook.model.imported import Imported
from workbook.model.values import Note

SOURCE_KIND = "扫描件（文字识别）"
SURE = 0.9  # reader's confidence from which a word counts as sure
TRUSTED_SHARE = 0.8  # of a table's readings confirmed by the sums, to keep the others (marked)
DPI = 200  # a scanned PDF page is drawn at this resolution for OCR
MAX_PAGES = 20  # a scanned report has 3–10 pages
SECONDS_PER_PAGE = 45.0  # OCR's own time limit, instead of the 10 s a text file gets

MISSING = (
    "“{name}”{what}。本软件的文字识别（OCR）是可选组件，尚未安装：在本软件目录执行 "
    "`uv sync --extra ocr`（或 `pip install .[ocr]`）即可添加（Windows 上约 260 MB，离线运行，不上传任何内容）；"
    "也可改用原始的Word/WPS文件、网页或表格，或在本软件中手工填写。"
)
SCANNED_PDF = "没有可以读取的文字，像是扫描件或图片转成的PDF"
IMAGE_FILE = "是图片，需要文字识别才能读取"
NOTHING = "“{name}”像是扫描件，但文字识别（OCR）没有找到年度报告的表格或标题。"

DERIVED = "{label}：扫描件中未能识别，按勾稽关系应为 {value}，已填 {value}"
BLANK_SUM = "{label}：扫描件中没有读到这一格（原件可能是空白），按勾稽关系应为 {value}，已留空，请对照原件填写"
BLANK_ZERO = "{label}：扫描件中此格为空白，按勾稽关系应为 0（空白未改为 0）"
UNREAD = "{label}：扫描件中没有读到数字，勾稽关系也定不下来，已留空（原件此格也可能是空白），请对照原件核对"
UNCONFIRMED = "{label}：扫描件中识别为 {read}，勾稽关系无法核对，请对照原件确认"
DROPPED = "{label}：扫描件中识别为 {read}，{why}，已留空，请对照原件填写"
WHY_SUMS = "与勾稽关系不符"
WHY_UNSURE = "字迹不清、无法由勾稽关系确认"
WHY_POOR = "这张表整体识别不佳、勾稽关系大多不符"
EXPECTED = "字迹不清，按勾稽关系应为 {value}，两者不符"
CONTRARY = "按勾稽关系应为 {value}，两者不符"
WANTED = (
    "{label}：扫描件中未能识别；按勾稽关系可能是 {value}，但没有另一个等式印证"
    "（同一等式中的读数也可能读错），已留空，请对照原件填写"
)
REVIEW_READ = "文字识别读出 {read}，勾稽关系无法核对：请对照原件确认"

_NUMBER = re.compile(r"\d+(\.\d+)?")  # a word that is a number, as the reader cleaned it
_TAG = 7_000_001  # numbers standing in for words while finding which cell each went to

Progress = Callable[
    [int, int], None
]  # pages done, pages in all (the reader child tells its parent)
PAGE_PROGRESS: contextvars.ContextVar[Progress | None] = contextvars.ContextVar(
    "nianbao_ocr_progress", default=None
)


def _same(page: Any) -> Any:
    return page


def available() -> bool:
    """The OCR extra is installed (rapidocr with its models, and OpenCV)."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr_onnxruntime", "cv2"))


def refuse(name: str, what: str) -> ReportError:
    return NotAReport(MISSING.format(name=name, what=what))


# ---------------------------------------------------------------- entry points (hooks)
def import_image_file(path: str | Path) -> Imported:
    """A picture of the report (.png/.jpg/.tif …), one page per file or several in a TIFF."""
    p = Path(path)
    if not available():
        raise refuse(p.name, IMAGE_FILE)
    from workbook.importers.sources.ocrimage import decode_images

    data = read_bytes(p)
    return import_pages([partial(_same, page) for page in decode_images(data, p.name)], p.name)


def import_scanned_pdf(data: bytes, name: str) -> Imported:
    """A PDF without a text layer: its pages drawn as pictures and read."""
    from workbook.importers.sources.ocrpdf import has_pictures

    if not has_pictures(data):
        raise NotAReport(NOTHING.format(name=name))
    if not available():
        raise refuse(name, SCANNED_PDF)
    from workbook.importers.sources.ocrpdf import render_pages

    return import_pages(render_pages(data, name, DPI, MAX_PAGES), name)


# ---------------------------------------------------------------- reading
@dataclass
class _Page:
    words: list[Any]  # OcrWord
    rulings: Any  # pdfpage._Rulings
    scale: float = 1.0  # page points per pixel of the picture


def import_pages(pages: Sequence[Callable[[], Any]], name: str) -> Imported:
    """Page pictures (each drawn or decoded when its turn comes, and let go once read: memory
    holds one page picture) → report, the numbers put to the arithmetic."""
    from workbook.importers.sources.ocrimage import A4_WIDTH
    from workbook.importers.sources.ocrpage import read_page

    if len(pages) > MAX_PAGES:
        raise UnreadableFile(f"“{name}”有{len(pages)}页，不像是一份年度报告。")
    progress = PAGE_PROGRESS.get()
    read: list[_Page] = []
    with time_budget(name, SECONDS_PER_PAGE * len(pages) + 10) as deadline:
        for index, picture in enumerate(pages):
            if progress is not None:
                progress(index, len(pages))
            deadline.check()
            drawn = picture()
            words, rulings = read_page(drawn)
            read.append(_Page(words, rulings, A4_WIDTH / drawn.shape[1]))
            del drawn
        if progress is not None:
            progress(len(pages), len(pages))
    try:
        everything = _import(read, lambda w: True)
    except NotAReport:
        raise NotAReport(NOTHING.format(name=name)) from None
    try:
        sure = _import(read, lambda w: w.confidence >= SURE)
    except NotAReport:  # nothing sure at all: every reading has to be confirmed by the sums
        sure = Imported(everything.report.__class__.blank(everything.report.format.id))
    everything.ocr_boxes = _boxes(read, everything)
    _confirm(everything, sure)
    _snippets(everything, read, pages)
    everything.source_kind = SOURCE_KIND
    return everything


def _snippets(imported: Imported, read: list[_Page], pages: Sequence[Callable[[], Any]]) -> None:
    """Each cell the clerk must confirm, with the scan's row around it (ocrsnippets)."""
    from workbook.importers.sources.ocrsnippets import attach_snippets

    attach_snippets(imported, pages, [(p.words, p.rulings) for p in read])


def _import(pages: list[_Page], keep: Callable[[Any], bool]) -> Imported:
    """The PDF importer's reading of the pages, from the words `keep` lets through."""
    from workbook.importers.sources.ocrpage import page_items
    from workbook.importers.sources.pdf import import_items

    return import_items([page_items([w for w in p.words if keep(w)], p.rulings) for p in pages])


Box = tuple[int, tuple[int, int, int, int]]  # page index, (x0, top, x1, bottom) in pixels


def _boxes(pages: list[_Page], imported: Imported) -> dict[str, Box]:
    """Where each cell's number was read. The reading does not say which word went where, so
    it is run once more with every number-word replaced by a tag of its own: the cell a tag
    lands in names its word — kept only where that word's own text is the number the cell got
    (a word split, joined or moved by a repair gives no box rather than a wrong one)."""
    import dataclasses

    tags: dict[str, tuple[int, Any, float]] = {}
    tagged = []
    for index, page in enumerate(pages):
        words = []
        for w in page.words:
            if _NUMBER.fullmatch(w.text):
                tag = str(_TAG + len(tags))
                tags[tag] = (index, w, page.scale)
                w = dataclasses.replace(w, text=tag)
            words.append(w)
        tagged.append(_Page(words, page.rulings, page.scale))
    try:
        placed = _import(tagged, lambda w: True).report.values
    except ReportError:
        return {}
    out: dict[str, Box] = {}
    for key, landed in placed.items():
        found = tags.get(str(landed))
        if found is None:
            continue
        index, word, scale = found
        if Decimal(word.text) != imported.report.values.get(key):
            continue
        x0, top, x1, bottom = (round(v / scale) for v in (word.x0, word.top, word.x1, word.bottom))
        out[key] = (index, (x0, top, x1, bottom))
    return out


def _confirm(imported: Imported, sure_import: Imported) -> None:
    """Every number read by OCR put to the arithmetic; notes and review marks for the clerk."""
    from workbook.importers.sources.ocrsums import settle
    from workbook.model.cellnames import describe

    report = imported.report
    fmt = report.format
    read = {c.key: report.values.get(c.key) for c in fmt.cells}
    # Sure: read the same from the confident words alone, and one word (ocr_boxes) — a number
    # pieced together from several words in a cell (a stamp's digits beside the printed ones)
    # is not the reader's confident word for that cell.
    sure = {
        k
        for k, v in read.items()
        if v is not None and sure_import.report.values.get(k) == v and k in imported.ocr_boxes
    }
    # Cells where the importer saw digits it could not read: a derived 0 may go there. A note
    # about a whole row (not found, not placed) or a blot ("■", a stamp's ink over a blank
    # cell) is no sign that a number was printed: a blank stays blank.
    noted = {n.key for n in imported.notes if any(c.isdigit() for c in n.raw)}
    settled = settle(fmt, read, sure)
    poor = _poorly_read(fmt, read, settled.values)
    spoken = {n.key for n in imported.notes}  # cells the importer already said something about
    tables_read = {fmt.cell(k).table for k, v in read.items() if v is not None}
    notes: list[Note] = []
    for cell in fmt.cells:
        key, got = cell.key, read[cell.key]
        label = describe(fmt, key)
        if key in settled.derived:
            value = settled.values[key]
            if value == 0 and key not in noted:
                notes.append(Note(key, BLANK_ZERO.format(label=label)))
                continue  # a blank printed as blank stays blank
            if key not in noted:  # nothing read there: perhaps printed blank — the clerk's call
                notes.append(Note(key, BLANK_SUM.format(label=label, value=value)))
                continue
            report.values[key] = value
            notes.append(Note(key, DERIVED.format(label=label, value=value)))
        elif key in settled.wanted and got is None:
            notes.append(Note(key, WANTED.format(label=label, value=settled.wanted[key])))
        elif got is None:
            if key not in spoken and cell.table in tables_read:
                notes.append(Note(key, UNREAD.format(label=label)))
        elif key in settled.values:
            continue
        elif key in settled.contradicted or key in settled.expected or cell.table in poor:
            report.values[key] = None
            why = WHY_UNSURE if key not in sure else WHY_SUMS
            if key in settled.expected:
                wording = EXPECTED if key not in sure else CONTRARY
                why = wording.format(value=settled.expected[key])
            elif cell.table in poor and key not in settled.contradicted:
                why = WHY_POOR
            notes.append(Note(key, DROPPED.format(label=label, read=got, why=why)))
        else:
            notes.append(Note(key, UNCONFIRMED.format(label=label, read=got)))
            imported.review[key] = REVIEW_READ.format(read=got)
    imported.notes.extend(notes)


def _poorly_read(fmt: Any, read: dict[str, Any], confirmed: dict[str, Any]) -> set[str]:
    """Tables with sums whose readings the sums mostly did not confirm: the page was read out
    of line (a row's numbers under another row's label), so no unconfirmed reading is kept."""
    from workbook.importers.sources.ocrsums import equations

    checked = {k for left, right in equations(fmt) for k in (*left, *right)}
    poor = set()
    for table in fmt.tables:
        keys = [c.key for c in fmt.table_cells(table) if c.key in checked]
        got = [k for k in keys if read.get(k) is not None]
        if got and sum(k in confirmed for k in got) < TRUSTED_SHARE * len(got):
            poor.add(table)
    return poor
