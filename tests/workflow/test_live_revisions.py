"""Issue 9: live stories keep their published text until the new revision is published; scheduling needs no cron."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleRevision, WorkflowStep
from articles.services import apply_due_revision, publish_article
from articles.workflow import save_draft_revision
from tests.demo_records import JUNE_2025, make_article
from tests.workflow.conftest import client_for
from tests.workflow.test_publish_path import change_form

pytestmark = pytest.mark.django_db

LIVE_BODY = f"ICE said {{{{ flight:{JUNE_2025}:passengers_total }}}} people were aboard the Dallas charter."
NEW_BODY = LIVE_BODY + " The agency has not said which airport it left from."


@pytest.fixture
def live_story(demo_flights) -> Article:
    return make_article(slug="dallas-charter", headline="Dallas charter lands in China", body=LIVE_BODY, cites=[])


def admin_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_readers_see_the_published_text_while_a_draft_revision_waits(client, editor_client, live_story):
    version_before = Article.objects.get(pk=live_story.pk).edit_version
    response = editor_client.post(
        admin_url(live_story), change_form(live_story, headline="Dallas charter: what ICE said", body=NEW_BODY)
    )
    assert response.status_code == 302

    stored = Article.objects.get(pk=live_story.pk)
    assert (stored.headline, stored.body) == ("Dallas charter lands in China", LIVE_BODY)
    revision = stored.draft_revision
    assert revision.headline == "Dallas charter: what ICE said" and revision.created_by.username == "editor"
    assert stored.edit_version != version_before
    page = client.get(live_story.get_absolute_url()).content.decode()
    assert "Dallas charter lands in China" in page and "which airport" not in page
    # The change form shows the pending draft, and says readers do not see it yet.
    form = editor_client.get(admin_url(live_story)).content.decode()
    assert "Dallas charter: what ICE said" in form and "Readers see the published text" in form
    # The preview shows the draft as readers will see it.
    preview = editor_client.get(reverse("articles:preview", kwargs={"pk": live_story.pk})).content.decode()
    assert "which airport" in preview


def test_publishing_the_revision_puts_it_live(client, editor_client, live_story):
    editor_client.post(admin_url(live_story), change_form(live_story, headline="Revised", body=NEW_BODY))
    # The form now shows the draft revision; the editor publishes it as shown.
    shown = editor_client.get(admin_url(live_story)).context["adminform"].form.initial
    assert (shown["headline"], shown["body"]) == ("Revised", NEW_BODY)
    response = editor_client.post(
        admin_url(live_story), change_form(live_story, headline="Revised", body=NEW_BODY, _publish="Publish revision")
    )
    assert response.status_code == 302

    stored = Article.objects.get(pk=live_story.pk)
    assert (stored.headline, stored.body) == ("Revised", NEW_BODY)
    assert stored.draft_revision is None and stored.revised_at is not None
    assert stored.revisions.get().state == ArticleRevision.State.PUBLISHED
    step = stored.workflow_steps.get(action=WorkflowStep.Action.REVISION_PUBLISHED)
    assert step.by.username == "editor"
    assert "which airport" in client.get(live_story.get_absolute_url()).content.decode()


def test_a_revision_is_fact_checked_before_it_goes_live(editor_client, live_story):
    wrong = LIVE_BODY + " It carried 116 men and six women."
    editor_client.post(admin_url(live_story), change_form(live_story, body=wrong))
    response = editor_client.post(admin_url(live_story), change_form(live_story, body=wrong, _publish="Publish"))
    assert response.status_code == 200
    assert "The fact check found 2 contradiction(s)" in response.content.decode()
    assert Article.objects.get(pk=live_story.pk).body == LIVE_BODY


def test_a_scheduled_revision_appears_at_its_time_with_nothing_running(client, editor_client, live_story):
    start = timezone.now()
    go_live = timezone.localtime(start + datetime.timedelta(hours=2)).replace(microsecond=0)
    editor_client.post(admin_url(live_story), change_form(live_story, headline="Updated at ten", body=NEW_BODY))
    schedule = change_form(
        live_story,
        headline="Updated at ten",
        body=NEW_BODY,
        go_live_at_0=go_live.strftime("%Y-%m-%d"),
        go_live_at_1=go_live.strftime("%H:%M:%S"),
        _publish="Publish revision",
    )
    assert editor_client.post(admin_url(live_story), schedule).status_code == 302
    listing = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "revision scheduled for" in listing and f"({timezone.get_current_timezone_name()})" in listing

    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        assert "Updated at ten" not in client.get(live_story.get_absolute_url()).content.decode()
    with time_machine.travel(go_live + datetime.timedelta(seconds=1), tick=False):
        page = client.get(live_story.get_absolute_url()).content.decode()
        assert "Updated at ten" in page and "which airport" in page
        client.get(live_story.get_absolute_url())  # a second read changes nothing more
        out = io.StringIO()
        call_command("publish_due", stdout=out)
        assert "Published 0 scheduled revision(s)" in out.getvalue()

    stored = Article.objects.get(pk=live_story.pk)
    assert stored.revised_at == go_live and stored.revision_due_at is None
    steps = stored.workflow_steps.filter(action=WorkflowStep.Action.REVISION_PUBLISHED)
    assert steps.count() == 1 and steps.get().effective_at == go_live
    scheduled = stored.workflow_steps.get(action=WorkflowStep.Action.REVISION_SCHEDULED)
    assert scheduled.by.username == "editor"


def test_a_scheduled_new_story_shows_as_scheduled_in_the_newsroom_time_zone(editor_client, demo_flights):
    draft = make_article(slug="tomorrow", body="Plain text.", cites=[], published=False)
    url = admin_url(draft)
    form = change_form(draft, published_at_0="2099-07-04", published_at_1="09:30:00", _publish="Publish")
    assert editor_client.post(url, form).status_code == 302
    listing = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Scheduled for July 4, 2099, 9:30 a.m. EDT (America/New_York)" in listing
    assert Article.objects.get(pk=draft.pk).workflow_steps.filter(action="scheduled").exists()


def test_publish_due_applies_what_nobody_read(live_story, desk_editor):
    save_draft_revision(article=live_story, by=desk_editor, content={"headline": "Read by nobody yet"})
    go_live = timezone.now() + datetime.timedelta(minutes=5)
    publish_article(article=live_story, by=desk_editor, at=go_live)
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        out = io.StringIO()
        call_command("publish_due", stdout=out)
    assert "Published 1 scheduled revision(s)" in out.getvalue()
    assert Article.objects.values_list("headline", flat=True).get(pk=live_story.pk) == "Read by nobody yet"


def test_two_readers_at_the_due_time_apply_it_once(live_story, desk_editor):
    save_draft_revision(article=live_story, by=desk_editor, content={"headline": "Once only"})
    go_live = timezone.now() + datetime.timedelta(minutes=5)
    publish_article(article=live_story, by=desk_editor, at=go_live)
    with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
        # Both loaded the row before either applied the revision.
        with_due = [Article(pk=live_story.pk, revision_due_at=go_live) for _ in range(2)]
        for article in with_due:
            apply_due_revision(article)
    applied = WorkflowStep.objects.filter(article=live_story, action=WorkflowStep.Action.REVISION_PUBLISHED)
    assert applied.count() == 1
    assert ArticleRevision.objects.get(article=live_story, headline="Once only").state == "published"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections need PostgreSQL")
def test_concurrent_first_reads_apply_a_due_revision_once(demo_flights, django_user_model):
    editor = django_user_model.objects.create_superuser("sched", "s@example.org", "a-long-test-password")
    story = make_article(slug="race", body="Text.", cites=[])
    save_draft_revision(article=story, by=editor, content={"headline": "Raced"})
    publish_article(article=story, by=editor, at=timezone.now() + datetime.timedelta(seconds=2))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        barrier = threading.Barrier(4)

        def read() -> None:
            barrier.wait()
            try:
                list(Article.objects.filter(pk=story.pk))
            finally:
                connection.close()

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert WorkflowStep.objects.filter(article=story, action="revision_published").count() == 1
    assert Article.objects.get(pk=story.pk).headline == "Raced"


def test_a_reporter_revision_of_her_own_live_story(client, reporter, live_story):
    live_story.created_by = reporter
    Article.objects.filter(pk=live_story.pk).update(created_by=reporter)
    rita = client_for(type(client), reporter)
    assert rita.post(admin_url(live_story), change_form(live_story, dek="A dek she added.")).status_code == 302
    assert Article.objects.get(pk=live_story.pk).dek == ""
    assert live_story.revisions.get().dek == "A dek she added."


def test_caches_can_ask_when_readers_next_get_something_new(live_story, desk_editor, demo_flights):
    from articles.services import next_scheduled_change

    assert next_scheduled_change() is None
    save_draft_revision(article=live_story, by=desk_editor, content={"headline": "Later"})
    revision_at = (timezone.now() + datetime.timedelta(hours=3)).replace(microsecond=0)
    publish_article(article=live_story, by=desk_editor, at=revision_at)
    assert next_scheduled_change() == revision_at
    story_at = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    later = make_article(slug="later", body="Soon.", cites=[], published=False)
    publish_article(article=later, by=desk_editor, at=story_at)
    assert next_scheduled_change() == story_at


def test_a_reporter_lists_her_own_stories(client, reporter, demo_flights):
    make_article(slug="hers", headline="Hers", body="Text.", cites=[], published=False, created_by=reporter)
    make_article(slug="not-hers", headline="Someone else's", body="Text.", cites=[], published=False)
    rita = client_for(type(client), reporter)
    html = rita.get(reverse("admin:articles_article_changelist"), {"whose": "mine"}).content.decode()
    assert "Hers" in html and "Someone else" not in html
