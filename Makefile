# Wahana: `make run` serves the Gunung Mas demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The local PostgreSQL server of these machines (trust auth, database `test`).
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export WAHANA_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run serve test test-sqlite test-postgres lint chromium gettext postgres bench clean messages

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# requirements.txt is the lock: every dependency pinned to the version tested.
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	$(BIN)/wahana migrate --noinput -v0
	$(BIN)/wahana collectstatic --noinput -v0
	$(BIN)/wahana demo
	@echo; echo "Wahana berjalan di http://$(HOST):$(PORT)  (Ctrl+C untuk berhenti)"; echo
	# The background worker (reports, periodic jobs) runs beside gunicorn and stops with it.
	$(BIN)/wahana worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null; wait $$WORKER' EXIT INT TERM; \
	$(BIN)/gunicorn wahana.config.wsgi --bind $(HOST):$(PORT) --workers 3 --access-logfile -

# Browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# makemessages/compilemessages and the catalogue test (wahana/config/tests/test_i18n.py) need GNU gettext.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

# Start the local PostgreSQL server when it is installed and down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || { \
	  command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/wahana makemigrations --check --dry-run -v0

# Two workers (these machines have 2 cores); tests marked `serial` (they restart the database
# server, say) run afterwards on their own. pytest exits 5 when a run selects no test.
PYTEST := $(BIN)/pytest -p no:cacheprovider
run_tests = $(PYTEST) -n 2 -m "not serial" $(PYTEST_ARGS) && \
	{ $(PYTEST) -m serial $(PYTEST_ARGS); status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ]; }

test-sqlite: install chromium gettext
	$(run_tests)

# Exported for the whole recipe: a `VAR=value` prefix would reach only the first command of
# run_tests, and the serial tests ran on SQLite.
test-postgres: export DATABASE_URL = $(PG_URL)
test-postgres: install chromium gettext postgres
	$(run_tests)

test: lint test-sqlite test-postgres

bench: install postgres
	$(BIN)/python -m bench $(BENCH_ARGS)

# No source locations in the catalogue: they change with every edit and bloat the diffs.
messages: install gettext
	cd wahana && ../$(BIN)/wahana makemessages -l en --no-obsolete --no-location && ../$(BIN)/wahana compilemessages

clean:
	rm -rf $(VENV) var
