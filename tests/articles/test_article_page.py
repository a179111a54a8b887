"""The public article page: citations render record values with footnotes; only published stories show."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleFlight, Correction
from articles.services import sync_cited_flights
from flights.models import Claim, Flight, Source
from flights.services import record_claim
from newsroom import freshness
from tests.conftest import JUNE_2025, JUNE_2025_STORY
from tests.demo_records import publish_as_written

pytestmark = pytest.mark.django_db


def publish(body: str, slug: str = "test-story", **fields) -> Article:
    article = Article.objects.create(
        headline="Test story",
        slug=slug,
        body=body,
        published_at=timezone.now() - datetime.timedelta(hours=1),
        **fields,
    )
    sync_cited_flights(article=article)
    return publish_as_written(article)


def test_citations_render_current_values_with_numbered_footnotes_naming_the_source(client, demo):
    html = client.get(reverse("articles:detail", kwargs={"slug": JUNE_2025_STORY})).content.decode()
    assert re.search(r'<span class="citation">96<sup class="footnote-ref"><a href="#fn-3"', html)
    footnote = re.search(r'<li id="fn-3" value="3">(.*?)</li>', html, re.DOTALL).group(1)
    assert f'href="/flights/{JUNE_2025}/#passengers_male"' in footnote
    # The footnote sits under the source that states it, named once for all its values.
    group = re.search(r'<li class="source-note">((?:(?!class="source-note").)*?id="fn-3")', html, re.DOTALL).group(1)
    assert "U.S. Immigration and Customs Enforcement" in group
    assert "{{" not in html


def test_values_one_to_nine_are_words_and_ten_up_are_digits(client, demo):
    flight = Flight.objects.get(slug=JUNE_2025)
    source = Source.objects.get(slug="knowhere-2025-06")
    publish(
        f"Women: {{{{ flight:{JUNE_2025}:passengers_female }}}}. Men: {{{{ flight:{JUNE_2025}:passengers_male }}}}."
    )
    html = client.get(reverse("articles:detail", kwargs={"slug": "test-story"})).content.decode()
    assert '<span class="citation">26<sup' in html
    record_claim(flight=flight, field="passengers_female", value="6", source=source, status="accepted")
    html = client.get(reverse("articles:detail", kwargs={"slug": "test-story"})).content.decode()
    assert '<span class="citation">six<sup' in html
    assert '<span class="citation">96<sup' in html


def test_a_broken_citation_on_a_published_page_shows_a_marker_not_an_error(client, demo):
    publish("Aboard: {{ flight:deleted-flight:passengers_total }}.")
    response = client.get(reverse("articles:detail", kwargs={"slug": "test-story"}))
    assert response.status_code == 200
    assert "citation unavailable" in response.content.decode()


def test_bodies_are_sanitized(client, demo):
    publish("Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**")
    html = client.get(reverse("articles:detail", kwargs={"slug": "test-story"})).content.decode()
    body = html[html.index('<div class="body">') :]
    assert "<script>" not in body and 'href="javascript' not in body
    assert "<strong>bold</strong>" in body


def test_fact_box_lists_each_cited_flight_with_values_and_sources(client, demo):
    html = client.get(reverse("articles:detail", kwargs={"slug": JUNE_2025_STORY})).content.decode()
    box = html[html.index('class="fact-box"') :]
    assert "June 3, 2025 special high risk charter to China" in box
    assert "June 29–30, 2024 charter removal to China" in box
    assert "Other reports say" in box


def test_corrections_show_on_the_article(client, demo):
    article = Article.objects.get(slug=JUNE_2025_STORY)
    Correction.objects.create(article=article, text="An earlier version misspelled Dallas.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "An earlier version misspelled Dallas." in html


def test_drafts_and_scheduled_articles_are_404_for_readers(client, demo):
    draft = Article.objects.get(slug="fourth-china-charter-what-we-know")
    assert client.get(draft.get_absolute_url()).status_code == 404
    scheduled = publish("Soon.", slug="scheduled")
    scheduled.published_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save()
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "scheduled" not in client.get(reverse("articles:list")).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_staff_preview_shows_drafts_and_is_never_cached(client, editor_client, demo):
    draft = Article.objects.get(slug="fourth-china-charter-what-we-know")
    url = reverse("articles:preview", kwargs={"pk": draft.pk})
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Preview: Draft" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.logout()
    assert client.get(url).status_code == 302  # readers are sent to the login page


def test_public_pages_send_cache_headers(client, demo):
    for url in ["/", reverse("articles:list"), f"/articles/{JUNE_2025_STORY}/", f"/flights/{JUNE_2025}/", "/flights/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"], url
    assert "public" not in client.get("/articles/not-there/").get("Cache-Control", "")


def test_article_page_runs_the_same_queries_however_many_citations(
    client, demo, django_assert_num_queries, monkeypatch
):
    # Pages rendered right after a change are kept (one server, no replica to wait for).
    monkeypatch.setattr(freshness, "CLOCK_MARGIN_SECONDS", 0.0)
    # 1 the story through the gate and 2 the cited flights' slugs and countries (what the page shows: its
    # tags); after their tokens, 3 the story again, 4 authors, 5 topics, 6 corrections, 7 the cited flights
    # again (the key of the cached body and fact box), then, rendering them: 8 cited flights with airports and
    # operator, 9 their claims with sources, 10 flights the body cites, 11 their accepted claims with
    # sources; 12 the next scheduled story or correction and 13 the next release of a held record (how long
    # the page may be kept; each asked once until a story or a flight changes).
    publish(f"One: {{{{ flight:{JUNE_2025}:passengers_total }}}}.", slug="one-citation")
    fields = ["passengers_total", "passengers_male", "passengers_female", "age_min", "age_max", "departed"]
    many = " ".join(
        f"{{{{ flight:{slug}:{field} }}}}" for slug in Flight.objects.values_list("slug", flat=True) for field in fields
    )
    publish(many, slug="many-citations")
    assert ArticleFlight.objects.filter(article__slug="many-citations").count() == 6
    with django_assert_num_queries(13):
        client.get("/articles/one-citation/")
    with django_assert_num_queries(11):  # the schedules are known now
        html = client.get("/articles/many-citations/").content.decode()
    # Read again with nothing changed: the story's own HTML comes from its shell, with no query.
    with django_assert_num_queries(0):
        assert client.get("/articles/many-citations/").content.decode() == html
    # Every sourced value gets one footnote; a value no source states is shown without one (the admin flags it).
    sourced = (
        Claim.objects.filter(status=Claim.Status.ACCEPTED, field__in=fields)
        .values("flight", "field")
        .distinct()
        .count()
    )
    assert 0 < sourced < 36
    assert html.count('<li id="fn-') == sourced


def test_home_lists_latest_published_stories_and_flights(client, demo):
    html = client.get("/").content.decode()
    assert "ICE flew 122 Chinese nationals home" in html
    assert "Five removal charters to China" in html
    assert "What we know about the fourth China charter" not in html
    assert "special high risk charter" in html.lower()


def test_author_and_topic_pages(client, demo):
    author = client.get(reverse("articles:author", kwargs={"slug": "daniel-reyes"})).content.decode()
    assert "Five removal charters to China" in author
    assert "What we know about the fourth" not in author
    topic = client.get(reverse("articles:topic", kwargs={"slug": "fact-checks"})).content.decode()
    assert "ICE flew 122 Chinese nationals" in topic


def test_archive_snippets_show_citations_as_their_values(client, demo):
    from articles.search import refresh_search_vectors

    refresh_search_vectors()  # the index is refreshed on commit, which a test transaction never reaches
    html = client.get(reverse("articles:list"), {"q": "Los Angeles Times"}).content.decode()
    snippets = re.findall(r'<p class="snippet">(.*?)</p>', html, re.DOTALL)
    assert snippets
    assert any("116 people" in s for s in snippets)
    assert not any("{{" in s for s in snippets)
