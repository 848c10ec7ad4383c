"""What every check shares: building a Finding from the catalogue, fingerprints, cell references.

A finding's fingerprint hashes its code, its cells and their current values (plus whatever else
it compared), so an acknowledgement stops applying as soon as any input changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

try:  # the one hash we use, without hashlib's OpenSSL (~2 ms to import, before every check)
    from _blake2 import blake2b
except ImportError:  # not CPython
    from hashlib import blake2b

from rules.catalogue import rule_info
from rules.finding import Finding
from workbook.model.format import Format, Row
from workbook.model.layout import describe_places, position
from workbook.model.report import Value

CHINESE_ORDINALS = "一二三四五六七八九十"
_TRAILING_NOTE = re.compile(r"^(.+?)（[^（）]*）$")
_ORDINAL = re.compile(rf"^([{CHINESE_ORDINALS}]+)、")


_SHOWN = (int, Decimal)  # what a message shows as a clerk reads it (bool is an int: never sent)


def show(value: object) -> str:
    """A value as a clerk reads it: 5, 52.15, 空白."""
    if value is None:
        return "空白"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value else str(value)
        return text
    return str(value)


def fingerprint(code: str, keys: Iterable[str], values: Mapping[str, Value], *extra: object) -> str:
    """A stable hash of the finding and its inputs (same inputs → same fingerprint, any run)."""
    get = values.get
    parts = [code]
    for k in keys:
        v = get(k)
        # show(v) of a count is str(v): said inline, since a blank table's finding has 161 cells
        parts.append(f"{k}={v}" if type(v) is int else f"{k}={show(v)}")
    parts.extend(map(show, extra))
    digest = blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8)
    return digest.hexdigest()


def make_finding(
    code: str,
    values: Mapping[str, Value],
    /,
    *,
    keys: tuple[str, ...] = (),
    texts: tuple[str, ...] = (),
    expected: object = None,
    actual: object = None,
    extra: tuple[object, ...] = (),
    **fields: object,
) -> Finding:
    """A Finding for `code`, its message filled from the catalogue template with `fields`."""
    info = rule_info(code)
    shown = {k: show(v) if v is None or isinstance(v, _SHOWN) else v for k, v in fields.items()}
    return Finding(
        code=code,
        rule=info.rule,
        severity=info.severity,
        message=info.message.format(**shown),
        keys=keys,
        texts=texts,
        expected=expected,
        actual=actual,
        fingerprint=fingerprint(code, keys, values, *texts, expected, actual, *extra),
    )


@lru_cache(maxsize=4096)
def refs(fmt: Format, keys: tuple[str, ...]) -> str:
    """Where cells are, for people: 三、依申请公开!D8:D28、D29 (runs become ranges)."""
    return describe_places(position(fmt, k) for k in keys)


def short_row_label(row: Row) -> str:
    """A row's name without its trailing note, with its sub-group for numbered items.

    "（二）部分公开（区分处理的，…）" → "（二）部分公开"; "1.属于国家秘密" → "（三）不予公开1.属于国家秘密".
    """
    label = row.label
    m = _TRAILING_NOTE.match(label)
    if m and m.group(1).strip("（）一二三四五六七八九十"):
        label = m.group(1)
    if label[:1].isdigit() and row.subgroup:
        label = row.subgroup + label
    return label


def item_name(row: Row) -> str:
    """The official item a row belongs to, as the 三 header names them: 第一项 … 第四项."""
    for text in (row.label, row.group):
        m = _ORDINAL.match(text)
        if m:
            return f"第{m.group(1)}项"
    return short_row_label(row)
