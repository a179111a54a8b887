"""What the fact check reads in a sentence: counts with their nouns, dates, and claims of being first."""

from __future__ import annotations

import datetime

from articles.factcheck.extraction import find_counts, find_dates, find_firsts

from articles.factcheck.text import Sentence, sentences_from_html


def _counts(text: str) -> list[tuple[int, str, str]]:
    return [(m.value, m.field, m.qualifier) for m in find_counts(Sentence(text))]


def _dates(text: str, published: datetime.date | None = None) -> list[tuple[str, str, bool]]:
    return [(m.earliest.isoformat(), m.latest.isoformat(), m.has_year) for m in find_dates(Sentence(text), published)]


def test_counts_in_digits_and_words_with_the_noun_they_count():
    assert _counts("ICE removed 122 Chinese nationals, 96 men and twenty-six women.") == [
        (122, "passengers_total", ""),
        (96, "passengers_male", ""),
        (26, "passengers_female", ""),
    ]
    assert _counts("One hundred sixteen men and six women were aboard") == [
        (116, "passengers_male", ""),
        (6, "passengers_female", ""),
    ]
    assert _counts("one hundred and sixteen deportees") == [(116, "passengers_total", "")]


def test_an_adjective_narrows_a_general_noun_and_qualifiers_are_kept():
    assert _counts("The charter carried 26 female detainees and more than 1,000 people") == [
        (26, "passengers_female", ""),
        (1000, "passengers_total", "more than"),
    ]


def test_numbers_that_count_something_else_are_left_alone():
    assert _counts("Two flights left in 2024; one of the men was 68 years old, aged 19 to 68.") == []


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


def test_first_since_year_first_in_n_years_and_first_of_its_kind():
    published = datetime.date(2025, 6, 10)
    found = find_firsts(
        Sentence("The first such flight since 2018; the first in seven years; the first of its kind."), published
    )
    assert [(m.year, m.stance) for m in found] == [(2018, ""), (2018, ""), (None, "")]
    (denied,) = find_firsts(Sentence("It was not the first since 2018."))
    assert denied.stance == "negated"


def test_values_from_citations_are_marked_and_footnote_numbers_dropped():
    html = (
        '<p>ICE removed <span class="citation">122<sup class="footnote-ref"><a href="#fn-1">1</a></sup></span>'
        " people.</p>"
    )

    (sentence,) = sentences_from_html(html)

    assert sentence.text == "ICE removed 122 people."
    (count,) = find_counts(sentence)
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

    assert find_counts(protest) == []
    assert [m.value for m in find_counts(after_flight)] == [116]
