"""No lost updates: two colleagues open the same change form; the second save is refused and the first is kept."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Article
from flights.models import Claim, Flight, Source
from tests.demo_records import JUNE_2025, make_article
from tests.editing.conftest import form_data

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_the_second_save_of_a_flight_is_refused_naming_the_first_and_keeping_both_texts(ana, ben, demo_flights):
    flight = demo_flights[JUNE_2025]
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    ana_form, ben_form = form_data(ana.get(url)), form_data(ben.get(url))

    ana_form["notes"] = "Ana: the tail number is confirmed by two trackers."
    assert ana.post(url, ana_form).status_code == 302
    ben_form["notes"] = "Ben: this flight refuelled in Anchorage."
    refused = ben.post(url, ben_form)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert re.search(r"Ana Ortiz saved this flight at \d\d:\d\d, after you opened it", html)
    # Their change, field by field, and Ben's typed text still in the form.
    assert "Ana: the tail number is confirmed by two trackers." in _messages(refused)
    assert "Ben: this flight refuelled in Anchorage.</textarea>" in html
    flight.refresh_from_db()
    assert flight.notes == "Ana: the tail number is confirmed by two trackers."

    # Having read Ana's change, Ben saves again on purpose: the form now carries the current version.
    again = form_data(refused)
    assert ben.post(url, again).status_code == 302
    flight.refresh_from_db()
    assert flight.notes == "Ben: this flight refuelled in Anchorage."


def test_a_claim_changed_elsewhere_makes_the_flight_page_with_its_claims_inline_stale(ana, ben, demo_flights):
    flight = demo_flights[JUNE_2025]
    flight_url = reverse("admin:flights_flight_change", args=[flight.pk])
    ben_form = form_data(ben.get(flight_url))

    claim = Claim.objects.filter(flight=flight, field="passengers_female", source__slug="knowhere-2025-06").get()
    claim_url = reverse("admin:flights_claim_change", args=[claim.pk])
    ana_claim = form_data(ana.get(claim_url))
    ana_claim["note"] = "Ana: the aggregator copied an older flight's figures."
    assert ana.post(claim_url, ana_claim).status_code == 302

    refused = ben.post(flight_url, ben_form)
    assert refused.status_code == 200
    assert "Ana Ortiz" in _messages(refused) and "the aggregator copied" in _messages(refused)
    claim.refresh_from_db()
    assert claim.note == "Ana: the aggregator copied an older flight's figures."


def test_a_stale_article_save_is_refused_and_the_first_editors_body_is_kept(ana, ben, demo_flights):
    opening = "The charter left Dallas on a Tuesday morning with people from four provinces aboard, " * 3
    article = make_article(slug="charter", body=opening + "officials said.", cites=[])
    url = reverse("admin:articles_article_change", args=[article.pk])
    ana_form, ben_form = form_data(ana.get(url)), form_data(ben.get(url))

    ana_form["body"] = opening + "ICE said in a release."
    assert ana.post(url, ana_form).status_code == 302, form_errors(ana.post(url, ana_form))
    ben_form["headline"] = "Ben's sharper headline"
    refused = ben.post(url, ben_form)

    assert refused.status_code == 200
    assert "Ana Ortiz saved this article" in refused.content.decode()
    # The body's change is shown as the words that changed.
    shown = _messages(refused)
    assert "<del>officials said.</del>" in shown and "<ins>ICE said in a release.</ins>" in shown
    assert shown.count("Tuesday") < 6  # the unchanged words around the change are shortened
    # The story is live: Ana's edit is its draft revision, waiting for an editor; Ben's headline went nowhere.
    article.refresh_from_db()
    assert article.draft_revision.body.endswith("ICE said in a release.")
    assert "Ben's sharper headline" not in {article.headline, article.draft_revision.headline}


def form_errors(response) -> str:
    if response.status_code != 200 or response.context is None:
        return ""
    return str(response.context["adminform"].form.errors)


def test_stale_saves_of_claims_and_sources_are_refused(ana, ben, demo_flights):
    source = Source.objects.get(slug="knowhere-2025-06")
    url = reverse("admin:flights_source_change", args=[source.pk])
    ana_form, ben_form = form_data(ana.get(url)), form_data(ben.get(url))
    ana_form["title"] = "Retitled by Ana"
    assert ana.post(url, ana_form).status_code == 302
    ben_form["note"] = "Ben's note"
    refused = ben.post(url, ben_form)
    assert refused.status_code == 200 and "Ana Ortiz saved this source" in refused.content.decode()
    source.refresh_from_db()
    assert (source.title, source.note == "Ben's note") == ("Retitled by Ana", False)

    claim = Claim.objects.filter(flight__slug=JUNE_2025).first()
    url = reverse("admin:flights_claim_change", args=[claim.pk])
    ana_form, ben_form = form_data(ana.get(url)), form_data(ben.get(url))
    ana_form["note"] = "Ana checked the release."
    assert ana.post(url, ana_form).status_code == 302
    ben_form["note"] = "Ben disagrees."
    refused = ben.post(url, ben_form)
    assert refused.status_code == 200 and "Ana Ortiz saved this claim" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.note == "Ana checked the release."


def test_saving_twice_from_ones_own_fresh_form_is_not_a_conflict(ana, demo_flights):
    flight = demo_flights[JUNE_2025]
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    data = form_data(ana.get(url))
    data["notes"] = "First."
    assert ana.post(url, {**data, "_continue": "1"}).status_code == 302
    data = form_data(ana.get(url))
    data["notes"] = "Second."
    assert ana.post(url, data).status_code == 302
    assert Flight.objects.get(pk=flight.pk).notes == "Second."


def test_a_tampered_version_mark_is_refused_in_words(ana, demo_flights):
    flight = demo_flights[JUNE_2025]
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    data = form_data(ana.get(url))
    data["loaded_version"] = "not-a-version"
    data["notes"] = "Should not be saved."
    response = ana.post(url, data)
    assert response.status_code == 200
    assert "version mark is damaged" in response.content.decode()
    assert Flight.objects.get(pk=flight.pk).notes != "Should not be saved."


def test_article_change_page_carries_its_version(ana, demo_flights):
    article = make_article(slug="v", body="Text.", cites=[])
    html = ana.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="loaded_version"' in html and 'type="hidden"' in html
    assert Article.objects.count() == 1


def test_a_save_committed_while_the_form_is_being_built_is_never_overwritten_unseen(ana, demo_flights, monkeypatch):
    # Under load a colleague's save can commit while the admin builds the change page. Whatever the page then
    # shows, saving it must not silently undo the colleague's save. Here the save commits just before the page
    # takes its version (the first thing it asks the database for that version).
    from newsroom.admin_versions import VersionCheckAdminMixin

    flight = Flight.objects.get(slug=JUNE_2025)
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    real_snapshot = VersionCheckAdminMixin.snapshot
    colleague = {"saved": False}

    def colleague_saves_first(self, obj, lock=False):
        if not colleague["saved"]:
            colleague["saved"] = True
            Flight.objects.filter(pk=flight.pk).update(notes="Saved by a colleague a moment ago.")
        return real_snapshot(self, obj, lock)

    monkeypatch.setattr(VersionCheckAdminMixin, "snapshot", colleague_saves_first)
    form = form_data(ana.get(url))
    monkeypatch.setattr(VersionCheckAdminMixin, "snapshot", real_snapshot)

    form["notes"] = (form["notes"] + " Ana adds a line.").strip()
    ana.post(url, form)

    # Shown in the form and kept, or refused as stale: never lost.
    flight.refresh_from_db()
    assert "Saved by a colleague a moment ago." in flight.notes
