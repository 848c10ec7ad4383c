"""Entry of the frozen `nianbao.exe` (console): the app, or a command such as `check`."""

import multiprocessing

from cli.main import run

if __name__ == "__main__":
    # A reader child of the sandbox (workbook.sandbox, spawn) starts this same exe: it must
    # become the child here, before anything else runs.
    multiprocessing.freeze_support()
    run()
