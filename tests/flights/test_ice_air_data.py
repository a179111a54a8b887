"""The ICE Air files in the repository: imported without the airports file, the Guatemala extract, load_ice_air,
the ICAO prefix table, and existing imports migrated to movements without loss."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Sum

from flights.exchange import write_newsroom_csv
from flights.icao_prefixes import ICAO_PREFIXES, country_from_prefix
from flights.models import Airport, Claim, Flight
from tests.flights.import_support import GUATEMALA, LEGS, LEGS_HEADER, run_import, write


@pytest.mark.django_db
def test_legs_file_without_the_airports_file_imports_every_valid_row():
    output = run_import(str(LEGS), "--format", "arts-legs", "--skip-invalid")
    assert "created:   42,979 rows (42,979 movements)" in output and "rejected:  3 rows" in output
    assert Flight.objects.movements().count() == 42_979
    assert Flight.objects.aggregate(total=Sum("passengers_total"))["total"] == 1_732_607
    # Codes the airport package lacks are placed by ICAO nationality prefix, and the summary names them.
    assert "HSSS in Sudan, by ICAO prefix HS" in output and "UTTT in Uzbekistan, by ICAO prefix UT" in output
    assert set(Flight.objects.filter(destination__icao="HSSS").values_list("destination_country", flat=True)) == {"SD"}
    assert Airport.objects.get(icao="UTTT").country == "UZ"
    assert not Flight.objects.flights().exists()


@pytest.mark.django_db
def test_guatemala_extract_matches_the_figures_its_readme_states():
    output = run_import(str(GUATEMALA), "--format", "arts-nationality")
    assert "created:   4,018 rows (4,018 movements)" in output and "rejected:  0 rows" in output
    records = Flight.objects.movements()
    totals = records.aggregate(
        people=Sum("passengers_total"),
        juveniles=Sum("passengers_juvenile"),
        non_criminal=Sum("passengers_non_criminal"),
        missions=Sum("mission_count"),
    )
    assert totals == {"people": 326_643, "juveniles": 1_933, "non_criminal": 244_209, "missions": 4_246}
    assert set(records.values_list("nationality", flat=True)) == {"GT"}
    assert records.filter(destination__icao="MGGT").aggregate(n=Sum("passengers_total"))["n"] == 326_193
    assert records.filter(departed_earliest__year=2016).aggregate(n=Sum("passengers_total"))["n"] == 35_464
    first = Flight.objects.get(slug="arts-gt-2010-10-04-r-kmia-mggt")
    claims = {claim.field: claim.value for claim in first.claims.all()}
    assert claims["passengers_juvenile"] == "4" and claims["nationality"] == "GT"
    assert first.dataset.slug == "uwchr-arts-guatemala-removals"


@pytest.mark.django_db
def test_a_nationality_file_with_bad_counts_names_the_cell(tmp_path):
    header = (
        ",MissionDate,CountryOfCitizenship,R-T,PULOC,DropLoc,AlienMasterIDCount,MissionIDCount,JuvenileCount,NCCount\n"
    )
    path = write(
        tmp_path / "hn.csv",
        header + "0,2014-01-02,HONDURAS,R,KAEX,MHLM,50,1,60,10\n1,2014-01-02,Atlantis,R,KAEX,MHLM,5,1,0,0\n",
    )
    output = run_import(str(path), "--format", "arts-nationality", "--skip-invalid")
    assert "JuvenileCount: 60 is more than the row's 50 passengers" in output
    assert "CountryOfCitizenship: 'Atlantis' is not a country name" in output
    assert Flight.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "country"),
    [
        ("HSSS", "SD"),  # Khartoum
        ("UTTT", "UZ"),  # Tashkent
        ("UTAA", "TM"),  # Ashgabat: a three-letter exception inside UT
        ("UTDD", "TJ"),  # Dushanbe
        ("MHSC", "HN"),  # Soto Cano
        ("GQNO", "MR"),  # Nouakchott
        ("TVSV", "VC"),  # Saint Vincent
        ("VDPP", "KH"),  # Phnom Penh
        ("KKBL", "US"),  # K alone is the United States (Kabul needs the airports file)
        ("TNCA", "AW"),  # Aruba, a four-letter exception inside TN
        ("BKPR", "XK"),  # Pristina
        ("ZKPY", "KP"),  # Pyongyang, not China
        ("EGLL", "GB"),
        ("SKBO", "CO"),
        ("MMMX", "MX"),
    ],
)
def test_icao_prefix_table_places_airports_by_nationality_letters(code, country):
    assert country_from_prefix(code)[0] == country


def test_icao_prefix_table_answers_nothing_for_unallotted_letters_and_holds_only_real_countries():
    from django_countries import countries

    assert country_from_prefix("QQQQ") == ("", "")
    assert country_from_prefix("") == ("", "")
    known = set(dict(countries)) | {"XK"}
    assert set(ICAO_PREFIXES.values()) <= known


@pytest.mark.django_db
def test_load_ice_air_loads_the_repository_files_and_is_safe_to_run_again(tmp_path):
    # A copy of the data folder with a short legs file, so the test is quick; the command is the same.
    folder = tmp_path / "ice-air"
    folder.mkdir()
    for path in LEGS.parent.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path == LEGS:
            text = "".join(text.splitlines(keepends=True)[:501])
        (folder / path.name).write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("load_ice_air", "--data", str(folder), stdout=out)
    first = (Flight.objects.movements().count(), Flight.objects.flights().count())
    assert first == (500 + 4_018, 514)
    again = io.StringIO()
    call_command("load_ice_air", "--data", str(folder), stdout=again)
    assert "unchanged: 500 rows (500 movements)" in again.getvalue()
    assert "unchanged: 1,278 rows (514 flights)" in again.getvalue()
    assert (Flight.objects.movements().count(), Flight.objects.flights().count()) == first


@pytest.mark.django_db
def test_load_ice_air_names_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"lacks uwchr_arts_legs_fy2011_fy2019\.csv"):
        call_command("load_ice_air", "--data", str(tmp_path), stdout=io.StringIO())


@pytest.mark.django_db
def test_a_movement_survives_the_newsroom_format_round_trip(tmp_path):
    legs = write(tmp_path / "legs.csv", LEGS_HEADER + "0,2012-03-01,R,KIWA,KAEX,41\n")
    run_import(str(legs), "--format", "arts-legs")
    exported = tmp_path / "export.csv"
    with exported.open("w", encoding="utf-8", newline="") as handle:
        write_newsroom_csv(Flight.objects.all(), handle)
    Flight.objects.all().delete()
    run_import(str(exported), "--format", "newsroom-csv")
    movement = Flight.objects.get()
    assert movement.record_type == "movement" and movement.dataset.slug == "uwchr-arts-legs-fy2011-fy2019"
    assert "unchanged: 1 rows" in run_import(str(exported), "--format", "newsroom-csv")


@pytest.mark.django_db(transaction=True)
def test_existing_imports_become_movements_and_missions_keep_their_dataset_on_migration():
    executor = MigrationExecutor(connection)
    executor.migrate([("flights", "0001_initial")])
    apps = executor.loader.project_state([("flights", "0001_initial")]).apps
    OldSource, OldFlight, OldClaim = (apps.get_model("flights", name) for name in ("Source", "Flight", "Claim"))
    legs = OldSource.objects.create(slug="legs", title="Legs", publisher="UWCHR", kind="foia_data", tier="primary")
    missions = OldSource.objects.create(slug="kbfi", title="KBFI", publisher="UWCHR", kind="foia_data", tier="primary")
    day = "2012-03-01"
    row = OldFlight.objects.create(
        slug="arts-2012-03-01-r-kiwa-kaex", kind="removal", departed_earliest=day, departed_latest=day,
        destination_country="US", passengers_total=41,
    )  # fmt: skip
    mission = OldFlight.objects.create(
        slug="arts-mission-2012-03-01-137", kind="removal", departed_earliest=day, departed_latest=day,
        destination_country="GT", mission_number="137",
    )  # fmt: skip
    newsroom = OldFlight.objects.create(
        slug="2025-06-03-dallas", kind="shrc", departed_earliest="2025-06-03", departed_latest="2025-06-03",
        destination_country="CN",
    )  # fmt: skip
    OldClaim.objects.create(flight=row, field="departed", value=day, source=legs, status="accepted")
    OldClaim.objects.create(flight=row, field="passengers_total", value="41", source=legs, status="accepted")
    OldClaim.objects.create(flight=mission, field="mission_number", value="137", source=missions, status="accepted")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = Flight.objects.get(slug="arts-2012-03-01-r-kiwa-kaex")
    assert (migrated.record_type, migrated.dataset.slug, migrated.passengers_total) == ("movement", "legs", 41)
    assert migrated.claims.count() == 2 and migrated.is_staging
    assert "to United States" not in migrated.heading and "flight" not in migrated.heading.lower()
    assert (Flight.objects.get(pk=mission.pk).record_type, Flight.objects.get(pk=mission.pk).dataset.slug) == (
        "flight",
        "kbfi",
    )
    assert Flight.objects.get(pk=newsroom.pk).record_type == "flight"
    assert Flight.objects.get(pk=newsroom.pk).dataset is None
    assert Claim.objects.count() == 3
