# Everyday commands. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_DEBUG ?= 1

.PHONY: install run test lint migrations-check demo e2e bench-import bench-search eval-factcheck bench-factcheck

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

run: demo
	$(PY) manage.py runserver 127.0.0.1:8000

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

# Scores the fact check on a labeled corpus (default tests/articles/factcheck_corpus; CORPUS=/some/dir for another):
# precision and recall per verdict and per shape, and every miss. Exit 1 when a target is missed.
CORPUS ?= tests/articles/factcheck_corpus
eval-factcheck: install
	$(PY) scripts/eval_factcheck.py $(CORPUS)

# Fact check per article with the 43,000-row ICE Air legs file imported (SQLite file and PostgreSQL database
# nr_factcheck_bench, imported on first use): median and p95 milliseconds and queries per story.
bench-factcheck: install
	$(PY) scripts/bench_factcheck.py $(BENCH_ARGS)
