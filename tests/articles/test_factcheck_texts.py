"""The fact check on realistic texts (tests/articles/texts/), and on the demo stories the newsroom publishes."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from articles.factcheck import FindingKind, check_article, check_text
from articles.models import Article
from tests.demo_records import FOURTH, JAN_2025, JUNE_2024, JUNE_2025, NOV_2024, OCT_2024

TEXTS = Path(__file__).parent / "texts"
K = FindingKind


def _check(name: str, flights: list[str], published: datetime.date) -> list[tuple[str, str, str | None]]:
    findings = check_text((TEXTS / name).read_text(), flights, published)
    return [(f.kind, f.claimed, f.flight) for f in findings if not f.from_record]


@pytest.mark.django_db
def test_the_aggregators_story_two_wrong_counts_and_a_false_first(demo_flights):
    findings = _check("aggregator.md", [JUNE_2025], datetime.date(2025, 6, 10))

    assert [f for f in findings if f[0] != K.CONSISTENT] == [
        (K.CONTRADICTION, "116 men", JUNE_2025),
        (K.CONTRADICTION, "six women", JUNE_2025),
        (K.CONTRADICTION, "first such flight since 2018", JUNE_2025),  # "officials said": a source on record
    ]
    assert (K.CONSISTENT, "122 Chinese nationals", JUNE_2025) in findings
    assert (K.CONSISTENT, "June 3", JUNE_2025) in findings


@pytest.mark.django_db
def test_a_careful_wire_story_passes_even_where_it_names_other_flights(demo_flights):
    findings = _check("wire_story.md", [JUNE_2025], datetime.date(2025, 6, 10))

    assert {kind for kind, _, _ in findings} == {K.CONSISTENT}
    # "Last week", "Ninety-six men", "the first such flight since 2018" (about June 2024), "Jan. 6" (the previous one).
    assert (K.CONSISTENT, "last week", JUNE_2025) in findings
    assert (K.CONSISTENT, "Ninety-six men", JUNE_2025) in findings
    assert (K.CONSISTENT, "first such flight since 2018", JUNE_2024) in findings
    assert (K.CONSISTENT, "Jan. 6", JAN_2025) in findings


@pytest.mark.django_db
def test_a_2024_story_with_the_2025_figures_is_caught_as_a_mix_up(demo_flights):
    findings = check_text((TEXTS / "mixed_up_2024.md").read_text(), [JUNE_2024], datetime.date(2024, 7, 2))
    found = [(f.kind, f.claimed, f.flight) for f in findings]

    wrong = next(f for f in findings if f.claimed == "122 Chinese nationals")
    assert (wrong.kind, wrong.flight, wrong.flights) == (K.CONTRADICTION, JUNE_2024, [JUNE_2025])  # the mix-up named
    assert (K.CONSISTENT, "over the weekend", JUNE_2024) in found
    assert (K.CONSISTENT, "first large charter removal flight to the country since 2018", JUNE_2024) in found
    assert (K.CONSISTENT, "largest", JUNE_2024) in found
    # No record gives the June 2024 flight's men and women: June 2025's figures are unsupported there.
    assert (K.UNSUPPORTED, "96 men", JUNE_2024) in found and (K.UNSUPPORTED, "26 women", JUNE_2024) in found


@pytest.mark.django_db
def test_a_roundup_of_several_flights_pins_each_sentence_to_its_flight(demo_flights):
    findings = _check("roundup.md", [JAN_2025, JUNE_2024, OCT_2024, NOV_2024, FOURTH], datetime.date(2025, 1, 20))

    assert (K.UNSUPPORTED, "109 Chinese citizens", NOV_2024) in findings  # only an unconfirmed report says so
    assert (K.CONSISTENT, "in December", FOURTH) in findings  # the fourth flight's range covers December
    assert (K.CONSISTENT, "biggest", JUNE_2024) in findings
    # 116 was the June flight's count; no record gives October's, so the text is unsupported there, not wrong.
    assert (K.UNSUPPORTED, "116 deportees", OCT_2024) in findings
    assert not [f for f in findings if f[0] == K.CONTRADICTION]


@pytest.mark.django_db
def test_the_newsrooms_demo_stories_have_no_contradiction(demo):
    for article in Article.objects.all():
        findings = check_article(article)
        assert [f.message for f in findings if f.kind == K.CONTRADICTION] == [], article.slug
    # The June story repeats, as "some reports", a claim the records contradict: an editor must look at it.
    june = check_article(Article.objects.get(slug="ice-dallas-charter-china-june-2025"))
    assert [(f.kind, f.claimed) for f in june if f.kind == K.NEEDS_LOOK] == [
        (K.NEEDS_LOOK, "first of its kind in seven years")
    ]


@pytest.mark.django_db
def test_a_story_that_denies_a_false_claim_is_not_flagged_for_it(demo_flights):
    denied = check_text("The June 3 flight was not the first since 2018, whatever some reports said.", [JUNE_2025])
    quoted = check_text("One aggregator report said 116 men were aboard.", [JUNE_2025])

    assert [f.kind for f in denied if f.claimed == "first since 2018"] == [K.CONSISTENT]
    assert [f.kind for f in quoted] == [K.NEEDS_LOOK]
    assert quoted[0].reason.startswith("credited to One aggregator report")


@pytest.mark.django_db
def test_tricky_phrasings_are_read_as_a_reader_would(demo_flights):
    findings = _check("tricky.md", [JUNE_2025], datetime.date(2025, 6, 10))

    assert (K.CONSISTENT, "96 were men", JUNE_2025) in findings
    assert (K.CONSISTENT, "120 Chinese nationals", JUNE_2025) in findings  # "around 120"
    assert (K.CONSISTENT, "on Tuesday", JUNE_2025) in findings  # the Tuesday before June 10
    assert (K.CONSISTENT, "June 9", JUNE_2025) in findings  # the day ICE published its release
    assert not [f for f in findings if "Twelve" in f[1]]  # people arrested at a protest were never aboard
    # The sentence about the January flight is held to that flight, which has no count on record.
    assert (K.UNSUPPORTED, "122 people", JAN_2025) in findings
    # "Three women aboard told relatives..." is three of them doing something, not a count of all aboard.
    assert not [f for f in findings if "Three" in f[1]]
