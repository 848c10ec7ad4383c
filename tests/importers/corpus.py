"""Every sample and generated layout with the numbers it should read to: the corpus that
bench/bench_corpus.py measures (before/after a change, file by file) and test_corpus guards."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.paths import SAMPLES
from tests.importers.expected import expected_values
from tests.importers.layouts import LAYOUTS, REFLOWS, reflow
from tests.rules.generate import consistent_report
from workbook.files import open_report
from workbook.model.report import Value

SEEDS = range(5)


def score(got: dict[str, Value], want: dict[str, Value]) -> tuple[int, int, int, int]:
    """(right, blank, wrong, total) — a cell expected blank and read blank is right."""
    right = blank = wrong = 0
    for key, v in want.items():
        g = got.get(key)
        if g == v and (g is None) == (v is None):
            right += 1
        elif g is None:
            blank += 1
        else:
            wrong += 1
    return right, blank, wrong, len(want)


def read(text: str, tmp: Path) -> dict[str, Value]:
    tmp.write_text(text, encoding="utf-8")
    return open_report(tmp).report.values


def cases() -> list[tuple[str, str, dict[str, Value]]]:
    out: list[tuple[str, str, dict[str, Value]]] = []
    for path in sorted((SAMPLES / "real").glob("*.txt")):
        want = expected_values(path.with_name(path.name.split(".")[0] + ".expected.json"))
        text = path.read_text(encoding="utf-8")
        out.append((f"real/{path.name}", text, want))
        for how in REFLOWS:
            out.append((f"real/{path.name}~{how}", reflow(text, how), want))
    cixi = SAMPLES / "2024-cixi-kuangyan-town.txt"
    want = open_report(cixi.with_name(cixi.name + ".json")).report.values
    out.append((cixi.name, cixi.read_text(encoding="utf-8"), want))
    for format_id, year in (("2021", 2024), ("2019", 2020)):
        for seed in SEEDS:
            report = consistent_report(seed, format_id, year)
            for name, layout in sorted(LAYOUTS.items()):
                out.append((f"{format_id}/{name}/{seed}", layout(report), dict(report.values)))
    return out
