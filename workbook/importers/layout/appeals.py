"""Section 四 in a token stream: its 15 numbers in the form's order, however they were laid out.

Published as one row under the header (the form), as three rows of five (行政复议 /
未经复议直接起诉 / 复议后起诉, in any order), transposed as five rows of three (结果维持 …
总计), as a list with each number after its own column label, or column block by column
block (pdftotext's default order of a ruled table: each block's headers, then its numbers). Which layout it is comes
from the labels between the numbers; when they do not say, the numbers are not placed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from workbook.importers.layout.tokens import BLANK, LABEL, Token
from workbook.model.format import Column, Format
from workbook.model.labels import normalize_label

PROSE = 30  # a label this long after the numbers began is prose, not a header


@dataclass
class Batch:
    label: str  # the label text just before these values
    values: list[Token]


def batches(toks: list[Token], fmt: Format) -> list[Batch]:
    """Values grouped by the label before them, until the table's values (or prose) are read."""
    n = len(fmt.tables["appeals"].blocks[0].columns)
    out: list[Batch] = []
    label = ""
    count = 0
    for tok in toks:
        if tok.kind == LABEL:
            if count and len(tok.text) > PROSE and not _only_headings(tok.text, fmt):
                break
            label = tok.text
            continue
        if tok.kind == BLANK and not count:
            continue
        if not out or out[-1].label is not label:
            out.append(Batch(label, []))
        out[-1].values.append(tok)
        if tok.kind != BLANK:
            count += 1
            if count >= n:
                break
    return out


def _only_headings(text: str, fmt: Format) -> bool:
    """A long label made of the table's own headings (a block's headers printed together)."""
    rest = normalize_label(text)
    for word in sorted(_heading_words(fmt), key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) <= 4


@cache
def _heading_words(fmt: Format) -> frozenset[str]:
    columns = fmt.tables["appeals"].blocks[0].columns
    words = {x for c in columns for x in (c.label, c.group, c.subgroup) if x}
    return frozenset(normalize_label(w) for w in words)


def _cells(b: Batch) -> list[Token]:
    """A batch's cells: blanks included, trailing blanks (merged-cell debris) dropped."""
    cells = list(b.values)
    while cells and cells[-1].kind == BLANK:
        cells.pop()
    return cells


def _column_blocks(found: list[Batch], columns: tuple[Column, ...]) -> list[Token] | None:
    """The numbers in the form's order when each batch follows the labels of exactly the
    columns it fills, block after block (行政复议's five, then 行政诉讼's ten)."""
    labels = [normalize_label(c.label) for c in columns]
    out: list[Token] = []
    for b in found:
        cells = _cells(b)
        heads = "".join(labels[len(out) : len(out) + len(cells)])
        if not cells or len(out) + len(cells) > len(labels):
            return None
        if not normalize_label(b.label).endswith(heads):
            return None
        out.extend(cells)
    return out if len(out) == len(labels) else None


def _groups(fmt: Format) -> list[tuple[str, list[int]]]:
    """(the word that names a group, its column indexes) in the form's order."""
    columns = fmt.tables["appeals"].blocks[0].columns
    names: dict[str, list[int]] = {}
    for i, c in enumerate(columns):
        names.setdefault(normalize_label(c.subgroup or c.group), []).append(i)
    return list(names.items())


def _order_in(text: str, words: list[str]) -> list[int] | None:
    """Indexes of `words` in the order they appear in text, when all appear."""
    at = [(text.rfind(w), i) for i, w in enumerate(words)]
    if any(p < 0 for p, _ in at):
        return None
    return [i for _, i in sorted(at)]


def arrange(found: list[Batch], fmt: Format) -> tuple[list[Token] | None, str]:
    """The values in the form's order, or None and why they cannot be placed. More than one
    batch means a layout other than the form's single row was recognised (or refused)."""
    columns = fmt.tables["appeals"].blocks[0].columns
    n = len(columns)
    groups = _groups(fmt)
    flat = [v for b in found for v in b.values]
    if len(found) <= 1 or (len(flat) < n and all(b.label == found[0].label for b in found)):
        return flat, ""  # one row under the header (or cells run together: cut later)
    blocks = _column_blocks(found, columns)
    if blocks is not None:
        return blocks, ""
    # Blank cells count where a table printed them; a trailing one may be debris.
    sizes = [len(_cells(b)) for b in found]
    if sizes != [len(groups[0][1])] * len(groups) and all(
        len(b.values) == len(groups[0][1]) for b in found
    ):
        sizes = [len(b.values) for b in found]  # rows by group, a last cell printed empty
    width = len(groups[0][1])  # columns per group
    labels = [normalize_label(c.label) for c in columns[:width]]
    if sizes == [width] * len(groups):  # one row per group
        rows: dict[int, list[Token]] = {}
        for b in found:
            hit = [g for g, (word, _) in enumerate(groups) if b.label.endswith(word)]
            if len(hit) != 1 or hit[0] in rows:
                return None, "每组数字前的标签没有写明是行政复议还是哪一类行政诉讼"
            rows[hit[0]] = b.values if len(b.values) == width else _cells(b)
        return [v for g in range(len(groups)) for v in rows[g]], ""
    if sizes == [len(groups)] * width:  # transposed: one row per result
        header = found[0].label
        order = _order_in(header, [w for w, _ in groups])
        if order is None:
            return None, "表格是转置的（每行一种结果），但表头没有写明各列是哪一类"
        cells: list[Token | None] = [None] * n
        for b in found:
            hit = [j for j, w in enumerate(labels) if b.label.endswith(w)]
            if len(hit) != 1:
                return None, "表格是转置的（每行一种结果），但有一行的标签无法识别"
            values = _cells(b)
            for pos, g in enumerate(order):
                cells[groups[g][1][hit[0]]] = values[pos]
        if any(c is None for c in cells):
            return None, "表格是转置的，但有的结果出现了两次"
        return [c for c in cells if c is not None], ""
    if all(s == 1 for s in sizes):  # each number after its own column label, in the form's order
        expected = [normalize_label(c.label) for c in columns]
        if all(b.label.endswith(w) for b, w in zip(found, expected, strict=False)):
            return flat, ""
        return None, "各数前面的标签与表格的栏目顺序对不上"
    words = [w for w, _ in groups] + [normalize_label(c.label) for c in columns]
    if not any(w in b.label for b in found[1:] for w in words):
        return flat, ""  # only page debris between the numbers: one row as printed
    return None, "数字的排列方式无法识别"
