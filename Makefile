# Two commands on a fresh machine with Python 3.11:
#   make run    set everything up and serve the demo event at http://127.0.0.1:5000
#   make test   set everything up and run the whole test suite, with branch coverage
# While working, `make test-fast` runs ruff and the tests not marked slow.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast install

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cluster-scheduler db upgrade
	$(BIN)/cluster-scheduler demo load --if-empty
	@echo "Serving the demo event at http://$(HOST):$(PORT) (organiser sign-in: http://$(HOST):$(PORT)/organiser/login, emails: http://$(HOST):$(PORT)/dev/mailbox/)"
	DEV_MAILBOX=true $(BIN)/cluster-scheduler run --host $(HOST) --port $(PORT)

# Branch coverage of the package; the table lists only the files not fully covered, then TOTAL.
COVERAGE := --cov=scheduler --cov-branch --cov-report=term:skip-covered

test: $(STAMP)
	$(BIN)/ruff check scheduler tests
	$(BIN)/python -m pytest $(COVERAGE) $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/ruff check scheduler tests
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)
