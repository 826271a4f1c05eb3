"""Run every benchmark: ``python -m bench``."""

from bench import engine, telegram, understanding

engine.main()
understanding.main()
telegram.main()
