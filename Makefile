# Two commands set everything up: `make run` (site with demo data) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails, on certificates (text and QR) and in calendar UIDs are built from the site's
# address; `make run PORT=8123` serves on 8123 and links there too, unless KEURMERK_SITE_URL is set.
KEURMERK_SITE_URL ?= http://127.0.0.1:$(PORT)

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

SITE := KEURMERK_SITE_URL=$(KEURMERK_SITE_URL)

run: setup
	$(SITE) $(BIN)/python manage.py migrate --noinput
	$(SITE) $(BIN)/python manage.py demo_data
	@echo "Site: $(KEURMERK_SITE_URL)/  (stop with Ctrl+C); the background worker runs alongside."
	$(SITE) $(BIN)/python manage.py db_worker --interval 2 & worker=$$!; \
	(while true; do $(SITE) $(BIN)/python manage.py tick; sleep 300; done) & ticker=$$!; \
	trap 'kill $$worker $$ticker 2>/dev/null' EXIT INT TERM; \
	$(SITE) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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

# Every benchmark, one after another (about 20 minutes on two cores); each prints its figures. The
# last three print the rows of the national-scale table in docs/performance.md: certificates of a
# year and the register (decisions.py), the autosave at 600 members once a second beside a bare
# Django view (ratio and p95), and 1,000 members saving every 5 s on both databases.
bench: setup
	$(BIN)/python bench/framework_render.py
	$(BIN)/python bench/mirror.py
	$(BIN)/python bench/decisions.py
	$(BIN)/python bench/autosave_load.py --db postgres --members 600 --seconds 15
	$(BIN)/python bench/autosave_load.py --db both --members 1000 --pace 5 --seconds 30

clean:
	rm -rf $(VENV) node_modules var
