"""The record pages' gate reads compiled once (newsroom/compiled.py): the same rows as the ORM's gate, this request's
slug and time in every place the queryset used them, and querysets it cannot split refused when made."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.views import _public_story
from flights.models import Flight
from flights.views import _public_flight
from newsroom.compiled import CompiledRead
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db


def fields(instance: object, model: type) -> dict[str, object]:
    names = [f.attname for f in model._meta.concrete_fields if f.attname != "search_vector"]
    return {name: getattr(instance, name) for name in names}


def test_a_story_and_a_flight_read_as_the_orm_reads_them(demo):
    story = _public_story.first(slug=JUNE_2025_STORY, now=timezone.now())
    assert story is not None
    assert fields(story, Article) == fields(Article.objects.published().get(slug=JUNE_2025_STORY), Article)
    flight = _public_flight.first(slug=JUNE_2025, now=timezone.now())
    assert flight is not None
    assert fields(flight, Flight) == fields(Flight.objects.public().get(slug=JUNE_2025), Flight)
    # Dates come back as the ORM gives them (aware datetimes, dates), whatever the database stores.
    assert story.published_at.tzinfo is not None and isinstance(flight.departed_earliest, datetime.date)


def test_one_query_each_and_nothing_for_an_unknown_address(demo):
    with CaptureQueriesContext(connection) as queries:
        assert _public_story.first(slug="no-such-story", now=timezone.now()) is None
        assert _public_flight.first(slug="no-such-flight", now=timezone.now()) is None
    assert len(queries) == 2


def test_the_time_given_is_the_gate_of_a_scheduled_story_and_a_held_flight(demo):
    now = timezone.now()
    later = now + datetime.timedelta(days=2)
    Article.objects.filter(slug=JUNE_2025_STORY).update(published_at=now + datetime.timedelta(days=1))
    assert _public_story.first(slug=JUNE_2025_STORY, now=now) is None
    assert _public_story.first(slug=JUNE_2025_STORY, now=later) is not None
    Flight.objects.filter(slug=JUNE_2025).update(held_until=now + datetime.timedelta(days=1))
    assert _public_flight.first(slug=JUNE_2025, now=now) is None
    assert _public_flight.first(slug=JUNE_2025, now=later) is not None


def test_a_queryset_it_cannot_split_is_refused(demo):
    slug = Flight._meta.get_field("slug")
    joined = CompiledRead(Flight, lambda slug: Flight.objects.with_places().filter(slug=slug), slug=slug)
    with pytest.raises(ValueError, match="own fields"):
        joined.first(slug=JUNE_2025)
    unused = CompiledRead(Flight, lambda slug: Flight.objects.filter(slug=JUNE_2025), slug=slug)
    with pytest.raises(ValueError, match="does not reach"):
        unused.first(slug=JUNE_2025)
