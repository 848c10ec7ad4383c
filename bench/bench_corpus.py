"""What the importers read of every sample and generated layout (a script, not a test).

`uv run python bench/bench_corpus.py [--json OUT]` prints, per file, the cells read right, left
blank and read WRONG, against the hand-read numbers (samples/real/*.expected.json), the JSON of
the cixi sample, or the generated report a layout was printed from. Run it on two commits and
compare the JSON outputs to see what a change to the reading gained or lost, file by file.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importers.expected import expected_values  # noqa: E402
from tests.importers.layouts import LAYOUTS, REFLOWS, reflow  # noqa: E402
from tests.rules.generate import consistent_report  # noqa: E402
from workbook.files import open_report  # noqa: E402
from workbook.model.report import Value  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
SEEDS = range(5)


def _score(got: dict[str, Value], want: dict[str, Value]) -> tuple[int, int, int, int]:
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


def _read(text: str, tmp: Path) -> dict[str, Value]:
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


def main() -> None:
    import tempfile

    results: dict[str, list[int]] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d) / "page.txt"
        for name, text, want in cases():
            results[name] = list(_score(_read(text, tmp), want))
    took = time.perf_counter() - start
    totals = [sum(r[i] for r in results.values()) for i in range(4)]
    for name, (right, blank, wrong, total) in results.items():
        flag = "  WRONG" if wrong else ""
        print(f"{name:58} {right:4}/{total:<4} blank {blank:3}{flag}")
    right, blank, wrong, total = totals
    print(
        f"\n{len(results)} files: {right}/{total} cells right ({right / total:.2%}), "
        f"{blank} blank, {wrong} wrong; {took:.1f} s"
    )
    if "--json" in sys.argv:
        out = Path(sys.argv[sys.argv.index("--json") + 1])
        out.write_text(json.dumps(results, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
