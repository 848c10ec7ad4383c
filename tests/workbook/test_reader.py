"""Reading Nianbao workbooks back, as written by us and as clerks leave them after editing.

Edits are simulated with openpyxl on a file the real writer produced. openpyxl saves formulas
without cached results (so our totals must be computed on reading) and does not move defined
names, formulas or merged ranges when it inserts rows; `insert_rows_like_excel` does what Excel
does so that names still follow their cells.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from tests.helpers.files import compound_file
from tests.helpers.reports import filled_report
from tests.office import convert
from workbook.files import open_report
from workbook.model.errors import EncryptedFile, FileTooLarge, NotAReport, UnreadableFile
from workbook.model.format import load_format
from workbook.model.imported import Imported
from workbook.model.layout import position
from workbook.model.report import Report
from workbook.model.values import Note
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report, write_template

REQUESTS = "三、依申请公开"


# ----------------------------------------------------------------------------- helpers


def write(tmp_path: Path, report: Report, name: str = "report.xlsx", **kw: object) -> Path:
    path = tmp_path / name
    write_report(report, path, **kw)  # type: ignore[arg-type]
    return path


def edit(path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    """Open with openpyxl, apply a clerk's change, save in place (cached results are lost)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl: print areas over whole columns
        wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def cell_of(wb: openpyxl.Workbook, key: str, fmt_id: str = "2021") -> openpyxl.cell.Cell:
    pos = position(load_format(fmt_id), key)
    return wb[pos.sheet].cell(pos.row + 1, pos.col + 1)


def set_cell(key: str, value: object) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        cell_of(wb, key).value = value

    return change


_A1 = re.compile(r"(\$?)([A-Z]{1,3})(\$?)(\d+)")


def insert_rows_like_excel(wb: openpyxl.Workbook, sheet: str, before: int, amount: int) -> None:
    """Insert rows above Excel row `before` and move names, formulas and merges as Excel does."""
    ws = wb[sheet]
    merges = [m for m in ws.merged_cells.ranges if m.min_row >= before]
    ws.insert_rows(before, amount)
    for m in merges:
        m.shift(0, amount)

    def shift(match: re.Match[str]) -> str:
        row = int(match.group(4))
        row = row + amount if row >= before else row
        return f"{match.group(1)}{match.group(2)}{match.group(3)}{row}"

    for line in ws.iter_rows():
        for c in line:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.value = _A1.sub(shift, c.value)
    quoted = "'" + sheet.replace("'", "''") + "'!"
    local = [n for w in wb.worksheets for n in w.defined_names.values()]
    for name in [*wb.defined_names.values(), *local]:
        if name.attr_text.startswith(quoted):
            ref = name.attr_text[len(quoted) :]
            name.attr_text = quoted + _A1.sub(shift, ref)


def notes_for(imported: Imported, key: str) -> list[Note]:
    return [n for n in imported.notes if n.key == key]


def set_cached_result(path: Path, sheet_title: str, a1: str, value: str) -> None:
    """Give a formula cell a cached result, as Excel does when it saves (openpyxl does not)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    index = wb.sheetnames.index(sheet_title) + 1
    wb.close()
    name = f"xl/worksheets/sheet{index}.xml"
    xml = parts[name].decode("utf-8")
    cell = re.compile(rf'(<c r="{a1}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v>[^<]*</v>)?(</c>)')
    xml, count = cell.subn(rf"\g<1>\g<2><v>{value}</v>\g<4>", xml)
    assert count == 1, f"formula cell {a1} not found"
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in parts.items():
            z.writestr(filename, data)


# ----------------------------------------------------------------------------- round trips


def test_a_filled_report_reads_back_exactly(tmp_path: Path) -> None:
    report = filled_report()
    imported = read_workbook(write(tmp_path, report))
    assert imported.report == report
    assert imported.report.values["active.fees.amount"] == Decimal("52.15")
    assert imported.report.values["requests.carried_over.research"] is None
    assert imported.notes == []
    assert imported.source_kind == "本软件工作簿"


def test_the_2019_trial_format_reads_back_with_negative_changes(tmp_path: Path) -> None:
    report = filled_report("2019")
    imported = read_workbook(write(tmp_path, report))
    assert imported.report == report
    assert imported.report.format_id == "2019"
    assert imported.report.values["active.fees.items_change"] == -2
    assert imported.report.values["active.procurement.amount"] == Decimal("52.15")


def test_checked_mode_and_template_read_back(tmp_path: Path) -> None:
    class Finding:
        code, rule, severity, message = "A3-1", "A3", "error", "总计与各列之和不符"
        keys, texts, acknowledged = ("requests.new.total",), ("overview",), None

    report = filled_report()
    checked = read_workbook(write(tmp_path, report, "c.xlsx", mode="checked", findings=[Finding()]))
    assert checked.report == report
    write_template(tmp_path / "t.xlsx", year=2024, agency="某局")
    blank = read_workbook(tmp_path / "t.xlsx").report
    assert blank.agency == "某局"
    assert blank.year == 2024
    assert all(v is None for v in blank.values.values())  # blank is never read as 0
    assert all(paragraphs == [] for paragraphs in blank.texts.values())


def test_an_xlsm_copy_is_read_and_its_macros_are_not_run(tmp_path: Path) -> None:
    source = write(tmp_path, filled_report())
    target = tmp_path / "report.xlsm"
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(target, "w") as z_out:
        for info in z_in.infolist():
            z_out.writestr(info, z_in.read(info.filename))
        z_out.writestr("xl/vbaProject.bin", b'Attribute VB_Name = "Evil"\nShell "rm -rf /"')
    assert read_workbook(target).report == filled_report()


# ----------------------------------------------------------------------------- clerk's edits


def test_totals_saved_without_results_are_computed_and_noted(tmp_path: Path) -> None:
    report = filled_report()
    path = edit(write(tmp_path, report), lambda wb: None)  # openpyxl drops cached results
    imported = read_workbook(path)
    assert imported.report.values == report.values
    total_notes = notes_for(imported, "requests.total_handled.total")
    assert total_notes and "合计公式没有保存计算结果" in total_notes[0].message


def test_rows_inserted_above_a_table_are_followed_by_names(tmp_path: Path) -> None:
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        insert_rows_like_excel(wb, REQUESTS, 5, 3)
        wb[REQUESTS]["A5"] = "说明：本表由办公室填写"
        insert_rows_like_excel(wb, "二、主动公开", 1, 1)

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report.values == report.values
    assert not [n for n in imported.notes if "名称" in n.message or "找不到" in n.message]


def test_names_lost_after_rows_inserted_cells_found_by_labels(tmp_path: Path) -> None:
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        insert_rows_like_excel(wb, REQUESTS, 5, 2)
        insert_rows_like_excel(wb, REQUESTS, 20, 1)  # and one inside the table
        insert_rows_like_excel(wb, "四、复议诉讼", 2, 4)
        for key in [n for n in wb.defined_names if n.startswith(("requests.", "appeals."))]:
            del wb.defined_names[key]

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report.values == report.values
    messages = [n.message for n in imported.notes if n.key == ""]
    assert any("三、收到和处理政府信息公开申请情况" in m and "标签" in m for m in messages)
    assert any("四、政府信息公开行政复议、行政诉讼情况" in m and "标签" in m for m in messages)


def test_a_retyped_row_label_is_placed_between_its_neighbours(tmp_path: Path) -> None:
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        for line in wb[REQUESTS].iter_rows():
            for c in line:
                if c.value == "1.属于国家秘密":
                    c.value = "1.属国家秘密"
                elif c.value == "一、本年新收政府信息公开申请数量":
                    c.value = "一、本年新收申请数"  # the first row: between header and row 2
        for key in [n for n in wb.defined_names if n.startswith("requests.")]:
            del wb.defined_names[key]
        insert_rows_like_excel(wb, REQUESTS, 2, 1)  # and the layout no longer holds

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report.values == report.values
    note = notes_for(imported, "requests.withheld_state_secret.natural")[0]
    assert note.raw == "1.属国家秘密" and "前后两行" in note.message
    assert notes_for(imported, "requests.new.natural")[0].raw == "一、本年新收申请数"


def test_names_made_local_to_their_sheets_still_work(tmp_path: Path) -> None:
    """Excel keeps names sheet-level when sheets are copied between workbooks."""
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        for name in list(wb.defined_names):
            defined = wb.defined_names[name]
            sheet = defined.attr_text.split("!")[0].strip("'")
            del wb.defined_names[name]
            wb[sheet].defined_names[name] = DefinedName(name, attr_text=defined.attr_text)
        insert_rows_like_excel(wb, REQUESTS, 3, 2)  # so that the layout cannot stand in

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report == report
    assert not [n for n in imported.notes if "名称" in n.message]


def test_broken_names_are_reported_and_the_layout_position_is_used(tmp_path: Path) -> None:
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        wb.defined_names["requests.new.natural"].attr_text = f"'{REQUESTS}'!#REF!"
        wb.defined_names["active.fees.amount"].attr_text = "'已删除的表'!$B$5"
        # a name now pointing at the next row (上年结转): its label says it is wrong
        wrong = position(load_format("2021"), "requests.carried_over.business").absolute_ref
        wb.defined_names["requests.new.business"].attr_text = wrong

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report.values == report.values
    assert "已失效" in notes_for(imported, "requests.new.natural")[0].message
    fee_notes = [n.message for n in notes_for(imported, "active.fees.amount")]
    assert "不存在的工作表" in fee_notes[0] and "标准位置" in fee_notes[1]
    assert "其他行" in notes_for(imported, "requests.new.business")[0].message


def test_names_lost_and_labels_moved_cells_found_by_labels(tmp_path: Path) -> None:
    """No names at all (e.g. a copy pasted into a new workbook) and the first table moved."""
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        insert_rows_like_excel(wb, "二、主动公开", 3, 2)
        for key in list(wb.defined_names):
            del wb.defined_names[key]

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report == report


def test_a_missing_table_stays_blank_with_notes(tmp_path: Path) -> None:
    """Sheet 四 deleted: nothing is guessed, nothing becomes 0, the rest is read."""
    report = filled_report()
    imported = read_workbook(
        edit(write(tmp_path, report), lambda wb: wb.remove(wb["四、复议诉讼"]))
    )
    appeals = [k for k in report.values if k.startswith("appeals.")]
    assert {imported.report.values[k] for k in appeals} == {None}
    assert all("找不到" in notes_for(imported, key)[-1].message for key in appeals)
    others = {k: v for k, v in report.values.items() if k not in appeals}
    assert {k: imported.report.values[k] for k in others} == others


def test_a_table_without_labels_is_never_misread(tmp_path: Path) -> None:
    """Names gone and the header of 四 cleared: each cell is read right with a note to check
    it, or left blank with a note — never a wrong number, never a silent 0."""
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        for line in wb["四、复议诉讼"].iter_rows(min_row=5, max_row=11):
            for c in line:
                if isinstance(c.value, str) and not c.value.startswith("="):
                    c.value = None
        for key in [n for n in wb.defined_names if n.startswith("appeals.")]:
            del wb.defined_names[key]

    imported = read_workbook(edit(write(tmp_path, report), change))
    for key in [k for k in report.values if k.startswith("appeals.")]:
        assert imported.report.values[key] in (None, report.values[key]), key
        assert notes_for(imported, key), key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("/", 0), ("-", 0), ("—", 0), ("无", 0), ("３", 3), ("12件", 12), ("1,234", 1234), ("8", 8)],
)
def test_what_clerks_type_is_read_and_each_reading_noted(
    tmp_path: Path, typed: str, expected: int
) -> None:
    key = "requests.withheld_inquiry.legal"
    imported = read_workbook(edit(write(tmp_path, filled_report()), set_cell(key, typed)))
    assert imported.report.values[key] == expected
    notes = notes_for(imported, key)
    assert len(notes) == 1 and notes[0].raw == typed


def test_a_date_excel_made_of_what_was_typed_is_not_a_number(tmp_path: Path) -> None:
    key = "requests.new.business"  # "1-2" typed: Excel stores 2 January
    imported = read_workbook(
        edit(write(tmp_path, filled_report()), set_cell(key, datetime(2025, 1, 2)))
    )
    assert imported.report.values[key] is None
    assert "日期" in notes_for(imported, key)[0].message


def test_amounts_and_fractions_are_kept_exact(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        cell_of(wb, "active.fees.amount").value = 3.3  # a binary float: not 3.2999…
        cell_of(wb, "active.licensing.decisions").value = 2.5  # a fraction in a count

    imported = read_workbook(edit(write(tmp_path, filled_report()), change))
    assert imported.report.values["active.fees.amount"] == Decimal("3.3")
    assert imported.report.values["active.licensing.decisions"] == Decimal("2.5")


def test_a_total_overwritten_by_a_number_is_kept_as_typed(tmp_path: Path) -> None:
    key = "requests.new.total"
    imported = read_workbook(edit(write(tmp_path, filled_report()), set_cell(key, 999)))
    assert imported.report.values[key] == 999
    assert notes_for(imported, key) == []


def test_a_cleared_cell_stays_blank_and_totals_follow(tmp_path: Path) -> None:
    report = filled_report()
    key = "appeals.cases.review_upheld"

    imported = read_workbook(edit(write(tmp_path, report), set_cell(key, None)))
    assert imported.report.values[key] is None
    parts = [report.values[f"appeals.cases.review_{p}"] for p in ("corrected", "other", "pending")]
    assert imported.report.values["appeals.cases.review_total"] == sum(parts)


def test_a_formula_typed_into_an_input_cell(tmp_path: Path) -> None:
    key = "requests.new.natural"
    path = edit(write(tmp_path, filled_report()), set_cell(key, "=3+4"))
    without = read_workbook(path)  # saved by a program that does not calculate
    assert without.report.values[key] is None
    assert "没有保存计算结果" in notes_for(without, key)[0].message
    set_cached_result(path, REQUESTS, position(load_format("2021"), key).a1, "7")
    with_result = read_workbook(path)
    assert with_result.report.values[key] == 7
    assert "=3+4" in notes_for(with_result, key)[0].message


@pytest.mark.parametrize(
    ("issued", "year", "kind", "noted"),
    [
        ("2025年1月14日", "2024年", "township", {"meta.issued", "meta.year"}),
        ("2025-01-14", "2024", " 乡镇街道", {"meta.issued", "meta.year", "meta.agency_kind"}),
        ("2025.1.14", 2024, "乡镇/街道", {"meta.issued"}),
        (45671, 2024.0, "township", {"meta.issued"}),  # Excel's serial number for 2025-01-14
        (datetime(2025, 1, 14), 2024, "乡镇/街道", set()),
    ],
)
def test_metadata_as_clerks_retype_it(
    tmp_path: Path, issued: object, year: object, kind: str, noted: set[str]
) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["一、总体情况"]
        ws["B5"] = issued
        if isinstance(issued, int):
            ws["B5"].number_format = "General"  # a serial Excel no longer shows as a date
        ws["B4"] = year
        ws["B3"] = kind

    imported = read_workbook(edit(write(tmp_path, filled_report()), change))
    assert imported.report.issued == date(2025, 1, 14)
    assert imported.report.year == 2024
    assert imported.report.agency_kind == "township"
    assert {n.key for n in imported.notes if n.key.startswith("meta.")} == noted


def test_unreadable_metadata_is_blank_with_a_note(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["一、总体情况"]
        ws["B5"] = "一月中旬"
        ws["B4"] = "今年"
        ws["B3"] = "某种单位"

    imported = read_workbook(edit(write(tmp_path, filled_report()), change))
    assert (imported.report.issued, imported.report.year, imported.report.agency_kind) == (
        None,
        None,
        None,
    )
    assert {n.key for n in imported.notes} >= {"meta.issued", "meta.year", "meta.agency_kind"}


def test_paragraphs_added_by_a_clerk_are_kept(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["六、其他事项"]
        ws.cell(ws.max_row + 3, 1).value = "  补充：本年度收取信息处理费0元。  "
        ws2 = wb["五、问题改进"]
        row = ws2.max_row + 1
        ws2.cell(row, 1).value = "三是“回应关切”不及时。"
        ws2.merge_cells(start_row=row, start_column=1, end_row=row + 2, end_column=1)

    imported = read_workbook(edit(write(tmp_path, filled_report()), change))
    assert imported.report.texts["other"] == [
        "本年度未收取信息处理费。",
        "补充：本年度收取信息处理费0元。",
    ]
    assert imported.report.texts["problems"][-1] == "三是“回应关切”不及时。"


def test_an_overlong_prose_sheet_is_cut_with_a_note(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = wb["六、其他事项"]
        for row in range(3, 6003):
            ws.cell(row, 1).value = f"第{row}段"

    imported = read_workbook(edit(write(tmp_path, filled_report()), change))
    other = imported.report.texts["other"]
    assert other[:2] == ["本年度未收取信息处理费。", "第3段"]
    assert len(other) < 6001
    assert any("过长" in n.message for n in imported.notes if n.key == "text:other")


def test_prose_found_by_its_title_when_names_are_lost(tmp_path: Path) -> None:
    report = filled_report()

    def change(wb: openpyxl.Workbook) -> None:
        for key in [n for n in wb.defined_names if n.startswith(("text.", "meta."))]:
            del wb.defined_names[key]
        wb["一、总体情况"].insert_rows(1, 2)  # metadata and prose all move down

    imported = read_workbook(edit(write(tmp_path, report), change))
    assert imported.report.texts == report.texts
    assert (imported.report.agency, imported.report.year) == (report.agency, report.year)
    assert imported.report.issued == report.issued


def test_format_known_from_names_when_marks_are_gone(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["一、总体情况"]["B6"] = None
        del wb["_nianbao"]

    imported = read_workbook(edit(write(tmp_path, filled_report("2019")), change))
    assert imported.report.format_id == "2019"
    assert notes_for(imported, "meta.format")
    retyped = read_workbook(edit(write(tmp_path, filled_report("2019"), "b.xlsx"), set_b6))
    assert retyped.report.format_id == "2019"  # the tables are 2019's, whatever B6 says
    assert retyped.report == filled_report("2019")
    assert "2021" in notes_for(retyped, "meta.format")[0].message


def set_b6(wb: openpyxl.Workbook) -> None:
    wb["一、总体情况"]["B6"] = "2021"


# ----------------------------------------------------------------------------- wrong files


def test_damaged_empty_and_wrong_files_give_chinese_messages(tmp_path: Path) -> None:
    good = write(tmp_path, filled_report()).read_bytes()
    cases = {
        "empty.xlsx": b"",
        "truncated.xlsx": good[: len(good) // 2],
        "noise.xlsx": b"this is not a workbook at all" * 10,
        "html.xlsx": "<html><body>年报</body></html>".encode(),
    }
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    cases["word.xlsx"] = docx.getvalue()
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("readme.txt", "hello")
    cases["plain.xlsx"] = plain.getvalue()
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(UnreadableFile) as info:
            read_workbook(tmp_path / name)
        message = str(info.value)
        assert re.search(r"[\u4e00-\u9fff]", message), name
        assert "Traceback" not in message
    with pytest.raises(UnreadableFile, match="找不到文件"):
        read_workbook(tmp_path / "missing.xlsx")


def test_a_damaged_part_inside_the_zip_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    source = write(tmp_path, filled_report())
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(broken, "w") as z_out:
        for info in z_in.infolist():
            data = z_in.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data[: len(data) // 2]
            z_out.writestr(info, data)
    with pytest.raises(UnreadableFile, match="损坏"):
        read_workbook(broken)


def test_an_unrelated_workbook_is_not_a_report(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "工资表"
    wb.active.append(["姓名", "金额"])
    wb.active.append(["张三", 5000])
    wb.defined_names["合计"] = DefinedName("合计", attr_text="'工资表'!$B$2")
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(NotAReport):
        read_workbook(tmp_path / "other.xlsx")


def test_password_protected_and_legacy_files(tmp_path: Path) -> None:
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(EncryptedFile, match="密码"):
        read_workbook(encrypted)
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(compound_file(["Workbook", "\x05SummaryInformation"]))
    with pytest.raises(NotAReport):  # a .xls renamed: the spreadsheet importer's job
        read_workbook(legacy)
    # Through the one door every caller uses, whatever the name says:
    for name in ("secret.xlsx", "secret.xls"):
        path = tmp_path / name
        path.write_bytes(encrypted.read_bytes())
        with pytest.raises(EncryptedFile, match="密码"):
            open_report(path)


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(FileTooLarge, match="过大"):
        read_workbook(huge)


# ----------------------------------------------------------------------------- LibreOffice


def resave_with_libreoffice(source: Path, out_dir: Path) -> Path:
    """Open and save the workbook in LibreOffice headless, recalculating every formula."""
    return convert(source, "xlsx:Calc MS Excel 2007 XML", out_dir / "saved", recalc=True)


@pytest.mark.libreoffice
def test_a_report_edited_and_saved_in_libreoffice(tmp_path: Path) -> None:
    report = filled_report()
    cleared = [f"appeals.cases.direct_{p}" for p in ("upheld", "corrected", "other", "pending")]

    def change(wb: openpyxl.Workbook) -> None:
        cell_of(wb, "requests.new.natural").value = 100
        for key in cleared:  # a whole group left blank: its total shows blank
            cell_of(wb, key).value = None

    path = resave_with_libreoffice(edit(write(tmp_path, report), change), tmp_path)
    imported = read_workbook(path)
    expected = dict(report.values)
    expected["requests.new.natural"] = 100
    parts = load_format("2021").formula_sum("requests.new.total").parts  # type: ignore[union-attr]
    expected["requests.new.total"] = sum(expected[p] or 0 for p in parts)
    for key in [*cleared, "appeals.cases.direct_total"]:
        expected[key] = None
    assert imported.report.values == expected
    assert imported.report.texts == report.texts
    assert (imported.report.agency, imported.report.year) == (report.agency, report.year)
    assert imported.report.issued == report.issued
    assert imported.report.acknowledgements == report.acknowledgements
    # LibreOffice saved the results: nothing had to be computed on reading
    assert not [n for n in imported.notes if "没有保存计算结果" in n.message]
