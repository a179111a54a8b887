"""The newsroom's own flight data format (CSV and JSON): its columns and streaming writers for downloads.

Documented for readers and data editors in docs/flight-data-format.md; the importer reads it back
(flights/importers/newsroom_format.py), so an export imported into an empty database gives the same
flights, claims, sources and legs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any, TextIO

from django.db.models import Prefetch, QuerySet

from flights.claim_fields import CLAIM_FIELDS
from flights.models import Claim, Flight, FlightLeg, Source

FORMAT_NAME = "newsroom-flights"
FORMAT_VERSION = 1

# Flight columns backed by a claim field of the same name (departed is split over two date columns).
CLAIM_COLUMNS = [
    "origin",
    "destination",
    "destination_country",
    "operator",
    "tail_number",
    "mission_number",
    "passengers_total",
    "passengers_male",
    "passengers_female",
    "passengers_juvenile",
    "age_min",
    "age_max",
    "all_final_orders",
    "first_since_year",
    "nationality",
]
COLUMNS = [
    "slug",
    "url",
    "kind",
    "departed_earliest",
    "departed_latest",
    "date_note",
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
    "age_min",
    "age_max",
    "all_final_orders",
    "first_since_year",
    "nationality",
    "notes",
    "legs",
    "claims",
    "sources",
]
SOURCE_KEYS = [
    "slug",
    "title",
    "publisher",
    "kind",
    "tier",
    "url",
    "archive_url",
    "published_on",
    "retrieved_on",
    "note",
]
CHUNK_SIZE = 500  # flights fetched per query; memory stays flat however many flights are exported


def export_queryset(flights: QuerySet[Flight]) -> Iterator[Flight]:
    """The flights with everything a row needs, fetched chunk by chunk."""
    return (
        flights.select_related("origin", "destination", "operator")
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("source").order_by("field", "source__slug")),
            Prefetch("legs", queryset=FlightLeg.objects.select_related("origin", "destination").order_by("sequence")),
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def source_dict(source: Source) -> dict[str, Any]:
    out = {key: getattr(source, key) for key in SOURCE_KEYS}
    for key in ("published_on", "retrieved_on"):
        out[key] = out[key].isoformat() if out[key] else None
    return out


def flight_dict(flight: Flight, base_url: str = "") -> dict[str, Any]:
    """One flight as a row of the format, with JSON types (numbers, booleans, null, lists)."""
    row: dict[str, Any] = {
        "slug": flight.slug,
        "url": base_url + flight.get_absolute_url(),
        "kind": flight.kind,
        "departed_earliest": flight.departed_earliest.isoformat(),
        "departed_latest": flight.departed_latest.isoformat(),
        "date_note": flight.date_note,
        "origin_description": flight.origin_description,
        "notes": flight.notes,
    }
    for name in CLAIM_COLUMNS:
        value = CLAIM_FIELDS[name].read(flight)
        row[name] = value if value is None or isinstance(value, bool | int) else str(value)
    row["legs"] = [
        {
            "sequence": leg.sequence,
            "departed_on": leg.departed_on.isoformat() if leg.departed_on else None,
            "origin": leg.origin.icao if leg.origin_id else None,
            "destination": leg.destination.icao if leg.destination_id else None,
            "passengers_on": leg.passengers_on,
            "passengers_off": leg.passengers_off,
        }
        for leg in flight.legs.all()
    ]
    row["claims"] = []
    sources: dict[str, dict[str, Any]] = {}
    for claim in flight.claims.all():
        row["claims"].append(
            {
                "field": claim.field,
                "value": claim.value,
                "status": claim.status,
                "note": claim.note,
                "source": claim.source.slug,
            }
        )
        if claim.source.slug not in sources:
            sources[claim.source.slug] = source_dict(claim.source)
    # Each row describes its own sources, so any filtered download can be imported on its own.
    row["sources"] = list(sources.values())
    return {column: row[column] for column in COLUMNS}


def csv_cells(row: dict[str, Any]) -> list[str]:
    """A row as CSV text: empty for "not reported", true/false, and legs and claims as JSON."""
    cells = []
    for column in COLUMNS:
        value = row[column]
        if column in {"legs", "claims", "sources"}:
            cells.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else "")
        elif value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        else:
            cells.append(str(value))
    return cells


def newsroom_csv_chunks(flights: QuerySet[Flight], base_url: str = "") -> Iterator[str]:
    """The CSV, a line at a time (for StreamingHttpResponse): header, then one line per flight."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return text

    writer.writerow(COLUMNS)
    yield take()
    for flight in export_queryset(flights):
        writer.writerow(csv_cells(flight_dict(flight, base_url)))
        yield take()


def newsroom_json_chunks(flights: QuerySet[Flight], base_url: str = "") -> Iterator[str]:
    """The JSON document in pieces: a header object whose "flights" list is streamed one flight at a time."""
    yield f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, "flights": ['
    separator = "\n"
    for flight in export_queryset(flights):
        yield separator + json.dumps(flight_dict(flight, base_url), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def write_newsroom_csv(flights: QuerySet[Flight], file: TextIO, base_url: str = "") -> None:
    """Write the CSV to an open text file (opened with newline="")."""
    for chunk in newsroom_csv_chunks(flights, base_url):
        file.write(chunk)


def write_newsroom_json(flights: QuerySet[Flight], file: TextIO, base_url: str = "") -> None:
    for chunk in newsroom_json_chunks(flights, base_url):
        file.write(chunk)
