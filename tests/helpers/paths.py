"""Where the checkout and the shared sample reports are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
