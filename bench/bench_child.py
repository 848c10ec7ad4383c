"""The CPU a reader child spends per workbook in a batch check, whole and by stage (a script,
not a test):

    uv run python bench/bench_child.py [COUNT | FOLDER] [--root OTHER_CHECKOUT] [--rounds N]

"children of a real batch" is the CPU of the reader children of service.batch.check_paths
(forked and fed by the sandbox as in `nianbao check`; the whole process tree's CPU less the
parent's), per file: it adds what the loop below leaves out (the pipe, the first file's set-up,
the limits). The rest is measured in a fresh Python set up as workbook.readerchild sets up a forked
reader: native stderr not redirected, freed memory kept, readers and checker warmed before the
first file. "child per file" is what the child does for each path its parent sends (read, check,
pickle the answer); the stages below it are the same work taken apart (they add up to a little
less: timing each costs a little, and the first stage meets a cold cache). CPU time of this
process (time.process_time), median of the rounds, per file. With `--root`, the other checkout
is measured on the same files, alternating with this one (before → after).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MEASURE = r"""
import glob, io, json, pickle, statistics, sys, time
from functools import partial
from pathlib import Path
import workbook.guards as guards
import workbook.readerchild as child
from python_calamine import CalamineWorkbook
from service.batch import _warm_checker, checked
from workbook.files import open_report, warm
from workbook.xlsx.read import fast

guards.QUIET_NATIVE = False  # as in a reader child: fd 2 is its log
child._keep_heap()
warm()
_warm_checker()
files = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
paths = [Path(f) for f in files]
rounds = int(sys.argv[2])
unnamed = getattr(fast, "_unnamed", lambda parts: parts)  # a checkout before it had none
read = child.reader_for(open_report, partial(checked, previous=None))
clock = time.process_time_ns


def whole():
    t = clock()
    for f in files:
        pickle.dumps(child.answer(read, f), protocol=pickle.HIGHEST_PROTOCOL)
    return (clock() - t) / len(files) / 1e6


def stages():
    took = {}

    def add(stage, began):
        now = clock()
        took[stage] = took.get(stage, 0) + now - began
        return now

    for p in paths:
        t = clock()
        data = guards.read_bytes(p)
        t = add("read the file", t)
        infos = guards.zip_members(data, p.name)
        t = add("zip directory", t)
        facts = guards.check_container(data, p.name, infos, keep=True)
        t = add("inflate, CRC, formula scan", t)
        copy = guards.stored_copy(unnamed(facts.parts))
        t = add("stored copy", t)
        book = CalamineWorkbook.from_filelike(io.BytesIO(copy))
        t = add("calamine: open", t)
        grids = [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]
        t = add("calamine: sheets", t)
        report = fast._read(book)
        t = add("fast reader (sheets again)", t)
        result = checked(str(p), fast.Imported(report, [], fast.SOURCE_KIND), None)
        t = add("check (rules, file time)", t)
        pickle.dumps(("ok", result, None), protocol=pickle.HIGHEST_PROTOCOL)
        t = add("pickle the answer", t)
        del grids
    took["fast reader (sheets again)"] -= took["calamine: sheets"]
    took["fast reader, Python part"] = took.pop("fast reader (sheets again)")
    return {k: v / len(files) / 1e6 for k, v in took.items()}


whole()
runs = [whole() for _ in range(rounds)]
parts = [stages() for _ in range(rounds)]
out = {"child per file": statistics.median(runs)}
out.update({k: statistics.median(p[k] for p in parts) for k in parts[0]})
print(json.dumps(out))
"""


# A real batch: the reader children forked by the sandbox as `nianbao check` forks them; their
# CPU is that of the whole process tree (wait4) less the parent's own.
BATCH = r"""
import glob, resource, sys
from service.batch import check_paths, start_checkers
files = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
start_checkers(len(files))
check_paths(files)
own = resource.getrusage(resource.RUSAGE_SELF)
print(own.ru_utime + own.ru_stime)
"""


def batch_children(root: Path, folder: Path, rounds: int) -> float:
    """CPU ms per file of the reader children of a real batch (median of `rounds`)."""
    count = len(list(folder.glob("*.xlsx")))
    per_file = []
    for _ in range(rounds):
        proc = subprocess.Popen(
            [sys.executable, "-c", BATCH, str(folder)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        parent = float(proc.stdout.read().strip().splitlines()[-1])
        _, _, usage = os.wait4(proc.pid, 0)
        per_file.append((usage.ru_utime + usage.ru_stime - parent) / count * 1000)
    return statistics.median(per_file)


def measure(root: Path, folder: Path, rounds: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder), str(rounds)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    got: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return {"children of a real batch": batch_children(root, folder, rounds), **got}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="?", default="300", help="a count of workbooks or a folder")
    parser.add_argument("--root", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.what) if not args.what.isdigit() else Path(tmp)
        if args.what.isdigit():
            sys.path.insert(0, str(ROOT))
            from bench.bench_batch import write_reports

            write_reports(folder, int(args.what))
        roots = [ROOT] if args.root is None else [args.root.resolve(), ROOT]
        got: dict[Path, list[dict[str, float]]] = {r: [] for r in roots}
        for _ in range(args.repeat):
            for root in roots:
                got[root].append(measure(root, folder, args.rounds))
    count = len(list(folder.glob("*.xlsx"))) if not args.what.isdigit() else int(args.what)
    print(f"{count} workbooks; CPU ms per file, median of {args.repeat}×{args.rounds} rounds")
    print(f"{'':30s}" + "".join(f"{str(r)[-22:]:>24s}" for r in roots))
    for stage in got[roots[0]][0]:
        row = [statistics.median(run[stage] for run in got[r]) for r in roots]
        print(f"{stage:30s}" + "".join(f"{v:24.3f}" for v in row))


if __name__ == "__main__":
    main()
