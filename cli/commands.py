"""`nianbao template | convert | export | check`: a thin shell over workbook/ and rules/.

Exit statuses follow INTERFACES.md. Every failure a user can cause prints one Chinese line on
stderr, never a traceback. Each command imports its machinery when it runs (function-local, on
purpose): `--help` and `template` need neither the checker nor the readers, which cost 0.2–0.4 s
to import (cli.check with rules and service/; python -X importtime), nor xlsxwriter (0.1 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cli.args import ChineseParser
from workbook.model.errors import ReportError

PROG = "nianbao"


def _fail(message: str) -> int:
    print(f"{PROG}：{message}", file=sys.stderr)
    return 2


def _template(argv: list[str]) -> int:
    parser = ChineseParser(
        prog=f"{PROG} template",
        description="写出空白的年度报告模板（Excel 工作簿：合计为公式，标签锁定，输入格可填）。",
    )
    parser.add_argument("out", metavar="OUT.xlsx", help="要写出的模板文件")
    parser.add_argument(
        "--year", type=int, help="报告年度，例如 2025（决定使用 2021 版或 2019 版格式）"
    )
    parser.add_argument("--agency", default="", help="填报单位名称")
    parser.add_argument("--force", action="store_true", help="覆盖只读的目标文件")
    args = parser.parse_args(argv)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        return _fail(f"模板只能写成 .xlsx 文件：{out.name}")
    from workbook.xlsx.write.writer import write_template

    try:
        write_template(out, year=args.year, agency=args.agency, force=args.force)
    except ReportError as e:
        return _fail(str(e))
    print(f"已写出模板：{out}")
    return 0


def _convert(argv: list[str]) -> int:
    from workbook.files import SUPPORTED_OPEN, SUPPORTED_SAVE, save_report
    from workbook.sandbox import open_contained as open_report

    parser = ChineseParser(
        prog=f"{PROG} convert",
        description=(
            f"按扩展名转换报告。可读取：{' '.join(SUPPORTED_OPEN)}（含已发布报告的文本和网页）；"
            f"可写出：{' '.join(SUPPORTED_SAVE)}。读取时需要解释或无法读取的内容会逐条列出。"
        ),
    )
    parser.add_argument("input", metavar="IN", help="要读取的文件")
    parser.add_argument("-o", "--output", metavar="OUT", required=True, help="要写出的文件")
    parser.add_argument("--force", action="store_true", help="覆盖只读的目标文件")
    args = parser.parse_args(argv)
    src, out = Path(args.input), Path(args.output)
    if out.suffix.lower() not in SUPPORTED_SAVE:
        return _fail(f"只能写出 {' 或 '.join(SUPPORTED_SAVE)} 文件：{out.name}")
    try:
        same = out.exists() and src.exists() and out.resolve() == src.resolve()
    except OSError:  # a name too long for the system: open_report and the save say so
        same = False
    if same:
        return _fail("输出文件不能与输入文件相同。")
    try:
        imported = open_report(src)
    except ReportError as e:
        return _fail(f"无法读取 {src.name}：{e}")
    try:
        written = save_report(imported.report, out, force=args.force)
    except ReportError as e:
        return _fail(f"无法写出 {out.name}：{e}")
    from workbook.model.notes import note_lines

    lines = note_lines(imported.report.format, [*imported.notes, *written])
    for line in lines:
        print(f"提示：{line}", file=sys.stderr)
    count = len(lines)
    summary = f"，{count} 处需要核对（见上）" if count else ""
    print(f"已转换：{src.name} → {out}{summary}")
    return 0


def _export(argv: list[str]) -> int:
    from cli.export import run_export

    return run_export(argv)


def _check(argv: list[str]) -> int:
    import gc

    # What is loaded before the reader children start lasts the whole run: no cyclic garbage
    # collection until then (~35 of them, ~3.5 ms before the first reader). run_check turns it
    # back on once they have forked (workbook.sandbox freezes what they inherit).
    gc.disable()
    try:
        from cli.check import run_check

        return run_check(argv)
    finally:
        gc.enable()


def _summarize(argv: list[str]) -> int:
    from cli.summarize import run_summarize

    return run_summarize(argv)


def _compare(argv: list[str]) -> int:
    from cli.summarize import run_compare

    return run_compare(argv)


def _history(argv: list[str]) -> int:
    from cli.history import run_history

    return run_history(argv)


COMMANDS = {
    "template": (_template, "写出空白模板"),
    "convert": (_convert, "在 xlsx / json / 已发布报告文本和网页之间转换"),
    "export": (_export, "导出供打印和发布的正式文本（PDF / Word / 网页），或带校验结果的校验稿"),
    "check": (_check, "批量校验报告（勾稽关系、空白单元格、与上年和正文的一致性）"),
    "summarize": (_summarize, "汇总多个单位的报告（汇总表、各单位一览、未报单位、与上年变化）"),
    "compare": (_compare, "本年报告与上年报告逐格比较，正文相似度"),
    "history": (_history, "同一单位历年报告的主要数字、指标和折线图"),
}


def _usage() -> str:
    lines = [
        "用法：nianbao [文件]              启动年报工作台（可同时打开一个文件）",
        "      nianbao 命令 [参数…]        在命令行中工作",
        "      nianbao --version           显示版本号",
        "",
        "命令：",
    ]
    lines += [f"  {name:<10}{desc}" for name, (_, desc) in COMMANDS.items()]
    lines.append(
        "\n每个命令都可加 --help 查看说明。命令行用法有误（没有这个命令、选项）时退出状态为 64。"
    )
    return "\n".join(lines)


def run(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(_usage())
        return 0
    handler, _ = COMMANDS[argv[0]]
    # `check` starts as many as its batch needs, the checker loaded first (service.batch).
    if argv[0] not in ("template", "check") and not {"-h", "--help"} & set(argv):
        from workbook.sandbox import prestart

        prestart(1)  # a reader child starts while the command imports its own machinery
    try:
        return handler(argv[1:])
    except KeyboardInterrupt:
        return _fail("已取消。")
