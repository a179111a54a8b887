"""Listings without the page cache: home, the archive and the flight database keep their own HTML by address, read
no database while nothing they list has changed, and show every change on the very next request."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import refresh_search_vectors
from articles.services import publish_article
from articles.workflow import withdraw_article
from flights.models import Claim, Flight, Source
from flights.services import accept_claim
from newsroom import freshness
from tests.conftest import JUNE_2025
from tests.kept_pages import assert_kept, read

pytestmark = pytest.mark.django_db

HOME, STORIES, FLIGHTS = "/", "/articles/", "/flights/"
LISTINGS = [
    HOME,
    STORIES,
    STORIES + "?q=charter&sort=newest",
    STORIES + "?topic=removals&page=1",
    FLIGHTS,
    FLIGHTS + "?country=CN&group=year",
    FLIGHTS + "?record=flight&sort=oldest",
]


@pytest.fixture
def kept_on(settings, monkeypatch, demo):
    settings.PAGE_CACHE_ENABLED = False  # what the views do themselves, with no whole-page cache in front
    settings.KEPT_LISTINGS_ENABLED = True
    # Records made a moment ago by the test itself may be kept at once (no clock margin between servers here).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)


@pytest.mark.parametrize("url", LISTINGS)
def test_a_kept_listing_is_the_page_it_was_rendered_as(client, kept_on, url):
    rendered, queries = read(client, url)
    assert queries > 0
    kept, queries = read(client, url)
    assert queries == 0
    assert kept == rendered
    # The frame renders around the kept parts: navigation, title, canonical address, structured data.
    assert 'aria-label="Main"' in kept and "<title>" in kept and 'rel="canonical"' in kept
    assert "application/ld+json" in kept


def test_each_address_keeps_its_own_listing(client, kept_on):
    assert_kept(client, STORIES + "?q=charter", STORIES + "?q=guatemala")
    charter, _ = read(client, STORIES + "?q=charter")
    nothing, _ = read(client, STORIES + "?q=guatemala")
    assert charter != nothing
    assert "“charter” in stories" in charter and "“guatemala” in stories" in nothing


def test_a_published_story_shows_on_home_and_in_the_archive_at_once(client, kept_on):
    assert_kept(client, HOME, STORIES, STORIES + "?q=lettuce")
    story = Article.objects.create(headline="Lettuce pickers deported on a Sunday", slug="lettuce", body="Text.")
    publish_article(article=story, override_reason="Test story.")
    refresh_search_vectors()  # on commit in production; a test's transaction never commits
    for url in (HOME, STORIES, STORIES + "?q=lettuce"):
        page, queries = read(client, url)
        assert queries > 0 and "Lettuce pickers deported on a Sunday" in page, url


def test_a_withdrawn_story_leaves_the_listings_at_once(client, kept_on):
    story = Article.objects.published().order_by("-published_at").first()
    assert story is not None
    assert_kept(client, HOME, STORIES)
    assert story.headline in read(client, HOME)[0]
    withdraw_article(article=story, by=None, reason="Published twice by mistake.")
    for url in (HOME, STORIES):
        assert story.headline not in read(client, url)[0], url


def test_an_accepted_claim_changes_the_flight_database_at_once(client, kept_on):
    url = FLIGHTS + "?country=CN"
    assert_kept(client, url)
    before, _ = read(client, url)
    flight = Flight.objects.get(slug=JUNE_2025)
    # A source the demo already has states another total for the June flight, and an editor accepts it.
    stated = Claim.objects.filter(flight=flight, field="passengers_total").values("source")
    source = Source.objects.exclude(pk__in=stated).first()
    accept_claim(claim=Claim.objects.create(flight=flight, field="passengers_total", value="131", source=source))
    assert Flight.objects.get(pk=flight.pk).passengers_total == 131
    after, queries = read(client, url)
    assert queries > 0 and after != before
    assert ">131<" in after and ">131<" not in before


def test_a_scheduled_story_appears_on_the_kept_listings_at_its_time(client, kept_on):
    soon = timezone.now() + datetime.timedelta(hours=1)
    scheduled = Article.objects.create(headline="A story set for later", slug="for-later", body="Soon.")
    publish_article(article=scheduled, at=soon)
    assert_kept(client, HOME, STORIES)
    assert "A story set for later" not in read(client, HOME)[0]
    with time_machine.travel(soon + datetime.timedelta(seconds=5)):
        for url in (HOME, STORIES):
            assert "A story set for later" in read(client, url)[0], url


def test_signed_in_staff_get_listings_rendered_each_time(editor_client, kept_on):
    reader = Client()
    assert_kept(reader, HOME, FLIGHTS)
    for url in (HOME, FLIGHTS):
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                assert editor_client.get(url).status_code == 200
            assert len(queries) > 2, url  # the session, the user and the listing itself
    assert read(reader, HOME)[1] == 0


def test_a_kept_listing_sets_no_cookie_and_does_not_vary_on_one(client, kept_on):
    for url in (HOME, STORIES + "?q=charter", FLIGHTS):
        for _ in range(2):  # rendered, then kept
            response = client.get(url)
            assert not response.cookies, url
            assert "cookie" not in response.get("Vary", "").lower(), url
            assert response["ETag"], url


def test_a_bad_page_number_is_answered_the_same_kept_or_not(client, kept_on):
    url = STORIES + "?page=999"
    first, _ = read(client, url)
    again, queries = read(client, url)
    assert queries == 0 and again == first
    assert "showing the last" in again
