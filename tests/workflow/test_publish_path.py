"""Issue 8: one publish path. The admin, commands and code publish through articles.services.publish_article,
which runs the one fact check; the model refuses status=published set around it."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, PublishBypassed, WorkflowStep
from articles.services import PublishRefused, publish_article
from tests.demo_records import JUNE_2024, JUNE_2025, make_article
from tests.workflow.conftest import client_for

pytestmark = pytest.mark.django_db

# Cites the June 2024 flight first in its list, but is about the June 2025 flight (cited most in the body):
# "the first such flight since 2018" is true of June 2024 and false of June 2025.
TWO_FLIGHTS = (
    f"The charter carried {{{{ flight:{JUNE_2025}:passengers_total }}}} people and left on "
    f"{{{{ flight:{JUNE_2025}:departed }}}}. It was the first such flight since 2018. "
    f"A year earlier, {{{{ flight:{JUNE_2024}:passengers_total }}}} people were flown to China."
)


def change_form(article: Article, **changes: str) -> dict[str, str]:
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
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
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def two_flight_draft(demo_flights) -> Article:
    return make_article(
        slug="two-flights", body=TWO_FLIGHTS, cites=[demo_flights[JUNE_2024], demo_flights[JUNE_2025]], published=False
    )


def test_a_contradiction_the_panel_shows_blocks_publishing_through_the_admin(editor_client, two_flight_draft):
    url = reverse("admin:articles_article_change", args=[two_flight_draft.pk])
    page = editor_client.get(url).content.decode()
    panel = page[page.index('class="factcheck"') :]
    assert "<strong>1</strong> contradiction" in panel

    edited = two_flight_draft.body + " More to come."
    response = editor_client.post(url, change_form(two_flight_draft, body=edited, _publish="Publish"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "The fact check found 1 contradiction(s) that block publishing" in html
    assert "first such flight since 2018" in html
    assert "More to come." in html  # what the editor typed is still in the form
    stored = Article.objects.get(pk=two_flight_draft.pk)
    assert stored.status == Article.Status.DRAFT
    assert not stored.body.endswith("More to come.")  # the refused save left nothing behind
    assert not stored.workflow_steps.filter(action=WorkflowStep.Action.PUBLISHED).exists()


def test_an_editor_publishes_over_the_check_with_a_reason_kept_in_history(editor_client, two_flight_draft):
    url = reverse("admin:articles_article_change", args=[two_flight_draft.pk])
    reason = "The 2018 claim is DHS's own wording, quoted and attributed in the next paragraph."

    response = editor_client.post(url, change_form(two_flight_draft, _publish="Publish", override_reason=reason))

    assert response.status_code == 302
    article = Article.objects.get(pk=two_flight_draft.pk)
    assert article.is_public
    assert article.history.first().factcheck_override_reason == reason
    published = article.workflow_steps.get(action=WorkflowStep.Action.PUBLISHED)
    assert published.note == reason and published.by.username == "editor"


def test_a_forged_status_field_does_not_publish(editor_client, two_flight_draft):
    url = reverse("admin:articles_article_change", args=[two_flight_draft.pk])

    response = editor_client.post(url, change_form(two_flight_draft, status="published"))

    assert response.status_code == 302
    assert Article.objects.get(pk=two_flight_draft.pk).status == Article.Status.DRAFT


def test_the_model_refuses_every_way_around_the_service(demo_flights, two_flight_draft):
    draft = Article.objects.get(pk=two_flight_draft.pk)
    draft.status = Article.Status.PUBLISHED
    with pytest.raises(PublishBypassed):
        draft.save()
    with pytest.raises(PublishBypassed):
        Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    with pytest.raises(PublishBypassed):
        Article.objects.create(headline="Sneaky", slug="sneaky", body="x", status=Article.Status.PUBLISHED)
    with pytest.raises(PublishBypassed):
        Article.objects.bulk_create([Article(headline="Bulk", slug="bulk", body="x", status="published")])
    with pytest.raises(PublishBypassed):
        Article.objects.update_or_create(slug=draft.slug, defaults={"status": Article.Status.PUBLISHED})
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert not Article.objects.filter(slug__in=["sneaky", "bulk"]).exists()


def test_the_service_refuses_a_role_without_the_permission(demo_flights, reporter, desk_editor):
    story = make_article(slug="plain", body="Nothing to check here.", cites=[], published=False)
    with pytest.raises(PermissionDenied):
        publish_article(article=story, by=reporter)
    assert Article.objects.get(pk=story.pk).status == Article.Status.DRAFT
    publish_article(article=story, by=desk_editor)
    assert Article.objects.get(pk=story.pk).is_public


def test_overriding_the_check_needs_its_own_permission(demo_flights, two_flight_draft, desk_editor):
    desk_editor.groups.clear()
    for codename in ["view_article", "change_article", "publish_article"]:
        desk_editor.user_permissions.add(Permission.objects.get(codename=codename))
    with pytest.raises(PermissionDenied):
        publish_article(article=two_flight_draft, by=desk_editor, override_reason="I say so.")
    with pytest.raises(PublishRefused):
        publish_article(article=two_flight_draft, by=desk_editor)
    assert Article.objects.get(pk=two_flight_draft.pk).status == Article.Status.DRAFT


def test_the_demo_loader_publishes_through_the_service(db):
    call_command("load_demo", stdout=io.StringIO())
    for article in Article.objects.filter(status=Article.Status.PUBLISHED):
        step = article.workflow_steps.get()
        assert step.action == WorkflowStep.Action.PUBLISHED and step.by is None


def test_publishing_through_the_admin_over_http_as_an_editor_of_the_newsroom(client, demo_flights, desk_editor):
    story = make_article(slug="clean", body=f"{{{{ flight:{JUNE_2025}:passengers_total }}}} people.", cites=[],
                         published=False)  # fmt: skip
    editor = client_for(type(client), desk_editor)
    url = reverse("admin:articles_article_change", args=[story.pk])

    response = editor.post(url, change_form(story, _publish="Publish"))

    assert response.status_code == 302 and response["Location"] == url
    story.refresh_from_db()
    assert story.is_public
    assert client.get(story.get_absolute_url()).status_code == 200
