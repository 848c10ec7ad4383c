"""One bad value cell never refuses a workbook, and never becomes a silent number (issue 19, 7).

A number cell storing NaN, INF or 0x10 (which openpyxl refused the whole workbook for), "１２" or
"1_000" (which it read silently), text written with look-alikes, and error values in every
spreadsheet kind — .xlsx read fast, by openpyxl, a clerk's own workbook, .xls/.ods by calamine —
and in JSON: the cell is blank with a note naming it (or read with a note where certain), every
other cell is read as it is. Through the importer API and through `nianbao convert`/`check`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.fuzz import hostile
from tests.helpers.cli import nianbao
from tests.helpers.reports import filled_report
from tests.importers.layouts import pipes
from tests.importers.variants import one_sheet_xlsx
from tests.office import convert
from tests.rules.generate import consistent_report
from workbook.files import open_report, save_report
from workbook.jsonio import dumps_report
from workbook.model.cellnames import describe
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.layout import position
from workbook.model.report import Report

KEY = "requests.new.natural"
FMT = load_format("2021")
NAMED = describe(FMT, KEY)  # 三、一、本年新收政府信息公开申请数量／自然人


def _ref(key: str = KEY) -> bytes:
    pos = position(FMT, key)
    letters, n = "", pos.col + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{pos.row + 1}".encode()


def _our_xlsx(tmp_path: Path, cell_xml: str, report: Report) -> Path:
    """Our workbook with KEY's cell replaced by `cell_xml` (%s = its reference)."""
    ref = _ref()

    def change(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref)
        new = (cell_xml % ref.decode()).encode()
        out, n = pattern.subn(lambda _: new, xml, count=1)
        assert n == 1
        return out

    data = hostile.replace_member(hostile.our_workbook(report), "xl/worksheets/sheet3.xml", change)
    path = tmp_path / "report.xlsx"
    path.write_bytes(data)
    return path


def _blank_and_named(imported: Imported, report: Report, words: str) -> None:
    assert imported.report.values[KEY] is None
    said = [n.message for n in imported.notes if n.key == KEY]
    assert said and said[0].startswith(NAMED) and words in said[0], said
    for key, value in report.values.items():
        if key != KEY:
            assert imported.report.values[key] == value, key


@pytest.mark.parametrize(
    "stored", ["NaN", "nan", "INF", "-inf", "0x10", "\uff11\uff12", "1_000", "12abc"]
)
def test_a_number_cell_holding_no_number_is_blank_and_named(tmp_path: Path, stored: str) -> None:
    report = consistent_report(1)
    path = _our_xlsx(tmp_path, f'<c r="%s"><v>{stored}</v></c>', report)
    imported = open_report(path)  # was: 文件已损坏 for NaN, INF, 0x10; 12 for "１２"
    _blank_and_named(imported, report, stored)


def test_a_number_cell_in_exponent_form_is_the_number_it_stores(tmp_path: Path) -> None:
    report = consistent_report(1)
    imported = open_report(_our_xlsx(tmp_path, '<c r="%s"><v>1.2e2</v></c>', report))
    assert imported.report.values[KEY] == 120 and not imported.notes


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("l5", "形似数字的字母"),
        ("\u202e51", "显示顺序"),
        ("1 5", "空格"),
        ("5\u00b9", "上标"),
        ("\u20135", "负号"),
        ("NaN", "不是数字"),
        ("0x10", "不是数字"),
        ("1e3", "不是数字"),
        ("#N/A", "错误值"),
    ],
)
def test_text_with_look_alikes_in_our_workbook_is_blank_and_named(
    tmp_path: Path, text: str, words: str
) -> None:
    report = consistent_report(1)
    cell = f'<c r="%s" t="inlineStr"><is><t>{text}</t></is></c>'
    _blank_and_named(open_report(_our_xlsx(tmp_path, cell, report)), report, words)


@pytest.mark.parametrize("error", ["#N/A", "#NUM!", "#NAME?"])
def test_an_error_value_of_any_kind_is_named(tmp_path: Path, error: str) -> None:
    report = consistent_report(1)
    path = _our_xlsx(tmp_path, f'<c r="%s" t="e"><v>{error}</v></c>', report)
    _blank_and_named(open_report(path), report, error)


def test_a_clerks_workbook_with_a_nan_cell_is_read_not_refused(tmp_path: Path) -> None:
    report = consistent_report(1)
    report.values[KEY] = 4242
    path = tmp_path / "clerk.xlsx"
    one_sheet_xlsx(report, path, as_text=False)

    def nan(xml: bytes) -> bytes:
        assert xml.count(b"<v>4242</v>") == 1
        return xml.replace(b"<v>4242</v>", b"<v>NaN</v>")

    path.write_bytes(hostile.replace_member(path.read_bytes(), "xl/worksheets/sheet1.xml", nan))
    imported = open_report(path)  # was: 无法读取这个工作簿
    assert imported.source_kind != "本软件工作簿"
    assert imported.report.values[KEY] is None
    assert any(n.message.startswith(NAMED) and "NaN" in n.message for n in imported.notes)
    assert imported.report.values["requests.new.business"] == report.values["requests.new.business"]


@pytest.mark.parametrize("text", ["不详", "约5", "N/A", "x"])
def test_text_in_a_clerks_value_cell_never_lets_the_subtotal_slide_in(
    tmp_path: Path, text: str
) -> None:
    """With an extra 法人或其他组织 subtotal column, text in 自然人 was taken for part of the
    row's label, and the subtotal (635) read as 自然人: blank with a note instead."""
    import openpyxl

    report = consistent_report(1)
    report.values[KEY] = 4242
    path = tmp_path / "clerk.xlsx"
    one_sheet_xlsx(report, path, as_text=True)

    book = openpyxl.load_workbook(path)
    (cell,) = [c for row in book.active.iter_rows() for c in row if c.value == "4242"]
    cell.value = text
    book.save(path)
    imported = open_report(path)
    assert imported.report.values[KEY] is None
    assert any(n.message.startswith(NAMED) and text in n.message for n in imported.notes)
    want = consistent_report(1).values
    for key, value in imported.report.values.items():
        assert value is None or value == want[key], key


@pytest.mark.libreoffice
@pytest.mark.parametrize("to", ["xls", "ods"])
def test_error_values_in_xls_and_ods_are_named(tmp_path: Path, to: str) -> None:
    """calamine gives an error cell as an empty one: the reader finds it in the file."""
    import openpyxl

    report = filled_report()
    source = tmp_path / "ours.xlsx"
    save_report(report, source)
    book = openpyxl.load_workbook(source)
    sheet = book[FMT.section("requests").sheet]
    pos = position(FMT, KEY)
    sheet.cell(pos.row + 1, pos.col + 1, "=1/0")
    book.save(source)
    imported = open_report(convert(source, to, tmp_path, recalc=True))
    assert imported.report.values[KEY] is None
    said = [n.message for n in imported.notes if n.key == KEY]
    assert said and said[0].startswith(NAMED) and "#DIV/0!" in said[0]
    other = "requests.new.business"
    assert imported.report.values[other] == report.values[other]


@pytest.mark.libreoffice
def test_an_ods_number_cell_holding_no_number_is_named_not_refused(tmp_path: Path) -> None:
    """calamine refused the whole .ods for office:value="0x10"; NaN came through as a float."""
    import zipfile

    report = filled_report()
    report.values[KEY] = 4242
    source = tmp_path / "ours.xlsx"
    save_report(report, source)
    ods = convert(source, "ods", tmp_path)
    for stored in ("0x10", "NaN", "1_000"):
        path = tmp_path / f"{stored}.ods"
        with zipfile.ZipFile(ods) as original, zipfile.ZipFile(path, "w") as changed:
            for info in original.infolist():
                body = original.read(info)
                if info.filename == "content.xml":
                    assert body.count(b'office:value="4242"') == 1
                    body = body.replace(b'office:value="4242"', f'office:value="{stored}"'.encode())
                changed.writestr(info, body)
        imported = open_report(path)
        assert imported.report.values[KEY] is None
        said = [n.message for n in imported.notes if n.key == KEY]
        assert said and said[0].startswith(NAMED) and stored in said[0], said
        other = "requests.new.business"
        assert imported.report.values[other] == report.values[other]


def _json_with(tmp_path: Path, shape: str) -> tuple[Path, Report]:
    report = consistent_report(1)
    data = json.loads(dumps_report(report))
    data["requests"][0][0] = "\x00shape"
    text = json.dumps(data, ensure_ascii=False).replace('"\\u0000shape"', shape)
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    return path, report


@pytest.mark.parametrize(
    ("shape", "value", "words"),
    [
        ("NaN", None, "NaN"),
        ("Infinity", None, "Infinity"),
        ('"0x10"', None, "0x10"),
        ('"l5"', None, "形似数字的字母"),
        ('"\\u202e51"', None, "显示顺序"),
        ("12345678901234567", None, "15位"),
        ('"\\u22125"', -5, "负号"),
        ('"12"', 12, "文字"),
    ],
)
def test_a_bad_json_cell_is_named_not_the_whole_file_refused(
    tmp_path: Path, shape: str, value: object, words: str
) -> None:
    path, report = _json_with(tmp_path, shape)
    imported = open_report(path)  # was: JSON中有无效的数字 / 不是数字, the whole file refused
    assert imported.report.values[KEY] == value
    said = [n.message for n in imported.notes if n.key == KEY]
    assert said and said[0].startswith(NAMED) and words in said[0], said
    assert imported.report.values["requests.new.business"] == report.values["requests.new.business"]


def test_convert_and_check_name_the_cell(tmp_path: Path) -> None:
    """As the clerk runs them: the file is converted and checked, the cell named once."""
    report = consistent_report(1)
    xlsx = _our_xlsx(tmp_path, '<c r="%s"><v>NaN</v></c>', report)
    out = tmp_path / "out.json"
    done = nianbao("convert", str(xlsx), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"提示：{NAMED}：“NaN”不是有效的数值，按空白处理" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["requests"][0][0] is None

    text = tmp_path / "r.txt"
    text.write_text(_as_text("l5"), encoding="utf-8")
    checked = nianbao("check", str(xlsx), str(text), str(_json_with(tmp_path, '"0x10"')[0]))
    assert checked.returncode == 1, checked.stderr  # the blank cell is an error (A6), not 2
    lines = [ln for ln in checked.stdout.splitlines() if "读取说明" in ln and NAMED in ln]
    assert len(lines) == 3, checked.stdout
    assert any("“l5”中有形似数字的字母" in ln for ln in lines)
    assert any("“0x10”不是数字" in ln for ln in lines)


def _as_text(shape: str) -> str:
    """The report as a page of text, KEY's number printed as `shape`."""
    marked = consistent_report(1)
    marked.values[KEY] = 4242
    return pipes(marked).replace("4242", shape)
