"""Entry point: ``python bot.py [run|chat|validate|ask|graph|stats]``."""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
