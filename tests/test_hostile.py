"""Regression fixtures for every class of hostile file the fuzzing session found.

Bombs and monsters are built at runtime (tests/fuzz/hostile.py); nothing large is committed.
Inputs that once killed the process are read in the reading sandbox (workbook.sandbox), as every
caller reads them: a regression is one refused file, never a dead test run. The probe's shapes
that walked around the old pattern guards are in tests/test_contained.py.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.fuzz import hostile
from workbook import files
from workbook.importers.layout.sections import find_headings
from workbook.importers.sources.html import import_html
from workbook.jsonio import loads_report
from workbook.model.errors import FileTooLarge, NotAReport, ReportError, UnreadableFile
from workbook.model.format import load_format
from workbook.model.report import Report
from workbook.sandbox import open_contained
from workbook.xlsx.read.fast import fast_read
from workbook.xlsx.read.reader import read_workbook
from workbook.xlsx.write.writer import write_report, writing_notes
from workbook.zipscan import scan_zip

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def read_contained(path: Path) -> str:
    """ "OK <notes>" or "REFUSED <message>", read as every caller reads: in the sandbox."""
    try:
        r = open_contained(path)
    except ReportError as e:
        return f"REFUSED {e}"
    return f"OK {len(r.notes)}"


# ----------------------------------------------------------------------------- guards


@pytest.mark.parametrize("cell", ["XFD1048576", "CV1048576"])
def test_a_sparse_monster_is_one_sentence(tmp_path: Path, cell: str, capfd) -> None:
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(hostile.sparse_monster(cell))
    assert path.stat().st_size < 40_000
    out = read_contained(path)  # was SIGABRT of the whole process inside calamine
    assert out.startswith(("OK", "REFUSED")) and capfd.readouterr().err == ""
    if out.startswith("REFUSED"):
        assert CHINESE.search(out)


# The far cell spelled as XML allows but no writer of ours would.
@pytest.mark.parametrize(
    "spelling",
    [
        '<c r = "XFD1048576">',
        "<c r='XFD1048576'>",
        '<c\tr="XFD1048576">',
        '<c\n r =\n"XFD1048576">',
    ],
)
def test_a_far_cell_in_any_spelling_is_one_sentence(tmp_path: Path, spelling: str) -> None:
    def add(xml: bytes) -> bytes:
        extra = f'<row r="1048576">{spelling}<v>1</v></c></row>'.encode()
        return xml.replace(b"</sheetData>", extra + b"</sheetData>")

    path = tmp_path / "far.xlsx"
    path.write_bytes(
        hostile.replace_member(hostile.our_workbook(), "xl/worksheets/sheet1.xml", add)
    )
    out = read_contained(path)
    assert out.startswith("OK") or (out.startswith("REFUSED") and CHINESE.search(out)), out


@pytest.mark.parametrize(("rows", "cols", "gap"), [(300_000, 100, 0), (1, 1, 2_000_000)])
def test_an_ods_of_repeated_cells_is_one_sentence(tmp_path: Path, rows, cols, gap):
    path = tmp_path / "repeats.ods"
    path.write_bytes(hostile.ods_repeats(rows, cols, gap=gap))
    assert path.stat().st_size < 2_000
    out = read_contained(path)  # was SIGABRT inside calamine
    assert out.startswith("REFUSED") and CHINESE.search(out), out


@pytest.mark.parametrize("tag", ["f", "x:f"])
def test_a_foreign_formula_is_seen_with_or_without_a_prefix(tag: str) -> None:
    def add(xml: bytes) -> bytes:
        extra = f'<row r="90"><c r="B90"><{tag}>WEBSERVICE("x")</{tag}><v>1</v></c></row>'
        return xml.replace(b"</sheetData>", extra.encode() + b"</sheetData>")

    data = hostile.replace_member(hostile.our_workbook(), "xl/worksheets/sheet1.xml", add)
    assert scan_zip(data, "f.xlsx").foreign_formulas
    assert not scan_zip(hostile.our_workbook(), "ours.xlsx").foreign_formulas


@pytest.mark.parametrize("honest", [True, False])
def test_a_gigabyte_zip_bomb_is_refused(tmp_path: Path, honest: bool) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile.zip_bomb(1024, honest=honest))
    with pytest.raises(FileTooLarge, match="解压后过大"):
        files.open_report(path)


@pytest.mark.parametrize("honest", [True, False])
def test_a_word_zip_bomb_is_refused_whatever_its_headers_say(tmp_path: Path, honest: bool) -> None:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("某局2024年政府信息公开工作年度报告")
    document.save(buffer)
    path = tmp_path / "bomb.docx"
    path.write_bytes(
        hostile.zip_bomb(
            300,
            honest=honest,
            source=buffer.getvalue(),
            part="word/document.xml",
            after=b"<w:body>",
        )
    )
    with pytest.raises(FileTooLarge, match="解压后过大"):
        files.open_report(path)


def test_a_changed_part_with_its_old_crc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crc.xlsx"
    path.write_bytes(hostile.bad_crc())
    with pytest.raises(UnreadableFile, match="校验不符"):
        files.open_report(path)
    assert fast_read(path) is None
    assert "校验不符" in read_contained(path)


def test_thousands_of_members_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    path.write_bytes(hostile.many_members())
    with pytest.raises(FileTooLarge):
        files.open_report(path)


def test_a_damaged_xls_is_a_chinese_message_and_stderr_stays_quiet(tmp_path: Path, capfd) -> None:
    data = (CORPUS / "clerk.xls").read_bytes()
    for i, damaged in enumerate([data[: len(data) - 700], data[:5000], data[:600]]):
        path = tmp_path / f"d{i}.xls"
        path.write_bytes(damaged)
        out = read_contained(path)
        assert out.startswith("REFUSED") and CHINESE.search(out), out
    assert capfd.readouterr().err == ""


def test_a_native_panic_becomes_that_files_message(tmp_path: Path, monkeypatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises: not an Exception
        pass

    def panic(*_args: object, **_kwargs: object) -> None:
        raise PanicException("index out of range")

    monkeypatch.setattr(files, "_open", panic)
    path = tmp_path / "r.xls"
    path.write_bytes(b"x")
    with pytest.raises(UnreadableFile) as info:
        files.open_report(path)
    assert CHINESE.search(str(info.value)) and "Panic" not in str(info.value)


def test_cached_values_of_foreign_formulas_are_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "dde.xlsx"
    write_report(Report.blank("2021", agency="某局", year=2024), path)
    book = openpyxl.load_workbook(path)
    sheet_name, ref = next(iter(book.defined_names["requests.new.natural"].destinations))
    book[sheet_name][ref.replace("$", "")] = '=WEBSERVICE("http://example.com/x")'
    book.save(path)
    assert fast_read(path) is None
    notes = read_workbook(path).notes
    assert any("WEBSERVICE" in n.raw or "公式" in n.message for n in notes)


def test_a_long_file_name_is_a_chinese_message(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as info:
        files.open_report(tmp_path / ("很长的名字" * 60 + ".xlsx"))
    assert CHINESE.search(str(info.value)) and "too long" not in str(info.value)


# ----------------------------------------------------------------------------- the writer


def test_control_characters_never_make_an_unreadable_workbook(tmp_path: Path) -> None:
    report = Report.blank("2021", agency="某\x04局\ufffe", year=2024)
    report.set_text("overview", "总体\x00情况\uffff良好")
    path = tmp_path / "r.xlsx"
    write_report(report, path)
    for read in (read_workbook, fast_read):
        back = read(path)
        assert back is not None
        assert back.report.agency == "某局"
        assert back.report.texts["overview"] == ["总体情况良好"]
    notes = writing_notes(report)
    assert {n.key for n in notes} >= {"meta.agency", "text:overview"}
    assert all("控制字符" in n.message for n in notes)


@pytest.mark.parametrize("text", ["_x005F_x0041_", "_x0004_", "a_x005F_b", "x005F_", "_xFFFE_"])
def test_escape_syntax_in_prose_comes_back_identical(tmp_path: Path, text: str) -> None:
    report = Report.blank("2021", agency=f"某局{text}", year=2024)
    report.set_text("overview", f"正文{text}结束")
    path = tmp_path / "r.xlsx"
    write_report(report, path)
    for read in (read_workbook, fast_read):
        back = read(path)
        assert back is not None
        assert back.report.texts["overview"] == [f"正文{text}结束"]
        assert back.report.agency == f"某局{text}"


def test_what_excel_cannot_hold_is_kept_exactly_and_noted(tmp_path: Path) -> None:
    report = Report.blank("2021", agency="某局", year=2024)
    report.values["requests.new.natural"] = 12345678901234567
    report.issued = date(1800, 1, 1)
    path = tmp_path / "r.xlsx"
    write_report(report, path)
    back = read_workbook(path).report
    assert back.values["requests.new.natural"] == 12345678901234567
    messages = " ".join(n.message for n in writing_notes(report))
    assert "15位" in messages and "1900" in messages


# ----------------------------------------------------------------------------- JSON


def _json(**changes: object) -> str:
    data = json.loads((CORPUS / "report.json").read_text(encoding="utf-8"))
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_json(agency_kind=5), "agency_kind"),
        (_json(text={"overview": ["a", "b"]}), "text.overview"),
        (_json(issued="1800-01-01"), "issued"),
        (_json(year=10**20), "year"),
        (_json(agency="X").replace('"X"', '"\\ud800"'), "agency"),
        (_json(acknowledgements="yes"), "acknowledgements"),
    ],
)
def test_wrong_json_names_the_field(text: str, field: str) -> None:
    with pytest.raises(NotAReport) as info:
        loads_report(text)
    assert field in str(info.value) and CHINESE.search(str(info.value))


@pytest.mark.parametrize("number", ["1e400", "1E+400", "12345678901234567", "NaN", "Infinity"])
def test_numbers_json_cannot_hold_exactly_are_refused(number: str) -> None:
    text = _json(appeals=[0] * 15).replace("[0, 0", f"[{number}, 0", 1)
    with pytest.raises(NotAReport, match=r"数字|范围"):
        loads_report(text)


def test_decimals_still_read_exactly() -> None:
    data = json.loads(_json())
    data["active"]["fees"] = 0.1
    assert loads_report(json.dumps(data)).values["active.fees.amount"] == Decimal("0.1")


# ----------------------------------------------------------------------------- importers


def test_mismatched_closing_tags_are_linear() -> None:
    page = b"<html><body>" + b"<div>" * 100_000 + b"</span>" * 100_000
    with pytest.raises(NotAReport):  # was > 300 s: each stray end tag scanned the whole stack
        import_html(page)


def test_thousands_of_heading_like_lines_need_no_recursion() -> None:
    fmt = load_format("2021")
    lines = [s.short_title for s in fmt.sections] * 2000
    found = find_headings(lines, fmt)  # was a RecursionError: depth = headings + candidates
    assert set(found) == {s.id for s in fmt.sections}


def test_a_zip_read_by_zipfile_and_by_the_guard_agree(tmp_path: Path) -> None:
    """Our own hand-built zip (used by all bombs above) is a valid workbook when honest."""
    data = hostile.build_zip(hostile.members_of(hostile.our_workbook()))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
    path = tmp_path / "ok.xlsx"
    path.write_bytes(data)
    assert files.open_report(path).report.agency == "某镇人民政府"


# ----------------------------------------------------------------------------- saving


def test_a_read_only_target_is_not_silently_replaced(tmp_path: Path) -> None:
    from workbook.savefile import ReadOnlyTarget

    target = tmp_path / "定稿.xlsx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    with pytest.raises(ReadOnlyTarget, match="只读"):
        files.save_report(Report.blank("2021", agency="某局"), target)
    assert target.read_bytes() == b"final"
    files.save_report(Report.blank("2021", agency="某局"), target, force=True)
    assert files.open_report(target).report.agency == "某局"


def test_cli_refuses_a_read_only_target_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    command = [sys.executable, "-m", "cli.main", "template", str(target)]
    refused = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "只读" in refused.stderr
    assert target.read_bytes() == b"final"
    forced = subprocess.run(
        [*command, "--force"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert forced.returncode == 0 and target.read_bytes() != b"final"


def test_the_cause_is_named_right(tmp_path: Path, monkeypatch) -> None:
    import errno

    import workbook.savefile as savefile

    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def folder_refuses(*_a: object, **_k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(savefile.tempfile, "mkstemp", folder_refuses)
    with pytest.raises(savefile.SaveFailed, match="文件夹是只读的"):
        savefile.write_bytes(target, b"new")
    monkeypatch.undo()

    def immutable(*_a: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(savefile.os, "replace", immutable)
    with pytest.raises(savefile.SaveFailed, match="不可修改"):
        savefile.write_bytes(target, b"new")
    monkeypatch.undo()

    def read_only_disk(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(savefile.tempfile, "mkstemp", read_only_disk)
    with pytest.raises(savefile.SaveFailed) as info:
        savefile.write_bytes(target, b"new")
    assert "只读" in str(info.value) and "Read-only" not in str(info.value)
    assert target.read_bytes() == b"old"


def test_long_names_get_a_chinese_message(tmp_path: Path) -> None:
    from workbook.model.errors import SaveFailed

    with pytest.raises(SaveFailed, match="过长"):
        files.save_report(Report.blank("2021"), tmp_path / ("很长" * 60 + ".xlsx"))
    fits = tmp_path / ("长" * 80 + ".xlsx")  # 245 bytes: valid, though temp names add more
    files.save_report(Report.blank("2021"), fits)
    assert fits.is_file() and [p.name for p in tmp_path.iterdir()] == [fits.name]


def test_temp_files_of_an_interrupted_save_go_at_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "年报.xlsx"
    files.save_report(Report.blank("2021"), target)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    leftovers = [
        tmp_path / f".年报.xlsx.{dead.stdout.strip()}.abcd1234.tmp",  # a killed save
        tmp_path / ".年报.xlsx.old_name.tmp",  # an older version's temp
    ]
    for temp in leftovers:
        temp.write_bytes(b"half")
    os.utime(leftovers[1], (0, 0))
    files.save_report(Report.blank("2021"), target)
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]


# ----------------------------------------------------------------------------- found by fuzzing


def _xls_with(change) -> bytes:  # type: ignore[no-untyped-def]
    data = bytearray((CORPUS / "clerk.xls").read_bytes())
    change(data)
    return bytes(data)


def _root_entry_size(data: bytearray) -> None:
    """The root entry's 64-bit size (its high half): calamine reserved it and aborted."""
    from workbook.cfb import CompoundFile

    cfb = CompoundFile(bytes(data))
    first_dir = int.from_bytes(data[0x30:0x34], "little")
    at = (first_dir + 1) * cfb.size + 120 + 6
    data[at] = 0x60


def _inverted_dimensions(data: bytearray) -> None:
    """A DIMENSIONS record whose first row lies past its last: calamine underflowed."""
    at = bytes(data).find(b"\x00\x02\x0e\x00")  # record 0x0200, 14 bytes
    data[at + 4 + 2] = 0x53


@pytest.mark.parametrize("change", [_root_entry_size, _inverted_dimensions])
def test_xls_structures_that_made_calamine_abort(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.xls"
    path.write_bytes(_xls_with(change))
    out = read_contained(path)
    assert out.startswith("REFUSED") and CHINESE.search(out), out


def test_a_shared_string_count_calamine_would_reserve_is_one_sentence(tmp_path: Path) -> None:
    def huge(xml: bytes) -> bytes:
        return re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4000000000"', xml)

    path = tmp_path / "sst.xlsx"
    path.write_bytes(hostile.replace_member(hostile.our_workbook(), "xl/sharedStrings.xml", huge))
    out = read_contained(path)  # read, or refused within the limits: never a dead process
    assert out.startswith("OK") or (out.startswith("REFUSED") and CHINESE.search(out)), out


def test_a_damaged_style_index_prints_nothing(tmp_path: Path, capfd) -> None:
    """openpyxl prints "N is out of range" on stdout for a style index past the table."""

    def huge(xml: bytes) -> bytes:
        return re.sub(rb'(<cellStyle [^>]*xfId=)"\d+"', rb'\1"4000000000"', xml)

    path = tmp_path / "style.xlsx"
    clerk = (CORPUS / "clerk.xlsx").read_bytes()  # read by openpyxl (ours go to calamine)
    path.write_bytes(hostile.replace_member(clerk, "xl/styles.xml", huge))
    try:
        files.open_report(path)
    except ReportError as e:
        assert CHINESE.search(str(e))
    out, err = capfd.readouterr()
    assert out == "" and err == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [("one-line.txt", "1 " * 600_000), ("table.html", "<tr><td>1</td></tr>" * 120_000)],
)
def test_text_far_beyond_a_report_is_refused_before_the_work(tmp_path: Path, name, text) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileTooLarge, match="过多"):  # was 18 s for 4 MB of "1 1 1 …"
        files.open_report(path)
