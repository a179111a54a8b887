"""The `{{ fact:SLUG:NAME }}` shortcode: rendered with a footnote, and checked like field citations."""

from __future__ import annotations

import pytest

from articles.citations import check_references
from articles.rendering import render_body
from tests.demo_records import JUNE_2025


@pytest.mark.django_db
def test_fact_shortcodes_render_values_with_footnotes_naming_flights_and_sources(demo_flights):
    body = (
        f"The previous flight left on {{{{ fact:{JUNE_2025}:previous_flight }}}}; it was one of "
        f"{{{{ fact:{JUNE_2025}:flights_that_year }}}} that year, and {{{{ flight:{JUNE_2025}:passengers_total }}}} "
        "people were aboard."
    )

    rendered = render_body(body)

    assert "Jan. 6, 2025" in rendered.html and "two" in rendered.html and "122" in rendered.html
    assert [n.number for n in rendered.footnotes] == [1, 2, 3]
    previous = rendered.footnotes[0]
    assert previous.anchor == f"/flights/{JUNE_2025}/#derived-facts"
    assert [c.source.publisher for c in previous.claims] == ["The Federal Newswire"]
    assert 'href="#fn-1"' in rendered.html


@pytest.mark.django_db
def test_unknown_fact_name_or_flight_is_an_error_the_editor_sees(demo_flights):
    problems = check_references(
        f"{{{{ fact:{JUNE_2025}:busiest_month }}}} and {{{{ fact:no-such-flight:previous_flight }}}} "
        f"and {{{{ fact:{JUNE_2025}:largest_flight }}}}"
    )

    assert len(problems) == 2
    assert "'busiest_month' is not a derived fact" in problems[0]
    assert "no flight has the slug 'no-such-flight'" in problems[1]


@pytest.mark.django_db
def test_a_fact_the_records_cannot_give_shows_as_unavailable(demo_flights):
    rendered = render_body("{{ fact:2024-06-prc-charter:previous_flight }}")

    assert "citation unavailable" in rendered.html
    assert rendered.footnotes == []


@pytest.mark.django_db
def test_article_page_shows_the_fact_and_a_footnote_to_its_sources(client, demo_flights):
    from tests.demo_records import make_article

    article = make_article(
        slug="previous", body=f"The previous flight left on {{{{ fact:{JUNE_2025}:previous_flight }}}}.", cites=[]
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "The previous flight left on" in html and "Jan. 6, 2025" in html
    notes = html[html.index("Where the numbers come from") :]
    assert "Date of the previous removal flight to the same country" in notes
    assert f'href="/flights/{JUNE_2025}/#derived-facts"' in notes
    assert "The Federal Newswire" in notes
