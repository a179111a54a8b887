"""Reading the newsroom's own flight format (flights/exchange.py) back in, from CSV or JSON."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from flights.claim_fields import CLAIM_FIELDS
from flights.exchange import CLAIM_COLUMNS, COLUMNS, SOURCE_KEYS
from flights.importers.base import (
    ClaimSpec,
    FlightRecord,
    ImportFailure,
    LegSpec,
    ParsedFile,
    Problem,
    Rejected,
    SourceSpec,
    parse_count,
    parse_iso_date,
    read_csv_rows,
    read_json,
    width_problem,
)
from flights.importers.places import AirportBook
from flights.models import Claim, Flight, Operator, Source
from flights.validators import web_url_problem

# Reports a problem with a column of the row being read: (column, message).
Report = Callable[[str, str], None]

REQUIRED = ["slug", "kind", "departed_earliest", "destination_country"]
# Longest text each field can store: a longer value would only fail halfway through the write.
VALUE_LIMITS = {
    "tail_number": Flight._meta.get_field("tail_number").max_length,
    "mission_number": Flight._meta.get_field("mission_number").max_length,
    "operator": Operator._meta.get_field("name").max_length,
}
SOURCE_LIMITS = {key: getattr(Source._meta.get_field(key), "max_length", None) for key in SOURCE_KEYS}
TEXT_LIMITS = {"origin_description": 200, "date_note": 300, "notes": 100_000}


def _text(value: Any) -> str:
    """A cell as text, whether it came from CSV (always text) or JSON (numbers, booleans, null)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _json_list(value: Any, column: str, problems: list[Problem], line: int, unit: str) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            problems.append(Problem(line, column, f"is not JSON ({exc.msg})", unit))
            return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(Problem(line, column, "must be a list of objects", unit))
        return []
    return value


class _RowReader:
    """Turns one row into a FlightRecord, or into problems."""

    def __init__(self, parsed: ParsedFile, fallback_source: str | None) -> None:
        self.parsed = parsed
        self.fallback_source = fallback_source
        self.first_line: dict[str, int] = {}

    def read(self, line: int, row: dict[str, Any], original: dict[str, Any]) -> None:
        self.parsed.rows_read += 1
        unit = self.parsed.unit
        problems: list[Problem] = []

        def problem(column: str, message: str) -> None:
            problems.append(Problem(line, column, message, unit))

        slug = _text(row.get("slug")).lower()
        try:
            validate_slug(slug)
            if len(slug) > 120:
                raise ValidationError("too long")
        except ValidationError:
            problem("slug", f"{slug!r} is not a slug (lowercase letters, digits, hyphens; at most 120)")
        kind = _text(row.get("kind"))
        if kind not in Flight.Kind.values:
            problem("kind", f"{kind!r} is not a kind of flight; use one of {', '.join(Flight.Kind.values)}")
        attributes = {}
        if "record_type" in row:
            record_type = _text(row.get("record_type")) or Flight.RecordType.FLIGHT.value
            if record_type not in Flight.RecordType.values:
                problem("record_type", f"{record_type!r} is not one of {', '.join(Flight.RecordType.values)}")
            attributes["record_type"] = record_type
        if "dataset" in row:
            attributes["dataset"] = _text(row.get("dataset"))
        if attributes.get("record_type") == Flight.RecordType.MOVEMENT and not attributes.get("dataset"):
            problem("dataset", "is empty; a passenger movement belongs to the dataset it was imported from")
        for name, limit in TEXT_LIMITS.items():
            if name not in row:
                continue  # a file without the column leaves the flight's text as it is
            attributes[name] = _text(row.get(name))
            if len(attributes[name]) > limit:
                problem(name, f"is longer than {limit} characters")

        values: dict[str, str] = {}  # claim field -> canonical text, from the flight's columns
        try:
            earliest = parse_iso_date(_text(row.get("departed_earliest")))
            latest_text = _text(row.get("departed_latest"))
            latest = parse_iso_date(latest_text) if latest_text else earliest
            values["departed"] = CLAIM_FIELDS["departed"].serialize((earliest, latest))
            if latest < earliest:
                problem("departed_latest", f"{latest} is before departed_earliest {earliest}")
        except ValueError as exc:
            problem("departed_earliest", str(exc))
        for column in CLAIM_COLUMNS:
            text = _text(row.get(column))
            if not text:
                continue
            try:
                values[column] = _canonical(column, text)
            except ValueError as exc:
                problem(column, str(exc))
        if not _text(row.get("destination_country")):
            problem("destination_country", "is empty; every flight needs a destination country")
        self._check_counts(values, problem)

        for number, raw in enumerate(_json_list(row.get("sources"), "sources", problems, line, unit), start=1):
            self._describe_source(raw, f"sources[{number}]", problem)
        if attributes.get("dataset"):
            self._source(attributes["dataset"], "dataset", problem)  # described in sources, or stored
        claims = self._claims(row.get("claims"), problem)
        self._reconcile(values, claims, problem)
        # No legs column: the file says nothing about legs and existing ones stay; an empty cell means none.
        legs = self._legs(row.get("legs"), problem, line, unit, problems) if "legs" in row else None
        if slug in self.first_line:
            problem("slug", f"repeats {unit} {self.first_line[slug]}")
        if problems:
            self.parsed.rejected.append(Rejected(line, [original], problems))
            return
        self.first_line[slug] = line
        for name in ("origin", "destination"):
            if name in values:
                self.parsed.airport_codes.add(values[name])
        for leg in legs or []:
            self.parsed.airport_codes.update(code for code in (leg.origin, leg.destination) if code)
        if "operator" in values:
            self.parsed.operators.add(values["operator"])
        self.parsed.records.append(FlightRecord(line, 1, slug, kind, claims, attributes, legs))

    @staticmethod
    def _check_counts(values: dict[str, str], problem: Report) -> None:
        """The flight's database constraints, checked here so one bad row cannot stop the write."""
        count = {name: int(values[name]) for name in values if CLAIM_FIELDS[name].is_count}
        total = count.get("passengers_total")
        if total is not None and "passengers_male" in count and "passengers_female" in count:
            if count["passengers_male"] + count["passengers_female"] > total:
                problem("passengers_total", "is less than men plus women")
        if total is not None and count.get("passengers_juvenile", 0) > total:
            problem("passengers_juvenile", "is more than passengers_total")
        if total is not None and count.get("passengers_non_criminal", 0) > total:
            problem("passengers_non_criminal", "is more than passengers_total")
        if "age_min" in values and "age_max" in values and int(values["age_min"]) > int(values["age_max"]):
            problem("age_min", "is older than age_max")

    def _claims(self, raw: Any, problem: Report) -> list[ClaimSpec]:
        problems: list[Problem] = []
        items = _json_list(raw, "claims", problems, 0, self.parsed.unit)
        for item in problems:
            problem("claims", item.message)
        claims: list[ClaimSpec] = []
        seen: set[tuple[str, str]] = set()
        for number, item in enumerate(items, start=1):
            where = f"claims[{number}]"
            field = _text(item.get("field"))
            if field not in CLAIM_FIELDS:
                problem(where, f"{field!r} is not a claim field")
                continue
            try:
                value = _canonical(field, _text(item.get("value")))
            except ValueError as exc:
                problem(where, f"{field}: {exc}")
                continue
            status = _text(item.get("status")) or Claim.Status.UNCONFIRMED.value
            if status not in Claim.Status.values:
                problem(where, f"status {status!r} is not one of {', '.join(Claim.Status.values)}")
                continue
            source = self._source(item.get("source"), where, problem)
            if source is None:
                continue
            if (field, source) in seen:
                problem(where, f"source {source} states {field} twice")
                continue
            seen.add((field, source))
            claims.append(ClaimSpec(field, value, source, status, _text(item.get("note"))))
        return claims

    def _source(self, raw: Any, where: str, problem: Report) -> str | None:
        """The slug of a claim's source: described in the row's sources (or inline), or already stored."""
        if isinstance(raw, dict):
            return self._describe_source(raw, where, problem)
        slug = _text(raw)
        if slug in self.parsed.sources:
            return slug
        existing = Source.objects.filter(slug=slug).first() if slug else None
        if existing is None:
            problem(where, f"source {slug or '(none)'} is neither described in sources nor in the database")
            return None
        self.parsed.sources[slug] = _spec_of(existing)
        return slug

    def _describe_source(self, raw: dict[str, Any], where: str, problem: Report) -> str | None:
        slug = _text(raw.get("slug"))
        if slug in self.parsed.sources:
            return slug  # described already (or named by --source); the first description wins
        fields = {key: _text(raw.get(key)) for key in SOURCE_KEYS}
        bad = [key for key in ("slug", "title", "publisher") if not fields[key]]
        bad += [key for key in SOURCE_KEYS if len(fields[key]) > (SOURCE_LIMITS.get(key) or len(fields[key]))]
        if fields["kind"] not in Source.Kind.values:
            bad.append("kind")
        if fields["tier"] not in Source.Tier.values:
            bad.append("tier")
        dates: dict[str, datetime.date | None] = {}
        for key in ("published_on", "retrieved_on"):
            try:
                dates[key] = parse_iso_date(fields[key]) if fields[key] else None
            except ValueError:
                bad.append(key)
        # Links readers will click: the rule the admin form applies (http/https only; no javascript:).
        links = [
            f"{key} {web_url_problem(fields[key])}" for key in ("url", "archive_url") if web_url_problem(fields[key])
        ]
        bad = [key for key in bad if key not in {"url", "archive_url"} or not web_url_problem(fields[key])]
        if bad or links:
            reasons = ([f"{', '.join(bad)} missing or not valid"] if bad else []) + links
            problem(where, f"source {slug or '(no slug)'}: {'; '.join(reasons)}")
            return None
        self.parsed.sources[slug] = SourceSpec(**{**fields, **dates})
        return slug

    def _reconcile(self, values: dict[str, str], claims: list[ClaimSpec], problem: Report) -> None:
        """The flight's columns must be what its accepted claims say; --source vouches for uncovered ones."""
        accepted: dict[str, str] = {}
        for claim in claims:
            if claim.status != Claim.Status.ACCEPTED:
                continue
            if claim.field in accepted and accepted[claim.field] != claim.value:
                problem("claims", f"two accepted claims disagree on {claim.field}")
            accepted[claim.field] = claim.value
        for field, value in values.items():
            column = "departed_earliest" if field == "departed" else field
            if field in accepted:
                if accepted[field] != value:
                    problem(column, f"is {value} but the accepted claim says {accepted[field]}")
            elif any(c.field == field and c.source == self.fallback_source for c in claims):
                problem(column, f"--source {self.fallback_source} already has a claim on it that is not accepted")
            elif self.fallback_source:
                claims.append(ClaimSpec(field, value, self.fallback_source, Claim.Status.ACCEPTED.value))
            else:
                problem(column, "no accepted claim states this value; add one to claims or name a --source")
        for field, value in accepted.items():
            if field not in values:
                column = "departed_earliest" if field == "departed" else field
                problem(column, f"is empty but the accepted claim says {value}")

    def _legs(self, raw: Any, problem: Report, line: int, unit: str, problems: list[Problem]) -> list[LegSpec]:
        items = _json_list(raw, "legs", problems, line, unit)
        legs: list[LegSpec] = []
        for number, item in enumerate(items, start=1):
            where = f"legs[{number}]"
            try:
                sequence = parse_count(_text(item.get("sequence") or number))
                day = _text(item.get("departed_on"))
                codes = [
                    CLAIM_FIELDS["origin"].canonical(_text(item.get(k))) if _text(item.get(k)) else None
                    for k in ("origin", "destination")
                ]
                on, off = (
                    parse_count(_text(item.get(k))) if _text(item.get(k)) else None
                    for k in ("passengers_on", "passengers_off")
                )
                legs.append(LegSpec(sequence, parse_iso_date(day) if day else None, codes[0], codes[1], on, off))
            except ValueError as exc:
                problem(where, str(exc))
        if len({leg.sequence for leg in legs}) != len(legs):
            problem("legs", "two legs have the same sequence number")
        return sorted(legs, key=lambda leg: leg.sequence)


def _canonical(field: str, text: str) -> str:
    """A claim value in canonical form, refused if longer than the flight or claim can hold."""
    value = CLAIM_FIELDS[field].canonical(text)
    limit = VALUE_LIMITS.get(field, Claim._meta.get_field("value").max_length)
    if limit and len(value) > limit:
        raise ValueError(f"is longer than {limit} characters")
    return value


def _spec_of(source: Source) -> SourceSpec:
    return SourceSpec(**{key: getattr(source, key) for key in SOURCE_KEYS})


def _start(book: AirportBook, source_slug: str | None, unit: str, columns: list[str]) -> tuple[ParsedFile, _RowReader]:
    del book  # the format names every country itself; no airport rule is needed
    parsed = ParsedFile(rows_read=0, columns=columns, records=[], rejected=[], sources={}, unit=unit)
    if source_slug:
        existing = Source.objects.filter(slug=source_slug).first()
        if existing is None:
            raise ImportFailure(f"--source {source_slug}: no source with that slug; add it in the admin first")
        parsed.sources[source_slug] = _spec_of(existing)
    return parsed, _RowReader(parsed, source_slug)


def read_newsroom_csv(path: Path, *, book: AirportBook, source_slug: str | None = None) -> ParsedFile:
    columns, rows = read_csv_rows(path, REQUIRED)
    parsed, reader = _start(book, source_slug, "line", columns)
    for line, row in rows:
        shifted = width_problem(line, row, columns)
        if shifted is not None:
            parsed.rows_read += 1
            parsed.rejected.append(Rejected(line, [row], [shifted]))
            continue
        reader.read(line, row, row)
    return parsed


def read_newsroom_json(path: Path, *, book: AirportBook, source_slug: str | None = None) -> ParsedFile:
    data = read_json(path)
    flights: Iterable[Any]
    if isinstance(data, dict) and isinstance(data.get("flights"), list):
        flights = data["flights"]
    elif isinstance(data, list):
        flights = data
    else:
        raise ImportFailure(f'{path.name} is JSON but not flight data: expected {{"flights": [...]}} or a list')
    parsed, reader = _start(book, source_slug, "record", list(COLUMNS))
    for number, item in enumerate(flights, start=1):
        if not isinstance(item, dict):
            parsed.rows_read += 1
            parsed.rejected.append(
                Rejected(number, [{"value": item}], [Problem(number, "(record)", "is not an object", "record")])
            )
            continue
        missing = [name for name in REQUIRED if name not in item]
        if missing:
            parsed.rows_read += 1
            problem = Problem(number, ", ".join(missing), "missing", "record")
            parsed.rejected.append(Rejected(number, [item], [problem]))
            continue
        reader.read(number, item, item)
    return parsed
