"""`nianbao export` fails like `template` and `convert`: one Chinese line on stderr, exit 2, the
target untouched and no scratch file left — for a read-only file (until --force), a folder, a
missing folder and a file held open by Excel (Windows refuses the replace: PermissionError)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli.main import main
from tests.rules.generate import consistent_report
from workbook.files import save_report


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "报告.json"
    save_report(consistent_report(3), path)
    return path


def _export(source: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str):
    code = main(["export", str(source), "-o", str(out), *extra])
    return code, capsys.readouterr()


def _one_chinese_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Error" not in err
    return lines[0]


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("ext", [".pdf", ".docx", ".html"])
def test_a_read_only_target_is_kept_until_force(source, tmp_path, capsys, ext):
    out = tmp_path / f"只读{ext}"
    out.write_bytes(b"old")
    out.chmod(0o444)
    code, printed = _export(source, out, capsys)
    assert code == 2
    assert "只读" in _one_chinese_line(printed.err) and "--force" in printed.err
    assert out.read_bytes() == b"old"
    code, printed = _export(source, out, capsys, "--force")
    assert code == 0, printed.err
    assert out.read_bytes() != b"old" and out.stat().st_size > 1000
    assert not _leftovers(tmp_path)


@pytest.mark.parametrize("ext", [".pdf", ".docx"])
def test_a_folder_and_a_missing_folder(source, tmp_path, capsys, ext):
    folder = tmp_path / f"某文件夹{ext}"
    folder.mkdir()
    code, printed = _export(source, folder, capsys)
    assert code == 2 and "文件夹" in _one_chinese_line(printed.err)
    assert folder.is_dir() and not list(folder.iterdir())
    code, printed = _export(source, tmp_path / "没有的文件夹" / f"报告{ext}", capsys)
    assert code == 2 and "文件夹不存在" in _one_chinese_line(printed.err)
    assert not (tmp_path / "没有的文件夹").exists()


@pytest.mark.parametrize("ext", [".pdf", ".docx"])
def test_a_file_open_in_excel(source, tmp_path, capsys, monkeypatch, ext):
    out = tmp_path / f"已打开{ext}"
    out.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, printed = _export(source, out, capsys)
    assert code == 2
    assert "正在 Excel 或 WPS 中打开" in _one_chinese_line(printed.err)
    assert out.read_bytes() == b"old" and not _leftovers(tmp_path)
