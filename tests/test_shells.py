"""Record pages without the page cache: a story's or flight's own HTML is kept in its shell, served with no query,
and every kind of change shows on the very next request of the pages it concerns, while the others stay kept."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from articles.services import publish_article, sync_cited_flights
from articles.workflow import save_draft_revision, withdraw_article
from flights.models import Claim, Flight, FlightLeg
from flights.services import accept_claim
from newsroom import freshness
from tests.conftest import JUNE_2025, JUNE_2025_STORY
from tests.kept_pages import assert_kept, read

pytestmark = pytest.mark.django_db

SERIES = "removal-charters-china-2024-series"  # cites the 2024 flights, not June 2025
OCTOBER = "2024-10-15-prc-charter"


@pytest.fixture
def guatemala(demo) -> str:
    """A flight to another country: nothing done to the China flights or stories concerns its page."""
    Flight.objects.create(
        slug="2025-02-01-gt-removal",
        departed_earliest=datetime.date(2025, 2, 1),
        departed_latest=datetime.date(2025, 2, 1),
        destination_country="GT",
    )
    return flight("2025-02-01-gt-removal")


@pytest.fixture
def shells_on(settings, monkeypatch, demo):
    settings.PAGE_CACHE_ENABLED = False  # what the view itself does, with no whole-page cache in front
    # Records made a moment ago by the test itself may be kept at once (no clock margin between servers here).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)


def story(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def flight(slug: str) -> str:
    return reverse("flights:detail", kwargs={"slug": slug})


def test_a_kept_story_is_the_page_it_was_rendered_as(client, shells_on):
    rendered, queries = read(client, story(JUNE_2025_STORY))
    assert queries > 1
    assert_kept(client, story(JUNE_2025_STORY))
    kept, _ = read(client, story(JUNE_2025_STORY))
    assert kept == rendered
    # The frame is the site's, rendered around it: the navigation, and the story's JSON-LD and head tags.
    assert 'aria-label="Main"' in kept and "application/ld+json" in kept and "article:published_time" in kept


def test_a_changed_accepted_claim_shows_on_the_story_and_flight_citing_it_and_not_elsewhere(
    client, shells_on, guatemala
):
    assert_kept(client, story(JUNE_2025_STORY), flight(JUNE_2025), story(SERIES), guatemala)
    assert '<span class="citation">26<sup' in read(client, story(JUNE_2025_STORY))[0]

    accept_claim(
        claim=Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="knowhere-2025-06")
    )

    assert '<span class="citation">six<sup' in read(client, story(JUNE_2025_STORY))[0]
    assert '<span class="value">six</span>' in read(client, flight(JUNE_2025))[0]
    # The series cites the 2024 flights only, and the Guatemala flight's derived facts are about Guatemala.
    for url in (story(SERIES), guatemala):
        assert read(client, url)[1] == 0, url
    # The October 2024 flight's derived facts count every flight to China: its page is rendered again.
    assert read(client, flight(OCTOBER))[1] > 1


def test_a_correction_shows_on_its_story_at_once(client, shells_on):
    assert_kept(client, story(JUNE_2025_STORY), story(SERIES))
    Correction.objects.create(article=Article.objects.get(slug=JUNE_2025_STORY), text="The weekday was wrong.")
    assert "The weekday was wrong." in read(client, story(JUNE_2025_STORY))[0]
    assert read(client, story(SERIES))[1] == 0


def test_a_scheduled_correction_shows_at_its_time_with_nothing_running(client, shells_on):
    soon = timezone.now() + datetime.timedelta(hours=2)
    Correction.objects.create(
        article=Article.objects.get(slug=JUNE_2025_STORY), text="A note dated later.", published_at=soon
    )
    assert_kept(client, story(JUNE_2025_STORY))
    assert "A note dated later." not in read(client, story(JUNE_2025_STORY))[0]
    with time_machine.travel(soon + datetime.timedelta(seconds=5)):
        assert "A note dated later." in read(client, story(JUNE_2025_STORY))[0]


def test_a_renamed_author_shows_in_the_byline_at_once(client, shells_on):
    article = Article.objects.get(slug=JUNE_2025_STORY)
    author = article.authors.first()
    assert author is not None
    assert_kept(client, story(JUNE_2025_STORY))
    author.name = "Renamed Reporter"
    author.save()
    assert "Renamed Reporter" in read(client, story(JUNE_2025_STORY))[0]


def test_a_withdrawn_story_is_gone_at_once_though_its_shell_was_kept(client, shells_on):
    assert_kept(client, story(SERIES))
    withdraw_article(article=Article.objects.get(slug=SERIES), by=None, reason="It duplicated the flight records.")
    gone = client.get(story(SERIES))
    assert gone.status_code == 410 and "duplicated the flight records" in gone.content.decode()


def test_a_new_revision_published_shows_at_once(client, shells_on):
    assert_kept(client, story(JUNE_2025_STORY))
    article = Article.objects.get(slug=JUNE_2025_STORY)
    save_draft_revision(article=article, by=None, content={"dek": "A dek written after publication."})
    publish_article(article=article, override_reason="Dek only.")
    assert "A dek written after publication." in read(client, story(JUNE_2025_STORY))[0]


def test_an_update_that_sends_no_signal_still_renders_the_page_again(client, shells_on):
    """A queryset update sends no signal; the Flight and Article querysets say what it changed themselves."""
    assert_kept(client, flight(JUNE_2025))
    Flight.objects.filter(slug=JUNE_2025).update(notes="Added by a raw update.", updated_at=timezone.now())
    assert "Added by a raw update." in read(client, flight(JUNE_2025))[0]


def test_a_new_leg_and_a_newly_citing_story_show_on_the_flight_page(client, shells_on, guatemala):
    record = Flight.objects.get(slug=OCTOBER)
    assert_kept(client, flight(OCTOBER), guatemala)
    FlightLeg.objects.create(flight=record, sequence=9, passengers_on=41)
    page = read(client, flight(OCTOBER))[0]
    assert 'id="leg-9"' in page
    assert read(client, guatemala)[1] == 0

    cited = Article.objects.create(
        headline="A new story on the October charter", slug="october-new", body=f"{{{{ flight:{OCTOBER}:departed }}}}"
    )
    sync_cited_flights(article=cited)  # as the admin does on save
    publish_article(article=cited, override_reason="Test story.")
    assert "A new story on the October charter" in read(client, flight(OCTOBER))[0]


def test_a_held_flight_is_not_served_from_its_shell(client, shells_on):
    assert_kept(client, flight(OCTOBER))
    Flight.objects.filter(slug=OCTOBER).update(held_until=timezone.now() + datetime.timedelta(days=1))
    assert client.get(flight(OCTOBER)).status_code == 404


def test_signed_in_staff_get_the_page_rendered_from_the_records_each_time(editor_client, shells_on):
    client = Client()  # a reader (the editor_client fixture signs in the default client)
    assert_kept(client, story(JUNE_2025_STORY))
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(story(JUNE_2025_STORY)).status_code == 200
        assert len(queries) > 2  # session, user, the story and what it shows: never a reader's kept copy
    assert read(client, story(JUNE_2025_STORY))[1] == 0  # and readers' copy is still kept


def test_a_kept_page_sets_no_cookie_and_does_not_vary_on_one(client, shells_on):
    for url in (story(JUNE_2025_STORY), flight(JUNE_2025)):
        for _ in range(2):  # rendered, then from its shell
            response = client.get(url)
            assert not response.cookies, url
            assert "cookie" not in response.get("Vary", "").lower(), url


def test_a_story_updated_without_a_signal_shows_the_change_at_once(client, shells_on):
    assert_kept(client, story(JUNE_2025_STORY), story(SERIES))
    Article.objects.filter(slug=JUNE_2025_STORY).update(dek="A dek set by a bulk update.")
    assert "A dek set by a bulk update." in read(client, story(JUNE_2025_STORY))[0]
    # Fields no reader sees leave every kept page as it is.
    Article.objects.filter(slug=SERIES).update(revision_due_at=None)
    assert read(client, story(SERIES))[1] == 0
