"""seed_scale makes synthetic data the archive and the flight records can search, on either database."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.models import Article, ArticleFlight
from flights.models import Airport, Claim, Flight
from tests.search_data import SearchTestCase


class SeedScaleTests(SearchTestCase):
    def test_seeds_searchable_articles_and_flights(self):
        Airport.objects.create(icao="KDFW", iata="DFW", name="Dallas Fort Worth International Airport", city="Dallas")
        Airport.objects.create(
            icao="MGGT", iata="GUA", name="La Aurora International Airport", city="Guatemala City", country="GT"
        )
        # Over 1,000 airports the command does not load them all first; the few above suffice here.
        Airport.objects.bulk_create(Airport(icao=f"X{i:03}") for i in range(1000))
        call_command("seed_scale", articles=120, flights=60, stdout=io.StringIO())
        self.assertEqual(Article.objects.count(), 120)
        self.assertEqual(Flight.objects.count(), 60)
        self.assertTrue(Claim.objects.exists())
        self.assertTrue(ArticleFlight.objects.exists())
        self.assertTrue(Article.objects.published().exists())
        # Stories cite flights to the country they are about, and a second run adds rather than collides.
        call_command("seed_scale", articles=10, flights=5, seed=2, stdout=io.StringIO())
        self.assertEqual(Article.objects.count(), 130)

        response = self.client.get(reverse("articles:list") + "?q=flight&country=GT")
        self.assertEqual(response.status_code, 200)
        self.assertGreater(response.context["paginator"].count, 0)
        flights = self.client.get(reverse("flights:list") + "?passengers_min=50&kind=removal")
        self.assertGreater(flights.context["paginator"].count, 0)
        if connection.vendor == "postgresql":
            self.assertFalse(Article.objects.filter(search_vector__isnull=True).exists())
