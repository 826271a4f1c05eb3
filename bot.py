"""Entry point: ``python bot.py [COMMAND]`` (``python bot.py --help`` lists them)."""

import gc
import os
import sys

# The modules are loaded with the garbage collector off, then kept out of its way: what an
# import creates lives as long as the process, and walking it again and again at start-up
# costs tens of milliseconds before the first message can be read.
gc.disable()
from bot.cli import main  # noqa: E402

gc.freeze()
gc.enable()

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # the reader went away (`bot.py reviews | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
