"""Feeds: RSS and Atom for all stories, per topic, per author and for corrections, read by feedparser; full bodies
with citations and their sources; plain-text fields stay text (issue 13, item 10)."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Correction, Topic
from tests.e2e.pages import JUNE_2025_STORY
from tests.readers.helpers import link_href, parse_head

pytestmark = pytest.mark.django_db

FEEDS = {
    "/feed/": "rss20",
    "/feed/atom/": "atom10",
    "/articles/topics/china/feed/": "rss20",
    "/articles/topics/china/feed/atom/": "atom10",
    "/articles/authors/maria-okafor/feed/": "rss20",
    "/articles/authors/maria-okafor/feed/atom/": "atom10",
    "/corrections/feed/": "rss20",
    "/corrections/feed/atom/": "atom10",
}
PAYLOAD = "<img src=x onerror=alert(1)>"


def read(client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200, path
    assert "public" in response["Cache-Control"]
    return feedparser.parse(response.content)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def markup_a_reader_would_render(detail: feedparser.FeedParserDict) -> list[str]:
    """The HTML elements a feed reader would create from a field: none for text, parsed tags for HTML."""
    if detail.type == "text/plain":
        return []
    parser = Elements()
    parser.feed(detail.value)
    return [tag for tag, _ in parser.tags]


def test_every_feed_parses_cleanly_in_its_format(client, demo):
    Correction.objects.create(article=Article.objects.get(slug=JUNE_2025_STORY), text="The age range was wrong.")
    for path, version in FEEDS.items():
        feed = read(client, path)
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.version == version, path
        assert feed.entries, path
        for entry in feed.entries:
            assert entry.link.startswith("http://testserver/"), path
            assert entry.get("published") or entry.get("updated"), path


def test_story_feeds_carry_the_full_body_with_citation_values_and_source_links(client, demo):
    for path in ("/feed/", "/feed/atom/"):
        entry = next(e for e in read(client, path).entries if e.link.endswith(f"/{JUNE_2025_STORY}/"))
        body = entry.content[0].value
        assert entry.content[0].type == "text/html"
        # The values readers see, not the shortcodes; markers link to the story's footnotes.
        assert "{{" not in body
        assert "made up of <span" in body and ">96<" in body and ">26<" in body
        assert f'href="http://testserver/articles/{JUNE_2025_STORY}/#fn-3"' in body
        # Each source once, with its values, linking to our source page and the original.
        assert body.count("U.S. Immigration and Customs Enforcement</a>, “ICE Dallas leads") == 1
        assert 'href="http://testserver/flights/sources/ice-2025-06-09/"' in body
        assert 'href="https://www.latimes.com/' in body
        assert "A series, not a first" in body  # the whole text, not a summary
        assert entry.summary.startswith("The June 3 flight was the sixth")
        assert entry.author == "Maria Okafor"
        assert {tag.term for tag in entry.tags} == {"Removal flights", "China", "Fact checks"}


def test_topic_and_author_feeds_hold_only_their_stories(client, demo):
    china = read(client, "/articles/topics/china/feed/")
    assert china.feed.title == "China: stories"
    assert len(china.entries) == 2
    fact_checks = read(client, "/articles/topics/fact-checks/feed/atom/")
    assert [e.link for e in fact_checks.entries] == [f"http://testserver/articles/{JUNE_2025_STORY}/"]
    reyes = read(client, "/articles/authors/daniel-reyes/feed/")
    assert [e.title for e in reyes.entries] == ["Five removal charters to China in seven months: what the record shows"]
    assert client.get("/articles/topics/no-such-topic/feed/").status_code == 404
    assert client.get("/articles/authors/no-such-author/feed/atom/").status_code == 404


def test_drafts_and_scheduled_stories_stay_out_of_every_feed(client, demo):
    Article.objects.filter(slug=JUNE_2025_STORY).update(published_at=timezone.now() + datetime.timedelta(days=1))
    for path in ("/feed/", "/feed/atom/", "/articles/topics/china/feed/", "/articles/authors/maria-okafor/feed/"):
        titles = [entry.title for entry in read(client, path).entries]
        assert not any("122 Chinese nationals" in title for title in titles), path
        assert not any("fourth China charter" in title for title in titles), path


def test_plain_text_fields_stay_text_in_every_feed(client, demo):
    """A dek, headline, topic name or correction holding markup is shown as text, never rendered (issue 13 item 10)."""
    story = Article.objects.get(slug=JUNE_2025_STORY)
    Article.objects.filter(pk=story.pk).update(headline=f"Q&A {PAYLOAD} headline", dek=f"Dek {PAYLOAD} & <b>bold</b>")
    Correction.objects.create(article=story, text=f"Correction {PAYLOAD}")
    Topic.objects.filter(slug="china").update(name=f"China {PAYLOAD}", description=f"About {PAYLOAD}")
    for path in FEEDS:
        response = client.get(path)
        raw = response.content.decode()
        # Never an element in the XML, however a reader treats the field.
        assert "<img" not in raw, path
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0, path
        details = [feed.feed.title_detail, *(feed.feed.get(k) for k in ("subtitle_detail",) if feed.feed.get(k))]
        for entry in feed.entries:
            details += [entry.title_detail, entry.summary_detail]
        for detail in details:
            assert markup_a_reader_would_render(detail) == [], (path, detail.type, detail.value)
        shown = [entry.title for entry in feed.entries] + [entry.summary for entry in feed.entries]
        joined = " ".join(shown)
        # The text itself arrives whole: a reader shows the characters the editor typed.
        if "corrections" not in path:
            assert "onerror=alert(1)" in joined, path


def test_feeds_are_discoverable_from_the_pages_they_follow(client, demo):
    def alternates(path: str) -> set[str]:
        head = parse_head(client.get(path).content.decode())
        return set(
            link_href(head, "alternate", "application/rss+xml") + link_href(head, "alternate", "application/atom+xml")
        )

    assert alternates("/") >= {"/feed/", "/feed/atom/"}
    assert alternates("/articles/topics/china/") >= {
        "/articles/topics/china/feed/",
        "/articles/topics/china/feed/atom/",
    }
    assert alternates("/articles/authors/maria-okafor/") >= {
        "/articles/authors/maria-okafor/feed/",
        "/articles/authors/maria-okafor/feed/atom/",
    }
    assert alternates("/corrections/") >= {"/corrections/feed/", "/corrections/feed/atom/"}
    for path in alternates("/articles/topics/china/") | alternates("/corrections/"):
        assert client.get(path).status_code == 200


def test_story_feed_runs_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    # Stories, their authors, topics and corrections (4); the cited flights and their accepted claims (2), shared by
    # every story's footnotes; derived facts when a story cites one. Not one query per story.
    with django_assert_max_num_queries(8):
        client.get("/feed/")
