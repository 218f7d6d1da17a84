# Two commands matter: `make run` (set up, load the demo, serve) and `make test`
# (set up, lint, type-check, test). Both install what they need on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

.PHONY: setup browser run test lint typecheck pytest bench clean neo4j-start neo4j-stop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(STAMP) $(NODE_STAMP)

## Debian's chromium for the browser tests (a no-op when present).
browser:
	bash scripts/install-browser.sh

## The service on the embedded store, loaded with the demo data (once).
run: $(STAMP) $(NODE_STAMP)
	$(BIN)/powermap serve --demo

## Lint (ruff), format check, types (mypy strict), then the test suite.
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## The suite on both stores: a real Neo4j (scripts/neo4j_test_server.py, Java 17 and
## Maven) runs for its length and stops at the end, even on failure. Neo4j tests
## form one xdist group (one database), the rest spread over both workers.
pytest: $(STAMP) $(NODE_STAMP) browser
	$(BIN)/python scripts/neo4j_test_server.py run -- \
		$(BIN)/pytest -m "not slow" -n 2 --dist loadgroup $(PYTEST_ARGS)

## A Neo4j for running tests by hand: export POWERMAP_TEST_NEO4J_URI=$$(make -s neo4j-start)
neo4j-start:
	@python3 scripts/neo4j_test_server.py start

neo4j-stop:
	@python3 scripts/neo4j_test_server.py stop

bench: $(STAMP)
	$(BIN)/powermap bench --scale M

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .neo4j-test tools/neo4j-server/target
