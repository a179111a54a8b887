"""The editors' admin: every model is there, lists stay cheap, citations and claims are checked on save."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article
from flights.models import Claim, Flight
from tests.conftest import JUNE_2025, JUNE_2025_STORY

pytestmark = pytest.mark.django_db

OUR_APPS = ["flights", "articles"]
BAD_BODY = (
    "Aboard: {{ flight:no-such-flight:passengers_total }} and "
    + f"{{{{ flight:{JUNE_2025}:colour }}}}"
    + " and {{ flight }}"
)


def test_every_model_is_registered():
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue  # history is shown on each object's history page
            assert admin.site.is_registered(model), model


@pytest.mark.parametrize(
    "model", ["flight", "claim", "source", "airport", "operator", "article", "author", "topic", "correction"]
)
def test_changelists_load_with_a_fixed_number_of_queries(editor_client, demo, model, django_assert_max_num_queries):
    app = "articles" if model in {"article", "author", "topic", "correction"} else "flights"
    url = reverse(f"admin:{app}_{model}_changelist")
    # The content type is read once per process and then kept (ContentTypeManager's cache): whether an earlier
    # test in the same worker had read it made this 13 or 14 queries. It is counted each time.
    ContentType.objects.clear_cache()
    # 14, of which 3 renew the session's idle timeout by saving it on every request (SESSION_SAVE_EVERY_REQUEST)
    # and 1 is the content type.
    with django_assert_max_num_queries(14):
        response = editor_client.get(url)
    assert response.status_code == 200


def article_form(**fields: str) -> dict[str, str]:
    """The add-article form as an editor submits it, with no inline rows."""
    empty_inlines = {
        "cited_flights-TOTAL_FORMS": "0",
        "cited_flights-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    return {"dek": "", "status": "draft", **empty_inlines, **fields}


def test_article_with_an_unknown_citation_is_refused_naming_it(editor_client, demo):
    url = reverse("admin:articles_article_add")
    response = editor_client.post(url, article_form(headline="Bad", slug="bad", body=BAD_BODY))
    assert response.status_code == 200
    html = response.content.decode()
    assert "no flight has the slug &#x27;no-such-flight&#x27;" in html
    assert "&#x27;colour&#x27; is not a flight field" in html
    assert "is not a citation" in html
    assert not Article.objects.filter(slug="bad").exists()


def test_saving_an_article_links_the_flights_its_body_cites(editor_client, demo):
    body = f"Aboard: {{{{ flight:{JUNE_2025}:passengers_total }}}}"
    url = reverse("admin:articles_article_add")
    response = editor_client.post(url, article_form(headline="Good", slug="good", _publish="Publish", body=body))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="good")
    assert article.published_at is not None  # publishing without a time means now
    assert list(article.flights.values_list("slug", flat=True)) == [JUNE_2025]


def test_a_value_backed_by_an_accepted_claim_cannot_be_overwritten_by_hand(editor_client, demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    response = editor_client.get(url)
    form = response.context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(
        {
            "slug": flight.slug,
            "kind": flight.kind,
            "departed_earliest": "2025-06-03",
            "departed_latest": "2025-06-03",
            "destination_country": "CN",
            "nationality": "CN",
            "passengers_total": "150",
            "passengers_male": "96",
            "passengers_female": "26",
            "age_min": "19",
            "age_max": "68",
            "all_final_orders": "true",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
            "legs-TOTAL_FORMS": "0",
            "legs-INITIAL_FORMS": "0",
        }
    )
    data = {k: v for k, v in data.items() if k not in {"origin", "destination", "operator"} or v}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "backed by an accepted claim" in response.content.decode()
    flight.refresh_from_db()
    assert flight.passengers_total == 122


def test_view_on_site_opens_the_preview_for_drafts(editor_client, demo):
    draft = Article.objects.get(slug="fourth-china-charter-what-we-know")
    html = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert reverse("articles:preview", kwargs={"pk": draft.pk}) in html
    published = Article.objects.get(slug=JUNE_2025_STORY)
    html = editor_client.get(reverse("admin:articles_article_change", args=[published.pk])).content.decode()
    assert published.get_absolute_url() in html


def _accept(client, claim: Claim):
    """The accept action as an editor uses it, confirming the update notes when the admin asks first."""
    url = reverse("admin:flights_claim_changelist")
    response = client.post(url, {"action": "accept_selected", "_selected_action": [claim.pk]}, follow=True)
    html = response.content.decode()
    if "Confirm the change and its update notes" in html:
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        data: dict[str, list[str]] = {}
        for name, value in hidden:
            data.setdefault(name, []).append(value)
        response = client.post(url, data, follow=True)
    return response


def test_accept_action_sets_the_flights_value_or_says_why_not(editor_client, demo):
    women = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="knowhere-2025-06")
    men = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_male", source__slug="knowhere-2025-06")
    response = _accept(editor_client, women)
    assert "Accepted 1 claim" in response.content.decode()
    assert Flight.objects.get(slug=JUNE_2025).passengers_female == 6
    # 116 men and 6 women fit in 122 people; putting the 26 women back would make 142, so it is refused.
    response = _accept(editor_client, men)
    assert Flight.objects.get(slug=JUNE_2025).passengers_male == 116
    ice_women = Claim.objects.get(flight__slug=JUNE_2025, field="passengers_female", source__slug="ice-2025-06-09")
    response = _accept(editor_client, ice_women)
    assert "breaks the record" in response.content.decode()
    assert Flight.objects.get(slug=JUNE_2025).passengers_female == 6


def test_flight_list_filters_by_year_and_searches_by_slug(editor_client, demo):
    url = reverse("admin:flights_flight_changelist")
    html = editor_client.get(url, {"year": "2024"}).content.decode()
    assert "2024-10-15-prc-charter" in html and "2025-06-03-dallas-prc-shrc" not in html
    html = editor_client.get(url, {"q": "dallas"}).content.decode()
    assert "2025-06-03-dallas-prc-shrc" in html and "2024-10-15-prc-charter" not in html


def test_a_claim_saved_as_accepted_in_the_admin_sets_the_flights_value(editor_client, demo):
    flight = Flight.objects.get(slug="2024-10-15-prc-charter")
    source_pk = Claim.objects.filter(source__slug="dhs-2024-10-17").first().source_id
    url = reverse("admin:flights_claim_add")
    data = {
        "flight": flight.pk,
        "field": "passengers_total",
        "value": " 104 ",
        "source": source_pk,
        "status": "accepted",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302
    flight.refresh_from_db()
    assert flight.passengers_total == 104
    bad = editor_client.post(url, {**data, "field": "passengers_male", "value": "lots"})
    assert "not a whole number" in bad.content.decode()
