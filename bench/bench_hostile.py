"""Time and peak memory of hostile files through the one door (a script, not a test):
`uv run python bench/bench_hostile.py`.

Each file is built at runtime (tests/fuzz/hostile.py) and opened by workbook.files.open_report
in a fresh process, so its peak RSS is its own (os.wait4). Prints one line per case: size on
disk, seconds, peak MB and the outcome (the Chinese message, or how many notes on success).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import hostile  # noqa: E402

CORPUS = ROOT / "tests" / "fuzz" / "corpus"
# The child reports its own high-water mark (VmHWM): ru_maxrss from wait4 would include the
# parent's memory copied at fork time.
OPEN = (
    "import re, sys\nfrom workbook.files import open_report\n"
    "from workbook.model.errors import ReportError\n"
    "try:\n    r = open_report(sys.argv[1]); out = f'读取成功，{len(r.notes)} 条说明'\n"
    "except ReportError as e:\n    out = str(e)[:60]\n"
    "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "print(hwm, out)\n"
)


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
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", OPEN, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    out = proc.stdout.read().strip()
    proc.stdout.close()
    status = proc.wait()
    took = time.perf_counter() - began
    if status:
        return took, 0.0, f"进程异常退出（{status}）{out}"
    peak, _, message = out.partition(" ")
    return took, int(peak) / 1024, message


def main() -> None:
    baseline = run(CORPUS / "report.xlsx")
    print(f"{'case':32} {'size':>9} {'s':>6} {'peak MB':>8}  outcome")
    print(f"{'(our own report, baseline)':32} {'20 KB':>9} {baseline[0]:6.2f} {baseline[1]:8.0f}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in cases().items():
            ext, data = make()
            path = Path(tmp) / f"case{ext}"
            path.write_bytes(data)
            took, peak, out = run(path)
            size = f"{len(data) // 1024} KB"
            print(f"{name:32} {size:>9} {took:6.2f} {peak:8.0f}  {out}", flush=True)


if __name__ == "__main__":
    main()
