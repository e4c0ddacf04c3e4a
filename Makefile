# PCMT: `make run` sets up and serves the demo; `make serve` runs the production server;
# `make test` runs the whole suite.
# The first interpreter that really runs and is >= 3.12 (pyenv shims may exist but fail).
PYTHON_BIN ?= $(shell for p in $$(ls -d /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null) python3.14 python3.13 python3.12 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Front-end libraries: installed by npm from the lockfile, copied into the static files.
NODE_STAMP := node_modules/.installed
VENDOR := static/vendor
VENDOR_STAMP := $(VENDOR)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve setup install migrate demo test lint typecheck pytest messages bench clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON_BIN)" || { echo "PCMT needs Python >= 3.12"; exit 1; }
	test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "PCMT needs Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Only the files pages load (and the licences); the folder is rebuilt, never committed.
$(VENDOR_STAMP): $(NODE_STAMP)
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster $(VENDOR)/axe-core
	cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
		node_modules/leaflet/dist/images node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	@# The accessibility checker the browser tests inject; no page loads it.
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(VENDOR)/axe-core/
	touch $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP)

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

setup: messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_units
	$(PY) manage.py load_boundaries --province 01
	$(PY) manage.py load_holidays
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py print_demo_logins --host $(HOST) --port $(PORT)
	@# The task worker runs background jobs (record linkage) beside the web server.
	trap 'kill 0' EXIT; $(PY) manage.py db_worker --no-startup-delay & $(PY) manage.py runserver $(HOST):$(PORT)

# Production: settings from the environment (docs/deployment.md), then gunicorn and the task
# worker under one shell that stops both when either ends.
serve: messages
	PCMT_ENV=production $(PY) manage.py migrate --no-input -v 0
	PCMT_ENV=production $(PY) manage.py collectstatic --no-input -v 0
	trap 'kill 0' EXIT; PCMT_ENV=production $(PY) manage.py db_worker & \
		PCMT_ENV=production $(VENV)/bin/gunicorn --config gunicorn.conf.py; exit 1

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy pcmt

# The suite runs on every core (pytest-xdist; each worker has its own test database).
PYTEST_WORKERS ?= auto
pytest: messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

test: lint typecheck pytest

bench: install
	$(PY) bench/person_search.py

clean:
	rm -rf $(VENV) var node_modules $(VENDOR)
