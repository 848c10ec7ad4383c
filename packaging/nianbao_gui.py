"""Entry of the frozen `年报工作台.exe` (no console window): the app only."""

import sys

from cli.main import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
