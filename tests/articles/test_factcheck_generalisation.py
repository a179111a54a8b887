"""Variation tests for the general rules added for wording the corpus had not seen: shares of those aboard, ranges,
counts whose noun is elsewhere, numbers that count other things, dates of other events, questions."""

from __future__ import annotations

import datetime

import pytest

from articles.factcheck import check_text
from tests.demo_records import JUNE_2025

PUBLISHED = datetime.date(2025, 6, 10)


def _verdict(sentence: str, figure: str) -> str:
    findings = check_text(sentence, [JUNE_2025], PUBLISHED)
    at = sentence.index(figure)
    end = at + len(figure)
    matching = [
        f for f in findings if f.statement and f.statement.figure_span[0] < end and at < f.statement.figure_span[1]
    ]
    return matching[0].kind.verdict if matching else "none"


# The demo records, restored per test from the session's snapshot (tests/snapshots.py): the same rows
# load_demo_records makes, without running every claim through the services again (about a second a test).
pytestmark = pytest.mark.usefixtures("demo_flights")


# 96 of 122 men is 79 percent, 26 women is 21 percent.
@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("About 80 percent of those removed were men.", "80", "consistent"),
        ("Nearly 80% of the deportees were men.", "80", "consistent"),
        # 96 of 122 is 79%: "some 90 percent" allows 81% to 99%, so only the width read into "some" decides it.
        ("Some 90 percent of the passengers were men.", "90", "needs_look"),
        ("Some 60 percent of the passengers were men.", "60", "contradiction"),
        ("Roughly one in five people on board was a woman.", "one in five", "consistent"),
        ("Four out of five deportees were men.", "Four out of five", "consistent"),
        ("Nine in ten of the deportees were men, ICE said.", "Nine in ten", "needs_look"),
        ("Three in five of the deportees were men, ICE said.", "Three in five", "contradiction"),
        ("Women were a third of those aboard.", "a third", "contradiction"),
        ("Women made up a fifth of the passengers.", "a fifth", "consistent"),
        ("Half the passengers were women, one outlet claimed.", "Half", "needs_look"),
        ("The agency's budget for the flights rose 5 percent.", "5", "none"),
    ],
)
def test_a_share_of_those_aboard_is_held_against_the_part_over_the_total(
    sentence: str, figure: str, verdict: str
) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("Between 100 and 130 people were aboard.", "130", "consistent"),
        ("From 110 to 125 deportees were on the flight.", "125", "consistent"),
        ("Between 130 and 150 people were aboard, ICE said.", "150", "contradiction"),
        ("Between 130 and 150 people were aboard, one outlet said.", "130", "needs_look"),
    ],
)
def test_a_range_of_people_is_one_statement_with_two_ends(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("ICE figures show women numbering 26 and men 96 on the charter.", "26", "consistent"),
        ("ICE figures show men numbering 96 and women 26 on the charter.", "96", "consistent"),
        ("Just 6 were women, one aggregator claimed; ICE's tally is 26.", "26", "consistent"),
        ("How many were women? ICE says 26; KnowHere said six.", "26", "consistent"),
        ("How many were women? ICE says 26; KnowHere said six.", "six", "needs_look"),
        ("ICE deported 112 ppl to China on the charter.", "112", "contradiction"),
    ],
)
def test_a_count_takes_its_noun_from_where_the_sentence_puts_it(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("The plane carried 122 passengers and a crew of nine.", "nine"),
        ("Of the 122 people removed, we interviewed relatives of 17.", "17"),
        ("The flight was operated under a contract signed in 2019.", "2019"),
        ("On May 27, a week before the flight, ICE lawyers filed two motions.", "May 27"),
        ("Was it the first flight since 2018? No: it was the sixth since June 2024.", "2018"),
        ("Six months after the first flight, in December, a fourth charter may have left.", "December"),
        ("Since January's flight, the fifth, no other charter had left until June 3.", "fifth"),
        ("The January flight \u2014 the fifth \u2014 took off on Jan. 6.", "Jan. 6"),
    ],
)
def test_numbers_that_are_not_this_flights_figures_are_never_contradictions(sentence: str, figure: str) -> None:
    assert _verdict(sentence, figure) != "contradiction"


@pytest.mark.parametrize(
    ("sentence", "figure", "verdict"),
    [
        ("The ages ran from 21 to 68, ICE said.", "21", "contradiction"),
        ("How old were they? Between 18 and 70, ICE says.", "70", "contradiction"),
        (
            "That was the fifth charter since June 2024 \u2014 not the sixth \u2014 a DHS official said.",
            "sixth",
            "contradiction",
        ),
        ("The charter was, ICE said Monday, the seventh such flight to China.", "seventh", "contradiction"),
        ("Was it the first since January? Yes \u2014 and the fourth since June 2024.", "fourth", "contradiction"),
        ("Was it the first flight since 2018?", "2018", "needs_look"),
    ],
)
def test_wrong_figures_in_unusual_wording_are_flagged(sentence: str, figure: str, verdict: str) -> None:
    assert _verdict(sentence, figure) == verdict
