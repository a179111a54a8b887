"""Whole pages cached for readers: every kind of change shows on the next request where it shows, and nowhere else."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import publish_article
from articles.workflow import withdraw_article
from flights.models import Claim, Flight
from flights.services import accept_claim
from newsroom import freshness
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db

SERIES = "removal-charters-china-2024-series"  # cites the 2024 flights, not June 2025
DRAFT = "fourth-china-charter-what-we-know"  # a draft citing the fourth 2024 flight
FOURTH = "2024-fourth-prc-charter"
OCTOBER = "2024-10-15-prc-charter"


@pytest.fixture
def page_cache(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = True
    # Records made a moment ago by the test itself may be cached at once (no clock margin between servers here).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)


@pytest.fixture
def guatemala(demo):
    """A flight to another country: nothing done to the China flights or stories concerns its page."""
    return Flight.objects.create(
        slug="2025-02-01-gt-removal",
        departed_earliest=datetime.date(2025, 2, 1),
        departed_latest=datetime.date(2025, 2, 1),
        destination_country="GT",
    )


def story(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def flight(slug: str) -> str:
    return reverse("flights:detail", kwargs={"slug": slug})


def cache_pages(client, *urls: str) -> None:
    """Read each page twice: the second answer must come from the cache, without a query."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert_still_cached(client, *urls)


def assert_still_cached(client, *urls: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) == 0, f"{url} was rendered again: {[q['sql'][:80] for q in queries]}"


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_publishing_shows_on_lists_and_cited_flights_at_once_and_leaves_other_pages_cached(
    client, page_cache, guatemala
):
    affected = [
        "/",
        reverse("articles:list"),
        reverse("articles:author", kwargs={"slug": "daniel-reyes"}),
        flight(FOURTH),
    ]
    unaffected = [story(JUNE_2025_STORY), flight(JUNE_2025), flight(guatemala.slug)]
    cache_pages(client, *affected, *unaffected)
    assert "What we know about the fourth China charter" not in html(client, "/")

    draft = Article.objects.get(slug=DRAFT)
    publish_article(article=draft, override_reason="Dated by our own reporting.")

    for url in affected:
        assert "What we know about the fourth China charter" in html(client, url), url
    assert client.get(story(DRAFT)).status_code == 200
    assert_still_cached(client, *unaffected)


def test_withdrawing_removes_the_story_everywhere_it_showed(client, page_cache, guatemala):
    series = Article.objects.get(slug=SERIES)
    affected = ["/", reverse("articles:list"), flight(OCTOBER)]
    unaffected = [story(JUNE_2025_STORY), flight(JUNE_2025), flight(guatemala.slug)]
    cache_pages(client, story(SERIES), *affected, *unaffected)

    withdraw_article(article=series, by=None, reason="The series page duplicated the flight records.")

    gone = client.get(story(SERIES))
    assert gone.status_code == 410 and "duplicated the flight records" in gone.content.decode()
    for url in affected:
        assert series.headline not in html(client, url), url
    assert_still_cached(client, *unaffected)


def test_a_correction_shows_on_its_story_and_the_corrections_page_only(client, page_cache, guatemala):
    unaffected = [story(SERIES), flight(JUNE_2025), flight(guatemala.slug), "/"]
    cache_pages(client, story(JUNE_2025_STORY), reverse("corrections"), *unaffected)

    Correction.objects.create(
        article=Article.objects.get(slug=JUNE_2025_STORY), text="An earlier version gave the wrong weekday."
    )

    assert "An earlier version gave the wrong weekday." in html(client, story(JUNE_2025_STORY))
    assert "An earlier version gave the wrong weekday." in html(client, reverse("corrections"))
    assert_still_cached(client, *unaffected)


def test_a_changed_accepted_claim_shows_in_the_stories_citing_it_and_not_elsewhere(client, page_cache, guatemala):
    unaffected = [story(SERIES), flight(guatemala.slug)]
    cache_pages(client, story(JUNE_2025_STORY), flight(JUNE_2025), *unaffected)
    assert '<span class="citation">26<sup' in html(client, story(JUNE_2025_STORY))

    # The aggregator's six women, accepted: the story and the flight page must say six on the next request.
    accept_claim(
        claim=Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="knowhere-2025-06")
    )

    assert '<span class="citation">six<sup' in html(client, story(JUNE_2025_STORY))
    assert '<span class="value">six</span>' in html(client, flight(JUNE_2025))
    assert_still_cached(client, *unaffected)


def test_a_scheduled_story_appears_at_its_time_with_nothing_running(client, page_cache, demo):
    soon = timezone.now() + datetime.timedelta(hours=1)
    scheduled = Article.objects.create(headline="Scheduled charter story", slug="scheduled", body="Soon.")
    publish_article(article=scheduled, at=soon)
    cache_pages(client, "/", reverse("articles:list"))
    assert "Scheduled charter story" not in html(client, "/")
    # The shared-cache lifetime ends by the scheduled time, too.
    control = client.get("/")["Cache-Control"]
    assert 0 < int(control.split("s-maxage=")[1].split(",")[0]) <= 3600

    with time_machine.travel(soon + datetime.timedelta(seconds=5)):
        assert "Scheduled charter story" in html(client, "/")
        assert "Scheduled charter story" in html(client, reverse("articles:list"))
        assert client.get(story("scheduled")).status_code == 200


def test_readers_get_no_cookies_and_pages_vary_on_nothing_but_encoding(client, page_cache, demo):
    for url in ["/", reverse("articles:list") + "?q=china", story(JUNE_2025_STORY), flight(JUNE_2025), "/flights/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url
        assert "Set-Cookie" not in response
        assert "cookie" not in response.get("Vary", "").lower(), url
        control = response["Cache-Control"]
        assert "public" in control and "s-maxage=" in control and "stale-while-revalidate=" in control, url
        assert response["ETag"] and response["Last-Modified"] and response["Surrogate-Key"]


def test_a_repeated_request_with_the_etag_is_a_304(client, page_cache, demo):
    for url in [story(JUNE_2025_STORY), "/", reverse("flights:list") + "?country=CN"]:
        first = client.get(url)
        again = client.get(url, headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""
        # After a change the old ETag no longer matches.
    Correction.objects.create(article=Article.objects.get(slug=JUNE_2025_STORY), text="A new note.")
    changed = client.get(story(JUNE_2025_STORY), headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200


def test_downloads_answer_304_until_the_records_change(client, page_cache, demo):
    url = reverse("flights:download_csv")
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    b"".join(first.streaming_content)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    accept_claim(
        claim=Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="knowhere-2025-06")
    )
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_admin_previews_and_editors_pages_are_never_cached(client, editor_client, page_cache, demo):
    draft = Article.objects.get(slug=DRAFT)
    preview = reverse("articles:preview", kwargs={"pk": draft.pk})
    for url in [preview, reverse("admin:index"), reverse("admin:articles_article_change", args=[draft.pk])]:
        response = editor_client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"], url
        assert "Surrogate-Key" not in response
    # A logged-in editor reading a public page gets a private answer, and never the readers' cached copy.
    public = editor_client.get(story(JUNE_2025_STORY))
    assert "private" in public["Cache-Control"] and "public" not in public["Cache-Control"]
    draft.body = "Rewritten while an editor previews it."
    draft.save()
    assert "Rewritten while an editor previews it." in editor_client.get(preview).content.decode()


def test_healthz_checks_the_database_and_cache_and_is_never_cached(client, page_cache, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["cache"] == "ok"
    assert "no-cache" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_the_cdn_is_purged_by_surrogate_key_once_a_change_commits(
    client, page_cache, demo, settings, django_capture_on_commit_callbacks
):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    purged: list[str] = []

    class PurgeAPI(BaseHTTPRequestHandler):
        def do_POST(self):
            purged.append(self.headers["Surrogate-Key"])
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), PurgeAPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/service/test/purge"
    try:
        page_keys = client.get(story(JUNE_2025_STORY))["Surrogate-Key"].split()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            Correction.objects.create(article=Article.objects.get(slug=JUNE_2025_STORY), text="A note.")
        assert purged == []  # nothing is purged before the change commits
        for callback in callbacks:
            callback()
    finally:
        server.shutdown()
    assert len(purged) == 1
    keys = purged[0].split()
    # The story's page carries one of the purged keys; the lists of stories do not change with a correction.
    assert f"article:{Article.objects.get(slug=JUNE_2025_STORY).pk}" in keys and set(keys) & set(page_keys)
    assert "corrections" in keys and "articles" not in keys


def test_flights_written_in_bulk_by_an_import_show_at_once(client, page_cache, demo):
    from flights.importers.bulk import Inserter

    cache_pages(client, "/flights/", reverse("flights:country", kwargs={"code": "HN"}))
    now = timezone.now()
    Inserter(Flight).insert(
        [
            {
                "slug": "2025-03-04-honduras-import",
                "kind": "removal",
                "departed_earliest": datetime.date(2025, 3, 4),
                "departed_latest": datetime.date(2025, 3, 4),
                "destination_country": "HN",
                "created_at": now,
                "updated_at": now,
            }
        ]
    )
    assert "2025-03-04-honduras-import" in html(client, "/flights/")
    assert "2025-03-04-honduras-import" in html(client, reverse("flights:country", kwargs={"code": "HN"}))


def test_a_hit_keeps_the_security_headers_and_the_readers_encoding(client, page_cache, demo):
    import gzip

    url = story(JUNE_2025_STORY)
    for _ in range(2):
        plain = client.get(url)
        packed = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert_still_cached(client, url)
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    for response in (plain, packed):
        assert response["Content-Security-Policy"] and response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff" and "Accept-Encoding" in response["Vary"]


def test_a_hit_writes_its_request_log_line(client, page_cache, demo, caplog):
    import logging

    client.get("/")
    with caplog.at_level(logging.INFO, logger="newsroom.requests"):
        assert client.get("/").status_code == 200
    lines = [r for r in caplog.records if r.name == "newsroom.requests"]
    assert len(lines) == 1 and lines[0].page_cache == "hit" and lines[0].sql_queries == 0 and lines[0].path == "/"
