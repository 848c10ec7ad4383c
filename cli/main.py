"""`nianbao [FILE]` starts the app; `nianbao COMMAND …` works without a window.

Which word is a command is decided by the table `cli.commands.COMMANDS` alone (a new command is
one entry there). Anything else that does not look like a file is a usage error with its own
exit status (USAGE_ERROR), never a window: `nianbao chekc` must not open the app.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from cli.args import USAGE_ERROR

HELP_OPTIONS = ("-h", "--help")
VERSION_OPTIONS = ("-V", "--version")


def version() -> str:
    """The installed distribution's version (pyproject.toml's, the one number everywhere)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("nianbao")
    except PackageNotFoundError:  # run from a bare checkout or a bundle without metadata
        return "（版本未知）"


def looks_like_file(arg: str) -> bool:
    """A path the app should open: it exists, or names a folder or an extension (报告.xlsx)."""
    if Path(arg).exists():
        return True
    return any(sep in arg for sep in ("/", "\\")) or bool(Path(arg).suffix)


def unknown_command(arg: str, commands: list[str]) -> int:
    """A Chinese line for an unknown command (or option), with the likely one, and USAGE_ERROR."""
    from difflib import get_close_matches

    what = "选项" if arg.startswith("-") else "命令"
    line = f"nianbao：没有“{arg}”这个{what}，也找不到这个文件。"
    close = get_close_matches(arg, commands, n=1)
    if close:
        line += f"是不是要用 nianbao {close[0]}？"
    print(line, file=sys.stderr)
    print("可用的命令：" + "、".join(commands) + "（nianbao --help 查看说明）", file=sys.stderr)
    return USAGE_ERROR


def freeze_support() -> None:
    """A frozen Windows build's child processes (the reading sandbox, the batch checker) start
    this program again: they must run their task, not the app. Elsewhere it does nothing, so
    multiprocessing is not imported then (start-up time)."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()


def main(argv: list[str] | None = None) -> int:
    freeze_support()  # before anything
    from cli.console import prepare_console

    prepare_console()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] and args[0] in VERSION_OPTIONS:
        print(f"nianbao（年报工作台）{version()}")
        return 0
    from cli.commands import COMMANDS, run

    if args and (args[0] in COMMANDS or args[0] in HELP_OPTIONS):
        return run(args)
    if args and (args[0].startswith("-") or not looks_like_file(args[0])):
        return unknown_command(args[0], list(COMMANDS))
    if len(args) > 1:
        print("nianbao：启动窗口时只能打开一个文件。", file=sys.stderr)
        return USAGE_ERROR
    from gui.app import run_app

    return run_app(args[0] if args else None)


def run() -> None:
    """`nianbao` as a clerk starts it (the console script, `python -m cli.main`, the frozen
    nianbao.exe): main(), then, after a command, an exit without the interpreter's teardown —
    freeing every module and object one by one takes ~15 ms after the last line is printed,
    5 % of checking 300 files. Exit handlers (the reader children's end, temporary files) run
    and the output is flushed first. The app (Qt's own teardown) and a command that leaves a
    thread running end the usual way; main() stays an ordinary function for scripts and tests."""
    code = main()
    if "PySide6.QtCore" in sys.modules or _threads_running():
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()  # what sys.exit would run, in the same order
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if stream is not None:
            with contextlib.suppress(Exception):  # a reader that went away: nothing to lose
                stream.flush()
    os._exit(code)


def _threads_running() -> bool:
    import threading

    main_thread = threading.main_thread()
    return any(t is not main_thread and not t.daemon for t in threading.enumerate())


def gui_main() -> int:
    """`nianbao-gui [FILE]`: the app only (no subcommands), for shortcuts and file associations."""
    freeze_support()  # a frozen child must not open another window
    from gui.app import run_app

    return run_app(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    run()
