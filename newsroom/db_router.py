"""Readers' page views read from the replica (DATABASE_REPLICA_URL) when one is set; all else uses the primary.

Editors and the admin read the primary so they see what they just saved; every write goes to the primary.
A replica lags its primary a little: see FRESHNESS_MARGIN_SECONDS in settings, which keeps pages rendered
just after a change out of the caches, so a lagging read is never stored as current.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if _public_read.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads inside read the primary: for work a reader's request does that must see what it then writes
    (a scheduled revision applied on the first read after its time, with its row locks)."""
    token = _public_read.set(False)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaReadsMiddleware:
    """Marks a reader's GET (no session cookie, outside the admin) as a public read for the router."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        public = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/admin/")
        )
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
