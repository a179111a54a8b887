"""Variation tests: rewording that keeps the meaning keeps the verdict; rewording that changes it changes it too.

Sentences are built from parts (a leading clause, a summing phrase, an aside between commas or dashes, a credit
to a source on record), and each figure's verdict is compared with the verdict of the plain sentence.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.factcheck import check_text
from tests.demo_records import JUNE_2025, load_demo_records

PUBLISHED = datetime.date(2025, 6, 10)
# (words, verdict) for the June 3, 2025 charter: 122 aboard, 96 men, 26 women, ages 19 to 68.
COUNTS = [
    ("96 men", "consistent"),
    ("116 men", "contradiction"),
    ("26 women", "consistent"),
    ("six women", "contradiction"),
    ("122 people", "consistent"),
    ("130 people", "contradiction"),
    ("more than 100 Chinese nationals", "consistent"),
    ("fewer than 100 deportees", "contradiction"),
    ("nearly 125 passengers", "consistent"),
    ("about 150 detainees", "contradiction"),
    ("Ninety-six men", "consistent"),
    ("one hundred sixteen men", "contradiction"),
]
LEADS = ["", "In total, ", "In all, ", "Altogether, ", "When the plane left Texas, ", "After weeks of delays, ",
         "Last week, ", "According to ICE, "]  # fmt: skip
SUBJECTS = ["the flight", "the charter", "the plane", "the June 3 flight", "the Special High Risk Charter"]
ASIDES = ["", ", which left from Dallas,", " \u2014 arranged by ICE\u2019s Dallas office \u2014", ", a Boeing jet,",
          " (the sixth such flight since June 2024)"]  # fmt: skip
RECORD_CREDITS = ["", ", ICE said", ", according to ICE", ", the agency said in its release",
                  ", immigration officials said"]  # fmt: skip
OUTLET_CREDITS = [", according to KnowHere News", ", one outlet reported", ", some reports said"]
FIRSTS = [
    ("the first such flight since 2018", "contradiction"),
    ("the first of its kind in seven years", "contradiction"),
    ("the sixth such flight since June 2024", "consistent"),
    ("the fourth removal charter to China since June 2024", "contradiction"),
]
DATES = [("on June 3", "consistent"), ("last week", "consistent"), ("on June 5", "contradiction"),
         ("on May 29", "contradiction"), ("last Tuesday", "consistent")]  # fmt: skip


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verdict(sentence: str, figure: str) -> str:
    findings = check_text(sentence, [JUNE_2025], PUBLISHED)
    at = sentence.index(figure)
    end = at + len(figure)
    matching = [f for f in findings if f.statement and f.statement.span[0] < end and at < f.statement.span[1]]
    order = ["contradiction", "needs_look", "unsupported", "consistent"]
    verdicts = sorted((f.kind.verdict for f in matching), key=order.index)
    return verdicts[0] if verdicts else "none"


def _count_sentence(lead: str, subject: str, aside: str, count: str, credit: str) -> str:
    opening = _cap(lead + subject) if lead else _cap(subject)
    return f"{opening}{aside} carried {count}{credit}."


class MeaningKeepsItsVerdict(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo_records()

    @settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        count=st.sampled_from(COUNTS),
        lead=st.sampled_from(LEADS),
        subject=st.sampled_from(SUBJECTS),
        aside=st.sampled_from(ASIDES),
        credit=st.sampled_from(RECORD_CREDITS),
    )
    def test_summing_phrases_leading_clauses_asides_and_credits_to_ice_keep_a_counts_verdict(
        self, count, lead, subject, aside, credit
    ) -> None:
        words, verdict = count
        sentence = _count_sentence(lead, subject, aside, words, credit)

        assert _verdict(sentence, words) == verdict, sentence

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(count=st.sampled_from(COUNTS), subject=st.sampled_from(SUBJECTS), credit=st.sampled_from(OUTLET_CREDITS))
    def test_a_credit_to_another_outlet_turns_a_contradiction_into_a_needs_look_and_leaves_a_true_figure_alone(
        self, count, subject, credit
    ) -> None:
        words, verdict = count
        sentence = _count_sentence("", subject, "", words, credit)

        expected = "needs_look" if verdict == "contradiction" else verdict
        assert _verdict(sentence, words) == expected, sentence

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(count=st.sampled_from(COUNTS), subject=st.sampled_from(SUBJECTS), lead=st.sampled_from(LEADS[:4]))
    def test_denying_a_figure_turns_its_verdict_round(self, count, subject, lead) -> None:
        words, verdict = count
        opening = _cap(lead + subject) if lead else _cap(subject)
        sentence = f"{opening} did not carry {words}."

        expected = "consistent" if verdict == "contradiction" else "contradiction"
        assert _verdict(sentence, words) == expected, sentence

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        first=st.sampled_from(FIRSTS),
        lead=st.sampled_from(["", "When the plane left Texas, ", "According to ICE, ", "Officially, "]),
        aside=st.sampled_from(["", ", labeled as a \u201chigh-risk charter,\u201d", ", which carried 122 people,"]),
        credit=st.sampled_from(["", ", DHS said", ", according to the agency"]),
    )
    def test_firsts_and_ordinals_keep_their_verdict_around_asides_labels_and_credits(
        self, first, lead, aside, credit
    ) -> None:
        words, verdict = first
        opening = _cap(lead + "the flight") if lead else "The flight"
        sentence = f"{opening}{aside} was {words}{credit}."

        assert _verdict(sentence, words) == verdict, sentence

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        date=st.sampled_from(DATES),
        subject=st.sampled_from(["The flight", "The charter", "The plane"]),
        aside=st.sampled_from(["", ", carrying 122 people,", ", the sixth such flight since June 2024,"]),
        credit=st.sampled_from(["", ", ICE said", ", according to the agency"]),
    )
    def test_departure_dates_keep_their_verdict(self, date, subject, aside, credit) -> None:
        words, verdict = date
        sentence = f"{subject}{aside} left {words}{credit}."

        assert _verdict(sentence, words) == verdict, sentence

    def test_a_date_in_a_preposition_does_not_move_the_subject(self) -> None:
        plain = _verdict("The flight carried 122 people.", "122")

        for phrase in ("since June 2024", "after the January flight", "before the June 2024 flight",
                       "five months after the Jan. 6 flight"):  # fmt: skip
            sentence = f"The flight, the first {phrase} to leave from Dallas, carried 122 people."
            assert _verdict(sentence, "122") == plain, sentence
