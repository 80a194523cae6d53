# The only entry point for humans and CI. Needs: Python >= 3.11 (with venv) and make.
#   make demo   set everything up and serve the Purbalingga demo on http://127.0.0.1:8000
#   make test   set everything up and run the whole test suite (SQLite; PostgreSQL too when
#               SELENGGARA_TEST_DATABASE_URL is set, as .ci/run does)
#   make check  lint, types, import contracts, migrations check, then the tests

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet --no-input
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Two workers: CI and the development machines have 2 cores.
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help demo serve serve-worker test test-sqlite test-postgres test-domain check lint fmt typecheck \
	imports migrations-check bench clean

help:
	@echo "make demo   - set up and serve the demo (http://$(HOST):$(PORT))"
	@echo "make test   - set up and run the whole test suite"
	@echo "make check  - lint, types, import contracts, migrations check and tests"
	@echo "make bench  - run the benchmarks under bench/"

$(VENV)/.stamp-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "Selenggara needs Python >= 3.11 ($(PYTHON) is older)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) \
		|| { echo "Could not create $(VENV): install the venv module (Debian: apt-get install python3-venv)."; exit 1; }
	@touch $@

# The project's dependencies, exactly as locked (hashes checked), then the project itself.
$(VENV)/.stamp-main: $(VENV)/.stamp-python requirements/main.lock pyproject.toml
	$(PIP) install --require-hashes --no-deps -r requirements/main.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-main requirements/dev.lock
	$(PIP) install --require-hashes --no-deps -r requirements/dev.lock
	@touch $@

demo: $(VENV)/.stamp-main
	$(BIN)/selenggara migrate --noinput -v0
	$(BIN)/selenggara collectstatic --noinput -v0
	$(BIN)/selenggara demo
	$(MAKE) --no-print-directory serve-worker

# The web server, the background worker (it reads the uploaded C.Hasil photos) and the recap's
# folder (ADR 0016) side by side; Ctrl+C stops all three (the two started in the background are
# stopped when the server ends).
serve-worker: $(VENV)/.stamp-main
	@echo "Pekerja latar: $(BIN)/selenggara pindai pekerja (membaca foto unggahan)"
	@echo "Pelipat rekap: $(BIN)/selenggara rekap lipat --terus (angka provinsi dan nasional)"
	@$(BIN)/selenggara pindai pekerja & worker=$$!; \
		$(BIN)/selenggara rekap lipat --terus & folder=$$!; \
		trap 'kill -TERM $$worker $$folder 2>/dev/null; wait $$worker $$folder' EXIT; \
		trap 'exit 130' INT TERM; \
		$(MAKE) --no-print-directory serve

serve: $(VENV)/.stamp-main
	@echo "Selenggara berjalan di http://$(HOST):$(PORT)/  (Ctrl+C untuk berhenti)"
	$(BIN)/granian --interface wsgi --host $(HOST) --port $(PORT) --workers 2 \
		--blocking-threads 3 --access-log config.wsgi:application

test: test-sqlite test-postgres

# The SQLite run also measures branch coverage: domain cores and access selectors must stay at
# 100 %, the whole project above its floor (floors only go up).
COVERAGE_FLOOR ?= 96
test-sqlite: $(VENV)/.stamp-dev
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) --cov --cov-report= $(PYTEST_ARGS)
	$(BIN)/coverage report --fail-under=100 \
		--include="selenggara/*/domain/*,selenggara/*/access.py,selenggara/*/*/access.py"
	@echo "Total branch coverage (floor $(COVERAGE_FLOOR) %):"
	$(BIN)/coverage report --fail-under=$(COVERAGE_FLOOR) --format=total

test-postgres: $(VENV)/.stamp-dev
	@if [ -n "$$SELENGGARA_TEST_DATABASE_URL" ]; then \
		echo "== Test suite on PostgreSQL =="; \
		DATABASE_URL="$$SELENGGARA_TEST_DATABASE_URL" $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
		echo "CI must set SELENGGARA_TEST_DATABASE_URL so the suite runs on PostgreSQL."; exit 1; \
	else \
		echo "== PostgreSQL run skipped: set SELENGGARA_TEST_DATABASE_URL=postgres://... to run it =="; \
	fi

test-domain: $(VENV)/.stamp-dev
	$(BIN)/pytest selenggara/*/tests/domain -q

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

fmt: $(VENV)/.stamp-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(VENV)/.stamp-dev
	$(BIN)/mypy selenggara config tests bench/*.py

imports: $(VENV)/.stamp-dev
	$(BIN)/lint-imports

migrations-check: $(VENV)/.stamp-dev
	$(BIN)/selenggara makemigrations --check --dry-run

check: lint imports typecheck migrations-check test

bench: $(VENV)/.stamp-dev
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/screening_bench.py
	@if [ -n "$$DATABASE_URL" ]; then \
		$(BIN)/python bench/c_hasil_bench.py && $(BIN)/python bench/c_hasil_bench.py --crash; \
	else \
		echo "== C.Hasil API benchmark skipped: it needs DATABASE_URL=postgres://... =="; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
