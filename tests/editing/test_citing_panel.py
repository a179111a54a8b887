"""The "Cite a record" search and the "Check now" fact check, over HTTP as the panel's script calls them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.demo_records import JUNE_2024, JUNE_2025, NOV_2024, OCT_2024

pytestmark = pytest.mark.django_db


def _search(client, q: str) -> list[str]:
    answer = client.get(reverse("admin:articles_article_cite_search"), {"q": q}).json()
    return [f["slug"] for f in answer["flights"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2025-06-03", [JUNE_2025]),
        ("June 3, 2025", [JUNE_2025]),
        ("3 June 2025", [JUNE_2025]),
        ("jun 2025", [JUNE_2025]),
        ("Oct. 15", [OCT_2024]),
        ("2024-06", [JUNE_2024]),
        ("dallas", [JUNE_2025]),
        ("Dallas China", [JUNE_2025]),
        ("november 2024", [NOV_2024, "2024-fourth-prc-charter"]),
        ("prc-charter", None),  # a slug fragment: every charter whose slug has it
        ("guatemala", []),
    ],
)
def test_search_finds_flights_by_date_place_country_or_slug(ana, demo_flights, query, expected):
    found = _search(ana, query)
    if expected is None:
        assert len(found) >= 4 and all("prc-charter" in slug for slug in found)
    else:
        assert sorted(found) == sorted(expected), (query, found)


def test_by_country_every_flight_there(ana, demo_flights):
    assert len(_search(ana, "China")) == 6 and len(_search(ana, "CN")) == 6


def test_each_field_shows_its_value_source_and_shortcode(ana, demo_flights):
    answer = ana.get(reverse("admin:articles_article_cite_search"), {"q": JUNE_2025}).json()
    (flight,) = answer["flights"]
    women = next(f for f in flight["fields"] if f["name"] == "passengers_female")
    assert women == {
        "name": "passengers_female",
        "label": "women",
        "value": "26",
        "source": "U.S. Immigration and Customs Enforcement (primary)",
        "shortcode": f"{{{{ flight:{JUNE_2025}:passengers_female }}}}",
    }
    juveniles = next(f for f in flight["fields"] if f["name"] == "passengers_juvenile")
    assert juveniles["value"] == "not reported" and juveniles["source"] == "no source yet"
    largest = next(f for f in flight["facts"] if f["name"] == "largest_flight_passengers")
    assert largest["shortcode"] == f"{{{{ fact:{JUNE_2025}:largest_flight_passengers }}}}" and largest["value"] == "122"


def test_the_endpoints_need_a_login_and_permission(client, demo_flights):
    url = reverse("admin:articles_article_cite_search")
    assert client.get(url, {"q": "dallas"}).status_code == 302  # to the login page
    staff = get_user_model().objects.create_user("intern", password="a-long-test-password", is_staff=True)
    intern = Client()
    intern.force_login(staff)
    assert intern.get(url, {"q": "dallas"}).status_code == 403
    assert intern.post(reverse("admin:articles_article_check_now"), {"body": "x"}).status_code == 403


def test_check_now_lists_problems_first_and_folds_consistent_findings(ana, demo_flights):
    url = reverse("admin:articles_article_check_now")
    html = ana.post(
        url,
        {
            "headline": "Charter to China",
            "dek": "",
            "body": "ICE said 116 men and 26 women were aboard the June 3, 2025 flight.",
            "cited": [str(demo_flights[JUNE_2025].pk)],
            "published_on": "2025-06-10",
        },
    ).content.decode()
    assert "To look at before publishing" in html
    problems, _, folded = html.partition("<details")
    assert "116" in problems and "contradiction" in problems
    assert "consistent with the records" in folded and "26" in folded
    # Nothing was saved.
    from articles.models import Article

    assert not Article.objects.exists()


def test_check_now_with_nothing_to_check_and_a_broken_citation(ana, demo_flights):
    url = reverse("admin:articles_article_check_now")
    html = ana.post(
        url, {"headline": "Hello", "body": "A quiet day. {{ flight:nope:passengers_total }}"}
    ).content.decode()
    assert "Nothing in the text for the records to check." in html
    assert "no flight has the slug &#x27;nope&#x27;" in html


def test_unknown_kinds_from_the_fact_check_render_as_problems(ana):
    from articles.admin_citing import findings_context
    from articles.factcheck import Finding, FindingKind

    odd = Finding(kind="needs a look", sentence="s", claimed="c", message="m")  # type: ignore[arg-type]
    new = Finding(kind="some future kind", sentence="s", claimed="c", message="m")  # type: ignore[arg-type]
    fine = Finding(kind=FindingKind.CONSISTENT, sentence="s", claimed="c", message="m")
    bad = Finding(kind=FindingKind.CONTRADICTION, sentence="s", claimed="c", message="m")
    context = findings_context([fine, new, odd, bad])
    assert [str(f.kind) for f in context["problems"]] == ["contradiction", "needs a look", "some future kind"]
    assert context["fine"] == [fine]


def test_the_article_form_has_the_panel_and_the_button(ana, demo_flights):
    html = ana.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="cite-record-query"' in html and 'id="check-now-button"' in html
    assert "js/admin/cite-record.js" in html
    assert "<script>" not in html.split("<body")[1].replace("<script src", "")  # no inline script
