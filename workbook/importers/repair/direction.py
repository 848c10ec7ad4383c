"""Tables printed "numbers, then label": a PDF's default reading order pasted as text puts each
row's numbers before its label, and a page re-flowed onto one line keeps that order.

Read forward, every label then takes the next row's numbers: the first row's numbers fall
before any label and the last label has none, so the table comes back incomplete. The same
stream is then read the other way (each run of numbers moved after the label printed right
after it) — "numbers, then label" becomes "label, then numbers". The backward reading of a
table is taken only when it is the only consistent one: the usual reading left cells of
that table unread or broke its arithmetic, and the backward reading reads every cell of the
table with all of the form's sums and balances holding.
"""

from __future__ import annotations

from collections.abc import Callable

from workbook.importers.labels.match import RowMatcher, label_key
from workbook.importers.layout.cells import GridResult
from workbook.importers.layout.tokens import LABEL, Token
from workbook.model.cellnames import describe
from workbook.model.format import Format, load_format
from workbook.model.values import Note

TABLES = ("requests", "active")  # 三 first: its arithmetic decides the page's order


def backward(tokens: list[Token], variants: frozenset[str]) -> list[Token]:
    """The stream with every run of numbers moved after the label printed right after it. A
    label run together with the header words printed after it ("行政规范性文件第二十条…") is
    cut after the row's own label: the header words stay after the numbers."""
    runs: list[list[Token]] = []
    for tok in tokens:
        if tok.kind != LABEL and runs and runs[-1][0].kind != LABEL:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    out: list[Token] = []
    i = 0
    while i < len(runs):
        if runs[i][0].kind != LABEL and i + 1 < len(runs) and runs[i + 1][0].kind == LABEL:
            head, rest = _cut(runs[i + 1][0].text, variants)
            out += [Token(LABEL, head), *runs[i], *([Token(LABEL, rest)] if rest else [])]
            i += 2
        else:
            out += runs[i]
            i += 1
    return out


def _cut(text: str, variants: frozenset[str]) -> tuple[str, str]:
    """(text up to the end of the longest row label in it, the rest)."""
    key = label_key(text)
    best = max((v for v in variants if len(v) >= 2 and v in key), key=len, default="")
    if not best:
        return text, ""
    end = key.index(best) + len(best)
    return key[:end], key[end:]


def _numbers_before_first_row(tokens: list[Token], matcher: RowMatcher) -> bool:
    """The sign of a table printed numbers first: the label of 三's first row comes right after
    a run of numbers (its own), not right after the column headers."""
    first = next(s for s in matcher.slots if s.table == "requests")
    for i, tok in enumerate(tokens):
        if tok.kind == LABEL and any(v in label_key(tok.text) for v in first.variants):
            # its label alone, right after a run of numbers (not after the column headers)
            alone = any(label_key(tok.text).startswith(v) for v in first.variants)
            return alone and i > 0 and tokens[i - 1].kind != LABEL
    return False


def _keys(fmt: Format, table: str) -> list[str]:
    return [c.key for c in fmt.cells if c.table == table]


def _complete(result: GridResult, fmt: Format, table: str) -> bool:
    return all(result.values.get(k) is not None for k in _keys(fmt, table))


def _broken(result: GridResult, fmt: Format, table: str) -> int:
    """How many of the table's sums and balances that can be checked do not hold."""
    count = 0
    for eq in fmt.equations(table):
        values = [result.values.get(k) for k in eq]
        if any(v is None for v in values):
            continue
        if sum(c * v for c, v in zip(eq.values(), values, strict=True) if v is not None) != 0:
            count += 1
    return count


def _placed(result: GridResult, fmt: Format, table: str) -> int:
    return sum(result.values.get(k) is not None for k in _keys(fmt, table))


def _blank_differences(forward: GridResult, back: GridResult, fmt: Format, table: str) -> None:
    """Both readings as good: a cell they read differently is known in neither (blank, noted
    once per row)."""
    rows: dict[str, str] = {}
    for k in _keys(fmt, table):
        if forward.values.get(k) is not None and forward.values.get(k) != back.values.get(k):
            forward.values[k] = None
            rows.setdefault(k.rsplit(".", 1)[0], k)
    for key in rows.values():
        where = describe(fmt, key).split("／")[0]
        forward.notes.append(
            Note(
                key,
                f"{where}：原文的数字印在行标签之前还是之后无法确定，两种读法不一致的格留空，"
                "请对照原文填写",
            )
        )


def _of(note: Note, fmt: Format, table: str) -> bool:
    if note.key:
        return note.key.split(".", 1)[0] == table
    return note.message.startswith(fmt.section(table).number)


def either_way(
    tokens: list[Token], read: Callable[[list[Token], Format], GridResult], forward: GridResult
) -> GridResult:
    """`forward`, with each table whose only consistent reading is backward read backward."""
    fmt = load_format(forward.format_id)
    weak = [t for t in TABLES if not (_complete(forward, fmt, t) and not _broken(forward, fmt, t))]
    if not weak:
        return forward
    matcher = RowMatcher.for_format(fmt)
    if not _numbers_before_first_row(tokens, matcher):
        return forward
    back = read(backward(tokens, matcher.suffixes), fmt)
    switched: set[str] = set()
    tied: set[str] = set()
    for table in weak:
        if table == "active":
            if "requests" in tied:
                _blank_differences(forward, back, fmt, table)
            if "requests" not in switched or _placed(back, fmt, table) < _placed(
                forward, fmt, table
            ):
                continue  # 二 has no sums to confirm it: only with 三 printed the same way
        else:
            more = _placed(back, fmt, table) - _placed(forward, fmt, table)
            fewer = _broken(forward, fmt, table) - _broken(back, fmt, table)
            if (
                (more < 0 and fewer <= 0)
                or (more <= 0 and fewer < 0)
                or not _placed(back, fmt, table)
            ):
                continue  # the usual reading is better: it stays
            if not ((more > 0 and fewer >= 0) or (more >= 0 and fewer > 0)):
                tied.add(table)  # neither is better: where they differ, neither is trusted
                _blank_differences(forward, back, fmt, table)
                continue
        for k in _keys(fmt, table):
            if k in back.values:
                forward.values[k] = back.values[k]
            else:
                forward.values.pop(k, None)
        forward.notes = [n for n in forward.notes if not _of(n, fmt, table)]
        forward.notes.extend(n for n in back.notes if _of(n, fmt, table))
        forward.found.add(table)
        switched.add(table)
        first = _keys(fmt, table)[0]
        forward.notes.append(
            Note(
                first,
                f"{fmt.section(table).number}：原文每行的数字印在行标签之前（PDF 的阅读顺序），"
                "按此顺序读取（这样读表内的勾稽关系才相符），请核对",
            )
        )
    return forward
