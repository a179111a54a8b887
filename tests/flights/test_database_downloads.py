"""CSV and JSON downloads of the flight database: exactly the filtered flights, all of them, with their sources."""

from __future__ import annotations

import csv
import io
import json
from unittest import mock

from django.urls import reverse

from flights import exchange
from tests.search_data import Newsroom, SearchTestCase, make_flight

CSV_URL = reverse("flights:download_csv")
JSON_URL = reverse("flights:download_json")
COLUMNS = exchange.COLUMNS


class DownloadTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.n = Newsroom()

    def csv_rows(self, query: str = "") -> list[dict[str, str]]:
        response = self.client.get(CSV_URL + query)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        text = b"".join(response.streaming_content).decode()
        reader = csv.DictReader(io.StringIO(text))
        self.assertEqual(reader.fieldnames, COLUMNS)
        return list(reader)

    def json_rows(self, query: str = "") -> list[dict]:
        response = self.client.get(JSON_URL + query)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        document = json.loads(b"".join(response.streaming_content))
        self.assertEqual(document["format"], "newsroom-flights")
        return document["flights"]

    def listed(self, query: str) -> int:
        return self.client.get(reverse("flights:list") + query).context["paginator"].count

    def test_csv_is_an_attachment_with_the_newsroom_columns(self):
        response = self.client.get(CSV_URL)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('attachment; filename="flights.csv"', response["Content-Disposition"])

    def test_rows_equal_the_filtered_count_for_every_filter_combination(self):
        for query in [
            "",
            "?country=CN",
            "?passengers_min=100&origin=KDFW",
            "?disputed=1",
            "?kind=transfer",
            "?year=1999",
        ]:
            with self.subTest(query=query):
                self.assertEqual(len(self.csv_rows(query)), self.listed(query))
                self.assertEqual(len(self.json_rows(query)), self.listed(query))

    def test_all_rows_not_just_one_page(self):
        for i in range(60):
            make_flight(f"bulk-{i}", day="2020-01-01", destination_country="HN")
        self.assertEqual(len(self.csv_rows("?country=HN&page=1")), 60)

    def test_row_carries_the_flight_page_and_its_sources(self):
        (row,) = self.csv_rows("?destination=ZBAA")
        self.assertEqual(row["slug"], "2025-06-03-dallas-prc-shrc")
        self.assertEqual(row["url"], "http://testserver/flights/2025-06-03-dallas-prc-shrc/")
        self.assertEqual(row["origin"], "KDFW")
        self.assertEqual(row["destination_country"], "CN")
        self.assertEqual(row["operator"], "GlobalX")
        self.assertEqual(row["passengers_total"], "122")
        # Only accepted claims back a value; the disputed tracker claim is not a source of it.
        self.assertEqual(row["source_urls"], "https://www.ice.gov/news/china")

    def test_a_source_without_a_link_points_to_its_page_here(self):
        (row,) = self.json_rows("?nationality=GT")
        self.assertEqual(row["source_urls"], ["http://testserver/flights/sources/tracker-june/"])

    def test_unreported_counts_are_empty_in_csv_and_null_in_json_never_zero(self):
        (row,) = self.csv_rows("?kind=transfer")
        self.assertEqual(row["passengers_total"], "")
        (item,) = self.json_rows("?kind=transfer")
        self.assertIsNone(item["passengers_total"])
        self.assertEqual(list(item), COLUMNS)

    def test_range_dates_are_both_given(self):
        (row,) = self.csv_rows("?kind=charter_removal")
        self.assertEqual((row["departed_earliest"], row["departed_latest"]), ("2024-06-21", "2024-06-23"))

    def test_order_follows_the_chosen_sort(self):
        slugs = [row["slug"] for row in self.csv_rows("?sort=most_passengers")]
        self.assertEqual(slugs[0], "2025-06-03-dallas-prc-shrc")
        self.assertEqual(slugs[-1], "2023-09-01-transfer")

    def test_rows_and_sources_stay_right_across_batches(self):
        with mock.patch.object(exchange, "CHUNK_SIZE", 1):
            rows = self.csv_rows()
        self.assertEqual(len(rows), 4)
        by_slug = {row["slug"]: row["source_urls"] for row in rows}
        self.assertEqual(by_slug["2025-02-11-alexandria-guatemala"], "http://testserver/flights/sources/tracker-june/")
        self.assertEqual(by_slug["2023-09-01-transfer"], "")

    def test_queries_do_not_grow_with_rows(self):
        # Per batch of CHUNK_SIZE flights: the rows, their claims, their legs, and the sources not yet seen;
        # once, the next release of a held record (how long the download may be kept).
        for i in range(30):
            make_flight(f"more-{i}", day="2020-01-01", destination_country="HN")
        with mock.patch.object(exchange, "CHUNK_SIZE", 1000), self.assertNumQueries(5):
            self.csv_rows()

    def test_bad_filters_are_ignored_not_an_error(self):
        rows = self.csv_rows("?passengers_min=abc&country=CN&date_from=2025-02-30")
        self.assertEqual(len(rows), 2)
        self.assertEqual(len(self.json_rows("?origin=NOPE")), 4)
