"""Issue 9: each role tries, through the admin over HTTP, what it must not do; it is refused and nothing changes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, ArticleRevision, ShareLink, WorkflowStep
from flights.models import Flight
from tests.demo_records import JUNE_2025, make_article
from tests.workflow.conftest import client_for
from tests.workflow.test_publish_path import change_form

pytestmark = pytest.mark.django_db

CLEAN_BODY = f"The charter carried {{{{ flight:{JUNE_2025}:passengers_total }}}} people."


def snapshot(article: Article) -> tuple:
    article = Article.objects.get(pk=article.pk)
    return (
        article.headline,
        article.body,
        article.status,
        article.published_at,
        article.revisions.count(),
        article.workflow_steps.count(),
    )


@pytest.fixture
def stories(demo_flights, reporter, other_reporter):
    """Rita's draft, Omar's draft, Omar's published story, and a published story Rita started."""
    mine = make_article(slug="ritas-draft", body=CLEAN_BODY, cites=[], published=False, created_by=reporter)
    others_draft = make_article(
        slug="omars-draft", body=CLEAN_BODY, cites=[], published=False, created_by=other_reporter
    )
    others_live = make_article(slug="omars-story", body=CLEAN_BODY, cites=[], created_by=other_reporter)
    mine_live = make_article(slug="ritas-story", body=CLEAN_BODY, cites=[], created_by=reporter)
    return {"mine": mine, "others_draft": others_draft, "others_live": others_live, "mine_live": mine_live}


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


# -- reporter ----------------------------------------------------------------------------------------------------


def test_a_reporter_writes_a_draft_and_submits_it_for_review(client, reporter, demo_flights):
    rita = client_for(type(client), reporter)
    response = rita.post(
        reverse("admin:articles_article_add"),
        change_form(Article(headline="New charter", slug="new-charter", body=CLEAN_BODY), _submit_review="Submit"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="new-charter")
    assert article.status == Article.Status.IN_REVIEW and article.created_by == reporter
    steps = list(article.workflow_steps.order_by("at", "pk").values_list("action", "by__username"))
    assert steps == [("created", "rita"), ("submitted", "rita")]
    # The change page shows the steps with who took them, and offers a reporter no Publish button.
    html = rita.get(change_url(article)).content.decode()
    assert "Submitted for review</strong> by rita" in html
    assert 'name="_publish"' not in html


def test_a_reporter_cannot_publish_their_own_draft(client, reporter, stories):
    rita = client_for(type(client), reporter)
    before = snapshot(stories["mine"])

    response = rita.post(change_url(stories["mine"]), change_form(stories["mine"], body="Changed.", _publish="Publish"))

    assert response.status_code == 403
    assert snapshot(stories["mine"]) == before


def test_a_reporter_cannot_schedule(client, reporter, stories):
    rita = client_for(type(client), reporter)
    before = snapshot(stories["mine"])
    form = change_form(stories["mine"], published_at_0="2099-01-01", published_at_1="09:00:00", _publish="Publish")

    assert rita.post(change_url(stories["mine"]), form).status_code == 403
    assert snapshot(stories["mine"]) == before
    # The publish time is not even a field a reporter can fill in.
    html = rita.get(change_url(stories["mine"])).content.decode()
    assert 'name="published_at_0"' not in html


def test_a_reporter_cannot_withdraw(client, reporter, stories):
    rita = client_for(type(client), reporter)
    url = reverse("admin:articles_article_withdraw", args=[stories["mine_live"].pk])
    before = snapshot(stories["mine_live"])

    assert rita.get(url).status_code == 403
    assert rita.post(url, {"reason": "I changed my mind."}).status_code == 403
    assert snapshot(stories["mine_live"]) == before
    assert client.get(stories["mine_live"].get_absolute_url()).status_code == 200


def test_a_reporter_cannot_edit_others_stories(client, reporter, stories):
    rita = client_for(type(client), reporter)
    for story in (stories["others_live"], stories["others_draft"]):
        before = snapshot(story)
        response = rita.post(change_url(story), change_form(story, headline="Rewritten by Rita"))
        assert response.status_code == 403
        assert snapshot(story) == before
        # She can read it, without a save button.
        page = rita.get(change_url(story))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()


def test_a_reporters_edit_of_her_live_story_waits_for_an_editor(client, reporter, stories):
    rita = client_for(type(client), reporter)
    story = stories["mine_live"]
    response = rita.post(change_url(story), change_form(story, headline="A better headline"))
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).headline == story.headline  # readers still see the published text
    assert story.revisions.get().headline == "A better headline"
    before = snapshot(story)
    assert rita.post(change_url(story), change_form(story, _publish="Publish")).status_code == 403
    assert snapshot(story) == before


def test_a_reporter_cannot_delete_restore_or_share_others_stories(client, reporter, stories):
    rita = client_for(type(client), reporter)
    live, draft = stories["others_live"], stories["others_draft"]
    assert rita.post(reverse("admin:articles_article_delete", args=[draft.pk]), {"post": "yes"}).status_code == 403
    restore = reverse("admin:articles_article_restore", args=[live.pk])
    version = f"h{live.history.last().history_id}"
    assert rita.post(restore, {"version": version}).status_code == 403
    share = reverse("admin:articles_article_share", args=[draft.pk])
    assert rita.post(share, {"days": "3", "note": ""}).status_code == 403
    assert Article.objects.filter(pk=draft.pk).exists()
    assert not ArticleRevision.objects.filter(article=live).exists()
    assert not ShareLink.objects.exists()


def test_a_reporter_cannot_change_records_or_import(client, reporter, demo_flights):
    rita = client_for(type(client), reporter)
    flight = Flight.objects.get(slug=JUNE_2025)
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    assert rita.post(url, {"slug": flight.slug, "notes": "Edited by a reporter"}).status_code == 403
    # simple-history's revert form would save for anyone allowed to view history; ours refuses.
    record = flight.history.last()
    revert = reverse("admin:flights_flight_simple_history", args=[flight.pk, record.history_id])
    assert rita.post(revert, {"slug": flight.slug, "notes": "Reverted by a reporter"}).status_code == 403
    assert rita.get(reverse("admin:flights_flight_import")).status_code == 403
    flight.refresh_from_db()
    assert "reporter" not in flight.notes
    assert flight.history.count() == demo_flights[JUNE_2025].history.count()


# -- editor ------------------------------------------------------------------------------------------------------


def test_an_editor_cannot_delete_a_published_story(client, desk_editor, stories):
    eddie = client_for(type(client), desk_editor)
    story = stories["others_live"]
    assert eddie.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"}).status_code == 403
    changelist = reverse("admin:articles_article_changelist")
    response = eddie.post(
        changelist, {"action": "delete_selected", "_selected_action": [story.pk, stories["mine"].pk], "post": "yes"},
        follow=True,
    )  # fmt: skip
    assert "Nothing was deleted: 1 of the selected stories were published" in response.content.decode()
    assert Article.objects.filter(pk__in=[story.pk, stories["mine"].pk]).count() == 2
    # A draft nobody saw can go.
    response = eddie.post(reverse("admin:articles_article_delete", args=[stories["mine"].pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=stories["mine"].pk).exists()


def test_an_editor_cannot_change_records_or_import(client, desk_editor, demo_flights):
    eddie = client_for(type(client), desk_editor)
    flight = Flight.objects.get(slug=JUNE_2025)
    assert eddie.post(reverse("admin:flights_flight_change", args=[flight.pk]), {"notes": "x"}).status_code == 403
    upload = SimpleUploadedFile("f.csv", b"slug\n", content_type="text/csv")
    assert eddie.post(reverse("admin:flights_flight_import"), {"file": upload}).status_code == 403
    assert Flight.objects.get(pk=flight.pk).notes == flight.notes


# -- data editor -------------------------------------------------------------------------------------------------


def test_a_data_editor_cannot_publish_edit_or_withdraw_stories(client, data_editor, stories):
    dana = client_for(type(client), data_editor)
    draft, live = stories["mine"], stories["others_live"]
    before = snapshot(draft), snapshot(live)
    assert dana.post(change_url(draft), change_form(draft, _publish="Publish")).status_code == 403
    assert dana.post(change_url(live), change_form(live, headline="Data desk headline")).status_code == 403
    withdraw = reverse("admin:articles_article_withdraw", args=[live.pk])
    assert dana.post(withdraw, {"reason": "Numbers changed."}).status_code == 403
    assert dana.post(reverse("admin:articles_article_add"), change_form(Article(headline="x", slug="x", body="x")))\
        .status_code == 403  # fmt: skip
    assert (snapshot(draft), snapshot(live)) == before
    assert not Article.objects.filter(slug="x").exists()


def test_a_data_editor_keeps_the_records(client, data_editor, demo_flights):
    dana = client_for(type(client), data_editor)
    assert dana.get(reverse("admin:flights_flight_import")).status_code == 200
    assert "Import flights" in dana.get(reverse("admin:flights_flight_changelist")).content.decode()
    flight = Flight.objects.get(slug=JUNE_2025)
    assert dana.get(reverse("admin:flights_flight_change", args=[flight.pk])).status_code == 200


# -- staff without a role ----------------------------------------------------------------------------------------


def test_staff_without_a_role_read_and_change_nothing(client, staff_without_role, stories):
    intern = client_for(type(client), staff_without_role)
    draft = stories["others_draft"]
    assert intern.get(change_url(draft)).status_code == 403
    assert intern.post(change_url(draft), change_form(draft, _publish="Publish")).status_code == 403
    assert intern.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "3"}).status_code == 403
    assert intern.get(reverse("articles:preview", kwargs={"pk": draft.pk})).status_code == 403
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert not WorkflowStep.objects.filter(article=draft).exclude(action="created").exists()
