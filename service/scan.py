"""Which files a batch reads: a folder stands for the report files in it, without our own outputs.

Apart from service.batch so that anything listing a folder (the batch, the 汇总, the app's search
for a unit's own 上年 in service.previous) uses one list, without importing the batch machinery.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from workbook.files import SUPPORTED_OPEN
from workbook.model.kinds import skip_reason
from workbook.xlsx.kind import workbook_kind

REPORT_EXTENSIONS = SUPPORTED_OPEN  # what a folder is searched for: what workbook.files opens


def folder_files(folder: str | Path) -> list[str]:
    """The report files directly in a folder, sorted; Office lock files and hidden files skipped.

    Named as Path(folder) / name spells them (`.` gives bare names). os.scandir knows which
    entries are files without a stat of each (a folder of 10,000 reports is listed at once)."""
    base = Path(folder)
    with os.scandir(base) as entries:
        names = [
            e.name
            for e in entries
            if not e.name.startswith(("~$", "."))
            and os.path.splitext(e.name)[1].lower() in REPORT_EXTENSIONS
            and e.is_file()
        ]
    if str(base) == ".":
        return sorted(names)
    return sorted(os.path.join(base, n) for n in names)


@dataclass
class Scan:
    """The files to read, and the files a folder held that are our own outputs (path, reason)."""

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def scan_files(args: Iterable[str]) -> Scan:
    """Files to check: a folder stands for the report files in it, without the workbooks we
    wrote that are not reports (汇总, 校验结果, 比较: workbook.xlsx.kind), which are listed as
    skipped. A file named explicitly is always read. A folder without any report stays in the
    list, so checking it says so instead of silently checking nothing."""
    scan = Scan()
    for arg in args:
        if not Path(arg).is_dir():
            scan.files.append(arg)
            continue
        found = scan_folder(arg)
        scan.files.extend(found.files or [arg])
        scan.skipped.extend(found.skipped)
    return scan


def scan_folder(folder: str | Path) -> Scan:
    """The report files of one folder, and our own workbooks in it (skipped, with the reason)."""
    scan = Scan()
    for path in folder_files(folder):
        kind = workbook_kind(path)
        if kind is None:
            scan.files.append(path)
        else:
            scan.skipped.append((path, skip_reason(kind)))
    return scan


def report_files(args: Iterable[str]) -> list[str]:
    """scan_files without the list of what was skipped."""
    return scan_files(args).files
