"""Reports from the shared samples: the hand-read numbers of *.expected.json and the prose."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from workbook.model.format import load_format
from workbook.model.labels import normalize_label
from workbook.model.report import Report

_PREFIX = re.compile(r"^三(（[一二三四五六七]）)")
HEADINGS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
_ANY_HEADING = re.compile(r"^[一二三四五六]、")


def report_from_expected(path: Path) -> Report:
    """The numbers as printed (expected.json) as a Report; blanks stay None."""
    data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    fmt = load_format("2021")
    report = Report.blank("2021", agency=data["agency"], year=data["year"])
    active = fmt.tables["active"]
    for row in active.rows:
        raw = data["s2"].get(row.label)
        if raw is None:
            raw = next(data["s2"][a] for a in row.aliases if a in data["s2"])
        vals = raw if isinstance(raw, list) else [raw]
        cols = [c for c in fmt.table_cells("active") if c.row_id == row.id]
        for c, v in zip(cols, vals, strict=True):
            report.values[c.key] = v if v is None or not c.whole else int(v)
    rows = fmt.tables["requests"].rows
    by_label: dict[str, str] = {}
    for r in rows:
        for label in (r.label, *r.aliases):
            by_label[normalize_label(label)] = r.id
            prefix = r.subgroup or ""
            by_label[normalize_label(prefix + label)] = r.id
    for label, vals in data["s3"].items():
        name = _PREFIX.sub(r"\1", label)
        row_ids = _rows_for(name, by_label, rows)
        for i, row_id in enumerate(row_ids):
            cols = [c for c in fmt.table_cells("requests") if c.row_id == row_id]
            for c, v in zip(cols, vals, strict=True):
                # a collapsed （六）其他处理 row goes to its last item; the others are 0
                report.values[c.key] = v if i == len(row_ids) - 1 else 0
    for c, v in zip(fmt.table_cells("appeals"), data["s4"], strict=True):
        report.values[c.key] = v
    return report


def _rows_for(name: str, by_label: dict[str, str], rows) -> list[str]:
    key = normalize_label(name)
    if key in by_label:
        return [by_label[key]]
    for label, row_id in by_label.items():
        if label.endswith(key) or key.endswith(label):
            return [row_id]
    group = [r.id for r in rows if normalize_label(r.subgroup) == key]
    if group:
        return group
    deviations = {"（三）2.其他法律行政止公开": "withheld_prohibited"}
    return [deviations[name]]


def sample_texts(path: Path) -> dict[str, list[str]]:
    """Prose sections 一, 五, 六 of a flattened sample: untabbed lines under each heading."""
    texts: dict[str, list[str]] = {k: [] for k in HEADINGS}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("\t", "#", "|", "##")):
            continue
        stripped = line.strip()
        if _ANY_HEADING.match(stripped):
            current = next((k for k, h in HEADINGS.items() if stripped.startswith(h)), None)
            continue
        if current:
            texts[current].append(stripped)
    return texts


def all_prose(path: Path) -> list[str]:
    """Every untabbed, non-table line of a sample (for samples with unusual headings)."""
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("\t", "#", "|", "##", "—"))
    ]
