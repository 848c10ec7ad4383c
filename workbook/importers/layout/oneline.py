"""Pages whose whole body is one line (scraped pages, text with every line break dropped).

The section headings are found inside the long line by their words and put on lines of their
own, a numbered sub-paragraph （一）… starts a new line, the title is split off from the page
chrome in front of it, and the signature (office, date) at the end is split off from the last
sentence and from the page chrome after it (【打印】【关闭】, 主办单位 …) — the rest of the
importer then sees an ordinary text. Linear: one regex scan per heading, no recursion.
"""

from __future__ import annotations

import re
from functools import cache

from workbook.importers.labels.formatwords import CHROME
from workbook.importers.labels.tradsimp import to_simplified
from workbook.model.format import load_format

LONG = 300  # a line this long that holds two section headings is a flattened page
_SUB = re.compile(r"(?<=[。；;])\s*(?=[（(][一二三四五六七八九十]{1,3}[）)])")
_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇零○Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
)
_STAMP = re.compile(r"(?:时间|日期|时間|日期)\s*[:：]?\s*$")  # 发布时间：<date> is no signature
_YEAR = r"(?:(?:19|20)\d{2}|[〇零○Ｏ一二三四五六七八九]{4})\s*年度?"
_NAME = r"[\u4e00-\u9fff（）()]"
# The title somewhere in the text before the first heading: year then agency, or agency then year.
_TITLE = re.compile(
    rf"{_YEAR}\s*(?:{_NAME}\s?){{2,40}}?(?:年度报告|年报)"
    rf"|{_NAME}{{2,40}}?\s*{_YEAR}\s*(?:{_NAME}\s?){{0,20}}?(?:年度报告|年报)"
)
# A page's own words before the title: 正文, the font-size switch 字号 大 中 小 (its spaces lost
# when a page is flattened without any), a PDF text layer's page mark.
_NOT_TITLE = re.compile(
    r"(?:(?:正文|目录|首页|大\s*中\s*小|=+\s*page\s*\d+\s*=+)\s*)*", re.IGNORECASE
)
TAIL_WINDOW = 600  # the signature is looked for in the last characters of the page only
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


def _title(head: str) -> list[str]:
    """ "首页 > 公开 发布时间：… 2024年某镇人民政府信息公开工作年度报告" -> the chrome, the title."""
    m = _TITLE.search(to_simplified(head))
    if not m:
        return [head]
    start = m.start()
    earlier = head.rfind("年度报告", start, m.end() - len("年度报告"))
    if earlier >= 0:  # links to other years' reports ran into the title: "…2023年度报告2024年…"
        start = earlier + len("年度报告")
    lead = _NOT_TITLE.match(head, start)
    start = lead.end() if lead else start
    return [head[:start], head[start : m.end()], head[m.end() :]]


def _signature(tail: str) -> list[str]:
    """ "…0元。某某人民政府2025年1月20日【打印】【关闭】" -> the sentence, the office, the date,
    the chrome. The signature date is the last date followed by nothing but page chrome (a
    发布时间 stamp is not one)."""
    low = max(0, len(tail) - TAIL_WINDOW)
    for m in reversed(list(_DATE.finditer(tail, low))):
        after = tail[m.end() :]
        if after.strip() and ("。" in after or not CHROME.search(after)):
            continue
        if _STAMP.search(tail, max(0, m.start() - 8), m.start()):
            continue
        body = tail[: m.start()]
        end = max(body.rfind("。"), body.rfind("！"), body.rfind("；"))
        office = body[end + 1 :].strip()
        if not office or len(office) > 40:
            return [tail[: m.start()], m.group(), after]
        return [body[: end + 1], office, m.group(), after]
    return [tail]


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
        pieces[:1] = _title(pieces[0])
        pieces[-1:] = _signature(pieces[-1])
        for piece in pieces:
            out.extend(p.strip() for p in _SUB.split(piece) if p.strip())
    return out
