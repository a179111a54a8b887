"""Database faults degrade: public queries get a short time limit, and a failing database answers 503, not 500."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template import loader

from newsroom.security import admin_prefix

logger = logging.getLogger(__name__)

# Errors of the connection or the server (refused, dropped, timed out, locked), as opposed to bad SQL.
FAULTS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_CURRENT = "_newsroom_statement_timeout"


# The limit the current request wants; unset outside requests (commands, the import worker: no limit).
_wanted: ContextVar[int | None] = ContextVar("statement_timeout_wanted", default=None)


@receiver(connection_created, dispatch_uid="newsroom.dbfaults.apply_timeout")
def _apply_on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
    # A new connection starts with the server's default; a request that opened it gets its own limit.
    setattr(connection, _CURRENT, None)
    wanted = _wanted.get()
    if wanted is not None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{wanted}ms"])
        setattr(connection, _CURRENT, wanted)


def limit_statements(milliseconds: int) -> None:
    """This request's statement_timeout on PostgreSQL (no-op elsewhere), without opening a connection.

    An open connection is set now if it has another limit; otherwise the limit is applied when the
    first query connects, so a page that needs no database (robots.txt) works while the database is down.
    """
    _wanted.set(milliseconds)
    if connection.vendor != "postgresql" or connection.connection is None:
        return
    if getattr(connection, _CURRENT, None) == milliseconds:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])
    setattr(connection, _CURRENT, milliseconds)


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    """The page readers get while the database cannot answer: 503, retry soon, never cached."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseFaultMiddleware:
    """Public requests run under PUBLIC_STATEMENT_TIMEOUT_MS, staff ones under STAFF_STATEMENT_TIMEOUT_MS.

    A hung query (a lock held elsewhere, an overloaded server) then frees the worker in seconds instead of
    holding it; that, a refused connection or one dropped mid-request become the 503 page and a log line.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        staff = request.path_info.startswith(admin_prefix())
        try:
            limit_statements(settings.STAFF_STATEMENT_TIMEOUT_MS if staff else settings.PUBLIC_STATEMENT_TIMEOUT_MS)
        except FAULTS as exc:
            return self._fault(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, FAULTS):
            return self._fault(request, exception)
        return None

    def _fault(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("database fault on %s %s: %s", request.method, request.path, str(exc).strip()[:300])
        # The connection may be unusable now; drop it so the next request starts with a fresh one.
        connection.close_if_unusable_or_obsolete()
        return unavailable_response(request)


def stream_or_fail(chunks: Iterable[str], *, incomplete_notice: str) -> Iterator[str]:
    """Pass a download's chunks through; if the database fails part-way, say so in the file and abort.

    The notice makes the partial file unmistakably incomplete for a person and for a parser (it breaks
    the JSON document; the CSV importer rejects the line); re-raising then aborts the response, so a
    chunked HTTP/1.1 transfer ends without its final chunk and the client reports an error.
    """
    try:
        yield from chunks
    except FAULTS as exc:
        logger.error("database fault during a download: %s", str(exc).strip()[:300])
        yield incomplete_notice
        raise
