"""The layering of DESIGN.md: workbook/ and rules/ never import Qt; rules/ touches no files."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_core_layers_do_not_import_qt() -> None:
    for package in ("workbook", "rules", "service"):
        assert not {n for n in _imports(package) if n.startswith(("PySide", "PyQt"))}, package


def test_rules_do_no_file_io_and_never_import_the_gui() -> None:
    imports = _imports("rules")
    assert not imports & {"gui", "openpyxl", "xlsxwriter", "python_calamine", "cli", "pathlib"}
    for path in (ROOT / "rules").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {
            n.func.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        assert "open" not in calls, path


def test_workbook_never_imports_rules_or_gui() -> None:
    assert not _imports("workbook") & {"rules", "gui", "cli", "service"}


def test_services_sit_between_the_core_and_the_front_ends() -> None:
    """service/ uses rules/ and workbook/; only gui/ and cli/ use service/."""
    assert not _imports("service") & {"gui", "cli"}
    assert not _imports("rules") & {"service"}


def test_command_line_does_not_load_qt() -> None:
    """`nianbao check` on a server must not need a display or the Qt libraries."""
    code = (
        "import sys, cli.commands, workbook.files;"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False", out.stderr


def test_resources_are_found_without_the_working_directory(tmp_path: Path) -> None:
    code = "from workbook.model.format import load_format; print(len(load_format('2021').cells))"
    env_path = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.stdout.strip() == "200", out.stderr


def test_readme_lists_every_rule_of_the_catalogue() -> None:
    """Supervising offices read the rule table in the README; it must not fall behind."""
    from rules import all_rules

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [r.code for r in all_rules() if f"| {r.code} |" not in readme]
    assert not missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux-only")
def test_starting_the_app_without_a_display_explains_instead_of_crashing() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run(
        [sys.executable, "-m", "cli.main"], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert out.returncode == 2
    assert "没有检测到图形界面" in out.stderr and "nianbao check" in out.stderr
