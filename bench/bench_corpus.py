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

from tests.importers.corpus import cases, read, score  # noqa: E402


def main() -> None:
    import tempfile

    results: dict[str, list[int]] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d) / "page.txt"
        for name, text, want in cases():
            results[name] = list(score(read(text, tmp), want))
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
