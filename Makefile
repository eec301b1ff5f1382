# The two commands a learner needs are `make run` and `make test`; everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install clean

# Re-install when the project metadata changes; byte-compile so that launch stays fast even with
# PYTHONDONTWRITEBYTECODE=1 in the environment.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m compileall -q trainer
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/trainer

test: $(STAMP)
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
