"""B1, B2, B8: this year's report against last year's.

B1 row 2 (上年结转) = last year's row 25 (结转下年度), per column; B2 现行有效 = last year's +
制发 − 废止, per row; B8 prose nearly identical to last year's (character shingles, Jaccard).
Which rows and columns: resources/rules.toml settings, matched by id in both formats.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from rules.base import make_finding, refs, short_row_label
from rules.catalogue import code_for, settings
from rules.finding import Finding
from workbook.model.format import Format, cell_key
from workbook.model.report import Report, Value, split_paragraphs

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@cache
def _carry_pairs(fmt: Format, previous: Format) -> tuple[tuple[str, str, str, str], ...]:
    """(this key, last year's key, column label, refs) for every column both formats have."""
    cfg = settings()["carry_over"]
    table = cfg["table"]
    if table not in fmt.tables or table not in previous.tables:
        return ()
    pairs = []
    for col in fmt.tables[table].blocks[0].columns:
        now = cell_key(table, cfg["this_row"], col.id)
        before = cell_key(table, cfg["previous_row"], col.id)
        if fmt.has_cell(now) and previous.has_cell(before):
            pairs.append((now, before, col.label, refs(fmt, (now,))))
    return tuple(pairs)


@cache
def _in_force_rows(fmt: Format, previous: Format) -> tuple[tuple[str, str, str, str, str], ...]:
    """(issued, repealed, in force, last year's in force, row name) for rows of 制发/废止/现行有效."""
    cfg = settings()["in_force"]
    rows = []
    for table in fmt.tables.values():
        for block in table.blocks:
            ids = {c.id for c in block.columns}
            if not {cfg["issued"], cfg["repealed"], cfg["in_force"]} <= ids:
                continue
            for row in block.rows:
                issued, repealed, in_force = (
                    cell_key(table.id, row.id, cfg[c]) for c in ("issued", "repealed", "in_force")
                )
                if previous.has_cell(in_force):
                    rows.append(
                        (
                            issued,
                            repealed,
                            in_force,
                            in_force,
                            short_row_label(row),
                        )
                    )
    return tuple(rows)


@lru_cache(maxsize=128)
def _plain(text: str) -> str:
    """A text with figures and spacing neutralised: a copy with new numbers is a copy."""
    return _DIGITS.sub("#", _SPACE.sub("", text))


@lru_cache(maxsize=128)
def shingles(text: str) -> frozenset[str]:
    """Character k-grams of a text, figures and spacing ignored."""
    k = int(settings()["similarity_shingle"])
    t = _plain(text)
    return frozenset(t[i : i + k] for i in range(max(len(t) - k + 1, 0)))


@lru_cache(maxsize=128)
def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingles, 0…1 (1.0 for the same text)."""
    if a.strip() and _plain(a) == _plain(b):
        return 1.0
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    inter = len(sa & sb)
    return inter / (len(sa) + len(sb) - inter)


@dataclass(frozen=True)
class Likeness:
    """How much of a prose section repeats last year's: the one judgement of B8 and `compare`."""

    similarity: float
    same_paragraphs: tuple[str, ...]  # this year's paragraphs also found in last year's text


def likeness(text: str, before: str) -> Likeness:
    """Similarity of the two texts and the paragraphs they share (figures and spaces ignored)."""
    min_chars = int(settings()["same_paragraph_min_chars"])
    earlier = {_plain(p) for p in split_paragraphs(before)}
    same = tuple(
        p for p in split_paragraphs(text) if len(_plain(p)) >= min_chars and _plain(p) in earlier
    )
    return Likeness(similarity(text, before), same)


def check_cross_year(
    report: Report, previous: Report, values: Mapping[str, Value], out: list[Finding]
) -> None:
    fmt, pfmt = report.format, previous.format
    pv = previous.values
    for now, before, label, where in _carry_pairs(fmt, pfmt):
        a, b = values.get(now), pv.get(before)
        if a is None or b is None or a == b:
            continue
        out.append(
            make_finding(
                code_for("carry_over"),
                values,
                keys=(now,),
                expected=b,
                actual=a,
                where_label=f"{label}栏",
                this_year=a,
                last_year=b,
                diff=abs(a - b),
                refs=where,
            )
        )
    for issued, repealed, in_force, prev_key, name in _in_force_rows(fmt, pfmt):
        i, r, now_v, prev_v = (
            values.get(issued),
            values.get(repealed),
            values.get(in_force),
            pv.get(prev_key),
        )
        if i is None or r is None or now_v is None or prev_v is None:
            continue
        expected = prev_v + i - r
        if expected == now_v:
            continue
        keys = (issued, repealed, in_force)
        out.append(
            make_finding(
                code_for("in_force"),
                values,
                keys=keys,
                expected=expected,
                actual=now_v,
                extra=(prev_v,),
                row_name=name,
                prev=prev_v,
                issued=i,
                repealed=r,
                computed=expected,
                filled=now_v,
                diff=abs(expected - now_v),
                refs=refs(fmt, keys),
            )
        )
    cfg = settings()
    threshold = float(cfg["similarity_threshold"])
    min_chars = int(cfg["similarity_min_chars"])
    for s in fmt.text_sections:
        text, before_text = report.text(s.id), previous.text(s.id)
        if len(text) < min_chars or len(before_text) < min_chars:
            continue
        ratio = likeness(text, before_text).similarity
        if ratio >= threshold:
            out.append(
                make_finding(
                    code_for("similar_text"),
                    values,
                    texts=(s.id,),
                    actual=round(ratio, 3),
                    extra=(text, before_text),
                    section_title=s.title,
                    pct=f"{ratio:.0%}",
                )
            )
