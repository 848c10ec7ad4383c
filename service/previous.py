"""Does the report taken as 上年 belong to this one: the same unit, the year before?

One judgement for the app (asked before attaching), `check --previous` and `compare` (a warning
line and "warnings" in their JSON) and `summarize --previous`. Another unit's report or a report
of the same year is accepted silently nowhere: cross-year findings computed on it would be wrong
without a word. Unit names are compared as the 汇总 compares them (normalize_label, which
service.units.unit_name is: spaces, quotes and full/half width do not count). A blank unit or year cannot be judged and gives no
warning: a new report has neither until the clerk fills them in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Protocol

import resources
from workbook.model.errors import ReportError
from workbook.model.labels import normalize_label
from workbook.model.report import Report


class Identified(Protocol):
    """What the judgement reads: a Report, or service.batch.FileResult."""

    @property
    def agency(self) -> str: ...

    @property
    def year(self) -> int | None: ...


@cache
def previous_words() -> dict[str, str]:
    """resources/previous.toml: the warnings and where they are shown."""
    return resources.read_toml("previous.toml")


def previous_warnings(this: Identified, previous: Identified) -> list[str]:
    """Chinese sentences, one per mismatch; [] when unit and year fit (or cannot be judged)."""
    w = previous_words()
    out: list[str] = []
    a, b = (this.agency or "").strip(), (previous.agency or "").strip()
    if a and b and normalize_label(a) != normalize_label(b):
        out.append(w["unit"].format(this=a, previous=b))
    year, last = this.year, previous.year
    if year is not None and last is not None and last != year - 1:
        key = "same_year" if last == year else "year"
        out.append(w[key].format(year=year, previous=last, expected=year - 1))
    return out


def belongs(this: Identified, previous: Identified) -> bool:
    """`previous` is known to be this report's 上年: both units and years filled in, and fitting."""
    known = bool((this.agency or "").strip() and (previous.agency or "").strip())
    known = known and this.year is not None and previous.year is not None
    return known and not previous_warnings(this, previous)


# Opening another unit's report looks for its 上年 in the folder the last one came from: a
# folder of a few dozen units' workbooks is read in well under a second (bench/bench_previous.py);
# a larger folder, or one of slow files (PDFs take ~0.3 s each), is not searched on the clerk's
# time beyond SEARCH_SECONDS (the 上年 is then dropped and can be chosen by hand).
FOLDER_SEARCH_LIMIT = 60
SEARCH_SECONDS = 1.5


def own_previous(
    this: Identified, folder: str | Path, *, skip: Iterable[str | None] = ()
) -> tuple[Report, str] | None:
    """That unit's report of the year before among the report files of `folder`, with its path;
    None when there is none (or the folder is too large, or too slow, to search). Files named after the unit
    are read first, so the usual folder (one file per unit, named by unit) stops at the first."""
    from service.scan import scan_folder
    from workbook.sandbox import open_contained

    if not (this.agency or "").strip() or this.year is None:
        return None
    try:
        files = scan_folder(folder).files  # not our own 汇总, 校验结果 or 比较 workbooks
    except OSError:
        return None
    skipped = {str(Path(s).resolve()) for s in skip if s}
    files = [f for f in files if str(Path(f).resolve()) not in skipped]
    if len(files) > FOLDER_SEARCH_LIMIT:
        return None
    unit = normalize_label(this.agency)
    files.sort(key=lambda f: -_shared(unit, normalize_label(Path(f).stem)))  # named after it first
    deadline = time.monotonic() + SEARCH_SECONDS
    for path in files:
        if time.monotonic() > deadline:
            break
        try:
            report = open_contained(path, lambda: time.monotonic() > deadline).report
        except ReportError:
            continue
        if belongs(this, report):
            return report, path
    return None


def _shared(a: str, b: str) -> int:
    """Length of the longest run of characters a and b share ("桥头镇" in a file name)."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size
