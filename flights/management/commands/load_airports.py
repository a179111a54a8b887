"""Load or refresh the world's airports from the airportsdata package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from flights.airports import load_airports
from flights.models import Airport


class Command(BaseCommand):
    help = "Load every airport in the airportsdata package (about 28,000). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = load_airports()
        total = Airport.objects.count()
        self.stdout.write(f"Airports: {created} created, {updated} updated, {total} in the database.")
