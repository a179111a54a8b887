"""A Redis cache that a Redis outage or hang cannot turn into an error page: failures are logged and skipped."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("newsroom.cache")
T = TypeVar("T")

# How long the cache is left alone after a failure: one slow timeout, then pages render without it
# for this long instead of paying the timeout on every call.
RETRY_AFTER_SECONDS = 5.0


class ReusedClients(RedisCacheClient):
    """Django makes a new redis.Redis object for every cache call, which costs more than the call on a fast
    network (it copies ~200 response callbacks); one per connection pool is enough, as they are thread-safe."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class TolerantRedisCache(RedisCache):
    """Django's Redis backend with short socket timeouts (set in settings) and a circuit breaker.

    A call that fails (refused, reset, timed out) is logged once per outage and answered as a miss: reads
    return their default, writes do nothing. After a failure the cache is skipped for RETRY_AFTER_SECONDS,
    then tried again. `available` says whether the last call reached Redis, so callers that must not trust
    a miss (the page cache's freshness tokens) can tell "missing" from "unreachable".
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClients
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._failures = 0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _guard(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        if not self.available:
            return fallback
        try:
            result = call()
        except Exception as exc:  # redis errors, socket errors, and anything a half-open socket raises
            with self._lock:
                self._failures += 1
                first = self._failures == 1
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            log = logger.error if first else logger.warning
            log(
                "cache unavailable, serving without it for %.0f s",
                RETRY_AFTER_SECONDS,
                extra={"cache_operation": operation, "error": f"{type(exc).__name__}: {exc}"},
            )
            return fallback
        if self._failures:
            with self._lock:
                self._failures = 0
                self._down_until = 0.0
            logger.warning("cache reachable again")
        return result

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard("get", lambda: super(TolerantRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guard("get_many", lambda: super(TolerantRedisCache, self).get_many(keys, version), {})

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guard("set", lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard("add", lambda: super(TolerantRedisCache, self).add(key, value, timeout, version), False)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list:
        return self._guard(
            "set_many", lambda: super(TolerantRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard("touch", lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard("delete", lambda: super(TolerantRedisCache, self).delete(key, version), False)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guard("delete_many", lambda: super(TolerantRedisCache, self).delete_many(keys, version), None)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard("has_key", lambda: super(TolerantRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # Nothing here counts on incr; a caller that does gets the error it would get from a missing key.
        return super().incr(key, delta, version)

    def clear(self) -> None:
        self._guard("clear", lambda: super(TolerantRedisCache, self).clear(), None)
