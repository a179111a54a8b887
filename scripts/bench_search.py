"""Benchmark the archive, the flight database and the CSV download through the real URL stack."""

# Run with `make bench-search` against a seeded PostgreSQL database (seeds it first if it is nearly empty).
# Prints p50/p95 server time and SQL queries per request for each case; CSV time and peak memory growth.

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_PLAIN_STATIC", "1")
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")  # the timings are printed here, not logged per request
# Every request must be real work: no whole-page cache (its per-process copy survives cache.clear()).
os.environ.setdefault("PAGE_CACHE", "0")
# Nor kept listings: the same request twice would be served from the first one's HTML.
os.environ.setdefault("KEPT_LISTINGS", "0")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles import search  # noqa: E402
from articles.models import Article, Author, Topic  # noqa: E402
from flights.models import Flight, Operator  # noqa: E402

QUERIES = [
    "china", "guatemala removal", '"removal flight" honduras', "asylum -children", "judge", "alexandria",
    "charter ecuador", "globalx contractor", "deportation flight mexico", "consulate", "el salvador",
    "detention texas", "flight tracking", "venezuela or haiti", "families", "india charter", "minors",
    "final orders", "public records", "dallas", "witnesses airport", "brazil", "peru removal", "omni air",
]  # fmt: skip
# Queries by how much of the 100,000 seeded articles they match (96,011 published; measured on seed 1):
# the cost of a search grows with its matches, so each band is its own case.
QUERIES_5 = ["omni air", "eastern air", "key lime", "la ceiba", "san salvador", "seattle"]  # 4.7 to 6.8%
QUERIES_25 = ["judge", "families", "detention", "spokesperson", "question", "documented", "mexico"]  # 22 to 26%
QUERIES_COMMON = ["flight", "airport", "removal", "said"]  # 83 to 98%
COUNTRIES = ["GT", "HN", "MX", "SV", "CO", "EC", "CN", "IN", "HT", "VE", "BR", "PE"]
KINDS = ["removal", "charter_removal", "shrc", "transfer", "return"]


def matches(url: str, cache_: dict[str, int]) -> int:
    """How many published articles the URL's query matches (counted apart, untimed)."""
    text = parse_qs(urlsplit(url).query).get("q", [""])[0]
    if text not in cache_:
        found = Article.objects.published()
        if text:
            found = search.match_text(found, text)
        cache_[text] = found.count()
    return cache_[text]


def measure(client: Client, urls: list[str], failed: list[str] | None = None) -> tuple[list[float], list[int]]:
    """Server time and SQL queries per URL; a URL answering other than 200 goes to `failed` (else stops the run)."""
    times: list[float] = []
    queries: list[int] = []
    for url in urls:
        # Cold numbers: facet counts are cached between requests in production, never here.
        cache.clear()
        # The query log is a deque capped at 9,000 entries: past that, a capture sees no growth.
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or not body:
            if failed is None:
                raise SystemExit(f"{url} answered {response.status_code}")
            # A statement timeout (503) is a result to report, timed like the others, not a reason to stop.
            failed.append(f"{url} answered {response.status_code}")
        queries.append(len(captured))
    return times, queries


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def row(name: str, times: list[float], queries: list[int], target: str, shares: list[float] | None = None) -> str:
    q = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)} to {max(queries)}"
    matched = f"{min(shares):.1%} to {max(shares):.1%}" if shares else "–"
    timing = f"{len(times)} | {p(times, 50):.1f} | {p(times, 95):.1f}"
    return f"| {name} | {matched} | {timing} | {q} | {os.getloadavg()[0]:.1f} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per case")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV download")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the targets are for PostgreSQL", file=sys.stderr)
    if Article.objects.count() < 50_000:
        print("Seeding 100,000 articles and 50,000 flights first…", flush=True)
        call_command("seed_scale", articles=100_000, flights=50_000)
    rng = random.Random(7)
    topics = list(Topic.objects.values_list("slug", flat=True))
    authors = list(Author.objects.values_list("slug", flat=True)[:40])
    operators = list(Operator.objects.values_list("slug", flat=True))
    n = args.requests
    counts = f"{Article.objects.count():,} articles, {Flight.objects.count():,} flights"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{counts}; {n} requests per case; load average {load} on {os.cpu_count()} CPUs", flush=True)

    def archive_query(queries: list[str] = QUERIES) -> str:
        return f"/articles/?q={rng.choice(queries)}&page={rng.choice([1, 1, 1, 2, 3])}"

    def archive_filtered(queries: list[str] = QUERIES) -> str:
        q = rng.choice(queries)
        pairs = [
            f"topic={rng.choice(topics)}",
            f"year={rng.randrange(2016, 2027)}",
            f"country={rng.choice(COUNTRIES)}",
            f"author={rng.choice(authors)}",
            f"date_from={rng.randrange(2016, 2025)}-01-01",
            f"kind={rng.choice(KINDS)}",
        ]
        return f"/articles/?q={q}&" + "&".join(rng.sample(pairs, 2)) + f"&sort={rng.choice(['relevance', 'newest'])}"

    def flights_filtered() -> str:
        pairs = [
            f"country={rng.choice(COUNTRIES)}",
            f"passengers_min={rng.randrange(50, 200)}",
            f"kind={rng.choice(KINDS)}",
            f"operator={rng.choice(operators)}",
            f"date_from={rng.randrange(2018, 2026)}-0{rng.randrange(1, 10)}-01",
            f"year={rng.randrange(2018, 2027)}",
            "disputed=1",
            "origin=KDFW",
        ]
        sort = rng.choice(["newest", "oldest", "most_passengers"])
        return "/flights/?" + "&".join(rng.sample(pairs, 3)) + f"&sort={sort}&page={rng.choice([1, 1, 2])}"

    client = Client()
    cases: list[tuple[str, Callable[[], str], str]] = [
        ("archive, query", archive_query, "p95 ≤ 150 ms"),
        ("archive, query + 2 filters + facets", archive_filtered, "p95 ≤ 150 ms"),
        ("archive, ~5% query + facets", lambda: archive_query(QUERIES_5), "p95 ≤ 150 ms"),
        ("archive, ~25% query + facets", lambda: archive_query(QUERIES_25), "p95 ≤ 150 ms"),
        ("archive, ~25% query + 2 filters + facets", lambda: archive_filtered(QUERIES_25), "p95 ≤ 150 ms"),
        ("archive, very common word + facets", lambda: archive_query(QUERIES_COMMON), "p95 ≤ 150 ms"),
        ("flight database, 3 filters + facets", flights_filtered, "p95 ≤ 100 ms"),
    ]
    lines = [
        "| case | query matches | requests | p50 ms | p95 ms | SQL queries | load (1 min) | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    counted: dict[str, int] = {}
    published = Article.objects.published().count()
    for name, make_url, target in cases:
        if args.only not in name:
            continue
        measure(client, [make_url() for _ in range(10)], [])  # warm caches and connections
        urls = [make_url() for _ in range(n)]
        failed: list[str] = []
        times, queries = measure(client, urls, failed)
        if failed:
            target += f"; **{len(failed)} failed**, e.g. {failed[0]}"
        # The share of published articles the query text matches (before any other filter), counted untimed.
        share = [matches(url, counted) / published for url in urls] if name.startswith("archive") else None
        lines.append(row(name, times, queries, target, share))
        print(lines[-1], flush=True)
        if name in ("archive, query", "archive, query + 2 filters + facets") and share:
            # The mixed cases: show selective and common queries apart.
            for label, keep in (("≤ 5% of articles", lambda s: s <= 0.05), ("> 5% of articles", lambda s: s > 0.05)):
                picked = [i for i, s in enumerate(share) if keep(s)]
                if picked:
                    sub = [times[i] for i in picked], [queries[i] for i in picked]
                    lines.append(row(f"{name}: {label}", *sub, target, [share[i] for i in picked]))
                    print(lines[-1], flush=True)

    if args.no_csv:
        print("\n".join(["", *lines, "", f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"]))
        return
    # The download: time without tracing (tracemalloc slows Python down), then peak memory growth with it.
    flights = Flight.objects.count()
    durations = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get("/flights/flights.csv")
        lines_out = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        durations.append(time.perf_counter() - started)
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    response = client.get("/flights/flights.csv")
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    lines.append(
        f"| CSV download, all {flights:,} flights ({lines_out - 1:,} rows) | – | 3 | "
        f"{statistics.median(durations):.2f} s (median) | {max(durations):.2f} s (max) | "
        f"peak memory growth {peak / 1e6:.1f} MB | "
        f"{os.getloadavg()[0]:.1f} | ≤ 5 s, ≤ 50 MB |"
    )
    print(lines[-1])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print("\n".join(["", *lines, "", f"load average at the end: {load}"]))


if __name__ == "__main__":
    main()
