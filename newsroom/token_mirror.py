"""This process's copy of the freshness tokens, kept exact by Redis: a page-cache hit then needs no round trip.

Redis's client-side caching in broadcast mode (`CLIENT TRACKING ON BCAST PREFIX <fresh: keys>`, RESP3) sends
this process an invalidation message on one connection whenever any process replaces a token, and when
tokens expire, are evicted or the database is flushed. Before each use the copy reads whatever messages have
arrived (a poll of the socket, no round trip) and drops the tokens they name.

Why that is exact: Redis writes the invalidation message in the same turn of its event loop as its answer
to the writer, before it reads another command; a writer replaces a change's tokens before its transaction
commits and again after (newsroom.freshness.changed). So by the time a change is committed and its tokens
replaced, the message is already in this process's socket, and the next request here reads it first.

A token is copied only when no message arrived between reading it and copying it (a change in between may
not be in the value read). If the connection fails, or Redis stops answering the heartbeat for longer than
the cache's socket timeout, the copy is emptied and not used until it has reconnected: callers then read
the tokens from Redis as before, and a dead Redis still serves pages (rendered).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from redis.connection import AbstractConnection

logger = logging.getLogger("newsroom.cache")

# A PING when nothing has been heard for this long; no answer within the socket timeout empties the copy.
HEARTBEAT_SECONDS = 0.5
RETRY_AFTER_SECONDS = 5.0


class TokenMirror:
    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}
        # Bumped by every message, forgotten tag and (re)connection: a read spanning a bump is not copied.
        self.generation = 0
        self._lock = threading.RLock()
        self._connection: AbstractConnection | None = None
        self._prefix = ""
        self._heard = 0.0
        self._ping_sent = 0.0
        self._retry_at = 0.0
        self._timeout = settings.CACHE_TIMEOUT_SECONDS
        self._pid = os.getpid()

    # Callers ---------------------------------------------------------------------------------------------

    def lookup(self, tags: list[str]) -> tuple[dict[str, str] | None, int | None]:
        """(the copied tokens of all tags, or None; the generation to pass to remember, or None when the
        copy is not in use)."""
        with self._lock:
            if not self._ready():
                return None, None
            tokens = self.tokens
            try:
                return {tag: tokens[tag] for tag in tags}, self.generation
            except KeyError:
                return None, self.generation

    def remember(self, tokens: dict[str, str], generation: int | None) -> None:
        """Copy tokens read from Redis, unless something changed (or the copy restarted) since `generation`."""
        if generation is None:
            return
        with self._lock:
            if self._ready() and self.generation == generation:
                self.tokens.update(tokens)

    def forget(self, tags: Iterable[str]) -> None:
        """This process replaced these tokens itself: drop its copies at once, without waiting for Redis."""
        with self._lock:
            for tag in tags:
                self.tokens.pop(tag, None)
            self.generation += 1

    def reset(self) -> None:
        with self._lock:
            self._disconnect()
            self._retry_at = 0.0

    # Connection ------------------------------------------------------------------------------------------

    def _ready(self) -> bool:
        """Connected, every message read, Redis heard recently: the copy may be trusted."""
        if self._pid != os.getpid():  # a forked worker must not share its parent's socket or copy
            self._pid = os.getpid()
            self._connection = None
            self._disconnect()
        if self._connection is None and not self._connect():
            return False
        connection = self._connection
        assert connection is not None
        now = time.monotonic()
        try:
            while connection.can_read(timeout=0):
                answer = connection.read_response(push_request=True)
                self._heard = now
                if answer in (b"PONG", "PONG"):
                    self._ping_sent = 0.0
            if self._ping_sent and now - self._ping_sent > self._timeout:
                raise TimeoutError("no answer to the heartbeat")
            if not self._ping_sent and now - self._heard > HEARTBEAT_SECONDS:
                connection.send_command("PING")
                self._ping_sent = now
        except Exception as exc:  # refused, reset, closed, timed out: stop trusting the copy
            logger.warning("token mirror off for %.0f s: %s: %s", RETRY_AFTER_SECONDS, type(exc).__name__, exc)
            self._disconnect()
            self._retry_at = now + RETRY_AFTER_SECONDS
            return False
        return True

    def _connect(self) -> bool:
        from django.core.cache import caches

        from newsroom.cache_backend import TolerantRedisCache

        cache = caches["default"]
        if not isinstance(cache, TolerantRedisCache) or time.monotonic() < self._retry_at:
            return False
        try:
            pool = cache._cache._get_connection_pool(write=True)
            kwargs = dict(pool.connection_kwargs)
            kwargs.update(protocol=3, socket_timeout=self._timeout, socket_connect_timeout=self._timeout)
            connection = pool.connection_class(**kwargs)  # rediss:// gives an SSLConnection
            connection._parser.set_invalidation_push_handler(self._invalidated)
            self._prefix = cache.make_key("fresh:")
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self._prefix)
            if connection.read_response() not in (b"OK", "OK"):
                raise ConnectionError("CLIENT TRACKING refused")
        except Exception as exc:
            logger.warning("token mirror off for %.0f s: %s: %s", RETRY_AFTER_SECONDS, type(exc).__name__, exc)
            self._retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            return False
        self._connection = connection
        self._heard = time.monotonic()
        self._ping_sent = 0.0
        self.tokens.clear()
        self.generation += 1
        return True

    def _disconnect(self) -> None:
        if self._connection is not None:
            try:
                self._connection.disconnect()
            except Exception:  # already broken; nothing more to release
                pass
        self._connection = None
        self.tokens.clear()
        self.generation += 1

    def _invalidated(self, message: list[Any]) -> None:
        """["invalidate", [keys]], or ["invalidate", None] when the database was flushed."""
        self.generation += 1
        keys = message[1] if len(message) > 1 else None
        if keys is None:
            self.tokens.clear()
            return
        skip = len(self._prefix)
        for key in keys:
            name = key.decode() if isinstance(key, bytes) else key
            self.tokens.pop(name[skip:], None)


mirror = TokenMirror()


def _cache_settings_changed(setting: str, **kwargs: Any) -> None:
    if setting == "CACHES":  # tests point the cache at another server: follow it
        mirror.reset()


setting_changed.connect(_cache_settings_changed)
