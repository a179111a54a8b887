"""A verdict as sure as its reading: a wrong figure read with no inferred step is a contradiction; the same wrong
figure read through an inferred step (the flight, the count's noun, a bare figure's field, an approximation's width)
is a needs-a-look whose reason names the doubt. Both block publishing. The sentences are our own."""

from __future__ import annotations

import datetime

import pytest

from articles.factcheck import FindingKind, check_text
from articles.factcheck.statements import Step
from tests.demo_records import JUNE_2025

PUBLISHED = datetime.date(2025, 6, 10)


# The demo records, restored per test from the session's snapshot (tests/snapshots.py): the same rows
# load_demo_records makes, without running every claim through the services again (about a second a test).
pytestmark = pytest.mark.usefixtures("demo_flights")


def _finding(text: str, claimed: str):
    findings = [f for f in check_text(text, [JUNE_2025], PUBLISHED) if f.claimed == claimed]
    assert findings, f"no finding for {claimed!r}"
    return findings[0]


# The June 3, 2025 flight: 122 aboard, 96 men and 26 women (ICE's release), left on June 3; the Nov. 16, 2024
# flight is the third of the series, the Jan. 6, 2025 flight the one before the June 2025 flight.
@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("The flight carried 96 men and 40 women.", "40 women"),
        ("In total, the flight carried 116 men and six women.", "116 men"),
        ("Officials counted 140 people.", "140 people"),
        ("The flight left on June 5.", "June 5"),
        ("About 60 people were aboard.", "60 people"),
    ],
)
def test_a_wrong_figure_read_with_no_inferred_step_is_a_contradiction(text: str, claimed: str) -> None:
    finding = _finding(text, claimed)

    assert finding.kind == FindingKind.CONTRADICTION
    assert finding.statement is not None and finding.statement.certain and finding.reason == ""


@pytest.mark.parametrize(
    ("text", "claimed", "step", "words"),
    [
        # The noun is not next to the figure: "40" takes "men" from the count before it (it means women).
        ("The flight carried 96 men, with the rest — 40 — women.", "40", Step.NOUN, "no noun is written"),
        # A bare figure after a colon answers the sentence before, in its order: a guessed field.
        ("The flight carried 116 men and six women. ICE: 96 and 30.", "30", Step.FIELD, "bare figure"),
        # The flight is the one the sentence before named, not the story's: an inferred subject.
        ("The June 2024 flight carried 116 men. Officials counted 140 people.", "140 people", Step.SUBJECT,
         "carried over"),
        # An ordinal and "previous" pick another flight by counting the series.
        ("The third flight left on Nov. 18.", "Nov. 18", Step.SUBJECT, "number 3"),
        ("The previous charter left on Jan. 9.", "Jan. 9", Step.SUBJECT, "'previous'"),
        # 122 is outside "about 110" (99 to 121) only by the width read into "about".
        ("About 110 people were aboard.", "110 people", Step.CONVERSION, "approximation"),
    ],
)  # fmt: skip
def test_the_same_wrong_figure_read_through_an_inferred_step_needs_a_look_naming_the_doubt(
    text: str, claimed: str, step: Step, words: str
) -> None:
    finding = _finding(text, claimed)

    assert finding.kind == FindingKind.NEEDS_LOOK and finding.blocking
    assert "the reading is not certain" in finding.reason and words in finding.reason
    doubts = finding.statement.doubts if finding.statement else ()
    assert step in {d.step for d in doubts} or step == Step.CONVERSION  # a comparison's doubt is on its outcome
    assert finding.as_json()["statement"]["doubts"] or step == Step.CONVERSION


def test_a_doubt_does_not_change_a_figure_the_records_support() -> None:
    assert _finding("The flight carried 116 men, with the rest — 26 — women.", "26").kind != FindingKind.CONTRADICTION
    assert _finding("The flight carried 90 men and 20 women. ICE: 96 and 26.", "26").kind == FindingKind.CONSISTENT


def test_the_seed_sentence_stays_a_contradiction_naming_the_ice_release() -> None:
    for claimed, recorded in (("116 men", "96"), ("six women", "26")):
        finding = _finding("In total, the flight carried 116 men and six women.", claimed)
        assert (finding.kind, finding.recorded) == (FindingKind.CONTRADICTION, recorded)
        assert "U.S. Immigration and Customs Enforcement" in (finding.source or "")


def test_an_ordinal_a_flight_of_uncertain_date_allows_says_which_numbers_the_records_allow() -> None:
    """One demo flight is known only to a range of days around the new year, so the June 2025 flight is the second
    or the third of 2025: "second" holds, and the finding says why rather than naming the third alone."""
    for text, claimed in (
        ("It was the second such flight this year.", "second such flight"),
        ("It was the third such flight this year.", "third such flight"),
    ):
        finding = _finding(text, claimed)
        assert finding.kind == FindingKind.CONSISTENT, text
        assert "removal flight number 2 or 3 to China in the records since Jan. 1, 2025" in finding.message, text
    assert _finding("It was the fifth such flight this year.", "fifth such flight").kind == FindingKind.CONTRADICTION
