"""Admin errors read as sentences, and a refused value leaves nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import models as db_models
from django.urls import reverse

from flights.constraint_messages import SENTENCES
from flights.models import Claim, Flight, FlightLeg, Source
from tests.demo_records import JUNE_2025
from tests.editing.conftest import form_data

pytestmark = pytest.mark.django_db


def _page_text(response) -> str:
    return response.content.decode()


def test_accepting_a_count_that_breaks_the_total_is_refused_in_words_and_changes_nothing(ana, demo_flights):
    """The issue's example, through the claim's change form: the aggregator's 116 men beside ICE's 26 women."""
    men = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_male", source__slug="knowhere-2025-06")
    before = (men.status, men.value, men.note)
    url = reverse("admin:flights_claim_change", args=[men.pk])
    data = form_data(ana.get(url))
    data["status"] = "accepted"

    response = ana.post(url, data, follow=True)

    html = _page_text(response)
    assert "men and women together (116 + 26 = 142) exceed the total of 122" in html.lower()
    assert "__all__" not in html and "Constraint" not in html and "flight_men_and_women_within_total" not in html
    assert "changed successfully" not in html
    men.refresh_from_db()
    assert (men.status, men.value, men.note) == before
    assert Flight.objects.get(slug=JUNE_2025).passengers_male == 96


def test_the_same_refusal_on_the_flight_page_claims_inline(ana, demo_flights):
    flight = demo_flights[JUNE_2025]
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    page = ana.get(url)
    data = form_data(page)
    formset = page.context["inline_admin_formsets"][0].formset
    row = next(
        i
        for i, f in enumerate(formset.forms)
        if f.instance.pk and f.instance.source.slug == "knowhere-2025-06" and f.instance.field == "passengers_male"
    )
    data[f"claims-{row}-status"] = "accepted"

    response = ana.post(url, data, follow=True)

    html = _page_text(response).lower()
    assert "men and women together (116 + 26 = 142) exceed the total of 122" in html
    assert "__all__" not in html and "changed successfully" not in html
    assert Claim.objects.get(pk=formset.forms[row].instance.pk).status == "disputed"


def test_the_accept_action_explains_in_words(ana, demo_flights):
    men = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_male", source__slug="knowhere-2025-06")
    response = ana.post(
        reverse("admin:flights_claim_changelist"),
        {"action": "accept_selected", "_selected_action": [men.pk]},
        follow=True,
    )
    html = _page_text(response).lower()
    assert "exceed the total of 122" in html and "__all__" not in html


def _flight(**values: object) -> Flight:
    base = {
        "slug": "a-test-flight",
        "departed_earliest": datetime.date(2025, 3, 4),
        "departed_latest": datetime.date(2025, 3, 4),
        "destination_country": "GT",
    }
    return Flight(**{**base, **values})


# One broken record per named constraint, with words its message must contain.
BROKEN = {
    "flight_earliest_not_after_latest": (
        lambda: _flight(departed_earliest=datetime.date(2025, 3, 9)),
        "earliest departure date (March 9, 2025) is after the latest (March 4, 2025)",
    ),
    "flight_total_not_negative": (lambda: _flight(passengers_total=-4), "passengers cannot be negative (-4)"),
    "flight_men_not_negative": (lambda: _flight(passengers_male=-1), "men cannot be negative (-1)"),
    "flight_women_not_negative": (lambda: _flight(passengers_female=-2), "women cannot be negative (-2)"),
    "flight_juveniles_not_negative": (lambda: _flight(passengers_juvenile=-3), "juveniles cannot be negative (-3)"),
    "flight_men_and_women_within_total": (
        lambda: _flight(passengers_total=80, passengers_male=70, passengers_female=20),
        "men and women together (70 + 20 = 90) exceed the total of 80",
    ),
    "flight_juveniles_within_total": (
        lambda: _flight(passengers_total=30, passengers_juvenile=31),
        "juveniles (31) exceed the total of 30",
    ),
    "flight_youngest_not_older_than_oldest": (
        lambda: _flight(age_min=70, age_max=45),
        "youngest age (70) is above the oldest (45)",
    ),
    "flight_non_criminal_within_total": (
        lambda: _flight(passengers_total=40, passengers_non_criminal=41),
        "without a criminal conviction (41) exceed the total of 40",
    ),
    "flight_missions_not_negative": (lambda: _flight(mission_count=-1), "missions cannot be negative (-1)"),
    "flight_movement_has_dataset": (
        lambda: _flight(record_type="movement"),
        "movement row belongs to a dataset",
    ),
    "leg_on_not_negative": (lambda: FlightLeg(sequence=1, passengers_on=-5), "boarding cannot be negative (-5)"),
    "leg_off_not_negative": (lambda: FlightLeg(sequence=1, passengers_off=-6), "leaving cannot be negative (-6)"),
}


def test_every_named_check_constraint_of_the_records_has_a_sentence():
    from django.apps import apps

    names = {
        c.name
        for model in apps.get_app_config("flights").get_models()
        for c in model._meta.constraints
        if isinstance(c, db_models.CheckConstraint)
    }
    assert names <= set(SENTENCES), names - set(SENTENCES)
    assert names == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_constraint_reads_as_a_sentence(name, demo_flights):
    make, words = BROKEN[name]
    instance = make()
    if isinstance(instance, FlightLeg):
        instance.flight = demo_flights[JUNE_2025]
    with pytest.raises(ValidationError) as caught:
        instance.validate_constraints()
    text = " ".join(caught.value.messages)
    assert words.lower() in text.lower(), text
    assert "Constraint" not in text and "__all__" not in text and name not in text


def test_a_second_claim_from_the_same_source_reads_as_a_sentence(demo_flights):
    claim = Claim.objects.filter(flight__slug=JUNE_2025, field="passengers_female", source__slug="ice-2025-06-09").get()
    duplicate = Claim(flight=claim.flight, field=claim.field, source=claim.source, value="30")
    with pytest.raises(ValidationError) as caught:
        duplicate.validate_constraints()
    text = " ".join(caught.value.messages)
    assert "U.S. Immigration and Customs Enforcement already states the women of this flight" in text, text
    assert Source.objects.exists()
