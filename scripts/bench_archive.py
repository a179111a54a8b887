"""Benchmark the ICE Air archive pages: country, airport, index and grouped views at full size.

Run with `make bench-archive` (PostgreSQL database nr_iceair_bench by default): loads airports, the demo
and the full ICE Air files (legs, missions, Guatemala) when they are not there yet, then requests each
page through the real URL stack with the cache cleared before every request (so facet counts and
everything else are computed by the database each time: every request is a page-cache miss). Prints
p50/p95 server time, the median time spent in SQL, and SQL queries, and whether the archive summary
(flights.archive_summary) was current, i.e. read by the pages.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
# Every request real work: no whole-page cache, no kept listings (their copies in this process outlive
# cache.clear(), though the tokens it clears already make them miss).
os.environ.setdefault("PAGE_CACHE", "0")
os.environ.setdefault("KEPT_LISTINGS", "0")

import django

django.setup()
# One JSON line per request would bury the table; the timings are measured here.
logging.getLogger("newsroom.requests").setLevel(logging.WARNING)

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from flights.archive_summary import summary_records  # noqa: E402
from flights.models import Airport, Flight  # noqa: E402

CASES = [
    ("country GT", "/flights/country/GT/"),
    ("country MX", "/flights/country/MX/"),
    ("country HN page 5", "/flights/country/HN/?page=5"),
    ("country US (staging)", "/flights/country/US/"),
    ("airport KBRO", "/flights/airports/KBRO/"),
    ("airport KAEX", "/flights/airports/KAEX/"),
    ("airport MGGT", "/flights/airports/MGGT/"),
    ("countries index", "/flights/country/"),
    ("airports index", "/flights/airports/"),
    ("operators index", "/flights/operators/"),
    ("sources index", "/flights/sources/"),
    ("grouped: movements by month", "/flights/?record=movement&group=month"),
    ("grouped: movements by route", "/flights/?record=movement&group=route"),
    ("grouped: GT by pickup airport", "/flights/?record=movement&country=GT&group=origin"),
    ("grouped: 2016 by country", "/flights/?record=movement&year=2016&group=country"),
    ("grouped: flights by year", "/flights/?group=year"),
    ("aggregates.csv by route", "/flights/aggregates.csv?record=movement&group=route"),
    ("route map", "/flights/routes/"),
    ("methods page", "/data/ice-air/"),
]


def load() -> None:
    if Airport.objects.count() < 20_000:
        call_command("load_airports", stdout=io.StringIO())
    if not Flight.objects.filter(slug="2025-06-03-dallas-prc-shrc").exists():
        call_command("load_demo", stdout=io.StringIO())
    if Flight.objects.movements().count() < 46_000:
        started = time.monotonic()
        call_command("load_ice_air", stdout=io.StringIO())
        print(f"loaded the ICE Air files in {time.monotonic() - started:.0f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk import (it is off on some machines, e.g. the shared bench
        # box): statistics for every imported table (without them the planner guesses a few thousand airports
        # and scans all 28,000 to look up 200), and the visibility map that lets the covering indexes answer
        # without reading rows (the sources index counts 250,000 claims from their source index).
        with connection.cursor() as cursor:
            tables = (
                "flights_flight",
                "flights_claim",
                "flights_airport",
                "flights_archivesummary",
                "flights_archiveyearsummary",
            )
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
    if summary_records() is None:  # a database loaded before the summary existed
        call_command("refresh_ice_air_summary", stdout=io.StringIO())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="requests per page (after one warm-up)")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="keep the cache between requests (facet counts cached, as the site serves them); default: cold",
    )
    args = parser.parse_args()
    load()
    client = Client()
    counts = (Flight.objects.movements().count(), Flight.objects.flights().count())
    state = "warm (cache kept)" if args.warm else "cold (cache cleared before every request)"
    load_average = os.getloadavg()[0]
    print(
        f"{connection.vendor}: {counts[0]:,} passenger movements, {counts[1]:,} flights; {args.runs} runs each, "
        f"{state}; load average {load_average:.1f} on {os.cpu_count()} cores"
    )
    summary = "current" if summary_records() is not None else "not readable (stale, never built, or holds)"
    print(f"archive summary: {summary}")
    print("| page | p50 ms | p95 ms | SQL p50 ms | queries |\n|---|---:|---:|---:|---:|")
    for name, url in CASES:
        cache.clear()
        client.get(url)  # warm-up: connections, templates, the base-map file
        times: list[float] = []
        sql: list[float] = []
        queries = 0
        for _ in range(args.runs):
            if not args.warm:
                cache.clear()
            # The query log is a deque capped at 9,000 entries: past that, a capture sees no growth.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
            sql.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        print(
            f"| {name} | {statistics.median(times):.0f} | {percentile(times, 0.95):.0f} | "
            f"{statistics.median(sql):.0f} | {queries} |"
        )


if __name__ == "__main__":
    main()
