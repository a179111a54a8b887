"""The one check's interface: the seed story through the command, findings with their statements, what blocks."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.factcheck import BLOCKING_KINDS, FindingKind, blocking, check_article, check_story, check_text
from articles.factcheck.reader import read_sentence
from articles.factcheck.records import Records
from articles.factcheck.text import Sentence
from flights.models import Flight
from tests.demo_records import FOURTH, JAN_2025, JUNE_2024, JUNE_2025, NOV_2024, OCT_2024, make_article

# The aggregator's sentences exactly as published (curly quotes included), under its headline.
SEED = (
    "ICE deports 122 Chinese nationals on high-risk flight from Dallas\n\n"
    "This flight, labeled as a \u201chigh-risk charter,\u201d took off last week and marks the first of its kind "
    "since 2018.\n"
    "The last time the U.S. conducted a high-risk deportation flight to China was in 2018.\n"
    "In total, the flight carried 116 men and six women.\n"
)
EARLIER = [JUNE_2024, OCT_2024, NOV_2024, FOURTH, JAN_2025]


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("factcheck", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_the_seed_story_as_written_is_caught_through_the_command(demo_flights, tmp_path: Path):
    story = tmp_path / "seed.md"
    story.write_text(SEED, encoding="utf-8")

    code, out = _run("--text", str(story), "--flight", JUNE_2025, "--published-on", "2025-06-10", "--json")

    rows = [json.loads(line) for line in out.splitlines()]
    by_claim = {(r["claimed"], r["statement"]["kind"]): r for r in rows}
    assert code == 1
    men, women = by_claim[("116 men", "count")], by_claim[("six women", "count")]
    assert (men["kind"], men["recorded"], women["kind"], women["recorded"]) == (
        "contradiction",
        "96",
        "contradiction",
        "26",
    )
    for row in (men, women):
        assert "U.S. Immigration and Customs Enforcement" in row["source"]
        assert row["statement"]["stance"]["polarity"] == "affirmed" and row["statement"]["scope"] == "flight"
    firsts = [r for r in rows if r["statement"]["kind"] == "first_since"]
    assert [r["claimed"] for r in firsts] == [
        "first of its kind since 2018",
        "The last time the U.S. conducted a high-risk deportation flight to China was in 2018",
    ]
    for row in firsts:
        assert row["kind"] == "contradiction" and row["flights"][:5] == EARLIER
        assert row["statement"]["stance"]["attribution"] == "own"  # "labeled as" covers the label only
    assert by_claim[("122 Chinese nationals", "count")]["kind"] == "consistent"
    assert by_claim[("last week", "date")]["kind"] == "consistent"


@pytest.mark.django_db
def test_json_gives_each_statement_its_span_polarity_attribution_and_scope(demo_flights):
    text = "KnowHere News reported 116 men, but ICE\u2019s release lists 96."
    findings = check_text(text, [JUNE_2025], datetime.date(2025, 6, 10))

    first, second = (f.as_json() for f in findings)
    assert first["verdict"] == "needs_look" and first["kind"] == "needs a look"
    assert text[slice(*first["span"])] == "116"
    assert first["statement"]["stance"] == {
        "polarity": "affirmed",
        "attribution": "other_outlet",
        "who": "KnowHere News",
        "hedged": False,
        "cue": "KnowHere News reported",
    }
    assert "credited to KnowHere News" in first["reason"]
    assert (second["verdict"], second["statement"]["field"], text[slice(*second["span"])]) == (
        "consistent",
        "passengers_male",
        "96",
    )


@pytest.mark.django_db
def test_a_needs_a_look_blocks_publishing_like_a_contradiction(demo_flights, tmp_path: Path):
    story = tmp_path / "credited.md"
    story.write_text("Some reports said the June 3 flight carried 140 people.", encoding="utf-8")

    code, out = _run("--text", str(story), "--flight", JUNE_2025)
    findings = check_text(story.read_text(), [JUNE_2025])

    assert code == 1
    assert "needs a look" in out and "why: credited to" in out
    assert [f.kind for f in blocking(findings)] == [FindingKind.NEEDS_LOOK]
    assert BLOCKING_KINDS == {FindingKind.CONTRADICTION, FindingKind.NEEDS_LOOK}


@pytest.mark.django_db
def test_check_story_takes_the_first_cited_flight_as_the_main_one_and_ignores_unknown_slugs(demo_flights):
    text = "The flight carried 116 people."

    about_2025 = check_story(headline="", dek="", body=text, cited=[JUNE_2025, JUNE_2024], published_on=None)
    about_2024 = check_story(headline="", dek="", body=text, cited=["no-such-flight", JUNE_2024], published_on=None)

    assert [(f.kind, f.flight) for f in about_2025] == [(FindingKind.CONTRADICTION, JUNE_2025)]
    assert JUNE_2024 in about_2025[0].flights  # the likely mix-up is named
    assert [(f.kind, f.flight) for f in about_2024] == [(FindingKind.CONSISTENT, JUNE_2024)]


@pytest.mark.django_db
def test_check_article_reads_headline_dek_and_body_against_the_flight_the_body_cites_most(demo_flights):
    article = make_article(
        slug="two-flights",
        headline="ICE deports 130 to China",
        dek="The first such flight since 2018",
        body=f"It left on {{{{ flight:{JUNE_2025}:departed }}}}, a year after the "
        f"{{{{ flight:{JUNE_2024}:departed }}}} flight. It carried "
        f"{{{{ flight:{JUNE_2025}:passengers_total }}}} people.",
        cites=[demo_flights[JUNE_2024], demo_flights[JUNE_2025]],
    )

    findings = check_article(article)

    wrong = [(f.claimed, f.kind, f.flight) for f in findings if f.blocking]
    assert ("130", FindingKind.CONTRADICTION, JUNE_2025) in wrong
    assert ("first such flight since 2018", FindingKind.CONTRADICTION, JUNE_2025) in wrong


@pytest.mark.django_db
def test_a_check_reads_only_the_flights_it_needs_in_a_few_queries(demo_flights):
    for i in range(300):  # an archive of other flights the story has nothing to do with
        Flight.objects.create(
            slug=f"other-{i}",
            kind="removal",
            departed_earliest=datetime.date(2015, 1, 1) + datetime.timedelta(days=i),
            departed_latest=datetime.date(2015, 1, 1) + datetime.timedelta(days=i),
            destination_country="GT",
            passengers_total=100 + i % 50,
        )
    text = (
        "The June 3 flight, the sixth since June 2024 and the first of its kind since 2018, carried 116 men "
        "and six women, 122 in all, aged 19 to 68."
    )

    with CaptureQueriesContext(connection) as queries:
        findings = check_text(text, [JUNE_2025], datetime.date(2025, 6, 10))

    assert {f.claimed for f in findings if f.kind == FindingKind.CONTRADICTION} >= {"116 men", "six women"}
    # Cited flight, candidates (by date, count, year), their claims, the sequence questions: never the whole table.
    assert len(queries) <= 14, [q["sql"][:120] for q in queries.captured_queries]
    statements = read_sentence(Sentence(text), datetime.date(2025, 6, 10))
    records = Records.for_story([JUNE_2025], statements, datetime.date(2025, 6, 10))
    assert not [slug for slug in records.by_slug if slug.startswith("other-")]  # none of the archive is read


@pytest.mark.django_db
def test_json_output_carries_dates_of_every_kind(demo_flights, tmp_path: Path):
    # Dates sit in a statement's value, its window ("since June 2024") and the dates near a figure; --json
    # once stopped with a TypeError on the last of these instead of printing the findings.
    story = tmp_path / "dates.md"
    story.write_text(
        "The first flight of the series, in June 2024, carried 130 people. Since June 2024, DHS has flown "
        "five charters to China, the latest on June 3.",
        encoding="utf-8",
    )
    code, out = _run("--text", str(story), "--flight", JUNE_2025, "--published-on", "2025-06-10", "--json")
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert code == 1 and rows
    assert any(row["claimed"] == "130 people" and row["kind"] == "contradiction" for row in rows)
