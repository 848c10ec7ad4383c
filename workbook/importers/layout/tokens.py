"""The table part of a published report as a flat stream of tokens: labels, numbers, zero marks
and (only where a table says so) blank cells.

The layout — lines, pipes, tabs, empty lines, one cell per line, a whole page on one line,
cells that ran together — is dropped here; stream.align puts the tokens back onto the form.
Inputs: text lines (TABLE_MARK lines stand for grids), grids of cell texts (HTML and
spreadsheet tables, Word tables), or any list of strings (PDF words in reading order).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workbook.importers.labels.tradsimp import to_simplified
from workbook.importers.layout.cells import is_value_cell, read_cell
from workbook.importers.layout.textrows import is_pipe_row, pipe_cells
from workbook.model.labels import normalize_label
from workbook.model.layout import META_LABELS
from workbook.model.values import NOT_NUMBERS, SCRIPTS, SPOILERS, ZERO_MARKS, looks_numeric

LABEL, NUMBER, ZERO, BLANK = "label", "number", "zero", "blank"
TABLE_MARK = "\x00table:"

_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_RUN = rf"\d.,{SPOILERS}"
_PIECE = re.compile(
    r"(?P<sep>(?:[\s|]|:?-{3,}:?)+)"  # a Markdown rule "|---|" is no zero mark
    r"|(?P<item>\d[.、](?=[^\d\s|.、]))"
    # Digits with a look-alike among them ("l5", "−5", "‮51", "5¹", "2O24"): one token, which
    # parse_value reads with a note or leaves blank with one — never the digits alone. Letters
    # count only outside a word ("Col1" stays a label and a number).
    rf"|(?P<odd>(?<![A-Za-z])(?=[{_RUN}]*\d)(?=[\d.,]*[{SPOILERS}])"
    rf"[{_RUN}]*[\d{SPOILERS}](?![A-Za-z]))"
    rf"|(?P<nan>(?<![A-Za-z])(?:{NOT_NUMBERS})(?![A-Za-z]))"  # #REF!, NaN: a value, no label
    r"|(?P<num>[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+\-]?\d+(?:\.\d+)?)"
    r"(?P<unit>万元|元|件|项|个|条)?"
    r"(?P<remark>\((?=[^()]*[^\d()一二三四五六七八九十])[^()]{2,40}\))?"
    r"|(?P<zero>——|--|[/\\—–-])"
    rf"|(?P<other>[^\s|\d/\\—–+\-#{SPOILERS}]+|.)",  # a run of label characters at a time
    re.S,
)
# Page marks left inside a flattened page ("- 2 -", "=== page 3 ===", "第 3 页").
_PAGE_MARK = re.compile(
    r"(?:(?<=\s)|^)(?:[-—–]\s\d{1,3}\s[-—–]|=+\s*page\s*\d+\s*=+|第\s*\d+\s*页)(?=\s|$)",
    re.IGNORECASE,
)
_ZERO_WORDS = frozenset({"无", "零"})
# "报告年度：2024年" printed above a table (our own copies): a number of no cell.
_META_LINE = re.compile(rf"^\s*(?:{'|'.join(map(re.escape, META_LABELS.values()))})\s*[:：]")
_ITEM_NUMBER = re.compile(r"^\d[.、]$")


@dataclass(frozen=True)
class Token:
    kind: str  # LABEL | NUMBER | ZERO | BLANK
    text: str  # as printed (a label: normalized, Simplified)

    @property
    def is_value(self) -> bool:
        return self.kind != LABEL


def without_page_marks(text: str) -> str:
    """The text with page marks ("- 2 -", "=== page 3 ===", "第 3 页") left inside a
    flattened page turned into spaces."""
    return _PAGE_MARK.sub(" ", text)


_SCRIPT_SPLIT = re.compile(f"([{SCRIPTS}０-９]+)")


def _clean(text: str) -> str:
    """NFKC (full width, compatibility forms) and Simplified — but superscript, subscript and
    circled digits are kept: NFKC would make "10²" into 102 before anyone could say so; and
    full-width digits, which parse_value reads with a note like other scripts' digits."""
    if _SCRIPT_SPLIT.search(text) is None:
        return to_simplified(unicodedata.normalize("NFKC", text))
    parts = _SCRIPT_SPLIT.split(text)  # odd indices: the kept runs
    return to_simplified(
        "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))
    )


def piece_tokens(text: str) -> list[Token]:
    """Tokens of free text, where labels and numbers may touch ("规章000行政规范性文件77132470")."""
    s = _PAGE_MARK.sub(" ", _clean(text))
    out: list[Token] = []
    label: list[str] = []
    number_end = -1

    def flush() -> None:
        if label:
            word = "".join(label)
            label.clear()
            if word in _ZERO_WORDS:
                out.append(Token(ZERO, word))
            else:
                out.append(Token(LABEL, word))

    for m in _PIECE.finditer(s):
        kind = m.lastgroup
        if kind == "other" or kind == "item":
            label.append(m.group())
            continue
        if kind == "sep":
            flush()
            continue
        if kind == "odd" or kind == "nan":
            flush()
            out.append(Token(NUMBER, m.group()))
            number_end = m.end()
            continue
        if kind == "zero":
            after = s[m.end() : m.end() + 1]
            if (
                label
                and after
                and not after.isspace()
                and not after.isdigit()
                and after not in "|/\\—–-+"
            ):
                label.append(m.group())  # inside a word: the heading 本年增/减
                continue
            flush()
            out.append(Token(ZERO, m.group()))
            continue
        number = m.group("num")
        end = m.end()
        # "…00000001.属于国家秘密": the last digit is the next row's item number.
        nxt = s[m.end("num") : m.end("num") + 2]
        if (
            not m.group("unit")
            and not m.group("remark")
            and len(nxt) == 2
            and nxt[0] in ".、"
            and not nxt[1].isdigit()
            and not nxt[1].isspace()
            and number[-1].isdigit()
        ):
            flush()
            if len(number) > 1 and number[:-1] not in "+-":
                out.append(Token(NUMBER, number[:-1]))
            label.append(number[-1])
            continue
        flush()
        text = s[m.start() : end]
        if (
            number[0] in "+-"
            and m.start() == number_end
            and out
            and out[-1].kind == NUMBER
            and out[-1].text[-1:].isdigit()
        ):
            # "2648-18538": a signed change run onto the number before it is one run.
            out[-1] = Token(NUMBER, out[-1].text + text)
        else:
            out.append(Token(NUMBER, text))
        number_end = end
    flush()
    return out


def _is_row_label(word: str, known: frozenset[str]) -> bool:
    t = normalize_label(word)
    return any(t.endswith(k) for k in known)


def cell_tokens(cell: str, known: frozenset[str]) -> list[Token]:
    """One table cell: a number, a zero mark, a label, or a label with numbers run onto it."""
    text = cell.strip()
    if not text:
        return []
    if is_value_cell(text):
        value, note = read_cell(text, False)
        if value is not None or note is None:
            s = unicodedata.normalize("NFKC", text).strip()
            if s in ZERO_MARKS or text in ZERO_MARKS:
                return [Token(ZERO, s)]
            return [Token(NUMBER, text)]  # as printed: its reading says how ("５１", "3件")
        if looks_numeric(text):  # one cell, one value: blank, with the note saying why
            return [Token(NUMBER, text)]
    tokens = piece_tokens(text)
    if (
        len(tokens) == 2
        and tokens[0].kind == LABEL
        and tokens[1].kind == NUMBER
        and not _is_row_label(tokens[0].text, known)
    ):
        return [Token(LABEL, _clean(text))]  # a made-up column name such as "列1"
    return tokens


def row_tokens(row: list[str | None], known: frozenset[str]) -> list[Token]:
    """A table row: blank cells after the last label are blank values (printed empty)."""
    cells = ["" if c is None else str(c).strip() for c in row]
    last_label = -1
    for i, c in enumerate(cells):
        if c and not is_value_cell(c):
            last_label = i
    has_values = any(c and is_value_cell(c) for c in cells[last_label + 1 :])
    out: list[Token] = []
    for i, c in enumerate(cells):
        if not c:
            if has_values and i > last_label:
                out.append(Token(BLANK, ""))
            continue
        out.extend(cell_tokens(c, known))
    return out


def line_tokens(
    lines: list[str], tables: dict[int, list[list[str | None]]], known: frozenset[str]
) -> list[Token]:
    """Text lines (a TABLE_MARK line stands for an already read grid)."""
    out: list[Token] = []
    for line in lines:
        if line.startswith(TABLE_MARK):
            for row in tables.get(int(line[len(TABLE_MARK) :]), []):
                out.extend(row_tokens(row, known))
            continue
        if not line.strip() or _RULE.match(line) or _META_LINE.match(line):
            continue
        if is_pipe_row(line) and any(pipe_cells(line)):
            out.extend(row_tokens(pipe_cells(line), known))
        else:
            out.extend(piece_tokens(line))
    return tidy(out)


LABEL_TAIL = 400  # a merged label keeps its end: the row's own label is there


def tidy(tokens: list[Token]) -> list[Token]:
    """Item numbers printed apart ("1." "属于国家秘密") joined to their label; adjacent labels
    joined (a label broken over lines or cells is one label; linear, only its last
    LABEL_TAIL characters kept); labels normalized."""
    out: list[Token] = []
    parts: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        if parts:
            out.append(Token(LABEL, "".join(parts)[-LABEL_TAIL:]))
            parts.clear()
            size = 0

    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        item = nxt is not None and (
            _ITEM_NUMBER.match(tok.text) or (len(tok.text) == 1 and nxt.text[:1] in ".、")
        )
        if tok.kind == NUMBER and nxt is not None and nxt.kind == LABEL and item:
            tok = Token(LABEL, tok.text)
        if tok.kind == LABEL:
            text = normalize_label(_clean(tok.text[-LABEL_TAIL:]))
            if text:
                parts.append(text)
                size += len(text)
                if size > 4 * LABEL_TAIL:  # keep the pieces list short on endless prose
                    joined = "".join(parts)[-LABEL_TAIL:]
                    parts[:] = [joined]
                    size = len(joined)
            continue
        flush()
        out.append(tok)
    flush()
    return out
