"""Open any file a clerk has, save in our formats: the one door the CLI and the GUI use.

Routing is by extension, then by content: a workbook that is not ours goes to the spreadsheet
importer. Anything unexpected while reading becomes a ReportError with a Chinese message, so no
caller ever shows a traceback.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from contextlib import redirect_stdout
from pathlib import Path

from workbook.guards import (
    MAX_TEXT_BYTES,
    check_container,
    check_text_amount,
    os_reason,
    read_bytes,
    time_budget,
)
from workbook.model.errors import FileTooLarge, NotAReport, ReportError, SaveFailed, UnreadableFile
from workbook.model.imported import Imported
from workbook.model.marks import FindingLike
from workbook.model.report import Report
from workbook.model.values import Note

SUPPORTED_OPEN = (".xlsx", ".xlsm", ".xls", ".json", ".txt", ".html", ".htm")
SUPPORTED_SAVE = (".xlsx", ".json")
OPEN_FILTER = (
    "年度报告文件 (*.xlsx *.xlsm *.xls *.json *.txt *.html *.htm);;"
    "Excel 工作簿 (*.xlsx *.xlsm *.xls);;"
    "已发布的报告（文本或网页） (*.txt *.html *.htm);;"
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
def _open(path: Path, ext: str) -> Imported:
    if ext in (".xlsx", ".xlsm"):
        return _open_workbook(path)
    if ext == ".xls":
        from workbook.importers.spreadsheet import import_spreadsheet

        return import_spreadsheet(path)
    if ext not in (".json", ".html", ".htm", ".txt"):
        raise UnreadableFile(
            f"不支持的文件类型“{ext or '无扩展名'}”。可以打开：{'、'.join(SUPPORTED_OPEN)}。"
        )
    data = read_bytes(path, MAX_TEXT_BYTES)
    if ext == ".json":
        from workbook.jsonio import loads_report

        return Imported(loads_report(decode_text(data)), [], "JSON")
    if ext in (".html", ".htm"):
        from workbook.importers.html import import_html

        return import_html(data)
    from workbook.importers.text import import_text

    text = decode_text(data)
    check_text_amount(len(text))
    return import_text(text)


def _open_workbook(path: Path) -> Imported:
    """Guards first (workbook.guards), then the fast reader, the full reader, the importer."""
    from workbook.importers.spreadsheet import import_spreadsheet

    data = read_bytes(path)
    try:
        facts = check_container(data, path.name)
    except NotAReport:  # a legacy .xls renamed .xlsx
        return import_spreadsheet(path, data)
    from workbook.xlsx.read.fast import fast_read

    fast = fast_read(path, data, facts)  # ~2 ms for an intact workbook of ours, else None
    if fast is not None:
        return fast
    from workbook.xlsx.read.reader import read_workbook

    try:
        return read_workbook(path, data)
    except NotAReport as e:  # a clerk's own workbook: the grids our reader already loaded
        return import_spreadsheet(path, data, grids=getattr(e, "grids", None))


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
        # Library warnings and prints are English and not for clerks (openpyxl prints
        # "N is out of range" for a damaged style index).
        with warnings.catch_warnings(), time_budget(p.name), redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            return _open(p, p.suffix.lower())
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
