"""Time and peak memory of hostile files as every caller reads them — in the reading sandbox
(workbook.sandbox) — a script, not a test: `uv run python bench/bench_hostile.py [--probe-only]`.

Each file is built at runtime (tests/fuzz/hostile.py, and the probe's shapes of issue 19 in
tests/fuzz/probe.py) and read by a fresh sandbox child. Prints one line per case: size on disk,
seconds, the child's peak resident memory as the sandbox's watchdog saw it (it looks every
50 ms; RLIMIT_AS stops a faster spike at the limit), and the outcome (the Chinese sentence, or
how many notes on success). The parent's own peak is printed at the end.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import hostile  # noqa: E402

CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def big_workbook(rows: int = 200_000) -> bytes:
    """A legitimate but huge workbook (a clerk's whole register): 200k rows × 8 columns."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("台账")
    for r in range(rows):
        sheet.write_row(r, 0, [f"事项{r}", r, r * 2, "依申请公开", r % 7, "已办结", 1.5, "备注"])
    book.close()
    return buffer.getvalue()


def cases() -> dict[str, Callable[[], tuple[str, bytes]]]:
    """Built one at a time (the 200k-row workbook alone takes a while and memory)."""
    text = (CORPUS / "report.txt").read_bytes()
    page = (CORPUS / "report.html").read_bytes()
    limit = 5 * 1024 * 1024 - 4096
    return {
        "sparse cell XFD1048576": lambda: (".xlsx", hostile.sparse_monster("XFD1048576")),
        "sparse cell CV1048576": lambda: (".xlsx", hostile.sparse_monster("CV1048576")),
        "zip bomb 1 GB (headers lie)": lambda: (".xlsx", hostile.zip_bomb(1024)),
        "zip bomb 1 GB (honest headers)": lambda: (".xlsx", hostile.zip_bomb(1024, honest=True)),
        "zip bomb 95 MB (headers lie)": lambda: (".xlsx", hostile.zip_bomb(95)),
        "bad CRC-32": lambda: (".xlsx", hostile.bad_crc()),
        ".ods repeats 300k × 100": lambda: (
            ".ods",
            hostile.ods_repeats(300_000, 100),
        ),
        "5000 members": lambda: (".xlsx", hostile.many_members()),
        "damaged .xls": lambda: (".xls", (CORPUS / "clerk.xls").read_bytes()[:5000]),
        "100k <div> then 100k </span>": lambda: (
            ".html",
            b"<div>" * 100_000 + b"</span>" * 100_000,
        ),
        "legit register, 200k rows": lambda: (".xlsx", big_workbook()),
        "text at the 5 MB limit": lambda: (".txt", (text * (limit // len(text)))),
        "page at the 5 MB limit": lambda: (".html", (page * (limit // len(page)))),
    }


def run(path: Path) -> tuple[float, float, str]:
    from workbook.model.errors import ReportError
    from workbook.sandbox import Sandbox

    with Sandbox(1) as box:
        box.warm()
        time.sleep(0.3)  # the child's own start is not the file's time
        began = time.perf_counter()
        try:
            r = box.read(path)
            out = f"读取成功，{len(r.notes)} 条说明"
        except ReportError as e:
            out = str(e)[:70]
        took = time.perf_counter() - began
    return took, box.peak / 2**20, out


def main() -> None:
    from tests.fuzz import probe

    baseline = run(CORPUS / "report.xlsx")
    print(f"{'case':36} {'size':>9} {'s':>6} {'peak MB':>8}  outcome")
    print(f"{'(our own report, baseline)':36} {'20 KB':>9} {baseline[0]:6.2f} {baseline[1]:8.0f}")
    table: dict[str, tuple[str, Callable[[Path], None]]] = {**probe.SMALL, **probe.HUGE}
    if "--probe-only" not in sys.argv:
        for name, make in cases().items():
            table[name] = (make()[0], _writer(make))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (ext, write) in table.items():
            path = Path(tmp) / f"case{ext}"
            write(path)
            took, peak, out = run(path)
            size = f"{path.stat().st_size // 1024} KB"
            print(f"{name:36} {size:>9} {took:6.2f} {peak:8.0f}  {out}", flush=True)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"parent's peak resident memory: {parent} MB")


def _writer(make: Callable[[], tuple[str, bytes]]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(make()[1])


if __name__ == "__main__":
    main()
