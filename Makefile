# Quick start: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test coverage install install-test migrate demo lint format security migrations-check deploy-check messages ci clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV_ENV) $(PY) manage.py load_demo

# The web server and, beside it, a worker for the background jobs (exports): Ctrl+C stops both.
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a job worker (Ctrl+C to stop)"
	@export PORTAL_URL=$${PORTAL_URL:-http://127.0.0.1:$(PORT)}; \
	$(DEV_ENV) PORTAL_WORKER=1 $(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium; as root we install it, otherwise they are skipped
# with a message (CI sets REQUIRE_BROWSER=1, which turns a missing browser into a failure).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

# One worker per core (TEST_WORKERS=0 runs in one process). --dist loadfile keeps each module on
# one worker, so a module-scoped fixture such as tests/emulation's demo is still built once.
# TEST_COVERAGE=--cov (CI sets it) measures the apps' coverage on the way: the total is printed,
# and a total below the floor in pyproject.toml fails the run. On Python 3.11 coverage costs about
# as much time as the second worker saves, so a developer's run leaves it out.
TEST_WORKERS ?= auto
TEST_COVERAGE ?=
test: install-test browser
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(TEST_COVERAGE)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# bandit over the project's code (what it leaves out: [tool.bandit] in pyproject.toml). Any
# finding of medium or high severity fails, whatever bandit's confidence in it; a false positive
# is silenced on its line with `# nosec BXXX` and a comment saying why, never wholesale.
security: install-test
	$(VENV)/bin/bandit -c pyproject.toml -r . --severity-level medium --confidence-level low -q

migrations-check: install
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

deploy-check: install
	DJANGO_DEBUG=0 SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
		ALLOWED_HOSTS=portal.example.gov.vn PORTAL_URL=https://portal.example.gov.vn \
		$(PY) manage.py check --deploy --fail-level WARNING

# Refresh the Vietnamese catalogue after changing UI strings (needs GNU gettext).
messages: install
	$(DEV_ENV) $(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles
	$(DEV_ENV) $(PY) manage.py compilemessages -l vi --ignore=.venv

# Time the key pages on a synthetic province of 2,000 people, in a scratch SQLite file (the
# benchmark refuses a database that holds people, such as the demo's). DATABASE_URL=... runs it
# on that database instead; docs/performance.md has the numbers and the PostgreSQL runs.
BENCH_DB ?= $(or $(TMPDIR),/tmp)/emulation-bench.sqlite3
bench: install
	$(DEV_ENV) SQLITE_PATH=$(BENCH_DB) $(PY) manage.py migrate --noinput -v 0
	$(DEV_ENV) SQLITE_PATH=$(BENCH_DB) $(PY) manage.py benchmark --people 2000 --repeat 3

coverage:
	$(MAKE) test TEST_COVERAGE=--cov

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
