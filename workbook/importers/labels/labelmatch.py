"""Matching a row label as published against the format's labels.

Published labels are truncated by page breaks ("行政机关不再处理其政府信息公"), glued to their
group ("（三）不予公开1.属于国家秘密"), mistyped ("2.其他法律行政止公开") or shortened. A match
therefore has a strength, and ties are left to the caller, who knows the row order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from workbook.model.format import Format, Row
from workbook.model.labels import normalize_label

EXACT = 1.0
CONTAINS = 0.95  # the text holds the whole label plus group words or page debris
PREFIX = 0.9  # the text is the start of the label (cut by a line or page break)
FRAGMENT = 0.8  # the text is a piece from the middle of a long label
MAX_EXTRA = 12  # characters of group words / debris tolerated around a contained label
MIN_FRAGMENT = 5
FUZZY_MIN = 0.78


@dataclass(frozen=True)
class Match:
    index: int  # position of the row in table.rows
    score: float


def row_labels(row: Row) -> tuple[str, ...]:
    """The label and its aliases, normalized."""
    return tuple(normalize_label(x) for x in (row.label, *row.aliases) if x)


def match_row(text: str, rows: tuple[Row, ...], *, strict: bool = False) -> list[Match]:
    """Candidate rows for a published label, best first (cached: pages repeat labels)."""
    return list(_match_row(text, rows, strict))


@lru_cache(maxsize=4096)
def _match_row(text: str, rows: tuple[Row, ...], strict: bool) -> tuple[Match, ...]:
    """Candidate rows for a published label, best first; all equally good ones are returned.

    `strict` (for short labels such as 规章) allows only exact, near-exact or lightly padded
    matches, since such words also occur in prose.
    """
    t = normalize_label(text)
    if not t:
        return ()
    texts = [t]
    # Group words printed in the same row ("三、本年度办理结果（三）不予公开1.属于国家秘密").
    bare = t
    for g in {normalize_label(x) for r in rows for x in (r.group, r.subgroup) if x}:
        bare = bare.replace(g, "")
    if bare and bare != t:
        texts.append(bare)
    scored: list[Match] = []
    for i, row in enumerate(rows):
        best = 0.0
        for label in row_labels(row):
            for x in texts:
                best = max(best, _score(x, label, strict))
        if best > 0:
            scored.append(Match(i, best))
    if not scored:
        return ()
    top = max(m.score for m in scored)
    return tuple(m for m in scored if m.score >= top - 0.005)


def _score(t: str, label: str, strict: bool) -> float:
    if t == label:
        return EXACT
    extra = len(t) - len(label)
    if label in t and extra <= (4 if strict else MAX_EXTRA):
        # Prefer the longest contained label ("3.其他" is inside many texts).
        return CONTAINS + min(len(label), 60) / 10000
    if not strict:
        if len(t) >= 4 and label.startswith(t):
            return PREFIX + len(t) / 10000
        if len(t) >= MIN_FRAGMENT and t in label:
            return FRAGMENT + len(t) / 10000
    if len(t) >= 3:
        need = 0.85 if strict else FUZZY_MIN
        # Upper bounds first (lengths, shared characters): most pairs are far apart.
        if 2 * min(len(t), len(label)) < need * (len(t) + len(label)):
            return 0.0
        if 2 * _common(t, label) < need * (len(t) + len(label)):
            return 0.0
        ratio = SequenceMatcher(None, t, label, autojunk=False).ratio()
        if ratio >= (0.85 if strict else FUZZY_MIN):
            return 0.5 + ratio / 4  # below every structural match
    return 0.0


def _common(a: str, b: str) -> int:
    """Characters the two strings share (with multiplicity): a bound on their match."""
    counts = Counter(a)
    n = 0
    for c in b:
        if counts[c] > 0:
            counts[c] -= 1
            n += 1
    return n


def subgroup_labels(fmt: Format, table_id: str) -> dict[str, tuple[int, ...]]:
    """Normalized subgroup label (e.g. （六）其他处理) -> indexes of its rows."""
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(fmt.tables[table_id].rows):
        if row.subgroup:
            groups.setdefault(normalize_label(row.subgroup), []).append(i)
    return {k: tuple(v) for k, v in groups.items()}


def find_subgroup(text: str, groups: dict[str, tuple[int, ...]]) -> str | None:
    """The subgroup named in a label text, tolerating a label broken as "（三）不" + "予公开"."""
    t = normalize_label(text)
    for g in groups:
        if g in t:
            return g
    for g in groups:
        head = g[:4]  # "(三)不予" -> the bracketed number and the first word
        if len(t) >= 4 and t.startswith(head):
            return g
    return None
