"""Fixtures for the readers' tests: the demo, plus an airport and an operator on a flight so every page type exists."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from articles.search import refresh_search_vectors
from flights.models import Airport, Flight, Operator
from tests.e2e.pages import JUNE_2024


@pytest.fixture
def site(demo) -> None:
    """The demo, with the June 2024 charter given a departure airport and an operator (the demo names neither)."""
    airport = Airport.objects.create(
        icao="KAEX",
        iata="AEX",
        name="Alexandria International Airport",
        city="Alexandria",
        region="LA",
        country="US",
        latitude=31.3274,
        longitude=-92.5498,
    )
    operator = Operator.objects.create(name="GlobalX", slug="globalx", icao_code="GXA")
    Flight.objects.filter(slug=JUNE_2024).update(origin=airport, operator=operator)
    # On PostgreSQL search vectors and facet keys are filled on commit, which a test's transaction never reaches.
    refresh_search_vectors()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Facet counts are cached for as long as a page may be; each test starts from what its data says."""
    cache.clear()
