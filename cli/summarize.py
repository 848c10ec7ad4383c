"""`nianbao summarize` and `nianbao compare`: the supervising office's two commands.

Thin shells over service.summarize / service.compare (the app's batch window calls the same).
Exit statuses: summarize 0 · 1 some reports have errors · 2 a file could not be read or nothing
could be written; compare 0 · 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cli.args import ChineseParser
from workbook.model.errors import ReportError


def _fail(prog: str, message: str) -> int:
    print(f"{prog}：{message}", file=sys.stderr)
    return 2


def run_summarize(argv: list[str]) -> int:
    prog = "nianbao summarize"
    parser = ChineseParser(
        prog=prog,
        description=(
            "汇总多个单位的年度报告：逐格相加得到汇总表（一份普通的报告工作簿，可再校验、转换），"
            "并列出各单位的主要数字和问题、无法读取的文件、未报单位和与上年的变化。"
        ),
        epilog="退出状态：0 各报告均无错误；1 有报告存在错误；2 有文件无法读取或无法写出。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="报告文件或文件夹")
    parser.add_argument("-o", "--output", metavar="OUT.xlsx", required=True, help="汇总工作簿")
    parser.add_argument(
        "--previous",
        metavar="DIR",
        help="上年报告所在文件夹（每份报告对应同一单位上一年度的报告）",
    )
    parser.add_argument(
        "--units",
        metavar="LIST",
        help="单位名单（.txt 每行一个，或 Excel 中文字最多的一列；同一单位的几个名称写在一行，用 = 隔开）",
    )
    parser.add_argument("--jobs", type=int, help="并行进程数（默认为处理器核数）")
    parser.add_argument(
        "--report", metavar="分析.docx", help="另写一份分析报告（.docx/.html/.pdf）"
    )
    args = parser.parse_args(argv)
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        return _fail(prog, f"汇总只能写成 .xlsx 文件：{out.name}")
    from cli.analysis import report_format_error, write_analysis

    if args.report and report_format_error(Path(args.report)):
        return _fail(prog, report_format_error(Path(args.report)))
    from service.summarize import scan_files, summarize
    from service.summary_book import read_units, write_summary

    if args.previous and not Path(args.previous).is_dir():
        return _fail(prog, f"--previous 应为上年报告所在的文件夹：{args.previous}")
    scan = scan_files(args.files)
    # A 汇总 written into the reports' folder last time is not a unit's report.
    files = [f for f in scan.files if not _same_file(f, out)]
    units = None
    if args.units:
        try:
            units = read_units(args.units)
        except ReportError as e:
            return _fail(prog, f"无法读取单位名单：{e}")
    last = scan_files([args.previous]) if args.previous else None
    skipped = scan.skipped + (last.skipped if last else [])
    summary = summarize(
        files,
        previous_paths=last.files if last else [],
        units=units,
        skipped=skipped,
        jobs=args.jobs,
    )
    for r in summary.unreadable:
        print(f"{prog}：无法读取 {r.file}：{r.error}", file=sys.stderr)
    try:
        write_summary(summary, out, with_units=units is not None, with_previous=last is not None)
    except ReportError as e:
        return _fail(prog, f"没有写出 {out.name}：{e}")
    for path, reason in skipped:
        print(f"{path}：{reason}")
    for r in summary.duplicates:
        print(next(n for n in r.notes if n.startswith("重复报送")))
    if last is not None:
        for r in summary.readable:
            if r.previous_note and not r.duplicate_of:
                print(f"未找到上年报告：{r.agency}（{Path(r.file).name}）{r.previous_note}")
        for r in summary.previous_unmatched:
            print(
                f"上年报告未对应：{r.agency}（{r.year or '未填'}年度，{Path(r.file).name}）"
                "本年没有该单位下一年度的报告"
            )
    if args.report:
        failed = write_analysis(summary, Path(args.report), with_units=units is not None)
        if failed:
            return _fail(prog, f"没有写出分析报告：{failed}")
        print(f"已写出分析报告：{args.report}")
    readable = summary.readable
    with_errors = sum(1 for r in readable if r.errors)
    sent_unreadable = (
        f"；{len(summary.unreadable_units)} 个单位的报送文件无法读取"
        if summary.unreadable_units
        else ""
    )
    print(
        f"已写出汇总：{out}（{len(readable)} 份报告，其中 {with_errors} 份有错误；"
        f"{len(summary.unreadable)} 个文件无法读取"
        + (f"；{len(summary.missing_units)} 个单位未报" if units is not None else "")
        + sent_unreadable
        + (f"；跳过 {len(skipped)} 个本程序写出的工作簿" if skipped else "")
        + "）"
    )
    if summary.unreadable:
        return 2
    return 1 if with_errors else 0


def _same_file(path: str, out: Path) -> bool:
    return out.exists() and Path(path).exists() and Path(path).resolve() == out.resolve()


def run_compare(argv: list[str]) -> int:
    prog = "nianbao compare"
    parser = ChineseParser(
        prog=prog,
        description="把本年报告与上年报告逐格比较（本年、上年、增减），并给出正文与上年的相似度和相同段落。",
        epilog="退出状态：0 完成；2 文件无法读取或无法写出。",
    )
    parser.add_argument("this", metavar="THIS", help="本年报告")
    parser.add_argument("previous", metavar="PREV", help="上年报告")
    parser.add_argument("-o", "--output", metavar="OUT", help="另存为 .xlsx 或 .html")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="输出格式（默认 text）"
    )
    parser.add_argument(
        "--all", action="store_true", help="文本输出时列出所有单元格（默认只列变化的）"
    )
    args = parser.parse_args(argv)
    out = Path(args.output) if args.output else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".html", ".htm"):
        return _fail(prog, f"只能写出 .xlsx 或 .html 文件：{out.name}")
    from service.compare import compare_reports, comparison_data, comparison_text, save_comparison
    from service.previous import previous_warnings
    from workbook.sandbox import open_contained as open_report

    reports = []
    for path in (args.this, args.previous):
        try:
            reports.append(open_report(path).report)
        except ReportError as e:
            return _fail(prog, f"无法读取 {Path(path).name}：{e}")
    comparison = compare_reports(*reports)
    for warning in previous_warnings(*reports):  # never a wrong 上年 without a word
        print(f"{prog}：警告：{warning}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(comparison_data(comparison), ensure_ascii=False, indent=1))
    elif out is None:
        print(comparison_text(comparison, all_cells=args.all))
    if out is not None:
        try:
            save_comparison(comparison, out)
        except ReportError as e:
            return _fail(prog, f"无法写出 {out.name}：{e}")
        # The file holds the comparison: the screen gets one line (JSON keeps stdout to itself).
        print(f"已写出比较结果：{out}", file=sys.stderr if args.format == "json" else sys.stdout)
    return 0
