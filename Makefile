# Two commands for a fresh machine: `make site` builds the edition, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test serve check clean

site: $(VENV)/.installed
	$(PY) build.py --strict

test: $(VENV)/.installed-dev
	tools/install-test-tools
	$(PY) -m pytest

serve: $(VENV)/.installed
	$(PY) build.py serve

check: $(VENV)/.installed
	$(PY) build.py check

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf site .site.building .site.previous
