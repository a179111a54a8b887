"""Importing the real ICE Air legs and missions files, checked against the totals their README states."""

from __future__ import annotations

import csv

import pytest
from django.db import transaction
from django.db.models import Sum

from flights.models import Airport, Claim, Flight, Source
from tests.flights.import_support import AIRPORTS, LEGS, run_import


@pytest.fixture(scope="module")
def legs_import(django_db_setup, django_db_blocker, tmp_path_factory):
    """One import of the 42,982-row legs file shared by this module's tests, rolled back afterwards."""
    rejects = tmp_path_factory.mktemp("rejects") / "rejects.csv"
    with django_db_blocker.unblock():
        with transaction.atomic():
            output = run_import(
                str(LEGS),
                "--format",
                "arts-legs",
                "--airports",
                str(AIRPORTS),
                "--skip-invalid",
                "--rejects",
                str(rejects),
            )
            yield {"output": output, "rejects": rejects}
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_legs_file_gives_every_flight_and_passenger_the_readme_counts(legs_import):
    assert Flight.objects.count() == 42_979
    # 1,732,610 passengers in the file, less the three rejected rows of one passenger each.
    assert Flight.objects.aggregate(total=Sum("passengers_total"))["total"] == 1_732_607
    assert Flight.objects.filter(kind=Flight.Kind.REMOVAL).count() == 21_549
    assert Flight.objects.filter(kind=Flight.Kind.DOMESTIC_TRANSFER).count() == 21_430
    assert "42,982 rows read" in legs_import["output"]
    assert "created:   42,979 rows" in legs_import["output"]
    assert "rejected:  3 rows" in legs_import["output"]


@pytest.mark.django_db
def test_rejected_rows_are_written_with_their_reasons(legs_import):
    with legs_import["rejects"].open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["R-T"] for row in rows] == ["Ineligible", "Ineligible", "No-show"]
    assert all("unknown direction code" in row["reason"] for row in rows)
    assert rows[0]["MissionDate"] == "2011-05-16" and rows[0]["PULOC"] == "MSLP"
    assert "line 3744: R-T: unknown direction code 'Ineligible'" in legs_import["output"]


@pytest.mark.django_db
def test_every_value_has_an_accepted_claim_from_the_foia_source(legs_import):
    source = Source.objects.get()
    assert (source.kind, source.tier) == (Source.Kind.FOIA_DATA, Source.Tier.PRIMARY)
    flight = Flight.objects.get(slug="arts-2010-10-01-r-kaex-mhlm")
    assert flight.passengers_total == 97
    assert (flight.origin.icao, flight.destination.icao, flight.destination_country.code) == ("KAEX", "MHLM", "HN")
    claims = {claim.field: claim for claim in flight.claims.all()}
    assert set(claims) == {"departed", "origin", "destination", "destination_country", "passengers_total"}
    assert {claim.status for claim in claims.values()} == {Claim.Status.ACCEPTED}
    assert claims["passengers_total"].value == "97" and claims["departed"].value == "2010-10-01"
    # Imported records carry their creation in the history, so later corrections show what they replaced.
    assert flight.history.count() == 1 and claims["passengers_total"].history.count() == 1


@pytest.mark.django_db
def test_airports_the_package_lacks_come_from_the_airports_file(legs_import):
    lacking = Airport.objects.exclude(known_from=Airport.KnownFrom.AIRPORTSDATA)
    assert set(lacking.values_list("icao", flat=True)) == {"GQNO", "HSSS", "KKBL", "MHSC", "TVSV", "UTTT", "VDPP"}
    assert Airport.objects.get(icao="HSSS").name == "Khartoum International Airport"
    assert "GQNO (dataset)" in legs_import["output"]
    # Kabul is written KKBL in ARTS; its flights still land in Afghanistan, not the United States.
    assert set(Flight.objects.filter(destination__icao="KKBL").values_list("destination_country", flat=True)) == {"AF"}
    assert set(Flight.objects.filter(destination__icao="HSSS").values_list("destination_country", flat=True)) == {"SD"}
    assert Airport.objects.values("icao").distinct().count() == 222


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(legs_import):
    before = Claim.history.count()
    output = run_import(str(LEGS), "--format", "arts-legs", "--airports", str(AIRPORTS), "--skip-invalid")
    assert "unchanged: 42,979 rows" in output
    assert "created:   0 rows" in output and "updated:   0 rows" in output
    assert Flight.objects.count() == 42_979
    assert Claim.history.count() == before
