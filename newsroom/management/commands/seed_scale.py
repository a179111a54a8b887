"""Fill the database with realistic synthetic flights and articles for benchmarks (never in production)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction

from flights.airports import load_airports
from flights.models import Airport
from newsroom.seeding import Seeder


class Command(BaseCommand):
    help = "Add N synthetic articles and M flights (with sources, claims, authors, topics) in bulk."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--flights", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1, help="Random seed; the same seed makes the same data.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if Airport.objects.count() < 1000:
            self.stdout.write("Loading airports first…")
            load_airports()

        def log(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {message}")

        with transaction.atomic():
            Seeder(articles=options["articles"], flights=options["flights"], seed=options["seed"], log=log).run()
        # VACUUM cannot run inside a transaction (as when a test calls the command).
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Filling the vectors rewrote every article row; compact the table so searches read half the pages.
            log("compacting articles…")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (FULL, ANALYZE) articles_article")
                cursor.execute("VACUUM ANALYZE")
        log("done")
