"""PostgreSQL full-text search: ranking, web-search syntax, places of cited flights, and vectors kept fresh."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.core.cache import cache
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse

from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleFlight
from articles.search import refresh_search_vectors
from tests.demo_records import publish_as_written
from tests.search_data import Newsroom, SearchTestCase, make_article, make_flight, postgres_only

URL = reverse("articles:list")


@postgres_only
class RankingTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        make_article(
            "body-mention", day="2025-07-01", headline="Weekly roundup", body="A line about Honduras near the end."
        )
        make_article(
            "headline-mention", day="2020-01-01", headline="Honduras receives two flights", body="Two planes landed."
        )
        refresh_search_vectors()

    def slugs(self, query: str) -> list[str]:
        response = self.client.get(URL + "?q=" + quote(query))
        self.assertEqual(response.status_code, 200)
        return [article.slug for article in response.context["articles"]]

    def test_a_headline_match_outranks_a_newer_body_match(self):
        self.assertEqual(self.slugs("honduras"), ["headline-mention", "body-mention"])

    def test_newest_sort_overrides_relevance(self):
        response = self.client.get(URL + "?q=honduras&sort=newest")
        self.assertEqual([a.slug for a in response.context["articles"]], ["body-mention", "headline-mention"])

    def test_words_match_their_other_forms(self):
        self.assertIn("guatemala-flights", self.slugs("removal"))  # the dek says "Removals"

    def test_quoted_phrase(self):
        self.assertEqual(self.slugs('"flights to guatemala"'), ["guatemala-flights"])
        self.assertEqual(self.slugs('"guatemala flights to"'), [])

    def test_minus_leaves_a_word_out(self):
        self.assertEqual(self.slugs("china -weekend"), ["charter-to-china"])

    def test_or(self):
        self.assertEqual(set(self.slugs("guatemala or judge")), {"guatemala-flights", "court-ruling"})

    def test_stop_words_only_match_nothing_without_error(self):
        self.assertEqual(self.slugs("the and of"), [])

    def test_punctuation_and_operators_alone_are_harmless(self):
        for query in ['"', "-", "or", "!!!", "(", ":*", "&|", "'"]:
            self.assertEqual(self.client.get(URL + "?q=" + quote(query)).status_code, 200)


@postgres_only
class PlaceWordsTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        make_article(
            "quiet-departure", headline="A quiet departure", body="Nothing named.", flights=(cls.n.china_2024,)
        )
        refresh_search_vectors()

    def slugs(self, query: str) -> list[str]:
        return [a.slug for a in self.client.get(URL + "?q=" + quote(query)).context["articles"]]

    def test_destination_airport_city_of_a_cited_flight_finds_the_story(self):
        # "Beijing" is nowhere in the text; the cited flight landed there.
        self.assertEqual(self.slugs("beijing"), ["charter-to-china"])

    def test_origin_airport_of_a_cited_flight_finds_the_story(self):
        self.assertEqual(set(self.slugs("fort worth")), {"charter-to-china", "first-since-2018", "quiet-departure"})

    def test_destination_airport_name_of_a_cited_flight_finds_the_story(self):
        self.assertEqual(self.slugs("aurora"), ["guatemala-flights"])

    def test_country_name_of_a_cited_flight_finds_the_story(self):
        # The story never names the country; the flight it cites went to China.
        self.assertIn("quiet-departure", self.slugs("china"))


@postgres_only
class FreshVectorTests(SearchTestCase):
    """The vector follows the article and its flights once the change is committed."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()

    def found(self, query: str) -> set[str]:
        return {a.slug for a in self.client.get(URL + "?q=" + quote(query)).context["articles"]}

    def test_new_article_is_searchable_after_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_article("new-one", headline="Zanzibar charter lands")
        self.assertEqual(self.found("zanzibar"), {"new-one"})

    def test_edited_headline_is_searchable(self):
        article = self.n.court_story
        with self.captureOnCommitCallbacks(execute=True):
            article.headline = "Judge halts transfers to Kalamazoo"
            article.save()
        self.assertEqual(self.found("kalamazoo"), {"court-ruling"})

    def test_nothing_changes_before_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            make_article("pending", headline="Timbuktu flight")
        self.assertEqual(self.found("timbuktu"), set())
        self.assertTrue(callbacks)

    def test_citing_a_flight_adds_its_places(self):
        with self.captureOnCommitCallbacks(execute=True):
            ArticleFlight.objects.create(article=self.n.court_story, flight=self.n.guatemala)
        self.assertIn("court-ruling", self.found("aurora"))
        with self.captureOnCommitCallbacks(execute=True):
            self.n.court_story.flights.remove(self.n.guatemala)
        self.assertNotIn("court-ruling", self.found("aurora"))

    def test_changing_a_flights_destination_updates_the_stories_citing_it(self):
        flight = self.n.guatemala
        with self.captureOnCommitCallbacks(execute=True):
            flight.destination = None
            flight.destination_country = "SV"
            flight.save()
        self.assertIn("guatemala-flights", self.found("salvador"))

    def test_publishing_a_draft_makes_it_findable(self):
        draft = self.n.draft
        with self.captureOnCommitCallbacks(execute=True):
            publish_as_written(draft)
        self.assertIn("draft-china", self.found("draft"))

    def test_flight_cited_through_the_reverse_relation(self):
        flight = make_flight("2025-08-01-to-oslo", day="2025-08-01", destination_country="NO")
        with self.captureOnCommitCallbacks(execute=True):
            flight.articles.add(self.n.court_story)
        self.assertIn("court-ruling", self.found("norway"))


@postgres_only
class RebuildCommandTests(SearchTestCase):
    def test_rebuild_fills_every_vector(self):
        Newsroom()
        Article.objects.update(search_vector=None)
        call_command("rebuild_search_index", stdout=io.StringIO())
        self.assertFalse(Article.objects.filter(search_vector__isnull=True).exists())
        self.assertEqual(
            [a.slug for a in self.client.get(URL + "?q=beijing").context["articles"]], ["charter-to-china"]
        )


@postgres_only
class FacetKeysTests(SearchTestCase):
    """Facet counts on PostgreSQL read keys copied onto each article; they follow the article's links."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        refresh_search_vectors()

    def counts(self, name: str, query: str = "") -> dict[str, int]:
        cache.clear()
        return {item.label: item.count for item in self.client.get(URL + query).context["facets"][name]}

    def test_topics_and_authors_changed_after_publication(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.n.court_story.topics.add(self.n.china)
            self.n.court_story.authors.set([self.n.li])
        self.assertEqual(self.counts("topic"), {"Removals": 2, "China": 3, "Courts": 1})
        self.assertEqual(self.counts("author", "?topic=courts"), {"Li Wei": 1})

    def test_topic_side_of_the_relation(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.n.courts.articles.add(self.n.charter_story)
        self.assertEqual(self.counts("topic", "?q=china"), {"Removals": 1, "China": 2, "Courts": 1})
        with self.captureOnCommitCallbacks(execute=True):
            self.n.courts.articles.clear()
        self.assertEqual(self.counts("topic"), {"Removals": 2, "China": 2})

    def test_countries_follow_cited_flights(self):
        with self.captureOnCommitCallbacks(execute=True):
            ArticleFlight.objects.create(article=self.n.court_story, flight=self.n.guatemala)
        self.assertEqual(self.counts("country"), {"China": 2, "Guatemala": 2})
        with self.captureOnCommitCallbacks(execute=True):
            self.n.china_2024.destination_country = "GT"
            self.n.china_2024.save()
        self.assertEqual(self.counts("country"), {"Guatemala": 3, "China": 1})


@postgres_only
class PagePickedWithFacetsTests(SearchTestCase):
    """On PostgreSQL the facet statement also picks a search's page; it must be the page the filters give."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        for i in range(45):
            charter = " ".join(["charter"] * (1 + i % 4))
            make_article(
                f"charter-{i:02}",
                day=f"2021-{1 + i % 12:02}-{1 + i % 28:02}",
                headline=f"Story {i}" + (" charter" if i % 5 == 0 else ""),
                body=f"A {charter} flight.",
                topics=[cls.n.courts] if i % 2 else [],
            )
        refresh_search_vectors()

    def test_pages_equal_the_filtered_ordered_query(self):
        for query in ["q=charter", "q=charter&sort=oldest", "q=charter&topic=courts&sort=newest", "q=charter&page=2",
                      "q=charter&page=3", "q=charter&page=abc", "q=charter&page=9"]:  # fmt: skip
            with self.subTest(query=query):
                cache.clear()
                response = self.client.get(f"{URL}?{query}")
                shown = [article.slug for article in response.context["articles"]]
                number = response.context["page_obj"].number
                filterset = ArticleFilterSet(QueryDict(query), queryset=Article.objects.published())
                expected = [article.slug for article in filterset.qs[(number - 1) * 20 : number * 20]]
                self.assertEqual(shown, expected)
                self.assertTrue(shown)
