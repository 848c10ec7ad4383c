"""`nianbao check FILE… [--previous LAST] [--format text|json] [--checked OUT.xlsx]`.

Checks any number of reports (a folder means the report files in it). A file that cannot be read
gives one Chinese line on stderr and an entry with its error; the other files are still checked.
Exit status (INTERFACES.md): 0 no errors · 1 errors found · 2 a file could not be read.

The batch itself (file list, reading, the crash guard, the process pool) is service.batch, shared
with the app's 批量检查; this module parses arguments and prints.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cli.args import ChineseParser
from rules import check
from rules.finding import Finding
from service.batch import (
    FileResult,
    duplicate_note,
    iter_check,
    load_report,
    mark_duplicates,
    start_checkers,
)
from service.scan import REPORT_EXTENSIONS, scan_files
from workbook.model import severity
from workbook.model.errors import ReportError
from workbook.model.format import load_format
from workbook.model.layout import position
from workbook.model.report import Report

PROG = "nianbao check"


def _parser() -> ChineseParser:
    parser = ChineseParser(
        prog=PROG,
        description=(
            "校验年度报告：表格勾稽关系、空白单元格、数字格式，以及与正文、上年报告的一致性。"
            f"可读取 {' '.join(REPORT_EXTENSIONS)} 文件；给出文件夹时校验其中所有报告文件。"
        ),
        epilog="退出状态：0 未发现错误；1 发现错误；2 有文件无法读取；64 命令行用法有误。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="要校验的报告文件或文件夹")
    parser.add_argument(
        "--previous", metavar="LAST", help="上年度的报告，用于核对上年结转、现行有效件数和正文雷同"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="输出格式：text 为中文清单（默认），json 供其他程序读取",
    )
    parser.add_argument(
        "--checked",
        metavar="OUT.xlsx",
        help="另存一份标出问题的工作簿（问题单元格着色并附批注，另有“校验结果”工作表）；只能校验一个文件时使用",
    )
    return parser


# ---------------------------------------------------------------- output


def finding_cells(finding: Finding, format_id: str) -> list[dict[str, Any]]:
    """INTERFACES.md cells: official coordinates and the saved workbook's ref; prose by id."""
    fmt = load_format(format_id)
    cells: list[dict[str, Any]] = []
    for key in finding.keys:
        if not fmt.has_cell(key):
            continue
        c = fmt.cell(key)
        cells.append({"table": c.table, "row": c.row, "col": c.col, "ref": position(fmt, key).ref})
    cells.extend({"text": t} for t in finding.texts)
    return cells


def result_data(result: FileResult, warnings: list[str] | None = None) -> dict[str, Any]:
    return {
        "file": result.file,
        "error": result.error,
        "warnings": warnings or [],
        "duplicate_of": result.duplicate_of,
        "findings": [
            {
                "code": f.code,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "cells": finding_cells(f, result.format_id),
                "acknowledged": f.acknowledged,
            }
            for f in result.findings
        ],
    }


def _json_entry(result: FileResult, warnings: list[str]) -> str:
    """One file's entry in the JSON list, as json.dumps(the list, indent=1) writes it."""
    import json  # only for --format json, once the readers have started

    text = json.dumps(result_data(result, warnings), ensure_ascii=False, indent=1)
    return " " + text.replace("\n", "\n ")


def _counts(findings: Sequence[Finding]) -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in severity.ORDER}
    acked = sum(1 for f in findings if f.acknowledged)
    text = f"{n['error']} 个错误、{n['warning']} 个警告、{n['info']} 个提示"
    return text + (f"（其中 {acked} 个已确认）" if acked else "")


def _text_parts(result: FileResult) -> tuple[str, list[str]]:
    """The report's heading and its lines after the 重复报送 line — that one waits for the
    whole batch (mark_duplicates); these are written while the other files are still read."""
    who = "".join(x for x in (result.agency, f"{result.year}年度" if result.year else "") if x)
    head = f"== {result.file}" + (f"（{who}）" if who else "")
    if result.error:
        return head, [f"  无法读取：{result.error}"]
    from workbook.model.notes import note_lines

    lines = [
        f"  读取说明：{line}" for line in note_lines(load_format(result.format_id), result.notes)
    ]
    if not result.findings:
        lines.append("  未发现问题。")
    for f in result.findings:
        line = f"  {severity.label(f.severity)} {f.code}［{f.rule}］ {f.message}"
        if f.acknowledged:
            line += f"（已确认：{f.acknowledged}）"
        lines.append(line)
    lines.append(f"  共 {_counts(result.findings)}。")
    return head, lines


def _assembled(result: FileResult, parts: tuple[str, list[str]]) -> str:
    """A readable Chinese report of one file."""
    head, lines = parts
    if result.duplicate_of:
        lines = [f"  {duplicate_note(result.file, result.duplicate_of)}", *lines]
    return "\n".join([head, *lines])


def _fail(message: str) -> int:
    print(f"{PROG}：{message}", file=sys.stderr)
    return 2


def run_check(argv: Sequence[str]) -> int:
    """The `check` command; returns the exit status."""
    args = _parser().parse_args(list(argv))
    scan = scan_files(args.files)
    files = scan.files
    if args.checked and len(files) != 1:
        return _fail("--checked 只能在校验一个文件时使用。")
    if files:
        start_checkers(len(files))
    gc.enable()  # held off while the readers were loaded (cli.commands)
    previous: Report | None = None
    if args.previous:
        try:
            previous, _ = load_report(args.previous)
        except ReportError as e:
            return _fail(f"无法读取上年度报告 {Path(args.previous).name}：{e}")
    results: list[FileResult] = []
    warnings: list[list[str]] = []
    # Each file's output is written as its result arrives, while the reader children go on;
    # only the 重复报送 mark waits for the whole batch.
    parts: list[tuple[str, list[str]]] = []
    entries: list[str] = []
    for result in iter_check(files, previous):
        results.append(result)
        warnings.append(_previous_warnings(result, previous))
        if args.format == "text":
            parts.append(_text_parts(result))
        else:
            entries.append(_json_entry(result, warnings[-1]))
    mark_duplicates(results)
    for r, said in zip(results, warnings, strict=True):
        if r.error:
            print(f"{PROG}：无法读取 {r.file}：{r.error}", file=sys.stderr)
        elif args.format == "text":
            for w in said:
                print(f"{PROG}：警告：{Path(r.file).name}：{w}", file=sys.stderr)
    for path, reason in scan.skipped:
        print(f"{PROG}：{path}：{reason}", file=sys.stderr)
    if args.format == "json":
        entries = [
            _json_entry(r, w) if r.duplicate_of else entry
            for r, w, entry in zip(results, warnings, entries, strict=True)
        ]
        print("[\n" + ",\n".join(entries) + "\n]" if entries else "[]")
    else:
        print("\n\n".join(_assembled(r, p) for r, p in zip(results, parts, strict=True)))
        if len(results) > 1:
            bad = sum(1 for r in results if r.errors)
            unreadable = sum(1 for r in results if r.error)
            twice = sum(1 for r in results if r.duplicate_of)
            print(
                f"\n共校验 {len(results)} 个文件：{bad} 个有错误，"
                f"{len(results) - bad - unreadable} 个无错误，{unreadable} 个无法读取"
                + (f"，{twice} 个重复报送" if twice else "")
                + "。"
            )
        if scan.skipped:
            print(f"\n以下 {len(scan.skipped)} 个文件未校验：")
            print("\n".join(f"  {Path(p).name}：{reason}" for p, reason in scan.skipped))
    status = 2 if any(r.error for r in results) else 1 if any(r.errors for r in results) else 0
    if args.checked and not results[0].error:
        written = _write_checked(files[0], args.checked, previous)
        if written is not None:
            return written
    return status


def _previous_warnings(result: FileResult, previous: Report | None) -> list[str]:
    """Why --previous may not be this file's 上年 ([] without one, or for an unreadable file)."""
    if previous is None or result.error:
        return []
    from service.previous import previous_warnings

    return previous_warnings(result, previous)


def _write_checked(source: str, out: str, previous: Report | None) -> int | None:
    """Write the checked workbook; an exit status on failure, None when written."""
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        return _fail(f"--checked 只能写出 .xlsx 文件：{target.name}")
    if target.exists() and target.resolve() == Path(source).resolve():
        return _fail("--checked 的输出文件不能与被校验的文件相同。")
    # xlsxwriter costs ~0.1–0.6 s to import (measured, -X importtime): only --checked needs it.
    from workbook.xlsx.write.writer import write_report

    try:
        report, _ = load_report(source)
        write_report(report, target, mode="checked", findings=check(report, previous))
    except ReportError as e:
        return _fail(f"无法写出 {target.name}：{e}")
    print(f"已写出标出问题的工作簿：{target}", file=sys.stderr)
    return None
