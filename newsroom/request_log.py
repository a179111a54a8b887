"""One log line per request, as JSON: method, path, status, time taken, SQL queries and page-cache use."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger("newsroom.requests")


class QueryCounter:
    """Counts statements on every database connection, with DEBUG off (connection.queries is DEBUG-only)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        counter = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            log_request(
                request,
                response,
                view=match.view_name if match else None,
                seconds=time.perf_counter() - started,
                counter=counter,
                page_cache=getattr(request, "page_cache", None),
            )
        return response


def log_request(
    request: HttpRequest,
    response: HttpResponseBase,
    *,
    view: str | None,
    seconds: float,
    counter: QueryCounter | None,
    page_cache: str | None,
) -> None:
    """The one line for a request (also written by the page cache for a hit, which never reaches the middleware)."""
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "query": request.META.get("QUERY_STRING", ""),
            "status": response.status_code,
            "view": view,
            "duration_ms": round(seconds * 1000, 2),
            "sql_queries": counter.count if counter else 0,
            "sql_ms": round(counter.seconds * 1000, 2) if counter else 0.0,
            "page_cache": page_cache,
            "bytes": None if response.streaming else len(response.content),
            "streaming": response.streaming,
        },
    )
