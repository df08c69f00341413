# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT := out

.PHONY: install demo test lint lock clean

$(STAMP): requirements/main.txt requirements/dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/main.txt -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p $(OUT)
	$(BIN)/conflictcoder extract samples/ --format jsonl --output $(OUT)/sample_events.jsonl
	$(BIN)/conflictcoder extract samples/ --format csv --output $(OUT)/sample_events.csv
	$(BIN)/conflictcoder show $(OUT)/sample_events.jsonl

lint: install
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy

test: install lint
	$(BIN)/pytest

# Re-pin the lock files (needs network access to the package index).
lock:
	$(BIN)/pip install --quiet pip-tools
	cd requirements && ../$(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o main.txt main.in
	cd requirements && ../$(BIN)/pip-compile --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o dev.txt dev.in

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
