"""Issue 9 and 13: signed, expiring, revocable share links for reviewers without accounts."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.sharing import create_share_link, share_url
from tests.demo_records import JUNE_2025, make_article
from tests.workflow.conftest import client_for
from tests.workflow.test_publish_path import change_form

pytestmark = pytest.mark.django_db

BODY = f"ICE said {{{{ flight:{JUNE_2025}:passengers_female }}}} women were aboard."


@pytest.fixture
def draft(demo_flights, reporter) -> Article:
    return make_article(slug="women-aboard", headline="Women aboard", body=BODY, cites=[], published=False,
                        created_by=reporter)  # fmt: skip


def test_a_reviewer_without_an_account_reads_the_draft_as_readers_will(client, editor_client, draft):
    response = editor_client.post(
        reverse("admin:articles_article_share", args=[draft.pk]), {"days": "3", "note": "our lawyer"}, follow=True
    )
    html = response.content.decode()
    path = re.search(r'class="share-url" href="([^"]+)"', html).group(1)
    assert "Share link created" in html and "our lawyer" in html

    page = client.get(path)  # no login

    assert page.status_code == 200
    text = page.content.decode()
    assert "Women aboard" in text and '<span class="citation">26<sup' in text  # rendered as on the public page
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "no-referrer"
    link = ShareLink.objects.get()
    assert link.times_opened == 1 and link.created_by.username == "editor"


def test_a_link_to_a_live_story_shows_its_pending_revision(client, editor_client, demo_flights):
    live = make_article(slug="live-women", headline="Live headline", body=BODY, cites=[])
    editor_client.post(reverse("admin:articles_article_change", args=[live.pk]), change_form(live, headline="Pending"))
    link = create_share_link(article=live, by=None)
    assert "Pending" in client.get(share_url(link)).content.decode()
    assert "Live headline" in client.get(live.get_absolute_url()).content.decode()


def test_a_revoked_link_is_refused(client, editor_client, draft):
    link = create_share_link(article=draft, by=None, days=7)
    url = share_url(link)
    assert client.get(url).status_code == 200
    page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    revoke = re.search(r'<form method="post" action="([^"]+/revoke/)"', page).group(1)

    editor_client.post(revoke)

    refused = client.get(url)
    assert refused.status_code == 403
    assert "revoked" in refused.content.decode() and "Women aboard" not in refused.content.decode()
    assert "no-cache" in refused["Cache-Control"]


def test_an_expired_or_forged_link_is_refused(client, draft):
    link = create_share_link(article=draft, by=None, days=1)
    url = share_url(link)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        expired = client.get(url)
        assert expired.status_code == 403 and "expired" in expired.content.decode()
    other = create_share_link(article=draft, by=None)
    forged = url[:-3] + ("abc" if not url.endswith("abc/") else "xyz") + "/"
    assert client.get(forged).status_code == 403
    token = share_url(other).rstrip("/").rsplit("/", 1)[-1]
    assert client.get(f"/articles/share/{token.replace(':', ':x', 1)}/").status_code == 403
    assert "Women aboard" not in client.get(forged).content.decode()


def test_a_reporter_may_share_her_own_draft_but_no_one_elses(client, reporter, other_reporter, draft):
    rita = client_for(type(client), reporter)
    assert rita.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "1"}).status_code == 302
    omar = client_for(type(client), other_reporter)
    assert omar.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "1"}).status_code == 403
    link = ShareLink.objects.get()
    revoke = reverse("admin:articles_article_share_revoke", args=[draft.pk, link.pk])
    assert omar.post(revoke).status_code == 403
    assert ShareLink.objects.get().revoked_at is None


def test_share_creation_checks_the_articles_permission(client, staff_without_role, draft):
    intern = client_for(type(client), staff_without_role)
    assert intern.post(reverse("admin:articles_article_share", args=[draft.pk]), {"days": "3"}).status_code == 403
    assert not ShareLink.objects.exists()


def test_a_share_link_page_costs_a_fixed_number_of_queries(client, demo_flights, django_assert_num_queries):
    live = make_article(slug="counted", headline="Counted", body=BODY + " " + BODY, cites=[demo_flights[JUNE_2025]])
    from articles.workflow import save_draft_revision

    save_draft_revision(article=live, by=None, content={"headline": "Counted again"})
    url = share_url(create_share_link(article=live, by=None))
    # 1 link and its story, 2 count the visit; the public page's 8: 3 story, 4 authors, 5 topics, 6 corrections,
    # 7 cited flights with places, 8 their claims, 9 citations' flights, 10 their accepted claims; and
    # 11 the story's pending revisions.
    with django_assert_num_queries(11):
        assert "Counted again" in client.get(url).content.decode()
