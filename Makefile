# Two commands on a fresh machine with Python 3.11:
#   make run    set everything up and serve the demo event at http://127.0.0.1:5000
#   make test   set everything up and run the whole test suite, with branch coverage
# While working, `make test-fast` runs ruff and the tests not marked slow.
# `make translations` extracts the strings to translate and updates and compiles every catalogue.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

# Catalogues: scheduler/translations/<language>/LC_MESSAGES/messages.po, written by people;
# the .mo files are compiled from them here (never committed) before the app runs or is tested.
TRANSLATIONS := scheduler/translations
TEMPLATE_CATALOGUE := $(TRANSLATIONS)/messages.pot
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2

.PHONY: run test test-fast install translations compile-translations

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

compile-translations: $(COMPILED)

$(TRANSLATIONS)/%.mo: $(TRANSLATIONS)/%.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project cluster-scheduler --copyright-holder "The cluster-scheduler authors" \
		--msgid-bugs-address "" -o $(TEMPLATE_CATALOGUE) .
	$(BIN)/pybabel update -i $(TEMPLATE_CATALOGUE) -d $(TRANSLATIONS) --no-wrap \
		--ignore-obsolete
	$(MAKE) compile-translations

run: $(STAMP) $(COMPILED)
	$(BIN)/cluster-scheduler db upgrade
	$(BIN)/cluster-scheduler demo load --if-empty
	@echo "Serving the demo event at http://$(HOST):$(PORT) (organiser sign-in: http://$(HOST):$(PORT)/organiser/login, emails: http://$(HOST):$(PORT)/dev/mailbox/)"
	DEV_MAILBOX=true $(BIN)/cluster-scheduler run --host $(HOST) --port $(PORT)

# Branch coverage of the package; the table lists only the files not fully covered, then TOTAL.
COVERAGE := --cov=scheduler --cov-branch --cov-report=term:skip-covered

test: $(STAMP) $(COMPILED)
	$(BIN)/ruff check scheduler tests
	$(BIN)/python -m pytest $(COVERAGE) $(PYTEST_ARGS)

test-fast: $(STAMP) $(COMPILED)
	$(BIN)/ruff check scheduler tests
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)
