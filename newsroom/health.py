"""/healthz for load balancers: is the database answering, and the cache? Never cached."""

from __future__ import annotations

import secrets
import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from newsroom.freshness import cache_available


def _database(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means this server cannot serve pages
        return f"error: {type(exc).__name__}"
    return "ok"


def _cache() -> str:
    probe = f"healthz:{secrets.token_hex(4)}"
    cache.set(probe, "1", 10)
    seen = cache.get(probe)
    cache.delete(probe)
    return "ok" if seen == "1" and cache_available() else "unavailable"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers. A cache that is down is reported but is not a failure: pages render
    without it (slower), and taking every server out of the load balancer for it would be an outage."""
    started = time.perf_counter()
    checks = {"database": _database(DEFAULT_DB_ALIAS)}
    for alias in connections:
        if alias != DEFAULT_DB_ALIAS:
            checks[f"database_{alias}"] = _database(alias)
    checks["cache"] = _cache()
    healthy = all(value == "ok" for name, value in checks.items() if name.startswith("database"))
    body = {"status": "ok" if healthy else "failing", **checks, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JsonResponse(body, status=200 if healthy else 503)
