# Two commands: `make run` starts the bot, `make test` runs the whole suite.
# Both create .venv and install the project on first use (only python3 is needed).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test soak lint validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) bot.py

test: $(STAMP)
	$(PY) bot.py validate
	$(VENV)/bin/ruff check bot bot.py tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -n 2 --dist worksteal -m "not soak"

soak: $(STAMP)
	$(PY) -m pytest -m soak

validate: $(STAMP)
	$(PY) bot.py validate

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV)
