"""The article archive: query, filters, facets, chips, snippets, paging; on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from articles.models import Article
from articles.search import marked_html, refresh_search_vectors
from tests.search_data import Newsroom, SearchTestCase, make_article

URL = reverse("articles:list")


class ArchiveTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        refresh_search_vectors()  # on_commit never fires inside a test's transaction

    def slugs(self, query: str = "") -> list[str]:
        response = self.client.get(URL + query)
        self.assertEqual(response.status_code, 200)
        return [article.slug for article in response.context["articles"]]

    def facet(self, query: str, name: str) -> dict[str, int]:
        response = self.client.get(URL + query)
        return {item.label: item.count for item in response.context["facets"][name]}


class QueryTests(ArchiveTestCase):
    def test_lists_only_published_articles_newest_first(self):
        self.assertEqual(self.slugs(), ["charter-to-china", "guatemala-flights", "first-since-2018", "court-ruling"])

    def test_query_finds_articles_with_the_word_and_never_drafts_or_scheduled(self):
        self.assertCountEqual(self.slugs("?q=china"), ["charter-to-china", "first-since-2018"])

    def test_query_needs_every_word(self):
        self.assertEqual(self.slugs("?q=charter+weekend"), ["first-since-2018"])

    def test_query_is_case_insensitive(self):
        self.assertEqual(self.slugs("?q=GUATEMALA"), ["guatemala-flights"])

    def test_a_query_matching_nothing_says_so(self):
        response = self.client.get(URL + "?q=zeppelin")
        self.assertContains(response, "No stories match")


class FilterTests(ArchiveTestCase):
    def test_publish_date_range_includes_whole_end_day(self):
        self.assertEqual(self.slugs("?date_from=2025-01-01"), ["charter-to-china", "guatemala-flights"])
        self.assertEqual(self.slugs("?date_to=2024-12-31"), ["first-since-2018", "court-ruling"])
        self.assertEqual(self.slugs("?date_from=2025-06-10&date_to=2025-06-10"), ["charter-to-china"])

    def test_topic_values_combine_with_or(self):
        self.assertEqual(self.slugs("?topic=china"), ["charter-to-china", "first-since-2018"])
        self.assertEqual(
            self.slugs("?topic=china&topic=courts"), ["charter-to-china", "first-since-2018", "court-ruling"]
        )

    def test_author(self):
        self.assertEqual(self.slugs("?author=li-wei"), ["charter-to-china", "first-since-2018"])

    def test_destination_country_of_cited_flights(self):
        self.assertEqual(self.slugs("?country=GT"), ["guatemala-flights"])
        self.assertEqual(self.slugs("?country=CN"), ["charter-to-china", "first-since-2018"])

    def test_kind_of_cited_flights(self):
        self.assertEqual(self.slugs("?kind=shrc"), ["charter-to-china"])

    def test_has_corrections(self):
        self.assertEqual(self.slugs("?has_corrections=on"), ["first-since-2018"])

    def test_year(self):
        self.assertEqual(self.slugs("?year=2025"), ["charter-to-china", "guatemala-flights"])

    def test_filters_combine_with_and(self):
        self.assertEqual(self.slugs("?topic=removals&author=ana-reyes&country=GT"), ["guatemala-flights"])

    def test_sort_oldest_and_newest(self):
        self.assertEqual(self.slugs("?sort=oldest")[0], "court-ruling")
        self.assertEqual(self.slugs("?sort=newest")[0], "charter-to-china")

    def test_relevance_without_a_query_reads_newest_first(self):
        self.assertEqual(self.slugs("?sort=relevance")[0], "charter-to-china")


class FacetTests(ArchiveTestCase):
    def test_counts_without_filters(self):
        self.assertEqual(self.facet("", "topic"), {"Removals": 2, "China": 2, "Courts": 1})
        self.assertEqual(self.facet("", "year"), {"2025": 2, "2024": 1, "2023": 1})
        self.assertEqual(self.facet("", "country"), {"China": 2, "Guatemala": 1})

    def test_each_facet_counts_under_the_other_filters(self):
        query = "?topic=china&author=ana-reyes"
        # Topic counts ignore the topic filter but keep the author: Ana wrote about removals twice.
        self.assertEqual(self.facet(query, "topic"), {"Removals": 2, "China": 1, "Courts": 1})
        # Author counts keep the topic: of the China stories Li wrote two, Ana one.
        self.assertEqual(self.facet(query, "author"), {"Li Wei": 2, "Ana Reyes": 1})
        self.assertEqual(self.facet(query, "year"), {"2025": 1})

    def test_total_matches_the_results(self):
        response = self.client.get(URL + "?q=china&year=2024&year=2025")
        self.assertEqual(response.context["paginator"].count, 2)
        self.assertContains(response, "2 stories matching")

    def test_facet_links_add_a_value_and_selected_links_remove_it(self):
        response = self.client.get(URL + "?topic=china")
        items = {item.value: item for item in response.context["facets"]["topic"]}
        self.assertTrue(items["china"].selected)
        self.assertEqual(items["china"].url, "?")
        self.assertEqual(items["courts"].url, "?topic=china&topic=courts")
        # The form lists the same values as checkboxes, the chosen one first and ticked.
        html = response.content.decode()
        self.assertRegex(html, r'<input type="checkbox" name="topic" value="china" checked>')
        self.assertRegex(html, r'<input type="checkbox" name="topic" value="courts">')
        self.assertLess(html.index('value="china" checked'), html.index('name="topic" value="courts"'))


class ChipTests(ArchiveTestCase):
    def test_active_filters_show_as_removable_chips(self):
        response = self.client.get(URL + "?topic=china&topic=courts&author=li-wei&has_corrections=1")
        chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
        self.assertEqual(
            chips,
            {
                "Topic: China": "?topic=courts&author=li-wei&has_corrections=1",
                "Topic: Courts": "?topic=china&author=li-wei&has_corrections=1",
                "Author: Li Wei": "?topic=china&topic=courts&has_corrections=1",
                "Has corrections": "?topic=china&topic=courts&author=li-wei",
            },
        )
        self.assertContains(response, "Clear all filters")

    def test_invalid_values_make_no_chip(self):
        response = self.client.get(URL + "?topic=nope&date_from=yesterday")
        self.assertEqual(response.context["chips"], [])


class SnippetTests(ArchiveTestCase):
    def test_matched_words_are_marked(self):
        response = self.client.get(URL + "?q=dallas")
        self.assertContains(response, "<mark>Dallas</mark>")

    def test_snippet_text_is_escaped(self):
        response = self.client.get(URL + "?q=court")
        self.assertContains(response, "<mark>court</mark> said transfers must stop")
        self.assertNotContains(response, "<script>")

    def test_only_the_markers_become_html(self):
        self.assertEqual(
            marked_html('a <b>"x"</b> \ue000flight\ue001 \ue000stray'),
            "a &lt;b&gt;&quot;x&quot;&lt;/b&gt; <mark>flight</mark> stray",
        )

    def test_citation_shortcodes_do_not_show(self):
        response = self.client.get(URL + "?q=aboard")
        self.assertNotContains(response, "{{ flight:")

    def test_result_shows_headline_dek_date_and_byline(self):
        response = self.client.get(URL + "?q=dallas")
        self.assertContains(response, "ICE charter flight returns 122 people to China")
        self.assertContains(response, "The removal flight left Dallas with 96 men and 26 women.")
        self.assertContains(response, "June 10, 2025")
        ana, li = (
            '<a href="/articles/authors/ana-reyes/">Ana Reyes</a>',
            '<a href="/articles/authors/li-wei/">Li Wei</a>',
        )
        self.assertContains(response, f"By {ana} and {li}")

    def test_query_is_echoed_escaped(self):
        response = self.client.get(URL, {"q": "<b>china</b>"})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<b>china</b>")


class PagingTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()
        for i in range(25):
            make_article(f"extra-{i:02}", day=f"2022-01-{i + 1:02}", topics=[cls.n.courts])
        refresh_search_vectors()

    def test_next_page_link_keeps_every_filter_including_repeated_keys(self):
        response = self.client.get(URL + "?topic=courts&topic=china&sort=oldest")
        self.assertContains(response, 'href="?topic=courts&amp;topic=china&amp;sort=oldest&amp;page=2"')
        second = self.client.get(URL + "?topic=courts&topic=china&sort=oldest&page=2")
        self.assertEqual(len(second.context["articles"]), 28 - 20)

    def test_page_that_is_not_a_number_shows_the_first_page_with_a_message(self):
        for page in ("abc", "²", "1.5", ""):
            response = self.client.get(URL, {"page": page, "q": "text"})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.context["page_obj"].number, 1)
        response = self.client.get(URL + "?page=abc")
        self.assertContains(response, "That is not a page number")

    def test_page_past_the_end_shows_the_last_page_with_a_message(self):
        response = self.client.get(URL + "?page=99")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page_obj"].number, 2)
        self.assertContains(response, "There are only 2 pages")

    def test_query_count_does_not_grow_with_page_size_or_data(self):
        # 1 topic choice check; the facets: on PostgreSQL one statement (year — which also gives the total —
        # topic, author, country), elsewhere one query each; 1 the next scheduled story and 1 the next release
        # of a held flight (the country facet counts cited flights; how long counts may be kept, each asked
        # once until a story or a flight changes), 1 page of articles, 1 authors prefetch. The form's
        # checkbox lists are the facets: no option lists of their own. On PostgreSQL a text query first asks the
        # planner how many stories it may match (EXPLAIN, no rows read), to count from a sample when too many.
        expected = 7 if connection.vendor == "postgresql" else 9
        url = URL + "?q=text&topic=courts"
        with self.assertNumQueries(expected):
            first = self.client.get(url)
        for i in range(30):
            make_article(f"more-{i}", day="2021-05-05", topics=[self.n.courts], authors=[self.n.ana, self.n.li])
        refresh_search_vectors()
        cache.clear()
        with self.assertNumQueries(expected):
            second = self.client.get(url)
        self.assertGreater(second.context["paginator"].count, first.context["paginator"].count)
        self.assertEqual(len(second.context["articles"]), 20)

    def test_facets_are_reused_while_the_page_may_be_cached(self):
        url = URL + "?q=text&topic=courts"
        self.client.get(url)
        # The same valid filters again: no facet queries, only the topic check, page and authors.
        with self.assertNumQueries(3):
            response = self.client.get(url + "&unknown=1")
        self.assertEqual(response.context["facets"]["topic"][0].url, "?q=text&unknown=1")


class BadInputTests(ArchiveTestCase):
    def assertFieldError(self, query: str, field: str, message: str) -> None:
        response = self.client.get(URL + query)
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, " ".join(response.context["form"].errors[field]))
        # The message sits next to its field, which says it is invalid and points at the message.
        self.assertContains(response, f'id="id_{field}_error"')
        self.assertRegex(response.content.decode(), f'aria-describedby="[^"]*id_{field}_error')
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, message.replace('"', "&quot;"))

    def test_malformed_date(self):
        self.assertFieldError("?date_from=2025-13-01", "date_from", "Enter a date as YYYY-MM-DD")

    def test_date_far_in_the_future(self):
        self.assertFieldError("?date_to=9999-12-31", "date_to", "Enter a date between 1900 and 2100")

    def test_end_before_start(self):
        self.assertFieldError("?date_from=2025-01-01&date_to=2024-01-01", "date_to", "Ends before the start date")

    def test_unknown_topic(self):
        self.assertFieldError("?topic=nope", "topic", "Select a valid choice")

    def test_unknown_country_and_kind(self):
        self.assertFieldError("?country=XX", "country", "Select a valid choice")
        self.assertFieldError("?kind=rocket", "kind", "Select a valid choice")

    def test_query_over_200_characters(self):
        self.assertFieldError("?q=" + "a" * 201, "q", "at most 200 characters")

    def test_invalid_filter_is_ignored_and_valid_ones_still_apply(self):
        self.assertEqual(self.slugs("?topic=china&date_from=nonsense"), ["charter-to-china", "first-since-2018"])

    def test_hundreds_of_repeated_parameters(self):
        self.assertEqual(self.slugs("?" + "&".join(["topic=china"] * 400)), ["charter-to-china", "first-since-2018"])
        many = "&".join(f"topic=t{i}" for i in range(300))
        self.assertFieldError("?" + many, "topic", "Choose at most 25")

    def test_null_character(self):
        response = self.client.get(URL, {"q": "china\x00", "topic": "china\x00"})
        self.assertEqual(response.status_code, 200)


class CacheTests(ArchiveTestCase):
    def test_archive_is_publicly_cacheable(self):
        response = self.client.get(URL + "?q=china")
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age", response["Cache-Control"])


class NotPublishedTests(ArchiveTestCase):
    def test_withdrawn_articles_never_count_in_facets(self):
        Article.objects.filter(slug="court-ruling").update(status=Article.Status.WITHDRAWN)
        self.assertEqual(self.facet("", "topic"), {"Removals": 2, "China": 2})
