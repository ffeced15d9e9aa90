# Two commands set everything up: `make run` (site with demo data) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: setup run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	$(BIN)/python manage.py compile_translations --verbosity 0

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data
	@echo "Site: http://127.0.0.1:$(PORT)/  (stop with Ctrl+C); the background worker runs alongside."
	$(BIN)/python manage.py db_worker --interval 2 & worker=$$!; \
	(while true; do $(BIN)/python manage.py tick; sleep 300; done) & ticker=$$!; \
	trap 'kill $$worker $$ticker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium; as root it is installed from Debian's packages.
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	else \
		echo "The browser tests need Debian's Chromium: sudo apt-get install chromium chromium-driver" >&2; exit 1; \
	fi

test: setup /usr/bin/chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark, one after another (about 8 minutes on two cores); each prints its figures.
bench: setup
	$(BIN)/python bench/framework_render.py
	$(BIN)/python bench/mirror.py
	$(BIN)/python bench/decisions.py
	$(BIN)/python bench/autosave_load.py

clean:
	rm -rf $(VENV) node_modules var
