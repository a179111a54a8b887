"""Sitemaps: every public page type with lastmod, and a Google News sitemap of the last two days."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.e2e.pages import JUNE_2025_STORY, public_pages

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def entries(client, path: str) -> dict[str, str | None]:
    response = client.get(path)
    assert response.status_code == 200, path
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: (url.find("s:lastmod", NS).text if url.find("s:lastmod", NS) is not None else None)
        for url in root.findall("s:url", NS)
    }


def all_entries(client) -> dict[str, str | None]:
    index = ET.fromstring(client.get("/sitemap.xml").content)
    found: dict[str, str | None] = {}
    for loc in index.findall("s:sitemap/s:loc", NS):
        found |= entries(client, loc.text.replace("http://testserver", ""))
    return found


def test_the_sitemap_lists_every_public_page_type_with_lastmod(client, site):
    found = all_entries(client)
    paths = {url.replace("http://testserver", "") for url in found}
    for name, path in public_pages().items():
        if name in {
            "page not found",
            "archive with filters",
            "flight database with filters",
            "flight database, movements grouped by month",
        }:
            continue
        assert path in paths, (name, path)
    for path in (
        "/flights/country/CN/",
        "/flights/airports/KAEX/",
        "/flights/operators/globalx/",
        "/flights/sources/ice-2025-06-09/",
        "/articles/topics/china/",
        "/articles/authors/daniel-reyes/",
        "/corrections/",
        "/articles/",
        "/flights/",
        "/",
    ):
        assert path in paths, path
    missing = [url for url, lastmod in found.items() if not lastmod]
    assert missing == []
    # Only airports that some flight uses: not the other airports the records know.
    assert not any(re.search(r"/flights/airports/(?!KAEX/)[A-Z0-9]", url) for url in found)
    assert "/articles/fourth-china-charter-what-we-know/" not in paths  # a draft
    assert "/articles/authors/" not in paths


def test_news_sitemap_lists_stories_of_the_last_two_days_with_news_tags(client, site):
    recent = Article.objects.get(slug=JUNE_2025_STORY)
    with time_machine.travel(recent.published_at + datetime.timedelta(days=1), tick=False):
        response = client.get("/sitemap-news.xml")
        root = ET.fromstring(response.content)
        urls = root.findall("s:url", NS)
        assert [u.find("s:loc", NS).text for u in urls] == [f"http://testserver/articles/{JUNE_2025_STORY}/"]
        news = urls[0].find("news:news", NS)
        assert news.find("news:publication/news:name", NS).text == "The Removal Record"
        assert news.find("news:publication/news:language", NS).text == "en"
        assert news.find("news:title", NS).text == recent.headline
        assert news.find("news:publication_date", NS).text.startswith("2025-06-10T")
    with time_machine.travel(recent.published_at + datetime.timedelta(days=3), tick=False):
        assert ET.fromstring(client.get("/sitemap-news.xml").content).findall("s:url", NS) == []
    # The sitemap index names the news sitemap, so search engines find it.
    assert "http://testserver/sitemap-news.xml" in client.get("/sitemap.xml").content.decode()


def test_robots_txt_names_the_sitemap(client, site):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_lastmod_follows_the_latest_change_of_what_a_page_lists(client, site):
    story = Article.objects.get(slug=JUNE_2025_STORY)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        story.save()  # updated_at moves on
    found = all_entries(client)
    topic_lastmod = found["http://testserver/articles/topics/fact-checks/"]
    # The date is the site's (New York), which differs from UTC's for five hours of every day.
    assert topic_lastmod.startswith(timezone.localtime(later).date().isoformat())
