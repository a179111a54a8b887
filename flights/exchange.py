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

from django.db.models import QuerySet
from django.urls import reverse

from flights.claim_fields import CLAIM_FIELDS
from flights.csv_safety import neutralise_row
from flights.models import Claim, Flight, FlightLeg, Source

FORMAT_NAME = "newsroom-flights"
FORMAT_VERSION = 1

# Format column -> the flight value it is read from; airports by ICAO code, the operator by name.
FLIGHT_VALUES = {
    "id": "id",
    "slug": "slug",
    "kind": "kind",
    "record_type": "record_type",
    "dataset": "dataset__slug",
    "departed_earliest": "departed_earliest",
    "departed_latest": "departed_latest",
    "date_note": "date_note",
    "origin": "origin__icao",
    "origin_description": "origin_description",
    "destination": "destination__icao",
    "destination_country": "destination_country",
    "operator": "operator__name",
    "tail_number": "tail_number",
    "mission_number": "mission_number",
    "passengers_total": "passengers_total",
    "passengers_male": "passengers_male",
    "passengers_female": "passengers_female",
    "passengers_juvenile": "passengers_juvenile",
    "passengers_non_criminal": "passengers_non_criminal",
    "mission_count": "mission_count",
    "age_min": "age_min",
    "age_max": "age_max",
    "all_final_orders": "all_final_orders",
    "first_since_year": "first_since_year",
    "nationality": "nationality",
    "notes": "notes",
}
# The columns of a row: the flight's values (the url beside its slug), then legs, claims and sources.
COLUMNS = [
    "slug",
    "url",
    *(column for column in FLIGHT_VALUES if column not in {"id", "slug"}),
    "legs",
    "claims",
    "sources",
    "source_urls",
]
# Flight columns backed by a claim field of the same name (departed is split over two date columns).
CLAIM_COLUMNS = [column for column in FLIGHT_VALUES if column in CLAIM_FIELDS]
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
CHUNK_SIZE = 1000  # flights per batch: one query each for claims, legs and new sources; memory stays flat


def export_batches(flights: QuerySet[Flight], base_url: str = "") -> Iterator[list[dict[str, Any]]]:
    """The flights as rows of the format, a batch at a time.

    Claims, legs and sources are read as plain values rather than model instances, and each source
    is turned into its dict once for the whole export: a 50,000-flight download is dominated by
    this work, not by the database.
    """
    detail = reverse("flights:detail", kwargs={"slug": "SLUG"})
    url_prefix, url_suffix = detail.split("SLUG")
    sources: dict[int, dict[str, Any]] = {}
    links: dict[int, str] = {}  # where a reader can read each source
    rows = flights.values(*FLIGHT_VALUES.values()).iterator(chunk_size=CHUNK_SIZE)
    for batch in _batched(rows, CHUNK_SIZE):
        ids = [flight["id"] for flight in batch]
        claims: dict[int, list[tuple[Any, ...]]] = {}
        for row in (
            # Held claims of a public flight stay out of a download like out of every public page.
            Claim.objects.public()
            .filter(flight_id__in=ids)
            .order_by("flight_id", "field", "source__slug")
            .values_list("flight_id", "field", "value", "status", "note", "source_id")
        ):
            claims.setdefault(row[0], []).append(row)
        unseen = {row[5] for rows_ in claims.values() for row in rows_} - sources.keys()
        for source in Source.objects.filter(pk__in=unseen):
            sources[source.pk] = source_dict(source)
            links[source.pk] = source.url or source.archive_url or base_url + source.get_absolute_url()
        legs: dict[int, list[dict[str, Any]]] = {}
        for leg in (
            FlightLeg.objects.filter(flight_id__in=ids)
            .order_by("flight_id", "sequence")
            .values("flight_id", "sequence", "departed_on", "origin__icao", "destination__icao",
                    "passengers_on", "passengers_off")
        ):  # fmt: skip
            legs.setdefault(leg["flight_id"], []).append(
                {
                    "sequence": leg["sequence"],
                    "departed_on": leg["departed_on"].isoformat() if leg["departed_on"] else None,
                    "origin": leg["origin__icao"],
                    "destination": leg["destination__icao"],
                    "passengers_on": leg["passengers_on"],
                    "passengers_off": leg["passengers_off"],
                }
            )
        yield [
            flight_dict(
                flight,
                url=f"{base_url}{url_prefix}{flight['slug']}{url_suffix}",
                legs=legs.get(flight["id"], []),
                claims=claims.get(flight["id"], []),
                sources=sources,
                links=links,
            )
            for flight in batch
        ]


def _batched(items: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def source_dict(source: Source) -> dict[str, Any]:
    out = {key: getattr(source, key) for key in SOURCE_KEYS}
    for key in ("published_on", "retrieved_on"):
        out[key] = out[key].isoformat() if out[key] else None
    return out


def flight_dict(
    flight: dict[str, Any],
    *,
    url: str,
    legs: list[dict[str, Any]],
    claims: list[tuple[Any, ...]],
    sources: dict[int, dict[str, Any]],
    links: dict[int, str],
) -> dict[str, Any]:
    """One flight (a row of FLIGHT_VALUES) as a row of the format, with JSON types (numbers, booleans, null, lists)."""
    row: dict[str, Any] = {column: flight[lookup] for column, lookup in FLIGHT_VALUES.items()}
    for column in ("departed_earliest", "departed_latest"):
        row[column] = row[column].isoformat()
    for column in CLAIM_COLUMNS:
        if row[column] == "":
            row[column] = None  # an empty text field is "not reported", as CLAIM_FIELDS reads it
    row["url"] = url
    row["legs"] = legs
    row["claims"] = []
    used: dict[int, dict[str, Any]] = {}
    behind_values: list[str] = []
    for _, field, value, status, note, source_id in claims:
        source = sources[source_id]
        row["claims"].append({"field": field, "value": value, "status": status, "note": note, "source": source["slug"]})
        used.setdefault(source_id, source)
        if status == "accepted" and links[source_id] not in behind_values:
            behind_values.append(links[source_id])
    # For readers: where to read the sources of the values shown (importing ignores it).
    row["source_urls"] = behind_values
    # Each row describes its own sources, so any filtered download can be imported on its own.
    row["sources"] = list(used.values())
    return {column: row[column] for column in COLUMNS}


def csv_cells(row: dict[str, Any]) -> list[str]:
    """A row as CSV text: empty for "not reported", true/false, legs and claims as JSON, formulas neutralised."""
    cells = []
    for column in COLUMNS:
        value = row[column]
        if column in {"legs", "claims", "sources"}:
            cells.append(json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else "")
        elif column == "source_urls":
            cells.append(" ".join(value))
        elif value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        else:
            cells.append(str(value))
    return neutralise_row(cells)


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
    for batch in export_batches(flights, base_url):
        writer.writerows(csv_cells(row) for row in batch)
        yield take()


def newsroom_json_chunks(flights: QuerySet[Flight], base_url: str = "") -> Iterator[str]:
    """The JSON document in pieces: a header object whose "flights" list is streamed one flight at a time."""
    yield f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, "flights": ['
    separator = "\n"
    for batch in export_batches(flights, base_url):
        yield separator + ",\n".join(json.dumps(row, ensure_ascii=False) for row in batch)
        separator = ",\n"
    yield "\n]}\n"


def write_newsroom_csv(flights: QuerySet[Flight], file: TextIO, base_url: str = "") -> None:
    """Write the CSV to an open text file (opened with newline="")."""
    for chunk in newsroom_csv_chunks(flights, base_url):
        file.write(chunk)


def write_newsroom_json(flights: QuerySet[Flight], file: TextIO, base_url: str = "") -> None:
    for chunk in newsroom_json_chunks(flights, base_url):
        file.write(chunk)
