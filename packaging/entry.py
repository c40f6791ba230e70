"""The frozen app's entry point: the same ``dispatch-console`` command line.

Without arguments it opens the console; ``--demo`` the simulated night; every subcommand
(``hub``, ``doctor``, ``map cache`` …) works from the installed app too.
"""

import multiprocessing
import sys

from console.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the hub bench starts processes
    sys.exit(main())
