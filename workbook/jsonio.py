"""Report JSON (INTERFACES.md): the exchange format for scripts and other programs.

Shape per table, derived from the format file: a table whose blocks have different columns
(section 二) is an object by row id (a list per row, a bare value for one-column blocks); a
one-row table (section 四) is a flat list; any other table is a list of rows.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from workbook.model.cellnames import describe
from workbook.model.errors import NotAReport, UnreadableFile
from workbook.model.format import Format, available_formats, cell_key, load_format
from workbook.model.report import Acknowledgement, Report, Value, split_paragraphs
from workbook.model.values import Note, parse_value, plain_amount

_DECIMAL_MARK = "\u0000dec:"
MIN_YEAR, MAX_YEAR = 1900, 2200


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


MAX_DIGITS = 15  # what Excel (and a float) holds exactly
_SURROGATE = re.compile("[\ud800-\udfff]")
_KNOWN_FIELDS = "format、agency、agency_kind、year、issued、text、acknowledgements 和各表"


def _number(raw: Any, where: str) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | float):
        raise NotAReport(f"JSON中“{where}”的值不是数字：{_shown(raw)}")
    d = Decimal(raw) if isinstance(raw, int) else Decimal(str(raw))
    if not d.is_finite():
        raise NotAReport(f"JSON中“{where}”的值不是有效数字：{_shown(raw)}")
    if d != 0 and (d.adjusted() >= MAX_DIGITS or len(d.normalize().as_tuple().digits) > MAX_DIGITS):
        raise NotAReport(
            f"JSON中“{where}”的值{_shown(raw)}超出范围（最多{MAX_DIGITS}位有效数字），无法准确保存。"
        )
    return int(d) if isinstance(raw, int) else d


def _shown(raw: Any) -> str:
    if isinstance(raw, Decimal):
        return str(raw)
    text = json.dumps(raw, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _string(data: dict[str, Any], name: str, label: str) -> str | None:
    raw = data.get(name)
    if raw is None or isinstance(raw, str):
        return raw
    raise NotAReport(f"JSON中的“{name}”（{label}）应为文字，实际是：{_shown(raw)}")


def _no_surrogates(data: Any) -> None:
    """Lone surrogates (\\ud800) are not characters: no file could hold them. Checked
    iteratively, so deep nesting cannot exhaust the stack."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise NotAReport(
                    f"JSON中“{path or '顶层'}”含有无效字符（单独的代理项），无法读取。"
                )
        elif isinstance(item, dict):
            for k, v in item.items():
                where = f"{path}.{k}" if path else str(k)
                if _SURROGATE.search(str(k)):
                    raise NotAReport("JSON中有字段名含有无效字符（单独的代理项），无法读取。")
                stack.append((v, where))
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(item))


def _cell_value(
    raw: Any, fmt: Format, key: str, where: str, notes: list[Note] | None = None
) -> Value:
    """One cell. `notes` given: a value JSON should not hold (text, NaN, too many digits) is
    read as any reader reads a cell — with a note naming the cell, blank when not certain —
    instead of refusing the whole file."""
    cell = fmt.cell(key)
    try:
        v = _number(raw, where)
    except NotAReport:
        if notes is None:
            raise
        v, said = _lenient(raw, cell.whole, where)
        notes.append(Note(key, f"{describe(fmt, key)}：{said}", _shown(raw)))
    if v is None:
        return None
    if isinstance(v, Decimal) and cell.whole and v == v.to_integral_value():
        return int(v)
    if isinstance(v, int) and not cell.whole:
        return Decimal(v)
    return plain_amount(v) if isinstance(v, Decimal) else v


def _lenient(raw: Any, whole: bool, where: str) -> tuple[Value, str]:
    """A cell value _number refused, read as parse_value reads a cell; and what to say."""
    if isinstance(raw, str) and raw.strip():
        parsed = parse_value(raw, whole)
        if parsed.value is None:
            return None, parsed.note or f"“{raw}”不是数字，按空白处理"
        try:
            _number(parsed.value, where)
        except NotAReport:
            return None, f"“{raw}”超出范围（最多{MAX_DIGITS}位有效数字），无法准确保存，按空白处理"
        return parsed.value, parsed.note or f"“{raw.strip()}”是文字，按数字{parsed.value}读取"
    if isinstance(raw, float):  # NaN, Infinity (JSON's constants)
        return None, f"“{_shown(raw)}”不是有效数字，按空白处理"
    if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
        return (
            None,
            f"{_shown(raw)}超出范围（最多{MAX_DIGITS}位有效数字），无法准确保存，按空白处理",
        )
    return None, f"{_shown(raw)}不是数字，按空白处理"


def report_from_data(data: Any, notes: list[Note] | None = None) -> Report:
    """A Report from parsed JSON; raises NotAReport with a Chinese message on a wrong shape.

    `notes` given: a cell holding what no number is (text, NaN) is read with a note in it, as
    every other reader reads a cell, instead of the whole file being refused."""
    if not isinstance(data, dict):
        raise NotAReport("JSON文件不是年度报告：顶层应为对象。")
    format_id = str(data.get("format") or "2021")
    if isinstance(data.get("format"), list | dict | bool):
        raise NotAReport(f"JSON中的“format”（报告格式）应为文字，实际是：{_shown(data['format'])}")
    if format_id not in available_formats():
        raise NotAReport(f"JSON中的报告格式“{format_id}”无法识别（应为2021或2019）。")
    fmt = load_format(format_id)
    if not any(t in data for t in fmt.tables):
        raise NotAReport("JSON文件中没有年度报告的表格数据（active / requests / appeals）。")
    _no_surrogates(data)
    report = Report.blank(format_id)
    report.agency = _string(data, "agency", "填报单位") or ""
    report.agency_kind = _string(data, "agency_kind", "单位类型") or None
    year = data.get("year")
    if year is not None:
        if not isinstance(year, int) or isinstance(year, bool):
            raise NotAReport(f"JSON中的“year”（报告年度）不是整数：{_shown(year)}")
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise NotAReport(f"JSON中的“year”（报告年度）{year}不在{MIN_YEAR}–{MAX_YEAR}之间。")
        report.year = year
    issued = _string(data, "issued", "发布日期")
    if issued:
        try:
            report.issued = date.fromisoformat(issued)
        except ValueError:
            raise NotAReport(f"JSON中的“issued”（发布日期）无法识别：{_shown(issued)}") from None
        if not MIN_YEAR <= report.issued.year <= MAX_YEAR:
            raise NotAReport(
                f"JSON中的“issued”（发布日期）{issued}不在{MIN_YEAR}–{MAX_YEAR}年之间。"
            )
    texts = data.get("text") or {}
    if not isinstance(texts, dict):
        raise NotAReport(f"JSON中的“text”（正文）应为对象，实际是：{_shown(texts)}")
    for s in fmt.text_sections:
        raw = texts.get(s.id)
        if raw is not None and not isinstance(raw, str):
            raise NotAReport(
                f"JSON中的“text.{s.id}”（{s.title}）应为文字（段落用换行分隔），实际是：{_shown(raw)}"
            )
        report.texts[s.id] = split_paragraphs(raw or "")
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
                        where = f"{row.label}/{col.label}"
                        report.values[key] = _cell_value(v, fmt, key, where, notes)
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
                    report.values[key] = _cell_value(v, fmt, key, where, notes)
    acks = data.get("acknowledgements") or []
    if not isinstance(acks, list):
        raise NotAReport(f"JSON中的“acknowledgements”（确认说明）应为列表，实际是：{_shown(acks)}")
    for i, a in enumerate(acks):
        if not isinstance(a, dict):
            raise NotAReport(f"JSON中的“acknowledgements[{i}]”应为对象，实际是：{_shown(a)}")
        for name in ("code", "fingerprint", "reason"):
            _string(a, name, f"第{i + 1}条确认说明")
        if a.get("code") and a.get("reason"):
            report.acknowledgements.append(
                Acknowledgement(a["code"], a.get("fingerprint") or "", a["reason"])
            )
    return report


def loads_report(text: str) -> Report:
    """A report from JSON text, strictly: any value that is no exact number refuses the file."""
    return _loads(text, None)


def read_json(text: str) -> tuple[Report, list[Note]]:
    """A report from a JSON file as the app and commands open it: a cell holding text, NaN or
    too many digits is read (or left blank) with a note naming it; a wrong shape refuses."""
    notes: list[Note] = []
    return _loads(text, notes), notes


def _loads(text: str, notes: list[Note] | None) -> Report:
    constant = _constant if notes is None else float
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=constant)
    except json.JSONDecodeError as e:
        raise UnreadableFile(f"JSON文件格式有误（第{e.lineno}行第{e.colno}列）。") from None
    except RecursionError:
        raise UnreadableFile("JSON文件嵌套过深，不是年度报告。") from None
    except _NotANumber as e:
        raise NotAReport(f"JSON中有无效的数字（{e.name}），无法读取。") from None
    except ValueError:  # an integer of thousands of digits
        raise NotAReport("JSON中有位数过多的数字，无法读取。") from None
    return report_from_data(data, notes)


class _NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _constant(name: str) -> Any:
    raise _NotANumber(name)  # NaN, Infinity: not numbers a report can hold


def dumps_safe(report: Report) -> tuple[str, int]:
    """JSON text that any UTF-8 file can hold: lone surrogates replaced by U+FFFD (counted)."""
    text = dumps_report(report)
    return _SURROGATE.subn("\ufffd", text)
