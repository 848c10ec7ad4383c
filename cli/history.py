"""`nianbao history`: a unit's reports of several years side by side, with line charts.

A thin shell over service.history; exit statuses 0 · 2 (a file could not be read, or nothing
could be written).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cli.args import ChineseParser
from cli.summarize import _fail
from workbook.model.errors import ReportError


def run_history(argv: list[str]) -> int:
    prog = "nianbao history"
    parser = ChineseParser(
        prog=prog,
        description=(
            "把同一单位不同年度的报告排在一起：每个单位每年一行，列出主要数字和指标"
            "（2019年试行格式按相同含义的单元格对应），并为每组数字画折线图。"
        ),
        epilog="退出状态：0 完成；2 有文件无法读取（历年表照常写出）或无法写出。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="各年度的报告文件或文件夹")
    parser.add_argument("-o", "--output", metavar="OUT.xlsx", required=True, help="历年工作簿")
    args = parser.parse_args(argv)
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        return _fail(prog, f"历年表只能写成 .xlsx 文件：{out.name}")
    from service.history import collect_history
    from service.history_book import write_history

    history = collect_history(args.files, skip=out)
    for path, reason in history.unreadable:
        print(f"{prog}：无法读取 {path}：{reason}", file=sys.stderr)
    if not history.units:
        return _fail(prog, f"没有可以读取的报告，未写出 {out.name}。")
    try:
        write_history(history, out)
    except ReportError as e:
        return _fail(prog, f"没有写出 {out.name}：{e}")
    years = sum(len(lines) for lines in history.units.values())
    print(f"已写出历年表：{out}（{len(history.units)} 个单位，{years} 份报告）")
    return 2 if history.unreadable else 0
