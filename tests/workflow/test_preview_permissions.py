"""Issue 13: the staff preview checks the article's view permission; staff without it read nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare_staff_client(client):
    user = get_user_model().objects.create_user("intern", "intern@example.org", "a-long-test-password", is_staff=True)
    client.force_login(user)
    return client


def test_staff_without_permissions_cannot_preview_a_draft(bare_staff_client):
    draft = Article.objects.create(headline="Secret draft", slug="secret-draft", body="Embargoed until Monday.")

    response = bare_staff_client.get(reverse("articles:preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 403
    assert b"Embargoed until Monday" not in response.content


def test_staff_without_permissions_cannot_preview_a_scheduled_story(bare_staff_client, editor):
    from articles.services import publish_article

    story = Article.objects.create(
        headline="Embargoed story",
        slug="embargoed",
        body="Not before noon.",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    publish_article(article=story)

    response = bare_staff_client.get(reverse("articles:preview", kwargs={"pk": story.pk}))

    assert response.status_code == 403
    assert b"Not before noon" not in response.content
