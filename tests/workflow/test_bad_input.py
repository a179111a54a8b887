"""Bad input to the workflow's pages answers with a clear message or a 4xx, never a traceback, and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, ShareLink
from tests.demo_records import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(demo_flights) -> Article:
    return make_article(slug="bad-input-draft", body="Plain text.", cites=[], published=False)


def test_withdrawing_a_draft_is_refused_in_words(editor_client, draft):
    response = editor_client.post(reverse("admin:articles_article_withdraw", args=[draft.pk]), {"reason": "Why not."})
    assert response.status_code == 200
    assert "Only a story readers can see is withdrawn" in response.content.decode()
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_a_share_link_of_an_odd_length_is_refused(editor_client, draft):
    response = editor_client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"days": "365"}, follow=True
    )
    assert "Choose how long the link lasts" in response.content.decode()
    assert not ShareLink.objects.exists()
    assert editor_client.get(reverse("admin:articles_article_share", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("token", ["x", "a" * 2000, "eyJsaW5rIjoxfQ:1abc:def", "..%2F..%2Fetc"])
def test_garbage_share_tokens_are_refused(client, token):
    response = client.get(f"/articles/share/{token}/")
    assert response.status_code in {403, 404}
    assert "no-cache" in response.get("Cache-Control", "no-cache")


def test_unknown_versions_and_objects(editor_client, draft):
    restore = reverse("admin:articles_article_restore", args=[draft.pk])
    assert editor_client.post(restore, {"version": "h999999"}).status_code == 404
    assert editor_client.post(restore, {"version": ""}).status_code == 404
    assert editor_client.get(restore).status_code == 405
    compare = reverse("admin:articles_article_compare", args=[draft.pk])
    assert editor_client.get(compare, {"a": "nonsense", "b": "r-1"}).status_code == 200
    assert editor_client.get("/admin/articles/article/999999/history/").status_code in {302, 404}
    assert editor_client.get("/admin/articles/article/999999/withdraw/").status_code == 404
    assert editor_client.get("/admin/articles/article/abc/history/compare/").status_code in {302, 404}


def test_a_step_that_does_not_apply_is_explained_on_the_form(editor_client, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    data = {
        "headline": draft.headline,
        "slug": draft.slug,
        "dek": "",
        "body": draft.body,
        "lead_image_alt": "",
        "lead_image_credit": "",
        "cited_flights-TOTAL_FORMS": "0",
        "cited_flights-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "_unschedule": "Unschedule",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Nothing about this story is scheduled." in response.content.decode()
