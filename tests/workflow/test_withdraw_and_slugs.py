"""Issue 9: withdrawing answers 410 with the reason; published stories are never deleted; old slugs answer 301."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, PublishedArticleProtected, SlugRedirect
from articles.services import publish_article
from articles.workflow import save_draft_revision, withdraw_article
from tests.demo_records import JUNE_2025, make_article
from tests.workflow.test_publish_path import change_form

pytestmark = pytest.mark.django_db

BODY = f"The flight carried {{{{ flight:{JUNE_2025}:passengers_total }}}} people."
REASON = "The story relied on a manifest we could not authenticate. We are reporting it again."


@pytest.fixture
def story(demo_flights) -> Article:
    return make_article(slug="manifest-story", headline="What the manifest shows", body=BODY, cites=[])


def test_withdrawing_needs_a_public_reason(editor_client, story):
    url = reverse("admin:articles_article_withdraw", args=[story.pk])
    response = editor_client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert Article.objects.get(pk=story.pk).status == Article.Status.PUBLISHED


def test_a_withdrawn_story_answers_410_with_its_reason_and_is_never_cached(client, editor_client, story):
    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "Withdraw…" in page
    response = editor_client.post(reverse("admin:articles_article_withdraw", args=[story.pk]), {"reason": REASON})
    assert response.status_code == 302

    gone = client.get(story.get_absolute_url())
    assert gone.status_code == 410
    html = gone.content.decode()
    assert "This story was withdrawn" in html and "could not authenticate" in html
    assert "What the manifest shows" in html
    assert "no-cache" in gone["Cache-Control"] and "max-age=0" in gone["Cache-Control"]
    assert "public" not in gone["Cache-Control"]
    # It leaves the lists and the feed.
    assert "manifest-story" not in client.get(reverse("articles:list")).content.decode()
    assert "manifest-story" not in client.get("/feed/").content.decode()
    stored = Article.objects.get(pk=story.pk)
    step = stored.workflow_steps.get(action="withdrawn")
    assert step.note == REASON and step.by.username == "editor" and stored.withdrawn_at is not None


def test_a_withdrawn_story_can_be_published_again(client, story):
    withdraw_article(article=story, by=None, reason=REASON)
    publish_article(article=story)
    assert client.get(story.get_absolute_url()).status_code == 200
    assert Article.objects.get(pk=story.pk).withdrawal_reason == ""


def test_published_stories_cannot_be_deleted_by_code_either(story):
    with pytest.raises(PublishedArticleProtected):
        Article.objects.get(pk=story.pk).delete()
    with pytest.raises(PublishedArticleProtected):
        Article.objects.filter(pk=story.pk).delete()
    withdraw_article(article=story, by=None, reason=REASON)
    with pytest.raises(PublishedArticleProtected):
        Article.objects.filter(pk=story.pk).delete()
    assert Article.objects.filter(pk=story.pk).exists()


def test_an_old_slug_answers_301_to_the_new_address(client, editor_client, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    editor_client.post(url, change_form(story, slug="manifest-questions"))
    # A live story's new slug waits with its revision: the old address still serves the story.
    assert client.get("/articles/manifest-story/").status_code == 200
    editor_client.post(url, change_form(story, slug="manifest-questions", _publish="Publish revision"))

    moved = client.get("/articles/manifest-story/")
    assert moved.status_code == 301 and moved["Location"] == "/articles/manifest-questions/"
    assert client.get("/articles/manifest-questions/").status_code == 200

    # A second change: both old addresses go straight to the newest one.
    save_draft_revision(article=story, by=None, content={"slug": "manifest-answers"})
    publish_article(article=story)
    assert client.get("/articles/manifest-story/")["Location"] == "/articles/manifest-answers/"
    assert client.get("/articles/manifest-questions/")["Location"] == "/articles/manifest-answers/"
    # Going back to a former slug takes it back from the redirects.
    save_draft_revision(article=story, by=None, content={"slug": "manifest-story"})
    publish_article(article=story)
    assert client.get("/articles/manifest-story/").status_code == 200
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {"manifest-questions", "manifest-answers"}


def test_a_drafts_slug_changes_leave_no_redirect(client, editor_client, demo_flights):
    draft = make_article(slug="working-title", body=BODY, cites=[], published=False)
    editor_client.post(reverse("admin:articles_article_change", args=[draft.pk]), change_form(draft, slug="final"))
    assert Article.objects.get(pk=draft.pk).slug == "final"
    assert not SlugRedirect.objects.exists()
    assert client.get("/articles/working-title/").status_code == 404


def test_an_old_slug_of_a_withdrawn_story_leads_to_the_410(client, story):
    save_draft_revision(article=story, by=None, content={"slug": "renamed"})
    publish_article(article=story)
    withdraw_article(article=story, by=None, reason=REASON)
    assert client.get("/articles/manifest-story/")["Location"] == "/articles/renamed/"
    assert client.get("/articles/renamed/").status_code == 410


def test_a_withdrawn_story_corrected_then_published_again_keeps_its_date(client, editor_client, story):
    first_published = Article.objects.get(pk=story.pk).published_at
    withdraw_article(article=story, by=None, reason=REASON)
    url = reverse("admin:articles_article_change", args=[story.pk])
    fixed = story.body + " We have since authenticated the manifest."
    editor_client.post(url, change_form(story, body=fixed))
    assert client.get(story.get_absolute_url()).status_code == 410  # still withdrawn while the fix waits

    response = editor_client.post(url, change_form(story, body=fixed, _publish="Publish again"))

    assert response.status_code == 302
    stored = Article.objects.get(pk=story.pk)
    assert stored.is_public and stored.body == fixed and stored.published_at == first_published
    assert stored.draft_revision is None and stored.withdrawal_reason == ""
    assert "authenticated the manifest" in client.get(story.get_absolute_url()).content.decode()
