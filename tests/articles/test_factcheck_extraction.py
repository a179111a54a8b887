"""What the reader takes from a sentence: counts with their nouns, dates, and claims of being first."""

from __future__ import annotations

import datetime

from articles.factcheck.reader import read_sentence
from articles.factcheck.statements import StatementKind
from articles.factcheck.text import Sentence, sentences_from_html


def _counts(text: str) -> list[tuple[int, str, str]]:
    return [
        (s.value, s.field, s.range.rule if s.range else "=")
        for s in read_sentence(Sentence(text), None)
        if s.kind == StatementKind.COUNT
    ]


def _dates(text: str, published: datetime.date | None = None) -> list[tuple[str, str, bool]]:
    return [
        (s.value[0].isoformat(), s.value[1].isoformat(), s.value[2])
        for s in read_sentence(Sentence(text), published)
        if s.kind == StatementKind.DATE
    ]


def test_counts_in_digits_and_words_with_the_noun_they_count():
    assert _counts("ICE removed 122 Chinese nationals, 96 men and twenty-six women.") == [
        (122, "passengers_total", "="),
        (96, "passengers_male", "="),
        (26, "passengers_female", "="),
    ]
    assert _counts("One hundred sixteen men and six women were aboard") == [
        (116, "passengers_male", "="),
        (6, "passengers_female", "="),
    ]
    assert _counts("one hundred and sixteen deportees") == [(116, "passengers_total", "=")]


def test_an_adjective_narrows_a_general_noun_and_qualifiers_are_kept():
    assert _counts("The charter carried 26 female detainees and more than 1,000 people") == [
        (26, "passengers_female", "="),
        (1000, "passengers_total", ">"),
    ]


def test_numbers_that_count_something_else_are_left_alone():
    found = read_sentence(Sentence("Two flights left in 2024; one of the men was 68 years old, aged 19 to 68."), None)

    assert [s for s in found if s.kind == StatementKind.COUNT] == []
    assert [(s.field, s.value) for s in found if s.kind == StatementKind.AGE] == [("age_min", 19), ("age_max", 68)]


def test_dates_as_reporters_write_them():
    assert _dates("It left on 3 June 2025.") == [("2025-06-03", "2025-06-03", True)]
    assert _dates("It left June 3.") == [("2000-06-03", "2000-06-03", False)]  # compared by month and day
    assert _dates("Flights on Jan. 6, 2025 and June 29\u201330, 2024") == [
        ("2025-01-06", "2025-01-06", True),
        ("2024-06-29", "2024-06-30", True),
    ]
    assert _dates("in late June 2024") == [("2024-06-01", "2024-06-30", True)]


def test_relative_dates_count_back_from_the_publish_date():
    tuesday = datetime.date(2024, 7, 2)
    assert _dates("It left over the weekend.", tuesday) == [("2024-06-29", "2024-06-30", True)]
    assert _dates("It left last week.", tuesday) == [("2024-06-24", "2024-06-30", True)]
    assert _dates("It left yesterday.", tuesday) == [("2024-07-01", "2024-07-01", True)]
    # "the weekend flight of June 2024" is no relative date.
    assert _dates("the weekend flight", tuesday) == []


def test_first_since_year_first_in_n_years_first_of_its_kind_and_the_last_was_in():
    published = datetime.date(2025, 6, 10)
    found = read_sentence(
        Sentence("The first such flight since 2018; the first in seven years; the first of its kind."), published
    )
    assert [(s.value, str(s.stance.polarity)) for s in found if s.kind == StatementKind.FIRST_SINCE] == [
        (2018, "affirmed"),
        (2018, "affirmed"),
        (None, "affirmed"),
    ]
    (denied,) = read_sentence(Sentence("It was not the first since 2018."), published)
    assert str(denied.stance.polarity) == "denied"
    (backwards,) = read_sentence(Sentence("The last time ICE flew deportees to China was in 2018."), published)[:1]
    assert (backwards.kind, backwards.value) == (StatementKind.FIRST_SINCE, 2018)


def test_values_from_citations_are_marked_and_footnote_numbers_dropped():
    html = (
        '<p>ICE removed <span class="citation">122<sup class="footnote-ref"><a href="#fn-1">1</a></sup></span>'
        " people.</p>"
    )

    (sentence,) = sentences_from_html(html)

    assert sentence.text == "ICE removed 122 people."
    (count,) = read_sentence(sentence, None)
    assert count.from_record


def test_sentences_do_not_break_after_abbreviations():
    html = "<p>U.S. Immigration and Customs Enforcement said on Jan. 6 it flew. Another one followed.</p>"

    assert [s.text for s in sentences_from_html(html)] == [
        "U.S. Immigration and Customs Enforcement said on Jan. 6 it flew.",
        "Another one followed.",
    ]


def test_counts_of_people_not_aboard_are_not_read():
    protest = Sentence("Twelve people were arrested at the protest outside the airport.")
    after_flight = Sentence("The group was made up of 116 men.", previous="ICE flew them to China on a charter.")

    assert [s for s in read_sentence(protest, None) if s.kind == StatementKind.COUNT] == []
    assert [s.value for s in read_sentence(after_flight, None)] == [116]
