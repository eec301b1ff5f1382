# The two commands a learner needs are `make run` and `make test`; everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-tests

.PHONY: run test lint bench install clean

# Re-install when the project metadata changes; byte-compile so that launch stays fast even with
# PYTHONDONTWRITEBYTECODE=1 in the environment.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m compileall -q trainer
	touch $(STAMP)

# The tests also run the PyTorch code-blank items: torch (a CPU build, pinned) is a test extra,
# never a dependency of the app.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,test-torch]'
	touch $(TEST_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/trainer

test: $(TEST_STAMP)
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
