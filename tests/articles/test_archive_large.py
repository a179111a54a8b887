"""Searches matching many stories: relevance within a window of the newest, and counts estimated from a sample."""

from __future__ import annotations

from unittest import mock

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import F
from django.test import SimpleTestCase
from django.urls import reverse

from articles import large_results, search
from articles.large_results import Tally
from articles.models import Article
from articles.search import SEARCH_CONFIG, refresh_search_vectors
from articles.views import ArticleListView
from flights.models import Flight
from tests.search_data import Newsroom, SearchTestCase, at, make_article, postgres_only

URL = reverse("articles:list")
WINDOW_NOTE = "Showing the best of the"
ESTIMATE_NOTE = "estimated from a sample of the archive"


class TallyTests(SimpleTestCase):
    def test_rough_keeps_two_significant_figures(self):
        self.assertEqual(
            [large_results.rough(n) for n in (0, 0.4, 7, 12.6, 97_734, 1_234)], [0, 1, 7, 13, 98_000, 1_200]
        )

    def test_pages_reach_every_result_only_when_all_are_ranked_and_counted(self):
        with mock.patch.object(large_results, "RANK_WINDOW", 100):
            self.assertEqual(Tally(80).pageable("relevance"), 80)
            self.assertTrue(Tally(80).ranked_all)
            self.assertEqual(Tally(500).pageable("relevance"), 100)
            self.assertFalse(Tally(500).ranked_all)
            self.assertEqual(Tally(500).pageable("newest"), 500)  # exact counts: newest first reaches all
            estimated = Tally(5_000, total_estimated=True, facets_estimated=True)
            self.assertEqual(estimated.pageable("newest"), 100)
            self.assertFalse(Tally(50, total_estimated=True, facets_estimated=True).ranked_all)


class ManyMatchesTestCase(SearchTestCase):
    """Twelve stories with "zebra" at different strengths (headline, dek, body) and dates."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        for i in range(12):
            make_article(
                f"zebra-{i:02}",
                day=f"2024-{1 + i:02}-15",
                headline=f"Story {i}" + (" zebra" if i % 4 == 0 else ""),
                dek="A zebra crossing." if i % 3 == 0 else "A crossing.",
                body="The zebra. " * (1 + i % 5),
                topics=[cls.n.courts] if i % 2 else [cls.n.china],
                authors=[cls.n.ana],
            )
        refresh_search_vectors()

    def get(self, query: str):
        cache.clear()
        response = self.client.get(URL + query)
        self.assertEqual(response.status_code, 200)
        return response

    def slugs(self, response) -> list[str]:
        return [article.slug for article in response.context["articles"]]


@postgres_only
class RankingWindowTests(ManyMatchesTestCase):
    def expected_by_relevance(self, window: int) -> list[str]:
        """The `window` newest matches, ordered as the archive ranks: rank, then newest, then id."""
        query = SearchQuery("zebra", search_type="websearch", config=SEARCH_CONFIG)
        matches = Article.objects.published().filter(search_vector=query)
        newest = matches.order_by("-published_at", "-pk").values("pk")[:window]
        ranked = Article.objects.filter(pk__in=newest).annotate(rank=SearchRank(F("search_vector"), query))
        return list(ranked.order_by("-rank", "-published_at", "-pk").values_list("slug", flat=True))

    def test_no_window_note_when_every_match_is_ranked(self):
        response = self.get("?q=zebra")
        self.assertNotContains(response, WINDOW_NOTE)
        self.assertIsNone(response.context["rank_window"])
        self.assertEqual(self.slugs(response), self.expected_by_relevance(20))
        self.assertEqual(len(self.slugs(response)), 12)

    def test_more_matches_than_the_window_ranks_the_newest_and_says_so(self):
        with mock.patch.object(large_results, "RANK_WINDOW", 5):
            response = self.get("?q=zebra")
            self.assertContains(
                response, "Showing the best of the 5 newest matches; sort by newest first to see all 12."
            )
            self.assertEqual(self.slugs(response), self.expected_by_relevance(5))
            # The total stays exact; relevance pages stop at the window, newest first reaches every result.
            self.assertContains(response, "12 stories matching “zebra”")
            self.assertEqual(response.context["paginator"].count, 5)
            newest = self.get("?q=zebra&sort=newest")
            self.assertNotContains(newest, WINDOW_NOTE)
            self.assertEqual(newest.context["paginator"].count, 12)

    def test_window_page_is_the_same_when_the_facets_come_from_the_cache(self):
        with mock.patch.object(large_results, "RANK_WINDOW", 5):
            first = self.get("?q=zebra&topic=courts&topic=china")
            # Facets and tally from the cache (another address, so not the whole page from the page cache).
            again = self.client.get(URL + "?q=zebra&topic=courts&topic=china&unknown=1")
            self.assertEqual(self.slugs(again), self.slugs(first))
            self.assertEqual(self.slugs(first), self.expected_by_relevance(5))

    def test_window_read_from_the_samples_date_is_the_same_window(self):
        matches = Article.objects.published().filter(pk__in=Article.objects.filter(slug__startswith="zebra-"))
        matches = search.match_text(matches, "zebra")
        with mock.patch.object(large_results, "RANK_WINDOW", 5):
            expected = list(Article.objects.filter(slug__in=self.expected_by_relevance(5)).values_list("pk", "slug"))
            order = {pk: slug for pk, slug in expected}
            # A date after which the range holds only 2 of the 5 newest: read again without it. One before them all.
            for since in (at("2024-11-01"), at("2020-01-01"), None):
                with self.subTest(since=since):
                    ids = large_results.window_page_ids(matches, "zebra", 0, 20, since)
                    self.assertEqual([order.get(pk) for pk in ids], self.expected_by_relevance(5))

    def test_a_page_past_the_window_shows_the_last_page_of_the_window(self):
        with mock.patch.object(large_results, "RANK_WINDOW", 5), mock.patch.object(ArticleListView, "paginate_by", 2):
            response = self.get("?q=zebra&page=4")
            self.assertEqual(response.context["page_obj"].number, 3)
            self.assertEqual(self.slugs(response), self.expected_by_relevance(5)[4:])


@postgres_only
class EstimatedCountTests(ManyMatchesTestCase):
    """With EXACT_LIMIT at 0 every search counts from the sample; a table this small is sampled whole."""

    def test_exact_counts_carry_no_estimate_label(self):
        response = self.get("?q=zebra")
        self.assertNotContains(response, ESTIMATE_NOTE)
        self.assertNotContains(response, "About 12")
        self.assertFalse(response.context["tally"].total_estimated)

    def test_too_many_to_count_says_about_and_labels_the_facets(self):
        with mock.patch.object(large_results, "EXACT_LIMIT", 0):
            response = self.get("?q=zebra")
        tally = response.context["tally"]
        self.assertTrue(tally.total_estimated)
        self.assertTrue(tally.facets_estimated)
        self.assertContains(response, "About 12 stories matching “zebra”")
        self.assertContains(response, "their number is estimated from a sample of the archive")
        self.assertContains(response, '<span aria-hidden="true">≈ </span><span class="visually-hidden">about </span>6')
        self.assertEqual(
            {item.label: item.count for item in response.context["facets"]["topic"]}, {"Courts": 6, "China": 6}
        )
        # Relevance still ranks the newest matches, and every page is reachable within the window.
        self.assertEqual(len(self.slugs(response)), 12)

    def test_the_sample_says_from_when_to_read_the_ranking_window(self):
        # 1.5 x a window of 4 in a sample of the whole table: from the 6th newest match (zebra-06) on.
        with mock.patch.object(large_results, "EXACT_LIMIT", 0), mock.patch.object(large_results, "RANK_WINDOW", 4):
            response = self.get("?q=zebra")
        self.assertEqual(response.context["tally"].window_since, at("2024-07-15"))
        self.assertContains(response, "Showing the best of the 4 newest matches.")
        self.assertEqual(len(self.slugs(response)), 4)

    def test_facet_filters_leaving_few_results_count_those_exactly(self):
        # 12 matches are more than half the limit: sampled. The topic leaves 6, no more than half: counted.
        with (
            mock.patch.object(large_results, "EXACT_LIMIT", 14),
            mock.patch.object(large_results, "planned_rows", return_value=1e6),
        ):
            response = self.get("?q=zebra&topic=courts")
        tally = response.context["tally"]
        self.assertEqual((tally.total, tally.total_estimated, tally.facets_estimated), (6, False, True))
        self.assertContains(response, "6 stories matching “zebra”")
        self.assertNotContains(response, "About 6")
        self.assertContains(response, "The counts beside the filters are estimated from a sample of the archive.")

    def test_newest_first_pages_stop_at_the_window_when_estimated(self):
        with mock.patch.object(large_results, "EXACT_LIMIT", 0), mock.patch.object(large_results, "RANK_WINDOW", 4):
            response = self.get("?q=zebra&sort=newest")
        self.assertEqual(response.context["paginator"].count, 4)
        self.assertContains(response, "The pages reach the first 4.")
        self.assertEqual(self.slugs(response), [f"zebra-{i:02}" for i in (11, 10, 9, 8)])


class NoLabelsOnSQLiteOrSmallSearchesTests(ManyMatchesTestCase):
    def test_small_search_has_neither_note(self):
        response = self.get("?q=zebra&sort=newest")
        self.assertNotContains(response, WINDOW_NOTE)
        self.assertNotContains(response, ESTIMATE_NOTE)
        self.assertContains(response, "12 stories matching “zebra”")


@postgres_only
class KindKeysTests(SearchTestCase):
    """The kind filter reads kinds copied onto each article (PostgreSQL); they follow the cited flights."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        refresh_search_vectors()

    def slugs(self, query: str) -> set[str]:
        cache.clear()
        return {article.slug for article in self.client.get(URL + query).context["articles"]}

    def test_changing_a_cited_flights_kind_moves_its_stories(self):
        self.assertEqual(self.slugs("?kind=removal"), {"guatemala-flights"})
        with self.captureOnCommitCallbacks(execute=True):
            self.n.guatemala.kind = Flight.Kind.RETURN
            self.n.guatemala.save()
        self.assertEqual(self.slugs("?kind=removal"), set())
        self.assertEqual(self.slugs("?kind=return"), {"guatemala-flights"})


class CachedPlainCountTests(ManyMatchesTestCase):
    def test_a_count_cached_as_a_plain_number_reads_as_exact(self):
        # Facet counts cached before the count said how it was reached hold a plain number, exact then.
        with mock.patch("articles.views.cached_facets", return_value=({}, 12)):
            response = self.get("?q=zebra&sort=newest")
        self.assertEqual(response.context["tally"], Tally(12))
        self.assertContains(response, "12 stories matching “zebra”")
