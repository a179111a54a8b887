"""The ICE Air archive's pages on small ARTS files: what rows are called, indexes, charts against the database."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse

from flights.models import Flight, Operator, Source
from tests.flights.import_support import LEGS_HEADER, run_import, write

# Made-up rows on real airports: removals to Guatemala and Honduras, staging legs ending at Alexandria
# (KAEX) and Mesa (KIWA), a transfer, and one removal to Khartoum (HSSS, which the airport package lacks).
LEGS_ROWS = [
    "2012-03-01,R,KHRL,MGGT,67",
    "2012-03-01,R,KIWA,MGGT,120",
    "2012-03-02,R,KAEX,MHLM,90",
    "2012-03-02,R,KIWA,KAEX,41",
    "2013-07-09,R,KBRO,MGGT,130",
    "2013-07-09,R,KELP,KIWA,22",
    "2013-07-10,T,KIWA,KELP,9",
    "2013-08-01,R,KAEX,HSSS,12",
]
GT_HEADER = (
    ",MissionDate,CountryOfCitizenship,R-T,PULOC,DropLoc,AlienMasterIDCount,MissionIDCount,JuvenileCount,"
    "JuvPercent,NCCount,NCPercent\n"
)
GT_ROWS = [
    "2012-03-01,GUATEMALA,R,KHRL,MGGT,60,1,2.0,0.03,40.0,0.66",
    "2012-03-01,GUATEMALA,R,KIWA,MGGT,118,2,0.0,0.0,90.0,0.76",
    "2013-07-09,GUATEMALA,R,KBRO,MGGT,125,1,5.0,0.04,100.0,0.8",
]


def _load(tmp_path) -> None:
    legs = write(tmp_path / "legs.csv", LEGS_HEADER + "".join(f"{i},{row}\n" for i, row in enumerate(LEGS_ROWS)))
    run_import(str(legs), "--format", "arts-legs")
    gt = write(tmp_path / "gt.csv", GT_HEADER + "".join(f"{i},{row}\n" for i, row in enumerate(GT_ROWS)))
    run_import(str(gt), "--format", "arts-nationality")


@pytest.fixture
def arts(db, tmp_path, demo_flights):
    cache.clear()  # facet counts are cached per filter state; earlier tests had other records
    _load(tmp_path)


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_legs_rows_are_movements_and_staging_legs_never_read_as_removals_to_the_united_states(arts, client):
    movements = Flight.objects.movements()
    assert movements.count() == len(LEGS_ROWS) + len(GT_ROWS)
    assert not movements.filter(dataset__isnull=True).exists()
    staging = Flight.objects.get(slug="arts-2012-03-02-r-kiwa-kaex")
    assert staging.is_staging
    for record in movements:
        page = _text(client.get(record.get_absolute_url()))
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        heading = re.search(r"<h1>(.*?)</h1>", page).group(1)
        for said in (title, heading, str(record)):
            assert "flight" not in said.lower(), said
            assert "to United States" not in said, said
        assert "A passenger movement" in page and "How we count" in page
    assert "Staging leg of removals" in _text(client.get(staging.get_absolute_url()))


@pytest.mark.django_db
def test_flight_database_lists_flights_by_default_and_movements_on_request(arts, client):
    default = client.get(reverse("flights:list"))
    shown = {flight.slug for flight in default.context["flights"]}
    assert shown == set(Flight.objects.flights().values_list("slug", flat=True)) and shown
    moved = client.get(reverse("flights:list") + "?record=movement")
    assert {f.record_type for f in moved.context["flights"]} == {"movement"}
    page = _text(moved)
    assert "passenger movements" in page and "a movement is not a flight" in page
    # Filtering from the movements view stays on movements, grouped as the reader chose.
    grouped = client.get(reverse("flights:list") + "?record=movement&group=year").content.decode()
    form = grouped[grouped.index('id="archive-form"') : grouped.index("</form>")]
    assert '<input type="hidden" name="record" value="movement">' in form
    assert '<input type="hidden" name="group" value="year">' in form


@pytest.mark.django_db
def test_chart_and_grouped_view_equal_the_database_aggregate_for_the_same_filter(arts, client):
    query = "?record=movement&country=GT&group=year"
    response = client.get(reverse("flights:list") + query)
    agg = response.context["agg"]
    legs = Source.objects.get(slug="uwchr-arts-legs-fy2011-fy2019")
    # Two datasets match (legs and the Guatemala extract): the largest is totalled, the other linked.
    assert agg["dataset"] == legs and len(agg["others"]) == 1
    expected = {
        str(year): total
        for year, total in [
            (y, Flight.objects.filter(dataset=legs, destination_country="GT", departed_earliest__year=y).aggregate(
                n=Sum("passengers_total"))["n"])
            for y in (2012, 2013)
        ]
    }  # fmt: skip
    assert expected == {"2012": 187, "2013": 130}
    assert {row.label: row.values[0] for row in agg["chart"].rows if row.values[0]} == {
        "Mar 2012": 187,
        "Jul 2013": 130,
    }
    assert {g.key: g.passengers for g in agg["grouped"]} == expected
    download = client.get(reverse("flights:aggregates_csv") + query)
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {row["key"]: int(row["passengers"]) for row in rows} == expected
    assert {row["dataset"] for row in rows} == {legs.slug}
    as_json = json.loads(client.get(reverse("flights:aggregates_json") + query).content)
    assert as_json["group_by"] == "year" and "not a flight" in as_json["note"]
    assert sum(g["passengers"] for g in as_json["groups"]) == 317


@pytest.mark.django_db
def test_country_page_totals_years_airports_stories_and_records(arts, client):
    page = client.get(reverse("flights:country", kwargs={"code": "GT"}))
    text = _text(page)
    assert "Removals to Guatemala" in text and "How we count" in text
    assert page.context["headline"].totals.passengers == 317
    assert [(g.key, g.passengers, top.key) for g, top in page.context["years"]] == [
        ("2012", 187, "KIWA"),
        ("2013", 130, "KBRO"),
    ]
    # The Guatemala extract's juvenile count is shown as a share of the people it covers.
    assert page.context["juveniles"].totals.juvenile_percent == "2.3 %"  # 7 of 303
    assert [g.key for g in page.context["top_origins"]] == ["KBRO", "KIWA", "KHRL"]
    assert {m.dataset.slug for m in page.context["movements"]} == {"uwchr-arts-legs-fy2011-fy2019"}
    assert "svg" in text and "bar-chart" in text and "The numbers in this chart" in text


@pytest.mark.django_db
def test_united_states_page_calls_ending_legs_staging_not_removals(arts, client):
    text = _text(client.get(reverse("flights:country", kwargs={"code": "US"})))
    assert "Movements ending in the United States" in text
    assert "Removals to United States" not in text and "removed to United States" not in text
    assert "staging legs" in text


@pytest.mark.django_db
def test_index_pages_list_every_country_airport_operator_and_source_with_totals(arts, client):
    countries = client.get(reverse("flights:countries"))
    rows = {row["code"]: row for row in countries.context["rows"]}
    assert rows["GT"]["passengers"] == 317 and rows["HN"]["passengers"] == 90 and rows["SD"]["passengers"] == 12
    assert rows["CN"]["flights"] == Flight.objects.flights().filter(destination_country="CN").count() > 0
    assert rows["US"]["staging"] and countries.context["rows"][-1]["code"] == "US"  # staging listed last, apart
    text = _text(countries)
    assert 'href="/flights/country/GT/"' in text and "Sudan" in text

    airports = {row["icao"]: row for row in client.get(reverse("flights:airports")).context["rows"]}
    assert airports["KIWA"]["out"] == 120 + 41 + 9 and airports["KIWA"]["in"] == 22
    assert airports["HSSS"]["in"] == 12 and "Khartoum" not in airports["HSSS"]["label"]  # placeholder: code only

    globalx = Operator.objects.create(name="GlobalX", slug="globalx")
    Flight.objects.filter(slug="2025-06-03-dallas-prc-shrc").update(operator=globalx)
    operators = client.get(reverse("flights:operators"))
    assert [(row["operator"].name, row["flights"]) for row in operators.context["rows"]] == [("GlobalX", 1)]
    sources = client.get(reverse("flights:sources"))
    by_slug = {row["source"].slug: row for row in sources.context["rows"]}
    assert by_slug["uwchr-arts-legs-fy2011-fy2019"]["records"] == len(LEGS_ROWS)
    assert by_slug["uwchr-arts-guatemala-removals"]["claims"] > 0


@pytest.mark.django_db
def test_airport_page_years_in_and_out_destinations_and_map(arts, client):
    page = client.get(reverse("flights:airport", kwargs={"icao": "KIWA"}))
    assert page.context["out_totals"].passengers == 170 and page.context["in_totals"].passengers == 22
    assert [(row.label, row.values) for row in page.context["year_chart"].rows] == [
        ("2012", [161, 0]),
        ("2013", [9, 22]),
    ]
    assert [g.key for g in page.context["top_destinations"]] == ["MGGT", "KAEX", "KELP"]
    assert page.context["route_map"].routes and "world-110m.svg" in _text(page)


@pytest.mark.django_db
def test_methods_page_explains_source_caveats_and_counting(arts, client):
    text = _text(client.get("/data/ice-air/"))
    for words in ("Freedom of Information Act", "A movement is not a flight", "Staging legs", "2019", "How we count"):
        assert words in text


@pytest.mark.django_db
def test_the_country_facet_reaches_every_country(db, client):
    from tests.search_data import make_flight

    codes = ["GT", "HN", "SV", "MX", "CO", "EC", "PE", "BR", "HT", "DO", "JM", "NI", "CU", "VE", "BO", "CL", "AR"]
    codes += ["IN", "CN", "VN", "GH", "NG", "SN", "MR", "SD"]
    for number, code in enumerate(codes):
        make_flight(f"f-{code.lower()}", day=f"2024-01-{number + 1:02d}", destination_country=code)
    cache.clear()  # facet counts are cached per filter state
    text = _text(client.get(reverse("flights:list")))
    # Every country is a checkbox of the filter, none cut off by a "top N" list.
    for code in codes:
        assert f'name="country" value="{code}"' in text, code
