"""Majorities and comparisons between the parts aboard, written without a number ("most were women", "women
outnumbered men", "more men than women"), held against the records: 96 men and 26 women of 122 on June 3, 2025."""

from __future__ import annotations

import datetime

import pytest

from articles.factcheck import check_text
from flights.models import Flight
from tests.demo_records import JUNE_2025

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.date(2025, 6, 10)


def verdicts(sentence: str) -> list[str]:
    """The verdict of every statement about men, women or minors in the sentence."""
    parts = {"passengers_male", "passengers_female", "passengers_juvenile"}
    return [
        f.kind.verdict
        for f in check_text(sentence, [JUNE_2025], PUBLISHED)
        if f.statement and f.statement.field in parts
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Most of those on the plane were women.",
        "The majority of the Chinese nationals removed were women, the release showed.",
        "Women made up the bulk of the passengers.",
        "Women outnumbered men on the charter.",
        "More women than men were flown to China.",
        "Fewer men than women were aboard.",
        "Men were outnumbered by women on the June 3 flight.",
        "Men were in the minority on the flight.",
        "Most deportees were female.",
    ],
)
def test_a_majority_the_records_contradict_is_flagged(demo_flights, sentence):
    assert verdicts(sentence) == ["contradiction"], sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Most of those on the plane were men.",
        "Men outnumbered women by nearly four to one.",
        "There were more men than women on the charter.",
        "Women were a minority of those removed.",
        "Fewer women than men were aboard.",
    ],
)
def test_a_majority_the_records_bear_out_is_consistent(demo_flights, sentence):
    assert verdicts(sentence) == ["consistent"], sentence


def test_the_finding_names_both_parts_and_the_source(demo_flights):
    (finding,) = check_text("Women outnumbered men on the charter.", [JUNE_2025], PUBLISHED)
    assert "26 women and 96 men" in finding.message
    assert "U.S. Immigration and Customs Enforcement" in finding.message


@pytest.mark.parametrize(
    "sentence",
    [
        "Women did not outnumber men on the flight.",
        "Women did not make up most of the passengers.",
        "It is not true that most of those aboard were women.",
        "It is not true that 116 men were aboard.",
    ],
)
def test_a_denied_majority_or_figure_the_records_contradict_is_consistent(demo_flights, sentence):
    assert verdicts(sentence) == ["consistent"], sentence


def test_a_majority_credited_to_other_reports_needs_a_look_rather_than_a_contradiction(demo_flights):
    assert verdicts("Some reports claimed most of the deportees were women.") == ["needs_look"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Most of the men were from Fujian province.",  # most of a part did something else
        "The majority of women were held in Texas before the flight.",
        "Most of those aboard were women and children.",  # a majority of two parts together
        "Most of the flights went to Central America.",
    ],
)
def test_majorities_of_something_else_are_not_read_as_a_part_of_those_aboard(demo_flights, sentence):
    assert verdicts(sentence) == [], sentence


def test_without_both_counts_on_record_a_comparison_is_not_a_contradiction(demo_flights):
    Flight.objects.filter(slug=JUNE_2025).update(passengers_female=None)
    assert "contradiction" not in verdicts("Women outnumbered men on the charter.")


@pytest.mark.parametrize(
    ("sentence", "verdict"),
    [
        ("Everyone aboard was an adult.", "consistent"),
        ("All 122 deportees were adults, ICE said.", "consistent"),
        ("Every passenger was an adult, the agency said.", "consistent"),
        ("Not everyone aboard was an adult.", "contradiction"),  # the youngest was 19
    ],
)
def test_everyone_aboard_an_adult_is_held_against_the_youngest_age(demo_flights, sentence, verdict):
    assert verdicts(sentence) == [verdict], sentence


def test_everyone_an_adult_is_a_contradiction_when_a_minor_was_aboard(demo_flights):
    Flight.objects.filter(slug=JUNE_2025).update(age_min=16)
    assert verdicts("Everyone aboard was an adult.") == ["contradiction"]
    assert verdicts("All the adults were men.") == []  # said of the adults, not of all aboard
