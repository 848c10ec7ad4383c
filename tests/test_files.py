"""Opening and saving through workbook.files, and the convert / template commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from workbook import files
from workbook.jsonio import dumps_report
from workbook.model.errors import FileTooLarge, SaveFailed, UnreadableFile
from workbook.model.report import Report


def test_missing_empty_folder_and_unknown_files_get_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="找不到文件"):
        files.open_report(tmp_path / "nope.xlsx")
    with pytest.raises(UnreadableFile, match="文件夹"):
        files.open_report(tmp_path)
    (tmp_path / "empty.xlsx").write_bytes(b"")
    with pytest.raises(UnreadableFile, match="空的"):
        files.open_report(tmp_path / "empty.xlsx")
    (tmp_path / "a.pages").write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableFile, match="不支持的文件类型"):
        files.open_report(tmp_path / "a.pages")


def test_a_huge_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 10)
    (tmp_path / "big.json").write_text("{" + " " * 20 + "}")
    with pytest.raises(FileTooLarge):
        files.open_report(tmp_path / "big.json")


def test_gbk_json_and_utf8_bom_are_decoded() -> None:
    assert files.decode_text("报告".encode("gbk")) == "报告"
    assert files.decode_text("\ufeff报告".encode()) == "报告"


def test_json_saves_and_opens(tmp_path: Path) -> None:
    r = Report.blank("2021", agency="某局", year=2025)
    r.values["requests.new.total"] = 3
    files.save_report(r, tmp_path / "r.json")
    assert files.open_report(tmp_path / "r.json").report == r


def test_saving_to_an_unknown_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SaveFailed, match=r"\.xlsx"):
        files.save_report(Report.blank(), tmp_path / "r.doc")


def test_convert_reports_unreadable_input_in_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    assert main(["convert", str(bad), "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.xlsx").exists()


def test_convert_json_to_json_keeps_everything(tmp_path: Path) -> None:
    r = Report.blank("2021", agency="某局", year=2025)
    r.values["appeals.cases.review_total"] = 0
    src = tmp_path / "in.json"
    src.write_text(dumps_report(r), encoding="utf-8")
    assert main(["convert", str(src), "-o", str(tmp_path / "out.json")]) == 0
    out = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert out["appeals"][4] == 0 and out["appeals"][0] is None


def test_unknown_output_type_is_refused(tmp_path: Path, capsys) -> None:
    assert main(["convert", "x.json", "-o", str(tmp_path / "out.pdf")]) == 2
    assert "只能写出" in capsys.readouterr().err


def test_a_text_without_any_report_is_refused_not_read_as_blank(tmp_path: Path, capsys) -> None:
    """A wrong file must not turn into an all-blank report that 'has errors'."""
    (tmp_path / "notes.txt").write_text("会议纪要\n明天九点开会。\n", encoding="utf-8")
    assert main(["convert", str(tmp_path / "notes.txt"), "-o", str(tmp_path / "o.json")]) == 2
    assert "没有找到年度报告的内容" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["template"], "缺少参数"),
        (["template", "t.xlsx", "--year", "abc"], "应为整数"),
        (["check", "--format", "xml", "a.xlsx"], "无效"),
        (["convert", "a.json", "-o", "b.json", "extra"], "无法识别的参数"),
    ],
)
def test_usage_errors_are_chinese_with_status_64(argv: list[str], words: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 64  # usage error (README), not 2 = a file could not be read
    err = capsys.readouterr().err
    assert words in err and "unrecognized" not in err and "invalid" not in err
