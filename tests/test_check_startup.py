"""`nianbao check FOLDER` up to its first reader child: everything the children use is loaded
once before they fork (they share it), and nothing that neither they nor the parent needs to
start them — every ms there is a ms before the first file is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import resources
from tests.helpers.fresh import heavy_among, imported_in_fresh_interpreter
from tests.helpers.paths import ROOT
from tests.helpers.reports import consistent_report
from workbook.files import save_report

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reader children fork on Linux only"
)

# The modules at the moment the first reader child would fork (the parent then ends at once).
UNTIL_THE_FIRST_FORK = (
    "import os, sys\n"
    "def fork():\n"
    "    print('MODULES', *sorted(sys.modules), flush=True)\n"
    "    os._exit(0)\n"
    "os.fork = fork\n"
    "from cli.main import main\n"
    "main(['check', sys.argv[1]])\n"
)

# What the readers and the checker never use, or the parent uses only after its children
# started: importlib.resources (resources reads beside itself), OpenSSL's hashes (one blake2b),
# the comparison behind the 汇总, json (only --format json), the TOML parser (the parsed files are
# kept), the Windows Job Object, OCR, and every writer and the app.
NOT_BEFORE_THE_FIRST_READER = (
    "importlib.resources",
    "importlib.readers",
    "hashlib",
    "_hashlib",
    "service.compare",
    "service.previous",
    "workbook.savefile",
    "json",
    "tomllib",
    "workbook.jobobject",
    "workbook.importers.sources.ocr",
    "openpyxl",
    "xlsxwriter",
    "PySide6",
    "gui",
)
# What each child uses: loaded once, before the fork, instead of once in every child.
SHARED_WITH_THE_CHILDREN = (
    "python_calamine",
    "workbook.files",
    "workbook.xlsx.read.fast",
    "workbook.readerchild",
    "rules.checker",
    "ctypes",  # the child's own set-up: prctl, mallopt
    "resource",  # its limits
    "encodings.cp437",  # zipfile's codec for the names in our workbooks
)


def test_check_loads_what_its_readers_share_and_nothing_else_before_they_start(tmp_path):
    resources.write_caches()  # as after a first run (or the bench's compile step)
    for i in range(3):
        save_report(consistent_report(), tmp_path / f"报告{i}.xlsx")
    modules = imported_in_fresh_interpreter(UNTIL_THE_FIRST_FORK, str(tmp_path))
    assert "workbook.sandbox" in modules  # it did get as far as starting a reader
    assert heavy_among(modules, NOT_BEFORE_THE_FIRST_READER) == []
    assert sorted(set(SHARED_WITH_THE_CHILDREN) - modules) == []


def test_check_ends_with_all_its_output_and_nothing_left_behind(tmp_path):
    """`nianbao` leaves out the interpreter's teardown after a command (cli.main.run): the
    output still arrives whole, the exit status is the command's, and the exit handlers still
    ran (the reader children's logs are gone)."""
    folder = tmp_path / "报告"
    folder.mkdir()
    for i in range(12):
        report = consistent_report()
        report.agency = f"第{i}单位"
        if i == 5:
            report.values["requests.new.natural"] += 1  # one report with an error: status 1
        save_report(report, folder / f"{i:02d}.xlsx")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "check", str(folder), "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    results = json.loads(done.stdout)  # all of it: flushed before the process ended
    assert len(results) == 12 and sum(1 for r in results if r["findings"]) == 1
    assert list(temporary.iterdir()) == []
