# Opgaveudvalg: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
# pytest-xdist: one worker process per core (each with its own test database and Redis databases).
# The integration tests (real workers, sweepers racing each other, faults) run afterwards on
# their own: their timing assertions need the machine, not half of it.
PYTEST_PARALLEL ?= -n auto
PYTEST_ARGS ?=
export FLASK_APP := wsgi:app
export PORT

.PHONY: run test bench bench-pages bench-volume docs-shots lint format deps dev-deps static translations migrate demo \
        i18n-extract i18n-update i18n-compile clean

## make run: install, migrate, load demo data, then serve web + Celery worker + beat.
run: export APP_ENV = development
# Links in e-mails point at the port served, unless PUBLIC_URL says otherwise.
run: export PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: deps static translations
	@mkdir -p instance
	@echo "  Development mode (APP_ENV=development): a random SECRET_KEY kept in instance/; never use this mode for a real installation."
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@$(BIN)/flask demo logins
	@echo
	@echo "  Opgaveudvalg kører på http://127.0.0.1:$(PORT)  (Ctrl-C stopper web, worker og beat)"
	@echo "  Links i e-mails peger på $$PUBLIC_URL"
	@echo
	$(BIN)/honcho start -f Procfile

## make test: ruff, then the whole pytest suite.
test: dev-deps static translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# Models and migrations agree: a throwaway database upgraded to head, then Alembic's check.
	@tmp=$$(mktemp -d) && APP_ENV=development INSTANCE_PATH=$$tmp DATABASE_URL= REDIS_URL= \
	  $(BIN)/flask db upgrade && APP_ENV=development INSTANCE_PATH=$$tmp \
	  DATABASE_URL= REDIS_URL= $(BIN)/flask db check; status=$$?; rm -rf $$tmp; exit $$status
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not integration" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest -m integration $(PYTEST_ARGS) || [ $$? -eq 5 ]  # 5: PYTEST_ARGS chose none

## make bench: the notices sweep benchmark: 10,000 notices to a local SMTP sink, on an empty
## outbox and with 2 M notices of history (BENCH_ARGS="--history 0" leaves that out); see bench/.
bench: dev-deps translations
	$(BIN)/python bench/notices_bench.py $(BENCH_ARGS)

## make bench-volume SCALE=100: a data set of SCALE municipalities (1 = Gentofte's size) on
## BENCH_DATABASE_URL (default: instance/bench/volume.sqlite); refused on a database with data
## unless BENCH_ARGS=--reset. See bench/README.md.
SCALE ?= 1
bench-volume: deps
	$(BIN)/python bench/volume.py --scale $(SCALE) $(if $(BENCH_DATABASE_URL),--database-url "$(BENCH_DATABASE_URL)") $(BENCH_ARGS)

## make bench-pages: every page type at 1x and 100x, in process and under gunicorn with wrk
## (apt-get install wrk); databases <BENCH_DATABASE_URL>_x1 and _x100, built when empty.
bench-pages: dev-deps static translations
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

## make docs-shots: the user guides' screenshots, from the demo in Chromium (da and en).
docs-shots: dev-deps static translations
	$(BIN)/python docs/make_shots.py

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(BIN)/python:
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/.deps
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# The design system (dkfds) comes from npm; its built files are copied, never committed.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

static/dkfds/.copied: node_modules/.package-lock.json
	rm -rf static/dkfds && mkdir -p static/dkfds
	cp -r node_modules/dkfds/dist/css node_modules/dkfds/dist/js \
	      node_modules/dkfds/dist/fonts node_modules/dkfds/dist/img static/dkfds/
	@touch $@

static: static/dkfds/.copied

## Translations: Danish is the source language, English the translation.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
translations/%.mo: translations/%.po | $(VENV)/.deps
	$(BIN)/pybabel compile -f -i $< -o $@

translations: $(MO_FILES)

i18n-extract: deps
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location \
	  --omit-header -o translations/messages.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

i18n-compile: translations

migrate: deps
	$(BIN)/flask db upgrade

demo: deps
	$(BIN)/flask demo load

clean:
	rm -rf static/dkfds node_modules .pytest_cache .ruff_cache
