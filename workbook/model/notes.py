"""How reading notes read, the same in `check`, `convert`, `export` and the app's 导入说明.

A note about a cell names it once, as the clerk reads the printed table (row／column), never by
its internal key and never twice. Notes of one kind across many cells become one line with a
count ("34 个合计公式没有保存计算结果，已按公式重新计算"): a script-saved workbook otherwise buries
the one note that matters under thirty-four that say the same thing. Wording: resources/notes.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import resources
from workbook.model.cellnames import describe
from workbook.model.format import Format
from workbook.model.values import Note

FOLD_MIN = 2  # two notes saying the same already read better as one line


@cache
def _words() -> dict[str, Any]:
    return resources.read_toml("notes.toml")


def note_text(fmt: Format, note: Note) -> str:
    """One note as a line: its cell named first unless the message already says which it is."""
    if not fmt.has_cell(note.key):
        return note.message
    name = describe(fmt, note.key)
    row = fmt.cell(note.key).row_label
    if name in note.message or (row and row in note.message):
        return note.message
    return f"{name}：{note.message}"


def _bare(fmt: Format, note: Note) -> str:
    """The message without the cell's name in front (what notes on different cells share)."""
    if fmt.has_cell(note.key):
        name = describe(fmt, note.key) + "："
        if note.message.startswith(name):
            return note.message[len(name) :]
    return note.message


def _group(fmt: Format, note: Note) -> tuple[str, str] | None:
    """What this note shares with its kind, or None when it stays a line of its own."""
    if not fmt.has_cell(note.key):
        return None
    if note.kind and note.kind in _words()["folded"]:
        return ("kind", note.kind)
    message = _bare(fmt, note)
    if any(word in message for word in _words()["same"]["ask"]):
        return None
    return ("same", message)


def note_lines(fmt: Format, notes: Sequence[Note]) -> list[str]:
    """Every note once, in reading order; a group of FOLD_MIN or more cells as one line where
    its first note stood."""
    groups: dict[tuple[str, str], int] = {}
    for note in notes:
        group = _group(fmt, note)
        if group is not None:
            groups[group] = groups.get(group, 0) + 1
    words = _words()
    lines: list[str] = []
    done: set[tuple[str, str]] = set()
    for note in notes:
        group = _group(fmt, note)
        if group is None or groups[group] < FOLD_MIN:
            lines.append(note_text(fmt, note))
        elif group not in done:
            done.add(group)
            how, what = group
            count = groups[group]
            if how == "kind":
                lines.append(words["folded"][what].format(count=count))
            else:
                lines.append(words["same"]["line"].format(count=count, message=what))
    return lines
