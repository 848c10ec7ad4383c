"""Every sample (and its re-flowed copies) and every generated layout of both formats: never a
wrong number, file by file, and no less read than before the pipeline was rebuilt.

bench/bench_corpus.py prints the same corpus as a table, to compare two commits file by file.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

import pytest

from tests.importers.corpus import cases, read, score

CORPUS = {name: (text, want) for name, text, want in cases()}
BEFORE = 0.9755  # share of cells read right on main before issue 18 (30022 / 30776)


@cache
def _scored(name: str) -> tuple[int, int, int, int]:
    """(right, blank, wrong, total) for one file of the corpus, read through open_report."""
    text, want = CORPUS[name]
    with tempfile.TemporaryDirectory() as folder:
        return score(read(text, Path(folder) / "page.txt"), want)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_no_file_of_the_corpus_gives_a_wrong_number(name: str) -> None:
    right, blank, wrong, total = _scored(name)
    assert wrong == 0 and right + blank == total


def test_the_corpus_reads_at_least_as_much_as_before() -> None:
    scored = [_scored(name) for name in CORPUS]
    assert sum(s[0] for s in scored) / sum(s[3] for s in scored) >= BEFORE
