"""Rebuild the archive summary (flights.archive_summary) from the records.

Imports rebuild it themselves, and editors' saves queue a rebuild; run this after changing flights in a way
that sends no model signals (raw SQL, queryset.update, a restored database dump).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from flights import archive_summary


class Command(BaseCommand):
    help = "Rebuild the ICE Air archive summary table from the public, never-held dataset records."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        written = archive_summary.refresh()
        self.stdout.write(f"archive summary: {written:,} rows in {time.monotonic() - started:.1f} s")
