"""`nianbao [FILE]` starts the app; `nianbao template|convert|export|check|summarize|compare …` work without a window."""

from __future__ import annotations

import multiprocessing
import sys

SUBCOMMANDS = ("template", "convert", "export", "check", "summarize", "compare")


def main(argv: list[str] | None = None) -> int:
    # The batch checker uses a process pool; frozen Windows builds need this before anything.
    multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help")):
        from cli.commands import run

        return run(args)
    from gui.app import run_app

    return run_app(args[0] if args else None)


def gui_main() -> int:
    """`nianbao-gui [FILE]`: the app only (no subcommands), for shortcuts and file associations."""
    from gui.app import run_app

    return run_app(sys.argv[1] if len(sys.argv) > 1 else None)


if __name__ == "__main__":
    sys.exit(main())
