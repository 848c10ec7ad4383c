"""Benchmark of finding a unit's own 上年 in a folder (a script, not a test):
`uv run python bench/bench_previous.py [files]`.

Opening another unit's report in the app looks for that unit's report of the year before in the
folder the clerk took a 上年 from (service.previous.own_previous). Writes `files` (default 60 =
FOLDER_SEARCH_LIMIT) workbooks into a temporary folder and prints the time of the worst case (no
file fits: every file is read) and of the usual case (a file named after the unit).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.previous import own_previous
from tests.rules.generate import consistent_report
from workbook.xlsx.write.writer import write_report


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            r = consistent_report(i, year=2024)
            r.agency = f"第{i}号镇人民政府"
            write_report(r, folder / f"第{i}号镇2024.xlsx")
        this = consistent_report(1, year=2025)
        for agency, what in (
            ("不在文件夹中的镇人民政府", "无匹配（逐个读取）"),
            (f"第{count - 1}号镇人民政府", "按文件名先读"),
        ):
            this.agency = agency
            times = []
            for _ in range(3):
                start = time.perf_counter()
                own_previous(this, folder)
                times.append(time.perf_counter() - start)
            print(f"{count} 个文件，{what}：{min(times) * 1000:.0f} ms（3 次中最快）")


if __name__ == "__main__":
    main()
