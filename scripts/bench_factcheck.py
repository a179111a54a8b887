"""Time the fact check per article with the 43,000-row ICE Air legs file imported: median and p95, and query counts.

    python scripts/bench_factcheck.py [--sqlite PATH] [--postgres URL] [--repeat N]

For each database (SQLite file and PostgreSQL database nr_factcheck_bench by default) it imports the ICE Air
legs file and the demo records when the database does not hold them yet, then checks: the demo articles
(check_article), every corpus case as a story (check_story), and stories that cite ICE Air flights to the
countries with the most flights (thousands each), with counts, dates, "first since", ordinals and flight
counts in them. It prints one table row per database and kind of story: wall and CPU milliseconds (median and
p95) and queries (median and max) per story.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ICE_AIR = REPO / "data" / "ice-air"
LEGS = ICE_AIR / "uwchr_arts_legs_fy2011_fy2019.csv"
AIRPORTS = ICE_AIR / "uwchr_arts_airports.csv"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/nr_factcheck_bench"
DEFAULT_SQLITE = "/tmp/nr_factcheck_bench.sqlite3"


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_PLAIN_STATIC": "1",
    }


def _manage(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=_env(database_url), capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(database_url: str) -> None:
    """Migrate, import the legs file and load the demo, unless the database already holds them."""
    if database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    _manage(database_url, "migrate", "--noinput", "-v0")
    count = _manage(
        database_url, "shell", "-c", "from flights.models import Flight; print(Flight.objects.count())"
    ).split()[-1]
    if int(count) < 40000:
        print(f"importing {LEGS.name} into {database_url} …", flush=True)
        _manage(
            database_url,
            "import_flights",
            str(LEGS),
            "--format",
            "arts-legs",
            "--skip-invalid",
            "--airports",
            str(AIRPORTS),
        )
        _manage(database_url, "load_demo")


def _stories_for_big_countries() -> list[tuple[str, list[str], object]]:
    """Stories citing one ICE Air flight to each of the countries with the most flights."""
    import datetime

    from django.db.models import Count

    from flights.models import Flight

    stories = []
    countries = (
        Flight.objects.removals()
        .exclude(destination_country="US")
        .values("destination_country")
        .annotate(n=Count("id"))
        .order_by("-n")[:6]
    )
    for row in countries:
        flight = (
            Flight.objects.removals()
            .filter(destination_country=row["destination_country"], passengers_total__isnull=False)
            .order_by("-departed_earliest")
            .first()
        )
        if flight is None:
            continue
        name = flight.destination_country.name
        day = flight.departed_earliest
        text = (
            f"ICE removes {flight.passengers_total + 7} to {name}\n\n"
            f"The removal flight left on {day:%B} {day.day}, {day.year}, with {flight.passengers_total} people aboard, "
            f"ICE said. Some reports put the number at {flight.passengers_total + 12}.\n\n"
            f"It was the first such flight to {name} since 2016 and the 40th removal flight to {name} this year, "
            f"according to the agency. ICE has flown more than 300 flights to {name} since January 2018.\n\n"
            f"The previous flight, on {(day - datetime.timedelta(days=2)):%B %d}, carried about 130 deportees, "
            "and no women were aboard."
        )
        stories.append((flight.slug, [flight.slug], text))
    return stories


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def bench(database_url: str, repeat: int) -> list[tuple[str, str, int, float, float, float, float, int, int]]:
    """Runs in a child process per database: Django is set up once per process."""
    import django

    os.environ.update(_env(database_url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(REPO))
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.factcheck import check_article, check_story
    from articles.factcheck.evaluation import load_cases
    from articles.models import Article
    from flights.models import Flight

    kinds: dict[str, list] = {
        "demo articles": [(a.slug, lambda a=a: check_article(a)) for a in Article.objects.all()],
        "corpus cases": [
            (
                c["id"],
                lambda c=c: check_story(
                    headline="", dek="", body=c["text"], cited=list(c["flights"]), published_on=c["published_on"]
                ),
            )
            for c in load_cases(REPO / "tests" / "articles" / "factcheck_corpus")
        ],
        "ICE Air stories": [
            (
                slug,
                lambda cited=cited, text=text: check_story(
                    headline="", dek="", body=text, cited=cited, published_on=None
                ),
            )
            for slug, cited, text in _stories_for_big_countries()
        ],
    }
    rows = []
    flights = Flight.objects.count()
    for kind, checks in kinds.items():
        timings, cpu, queries = [], [], []
        for _name, run in checks:
            run()  # warm: the first check of a story pays for imports and connection setup
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    run()
                    timings.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                queries.append(len(captured))
        rows.append(
            (
                "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
                kind,
                len(checks),
                statistics.median(timings),
                _percentile(timings, 0.95),
                statistics.median(cpu),
                _percentile(cpu, 0.95),
                int(statistics.median(queries)),
                max(queries),
            )
        )
    print(f"# {flights} flights in the database")
    for row in rows:
        print("ROW\t" + "\t".join(str(v) for v in row))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", default=DEFAULT_SQLITE, help="SQLite file to use (imported when missing)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL ('' to skip)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per story")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        bench(args.child, args.repeat)
        return 0
    urls = [f"sqlite:///{args.sqlite}"] + ([args.postgres] if args.postgres else [])
    # Wall time waits for the CPU on a busy machine; CPU time of this process (with SQLite, the database's work
    # too) does not, so both are shown, with the load average.
    print(f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    header = ("database", "stories", "n", "median ms", "p95 ms", "cpu med ms", "cpu p95 ms", "queries", "max q")
    print(f"{header[0]:11} {header[1]:16} {header[2]:>4} " + " ".join(f"{h:>10}" for h in header[3:]))
    for url in urls:
        prepare(url)
        child = subprocess.run(
            [sys.executable, __file__, "--child", url, "--repeat", str(args.repeat)],
            cwd=REPO,
            env=_env(url),
            capture_output=True,
            text=True,
        )
        if child.returncode != 0:
            sys.exit(f"benchmark on {url} failed:\n{child.stderr}")
        print(f"# load average {os.getloadavg()[0]:.1f} after the run")
        for line in child.stdout.splitlines():
            if line.startswith("# "):
                print(line)
            elif line.startswith("ROW\t"):
                db, kind, n, median, p95, cpu_median, cpu_p95, queries, max_queries = line.split("\t")[1:]
                timings = " ".join(f"{float(v):>10.1f}" for v in (median, p95, cpu_median, cpu_p95))
                print(f"{db:11} {kind:16} {n:>4} {timings} {queries:>10} {max_queries:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
