"""`nianbao --version`: the one version number (pyproject.toml), without loading Qt."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from cli.main import main
from tests.helpers.paths import ROOT


def _project_version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def test_version_prints_the_project_version(capsys) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == f"nianbao（年报工作台）{_project_version()}"
    assert main(["-V"]) == 0


def test_version_opens_no_window_and_needs_no_qt() -> None:
    code = (
        "import sys; from cli.main import main; rc = main(['--version']);"
        "print(any(m.startswith('PySide6') for m in sys.modules), rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().endswith("False 0"), out.stderr


def test_help_mentions_version(capsys) -> None:
    assert main(["--help"]) == 0
    assert "--version" in capsys.readouterr().out
