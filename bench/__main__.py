"""Run every benchmark: ``python -m bench``."""

from bench import engine, footprint, telegram, understanding

engine.main()
understanding.main()
telegram.main()
footprint.main()
