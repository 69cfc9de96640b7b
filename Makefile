# ISH Manager — `make run` and `make test` work on a fresh machine with only Python 3.11+ (npm
# adds axe-core for the browser tests' accessibility checks, which skip without it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Development defaults; production sets DEBUG=false and a SECRET_KEY (see README).
export DEBUG ?= true

AXE := node_modules/.package-lock.json
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
# The embedded broker's folders (kombu's filesystem transport, see ish/settings.py): kombu creates
# none of them, and web, worker and beat all need them.
BROKER_DIRS := var/broker/messages var/broker/control
# Resolves requirements*.in into the hashed locks, for every platform and Python 3.11 or newer.
LOCK := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test drill lint fmt fuzz demo bench install lock messages makemessages clean

run: install messages $(BROKER_DIRS)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo --verbosity 0
	@# The web process (Procfile: manage.py demoserver) prints the address and the demo logins
	@# once it listens.
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT) --procfile Procfile

test: install messages $(AXE)
	$(BIN)/pytest --numprocesses auto $(PYTEST_ARGS)

# Failure drills (tests/drills, README): each starts its own PostgreSQL, Redis, gunicorn and worker
# on free loopback ports and stops, kills or fills them; `make test` leaves them out (-m drill).
drill: install messages
	$(BIN)/pytest -m drill tests/drills $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

# schemathesis against gunicorn on a new SQLite database with the demo season (see .ci/fuzz).
fuzz: install messages
	.ci/fuzz

# Every benchmark of bench/ in turn, each printing its markdown table and writing
# bench/results/*.json (see README, Benchmarks). BENCH_SIZES=100,1000 or BENCH_QUICK=1 for a smoke
# run; BENCH_DATABASE_URL=postgres://… adds PostgreSQL and the load run (with Redis on loopback).
bench: install messages
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/api.py
	$(BIN)/python bench/api.py --profile
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/bulk.py
	$(BIN)/python bench/match.py
	$(BIN)/python bench/roster.py
	$(BIN)/python bench/load.py

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: install messages $(BROKER_DIRS)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo

$(BROKER_DIRS):
	mkdir -p $@

# Every package from the lock, each checked against its hash (pip refuses anything unlisted).
install: $(VENV)/.installed

# axe-core from the npm registry, as package-lock.json pins it (with its hash), for the browser
# tests' accessibility checks (tests/e2e/accessibility.py); `npm ci` writes $(AXE) last.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; else \
		echo "npm is missing: the browser tests skip their accessibility checks (Debian: apt-get install nodejs npm)"; fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ISH Manager needs Python 3.11 or newer (PYTHON=$(PYTHON)).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements-dev.txt
	@touch $@

# After editing requirements.in or requirements-dev.in: versions already locked are kept where
# they still fit; `make lock LOCK_ARGS=--upgrade` takes the newest. The dev lock is constrained by
# the runtime lock, so it is resolved second.
lock: install
	$(LOCK) requirements.in --output-file requirements.txt
	$(LOCK) requirements-dev.in --output-file requirements-dev.txt

# Every language's catalogue, complete or still being translated (an untranslated message shows
# in English), compiled with Babel (a pip package): no system gettext is needed to run the portal.
messages: install $(MO_FILES)

locale/%.mo: locale/%.po
	$(BIN)/pybabel compile --input-file $< --output-file $@

# The locales of settings.LANGUAGES but English, the messages' own language (zh-hans → zh_Hans).
# ($(shell) does not see exported variables: DEBUG is passed by hand.)
LOCALES = $(shell DEBUG=$(DEBUG) DJANGO_SETTINGS_MODULE=ish.settings $(BIN)/python -c \
	'from django.conf import settings as s; from django.utils.translation import to_locale; \
	print(*(to_locale(code) for code, _ in s.LANGUAGES if code != s.LANGUAGE_CODE))')

# Re-extract translatable strings into every language's catalogue, a new language's created
# (needs GNU gettext, for developers only).
makemessages: install
	$(BIN)/python manage.py makemessages $(addprefix --locale ,$(LOCALES)) --no-obsolete \
		--add-location file --ignore ".venv/*" --ignore "staticfiles/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) node_modules staticfiles var db.sqlite3 $(MO_FILES)
