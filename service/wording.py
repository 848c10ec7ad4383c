"""resources/summary.toml: the headings and notes of the 汇总 workbook, the comparison and the
batch's 重复报送 note.

Apart from service.compare so that `nianbao check` says a report was sent twice without
importing the comparison (html, difflib, the saving of workbooks) before its first reader.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import resources


@cache
def words() -> dict[str, Any]:
    """The wording, read once."""
    return resources.read_toml("summary.toml")
