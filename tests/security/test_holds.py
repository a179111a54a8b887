"""Held (embargoed) records appear nowhere public until released (issue 13, item 12).

A flight prepared for a story is held until that story publishes, or until a date; a claim can be held
the same way. Each public door is asked for the held record: pages, sitemap, downloads, feeds, facets,
derived facts, the story's fact box and citations, the filters. Then it is released and shows up.
"""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import publish_article, sync_cited_flights
from flights.airports import ensure_airports
from flights.models import Claim, Flight, Operator, Source
from flights.services import ClaimError, accept_claim, record_claim
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    # Facet counts are cached for PUBLIC_CACHE_SECONDS; each test starts from what the records say.
    cache.clear()


HELD = "2025-09-14-held-charter"
SECRET_SOURCE = "leaked-manifest-2025-09"


def held_flight(**hold: object) -> Flight:
    """A 500-passenger charter to China (the largest there), from a source nobody has seen yet."""
    source = Source.objects.create(
        slug=SECRET_SOURCE, title="Manifest seen by our reporter", publisher="Newsroom reporting",
        kind="observer_log", tier="secondary", url="https://example.org/manifest",
    )  # fmt: skip
    operator = Operator.objects.create(name="Secret Air", slug="secret-air")
    ensure_airports(["KDFW"])
    flight = Flight.objects.create(
        slug=HELD,
        kind=Flight.Kind.CHARTER_REMOVAL,
        departed_earliest=datetime.date(2025, 9, 14),
        departed_latest=datetime.date(2025, 9, 14),
        destination_country="CN",
        **hold,
    )
    for field, value in [
        ("departed", "2025-09-14"),
        ("destination_country", "CN"),
        ("passengers_total", "500"),
        ("operator", operator.name),
        ("origin", "KDFW"),
    ]:
        record_claim(flight=flight, field=field, value=value, source=source, status=Claim.Status.ACCEPTED)
    return Flight.objects.get(pk=flight.pk)


def story_citing(slug: str, *, status: str, published_at: datetime.datetime | None = None) -> Article:
    """A story citing the flight; a published one goes out through the one publish path, at published_at."""
    article = Article.objects.create(
        headline="The charter, followed up",
        slug="september-charter",
        body=f"It carried {{{{ flight:{slug}:passengers_total }}}} people.",
        status=Article.Status.DRAFT,
    )
    sync_cited_flights(article=article)
    if status == Article.Status.PUBLISHED:
        article = publish_article(article=article, at=published_at)
    return article


def public_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def everywhere(client) -> dict[str, str]:
    """Every public place a flight can show up, by name."""
    june = Flight.objects.get(slug=JUNE_2025)
    return {
        "home": public_text(client, "/"),
        "flight list": public_text(client, "/flights/"),
        "country page": public_text(client, "/flights/country/CN/"),
        "airport page": public_text(client, "/flights/airports/KDFW/"),
        "csv download": public_text(client, "/flights/flights.csv"),
        "json download": public_text(client, "/flights/flights.json"),
        "sitemap": public_text(client, "/sitemap-flights.xml"),
        "derived facts": public_text(client, june.get_absolute_url()),
        "filtered by country": public_text(client, "/flights/?country=CN&sort=most_passengers"),
        "search by operator": public_text(client, "/flights/?operator=secret-air"),
        "search by source": client.get(f"/flights/?source={SECRET_SOURCE}").content.decode(),
    }


def assert_hidden(client) -> None:
    for place, text in everywhere(client).items():
        assert HELD not in text, place
        assert "Secret Air" not in text or place == "search by operator", place
    assert client.get(f"/flights/{HELD}/").status_code == 404
    assert client.get(f"/flights/sources/{SECRET_SOURCE}/").status_code == 404
    assert client.get("/flights/operators/secret-air/").content.decode().count(HELD) == 0
    facts = everywhere(client)["derived facts"]
    assert "500 passengers" not in facts  # the largest flight to China is still the public one


def test_a_flight_held_for_its_story_is_hidden_until_the_story_publishes(client, demo):
    held_flight(held_for_story=True)
    assert_hidden(client)
    china = public_text(client, "/flights/?country=CN")
    assert f"{Flight.objects.public().filter(destination_country='CN').count()} flights" in china

    # The story is written and scheduled: still hidden, including from its own draft's public URL.
    story = story_citing(HELD, status=Article.Status.DRAFT)
    assert_hidden(client)
    story = publish_article(article=story, at=timezone.now() + datetime.timedelta(hours=2))
    assert_hidden(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        for place, text in everywhere(client).items():
            if place not in {"home", "derived facts", "airport page"}:
                assert HELD in text or "Secret Air" in text, place
        assert client.get(f"/flights/{HELD}/").status_code == 200
        assert "500" in public_text(client, f"/articles/{story.slug}/")
        assert "500 passengers" in public_text(client, Flight.objects.get(slug=JUNE_2025).get_absolute_url())


def test_cached_derived_facts_take_in_a_held_flight_when_its_scheduled_story_goes_live(client, demo):
    # The June 2025 page's parts (derived facts) are cached after the releasing story is scheduled, once the
    # tokens have settled; at the story's time nothing is saved, yet the page must count the released flight.
    held_flight(held_for_story=True)
    story = story_citing(HELD, status=Article.Status.DRAFT)
    publish_article(article=story, at=timezone.now() + datetime.timedelta(hours=2))
    june = Flight.objects.get(slug=JUNE_2025).get_absolute_url()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assert "500 passengers" not in public_text(client, june)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        assert "500 passengers" in public_text(client, june)


def test_a_flight_held_until_a_date_appears_at_that_date(client, demo):
    release = timezone.now() + datetime.timedelta(days=1)
    held_flight(held_until=release)
    assert_hidden(client)
    with time_machine.travel(release + datetime.timedelta(minutes=1)):
        assert client.get(f"/flights/{HELD}/").status_code == 200
        assert HELD in public_text(client, "/flights/flights.csv")


def test_a_published_story_citing_a_held_record_shows_no_value_from_it(client, demo):
    held_flight(held_until=timezone.now() + datetime.timedelta(days=7))
    story = story_citing(HELD, status=Article.Status.PUBLISHED, published_at=timezone.now())
    page = public_text(client, f"/articles/{story.slug}/")
    assert "citation unavailable" in page and "500" not in page and HELD not in page
    # The staff preview shows the story as it will read once the record is released.
    client.force_login(get_user_model().objects.create_superuser("ed", "ed@example.org", "a-long-test-password"))
    assert "500" in client.get(f"/articles/preview/{story.pk}/").content.decode()


def test_a_change_to_a_held_record_writes_no_public_update_note(client, demo, django_capture_on_commit_callbacks):
    flight = held_flight(held_until=timezone.now() + datetime.timedelta(days=7))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=1)):
        story_citing(HELD, status=Article.Status.PUBLISHED, published_at=timezone.now())
    source = Source.objects.get(slug=SECRET_SOURCE)
    with django_capture_on_commit_callbacks(execute=True):
        record_claim(flight=flight, field="passengers_total", value="510", source=source, status="accepted")
    assert not Correction.objects.filter(text__contains="510").exists()
    assert "510" not in public_text(client, "/corrections/feed/")


def held_claim_on_june_2025() -> Claim:
    source = Source.objects.create(
        slug="dhs-letter-2025", title="Letter", publisher="DHS", kind="government_release", tier="primary"
    )
    flight = Flight.objects.get(slug=JUNE_2025)
    return Claim.objects.create(
        flight=flight, field="passengers_total", value="130", source=source, held_for_story=True
    )


def test_a_held_claim_on_a_public_flight_is_not_shown_and_cannot_change_its_value(client, demo, editor_client):
    claim = held_claim_on_june_2025()
    page = public_text(client, f"/flights/{JUNE_2025}/")
    assert "130" not in page and "DHS" not in page
    for text in (public_text(client, "/flights/flights.csv"), public_text(client, "/flights/flights.json")):
        assert "dhs-letter-2025" not in text
    assert client.get("/flights/sources/dhs-letter-2025/").status_code == 404
    with pytest.raises(ClaimError, match="held from readers"):
        accept_claim(claim=claim)
    # Through the admin, as an editor would try it: refused beside the form, nothing saved, and told why.
    response = editor_client.post(
        f"/admin/flights/claim/{claim.pk}/change/",
        {
            "flight": claim.flight_id,
            "field": "passengers_total",
            "value": "130",
            "source": claim.source_id,
            "status": "accepted",
            "note": "",
            "held_for_story": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "held from readers" in page and "cannot be accepted yet" in page
    assert "changed successfully" not in page
    claim.refresh_from_db()
    assert claim.status == Claim.Status.UNCONFIRMED
    assert Flight.objects.get(slug=JUNE_2025).passengers_total == 122


def test_a_held_claim_is_released_with_its_story(client, demo):
    claim = held_claim_on_june_2025()
    story = Article.objects.get(slug=JUNE_2025_STORY)
    assert story.published_at < claim.held_since  # the story already out does not release it
    assert "DHS" not in public_text(client, f"/flights/{JUNE_2025}/")
    follow_up = story_citing(JUNE_2025, status=Article.Status.PUBLISHED, published_at=timezone.now())
    assert follow_up.is_public
    page = public_text(client, f"/flights/{JUNE_2025}/")
    assert "DHS" in page and "130" in page
    accept_claim(claim=Claim.objects.get(pk=claim.pk))  # released: an editor may now accept it
    assert Flight.objects.get(slug=JUNE_2025).passengers_total == 130


def test_the_public_gate_is_what_the_views_use(demo):
    held_flight(held_for_story=True)
    assert not Flight.objects.public().filter(slug=HELD).exists()
    assert Flight.objects.filter(slug=HELD).exists()
    assert not Claim.objects.public().filter(flight__slug=HELD).exists()
    data = json.loads(b"".join(Client().get("/flights/flights.json").streaming_content))
    assert HELD not in {row["slug"] for row in data["flights"]}
    call_command("check")


def test_derived_facts_cached_at_once_still_show_a_held_flight_at_its_release(client, demo, monkeypatch):
    """The test above with no clock margin, so the flight's derived facts are cached before the release
    (as on a slow run, more than the margin after the story was scheduled): they must not outlive it."""
    from newsroom import freshness

    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)
    test_a_flight_held_for_its_story_is_hidden_until_the_story_publishes(client, demo)
