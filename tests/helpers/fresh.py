"""What a fresh interpreter has imported at a given moment: start-up tests of the app and of
`nianbao check` name the modules that must (not) be loaded by then."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.paths import ROOT


def imported_in_fresh_interpreter(code: str, *args: str, mark: str = "MODULES") -> set[str]:
    """The modules a fresh interpreter has imported when `code` prints `mark`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith(mark + " ")]
    assert lines, out.stderr[-2000:]
    return set(lines[-1].split()[1:])


def heavy_among(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """Those of `modules` that are one of `names` or inside one of them."""
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))
