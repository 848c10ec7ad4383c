"""Our own data: the national formats, the rule catalogue, labels, wording (*.toml) and icons.

Found beside this file. `resources` is an ordinary package everywhere the program runs: in a
checkout, installed from the wheel (pyproject.toml's package-data) and in the Windows bundle
(packaging/nianbao.spec collects these files next to it, and PyInstaller sets __file__ there) —
never relative to the current directory. importlib.resources would find them too, but costs
~5 ms to import (tempfile, zipfile, its readers) before `nianbao check` can start a reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).parent


def path(*parts: str) -> Path:
    """One of our files, e.g. path("icons", "nianbao.svg"); it may not exist."""
    return HERE.joinpath(*parts)


def read_toml(*parts: str) -> dict[str, Any]:
    """One of our TOML files, parsed (callers cache what they keep); FileNotFoundError if absent."""
    import tomllib  # only its readers pay for it (the app's first paint reads none)

    return tomllib.loads(path(*parts).read_text(encoding="utf-8"))
