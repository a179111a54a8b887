"""Variation tests for the general rules added after reading a blind corpus's misses: relative dates counted exactly,
spoken years and days, age bounds after "no one", a named passenger's age, dates of a person's own story, verdicts
that judge what came before them, hearsay and parties that speak for others. The sentences are our own."""

from __future__ import annotations

import datetime

import pytest

from articles.factcheck import check_text
from tests.demo_records import JUNE_2025


def _verdict(sentence: str, figure: str, published: datetime.date = datetime.date(2025, 6, 10)) -> str:
    """The most severe verdict on the figure (a figure may carry two claims, e.g. a passenger's age)."""
    findings = check_text(sentence, [JUNE_2025], published)
    at = sentence.index(figure)
    end = at + len(figure)
    # Figure spans count from the start of their own sentence.
    matching = [
        f
        for f in findings
        if f.statement
        and sentence.index(f.sentence) + f.statement.figure_span[0] < end
        and at < sentence.index(f.sentence) + f.statement.figure_span[1]
    ]
    order = ["contradiction", "needs_look", "unsupported", "consistent"]
    verdicts = sorted((f.kind.verdict for f in matching), key=order.index)
    return verdicts[0] if verdicts else "none"


# The demo records, restored per test from the session's snapshot (tests/snapshots.py): the same rows
# load_demo_records makes, without running every claim through the services again (about a second a test).
pytestmark = pytest.mark.usefixtures("demo_flights")


# The June 2025 flight left on Tuesday 3 June 2025.
@pytest.mark.parametrize(
    ("sentence", "figure", "published", "verdict"),
    [
        ("Eight days ago, a chartered jet took the men from Dallas.", "Eight days ago", "2025-06-11", "consistent"),
        ("Eight days ago, a chartered jet took the men from Dallas.", "Eight days ago", "2025-06-12", "contradiction"),
        ("The charter flew out 12 days ago.", "12 days ago", "2025-06-15", "consistent"),
        ("The charter flew out 12 days ago.", "12 days ago", "2025-06-16", "contradiction"),
        ("Three weeks ago today, the plane left Texas.", "Three weeks ago today", "2025-06-24", "consistent"),
        ("Three weeks ago today, the plane left Texas.", "Three weeks ago today", "2025-06-25", "contradiction"),
        ("One week ago today the deportees were flown out.", "One week ago today", "2025-06-09", "contradiction"),
    ],
)
def test_days_ago_and_ago_today_count_back_exactly(sentence: str, figure: str, published: str, verdict: str) -> None:
    assert _verdict(sentence, figure, datetime.date.fromisoformat(published)) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("ANCHOR: It was the first such flight since twenty nineteen.", "twenty nineteen", "contradiction"),
        ("REPORTER: The plane took off on June fifth.", "June fifth", "contradiction"),
        ("HOST: The plane took off on the third of June.", "third", "consistent"),
        ("The charter left Dallas on June third, with one hundred and twenty-two aboard.", "June third", "consistent"),
        ("The June 2024 charter was the first since two thousand eighteen.", "two thousand eighteen", "consistent"),
    ],
)
def test_spoken_years_and_days_are_read_as_digits(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


def test_spoken_year_that_names_a_flight_changes_the_subject() -> None:
    # 116 is the June 2024 flight's total: said of "June twenty twenty-four" it is consistent.
    sentence = "The charter of June twenty twenty-four carried 116 people."
    assert _verdict(sentence, "116") == "consistent"


# Ages on record: 19 to 68.
@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("Nobody aboard was older than 68.", "68", "consistent"),
        ("No passenger older than sixty-eight was on the jet.", "sixty-eight", "consistent"),
        ("No one over 65 was put on the plane.", "65", "contradiction"),
        ("No one younger than 21 or older than 70 was removed.", "21", "contradiction"),
        ("No one younger than 21 or older than 70 was removed.", "70", "consistent"),
        ("No deportee under 18 was aboard, officials said.", "18", "consistent"),
    ],
)
def test_a_bound_after_no_one_is_an_age_not_a_count(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("Mrs. Wu, 81, who was aboard, needed a wheelchair.", "81", "contradiction"),
        ("Huang, 45, one of those deported, called his sister.", "45", "consistent"),
        ("Mr. Zhou, 16, who was on the flight, is a student.", "16", "contradiction"),
        ("Mr. Zhou, 33, who was on the flight, is a cook.", "33", "consistent"),
        # The person in apposition is not the one aboard: no claim about the passengers' ages.
        ("Gao Min, 90, who lives in Flushing, said her nephew was on the plane.", "90", "none"),
    ],
)
def test_a_named_passengers_age_lies_between_youngest_and_oldest(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Zhao Lei, 39, who came to Texas in 2012, said a cousin was on the flight.", "2012"),
        ("His uncle, who fled Fujian in 2019, was among those removed.", "2019"),
        ("The woman, who moved to Brooklyn in 2014, was deported on the charter.", "2014"),
    ],
)
def test_a_date_in_a_clause_about_a_person_is_not_the_flights(sentence: str, figure: str) -> None:
    assert _verdict(sentence, figure) != "contradiction"


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        # A predicate verdict judges the sentence before it, not the figures that follow it.
        ("One blog had 116 men. That is wrong — ICE’s release lists 96 men.", "116", "consistent"),
        ("One blog had 116 men. That is wrong — ICE’s release lists 96 men.", "96", "consistent"),
        ("A post put the women at six. Which is false: the agency counted 26 women.", "26", "consistent"),
        ("A post put the women at six. Which is false: the agency counted 26 women.", "six", "consistent"),
    ],
)
def test_a_verdict_judges_what_came_before_it(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Our volunteers heard reports that 140 people were aboard.", "140"),
        ("There were reports that 30 women were on the plane.", "30"),
        ("Attorneys for two of the men said about 150 people were on the plane.", "150"),
        ("Relatives of several detainees said 40 women were aboard.", "40"),
        ("A lawyer representing the families said 200 people were on the flight.", "200"),
    ],
)
def test_hearsay_and_parties_speaking_for_others_need_a_look(sentence: str, figure: str) -> None:
    assert _verdict(sentence, figure) == "needs_look"


# The November 2024 flight left on 16 Nov; the fourth flight's day is unknown (17 Nov 2024 to 5 Jan 2025).
@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("The November charter, which took off on Nov. 20, was the third.", "Nov. 20", "contradiction"),
        ("The November flight, which left on Nov. 16, was the third.", "Nov. 16", "consistent"),
        ("One outlet wrote that the January flight departed on Jan. 9.", "Jan. 9", "needs_look"),
        ("The January flight left Texas on Jan. 12, officials said.", "Jan. 12", "contradiction"),
    ],
)
def test_a_departure_day_is_held_against_the_flight_its_month_names(sentence: str, figure: str, verdict: str) -> None:
    result = _verdict(sentence, figure)
    assert result == verdict or (verdict == "needs_look" and result == "contradiction")
