"""Runs fuzz inputs through the one door as every caller reads it — in the reading sandbox
(workbook.sandbox, which runs workbook.files.open_report in a limited child) — in its own process.

`python -m tests.fuzz.worker FIRST_SEED SECONDS OUT_DIR` prints `start SEED` before each input
and `bad SEED WHAT` for each failure: any exception that is not a ReportError, a message without
Chinese or naming a Python exception, an input that took longer than the sandbox allows. The
parent (test_fuzz) reads the stream: a worker that dies is blamed on the last started seed. A
reader that aborts or runs away is the sandbox's to stop, and must end in one Chinese sentence.
Memory is capped with RLIMIT_AS here too, so nothing can fail on the machine.
"""

from __future__ import annotations

import re
import resource
import sys
import time
import warnings
from pathlib import Path

HANG_SECONDS = 20.0  # the sandbox's 15 s, and the time to start a fresh reader
MEMORY_CAP = 2 * 1024**3
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_PYTHON_NAMES = re.compile(r"(Error|Exception|Traceback|Panic)\b")


def judge(message: str) -> str | None:
    if not _CHINESE.search(message):
        return f"message without Chinese: {message[:80]!r}"
    if _PYTHON_NAMES.search(message):
        return f"message names a Python exception: {message[:80]!r}"
    return None


def main(argv: list[str]) -> int:
    first, seconds, out = int(argv[0]), float(argv[1]), Path(argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    warnings.simplefilter("error")  # a library warning escaping to stderr is a failure too
    from tests.fuzz.mutate import make_input
    from workbook.model.errors import ReportError
    from workbook.sandbox import Sandbox

    reader = Sandbox(1)

    until = time.monotonic() + seconds
    seed = first
    while time.monotonic() < until:
        ext, data = make_input(seed)
        path = out / f"input{ext}"
        path.write_bytes(data)
        print(f"start {seed}", flush=True)
        began = time.monotonic()
        problem = None
        try:
            reader.read(path)
        except ReportError as e:
            problem = judge(str(e))
        except BaseException as e:
            problem = f"escaped {type(e).__name__}: {str(e)[:80]!r}"
        took = time.monotonic() - began
        if took > HANG_SECONDS:
            problem = f"took {took:.1f} s"
        if problem:
            print(f"bad {seed} {problem}", flush=True)
        seed += 1
    reader.close()
    print(f"done {seed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
