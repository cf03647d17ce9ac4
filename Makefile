# The two commands of README.md. Both create .venv and install the project first, so they work
# on a fresh clone with nothing but Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make run: install, migrate, seed demo data if the database is empty, serve at http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/meritflow migrate
	$(BIN)/meritflow seed --demo --if-empty
	$(BIN)/meritflow serve

## make test: install and run the whole test suite (browser tests run when chromium is installed)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: the talent rules and the workflow, then meritflow against PostGraphile 5 (bench/peer.py:
## needs npm and PostgreSQL at 127.0.0.1:5432 with a database of its own, PEER_URL, created beforehand)
PEER_URL ?= postgres://postgres@127.0.0.1:5432/peer
bench: $(STAMP)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.peer --pg-url $(PEER_URL)

clean:
	rm -rf $(VENV) meritflow.db meritflow.db-wal meritflow.db-shm test-output
