"""Report JSON (INTERFACES.md): the exchange format for scripts and other programs.

Shape per table, derived from the format file: a table whose blocks have different columns
(section 二) is an object by row id (a list per row, a bare value for one-column blocks); a
one-row table (section 四) is a flat list; any other table is a list of rows.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from workbook.model.errors import NotAReport, UnreadableFile
from workbook.model.format import Format, available_formats, cell_key, load_format
from workbook.model.report import Acknowledgement, Report, Value, split_paragraphs

_DECIMAL_MARK = "\u0000dec:"


def report_to_data(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (Decimals kept exact, marked for `dumps_report`)."""
    fmt = report.format

    def out(v: Value) -> Any:
        if isinstance(v, Decimal):
            return _DECIMAL_MARK + format(v, "f")
        return v

    data: dict[str, Any] = {
        "format": report.format_id,
        "agency": report.agency,
        "agency_kind": report.agency_kind,
        "year": report.year,
        "issued": report.issued.isoformat() if report.issued else None,
        "text": {s.id: report.text(s.id) for s in fmt.text_sections},
    }
    for table in fmt.tables.values():
        shape = table.shape
        if shape == "blocks":
            obj: dict[str, Any] = {}
            for block in table.blocks:
                for row in block.rows:
                    vals = [
                        out(report.value(cell_key(table.id, row.id, c.id))) for c in block.columns
                    ]
                    obj[row.id] = vals if len(vals) > 1 else vals[0]
            data[table.id] = obj
        else:
            cols = table.blocks[0].columns
            rows = [
                [out(report.value(cell_key(table.id, r.id, c.id))) for c in cols]
                for r in table.rows
            ]
            data[table.id] = rows[0] if shape == "strip" else rows
    data["acknowledgements"] = [
        {"code": a.code, "fingerprint": a.fingerprint, "reason": a.reason}
        for a in report.acknowledgements
    ]
    return data


def dumps_report(report: Report) -> str:
    text = json.dumps(report_to_data(report), ensure_ascii=False, indent=1)
    return re.sub(r'"\\u0000dec:(-?[0-9.]+)"', r"\1", text)


def _number(raw: Any, where: str) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | float | str):
        raise NotAReport(f"JSON中{where}的值不是数字：{raw!r}")
    if isinstance(raw, int):
        return raw
    try:
        d = Decimal(str(raw).strip())
    except InvalidOperation:
        raise NotAReport(f"JSON中{where}的值不是数字：{raw!r}") from None
    if not d.is_finite():
        raise NotAReport(f"JSON中{where}的值不是数字：{raw!r}")
    return d


def _cell_value(raw: Any, fmt: Format, key: str, where: str) -> Value:
    v = _number(raw, where)
    cell = fmt.cell(key)
    if isinstance(v, Decimal) and cell.whole and v == v.to_integral_value():
        return int(v)
    if isinstance(v, int) and not cell.whole:
        return Decimal(v)
    return v


def report_from_data(data: Any) -> Report:
    """A Report from parsed JSON; raises NotAReport with a Chinese message on a wrong shape."""
    if not isinstance(data, dict):
        raise NotAReport("JSON文件不是年度报告：顶层应为对象。")
    format_id = str(data.get("format") or "2021")
    if format_id not in available_formats():
        raise NotAReport(f"JSON中的报告格式“{format_id}”无法识别（应为2021或2019）。")
    fmt = load_format(format_id)
    if not any(t in data for t in fmt.tables):
        raise NotAReport("JSON文件中没有年度报告的表格数据（active / requests / appeals）。")
    report = Report.blank(format_id)
    report.agency = str(data.get("agency") or "")
    report.agency_kind = data.get("agency_kind") or None
    year = data.get("year")
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool):
            raise NotAReport(f"JSON中的年度不是整数：{year!r}")
        report.year = year
    issued = data.get("issued")
    if issued:
        try:
            report.issued = date.fromisoformat(str(issued))
        except ValueError:
            raise NotAReport(f"JSON中的发布日期无法识别：{issued!r}") from None
    texts = data.get("text") or {}
    if not isinstance(texts, dict):
        raise NotAReport("JSON中的text应为对象。")
    for s in fmt.text_sections:
        report.texts[s.id] = split_paragraphs(str(texts.get(s.id) or ""))
    for table in fmt.tables.values():
        if table.id not in data:
            continue
        raw = data[table.id]
        shape = table.shape
        title = fmt.section(table.id).title
        if shape == "blocks":
            if not isinstance(raw, dict):
                raise NotAReport(f"JSON中的{table.id}（{title}）应为对象。")
            for block in table.blocks:
                for row in block.rows:
                    vals = raw.get(row.id)
                    if len(block.columns) == 1 and not isinstance(vals, list):
                        vals = [vals]
                    if vals is None:
                        vals = [None] * len(block.columns)
                    if not isinstance(vals, list) or len(vals) != len(block.columns):
                        raise NotAReport(
                            f"JSON中{table.id}.{row.id}（{row.label}）应有{len(block.columns)}个值。"
                        )
                    for col, v in zip(block.columns, vals, strict=True):
                        key = cell_key(table.id, row.id, col.id)
                        report.values[key] = _cell_value(v, fmt, key, f"{row.label}/{col.label}")
        else:
            cols = table.blocks[0].columns
            rows = [raw] if shape == "strip" else raw
            if not isinstance(rows, list) or len(rows) != len(table.rows):
                raise NotAReport(f"JSON中的{table.id}（{title}）应有{len(table.rows)}行。")
            for row, vals in zip(table.rows, rows, strict=True):
                if not isinstance(vals, list) or len(vals) != len(cols):
                    raise NotAReport(
                        f"JSON中{table.id}的“{row.label or title}”应有{len(cols)}个值。"
                    )
                for col, v in zip(cols, vals, strict=True):
                    key = cell_key(table.id, row.id, col.id)
                    where = f"{row.label or title}/{col.label}"
                    report.values[key] = _cell_value(v, fmt, key, where)
    for a in data.get("acknowledgements") or []:
        if isinstance(a, dict) and a.get("code") and a.get("reason"):
            report.acknowledgements.append(
                Acknowledgement(str(a["code"]), str(a.get("fingerprint", "")), str(a["reason"]))
            )
    return report


def loads_report(text: str) -> Report:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as e:
        raise UnreadableFile(f"JSON文件格式有误（第{e.lineno}行第{e.colno}列）。") from None
    return report_from_data(data)
