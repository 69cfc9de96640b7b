# ISH Manager — `make run` and `make test` work on a fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Development defaults; production sets DEBUG=false and a SECRET_KEY (see README).
export DEBUG ?= true

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
# The embedded broker's folders (kombu's filesystem transport, see ish/settings.py): kombu creates
# none of them, and web, worker and beat all need them.
BROKER_DIRS := var/broker/messages var/broker/control

.PHONY: run test lint fmt demo install messages makemessages clean

run: install messages $(BROKER_DIRS)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	@echo
	@echo "  ISH Manager runs at http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and beat)"
	@echo
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT) --procfile Procfile

test: install messages
	$(BIN)/pytest --numprocesses auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: install messages $(BROKER_DIRS)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo

$(BROKER_DIRS):
	mkdir -p $@

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ISH Manager needs Python 3.11 or newer (PYTHON=$(PYTHON)).")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

# Compiled with Babel (a pip package), so no system gettext is needed to run the portal in German.
messages: install $(MO_FILES)

locale/%.mo: locale/%.po
	$(BIN)/pybabel compile --input-file $< --output-file $@

# Re-extract translatable strings (needs GNU gettext, for developers only).
makemessages: install
	$(BIN)/python manage.py makemessages --locale de --no-obsolete --add-location file --ignore ".venv/*" --ignore "staticfiles/*"

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3 $(MO_FILES)
