"""Running the command line as a user does: a fresh process, its exit status and its output."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.paths import ROOT


def nianbao(
    *args: str, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`nianbao ARGS…` in a subprocess from the checkout (never raises for a non-zero exit)."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
