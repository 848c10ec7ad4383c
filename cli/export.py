"""`nianbao export IN -o OUT.pdf|.docx|.html [--draft]`: the report for printing and publishing.

Word and HTML are written without Qt; only a PDF loads it (offscreen, no display or printer
needed), so `nianbao check` and the other commands stay light.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cli.args import ChineseParser
from workbook.model.errors import ReportError

if TYPE_CHECKING:
    from workbook.model.marks import FindingLike
    from workbook.model.report import Report
    from workbook.publish.document import Publication

FORMATS = (".pdf", ".docx", ".html")


def _fail(message: str) -> int:
    print(f"nianbao：{message}", file=sys.stderr)
    return 2


def run_export(argv: list[str]) -> int:
    parser = ChineseParser(
        prog="nianbao export",
        description=(
            "写出供打印和发布的正式文本（标题、六个部分、三张表格、落款）：.pdf、.docx（Word）"
            "或 .html（可直接发布的网页）。加 --draft 写出带标记和校验结果的校验稿。"
            "输入可以是 convert 能读取的任何文件。"
        ),
    )
    parser.add_argument("input", metavar="IN", help="要读取的报告文件")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help=".pdf / .docx / .html")
    parser.add_argument(
        "--draft", action="store_true", help="校验稿：标出有问题的单元格并列出校验结果"
    )
    args = parser.parse_args(argv)
    src, out = Path(args.input), Path(args.output)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        return _fail(f"只能导出 {' / '.join(FORMATS)} 文件：{out.name}")
    if out.exists() and src.exists() and out.resolve() == src.resolve():
        return _fail("输出文件不能与输入文件相同。")
    from workbook.files import open_report

    try:
        imported = open_report(src)
    except ReportError as e:
        return _fail(f"无法读取 {src.name}：{e}")
    report = imported.report
    findings: Sequence[FindingLike] = ()
    if args.draft:
        from rules.checker import check

        findings = check(report)
    from workbook.publish.document import build

    try:
        if ext == ".pdf":
            pages = _pdf(report, findings, out, args.draft)
            if not pages:
                return _fail(f"无法写出 {out.name}（文件可能正被其他程序打开）")
        else:
            _write(out, build(report, draft=args.draft, findings=findings), ext)
    except OSError as e:
        return _fail(f"无法写出 {out.name}：{e.strerror or e}")
    from workbook.model.notes import note_lines

    for line in note_lines(report.format, imported.notes):  # as `convert` and `check` list them
        print(f"提示：{line}", file=sys.stderr)
    kind = "校验稿" if args.draft else "正式文本"
    print(f"已导出{kind}：{src.name} → {out}")
    return 0


def _write(out: Path, pub: Publication, ext: str) -> None:
    from workbook.savefile import atomic_write

    if ext == ".docx":
        from workbook.publish.docx import docx_bytes

        data = docx_bytes(pub)
    else:
        from workbook.publish.html import page_html

        data = page_html(pub).encode("utf-8")
    with atomic_write(out) as handle:
        handle.write(data)


def _pdf(report: Report, findings: Sequence[FindingLike], out: Path, draft: bool) -> int:
    from gui.printing import CLEAN, DRAFT, publication

    return write_pdf_of(publication(report, findings, DRAFT if draft else CLEAN), out)


def write_pdf_of(pub: Publication, out: Path) -> int:
    """Qt writes to a scratch file; the result replaces OUT in one step (never half a PDF)."""
    import tempfile

    from gui.printing import ensure_gui_application, write_publication_pdf
    from workbook.savefile import atomic_write

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "export.pdf"
        pages = write_publication_pdf(pub, str(path))
        if not pages or not path.is_file():
            return 0
        with atomic_write(out) as handle:
            handle.write(path.read_bytes())
    return pages


def write_publication(pub: Publication, out: Path) -> int:
    """.pdf, .docx or .html by extension; returns pages for a PDF (0: not written), else 1."""
    ext = out.suffix.lower()
    if ext == ".pdf":
        return write_pdf_of(pub, out)
    _write(out, pub, ext)
    return 1
