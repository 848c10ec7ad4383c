"""Align a stream of tokens to the form: the entry point every importer can feed.

The format file knows every row label, their order and how many numbers follow each. A label
token names a row when the row's label (or an alias, Traditional or fuzzy) ends it — labels
run together with headers ("信息内容本年制发件数…规章") still end with the row's own label —
and the values that follow it, up to the next label, are that row's cells. Section 四 has no
row label: its 15 numbers follow its header words. Where a row has fewer printed pieces than
cells, the pieces ran together and runsplit cuts them by the format's arithmetic.

    align(tokens)          tokens from tokens.line_tokens / row_tokens / piece_tokens
    align_rows(rows)       a grid of cell texts (Word tables, spreadsheets)
    align_words(words)     PDF words in reading order
All return a GridResult (values, notes in the clerk's words, tables found, format id).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbook.importers.labels.formatwords import appeals_header_words, format_2019_markers
from workbook.importers.labels.match import RowMatcher, Slot
from workbook.importers.layout.appeals import arrange, batches
from workbook.importers.layout.cells import GridResult, store_value, unplaced_row
from workbook.importers.layout.grid_requests import _read_with_subtotal
from workbook.importers.layout.tokens import BLANK, LABEL, NUMBER, ZERO, Token, row_tokens, tidy
from workbook.importers.layout.tokens import piece_tokens as _piece_tokens
from workbook.importers.repair.combine import add_missing_rows
from workbook.importers.repair.direction import either_way
from workbook.importers.repair.regroup import regroup, windows
from workbook.importers.repair.runsplit import Pending, settle_runs
from workbook.model.format import Format, load_format
from workbook.model.values import Note

MAX_UNREAD_NOTES = 5  # notes about numbers that fit no row; then one summary
MAX_SEARCHED = 200  # unknown labels given the slower cut/typo search (a page has < 100)


# What the walk does with values when no row is collecting them (row slots are >= 0).
REPEATED = -1  # after a row printed a second time: its values were read the first time
APPEALS = -2  # section 四's header seen: everything after it is 四's
ORPHAN = -3  # after a label that names no row: values kept aside (_orphans)
COLLAPSED = -4  # after a subgroup printed as one row ((六)其他处理): values noted, not placed


@dataclass
class _Walk:
    batches: dict[int, list[Token]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    orphans: list[tuple[int, str, list[Token]]] = field(default_factory=list)
    collapsed: dict[str, list[Token]] = field(default_factory=dict)
    appeals: list[Token] = field(default_factory=list)
    fuzzy: list[tuple[int, str]] = field(default_factory=list)
    displaced: dict[int, list[int]] = field(default_factory=dict)  # row -> rows printed before it


def detect(tokens: list[Token]) -> str:
    markers = format_2019_markers()
    for t in tokens:
        if t.kind == LABEL and any(m in t.text for m in markers):
            return "2019"
    return "2021"


def align(tokens: list[Token], fmt: Format | None = None, *, year: int | None = None) -> GridResult:
    """Values and notes for every cell the stream holds; the format decided if not given."""
    if fmt is None:
        fmt = load_format(detect(tokens))
        result = _align(tokens, fmt)
        if fmt.id == "2021" and result.collapsed and year is not None and year <= 2020:
            result = _align(tokens, load_format("2019"))
    else:
        result = _align(tokens, fmt)
    return either_way(tokens, _align, result)  # numbers printed before their labels?


def align_rows(
    rows: list[list[str | None]], fmt: Format | None = None, *, year: int | None = None
) -> GridResult:
    """A grid of cell texts (any table: Word, spreadsheet, HTML), read as a stream."""
    known = RowMatcher.for_all().suffixes
    tokens: list[Token] = []
    for row in rows:
        tokens.extend(row_tokens(row, known))
    return align(tidy(tokens), fmt, year=year)


def align_words(
    words: list[str], fmt: Format | None = None, *, year: int | None = None
) -> GridResult:
    """Words in reading order (a PDF's words placed by position), read as a stream."""
    tokens: list[Token] = []
    for w in words:
        tokens.extend(_piece_tokens(w))
    return align(tidy(tokens), fmt, year=year)


def _walk(tokens: list[Token], matcher: RowMatcher, fmt: Format) -> _Walk:
    walk = _Walk()
    header = appeals_header_words(fmt)
    cur: int | None = None  # the row (slot index) collecting values, or a state above
    group: str | None = None
    last = -1
    orphan: list[Token] = []
    searched = 0
    for tok in tokens:
        if cur == APPEALS:
            walk.appeals.append(tok)
            continue
        if tok.kind != LABEL:
            if cur is None or cur == REPEATED:
                continue
            if cur == ORPHAN:
                orphan.append(tok)
            elif cur == COLLAPSED:
                walk.collapsed.setdefault(group or "", []).append(tok)
            else:
                walk.batches[cur].append(tok)
            continue
        index = matcher.match(tok.text, last)
        if index is None:
            sub = matcher.subgroup_at_end(tok.text)
            if sub is not None:
                cur, group = COLLAPSED, sub
                continue
            searched += 1
            index = matcher.cut(tok.text, last) if searched <= MAX_SEARCHED else None
            if index is None and searched <= MAX_SEARCHED:
                index = matcher.fuzzy(tok.text, last)
            if index is not None and index not in walk.batches:
                walk.fuzzy.append((index, tok.text))
        if index is None:
            if any(w in tok.text for w in header[:2]) and last >= matcher.first_of("requests"):
                cur = APPEALS
                walk.appeals.append(tok)  # its header words tell 四's layout
                continue
            if any(w in tok.text for w in header[:2]) and last < 0 and _only_header(tok.text):
                cur = APPEALS
                walk.appeals.append(tok)  # its header words tell 四's layout
                continue
            if cur is not None and cur >= 0 and not walk.batches[cur]:
                continue  # a label broken over lines: values still to come
            if (cur is not None and cur >= 0) or cur == ORPHAN:
                orphan = []
                walk.orphans.append((last, tok.text, orphan))
                cur = ORPHAN
            elif cur in (REPEATED, COLLAPSED):
                cur = None
            continue
        if index in walk.batches:
            cur = REPEATED  # a repeated row: its values were read the first time
            continue
        walk.batches[index] = []
        walk.labels[index] = tok.text
        inside = [j for j in matcher.others_inside(tok.text, index) if j not in walk.batches]
        if inside:
            walk.displaced[index] = inside
        cur, last = index, index
    return walk


def _only_header(text: str) -> bool:
    return len(text) < 80


def _align(tokens: list[Token], fmt: Format) -> GridResult:
    result = GridResult(format_id=fmt.id)
    matcher = RowMatcher.for_format(fmt)
    walk = _walk(tokens, matcher, fmt)
    for group, toks in walk.collapsed.items():
        printed = [t.text for t in toks if t.kind != BLANK]
        if printed:
            result.collapsed[matcher.group_key(group)] = printed
            result.found.add("requests")
    _orphans(walk, matcher, fmt, result)
    for index, text in walk.fuzzy:
        slot = matcher.slots[index]
        number = fmt.section(slot.table).number
        result.notes.append(
            Note(
                slot.keys[0],
                f"{number}、行标签“{text[-40:]}”与标准不同，按“{slot.label}”读取",
                text,
            )
        )
    pending: list[Pending] = []
    eights: list[tuple[int, list[str]]] = []

    def place(index: int) -> None:
        _place(result, fmt, matcher, walk, index, pending, eights)

    apart = windows(list(walk.batches), walk.batches, walk.displaced, matcher)
    held = {i for w in apart for i in w.items}
    for index in sorted(walk.batches):
        if index not in held:
            place(index)
    for w in apart:
        if not regroup(w, fmt, matcher, result):
            for index in w.items:
                place(index)
    if len(eights) >= 3:  # a subtotal column runs down the whole table, not one row
        _read_with_subtotal(eights, fmt, result)
    else:
        for row_index, raws in eights:
            row = fmt.tables["requests"].rows[row_index]
            keys = list(fmt.tables["requests"].keys(row))
            unplaced_row(result, fmt, keys, raws, len(keys))
    _appeals(walk.appeals, matcher, fmt, result, pending)
    settle_runs(pending, fmt, result)
    return add_missing_rows(result)


def _place(
    result: GridResult,
    fmt: Format,
    matcher: RowMatcher,
    walk: _Walk,
    index: int,
    pending: list[Pending],
    eights: list[tuple[int, list[str]]],
) -> None:
    """One label group's numbers into its row's cells (or pending / noted)."""
    toks = walk.batches[index]
    slot = matcher.slots[index]
    values = _trim([t for t in toks if t.kind in (NUMBER, ZERO, BLANK)], len(slot.keys))
    if not values:
        return
    result.found.add(slot.table)
    n = len(slot.keys)
    if index in walk.displaced:
        _displaced(result, fmt, matcher, index, walk.displaced[index], values)
        return
    if len(values) == n:
        for key, tok in zip(slot.keys, values, strict=True):
            _store(result, fmt, key, tok)
    elif len(values) == n + 1 and slot.table == "requests":
        eights.append((slot.row_index, [t.text for t in values]))  # subtotal column?
    elif len(values) < n and all(t.kind == NUMBER for t in values):
        pending.append(Pending(list(slot.keys), list(slot.kinds), [t.text for t in values]))
    else:
        unplaced_row(result, fmt, list(slot.keys), [t.text for t in values], n)


def _displaced(
    result: GridResult,
    fmt: Format,
    matcher: RowMatcher,
    index: int,
    others: list[int],
    values: list[Token],
) -> None:
    """Several row labels printed together and one set of numbers after them: whose numbers
    they are cannot be told, so these rows stay blank."""
    slot = matcher.slots[index]
    names = "、".join(f"“{matcher.slots[j].label}”" for j in [*others, index])
    shown = " ".join(t.text for t in values)
    for j in [*others, index]:
        for key in matcher.slots[j].keys:
            result.values.setdefault(key, None)
    result.notes.append(
        Note(
            slot.keys[0],
            f"{fmt.section(slot.table).number}：原文中{names}的行标签连在一起，后面只有一组数字"
            f"（{shown}），无法确定属于哪一行，这几行留空，请对照原文填写",
            shown,
        )
    )


def _trim(values: list[Token], n: int) -> list[Token]:
    v = list(values)
    while len(v) > n and v and v[-1].kind == BLANK:
        v.pop()
    while len(v) > n and v and v[0].kind == BLANK:
        v.pop(0)
    if len(v) > n:
        v = [t for t in v if t.kind != BLANK] if sum(t.kind != BLANK for t in v) >= n else v
    return v


def _store(result: GridResult, fmt: Format, key: str, tok: Token) -> None:
    if tok.kind == BLANK:
        result.values[key] = None
    else:
        store_value(result, fmt, key, tok.text)


def _orphans(walk: _Walk, matcher: RowMatcher, fmt: Format, result: GridResult) -> None:
    """Values after a label that names no row: the next row of 三 in order, with a note."""
    unread = 0
    for last, label, toks in walk.orphans:
        values = [t for t in toks if t.kind != BLANK]
        if not values:
            continue
        # Only a piece of the next row's own label (cut by a page) places it by order.
        named = matcher.fragment_of(label)
        nxt = named[0] if len(named) == 1 and named[0] > last else -1
        if (
            last >= 0
            and 0 <= nxt < len(matcher.slots)
            and matcher.slots[nxt].table == "requests"
            and matcher.slots[last].table == "requests"
            and nxt not in walk.batches
            and len(values) == len(matcher.slots[nxt].keys)
        ):
            walk.batches[nxt] = list(values)
            slot = matcher.slots[nxt]
            result.notes.append(
                Note(
                    slot.keys[-1],
                    f"三、一行数字的行标签“{label[:30]}”无法识别，按表格顺序归入“{slot.label}”，请核对",
                    " ".join(t.text for t in values),
                )
            )
        elif len(values) >= 2 and last >= 0 and matcher.slots[last].table != "appeals":
            unread += 1
            if unread > MAX_UNREAD_NOTES:
                continue
            number = fmt.section(matcher.slots[last].table).number
            result.notes.append(
                Note(
                    "",
                    f"{number}：“{label[:30]}”后面的数字（{' '.join(t.text for t in values)}）"
                    "对不上任何一行，未读取",
                    " ".join(t.text for t in values),
                )
            )
    if unread > MAX_UNREAD_NOTES:
        result.notes.append(
            Note("", f"另有{unread - MAX_UNREAD_NOTES}组数字对不上任何一行，未读取")
        )


def _appeals(
    toks: list[Token], matcher: RowMatcher, fmt: Format, result: GridResult, pending: list
) -> None:
    """Section 四: its 15 values after the header, in whichever layout (appeals.arrange)."""
    keys = list(matcher.appeals_keys)
    n = len(keys)
    found = batches(toks, fmt)
    if not found:
        return
    result.found.add("appeals")
    ordered, why = arrange(found, fmt)
    if len(found) > 1 and (ordered is None or len(ordered) >= n):
        result.decided.add("appeals")  # a layout of its own: the row reader cannot know it
    if ordered is None:
        shown = " ".join(t.text for b in found for t in b.values)
        for key in keys:
            result.values.setdefault(key, None)
        result.notes.append(
            Note(keys[0], f"四：{why}，这部分留空，请对照原文填写（原文数字：{shown}）", shown)
        )
        return
    values = _trim(ordered, n)
    if len(values) == n:
        for key, tok in zip(keys, values, strict=True):
            _store(result, fmt, key, tok)
    elif len(values) < n and all(t.kind == NUMBER for t in values):
        kinds = [fmt.cell(k).kind for k in keys]
        pending.append(Pending(keys, kinds, [t.text for t in values]))
    else:
        unplaced_row(result, fmt, keys, [t.text for t in values], n)


__all__ = ["NUMBER", "ZERO", "Slot", "Token", "align", "align_rows", "align_words", "detect"]
