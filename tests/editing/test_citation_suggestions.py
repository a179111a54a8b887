"""Unknown references get "did you mean …" suggestions, in the form's error on save and from the panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.citation_suggestions import reference_problems
from articles.citations import check_references
from tests.demo_records import JUNE_2024, JUNE_2025, OCT_2024

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        # A slug with a letter dropped, a word swapped, or the wrong suffix.
        (
            "{{ flight:2025-06-03-dalas-prc-shrc:passengers_female }}",
            f"{{{{ flight:{JUNE_2025}:passengers_female }}}}",
        ),
        ("{{ flight:2024-10-15-prc-chartr:passengers_total }}", f"{{{{ flight:{OCT_2024}:passengers_total }}}}"),
        ("{{ flight:2024-06-china-charter:departed }}", f"{{{{ flight:{JUNE_2024}:departed }}}}"),
        # A field by its label, a synonym, or a typo.
        (f"{{{{ flight:{JUNE_2025}:women }}}}", f"{{{{ flight:{JUNE_2025}:passengers_female }}}}"),
        (f"{{{{ flight:{JUNE_2025}:children }}}}", f"{{{{ flight:{JUNE_2025}:passengers_juvenile }}}}"),
        (f"{{{{ flight:{JUNE_2025}:pasengers_totl }}}}", f"{{{{ flight:{JUNE_2025}:passengers_total }}}}"),
        (f"{{{{ flight:{JUNE_2025}:airline }}}}", f"{{{{ flight:{JUNE_2025}:operator }}}}"),
        # A derived fact written as a flight field, and a fact misspelt.
        (f"{{{{ flight:{JUNE_2025}:previous_flight }}}}", f"{{{{ fact:{JUNE_2025}:previous_flight }}}}"),
        (f"{{{{ fact:{JUNE_2025}:largest_flights }}}}", f"{{{{ fact:{JUNE_2025}:largest_flight }}}}"),
        # Malformed: spaces for colons.
        (f"{{{{ flight {JUNE_2025} passengers_male }}}}", f"{{{{ flight:{JUNE_2025}:passengers_male }}}}"),
    ],
)
def test_a_mistaken_reference_suggests_what_was_meant(demo_flights, written, meant):
    (problem,) = reference_problems(f"Text before {written} and after.")
    assert meant in problem.suggestions, problem
    assert problem.sentence.endswith(f"did you mean {' or '.join(problem.suggestions)}?")


def test_nothing_close_suggests_nothing(demo_flights):
    (message,) = check_references("{{ flight:zzzz-qqqq:passengers_total }}")
    assert message == "{{ flight:zzzz-qqqq:passengers_total }}: no flight has the slug 'zzzz-qqqq'"


def test_the_admin_error_on_save_carries_the_suggestion(ana, demo_flights):
    data = {
        "headline": "Typo",
        "slug": "typo",
        "dek": "",
        "status": "draft",
        "body": "Women: {{ flight:2025-06-03-dallas-prc-shr:passengers_female }}.",
        "cited_flights-TOTAL_FORMS": "0",
        "cited_flights-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    response = ana.post(reverse("admin:articles_article_add"), data)
    html = response.content.decode()
    assert "no flight has the slug &#x27;2025-06-03-dallas-prc-shr&#x27;; did you mean " in html
    assert "did you mean {{ flight:2025-06-03-dallas-prc-shrc:passengers_female }}" in html


def test_the_panel_checks_references_as_json(ana, demo_flights):
    url = reverse("admin:articles_article_cite_check")
    answer = ana.post(url, {"body": f"{{{{ flight:{JUNE_2025}:women }}}} and {{{{ flight:{JUNE_2025}:age_min }}}}"})
    assert answer.json() == {
        "problems": [
            {
                "text": f"{{{{ flight:{JUNE_2025}:women }}}}",
                "message": f"{{{{ flight:{JUNE_2025}:women }}}}: 'women' is not a flight field; use one of "
                + ", ".join(__import__("flights.claim_fields").claim_fields.CLAIM_FIELDS),
                "suggestions": [f"{{{{ flight:{JUNE_2025}:passengers_female }}}}"],
            }
        ]
    }
