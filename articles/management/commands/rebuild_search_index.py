"""Recompute every article's search vector in one statement (after bulk loads that skip signals)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from articles.search import refresh_search_vectors, uses_postgres


class Command(BaseCommand):
    help = "Recompute the full-text search vector of every article (PostgreSQL; nothing to do on SQLite)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not uses_postgres():
            self.stdout.write("SQLite searches the text directly; there is no index to rebuild.")
            return
        self.stdout.write(f"Search vectors recomputed for {refresh_search_vectors()} articles.")
