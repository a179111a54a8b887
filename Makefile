# Everyday commands. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_DEBUG ?= 1

.PHONY: install run test lint migrations-check demo e2e bench-import bench-search bench-archive serve bench backup restore load eval-factcheck bench-factcheck

$(VENV)/installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core for the accessibility checks of the browser tests, from the npm registry (skipped where npm is missing;
# the tests then skip their axe checks, and fail under CI).
AXE_VERSION := 4.14.1
AXE := .e2e/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix .e2e axe-core@$(AXE_VERSION); \
	else echo "npm not found: the accessibility checks will be skipped"; fi

install: $(VENV)/installed $(AXE)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_airports
	$(PY) manage.py load_demo
	$(PY) manage.py load_ice_air
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

# Tests run with DEBUG off, as production does, on one worker per CPU (PYTEST_WORKERS=0 for one process);
# a test file stays on one worker, so its module-wide fixtures are built once. Files are handed out in
# collection order, which puts the longest first (tests/conftest.py, LONGEST_FIRST).
PYTEST_WORKERS ?= auto
test: install
	env -u PYTHONDONTWRITEBYTECODE DJANGO_DEBUG=0 $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

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
	$(PY) scripts/ensure_database.py $(BENCH_DATABASE_URL)
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=benchmark-only DJANGO_PLAIN_STATIC=1 \
		$(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=0 $(PY) scripts/bench_search.py

# ICE Air archive pages (country, airport, indexes, grouped views) at full size on PostgreSQL: loads the
# legs, missions and Guatemala files into $(ARCHIVE_DATABASE_URL) if needed; prints p50/p95 and query counts.
ARCHIVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nr_iceair_bench
bench-archive: install
	$(PY) scripts/ensure_database.py $(ARCHIVE_DATABASE_URL)
	DATABASE_URL=$(ARCHIVE_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=benchmark-only DJANGO_PLAIN_STATIC=1 \
		$(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(ARCHIVE_DATABASE_URL) DJANGO_DEBUG=0 $(PY) scripts/bench_archive.py $(BENCH_ARGS)

# Production serving (docs/deploy.md): migrate, collect static files, then gunicorn with gunicorn.conf.py
# (workers sized to the CPUs). Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; BIND sets the
# address (default 127.0.0.1:8000), WEB_CONCURRENCY the number of workers.
# Production-like: gunicorn, plus the task worker that runs admin imports in the background.
serve: install
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn -c gunicorn.conf.py newsroom.wsgi

# Every page type under load through gunicorn on a seeded PostgreSQL database, against a bare Django view
# served the same way (scripts/bench_pages.py): req/s, p50, p99, SQL queries, ratio to the bare view.
PAGES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nr_perf_bench
bench: install
	DATABASE_URL=$(PAGES_DATABASE_URL) DJANGO_DEBUG=0 DJANGO_SECRET_KEY=benchmark-only \
		$(PY) scripts/bench_pages.py $(BENCH_ARGS)

# Scores the fact check on a labeled corpus (default tests/articles/factcheck_corpus; CORPUS=/some/dir for another):
# precision and recall per verdict and per shape, and every miss. Exit 1 when a target is missed.
CORPUS ?= tests/articles/factcheck_corpus
eval-factcheck: install
	$(PY) scripts/eval_factcheck.py $(CORPUS)

# Fact check per article with the 43,000-row ICE Air legs file imported (SQLite file and PostgreSQL database
# nr_factcheck_bench, imported on first use): median and p95 milliseconds and queries per story.
bench-factcheck: install
	$(PY) scripts/bench_factcheck.py $(BENCH_ARGS)
