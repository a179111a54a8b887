"""Issue 9: every revision of articles, flights and claims with author and time; compare any two; restore."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Article, ArticleRevision
from flights.models import Claim, Flight
from tests.demo_records import JUNE_2025, make_article
from tests.workflow.conftest import client_for
from tests.workflow.test_publish_path import change_form

pytestmark = pytest.mark.django_db

LONG_BODY = (
    "Immigration and Customs Enforcement removed a group of Chinese nationals on a special high risk charter "
    "that left Texas early in June, according to a release the agency published six days later. "
    "The release said everyone aboard had a final order of removal and had been brought to the flight from "
    "detention centers around the country, and that the operation was run by the field office in Dallas. "
    "It did not name the airport, the operator or the aircraft."
)
EDITED_BODY = LONG_BODY.replace("early in June", "on June 3").replace("the operator or the aircraft", "the operator")


@pytest.fixture
def draft(demo_flights) -> Article:
    return make_article(
        slug="charter-explainer", headline="Charter explainer", body=LONG_BODY, cites=[], published=False
    )


def history_url(obj, app="articles", model="article") -> str:
    return reverse(f"admin:{app}_{model}_history", args=[obj.pk])


def test_history_shows_every_change_in_full_with_who_and_when(editor_client, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    editor_client.post(url, change_form(draft, body=EDITED_BODY))

    html = editor_client.get(history_url(draft)).content.decode()
    assert "chars]" not in html  # simple-history's "ICE r[280 chars]said" truncation
    assert "<del>early in June, </del><ins>on June 3, </ins>" in html
    assert "<del>operator or the aircraft.</del><ins>operator.</ins>" in html
    assert "<td>editor</td>" in html


def test_compare_shows_two_versions_side_by_side_with_a_word_level_diff(editor_client, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    editor_client.post(url, change_form(draft, headline="How the June charter worked", body=EDITED_BODY))
    older, newer = draft.history.order_by("history_date", "history_id")

    response = editor_client.get(
        reverse("admin:articles_article_compare", args=[draft.pk]),
        {"a": f"h{older.history_id}", "b": f"h{newer.history_id}"},
    )

    html = response.content.decode()
    body_row = re.search(r'<tr class="field-body changed">(.*?)</tr>', html, re.S).group(1)
    left, right = re.findall(r'<td class="side-[ab]">(.*?)</td>', body_row, re.S)
    assert "<del>" in left and "<ins>" not in left and "<ins>" in right and "<del>" not in right
    assert "aircraft" in left and "aircraft" not in right
    assert "June" in re.sub(r"<[^>]+>", "", right)
    headline_row = re.search(r'<tr class="field-headline changed">(.*?)</tr>', html, re.S).group(1)
    assert "Charter explainer" in headline_row and "How the June charter worked" in headline_row
    assert '<tr class="field-status unchanged">' in html  # other fields are shown too, marked unchanged


def test_restoring_a_drafts_earlier_text_makes_a_new_version(editor_client, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    editor_client.post(url, change_form(draft, body=EDITED_BODY))
    first = draft.history.order_by("history_date", "history_id").first()

    response = editor_client.post(
        reverse("admin:articles_article_restore", args=[draft.pk]), {"version": f"h{first.history_id}"}
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).body == LONG_BODY
    assert draft.history.count() == 3  # created, edited, restored: nothing overwritten
    assert draft.history.first().history_change_reason.startswith("Restored from the version of")
    assert draft.workflow_steps.filter(action="restored").exists()


def test_restoring_on_a_live_story_makes_a_draft_revision(client, editor_client, demo_flights):
    live = make_article(slug="live-explainer", headline="Live", body=LONG_BODY, cites=[])
    url = reverse("admin:articles_article_change", args=[live.pk])
    editor_client.post(url, change_form(live, body=EDITED_BODY))
    editor_client.post(url, change_form(live, body=EDITED_BODY, _publish="Publish revision"))
    assert Article.objects.get(pk=live.pk).body == EDITED_BODY
    first = live.history.order_by("history_date", "history_id").filter(status="published").first()

    editor_client.post(reverse("admin:articles_article_restore", args=[live.pk]), {"version": f"h{first.history_id}"})

    assert Article.objects.get(pk=live.pk).body == EDITED_BODY  # readers keep the live text
    restored = live.revisions.get(state=ArticleRevision.State.DRAFT)
    assert restored.body == LONG_BODY and restored.note.startswith("Restored from")
    # The revisions are listed beside the stored versions, and compare reads both kinds.
    history = editor_client.get(history_url(live)).content.decode()
    assert "Draft revision (waiting)" in history and "Published revision" in history
    compare = editor_client.get(
        reverse("admin:articles_article_compare", args=[live.pk]), {"a": f"h{first.history_id}", "b": f"r{restored.pk}"}
    )
    assert '<tr class="field-body unchanged">' in compare.content.decode()


def test_saving_unchanged_logs_no_phantom_published_at_change(editor_client, demo_flights):
    add = editor_client.post(
        reverse("admin:articles_article_add"),
        change_form(Article(headline="Timed", slug="timed", body="Plain."), _publish="Publish"),
    )
    assert add.status_code == 302
    story = Article.objects.get(slug="timed")
    assert story.published_at.microsecond == 0
    url = reverse("admin:articles_article_change", args=[story.pk])
    editor_client.post(url, change_form(story, dek="A dek."))
    editor_client.post(url, change_form(story, dek="A dek.", _publish="Publish revision"))
    html = editor_client.get(history_url(story)).content.decode()
    assert "<dt>Dek</dt>" in html
    # Versions, newest first: the revision going live (dek only), publishing (status and time), creation.
    changes = re.findall(r'<dl class="changes">(.*?)</dl>', html, re.S)
    assert "<dt>Dek</dt>" in changes[0] and "Published at" not in changes[0]
    assert sum("Published at" in change for change in changes) == 1


def test_a_draft_saved_with_the_time_the_form_shows_keeps_its_time(editor_client, demo_flights):
    draft = make_article(slug="draft-timed", body="Plain.", cites=[], published=False)
    Article.objects.filter(pk=draft.pk).update(published_at="2025-06-10T14:00:00.123456+00:00")
    stored = Article.objects.get(pk=draft.pk).published_at
    editor_client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_form(draft, dek="New dek", published_at_0="2025-06-10", published_at_1="10:00:00"),
    )
    assert Article.objects.get(pk=draft.pk).published_at == stored
    assert "Published at" not in editor_client.get(history_url(draft)).content.decode().split("<dt>Dek</dt>")[0]


def test_flight_and_claim_history_compare(client, data_editor, demo_flights):
    dana = client_for(type(client), data_editor)
    flight = Flight.objects.get(slug=JUNE_2025)
    records = flight.history.order_by("history_date", "history_id")
    response = dana.get(
        reverse("admin:flights_flight_compare", args=[flight.pk]),
        {"a": f"h{records.first().history_id}", "b": f"h{records.last().history_id}"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<tr class="field-passengers_total changed">.*?—.*?122', html, re.S)
    claim = Claim.objects.filter(flight=flight).first()
    assert dana.get(history_url(claim, "flights", "claim")).status_code == 200
    assert dana.get(reverse("admin:flights_claim_compare", args=[claim.pk])).status_code == 200


def test_a_flight_reverted_by_a_data_editor_is_a_new_version_through_the_form(client, data_editor, demo_flights):
    dana = client_for(type(client), data_editor)
    flight = Flight.objects.get(slug=JUNE_2025)
    flight.notes = "A first note."
    flight.save()
    flight.notes = "A second note."
    flight.save()
    older = flight.history.order_by("-history_date", "-history_id")[1]
    url = reverse("admin:flights_flight_simple_history", args=[flight.pk, older.history_id])
    form = dana.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data = {
        k: (v.pk if hasattr(v, "pk") else v)
        for k, v in data.items()
        if k not in {"origin", "destination", "operator"} or v
    }
    data.update({"departed_earliest": "2025-06-03", "departed_latest": "2025-06-03", "all_final_orders": "true"})
    count = flight.history.count()

    response = dana.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    flight.refresh_from_db()
    assert flight.notes == "A first note." and flight.history.count() == count + 1
