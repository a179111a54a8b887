# Everyday commands. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_DEBUG ?= 1

.PHONY: install run test lint migrations-check demo e2e bench-import bench-search backup restore load

$(VENV)/installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_airports
	$(PY) manage.py load_demo
	$(PY) manage.py create_editor

# The import worker (django-tasks' db_worker) runs beside the server and stops with it.
run: demo
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# A backup folder (database dump, media, manifest) under backups/, or TO=folder; restore with BACKUP=folder.
backup: install
	$(PY) manage.py backup $(if $(TO),--to $(TO))

restore: install
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=backups/YYYYMMDD-HHMMSS"; exit 2)
	$(PY) manage.py restore $(BACKUP) --yes

# 50 readers and 5 editors for 60 s against gunicorn and PostgreSQL (database nr_security_load on 127.0.0.1).
load: install
	$(PY) scripts/load_test.py

# Tests run with DEBUG off, as production does.
test: install
	DJANGO_DEBUG=0 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Imports the 42,982-row ICE Air legs file into a fresh SQLite and a fresh PostgreSQL database
# (newsroom_import on 127.0.0.1) and prints wall time and peak memory of each import.
bench-import: install
	$(PY) scripts/bench_import.py

# Benchmark of search and downloads on a seeded PostgreSQL database (seeds it when nearly empty).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
bench-search: install
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=benchmark-only DJANGO_PLAIN_STATIC=1 \
		$(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 $(PY) scripts/bench_search.py
