# gongkai: `make site` builds the portal into site/, `make test` runs every test.
# Both set up .venv/ from nothing (Python 3.11, pip) and install the system packages they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: setup system-deps site serve test test-fast test-browser validate bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

site: $(STAMP)
	bash scripts/system-deps.sh --fonts-only
	$(BIN)/gongkai build

serve: site
	@echo "serving site/ on http://127.0.0.1:$(PORT)/"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

validate: $(STAMP)
	$(BIN)/gongkai validate

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not browser and not slow" $(PYTEST_ARGS)

test-browser: $(STAMP) system-deps
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python scripts/bench_site.py

clean:
	rm -rf $(VENV) site build .pytest_cache
