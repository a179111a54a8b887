"""Records for the archive and flight-database tests: a few stories and flights a reader could search."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, ArticleFlight, Author, Correction, Topic
from flights.models import Airport, Claim, Flight, Operator, Source
from tests.demo_records import publish_as_written

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking and web-search syntax need PostgreSQL full-text search"
)


class SearchTestCase(TestCase):
    """Facet counts are cached between requests; each test starts with none."""

    def setUp(self) -> None:
        cache.clear()
        super().setUp()


def at(day: str) -> datetime.datetime:
    """Noon on a day, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T12:00:00"))


def make_airport(icao: str, iata: str, name: str, city: str, country: str) -> Airport:
    return Airport.objects.create(icao=icao, iata=iata, name=name, city=city, country=country)


def make_flight(slug: str, **fields: Any) -> Flight:
    day = fields.pop("day", "2025-06-03")
    fields.setdefault("departed_earliest", datetime.date.fromisoformat(day))
    fields.setdefault("departed_latest", fields["departed_earliest"])
    fields.setdefault("destination_country", "CN")
    return Flight.objects.create(slug=slug, **fields)


def make_article(slug: str, *, day: str = "2025-06-10", flights: tuple[Flight, ...] = (), **fields: Any) -> Article:
    topics = fields.pop("topics", ())
    authors = fields.pop("authors", ())
    fields.setdefault("headline", slug.replace("-", " ").capitalize())
    fields.setdefault("body", "Text of the story.")
    status = fields.pop("status", Article.Status.PUBLISHED)
    article = Article.objects.create(slug=slug, published_at=at(day), **fields)
    article.topics.set(topics)
    article.authors.set(authors)
    for position, flight in enumerate(flights):
        ArticleFlight.objects.create(article=article, flight=flight, position=position)
    if status == Article.Status.PUBLISHED:
        publish_as_written(article)
    elif status != Article.Status.DRAFT:
        Article.objects.filter(pk=article.pk).update(status=status)
        article.refresh_from_db()
    return article


class Newsroom:
    """A small newsroom: removals to China and Guatemala from Texas and Louisiana, stories about them."""

    def __init__(self) -> None:
        self.dfw = make_airport("KDFW", "DFW", "Dallas Fort Worth International Airport", "Dallas", "US")
        self.aex = make_airport("KAEX", "AEX", "Alexandria International Airport", "Alexandria", "US")
        self.pek = make_airport("ZBAA", "PEK", "Beijing Capital International Airport", "Beijing", "CN")
        self.gua = make_airport("MGGT", "GUA", "La Aurora International Airport", "Guatemala City", "GT")
        self.globalx = Operator.objects.create(name="GlobalX", slug="globalx", icao_code="GXA")
        self.eastern = Operator.objects.create(name="Eastern Air Express", slug="eastern-air-express")
        self.ice = Source.objects.create(
            slug="ice-2025-06-09",
            title="ICE removes Chinese nationals",
            publisher="ICE",
            kind=Source.Kind.GOVERNMENT_RELEASE,
            tier=Source.Tier.PRIMARY,
            url="https://www.ice.gov/news/china",
        )
        self.tracker = Source.objects.create(
            slug="tracker-june",
            title="Flight log",
            publisher="Witness at the Border",
            kind=Source.Kind.OBSERVER_LOG,
            tier=Source.Tier.SECONDARY,
        )
        self.china_2025 = make_flight(
            "2025-06-03-dallas-prc-shrc",
            day="2025-06-03",
            kind=Flight.Kind.SPECIAL_HIGH_RISK_CHARTER,
            origin=self.dfw,
            destination=self.pek,
            destination_country="CN",
            operator=self.globalx,
            passengers_total=122,
            passengers_male=96,
            passengers_female=26,
            nationality="CN",
        )
        self.china_2024 = make_flight(
            "2024-06-22-prc-charter",
            departed_earliest=datetime.date(2024, 6, 21),
            departed_latest=datetime.date(2024, 6, 23),
            kind=Flight.Kind.CHARTER_REMOVAL,
            origin=self.dfw,
            destination_country="CN",
            operator=self.eastern,
            passengers_total=116,
            nationality="CN",
        )
        self.guatemala = make_flight(
            "2025-02-11-alexandria-guatemala",
            day="2025-02-11",
            kind=Flight.Kind.REMOVAL,
            origin=self.aex,
            destination=self.gua,
            destination_country="GT",
            operator=self.globalx,
            passengers_total=64,
            nationality="GT",
        )
        self.unreported = make_flight(
            "2023-09-01-transfer",
            day="2023-09-01",
            kind=Flight.Kind.DOMESTIC_TRANSFER,
            origin=self.aex,
            destination=self.dfw,
            destination_country="US",
        )
        Claim.objects.create(
            flight=self.china_2025, field="passengers_total", value="122", source=self.ice, status=Claim.Status.ACCEPTED
        )
        Claim.objects.create(
            flight=self.china_2025,
            field="passengers_male",
            value="116",
            source=self.tracker,
            status=Claim.Status.DISPUTED,
        )
        Claim.objects.create(
            flight=self.guatemala,
            field="passengers_total",
            value="64",
            source=self.tracker,
            status=Claim.Status.ACCEPTED,
        )

        self.removals = Topic.objects.create(name="Removals", slug="removals")
        self.china = Topic.objects.create(name="China", slug="china")
        self.courts = Topic.objects.create(name="Courts", slug="courts")
        self.ana = Author.objects.create(name="Ana Reyes", slug="ana-reyes")
        self.li = Author.objects.create(name="Li Wei", slug="li-wei")

        self.charter_story = make_article(
            "charter-to-china",
            day="2025-06-10",
            headline="ICE charter flight returns 122 people to China",
            dek="The removal flight left Dallas with 96 men and 26 women.",
            body="A special high risk charter left Dallas on June 3. It was the second removal flight to China "
            "in a year. {{ flight:2025-06-03-dallas-prc-shrc:passengers_total }} people were aboard.",
            topics=[self.removals, self.china],
            authors=[self.ana, self.li],
            flights=(self.china_2025,),
        )
        self.first_story = make_article(
            "first-since-2018",
            day="2024-06-25",
            headline="First removal flight to China since 2018",
            dek="A charter carried 116 people.",
            body="The charter departed over a weekend in June.",
            topics=[self.china],
            authors=[self.li],
            flights=(self.china_2024,),
        )
        self.guatemala_story = make_article(
            "guatemala-flights",
            day="2025-02-15",
            headline="Flights to Guatemala resume from Louisiana",
            dek="Removals from Alexandria.",
            body="Deportation flights to Guatemala City left Alexandria weekly.",
            topics=[self.removals],
            authors=[self.ana],
            flights=(self.guatemala,),
        )
        self.court_story = make_article(
            "court-ruling",
            day="2023-03-01",
            headline="Judge halts transfers",
            dek="A ruling on detention.",
            body="The court said transfers must stop. <script>alert(1)</script>",
            topics=[self.courts],
            authors=[self.ana],
        )
        Correction.objects.create(
            article=self.first_story, text="An earlier version misstated the year.", published_at=at("2024-06-26")
        )
        self.draft = make_article(
            "draft-china",
            day="2025-06-11",
            headline="Draft about China removal flights",
            status=Article.Status.DRAFT,
            topics=[self.china],
            authors=[self.li],
            flights=(self.china_2025,),
        )
        self.scheduled = make_article(
            "scheduled-china",
            day="2099-01-01",
            headline="Scheduled story about China removal flights",
            topics=[self.china],
            authors=[self.li],
            flights=(self.china_2025,),
        )
