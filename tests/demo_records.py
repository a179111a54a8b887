"""Test helper: the demo flight records (newsroom/demo/china_flights.json) loaded through record_claim."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone

from flights.models import Flight, Source
from flights.services import record_claim
from tests.snapshots import Snapshot

DEMO_FILE = Path(__file__).resolve().parent.parent / "newsroom" / "demo" / "china_flights.json"

JUNE_2024 = "2024-06-prc-charter"
OCT_2024 = "2024-10-15-prc-charter"
NOV_2024 = "2024-11-16-prc-charter"
FOURTH = "2024-fourth-prc-charter"
JAN_2025 = "2025-01-06-prc-charter"
JUNE_2025 = "2025-06-03-dallas-prc-shrc"


def load_demo_records() -> dict[str, Flight]:
    """Create the demo sources and flights, recording every claim as an importer would."""
    data = json.loads(DEMO_FILE.read_text())
    sources = {}
    for row in data["sources"]:
        published = row.get("published_on")
        sources[row["slug"]] = Source.objects.create(
            slug=row["slug"],
            title=row["title"],
            publisher=row["publisher"],
            kind=row["kind"],
            tier=row["tier"],
            url=row.get("url") or "",
            published_on=datetime.date.fromisoformat(published) if published else None,
            note=row.get("note", ""),
        )
    flights = {}
    for row in data["flights"]:
        flight = Flight.objects.create(
            slug=row["slug"],
            kind=row["kind"],
            departed_earliest=datetime.date.fromisoformat(row["departed_earliest"]),
            departed_latest=datetime.date.fromisoformat(row["departed_latest"]),
            date_note=row.get("date_note", ""),
            origin_description=row.get("origin_description", ""),
            notes=row.get("notes", ""),
            destination_country=row["destination_country"],
            nationality=row.get("nationality", ""),
        )
        for claim in row["claims"]:
            record_claim(
                flight=flight,
                field=claim["field"],
                value=str(claim["value"]),
                source=sources[claim["source"]],
                status=claim["status"],
                note=claim.get("note", ""),
            )
        flight.refresh_from_db()
        flights[flight.slug] = flight
    return flights


def make_article(*, slug: str, body: str, cites: list[Flight], published: bool = True, **extra: object):
    """An article citing these flights, published a day ago unless told otherwise."""
    from articles.models import Article, ArticleFlight

    article = Article.objects.create(
        headline=extra.pop("headline", slug.replace("-", " ").capitalize()),
        slug=slug,
        body=body,
        published_at=timezone.now() - datetime.timedelta(days=1) if published else None,
        **extra,
    )
    for position, flight in enumerate(cites):
        ArticleFlight.objects.create(article=article, flight=flight, position=position)
    if published:
        publish_as_written(article)
    return article


@pytest.fixture(scope="session")
def demo_records_snapshot(django_db_setup, django_db_blocker) -> Snapshot:
    """The demo records as load_demo_records makes them, loaded once per session (see tests/snapshots.py)."""
    with django_db_blocker.unblock():
        return Snapshot.take(load_demo_records)


def publish_as_written(article):
    """Publish a test story through the one publish path, whatever the fact check finds in it."""
    from articles.services import publish_article

    return publish_article(article=article, override_reason="Test fixture: published as written.")


@pytest.fixture
def demo_flights(db, demo_records_snapshot) -> dict[str, Flight]:
    """The six demo flights and their sources and claims, without articles, keyed by slug."""
    demo_records_snapshot.restore()
    return {flight.slug: flight for flight in Flight.objects.all()}
