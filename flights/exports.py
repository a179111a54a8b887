"""Downloads of the flight database as CSV and JSON, streamed row by row in constant memory."""

# The columns are the project's own flight format (flights/exchange.py on the import branch writes the same);
# each row carries the flight page's URL and the URLs of the sources behind its accepted values.

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from flights.models import Claim, Flight

COLUMNS = [
    "slug",
    "url",
    "kind",
    "departed_earliest",
    "departed_latest",
    "origin",
    "origin_description",
    "destination",
    "destination_country",
    "operator",
    "tail_number",
    "mission_number",
    "passengers_total",
    "passengers_male",
    "passengers_female",
    "passengers_juvenile",
    "nationality",
    "notes",
    "source_urls",
]
# Rows fetched per round trip; the source URLs of each batch come in one more query.
CHUNK_SIZE = 2000

_VALUES = [
    "pk",
    "slug",
    "kind",
    "departed_earliest",
    "departed_latest",
    "origin__icao",
    "origin_description",
    "destination__icao",
    "destination_country",
    "operator__name",
    "tail_number",
    "mission_number",
    "passengers_total",
    "passengers_male",
    "passengers_female",
    "passengers_juvenile",
    "nationality",
    "notes",
]


def flight_rows(flights: QuerySet[Flight], base_url: str) -> Iterator[dict[str, Any]]:
    """One dict per flight in the queryset's order; plain values (not model instances) keep it fast and small."""
    # reverse() once per kind of page: a slug is URL-safe, so the rest is string work.
    root = base_url.rstrip("/")
    pages = _Pages(
        flight=root + reverse("flights:detail", kwargs={"slug": _PLACEHOLDER}),
        source=root + reverse("flights:source", kwargs={"slug": _PLACEHOLDER}),
    )
    batch: list[dict[str, Any]] = []
    for row in flights.values(*_VALUES).iterator(chunk_size=CHUNK_SIZE):
        batch.append(row)
        if len(batch) >= CHUNK_SIZE:
            yield from _finish(batch, pages)
            batch = []
    yield from _finish(batch, pages)


_PLACEHOLDER = "slug-placeholder"


@dataclass(frozen=True)
class _Pages:
    flight: str
    source: str


def _finish(batch: list[dict[str, Any]], pages: _Pages) -> Iterator[dict[str, Any]]:
    if not batch:
        return
    sources: dict[int, list[str]] = {}
    claims = (
        Claim.objects.accepted()
        .filter(flight_id__in=[row["pk"] for row in batch])
        .order_by("flight_id", "source__tier", "source_id")
        .values_list("flight_id", "source__url", "source__archive_url", "source__slug")
    )
    for flight_id, url, archive_url, slug in claims:
        link = url or archive_url or pages.source.replace(_PLACEHOLDER, slug)
        links = sources.setdefault(flight_id, [])
        if link not in links:
            links.append(link)
    for row in batch:
        yield {
            "slug": row["slug"],
            "url": pages.flight.replace(_PLACEHOLDER, row["slug"]),
            "kind": row["kind"],
            "departed_earliest": row["departed_earliest"].isoformat(),
            "departed_latest": row["departed_latest"].isoformat(),
            "origin": row["origin__icao"] or "",
            "origin_description": row["origin_description"],
            "destination": row["destination__icao"] or "",
            "destination_country": row["destination_country"],
            "operator": row["operator__name"] or "",
            "tail_number": row["tail_number"],
            "mission_number": row["mission_number"],
            "passengers_total": row["passengers_total"],
            "passengers_male": row["passengers_male"],
            "passengers_female": row["passengers_female"],
            "passengers_juvenile": row["passengers_juvenile"],
            "nationality": row["nationality"] or "",
            "notes": row["notes"],
            "source_urls": sources.get(row["pk"], []),
        }


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV with a header; an unreported count is an empty cell, never 0; source URLs are space-separated."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow(
            [
                " ".join(row[column]) if column == "source_urls" else ("" if row[column] is None else row[column])
                for column in COLUMNS
            ]
        )


def json_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of flight objects (null for an unreported count), written one object at a time."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"
