"""Finding the six section headings in a published text, and its prose paragraphs.

Headings are numbered differently or missing in real reports (one prints its narrative as
一…六 and the tables again as 一、二、三; another lacks heading 五), so they are matched by
their words, not their numbers, and the best order-preserving assignment of headings to sections
is chosen.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from workbook.guards import tick
from workbook.importers.labels.tradsimp import to_simplified
from workbook.model.format import Format
from workbook.model.labels import normalize_label

_NUMBERING = re.compile(
    r"^(第[一二三四五六七八九十]+(部分|章|节)[、.．:：\s]*|[一二三四五六七八九十]+\s*[、.．]\s*|\d+\s*[、.．]\s*)"
)
_SUB_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")
_CAPTION = re.compile(r"^(表|附表)[一二三四五六七八九十\d]*[：:、.]")
_END = '。！？!?；;：:”"）)》'
MIN_SCORE = 0.6


def heading_text(line: str) -> str | None:
    """The words of a heading-like line (numbering removed), or None if it is not one."""
    s = line.strip().strip("|").strip()  # a portal copy ends every cell with " |"
    if line.startswith("\t") or "|" in s:
        return None
    s = s.lstrip("#").strip()
    if not s or len(s) > 40 or "。" in s or _SUB_NUMBERING.match(s) or _CAPTION.match(s):
        return None
    return _NUMBERING.sub("", s)


def _score(text: str, title: str) -> float:
    t, k = normalize_label(to_simplified(text)), normalize_label(title)
    if not t:
        return 0.0
    if t == k:
        return 1.0
    if 2 * min(len(t), len(k)) < MIN_SCORE * (len(t) + len(k)) and k not in t:
        return 0.0  # too different in length to reach MIN_SCORE
    ratio = SequenceMatcher(None, t, k, autojunk=False).ratio()
    if k in t and len(t) <= len(k) + 6:
        ratio = max(ratio, 0.9)
    return ratio


def find_headings(lines: list[str], fmt: Format) -> dict[str, int]:
    """Section id -> line index of its heading, for the headings that could be found."""
    sections = fmt.sections
    cands: list[tuple[int, list[float]]] = []
    for i, line in enumerate(lines):
        tick()
        words = heading_text(line)
        if words is None:
            continue
        scores = [_score(words, s.short_title) for s in sections]
        if max(scores) >= MIN_SCORE:
            cands.append((i, scores))
    # Best order-preserving assignment: dp over (section, candidate), bottom-up so that no
    # number of candidates can exhaust the stack. Ties keep the choice order: skip the
    # section, skip the candidate, then take the pair (only when strictly better).
    n, m = len(sections), len(cands)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    skip_cand = [[False] * (m + 1) for _ in range(n + 1)]
    for si in range(n - 1, -1, -1):
        row, below = best[si], best[si + 1]
        for ci in range(m - 1, -1, -1):
            value, skip = below[ci], False
            if row[ci + 1] > value:
                value, skip = row[ci + 1], True
            score = cands[ci][1][si]
            if score >= MIN_SCORE and below[ci + 1] + score > value:
                value, skip = below[ci + 1] + score, False
                take[si][ci] = True
            row[ci] = value
            skip_cand[si][ci] = skip
    pairs: list[tuple[int, int]] = []
    si = ci = 0
    while si < n and ci < m:
        if take[si][ci]:
            pairs.append((si, ci))
            si, ci = si + 1, ci + 1
        elif skip_cand[si][ci]:
            ci += 1
        else:
            si += 1
    return {sections[si].id: cands[ci][0] for si, ci in pairs}


def _width(line: str) -> float:
    return sum(0.5 if ord(c) < 256 else 1.0 for c in line)


def wrap_width(lines: list[str]) -> float | None:
    """The width at which a PDF text layer hard-wraps its lines, or None if it does not."""
    content = [ln.strip() for ln in lines if ln.strip() and ln.count("|") < 2]
    if len(content) < 8:
        return None
    widths = sorted(_width(ln) for ln in content)
    wrap = widths[int(len(widths) * 0.8)]
    if wrap <= 45 and sum(1 for x in widths if x >= wrap - 3) >= len(content) * 0.3:
        return wrap
    return None


def paragraphs(lines: list[str], wrap: float | None = None) -> list[str]:
    """Prose lines as paragraphs; lines hard-wrapped at `wrap` are joined back together."""
    content = [ln.strip() for ln in lines if ln.strip()]
    content = [ln for ln in content if ln.count("|") < 2]
    if wrap is None:
        wrap = wrap_width(content)
    out: list[str] = []
    joining = False
    for ln in content:
        if joining and out and not _SUB_NUMBERING.match(ln):
            out[-1] += ln
        else:
            out.append(ln)
        joining = wrap is not None and _width(ln) >= wrap - 3.5 and ln[-1] not in _END
    return out
