"""Open any file a clerk has, save in our formats: the one door the CLI and the GUI use.

Routing is by extension, then by content: a workbook that is not ours goes to the spreadsheet
importer. Anything unexpected while reading becomes a ReportError with a Chinese message, so no
caller ever shows a traceback.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
from collections.abc import Iterable
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.bounds import bound_imported
from workbook.guards import (
    MAX_BYTES,
    MAX_TEXT_BYTES,
    OLE2_MAGIC,
    ZipFacts,
    check_container,
    check_text_amount,
    os_reason,
    read_bytes,
    time_budget,
    zip_members,
)
from workbook.model.errors import (
    FileTooLarge,
    NeedsOcr,
    NotAReport,
    ReportError,
    SaveFailed,
    UnreadableFile,
)
from workbook.model.imported import OUR_JSON, Imported
from workbook.model.marks import FindingLike
from workbook.model.report import Report
from workbook.model.values import Note

if TYPE_CHECKING:
    from workbook.importers.sources.ocr import Progress

# The one list of what opens, by kind; the CLI's help, the batch folder scan and the open
# dialog's filter are all made from it.
WORKBOOK_EXT = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
WORD_EXT = (".docx", ".doc", ".wps")
PUBLISHED_EXT = (".pdf", ".txt", ".html", ".htm")
# Pictures of pages, read by OCR (workbook.importers.sources.ocr, imported only for one of them).
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
SUPPORTED_OPEN = (*WORKBOOK_EXT, ".json", *WORD_EXT, *PUBLISHED_EXT)
# Scans as pictures (IMAGE_EXT, read by OCR) open when named, but a folder scan does not take
# every picture in it for a report: they are not in SUPPORTED_OPEN.
SUPPORTED_SAVE = (".xlsx", ".json")
# Whether a scanned PDF is read by OCR in this process. A reader child with the usual limits
# (workbook.readerchild) sets False: OCR takes seconds a page, so the sandbox reads such a file
# again in a child with OCR's own limits.
OCR_HERE = True


def tell_pages(progress: Progress) -> None:
    """OCR calls `progress(pages done, pages in all)` as it reads (the sandbox's OCR child
    passes it on to its parent, which shows 第 N/M 页)."""
    from workbook.importers.sources.ocr import PAGE_PROGRESS

    PAGE_PROGRESS.set(progress)


def _patterns(exts: tuple[str, ...]) -> str:
    return " ".join(f"*{e}" for e in exts)


OPEN_FILTER = (
    f"年度报告文件 ({_patterns(SUPPORTED_OPEN)});;"
    f"表格（Excel/WPS/LibreOffice） ({_patterns(WORKBOOK_EXT)});;"
    f"Word 文档 ({_patterns(WORD_EXT)});;"
    f"已发布的报告（PDF、文本或网页） ({_patterns(PUBLISHED_EXT)});;"
    f"扫描件图片（文字识别） ({_patterns(IMAGE_EXT)});;"
    "JSON (*.json);;所有文件 (*)"
)
SAVE_FILTER = "Excel 工作簿 (*.xlsx);;JSON (*.json)"


def decode_text(data: bytes) -> str:
    """Text files from Windows are UTF-8 (with or without BOM), UTF-16 or GBK/GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别文本文件的编码（应为 UTF-8 或 GBK）。")


# The readers and writers below are imported when a file of their kind is met: openpyxl,
# xlsxwriter and the importers cost 0.1–0.6 s together (python -X importtime), which the app's
# start, `nianbao check` on our own workbooks (the fast reader only) and `--help` never pay.
def _open_workbook(path: Path, ext: str) -> Imported:
    """The bytes read and the zip directory parsed once, for the choice of reader and the
    guards alike."""
    data = read_bytes(path)
    infos = None
    if data.startswith(b"PK"):
        with contextlib.suppress(ReportError):  # the .xlsx path says what is wrong with it
            infos = zip_members(data, path.name)
    if _read_by_calamine(data, infos, ext):
        return _open_legacy(path, data)
    return _open_xlsx(path, data, infos)


def _read_by_calamine(data: bytes, infos: list[zipfile.ZipInfo] | None, ext: str) -> bool:
    """By content, not by name (clerks rename .xls to .xlsx and back): legacy OLE2 workbooks
    and OpenDocument spreadsheets go to calamine, Excel zips to openpyxl. A file that is
    neither goes where its name says, whose reader explains what is wrong with it."""
    if data.startswith(OLE2_MAGIC):
        return True
    if infos is not None:
        names = [i.filename for i in infos]
        if any(n.startswith("xl/workbook") for n in names):
            return False
        if "content.xml" in names:
            return True
    return ext not in (".xlsx", ".xlsm")


def _open_xlsx(path: Path, data: bytes, infos: list[zipfile.ZipInfo] | None) -> Imported:
    """Guards first (workbook.guards), then the fast reader (or, for formulas saved without
    results, the same reading without openpyxl), the full reader, the importer."""
    facts = check_container(data, path.name, infos, keep=True)
    from workbook.xlsx.read.fast import fast_read

    # ~1 ms for an intact workbook of ours; a script's save (formulas without results, which
    # the fast reader declines) ~6 ms instead of openpyxl's ~50; else None.
    read = _read_uncached if facts.uncached else fast_read
    quick = read(path, data, facts)
    facts.parts = None  # the inflated copy is done with
    if quick is not None:
        return quick
    check_container(data, path.name, infos)  # every member, for what openpyxl reads besides
    from workbook.xlsx.read.reader import read_workbook

    try:
        return read_workbook(path, data)
    except NotAReport as e:  # a clerk's own workbook: the grids our reader already loaded
        from workbook.importers.sources.spreadsheet import import_spreadsheet

        return import_spreadsheet(path, data, grids=e.grids)


def _read_uncached(path: Path, data: bytes, facts: ZipFacts) -> Imported | None:
    """Our workbook whose formulas were saved without results (workbook.xlsx.read.uncached)."""
    from workbook.xlsx.read.uncached import read_uncached, usable

    if not usable(facts):
        return None
    from workbook.importers.sources.calamine import calamine_grids

    try:
        grids = calamine_grids(data, path.name, measured=True)
    except ReportError:
        return None  # the full reader explains what is wrong
    return read_uncached(path, data, facts, grids)


def _open_legacy(path: Path, data: bytes) -> Imported:
    """.xls/.ods/.et: our own workbook saved by Excel/WPS/LibreOffice is read by the workbook
    reader (complete: metadata, prose, acknowledgements); any other by its labels."""
    from workbook.importers.sources.calamine import calamine_grids
    from workbook.importers.sources.spreadsheet import import_sheets, text_grids
    from workbook.xlsx.read.calamine_book import book_from_grids
    from workbook.xlsx.read.reader import is_ours, read_book

    sheets = calamine_grids(data, path.name)  # behind the guards
    book = book_from_grids(sheets)
    if is_ours(book):
        try:
            return read_book(book, path.name)
        except NotAReport:
            pass
    return import_sheets(text_grids(sheets))


def _open(path: Path, ext: str) -> Imported:
    if ext in WORKBOOK_EXT:
        return _open_workbook(path, ext)
    if ext in WORD_EXT:
        from workbook.importers.sources.word import import_word

        return import_word(path)
    if ext == ".pdf":
        from workbook.importers.sources.pdf import NoTextLayer, import_pdf

        try:
            return import_pdf(path)
        except NoTextLayer as e:  # a scan: OCR (workbook.importers.sources.ocr), if installed
            if not OCR_HERE:  # a reader child with the usual limits: the parent asks another
                raise NeedsOcr(str(e)) from e
            from workbook.importers.sources.ocr import import_scanned_pdf

            return import_scanned_pdf(e.data, path.name)
    if ext in IMAGE_EXT:  # a scanned page: OCR (workbook.importers.sources.ocr), if installed
        from workbook.importers.sources.ocr import import_image_file

        return import_image_file(path)
    if ext not in (".json", ".html", ".htm", ".txt"):
        raise UnreadableFile(
            f"不支持的文件类型“{ext or '无扩展名'}”。可以打开：{'、'.join(SUPPORTED_OPEN + IMAGE_EXT)}。"
        )
    data = read_bytes(path, MAX_TEXT_BYTES)
    if ext == ".json":
        from workbook.jsonio import read_json

        report, notes = read_json(decode_text(data))
        return Imported(report, notes, OUR_JSON)
    if ext in (".html", ".htm"):
        from workbook.importers.sources.html import import_html

        return import_html(data)
    from workbook.importers.sources.text import import_text

    text = decode_text(data)
    check_text_amount(len(text))
    return import_text(text)


def warm() -> None:
    """What the first read of one of our workbooks costs besides (imports, the format files,
    the fast reader's plans), paid now: the reading sandbox calls this once before it forks
    its children, which then all start ready."""
    import encodings.cp437  # noqa: F401  (zipfile's codec for names without the UTF-8 flag)

    import python_calamine  # noqa: F401

    from workbook.xlsx.read.fast import warm as warm_fast

    warm_fast()


def open_report(path: str | Path) -> Imported:
    """Read a report from any supported file, or raise ReportError with a Chinese message.

    This is the one boundary per file: whatever a reader raises — a ReportError, an OS error,
    a bug, or python-calamine's PanicException (a BaseException) — becomes that file's
    Chinese message, so a batch goes on and no window ever shows a traceback."""
    p = Path(path)
    try:
        if not p.exists():
            raise UnreadableFile(f"找不到文件：{p}")
        if p.is_dir():
            raise UnreadableFile(f"这是一个文件夹，不是报告文件：{p}")
        size = p.stat().st_size  # every kind, also those whose importer reads the file itself
        if size > MAX_BYTES:
            raise FileTooLarge(f"文件过大（{size // (1024 * 1024)} MB），不像是年度报告：{p.name}")
        if size == 0:
            raise UnreadableFile(f"文件是空的：{p.name}")
        # Library warnings and prints are English and not for clerks (openpyxl prints
        # "N is out of range" for a damaged style index).
        with warnings.catch_warnings(), time_budget(p.name), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            return bound_imported(_open(p, p.suffix.lower()))  # texts limited once, here
    except ReportError:
        raise
    except PermissionError:
        raise UnreadableFile(f"没有权限读取文件，或文件正被其他程序占用：{p.name}") from None
    except OSError as e:
        raise UnreadableFile(f"无法读取文件：{p.name}（{os_reason(e)}）") from None
    except MemoryError:
        raise FileTooLarge(f"“{p.name}”内容过多，内存不足，无法读取。") from None
    except RecursionError:
        raise UnreadableFile(f"“{p.name}”的结构嵌套过深，无法读取。") from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as e:  # a reader bug or a native panic
        raise UnreadableFile(f"无法读取文件：{p.name}（内容无法识别，文件可能已损坏）") from e


def save_report(
    report: Report,
    path: str | Path,
    *,
    mode: str = "report",
    findings: Iterable[FindingLike] = (),
    force: bool = False,
) -> list[Note]:
    """Save atomically as .xlsx (any writer mode) or .json; the old file survives a failure.

    Returns a note for everything the file could not hold exactly (control characters removed,
    more than 15 digits, dates before 1900): nothing is changed silently. A read-only target
    raises savefile.ReadOnlyTarget unless `force`."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".xlsx":
        from workbook.xlsx.write.writer import write_report, writing_notes

        write_report(report, p, mode=mode, findings=tuple(findings), force=force)
        return writing_notes(report)
    if ext == ".json":
        from workbook.jsonio import dumps_safe
        from workbook.savefile import atomic_write

        text, replaced = dumps_safe(report)
        with atomic_write(p, force=force) as f:
            f.write(text.encode("utf-8"))
        if replaced:
            return [Note("", f"有{replaced}个无效字符（单独的代理项）无法保存，已换成“\ufffd”")]
        return []
    raise SaveFailed(f"只能保存为 {' 或 '.join(SUPPORTED_SAVE)} 文件：{p.name}")
