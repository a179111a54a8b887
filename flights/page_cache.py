"""A flight page's costly parts (its values with their sources, the derived facts), cached by record versions.

Keyed by the freshness tokens of the flight, of its country (derived facts read every flight to it), and of
the sources, airports and operators they name: any change to those gives a new key (newsroom/freshness.py).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects

from flights.derived import derived_context
from flights.facts_table import fact_rows
from flights.models import Claim, Flight
from newsroom import freshness

LIFETIME_SECONDS = 7 * 24 * 3600


def flight_tags(flight: Flight) -> list[str]:
    return [f"flight:{flight.slug}", f"country:{flight.destination_country}", "sources", "airports", "operators"]


def flight_parts(flight: Flight) -> dict[str, Any]:
    """Template context of the record and derived facts: `rows`, `derived`, `derived_sources`."""
    tokens = freshness.current(flight_tags(flight))
    key = None
    if tokens is not None:
        key = "flight-parts:" + hashlib.sha256(repr([flight.pk, sorted(tokens.items())]).encode()).hexdigest()
        found = cache.get(key)
        if found is not None:
            return found
    started = time.time()
    prefetch_related_objects([flight], Prefetch("claims", queryset=Claim.objects.public().select_related("source")))
    parts: dict[str, Any] = {"rows": fact_rows(flight)}
    if not flight.is_movement:  # "beside the other flights" says nothing true of a movement
        parts.update(derived_context(flight))
    # Tokens were read before the records, so a change while this ran gives a new key and this one goes unused.
    if key is not None and tokens is not None and freshness.settled_before(tokens, started):
        # A held flight released at its time (its story publishes) changes the derived facts with no token
        # replaced: the parts are kept only until the next such time.
        scheduled = freshness.next_scheduled_change(flight_tags(flight))
        lifetime = freshness.seconds_until(scheduled, LIFETIME_SECONDS)
        if lifetime > 0:
            cache.set(key, parts, lifetime)
    return parts
