# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: install web-assets demo test lint lock clean

# PIP_FLAGS lets CI add --no-cache-dir so that the lock is proven against the index as it is
# today, not against yesterday's wheel cache.
PIP_FLAGS ?=
PIP := $(BIN)/python -m pip --disable-pip-version-check

$(STAMP): requirements/bootstrap.txt requirements/main.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet $(PIP_FLAGS) --require-hashes -r requirements/bootstrap.txt
	$(PIP) install --quiet $(PIP_FLAGS) --require-hashes -r requirements/main.txt -r requirements/dev.txt
	$(PIP) install --quiet $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) web-assets

# Dashboard assets from npm (web/package-lock.json): Leaflet, topojson-client, Natural
# Earth borders (world-atlas) and Swagger UI for /docs (swagger-ui-dist), copied into the
# package; the copies are not committed.
VENDOR := src/conflictcoder/web/static/vendor
web-assets: $(VENDOR)/.installed

$(VENDOR)/.installed: web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/images
	cp web/node_modules/leaflet/dist/leaflet.js web/node_modules/leaflet/dist/leaflet.css $(VENDOR)/
	cp web/node_modules/leaflet/dist/images/*.png $(VENDOR)/images/
	cp web/node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	cp web/node_modules/world-atlas/countries-50m.json $(VENDOR)/
	cp web/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
		web/node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/
	cp web/node_modules/swagger-ui-dist/favicon-32x32.png $(VENDOR)/swagger-favicon-32x32.png
	cp web/node_modules/swagger-ui-dist/NOTICE $(VENDOR)/NOTICE.swagger-ui-dist
	for pkg in leaflet topojson-client world-atlas swagger-ui-dist; do \
		cp web/node_modules/$$pkg/LICENSE $(VENDOR)/LICENSE.$$pkg; done
	touch $@

demo: install
	mkdir -p $(OUT)
	$(BIN)/conflictcoder extract samples/ --format jsonl --output $(OUT)/sample_events.jsonl
	$(BIN)/conflictcoder extract samples/ --format csv --output $(OUT)/sample_events.csv
	$(BIN)/conflictcoder show $(OUT)/sample_events.jsonl
	$(BIN)/conflictcoder ingest samples/ --db $(OUT)/demo.sqlite
	$(BIN)/conflictcoder serve --db $(OUT)/demo.sqlite

lint: install
	$(BIN)/ruff check conftest.py src tests $(wildcard bench)
	$(BIN)/ruff format --check conftest.py src tests $(wildcard bench)
	$(BIN)/mypy

# scripts/services.sh installs and starts PostgreSQL with PostGIS and prints its test URL.
# pytest-xdist runs the suite on every logical CPU (at most TEST_WORKERS; each worker holds its own
# spaCy pipeline and gazetteer, about 0.5 GB); TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 4
test: install lint
	bash scripts/browser.sh
	url="$$(bash scripts/services.sh)" && CONFLICTCODER_TEST_PG="$$url" $(BIN)/pytest \
		$(if $(filter 0,$(TEST_WORKERS)),,-n logical --maxprocesses $(TEST_WORKERS))

# Re-pin the lock files (needs network access to the package index).
lock:
	$(BIN)/pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o main.txt main.in
	cd requirements && ../$(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o dev.txt dev.in

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
