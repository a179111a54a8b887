"""Flight records hold what must be true: constraints, claims that agree, counts that are never invented."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import IntegrityError, transaction

from flights.models import Claim, Flight, Source
from flights.services import ClaimError, accept_claim, record_claim
from tests.conftest import JUNE_2025

pytestmark = pytest.mark.django_db


def make_flight(**fields) -> Flight:
    defaults = {
        "slug": "test-flight",
        "departed_earliest": datetime.date(2025, 1, 1),
        "departed_latest": datetime.date(2025, 1, 1),
        "destination_country": "GT",
    }
    return Flight.objects.create(**{**defaults, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"passengers_total": 10, "passengers_male": 8, "passengers_female": 5},
        {"departed_earliest": datetime.date(2025, 1, 2), "departed_latest": datetime.date(2025, 1, 1)},
        {"passengers_total": -1},
        {"passengers_female": -3},
        {"passengers_total": 5, "passengers_juvenile": 6},
        {"age_min": 70, "age_max": 19},
    ],
    ids=[
        "men-and-women-over-total",
        "earliest-after-latest",
        "negative-total",
        "negative-women",
        "juveniles-over-total",
        "youngest-older-than-oldest",
    ],
)
def test_database_refuses_impossible_flights(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_flight(**fields)


def test_unknown_counts_are_null_not_zero():
    flight = make_flight()
    assert flight.passengers_total is None
    assert Flight.objects.filter(passengers_total=0).count() == 0


def test_accepting_a_disputed_claim_supersedes_the_old_one_and_keeps_claims_in_agreement(demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    aggregator = Claim.objects.get(flight=flight, field="passengers_female", source__slug="knowhere-2025-06")
    accept_claim(claim=aggregator)
    flight.refresh_from_db()
    assert flight.passengers_female == 6
    ice = Claim.objects.get(flight=flight, field="passengers_female", source__slug="ice-2025-06-09")
    assert ice.status == Claim.Status.SUPERSEDED
    accepted = Claim.objects.accepted().filter(flight=flight, field="passengers_female")
    assert {c.value for c in accepted} == {"6"}


def test_every_accepted_claim_agrees_with_the_flights_value(demo):
    from flights.claim_fields import CLAIM_FIELDS

    for claim in Claim.objects.accepted().select_related("flight"):
        spec = CLAIM_FIELDS[claim.field]
        assert spec.stored_text(claim.flight) == claim.value, claim


def test_two_sources_may_agree_on_a_value(demo):
    accepted = Claim.objects.accepted().filter(flight__slug=JUNE_2025, field="passengers_total")
    assert sorted(c.source.slug for c in accepted) == ["ice-2025-06-09", "knowhere-2025-06"]


def test_accepting_a_value_that_breaks_the_record_is_refused_and_changes_nothing(demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="wfaa-2025-06-09")
    with pytest.raises(ClaimError, match="breaks the record"):
        record_claim(flight=flight, field="passengers_male", value="200", source=source, status="accepted")
    flight.refresh_from_db()
    assert flight.passengers_male == 96
    assert not Claim.objects.filter(source=source, field="passengers_male").exists()


def test_a_new_claim_that_disagrees_with_the_record_shows_as_disputed(demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="fox4-2025-06")
    claim = record_claim(flight=flight, field="passengers_total", value="120", source=source)
    assert claim.status == Claim.Status.DISPUTED
    flight.refresh_from_db()
    assert flight.passengers_total == 122


def test_recording_the_same_claim_twice_changes_nothing(demo):
    before = Claim.objects.count()
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="ice-2025-06-09")
    existing = Claim.objects.get(flight=flight, field="passengers_total", source=source)
    history_before = existing.history.count()
    claim = record_claim(flight=flight, field="passengers_total", value="122", source=source, status="accepted")
    assert claim.pk == existing.pk
    assert Claim.objects.count() == before
    assert claim.history.count() == history_before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("passengers_total", "many", "not a whole number"),
        ("departed", "June", "not a date"),
        ("passengers_male", "-4", "negative"),
        ("color", "red", "unknown field"),
    ],
)
def test_bad_claim_values_are_refused_with_a_message_naming_the_problem(demo, field, value, message):
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="fox4-2025-06")
    with pytest.raises(ClaimError, match=message):
        record_claim(flight=flight, field=field, value=value, source=source)


def test_load_demo_twice_duplicates_nothing(demo):
    from django.core.management import call_command

    counts = (Flight.objects.count(), Claim.objects.count(), Source.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Flight.objects.count(), Claim.objects.count(), Source.objects.count()) == counts == (6, 32, 11)
