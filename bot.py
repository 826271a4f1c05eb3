"""Entry point: ``python bot.py [COMMAND]`` (``python bot.py --help`` lists them)."""

import os
import sys

from bot.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # the reader went away (`bot.py reviews | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
