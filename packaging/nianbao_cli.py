"""Entry of the frozen `nianbao.exe` (console): the app, or a command such as `check`."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
