# Two entry points: `make run` starts the product, `make test` runs every test.
# Each creates .venv and installs what it needs; nothing is downloaded at run time.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INDEX ?= models/index/sample

.PHONY: run test test-setup lint bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Default install: no torch.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Tests also cover the sentence-transformers path: torch pinned to the CPU build (2.13.0).
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,transformers,st-test]' 'torch==2.13.0'
	touch $@ $(VENV)/.installed

# Migrate SQLite (var/), load the sample KB, build and calibrate the index, create one demo account
# per role (passwords printed once), then serve pages and API on http://127.0.0.1:8000.
run: $(VENV)/.installed
	$(BIN)/halokop demo setup
	$(BIN)/halokop serve --host 127.0.0.1 --port 8000

# The engine alone: build the sample index and answer a demo question.
demo: $(VENV)/.installed
	$(BIN)/halokop index build --from-file data/sample/kb.jsonl --labelled data/eval/dev.jsonl --out $(INDEX)
	$(BIN)/halokop suggest --index $(INDEX) "gmn cara bikin nib utk warung sy?"

# System packages the browser and card tests need (Debian): installed once if missing.
test-setup:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null)

test: $(VENV)/.installed-test test-setup
	$(BIN)/ruff check halokop_nlp api tests scripts
	$(BIN)/pytest -q

bench: $(VENV)/.installed
	$(BIN)/python scripts/bench_engine.py

clean:
	rm -rf $(VENV) models/index var test-artifacts
