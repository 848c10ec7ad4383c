"""Pages whose whole body is one line (scraped pages, text with every line break dropped).

The section headings are found inside the long line by their words and put on lines of their
own, a numbered sub-paragraph （一）… starts a new line, and the signature (office, date) at
the end is split off — the rest of the importer then sees an ordinary text. Linear: one
regex scan per heading, no recursion.
"""

from __future__ import annotations

import re
from functools import cache

from workbook.importers.tradsimp import to_simplified
from workbook.model.format import load_format

LONG = 300  # a line this long that holds two section headings is a flattened page
_SUB = re.compile(r"(?<=[。；;])\s*(?=[（(][一二三四五六七八九十]{1,3}[）)])")
_DATE_END = re.compile(r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*$")
_NUMBER = "[一二三四五六七八九十]"


_NUMBERED = re.compile(r"(?:[一二三四五六七八九十]\s*[、.．]|#+)\s*$")


@cache
def _heading_patterns() -> tuple[re.Pattern[str], ...]:
    """The short title of each section, spaces allowed between its characters (a pattern
    that starts with a literal character, so the scan of a long line stays fast)."""
    out = []
    for section in load_format("2021").sections:
        out.append(re.compile(r"\s*".join(re.escape(c) for c in section.short_title)))
    return tuple(out)


def _cuts(simplified: str) -> list[int]:
    """Where headings start and end in a flattened line: the first numbered occurrence of each
    title after the previous one (an introduction that lists the parts by name is no heading)."""
    cuts: list[int] = []
    at = 0
    for pattern in _heading_patterns():
        for m in pattern.finditer(simplified, at):
            number = _NUMBERED.search(simplified, max(0, m.start() - 6), m.start())
            if number:
                cuts += [number.start(), m.end()]
                at = m.end()
                break
    return cuts


def _signature(tail: str) -> list[str]:
    """ "…0元。某某人民政府2025年1月20日" -> the sentence, the office, the date."""
    m = _DATE_END.search(tail)
    if not m:
        return [tail]
    body = tail[: m.start()]
    end = max(body.rfind("。"), body.rfind("！"), body.rfind("；"))
    office = body[end + 1 :]
    if not office.strip() or len(office.strip()) > 40:
        return [tail[: m.start()], m.group(1)]
    return [body[: end + 1], office.strip(), m.group(1)]


def unflatten(lines: list[str]) -> list[str]:
    """Lines with every flattened page split at its headings; other lines unchanged."""
    out: list[str] = []
    for line in lines:
        if len(line) < LONG:
            out.append(line)
            continue
        cuts = _cuts(to_simplified(line))
        if len(cuts) < 4:
            out.append(line)
            continue
        pieces = []
        prev = 0
        for c in [*cuts, len(line)]:
            pieces.append(line[prev:c])
            prev = c
        pieces[-1:] = _signature(pieces[-1])
        for piece in pieces:
            out.extend(p.strip() for p in _SUB.split(piece) if p.strip())
    return out
