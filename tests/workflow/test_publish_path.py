"""Issue 8: one publish path. The admin publishes through articles.services.publish_article and its one check."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article
from tests.demo_records import JUNE_2024, JUNE_2025, demo_flights, make_article  # noqa: F401

pytestmark = pytest.mark.django_db

# Cites the June 2024 flight first in its list, but is about the June 2025 flight (cited most in the body):
# "the first such flight since 2018" is true of June 2024 and false of June 2025.
TWO_FLIGHTS = (
    f"The charter carried {{{{ flight:{JUNE_2025}:passengers_total }}}} people and left on "
    f"{{{{ flight:{JUNE_2025}:departed }}}}. It was the first such flight since 2018. "
    f"A year earlier, {{{{ flight:{JUNE_2024}:passengers_total }}}} people were flown to China."
)


def change_form(article: Article, **changes: str) -> dict[str, str]:
    return {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "status": "published",
        "body": article.body,
        "factcheck_override_reason": "",
        "lead_image_alt": "",
        "lead_image_credit": "",
        "cited_flights-TOTAL_FORMS": "0",
        "cited_flights-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_contradiction_the_panel_shows_blocks_publishing_through_the_admin(editor_client, demo_flights):
    article = make_article(
        slug="two-flights", body=TWO_FLIGHTS, cites=[demo_flights[JUNE_2024], demo_flights[JUNE_2025]], published=False
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(url).content.decode()
    panel = page[page.index('class="factcheck"') :]
    assert "<strong>1</strong> contradiction" in panel

    response = editor_client.post(url, change_form(article))

    assert response.status_code == 200
    assert "contradiction" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
