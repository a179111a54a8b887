"""When a cited record changes after publication, each published story whose text depends on it gets one dated note.

Stories that cite the flight only in their fact box, or cite another of its fields, get none (issue 9).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from articles.receivers import add_update_notes
from flights.models import Claim, Flight
from flights.services import accept_claim
from flights.signals import accepted_value_changed
from tests.demo_records import JUNE_2024, JUNE_2025, make_article

ICE_NOTE = (
    "The number of women aboard the June 3, 2025 flight to China was 26, not 6, "
    "according to U.S. Immigration and Customs Enforcement."
)


@pytest.fixture
def stories(demo_flights, django_capture_on_commit_callbacks):
    """The aggregator's six women accepted by mistake, and four stories written while it stood."""
    flight = demo_flights[JUNE_2025]
    with django_capture_on_commit_callbacks(execute=True):
        accept_claim(claim=Claim.objects.get(flight=flight, field="passengers_female", source__slug="knowhere-2025-06"))
    return {
        "fact_box": make_article(slug="fact-box", body="A charter left Dallas.", cites=[flight]),
        "shortcode": make_article(
            slug="shortcode", body=f"Women aboard: {{{{ flight:{JUNE_2025}:passengers_female }}}}.", cites=[]
        ),
        "draft": make_article(slug="draft", body="Soon.", cites=[flight], published=False),
        "other_flight": make_article(slug="other", body="The 2024 flight.", cites=[demo_flights[JUNE_2024]]),
    }


def _accept_ice_women(capture) -> Claim:
    claim = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="ice-2025-06-09")
    with capture(execute=True):
        accept_claim(claim=claim)
    return claim


@pytest.mark.django_db
def test_each_published_story_citing_the_changed_field_gets_one_update_note(
    stories, django_capture_on_commit_callbacks
):
    _accept_ice_women(django_capture_on_commit_callbacks)

    notes = Correction.objects.order_by("article__slug")
    # The fact-box story shows the record's current value in its box, but its text never stated it.
    assert [(n.article.slug, n.kind, n.text) for n in notes] == [("shortcode", "update", ICE_NOTE)]
    assert all(n.flight.slug == JUNE_2025 and n.field == "passengers_female" and n.record_value == "26" for n in notes)


@pytest.mark.django_db
def test_the_note_is_written_once_however_often_the_change_is_reported(stories, django_capture_on_commit_callbacks):
    claim = _accept_ice_women(django_capture_on_commit_callbacks)
    # Accepting the same value again changes nothing, and a repeated signal must not write twice.
    _accept_ice_women(django_capture_on_commit_callbacks)
    flight = Flight.objects.get(slug=JUNE_2025)
    add_update_notes(Flight, flight=flight, field="passengers_female", old="6", new="26", claim=claim)
    accepted_value_changed.send(Flight, flight=flight, field="passengers_female", old="6", new="26", claim=claim)

    assert Correction.objects.count() == 1


@pytest.mark.django_db
def test_no_note_when_the_change_is_rolled_back(stories, django_capture_on_commit_callbacks):
    claim = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="ice-2025-06-09")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept_claim(claim=claim)

    # The change was never committed, so its on-commit callbacks (the note, and on PostgreSQL the
    # search index refresh) never ran.
    assert callbacks
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_update_notes_show_on_the_story_and_the_corrections_page_and_feed(
    client, stories, django_capture_on_commit_callbacks
):
    _accept_ice_women(django_capture_on_commit_callbacks)

    story = client.get(stories["shortcode"].get_absolute_url()).content.decode()
    page = client.get(reverse("corrections"))
    feed = client.get(reverse("corrections-feed"))

    assert ICE_NOTE in story and "Corrections and updates" in story
    html = page.content.decode()
    assert html.count(ICE_NOTE) == 1
    assert 'href="/articles/shortcode/#correction-' in html
    assert "written when the record changed" in html
    assert "public" in page["Cache-Control"]
    assert feed["Content-Type"].startswith("application/rss+xml")
    assert ICE_NOTE in feed.content.decode()


@pytest.mark.django_db
def test_corrections_page_hides_notes_on_stories_not_yet_public(client, demo_flights):
    draft = make_article(slug="draft", body="Soon.", cites=[demo_flights[JUNE_2025]], published=False)
    Correction.objects.create(article=draft, kind="correction", text="A note readers must not see yet.")

    html = client.get(reverse("corrections")).content.decode()

    assert "A note readers must not see yet." not in html
    assert "No corrections or updates yet." in html


@pytest.mark.django_db
def test_editors_list_published_stories_citing_changed_records(
    editor_client, stories, django_capture_on_commit_callbacks
):
    _accept_ice_women(django_capture_on_commit_callbacks)

    response = editor_client.get(reverse("admin:articles_article_changelist"), {"records": "changed"})

    assert response.status_code == 200
    assert sorted(a.slug for a in response.context["cl"].result_list) == ["shortcode"]
    assert "cites changed records" in response.content.decode()


@pytest.mark.django_db
def test_a_first_value_for_a_field_reads_as_new_information(demo_flights, django_capture_on_commit_callbacks):
    from flights.models import Source
    from flights.services import record_claim

    make_article(
        slug="story",
        body="The October flight carried {{ flight:2024-10-15-prc-charter:passengers_total }} people.",
        cites=[demo_flights["2024-10-15-prc-charter"]],
    )
    source = Source.objects.get(slug="dhs-2024-10-17")
    with django_capture_on_commit_callbacks(execute=True):
        record_claim(
            flight=demo_flights["2024-10-15-prc-charter"],
            field="passengers_total",
            value="104",
            source=source,
            status="accepted",
        )

    (note,) = Correction.objects.all()
    assert note.text == (
        "The number of passengers aboard the Oct. 15, 2024 flight to China is 104, according to "
        "U.S. Department of Homeland Security; our records had no value before."
    )
    # Dated when the record changed, not when the story was published.
    assert abs(timezone.now() - note.published_at) < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_a_story_citing_a_derived_fact_is_told_when_a_count_behind_it_changes(
    demo_flights, django_capture_on_commit_callbacks
):
    from flights.models import Source
    from flights.services import record_claim

    # "Largest" rests on every count to China: a new count for the October flight may change it.
    story = make_article(
        slug="facts", body=f"The largest: {{{{ fact:{JUNE_2025}:largest_flight_passengers }}}}.", cites=[]
    )
    dates_only = make_article(
        slug="previous", body=f"Previous flight: {{{{ fact:{JUNE_2025}:previous_flight }}}}.", cites=[]
    )
    source = Source.objects.get(slug="dhs-2024-10-17")
    with django_capture_on_commit_callbacks(execute=True):
        record_claim(
            flight=demo_flights["2024-10-15-prc-charter"],
            field="passengers_total",
            value="104",
            source=source,
            status="accepted",
        )
        record_claim(flight=demo_flights[JUNE_2025], field="age_min", value="18", source=source, status="accepted")

    notes = [(n.article.slug, n.field) for n in Correction.objects.all()]
    # The count reaches the story on the largest flight only: "previous flight" rests on dates, and no
    # fact rests on ages (neither story cites the flight's own fields).
    assert notes == [(story.slug, "passengers_total")]
    assert not dates_only.corrections.exists()


@pytest.mark.django_db
def test_loading_records_and_stories_together_writes_no_update_notes(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("load_demo", stdout=io.StringIO())
    assert callbacks  # the record changes were announced, as on a real commit
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_value_that_flips_back_and_forth_gets_a_note_each_time(stories, django_capture_on_commit_callbacks):
    flight = Flight.objects.get(slug=JUNE_2025)
    ice = Claim.objects.get(flight=flight, field="passengers_female", source__slug="ice-2025-06-09")
    aggregator = Claim.objects.get(flight=flight, field="passengers_female", source__slug="knowhere-2025-06")
    for claim in (ice, aggregator, ice):
        with django_capture_on_commit_callbacks(execute=True):
            accept_claim(claim=claim)
    notes = Correction.objects.filter(article__slug="shortcode").order_by("published_at", "pk")
    assert [n.record_value for n in notes] == ["26", "6", "26"]
