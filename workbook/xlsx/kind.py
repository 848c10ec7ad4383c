"""Reading the kind mark (workbook.model.kinds) of a workbook, cheaply, before any reader.

The mark is the custom document property `nianbao_kind` (docProps/custom.xml; LibreOffice keeps
it in .xlsx and moves it to meta.xml in .ods). One zip member of a few hundred bytes and no
openpyxl, so a folder scan of 10,000 files can afford to look at every one.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from workbook.model.kinds import KINDS, PROPERTY

MAX_PART = 64 * 1024  # a property part larger than this is not ours: read no further

# Where each zip container keeps user-defined properties.
_PARTS = {".xlsx": "docProps/custom.xml", ".xlsm": "docProps/custom.xml", ".ods": "meta.xml"}
_OOXML = re.compile(
    rb'name="' + PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>\s*([a-z]+)\s*</vt:lpwstr>'
)
_ODF = re.compile(rb'meta:name="' + PROPERTY.encode() + rb'"[^>]*>\s*([a-z]+)\s*<')


def workbook_kind(path: str | os.PathLike[str]) -> str | None:
    """The `nianbao_kind` of a workbook we wrote, or None (a report, not ours, or unreadable:
    reading the file properly is the reader's job, with its own messages)."""
    part = _PARTS.get(Path(path).suffix.lower())
    if part is None:
        return None
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo(part)
            if info.file_size > MAX_PART:
                return None
            with z.open(info) as f:
                data = f.read(MAX_PART)
    except (OSError, KeyError, ValueError, RuntimeError, zipfile.BadZipFile, EOFError):
        return None
    found = (_ODF if part == "meta.xml" else _OOXML).search(data)
    if found is None:
        return None
    kind = found.group(1).decode("ascii")
    return kind if kind in KINDS else None
