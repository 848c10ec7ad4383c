"""LibreOffice headless for the real-application tests: one way to find it and run it.

Each call gets a fresh profile directory; with `recalc` the profile tells LibreOffice to
recalculate every formula on load (it otherwise trusts the cached results of files that claim
to come from Excel, as xlsxwriter's do — see ENVIRONMENT.md).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item></oor:items>
"""
_profiles = itertools.count()


def soffice() -> str:
    """The LibreOffice binary; skips the test when it is missing (fails in CI, which has it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert(source: Path, to: str, out_dir: Path, *, recalc: bool = False) -> Path:
    """`soffice --convert-to <to>` into out_dir/<extension>/; returns the written file."""
    profile = out_dir / f"profile-{next(_profiles)}"
    if recalc:
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, "utf-8")
    extension = to.split(":", 1)[0]
    out = out_dir / extension
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            *("--convert-to", to, "--outdir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = out / f"{source.stem}.{extension}"
    assert result.exists(), f"LibreOffice did not write {result.name}"
    return result


def in_order(label: str, text: str, window: int = 200) -> bool:
    """Every character of `label`, in order, within `window` characters of
    `text`: a printed label that LibreOffice wrapped over lines or cells still counts."""
    start = text.find(label[0])
    while start != -1:
        at = start
        for ch in label[1:]:
            at = text.find(ch, at + 1, start + window)
            if at == -1:
                break
        else:
            return True
        start = text.find(label[0], start + 1)
    return False
