PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Prefect keeps its state inside the project and never phones home.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: run test bench accuracy docs clean server

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/begroting run --raw raw --warehouse warehouse

# A Prefect server that stays up, so runs do not each start a temporary one.
server: $(STAMP)
	$(BIN)/begroting server start

test: $(STAMP)
	$(BIN)/python -m pytest

docs: $(STAMP)
	$(BIN)/python -m transforms.dictionary docs/warehouse.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# The real pipeline over every form of every corpus page, scored against the hand-made gold.
accuracy: $(STAMP)
	$(BIN)/python -m benchmarks.accuracy

clean:
	rm -rf warehouse/*/ warehouse/_* .pytest_cache
