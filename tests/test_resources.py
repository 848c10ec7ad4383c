"""Our data files (resources/): found beside the package wherever it is installed, and read from
the parsed copy kept in __pycache__ only while that copy is the file's own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import resources
from tests.helpers.paths import ROOT
from tests.helpers.reports import consistent_report
from workbook.files import save_report


@pytest.fixture
def data_folder(tmp_path, monkeypatch) -> Path:
    """A copy of resources/ that resources reads instead, caches allowed to be written."""
    folder = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resources, "HERE", folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


def parsed(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_every_data_file_reads_the_same_parsed_or_kept(data_folder, monkeypatch):
    files = sorted(data_folder.rglob("*.toml"))
    assert len(files) >= 10
    first = {f: resources.read_toml(*f.relative_to(data_folder).parts) for f in files}
    assert all(resources.cache_file(f).is_file() for f in files)
    monkeypatch.setitem(sys.modules, "tomllib", None)  # any parsing now fails: read the copies
    for f in files:
        assert resources.read_toml(*f.relative_to(data_folder).parts) == first[f] == parsed(f)


def test_a_changed_file_is_read_again_not_its_old_copy(data_folder):
    notes = data_folder / "notes.toml"
    before = resources.read_toml("notes.toml")
    text = notes.read_text(encoding="utf-8")
    changed = text.replace("个单元格", "个格子", 1)  # a clerk's office rewords a note
    assert changed != text
    notes.write_text(changed, encoding="utf-8")
    stat = notes.stat()  # the same second as the first reading: the stamp still differs
    os.utime(notes, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    after = resources.read_toml("notes.toml")
    assert after == parsed(notes) != before


def test_a_damaged_copy_or_a_folder_that_cannot_be_written_only_costs_time(
    data_folder, monkeypatch
):
    rules = data_folder / "rules.toml"
    resources.read_toml("rules.toml")
    resources.cache_file(rules).write_bytes(b"\xe3 not what marshal wrote")
    assert resources.read_toml("rules.toml") == parsed(rules)

    blocked = data_folder / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(resources, "cache_file", lambda source: blocked / "__pycache__" / "x")
    assert resources.read_toml("rules.toml") == parsed(rules)
    assert not list(data_folder.rglob("*.tmp"))  # no half-written copy left behind


def test_under_dont_write_bytecode_nothing_is_written_until_asked(data_folder, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    resources.read_toml("workbook.toml")
    assert not resources.cache_file(data_folder / "workbook.toml").exists()
    resources.write_caches()  # as compileall writes bytecode under the same setting
    assert all(resources.cache_file(f).is_file() for f in data_folder.rglob("*.toml"))


def installed_copy(target: Path) -> Path:
    """The packages and package data pyproject.toml puts in the wheel, laid out as pip does."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    data = config["setuptools"]["package-data"]
    for package in config["setuptools"]["packages"]:
        source = ROOT.joinpath(*package.split("."))
        folder = target.joinpath(*package.split("."))
        folder.mkdir(parents=True, exist_ok=True)
        for pattern in ["*.py", *data.get(package, [])]:
            for f in source.glob(pattern):
                if f.is_file():
                    (folder / f.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, folder / f.relative_to(source))
    return target


# In a fresh interpreter: the checkout's editable install is taken out, so that every package
# comes from the copy alone.
RUN_INSTALLED = (
    "import sys\n"
    "sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in repr(f)]\n"
    "import resources, rules.checker, service.batch, workbook.files\n"
    "from cli.main import main\n"
    "print('FROM', *(sys.modules[m].__file__ for m in ('resources', 'rules.checker',"
    " 'service.batch', 'workbook.files', 'cli.main')), file=sys.stderr)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def test_an_installed_copy_finds_its_data_and_keeps_it_beside_itself(tmp_path):
    site = installed_copy(tmp_path / "site-packages")
    reports = tmp_path / "报告"
    reports.mkdir()
    for name in ("甲.xlsx", "甲（重报）.xlsx"):  # one unit twice: the 重复报送 wording
        save_report(consistent_report(), reports / name)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(site)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RUN_INSTALLED, "check", str(reports), "--format", "json"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = check()
    assert first.returncode == 0, first.stderr[-2000:]
    where = next(line for line in first.stderr.splitlines() if line.startswith("FROM "))
    assert all(f.startswith(str(site)) for f in where.split()[1:]), where
    results = json.loads(first.stdout)
    assert [Path(r["file"]).name for r in results] == ["甲.xlsx", "甲（重报）.xlsx"]
    assert sum(1 for r in results if r["duplicate_of"]) == 1
    kept = sorted(p.name for p in (site / "resources").rglob("*.marshal"))
    assert "rules.toml" in " ".join(kept) and "2021.toml" in " ".join(kept)

    again = check()  # from the kept copies: the same answer
    assert again.returncode == 0 and json.loads(again.stdout) == results
