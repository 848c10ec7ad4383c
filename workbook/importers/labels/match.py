"""The one label matcher: a label as printed, against the form's row labels.

Published labels are truncated by page breaks ("行政机关不再处理其政府信息公"), glued to their
group ("（三）不予公开1.属于国家秘密") or to headers, mistyped ("2.其他法律行政止公开"), printed in
Traditional characters (申請) or numbered "1、" for "1.". Every comparison goes through
`label_key`, and one similarity threshold (FUZZY) decides what a typo may still name.

Two questions are asked of it:
- `match_row(text, rows)`: which rows of a table a cell's label names, with a strength (the
  row reader: ties are left to the caller, who knows the row order);
- `RowMatcher`: which row of the form a label token of the stream ENDS with (a token is often
  several printed labels run together: headers, group words, then the row's own label).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from workbook.importers.labels.tradsimp import to_simplified
from workbook.model.format import Format, Row, available_formats, load_format
from workbook.model.labels import normalize_label

EXACT = 1.0
CONTAINS = 0.95  # the text holds the whole label plus group words or page debris
PREFIX = 0.9  # the text is the start of the label (cut by a line or page break)
FRAGMENT = 0.8  # the text is a piece from the middle of a long label
MAX_EXTRA = 12  # characters of group words / debris tolerated around a contained label
MIN_FRAGMENT = 5
MIN_CUT = 6  # characters of a label's start that still name it when the rest was cut off
FUZZY = 0.78  # similarity from which a typo'd label still names a row
STRICT = 0.85  # the same for short labels (规章) that also occur in prose

_ITEM_COMMA = re.compile(r"(?<![\d.])(\d),")
_UNIT_NOTE = re.compile(r"\(单位[:]?[^()]*\)$")  # "(单位:万元)" after a heading


def label_key(text: str) -> str:
    """Comparable form of a label: normalized, Simplified, "1、" read as "1."."""
    return _ITEM_COMMA.sub(r"\1.", normalize_label(to_simplified(text)))


@dataclass(frozen=True)
class Match:
    index: int  # position of the row in table.rows
    score: float


def row_labels(row: Row) -> tuple[str, ...]:
    """The label and its aliases, normalized."""
    return tuple(label_key(x) for x in (row.label, *row.aliases) if x)


def match_row(text: str, rows: tuple[Row, ...], *, strict: bool = False) -> list[Match]:
    """Candidate rows for a published label, best first (cached: pages repeat labels)."""
    return list(_match_row(text, rows, strict))


@lru_cache(maxsize=4096)
def _match_row(text: str, rows: tuple[Row, ...], strict: bool) -> tuple[Match, ...]:
    """Candidate rows for a published label, best first; all equally good ones are returned.

    `strict` (for short labels such as 规章) allows only exact, near-exact or lightly padded
    matches, since such words also occur in prose.
    """
    t = label_key(text)
    if not t:
        return ()
    texts = [t]
    # Group words printed in the same row ("三、本年度办理结果（三）不予公开1.属于国家秘密").
    bare = t
    for g in {label_key(x) for r in rows for x in (r.group, r.subgroup) if x}:
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
        need = STRICT if strict else FUZZY
        # Upper bounds first (lengths, shared characters): most pairs are far apart.
        if 2 * min(len(t), len(label)) < need * (len(t) + len(label)):
            return 0.0
        if 2 * _common(t, label) < need * (len(t) + len(label)):
            return 0.0
        ratio = SequenceMatcher(None, t, label, autojunk=False).ratio()
        if ratio >= need:
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
            groups.setdefault(label_key(row.subgroup), []).append(i)
    return {k: tuple(v) for k, v in groups.items()}


def find_subgroup(text: str, groups: dict[str, tuple[int, ...]]) -> str | None:
    """The subgroup named in a label text, tolerating a label broken as "（三）不" + "予公开"."""
    t = label_key(text)
    for g in groups:
        if g in t:
            return g
    for g in groups:
        head = g[:4]  # "(三)不予" -> the bracketed number and the first word
        if len(t) >= 4 and t.startswith(head):
            return g
    return None


@dataclass(frozen=True)
class Slot:
    table: str
    row_index: int  # index in the table's rows
    label: str  # as the clerk reads it: subgroup + label
    keys: tuple[str, ...]
    kinds: tuple[str, ...]
    variants: tuple[str, ...]  # label keys that name the row


class RowMatcher:
    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        slots: list[Slot] = []
        for table_id in ("active", "requests"):
            table = fmt.tables[table_id]
            for block in table.blocks:
                for row in block.rows:
                    labels = [row.label, *row.aliases]
                    variants = {label_key(x) for x in labels if x}
                    variants |= {label_key(row.subgroup + x) for x in labels if x and row.subgroup}
                    slots.append(
                        Slot(
                            table_id,
                            list(table.rows).index(row),
                            f"{row.subgroup}{row.label}",
                            block.keys(row),
                            tuple(c.kind for c in block.columns),
                            tuple(sorted(variants, key=len, reverse=True)),
                        )
                    )
        self.slots = tuple(slots)
        appeals = fmt.tables["appeals"]
        self.appeals_keys = appeals.keys(appeals.rows[0])
        self.subgroups: dict[str, tuple[int, ...]] = {}
        for i, s in enumerate(self.slots):
            row = fmt.tables[s.table].rows[s.row_index]
            if row.subgroup:
                self.subgroups.setdefault(label_key(row.subgroup), ())
                self.subgroups[label_key(row.subgroup)] += (i,)
        self.suffixes = frozenset(v for s in self.slots for v in s.variants)
        # Section 二's column headings, longest first: pdftotext prints a row's label before
        # its block's headings ("行政事业性收费 上一年项目数量 本年增/减 0 -20").
        headings = {label_key(c.label) for b in fmt.tables["active"].blocks for c in b.columns}
        self._headings = tuple(sorted(headings, key=len, reverse=True))
        # Variants by their last two characters: a label is compared with few of them.
        self._by_tail: dict[str, list[tuple[str, int]]] = {}
        for i, slot in enumerate(self.slots):
            for v in slot.variants:
                self._by_tail.setdefault(v[-2:], []).append((v, i))

    @staticmethod
    @cache
    def for_format(fmt: Format) -> RowMatcher:
        return RowMatcher(fmt)

    @staticmethod
    @cache
    def for_all() -> RowMatcher:
        """Rows of the current format, with the other formats' labels as known words too."""
        m = RowMatcher(load_format("2021"))
        extra = {v for f in available_formats() for v in RowMatcher(load_format(f)).suffixes}
        m.suffixes = frozenset(m.suffixes | extra)
        return m

    def first_of(self, table: str) -> int:
        return next(i for i, s in enumerate(self.slots) if s.table == table)

    def _pick(self, found: list[tuple[float, int]], last: int) -> int | None:
        if not found:
            return None
        best = max(score for score, _ in found)
        ties = sorted(i for score, i in found if score == best)
        later = [i for i in ties if i > last]
        return later[0] if later else ties[0]

    def match(self, text: str, last: int) -> int | None:
        """Slot index whose label ends the text exactly (or once section 二's column
        headings printed after it are set aside), or None."""
        t = label_key(text)
        if not t:
            return None
        found = self._ending(t, last)
        if found is None:
            bare = self._without_headings(t)
            found = self._ending(bare, last) if bare != t else None
        return found

    def _ending(self, t: str, last: int) -> int | None:
        exact: list[tuple[float, int]] = [
            (len(v), i) for v, i in self._by_tail.get(t[-2:], ()) if t.endswith(v)
        ]
        return self._pick(exact, last)

    def _without_headings(self, t: str) -> str:
        """The text without the column headings (and a unit note) that end it."""
        t = _UNIT_NOTE.sub("", t)
        cut = True
        while cut and t:
            cut = False
            for h in self._headings:
                if t.endswith(h) and len(t) > len(h):
                    t, cut = t[: -len(h)], True
                    break
        return t

    def others_inside(self, text: str, index: int) -> list[int]:
        """Other rows of the same table whose whole label is printed inside this label token
        (before the row's own label): their numbers went missing or were displaced."""
        t = label_key(text)
        if not any(t.endswith(v) for v in self.slots[index].variants):
            t = self._without_headings(t)
        own = max((len(v) for v in self.slots[index].variants if t.endswith(v)), default=0)
        head = t[: len(t) - own]
        table = self.slots[index].table
        return [
            j
            for j, s in enumerate(self.slots)
            if j != index
            and s.table == table
            and any(len(v) >= 4 and v in head for v in s.variants)
        ]

    def fragment_of(self, text: str) -> list[int]:
        """Rows whose label holds the end of this text as a piece (a label broken at both
        ends by a page: "行政机关不再处理其政府信息公")."""
        t = label_key(text)[-20:]
        if len(t) < 8:
            return []
        return [i for i, s in enumerate(self.slots) if any(t in v for v in s.variants)]

    def cut(self, text: str, last: int) -> int | None:
        """Slot whose label was cut short by a line or page break ("…其政府信息公")."""
        t = label_key(text)
        cut: list[tuple[float, int]] = []
        for i, s in enumerate(self.slots):
            for v in s.variants:
                for k in range(len(v) - 1, max(MIN_CUT, len(v) // 2) - 1, -1):
                    if t.endswith(v[:k]):
                        cut.append((k, i))
                        break
        return self._pick(cut, last)

    def fuzzy(self, text: str, last: int) -> int | None:
        """A typo'd label ("属于三类内部事物信息"): the closest row label of about its length
        among the rows still to come, when only one is close."""
        t = label_key(text)
        found: list[tuple[float, int]] = []
        for i in range(max(0, last + 1), len(self.slots)):
            best = 0.0
            for v in self.slots[i].variants:
                if len(v) < 5:
                    continue
                if 2 * _common(t[-len(v) - 1 :], v) < FUZZY * (2 * len(v) - 1):
                    continue  # too few shared characters for any tail to come close
                for size in (len(v) - 1, len(v), len(v) + 1):
                    tail = t[-size:]
                    best = max(best, SequenceMatcher(None, tail, v, autojunk=False).ratio())
            if best >= FUZZY:
                found.append((round(best, 3), i))
        if not found:
            return None
        found.sort(reverse=True)
        if len(found) > 1 and found[1][0] > found[0][0] - 0.05:
            return None
        return found[0][1]

    def subgroup_at_end(self, text: str) -> str | None:
        """The subgroup label (e.g. （六）其他处理) that ends a label, printed without items."""
        t = label_key(text)
        for g in self.subgroups:
            if t.endswith(g):
                return g
        return None

    def group_key(self, group: str) -> str:
        return group

    def collapsed_rows(self, collapsed: dict[str, list[str]]) -> set[int]:
        return {i for g in collapsed for i in self.subgroups.get(g, ())}
