"""A Redis that is down, or that accepts connections and never answers, slows pages at most: never an error."""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import reverse

from articles.models import Article
from newsroom import freshness
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db

PAGES = ["/", reverse("articles:list"), reverse("articles:list") + "?q=china", "/flights/", "/flights/?country=CN"]


def redis_cache(url: str, timeout: float = 0.25) -> dict:
    return {
        "default": {
            "BACKEND": "newsroom.cache_backend.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    }


@pytest.fixture
def dead_port() -> int:
    """A port where nothing listens: connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hung_port() -> Iterator[int]:
    """A server that accepts connections and never answers, like a Redis stuck in a long command."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def read_every_page(client) -> float:
    started = time.monotonic()
    for url in [*PAGES, f"/articles/{JUNE_2025_STORY}/", f"/flights/{JUNE_2025}/", "/healthz"]:
        response = client.get(url)
        assert response.status_code == 200, url
    return time.monotonic() - started


@pytest.mark.parametrize("page_cache_on", [True, False])
def test_pages_render_when_redis_refuses_connections(client, demo, dead_port, settings, caplog, page_cache_on):
    settings.PAGE_CACHE_ENABLED = page_cache_on
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{dead_port}/7")), caplog.at_level(logging.WARNING):
        read_every_page(client)
        health = client.get("/healthz").json()
    assert health["database"] == "ok" and health["cache"] == "unavailable"
    assert any("cache unavailable" in record.getMessage() for record in caplog.records)


def test_pages_render_promptly_when_redis_hangs(client, demo, hung_port, settings, caplog, monkeypatch):
    from newsroom import cache_backend

    settings.PAGE_CACHE_ENABLED = True
    # Longer than the pages take even on a busy machine, so the count of timeouts below is exact.
    monkeypatch.setattr(cache_backend, "RETRY_AFTER_SECONDS", 120.0)
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{hung_port}/7")), caplog.at_level(logging.WARNING):
        elapsed = read_every_page(client)
    # One short timeout, then the cache is left alone for a few seconds instead of timing out on every call:
    # the eight pages (a dozen cache calls each) paid a single 0.25 s wait. The time bound only catches a hang
    # (with no socket timeout the first call would never return); it is loose for a busy shared machine.
    errors = [r for r in caplog.records if r.getMessage().startswith("cache unavailable")]
    assert len(errors) == 1 and "Timeout" in errors[0].error
    assert elapsed < 60, f"{elapsed:.1f} s for 8 pages"


def test_the_cache_is_used_again_once_redis_answers(client, demo, dead_port, settings, monkeypatch):
    from newsroom import cache_backend

    monkeypatch.setattr(cache_backend, "RETRY_AFTER_SECONDS", 0.0)
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{dead_port}/7")):
        assert client.get("/").status_code == 200
        assert not cache.available or cache.get("anything") is None
    with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/7")):
        cache.set("answer", 42)
        assert cache.get("answer") == 42 and cache.available


def test_a_real_redis_keeps_pages_and_drops_them_on_change(client, demo, settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/7")):
        try:
            url = f"/articles/{JUNE_2025_STORY}/"
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert len(queries) == 0
            story = Article.objects.get(slug=JUNE_2025_STORY)
            story.headline = "A headline changed after publication"
            story.save()
            assert "A headline changed after publication" in client.get(url).content.decode()
        finally:
            cache.clear()


def test_the_token_mirror_sees_another_process_replace_a_token_on_the_next_request(client, demo, settings, monkeypatch):
    """Hits read the tokens from this process's copy (no round trip); a token another server replaces in
    Redis is dropped from the copy by Redis's invalidation message before the next request uses it."""
    import redis

    from newsroom.token_mirror import mirror

    settings.PAGE_CACHE_ENABLED = True
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)
    with override_settings(CACHES=redis_cache("redis://127.0.0.1:6379/7")):
        try:
            url = "/"  # the home page shows "articles"
            for _ in range(3):  # the first requests' own token writes keep their reads from being copied
                assert client.get(url).status_code == 200
            copied, _ = mirror.lookup(["articles"])
            assert copied is not None, "the copy holds the page's tokens after a hit"
            # Another server's change: written straight to Redis, nothing in this process is told.
            other = redis.Redis.from_url("redis://127.0.0.1:6379/7")
            other.set(cache.make_key(freshness.PREFIX + "articles"), b"not a pickle")
            other.close()
            time.sleep(0.05)  # the message travels over loopback; a real next request comes far later
            copied, _ = mirror.lookup(["articles"])
            assert copied is None
            cache.set(freshness.PREFIX + "articles", freshness._new_token(time.time() - 5))
            story = Article.objects.filter(slug=JUNE_2025_STORY)
            story.update(headline="Changed without a signal")  # a queryset update: only the token says so
            assert "Changed without a signal" in client.get(url).content.decode()
        finally:
            cache.clear()
            mirror.reset()


def test_a_dead_redis_empties_the_token_mirror(client, demo, dead_port, settings):
    from newsroom.token_mirror import mirror

    settings.PAGE_CACHE_ENABLED = True
    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{dead_port}/7")):
        assert client.get("/").status_code == 200
        assert mirror.lookup(["articles"]) == (None, None)
    mirror.reset()
