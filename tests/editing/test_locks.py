"""Soft locks: others see "being edited by X since HH:MM" (newsroom time) on the page and in the list; it lapses."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from newsroom.models import EditLock
from tests.demo_records import JUNE_2025, make_article
from tests.editing.conftest import form_data

pytestmark = pytest.mark.django_db

# 14:05 in New York (the newsroom's time zone in the test settings) is 18:05 UTC in June.
OPENED = datetime.datetime(2026, 6, 2, 18, 5, tzinfo=datetime.UTC)


@pytest.fixture
def story(db):
    return make_article(slug="live-story", body="A story being worked on.", cites=[])


def test_a_colleague_sees_who_is_editing_since_when_on_the_page_and_in_the_list(ana, ben, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    with time_machine.travel(OPENED, tick=False):
        ana.get(url)
    with time_machine.travel(OPENED + datetime.timedelta(minutes=1), tick=False):
        page = ben.get(url).content.decode()
        listing = ben.get(reverse("admin:articles_article_changelist")).content.decode()
        own = ana.get(url).content.decode()

    assert "This article is being edited by Ana Ortiz since 14:05" in page
    assert "being edited by Ana Ortiz since 14:05" in listing
    assert "being edited by Ana" not in own  # nobody is told about themselves
    # Ben opening it does not lock Ana out: her page says Ben is editing too.
    assert "being edited by Ben Kaplan since 14:06" in own


def test_the_mark_lapses_without_a_heartbeat_and_a_heartbeat_keeps_it(ana, ben, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    heartbeat = reverse("admin:articles_article_editing", args=[story.pk])
    with time_machine.travel(OPENED, tick=False):
        ana.get(url)
    with time_machine.travel(OPENED + datetime.timedelta(minutes=2), tick=False):
        answer = ana.post(heartbeat).json()
        assert answer["editing"] == []
    with time_machine.travel(OPENED + datetime.timedelta(minutes=4), tick=False):
        # Two minutes after the last heartbeat Ana still counts as editing, since 14:05.
        assert ben.post(heartbeat).json()["editing"] == [{"name": "Ana Ortiz", "since": "14:05"}]
    with time_machine.travel(OPENED + datetime.timedelta(minutes=10), tick=False):
        assert "being edited by Ana" not in ben.get(url).content.decode()
        assert "being edited" not in ben.get(reverse("admin:articles_article_changelist")).content.decode()


def test_leaving_the_page_or_saving_drops_the_mark(ana, ben, story):
    url = reverse("admin:articles_article_change", args=[story.pk])
    heartbeat = reverse("admin:articles_article_editing", args=[story.pk])
    ana.get(url)
    assert ana.post(heartbeat, {"release": "1"}).json() == {"released": True}
    assert "being edited by Ana" not in ben.get(url).content.decode()

    data = form_data(ana.get(url))
    assert ana.post(url, data).status_code == 302
    assert not EditLock.objects.filter(user__username="ana").exists()


def test_the_heartbeat_says_when_someone_saved_a_newer_version(ana, ben, demo_flights):
    flight = demo_flights[JUNE_2025]
    url = reverse("admin:flights_flight_change", args=[flight.pk])
    heartbeat = reverse("admin:flights_flight_editing", args=[flight.pk])
    ben_version = form_data(ben.get(url))["loaded_version"]
    assert ben.post(heartbeat, {"loaded_version": ben_version}).json()["newer_version"] is False

    ana_form = form_data(ana.get(url))
    ana_form["notes"] = "Ana was here."
    assert ana.post(url, ana_form).status_code == 302

    answer = ben.post(heartbeat, {"loaded_version": ben_version}).json()
    assert answer["newer_version"] is True and answer["newer_text"].startswith("Ana Ortiz saved a newer version at")


def test_the_heartbeat_needs_a_logged_in_editor_and_a_post(client, ana, story):
    heartbeat = reverse("admin:articles_article_editing", args=[story.pk])
    assert client.post(heartbeat).status_code == 302  # to the login page
    assert ana.get(heartbeat).status_code == 405
    assert ana.post(reverse("admin:articles_article_editing", args=[999999])).status_code == 404


def test_times_are_in_the_newsroom_time_zone(settings, ana, ben, story):
    settings.NEWSROOM_TIME_ZONE = "Europe/Madrid"
    url = reverse("admin:articles_article_change", args=[story.pk])
    with time_machine.travel(OPENED, tick=False):
        ana.get(url)
        page = ben.get(url).content.decode()
    expected = OPENED.astimezone(zoneinfo.ZoneInfo("Europe/Madrid")).strftime("%H:%M")
    assert f"being edited by Ana Ortiz since {expected}" in page and expected == "20:05"
