"""Gunicorn settings for `make serve`: workers sized to the CPUs, the app loaded and warmed once before forking."""

import multiprocessing
import os

import gunicorn.http.wsgi

# gunicorn has no setting for its Server header; it sends this module attribute as the value.
# Naming the server and its version only helps someone matching it against known flaws.
gunicorn.http.wsgi.SERVER = "newsroom"

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Gunicorn's rule of thumb: two per core (one computing while the other waits on the database) plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load Django, its URLs and templates in the master, so every worker starts warm (see newsroom/warmup.py).
preload_app = True
# Recycle workers now and then so slow leaks cannot grow without bound; jitter keeps them from restarting together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# A worker stuck longer than this is restarted; the database's own limits (newsroom.dbfaults) end a hung
# query well before, so this only catches what those cannot.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The app writes one JSON line per request (newsroom/request_log.py); gunicorn's own access log would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server: object) -> None:
    from newsroom.warmup import warm

    warm()


def post_worker_init(worker: object) -> None:
    from newsroom.warmup import connect

    connect()
