"""Shared test set-up: headless Qt, the shared samples (a must in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.paths import SAMPLES

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def samples_dir() -> Path:
    """The real published reports beside the checkout. Locally a test without them skips; in CI
    (the CI variable set) it fails, so a lost checkout of ../shared never passes unnoticed."""
    if not SAMPLES.is_dir():
        message = f"the shared samples are missing: {SAMPLES}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SAMPLES
