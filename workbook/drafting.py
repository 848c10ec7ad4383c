"""据表生成: the prose's standard sentences drafted from the tables.

The wording is data (resources/drafting.toml) so an office can adjust it; this module only fills
in the numbers. Blank is not 0: a sentence that would need a blank cell is not drafted, and the
blank cells are returned so the clerk can be told what to fill. No Qt: the app inserts the text,
tests compare it with the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fnmatch import fnmatchcase
from functools import cache
from typing import Any

import resources
from workbook.model.format import Format
from workbook.model.report import Report, Value

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Paragraph:
    id: str
    title: str  # what the menu offers, e.g. 依申请公开（据表三）


@dataclass
class Draft:
    """Drafted paragraphs (one line each) and the blank cells that kept sentences out."""

    paragraphs: list[str] = field(default_factory=list)
    blank_keys: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class _Blank(Exception):
    """A number the wording needs is blank (or the key is unknown to this format)."""

    def __init__(self, keys: list[str]) -> None:
        super().__init__(keys)
        self.keys = keys


class _Missing(Exception):
    """A placeholder names a cell this report's format does not have."""


@cache
def _wording() -> dict[str, Any]:
    return resources.read_toml("drafting.toml")


def paragraphs(fmt: Format) -> list[Paragraph]:
    """The paragraphs that can be drafted for a report of this format, in order."""
    return [
        Paragraph(p["id"], p["title"])
        for p in _wording()["paragraphs"]
        if fmt.id in p.get("formats", [fmt.id])
    ]


def draft(report: Report, which: list[str] | None = None) -> Draft:
    """Draft the chosen paragraphs (all by default) from the report's tables."""
    fmt = report.format
    out = Draft()
    for p in _wording()["paragraphs"]:
        if fmt.id not in p.get("formats", [fmt.id]) or (which is not None and p["id"] not in which):
            continue
        sentences = []
        for s in p["sentences"]:
            try:
                text = _sentence(report, s, out.blank_keys)
            except _Blank as blank:
                out.blank_keys.extend(k for k in blank.keys if k not in out.blank_keys)
                continue
            if text:
                sentences.append(text + "。")
        if sentences:
            out.paragraphs.append("".join(sentences))
    return out


def _sentence(report: Report, sentence: dict[str, Any], blanks: list[str]) -> str:
    rendered = []
    all_zero = True
    for part in sentence["parts"]:
        try:
            text, zero = _part(report, part, blanks)
        except _Missing:
            continue
        all_zero = all_zero and zero
        rendered.append(text)
    if all_zero and "zero" in sentence:
        return str(sentence["zero"])
    return "".join(rendered).lstrip("，、；")


def _part(report: Report, part: str, blanks: list[str]) -> tuple[str, bool]:
    """A part worded with its numbers, and whether all its own numbers were 0."""
    wording, _, zero_wording = part.partition("|")
    numbers: list[Value] = []
    blank: list[str] = []

    def fill(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name.startswith("@"):
            return _list(report, name[1:], blanks)
        keys = _keys(report.format, name)
        values = [report.value(k) for k in keys]
        if any(v is None for v in values):
            blank.extend(k for k, v in zip(keys, values, strict=True) if v is None)
            return ""
        total: int | Decimal = 0
        for v in values:
            total += v or 0
        numbers.append(total)
        return _number(total)

    text = _PLACEHOLDER.sub(fill, wording.strip())
    if blank:
        raise _Blank(blank)
    zero = bool(numbers) and all(n == 0 for n in numbers)
    if zero:
        return zero_wording.strip(), True
    return text, not numbers


def _list(report: Report, name: str, blanks: list[str]) -> str:
    """A list's non-zero items joined; nothing when a blank cell makes it unreliable."""
    spec = _wording()["lists"][name]
    items = []
    for item in spec["items"]:
        try:
            text, zero = _part(report, item, blanks)
        except _Missing:
            continue
        except _Blank as blank:
            blanks.extend(k for k in blank.keys if k not in blanks)
            return ""
        if text and not zero:
            items.append(text)
    if not items:
        return ""
    return spec.get("before", "") + spec.get("sep", "、").join(items) + spec.get("after", "")


def _keys(fmt: Format, name: str) -> list[str]:
    """The cells a placeholder sums: keys joined by "+", each a key or a pattern with "*"."""
    keys: list[str] = []
    for piece in name.split("+"):
        piece = piece.strip()
        if "*" in piece:
            matched = [c.key for c in fmt.cells if fnmatchcase(c.key, piece)]
        else:
            matched = [piece] if fmt.has_cell(piece) else []
        if not matched:
            raise _Missing(piece)
        keys.extend(matched)
    return keys


def _number(value: int | Decimal) -> str:
    """52.15, 3 and 0 as a clerk writes them (never 0.0 or 5E+1)."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if text != "-0" else "0"
    return str(value)
