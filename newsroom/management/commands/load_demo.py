"""Load the demo records and articles: the 2024-2025 removal charters to China and stories citing them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Author, Topic
from articles.services import publish_article, sync_cited_flights
from flights.models import Flight, Source
from flights.services import record_claim
from newsroom.demo.articles import ARTICLES, AUTHORS, TOPICS

DEMO_RECORDS = Path(__file__).resolve().parents[2] / "demo" / "china_flights.json"


class Command(BaseCommand):
    help = "Load the demo flights, sources, claims and articles. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads(DEMO_RECORDS.read_text(encoding="utf-8"))
        sources = {}
        for row in data["sources"]:
            fields = {k: v for k, v in row.items() if k != "slug"}
            sources[row["slug"]], _ = Source.objects.update_or_create(slug=row["slug"], defaults=fields)
        claims = 0
        for row in data["flights"]:
            fields = {k: v for k, v in row.items() if k not in {"slug", "claims"}}
            flight, _created = Flight.objects.get_or_create(slug=row["slug"], defaults=fields)
            # Accepted claims last, so that accepting one settles the claims recorded before it.
            for claim in sorted(row["claims"], key=lambda c: c["status"] == "accepted"):
                record_claim(
                    flight=flight,
                    field=claim["field"],
                    value=claim["value"],
                    source=sources[claim["source"]],
                    status=claim["status"],
                    note=claim["note"],
                )
                claims += 1
        self._load_articles()
        self.stdout.write(
            f"Demo loaded: {len(data['flights'])} flights, {len(sources)} sources, {claims} claims, "
            f"{len(ARTICLES)} articles."
        )

    def _load_articles(self) -> None:
        authors = {row["slug"]: Author.objects.update_or_create(slug=row["slug"], defaults=row)[0] for row in AUTHORS}
        topics = {row["slug"]: Topic.objects.update_or_create(slug=row["slug"], defaults=row)[0] for row in TOPICS}
        for row in ARTICLES:
            fields = {k: row[k] for k in ("headline", "dek", "body")}
            published = row["published_at"]
            fields["published_at"] = datetime.datetime.fromisoformat(published) if published else None
            article, created = Article.objects.get_or_create(slug=row["slug"], defaults=fields)
            if created:
                article.authors.set([authors[slug] for slug in row["authors"]])
                article.topics.set([topics[slug] for slug in row["topics"]])
                sync_cited_flights(article=article)
                if row["status"] == Article.Status.PUBLISHED:
                    # The demo's stories go live the one way any story does: through the fact check, with the
                    # editor's acknowledgement where a sentence reports another outlet's claim on purpose.
                    publish_article(article=article, override_reason=row.get("factcheck_acknowledged", ""))
