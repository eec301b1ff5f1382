# The two commands a learner needs are `make run` and `make test`; everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-tests

.PHONY: run test lint bench install clean postgres-server

# Re-install when the project metadata changes; byte-compile so that launch stays fast even with
# PYTHONDONTWRITEBYTECODE=1 in the environment.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m compileall -q trainer
	touch $(STAMP)

# The tests also run the PyTorch code-blank items: torch (a CPU build, pinned) is a test extra,
# never a dependency of the app; and the store on PostgreSQL through psycopg (the postgres extra).
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,test-torch,postgres]'
	touch $(TEST_STAMP)

# The PostgreSQL tests start their own server (tests/pg_server.py): its programs must be there.
postgres-server:
	@command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q postgresql >/dev/null || \
	    { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }; \
	  else echo "PostgreSQL is missing: install the postgresql package (as root)"; exit 1; fi; }

install: $(STAMP)

run: $(STAMP)
	$(BIN)/trainer

test: $(TEST_STAMP) postgres-server
	$(BIN)/python -m compileall -q trainer
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check trainer tests benchmarks
	$(BIN)/ruff format --check trainer tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python -m compileall -q trainer
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .hypothesis
