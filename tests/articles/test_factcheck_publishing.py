"""Publishing is refused while the fact check finds contradictions, unless an editor records why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from articles.services import PublishRefused, publish_article
from tests.demo_records import JUNE_2025, make_article

WRONG = "The June 3 flight carried 116 men and six women."
RIGHT = f"The June 3 flight carried {{{{ flight:{JUNE_2025}:passengers_male }}}} men and 26 women."


def _draft(demo_flights, body: str, slug: str = "story") -> Article:
    return make_article(slug=slug, body=body, cites=[demo_flights[JUNE_2025]], published=False)


@pytest.mark.django_db
def test_publishing_a_story_that_contradicts_the_records_is_refused_naming_the_source(demo_flights):
    article = _draft(demo_flights, WRONG)

    with pytest.raises(PublishRefused) as refused:
        publish_article(article=article)

    messages = " ".join(refused.value.messages)
    assert "2 contradiction(s)" in messages
    assert "not 116" in messages and "not 6" in messages
    assert "U.S. Immigration and Customs Enforcement" in messages
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.django_db
def test_an_override_reason_publishes_and_stays_in_the_articles_history(demo_flights):
    article = _draft(demo_flights, WRONG)

    publish_article(article=article, override_reason="Quoting the aggregator's figures to debunk them.")

    article.refresh_from_db()
    assert article.is_public
    latest, before = article.history.order_by("-history_date", "-history_id")[:2]
    assert latest.factcheck_override_reason == "Quoting the aggregator's figures to debunk them."
    assert latest.status == "published" and before.status == "draft"


@pytest.mark.django_db
def test_a_story_that_agrees_with_the_records_publishes_without_a_reason(demo_flights):
    article = publish_article(article=_draft(demo_flights, RIGHT))

    assert article.is_public and article.factcheck_override_reason == ""


def _post(editor_client, article: Article, publish: bool = True, **changes: str):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": "",
        "_publish": "Publish",
        "body": article.body,
        "override_reason": "",
        "lead_image_alt": "",
        "lead_image_credit": "",
        "cited_flights-TOTAL_FORMS": "0",
        "cited_flights-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        **changes,
    }
    if not publish:
        del data["_publish"]  # the plain Save button
    return editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


@pytest.mark.django_db
def test_admin_refuses_to_publish_with_contradictions_and_says_what_they_are(editor_client, demo_flights):
    article = _draft(demo_flights, WRONG)

    response = _post(editor_client, article)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The fact check found 2 contradiction(s)" in html
    assert "record why it is published anyway" in html
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.django_db
def test_admin_publishes_with_an_override_reason(editor_client, demo_flights):
    article = _draft(demo_flights, WRONG)

    response = _post(editor_client, article, override_reason="Figures attributed to KnowHere on purpose.")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.history.first().factcheck_override_reason == "Figures attributed to KnowHere on purpose."


@pytest.mark.django_db
def test_admin_saves_drafts_with_contradictions(editor_client, demo_flights):
    article = _draft(demo_flights, WRONG)

    response = _post(editor_client, article, publish=False, body=WRONG + " More to come.")

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).body.endswith("More to come.")


@pytest.mark.django_db
def test_change_page_shows_the_findings_with_record_and_source(editor_client, demo_flights):
    article = _draft(demo_flights, WRONG + " It was the first such flight since 2018.")

    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    panel = html[html.index('class="factcheck"') :]
    assert "<strong>3</strong> contradiction" in panel
    assert "2024-06-prc-charter" in panel  # 116 and "since 2018" belong to June 2024: the likely mix-up is named
    assert "not 116" in panel and "not 6" in panel
    assert "2024-fourth-prc-charter" in panel
    assert "ICE Dallas leads DHS effort" in panel
