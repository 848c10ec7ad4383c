"""Import a report page saved from a government portal (UTF-8 or GBK/GB18030).

The page is parsed with the standard library into a small tree; data tables become grids with
rowspan/colspan honoured (a spanned cell's text in its first position, the rest blank), prose
becomes lines, and scripts, styles, navigation and forms are dropped. Layout tables (a table
holding another table, common on older portals) are treated as prose containers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from workbook.guards import check_text_amount, tick
from workbook.importers.layout.grid import Grid
from workbook.importers.layout.tokens import TABLE_MARK
from workbook.importers.pipeline import read_report
from workbook.model.errors import FileTooLarge, UnreadableFile
from workbook.model.imported import Imported

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "select",
    "option",
    "button",
    "iframe",
    "form",
    "template",
    "svg",
    "head",
}
_SKIP_HINTS = ("nav", "menu", "breadcrumb", "crumb", "footer", "share", "toolbar")
_VOID = {
    "br",
    "img",
    "hr",
    "meta",
    "link",
    "input",
    "col",
    "area",
    "base",
    "wbr",
    "source",
    "embed",
    "param",
    "track",
}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "table",
    "tr", "td", "th", "blockquote", "pre", "dd", "dt", "dl", "center", "header", "footer", "main",
    "caption", "tbody", "thead", "tfoot",
}  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\u00a0\u2002\u2003\u3000]+")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


MAX_DEPTH = 150  # real pages nest ~30 deep; deeper elements are flattened into their parent
MAX_ELEMENTS = 200_000  # a report page has a few thousand elements


class _TreeBuilder(HTMLParser):
    """A forgiving tree: implicit closes for p/td/th/tr/li, stray end tags ignored.

    Where each tag is open on the stack is kept per tag, so closing (or ignoring a stray end
    tag) costs the same however deep the page nests: 100k <div> then 100k </span> is linear."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]
        self.open_at: dict[str, list[int]] = {}  # tag -> stack indices where it is open
        self.elements = 0

    def _push(self, node: _Node) -> None:
        self.open_at.setdefault(node.tag, []).append(len(self.stack))
        self.stack.append(node)

    def _close(self, tag: str, stop: tuple[str, ...] = ()) -> None:
        found = self.open_at.get(tag)
        if not found:
            return
        at = found[-1]
        if any(self.open_at.get(s) and self.open_at[s][-1] > at for s in stop):
            return
        for node in reversed(self.stack[at:]):
            self.open_at[node.tag].pop()
        del self.stack[at:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tick()
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise FileTooLarge(
                f"网页的元素过多（超过{MAX_ELEMENTS // 10_000}万个），不像是一份年度报告。"
            )
        if tag in ("td", "th"):
            self._close("td", ("tr", "table"))
            self._close("th", ("tr", "table"))
        elif tag == "tr":
            self._close("tr", ("table",))
        elif tag in ("p", "li"):
            self._close(tag, ("div", "td", "th", "table", "ul", "ol"))
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            self._push(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def decode_html(data: bytes) -> str:
    """BOM, then <meta charset>, then UTF-8, then GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        if name in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030"):
            name = "gb18030"
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("无法识别网页的文字编码（应为 UTF-8 或 GBK）。")


def _skipped(node: _Node) -> bool:
    if node.tag in _SKIP:
        return True
    if "display:none" in node.attrs.get("style", "").replace(" ", "").lower():
        return True
    hint = f"{node.attrs.get('class', '')} {node.attrs.get('id', '')}".lower()
    words = [w for w in re.split(r"[^a-z0-9]+", hint) if w]
    return any(w.startswith(h) or w.endswith(h) for w in words for h in _SKIP_HINTS)


def _text(node: _Node | str) -> str:
    """A cell's text; <br> and blocks inside a cell become spaces."""
    if isinstance(node, str):
        return node
    if _skipped(node) and node.tag != "head":
        return ""
    if node.tag == "br":
        return " "
    inner = "".join(_text(c) for c in node.children)
    return f" {inner} " if node.tag in _BLOCK else inner


def _has_table(node: _Node) -> bool:
    return any(isinstance(c, _Node) and (c.tag == "table" or _has_table(c)) for c in node.children)


def _rows(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    for c in node.children:
        if isinstance(c, _Node):
            if c.tag == "tr":
                out.append(c)
            elif c.tag in ("thead", "tbody", "tfoot"):
                out.extend(_rows(c))
    return out


def _span(value: str) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(m.group(1)), 100)) if m else 1


def table_grid(table: _Node) -> Grid:
    """The table as a grid: spans honoured, a spanned cell's text in its first slot only."""
    grid: Grid = []
    pending: dict[tuple[int, int], str] = {}  # slots taken by a rowspan from above
    for r, tr in enumerate(_rows(table)):
        row: list[str | None] = []
        col = 0
        cells = [c for c in tr.children if isinstance(c, _Node) and c.tag in ("td", "th")]
        for cell in cells:
            while (r, col) in pending:
                row.append(None)
                col += 1
            text = _WS.sub(" ", _text(cell)).strip()
            rs, cs = _span(cell.attrs.get("rowspan", "1")), _span(cell.attrs.get("colspan", "1"))
            for dc in range(cs):
                row.append(text if dc == 0 else None)
                for dr in range(1, rs):
                    pending[(r + dr, col + dc)] = text
            col += cs
        while (r, col) in pending:
            row.append(None)
            col += 1
        grid.append(row)
    return grid


class _Flattener:
    """Walks the tree into prose lines, with a marker line where each data table stands."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: dict[int, Grid] = {}
        self.buffer: list[str] = []

    def flush(self) -> None:
        text = _WS.sub(" ", "".join(self.buffer)).strip()
        if text:
            self.lines.append(text)
        self.buffer = []

    def walk(self, node: _Node | str) -> None:
        tick()
        if isinstance(node, str):
            self.buffer.append(node)
            return
        if _skipped(node):
            return
        if node.tag == "br":
            self.flush()
            return
        if node.tag == "table" and not _has_table(node):
            self.flush()
            n = len(self.tables)
            self.tables[n] = table_grid(node)
            self.lines.append(f"{TABLE_MARK}{n}")
            return
        block = node.tag in _BLOCK
        if block:
            self.flush()
        for c in node.children:
            self.walk(c)
        if block:
            self.flush()


def _page_title(root: _Node) -> str:
    def find(node: _Node) -> str:
        for c in node.children:
            if isinstance(c, _Node):
                if c.tag == "title":
                    return _WS.sub(
                        " ", "".join(x for x in c.children if isinstance(x, str))
                    ).strip()
                got = find(c)
                if got:
                    return got
        return ""

    return find(root)


def import_html(data: bytes) -> Imported:
    """Read a report from a saved web page: tables as tables, prose as prose."""
    text = decode_html(data)
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    flat = _Flattener()
    flat.walk(builder.root)
    flat.flush()
    lines = flat.lines
    check_text_amount(sum(map(len, lines)))
    title = _page_title(builder.root)
    if title and not any("年度报告" in ln for ln in lines[:60]):
        lines = [re.split(r"[_|｜\-—]", title)[0], *lines]
    return read_report(lines, flat.tables, "网页")
