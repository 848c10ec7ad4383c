"""`nianbao export IN -o OUT.pdf|.docx|.html [--draft]`: the report for printing and publishing.

Word and HTML are written without Qt; only a PDF loads it (offscreen, no display or printer
needed), so `nianbao check` and the other commands stay light.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cli.args import ChineseParser
from workbook.model.errors import ReportError

if TYPE_CHECKING:
    from workbook.model.marks import FindingLike
    from workbook.publish.document import Publication

FORMATS = (".pdf", ".docx", ".html")  # workbook.publish.save.PUBLISH_EXT, without importing it


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
    parser.add_argument("--force", action="store_true", help="覆盖只读的目标文件")
    args = parser.parse_args(argv)
    src, out = Path(args.input), Path(args.output)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        return _fail(f"只能导出 {' / '.join(FORMATS)} 文件：{out.name}")
    try:
        same = out.exists() and src.exists() and out.resolve() == src.resolve()
    except OSError:  # a name too long for the system: the reading and the save say so
        same = False
    if same:
        return _fail("输出文件不能与输入文件相同。")
    from workbook.sandbox import open_contained as open_report

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
    from workbook.publish.save import save_publication

    pub = build(report, draft=args.draft, findings=findings)
    try:
        save_publication(pub, out, force=args.force, pdf=_pdf_painter() if ext == ".pdf" else None)
    except ReportError as e:
        return _fail(f"无法写出 {out.name}：{e}")
    from workbook.model.notes import note_lines

    for line in note_lines(report.format, imported.notes):  # as `convert` and `check` list them
        print(f"提示：{line}", file=sys.stderr)
    kind = "校验稿" if args.draft else "正式文本"
    print(f"已导出{kind}：{src.name} → {out}")
    return 0


def _pdf_painter() -> Callable[[Publication], bytes]:
    """Qt's painter, loaded only for a PDF (offscreen: no display or printer needed)."""
    from gui.printing import ensure_gui_application, pdf_bytes

    ensure_gui_application()
    return pdf_bytes
