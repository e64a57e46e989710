# Two entry points for a fresh machine: `make generate` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC := specs/new_customer_session_v2.yaml
OUT := generated
PACKAGE := talon_one
GENERATOR := $(BIN)/python -m generator

.PHONY: generate check test lint typecheck format-check unit venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

generate: $(STAMP)
	$(GENERATOR) generate $(SPEC) --out $(OUT) --package $(PACKAGE)

check: $(STAMP)
	$(GENERATOR) check $(SPEC) --out $(OUT) --package $(PACKAGE)

unit: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench

format-check: $(STAMP)
	$(BIN)/black --check --quiet $(OUT)

typecheck: $(STAMP)
	$(BIN)/mypy generator
	$(BIN)/mypy --strict $(OUT)/$(PACKAGE)

test: unit check format-check typecheck lint

clean:
	rm -rf $(VENV) site .mypy_cache .pytest_cache .ruff_cache
