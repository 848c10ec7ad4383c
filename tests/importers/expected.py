"""Turning samples/real/*.expected.json (numbers by printed label) into cell keys.

The hand-read files name rows by their printed labels; the keys come from the Format's labels,
so no label is typed here. A collapsed （六）其他处理 row expects the three 2021 rows blank.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from workbook.model.format import Format, load_format
from workbook.model.labels import normalize_label
from workbook.model.report import Value


def _row_for(fmt: Format, table: str, name: str):
    n = normalize_label(name)
    item = re.match(r"^(\([一二三四五六七]\))(\d+\..*)$", n)
    if item:
        for row in fmt.tables[table].rows:
            if normalize_label(row.subgroup).startswith(item.group(1)) and normalize_label(
                row.label
            ).startswith(item.group(2)):
                return row
    for row in fmt.tables[table].rows:
        for label in (row.label, *row.aliases):
            full = normalize_label(row.subgroup + label)
            lab = normalize_label(label)
            if n in (full, lab) or full.startswith(n) or (len(n) > 3 and lab.startswith(n)):
                return row
    raise KeyError(name)


def _value(x: object, whole: bool) -> Value:
    if x is None:
        return None
    if whole:
        return int(x)  # type: ignore[arg-type]
    return Decimal(str(x))


def expected_values(path: Path) -> dict[str, Value]:
    """Cell key -> expected value for one expected.json (2021 format)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fmt = load_format("2021")
    deviations = data.get("s3_label_deviations", {})
    out: dict[str, Value] = {}
    active = fmt.tables["active"]
    for name, value in data["s2"].items():
        row = _row_for(fmt, "active", name)
        block = next(b for b in active.blocks if row in b.rows)
        values = value if isinstance(value, list) else [value]
        for col, v in zip(block.columns, values, strict=True):
            out[f"active.{row.id}.{col.id}"] = _value(v, col.kind != "amount")
    columns = fmt.tables["requests"].blocks[0].columns
    for name, values in data["s3"].items():
        label = deviations.get(name, name)
        body = label[1:] if label.startswith("三（") else label
        if "collapsed" in label:
            group = normalize_label(body.split("1+2+3")[0].strip())
            rows = [r for r in fmt.tables["requests"].rows if normalize_label(r.subgroup) == group]
            for row in rows:
                for col in columns:
                    out[f"requests.{row.id}.{col.id}"] = None
            continue
        row = _row_for(fmt, "requests", body)
        for col, v in zip(columns, values, strict=True):
            out[f"requests.{row.id}.{col.id}"] = _value(v, True)
    appeals = fmt.tables["appeals"]
    for col, v in zip(appeals.blocks[0].columns, data["s4"], strict=True):
        out[f"appeals.{appeals.rows[0].id}.{col.id}"] = _value(v, True)
    return out


def accuracy(values: dict[str, Value], expected: dict[str, Value]) -> tuple[int, int, list[str]]:
    """(cells right, cells expected, keys wrong)."""
    wrong = [
        k
        for k, v in expected.items()
        if values.get(k) != v
        or (type(values.get(k)) is not type(v) and v is not None and not isinstance(v, Decimal))
    ]
    return len(expected) - len(wrong), len(expected), wrong
