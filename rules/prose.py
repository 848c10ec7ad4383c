"""Reading the prose: figures stated in words (B4), the data period (B6), 信息处理费 (B5).

Phrase patterns and skip words live in resources/rules.toml. The analysis of a text depends only
on the text and the report year, so it is cached: typing in a table never re-reads the prose.
Prefer silence to noise: a figure not clearly about this agency's applications this year is not
read (see the skip words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rules.catalogue import prose_settings

QUOTE_CHARS = 60
_SPACE = re.compile(r"[\s\u3000\u200b\ufeff]+")
_SENTENCE = re.compile(r"[^。！？；!?;]+")
_CLAUSE = re.compile(r"[^，：（）,:()]+")
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_PARENS = re.compile(r"（[^（）]*）")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_WIDE = str.maketrans(
    "０１２３４５６７８９,;:()!?", "0123456789，；：（）！？"
)  # full-width digits to ASCII; ASCII punctuation to the Chinese forms the patterns use


@dataclass(frozen=True)
class Figure:
    """A figure stated in the prose, e.g. 受理申请17件 → what 本年新收申请, n 17."""

    what: str
    cells: tuple[str, ...]
    stated: int
    quote: str


@dataclass(frozen=True)
class Breakdown:
    """共N条，其中a条、b条… whose parts do not add up to N."""

    stated: int
    parts: tuple[int, ...]
    unit: str
    quote: str


@dataclass(frozen=True)
class Period:
    """A data period (…年1月1日至…12月31日) whose year is not the report year."""

    stated: int
    quote: str


@dataclass(frozen=True)
class Analysis:
    """What one prose section states: its figures, its totals with parts, other years."""

    figures: tuple[Figure, ...]
    breakdowns: tuple[Breakdown, ...]
    periods: tuple[Period, ...]


def prepare() -> None:
    """Compile the configured patterns now: a batch does it once, before its reader children
    fork, instead of each child on its first report with prose."""
    _compiled()


@cache
def _compiled() -> tuple:
    s = prose_settings()
    figures = tuple(
        (f["what"], tuple(f["cells"]), tuple(re.compile(p) for p in f["patterns"]))
        for f in s["figures"]
    )
    units = "".join(s["breakdown_units"])
    breakdown = re.compile(
        rf"共(?:计)?[^，。；\d]{{0,20}}?(?P<n>\d+)(?P<u>[{units}])，?其中[，：]?(?P<rest>.+)"
    )
    periods = tuple(re.compile(p) for p in s["period"]["patterns"])
    return (
        figures,
        tuple(s["skip_sentence"]),
        tuple(s["skip_clause"]),
        breakdown,
        tuple(s["breakdown_open"]),
        int(s["breakdown_min_parts"]),
        periods,
        tuple(s["includes_more"]),
    )


def normalise(text: str) -> str:
    """Digits half-width, punctuation full-width, no whitespace (PDF text splits '17 件')."""
    text = _THOUSANDS.sub("", text.translate(_WIDE))
    return _SPACE.sub("", text)


def sentences(paragraphs: list[str] | tuple[str, ...]) -> list[str]:
    """Sentences of a section; a paragraph without final punctuation runs on (PDF line breaks)."""
    text = "".join(normalise(p) for p in paragraphs)
    return [s for s in _SENTENCE.findall(text) if s]


def _quote(sentence: str, start: int, end: int) -> str:
    if len(sentence) <= QUOTE_CHARS:
        return sentence
    half = (QUOTE_CHARS - (end - start)) // 2
    a = max(0, start - max(half, 0))
    b = min(len(sentence), a + QUOTE_CHARS)
    a = max(0, b - QUOTE_CHARS)
    return ("…" if a else "") + sentence[a:b] + ("…" if b < len(sentence) else "")


def _approximate(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    return before.endswith(("约", "近", "超", "逾", "超过")) or text[end : end + 1] in ("余", "多")


@lru_cache(maxsize=256)
def analyse(paragraphs: tuple[str, ...], year: int | None) -> Analysis:
    """Figures, breakdowns and periods stated in one prose section."""
    (
        figures_cfg,
        skip_sentence,
        skip_clause,
        breakdown,
        open_words,
        min_parts,
        periods,
        includes_more,
    ) = _compiled()
    figures: list[Figure] = []
    breakdowns: list[Breakdown] = []
    found_periods: list[Period] = []
    for sentence in sentences(paragraphs):
        years = {int(y) for y in _YEAR.findall(sentence)}
        if year is not None:
            for pattern in periods:
                for m in pattern.finditer(sentence):
                    for g in ("y1", "y2"):
                        y = m.groupdict().get(g)
                        if y and int(y) != year:
                            found_periods.append(
                                Period(int(y), _quote(sentence, m.start(), m.end()))
                            )
                            break
        _breakdown(sentence, breakdown, open_words, min_parts, breakdowns)
        if any(w in sentence for w in skip_sentence):
            continue
        if year is not None and years - {year}:
            continue
        offset = 0
        for clause in _CLAUSE.findall(sentence):
            start = sentence.find(clause, offset)
            offset = start + len(clause)
            for what, cells, patterns in figures_cfg:
                for pattern in patterns:
                    m = pattern.search(clause)
                    if m is None:
                        continue
                    rest = clause[: m.start()] + clause[m.end() :]
                    if any(w in rest for w in skip_clause):
                        break
                    if _approximate(clause, m.start("n"), m.end("n")):
                        break
                    if sentence.startswith(includes_more, start + m.end()):
                        break  # the stated figure includes more than this cell
                    quote = _quote(sentence, start + m.start(), start + m.end())
                    figure = Figure(what, cells, int(m.group("n")), quote)
                    if figure not in figures:
                        figures.append(figure)
                    break
    return Analysis(tuple(figures), tuple(breakdowns), tuple(found_periods))


def _breakdown(
    sentence: str,
    pattern: re.Pattern[str],
    open_words: tuple[str, ...],
    min_parts: int,
    out: list[Breakdown],
) -> None:
    m = pattern.search(sentence)
    if m is None or _approximate(sentence, m.start("n"), m.end("n")):
        return
    rest = _PARENS.sub("", m.group("rest"))
    unit = m.group("u")
    if "其中" in rest or any(w in rest for w in open_words):
        return
    parts_re = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?){unit}")
    parts = []
    for p in parts_re.finditer(rest):
        if "." in p.group(1) or _approximate(rest, p.start(1), p.end(1)):
            return
        parts.append(int(p.group(1)))
    stated = int(m.group("n"))
    if len(parts) >= min_parts and sum(parts) != stated:
        out.append(Breakdown(stated, tuple(parts), unit, _quote(sentence, m.start(), m.end())))


def mentions(paragraphs: list[str] | tuple[str, ...], words: list[str] | tuple[str, ...]) -> bool:
    """Whether any of `words` occurs in the section (whitespace ignored)."""
    text = "".join(normalise(p) for p in paragraphs)
    return any(w in text for w in words)
