"""The writer: what a clerk sees when opening the workbook we write (read back with openpyxl)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook as OpenWorkbook

from tests.helpers.reports import kuangyan_report
from workbook.model.errors import SaveFailed
from workbook.model.format import load_format
from workbook.model.layout import HEADER_ROW, position, table_layout
from workbook.model.report import Acknowledgement, Report
from workbook.model.severity import fill
from workbook.savefile import atomic_write
from workbook.xlsx.write.writer import workbook_bytes, write_report, write_template

SHEETS_2021 = [
    "一、总体情况",
    "二、主动公开",
    "三、依申请公开",
    "四、复议诉讼",
    "五、问题改进",
    "六、其他事项",
]


@dataclass
class Fake:
    """A finding as the writer sees it (workbook.model.marks.FindingLike)."""

    code: str
    rule: str
    severity: str
    message: str
    keys: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    acknowledged: str | None = None


def _open(data: bytes, *, values: bool = False) -> OpenWorkbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=values)


def _named(book: OpenWorkbook, name: str):
    """The cell a workbook-level defined name points to."""
    ((sheet, ref),) = list(book.defined_names[name].destinations)
    return book[sheet][ref.replace("$", "")]


@pytest.fixture
def kuangyan(samples_dir: Path) -> Report:
    return kuangyan_report(samples_dir)


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_sheets_in_order_with_hidden_meta_sheet(format_id: str) -> None:
    book = _open(workbook_bytes(Report.blank(format_id)))
    fmt = load_format(format_id)
    assert book.sheetnames == [s.sheet for s in fmt.sections] + ["_nianbao"]
    assert book["_nianbao"].sheet_state == "hidden"
    assert book["_nianbao"]["B1"].value == format_id
    if format_id == "2021":
        assert book.sheetnames[:6] == SHEETS_2021


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_every_value_cell_is_named_at_its_layout_position(format_id: str) -> None:
    fmt = load_format(format_id)
    book = _open(workbook_bytes(Report.blank(format_id)))
    for cell in fmt.cells:
        ((sheet, ref),) = list(book.defined_names[cell.key].destinations)
        pos = position(fmt, cell.key)
        assert (sheet, ref.replace("$", "")) == (pos.sheet, pos.a1), cell.key


def test_values_land_in_their_cells_blank_stays_blank(kuangyan: Report) -> None:
    kuangyan.values["active.licensing.decisions"] = None
    kuangyan.values["requests.carried_over.legal"] = None
    kuangyan.values["active.fees.amount"] = Decimal("52.15")
    book = _open(workbook_bytes(kuangyan), values=True)
    assert _named(book, "requests.new.natural").value == 1
    assert _named(book, "requests.withheld_third_party.natural").value == 1
    assert _named(book, "requests.carried_over.business").value == 0
    assert _named(book, "active.licensing.decisions").value is None
    assert _named(book, "requests.carried_over.legal").value is None
    fee = _named(book, "active.fees.amount").value
    assert Decimal(repr(fee)) == Decimal("52.15")


def test_bad_data_is_written_as_is_not_rounded() -> None:
    report = Report.blank("2021")
    report.values["requests.new.natural"] = Decimal("2.5")
    report.values["requests.new.business"] = -3
    book = _open(workbook_bytes(report), values=True)
    assert _named(book, "requests.new.natural").value == 2.5
    assert _named(book, "requests.new.business").value == -3
    assert _named(book, "requests.new.natural").number_format == "General"


def test_metadata_names_on_first_sheet(kuangyan: Report) -> None:
    book = _open(workbook_bytes(kuangyan), values=True)
    assert _named(book, "meta.agency").value == "慈溪市匡堰镇人民政府"
    assert _named(book, "meta.agency").coordinate == "B2"
    assert _named(book, "meta.agency_kind").value == "乡镇/街道"
    assert _named(book, "meta.year").value == 2024
    assert _named(book, "meta.issued").value.date() == date(2025, 1, 14)
    assert _named(book, "meta.format").value == "2021"
    sheet = book["一、总体情况"]
    assert [sheet[f"A{r}"].value for r in range(2, 7)] == [
        "填报单位",
        "单位类型",
        "报告年度",
        "发布日期",
        "报告格式",
    ]
    assert "慈溪市匡堰镇人民政府" in sheet["A1"].value
    assert "A1:B1" in {str(r) for r in sheet.merged_cells.ranges}


def test_prose_one_paragraph_per_row_under_named_first_cell(kuangyan: Report) -> None:
    book = _open(workbook_bytes(kuangyan), values=True)
    fmt = kuangyan.format
    for section in fmt.text_sections:
        first = _named(book, f"text.{section.id}")
        sheet = first.parent
        found = [
            sheet.cell(row, 2).value
            for row in range(first.row, sheet.max_row + 1)
            if sheet.cell(row, 2).value
        ]
        assert found == kuangyan.texts[section.id]
        assert first.alignment.wrap_text
    assert _named(book, "text.overview").coordinate == "B9"
    assert book["一、总体情况"]["A8"].value == "一、总体情况"
    assert book["五、问题改进"]["A1"].value == "五、存在的主要问题及改进情况"
    assert _named(book, "text.problems").coordinate == "B2"


def test_paragraphs_are_single_wrapped_cells_whose_rows_fit_the_text(kuangyan: Report) -> None:
    """Merged cells never grow: each paragraph is one unmerged wrapped cell whose row is as
    tall as its text needs (LibreOffice keeps a file's row heights)."""
    book = _open(workbook_bytes(kuangyan))
    first = _named(book, "text.overview")
    sheet = first.parent
    merged = {str(r) for r in sheet.merged_cells.ranges}
    heights = {}
    for row in range(first.row, first.row + len(kuangyan.texts["overview"])):
        cell = sheet.cell(row, 2)
        assert cell.alignment.wrap_text and not cell.protection.locked
        assert not any(m.endswith(f"B{row}") for m in merged), row
        heights[len(cell.value)] = sheet.row_dimensions[row].height
    shortest, longest = min(heights), max(heights)
    assert longest > 100  # the longest paragraph needs several lines; its row grows with it
    assert heights[longest] > heights[shortest] and heights[longest] >= 16 * 4


def test_template_paragraph_rows_fit_what_clerks_type() -> None:
    """No fixed height on the template's paragraph rows, every row of column B wraps and is
    unlocked, and the print area reaches far below: any number of paragraphs prints."""
    book = _open(workbook_bytes(Report.blank("2021"), mode="template"))
    first = _named(book, "text.overview")
    sheet = first.parent
    for row in range(first.row, first.row + 30):
        assert not sheet.row_dimensions[row].customHeight, row
    area = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
    last = int(area.split(":")[-1].lstrip("$B"))
    assert last >= first.row + 500


def test_paragraph_starting_with_equals_sign_stays_text() -> None:
    report = Report.blank("2021")
    report.texts["other"] = ["=SUM(A1:A3) 不是公式", "+86 0574"]
    book = _open(workbook_bytes(report))
    first = _named(book, "text.other")
    assert first.value == "=SUM(A1:A3) 不是公式"
    assert first.data_type == "s"


def test_acknowledgements_saved_on_hidden_sheet() -> None:
    report = Report.blank("2021")
    report.acknowledgements = [Acknowledgement("B3-regulations", "abc123", "本单位确有规章")]
    sheet = _open(workbook_bytes(report))["_nianbao"]
    assert [c.value for c in sheet[2]] == ["code", "fingerprint", "reason"]
    assert [c.value for c in sheet[3]] == ["B3-regulations", "abc123", "本单位确有规章"]


# --------------------------------------------------------------------------- layout


def _merged(sheet) -> dict[str, str]:
    """Text of each merged range, by range."""
    return {str(r): sheet.cell(r.min_row, r.min_col).value for r in sheet.merged_cells.ranges}


def test_title_lines_of_table_sheets(kuangyan: Report) -> None:
    values = _open(workbook_bytes(kuangyan), values=True)
    formulas = _open(workbook_bytes(kuangyan))
    fmt = kuangyan.format
    for section in fmt.table_sections:
        sheet = values[section.sheet]
        assert sheet["A1"].value == section.title
        assert sheet["A1"].font.b
        assert sheet["A2"].value == "填报单位：慈溪市匡堰镇人民政府"
        assert sheet["A3"].value == "报告年度：2024年"
        assert sheet["A4"].value == "单位：件"
        assert "meta.agency" in formulas[section.sheet]["A2"].value


def test_section_three_headers_and_row_labels() -> None:
    fmt = load_format("2021")
    sheet = _open(workbook_bytes(Report.blank("2021")))["三、依申请公开"]
    merged = _merged(sheet)
    table = fmt.tables["requests"]
    assert merged["A5:C7"] == table.note
    assert merged["D5:J5"] == "申请人情况"
    assert merged["E6:I6"] == "法人或其他组织"
    assert merged["D6:D7"] == "自然人"
    assert merged["J6:J7"] == "总计"
    assert [sheet.cell(7, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert merged["A8:C8"] == "一、本年新收政府信息公开申请数量"
    assert merged["A10:A31"] == "三、本年度办理结果"
    assert merged["B12:B19"] == "（三）不予公开"
    assert merged["B31:C31"] == "（七）总计"
    assert merged["A32:C32"] == "四、结转下年度继续办理"
    labels = {str(v) for v in merged.values()} | {
        sheet.cell(r, 3).value for r in range(8, 33) if sheet.cell(r, 3).value
    }
    for row in table.rows:
        assert row.label in labels
    assert sheet["D8"].border.left.style == "thin"
    assert sheet["A8"].border.top.style == "thin"


def test_section_four_headers() -> None:
    sheet = _open(workbook_bytes(Report.blank("2021")))["四、复议诉讼"]
    merged = _merged(sheet)
    assert merged["A5:E5"] == "行政复议"
    assert merged["F5:O5"] == "行政诉讼"
    assert merged["F6:J6"] == "未经复议直接起诉"
    assert merged["K6:O6"] == "复议后起诉"
    assert merged["A6:A7"] == "结果维持"
    assert [sheet.cell(7, c).value for c in range(6, 11)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]


def test_section_two_blocks_each_a_small_table() -> None:
    fmt = load_format("2021")
    layout = table_layout(fmt, "active")
    sheet = _open(workbook_bytes(Report.blank("2021")))["二、主动公开"]
    merged = _merged(sheet)
    for index, block in enumerate(fmt.tables["active"].blocks):
        top = layout.block_rows[index] + 1  # Excel row
        assert merged[f"A{top}:D{top}"] == block.title
        assert sheet[f"A{top + 1}"].value == "信息内容"
        for offset, row in enumerate(block.rows):
            assert sheet[f"A{top + 2 + offset}"].value == row.label
    assert sheet["B6"].value == "本年制发件数"
    assert merged["B17:D17"] == "本年收费金额（单位：万元）"
    assert "B18:D18" in merged  # a single-value block spans the value columns
    assert position(fmt, "active.fees.amount").a1 == "B18"


def test_2019_format_blocks_with_two_columns_and_units() -> None:
    fmt = load_format("2019")
    book = _open(workbook_bytes(Report.blank("2019")))
    sheet = book["二、主动公开"]
    merged = _merged(sheet)
    layout = table_layout(fmt, "active")
    assert len(layout.block_rows) == 5
    last = layout.block_rows[-1] + 2  # Excel row of the last block's header
    assert sheet[f"B{last}"].value == "采购项目数量"
    assert merged[f"C{last}:D{last}"] == "采购总金额（单位：万元）"
    change = position(fmt, "active.licensing.items_change")
    dv = _validation_for(sheet, change.a1)
    assert dv.type == "whole" and dv.operator in (None, "between") and int(dv.formula1) < 0
    assert len(fmt.tables["requests"].rows) == 23
    requests = _merged(book["三、依申请公开"])
    assert requests["B28:C28"] == "（六）其他处理"  # one row in 2019, no sub-rows
    assert requests["A10:A29"] == "三、本年度办理结果"


# --------------------------------------------------------------------------- totals


def test_consistent_totals_are_formulas_with_cached_values(kuangyan: Report) -> None:
    data = workbook_bytes(kuangyan)
    formulas, values = _open(data), _open(data, values=True)
    fmt = kuangyan.format
    for key in fmt.total_keys:
        cell = _named(formulas, key)
        assert isinstance(cell.value, str) and cell.value.startswith("=IF(COUNT("), key
        assert _named(values, key).value == kuangyan.values[key], key
    assert _named(formulas, "requests.new.total").value == '=IF(COUNT(D8:I8)=0,"",SUM(D8:I8))'
    handled = _named(formulas, "requests.total_handled.natural").value
    assert handled == '=IF(COUNT(D10:D30)=0,"",SUM(D10:D30))'


def test_wrong_total_stays_the_typed_number(kuangyan: Report) -> None:
    kuangyan.values["requests.new.total"] = 5  # parts add up to 1
    kuangyan.values["appeals.cases.review_total"] = None  # parts are 0: blank is kept
    data = workbook_bytes(kuangyan)
    formulas, values = _open(data), _open(data, values=True)
    assert _named(formulas, "requests.new.total").value == 5
    assert _named(values, "requests.new.total").value == 5
    assert _named(formulas, "appeals.cases.review_total").value is None


def test_typed_total_looks_typed_and_says_why(kuangyan: Report) -> None:
    """Not the grey of automatic totals, and a comment: after the clerk fixes the parts in
    Excel this total stays as typed, and the cell says so."""
    kuangyan.values["requests.new.total"] = 5  # parts add up to 1
    book = _open(workbook_bytes(kuangyan))
    typed = _named(book, "requests.new.total")
    formula = _named(book, "requests.carried_over.total")
    assert formula.fill.fgColor.rgb.endswith("F2F2F2")  # an automatic total: grey
    assert not typed.fill.fgColor.rgb or not typed.fill.fgColor.rgb.endswith("F2F2F2")
    assert typed.comment is not None
    assert "填写的数字5" in typed.comment.text and "各分项之和为1" in typed.comment.text
    assert formula.comment is None
    # In the checked workbook the finding's own comment says it (and that the total was typed).
    from rules.checker import check

    checked = _open(workbook_bytes(kuangyan, mode="checked", findings=check(kuangyan)))
    assert "填写的数字" in _named(checked, "requests.new.total").comment.text


def test_all_blank_parts_give_a_blank_total_formula() -> None:
    data = workbook_bytes(Report.blank("2021"))
    formulas, values = _open(data), _open(data, values=True)
    assert _named(formulas, "requests.new.total").value.startswith("=IF(")
    assert _named(values, "requests.new.total").value in (None, "")


# --------------------------------------------------------------------------- validation, print


def _validation_for(sheet, a1: str):
    for dv in sheet.data_validations.dataValidation:
        if a1 in dv.sqref:
            return dv
    raise AssertionError(f"no validation on {a1}")


def test_validation_on_input_cells() -> None:
    fmt = load_format("2021")
    book = _open(workbook_bytes(Report.blank("2021")))
    count = position(fmt, "requests.new.natural")
    dv = _validation_for(book[count.sheet], count.a1)
    assert (dv.type, dv.operator, dv.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert re.search(r"[\u4e00-\u9fff]", dv.error) and re.search(r"[\u4e00-\u9fff]", dv.prompt)
    fee = position(fmt, "active.fees.amount")
    dv = _validation_for(book[fee.sheet], fee.a1)
    assert (dv.type, dv.operator) == ("decimal", "greaterThanOrEqual")
    assert "万元" in dv.prompt


_RULE_OF_KIND = {
    "count": ("whole", "0"),
    "delta": ("whole", "-1000000000"),
    "amount": ("decimal", "0"),
}


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_each_value_cell_has_exactly_its_kinds_rule(format_id: str, kuangyan: Report) -> None:
    """Every value cell (totals and merged cells included) keeps the prompt and the rule of its
    kind, and each sheet says each rule once (a rule per cell made sheet 三 four times larger)."""
    fmt = load_format(format_id)
    report = kuangyan if format_id == "2021" else Report.blank(format_id)
    book = _open(workbook_bytes(report))
    for cell in fmt.cells:
        pos = position(fmt, cell.key)
        rules = [dv for dv in book[pos.sheet].data_validations.dataValidation if pos.a1 in dv.sqref]
        assert len(rules) == 1, (cell.key, pos.a1, len(rules))
        assert (rules[0].type, rules[0].formula1) == _RULE_OF_KIND[cell.kind], cell.key
    for sheet in book.worksheets:
        rules = sheet.data_validations.dataValidation
        kinds = [(dv.type, dv.formula1) for dv in rules if dv.type in ("whole", "decimal")]
        assert len(kinds) == len(set(kinds)), sheet.title


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_print_setup_on_every_sheet(format_id: str, kuangyan: Report) -> None:
    report = kuangyan if format_id == "2021" else Report.blank("2019", agency="某局", year=2020)
    book = _open(workbook_bytes(report))
    fmt = report.format
    for section in fmt.sections:
        sheet = book[section.sheet]
        setup = sheet.page_setup
        assert setup.paperSize == 9, section.sheet  # A4
        expected = "portrait"
        if section.kind == "table":
            expected = fmt.tables[section.id].orientation
        assert setup.orientation == expected, section.sheet
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth or 1) == 1  # Excel's default when the attribute is left out
        if section.kind == "text":
            assert setup.fitToHeight == 0  # as many pages long as the text needs
        # No fixed agency in the page header: it would keep the name the file was made with.
        assert report.agency not in (sheet.oddHeader.left.text or "")
        assert "第&P页" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    # Print titles instead: the formula title lines (and the header rows of 三 and 四).
    for table_id in fmt.tables:
        layout = table_layout(fmt, table_id)
        rows = book[layout.sheet].print_title_rows
        assert rows.replace("$", "") == f"1:{HEADER_ROW + layout.header_rows}"
    assert book[fmt.sections[0].sheet].print_title_rows.replace("$", "") == "1:1"


# --------------------------------------------------------------------------- template


def test_template_blank_locked_labels_unlocked_inputs(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    write_template(path, year=2024, agency="某某局")
    book = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    fmt = load_format("2021")
    for section in fmt.sections:
        assert book[section.sheet].protection.sheet, section.sheet
        assert not book[section.sheet].protection.password
    for cell in fmt.cells:
        c = _named(book, cell.key)
        if fmt.formula_sum(cell.key):
            assert str(c.value).startswith("=IF("), cell.key
            assert c.protection.locked
            assert _named(values, cell.key).value in (None, ""), cell.key
        else:
            assert c.value is None, cell.key
            assert not c.protection.locked, cell.key
    requests = book["三、依申请公开"]
    assert requests["A8"].protection.locked  # a row label
    assert not _named(book, "meta.agency").protection.locked
    assert _named(book, "meta.agency").value == "某某局"
    assert not _named(book, "text.overview").protection.locked
    help_text = " ".join(
        str(c.value) for row in book["一、总体情况"]["D1:D13"] for c in row if c.value
    )
    assert (
        "填表说明" in help_text and "0" in help_text and "万元" in help_text and "公式" in help_text
    )


def test_template_format_follows_the_year(tmp_path: Path) -> None:
    write_template(tmp_path / "a.xlsx", year=2020)
    write_template(tmp_path / "b.xlsx", year=2020, format_id="2021")
    write_template(tmp_path / "c.xlsx")
    assert openpyxl.load_workbook(tmp_path / "a.xlsx")["_nianbao"]["B1"].value == "2019"
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["_nianbao"]["B1"].value == "2021"
    c = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert c["_nianbao"]["B1"].value == "2021"
    assert _named(c, "meta.year").value is None


def test_report_mode_is_not_protected(kuangyan: Report) -> None:
    book = _open(workbook_bytes(kuangyan))
    assert not any(book[name].protection.sheet for name in SHEETS_2021)


# --------------------------------------------------------------------------- checked


def _rgb(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper()


def test_checked_mode_fills_comments_and_list(kuangyan: Report) -> None:
    kuangyan.values["requests.new.total"] = 5
    findings = [
        Fake("A3-row", "A3", "error", "总计5与各列之和1不符。", ("requests.new.total",)),
        Fake("B7-x", "B7", "warning", "结转偏多。", ("requests.new.total", "requests.new.natural")),
        Fake("B3-reg", "B3", "info", "规章不为0。", ("active.regulations.issued",), (), "确有规章"),
        Fake("B5-fee", "B5", "warning", "未说明信息处理费。", (), ("other",)),
    ]
    data = workbook_bytes(kuangyan, mode="checked", findings=findings)
    book = _open(data)
    total = _named(book, "requests.new.total")
    assert _rgb(total) == fill("error")[1:]
    assert "总计5与各列之和1不符" in total.comment.text and "结转偏多" in total.comment.text
    assert _rgb(_named(book, "requests.new.natural")) == fill("warning")[1:]
    regulations = _named(book, "active.regulations.issued")
    assert _rgb(regulations) == fill("info", acknowledged=True)[1:]
    assert "确有规章" in regulations.comment.text
    assert _rgb(book["六、其他事项"]["A1"]) == fill("warning")[1:]
    assert "信息处理费" in book["六、其他事项"]["A1"].comment.text
    assert _named(book, "requests.new.business").comment is None

    listing = book["校验结果"]
    assert [c.value for c in listing[1]] == [
        "序号",
        "级别",
        "规则",
        "代码",
        "说明",
        "位置",
        "确认说明",
    ]
    rows = [[c.value for c in row] for row in listing.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["错误", "警告", "提示", "警告"]
    assert rows[2][6] == "确有规章"
    link = listing["F2"].hyperlink
    assert link.location == "'三、依申请公开'!J8"
    assert listing["F5"].hyperlink.location == "'六、其他事项'!A1"
    assert listing.page_setup.paperSize == 9
    assert book.sheetnames[-2:] == ["校验结果", "_nianbao"]


def test_findings_list_names_a_group_of_cells_as_one_range() -> None:
    """The 位置 column reads like the messages: a whole group is one Excel range, in order."""
    keys = tuple(f"appeals.cases.review_{c}" for c in ("total", "upheld", "corrected", "other"))
    keys += ("appeals.cases.review_pending",)
    listing = _open(
        workbook_bytes(
            Report.blank(), mode="checked", findings=[Fake("X", "A5", "error", "…", keys)]
        )
    )["校验结果"]
    assert listing["F2"].value == "四、复议诉讼!A8:E8"
    assert listing["F2"].alignment.wrap_text


def test_checked_mode_without_findings_says_so(kuangyan: Report) -> None:
    listing = _open(workbook_bytes(kuangyan, mode="checked"))["校验结果"]
    assert "未发现问题" in listing["A2"].value


def test_report_mode_ignores_findings(kuangyan: Report) -> None:
    finding = Fake("A3", "A3", "error", "x", ("requests.new.total",))
    book = _open(workbook_bytes(kuangyan, findings=[finding]))
    assert "校验结果" not in book.sheetnames
    assert _named(book, "requests.new.total").comment is None


def test_unknown_mode_refused(kuangyan: Report) -> None:
    with pytest.raises(ValueError):
        workbook_bytes(kuangyan, mode="pdf")


# --------------------------------------------------------------------------- saving


def test_write_report_replaces_atomically(tmp_path: Path, kuangyan: Report) -> None:
    path = tmp_path / "年报.xlsx"
    path.write_bytes(b"old")
    write_report(kuangyan, path)
    assert openpyxl.load_workbook(path)["_nianbao"]["B1"].value == "2021"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]


def test_failure_mid_write_keeps_old_file(
    tmp_path: Path, kuangyan: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "年报.xlsx"
    path.write_bytes(b"old contents")

    with atomic_write(path) as handle:
        handle.write(b"new")  # a plain successful write still works
    assert path.read_bytes() == b"new"
    path.write_bytes(b"old contents")

    with pytest.raises(RuntimeError), atomic_write(path) as handle:
        handle.write(b"half a workbook")
        raise RuntimeError("crash while writing")
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]

    def no_replace(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("workbook.savefile.os.replace", no_replace)
    with pytest.raises(SaveFailed) as caught:
        write_report(kuangyan, path)
    assert "Excel 或 WPS" in str(caught.value)
    assert path.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]


def test_disk_full_gives_chinese_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "年报.xlsx"
    path.write_bytes(b"old")

    def no_sync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbook.savefile.os.fsync", no_sync)
    with pytest.raises(SaveFailed) as caught:
        write_report(Report.blank("2021"), path)
    assert "磁盘空间不足" in str(caught.value)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(SaveFailed, match="文件夹不存在"):
        write_report(Report.blank("2021"), tmp_path / "无此文件夹" / "a.xlsx")
    with pytest.raises(SaveFailed, match="文件夹"):
        write_report(Report.blank("2021"), tmp_path)


def test_text_in_a_part_keeps_total_as_typed() -> None:
    report = Report.blank("2021")
    report.values["appeals.cases.review_upheld"] = "两件"  # type: ignore[assignment]
    report.values["appeals.cases.review_total"] = 2
    book = _open(workbook_bytes(report))
    assert _named(book, "appeals.cases.review_upheld").value == "两件"
    assert _named(book, "appeals.cases.review_total").value == 2


def test_finding_about_metadata_marks_its_cell(kuangyan: Report) -> None:
    finding = Fake("B6-late", "B6", "warning", "发布日期晚于规定期限。", ("meta.issued",))
    book = _open(workbook_bytes(kuangyan, mode="checked", findings=[finding]))
    issued = _named(book, "meta.issued")
    assert _rgb(issued) == fill("warning")[1:]
    assert "发布日期晚于规定期限" in issued.comment.text
    assert book["校验结果"]["F2"].hyperlink.location == "'一、总体情况'!B5"
