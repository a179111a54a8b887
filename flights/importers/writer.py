"""Writing validated records: new flights in bulk, changed ones through the claim services."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from flights.airports import ensure_airports
from flights.claim_fields import CLAIM_FIELDS
from flights.importers.base import ClaimSpec, FlightRecord, ImportFailure, ImportSummary, LegSpec, ParsedFile
from flights.importers.bulk import Inserter, history_rows
from flights.importers.permissions import ImportPermissions
from flights.importers.places import AirportBook
from flights.models import Airport, Claim, Flight, FlightLeg, Operator, Source
from flights.services import ClaimError, accept_claim, create_source, record_claim

# Rows per round trip: big enough that 43,000 flights take ~40 batches, small enough to stay in memory.
BATCH = 1000
PLAIN_ATTRIBUTES = ("origin_description", "date_note", "notes", "record_type")
# A record's dataset travels as the source's slug (attribute "dataset"); stored as the dataset foreign key.
DATASET = "dataset"
# (flight id, field, source slug) -> (value, status, note) of the claims already stored.
StoredClaims = dict[tuple[int, str, str], tuple[str, str, str]]


class Progress(Protocol):
    def start(self, label: str, total: int) -> None: ...
    def advance(self, count: int) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    def start(self, label: str, total: int) -> None:
        pass

    def advance(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


def _batches(records: list[FlightRecord]) -> Iterator[list[FlightRecord]]:
    for start in range(0, len(records), BATCH):
        yield records[start : start + BATCH]


class RecordWriter:
    """Sorts records into created / updated / unchanged against the database, and writes them."""

    def __init__(
        self,
        parsed: ParsedFile,
        *,
        summary: ImportSummary,
        book: AirportBook,
        dry_run: bool,
        compare_status: bool,
        user: Any = None,
        reason: str = "",
    ) -> None:
        self.parsed = parsed
        self.summary = summary
        self.book = book
        self.dry_run = dry_run
        # ARTS re-imports compare values only, so an editor's later dispute of a FOIA value stands;
        # the newsroom format carries statuses and notes, so a round trip must compare those too.
        self.compare_status = compare_status
        self.user = user
        self.reason = reason[:100]  # simple_history's change reason column holds 100 characters
        self.sources: dict[str, Source] = {}
        self.airport_ids: dict[str, int] = {}
        self.operator_ids: dict[str, int] = {}
        self.user_id = getattr(user, "pk", None)
        # The same rule as the admin: every model written needs the user's add or change permission.
        self.permissions = ImportPermissions(user, collect=dry_run)
        self._parsed: dict[tuple[str, str], Any] = {}
        self.inserters = {
            "flight": Inserter(Flight),
            "flight history": Inserter(Flight.history.model),
            "claim": Inserter(Claim),
            "claim history": Inserter(Claim.history.model),
            "leg": Inserter(FlightLeg),
        }

    # Things flights point at ------------------------------------------------------------------

    def prepare(self) -> None:
        """Sources, airports and operators the records need; created unless this is a dry run."""
        # Only sources some valid record cites: a file whose every row is rejected creates none.
        used = {claim.source for record in self.parsed.records for claim in record.claims}
        used |= {record.attributes[DATASET] for record in self.parsed.records if record.attributes.get(DATASET)}
        wanted = {slug: spec for slug, spec in self.parsed.sources.items() if slug in used}
        self.sources = {s.slug: s for s in Source.objects.filter(slug__in=list(wanted))}
        for slug in wanted:
            self.summary.sources[slug] = slug not in self.sources
        self.summary.new_airports = self.book.to_create(self.parsed.airport_codes)
        existing_operators = {name.lower(): pk for pk, name in Operator.objects.values_list("pk", "name")}
        self.summary.new_operators = sorted(n for n in self.parsed.operators if n.lower() not in existing_operators)
        lacking = {code for code, how in self.summary.new_airports.items() if how != Airport.KnownFrom.AIRPORTSDATA}
        countries = {code: self.book.country(code) for code in sorted(lacking)}
        self.summary.placed = {code: self.book.placed[code] for code in sorted(lacking) if code in self.book.placed}
        new_sources = [slug for slug in wanted if slug not in self.sources]
        if new_sources:
            self.permissions.need("add", Source, f"source {new_sources[0]}")
        if self.summary.new_airports:
            self.permissions.need("add", Airport, f"airport {next(iter(self.summary.new_airports))}")
        if self.summary.new_operators:
            self.permissions.need("add", Operator, f"operator {self.summary.new_operators[0]}")
        if self.dry_run:
            return
        for slug in new_sources:
            # Through the admin's own validation (links http/https only, lengths, kinds).
            try:
                self.sources[slug] = create_source(**vars(wanted[slug]))
            except ValidationError as exc:
                details = "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in exc.message_dict.items())
                raise ImportFailure(f"source {slug} cannot be created: {details}; nothing was imported") from None
        airports = ensure_airports(self.parsed.airport_codes, known=self.parsed.airports_known, countries=countries)
        self.airport_ids = {code: airport.pk for code, airport in airports.items()}
        for name in self.summary.new_operators:
            operator = Operator.objects.create(name=name, slug=self._operator_slug(name))
            existing_operators[name.lower()] = operator.pk
        self.operator_ids = existing_operators

    @staticmethod
    def _operator_slug(name: str) -> str:
        base = slugify(name)[:90] or "operator"
        slug, number = base, 2
        while Operator.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    # Sorting and writing ------------------------------------------------------------------------

    def run(self, progress: Progress) -> None:
        progress.start("writing" if not self.dry_run else "checking", len(self.parsed.records))
        for batch in _batches(self.parsed.records):
            self._batch(batch)
            progress.advance(len(batch))
        progress.close()

    def _batch(self, batch: list[FlightRecord]) -> None:
        existing = {
            row["slug"]: row
            for row in Flight.objects.filter(slug__in=[r.slug for r in batch]).values(
                "id", "slug", "kind", *PLAIN_ATTRIBUTES, dataset_slug=F("dataset__slug")
            )
        }
        ids = [row["id"] for row in existing.values()]
        source_ids = {source.pk: slug for slug, source in self.sources.items()}
        claims: StoredClaims = {}
        # Filter by flight only: given a source too, SQLite walks the source index, i.e. every claim.
        for flight_id, field, source_id, value, status, note in Claim.objects.filter(flight_id__in=ids).values_list(
            "flight_id", "field", "source_id", "value", "status", "note"
        ):
            if source_id in source_ids:
                claims[(flight_id, field, source_ids[source_id])] = (value, status, note)
        legs: dict[int, list[tuple]] = {}
        if any(record.legs is not None for record in batch):
            for flight_id, *key in (
                FlightLeg.objects.filter(flight_id__in=ids)
                .order_by("flight_id", "sequence")
                .values_list(
                    "flight_id",
                    "sequence",
                    "departed_on",
                    "origin__icao",
                    "destination__icao",
                    "passengers_on",
                    "passengers_off",
                )
            ):
                legs.setdefault(flight_id, []).append(tuple(key))

        new: list[FlightRecord] = []
        for record in batch:
            row = existing.get(record.slug)
            if row is None:
                self._creating_needs(record)
                new.append(record)
                self.summary.created_rows += record.row_count
                self.summary.created_flights += 1
            elif self._same(record, row, claims, legs.get(row["id"], [])):
                self.summary.unchanged_rows += record.row_count
                self.summary.unchanged_flights += 1
            else:
                self._changing_needs(record, row, claims, legs.get(row["id"], []))
                self.summary.updated_rows += record.row_count
                self.summary.updated_flights += 1
                if not self.dry_run:
                    self._update(record, row["id"], claims, legs.get(row["id"], []))
        if new and not self.dry_run:
            self._create(new)

    def _creating_needs(self, record: FlightRecord) -> None:
        self.permissions.need("add", Flight, f"create flight {record.slug}")
        if record.claims:
            self.permissions.need("add", Claim, f"add claims to flight {record.slug}")
        if record.legs:
            self.permissions.need("add", FlightLeg, f"add legs to flight {record.slug}")

    def _changing_needs(
        self, record: FlightRecord, row: dict[str, Any], claims: StoredClaims, legs: list[tuple]
    ) -> None:
        """Permissions an update needs: the flight's, and the claims' and legs' it adds or changes."""
        self.permissions.need("change", Flight, f"change flight {record.slug}")
        for spec in record.claims:
            stored = claims.get((row["id"], spec.field, spec.source))
            if stored is None:
                self.permissions.need("add", Claim, f"add a claim on {spec.field} of flight {record.slug}")
            elif self._differs(spec, stored):
                self.permissions.need(
                    "change", Claim, f"change the {spec.source} claim on {spec.field} of {record.slug}"
                )
        if record.legs is not None and [leg.key() for leg in record.legs] != legs:
            for action in ("delete", "add") if legs else ("add",):
                self.permissions.need(action, FlightLeg, f"replace the legs of flight {record.slug}")

    def _same(self, record: FlightRecord, row: dict[str, Any], claims: StoredClaims, legs: list[tuple]) -> bool:
        if row["kind"] != record.kind:
            return False
        stored = {**row, DATASET: row["dataset_slug"] or ""}
        if any(stored[name] != value for name, value in record.attributes.items()):
            return False
        for claim in record.claims:
            stored = claims.get((row["id"], claim.field, claim.source))
            if stored is None or stored[0] != claim.value:
                return False
            if self.compare_status and (stored[1], stored[2]) != (claim.status, claim.note):
                return False
        return record.legs is None or [leg.key() for leg in record.legs] == legs

    def _parse(self, field: str, value: str) -> Any:
        # Claim values repeat (a few hundred airports, countries and dates); parse each once.
        key = (field, value)
        if key not in self._parsed:
            self._parsed[key] = CLAIM_FIELDS[field].parse(value)
        return self._parsed[key]

    def _flight_row(self, record: FlightRecord, now: datetime.datetime) -> dict[str, Any]:
        """A new flight's columns: the values of its accepted claims, as accept_claim would set them."""
        row: dict[str, Any] = {"slug": record.slug, "kind": record.kind, "created_at": now, "updated_at": now}
        row.update(record.attributes)
        if DATASET in row:
            slug = row.pop(DATASET)
            row["dataset_id"] = self.sources[slug].pk if slug else None
        for claim in record.claims:
            if claim.status != Claim.Status.ACCEPTED:
                continue
            value = self._parse(claim.field, claim.value)
            if claim.field == "departed":
                row["departed_earliest"], row["departed_latest"] = value
            elif claim.field in {"origin", "destination"}:
                row[f"{claim.field}_id"] = self.airport_ids[value]
            elif claim.field == "operator":
                row["operator_id"] = self.operator_ids[value.lower()]
            else:
                row[CLAIM_FIELDS[claim.field].attributes[0]] = value
        return row

    def _create(self, records: list[FlightRecord]) -> None:
        """Insert new flights, their claims and legs, each flight and claim with its creation history row.

        History on create keeps the first value of every flight and claim on record, so a later
        correction shows what it replaced; raw inserts keep that affordable (see bulk.py).
        """
        now = timezone.now()
        history = {"history_date": now, "history_user_id": self.user_id, "history_change_reason": self.reason}
        flights = [self._flight_row(record, now) for record in records]
        self.inserters["flight"].insert(flights)
        ids = dict(Flight.objects.filter(slug__in=[r.slug for r in records]).values_list("slug", "id"))
        for row in flights:
            row["id"] = ids[row["slug"]]
        self.inserters["flight history"].insert(history_rows(flights, **history))

        claims: list[dict[str, Any]] = []
        legs: list[dict[str, Any]] = []
        for record in records:
            flight_id = ids[record.slug]
            claims.extend(
                {
                    "flight_id": flight_id,
                    "field": claim.field,
                    "value": claim.value,
                    "source_id": self.sources[claim.source].pk,
                    "status": claim.status,
                    "note": claim.note,
                    "created_at": now,
                    "updated_at": now,
                }
                for claim in record.claims
            )
            legs.extend(self._leg_row(flight_id, leg) for leg in record.legs or [])
        self.inserters["claim"].insert(claims)
        claim_ids = {
            (flight_id, field, source_id): pk
            for pk, flight_id, field, source_id in Claim.objects.filter(flight_id__in=list(ids.values())).values_list(
                "id", "flight_id", "field", "source_id"
            )
        }
        for row in claims:
            row["id"] = claim_ids[(row["flight_id"], row["field"], row["source_id"])]
        self.inserters["claim history"].insert(history_rows(claims, **history))
        self.inserters["leg"].insert(legs)

    def _leg_row(self, flight_id: int, leg: LegSpec) -> dict[str, Any]:
        return {
            "flight_id": flight_id,
            "sequence": leg.sequence,
            "departed_on": leg.departed_on,
            "origin_id": self.airport_ids.get(leg.origin) if leg.origin else None,
            "destination_id": self.airport_ids.get(leg.destination) if leg.destination else None,
            "passengers_on": leg.passengers_on,
            "passengers_off": leg.passengers_off,
        }

    def _update(self, record: FlightRecord, flight_id: int, claims: StoredClaims, legs_now: list[tuple]) -> None:
        """A changed flight goes through the claim services, so old values stay in the history."""
        flight = Flight.objects.get(pk=flight_id)
        changed: dict[str, Any] = {name: value for name, value in [("kind", record.kind), *record.attributes.items()]}
        if DATASET in changed:
            slug = changed.pop(DATASET)
            changed["dataset_id"] = self.sources[slug].pk if slug else None
        if any(getattr(flight, name) != value for name, value in changed.items()):
            for name, value in changed.items():
                setattr(flight, name, value)
            flight._change_reason = self.reason
            flight.save()
        pending = [
            spec for spec in record.claims if self._differs(spec, claims.get((flight_id, spec.field, spec.source)))
        ]
        # Claims are accepted one at a time and each must leave a valid flight: lowering the total
        # before the men in it fails until the men are lowered too. So retry what failed after the rest.
        while pending:
            failed: list[tuple[ClaimSpec, ClaimError]] = []
            for spec in pending:
                try:
                    with transaction.atomic():
                        self._record(flight, spec, claims.get((flight_id, spec.field, spec.source)))
                except ClaimError as exc:
                    failed.append((spec, exc))
            if len(failed) == len(pending):
                spec, exc = failed[0]
                raise ImportFailure(f"line {record.line}: {spec.field}: {exc}; nothing was imported")
            pending = [spec for spec, _exc in failed]
        if record.legs is not None and [leg.key() for leg in record.legs] != legs_now:
            FlightLeg.objects.filter(flight_id=flight_id).delete()
            FlightLeg.objects.bulk_create(FlightLeg(**self._leg_row(flight_id, leg)) for leg in record.legs)

    def _differs(self, spec: ClaimSpec, stored: tuple[str, str, str] | None) -> bool:
        if stored is None or stored[0] != spec.value:
            return True
        return self.compare_status and (stored[1], stored[2]) != (spec.status, spec.note)

    def _record(self, flight: Flight, spec: ClaimSpec, stored: tuple[str, str, str] | None) -> None:
        source = self.sources[spec.source]
        if stored is not None and stored[0] == spec.value:
            # Same value, new status or note: record_claim would see nothing new, so settle it here.
            claim = Claim.objects.get(flight=flight, field=spec.field, source=source)
            claim.note = spec.note
            if spec.status == Claim.Status.ACCEPTED:
                accept_claim(claim=claim)
            else:
                claim.status = spec.status
                claim.save()
        else:
            claim = record_claim(
                flight=flight, field=spec.field, value=spec.value, source=source, status=spec.status, note=spec.note
            )
            if self.compare_status and claim.note != spec.note:
                claim.note = spec.note  # record_claim keeps an old note when given none; the file clears it
                claim.save(update_fields=["note", "updated_at"])
        flight.refresh_from_db()
