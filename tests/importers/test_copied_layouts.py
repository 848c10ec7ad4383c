"""The sample's own text re-flowed the other ways copies come out of Word, web pages and PDFs:
a table row per line with tab-separated cells; columns aligned by spaces (as `pdftotext
-layout` prints them) with long labels wrapped onto the next line; and one cell per line with
no empty lines at all (a web page pasted into Notepad, or scraped text).

Every number of the sample is first replaced by a distinct one (101, 102, …), so a number that
lands one cell off fails the test instead of hiding among zeros.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from workbook.importers.sources.text import import_text


def _renumbered(samples_dir: Path) -> str:
    text = (samples_dir / "2024-cixi-kuangyan-town.txt").read_text(encoding="utf-8")
    counter = itertools.count(101)
    return re.sub(r"(?m)^\t\d+$", lambda _: f"\t{next(counter)}", text)


def _tab_rows(text: str) -> str:
    """Cells of one table row (tab-indented lines between blank lines) joined by tabs."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        row: list[str] = []
        for line in block.split("\n"):
            if line.startswith("\t"):
                row.append(line.strip())
                continue
            if row:
                out.append("\t".join(row))
                row = []
            out.append(line)
        if row:
            out.append("\t".join(row))
    return "\n".join(out)


def _space_aligned(text: str) -> str:
    """Cells separated by runs of spaces; a long last label wraps after 14 characters."""
    out: list[str] = []
    for line in _tab_rows(text).split("\n"):
        if "\t" not in line:
            out.append(line)
            continue
        cells = line.split("\t")
        labels = [c for c in cells if not c.isdigit()]
        numbers = [c for c in cells if c.isdigit()]
        if labels and numbers and len(labels[-1]) > 16:
            head = "    ".join([*labels[:-1], labels[-1][:14]])
            out.append(f"   {head}      {'      '.join(numbers)}")
            out.append(" " * 11 + labels[-1][14:])
        else:
            out.append("   " + "      ".join(cells))
    return "\n".join(out)


def _dense(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


@pytest.mark.parametrize(
    "reflow", [_tab_rows, _space_aligned, _dense], ids=["tab rows", "space aligned", "dense"]
)
def test_reflowed_copies_import_to_the_same_cells(samples_dir: Path, reflow) -> None:
    original = _renumbered(samples_dir)
    want = import_text(original).report
    assert want.values["requests.new.natural"] != want.values["requests.new.business"]
    got = import_text(reflow(original)).report
    wrong = {k: (got.values[k], v) for k, v in want.values.items() if got.values[k] != v}
    assert not wrong
    assert (got.agency, got.year, got.issued) == (want.agency, want.year, want.issued)
    assert got.texts == want.texts


def _with_subtotal_column(text: str) -> str:
    """Section 三 printed with an extra 法人或其他组织 subtotal after 自然人 (8 numbers a row)."""
    out, in_requests = [], False
    for line in _tab_rows(text).split("\n"):
        in_requests = (in_requests or line.startswith("三、收到")) and not line.startswith("四、")
        cells = line.split("\t")
        numbers = [c for c in cells if c.isdigit()]
        if in_requests and len(numbers) == 7:
            n = [int(x) for x in numbers]
            head = cells[: len(cells) - 7]
            line = "\t".join([*head, str(n[0]), str(sum(n[1:6])), *map(str, n[1:])])
        out.append(line)
    return "\n".join(out)


def test_an_extra_subtotal_column_is_dropped_and_said(samples_dir: Path) -> None:
    original = _renumbered(samples_dir)
    want = import_text(original).report
    imported = import_text(_with_subtotal_column(original))
    assert imported.report.values == want.values
    assert any("小计" in n.message and "略去" in n.message for n in imported.notes)
