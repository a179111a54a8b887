"""The newsroom's own flight format: export, import into an empty database, and get the same records."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management.base import CommandError

from flights.airports import ensure_airports
from flights.exchange import COLUMNS, newsroom_csv_chunks, write_newsroom_csv, write_newsroom_json
from flights.models import Airport, Claim, Flight, FlightLeg, Operator, Source
from flights.services import record_claim
from tests.flights.import_support import LEGS_HEADER, run_import, write

ACCEPTED, DISPUTED = Claim.Status.ACCEPTED, Claim.Status.DISPUTED


def make_records() -> None:
    """Two flights as editors build them: claims from two sources, a dispute, legs, an operator."""
    ensure_airports(["KDFW", "ZBAA", "KAEX", "MGGT", "KIWA"])
    Operator.objects.create(name="GlobalX", slug="globalx")
    ice = Source.objects.create(
        slug="ice-2025-06-09",
        title="ICE removes 122 Chinese nationals",
        publisher="ICE",
        kind=Source.Kind.GOVERNMENT_RELEASE,
        tier=Source.Tier.PRIMARY,
        url="https://www.ice.gov/news/x",
        published_on=datetime.date(2025, 6, 9),
        note="Says 96 men and 26 women.",
    )
    blog = Source.objects.create(
        slug="aggregator-2025-06-10",
        title="Rare flight to China",
        publisher="Aggregator",
        kind=Source.Kind.NEWS_REPORT,
        tier=Source.Tier.SECONDARY,
    )
    china = Flight.objects.create(
        slug="2025-06-03-dallas-prc-shrc",
        kind=Flight.Kind.SPECIAL_HIGH_RISK_CHARTER,
        departed_earliest=datetime.date(2025, 6, 3),
        departed_latest=datetime.date(2025, 6, 3),
        destination_country="CN",
        notes='Line one.\nLine two, with "quotes".',
    )
    for field, value in [
        ("origin", "KDFW"),
        ("destination", "ZBAA"),
        ("destination_country", "CN"),
        ("passengers_total", "122"),
        ("passengers_male", "96"),
        ("passengers_female", "26"),
        ("operator", "GlobalX"),
        ("nationality", "CN"),
        ("all_final_orders", "yes"),
        ("departed", "2025-06-03"),
    ]:
        record_claim(flight=china, field=field, value=value, source=ice, status=ACCEPTED)
    china.refresh_from_db()  # accept_claim saved a fresh copy; the blog's claim is judged against it
    record_claim(flight=china, field="passengers_male", value="116", source=blog, note="Mixed up with 2024.")
    record_claim(flight=china, field="first_since_year", value="2018", source=blog)
    mission = Flight.objects.create(
        slug="2012-03-01-mission-77",
        kind=Flight.Kind.REMOVAL,
        departed_earliest=datetime.date(2012, 3, 1),
        departed_latest=datetime.date(2012, 3, 2),
        date_note="ARTS gives two days",
        destination_country="GT",
    )
    for field, value in [
        ("departed", "2012-03-01/2012-03-02"),
        ("destination_country", "GT"),
        ("mission_number", "77"),
        ("origin", "KIWA"),
        ("destination", "MGGT"),
        ("passengers_total", "135"),
    ]:
        record_claim(flight=mission, field=field, value=value, source=ice, status=ACCEPTED)
    FlightLeg.objects.create(
        flight=mission,
        sequence=1,
        origin=Airport.objects.get(icao="KIWA"),
        destination=Airport.objects.get(icao="KAEX"),
        passengers_on=60,
        passengers_off=0,
    )
    FlightLeg.objects.create(
        flight=mission,
        sequence=2,
        origin=Airport.objects.get(icao="KAEX"),
        destination=Airport.objects.get(icao="MGGT"),
        departed_on=datetime.date(2012, 3, 2),
        passengers_on=75,
        passengers_off=135,
    )


def wipe() -> None:
    """An empty database, as on a fresh site."""
    Claim.objects.all().delete()
    Flight.objects.all().delete()
    Source.objects.all().delete()
    Operator.objects.all().delete()
    Airport.objects.all().delete()


def claim_facts() -> list[tuple]:
    return sorted(Claim.objects.values_list("flight__slug", "field", "value", "status", "note", "source__slug"))


def source_facts() -> list[tuple]:
    return sorted(
        Source.objects.values_list(
            "slug", "title", "publisher", "kind", "tier", "url", "archive_url", "published_on", "retrieved_on", "note"
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["csv", "json"])
def test_export_then_import_into_an_empty_database_gives_the_same_records(tmp_path, form):
    make_records()
    first = tmp_path / f"flights.{form}"
    writer = write_newsroom_csv if form == "csv" else write_newsroom_json
    with first.open("w", encoding="utf-8", newline="") as handle:
        writer(Flight.objects.all(), handle)
    claims, sources = claim_facts(), source_facts()
    wipe()

    output = run_import(str(first), "--format", f"newsroom-{form}")
    assert "2 rows read" in output and "created:   2 rows (2 flights)" in output
    assert claim_facts() == claims
    assert source_facts() == sources
    china = Flight.objects.get(slug="2025-06-03-dallas-prc-shrc")
    assert (china.passengers_total, china.passengers_male, china.passengers_female) == (122, 96, 26)
    assert china.operator.name == "GlobalX" and china.notes == 'Line one.\nLine two, with "quotes".'
    assert china.claims.get(field="passengers_male", source__slug="aggregator-2025-06-10").status == DISPUTED
    mission = Flight.objects.get(slug="2012-03-01-mission-77")
    assert mission.departed_latest == datetime.date(2012, 3, 2) and mission.date_note == "ARTS gives two days"
    assert [(leg.sequence, leg.passengers_on, leg.passengers_off) for leg in mission.legs.all()] == [
        (1, 60, 0),
        (2, 75, 135),
    ]
    second = tmp_path / f"again.{form}"
    with second.open("w", encoding="utf-8", newline="") as handle:
        writer(Flight.objects.all(), handle)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")

    again = run_import(str(second), "--format", f"newsroom-{form}")
    assert "unchanged: 2 rows (2 flights)" in again and "updated:   0 rows" in again


@pytest.mark.django_db
def test_csv_download_streams_a_header_then_one_line_per_flight():
    make_records()
    chunks = list(newsroom_csv_chunks(Flight.objects.all(), base_url="https://example.org"))
    # The header goes out before any flight is read, so a download starts at once.
    assert chunks[0].strip() == ",".join(COLUMNS)
    rows = list(csv.reader(io.StringIO("".join(chunks[1:]))))
    assert len(rows) == 2
    assert "https://example.org/flights/2025-06-03-dallas-prc-shrc/" in {row[1] for row in rows}


@pytest.mark.django_db
def test_json_document_lists_flights_with_claims_naming_their_sources(tmp_path):
    make_records()
    path = tmp_path / "flights.json"
    with path.open("w", encoding="utf-8") as handle:
        write_newsroom_json(Flight.objects.all(), handle)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "newsroom-flights" and data["version"] == 1
    china = next(f for f in data["flights"] if f["slug"] == "2025-06-03-dallas-prc-shrc")
    assert china["passengers_total"] == 122 and china["all_final_orders"] is True and china["age_min"] is None
    assert {
        "field": "passengers_male",
        "value": "116",
        "status": "disputed",
        "note": "Mixed up with 2024.",
        "source": "aggregator-2025-06-10",
    } in china["claims"]
    assert {s["slug"] for s in china["sources"]} == {"ice-2025-06-09", "aggregator-2025-06-10"}


@pytest.mark.django_db
def test_hand_made_csv_needs_a_source_for_values_no_claim_states(tmp_path):
    path = write(
        tmp_path / "desk.csv",
        "slug,kind,departed_earliest,destination_country,passengers_total\n"
        "2024-01-05-guatemala,removal,2024-01-05,GT,130\n",
    )
    with pytest.raises(CommandError):
        run_import(str(path), "--format", "newsroom-csv")
    problems = "line 2: passengers_total: no accepted claim states this value; add one to claims or name a --source"
    with pytest.raises(CommandError, match="--source desk: no source with that slug"):
        run_import(str(path), "--format", "newsroom-csv", "--source", "desk")
    Source.objects.create(slug="desk", title="Desk log", publisher="Newsroom", kind="observer_log", tier="primary")
    output = run_import(str(path), "--format", "newsroom-csv", "--source", "desk")
    assert "created:   1 rows" in output and problems not in output
    flight = Flight.objects.get()
    assert flight.passengers_total == 130
    assert flight.claims.get(field="passengers_total").source.slug == "desk"


@pytest.mark.django_db
def test_a_corrected_file_updates_the_value_through_its_claim_and_keeps_the_old_one_in_history(tmp_path):
    first = write(tmp_path / "legs.csv", LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,67\n1,2012-03-01,T,KIWA,KELP,9\n")
    run_import(str(first), "--format", "arts-legs")
    corrected = write(
        tmp_path / "legs-v2.csv", LEGS_HEADER + "0,2012-03-01,R,KHRL,MGGT,76\n1,2012-03-01,T,KIWA,KELP,9\n"
    )
    output = run_import(str(corrected), "--format", "arts-legs")
    assert "updated:   1 rows (1 movements)" in output and "unchanged: 1 rows (1 movements)" in output

    flight = Flight.objects.get(slug="arts-2012-03-01-r-khrl-mggt")
    assert flight.passengers_total == 76
    claim = flight.claims.get(field="passengers_total")
    assert (claim.value, claim.status) == ("76", ACCEPTED)
    assert flight.claims.filter(field="passengers_total").count() == 1  # the source's claim, updated in place
    values = [h.value for h in claim.history.order_by("history_date", "history_id")]
    assert values[0] == "67" and values[-1] == "76"
    assert [h.passengers_total for h in flight.history.order_by("history_date")][:1] == [67]
    assert flight.history.first().passengers_total == 76


@pytest.mark.django_db
def test_a_failure_mid_write_rolls_back_every_row_already_written(tmp_path):
    source = Source.objects.create(slug="ice", title="ICE", publisher="ICE", kind="foia_data", tier="primary")
    Source.objects.create(slug="desk", title="Desk", publisher="Newsroom", kind="observer_log", tier="primary")
    for slug, values in [
        ("flight-a", {"passengers_total": "100"}),
        ("flight-b", {"passengers_total": "100", "passengers_male": "50", "passengers_female": "50"}),
    ]:
        flight = Flight.objects.create(
            slug=slug,
            departed_earliest=datetime.date(2020, 1, 1),
            departed_latest=datetime.date(2020, 1, 1),
            destination_country="GT",
        )
        for field, value in values.items():
            record_claim(flight=flight, field=field, value=value, source=source, status=ACCEPTED)
    # Row 2 is valid and changes flight-a; row 3 is valid on its face but would leave flight-b with
    # 100 men and women among 90 passengers, which only the database write can find out.
    path = write(
        tmp_path / "desk.csv",
        "slug,kind,departed_earliest,destination_country,passengers_total\n"
        "flight-a,removal,2020-01-01,GT,120\nflight-b,removal,2020-01-01,GT,90\n",
    )
    with pytest.raises(CommandError, match=r"line 3: passengers_total: .*nothing was imported"):
        run_import(str(path), "--format", "newsroom-csv", "--source", "desk")
    assert Flight.objects.get(slug="flight-a").passengers_total == 100
    assert not Claim.objects.filter(source__slug="desk").exists()


@pytest.mark.django_db
def test_a_correction_lowering_total_and_men_together_is_applied_whatever_the_column_order(tmp_path):
    make_records()
    mission_legs = list(FlightLeg.objects.values_list("sequence", "passengers_on"))
    Source.objects.create(slug="desk", title="Desk", publisher="Newsroom", kind="observer_log", tier="primary")
    # Accepting 112 first would leave 96 men and 26 women among 112, so it must wait for the men.
    path = write(
        tmp_path / "fix.csv",
        "slug,kind,departed_earliest,destination_country,passengers_total,passengers_male\n"
        "2025-06-03-dallas-prc-shrc,shrc,2025-06-03,CN,112,86\n",
    )
    output = run_import(str(path), "--format", "newsroom-csv", "--source", "desk")
    assert "updated:   1 rows (1 flights)" in output
    china = Flight.objects.get(slug="2025-06-03-dallas-prc-shrc")
    assert (china.passengers_total, china.passengers_male, china.passengers_female) == (112, 86, 26)
    assert china.claims.get(field="passengers_total", source__slug="ice-2025-06-09").status == Claim.Status.SUPERSEDED
    # The file has no notes or legs columns: the flight keeps its notes, the mission its legs.
    assert china.notes.startswith("Line one.")
    assert list(FlightLeg.objects.values_list("sequence", "passengers_on")) == mission_legs


@pytest.mark.django_db
def test_bad_records_of_a_json_file_are_rejected_with_reasons(tmp_path):
    Source.objects.create(slug="desk", title="Desk", publisher="Newsroom", kind="observer_log", tier="primary")
    records = [
        {
            "slug": "good-one",
            "kind": "removal",
            "departed_earliest": "2024-01-05",
            "destination_country": "GT",
            "passengers_total": 130,
        },
        {
            "slug": "bad-one",
            "kind": "deportation",
            "departed_earliest": "2024-13-01",
            "destination_country": "ZZ",
            "passengers_total": -1,
        },
    ]
    path = write(tmp_path / "flights.json", json.dumps({"flights": records}))
    with pytest.raises(CommandError, match="1 of 2 rows"):
        run_import(str(path), "--format", "newsroom-json", "--source", "desk")
    assert not Flight.objects.exists()

    rejects = tmp_path / "rejects.json"
    output = run_import(
        str(path), "--format", "newsroom-json", "--source", "desk", "--skip-invalid", "--rejects", str(rejects)
    )
    assert "record 2: kind: 'deportation' is not a kind of flight" in output
    assert "record 2: departed_earliest: '2024-13-01' is not a date (YYYY-MM-DD)" in output
    assert "record 2: destination_country: 'ZZ' is not an ISO 3166-1 alpha-2 country code" in output
    assert "record 2: passengers_total: -1 is negative; a count cannot be" in output
    assert list(Flight.objects.values_list("slug", flat=True)) == ["good-one"]
    (rejected,) = json.loads(rejects.read_text(encoding="utf-8"))
    assert rejected["slug"] == "bad-one" and "kind:" in rejected["reason"]


@pytest.mark.django_db
def test_each_row_names_where_to_read_the_sources_of_its_values():
    make_records()
    rows = list(csv.DictReader(io.StringIO("".join(newsroom_csv_chunks(Flight.objects.all(), "https://x.org")))))
    china = next(row for row in rows if row["slug"] == "2025-06-03-dallas-prc-shrc")
    urls = china["source_urls"].split(" ")
    assert urls and all(url.startswith("http") for url in urls)
