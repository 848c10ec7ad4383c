"""The layering of DESIGN.md and the README's code structure, enforced.

workbook/ (model ← guards, savefile, xlsx/read, xlsx/write, importers, jsonio ← files) and
rules/ never import Qt; rules/ touches no files; service/ sits above both and below gui/ and
cli/; no module imports another that imports it back, not even from inside a function. Inside
importers/, the stages of the one reading: labels ← repair ⇄ layout ← assemble ← pipeline ←
sources.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT


def _imports(package: str) -> set[str]:
    names: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Nodes under `if TYPE_CHECKING:`: annotations only, never run."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }


def _module_graph() -> dict[str, set[str]]:
    """Our modules and the modules of ours each imports at run time (function-local included)."""
    files = {
        _module_name(p): p
        for package in ("workbook", "rules", "service", "gui", "cli")
        for p in (ROOT / package).rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        deps: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                while name and name not in files:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    deps.add(name)
        graph[module] = deps
    return graph


def _room(module: str) -> str:
    """workbook.xlsx.read.cells -> workbook.xlsx.read; workbook.model.format -> workbook.model."""
    parts = module.split(".")
    if parts[:2] == ["workbook", "xlsx"] and len(parts) > 2:
        return ".".join(parts[:3])
    if parts[0] == "workbook" and len(parts) > 2:
        return ".".join(parts[:2])
    return module if parts[0] == "workbook" else parts[0]


def _room_imports(room: str) -> dict[str, set[str]]:
    """Rooms of workbook/ that `room` imports, with the module-level edges that do it."""
    out: dict[str, set[str]] = {}
    for module, deps in _module_graph().items():
        if _room(module) != room:
            continue
        for dep in deps:
            if dep.startswith("workbook") and _room(dep) != room:
                out.setdefault(_room(dep), set()).add(f"{module} -> {dep}")
    return out


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = _module_graph()
    seen: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycles.append([*path[path.index(module) :], module])
            return
        if module in seen:
            return
        for dep in sorted(graph[module]):
            visit(dep, [*path, module])
        seen.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert not cycles


@pytest.mark.parametrize(
    ("room", "allowed"),
    [
        # The model is the vocabulary: it imports no other room.
        ("workbook.model", set()),
        ("workbook.cfb", set()),  # OLE2 structure, read by the guards before calamine
        ("workbook.zipdir", set()),  # a plain zip directory, read without zipfile's objects
        (
            "workbook.blanktotals",
            {"workbook.model"},
        ),  # whether a total's empty saved result is right
        # for the guards
        ("workbook.zipscan", {"workbook.model", "workbook.zipdir", "workbook.blanktotals"}),
        ("workbook.guards", {"workbook.model", "workbook.cfb", "workbook.zipscan"}),
        ("workbook.savefile", {"workbook.model"}),
        # The reading sandbox: runs the one door (workbook.files) in a limited child process.
        ("workbook.readerchild", {"workbook.model", "workbook.files", "workbook.guards"}),
        ("workbook.jobobject", set()),  # Windows: the reader's memory limit, ctypes only
        ("workbook.answers", set()),  # a child's answer loaded as data only
        (
            "workbook.sandbox",
            {
                "workbook.model",
                "workbook.readerchild",
                "workbook.files",
                "workbook.jobobject",
                "workbook.answers",
            },
        ),
        ("workbook.jsonio", {"workbook.model"}),
        ("workbook.drafting", {"workbook.model"}),  # 据表生成: wording over the model only
        ("workbook.xlsx.write", {"workbook.model", "workbook.savefile"}),
        ("workbook.xlsx.kind", {"workbook.model"}),  # the kind mark, read before any reader
        # Our own workbooks; a table a clerk rebuilt falls back to the importers' grid finder.
        ("workbook.xlsx.read", {"workbook.model", "workbook.guards", "workbook.importers"}),
        # Other people's files: never our workbook reader or writer.
        # workbook.cfb: the BIFF records of .xls error cells, which calamine gives as empty.
        ("workbook.importers", {"workbook.model", "workbook.guards", "workbook.cfb"}),
    ],
)
def test_rooms_of_workbook_import_only_what_is_below_them(room: str, allowed: set[str]) -> None:
    imports = _room_imports(room)
    assert set(imports) <= allowed, {r: e for r, e in imports.items() if r not in allowed}


def test_our_reader_uses_the_importers_only_for_its_documented_fallback() -> None:
    edges = _room_imports("workbook.xlsx.read").get("workbook.importers", set())
    assert edges <= {"workbook.xlsx.read.reader -> workbook.importers.layout.grid"}


def test_rules_know_the_model_only() -> None:
    rooms = {_room(d) for m, ds in _module_graph().items() if m.startswith("rules") for d in ds}
    assert {r for r in rooms if r.startswith("workbook")} <= {"workbook.model"}


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


def test_tests_share_helpers_through_helper_modules_not_other_tests() -> None:
    """A test module imported by another runs its tests twice and ties them together."""
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.startswith("tests.") and module.split(".")[-1].startswith("test_"):
                offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert not offenders


def _template(node: ast.JoinedStr) -> str:
    """An f-string with each replacement field as {}: f"requests.{row.id}.total" -> requests.{}.total."""
    return "".join(
        v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
        for v in node.values
    )


def test_cell_keys_are_spelled_by_the_model_only() -> None:
    """A key is `cell_key`, `Block.keys(row)` or `Table.total_key(row)` — never a hand-built
    "{table}.{row}.{col}": a second spelling drifts from the first (DESIGN.md §1)."""
    key_like = re.compile(r"(\{\}|[a-z_]+)\.(\{\}|[a-z_]+)\.(\{\}|[a-z_]+)")
    spelled = []
    for package in ("workbook", "rules", "service", "gui", "cli"):
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "workbook" / "model" / "format.py":
                continue  # the one spelling
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    text = _template(node)
                    if "{}" in text and key_like.fullmatch(text):
                        spelled.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert not spelled
