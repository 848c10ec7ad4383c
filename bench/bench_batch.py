"""`nianbao check` over a folder of workbooks against python-calamine reading every sheet of the
same files — whole processes, paired runs (a script, not a test):

    uv run python bench/bench_batch.py [COUNT] [--root OTHER_CHECKOUT] [--mixed] [--hostile N]

Both sides start a fresh Python, so start-up, imports and the reading sandbox's children all
count. The checkout's bytecode is compiled first, as an installed copy's is (a shell with
PYTHONDONTWRITEBYTECODE would otherwise time the compiler on every run), and its TOML files
parsed and kept (resources.write_caches), as an installed copy keeps them after its first run. The reader children
fork on Linux (workbook.sandbox.start_method); Windows spawns them, which costs each child its
imports again — the script says which it measured. Runs alternate (calamine, check, calamine, check …) and the ratio of each pair is
printed, then the median. `--root` measures another checkout's `nianbao check` on the same
files (before → after). `--hostile N` adds N of the probe's shapes (tests/fuzz/probe.py) to a
batch of COUNT good files and prints exit status, time, the parent's peak memory and whether
any process was left behind. `--mixed` writes what a collecting office also receives (blank
cells and rows, templates sent back blank, totals that disagree, no prose): ~9 findings a report.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CALAMINE = (
    "import sys, pathlib\n"
    "from python_calamine import CalamineWorkbook\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
    "    wb = CalamineWorkbook.from_path(str(p))\n"
    "    for name in wb.sheet_names:\n"
    "        wb.get_sheet_by_name(name).to_python()\n"
)
# What the installed `nianbao` script runs (cli.main.run; an older checkout has only main).
CHECK = "import sys\nimport cli.main\nsys.exit(getattr(cli.main, 'run', cli.main.main)())\n"
# The same, printing the parent's own peak resident memory (VmHWM; wait4 would give the largest
# of the parent and its reader children) on stderr at the end.
CHECK_HWM = (
    "import re, sys\nfrom cli.main import main\ncode = main()\n"
    "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1),"
    " file=sys.stderr)\nsys.exit(code)\n"
)


def write_reports(folder: Path, count: int, mixed: bool = False) -> None:
    """Complete reports of different units, every fifth with an error; with `mixed`, what a
    collecting office also receives: a sixth left blank (a template sent back), the rest with
    up to a dozen cells cleared or changed (blank rows, blank or disagreeing totals), some
    without prose — so ~9 findings a report instead of ~1."""
    import random

    from tests.rules.generate import consistent_report
    from workbook.model.report import Report
    from workbook.xlsx.write.writer import write_report

    rng = random.Random(3)
    for i in range(count):
        report = consistent_report(i, agency=f"测试单位{i}")
        if i % 5 == 0:
            report.values["requests.new.natural"] += 1  # some reports with errors
        if mixed and i % 6 == 0:
            report = Report.blank(report.format_id)
        elif mixed:
            keys = list(report.values)
            for _ in range(rng.randrange(12)):
                key = rng.choice(keys)
                old = report.values[key]
                report.values[key] = (
                    None if rng.random() < 0.5 else (old or 0) + rng.randrange(1, 5)
                )
            if i % 6 == 5:
                report.texts = {}
        write_report(report, folder / f"report-{i:04d}.xlsx")


def timed(args: list[str], cwd: Path) -> tuple[float, int, int, float]:
    """Seconds, exit status, the parent's peak resident memory (KB) and the CPU seconds of the
    process with all its children (what a busy machine does not blur)."""
    began = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - began, proc.returncode, usage.ru_maxrss, cpu


def compile_bytecode(root: Path) -> None:
    """Bytecode, and the parsed TOML files resources keeps beside them (an older checkout has
    no such cache), as an installed copy has them after its first run."""
    packages = [str(root / d) for d in ("cli", "gui", "rules", "service", "workbook", "resources")]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *packages],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    subprocess.run(
        [sys.executable, "-c", "import resources; getattr(resources, 'write_caches', list)()"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        check=False,
    )


def paired(folder: Path, root: Path, rounds: int) -> tuple[list[float], list[float]]:
    compile_bytecode(root)
    ratios, cpu_ratios = [], []
    for _ in range(rounds):
        base, _, _, base_cpu = timed([sys.executable, "-c", CALAMINE, str(folder)], root)
        took, status, _, cpu = timed([sys.executable, "-c", CHECK, "check", str(folder)], root)
        assert status in (0, 1), f"nianbao check exited {status}"
        ratios.append(took / base)
        cpu_ratios.append(cpu / base_cpu)
        print(
            f"  calamine {base:5.2f} s ({base_cpu:4.2f} s CPU)   nianbao check {took:5.2f} s "
            f"({cpu:4.2f} s CPU)   ratio {took / base:4.2f}× (CPU {cpu / base_cpu:4.2f}×)"
        )
    return ratios, cpu_ratios


def hostile_batch(folder: Path, count: int, hostile: int) -> None:
    from tests.fuzz import probe

    shapes = list(probe.SMALL.items())
    for i in range(hostile):
        ext, make = shapes[i % len(shapes)][1]
        make(folder / f"hostile-{i:03d}{ext}")
    before = _reader_children()
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHECK_HWM, "check", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - began
    time.sleep(0.5)
    left = _reader_children() - before
    lines = done.stderr.strip().splitlines()
    named = sum(1 for line in lines if "hostile-" in line)
    good_errors = sum(1 for line in lines if "report-" in line)
    print(
        f"batch of {count} good and {hostile} hostile files: exit {done.returncode}, {took:.1f} s, "
        f"parent peak {int(lines[-1]) // 1024} MB, hostile files named {named}, good files "
        f"refused {good_errors}, processes left behind: {len(left)}"
    )


def _reader_children() -> set[int]:
    import psutil

    def ours(info: dict) -> bool:  # forked (named) or spawned by this Python, not a neighbour's
        cmdline = info["cmdline"] or [""]
        spawned = cmdline[0] == sys.executable and "spawn_main" in str(cmdline)
        return info["name"] == "nianbao-reader" or spawned

    return {p.pid for p in psutil.process_iter(["name", "cmdline"]) if ours(p.info)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=300)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--hostile", type=int, default=0)
    parser.add_argument(
        "--mixed", action="store_true", help="reports with blank cells, blank templates, errors"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        write_reports(folder, args.count, args.mixed)
        if args.hostile:
            hostile_batch(folder, args.count, args.hostile)
            return
        from workbook.sandbox import start_method

        how = f", reader children: {start_method()}" if args.root.resolve() == ROOT else ""
        what = "workbooks (mixed: blank cells, templates, errors)" if args.mixed else "workbooks"
        print(f"{args.count} {what}, checkout {args.root}{how}:")
        ratios, cpu = paired(folder, args.root.resolve(), args.rounds)
    print(f"median ratio nianbao check / calamine: {statistics.median(ratios):.2f}× wall, ", end="")
    print(f"{statistics.median(cpu):.2f}× CPU of all processes")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
