# The two commands of README.md. Both create .venv and install the project first, so they work
# on a fresh clone with nothing but Python >= 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: RUN_STAMP when what running needs is installed (the project and its runtime
# dependencies), STAMP when the test tools of the `test` extra are too (pytest, Playwright, ruff,
# hypothesis, pip-audit). `make run` needs only the first; .ci/run makes $(STAMP) for pip-audit.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench soak clean

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make run: install what running needs, migrate, seed demo data if the database is empty, serve at
## http://$(HOST):$(PORT) (PORT=8742 make run for another port)
run: $(RUN_STAMP)
	$(BIN)/meritflow migrate
	$(BIN)/meritflow seed --demo --if-empty
	$(BIN)/meritflow serve --host $(HOST) --port $(PORT)

## make test: install the test tools too and run the whole test suite (browser tests run when chromium is installed)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: the talent rules, the workflow, transitions/s over HTTP, audit verify and import at their
## default sizes (bench/__main__.py; also on the PostgreSQL of BENCH_DATABASE_URL when set — emptied!, e.g.
## BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench), then meritflow against PostGraphile 5
## (bench/peer.py: needs npm and PostgreSQL at 127.0.0.1:5432 with a database of its own, PEER_URL, created beforehand)
PEER_URL ?= postgres://postgres@127.0.0.1:5432/peer
BENCH_DATABASE_URL ?=
bench: $(STAMP)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench
	$(BIN)/python -m bench.peer --pg-url $(PEER_URL)

## make soak: the long reliability runs — SOAK_SECONDS of 50 racing clients per database and worker
## count, SOAK_KILLS SIGKILLs, a longer property run and a bigger fuzz — on SQLite and, when it
## answers, the PostgreSQL of SOAK_DATABASE_URL (emptied! never CI's `test`: create one for it,
## e.g. `psql -h 127.0.0.1 -U postgres -c 'create database soak'`); figures in bench/RESULTS.md
SOAK_SECONDS ?= 600
SOAK_KILLS ?= 40
SOAK_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/soak
SOAK_ENV = MERITFLOW_SOAK=1 MERITFLOW_SOAK_SECONDS=$(SOAK_SECONDS) MERITFLOW_SOAK_KILLS=$(SOAK_KILLS) \
	MERITFLOW_PROPERTY_EXAMPLES=60 MERITFLOW_PROPERTY_STEPS=50 \
	MERITFLOW_FUZZ_PER_QUERY=150 MERITFLOW_FUZZ_PER_MUTATION=150 MERITFLOW_FUZZ_NEGATIVE=500
soak: $(STAMP)
	rm -rf test-output/soak
	$(SOAK_ENV) $(BIN)/python -m pytest -q -m "slow or soak" tests/reliability
	if pg_isready -h 127.0.0.1 -p 5432 -q; then \
		$(SOAK_ENV) DATABASE_URL=$(SOAK_DATABASE_URL) $(BIN)/python -m pytest -q -m "slow or soak" tests/reliability; \
	else echo "== PostgreSQL does not answer at 127.0.0.1:5432: soak on SQLite only"; fi
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) meritflow.db meritflow.db-wal meritflow.db-shm test-output
