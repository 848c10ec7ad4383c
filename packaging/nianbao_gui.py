"""Entry of the frozen `年报工作台.exe` (no console window): the app only."""

import multiprocessing
import sys

from cli.main import gui_main

if __name__ == "__main__":
    # A reader child of the sandbox (workbook.sandbox, spawn) starts this same exe: it must
    # become the child here, before anything else runs.
    multiprocessing.freeze_support()
    sys.exit(gui_main())
