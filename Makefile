# Two commands for a fresh machine: `make site` builds the edition, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: site test serve check clean messages

site: $(VENV)/.installed
	$(PY) build.py --strict

test: $(VENV)/.installed-dev
	tools/install-test-tools
	$(PY) -m pytest

serve: $(VENV)/.installed
	$(PY) build.py serve

check: $(VENV)/.installed
	$(PY) build.py check

# After marking a new string for translation: the catalogues of edition/locales, brought up to
# date with the templates, render.py and the scripts (then translate the new entries).
messages:
	$(VENV)/bin/pybabel extract -F babel.cfg -c TRANSLATORS: --no-wrap --sort-by-file \
		--add-location=file --project "Reading edition" -o .messages.pot .
	$(VENV)/bin/pybabel update -i .messages.pot -d edition/locales --no-wrap --ignore-obsolete
	rm .messages.pot

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf site .site.building .site.previous
