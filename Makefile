# Two entry points for a fresh machine: `make generate` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The spec, output folder and package are set in pyproject.toml ([tool.openapi-dataclasses]);
# OUT and PACKAGE repeat the last two for Black and mypy.
OUT := generated
PACKAGE := talon_one
GENERATOR := $(BIN)/python -m openapi_dataclasses

.PHONY: generate check test lint typecheck format-check unit golden venv tools clean corpus ends conformance payloads prism bench-client

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Node tools the tests run (tools/package.json): Prism, the mock server the generated clients are
# proven against, and pyright, which type-checks the generated code as Pylance's strict mode does.
TOOLS_STAMP := tools/node_modules/.installed
$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	cd tools && $(NPM) ci --no-audit --no-fund --ignore-scripts
	touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)

generate: $(STAMP)
	$(GENERATOR) generate

check: $(STAMP)
	$(GENERATOR) check

# Every test but the docs site's browser test (`docs-test`, which needs Node for Mermaid).
unit: $(STAMP) $(TOOLS_STAMP)
	$(BIN)/python -m pytest --ignore=tests/test_docs_site.py

# Rewrites tests/golden/*/expected from what the generator writes now: review with `git diff`.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/black --check --quiet generator/runtime generator/http

format-check: $(STAMP)
	$(BIN)/black --check --quiet $(OUT)

typecheck: $(STAMP)
	$(BIN)/mypy generator
	$(BIN)/mypy --strict $(OUT)/$(PACKAGE)

test: unit docs-test check format-check typecheck lint ends

# The dependencies at both ends of their ranges in pyproject.toml: a fresh environment with the
# lowest versions allowed (.ci/lowest.txt) and one with the newest, each running the tests that
# exercise them (.ci/ends says which).
ends:
	PYTHON=$(PYTHON) bash .ci/ends lowest
	PYTHON=$(PYTHON) bash .ci/ends newest

# Every real-world description in ../shared/corpus, generated into build/corpus-real/ and checked
# (import, type hints, fields, example round trips, docs, mypy --strict, Black); the table goes to
# test-artifacts/corpus.md. CORPUS_ONLY=dir,... or CORPUS_SKIP=dir,... narrow it down.
corpus: $(STAMP)
	$(BIN)/python tests/corpus_harness.py

# The JSON Schema Test Suite (../shared/json-schema-test-suite) through generated models, with the
# package's defaults and its strict readings; the table per keyword file goes to
# test-artifacts/conformance-draft2020-12.md and -draft4.md.
conformance: $(STAMP)
	$(BIN)/python tests/conformance_harness.py

# Payloads made from every real description's schemas (and invalid mutants of them), judged by
# openapi-schema-validator, through the generated packages: test-artifacts/payloads.md.
# PAYLOADS_ARGS="--manifest other/MANIFEST.tsv" runs it on other descriptions.
payloads: $(STAMP)
	$(BIN)/python tests/payload_harness.py $(PAYLOADS_ARGS)

# Every operation of Talon.One 25.17 and of ../shared/corpus/real/ called through the generated
# client against Prism (tests/prism_harness.py); the table goes to test-artifacts/prism.md. The
# same runs, one test per description, are part of `make unit` (tests/test_prism_corpus.py).
# PRISM_SPECS="--spec FILE ..." runs other descriptions instead.
PRISM_SPECS ?= --corpus
prism: $(STAMP) $(TOOLS_STAMP)
	$(BIN)/python tests/prism_harness.py $(PRISM_SPECS) --markdown test-artifacts/prism.md --json test-artifacts/prism.json

# The generated client per call against OpenAPI Generator's and openapi-python-client's on
# Talon.One (bench/client.py; installs the peers into bench/.work/ on first use, needs java).
bench-client: $(STAMP)
	$(BIN)/python bench/client.py

clean:
	rm -rf $(VENV) site build test-artifacts docs-site/node_modules tools/node_modules .mypy_cache .pytest_cache .ruff_cache

# -- docs site (docs-site/): MkDocs + Material from PyPI (the `docs` extra), Mermaid from npm ----
# `make docs` builds generated/docs into site/ in strict mode, `make docs-serve` serves it with
# live reload, `make docs-corpus` generates the whole Talon.One API into build/corpus and builds
# its site into build/corpus-site. Offline by design: the site serves its own Mermaid and uses
# the system's fonts.
DOCS_SITE := docs-site
DOCS_CONFIG := $(DOCS_SITE)/mkdocs.yml
DOCS_STAMP := $(VENV)/.installed-docs
MERMAID_JS := $(DOCS_SITE)/node_modules/mermaid/dist/mermaid.min.js
NPM ?= npm
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs
DOCS_ADDR ?= 127.0.0.1:8000
SITE := site
CORPUS_SPEC := ../shared/corpus/talon-one-25.17.openapi.yaml
CORPUS_OUT := build/corpus
CORPUS_SITE := build/corpus-site

.PHONY: docs docs-serve docs-corpus docs-deps docs-test

$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $(DOCS_STAMP)

$(MERMAID_JS): $(DOCS_SITE)/package.json $(DOCS_SITE)/package-lock.json
	cd $(DOCS_SITE) && $(NPM) ci --no-audit --no-fund --ignore-scripts
	touch $(MERMAID_JS)

docs-deps: $(DOCS_STAMP) $(MERMAID_JS)

# The site of generated/docs in headless Chromium (tests/test_docs_site.py); part of `make test`.
docs-test: docs-deps
	$(BIN)/python -m pytest tests/test_docs_site.py

docs: docs-deps
	DOCS_DIR=$(abspath $(OUT)/docs) $(MKDOCS) build --strict --config-file $(DOCS_CONFIG) --site-dir $(abspath $(SITE))

docs-serve: docs-deps
	DOCS_DIR=$(abspath $(OUT)/docs) $(MKDOCS) serve --config-file $(DOCS_CONFIG) --dev-addr $(DOCS_ADDR)

docs-corpus: docs-deps
	@start=$$(date +%s); \
	$(GENERATOR) generate $(CORPUS_SPEC) --out $(CORPUS_OUT) --package $(PACKAGE) && \
	generated=$$(date +%s) && \
	DOCS_DIR=$(abspath $(CORPUS_OUT)/docs) $(MKDOCS) build --strict --quiet --config-file $(DOCS_CONFIG) --site-dir $(abspath $(CORPUS_SITE)) && \
	end=$$(date +%s) && \
	echo "docs-corpus: $$(ls $(CORPUS_OUT)/docs | wc -l) pages generated in $$((generated - start)) s, site built in $$((end - generated)) s into $(CORPUS_SITE)/"
