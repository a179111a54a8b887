"""Random query strings never make the archive, the flight database or the downloads fail (no 5xx)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.search import refresh_search_vectors
from tests.search_data import Newsroom

ARCHIVE_KEYS = ["q", "date_from", "date_to", "topic", "author", "country", "kind", "year", "has_corrections", "sort"]
FLIGHT_KEYS = [
    "date_from", "date_to", "kind", "origin", "destination", "country", "operator", "passengers_min",
    "passengers_max", "nationality", "source", "year", "disputed", "sort",
]  # fmt: skip
# Any text but lone surrogates, which cannot be put in a URL at all.
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
plausible = st.sampled_from(
    ["", "0", "-1", "abc", "2025-06-03", "2025-13-45", "99999999999999999999", "CN", "cn", "KDFW", "DFW",
     "china", "removals", "li-wei", "globalx", "shrc", "2024", "1e9", "on", "\x00", "'; DROP TABLE", '"', "-", "or",
     "²", "٣"]
)  # fmt: skip
value = st.one_of(text, plausible)


def query_strings(keys: list[str]) -> st.SearchStrategy[str]:
    pairs = st.lists(st.tuples(st.one_of(st.sampled_from([*keys, "page"]), text), value), max_size=12)
    return pairs.map(lambda items: urlencode(items))


class FuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        Newsroom()
        refresh_search_vectors()

    def assertNoServerError(self, url: str) -> None:
        cache.clear()
        response = self.client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        self.assertLess(response.status_code, 500, url)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query_strings(ARCHIVE_KEYS))
    def test_archive(self, query: str) -> None:
        self.assertNoServerError(reverse("articles:list") + "?" + query)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query_strings(FLIGHT_KEYS))
    def test_flight_database(self, query: str) -> None:
        self.assertNoServerError(reverse("flights:list") + "?" + query)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(query_strings(FLIGHT_KEYS), st.sampled_from(["flights:download_csv", "flights:download_json"]))
    def test_downloads(self, query: str, name: str) -> None:
        self.assertNoServerError(reverse(name) + "?" + query)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(ARCHIVE_KEYS), min_size=1, max_size=3), st.integers(100, 900), value)
    def test_hundreds_of_repeated_parameters(self, keys: list[str], times: int, repeated: str) -> None:
        query = urlencode([(key, repeated) for key in keys for _ in range(times // len(keys))])
        self.assertNoServerError(reverse("articles:list") + "?" + query)
        self.assertNoServerError(reverse("flights:list") + "?" + query)
