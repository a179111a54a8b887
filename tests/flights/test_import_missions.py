"""Importing the real KBFI missions file: rows grouped by mission into flights with legs."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from django.db.models import Sum

from flights.models import Flight, FlightLeg
from tests.flights.import_support import AIRPORTS, LEGS, MISSIONS, run_import


@pytest.mark.django_db
def test_missions_file_gives_514_flights_with_1278_legs_in_file_order():
    output = run_import(str(MISSIONS), "--format", "arts-missions", "--airports", str(AIRPORTS))
    assert "1,278 rows read" in output and "created:   1,278 rows (514 flights)" in output
    assert Flight.objects.count() == 514
    assert FlightLeg.objects.count() == 1_278
    mission = Flight.objects.get(mission_number="137")
    legs = [(leg.sequence, leg.origin.icao, leg.destination.icao, leg.passengers_on) for leg in mission.legs.all()]
    assert legs == [(1, "KBFI", "KIWA", 1), (2, "KBFI", "KSAN", 53), (3, "KIWA", "KBFI", 26)]
    assert mission.passengers_total == 80
    assert mission.kind == Flight.Kind.DOMESTIC_TRANSFER
    assert mission.claims.get(field="mission_number").value == "137"
    assert Flight.objects.aggregate(total=Sum("passengers_total"))["total"] == 49_634
    again = run_import(str(MISSIONS), "--format", "arts-missions", "--airports", str(AIRPORTS))
    assert "unchanged: 1,278 rows (514 flights)" in again


@pytest.mark.django_db
def test_legs_file_with_bad_rows_and_no_skip_invalid_writes_nothing():
    with pytest.raises(CommandError) as failure:
        run_import(str(LEGS), "--format", "arts-legs", "--airports", str(AIRPORTS))
    assert "3 of 42,982 rows" in str(failure.value) and "nothing was imported" in str(failure.value)
    assert Flight.objects.count() == 0
    assert not Flight.history.exists()
