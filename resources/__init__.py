"""Our own data: the national formats, the rule catalogue, labels, wording (*.toml) and icons.

Found beside this file. `resources` is an ordinary package everywhere the program runs: in a
checkout, installed from the wheel (pyproject.toml's package-data) and in the Windows bundle
(packaging/nianbao.spec collects these files next to it, and PyInstaller sets __file__ there) —
never relative to the current directory. importlib.resources would find them too, but costs
~5 ms to import (tempfile, zipfile, its readers) before `nianbao check` can start a reader.

A TOML file once parsed is kept, as Python keeps a module's bytecode, in `__pycache__` beside it
(marshal, stamped with the file's size and modification time; read in ~0.04 ms instead of
~1 ms of parsing, and tomllib itself is then not imported). A changed file is parsed again; a
folder that cannot be written (an installation in Program Files), PYTHONDONTWRITEBYTECODE or a
damaged cache only mean parsing each time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
_CACHE_VERSION = 1  # of the cache's layout (marshal's own format changes with the cache tag)


def path(*parts: str) -> Path:
    """One of our files, e.g. path("icons", "nianbao.svg"); it may not exist."""
    return HERE.joinpath(*parts)


def read_toml(*parts: str) -> dict[str, Any]:
    """One of our TOML files, parsed (callers cache what they keep); FileNotFoundError if absent."""
    source = path(*parts)
    stamp = _stamp(source)
    kept = _cached(cache_file(source), stamp)
    return kept if kept is not None else _parse(source, stamp)


def write_caches() -> None:
    """Parse and keep every TOML file of ours, also under PYTHONDONTWRITEBYTECODE — as
    `python -m compileall` writes bytecode — for an installed copy's state after its first run
    (bench/bench_batch.py)."""
    for source in sorted(HERE.rglob("*.toml")):
        _parse(source, _stamp(source), always=True)


def cache_file(source: Path) -> Path | None:
    """Where the parsed `source` is kept (None: this Python has no cache tag)."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    return source.parent / "__pycache__" / f"{source.name}.{tag}.marshal"


def _stamp(source: Path) -> tuple[int, int, int]:
    stat = os.stat(source)
    return (_CACHE_VERSION, stat.st_size, stat.st_mtime_ns)


def _cached(cache: Path | None, stamp: tuple[int, int, int]) -> dict[str, Any] | None:
    if cache is None:
        return None
    try:
        kept = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or damaged
        return None
    if type(kept) is tuple and len(kept) == 2 and kept[0] == stamp and type(kept[1]) is dict:
        return kept[1]
    return None


def _parse(source: Path, stamp: tuple[int, int, int], always: bool = False) -> dict[str, Any]:
    """Parse `source` and keep the result: best effort and atomic (a reader never sees half a
    cache; a folder that cannot be written is no error)."""
    import tomllib  # only on a first reading (the app's first paint reads none)

    data = tomllib.loads(source.read_text(encoding="utf-8"))
    cache = cache_file(source)
    if cache is None or (sys.dont_write_bytecode and not always):
        return data
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        blob = marshal.dumps((stamp, data))  # ValueError for values marshal cannot hold
        cache.parent.mkdir(exist_ok=True)
        temporary.write_bytes(blob)
        os.replace(temporary, cache)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return data
